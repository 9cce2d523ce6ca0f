"""GdsPanDetector: a GDS form of payment's card number glued to its vendor code, and the expiry right after it."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.gds_pan import GdsPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = GdsPanDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def bad(pan: str) -> str:
    """``pan`` with a wrong check digit."""
    return pan[:-1] + str((int(pan[-1]) + 1) % 10)


VISA = luhn("453201511283036")
VISA13 = luhn("402891763301")
VISA19 = luhn("491812345678901234")
MC = luhn("525557474317935")
AMEX = luhn("37828224631000")
DINERS = luhn("3682404653557")
UATP = luhn("12085773205611")
MIR = luhn("220250821160278")
ANONYMISED = luhn("37" + "0" * 9 + "983")  # Sabre's mask of an Amex card, passing Luhn by chance

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # Amadeus: the FP element in a PNR display and as entered, several forms, an approval, PNR_Reply's free text
    ("amadeus-pnr-display", f" 10 FP CCVI{VISA}/1225", [("pan", VISA), ("expiry", "1225")]),
    ("amadeus-fp-entry", f"> FPCCDC{DINERS}/1031", [("pan", DINERS), ("expiry", "1031")]),
    ("amadeus-fp-amount", f"FPCCAX{AMEX}/1232/EUR1535.24/N189267", [("pan", AMEX), ("expiry", "1232")]),
    ("amadeus-old-and-new", f"FPO/CASH+CCCA{MC}/0932/JPY322655", [("pan", MC), ("expiry", "0932")]),
    ("amadeus-approval", f"DECCCA{MC}/0430/USD319.04/BA*", [("pan", MC), ("expiry", "0430")]),
    ("amadeus-hotel-guarantee", f"HS1,G-CCVI{VISA}EXP1227", [("pan", VISA), ("expiry", "1227")]),
    ("amadeus-longfreetext", f"<longFreetext>CCVI{VISA19}/0731</longFreetext>", [("pan", VISA19), ("expiry", "0731")]),
    # Sabre: the remark (the cross of Lorraine as a terminal and as a log show it), the wallet, the W qualifier
    ("sabre-remark-yen", f"  1.-*JC{luhn('354337059838037')}¥1225",
     [("pan", luhn("354337059838037")), ("expiry", "1225")]),
    ("sabre-remark-lorraine", f"  1.-*CA{MC}‡09/28", [("pan", MC), ("expiry", "09/28")]),
    ("sabre-entry", f"ENTRY: 5-*VI{VISA13}¥0128", [("pan", VISA13), ("expiry", "0128")]),
    ("sabre-wallet", f"ENTRY: FOP*VI{VISA}¥1128¥CH¥OKAFOR WEI", [("pan", VISA), ("expiry", "1128")]),
    ("sabre-ticketing-qualifier", f"ENTRY: W¥PQ1¥FCA{MC}/0826¥KP0", [("pan", MC), ("expiry", "0826")]),
    ("unknown-vendor-code", f"ENTRY: 5-*MI{MIR}¥0128", [("pan", MIR), ("expiry", "0128")]),
    # Travelport: the booking file's FOP, Travelport+ and Apollo entries, no agreement, verification, notepad
    ("travelport-booking-file", f"FOP:-AX{AMEX}/D0926", [("pan", AMEX), ("expiry", "0926")]),
    ("travelport-plus", f"F.VI{VISA}/D1226/E03", [("pan", VISA), ("expiry", "1226")]),
    ("apollo", f"F-TP{UATP}/D0328", [("pan", UATP), ("expiry", "0328")]),
    ("travelport-no-agreement", f"F.CCXY{VISA}/D1228", [("pan", VISA), ("expiry", "1228")]),
    ("travelport-verification", f"JVVI{VISA}/V1", [("pan", VISA)]),
    ("travelport-notepad", f"NP.F**VI{VISA} EXP 11/25", [("pan", VISA)]),
    # "CC" says credit card: a vendor code the agent typed for another brand leaves the card a card (round 67)
    ("amadeus-code-for-another-brand", f" 10 FP CCCA{MIR}/1227", [("pan", MIR), ("expiry", "1227")]),
    ("amadeus-visa-code-mastercard", f" 10 FP CCVI{MC}/1225", [("pan", MC), ("expiry", "1225")]),
    ("amadeus-old-cash-amex-code", f"FPO/CASH+CCAX{VISA}/0932", [("pan", VISA), ("expiry", "0932")]),
    # an agent's free text: a Sabre hotel-guarantee remark (any vendor code after the guarantee word), a brand's
    # code alone before a number of that brand (red-team round 78)
    ("sabre-hotel-guarantee", f"  1.H-GUAR TO VI{VISA13} EXP 1132", [("pan", VISA13)]),
    ("guarantee-unknown-code", f"  1.H-GUAR MI{MIR} EXP 0730", [("pan", MIR)]),
    ("guarantee-word", f"GUARANTEE TO DC{DINERS}/0528", [("pan", DINERS), ("expiry", "0528")]),
    ("vendor-code-alone", f"RM GUEST CARD MC{MC} EXP 0232", [("pan", MC)]),
    ("vendor-code-alone-amex", f"remark: AX{AMEX}/0333 per guest", [("pan", AMEX), ("expiry", "0333")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("masked", " 10 FP CCVIXXXXXXXXXXXX4903/1227"),
    ("luhn-invalid", f" 10 FP CCVI{bad(VISA)}/1225"),
    ("brand-disagrees", f" 10 -*VI{MC}/1225"),  # a Visa code before a Mastercard number, no "CC" said
    ("brand-disagrees-amex", f"FOP:-AX{VISA}/D0926"),
    ("run-goes-on", f"FPCCVI{VISA}7/1225"),
    ("id-glued-to-word", f"order INV{VISA} paid"),
    ("lead-glued-to-word", f"XFPCCVI{VISA}/1225"),
    ("dash-id", f"ticket-AB{VISA} closed"),  # a dash and two letters is no lead: F-, FOP:- or -*
    ("lower-case-code", f"5-*vi{VISA}¥1225"),
    ("cash", "FPCASH"),
    # a code alone: its brand must agree, and only a brand's code leads (round 78)
    ("code-alone-brand-disagrees", f"RM NOTE VI{MC} ADDED"),
    ("code-alone-names-no-brand", f"RM NOTE MI{MIR} ADDED"),
    ("guarantee-brand-disagrees", f"  1.H-GUAR TO AX{VISA} EXP 1132"),
    # Sabre's anonymised card: the first two digits, zeros, the last four (Luhn-valid by chance)
    ("sabre-anonymised", f"FOP-*AX{ANONYMISED}‡02/29"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_and_its_expiry(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(D.find(text))
    assert [(s.type, text[s.start : s.end]) for s in found] == expected
    assert all(s.detector == "gds_pan" for s in found)


def test_expiry_value_is_month_and_year() -> None:
    assert [s.value for s in D.find(f"  1.-*CA{MC}‡09/28") if s.type == "expiry"] == ["09/28"]
    assert [s.value for s in D.find(f"FOP:-AX{AMEX}/D0926") if s.type == "expiry"] == ["09/26"]


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_each_card_number_once_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == [expected[0][1]], text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.detector == "gds_pan"] == [], text


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, "\n".join(c[1] for c in POSITIVE_CASES), pos, endpos)
