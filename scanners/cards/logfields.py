"""Numbers a log format writes in fields of its own, which a PAN candidate can lie in by chance (``confounders``
asks ``log_field``), each named by the format's layout:

- ``journal_cursor``: a field of a systemd journal cursor (``__CURSOR``: ``s=<seqnum id>;i=<seqnum>;b=<boot id>;
  m=<monotonic time>;t=<realtime>;x=<xor hash>``, as ``journalctl -o export`` and ``-o json`` write it). Every field
  is a hexadecimal counter, id or hash: ``t=`` is the entry's time in microseconds written in hex, 13 digits that
  hold no letter one time in twenty.
- ``access_log_fields``: the numeric fields of an Envoy access log line in its default format (``[<start time>]
  "<method> <path> <protocol>" <code> <flags> [<code details> <termination details> "<failure reason>"] <bytes
  received> <bytes sent> <duration> <upstream service time> "<x-forwarded-for>" ...``): counts and milliseconds
  side by side, which a grouped-digit reading joins into one spaced number.
"""

from __future__ import annotations

import re

# A whole journal cursor; the candidate must lie inside one of its fields.
_CURSOR = re.compile(
    r"s=[0-9a-f]{32};i=[0-9a-f]{1,16};b=[0-9a-f]{32};m=[0-9a-f]{1,16};t=[0-9a-f]{1,16};x=[0-9a-f]{1,16}")
_CURSOR_REACH = 120  # a cursor's length, about
# Envoy's default access log line up to its four numeric fields (``-`` where a value is not set); the newer default
# (Envoy 1.20 on) puts the code details, the termination details and the quoted failure reason before them.
_ENVOY = re.compile(
    r"\[[0-9T:.Z+\- ]{10,40}\] \"[^\"\n]*\" (?:[0-9]{1,3}|-) [^ \n]+(?: [^ \n]+ [^ \n]+ \"[^\"\n]*\")?"
    r" (?P<fields>(?:[0-9]+|-) (?:[0-9]+|-) (?:[0-9]+|-) (?:[0-9]+|-)) \""
)


def _journal_cursor(text: str, start: int, end: int, ls: int, le: int) -> bool:
    if text[start - 2 : start - 1] not in ("i", "m", "t", "x") or text[start - 1 : start] != "=":
        return False  # (every digit run a cursor holds that passes as a card number opens one of its hex fields)
    near = _CURSOR.finditer(text, max(ls, start - _CURSOR_REACH), min(le, end + _CURSOR_REACH))
    return any(m.start() <= start and end <= m.end() for m in near)


def _envoy_fields(text: str, start: int, end: int, ls: int) -> bool:
    if text[ls : ls + 1] != "[" or " " not in text[start:end]:
        return False  # (a line that opens with its start time; the fields only join when a reading spans blanks)
    m = _ENVOY.match(text, ls)
    return m is not None and m.start("fields") <= start and end <= m.end("fields")


def log_field(text: str, start: int, end: int, ls: int, le: int) -> str | None:
    """The class of the PAN candidate ``text[start:end]`` on the line ``text[ls:le]`` when it lies in a log format's
    own fields (see the module's docstring), or None."""
    if _journal_cursor(text, start, end, ls, le):
        return "journal_cursor"
    if _envoy_fields(text, start, end, ls):
        return "access_log_fields"
    return None
