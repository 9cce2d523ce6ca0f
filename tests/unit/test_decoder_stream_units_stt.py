"""StreamUnitsDecoder on speech-to-text streams (``_stt_units``): Deepgram live ``Results``, Google Speech-to-Text
streaming responses, Azure Speech ``RECOGNIZED`` events. A card number, expiry or code read aloud across two or
three final results of one stream is found on the result where it starts; interim results (which repeat and grow
the words of their final) are never joined, nor are the finals of two requests, channels or speakers."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from scanners.engine.core import Engine
from tests.unit.test_card_summary import _luhn
from tests.unit.test_decoder_stream_units import CASES, PAN, D, Format, _each, found


def _deepgram(request: str, channel: int, start: float, text: str, final: bool) -> str:
    return json.dumps({"type": "Results", "channel_index": [channel, 2], "duration": 1.52, "start": start,
                       "is_final": final, "speech_final": final, "channel": {"alternatives": [
                           {"transcript": text, "confidence": 0.9312, "words": []}]},
                       "metadata": {"request_id": request, "model_info": {"name": "2-general-nova", "version":
                                    "2024-01-18.26916", "arch": "nova-2"}, "model_uuid": "c0d1a568-ce81"},
                       "from_finalize": False})


def _google(tag: int, end: float, text: str, final: bool) -> str:
    result: dict[str, object] = {"alternatives": [{"transcript": text} | ({"confidence": 0.91} if final else {})]}
    result |= {"isFinal": True} if final else {"stability": 0.01}
    result |= {"resultEndTime": f"{end:.3f}s", "channelTag": tag, "languageCode": "en-us"}
    return json.dumps({"results": [result], "totalBilledTime": "15s", "requestId": "5283710034629"})


def _azure(speaker: str, offset: int, text: str) -> str:
    return "RECOGNIZED: " + json.dumps({"Id": "2bf846da4a5d5225", "RecognitionStatus": "Success", "DisplayText": text,
                                        "Offset": offset, "Duration": 10413410, "Channel": 0, "SpeakerId": speaker})


def _half(text: str) -> str:
    return text[:len(text) // 2]  # an interim result: the first words of its final


def _formats(interim: Callable[[str], str]) -> dict[str, Format]:
    """Each format's final results, each after an interim one whose text is ``interim(final text)``."""
    return {
        "deepgram-requests": _each(lambda i, k, p: [_deepgram(k, 0, i * 2.0, interim(p), False),
                                                    _deepgram(k, 0, i * 2.0, p, True)]),
        "deepgram-channels": _each(lambda i, k, p: [_deepgram("9c2b10b5", int(k[1:]), i * 2.0, interim(p), False),
                                                    _deepgram("9c2b10b5", int(k[1:]), i * 2.0, p, True)]),
        "google": _each(lambda i, k, p: [_google(int(k[1:]), i + 0.4, interim(p), False),
                                         _google(int(k[1:]), i + 0.9, p, True)]),
        "azure-speakers": _each(lambda i, k, p: [
            f"RECOGNIZING: Text={interim(p)} Offset={i * 10**7} Duration=2049010",
            _azure("Guest-" + k[1:], i * 10**7, p)]),
        "azure-text": _each(lambda i, k, p: [f"RECOGNIZING: Text={interim(p)} Offset={i * 10**7} Duration=2049010",
                                             f"RECOGNIZED: Text={p}"]),  # one stream
    }


ALL = _formats(_half)
STT = {form: build for form, build in ALL.items() if form != "azure-text"}


@pytest.mark.parametrize("form", ALL)
@pytest.mark.parametrize(("pieces", "where"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_a_value_read_across_final_results_is_found_on_its_first(form: str, pieces: list[str],
                                                                 where: dict[str, int]) -> None:
    lines, at = ALL[form]([("s1", p) for p in pieces])
    got = found(Engine(), lines)
    assert {(t, n) for t, n, _ in got} == {(t, at[i]) for t, i in where.items()}
    assert {v for t, _, v in got if t == "pan"} == {PAN}


@pytest.mark.parametrize("form", STT)
def test_the_finals_of_each_stream_are_joined_apart(form: str) -> None:
    units = [("s1", "card "), ("s2", "hello "), ("s1", PAN[:9]), ("s2", "world"), ("s1", PAN[9:])]
    lines, _ = STT[form](units)
    got = sorted(seg.text.rstrip() for seg in D.decode("\n".join(lines) + "\n"))
    assert got == sorted(["card " + PAN, "hello world"])


@pytest.mark.parametrize("form", STT)
def test_two_streams_numbers_are_never_joined(form: str) -> None:
    """Two requests', channels' or speakers' numbers whose run-together digits are Luhn-valid."""
    units = [("s1", "my order number is "), ("s2", PAN[8:]), ("s1", PAN[:8]), ("s2", " is my member number")]
    assert found(Engine(), STT[form](units)[0]) == set()


@pytest.mark.parametrize("form", ALL)
def test_an_interim_result_is_not_joined_with_its_final(form: str) -> None:
    """Each final follows the last one; the interims (here the whole final's words, repeated) stay out."""
    lines, _ = _formats(lambda text: text)[form]([("s1", "card " + PAN[:8]), ("s1", PAN[8:])])
    assert [seg.text for seg in D.decode("\n".join(lines))] == ["card " + PAN]
    assert {(t, v) for t, _, v in found(Engine(), lines)} == {("pan", PAN)}


@pytest.mark.parametrize("form", ALL)
def test_numbers_read_aloud_in_consecutive_results_stay_quiet(form: str) -> None:
    """A phone number, then an order number under its key: nothing of a card, joined or alone."""
    order = _luhn("601100099990001")
    units = [("s1", "my phone number is 415 555"), ("s1", " 0134."), ("s1", "the order number is "),
             ("s1", order[:7]), ("s1", order[7:] + " thanks")]
    assert found(Engine(), ALL[form](units)[0]) == set()


@pytest.mark.parametrize("line", [
    _deepgram("9c2b10b5", 0, 1.0, "card " + PAN, False),  # an interim result: no text of its own
    _google(1, 1.0, "card " + PAN, False),
    "RECOGNIZING: Text=card Offset=17429466 Duration=2049010",
    json.dumps({"results": [{"score": 0.5, "label": "x"}]}),
])
def test_lines_that_carry_no_final_text(line: str) -> None:
    assert list(D.decode("\n".join([line, line]))) == []


@pytest.mark.parametrize("form", ALL)
def test_a_results_last_digits_are_no_code_of_their_own(form: str) -> None:
    """'it is 459' then '7 5119 ...': the digits read alone (a code, after the last result's 'CVV') start the card
    number the join completes, which alone is reported."""
    other = _luhn("45975119933121")
    units = [("s1", "CVV is 213."), ("s1", "it is " + other[:3]), ("s1", other[3:] + " it expires on 10/29 thanks")]
    lines, at = ALL[form](units)
    assert {(t, n) for t, n, _ in found(Engine(), lines)} == {("cvv", at[0]), ("pan", at[1]), ("expiry", at[2])}


@pytest.mark.parametrize("form", ALL)
def test_a_result_ends_on_a_whole_word(form: str) -> None:
    """The next result's first word is a word of its own ('twice' then 'cvc is 677'), a number's digits run on."""
    lines, at = ALL[form]([("s1", "I was charged twice"), ("s1", "cvc is 677"), ("s1", "card " + PAN[:5]),
                           ("s1", PAN[5:])])
    assert {(t, n) for t, n, _ in found(Engine(), lines)} == {("cvv", at[1]), ("pan", at[2])}


@pytest.mark.parametrize("form", STT)
def test_a_stream_started_again_under_its_id_is_another(form: str) -> None:
    """Two calls logged one after the other: the second's results start again at its own time zero."""
    first, _ = STT[form]([("s1", "my order number is "), ("s1", PAN[:8])])
    second, _ = STT[form]([("s1", PAN[8:]), ("s1", " is my member number")])
    got = sorted(seg.text.rstrip() for seg in D.decode("\n".join(first + second)))
    assert got == sorted([PAN[8:] + " is my member number", "my order number is " + PAN[:8]])
    assert found(Engine(), first + second) == set()
