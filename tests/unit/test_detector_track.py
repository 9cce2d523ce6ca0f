"""TrackDetector: magnetic-stripe track 1 and track 2 data; each track gives a track span and a PAN span."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.track import TrackDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = TrackDetector()

T1 = "%B4111111111111111^DOE/JOHN^2512101000000000000000?"
T1_BARE = "B5555555555554444^SMITH/JANE A^27011010000000"
T2 = ";4111111111111111=25121010000000000000?"
T2_BARE = "378282246310005=2701101123456"
T2_D = "6011000990139424D25122010000000000F"
V = "4111111111111111"

M12 = next(c for c in (f"50180000000{k}" for k in range(10)) if luhn_valid(c))  # a 12-digit Maestro number
T2_12 = f";{M12}=30051011234?"
T1_12 = f"%B{M12}^BROWN/SOFIA^280920196375689292?"
V19 = next(c for c in (f"476322881898865883{k}" for k in range(10)) if luhn_valid(c))  # a 19-digit Visa number
T2_19_LONG = f";{V19}=290222159340350630912?"  # 44 characters: a harness's fixed discretionary data after 19 digits


UATP = next(c for c in (f"10530922765852{k}" for k in range(10)) if luhn_valid(c))  # 1, 15 digits: UATP's shape
T2_KEY = f";{UATP}=26042758491?"
T2_V_KEY = f";{V}=26042758491?"


def both(track: str, pan: str) -> list[tuple[str, str, str]]:
    return [("track", track, track), ("pan", pan, pan)]


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("track1", T1, both(T1, V)),
    ("track1-no-sentinels", T1_BARE, both(T1_BARE, "5555555555554444")),
    ("track1-empty-name", "%B4111111111111111^^2512?", both("%B4111111111111111^^2512?", V)),
    ("track1-in-json", '{"track1": "' + T1 + '"}', both(T1, V)),
    (
        "track1-spaces-in-data",
        "%B4111111111111111^DOE/JOHN^2512101 000 000?",
        both("%B4111111111111111^DOE/JOHN^2512101 000 000?", V),
    ),
    ("track2", T2, both(T2, V)),
    ("track2-no-sentinels", T2_BARE, both(T2_BARE, "378282246310005")),
    ("track2-start-only", "t2=;5555555555554444=2612", both(";5555555555554444=2612", "5555555555554444")),
    ("track2-end-only", "5555555555554444=2612?", both("5555555555554444=2612?", "5555555555554444")),
    ("track2-D-separator", "tag57 " + T2_D, both(T2_D, "6011000990139424")),
    ("track2-in-text", "msr swipe data " + T2 + " received", both(T2, V)),
    ("mc-2-series", ";2221000000000009=2812101?", both(";2221000000000009=2812101?", "2221000000000009")),
    # a 12-digit Maestro PAN between both sentinels (a Firehose batch's CloudWatch message: ``track2=;...?``)
    ("track2-twelve-sentinels", f"track2={T2_12}", both(T2_12, M12)),
    ("two-tracks", T1 + T2, both(T1, V) + both(T2, V)),
    # a 12-digit Maestro PAN in track 1 between both sentinels (a POS relay's debug log)
    ("track1-twelve-sentinels", f"terminal 68858418 swipe: {T1_12}", both(T1_12, M12)),
    # between both sentinels, longer than ISO's 40 characters: still a track
    ("track2-nineteen-long-sentinels", f"swipe: {T2_19_LONG}", both(T2_19_LONG, V19)),
    # a UATP card's track on a line naming no key card; a payment card an encoder reads as the guest's key
    ("uatp-track", f"MSR swipe {T2_KEY}", both(T2_KEY, UATP)),
    ("payment-card-as-key", f"keycard encoder=VINGCARD guest card as key {T2_V_KEY}", both(T2_V_KEY, V)),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    # a hotel lock's key-card encoder writes a room key in track 2's shape: a UATP-shaped number (red-team round 78)
    ("key-card-encoder", f"INFO keycard encoder=ONITY room=1053 write {T2_KEY}"),
    ("room-key", f"room key written: {T2_KEY}"),
    ("luhn-invalid-t1", "%B4111111111111112^DOE/JOHN^2512101?"),
    ("luhn-invalid-t2", ";4111111111111112=2512101?"),
    ("month-13-t1", "%B4111111111111111^DOE/JOHN^2513101?"),
    ("month-00-t2", ";4111111111111111=2500101?"),
    ("no-service-code-no-sentinel", "4111111111111111=2512"),
    ("glued-letter", "x4111111111111111=2512101000"),
    ("glued-digit", "94111111111111111=2512101000"),
    ("glued-hex-D", "A6011000990139424D25122010000000000F"),
    ("glued-B", "BB4111111111111111^DOE/JOHN^2512101"),
    ("timestamp-kv", "1748503543012=2025-12-01"),
    ("too-long-track2", ";4111111111111111=2512" + "1" * 30 + "?"),
    # twelve digits without both sentinels: an account or ticket number with a date after it
    ("twelve-start-only", f"ref=;{M12}=3005101"),
    ("twelve-end-only", f"ref {M12}=30051011234?"),
    ("twelve-bare", f"{M12}=30051011234"),
    ("twelve-track1-start-only", f"%B{M12}^BROWN/SOFIA^2809201"),
    ("twelve-track1-bare", f"B{M12}^BROWN/SOFIA^2809201?"),
    ("long-track2-one-sentinel", f"{T2_19_LONG[1:]}"),
    ("digit-in-name", "%B4111111111111111^DOE1/JOHN^2512101?"),
    ("no-caret", "%B4111111111111111 DOE/JOHN 2512101?"),
    ("short-pan", ";411111111111=2512101?"),
    ("plain-pan", "4111111111111111"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str, str]]:
    return [(s.type, text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.detector == "track" for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    found = [(s.start, s.end) for s in D.find(text)]
    assert found == []


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
    text = "t2=;4111111111111111=25121010000? t1=%B5555555555554444^DOE/J^2612101?"
    contract.assert_odd_window(D, text, pos, endpos)
