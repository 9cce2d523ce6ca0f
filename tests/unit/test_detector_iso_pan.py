"""IsoPanDetector: ISO 8583 field 2 written as its LLVAR value, the two-digit length glued before the card number."""

import pytest

from scanners.detectors.iso_pan import IsoPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = IsoPanDetector()

V16 = "4532015112830366"
M16 = "5425233430109903"
V19 = "4918123456789012346"
AMEX = "378282246310005"
V13 = "4929016273811"
M12 = "501800000009"  # a 12-digit Maestro
# A raw ISO 8583 message logged as ASCII: MTI, hex bitmap (bits 2-4, 7, 11, 12, 14, 22, 24, 26, 32, 35, 37, 41, 42, 47,
# 49, 53, 62, 64), field 2's LLVAR, then processing code, amount, date-time, STAN, local time, expiry, entry mode,
# NII, merchant type condition, and field 32's LLVAR.
BITMAP = "7234054128C28805"
FIELDS = "000000" + "000000001500" + "1204101530" + "123456" + "101530" + "2812" + "051" + "001" + "00" + "06123456"
# A 0200 with a secondary bitmap (bits 1-4, 7, 11 and 70); a minimal one with bits 2-4 only.
BITMAP2 = "F220000000000000" + "0400000000000000"
FIELDS2 = "000000" + "000000001500" + "1204101530" + "123456" + "301"


def wire(pan: str, mti: str = "0100", bitmap: str = BITMAP, fields: str = FIELDS) -> str:
    return f"2026-12-04T10:15:30.123Z [iso-channel] >> {mti}{bitmap}{len(pan):02d}{pan}{fields}"


ISOMSG = '<isomsg direction="outgoing">\n  <field id="0" value="0100"/>\n  <field id="2" value="{}"/>\n</isomsg>'

POSITIVE_CASES: list[tuple[str, str, list[str]]] = [
    ("de002-bracketed", f"    DE002 : [16{V16}]", [V16]),
    ("de002-19", f"    DE002 : [19{V19}]", [V19]),
    ("de2-equals", f"MTI=0100 DE2=16{M16} DE3=000000", [M16]),
    ("f002", f"F002=15{AMEX} F003=000000 F004=000000001000", [AMEX]),
    ("field-dash", f"  Field-2 : 13{V13}", [V13]),
    ("fld-space", f"fld 002: 12{M12}", [M12]),
    ("bit", f"BIT002 = '16{V16}'", [V16]),
    ("bracket-key", f"[002] LLVAR 16{V16}", [V16]),
    ("bracket-key-colon", f"[002]: [16{V16}]", [V16]),
    ("json-key", f'{{"mti": "0200", "DE2": "16{V16}", "DE4": "000000005000"}}', [V16]),
    ("escaped-json", f'"msg": "{{\\"de002\\": \\"16{M16}\\"}}"', [M16]),
    ("jpos-xml", ISOMSG.format("16" + V16), [V16]),
    ("wire-0100", wire(V16) + "TERM0001", [V16]),
    ("wire-19", wire(V19, mti="0200"), [V19]),
    ("wire-amex-lower-hex", wire(AMEX, bitmap=BITMAP.lower()), [AMEX]),
    ("wire-secondary-bitmap", wire(M16, mti="0200", bitmap=BITMAP2, fields=FIELDS2), [M16]),
    ("wire-minimal", wire(V13, mti="0200", bitmap="7000000000000000", fields="000000000000001500") + " ok", [V13]),
    ("wire-after-colon", f"raw=1420{BITMAP}12{M12}{FIELDS}", [M12]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    # no key naming field 2: a prefix is never stripped
    ("epoch-ns", f"ts=16{V16}"),
    ("id", f'{{"id": "16{V16}"}}'),
    ("bare", f"seq 16{V16} done"),
    # another field's key
    ("de003", f"DE003 : [16{V16}]"),
    ("de22", f"DE22 : [16{V16}]"),
    ("de102", f"DE102 : [16{V16}]"),
    ("f20", f"F20=16{V16}"),
    ("jpos-field-22", ISOMSG.replace('id="2"', 'id="22"').format("16" + V16)),
    # the prefix does not count the digits after it, or they are no card number
    ("length-mismatch", f"DE002 : [17{V16}]"),
    ("luhn-invalid", "DE002 : [164532015112830367]"),
    ("no-brand", "DE002 : [160000015112830366]"),
    ("masked", "DE002 : [16453201******0366]"),
    ("glued-letters", f"DE002 : [16{V16}X]"),
    # a <field id="2"> outside an ISO 8583 message
    ("xml-not-isomsg", f'<form><field id="2" value="16{V16}"/></form>'),
    ("keyword-in-word", f"NODE2=16{V16}"),
    # raw messages: a valid MTI, a hex bitmap with bit 2 set, a length that fits and the numeric fields after it
    ("wire-bit2-unset", wire(V16, bitmap="3" + BITMAP[1:])),
    ("wire-mti-class-9", wire(V16, mti="0900")),
    ("wire-mti-origin-6", wire(V16, mti="0106")),
    ("wire-mti-version-3", wire(V16, mti="3100")),
    ("wire-glued-to-a-word", wire(V16).replace(">> ", ">> X")),
    ("wire-length-short", wire(V16).replace("16" + V16, "15" + V16)),
    ("wire-length-long", wire(V16).replace("16" + V16, "17" + V16)),
    ("wire-luhn-invalid", wire("4532015112830367")),
    ("wire-letter-in-amount", wire(V16, fields=FIELDS[:10] + "A" + FIELDS[11:])),
    ("wire-cut-short", wire(V16, fields=FIELDS[:20])),
    ("wire-runs-on", wire(V13, bitmap="7000000000000000", fields="000000000000001500") + "9"),
    ("wire-secondary-missing", wire(M16, bitmap="F2" + BITMAP[2:], fields="")),
    ("wire-response-no-pan", f">> 0110{BITMAP}123456789012345678" + "00ABC123"),
    # hex runs that read as an MTI, a bitmap and a length: their "fields" hold letters, or the digits stop short
    ("hash", f"sha256=01104f3a9c0d2e7b1a6516{V16}ab93f0c1d2e4b5a6978812e0"),
    ("uuid-hex", f"request_id=01204f3a9c0d4e7b9a6516{V16[:10]} 000000000000"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_without_its_length_prefix(text: str, expected: list[str]) -> None:
    found = [s for s in D.find(text) if s.type == "pan"]
    assert [text[s.start : s.end] for s in found] == expected
    assert [s.value for s in found] == expected
    assert all(s.type == "pan" and s.detector == "iso_pan" and text[s.start - 2 : s.start].isdigit() for s in found)


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_one_pan_per_field_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == expected, text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == [], text


EXPIRY_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("wire-de14", wire(V16), [("2812", "12/28")]),
    ("wire-de14-secondary-bitmap", wire(M16, bitmap="F224" + BITMAP2[4:], fields=FIELDS2[:34] + "3001" + "301"),
     [("3001", "01/30")]),  # fmt: skip
    # field 14 not in the bitmap, a month or a year no card has, the card number not valid: no expiry
    ("wire-bit14-unset", wire(V16, bitmap="7230" + BITMAP[4:], fields=FIELDS.replace("2812", "")), []),
    ("wire-month-13", wire(V16, fields=FIELDS.replace("2812", "2813")), []),
    ("wire-year-10", wire(V16, fields=FIELDS.replace("2812", "1005")), []),
    ("wire-luhn-invalid", wire("4532015112830367"), []),
    ("keyed-de14", f"DE002 : [16{V16}] DE014 : [2812]", []),  # the keyed forms are the expiry detector's
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in EXPIRY_CASES])
def test_a_raw_message_gives_its_expiry_from_field_14(text: str, expected: list[tuple[str, str]]) -> None:
    found = [s for s in D.find(text) if s.type == "expiry"]
    assert [(text[s.start : s.end], s.value) for s in found] == expected
    contract.assert_windows_match_whole(D, text)


def test_the_test_card_flag_follows_the_digits() -> None:
    assert [s.test_card for s in D.find(f"DE002 : [15{AMEX}] DE002 : [16{V16}]")] == [True, False]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[str]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    cases = [(case, text, [(v, v) for v in expected]) for case, text, expected in POSITIVE_CASES]
    contract.assert_triggers_hit(D, cases)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, f"DE002 : [16{V16}] DE002 : [19{V19}]", pos, endpos)
