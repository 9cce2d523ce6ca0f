"""A CSV table a decoder turned up (a mail's base64 ``text/csv`` attachment, an export gzipped and base64-encoded
into a log), read as a CSV is: its header names the columns, so an expiry or security-code cell is read under its
column's name, as ``formats.delimited`` reads a CSV file. Decoded as plain text, ``name,card,exp`` then
``Wei Chen,<card>,0529`` holds the card number (the PAN detector reads it alone) but not the expiry: its key is on
another line.

``with_columns`` appends, after the decoded text, ``exp: 0529`` for each expiry and security-code cell (the
header's ``Expiry.KEY``, ``Cvv.KEY`` or another language's name for it, ``_csvroles.role``) of each row that holds a
whole card number (``card_summary.holds_card_number``, or a card-number column's whole value: a 12-digit Maestro):
PCI DSS counts an expiry stored with the PAN, and a card summary's rows (a last four and its expiry) stay what
they are. A card number only its column names (a 12-digit Maestro, which the PAN detector takes only with a key) is
appended the same way. A wrapped block (a mail attachment) appends nothing: ``cell_segments`` gives each such line
as a segment of the encoded line its cell was decoded from, so each value is reported once, on its own line, and
not again on the block's last line. Nothing is appended to a text that is no table: one
header line of two or more names, no cell of it a number, the rows as wide as the header.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.cards.keyparse import norm
from scanners.detectors.base import Decoded
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.formats._csvcards import number_columns
from scanners.formats._csvroles import header_keys, role
from scanners.lazy_re import lazy_compile

_DELIMITERS = ",;\t|"
_HEADER_CHARS = 400  # a header line longer than this is no export's header
_MAX_ROWS = 2000  # rows read of one decoded table (the decoded text itself is bounded by the decoder's output cap)
_SEPARATORS = lazy_compile(r"[ \-.]")
_NAME = lazy_compile(r"[^\W\d][\w .\-/()#°']{0,60}")  # a column name: starts with a letter


def _card_data_column(name: str) -> bool:
    key = norm(name)
    return bool(Expiry.KEY.fullmatch(key) or Cvv.KEY.fullmatch(key)) or role(name) in ("expiry", "cvv")


def _label(name: str, key: str) -> str:
    """The column's own name, or ``expiry`` for an English expiry phrase beside a card column (``_csvroles``)."""
    return "expiry" if key == "expiry" != norm(name) else name


def with_columns(text: str) -> str:
    """``text`` with its expiry and security-code cells appended as ``column: value`` lines when it is a CSV table
    whose header names such a column (see the module doc); else ``text`` itself."""
    lines = [line for _, _, line in column_cells(text)]
    return text if not lines else text + "\n" + "\n".join(lines)


def column_cells(text: str) -> list[tuple[int, int, str]]:
    """Each expiry and security-code cell ``with_columns`` reads, as its place in ``text`` (start, end) and its
    ``column: value`` line: a wrapped base64 block reports each on the encoded line its cell was decoded from."""
    first = text.find("\n")
    if not 0 < first <= _HEADER_CHARS:
        return []
    header_line = text[:first].rstrip("\r")
    delim = max(_DELIMITERS, key=header_line.count)
    if delim not in header_line:
        return []
    header = [h.strip().strip('"') for h in header_line.split(delim)]
    if not all(_NAME.fullmatch(h) for h in header):
        return []
    keys = header_keys(tuple(header), tuple(map(norm, header)))  # ``Expires On`` beside a card column: ``expiry``
    wanted = [i for i, h in enumerate(header) if _card_data_column(h) or keys[i] == "expiry"]
    if not wanted or len(wanted) == len(header):
        return []
    cards = number_columns(tuple(header))
    consumed = [first + 1]  # where the next physical line starts: the reader pulls lines one by one

    def physical_lines() -> Iterator[str]:
        for line in io.StringIO(text[first + 1 :]):
            consumed[0] += len(line)
            yield line

    out: list[tuple[int, int, str]] = []
    row_start = first + 1
    for k, row in enumerate(csv.reader(physical_lines(), delimiter=delim)):
        if k >= _MAX_ROWS:
            break
        start, row_start = row_start, consumed[0]
        if len(row) != len(header):
            continue
        joined = "\t".join(row)
        by_column = [i for i in cards if is_pan(_SEPARATORS.sub("", row[i]))]
        held = holds_card_number(joined, 0, len(joined))
        if held or by_column:  # a number only its column names (a 12-digit Maestro) is read under that name too
            out.extend(_cell(text, start, row_start, row, i, line=f"{_label(header[i], keys[i])}: {row[i].strip()}")
                       for i in (wanted if held else sorted(wanted + by_column)) if row[i].strip())
    return out


def _cell(text: str, start: int, end: int, row: list[str], i: int, *, line: str) -> tuple[int, int, str]:
    """Where cell ``i`` of ``row`` (read from ``text[start:end]``) is: by the cells' widths in a row without quotes,
    else the first place its value is written after the cells before it (the row's start when it is not found)."""
    if '"' not in text[start:end]:
        at = start + sum(len(cell) + 1 for cell in row[:i])
        return at, at + len(row[i]), line
    value = row[i].strip()
    after = text.find(row[i - 1], start, end) + len(row[i - 1]) if i else start
    at = text.find(value, max(start, after), end)
    return (at, at + len(value), line) if at >= 0 else (start, end, line)


def cell_segments(text: str, seg: Decoded) -> Iterator[Decoded]:
    """For a wrapped block ``seg`` of ``text`` whose decoded text is a CSV table: its ``column: value`` lines, each
    as a segment of the encoded line(s) its cell was decoded from (the lines of one place joined), so an expiry is
    reported once, where its characters are, and not on the block's last line."""
    cells = column_cells(seg.text) if seg.line_starts else []
    if not cells:
        return
    starts, ends = [seg.start], []
    while (nl := text.find("\n", starts[-1], seg.end)) >= 0:
        ends.append(nl)
        starts.append(nl + 1)
    ends.append(seg.end)
    at: dict[tuple[int, int], list[str]] = {}
    for a, b, line in cells:
        first = bisect_right(seg.line_starts, a) - 1
        last = bisect_right(seg.line_starts, max(a, b - 1)) - 1
        if 0 <= first <= last < len(starts):
            at.setdefault((starts[first], ends[last]), []).append(line)
    for (s, e), lines in at.items():
        yield Decoded(s, e, "\n".join(lines), seg.encoding)
