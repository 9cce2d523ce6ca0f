"""A security code or expiry date answered in the caller's turn after the question that asks for it, in the turn
shapes of Contact Lens (post-call output, compact and pretty-printed; real-time segments one per line) and chat; and
the answers that are not one (another question before, more than the value in the turn, no question at all)."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine


def _turn(who: str, content: str, begin: int) -> dict[str, object]:
    return {"BeginOffsetMillis": begin, "Content": content, "EndOffsetMillis": begin + 1900, "Id": f"seg-{begin}",
            "LoudnessScore": [71.2, 74.9, 69.3], "ParticipantId": who, "Sentiment": "NEUTRAL"}


def lens(question: str, answer: str, indent: int | None = None) -> str:
    """A Contact Lens post-call output with the agent's question and the customer's answer."""
    turns = [_turn("AGENT", "Thanks for calling, how can I help?", 0), _turn("CUSTOMER", "I want to pay my bill", 2000),
             _turn("AGENT", question, 4000), _turn("CUSTOMER", answer, 6000)]
    return json.dumps({"Version": "1.1.0", "Channel": "VOICE", "Transcript": turns}, indent=indent)


def realtime(question: str, answer: str) -> str:
    """Contact Lens real-time segments, one event per line."""
    return "\n".join(json.dumps({"Segments": [{"Transcript": {"ParticipantRole": role, "Content": text}}]})
                     for role, text in (("AGENT", question), ("CUSTOMER", answer)))


def chat(question: str, answer: str) -> str:
    return json.dumps({"messages": [{"role": "agent", "text": question}, {"role": "customer", "text": answer}]})


SHAPES = [lens, lambda q, a: lens(q, a, indent=2), realtime, chat]
ANSWERS: list[tuple[str, str, str, str]] = [
    ("cvv-spaced", "Could you read me the security code on the back?", "Sure, it's 4 5 6.", "456"),
    ("cvv-words", "And the CVV please?", "one two three", "123"),
    ("cvv-digits", "What's the three digit code on the back of the card?", "737", "737"),
    ("cvv-four", "And the four digit security code on the front?", "Yes, 1234", "1234"),
    ("expiry-words", "And the expiry date?", "twelve thirty", "12/30"),
    ("expiry-word-and-digits", "And the expiry date?", "Twelve 29.", "12/29"),
    ("expiry-written", "When does the card expire?", "09/29", "09/29"),
    ("expiry-month-name", "What's the expiration date on the card?", "Okay, December twenty thirty.", "12/30"),
]
NOT_ANSWERS: list[tuple[str, str, str]] = [
    ("other-question", "What is your postcode?", "1234"),
    ("more-than-the-value", "And the CVV please?", "I will call back at 1234 tomorrow"),
    ("value-then-words", "And the CVV please?", "456 is my door number"),
    ("no-question", "Thanks, one moment.", "737"),
    ("question-about-a-date", "What date would you like to pay on?", "12/30"),
    ("too-many-digits", "And the CVV please?", "12345"),
    ("pin", "And the four digit PIN?", "8372"),
    ("one-time-code", "Read me the 4 digit code we texted you", "8372"),
    ("zip-on-the-card", "What's the zip code on the card?", "9021"),
    ("last-four", "What are the last four digits of the card?", "4821"),
    ("other-expiry", "When does your passport expire?", "12/29"),
    ("date-of-birth", "And your date of birth, expiry style MM/YY?", "04/85"),
]


@pytest.mark.parametrize("shape", SHAPES, ids=["lens", "lens-pretty", "realtime", "chat"])
@pytest.mark.parametrize(("question", "answer", "value"), [pytest.param(*r[1:], id=r[0]) for r in ANSWERS])
def test_the_answer_is_found(each_engine: Engine, shape: object, question: str, answer: str, value: str) -> None:
    text = shape(question, answer)  # type: ignore[operator]
    spans = each_engine.scan_text(text)
    assert [s.value for s in spans] == [value]
    assert text[spans[0].start : spans[0].end] in answer  # the span is the value in the answer turn


@pytest.mark.parametrize("shape", SHAPES, ids=["lens", "lens-pretty", "realtime", "chat"])
@pytest.mark.parametrize(("question", "answer"), [pytest.param(*r[1:], id=r[0]) for r in NOT_ANSWERS])
def test_other_turns_are_not_answers(each_engine: Engine, shape: object, question: str, answer: str) -> None:
    assert each_engine.scan_text(shape(question, answer)) == []  # type: ignore[operator]


def test_answers_in_a_row_answer_the_question_before_them(each_engine: Engine) -> None:
    """The card number, the date, then the code, each in a turn of its own after one question for them all."""
    turns = [_turn("AGENT", "Can I have the card number?", 0), _turn("CUSTOMER", "4929069006792183", 900),
             _turn("AGENT", "And expiry + security code?", 2000), _turn("CUSTOMER", "02/31", 3000),
             _turn("CUSTOMER", "9223", 4000)]
    spans = each_engine.scan_text(json.dumps({"Transcript": turns}))
    assert [(s.type, s.value) for s in spans if s.type != "pan"] == [("expiry", "02/31"), ("cvv", "9223")]
    more = [*turns[:3], *(_turn("CUSTOMER", n, 5000 + i) for i, n in enumerate(("12", "34", "56"))), turns[4]]
    assert [s.type for s in each_engine.scan_text(json.dumps({"Transcript": more})) if s.type == "cvv"] == []


def test_the_question_must_be_the_turn_right_before() -> None:
    turns = [_turn("AGENT", "And the CVV please?", 0), _turn("CUSTOMER", "sure", 900),
             _turn("AGENT", "How many tickets?", 2000), _turn("CUSTOMER", "123", 3000)]
    assert Engine().scan_text(json.dumps({"Transcript": turns})) == []


@pytest.mark.parametrize(
    ("slot", "typed", "found"),
    [("SecurityCode", "837", ["837"]), ("ExpiryDate", "0927", ["09/27"]), ("TicketCount", "837", [])],
)
def test_a_lex_dtmf_answer_is_named_by_the_slot_being_elicited(slot: str, typed: str, found: list[str]) -> None:
    record = {"inputMode": "DTMF", "inputTranscript": typed, "sessionState": {"dialogAction": {
        "type": "ElicitSlot", "slotToElicit": slot}, "intent": {"name": "Pay", "slots": {slot: None}}}}
    for indent in (None, 2):
        assert [s.value for s in Engine().scan_text(json.dumps(record, indent=indent))] == found


@pytest.mark.parametrize(
    ("slot", "said", "found"),
    [("ExpiryDate", "cvv 0328", [("cvv", "0328")]), ("ExpiryDate", "expiry 0328", [("expiry", "03/28")]),
     ("ExpiryDate", "0328", [("expiry", "03/28")]), ("SecurityCode", "cvc 0328", [("cvv", "0328")])],
)
def test_an_answer_naming_another_card_element_is_not_the_slot_elicited(
    each_engine: Engine, slot: str, said: str, found: list[tuple[str, str]]
) -> None:
    """Lex eliciting the expiry while the caller reads the code ("cvv 0328"): the caller named what they said."""
    record = {"inputTranscript": said, "dialogState": "ElicitSlot", "slotToElicit": slot, "intent": "MakePayment"}
    assert [(s.type, s.value) for s in each_engine.scan_text(json.dumps(record))] == found


@pytest.mark.parametrize("shape", SHAPES, ids=["lens", "lens-pretty", "realtime", "chat"])
@pytest.mark.parametrize("answer", ["09/27 and 837", "837, 09/27.", "ok 09/27 837"])
def test_one_turn_answers_two_questions(shape: object, answer: str) -> None:
    spans = Engine().scan_text(shape("And the expiry date and the CVV?", answer))  # type: ignore[operator]
    assert sorted(s.value for s in spans) == ["09/27", "837"]


def test_a_card_number_read_in_groups_is_no_code_and_a_log_line_is_no_question() -> None:
    """A line between two turns that names the CVV asks nothing; a turn of four digit groups holds no code."""
    turns = [json.dumps({"Transcript": [_turn("CUSTOMER", "my card number is coming", 0)]}),
             "CVV check passed, 3DS not required",
             json.dumps({"Transcript": [_turn("CUSTOMER", "sure it is 6048, 8752, 7134, 7128", 900)]})]
    assert [s.type for s in Engine().scan_text("\n".join(turns)) if s.type != "pan"] == []
    asked = lens("And the CVV please?", "sure it is 6048, 8752, 7134, 7128")
    assert [s.type for s in Engine().scan_text(asked) if s.type != "pan"] == []


# A number read out for an order, reference or account desk is an id, not a card number; the same digits asked for as
# the card, or with more than fillers around them, stay a card number.
ID_PAN = "4929069006792183"  # Luhn-valid, no published test card
ID_ANSWERS = [
    ("order", "Can I have your order number?", f"Yes it's {ID_PAN}.", False),
    ("reference", "Can I take your reference number?", f"It's {ID_PAN}", False),
    ("account", "What's the account number on your invoice?", ID_PAN, False),
    ("membership", "And your membership number please?", f"sure, {ID_PAN}", False),
    ("card-question", "Can I have your card number?", f"Yes it's {ID_PAN}.", True),
    ("card-and-order", "What is the order number on your card?", ID_PAN, True),
    ("more-than-fillers", "Can I have your order number?", f"It's {ID_PAN} on my visa", True),
    ("no-question", "Thanks for holding.", ID_PAN, True),
    # the turn before already gives its id's number: it asks for nothing, the number after it is no answer to it
    ("reference-given", "The reference is 3281064354", f"It's {ID_PAN}", True),
    ("invoice-given", "I'd like to pay my invoice ORD-92262050", f"OK it is {ID_PAN}", True),
    ("reference-short-number", "Can I have reference 12?", f"It's {ID_PAN}", False),
    # ... or its code of letters and digits ("Can I get a reference, <code>?"); words of letters give none
    ("reference-code-given", "Can I get a reference, csH8L/1V9e5sI4SyyXGag?", f"It's {ID_PAN}", True),
    ("reference-words", "Can I get a reference, please, for the appointment-rescheduling?", f"It's {ID_PAN}", False),
    # a turn that only names an id word asks for nothing: a model's answer ending in its policy text
    ("policy-statement", "Refund requested. Lorem ipsum policy text.", f"It is {ID_PAN}.", True),
    ("order-statement", "Your order shipped yesterday.", ID_PAN, True),
    ("policy-you-can", "You can reach billing Monday to Friday. Lorem ipsum policy text.", f"It is {ID_PAN}.", True),
    ("order-request-unpunctuated", "can i have your order number", f"Yes it's {ID_PAN}.", False),
]


@pytest.mark.parametrize("shape", SHAPES, ids=["lens", "lens-pretty", "realtime", "chat"])
@pytest.mark.parametrize(("question", "answer", "card"), [pytest.param(*r[1:], id=r[0]) for r in ID_ANSWERS])
def test_a_number_asked_for_as_an_id_is_no_card(
    each_engine: Engine, shape: object, question: str, answer: str, card: bool
) -> None:
    spans = each_engine.scan_text(shape(question, answer))  # type: ignore[operator]
    assert [s.value for s in spans if s.type == "pan"] == ([ID_PAN] if card else [])


def test_a_19_digit_card_said_after_a_turn_that_gave_its_own_id() -> None:
    """A caller's 19-digit card number (spaced or not) after a turn that already said its invoice number."""
    for said in ("6461 8297 9988 6726 805", "6461829799886726805"):
        text = lens("I'd like to pay my invoice ORD-92262050", f"It's {said}")
        assert [s.value for s in Engine().scan_text(text) if s.type == "pan"] == [said.replace(" ", "")]


def test_a_published_test_card_is_reported_whatever_was_asked() -> None:
    assert [s.type for s in Engine().scan_text(lens("Can I have your order number?", "4111111111111111"))] == ["pan"]


def flow_record(block: str, prompt: str, result: str, indent: int | None = None, results_first: bool = False) -> str:
    """One Amazon Connect flow-log record (CloudWatch Logs), its members in either order the service writes."""
    members: dict[str, object] = {
        "ContactId": "27eaf19c-fc60-d86f-b4ec-b3c7e05ff37d", "ContactFlowName": "Take Payment",
        "ContactFlowModuleType": block, "Identifier": "Get input", "Timestamp": "2026-07-03T18:54:45.434Z",
        "Parameters": {"Text": prompt, "Timeout": "5", "MaxDigits": "4"}}
    record = {"Results": result, **members} if results_first else {**members, "Results": result}
    return json.dumps(record, indent=indent)


FLOW_CODE = "Enter the 3 digit security code on the back of your card"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(flow_record("GetUserInput", FLOW_CODE, "837"), ["837"], id="get-input"),
        pytest.param(flow_record("StoreUserInput", FLOW_CODE, "837", indent=4), ["837"], id="store-input-pretty"),
        pytest.param(flow_record("GetUserInput", FLOW_CODE, "4021", results_first=True), ["4021"], id="results-first"),
        pytest.param(flow_record("GetUserInput", "Enter your five digit zip code", "837"), [], id="other-prompt"),
        pytest.param(flow_record("GetUserInput", FLOW_CODE, "1"), [], id="menu-choice"),
        pytest.param(flow_record("PlayPrompt", FLOW_CODE, "837"), [], id="no-input-block"),
    ],
)
def test_a_code_keyed_in_at_a_connect_block_that_asks_for_it(each_engine: Engine, text: str, found: list[str]) -> None:
    assert [s.value for s in each_engine.scan_text(text) if s.type == "cvv"] == found


def _luhn(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


def _call_analytics(turns: list[tuple[str, str]]) -> str:
    """A Transcribe Call Analytics output: each segment's words repeated as ``Items`` of their own."""
    segments = []
    for n, (role, said) in enumerate(turns):
        items = [{"Confidence": 0.98, "Content": w.strip(".,?"), "Type": "pronunciation", "BeginOffsetMillis": n}
                 for w in said.split()]
        items.append({"Confidence": 0.0, "Content": ".", "Type": "punctuation", "BeginOffsetMillis": n})
        segments.append({"LoudnessScores": [71.5, 80.2, 77.9], "Content": said, "Id": f"seg-{n}",
                         "BeginOffsetMillis": n * 1000, "Sentiment": "NEUTRAL", "ParticipantRole": role,
                         "Items": items})
    return json.dumps({"JobStatus": "COMPLETED", "Transcript": segments}, separators=(",", ":"))


CALL_PAN = _luhn("537829106645732")


@pytest.mark.parametrize(
    ("turns", "found"),
    [
        pytest.param([("AGENT", "And the three digit security code on the back?"), ("CUSTOMER", "It's 540.")],
                     [("cvv", "540")], id="code"),
        pytest.param([("AGENT", "And the three digit security code on the back?"),
                      ("CUSTOMER", "It's seven four zero.")], [("cvv", "740")], id="code-in-words"),
        pytest.param([("AGENT", "And the expiration date?"), ("CUSTOMER", "Expires 11/29.")], [("expiry", "11/29")],
                     id="date"),
        pytest.param([("AGENT", "Can I have the long card number please?"),
                      ("CUSTOMER", f"Okay it's {CALL_PAN[:4]} {CALL_PAN[4:8]}"), ("AGENT", "Mm-hmm."),
                      ("CUSTOMER", f"{CALL_PAN[8:12]} {CALL_PAN[12:]}.")], [("pan", CALL_PAN)], id="split-number"),
        pytest.param([("AGENT", "Can I have your order number please?"), ("CUSTOMER", "It's 540.")], [],
                     id="order-number"),
    ],
)
def test_call_analytics_segments_not_their_word_items_are_turns(
    each_engine: Engine, turns: list[tuple[str, str]], found: list[tuple[str, str]]
) -> None:
    """The word items of a segment are no turns of their own: the answer's previous turn is the agent's segment."""
    spans = each_engine.scan_text(_call_analytics(turns))
    assert [(s.type, s.value) for s in spans] == found


def _telegram(*messages: str | list[object], entities: bool = True) -> str:
    """A Telegram Desktop export (``result.json``, indented as it writes it): a message is a plain string, or an
    array of plain strings and typed parts when it has formatting; ``text_entities`` (exports since 2021) repeats it
    as parts."""
    def parts(text: str | list[object]) -> list[object]:
        return [p if isinstance(p, dict) else {"type": "plain", "text": p} for p in ([text] if isinstance(text, str)
                                                                                     else text)]

    msgs = [{"id": 1000 + i, "type": "message", "date": "2024-09-05T18:21:55", "from": "Quentin", "from_id": "user501",
             "text": t, **({"text_entities": parts(t)} if entities else {})} for i, t in enumerate(messages)]
    return json.dumps({"name": "Support", "type": "personal_chat", "id": 2437, "messages": msgs}, indent=1)


_TG_PAN = next(b + c for b in ("630496067656",) for c in "0123456789" if luhn_valid(b + c))


@pytest.mark.parametrize(("part", "card"), [
    ("code", True), ("bold", True), ("pre", True), ("bank_card", True),
    (None, False),  # a message that is the number alone answers the question for the order number: an id
])
def test_a_number_in_a_rich_text_part_is_no_whole_answer(each_engine: Engine, part: str | None, card: bool) -> None:
    """A Telegram message "card `<number>` pls" after a message that asks to confirm an order: the number is a part of
    its message (``text`` array and ``text_entities``), not a message answering with an id."""
    grouped = f"{_TG_PAN[:4]} {_TG_PAN[4:8]} {_TG_PAN[8:]}"
    said: str | list[object] = grouped if part is None else ["card ", {"type": part, "text": grouped}, " pls"]
    text = _telegram("Please confirm the order number you attached.", said, entities=part is not None)
    assert [s.value for s in each_engine.scan_text(text) if s.type == "pan"] == [_TG_PAN] * (2 if card else 0)
