"""A SpreadsheetML number cell shown as a date: Excel stores a date as a serial number of days and shows it by the
cell's number format (its ``s`` style's ``cellXfs`` entry in ``xl/styles.xml``: a built-in ``numFmtId`` or a custom
``formatCode``). A typed ``12/2028`` becomes the serial of 1 December 2028 shown by the short-date style, so a
reader that shows the serial as a number misses the expiry an Excel user sees.

Built-in date formats (ECMA-376 Part 1, 18.8.30; as Excel, LibreOffice and openpyxl show them): 14 ``m/d/yyyy``,
15 ``d-mmm-yy``, 16 ``d-mmm``, 17 ``mmm-yy``, 22 ``m/d/yyyy h:mm``, and the East Asian locale dates 27-36 and 50-58
(shown here as ``yyyy-mm-dd``). A custom format is a date when a ``y``, ``m`` or ``d`` is outside quotes, escapes and
``[...]`` sections (a colour, a locale) and no ``0``/``#`` digit placeholder is. The 1900 date system counts its
fictitious 29 February 1900 (serial 60); ``workbookPr date1904`` starts at 1 January 1904. A cell may also hold an
ISO 8601 date (``t="d"``, strict OOXML and some writers).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_BUILTIN = {14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 22: "m/d/yyyy h:mm",
            **dict.fromkeys((*range(27, 37), *range(50, 59)), "yyyy-mm-dd")}
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # quoted text, escapes, [Red]/[$-409], padding
_TIME = re.compile(r"[hH].*|[mM]+:[sS].*|AM/PM|A/P", re.IGNORECASE)  # a time part: hours on, minutes:seconds
_TOKEN = re.compile(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|[\s\S]", re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MAX_SERIAL = 2958465  # 31 December 9999


def date_format(num_fmt_id: int, custom: dict[int, str]) -> str | None:
    """The format code of a date number format, or None for any other (a number, a time, text)."""
    code = custom.get(num_fmt_id, _BUILTIN.get(num_fmt_id))
    if code is None:
        return None
    bare = _TIME.sub("", _LITERALS.sub("", code.split(";", 1)[0]))
    return code if re.search("[yYmMdD]", bare) and not re.search("[0#?]", bare) else None


def serial_date(raw: str, date1904: bool = False) -> date | None:
    """The date of a cell's serial (its whole days; the time of day dropped), or None for no plausible serial."""
    try:
        days = int(float(raw))
    except ValueError:
        return None
    if not 1 <= days <= _MAX_SERIAL:
        return None
    if date1904:
        return date(1904, 1, 1) + timedelta(days=days)
    return date(1899, 12, 31) + timedelta(days=days - (days > 60))  # serial 60 is Excel's 29 February 1900


def iso_date(raw: str) -> date | None:
    """The date of an ISO 8601 date cell (``t="d"``: ``2028-12-01`` or ``2028-12-01T00:00:00``), or None."""
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def shown(day: date, code: str) -> str:
    """``day`` as format ``code`` shows it (its date parts; a time part and literals' quotes dropped)."""
    out: list[str] = []
    for piece in _TOKEN.findall(_TIME.sub("", _LITERALS.sub(_literal, code.split(";", 1)[0]))):
        low = piece.lower()
        if low == "yyyy":
            out.append(f"{day.year:04d}")
        elif low == "yy":
            out.append(f"{day.year % 100:02d}")
        elif low in ("mmmmm", "mmmm", "mmm"):
            name = _MONTHS[day.month - 1]
            out.append(name[0] if low == "mmmmm" else name if low == "mmmm" else name[:3])
        elif low in ("mm", "m"):
            out.append(f"{day.month:02d}" if low == "mm" else str(day.month))
        elif low in ("dddd", "ddd"):
            name = day.strftime("%A")
            out.append(name if low == "dddd" else name[:3])
        elif low in ("dd", "d"):
            out.append(f"{day.day:02d}" if low == "dd" else str(day.day))
        else:
            out.append(piece)
    return "".join(out).strip()


def _literal(m: re.Match[str]) -> str:
    """A literal's text (a quoted string, an escaped character) kept; a section or a padding sign dropped. Kept
    letters are re-read as tokens: a format quoting ``"d"`` is rare enough to show it as a day."""
    text = m[0]
    return text[1:-1] if text.startswith('"') else text[1] if text.startswith("\\") else ""


def month_year(day: date) -> str:
    """A card's expiry as its month and year (``12/2028``): the day Excel stores for a typed month/year is no part
    of it, and a full date shown in an expiry column (``12/1/2028``) reads as no expiry to a detector of one."""
    return f"{day.month:02d}/{day.year}"
