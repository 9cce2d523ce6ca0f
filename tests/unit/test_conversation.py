"""An expiry verb said in a message of its own (``conversation.card_given_before``) after a message of its
conversation that gave or named the card: WhatsApp webhook lines, a Twilio Messages page, Azure speech results, a Slack
export, a live-chat transcript, a quoted mail reply; in English, Spanish, French, German and Portuguese, JSON-escaped
too. Quiet: another sender's card, a card too many messages back, a message naming the verb's subject (a subscription,
a coupon, a link...), a gift card, a card named by its last four digits, no card at all. Also the expiry keyword right
after a card number given in any grouping in a record naming another card truncated (``date_subject.
number_given_before``)."""

from __future__ import annotations

import json

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

PAN = luhn("455278140951873")  # a Visa, 16 digits
GROUPED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))
PAIRS = " ".join(PAN[i : i + 2] for i in range(0, 16, 2))
IRREGULAR = f"{PAN[:3]} {PAN[3:8]} {PAN[8:13]} {PAN[13:]}"
SLASHED = "/".join(PAN[i : i + 4] for i in range(0, 16, 4))
FR = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")


def _wa(*messages: tuple[str, str]) -> str:
    """WhatsApp Business webhook lines (JSON escaped as the Cloud API logs them) of (sender, body) messages."""
    return "".join(json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {
        "contacts": [{"wa_id": who}], "messages": [{"from": who, "id": "wamid.x", "type": "text",
                                                    "text": {"body": body}}]}, "field": "messages"}]}]}) + "\n"
        for who, body in messages)


def _twilio(*messages: tuple[str, str], gap: int | None = None) -> str:
    """A Twilio Messages page (indent 2) of (from, body) messages; with ``gap``, each message's RFC 2822
    ``date_created``, ``gap`` seconds apart."""
    rows = [{"body": b, "direction": "inbound", "from": f, "sid": "SM0", "to": "+14155550100"} for f, b in messages]
    for i, row in enumerate(rows if gap is not None else []):
        hour, minute, second = 9 + i * gap // 3600, i * gap // 60 % 60, i * gap % 60
        row["date_created"] = f"Sat, 29 Mar 2025 {hour:02d}:{minute:02d}:{second:02d} +0000"
    return json.dumps({"messages": rows}, indent=2, ensure_ascii=False)


def _azure(*said: str) -> str:
    """Azure speech continuous recognition results, one JSON a line."""
    return "".join(json.dumps({"RecognitionStatus": "Success", "DisplayText": s, "NBest": [{"ITN": s}]}) + "\n"
                   for s in said)


def _slack(*texts: str) -> str:
    return json.dumps([{"type": "message", "user": f"U0{k}", "text": t} for k, t in enumerate(texts)], indent=4)


def _chat(*lines: tuple[str, str]) -> str:
    return "".join(f"(20:4{k}:00) {who}: {said}\n" for k, (who, said) in enumerate(lines))


def _zendesk(*bodies: str) -> str:
    """A Zendesk ticket's comments (indent 2), each text in ``body``, ``html_body`` and ``plain_body``."""
    return json.dumps({"ticket": {"comments": [
        {"id": k, "type": "Comment", "author_id": 5583, "body": b, "html_body": f"<div><p>{b}</p></div>",
         "plain_body": b, "public": True, "created_at": f"2026-11-12T10:0{k}:00Z"} for k, b in enumerate(bodies)]}},
        indent=2)


ME, OTHER = "34697836173", "34697836999"
CASES: list[tuple[str, str, list[str]]] = [
    # a Zendesk comment's text in its three fields: the date read in each (plain_body too)
    ("zendesk-plain-body", _zendesk(f"Visa {GROUPED}", "expires 08/2033"), ["08/33"] * 3),
    # positives: the card given or named in one of the sender's messages just before
    ("wa-en", _wa((ME, f"here's my card: {PAN}"), (ME, "expires 03/31")), ["03/31"]),
    ("wa-es-split-named", _wa((ME, f"te paso la tarjeta: {GROUPED[:9]}"), (ME, GROUPED[10:]), (ME, "vence 07/25")),
     ["07/25"]),
    ("wa-de-escaped", _wa((ME, f"Nummer ist {GROUPED}..."), (ME, "läuft ab 05/31")), ["05/31"]),
    ("wa-fr-escaped", _wa((ME, f"voici ma carte {PAN}"), (ME, "valable jusqu'à 4/31")), ["04/31"]),
    ("wa-pt", _wa((ME, f"meu cartão {PAN}"), (ME, "válido até 11/2031")), ["11/31"]),
    ("wa-fr-words", _wa((ME, " ".join(FR[int(d)] for d in PAN)), (ME, "expire fin 12/27")), ["12/27"]),
    ("wa-other-between", _wa((ME, f"card {PAN}"), (OTHER, "thanks"), (ME, "and it expires 0929")), ["09/29"]),
    ("twilio-page", _twilio(("+13015550134", f"here's my card: {PAN}"), ("+13015550134", "caduca 10/29")), ["10/29"]),
    ("azure-speech-es", _azure("¿me indica el número de la tarjeta?", f"Sí el número de la tarjeta es {GROUPED}.",
                               "Vence 06/2030."), ["06/30", "06/30"]),
    ("azure-speech-de-dotted", _azure(f"die Kartennummer ist {GROUPED}", "Läuft ab 04.26."), ["04/26", "04/26"]),
    ("slack-channel", _slack(f"customer in chat says: {GROUPED}", "läuft ab 07/26"), ["07/26"]),
    ("livechat", _chat(("Kevin (Billing)", "¿me indica el número de la tarjeta?"), ("João Silva", f"es {GROUPED}"),
                       ("João Silva", "caduca 0929")), ["09/29"]),
    ("mail-quoted", f"> > Vous pouvez débiter ma carte {PAN}.\n> > valable jusqu'à 11/2031\n> >\n", ["11/31"]),
    # another sender's message within MAX_GAP before, both records saying when (a page naming each message's sender
    # apart); a number split over digit-only messages; a letter's lines (a greeting above, a page break between)
    ("twilio-other-from-seconds", _twilio(("+13015550134", f"the number on the card is {PAIRS}"),
                                          ("+17655550142", "expires 04/25"), gap=40), ["04/25"]),
    ("twilio-other-from-split", _twilio(("+13015550134", f"use this one {GROUPED[:9]}"),
                                        ("+17655550142", GROUPED[10:]), ("+19995550100", "läuft ab 10.27"), gap=40),
     ["10/27"]),
    ("wa-split-no-card-word", _wa((ME, f"o número é {GROUPED[:9]}"), (ME, GROUPED[10:]), (ME, "valable jusqu'à 06/31")),
     ["06/31"]),
    ("letter-greeting", f"    Dear Customer Service,\n    \n    Please charge my card {GROUPED} for the\n\n"
                        "                 Page 1 of 2\n\f    balance.\n    expires 04/2027\n", ["04/27"]),
    ("mail-part-greeting", f"Hola,\n\nMi número de tarjeta es {GROUPED}.\ncaduca 05/30\n", ["05/30"]),
    ("mail-body", f"Subject: Pago\nContent-Type: text/plain\n\nHola,\n\nMi número de tarjeta es {GROUPED}.\n"
                  "caduca 05/30\n", ["05/30"]),
    # quiet: another sender's card, too far back, a named subject, a gift card, a truncated card, no card
    ("wa-other-sender", _wa((OTHER, f"here's my card: {PAN}"), (ME, "expires 03/31")), []),
    ("wa-too-far", _wa((ME, f"card {PAN}"), *[(ME, f"question {k} about my order?") for k in range(9)],
                       (ME, "expires 03/31")), []),
    ("wa-subscription", _wa((ME, f"card {PAN}"), (ME, "my subscription expires 03/31")), []),
    ("wa-link", _wa((ME, f"card {PAN}"), (ME, "the link expires 03/31")), []),
    ("wa-es-coupon", _wa((ME, "mi tarjeta no funciona"), (ME, "el cupón vence 03/31")), []),
    ("wa-de-abo", _wa((ME, "die Karte geht nicht"), (ME, "mein Abo läuft ab 03/31")), []),
    ("wa-pt-offer", _wa((ME, "o cartão não passa"), (ME, "a oferta é válida até 03/31")), []),
    ("wa-gift-card", _wa((ME, "I have a gift card"), (ME, "expires 03/31")), []),
    ("wa-truncated", _wa((ME, "my card ending 4242 was declined"), (ME, "expires 03/31")), []),
    ("wa-masked", _wa((ME, f"card {PAN[:6]}******{PAN[-4:]}"), (ME, "expires 03/31")), []),
    ("wa-no-card", _wa((ME, "hello"), (ME, "expires 03/31")), []),
    ("twilio-other-sender", _twilio(("+13015550134", f"here's my card: {PAN}"), ("+17655550142", "expires 03/31")),
     []),
    ("twilio-other-from-minutes", _twilio(("+13015550134", f"here's my card: {PAN}"), ("+17655550142", "expires 03/31"),
                                          gap=900), []),
    ("twilio-other-from-no-time", _twilio(("+13015550134", f"the number on the card is {PAIRS}"),
                                          ("+17655550142", "expires 03/31")), []),
    ("wa-split-uneven", _wa((ME, f"o número é {IRREGULAR[:9]}"), (ME, IRREGULAR[10:]), (ME, "expires 03/31")), []),
    ("greeting-other-paragraph", f"Hola,\n\nMi número de tarjeta es {GROUPED}.\n\ncaduca 05/30\n", []),
    ("letter-page-break-other-paragraph", f"Dear Sir,\n\nMy card is {GROUPED}.\n\n  Page 1 of 2\n\f\nexpires 04/27\n",
     []),
    ("chat-no-card", _chat(("Agent", "your trial is active"), ("Ana", "expires 03/31")), []),
    ("mail-other-paragraph", f"Subject: Pago\n\nMi número de tarjeta es {GROUPED}.\n\ncaduca 05/30\n", []),
    ("text-lines", f"Mi número de tarjeta es {GROUPED}.\ncaduca 05/30\n", []),  # no mail: its lines no message
    # another subject's date named on a line naming no card, in the other languages too (an expiry label's date alone
    # is a card's: ``test_detector_expiry_intl``)
    ("de-voucher-label", "Gutschein Ablaufdatum: 03/31", []),
    ("pt-coupon-label", "cupom - validade 03/31", []),
    ("es-policy-label", "póliza fecha de vencimiento 03/31", []),
    ("fr-subscription-label", "abonnement, date d'expiration 03/31", []),
    ("de-label-alone", "Ablaufdatum: 03/31", ["03/31"]),
]

# The keyword right after a card number given in any grouping, in a record naming another card truncated
GIVEN: list[tuple[str, str, list[str]]] = [
    ("pairs-fr", f"carte 5061 **** **** 5227. N° CB : {PAIRS} valable jusqu'à 07/31. fin", ["07/31"]),
    ("irregular-es", f"tarjeta terminada en 0611. Cliente facilita tarjeta {IRREGULAR} vencimiento 04/2028.",
     ["04/28"]),
    ("slashed-en", f'{{"Description": "charged to ****5173.\\ncaller read out card number {SLASHED} exp 06/29."}}',
     ["06/29"]),
    ("corrected-en", f'{{"Description": "charged card {GROUPED[:-1]}0 (sorry I mean - last block is {GROUPED[-4:]}) '
                     'good thru 01/27.\\ncharged to **** **** **** 3989."}}', ["01/27"]),
    ("letter-wrapped", f"    Pueden cobrar en mi tarjeta {GROUPED[:9]}\n    {GROUPED[10:]}.\n"
                       "    fecha de caducidad diciembre de 2031\n    tarjeta 531780XXXXXX8972.\n", ["12/31"]),
    # quiet: the truncated card's own date
    ("masked-only", "card 4111 **** **** 1111 expires 06/29", []),
    ("short-number-before", "card ending 4242, order 1234 5678 exp 06/29", []),
]


@pytest.mark.parametrize(("text", "want"), [c[1:] for c in CASES + GIVEN], ids=[c[0] for c in CASES + GIVEN])
def test_conversation_expiry(each_engine: Engine, text: str, want: list[str]) -> None:
    got = [s.value for s in each_engine.scan_text(text) if s.type == "expiry"]
    assert sorted(got) == sorted(want)
