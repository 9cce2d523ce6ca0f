"""A message's own form parameter read as free text (``scanners.decoders.percent``: ``FREE_TEXT_TRIGGER``): Twilio
posts an SMS as ``Body=...`` and a recording's transcription as ``TranscriptionText=...``, Plivo an SMS as
``Text=...``, Vonage as ``text=...``, a contact form sends ``message=...``; the value is words joined by ``+``, with
accented letters and punctuation escaped, however the card data in it is spelled (escaped accents around a code's
words, a date with a dash, spelled digits, a dashed number with a ``CID`` after it). Near misses in the same bodies:
a phone number read digit by digit, an amount, a postcode, an order number, the sender's ``From=%2B...``."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine

FR = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("526836143285661")  # a Mastercard number made for these tests
AMEX = luhn("37625213001998")
DASHED = f"{AMEX[:4]}-{AMEX[4:10]}-{AMEX[10:]}"
SPELLED_FR = " ".join(FR[int(c)] for c in PAN)


def sms(body: str) -> str:
    """An nginx access log line of Twilio's inbound SMS webhook, its form body logged."""
    return ('54.18.237.44 - - [11/Jul/2024:06:39:10 +0000] "POST /sms/inbound HTTP/1.1" 200 0 "-" "TwilioProxy/1.1" '
            'body="ToCountry=US&SmsMessageSid=SMb729501d10f9dce00007ffaba6cba54e&NumMedia=0&ToCity=SAN+FRANCISCO'
            f'&Body={quote_plus(body)}&FromCountry=US&To=%2B14155550100&NumSegments=1&From=%2B12845550140"')


def voicemail(text: str) -> str:
    """An app's log line of Twilio's recording transcription callback."""
    return ("2024-05-13T06:19:14.000Z INFO [web.voicemail] POST /hooks/twilio/transcription body=TranscriptionSid="
            f"TR69bc2e3a46dc44b651697edfc1ded60f&TranscriptionText={quote_plus(text)}&TranscriptionStatus=completed&From=%2B1307"
            "5550173&To=%2B17805550188&CallStatus=completed")


def contact(message: str) -> str:
    """A contact form's GET submission in an nginx access log."""
    return (f'211.114.160.242 - - [30/Jun/2024:05:01:58 +0000] "GET /contact/submit?name=Ana+Pereira&email=c740%40ex'
            f'ample.net&message={quote_plus(message)}&_wpcf7=818 HTTP/1.1" 200 61197 "-" "Mozilla/5.0"')


def plivo(text: str) -> str:
    """An app's debug log of Plivo's inbound SMS form POST (``Text``)."""
    return ("[2024-11-28T14:37:15.537Z] DEBUG plivo.inbound POST /sms/inbound body=From=17354189650&To=14155550100"
            f"&Type=sms&Text={quote_plus(text)}&MessageUUID=73183b32-9ffd-4b5c-8f51-bd82a64817e2&Units=1")


def vonage(text: str) -> str:
    """An nginx access log line of Vonage's inbound SMS GET webhook (``text``)."""
    return ('10.0.240.230 - - [09/Mar/2024:20:04:05 +0000] "GET /webhooks/inbound-sms?msisdn=441984023186&to=4477009'
            f'00000&messageId=43BB30C1CC7B40EB&text={quote_plus(text)}&type=unicode HTTP/1.1" 200 2 "-" "-"')


POSITIVES = [
    ("plivo expiry with a dash", plivo("exp 11-31"), [("expiry", "11/31")]),
    ("plivo code, accented copula", plivo("il cvv è 269"), [("cvv", "269")]),
    ("vonage expiry label", vonage("Ablaufdatum 03-28"), [("expiry", "03/28")]),
    ("vonage code, accented copula", vonage("o cvv é 712"), [("cvv", "712")]),
    ("code, accented words", sms("os três números de trás são 146"), [("cvv", "146")]),
    ("code, German label", sms("Kartenprüfnummer 188"), [("cvv", "188")]),
    ("expiry, accented verb", sms("gültig bis 06/2027"), [("expiry", "06/27")]),
    ("expiry with a dash", sms("vencimento 04-31"), [("expiry", "04/31")]),
    ("expiry, month named", sms("vence agosto de 2028"), [("expiry", "08/28")]),
    ("spelled digits", voicemail(f"bonjour, mon numéro de carte c'est {SPELLED_FR}"), [("pan", PAN)]),
    ("number said, irregular groups", sms(f"Nummer ist {PAN[:3]} {PAN[3:5]} {PAN[5:8]} {PAN[8:11]} {PAN[11:15]} "
                                          f"{PAN[15:]}"), [("pan", PAN)]),
    ("number said in a voicemail", voicemail(f"the number is {PAN[:5]} {PAN[5:9]} {PAN[9:13]} {PAN[13:]}"),
     [("pan", PAN)]),
    ("dashed amex, CID", contact(f"Inbound call. took card details over phone - {DASHED} CID 1639. confirmation "
                                 "code 3MYAE0."), [("pan", AMEX), ("cvv", "1639")]),
]


def _found(line: str, backend: Backend) -> list[tuple[str, str]]:
    return [(s.type, s.value) for s in Engine(backend=backend).scan_text(line) if s.type in ("pan", "cvv", "expiry")]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("line", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_card_data_in_a_free_text_parameter(backend: Backend, line: str, found: list[tuple[str, str]]) -> None:
    values = _found(line, backend)
    assert values == found


NEGATIVES = [
    ("phone digit by digit", sms("ligue-moi au zéro six, douze, trente-quatre, cinquante-six")),
    ("phone spelled", voicemail("call me back at four one five five five five zero one four eight")),
    ("amount", sms("o valor é R$ 1606,16 obrigado")),
    ("postcode, date", contact("Spoke with customer. postcode 84521. delivery on 01/25. flight BA209 tomorrow.")),
    ("order number", contact(f"Inbound call. order number {PAN}. amount € 1606,16.")),
    ("voucher", sms("Gutschein gültig bis 06/2027")),
    ("sender only", sms("ok merci")),
    ("another key's number", sms("ok").replace("&NumMedia=0", f"&ref=Nummer+ist+{PAN[:3]}+{PAN[3:5]}+{PAN[5:8]}+"
                                                              f"{PAN[8:11]}+{PAN[11:15]}+{PAN[15:]}")),
    ("order number said", sms(f"order number is {PAN[:5]} {PAN[5:9]} {PAN[9:13]} {PAN[13:]}")),
    ("plivo room and date", plivo("room 101 delivery 12-30")),
    ("vonage voucher", vonage("Gutschein gültig bis 06/2027")),
    ("search text", 'GET /search?text=flight+BA209+on+12-30&lang=en HTTP/1.1" 200'),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("line", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_stay_quiet(backend: Backend, line: str) -> None:
    assert _found(line, backend) == []
