"""DtmfTonesDecoder: the tones an Azure Communication Services recognize action collected (``RecognizeCompleted``'s
``dtmfResult.tones``, tone names) are read as digits beside the step its ``operationContext`` names, so a card number
or a security code keyed on the phone is found on the event's line; menu choices, PINs, phone numbers and per-key
``ContinuousDtmfRecognitionToneReceived`` events stay quiet."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.dtmf_tones import DIGIT_TONES as NAMES
from scanners.decoders.dtmf_tones import DtmfTonesDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = DtmfTonesDecoder()
PAN = _luhn("492906900679218")
AMEX = _luhn("37828224631000")
CALL = "1dcaa501-ec35-4002-8559-cecc067b526b"


def tones(digits: str, stop: bool = True) -> list[str]:
    return [NAMES[int(d)] for d in digits] + (["pound"] if stop else [])


def recognized(step: str, keyed: list[str], indent: int | None = None, context_first: bool = True) -> str:
    """A RecognizeCompleted CloudEvent as a callback handler logs it (one line, or pretty-printed)."""
    data: dict[str, object] = {"recognitionType": "dtmf", "dtmfResult": {"tones": keyed},
                               "callConnectionId": CALL, "correlationId": "64c67e28-6626-4150-996a-9b9127a904a8"}
    data = {"operationContext": step, **data} if context_first else {**data, "operationContext": step,
                                                                     "resultInformation": {"code": 200}}
    event = {"id": "08966ddb-69e9-472c-9aeb-5687c620c040", "source": f"calling/callConnections/{CALL}",
             "type": "Microsoft.Communication.RecognizeCompleted", "data": data, "time": "2024-09-25T21:52:43Z",
             "specversion": "1.0"}
    return json.dumps(event, indent=indent, separators=None if indent else (",", ":"))


def tone_received(tone: str, seq: int) -> str:
    return json.dumps({"type": "Microsoft.Communication.ContinuousDtmfRecognitionToneReceived",
                       "data": {"tone": tone, "sequenceId": seq, "callConnectionId": CALL,
                                "operationContext": "collect-card-number"}}, separators=(",", ":"))


# (id, event, decoded text, the (type, line) found)
FOUND = [
    ("card-number", recognized("collect-card-number", tones(PAN)), f"collect-card-number: {PAN}", {("pan", 0)}),
    ("amex-no-stop", recognized("collect-card-number", tones(AMEX, stop=False)), f"collect-card-number: {AMEX}",
     {("pan", 0)}),
    ("cvv", recognized("collect-cvv", tones("283")), "collect-cvv: 283", {("cvv", 0)}),
    ("cvv-context-after", recognized("collect-cvv", tones("4821"), context_first=False), "collect-cvv: 4821",
     {("cvv", 0)}),
    ("pretty-printed", recognized("collect-card-number", tones(PAN), indent=2), f"collect-card-number: {PAN}",
     {("pan", 8)}),  # the line of "tones": [
]


@pytest.mark.parametrize(("event", "decoded"), [pytest.param(c[1], c[2], id=c[0]) for c in FOUND])
def test_the_tones_are_read_with_their_step(event: str, decoded: str) -> None:
    (seg,) = list(D.decode(event))
    assert seg.text == decoded and seg.encoding == ("dtmf_tones",)
    assert event[seg.start] == "[" and event[seg.end - 1] == "]"


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("event", "found"), [pytest.param(c[1], c[3], id=c[0]) for c in FOUND])
def test_the_engine_reports_them_on_the_event(backend: Backend, event: str, found: set[tuple[str, int]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = "\n".join([tone_received("five", 1), event]) + "\n"
    assert {(s.type, text.count("\n", 0, s.start) - 1) for s in Engine(backend=backend).scan_text(text)} == found


QUIET = [
    ("menu-choice", recognized("main-menu", tones("2"))),
    ("pin", recognized("collect-pin", tones("4821"))),
    ("not-luhn", recognized("collect-card-number", tones(PAN[:-1] + str((int(PAN[-1]) + 1) % 10)))),
    ("phone", recognized("collect-callback-number", tones("14155550123"))),
    ("per-key-events", "\n".join(tone_received(t, i) for i, t in enumerate(tones(PAN)))),
    ("not-tones", recognized("collect-card-number", ["four", "nine", "banana"])),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=n) for n, t in QUIET])
def test_what_stays_quiet(text: str) -> None:
    assert Engine().scan_text(text + "\n") == []


def test_an_array_of_other_names_is_no_segment() -> None:
    assert list(D.decode(recognized("x", ["four", "nine", "banana"]))) == []
    assert list(D.decode('{"tones": []}')) == []
