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
value on another line.
Limits: segments longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``; at most
a string value with a quote inside it stays wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import closing_bracket
from scanners.decoders._common import BoundedDecoder, line_bounds
from scanners.decoders.object_dump import dump_regions
from scanners.detectors.base import Decoded

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
_WRAPPER = re.compile(rf"\{{\s*{_Q}(?:M|L|SS|NS|BS){_Q}\s*:\s*(?=[\[{{])")
_TOKEN = re.compile(rf"{_STRING}|[{{}}\[\]]")
_CLOSE = re.compile(r"\s*\}")


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
            if e - s > self.max_segment:
                continue
            decoded = plain(text[s:e])
            if decoded is not None:
                yield Decoded(s, e, decoded[: self.max_output], ("dynamodb",))
        yield from self._pretty(text, start, end)

    def _pretty(self, text: str, start: int, end: int) -> Iterator[Decoded]:
        """The pretty-printed document around each wrapper member on a line of its own, from its first such line."""
        for s, e in dump_regions(_PRETTY, text, start, end, self.max_segment):
            if (decoded := plain(text[s:e], scalars=True)) is not None:
                yield Decoded(s, e, decoded[: self.max_output], ("dynamodb",))


DECODER = DynamodbJsonDecoder
