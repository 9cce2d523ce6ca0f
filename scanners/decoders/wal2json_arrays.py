"""wal2json format version 1 changes, whose values stand in an array apart from their column names, rewritten as
JSON objects keyed by their columns:

    {"kind": "insert", "schema": "public", "table": "card_vault", "columnnames": ["id", "pan", "exp", "cvv"],
     "columntypes": ["bigint", "text", "text", "text"], "columnvalues": [7, "4111...", "03/27", "338"]}

The i-th value of ``columnvalues`` is the i-th column's of ``columnnames``; an UPDATE's or DELETE's ``oldkeys``
pairs ``keyvalues`` with ``keynames`` the same way. Each change that may hold cardholder data (``sqlrows.card_row``:
a full card number, or digits in a security code's column) becomes one object, so an expiry beside a last-four
column stays metadata as in any keyed record. Format version 2 (``columns: [{name, type, value}]``) is keyed
already. The changes of a transaction on one line (the compact output) decode to one line of objects; with
``pretty-print`` each array is on its own line and the names are looked for up to ``_REACH`` characters before
the values, within the same change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.cards.sqlrows import Value, card_row
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"\"(?:columnvalues|keyvalues)\"[ \t]*:",)
_TRIGGER = lazy_compile(TRIGGERS[0])
_NAMES = {"columnvalues": lazy_compile(r"\"columnnames\"[ \t]*:[ \t]*"),
          "keyvalues": lazy_compile(r"\"keynames\"[ \t]*:[ \t]*")}
_BLANK = lazy_compile(r"[ \t]*")
_REACH = 65536
_ARRAY = json.JSONDecoder()


def _array(text: str, at: int) -> list[object] | None:
    """The JSON array opening at ``text[at]`` (after blanks), or None."""
    at = _BLANK.match(text, at).end()  # type: ignore[union-attr]  # * always matches
    if not text.startswith("[", at):
        return None
    try:
        got, _ = _ARRAY.raw_decode(text, at)
    except ValueError:
        return None
    return got if isinstance(got, list) else None


def _text(v: object) -> Value:
    return None if v is None else v if isinstance(v, str) else json.dumps(v)


def change_row(text: str, m: re.Match[str]) -> str | None:
    """The object of the change whose values array follows ``m`` (a trigger hit), or None."""
    key = m.group()[1:].split('"', 1)[0]
    values = _array(text, m.end())
    lo = max(0, m.start() - _REACH)
    k = text.rfind(key[:-6] + "names", lo, m.start())  # "columnnames" / "keynames"
    other = text.rfind('"' + key + '"', lo, m.start())
    if values is None or k < 0 or other > k or "\"kind\"" in text[k : m.start()]:
        return None
    found = _NAMES[key].match(text, k - 1)
    names = None if found is None else _array(text, found.end())
    if not names or len(names) != len(values) or not all(isinstance(n, str) for n in names):
        return None
    cols, row = [str(n) for n in names], [_text(v) for v in values]
    if not card_row(cols, row):
        return None
    return json.dumps({c: v for c, v in zip(cols, row, strict=True) if v is not None})


class Wal2jsonArraysDecoder(BoundedDecoder):
    id = "wal2json_arrays"
    priority = 31
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, at, stop = line_bounds(text, pos, endpos)
        while (m := _TRIGGER.search(text, at, stop)) is not None:  # the values may stand after the window's end
            _, _, s, e = line_bounds(text, m.start(), m.end())
            at = e + 1
            if e <= start or s >= end or over_limit(e - s, self.max_segment):
                continue  # a line the window cuts is another window's (the engine gives a line whole)
            rows = [r for hit in _TRIGGER.finditer(text, s, e) if (r := change_row(text, hit)) is not None]
            if rows:
                yield Decoded(s, e, capped(" ".join(rows), self.max_output), ("wal2json_arrays",), lines=True)


DECODER = Wal2jsonArraysDecoder
