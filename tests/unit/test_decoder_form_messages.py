"""A log of Twilio's form-encoded webhooks read as conversations (``scanners.decoders.form_messages``): each line's
``Body`` (or ``TranscriptionText``) with its ``From``, so a date said alone dates the card its sender gave in a
message before, and a number its sender split over two messages is read whole. Near misses: another sender's card,
a subscription or an offer expiring, a card named by its last digits, messages too far apart, a number split by two
senders."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from scanners.decoders.form_messages import FormMessagesDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.cardvalues import luhn

PAN = luhn("453201511283036")  # a Visa number made for these tests
MC = luhn("515462002991431")
A, B, C = "+14655550136", "+18875550151", "+12145550133"


def sms(body: str, sender: str) -> str:
    """An nginx access log line of Twilio's inbound SMS webhook (the parameters Twilio posts), its body logged."""
    return ('54.18.237.44 - - [11/Jul/2024:06:39:10 +0000] "POST /sms/inbound HTTP/1.1" 200 0 "-" "TwilioProxy/1.1" '
            'body="ToCountry=US&ToState=CA&SmsMessageSid=SMb729501d10f9dce00007ffaba6cba54e&NumMedia=0&ToCity=SAN+'
            f'FRANCISCO&SmsSid=SMb729501d10f9dce00007ffaba6cba54e&SmsStatus=received&Body={quote_plus(body)}'
            f'&FromCountry=US&To=%2B14155550100&NumSegments=1&From={quote_plus(sender)}&ApiVersion=2010-04-01"')


def voicemail(text: str, sender: str) -> str:
    """An app's log line of Twilio's recording transcription callback."""
    return ("2024-05-13T06:19:14.000Z INFO [web.voicemail] POST /hooks/twilio/transcription body=TranscriptionSid="
            f"TR69bc2e3a46dc44b651697edfc1ded60f&TranscriptionText={quote_plus(text)}&TranscriptionStatus=completed"
            f"&From={quote_plus(sender)}&To=%2B17805550188&CallStatus=completed")


NOISE = [sms("when will my order arrive?", B), sms("transfer to ext. 125", C), sms("ok thanks", B)]

# (name, lines, (line index, type, value) of each finding the conversation adds)
POSITIVES = [
    ("date after the number", [sms(f"my card number is {PAN}", A), *NOISE, sms("vence 08/31", A)],
     [(4, "expiry", "08/31")]),
    ("date after the card named", [sms("I want to pay with my visa card", A), sms("läuft ab 10/25", A)],
     [(1, "expiry", "10/25")]),
    ("accented verb, next line", [sms(f"o número é {MC}", A), sms("válido até 1/30", A)], [(1, "expiry", "01/30")]),
    ("voicemails of one caller", [voicemail(f"hi my card number is {PAN}", A), voicemail("it expires 04/29", A)],
     [(1, "expiry", "04/29")]),
    ("number split over two messages", [sms(f"mon numéro de carte c'est {PAN[:4]} {PAN[4:8]}", A), NOISE[0],
                                        sms(f"{PAN[8:12]} {PAN[12:]}", A)], [(0, "pan", PAN)]),
]

NEGATIVES = [
    ("another sender's card", [sms(f"my card number is {PAN}", B), sms("vence 08/31", A)]),
    ("subscription expiring", [sms(f"my card number is {PAN}", A), sms("my subscription expires 08/31", A)]),
    ("offer expiring", [sms("I want to pay with my visa card", A), sms("the offer expires 03/31", A)]),
    ("card named by its last digits", [sms("card ending 4242", A), sms("expires 03/31", A)]),
    ("too many messages between", [sms(f"my card number is {PAN}", A), *[sms("ok", A)] * 8, sms("expires 03/31", A)]),
    ("too far apart (REACH)", [sms(f"my card number is {PAN}", A), *NOISE * 15, sms("expires 03/31", A)]),
    ("split, another message between", [sms(f"my card number is {PAN[:4]} {PAN[4:8]}", A),
                                        sms("call me after 5:30", A), sms(f"{PAN[8:12]} {PAN[12:]}", A)]),
    ("split by two senders", [sms(f"my card number is {PAN[:4]} {PAN[4:8]}", A), sms(f"{PAN[8:12]} {PAN[12:]}", B)]),
    ("order number then a date", [sms(f"order number {PAN[:12]}", A), sms("delivery on 07/30", A)]),
]


def _found(lines: list[str], backend: Backend) -> set[tuple[int, str, str]]:
    text = "\n".join(lines) + "\n"
    return {(text.count("\n", 0, s.start), s.type, s.value) for s in Engine(backend=backend).scan_text(text)
            if s.type in ("pan", "cvv", "expiry")}


def _alone(lines: list[str], backend: Backend) -> set[tuple[int, str, str]]:
    """What each line says read alone: the conversation adds to it."""
    return {(i, kind, value) for i, line in enumerate(lines) for _, kind, value in _found([line], backend)}


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("lines", "added"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_a_message_is_read_with_its_senders_messages_before_it(
        backend: Backend, lines: list[str], added: list[tuple[int, str, str]]) -> None:
    alone = _alone(lines, backend)
    assert not alone & set(added)
    assert _found(lines, backend) == alone | set(added)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("lines", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_add_nothing(backend: Backend, lines: list[str]) -> None:
    assert _found(lines, backend) == _alone(lines, backend)


def test_decoded_lines_are_the_conversation_one_for_one() -> None:
    lines = [sms(f"my card number is {PAN}", A), "GET /health HTTP/1.1 200", NOISE[0], sms("vence 08/31", A)]
    text = "\n".join(lines)
    (seg,) = FormMessagesDecoder().decode(text)
    assert (seg.start, seg.end, seg.lines, seg.encoding) == (0, len(text), True, ("form_messages", "percent"))
    assert seg.text.split("\n") == [f'{{"from": "{A}", "body": "my card number is {PAN}"}}', "", "",
                                    f'{{"from": "{A}", "body": "vence 08/31"}}']


@pytest.mark.parametrize("lines", [
    pytest.param([sms("vence 08/31", A)], id="no message before"),
    pytest.param([sms(f"my card number is {PAN}", B), sms("vence 08/31", A)], id="no message of its sender"),
    pytest.param([sms(f"my card number is {PAN}", A), sms("ok thanks", A)], id="no digit in it"),
])
def test_no_conversation_no_segment(lines: list[str]) -> None:
    assert list(FormMessagesDecoder().decode("\n".join(lines))) == []
