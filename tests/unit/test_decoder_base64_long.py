"""Base64 runs longer than the engine's window around their trigger hits: a Firehose record's ``data`` field whose
hits all sit near its start (a card in the first transcript segment) is read whole, never cut at the window's edge
and reported "too long"; only a run over the decoder's segment limit is a coverage reason."""

from __future__ import annotations

import base64
import json

import pytest

from scanners.decoders.base64 import Base64Decoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import SEGMENT, collecting
from tests.unit.test_card_summary import _luhn

PAN = _luhn("411111111111111")  # the published Visa test number, check digit computed
_WORDS = "thanks for holding while I look that up for you "


def _record(filler: int, *, card_first: bool = True) -> str:
    """A Kinesis Firehose record: base64 of a Contact Lens event, the card in one segment, ``filler`` characters of
    digit-free talk in the others."""
    card = {"Transcript": {"ParticipantId": "CUSTOMER", "Content": f"my card is {PAN} expiring 12/29"}}
    talk = {"Transcript": {"ParticipantId": "AGENT", "Content": (_WORDS * (filler // len(_WORDS) + 1))[:filler]}}
    segments = [card, talk] if card_first else [talk, card]
    event = json.dumps({"Version": "1.1.0", "Channel": "VOICE", "EventType": "SEGMENTS", "Segments": segments})
    data = base64.b64encode(event.encode()).decode()
    return json.dumps({"recordId": "49650001", "approximateArrivalTimestamp": 1762076044339, "data": data}) + "\n"


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(
    ("filler", "card_first"),
    [(500, True), (3000, True), (3200, True), (4200, True), (6000, True), (20000, True), (70000, True),
     (4200, False), (20000, False)],
)
def test_long_record_is_read_whole(filler: int, card_first: bool, backend: Backend) -> None:
    with collecting() as reached:
        spans = Engine(backend=backend).scan_text(_record(filler, card_first=card_first))
    assert not reached
    assert any(s.type == "pan" and s.value == PAN and s.encoding == ("base64",) for s in spans)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("filler", [3000, 4200, 20000])
def test_run_over_the_segment_limit_is_a_coverage_reason(filler: int, backend: Backend) -> None:
    with collecting() as reached:
        spans = Engine(decoders=[Base64Decoder(max_segment=2048)], backend=backend).scan_text(_record(filler))
    assert reached == {SEGMENT}
    assert not any(s.encoding for s in spans)


def test_any_window_touching_the_run_reads_it_whole() -> None:
    text = _record(4200)
    decoder = Base64Decoder()
    (whole,) = decoder.decode(text)
    for pos in (whole.start, whole.start + 100, whole.end - 5):
        assert list(decoder.decode(text, pos, pos + 1)) == [whole]
    assert list(decoder.decode(text, 0, whole.start - 1)) == []
