"""SplitTurnPanDetector: a card number given in two consecutive messages of one party, each only digit groups, in
each way a record system writes one message after another (reported on the first message's digits); and the near
misses that stay quiet."""

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.split_turn_pan import SplitTurnPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = SplitTurnPanDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


V = luhn("492906900679218")  # a Visa number made for these tests
A = luhn("37828224631000")  # an Amex number
D14 = luhn("3056930902590")  # a Diners number, 4-6-4
V13 = luhn("422600000720")  # a 13-digit Visa number, 4-3-3-3
TWICE = next(h for h in (f"4929{k:04d}" for k in range(10000)) if luhn_valid(h + h))  # its 8 digits twice: a PAN
BAD = V[:-1] + str((int(V[-1]) + 1) % 10)  # not Luhn-valid
V1, V2 = f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"  # a Visa number's two halves, as said
A1, A2 = A[:4], f"{A[4:10]} {A[10:]}"  # an Amex number: its first group, then the rest
N1, N2 = D14[:4], f"{D14[4:10]} {D14[10:]}"
B1, B2 = f"{BAD[:4]} {BAD[4:8]}", f"{BAD[8:12]} {BAD[12:]}"


def logfmt(conv: list[str], said: list[str]) -> str:
    """An agent-assist service's log: a line per customer utterance, its conversation's id."""
    pairs = enumerate(zip(conv, said, strict=True))
    return "".join(f'2024-02-01T14:32:4{i}.403Z level=info svc=agent-assist conversation={c} msg="suggestion" '
                   f'last_utterance="{s}" suggestion="Confirm"\n' for i, (c, s) in pairs)


def form(senders: list[str], said: list[str]) -> str:
    """A debug log of an inbound-SMS form post (Plivo's parameters), URL-encoded."""
    pairs = enumerate(zip(senders, said, strict=True))
    return "".join(f"[2024-05-07T20:41:5{i}Z] DEBUG POST /sms/inbound body=From={f}&To=14155550100&Type=sms&Text="
                   f"{s.replace(' ', '+')}&MessageUUID=1c-{i}&Units=1\n" for i, (f, s) in pairs)


def pretty(senders: list[str], said: list[str]) -> str:
    """A bot API's update list, pretty-printed: each message's sender an object of its own."""
    rows = [f'  {{\n   "update_id": {i},\n   "message": {{\n    "message_id": {i},\n    "from": {{\n'
            f'     "id": {f},\n     "is_bot": false\n    }},\n    "date": 1704304153,\n    "text": "{s}"\n   }}\n  }}'
            for i, (f, s) in enumerate(zip(senders, said, strict=True))]
    return '{\n "ok": true,\n "result": [\n' + ",\n".join(rows) + "\n ]\n}\n"


def jsonl(key: str, senders: list[str], said: list[str]) -> str:
    """A webhook log of one message a line (an SMS gateway's ``originator``/``body``)."""
    return "".join(f'2024 INFO received {{"id": "{i}", "originator": "{f}", "{key}": "{s}"}}\n'
                   for i, (f, s) in enumerate(zip(senders, said, strict=True)))


def slack(msgs: list[tuple[str, str]]) -> str:
    """A Slack export: each message's text again in its rich-text blocks."""
    rows = [{"user": user, "type": "message", "text": said, "blocks": [{"type": "rich_text", "elements": [
             {"type": "rich_text_section", "elements": [{"type": "text", "text": said}]}]}]} for user, said in msgs]
    return json.dumps(rows, indent=4)


def segments(utterances: list[tuple[str, str]]) -> str:
    """Contact Lens real-time segments: each utterance's partial content, then its final transcript, one record a line
    (the customer's partials of two utterances are no two messages: each final says its whole number again)."""
    return "".join(json.dumps({"ContactId": "714e", "EventType": "SEGMENTS", "Segments": [
        {"Utterance": {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER", "PartialContent": partial}},
        {"Transcript": {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER", "Content": final}}]}) + "\n"
        for partial, final in utterances)


def utterances(results: list[tuple[bool, str]]) -> str:
    """Transcribe Call Analytics utterance events, one a line, partial or final."""
    return "".join(json.dumps({"UtteranceEvent": {"UtteranceId": f"u{i}", "IsPartial": partial,
                                                  "ParticipantRole": "CUSTOMER", "Transcript": said}}) + "\n"
                   for i, (partial, said) in enumerate(results))


POSITIVE_CASES = [
    ("logfmt-conversation", logfmt(["c1", "c1", "c1"], ["I need to pay.", V1, V2]), V1),
    ("logfmt-amex-4-then-6-5", logfmt(["c1", "c1"], [A1, A2]), A1),
    ("logfmt-diners-4-6-4", logfmt(["c1", "c1"], [N1, N2]), N1),
    ("form-post-same-from", form(["1683", "1683"], [V1, V2]), V1.replace(" ", "+")),
    ("pretty-json-same-from", pretty(["22", "22"], [V1, V2]), V1),
    ("jsonl-originator", jsonl("body", ["316", "316"], [V1, V2]), V1),
    ("csv-cell-lines", f'id,subject,description\n5a,Payment,"I want to pay.\n{V1}\n{V2}\nexpiry 09/30"\n', V1),
    ("mail-body-lines", f"From: a@b.c\nSubject: card\n\nHello,\n{A1}\n{A2}\nthanks\n", A1),
    ("note-br-blocks", f'{{"hs_note_body": "<div>I need to update.<br>{V1}<br>{V2}<br>bye</div>"}}\n', V1),
    ("note-caller-paragraphs", f'"body": "<p>Agent: Go ahead.</p><p>Caller: {V1}</p><p>Caller: {V2}</p>"\n', V1),
    ("summary-quotes", f'{{"summary": "Customer said: \\"{V1}\\". Customer said: \\"{V2}\\". Agent done."}}\n', V1),
    ("chat-lines-speaker", f"(11:23:50 AM) João Silva: {A1}\n(11:23:56 AM) João Silva: {A2}\n", A1),
    ("vtt-cue-speaker", f"1\n00:00:01.000 --> 00:00:02.000\nTom Brown: {V1}\n\n2\n00:00:03.000 --> 00:00:04.000\n"
                        f"Tom Brown: {V2}\n", V1),
    ("vtt-voice-tag", f"a/1-0\n00:01:08.996 --> 00:01:14.480\n<v Priya Patel>{V1}</v>\n\na/2-0\n"
                      f"00:01:14.680 --> 00:01:16.338\n<v Priya Patel>{V2}</v>\n", V1),
    ("adf-paragraphs", f'{{"type": "paragraph", "content": [{{"type": "text", "text": "{V1}"}}]}}, '
                       f'{{"type": "paragraph", "content": [{{"type": "text", "text": "{V2}"}}]}}\n', V1),
    ("slack-copy-passed-over", slack([("U1", V1), ("U1", V2)]), V1),
    ("lead-words", logfmt(["c1", "c1"], [f"la tarjeta es {V1}", V2]), V1),
]
NEGATIVE_CASES = [
    ("other-conversation", logfmt(["c1", "c2"], [V1, V2])),
    ("other-sender", form(["1683", "1684"], [V1, V2])),
    ("other-pretty-sender", pretty(["22", "23"], [V1, V2])),
    ("other-originator", jsonl("body", ["316", "317"], [V1, V2])),
    ("other-speaker", f"(11:23:50 AM) João Silva: {A1}\n(11:23:56 AM) Ana Lee: {A2}\n"),
    ("other-caller", f'"body": "<p>Caller: {V1}</p><p>Agent: {V2}</p>"\n'),
    ("not-luhn", logfmt(["c1", "c1"], [B1, B2])),
    ("order-word", logfmt(["c1", "c1"], [f"my order number is {V1}", V2])),
    ("phone-word", f"hello\nmy phone {V1}\n{V2}\n"),
    ("ending-four", logfmt(["c1", "c1"], [f"card ending {V[:4]}", f"{V[4:8]} {V[8:12]} {V[12:]}"])),
    ("message-between", logfmt(["c1", "c1", "c1"], [V1, "sorry", V2])),
    ("line-between", f"hello\n{V1}\nsorry\n{V2}\n"),
    ("far-apart", jsonl("body", ["316"], [V1]) + "2024 INFO health check ok\n" * 160 + jsonl("body", ["316"], [V2])),
    ("three-pieces", logfmt(["c1", "c1", "c1"], ["06 75", V1, V2])),
    ("not-card-layout", logfmt(["c1", "c1"], [V[:3], f"{V[3:9]} {V[9:]}"])),
    ("whole-number-first", logfmt(["c1", "c1"], [f"{V1} {V2}", "1234 5678"])),
    ("query-value-then-status", f"GET /promo?utm_source=mail&cid={V13[:4]} {V13[4:7]}\n"
                                f"GET /promo?utm_source=mail&cid={V13[7:10]} {V13[10:]}\n"),
    ("prose-colon-and-its-copy", slack([("U1", f"customer in chat says: {TWICE[:4]} {TWICE[4:]}"),
                                         ("U2", f"{V[8:12]} {V[12:]}")])),
    ("words-line-then-digits", f"hello\ncard {V1}\n{V2}\n"),  # a paragraph's lines (a hard break)
    ("adf-inline-nodes", '{"type": "paragraph", "content": [{"type": "text", "text": "' + V1 + '"}, '
                         '{"type": "text", "text": "' + V2 + '", "marks": [{"type": "strong"}]}]}\n'),
    ("blank-line-between", f"hello\n{V1}\n\n{V2}\n"),  # two paragraphs
    ("words-after", logfmt(["c1", "c1"], [V1, f"{V2} please call"])),
    ("partials-of-two-utterances", segments([(f"my card is {V1}", f"my card is {V1} 1234 5678 9"),
                                             (f"my card is {V2}", f"my card is {V2} 4321 8765")])),
    ("call-analytics-partials", utterances([(True, V1), (True, V2), (False, f"{V1} {V2[:4]}")])),
]
POSITIVES = [pytest.param(text, want, id=case) for case, text, want in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "want"), POSITIVES)
def test_finds(text: str, want: str) -> None:
    found = list(D.find(text))
    assert {text[s.start : s.end] for s in found} == {want}  # each copy of the first message (Slack's blocks)
    assert found[0].value in (V, A, D14) and found[0].type == "pan" and found[0].detector == "split_turn_pan"


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize(("text", "want"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, want: str) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


def test_triggers() -> None:
    for trigger in D.triggers:
        contract.assert_trigger_compiles(trigger)
    contract.assert_triggers_hit(D, [(case, text, [(want, "")]) for case, text, want in POSITIVE_CASES])
