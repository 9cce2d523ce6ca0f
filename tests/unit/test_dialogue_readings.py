"""Answers to an agent's question in Azure Speech output, whose every utterance is written in several readings in one
object (batch transcription's ``recognizedPhrases[].nBest[]``: ``lexical``, ``itn``, ``maskedITN``, ``display``;
real-time recognition's ``DisplayText`` and ``NBest[]``): the turn before an answer is the previous utterance, not
another reading of the answer. And questions asked in Spanish, French, German and Portuguese, in every turn shape."""

from __future__ import annotations

import json

import pytest

from scanners.engine.core import Engine
from tests.unit.test_dialogue import ANSWERS, NOT_ANSWERS, SHAPES

# How speech-to-text reads the answers' numerals aloud (the lexical reading)
_SAID = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
         "8": "eight", "9": "nine", "/": "slash"}


def _lexical(text: str) -> str:
    return " ".join(_SAID.get(c, c) for c in text.lower() if c.strip(",.?!")).strip()


def _readings(text: str, display: str) -> dict[str, object]:
    return {"confidence": 0.82, "lexical": _lexical(text), "itn": text.rstrip("."), "maskedITN": text.rstrip("."),
            "display": display}


def azure_batch(question: str, answer: str) -> str:
    """A batch transcription result: the agent's question, then the caller's answer, one phrase each."""
    phrases = [{"recognitionStatus": "Success", "channel": 0, "speaker": speaker, "offset": f"PT{n * 3}.1S",
                "offsetInTicks": n * 31_000_000.0, "nBest": [_readings(said, said)]}
               for n, (speaker, said) in enumerate(((1, "Thanks for calling."), (2, "I want to pay my bill."),
                                                    (1, question), (2, answer)))]
    return json.dumps({"source": "https://example.invalid/call.wav", "durationInTicks": 131_000_000,
                       "combinedRecognizedPhrases": [], "recognizedPhrases": phrases}, indent=2, ensure_ascii=False)


def azure_realtime(question: str, answer: str) -> str:
    """Real-time recognition with the detailed output format: one recognized event a line."""
    return "\n".join(json.dumps({"Id": f"{n:032x}", "RecognitionStatus": "Success", "Offset": n * 9_000_000,
                                 "Duration": 8_000_000, "Channel": 0, "DisplayText": said,
                                 "NBest": [{k[0].upper() + k[1:] if k != "itn" else "ITN": v
                                            for k, v in _readings(said, said).items()}]})
                     for n, said in enumerate((question, answer)))


AZURE = [azure_batch, azure_realtime]


@pytest.mark.parametrize("shape", AZURE, ids=["batch", "realtime"])
@pytest.mark.parametrize(("question", "answer", "value"), [pytest.param(*r[1:], id=r[0]) for r in ANSWERS])
def test_an_answer_in_each_reading_of_its_utterance(each_engine: Engine, shape: object, question: str, answer: str,
                                                     value: str) -> None:
    text = shape(question, answer)  # type: ignore[operator]
    spans = each_engine.scan_text(text)
    assert spans and {s.value for s in spans} == {value}
    assert all(text.count("\n", 0, s.start) >= text.count("\n", 0, text.rindex(question)) for s in spans)


@pytest.mark.parametrize("shape", AZURE, ids=["batch", "realtime"])
@pytest.mark.parametrize(("question", "answer"), [pytest.param(*r[1:], id=r[0]) for r in NOT_ANSWERS])
def test_other_utterances_are_not_answers(each_engine: Engine, shape: object, question: str, answer: str) -> None:
    assert each_engine.scan_text(shape(question, answer)) == []  # type: ignore[operator]


def test_a_question_in_the_answers_own_readings_is_no_question() -> None:
    """The answer utterance's other readings are the same words: "cvv" said in one of them asks nothing."""
    record = {"RecognitionStatus": "Success", "DisplayText": "What's the CVV?",
              "NBest": [{"Lexical": "what's the cvv", "ITN": "737", "MaskedITN": "737", "Display": "737."}]}
    assert Engine().scan_text(json.dumps(record)) == []


INTL_ANSWERS: list[tuple[str, str, str, str]] = [
    ("es-expiry", "¿y la fecha de vencimiento?", "06/27.", "06/27"),
    ("fr-expiry", "et la date d'expiration ?", "03/29", "03/29"),
    ("de-expiry", "und das Ablaufdatum?", "11/28.", "11/28"),
    ("pt-expiry", "e a data de validade?", "09/30", "09/30"),
    ("es-cvv", "¿y el código de seguridad de atrás?", "482.", "482"),
    ("fr-cvv", "et le cryptogramme au dos ?", "517", "517"),
    ("de-cvv", "und die dreistellige Prüfnummer hinten?", "093.", "093"),
    ("pt-cvv", "e o código de segurança atrás?", "6604", "6604"),
]
INTL_NOT_ANSWERS: list[tuple[str, str, str]] = [
    ("es-passport", "¿cuándo vence su pasaporte?", "06/27"),
    ("de-passport", "wann läuft ihr Reisepass ab, gültig bis?", "06/27"),
    ("fr-birth", "et votre date de naissance, expiration style MM/AA ?", "04/85"),
    ("pt-postcode", "e o código postal?", "123"),
    ("es-order", "¿y el número de pedido?", "482"),
    ("es-no-question", "gracias, un momento", "482"),
]
ALL = [*SHAPES, *AZURE]
IDS = ["lens", "lens-pretty", "realtime", "chat", "azure-batch", "azure-realtime"]


@pytest.mark.parametrize("shape", ALL, ids=IDS)
@pytest.mark.parametrize(("question", "answer", "value"), [pytest.param(*r[1:], id=r[0]) for r in INTL_ANSWERS])
def test_a_question_in_another_language(shape: object, question: str, answer: str, value: str) -> None:
    assert {s.value for s in Engine().scan_text(shape(question, answer))} == {value}  # type: ignore[operator]


@pytest.mark.parametrize("shape", ALL, ids=IDS)
@pytest.mark.parametrize(("question", "answer"), [pytest.param(*r[1:], id=r[0]) for r in INTL_NOT_ANSWERS])
def test_another_languages_other_questions(shape: object, question: str, answer: str) -> None:
    assert Engine().scan_text(shape(question, answer)) == []  # type: ignore[operator]


@pytest.mark.parametrize(("answer", "found"), [("one two three four five", []), ("one two three", ["123"]),
                                               ("oh, it's four five six", ["456"]), ("nine nine one two three", [])])
def test_a_code_said_in_words_that_run_on_is_a_longer_number(answer: str, found: list[str]) -> None:
    for shape in ALL:
        assert sorted({s.value for s in Engine().scan_text(shape("And the CVV please?", answer))}) == found


_WORDS = {"es": "cero uno dos tres cuatro cinco seis siete ocho nueve", "fr": "zéro un deux trois quatre cinq six sept"
          " huit neuf", "de": "null eins zwei drei vier fünf sechs sieben acht neun",
          "pt": "zero um dois três quatro cinco seis sete oito nove"}


def _said_in(lang: str, value: str) -> str:
    """The value as the lexical reading writes it in the caller's language: ``06/27`` is ``cero seis / dos siete``."""
    words = _WORDS[lang].split()
    return " ".join("/" if c == "/" else words[int(c)] for c in value)


@pytest.mark.parametrize(("lang", "question", "answer", "value"),
                         [pytest.param(r[0][:2], *r[1:], id=r[0]) for r in INTL_ANSWERS])
def test_the_lexical_reading_in_the_questions_language(lang: str, question: str, answer: str, value: str) -> None:
    """Azure's lexical reading of an answer in digit words of the caller's language (``zéro huit / deux cinq``) is
    the answer too, on its own line."""
    text = azure_batch(question, answer)
    said = _said_in(lang, value)
    text = text.replace(f'"lexical": "{_lexical(answer)}"', f'"lexical": " {said}"')
    spans = Engine().scan_text(text)
    assert {s.value for s in spans} == {value}
    assert text.count("\n", 0, text.index(said)) in {text.count("\n", 0, s.start) for s in spans}


@pytest.mark.parametrize("lang", ["es", "fr", "de"])
def test_digit_words_after_another_question_are_no_answer(lang: str) -> None:
    text = azure_batch("¿y el número de pedido?", "482")
    text = text.replace(f'"lexical": "{_lexical("482")}"', f'"lexical": " {_said_in(lang, "482")}"')
    assert Engine().scan_text(text) == []
