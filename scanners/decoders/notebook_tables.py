"""A pandas table printed in a Jupyter notebook's output, read with its header: nbformat 4 stores an output's
``data["text/plain"]`` (and a stream's ``text``) as a JSON array of strings, one line each, so ``df.head()`` is

    "text/plain": [
     "   card_number  exp  cvv\\n",
     "0  4111111111111111  2028-06  123\\n",

and a row's values are named only by the header string above it. pandas writes a column per header name, columns
joined by (at least) two blanks, the row label first (the header's first column is blank over it); a value may hold
single blanks (``**** **** **** 5115``). A row split at two or more blanks into as many values as the header has
names (one more with the row label) reads ``card_number: 4111…, exp: 2028-06, cvv: 123``; the PAN, expiry and CVV
detectors then judge each value by its column's name, as they would a record's keys.

The trigger is the array's opening (``"text/plain": [``, ``"text": [``); the strings after it are read up to its
``]``. Each row read so is one segment, its string's line (a row alone: a masked row above it names no other row's
values). Arrays without a header of two names or more are left to the plain scan.

Limits: arrays longer than ``max_segment`` characters are skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, trigger_lines
from scanners.detectors.base import Decoded

TRIGGERS = (r'"text(?:/plain)?"[ \t]*:[ \t]*\[[ \t]*\r?$',)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
_ELEMENT = re.compile(r'[ \t]*(?P<s>"(?:[^"\\\r\n]|\\.)*")[ \t]*,?[ \t]*\r?')
_COLUMNS = re.compile(r"[ \t]{2,}")
MAX_ROWS = 2000


def _cells(line: str) -> list[str]:
    return [c for c in _COLUMNS.split(line.strip()) if c]


def keyed_rows(lines: list[str]) -> list[str]:
    """The strings of one output, each row read as ``name: value, …`` under the first line's column names."""
    header = _cells(lines[0]) if lines else []
    if len(header) < 2:
        return lines
    out = [lines[0]]
    for line in lines[1:]:
        cells = _cells(line)
        if len(cells) == len(header) + 1:
            cells = cells[1:]  # the row label
        out.append(", ".join(f"{n}: {v}" for n, v in zip(header, cells, strict=True))
                   if len(cells) == len(header) else line)  # fmt: skip
    return out


class NotebookTablesDecoder(BoundedDecoder):
    id = "notebook_table"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m, _, _ in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            yield from self._array(text, text.find("\n", m.end()) + 1)

    def _array(self, text: str, first: int) -> Iterator[Decoded]:
        if first <= 0:
            return
        strings: list[str] = []
        bounds: list[tuple[int, int]] = []
        at = first
        while len(strings) < MAX_ROWS:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            m = _ELEMENT.fullmatch(text, at, end)
            if m is None or end - at > self.max_segment:
                break
            try:
                strings.append(str(json.loads(m["s"])).rstrip("\r\n").replace("\n", " "))
            except ValueError:
                return
            bounds.append((at, end))
            at = end + 1
        for (s, e), raw, row in zip(bounds, strings, keyed_rows(strings), strict=True):
            if row is not raw:
                yield Decoded(s, e, row[: self.max_output], ("notebook_table",))


DECODER = NotebookTablesDecoder
