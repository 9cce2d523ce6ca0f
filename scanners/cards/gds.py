"""Card numbers in a reservation system's (GDS) form of payment, where the card's two-letter vendor code touches
the digits: the PAN detectors want a token start before a card number and never read a run glued to letters.

The entries, as the GDS help pages give them (the vendor code, the number, then the expiry):
- Amadeus: ``FPCCVI4111.../1227`` (a PNR display: ``FP CCVI...``), with other forms ``FPCASH+CCVI...``, an old one
  ``FPO/CASH+CCVI...``, an approval ``DECCVI.../1227/USD250.00``, a hotel or car guarantee ``G-CCVI...EXP1227``;
  PNR_Reply's ``<longFreetext>CCVI.../1227``;
- Sabre: the remark ``5-*VI4111...¥1227`` (``‡`` where a terminal shows the cross of Lorraine), the wallet's
  ``FOP*VI...¥12/27``, the ticketing qualifier ``W¥...¥FVI4111.../1227``;
- Travelport: ``F.VI4111.../D1227`` (Apollo ``F-``), the booking file's ``FOP:-VI...``, ``F.CCXY...`` for a vendor
  without an agreement, a verification ``JVVI...``, a notepad ``NP.F**VI...``.

A candidate is one of those leads, an upper-case vendor code and 12-19 digits no longer run goes on, passing IIN,
length and Luhn as every PAN; where the code names a brand (IATA's ``VI``, ``CA``, ``AX``, ``DC``, ``DS``, ``JC``,
``TP``, ``UP``; OTA's ``MC``, ``DN``, ``CU``, ``MA``...) one of that brand's IIN ranges holds the number (a ``VI``
before a Mastercard number is no form of payment), unless ``CC`` leads the code (Amadeus' ``FP CC``, ``DECC``,
``G-CC``, Travelport's ``F.CC``): "credit card" is said there, and the two letters an agent typed after it may name
another brand (``FP CCCA`` before a Mir number, red-team round 67) without making the card number any less one. The
expiry is the MMYY or MM/YY right after it:
``/1227``, ``/D1227`` (Travelport), ``¥1227``, ``‡12/27`` (Sabre), ``EXP1227``.

Agents type the same glued form into free text too: a Sabre hotel-guarantee remark ``1.H-GUAR TO VI4111... EXP 1227``
(red-team round 78). A guarantee word leads as the entries' leads do (any vendor code: a brand code must agree); a
vendor code alone, at a token's start, leads only when it names a brand and the number falls in one of that brand's
IIN ranges (``VI4111...``, ``AX3782...``: the code and the IIN say the same card).

Sabre anonymises a form of payment's card as its first two digits, zeros and its last four (``FOP-*AX370000000009839``):
a number whose digits between those are all zeros (six at least) is that mask, though it may pass Luhn by chance (a
published test card stays reported, marked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from scanners.cards.brands import IIN_RANGES, is_pan_ascii, is_test_pan
from scanners.lazy_re import lazy_compile

Kind = Literal["pan", "expiry"]
_DIGIT_RUN = r"[1-9][0-9]{11}"  # the shortest card number's digits
_CODE_RUN = r"[A-Z]{2}" + _DIGIT_RUN  # ... after the vendor code
TRIGGERS = (
    "CC" + _CODE_RUN,  # Amadeus' CC (FPCC, DECC, +CC, G-CC), Travelport's F.CC
    r"[*\-]" + _CODE_RUN,  # Sabre's -* and FOP*, Travelport's FOP:- and F**, Apollo's F-
    r"F\." + _CODE_RUN,  # Travelport+
    # Sabre's ¥F qualifier: hyperscan sees "?" for a non-ASCII character, the ``re`` back end the character
    r"(?:\?|[^\x00-\x7F])F" + _CODE_RUN,
    "JV" + _CODE_RUN,  # Travelport's card verification
    r"GUAR(?:ANTEE)?(?: TO)? ?" + _CODE_RUN,  # a guarantee remark (``H-GUAR TO VI4111...``)
)
LEAD = 14  # the longest lead before the vendor code (``GUARANTEE TO ``; ``FPO/CASH+``'s lead is ``+CC``)
REACH = 9  # the longest expiry after the number (``/*D12/27``, ``EXP 12/27``)
_FOP = lazy_compile(
    r"(?:(?<![A-Za-z0-9])(?:FP|DE)?CC|(?<![A-Za-z0-9])(?:FOP\*|F\*\*|FOP:?-|F[.\-]|JV|GUAR(?:ANTEE)?(?: TO)? ?)"
    r"|-\*|[¥‡]F|(?P<bare>(?<![A-Za-z0-9])))"
    r"(?P<code>[A-Z]{2})(?P<pan>[1-9][0-9]{11,18})(?![0-9])"
)
_ANONYMISED = lazy_compile(r"[0-9]{2}0{6,}[0-9]{4}")  # Sabre's mask: the first two digits, zeros, the last four
_EXPIRY = lazy_compile(r"(?:/\*?D?|[¥‡]|EXP ?)(?P<m>0[1-9]|1[0-2])/?(?P<y>[0-9]{2})(?![0-9]|[.,][0-9])")
_VENDOR_BRANDS: dict[str, frozenset[str]] = {
    "VI": frozenset({"visa"}),
    "CA": frozenset({"mastercard"}),
    "MC": frozenset({"mastercard"}),
    "AX": frozenset({"amex"}),
    "DC": frozenset({"diners"}),
    "DN": frozenset({"diners"}),
    "CB": frozenset({"diners"}),  # Carte Blanche, a Diners card
    "DS": frozenset({"discover"}),
    "JC": frozenset({"jcb"}),
    "TP": frozenset({"uatp"}),
    "UP": frozenset({"unionpay"}),
    "CU": frozenset({"unionpay"}),
    "MA": frozenset({"maestro"}),
    "EL": frozenset({"elo"}),
    "HC": frozenset({"hipercard"}),
}
# a brand's vendor code alone before the digits (the brand must agree: ``fop_pans``)
BARE_TRIGGER = "(?:" + "|".join(_VENDOR_BRANDS) + ")" + _DIGIT_RUN
# the IIN ranges (on the first eight digits) of each named vendor's brands, shared rows too
_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    code: tuple(r.bounds for r in IIN_RANGES if r.brand in brands) for code, brands in _VENDOR_BRANDS.items()
}


def vendor_agrees(code: str, digits: str) -> bool:
    """The form-of-payment vendor code ``code`` may name the card ``digits`` (a code naming no brand: any)."""
    ranges = _RANGES.get(code)
    if ranges is None:
        return True  # a vendor code naming no brand in the IIN table: the number alone decides
    iin = int(digits[:8])
    return any(lo <= iin <= hi for lo, hi in ranges)


def fop_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """(start, end, type, value, pan digits) of each form-of-payment card number, and of the expiry right after
    it, for entries that may reach into ``text[pos:endpos]`` (judged on the whole line)."""
    hi = text.find("\n", endpos)
    for m in _FOP.finditer(text, max(0, pos - LEAD - 19 - REACH), len(text) if hi < 0 else hi):
        start, end = m.span("pan")
        if start >= endpos:
            return
        digits = m["pan"]
        code_at = m.start("code")
        if not is_pan_ascii(digits) or (text[code_at - 2 : code_at] != "CC" and not vendor_agrees(m["code"], digits)):
            continue
        if m["bare"] is not None and m["code"] not in _RANGES:
            continue  # a code alone names the card only as a brand's code
        if _ANONYMISED.fullmatch(digits) is not None and not is_test_pan(digits):
            continue  # Sabre's anonymised card
        yield start, end, "pan", digits, digits
        if (e := _EXPIRY.match(text, end)) is not None:
            yield e.start("m"), e.end("y"), "expiry", f"{e['m']}/{e['y']}", digits
