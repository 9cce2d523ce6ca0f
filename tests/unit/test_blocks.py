"""A bare answer in a transcript written as blocks of lines (``scanners.detectors.blocks``): Zoom's and Teams' WebVTT
cues, a ServiceNow activity stream as text, an Otter export. The answer is the whole text of the block right after
the block that asks for the value, from another speaker; an answer to another question, the same speaker's second
block, a value inside a longer text stay quiet."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

NAMES = {"agent": "Daan Rossi", "customer": "João Kowalski"}


def zoom(messages: list[tuple[str, str]]) -> str:
    cues = (f"{i + 1}\n00:02:{10 + i}.827 --> 00:02:{11 + i}.844\n{NAMES[who]}: {said}\n"
            for i, (who, said) in enumerate(messages))
    return "WEBVTT\n\n" + "\n".join(cues)


def teams(messages: list[tuple[str, str]]) -> str:
    cues = (f"cb28ac4e-a0ef-4669-89a2-1a7c49a542d5/{63 + i}-2\r\n00:01:{10 + i}.538 --> 00:01:{11 + i}.666\r\n"
            f"<v {NAMES[who]}>{said}</v>\r\n" for i, (who, said) in enumerate(messages))
    return "WEBVTT\r\n\r\n" + "\r\n".join(cues)


def servicenow(messages: list[tuple[str, str]]) -> str:
    kind = {"agent": "Work notes", "customer": "Additional comments"}
    blocks = (f"2025-01-31 15:{20 + i}:24 - {NAMES[who]} ({kind[who]})\n{said}\n"
              for i, (who, said) in enumerate(messages))
    return "Incident INC9837364\n" + "\n".join(blocks)


def otter(messages: list[tuple[str, str]]) -> str:
    blocks = (f"{NAMES[who] if who == 'agent' else 'Speaker 3'}  3:{10 + i}\n{said}\n"
              for i, (who, said) in enumerate(messages))
    return "\n".join(blocks) + "\n\nTranscribed by https://otter.ai\n"


SHAPES = [zoom, teams, servicenow, otter]
IDS = ["zoom", "teams", "servicenow", "otter"]

FOUND: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    ("en", [("agent", "And the expiry date?"), ("customer", "02/31"),
            ("agent", "And the three digit security code on the back?"), ("customer", "667")],
     [("cvv", "667"), ("expiry", "02/31")]),
    ("nl", [("agent", "En de vervaldatum?"), ("customer", "10/29"),
            ("agent", "En de beveiligingscode op de achterkant?"), ("customer", "429")],
     [("cvv", "429"), ("expiry", "10/29")]),
    ("pl", [("agent", "A data ważności?"), ("customer", "wrzesień 2031"), ("agent", "A kod CVV z tyłu karty?"),
            ("customer", "0833")], [("cvv", "0833"), ("expiry", "09/31")]),
    ("de", [("agent", "Bis wann ist die Karte gültig?"), ("customer", "4/25")], [("expiry", "04/25")]),
    # said in digit words, as speech-to-text writes a caller (a month and its year in English words too)
    ("en-words", [("agent", "And the expiry date?"), ("customer", "May twenty thirty three"),
                  ("agent", "Last thing, the CVV please."), ("customer", "one one eight")],
     [("cvv", "118"), ("expiry", "05/33")]),
    ("nl-words", [("agent", "En de vervaldatum?"), ("customer", "nul vijf twee zes"),
                  ("agent", "En de beveiligingscode op de achterkant?"), ("customer", "zes vier vier")],
     [("cvv", "644"), ("expiry", "05/26")]),
    ("pl-words", [("agent", "A data ważności?"), ("customer", "zero pięć dwa dziewięć"),
                  ("agent", "A kod CVV z tyłu karty?"), ("customer", "jeden dwa sześć")],
     [("cvv", "126"), ("expiry", "05/29")]),
    ("pt-words", [("agent", "E o código de segurança atrás?"), ("customer", "três oito quatro três")],
     [("cvv", "3843")]),
]
QUIET: list[tuple[str, list[tuple[str, str]]]] = [
    ("no-question", [("agent", "Thanks, one moment."), ("customer", "837")]),
    ("other-question", [("agent", "How many seats do you need?"), ("customer", "120")]),
    ("delivery", [("agent", "What delivery date suits you?"), ("customer", "12/29")]),
    ("same-speaker", [("customer", "What is the CVV for?"), ("customer", "837")]),
    ("more-than-the-value", [("agent", "And the CVV please?"), ("customer", "I will call back at 1234 tomorrow")]),
    ("answer-between", [("agent", "And the CVV please?"), ("customer", "sure"), ("agent", "How many tickets?"),
                        ("customer", "123")]),
    # words: an answer to another question, a phone number read digit by digit, words that run on
    ("other-question-words", [("agent", "What's your room number?"), ("customer", "three two nine")]),
    ("phone-words", [("agent", "And the CVV please?"), ("customer", "six one two three four five six seven")]),
    ("no-question-words", [("agent", "Thanks, one moment."), ("customer", "vier drie een")]),
]


def _values(engine: Engine, text: str) -> list[tuple[str, str]]:
    return sorted((s.type, s.value) for s in engine.scan_text(text) if s.type != "pan")


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize(("messages", "expected"), [pytest.param(*c[1:], id=c[0]) for c in FOUND])
def test_a_bare_answer_in_a_block_is_found(
    each_engine: Engine, shape: object, messages: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert _values(each_engine, shape(messages)) == expected  # type: ignore[operator]


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("messages", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_other_blocks_stay_quiet(each_engine: Engine, shape: object, messages: list[tuple[str, str]]) -> None:
    assert _values(each_engine, shape(messages)) == []  # type: ignore[operator]


def test_the_answer_is_reported_on_its_own_line(each_engine: Engine) -> None:
    text = teams([("agent", "A kod CVV z tyłu karty?"), ("customer", "126")])
    (span,) = each_engine.scan_text(text)
    assert text[span.start : span.end] == "126" and text.count("\n", 0, span.start) == 8
