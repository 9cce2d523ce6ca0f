"""Card data typed in a chat export, one message a line (``scanners.detectors.chatlog``): an expiry or a security
code alone in a message answers the question a few lines above it, in CSV exports (SMS, Connect chat), WhatsApp
exports and ``[time] Name: text`` logs; a number that answers a question for anything else stays quiet."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors.chatlog import _SPEAKER, _labels
from scanners.engine.core import Engine


def csv_export(messages: list[tuple[str, str]]) -> str:
    """An SMS / chat CSV export: timestamp, sender, phone number, message text."""
    rows = ['"timestamp","sender","phone","message"']
    for i, (who, text) in enumerate(messages):
        phone = "+18005550100" if who == "Agent" else "+14155550123"
        rows.append(f'"2026-03-2{i % 10}T10:4{i % 10}:02.193Z","{who}","{phone}","{text}"')
    return "\n".join(rows) + "\n"


def whatsapp(messages: list[tuple[str, str]]) -> str:
    return "".join(f"24/07/2026, 01:{40 + i} - {who}: {text}\n" for i, (who, text) in enumerate(messages))


def bracketed(messages: list[tuple[str, str]]) -> str:
    return "\r\n".join(f"[2026-07-24 10:{21 + i}:05] {who}: {text}" for i, (who, text) in enumerate(messages))


def livechat(messages: list[tuple[str, str]]) -> str:
    """A live chat's plain-text transcript: "(06:11:46) Name: text"."""
    lines = (f"(06:{10 + i}:46) {who}: {text}\n" for i, (who, text) in enumerate(messages))
    return "Chat transcript\n\n" + "".join(lines)


def prompt(messages: list[tuple[str, str]]) -> str:
    """A call quoted on one line in a model prompt (a Bedrock Converse log): each turn after its speaker's label."""
    said = " ".join(f"{who.upper()}: {text}" for who, text in messages)
    body = {"text": f"Summarize this call: {said}"}
    return json.dumps({"operation": "Converse", "messages": [{"role": "user", "content": [body]}]}) + "\n"


def note(messages: list[tuple[str, str]]) -> str:
    """The same in a plain note line, title-case labels."""
    return "wrap-up: " + " ".join(f"{who}: {text}" for who, text in messages) + "\n"


SHAPES = [csv_export, whatsapp, bracketed, livechat, prompt, note]
IDS = ["csv", "whatsapp", "bracketed", "livechat", "prompt", "note"]
PAN = "4929069006792183"  # Luhn-valid, no published test card

# (case, messages, [(type, value)] besides the PAN)
FOUND: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    ("date-then-code", [("Customer", PAN), ("Agent", "And expiry + security code?"), ("Customer", "02/31"),
                        ("Customer", "9223")], [("expiry", "02/31"), ("cvv", "9223")]),
    ("two-questions", [("Agent", "What's the expiry date?"), ("Customer", "sure, 09/28"),
                       ("Agent", "And the security code on the back?"), ("Customer", "837")],
     [("expiry", "09/28"), ("cvv", "837")]),
    ("request", [("Agent", "Please type the CVV"), ("Customer", "it's 4 5 6")], [("cvv", "456")]),
    ("month-name", [("Agent", "When does the card expire?"), ("Customer", "December 29")], [("expiry", "12/29")]),
    ("card-then-code", [("Agent", "card number please."), ("Customer", " ".join(PAN[i : i + 4] for i in (0, 4, 8, 12))),
                        ("Agent", "and the CVV?"), ("Customer", "963.")], [("cvv", "963")]),
]
QUIET: list[tuple[str, list[tuple[str, str]]]] = [
    ("pin", [("Agent", "What's the 4 digit PIN?"), ("Customer", "8372")]),
    ("otp", [("Agent", "Enter the 4 digit code we texted you"), ("Customer", "8372")]),
    ("verification-code", [("Agent", "What is the verification code on your screen?"), ("Customer", "837")]),
    ("zip", [("Agent", "And the zip code on the card?"), ("Customer", "9021")]),
    ("order", [("Agent", "What's the 3 digit code on your order confirmation?"), ("Customer", "837")]),
    ("last-four", [("Agent", "What are the last four digits of the card?"), ("Customer", "4821")]),
    ("birth", [("Agent", "What's your date of birth? (MM/YY is fine)"), ("Customer", "04/85")]),
    ("delivery", [("Agent", "What delivery date suits you?"), ("Customer", "12/29")]),
    ("passport", [("Agent", "When does your passport expire?"), ("Customer", "12/29")]),
    ("no-question", [("Agent", "Thanks, one moment."), ("Customer", "837")]),
    ("statement-names-it", [("Agent", "Your CVV check failed, retrying."), ("Customer", "837")]),
    ("other-question-between", [("Agent", "And the CVV please?"), ("Customer", "sure"),
                                ("Agent", "How many tickets?"), ("Customer", "123")]),
    ("more-than-the-value", [("Agent", "And the CVV please?"), ("Customer", "I will call back at 1234 tomorrow")]),
    ("quantity", [("Agent", "How many seats do you need?"), ("Customer", "120")]),
    ("extension", [("Agent", "What's your extension?"), ("Customer", "412")]),
    ("zip-prefix", [("Agent", "What are the first three digits of your zip?"), ("Customer", "941")]),
    ("code-answered-with-words", [("Agent", "And the CVV?"), ("Customer", "I don't have the card here"),
                                  ("Agent", "No problem."), ("Customer", "412")]),
    ("too-many-answers-since", [("Agent", "And the CVV please?"), ("Customer", "12"), ("Customer", "34"),
                                ("Customer", "56"), ("Customer", "789")]),
]


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize(("messages", "expected"), [pytest.param(*c[1:], id=c[0]) for c in FOUND])
def test_an_answer_in_a_chat_export_is_found(
    each_engine: Engine, shape: object, messages: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    text = shape(messages)  # type: ignore[operator]
    spans = [s for s in each_engine.scan_text(text) if s.type != "pan"]
    assert [(s.type, s.value) for s in spans] == expected
    for s in spans:  # each value lies in a customer's message
        line = text[text.rfind("\n", 0, s.start) + 1 : s.end]
        labels = re.findall(r"([A-Za-z]+): ", line)  # a one-line conversation: the last label is the customer's
        assert labels[-1].lower() == "customer" if labels else "Customer" in line


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("messages", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_other_answers_stay_quiet(each_engine: Engine, shape: object, messages: list[tuple[str, str]]) -> None:
    assert each_engine.scan_text(shape(messages)) == []  # type: ignore[operator]


# A call transcript a line a turn, as speech-to-text writes it: the prompt is the value's name with no question mark,
# the answer digits or digit words
SPOKEN: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    ("noun-prompts", [("AGENT", "expiration date"), ("CALLER", "11/30"), ("AGENT", "and the security code"),
                      ("CALLER", "946")], [("expiry", "11/30"), ("cvv", "946")]),
    ("spelled-answers", [("AGENT", "expiration date"), ("CALLER", "zero five three zero"),
                         ("AGENT", "and the three digit security code on the back"), ("CALLER", "eight three one")],
     [("expiry", "05/30"), ("cvv", "831")]),
    ("statement-then-digits", [("AGENT", "your cvv check failed"), ("CALLER", "946")], []),
    ("statement-then-words", [("AGENT", "the expiry date was updated"), ("CALLER", "zero five three zero")], []),
    ("words-no-prompt", [("AGENT", "one moment"), ("CALLER", "eight three one")], []),
    # digit words of the other languages callers answer in
    ("pt-words", [("AGENT", "E o código de segurança atrás?"), ("CALLER", "três oito quatro três")],
     [("cvv", "3843")]),
    ("es-words", [("AGENT", "¿Fecha de vencimiento?"), ("CALLER", "uno cero tres cero"),
                  ("AGENT", "¿Y el código de seguridad de atrás?"), ("CALLER", "cinco dos cuatro")],
     [("expiry", "10/30"), ("cvv", "524")]),
    ("es-room-words", [("AGENT", "¿Número de habitación?"), ("CALLER", "tres dos nueve")], []),
]


@pytest.mark.parametrize(("messages", "expected"), [pytest.param(*c[1:], id=c[0]) for c in SPOKEN])
def test_a_spoken_answer_after_a_named_prompt(
    each_engine: Engine, messages: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    text = "".join(f"[20:{41 + i}] {who}: {said}\n" for i, (who, said) in enumerate(messages))
    assert [(s.type, s.value) for s in each_engine.scan_text(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"sku","name","expiry"\n"1","milk","12/29"\n', id="csv-header-names-a-column"),
        pytest.param('"id","question","answer"\n"7","What is the CVV?","text"\n"8","x","837"\n', id="not-above"),
        pytest.param("[10:21] Agent: And the CVV?\nretry scheduled\n[10:22] Customer: 837\n", id="log-line-between"),
        pytest.param("10:21 INFO cvv check: what is the cvv?\n10:22 INFO retries: 837\n", id="log-lines"),
    ],
)
def test_lines_that_are_no_chat_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


_GLUED = [" AGENT: ", "xAGENT: ", "_Agent: ", "9User: ", "REPRESENTATIVE: ", "REPREP: ", "Customer:", "CUSTOMER: ",
          "customer: ", "é", "Rep: Rep: ", "UserUser: ", "\n", "-Bot: ", "abc"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_GLUED), max_size=12).map("".join), st.integers(0, 200), st.integers(0, 200))
def test_speaker_labels_are_those_no_word_character_precedes(text: str, lo: int, hi: int) -> None:
    # the labels of a one-line conversation: as a search with a look-behind finds them, from any start (``lo`` may cut
    # a word: the character before it still counts)
    reference = re.compile(r"(?<![A-Za-z0-9_])" + _SPEAKER + ": ")
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    assert [m.span() for m in _labels(text, lo, hi)] == [m.span() for m in reference.finditer(text, lo, hi)]


@pytest.mark.parametrize("label", ["myCustomer", "CUSTOMER_", "2CUSTOMER"])
def test_a_label_glued_to_a_word_is_no_turn(each_engine: Engine, label: str) -> None:
    # the near miss of "card-then-code": the code's label is part of a longer word
    said = f"wrap-up: Agent: card number please. Customer: 4111. Agent: and the CVV? {label}: 963.\n"
    assert [s for s in each_engine.scan_text(said) if s.type == "cvv"] == []


# A call transcribed as one run of speech with no speaker's turns (Transcribe without speaker labels): the answer
# right after the question's mark
RUN = [
    ("cvv", "and the three digit security code on the back? 556 perfect, that went through", [("cvv", "556")]),
    ("date-then-code", "and the expiry date? 01/30 what's the CVV? 421 thanks", [("expiry", "01/30"), ("cvv", "421")]),
    ("date-then-a-phrase", "what's the expiration date on the card? 08/25 anything else", [("expiry", "08/25")]),
    ("es", "\u00bfy el c\u00f3digo de seguridad de atr\u00e1s? 024 perfecto, ya est\u00e1 aprobado", [("cvv", "024")]),
    ("de", "und die dreistellige Pr\u00fcfnummer hinten? 289 danke, alles erledigt", [("cvv", "289")]),
    ("fr", "et le cryptogramme au dos ? 9047 merci, c'est valid\u00e9", [("cvv", "9047")]),
    # near misses: a question for something else, the value named clauses before, a longer number, a count
    ("birth", "and your date of birth? 10/26 ok", []),
    ("order", "expiry fine. what is the order number? 4411 ok", []),
    ("named-before-comma", "the cvv was fine, how many units? 272 ok", []),
    ("named-words-before", "the cvv was fine how many units? 272 ok", []),
    ("digits-after", "what's the CVV? 531 942 ok", []),
    ("count", "what's the CVV? 3 digits on the back", []),
    ("where", "ok, where is the security code printed on the card? 372 pages on the manual", []),
    ("postcode", "the expiry is fine. and the postcode? 2145 thanks", []),
]


@pytest.mark.parametrize("escaped", [True, False])
@pytest.mark.parametrize(("said", "expected"), [pytest.param(*c[1:], id=c[0]) for c in RUN])
def test_an_answer_right_after_its_question_in_a_run_of_speech(
    each_engine: Engine, said: str, expected: list[tuple[str, str]], escaped: bool
) -> None:
    text = json.dumps({"results": {"transcripts": [{"transcript": said}]}}, ensure_ascii=escaped)
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text)) == sorted(expected)


@pytest.mark.parametrize("shape", [bracketed, livechat], ids=["bracketed", "livechat"])
@pytest.mark.parametrize("name", ["Hans M\u00fcller", "\u00c9milie Roux", "Jo\u00e3o Silva"])
def test_a_name_outside_ascii_names_the_speaker(each_engine: Engine, shape: object, name: str) -> None:
    said = [("Support Bot", "and the expiry date?"), (name, "12/29"), ("Support Bot", "and the CVV?"), (name, "837")]
    asked = shape(said)  # type: ignore[operator]
    assert [(s.type, s.value) for s in each_engine.scan_text(asked)] == [("expiry", "12/29"), ("cvv", "837")]
    other = shape([("Support Bot", "your date of birth?"), (name, "12/29")])  # type: ignore[operator]
    assert each_engine.scan_text(other) == []


@pytest.mark.parametrize("shape", [bracketed, livechat], ids=["bracketed", "livechat"])
def test_an_agent_named_with_a_team_asks(each_engine: Engine, shape: object) -> None:
    said = [("Kevin (Billing)", "what's the expiration date on the card?"), ("Maria Garcia", "12/29")]
    assert [(s.type, s.value) for s in each_engine.scan_text(shape(said))] == [("expiry", "12/29")]  # type: ignore[operator]
    said = [("Kevin (Billing)", "what's your date of birth?"), ("Maria Garcia", "12/29")]
    assert each_engine.scan_text(shape(said)) == []  # type: ignore[operator]
