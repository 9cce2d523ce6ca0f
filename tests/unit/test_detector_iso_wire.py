"""IsoWireDetector: raw ISO 8583 messages logged as ASCII, read by their bitmap: field 2's card number, field 14's
expiry, the track data of fields 35 and 45."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.iso_wire import IsoWireDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = IsoWireDetector()


def card(prefix: str, length: int) -> str:
    """The first Luhn-valid number of ``length`` digits that starts with ``prefix`` (zeros between)."""
    return next(c for k in range(10) if luhn_valid(c := prefix + "0" * (length - len(prefix) - 1) + str(k)))


V16, M16, V19 = card("453201", 16), card("542523", 16), card("491812", 19)
AMEX, V13, M12 = card("3782", 15), card("492901", 13), card("501800", 12)
BAD = V16[:-1] + str((int(V16[-1]) + 1) % 10)  # Luhn-invalid

# Bits 2-4, 7, 11, 12, 14, 22, 24, 26, 32, 35, 37, 41, 42, 47, 49, 53, 62, 64: field 2, processing code, amount,
# date-time, STAN, local time, expiry, entry mode, NII, condition code, acquirer id, track 2, RRN, terminal and
# merchant ids, and more not read.
BITMAP = "7234054128C28805"
HEAD = "000000" + "000000001500" + "1204101530" + "123456" + "101530"  # fields 3, 4, 7, 11, 12
MID = "051" + "001" + "00" + "06123456"  # fields 22, 24, 26, 32
TRACK2 = f"{V16}=28121010000000000"
TAIL = "123456789012" + "TERM0001" + "MERCHANT0000001" + "ABC"  # fields 37, 41, 42, then some not read
FIELDS = HEAD + "2812" + MID + f"{len(TRACK2):02d}{TRACK2}" + TAIL
NO_TRACK = "72340541" + "08" + "C28805"  # bit 35 unset
FIELDS_NO_TRACK = HEAD + "2812" + MID + TAIL
# Bit 45 set as well: track 1 after the terminal and merchant ids.
TRACK1 = f"B{V16}^DOE/JOHN^28121010000000000000"
BITMAP45 = "7234054128CA8805"
FIELDS45 = FIELDS.replace("ABC", f"{len(TRACK1):02d}{TRACK1}")
# A 0200 with a secondary bitmap (bits 1-4, 7, 11, 14 and 70); a minimal one with bits 2-4 only.
BITMAP2 = "F224000000000000" + "0400000000000000"
FIELDS2 = "000000" + "000000001500" + "1204101530" + "123456" + "3001" + "301"


def wire(pan: str, mti: str = "0100", bitmap: str = BITMAP, fields: str = FIELDS) -> str:
    return f"2026-12-04T10:15:30.123Z [iso-channel] >> {mti}{bitmap}{len(pan):02d}{pan}{fields}"


def pan(value: str) -> tuple[str, str, str]:
    return ("pan", value, value)


def expiry(yymm: str) -> tuple[str, str, str]:
    return ("expiry", yymm, f"{yymm[2:]}/{yymm[:2]}")


def track(value: str, number: str) -> list[tuple[str, str, str]]:
    return [("track", value, value), pan(number)]


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("0100-with-track-2", wire(V16), [pan(V16), expiry("2812"), *track(TRACK2, V16)]),
    (
        "track-1",
        wire(V16, bitmap=BITMAP45, fields=FIELDS45),
        [pan(V16), expiry("2812"), *track(TRACK2, V16), *track(TRACK1, V16)],
    ),
    ("no-track", wire(M16, bitmap=NO_TRACK, fields=FIELDS_NO_TRACK), [pan(M16), expiry("2812")]),
    ("19-digits", wire(V19, mti="0200", bitmap=NO_TRACK, fields=FIELDS_NO_TRACK), [pan(V19), expiry("2812")]),
    ("amex-lower-hex", wire(AMEX, bitmap=NO_TRACK.lower(), fields=FIELDS_NO_TRACK), [pan(AMEX), expiry("2812")]),
    ("secondary-bitmap", wire(M16, mti="0200", bitmap=BITMAP2, fields=FIELDS2), [pan(M16), expiry("3001")]),
    ("minimal", wire(V13, bitmap="7000000000000000", fields="000000000000001500") + " ok", [pan(V13)]),
    ("after-equals", f"raw=0420{NO_TRACK}12{M12}{FIELDS_NO_TRACK}", [pan(M12), expiry("2812")]),
    # ISO 8583:1993 (element 12 is 12 digits there): the card number, vouched for by the processing code and amount
    ("version-1993", wire(V16, mti="1100", fields=HEAD + "000000" + "2812" + MID), [pan(V16)]),
    ("version-1993-minimal", wire(V16, mti="1200", bitmap="7000000000000000", fields="000000000000001500"), [pan(V16)]),
    # what the bitmap says is not there: the card number stands (the fields after it fit), the rest is not read
    (
        "track-too-long",
        wire(V16, fields=FIELDS.replace(f"{len(TRACK2):02d}{TRACK2}", f"38{TRACK2}")),
        [pan(V16), expiry("2812")],
    ),
    (
        "acquirer-id-too-long",
        wire(V16, fields=FIELDS.replace("06123456", "12123456789012")),
        [pan(V16), expiry("2812")],
    ),
    (
        "track-luhn-invalid",
        wire(V16, fields=FIELDS.replace(TRACK2, TRACK2.replace(V16, BAD))),
        [pan(V16), expiry("2812")],
    ),
    ("expiry-month-13", wire(V16, bitmap=NO_TRACK, fields=FIELDS_NO_TRACK.replace("2812", "2813")), [pan(V16)]),
    ("expiry-year-10", wire(V16, bitmap=NO_TRACK, fields=FIELDS_NO_TRACK.replace("2812", "1005")), [pan(V16)]),
    ("bit-14-unset", wire(V16, bitmap="7230" + NO_TRACK[4:], fields=FIELDS_NO_TRACK.replace("2812", "")), [pan(V16)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("bit-2-unset", wire(V16, bitmap="3" + BITMAP[1:])),
    ("mti-class-9", wire(V16, mti="0900")),
    ("mti-origin-6", wire(V16, mti="0106")),
    ("mti-version-3", wire(V16, mti="3100")),
    ("glued-to-a-word", wire(V16).replace(">> ", ">> X")),
    ("length-short", wire(V16).replace("16" + V16, "15" + V16, 1)),
    ("length-long", wire(V16).replace("16" + V16, "17" + V16, 1)),
    ("luhn-invalid", wire(BAD)),
    ("letter-in-amount", wire(V16, fields=HEAD[:10] + "A" + HEAD[11:] + "2812" + MID)),
    ("version-1993-letter-in-amount", wire(V16, mti="1100", fields=HEAD[:10] + "A" + HEAD[11:])),
    ("cut-short", wire(V16, fields=HEAD[:20])),
    ("runs-on", wire(V13, bitmap="7000000000000000", fields="000000000000001500") + "9"),
    ("secondary-missing", wire(M16, bitmap="F2" + BITMAP[2:], fields="")),
    ("response-no-card", f">> 0110{BITMAP}123456789012345678" + "00ABC123"),
    # hex runs that read as an MTI, a bitmap and a length: their "fields" hold letters, or the digits stop short
    ("hash", f"sha256=01104f3a9c0d2e7b1a6516{V16}ab93f0c1d2e4b5a6978812e0"),
    ("uuid-hex", f"request_id=01204f3a9c0d4e7b9a6516{V16[:10]} 000000000000"),
    # the field-labelled dumps are iso_pan's
    ("labelled", f"DE002 : [16{V16}] DE014 : [2812]"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_reads_the_message_by_its_bitmap(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(s.type, text[s.start : s.end], s.value) for s in D.find(text)] == expected
    assert all(s.detector == "iso_wire" for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_the_cards_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        found = [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"]
        assert found == [e[1] for e in expected if e[0] == "pan"], text
    for _, text in NEGATIVE_CASES[:-1]:
        assert [s for s in engine.scan_text(text) if s.detector == "iso_wire"] == [], text


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, POSITIVE_CASES)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, wire(V16) + "\n" + wire(M16, bitmap=BITMAP45, fields=FIELDS45), pos, endpos)


# A message with a binary bitmap and ASCII elements is logged as hex (its bitmap's bytes are no text); the hex decoder
# hands it on with the bitmap in hex characters (``iso8583.binary_bitmap_message``), read here as any other.
def hexed(pan: str, bitmap: str = BITMAP, fields: str = FIELDS, mti: str = "0100", upper: bool = False) -> str:
    raw = (mti.encode() + bytes.fromhex(bitmap) + f"{len(pan):02d}{pan}{fields}".encode()).hex()
    return f"2026-11-19 19:07:29.362 DEBUG c.p.iso.HostChannel : TX msg_hex={raw.upper() if upper else raw}"


HEX_CASES = [
    pytest.param(hexed(V16), {("pan", V16), ("expiry", "12/28"), ("track", TRACK2)}, id="binary-bitmap"),
    pytest.param(hexed(M16, NO_TRACK, FIELDS_NO_TRACK, upper=True), {("pan", M16), ("expiry", "12/28")},
                 id="binary-bitmap-upper-hex"),
    pytest.param(hexed(V19, BITMAP2, FIELDS2, "0200"), {("pan", V19), ("expiry", "01/30")}, id="secondary-bitmap"),
    # quiet: the bitmap does not announce field 2, the number is no card, the fields do not fit the bitmap
    pytest.param(hexed(V16, "3234054128C28805"), set(), id="bit-2-unset"),
    pytest.param(hexed(BAD, NO_TRACK, FIELDS_NO_TRACK), set(), id="luhn-invalid"),
    pytest.param(hexed(V16, NO_TRACK, "ABCDEF" + FIELDS_NO_TRACK[6:]), set(), id="letters-in-processing-code"),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "expected"), HEX_CASES)
def test_a_binary_bitmap_message_logged_as_hex(text: str, expected: set[tuple[str, str]], backend: Backend) -> None:
    found = {(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type in ("pan", "expiry", "track")}
    assert found == expected
