"""TranscribeItemsDecoder: a Transcribe job's ``items`` (one word per item) are joined into the spoken text, one turn
per line, so digits spoken one by one are read as one number and an answer is read after its question; items whose
words the line's ``transcript`` already holds are left to it."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.transcribe_items import TranscribeItemsDecoder
from scanners.engine.core import Engine

D = TranscribeItemsDecoder()
PAN = "4929069006792183"  # Luhn-valid, no published test card


def job(words: list[str], speakers: list[str] | None = None, transcript: str = "") -> str:
    """A batch job's output as Transcribe writes it (one line): punctuation items have no times."""
    items: list[dict[str, object]] = []
    for i, word in enumerate(words):
        punctuation = word in ".?!,"
        item: dict[str, object] = {} if punctuation else {"start_time": f"{i}.0", "end_time": f"{i}.4"}
        item |= {
            "id": i,
            "type": "punctuation" if punctuation else "pronunciation",
            "alternatives": [{"confidence": "0.98", "content": word}],
        }
        if speakers:
            item["speaker_label"] = speakers[i]
        items.append(item)
    return json.dumps(
        {
            "jobName": "call-7",
            "accountId": "111122223333",
            "status": "COMPLETED",
            "results": {"transcripts": [{"transcript": transcript}], "items": items},
        }
    )


QUESTION = ["what", "is", "the", "security", "code", "on", "the", "back", "?"]
CASES = [
    ("digits", job(["card", "is", *PAN]), [f"card is {' '.join(PAN)}"], {"pan"}),
    ("words", job(["the", "security", "code", "is", "one", "two", "three"]), ["the security code is one two three"],
     {"cvv"}),
    (
        "speakers",
        job([*QUESTION, "one", "two", "three", "."], ["spk_0"] * 9 + ["spk_1"] * 4),
        ["what is the security code on the back?", "one two three."],
        {"cvv"},
    ),
    (
        "sentences",
        job(["and", "the", "expiry", "date", "?", "twelve", "twenty", "seven", "."]),
        ["and the expiry date?", "twelve twenty seven."],
        {"expiry"},
    ),
]


@pytest.mark.parametrize(("text", "turns"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_items_are_joined_into_turns(text: str, turns: list[str]) -> None:
    (seg,) = list(D.decode(text))
    assert seg.text == "\n".join(f'"transcript": {json.dumps(t)}' for t in turns)
    assert seg.encoding == ("transcribe_items",)
    assert text[seg.start] == "{" and text[seg.end - 1] == "}"  # from the first item to the last one


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_spoken_card_data_is_found(text: str, types: set[str], backend: str) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    spans = Engine(backend=backend).scan_text(text)  # type: ignore[arg-type]
    assert {s.type for s in spans} == types
    assert all(s.encoding == ("transcribe_items",) for s in spans)


NEGATIVE = [
    ("said-in-transcript", job(["card", *PAN], transcript=f"card {' '.join(PAN)}")),
    ("one-word", job(["4"])),
    ("no-items", json.dumps({"results": {"transcripts": [{"transcript": "hello"}], "items": []}})),
    ("bad-escape", job(["a", "b"]).replace('"content": "a"', '"content": "\\x"')),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=n) for n, t in NEGATIVE])
def test_nothing_to_join(text: str) -> None:
    assert list(D.decode(text)) == []


@pytest.mark.parametrize(
    "words", [["your", "order", "is", "1", "2", "3", "4", "5", "."], ["call", "back", "at", "2", "30", "."]]
)
def test_numbers_that_are_no_card_data_stay_clean(words: list[str]) -> None:
    assert Engine().scan_text(job(words)) == []


def test_a_transcript_that_holds_the_words_gives_one_finding_not_two() -> None:
    text = job(["card", *PAN], transcript=f"card {' '.join(PAN)}")
    assert [s.encoding for s in Engine().scan_text(text)] == [()]


def speechmatics(words: list[tuple[str, str]]) -> str:
    """A Speechmatics json-v2 output (one line): its ``results`` are items with the speaker inside the alternative."""
    results = [{"type": "punctuation" if w in ".?!," else "word", "start_time": i * 0.3, "end_time": i * 0.3 + 0.3,
                "alternatives": [{"content": w, "confidence": 0.9, "language": "en", "speaker": s}]}
               for i, (w, s) in enumerate(words)]
    return json.dumps({"format": "2.9", "metadata": {"type": "transcription"}, "results": results})


def test_speechmatics_speakers_are_turns_of_their_own() -> None:
    """The agent's prompt and the caller's answer with no sentence end between them are two turns (one speaker
    each); a word outside ASCII is written as said, so a keyword in another language still reads."""
    words = [(w, "S1") for w in ["and", "the", "code"]] + [(w, "S2") for w in ["kod", "z", "ty\u0142u", "to", "536"]]
    (seg,) = D.decode(speechmatics(words))
    assert seg.text.split("\n") == ['"transcript": "and the code"', '"transcript": "kod z ty\u0142u to 536"']
