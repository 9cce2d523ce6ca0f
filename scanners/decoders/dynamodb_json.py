"""DynamoDB's typed JSON made plain: a stream record's ``NewImage``/``OldImage`` (as a Lambda logs its event) and the
low-level API's items wrap every value in its type, maps and lists too: ``"card": {"M": {"cvc": {"S": "123"},
"exp": {"M": {"month": {"N": "12"}, "year": {"N": "2027"}}}}}``. A value typed directly under its key is read where it
stands (``context``'s gap knows ``{"S": ``); a map or a list puts the type between a key and the members that name a
card's parts, so the line is decoded with every wrapper replaced by what it wraps, innermost first: ``"card":
{"cvc": "123", "exp": {"month": "12", "year": "2027"}}``. Python's repr of the same (single quotes) and JSON escaped
in a string (``\\"M\\"``) are read too.

The segment is the line (a stream record is logged on one); only lines with a map or list wrapper are decoded. A
pretty-printed document (``JSON.stringify(event, null, 2)``, ``json.dumps(event, indent=2)``) is decoded whole, from
its first line to its closing one (``object_dump.region``), scalars too: there the type stands between a key and its
value on another line. A document too long for that (``execute-statement``'s ``Items``, a scan's output) is decoded
item by item: the object opened on a line of its own around each wrapper member (``item``). Either way each value is
reported on its own line (``Decoded.line_starts``).
Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at
``max_output``; at most a string value with a quote inside it stays wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import closing_bracket
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.decoders.object_dump import dump_regions
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_Q = r"""\\?["']"""
TRIGGERS = (
    r"""\{[ \t]*\\?["'][ML]\\?["'][ \t]*:[ \t]*[\[{]""",
    r'\n[ \t]+"(?:S|N|M|L|SS|NS|BOOL)"[ \t]*:',  # pretty-printed: a wrapper's member on a line of its own
)
_PRETTY = re.compile(TRIGGERS[1])
_STRING = r"""\\?"(?:[^"\\\n]|\\[^"\\\n])*\\?"|'[^'\n]*'"""
_SCALAR = re.compile(
    rf"\{{\s*{_Q}(?:S|N|B|BOOL|NULL){_Q}\s*:\s*(?P<v>{_STRING}|true|false|True|False)\s*\}}"
)
_WRAPPER = lazy_compile(rf"\{{\s*{_Q}(?:M|L|SS|NS|BS){_Q}\s*:\s*(?=[\[{{])")
_TOKEN = re.compile(rf"{_STRING}|[{{}}\[\]]")
_CLOSE = lazy_compile(r"\s*\}")


def plain(typed: str, *, scalars: bool = False) -> str | None:
    """``typed`` with every DynamoDB type wrapper replaced by its value, or None when it holds no map or list (no
    wrapper at all, with ``scalars``)."""
    text, n = _SCALAR.subn(lambda m: m["v"], typed)
    cuts: list[tuple[int, int]] = []
    for m in _WRAPPER.finditer(text):
        value_end = closing_bracket(text, m.end(), _TOKEN)
        close = _CLOSE.match(text, value_end) if value_end is not None else None
        if close is not None:
            cuts += [(m.start(), m.end()), (close.start(), close.end())]
    if not cuts:
        return text if scalars and n else None
    pieces, at = [], 0
    for lo, hi in sorted(cuts):
        pieces.append(text[at:lo])
        at = hi
    return "".join(pieces) + text[at:]


def plain_lines(typed: str) -> tuple[str, tuple[int, ...]] | None:
    """``plain(typed, scalars=True)`` and where each of ``typed``'s lines starts in it: a pretty-printed value's
    line (``"S": "123"`` below ``"cvv": {``) starts at the value, so a value is reported on its own line."""
    edits: list[tuple[int, int, str, int]] = []  # (start, end, replacement, where the replacement's text starts)
    for m in _SCALAR.finditer(typed):
        edits.append((m.start(), m.end(), m["v"], m.start("v")))
    for m in _WRAPPER.finditer(typed):
        value_end = closing_bracket(typed, m.end(), _TOKEN)
        close = _CLOSE.match(typed, value_end) if value_end is not None else None
        if close is not None:
            edits += [(m.start(), m.end(), "", m.end()), (close.start(), close.end(), "", close.end())]
    if not edits:
        return None
    edits.sort()
    pieces, starts, at, out = [], [0], 0, 0
    breaks = [i + 1 for i, c in enumerate(typed) if c == "\n"]
    k = 0
    for lo, hi, repl, anchor in edits:
        if lo < at:
            continue  # a scalar inside a cut wrapper's opening cannot be: skip an overlap rather than garble
        while k < len(breaks) and breaks[k] <= lo:
            starts.append(out + breaks[k] - at)
            k += 1
        out += lo - at
        pieces.append(typed[at:lo])
        while k < len(breaks) and breaks[k] < hi:
            starts.append(out if breaks[k] <= anchor else out + len(repl))
            k += 1
        pieces.append(repl)
        out += len(repl)
        at = hi
    starts += [out + b - at for b in breaks[k:]]
    pieces.append(typed[at:])
    return "".join(pieces), tuple(starts)


class DynamodbJsonDecoder(BoundedDecoder):
    id = "dynamodb_json"
    priority = 27
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        at = start
        while (m := _WRAPPER.search(text, at, end)) is not None:  # each line holding a map or list wrapper
            _, _, s, e = line_bounds(text, m.start(), m.end())
            s, e, at = max(s, start), min(e, end), e + 1
            if over_limit(e - s, self.max_segment):
                continue
            decoded = plain(text[s:e])
            if decoded is not None:
                yield Decoded(s, e, capped(decoded, self.max_output), ("dynamodb",))
        yield from self._pretty(text, start, end)

    def _pretty(self, text: str, start: int, end: int) -> Iterator[Decoded]:
        """The pretty-printed document around each wrapper member on a line of its own, from its first such line; in
        a document too long for that (``execute-statement``'s ``Items``, a scan's output), the item around it."""
        regions = list(dump_regions(_PRETTY, text, start, end, self.max_segment))
        if not regions:
            regions = list(dict.fromkeys(r for hit in _PRETTY.finditer(text, max(0, start - 1), end)
                                         if (r := item(text, hit.end() - 1)) is not None))
        for s, e in regions:
            if (decoded := plain_lines(text[s:e])) is not None:
                yield Decoded(s, e, capped(decoded[0], self.max_output), ("dynamodb",), line_starts=decoded[1])


_ITEM_OPEN = lazy_compile(r"(?P<i>[ \t]*)\{[ \t]*")
_ITEM_LINES = 400


def item(text: str, at: int) -> tuple[int, int] | None:
    """The object opened on a line of its own that holds the typed member on the line at ``at`` (its key on the
    line before): from that line to its closing line at the same indentation; None past ``_ITEM_LINES`` lines."""
    s = text.rfind("\n", 0, at) + 1
    key = text.rfind("\n", 0, max(0, s - 1)) + 1
    indent = len(text[key:s]) - len(text[key:s].lstrip(" \t"))
    for _ in range(_ITEM_LINES):
        if key == 0:
            return None
        key = text.rfind("\n", 0, key - 1) + 1
        line = text[key : text.find("\n", key)]
        if (m := _ITEM_OPEN.fullmatch(line)) is not None and len(m["i"]) < indent:
            closer = re.compile(r"(?m)^" + re.escape(m["i"]) + r"\}[,\]]?[ \t]*$")
            end = closer.search(text, key)
            if end is None or text.count("\n", key, end.start()) > _ITEM_LINES:
                return None
            return key, end.start() + len(m["i"]) + 1
    return None


DECODER = DynamodbJsonDecoder
