"""MySQL row events as ``mysqlbinlog -v`` (and ``-vv``) prints them, each value named by its column on its own line:

    ### UPDATE `payments`.`ivr_payment`
    ### WHERE
    ###   @1=57004703  /* LONGINT meta=0 nullable=0 is_null=0 */
    ###   @3='4111...'
    ### SET
    ###   @3='4111...'

A ``### SET`` or ``### WHERE`` opens a row image (an UPDATE has both: before and after), then one ``###   @n=value``
line per column. The columns have names only when the server logs them (``binlog_row_metadata=FULL``) and the
output prints them (``--print-table-metadata``: ``# Columns(`id` INT NOT NULL,`` ... under the event's
``Table_map: `db`.`t```); then each value is written as ``{"column": "value"}`` on its line, for a row that may hold
cardholder data (``sqlrows.card_row``). Without names a row is still read as a row, the way a card dump's line is
(``cards.rowfields``): a full card number, then in the next columns an expiry (``MM/YY``, ``MM/YYYY``, ``MM-YY``,
``YYYY-MM``, or a bare ``MMYY`` with a code after it) and a 3-4 digit code; the number, the expiry and the code are
written under a card's keys on their own lines. A masked or last-four card beside an ``MMYY`` is no such row: quiet.

The segment is the event's lines (lines=True: a value is reported on its own line); the other lines decode empty.
Limits: an event is read within the text scanned at once (a file is read in records of about 512K characters), at
most ``_MAX_LINES`` lines; table metadata is looked for at most ``_META_REACH`` characters before the event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.cards.keyparse import norm
from scanners.cards.rowfields import after_card
from scanners.cards.sqlrows import Value, card_row, full_card, name_of, quoted
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.detectors.vocabulary import Expiry
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"### (?:INSERT INTO|UPDATE|DELETE FROM) [`\w]",)
_TRIGGER = lazy_compile(TRIGGERS[0])
_EVENT = lazy_compile(r"### (?:INSERT INTO|UPDATE|DELETE FROM) (?P<table>[`\w.$]{1,200})")
_VALUE = lazy_compile(r"###   @(?P<n>[0-9]{1,4})=")
_BARE = lazy_compile(r"[^\s]*")
_TABLE_MAP = lazy_compile(r"Table_map: (?P<table>[`\w.$]{1,200}) mapped to number")
_COLUMN = lazy_compile(r"(?:# Columns\(|#\s+)`(?P<name>(?:[^`]|``){1,64})`")
_MAX_LINES = 4096
_META_REACH = 65536


def _value(line: str) -> Value:
    """The value of a ``###   @n=value  /* comment */`` line (a quoted string unescaped; NULL is None)."""
    at = line.index("=") + 1
    if line.startswith("'", at):
        got = quoted(line, at)
        return None if got is None else got[0]
    bare = _BARE.match(line, at).group()  # type: ignore[union-attr]  # * always matches
    return None if bare == "NULL" else bare


def table_columns(text: str, at: int, table: str) -> list[str] | None:
    """The column names ``--print-table-metadata`` printed for ``table`` under the last Table_map before
    ``text[at]``; None when that event printed none."""
    lo = max(0, at - _META_REACH)
    maps = list(_TABLE_MAP.finditer(text, lo, at))
    if not maps or name_of(maps[-1]["table"]).lower() != table.lower():
        return None
    m = maps[-1]
    start = text.find("# Columns(", m.end(), at)
    if start < 0:
        return None
    names = []
    for line in text[start:at].split("\n"):
        if not line.startswith("#") or not (c := _COLUMN.match(line)):
            break
        names.append(c["name"].replace("``", "`"))
        if not line.rstrip().endswith(","):  # the last column's line closes the list
            break
    return names or None


def positional(values: list[Value]) -> dict[int, str]:
    """Index -> the key its value is written under, for a row without column names: a full card number followed
    by an expiry and a code (``rowfields.after_card``), as a card dump's line holds them."""
    keys: dict[int, str] = {}
    for k, v in enumerate(values):
        if v is not None and full_card([v]) and (fields := after_card(values, k)):
            keys.update({k: "card_number", k + 1: "card_expiry"})
            if fields == 2:
                keys[k + 2] = "card_cvv"
    return keys


def _image(lines: list[str], first: int, columns: list[str] | None, out: list[str]) -> int:
    """Decode the ``@n`` lines from ``lines[first]`` (one row image) into ``out``; return the line after them."""
    i, values = first, []
    while i < len(lines) and _VALUE.match(lines[i]):
        values.append((int(_VALUE.match(lines[i])["n"]), _value(lines[i])))  # type: ignore[index]
        i += 1
    row = [v for _, v in values]
    if columns is not None:
        names = [columns[n - 1] if 0 < n <= len(columns) else f"@{n}" for n, _ in values]
        keys = dict(enumerate(names)) if card_row(names, row) else {}
    else:
        keys = positional(row)
    pair = _pair(keys)
    for k, key in keys.items():
        if row[k] is not None and k != pair[1]:
            value = {key: row[k]} if k != pair[0] else {key: row[k], keys[pair[1]]: row[pair[1]]}
            out[first + k] = json.dumps(value)
    return i


def _pair(keys: dict[int, str]) -> tuple[int, int]:
    """The indexes of an expiry's month and year columns (the pair is one expiry, written on the month's line), or
    (-1, -1)."""
    month = next((k for k, c in keys.items() if Expiry.MONTH_KEY.fullmatch(norm(c))), -1)
    year = next((k for k, c in keys.items() if Expiry.YEAR_KEY.fullmatch(norm(c))), -1)
    return (month, year) if month >= 0 and year >= 0 else (-1, -1)


def event_rows(text: str, start: int, table: str) -> tuple[int, str] | None:
    """The event whose first line starts at ``text[start]``: where its lines end, and their decoded text (a line
    per line); None when it holds nothing to report."""
    lines: list[str] = []
    at = start
    while len(lines) < _MAX_LINES:
        stop = text.find("\n", at)
        line = text[at:] if stop < 0 else text[at:stop]
        if not line.startswith("###") or (lines and _EVENT.match(line)):
            break
        lines.append(line)
        if stop < 0:
            break
        at = stop + 1
    columns = table_columns(text, start, table)
    out = [""] * len(lines)
    i = 1
    while i < len(lines):
        i = _image(lines, i + 1, columns, out) if lines[i].strip() in ("### SET", "### WHERE") else i + 1
    if not any(out):
        return None
    return start + sum(len(line) + 1 for line in lines) - 1, "\n".join(out)


class BinlogRowsDecoder(BoundedDecoder):
    id = "binlog_rows"
    priority = 31
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, at, _ = line_bounds(text, pos, endpos)
        while (m := _TRIGGER.search(text, at, end)) is not None:
            _, _, s, e = line_bounds(text, m.start(), m.end())
            at = e + 1
            event = _EVENT.match(text, m.start())
            if e <= start or s >= end or event is None or m.start() != s:
                continue
            got = event_rows(text, s, name_of(event["table"]))
            if got is not None and not over_limit(got[0] - s, self.max_segment):
                yield Decoded(s, got[0], capped(got[1], self.max_output), ("binlog_rows",), lines=True)


DECODER = BinlogRowsDecoder
