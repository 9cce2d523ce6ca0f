"""A column of a table written as one JSON object keyed by row label, its values read under the column's name.

pandas' ``DataFrame.to_json()`` (``orient="columns"``, its default; ``DataFrame.to_dict()`` as JSON the same) writes
a frame column by column: ``{"card_number": {"0": null, "1": 4111…}, "cvv": {"0": null, "1": "584"}}``, each value
keyed by its row's index label. Pretty-printed (``indent=4``), a code sits one line a row below its column's name,
as far below it as the frame is long; on one line, its key is a row number. Either way the name that says what the
value is is the object's, not the value's key.

A segment is one such object: a JSON member whose name is no number, then ``{``, then only members whose keys are
row numbers (``"0"``, ``"37"``) and whose values are scalars (a string, a number, ``null``, ``true``, ``false``).
Decoded, every row key is the column's name (``"cvv": "584"``), line for line, so a value is reported on its own
line. An object holding a nested object or array, or any key that is no row number, is not a column and is left as
it is. A column of nulls alone is not yielded.

Limits: ``_MAX_ROWS`` rows a column (a longer one is not read), a column up to ``max_segment`` characters (a longer
one is noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

# an object's first key a row number, on its line or the next indented at most 32 (a leading '"' costs hyperscan);
# three patterns, not one alternation: as one, with its optional blank, hyperscan spent ~8x as much on it over JSON
# logs (their lines open with '{"'); spelled out, each form has a literal to key on
TRIGGERS = (r'\{"[0-9]{1,12}":', r'\{[ \t]"[0-9]{1,12}":', r'\{\r?\n[ \t]{0,32}"[0-9]{1,12}":')
# the column's name and its object's opening, the first row key on that line or the next
_OPEN = lazy_compile(
    r'"(?P<name>[A-Za-z_][^"\\\r\n]{0,63})"[ \t]*:[ \t]*\{[ \t]*(?:\r?\n[ \t]*)?(?="[0-9]{1,12}"[ \t]*:)')
_ROW = lazy_compile(
    r'(?P<key>"[0-9]{1,12}")[ \t]*:[ \t]*'
    r'(?P<v>"(?:[^"\\\r\n]|\\.){0,4096}"|-?[0-9]{1,40}(?:\.[0-9]{1,40})?(?:[eE][-+]?[0-9]{1,4})?|null|true|false)'
    r"[ \t\r\n]*(?P<sep>[,}])"
)
_SPACE = lazy_compile(r"[ \t\r\n]*")
_MAX_ROWS = 1 << 20


class ColumnObjectsDecoder(BoundedDecoder):
    id = "column_objects"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            before = text.rfind("\n", 0, max(0, s - 1)) + 1 if s else 0  # the name may be on the line above
            for m in _OPEN.finditer(text, before, e):
                if m.end() >= s and (got := self._column(text, m)) is not None:
                    yield got

    def _column(self, text: str, m: re.Match[str]) -> Decoded | None:
        name, at, values = f'"{m["name"]}"', m.end(), False
        out = [text[m.start() : at]]
        for _ in range(_MAX_ROWS):
            row = _ROW.match(text, at)
            if row is None:
                return None  # a nested value or a key that is no row number: no column
            if row.end() - m.start() > self.max_segment:
                note_limit(SEGMENT)  # not read: the item is not reported clean
                return None
            values |= row["v"] != "null"
            at = row.end() if row["sep"] == "}" else _SPACE.match(text, row.end()).end()  # type: ignore[union-attr]
            out += [name, text[row.end("key") : at]]
            if row["sep"] == "}":
                break
        else:
            return None
        if not values:
            return None
        return Decoded(m.start(), at, capped("".join(out), self.max_output), ("column_objects",), lines=True)


DECODER = ColumnObjectsDecoder
