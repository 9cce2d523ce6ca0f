"""Primary account numbers written as digits: every brand's IIN ranges and lengths, Luhn, plausible grouping.

Separators: spaces (several), dash, dot, slash, tab, Unicode spaces and dashes, zero-width characters, one between
every digit; Unicode digits. Never part of a longer digit run or an alphanumeric token. A bare number that is the
whole value of an id-, time- or phone-like key (``"orderId": ...``) is not reported unless it is a known test card.
An expiry date and code written right after the number with no keyword (``4111... 12/30 123``) are reported too
(``companions``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import IIN_RANGES, MAX_LENGTH, MIN_LENGTH, shortest_by_prefix
from scanners.cards.pangroups import needs_window, window_pans
from scanners.detectors import companions
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_B = r"(?:^|[^0-9A-Za-z_]|\\[ntr])"  # a token start, also right after a JSON-escaped line break or tab
_E = "(?:[^0-9A-Za-z_]|$)"
_S = r"(?:[ \t\-./]{1,4}|, {1,2})"


def _heads(prefixes: list[str]) -> str:
    """Two-digit prefixes as one alternation: ``4[0-9]|5[06789]``."""
    firsts: dict[str, str] = {}
    for p in sorted(prefixes):
        firsts[p[0]] = firsts.get(p[0], "") + p[1]
    return "|".join(f"{d}[{s}]" if len(s) < 10 else f"{d}[0-9]" for d, s in sorted(firsts.items()))


def iin_led() -> tuple[str, ...]:
    """Contiguous-run triggers from the IIN table: runs led by an issued IIN. Lengths are kept out of one
    alternation (hyperscan runs length-mixed alternations several times slower): 13+ digits under any IIN but the
    1-series; exactly 12 digits where a 12-digit PAN is issued; the 1-series (UATP, legacy JCB, GPN) only at the
    lengths issued under it, so epoch timestamps (13 and 16 digits from 1) never wake Python."""
    shortest = shortest_by_prefix()
    out = [rf"(?:{_heads([p for p in shortest if p[0] != '1'])})[0-9]{{11}}"]
    twelve = [p for p, n in shortest.items() if n == MIN_LENGTH]
    if twelve:
        out.append(rf"(?:{_heads(twelve)})[0-9]{{{MIN_LENGTH - 2}}}(?:[^0-9]|$)")
    ones = [r for r in IIN_RANGES if r.lo[0] == "1"]
    for n in sorted({n for r in ones for n in r.lengths if len(r.lo) == 1}):
        out.append(rf"1[0-9]{{{n - 1}}}(?:[^0-9]|$)")  # broad 1-series rows (UATP): their exact lengths
    narrow = [r for r in ones if len(r.lo) >= 4]  # legacy JCB, GPN: every length from their shortest on
    if narrow:
        heads = "|".join(sorted({r.lo[:4] for r in narrow}))
        out.append(rf"(?:{heads})[0-9]{{{min(n for r in narrow for n in r.lengths) - 4}}}")
    return tuple(out)


class PanDetector(Detector):
    id: ClassVar[str] = "pan"
    priority: ClassVar[int] = 10
    type: ClassVar[CardDataType] = "pan"
    triggers: ClassVar[tuple[str, ...]] = (
        # contiguous: an IIN-led run as long as the shortest PAN under that IIN (a bounded end check is slow in
        # hyperscan; the whole run is judged in Python)
        *(_B + t for t in iin_led()),
        # 4-4-4(-4)(-x) groups, with any separator, commas included (speech-to-text and DTMF lists)
        _B + rf"[1-9][0-9]{{3}}(?:{_S}[0-9]{{4}}){{2,3}}(?:{_S}[0-9]{{1,4}})?",
        # 4-6-5 (Amex and other 15-digit cards) and 4-6-4 (Diners)
        _B + rf"[1-9][0-9]{{3}}{_S}[0-9]{{6}}{_S}[0-9]{{4,5}}",
        # a separator between every digit
        _B + rf"[0-9](?:{_S}[0-9]){{{MIN_LENGTH - 1},{MAX_LENGTH - 1}}}" + _E,
    )
    margin: ClassVar[int | None] = 8 + companions.REACH

    screen = staticmethod(needs_window)  # the engine calls it for every trigger hit: no wrapper call

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        return self.find_windows(text, [(pos, len(text) if endpos is None else endpos)])

    def find_windows(self, text: str, windows: list[tuple[int, int]]) -> Iterator[Span]:
        for pos, endpos in windows:  # a card cut by the window's start may own a date inside it: read it whole
            for start, end, digits, test in window_pans(text, [(companions.run_start(text, pos), endpos)]):
                if start >= pos:
                    yield Span(start, end, "pan", self.id, digits, test_card=test)
                yield from (s for s in companions.after_pan(text, end, endpos, self.id, test) if s.start >= pos)


DETECTOR = PanDetector
