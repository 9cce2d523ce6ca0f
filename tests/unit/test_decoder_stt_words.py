"""SttWordsDecoder: a speech-to-text output's ``words`` array (Deepgram, Google Speech-to-Text, AssemblyAI), one object
per word, joined into turns, so a card number said in groups (one group per object) and an expiry after the word
"expiring" are read, each reported on the line of its first word. Near misses: words a ``transcript`` on the same
line already holds, an array of other objects, an order number said the same way."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.stt_words import SttWordsDecoder
from scanners.engine.core import Backend, Engine

D = SttWordsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
GROUPS = [PAN[i : i + 4] for i in range(0, 16, 4)]


def deepgram(words: list[str], transcript: str = "", indent: int | None = 2) -> str:
    objects = [{"word": w.lower().strip(".,?"), "start": i * 0.3, "end": i * 0.3 + 0.3, "confidence": 0.9,
                "speaker": 0, "punctuated_word": w} for i, w in enumerate(words)]
    return json.dumps({"results": {"channels": [{"alternatives": [{"transcript": transcript, "confidence": 0.97,
                                                                   "words": objects}]}]}}, indent=indent)


def google(words: list[str]) -> str:
    objects = [{"startOffset": f"{i * 0.5:.3f}s", "endOffset": f"{i * 0.5 + 0.5:.3f}s", "word": w,
                "confidence": 0.8} for i, w in enumerate(words)]
    return json.dumps({"results": [{"alternatives": [{"transcript": "", "words": objects}], "languageCode": "en-us"}]},
                      indent=2)


def assemblyai(words: list[tuple[str, str]]) -> str:
    objects = [{"text": w, "start": i * 300, "end": i * 300 + 280, "confidence": 0.9, "speaker": s}
               for i, (w, s) in enumerate(words)]
    return json.dumps({"id": "a4bf8d5c", "status": "completed", "text": "", "words": objects}, indent=2)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


CARD = ["my", "card", "number", "is", *GROUPS, "expiring", "10/31"]
POSITIVES = [
    ("deepgram groups", deepgram(["Yes,", "it's", *GROUPS, "and", "the", "cvv", "is", "536."]),
     {("pan", PAN, f'"word": "{GROUPS[0]}"'), ("cvv", "536", '"word": "536"')}),
    ("google groups and expiry", google(CARD),
     {("pan", PAN, f'"word": "{GROUPS[0]}"'), ("expiry", "10/31", '"word": "10/31"')}),
    ("assemblyai question and answer", assemblyai(
        [("What's", "A"), ("the", "A"), ("expiry?", "A"), ("twelve", "B"), ("twenty", "B"), ("seven.", "B")]),
     {("expiry", "12/27", '"text": "twelve"')}),
    # a keyword with a letter outside ASCII is joined as written: the value is still reported on its own word's line
    ("google, German keyword", google(["die", "Kartenpr\u00fcfnummer", "ist", "536"]),
     {("cvv", "536", '"word": "536"')}),
    ("compact, transcript redacted", deepgram(["card", *GROUPS], transcript="card [REDACTED]", indent=None),
     {("pan", PAN, None)}),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_words_are_read_as_turns(backend: Backend, text: str, found: set[tuple[str, str, str | None]]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.encoding == ("stt_words",)]
    got = {(s.type, s.value, text.count("\n", 0, s.start) + 1) for s in spans}
    assert got == {(t, v, 1 if at is None else line_of(text, at)) for t, v, at in found}


def test_turns_split_at_a_speaker_and_a_sentence_end() -> None:
    text = assemblyai([("What's", "A"), ("the", "A"), ("code?", "A"), ("one", "B"), ("two", "B"), ("three", "A")])
    (seg,) = D.decode(text)
    assert seg.text.split("\n") == ['"transcript": "What\'s the code?"', '"transcript": "one two"',
                                    '"transcript": "three"']


NEGATIVES = [
    ("said on the line", deepgram(["card", *GROUPS], transcript=f"card {' '.join(GROUPS)}", indent=None)),
    ("other objects", json.dumps({"words": [{"id": 1, "count": int(GROUPS[0])}, {"id": 2, "count": 5}]}, indent=2)),
    ("one word", google([PAN[:8]])),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_nothing_to_join(text: str) -> None:
    assert list(D.decode(text)) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_an_order_number_said_in_groups_stays_quiet(backend: Backend) -> None:
    text = google(["my", "order", "number", "is", *GROUPS])
    assert [s.type for s in Engine(backend=backend).scan_text(text) if s.type in ("pan", "cvv", "expiry")] == []


def google_results(utterances: list[list[str]], indent: int | None = 2, transcripts: bool = False) -> str:
    """Google Speech-to-Text output with one result per utterance, each with its own ``words``."""
    results = [{"alternatives": [{"transcript": " ".join(words) if transcripts else "", "confidence": 0.8,
                                  "words": [{"startOffset": f"{i}.0s", "endOffset": f"{i}.5s", "word": w}
                                            for i, w in enumerate(words)]}],
                "resultEndOffset": "9s", "languageCode": "en-us"} for words in utterances]
    return json.dumps({"results": results}, indent=indent)


ASKED_CARD = ["can", "I", "take", "the", "card", "number", "please?"]
RESULTS = [
    ("a number over two results", google_results([ASKED_CARD, ["so", "that's", *GROUPS[:2]], GROUPS[2:]]),
     {("pan", PAN, f'"word": "{GROUPS[0]}"')}),
    ("a bare date after the question", google_results([["and", "the", "expiration", "date?"], ["10/31"]]),
     {("expiry", "10/31", '"word": "10/31"')}),
    ("a bare code after the question", google_results([["and", "the", "security", "code?"], ["536"]]),
     {("cvv", "536", '"word": "536"')}),
    # near misses: a date of birth, an order number over two results, another alternative of the same speech
    ("a date of birth", google_results([["your", "date", "of", "birth?"], ["10/31"]]), set()),
    ("an order number", google_results([["your", "order", "number?"], GROUPS[:2], GROUPS[2:]]), set()),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in RESULTS])
def test_results_continue_as_turns(backend: Backend, text: str, found: set[tuple[str, str, str]]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.encoding == ("stt_words",)]
    assert {(s.type, s.value, text.count("\n", 0, s.start) + 1) for s in spans} == {
        (t, v, line_of(text, at)) for t, v, at in found}


def test_each_result_is_a_turn_read_once() -> None:
    text = google_results([ASKED_CARD, ["so", "that's", *GROUPS[:2]], GROUPS[2:]])
    (seg,) = D.decode(text)
    assert seg.text.split("\n") == ['"transcript": "can I take the card number please?"',
                                    f'"transcript": "so that\'s {GROUPS[0]} {GROUPS[1]}"',
                                    f'"transcript": "{GROUPS[2]} {GROUPS[3]}"']


def test_compact_results_their_transcripts_hold_are_not_decoded() -> None:
    assert list(D.decode(google_results([ASKED_CARD, GROUPS[:2], GROUPS[2:]], indent=None, transcripts=True))) == []


def test_a_second_alternative_ends_the_segment() -> None:
    first = [{"word": w} for w in ["card", GROUPS[0], GROUPS[1]]]
    other = [{"word": w} for w in [GROUPS[2], GROUPS[3]]]
    text = json.dumps({"results": [{"alternatives": [{"transcript": "", "words": first},
                                                     {"transcript": "", "words": other}]}]}, indent=2)
    assert [seg.text for seg in D.decode(text)] == [f'"transcript": "card {GROUPS[0]} {GROUPS[1]}"',
                                                    f'"transcript": "{GROUPS[2]} {GROUPS[3]}"']
