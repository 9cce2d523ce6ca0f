"""A card number, then its expiry, then its code in the next fields: the rule a card dump's line, a test-card file
and a database row without column names share (``4111... 12/30 123``, ``...|02/2031|9241``, ``...,0231,960``).
One rule for its three readers: ``detectors.companions`` (in text, after a card number the PAN detector found),
``decoders.short_card_rows`` (a 12-digit card number in a row's fields) and ``decoders.binlog_rows`` (a row event's
values without column names).

- the expiry field: ``MM/YY``, ``MM/YYYY`` or ``MM-YY``, the month padded or not (``DATE``); a bare ``MMYY``
  (``MMYY``) only with a code after it (``EXPIRY``: either, before a code);
- the code field: 3 or 4 digits (``CODE``), a whole field (in text: nothing of a word, a decimal or a date goes on
  after it, ``END``);
- in text the fields stand apart by 1-3 spaces, tabs, commas, semicolons or pipes (``SEP``).

A row's values (``after_card``) are whole fields already; a database's value may also give the expiry year first
(``YYYY-MM``), which a line of text after a card number does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanners.lazy_re import lazy_compile

MONTH = r"(?:0?[1-9]|1[0-2])"
DATE_SEP = r"[/\-]"
YEAR = r"(?:20)?[0-9]{2}"
DATE = MONTH + DATE_SEP + YEAR
MMYY = r"(?:0[1-9]|1[0-2])[0-9]{2}"
EXPIRY = rf"(?:{DATE}|{MMYY})"  # before a code field only: a bare MMYY is an expiry only with the code after it
CODE = r"[0-9]{3,4}"
SEP = r"[ \t,;|]{1,3}"
END = r"(?![0-9A-Za-z_]|[./:\-][0-9])"

_DATE_VALUE = lazy_compile(rf"{DATE}|20[0-9]{{2}}-(?:0[1-9]|1[0-2])")  # and a database's year-month
_MMYY = lazy_compile(MMYY)
_CODE = lazy_compile(CODE)


def after_card(values: Sequence[str | None], k: int) -> int:
    """How many of the values after ``values[k]`` (a card number) are its expiry and code: 2 (an expiry, then a
    code), 1 (an expiry alone: a date, not a bare ``MMYY``), 0 (none)."""
    date = (values[k + 1] or "").strip() if k + 1 < len(values) else ""
    code = (values[k + 2] or "").strip() if k + 2 < len(values) else ""
    has_code = _CODE.fullmatch(code) is not None
    if _DATE_VALUE.fullmatch(date) or (has_code and _MMYY.fullmatch(date)):
        return 2 if has_code else 1
    return 0
