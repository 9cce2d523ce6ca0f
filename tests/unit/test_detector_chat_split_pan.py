"""ChatSplitPanDetector: a card number written over two or more chat messages of one person."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.detectors.chat_split import _LEAD, LEAD
from scanners.detectors.chat_split_pan import ChatSplitPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = ChatSplitPanDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


V = luhn("492906900679218")  # a Visa number made for these tests
A = luhn("37828224631000")  # an Amex number
BAD = V[:-1] + str((int(V[-1]) + 1) % 10)  # not Luhn-valid


def slack(msgs: list[tuple[str, str]], thread: list[str | None] | None = None, gap: int = 1) -> str:
    """A Slack channel-day export as Slack writes it: each message's text again in its rich-text blocks; ``gap``
    seconds between messages."""
    rows = []
    for i, (user, said) in enumerate(msgs):
        ts = f"{1762160000 + i * gap}.000100"
        row: dict[str, object] = {"client_msg_id": f"id-{i}", "type": "message", "text": said, "user": user, "ts": ts,
               "blocks": [{"type": "rich_text", "block_id": "b", "elements": [{"type": "rich_text_section",
                           "elements": [{"type": "text", "text": said}]}]}],
               "team": "T01", "user_profile": {"real_name": f"Person {user}", "display_name": user}}  # fmt: skip
        if thread and thread[i]:
            row["thread_ts"] = thread[i]
        rows.append(row)
    return json.dumps(rows, indent=4)


def teams(msgs: list[tuple[str, str]]) -> str:
    """A Graph channel-messages page: ``from.user`` and an HTML ``body.content``."""
    rows = [{"id": str(i), "messageType": "message", "from": {"application": None, "device": None,
             "user": {"@odata.type": "#microsoft.graph.teamworkUserIdentity", "id": f"uid-{user}",
                      "displayName": f"Agent {user}", "userIdentityType": "aadUser"}},
             "body": {"contentType": "html", "content": f"<p>{said.replace(' ', '&nbsp;')}</p>"}}
            for i, (user, said) in enumerate(msgs)]  # fmt: skip
    return json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", "value": rows})


def connect(msgs: list[tuple[str, str]]) -> str:
    """An Amazon Connect chat transcript, a typing event between messages."""
    rows: list[dict[str, str]] = []
    for i, (who, said) in enumerate(msgs):
        rows.append({"ContentType": "application/vnd.amazonaws.connect.event.typing", "Id": f"e{i}",
                     "ParticipantId": who, "Type": "EVENT"})
        rows.append({"Content": said, "ContentType": "text/plain", "Id": f"m{i}", "ParticipantId": who,
                     "ParticipantRole": "CUSTOMER" if who == "c" else "AGENT", "Type": "MESSAGE"})
    return json.dumps({"Version": "2019-08-26", "Transcript": rows}, indent=2)


def intercom(msgs: list[tuple[str, str]]) -> str:
    """Intercom conversation parts, one a line."""
    return "\n".join(json.dumps({"type": "conversation_part", "part_type": "comment", "body": f"<p>{said}</p>",
                                 "author": {"type": "user", "id": f"u{who}"}}) for who, said in msgs)  # fmt: skip


def whatsapp(msgs: list[tuple[str, str]], gap: int = 30, status: bool = False) -> str:
    """A log of WhatsApp Cloud API webhooks, one a line: each inbound message in ``entry[].changes[].value``, a
    status update of the business's own message between them when ``status``."""
    lines = []
    for i, (who, said) in enumerate(msgs):
        value: dict[str, object] = {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1555", "phone_number_id": "7"},
            "contacts": [{"profile": {"name": f"Person {who}"}, "wa_id": who}],
            "messages": [{"from": who, "id": f"wamid.m{i}", "timestamp": str(1711243558 + i * gap), "type": "text",
                          "text": {"body": said}}]}  # fmt: skip
        lines.append({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
            {"value": value, "field": "messages"}]}]})
        if status:
            lines.append({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"value": {
                "statuses": [{"id": f"wamid.s{i}", "status": "delivered", "recipient_id": who}]},
                "field": "messages"}]}]})
    return "\n".join(json.dumps(line) for line in lines)


def twilio(msgs: list[tuple[str, str]], gap: int = 40) -> str:
    """A Twilio Messages page (indent 2): each message's ``from``, ``body`` and RFC 2822 ``date_created``."""
    rows = [{"account_sid": "AC1", "body": said, "date_created": f"Wed, 09 Oct 2024 05:{i * gap // 60:02d}:"
             f"{i * gap % 60:02d} +0000", "direction": "inbound", "from": sender, "sid": f"SM{i}",
             "subresource_uris": {"media": f"/Messages/SM{i}/Media.json"}, "to": "+14155550100"}
            for i, (sender, said) in enumerate(msgs)]  # fmt: skip
    return json.dumps({"messages": rows, "page": 0}, indent=2)


def livechat(lines: list[tuple[str, str, str]]) -> str:
    """A live chat's transcript: ``(HH:MM:SS) Name: text`` lines of (time, name, text)."""
    return "".join(f"({when}) {who}: {said}\n" for when, who, said in lines)


def chat_request(msgs: list[tuple[str, str]]) -> str:
    """A logged chat-completions request (OpenAI, Anthropic, Bedrock Converse): its ``messages`` array of ``role``
    and ``content``, on one line."""
    rows = [{"role": "system", "content": "You are ShopBot. Collect payment details."}]
    rows += [{"role": role, "content": said} for role, said in msgs]
    return json.dumps({"request": {"model": "gpt-4o", "messages": rows}, "response": {"choices": []}})


H = (V[:8], V[8:])  # the number's two halves
G = [V[i : i + 4] for i in range(0, 16, 4)]  # its groups of four
POSITIVE_CASES = [
    ("slack", slack([("U1", f"card number {V[:4]} {V[4:8]}"), ("U1", f"{V[8:12]} {V[12:]}")]), V[:4] + " " + V[4:8]),
    ("slack-three", slack([("U1", f"cc is {V[:4]} -"), ("U1", V[4:10]), ("U1", V[10:])]), V[:4]),
    ("slack-here", slack([("U1", f"here's the card: {V[:4]}"), ("U1", f"{V[4:8]} {V[8:12]} {V[12:]}")]), V[:4]),
    ("slack-amex", slack([("U2", f"card {A[:4]} {A[4:8]}"), ("U2", f"{A[8:12]} {A[12:]}")]), A[:4] + " " + A[4:8]),
    ("slack-nbsp", slack([("U1", f"card\u00a0{V[:4]}\u00a0{V[4:8]}"), ("U1", f"{V[8:12]} {V[12:]}")]),
     f"{V[:4]}\\u00a0{V[4:8]}"),
    ("slack-thread", slack([("U1", f"card number {H[0]}"), ("U3", "on it"), ("U1", H[1])], ["1.1", "2.2", "1.1"]),
     H[0]),
    ("slack-filler", slack([("U1", f"card no. {H[0]}"), ("U1", f"and {H[1]} thanks")]), H[0]),
    ("teams", teams([("1", f"card number {V[:4]} {V[4:8]}"), ("1", f"{V[8:12]} {V[12:]}")]),
     f"{V[:4]}&nbsp;{V[4:8]}"),
    ("connect", connect([("c", f"my card number is {H[0]}"), ("c", H[1])]), H[0]),
    ("intercom", intercom([("1", f"card {H[0]}"), ("1", H[1])]), H[0]),
    ("whatsapp", whatsapp([("4915", f"here's my card: {V[:4]} {V[4:8]}"), ("4915", f"{V[8:12]} {V[12:]}")]),
     f"{V[:4]} {V[4:8]}"),
    ("whatsapp-status-between", whatsapp([("4915", f"card {H[0]}"), ("4915", H[1])], status=True), H[0]),
    ("whatsapp-french", whatsapp([("33", f"mon numéro de carte c'est {H[0]}"), ("33", H[1])]), H[0]),
    ("whatsapp-spanish", whatsapp([("34", f"mi tarjeta es {H[0]}"), ("34", H[1])]), H[0]),
    ("whatsapp-german", whatsapp([("49", f"meine Kartennummer lautet {H[0]}"), ("49", H[1])]), H[0]),
    ("whatsapp-portuguese", whatsapp([("55", f"meu cartão é {H[0]}"), ("55", H[1])]), H[0]),
    ("slack-spanish", slack([("U1", f"te paso la tarjeta: {H[0]}"), ("U1", H[1])]), H[0]),
    # another participant's message right after, within MAX_GAP, its groups laid out as a card's
    ("slack-relayed", slack([("U1", f"customer in chat says: card {G[0]} {G[1]}"), ("U2", f"{G[2]} {G[3]}")], gap=240),
     f"{G[0]} {G[1]}"),
    ("twilio-page-other-from", twilio([("+12015550111", f"here's my card: {G[0]} {G[1]}"),
                                       ("+13015550122", f"{G[2]} {G[3]}")]), f"{G[0]} {G[1]}"),
    # no card word: the groups closing the first message and the next one's, laid out as a card's (reported on the
    # message that makes the number whole)
    ("whatsapp-no-card-word", whatsapp([("55", f"o número é {G[0]} {G[1]}"), ("55", f"{G[2]} {G[3]}")]),
     f"{G[2]} {G[3]}"),
    ("twilio-no-card-word", twilio([("+12015550111", f"use this one {A[:4]}"),
                                    ("+13015550122", f"{A[4:10]} {A[10:]}")]), f"{A[4:10]} {A[10:]}"),
    ("slack-digits-only", slack([("U1", f"customer in chat says: {G[0]} {G[1]}"), ("U2", f"{G[2]} {G[3]}")]),
     f"{G[2]} {G[3]}"),
    ("teams-no-card-word", teams([("1", f"use this one {G[0]} {G[1]}"), ("1", f"{G[2]} {G[3]}")]),
     f"{G[2]}&nbsp;{G[3]}"),
    # a model's messages array: the assistant asks for the rest of the number between the user's two messages
    ("chat-request-rest", chat_request([("user", f"card starts {G[0]} {G[1]}"), ("assistant", "Got it, and the rest?"),
                                        ("user", f"{G[2]} {G[3]}")]), f"{G[0]} {G[1]}"),
    ("chat-request-remaining", chat_request([("user", f"my card number is {H[0]}"),
                                             ("assistant", "Thanks. What are the remaining digits?"), ("user", H[1])]),
     H[0]),
    ("chat-request-adjacent", chat_request([("user", f"card {H[0]}"), ("user", H[1])]), H[0]),
    # a live chat's transcript lines
    ("livechat-lines", livechat([("10:55:38", "Agent Sarah", "können Sie mir bitte die Kartennummer geben?"),
                                 ("10:56:57", "João Silva", f"Nummer ist {G[0]} {G[1]}"),
                                 ("10:58:43", "João Silva", f"{G[2]} {G[3]}")]), f"{G[2]} {G[3]}"),
    ("livechat-digits-only", livechat([("08:15:36", "Hans", f"{G[0]} {G[1]}"), ("08:16:53", "Hans", f"{G[2]} {G[3]}")]),
     f"{G[2]} {G[3]}"),
]
NEGATIVE_CASES = [
    ("other-person", slack([("U1", f"card number {H[0]}"), ("U2", H[1])])),
    ("someone-between", slack([("U1", f"card number {H[0]}"), ("U2", "one sec"), ("U1", H[1])])),
    ("no-pan", slack([("U1", f"card number {BAD[:8]}"), ("U1", BAD[8:])])),
    ("order-number", slack([("U1", f"order number {H[0]}"), ("U1", H[1])])),
    ("ticket", slack([("U1", f"ticket {H[0]}"), ("U1", H[1])])),
    ("phone", slack([("U1", f"call me on {H[0]}"), ("U1", H[1])])),
    ("words-after", slack([("U1", f"card number {H[0]}"), ("U1", f"{H[1]} is the order")])),
    ("other-word", slack([("U1", f"card ref {H[0]}"), ("U1", H[1])])),
    ("whole-in-first", slack([("U1", f"card {V}"), ("U1", "12")])),
    ("too-long", slack([("U1", f"card {H[0]}"), ("U1", H[1] + "123")])),
    ("hex-id", slack([("U1", f"id a{V[:4]}cc{V[4:8]}"), ("U1", H[1])])),
    ("account", slack([("U1", f"account {H[0]}"), ("U1", H[1])])),
    ("other-thread", slack([("U1", f"card number {H[0]}"), ("U1", H[1])], ["1.1", "2.2"])),
    ("teams-other-person", teams([("1", f"card number {H[0]}"), ("2", H[1])])),
    ("connect-agent-between", connect([("c", f"card number {H[0]}"), ("a", "go on"), ("c", H[1])])),
    ("no-author", "\n".join(json.dumps({"text": t}) for t in (f"card number {H[0]}", H[1]))),
    ("whatsapp-other-sender", whatsapp([("4915", f"card {H[0]}"), ("4916", H[1])])),
    ("whatsapp-hours-later", whatsapp([("4915", f"card {H[0]}"), ("4915", H[1])], gap=7200)),
    ("whatsapp-phone", whatsapp([("4915", f"call me on {H[0]}"), ("4915", H[1])])),
    ("whatsapp-ending", whatsapp([("4915", f"card ending {V[12:]}"), ("4915", H[1])])),
    ("loyalty-card", slack([("U1", f"carte de fidélité {H[0]}"), ("U1", H[1])])),
    ("order-spanish", whatsapp([("34", f"número de pedido {H[0]}"), ("34", H[1])])),
    ("line-between", "\n".join((whatsapp([("4915", f"card {H[0]}")]), "deploy ok", whatsapp([("4915", H[1])])))),
    # a model's messages: the assistant's message between asks for nothing, or gives digits; no card word; the
    # assistant's digits after the question
    ("chat-request-thanks-between", chat_request([("user", f"card {H[0]}"), ("assistant", "Thanks."), ("user", H[1])])),
    ("chat-request-digits-between", chat_request([("user", f"card {H[0]}"),
                                                  ("assistant", "Is the rest 4 digits?"), ("user", H[1])])),
    ("chat-request-order", chat_request([("user", f"order number {H[0]}"), ("assistant", "And the rest?"),
                                         ("user", H[1])])),
    ("chat-request-assistant-after", chat_request([("user", f"card {H[0]}"), ("assistant", "and the rest?"),
                                                   ("assistant", H[1])])),
    # another participant: minutes later, or the groups not a card's layout
    ("slack-relayed-minutes-later", slack([("U1", f"card {G[0]} {G[1]}"), ("U2", f"{G[2]} {G[3]}")], gap=600)),
    ("twilio-other-from-minutes-later", twilio([("+12015550111", f"card {G[0]} {G[1]}"),
                                                ("+13015550122", f"{G[2]} {G[3]}")], gap=900)),
    ("twilio-other-from-uneven", twilio([("+12015550111", f"card {V[:4]} {V[4:7]}"),
                                         ("+13015550122", f"{V[7:12]} {V[12:]}")])),
    # no card word: uneven groups, not Luhn-valid, another message between, a line of something else between
    ("no-card-word-uneven", whatsapp([("55", f"order {V[:4]} {V[4:7]}"), ("55", f"{V[7:12]} {V[12:]}")])),
    ("no-card-word-luhn", whatsapp([("55", f"use this one {BAD[:4]} {BAD[4:8]}"), ("55", f"{BAD[8:12]} {BAD[12:]}")])),
    ("no-card-word-message-between", whatsapp([("55", f"ref {G[0]} {G[1]}"), ("55", "ok"), ("55", f"{G[2]} {G[3]}")])),
    ("no-card-word-line-between", "\n".join((whatsapp([("55", f"ref {G[0]} {G[1]}")]), "deploy ok",
                                              whatsapp([("55", f"{G[2]} {G[3]}")])))),
    ("no-card-word-decimal", whatsapp([("55", f"total 12.{G[0]} {G[1]}"), ("55", f"{G[2]} {G[3]}")])),
    ("no-card-word-no-time-other", teams([("1", f"use this one {G[0]} {G[1]}"), ("2", f"{G[2]} {G[3]}")])),
    # transcript lines: another speaker, far apart, uneven groups, a line between
    ("livechat-other-speaker", livechat([("08:15:36", "Hans", f"{G[0]} {G[1]}"),
                                         ("08:15:50", "Ana", f"{G[2]} {G[3]}")])),
    ("livechat-far-apart", livechat([("08:15:36", "Hans", f"{G[0]} {G[1]}"), ("08:35:36", "Hans", f"{G[2]} {G[3]}")])),
    ("livechat-uneven", livechat([("08:15:36", "Hans", f"{V[:4]} {V[4:7]}"),
                                  ("08:15:50", "Hans", f"{V[7:12]} {V[12:]}")])),
    ("livechat-line-between", livechat([("08:15:36", "Hans", f"{G[0]} {G[1]}"), ("08:15:40", "Hans", "sorry"),
                                        ("08:15:50", "Hans", f"{G[2]} {G[3]}")])),
]
POSITIVES = [pytest.param(text, want, id=case) for case, text, want in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "want"), POSITIVES)
def test_finds(text: str, want: str) -> None:
    found = list(D.find(text))
    ok = len({(s.start, s.end) for s in found}) == 1 and text[found[0].start : found[0].end] == want
    assert ok, f"spans differ: {[(s.start, s.end) for s in found]}"
    assert found[0].value in (V, A)
    assert all(s.type == "pan" and s.detector == "chat_split_pan" for s in found)


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


_GROUP = st.text("0123456789", min_size=1, max_size=8)


@given(st.sampled_from(["card", "Card", "cc", "CC", "card number", "card no.", "cc is", "card:", "card #"]),
       st.lists(_GROUP, min_size=1, max_size=6), st.sampled_from([" ", "-", "&nbsp;", "\\u00a0"]),
       st.sampled_from(["", " -", ".", "...", "</p>", " </div>"]), st.sampled_from(['"', '\\"']))  # fmt: skip
def test_trigger_covers_the_lead(word: str, groups: list[str], sep: str, tail: str, quote: str) -> None:
    """Every first message the Python pattern reads is a match of the trigger, so its window is given."""
    said = f'"text": "{word} {sep.join(groups)}{tail}{quote}'
    m = _LEAD.search(said)
    if m is not None:
        assert re.search(LEAD, said[m.start() - 1 :], re.ASCII) is not None
