"""A bare answer in a transcript written one turn a line with no time stamp (``scanners.detectors.role_lines``): each
line led by its speaker's role (plain text, lower-case roles in a gzip+base64 transcript inside a JSON event, an HTML
mail body's paragraphs quoted-printable with soft breaks and escaped letters), or by nothing (an Outlook message
saved as text, the question ending its line with "?"). The answer is the whole next turn after the turn that asks
for the value; an answer to another question, a turn with more than the value, a number asked for by nothing, the
same speaker's second turn stay quiet."""

from __future__ import annotations

import base64
import gzip
import json
import quopri

import pytest

from scanners.engine.core import Engine

ROLE = {"agent": "Agent", "customer": "Customer"}


def labelled(messages: list[tuple[str, str]]) -> str:
    return "Call transcript\n" + "".join(f"{ROLE[who]}: {said}\n" for who, said in messages)


def gzip_event(messages: list[tuple[str, str]]) -> str:
    plain = "\n".join(f"{who}: {said}" for who, said in messages).encode()
    blob = base64.b64encode(gzip.compress(plain, mtime=0)).decode()
    event = {"eventId": "684961ce-b4ae-405d-86db-2e4159801c92", "contentEncoding": "gzip", "transcript_b64": blob}
    return json.dumps(event) + "\n"


def qp_html(messages: list[tuple[str, str]]) -> str:
    body = "\n".join(quopri.encodestring(f'<p class="MsoNormal">{ROLE[who]}: {said}</p>'.encode()).decode().rstrip()
                     for who, said in messages)
    return ("From ana@example.com 08 Jul 2025 05:56:05 +0000\nSubject: card details\nContent-Type: text/html; "
            'charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n<html><body>\n' + body
            + "\n</body></html>\n")


def outlook(messages: list[tuple[str, str]]) -> str:
    lines = "\r\n".join(said for _, said in messages)
    return f"From:\tAna Rossi\r\nSent:\tSat, 29 Jun 2024 12:35:40 +0000\r\nSubject:\tcard\r\n\r\n{lines}\r\n"


SHAPES = [labelled, gzip_event, qp_html, outlook]
IDS = ["labelled", "gzip", "qp-html", "outlook"]

FOUND: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    ("en", [("agent", "And the expiry date?"), ("customer", "11 / 29"),
            ("agent", "And the three digit security code on the back of the card, please?"), ("customer", "617")],
     [("cvv", "617"), ("expiry", "11/29")]),
    ("es", [("agent", "¿Y la fecha de caducidad de la tarjeta que tiene en la mano?"), ("customer", "12/25"),
            ("agent", "¿Y el código de seguridad?"), ("customer", "297")], [("cvv", "297"), ("expiry", "12/25")]),
    ("de", [("agent", "Und das Ablaufdatum?"), ("customer", "04-31"),
            ("agent", "Und die Prüfnummer auf der Rückseite?"), ("customer", "783")],
     [("cvv", "783"), ("expiry", "04/31")]),
    ("fr-two-answers", [("agent", "Et la date d'expiration ?"), ("customer", "0427"), ("customer", "3543")],
     [("expiry", "04/27")]),
    ("pt-month", [("agent", "E a data de validade?"), ("customer", "junho 2029")], [("expiry", "06/29")]),
]
QUIET: list[tuple[str, list[tuple[str, str]]]] = [
    ("no-question", [("agent", "Thanks, one moment."), ("customer", "837")]),
    ("room", [("agent", "Which room are you staying in?"), ("customer", "236")]),
    ("quantity", [("agent", "How many units do you need?"), ("customer", "599")]),
    ("delivery", [("agent", "What delivery date suits you?"), ("customer", "12/29")]),
    ("more-than-the-value", [("agent", "And the CVV please?"), ("customer", "I will call back at 1234 tomorrow")]),
    ("answer-between", [("agent", "And the CVV please?"), ("customer", "sure"), ("agent", "How many tickets?"),
                        ("customer", "123")]),
    ("statement", [("agent", "The security code check failed."), ("customer", "417")]),
]
SAME_SPEAKER = [("customer", "What is the CVV for?"), ("customer", "837")]


def _values(engine: Engine, text: str) -> list[tuple[str, str]]:
    return sorted((s.type, s.value) for s in engine.scan_text(text) if s.type != "pan")


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize(("messages", "expected"), [pytest.param(*c[1:], id=c[0]) for c in FOUND])
def test_a_bare_answer_on_a_transcript_line_is_found(
    each_engine: Engine, shape: object, messages: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert _values(each_engine, shape(messages)) == expected  # type: ignore[operator]


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("messages", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_other_lines_stay_quiet(each_engine: Engine, shape: object, messages: list[tuple[str, str]]) -> None:
    assert _values(each_engine, shape(messages)) == []  # type: ignore[operator]


@pytest.mark.parametrize("shape", [labelled, gzip_event, qp_html], ids=IDS[:3])
def test_the_same_speakers_next_line_answers_nothing(each_engine: Engine, shape: object) -> None:
    assert _values(each_engine, shape(SAME_SPEAKER)) == []  # type: ignore[operator]


def test_the_answer_is_reported_on_its_own_line(each_engine: Engine) -> None:
    text = qp_html([("agent", "And the three digit security code on the back of the card, please?"),
                    ("customer", "617")])
    (span,) = each_engine.scan_text(text)
    assert text[span.start : span.end] == "617" and span.start == text.index("Customer: 617") + len("Customer: ")
