"""A bare answer in a help-desk thread's next message (``scanners.detectors.threads``): Zendesk comments, Freshdesk
conversations, Zoho Desk threads, Help Scout threads, ServiceNow journal entries, Genesys phrases, Messenger events.
The answer is a whole message's body (HTML tags around it at most), from the other party, right after a message that
asks for the value in any of the eight languages; an answer to another question, the same party's second message, a
value inside a longer message stay quiet."""

from __future__ import annotations

import html
import json

import pytest

from scanners.engine.core import Engine

AGENT, CUSTOMER = 582114242043, 611103047909


def zendesk(messages: list[tuple[str, str]]) -> str:
    """A comments page, pretty-printed: each comment's text as body, html_body and plain_body."""
    comments = [{"id": 9000 + i, "type": "Comment", "author_id": AGENT if who == "agent" else CUSTOMER, "body": said,
                 "html_body": f'<div class="zd-comment" dir="auto"><p>{html.escape(said)}</p></div>',
                 "plain_body": said, "public": True,
                 "via": {"channel": "web", "source": {"from": {}, "to": {}, "rel": None}}}
                for i, (who, said) in enumerate(messages)]
    return json.dumps({"comments": comments, "next_page": None, "count": len(comments)}, indent=2,
                      ensure_ascii=False)


def freshdesk(messages: list[tuple[str, str]]) -> str:
    return json.dumps([{"body": f"<div>{html.escape(said)}</div>", "body_text": said, "id": 61195652132 + i,
                        "incoming": who != "agent", "private": False, "user_id": AGENT if who == "agent" else CUSTOMER}
                       for i, (who, said) in enumerate(messages)], indent=1, ensure_ascii=False)


def zoho(messages: list[tuple[str, str]]) -> str:
    return json.dumps({"data": [{"id": str(959435712147770801 + i), "channel": "CHAT",
                                 "direction": "out" if who == "agent" else "in", "summary": said,
                                 "content": f"<div>{html.escape(said)}<br></div>", "contentType": "text/html",
                                 "author": {"type": "AGENT" if who == "agent" else "END_USER"}}
                                for i, (who, said) in enumerate(messages)]}, ensure_ascii=False) + "\n"


def helpscout(messages: list[tuple[str, str]]) -> str:
    return json.dumps({"_embedded": {"threads": [
        {"id": 6427947627 + i, "type": "message" if who == "agent" else "customer", "body": said,
         "createdBy": {"id": 12 if who == "agent" else 3456, "type": "user" if who == "agent" else "customer"}}
        for i, (who, said) in enumerate(messages)]}}, indent=2, ensure_ascii=False)


def servicenow(messages: list[tuple[str, str]]) -> str:
    return json.dumps({"result": [{"sys_id": f"{i:032x}", "element": "comments", "name": "incident",
                                   "sys_created_by": "jsmith" if who == "agent" else "guest", "value": said}
                                  for i, (who, said) in enumerate(messages)]}, indent=2, ensure_ascii=False)


def messenger(messages: list[tuple[str, str]]) -> str:
    """Page webhook events, one a line; the page's replies are echoes; non-ASCII written as ``\\uXXXX``."""
    page, user = "456886406083673", "8735212218465332"
    lines = []
    for i, (who, said) in enumerate(messages):
        sender, recipient = (page, user) if who == "agent" else (user, page)
        message: dict[str, object] = {"mid": f"m_{i:040x}", "text": said}
        if who == "agent":
            message["is_echo"] = True
        lines.append(json.dumps({"object": "page", "entry": [{"id": page, "time": 1739365965000, "messaging": [
            {"sender": {"id": sender}, "recipient": {"id": recipient}, "timestamp": 1719526914000 + i,
             "message": message}]}]}))
    return "\n".join(lines) + "\n"


SHAPES = [zendesk, freshdesk, zoho, helpscout, servicenow, messenger]
IDS = ["zendesk", "freshdesk", "zoho", "helpscout", "servicenow", "messenger"]

FOUND: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    ("en", [("agent", "And the expiry date?"), ("customer", "09/31"), ("agent", "Last thing, the CVV please."),
            ("customer", "081")], [("expiry", "09/31"), ("cvv", "081")]),
    ("es", [("agent", "¿Fecha de vencimiento?"), ("customer", "02-32"),
            ("agent", "¿Y el código de seguridad de atrás?"), ("customer", "4721")],
     [("expiry", "02/32"), ("cvv", "4721")]),
    ("de", [("agent", "Bis wann ist die Karte gültig?"), ("customer", "Januar 2029"),
            ("agent", "Und die Prüfnummer auf der Rückseite?"), ("customer", "060")],
     [("expiry", "01/29"), ("cvv", "060")]),
    ("fr", [("agent", "Et la date d'expiration ?"), ("customer", "0530"), ("agent", "Et le cryptogramme au dos ?"),
            ("customer", "913")], [("expiry", "05/30"), ("cvv", "913")]),
    ("pl", [("agent", "A data ważności?"), ("customer", "11 / 27"), ("agent", "A kod CVV z tyłu karty?"),
            ("customer", "555")], [("expiry", "11/27"), ("cvv", "555")]),
    ("nl-it-pt", [("agent", "En de vervaldatum?"), ("customer", "7/28"),
                  ("agent", "E il codice di sicurezza sul retro?"), ("customer", "832"),
                  ("agent", "E o código de segurança no verso?"), ("customer", "914")],
     [("cvv", "832"), ("cvv", "914"), ("expiry", "07/28")]),
    # said in digit words, as a call's speech-to-text writes the caller's turn (Genesys ``decoratedText``)
    ("words", [("agent", "¿Fecha de vencimiento?"), ("customer", "uno cero tres cero"),
               ("agent", "Last thing, the CVV please."), ("customer", "nine one six")],
     [("cvv", "916"), ("expiry", "10/30")]),
    ("words-month", [("agent", "What's the expiration date on the card?"), ("customer", "September twenty thirty two"),
                     ("agent", "En de beveiligingscode op de achterkant?"), ("customer", "zes vier vier")],
     [("cvv", "644"), ("expiry", "09/32")]),
]
QUIET: list[tuple[str, list[tuple[str, str]]]] = [
    ("no-question", [("agent", "Thanks, one moment."), ("customer", "837")]),
    ("other-question", [("agent", "How many seats do you need?"), ("customer", "120")]),
    ("pin", [("agent", "What's the 4 digit PIN?"), ("customer", "8372")]),
    ("delivery", [("agent", "What delivery date suits you?"), ("customer", "12/29")]),
    ("statement", [("agent", "Your CVV check failed, retrying."), ("customer", "837")]),
    ("same-party", [("customer", "What is the CVV for?"), ("customer", "837")]),
    ("more-than-the-value", [("agent", "And the CVV please?"), ("customer", "I will call back at 1234 tomorrow")]),
    ("other-question-words", [("agent", "What's your room number?"), ("customer", "three two nine")]),
    ("words-run-on", [("agent", "And the CVV please?"), ("customer", "six one two three four five six seven")]),
]


def _values(engine: Engine, text: str) -> list[tuple[str, str]]:
    return sorted({(s.type, s.value) for s in engine.scan_text(text) if s.type != "pan"})


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize(("messages", "expected"), [pytest.param(*c[1:], id=c[0]) for c in FOUND])
def test_a_bare_answer_in_a_thread_is_found(
    each_engine: Engine, shape: object, messages: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert _values(each_engine, shape(messages)) == sorted(expected)  # type: ignore[operator]


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_every_copy_of_the_answer_is_reported(each_engine: Engine, shape: object) -> None:
    """Zendesk writes a comment three times (body, html_body, plain_body): each line is reported."""
    text = shape([("agent", "Last thing, the CVV please."), ("customer", "081")])  # type: ignore[operator]
    spans = [s for s in each_engine.scan_text(text) if s.type == "cvv"]
    copies = {"zendesk": 3, "freshdesk": 2, "zoho": 2}.get(shape.__name__, 1)  # type: ignore[attr-defined]
    assert len(spans) == copies and all(text[s.start : s.end] == "081" for s in spans)


# A Messenger message's ``text`` is a speech or chat turn too, which ``dialogue`` reads with no author and no
# question mark needed (a spoken prompt has none): these two cases hold for the other shapes only
_TURN_READ = {"statement", "same-party"}


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize(("case", "messages"), [pytest.param(*c, id=c[0]) for c in QUIET])
def test_other_messages_stay_quiet(
    each_engine: Engine, shape: object, case: str, messages: list[tuple[str, str]]
) -> None:
    if shape is messenger and case in _TURN_READ:
        pytest.skip("read as speech turns (dialogue)")
    assert _values(each_engine, shape(messages)) == []  # type: ignore[operator]


def test_the_first_comment_of_a_page_answers_nothing_on_the_page_above(each_engine: Engine) -> None:
    """One page a line: a page's first comment has no comment before it; the page above is a whole other thread."""
    one = json.dumps({"comments": [{"id": 1, "author_id": AGENT, "body": "And the CVV please?"}]})
    two = json.dumps({"comments": [{"id": 2, "author_id": CUSTOMER, "body": "837"},
                                   {"id": 3, "author_id": AGENT, "body": "Thanks, anything else?"}]})
    assert _values(each_engine, f"{one}\n{two}\n") == []


def test_a_card_numbers_second_half_is_no_date(each_engine: Engine) -> None:
    """The groups of a card number said over two messages are no expiry, whatever the turn before asked."""
    turns = [{"Content": "I need to update the card on file, the old one expired."}, {"Content": "4530 5854"},
             {"Content": "1129 0522"}]
    assert [s for s in each_engine.scan_text(json.dumps(turns, indent=1)) if s.type == "expiry"] == []
