"""An expiry beside a truncated card number is card metadata (``scanners.detectors.card_summary``): PCI DSS counts
the expiry as cardholder data only with the full PAN. Each row is a record as a processor, a gateway, a log library
or an agent writes it; the near misses keep a full card number, or name no card, or put the date in another record.
A security code is reported whatever the record holds."""

import base64
import json
import textwrap

import pytest

from scanners.detectors import card_summary
from scanners.engine.core import Backend, Engine

STRIPE_CARD = (
    '"card": {"brand": "visa", "country": "US", "exp_month": 2, "exp_year": 2030, "funding": "credit", "last4": "4242"}'
)
YAML_CARD = (
    "--- # request 1\norder_id: '123456789'\ncard:\n  token: tok_1Abc\n  last4: '4477'\n  exp_month: 3\n"
    "  exp_year: 2029\n"
)
YAML_FULL = "card:\n  number: '4111111111111111'\n  last4: '1111'\n  exp_month: 3\n  exp_year: 2029\n"
XML_MASKED = (
    "<paymentDetails>\n  <CARD-SSL>\n    <cardNumber>6500 **** **** 1220</cardNumber>\n"
    '    <expiryDate><date month="11" year="2031"/></expiryDate>\n  </CARD-SSL>\n</paymentDetails>\n'
)
XML_FULL = XML_MASKED.replace("6500 **** **** 1220", "4111 1111 1111 1111")
XML_OTHER_BLOCK = (  # the masked number sits in a block the date is not part of
    "<a>\n  <b>\n    <cardNumber>6500 **** **** 1220</cardNumber>\n  </b>\n  <c>\n"
    '    <expiryDate><date month="11" year="2031"/></expiryDate>\n  </c>\n</a>\n'
)
XML_UNINDENTED = (  # CyberSource's request pretty-printed one element a line, without indentation
    '<requestMessage xmlns="urn:schemas-cybersource-com:transaction-data-1.211">\n<merchantID>m01</merchantID>\n'
    "<card>\n<accountNumber>xxxxxxxxxxxx4242</accountNumber>\n<expirationMonth>12</expirationMonth>\n"
    "<expirationYear>2031</expirationYear>\n<cardType>001</cardType>\n</card>\n</requestMessage>\n"
)


def _luhn(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("453914880343646")
BIN6, BIN8, LAST4 = PAN[:6], PAN[:8], PAN[-4:]
BT_CARD = (  # a Braintree webhook's transaction, as its SDKs write the notification XML
    f"<notification><kind>transaction_settled</kind><subject><transaction><id>da7df507</id><credit-card><bin>{BIN6}"
    f"</bin><last-4>{LAST4}</last-4><expiration-month>06</expiration-month><expiration-year>2031</expiration-year>"
    "</credit-card>{}</transaction></subject></notification>"
)


def _bt_webhook(xml: str) -> str:
    """The notification as a webhook log writes ``bt_payload``: base64, a newline every 60 characters."""
    body = base64.b64encode(b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml.encode()).decode()
    return "webhook received kind=transaction_settled\nbt_payload:\n" + "\n".join(textwrap.wrap(body, 60)) + "\n"


IVR_BIN8 = f"[3a39] Call from +10234277283\n  CardNo: {BIN8}****{LAST4}\n  ExpDate: 08/27\n  Reference: R-2291\n"
SPOKEN = "four five three nine one four eight eight zero three four three six four six seven"
NODE_SPOKEN = (  # Node's util.inspect of a request: the card in words, its parent naming another card's last4
    "Charging card {\n  metadata: {\n    iban: 'DE80 0149 7576 6937 9495 77',\n    last4: '6545'\n  },\n"
    f"  card: {{\n    creditCard: '{SPOKEN}',\n    exp: '09/31'\n  }}\n}}\n"
)
METADATA = [
    ("stripe", '{"payment_method_details": {' + STRIPE_CARD + "}}"),
    ("stripe-pretty", json.dumps({"card": {"brand": "visa", "exp_month": 12, "exp_year": 2031, "last4": "1111"}},
                                 indent=2)),
    ("braintree", '{"creditCard": {"cardType": "Visa", "expirationMonth": "12", "expirationYear": "2030", '
                  '"last4": "1881"}}'),
    ("masked-member", '{"card_masked": "************4242", "last4": "4242", "expiry": "1230"}'),
    # a Stripe card as a CSV export's cell quotes it (Splunk _raw, Sumo Logic): its quotes doubled
    ("csv-quoted", '"1733400000000","{""card"":{""brand"":""amex"",""last4"":""0005"",""exp_month"":""12"",'
                   '""exp_year"":2027,""funding"":""credit""}}","aws/lambda/pay"'),
    # the same card JSON-escaped in a log message before the export quotes the cell (once or twice escaped)
    ("csv-escaped-json", '"1733400000000","{\\""id\\"":\\""pm_1\\"",\\""card\\"":{\\""brand\\"":\\""visa\\"",'
                         '\\""last4\\"":\\""9501\\"",\\""exp_month\\"":\\""5\\"",\\""exp_year\\"":2027}}","idx-5"'),
    ("csv-twice-escaped-json", '"1733400000000","{\\\\\\""card\\\\\\"":{\\\\\\""last4\\\\\\"":\\\\\\""9501\\\\\\"",'
                               '\\\\\\""exp_month\\\\\\"":\\\\\\""5\\\\\\"",\\\\\\""exp_year\\\\\\"":2027}}","idx-5"'),
    # Redis MONITOR: an HSET's arguments after the key are field/value pairs, a last-four field beside the expiry's
    ("redis-monitor", '1714550084.123456 [0 10.0.0.5:53412] "HSET" "ivr:session:5f0c2a9e" "last4" "4242" "exp" '
                      '"1227" "phone" "+15551234567" "step" "confirm"'),
    ("redis-monitor-escaped", '{"message": "[0 10.0.0.5:53412] \\"HSET\\" \\"s:1\\" \\"last4\\" '
                              '\\"4242\\" \\"exp\\" \\"1227\\""}'),
    ("cybersource-masked", '{"paymentInformation": {"card": {"number": "463514***9095", "expirationMonth": "12", '
                           '"expirationYear": "2031", "type": "001"}}, "status": "AUTHORIZED"}'),
    ("fingerprint-digits", '{"card": {"brand": "visa", "last4": "5651", "exp_month": 11, "exp_year": 2026, '
                           '"fingerprint": "699187628960cc96"}}'),
    ("fingerprint-all-digits", '{"card": {"brand": "visa", "exp_month": 10, "exp_year": 2032, '
                               '"fingerprint": "2654011720389321", "last4": "5984"}}'),
    ("python-repr", "payload: {'last4': '1082', 'brand': 'visa', 'exp_month': 12, 'exp_year': 2033}"),
    ("node-inspect", "{ orderId: '12345', last4: '4477', expMonth: 3, expYear: 2029 }"),
    ("escaped-json", '{"message": "charge {\\"last4\\": \\"9635\\", \\"exp_month\\": 10, \\"exp_year\\": 2027}"}'),
    ("dataclass-repr", "building PaymentRequest(order_id='A1', card=CardDetails(last4='4242', exp_month=6, "
                       "exp_year=2027, fingerprint='Xk29aQ7LmPz0cVb1'), created_at=datetime.datetime(2025, 3, 4))"),
    ("kotlin-repr", "Card(brand=visa, last4=4242, expMonth=12, expYear=2029)"),
    ("go-struct", "{Brand:visa Last4:4242 ExpMonth:12 ExpYear:2029}"),
    ("tuple", "(last4='4242', brand='visa', expiry='12/29')"),
    ("structlog", "2025-05-04 15:48:28 [debug    ] card tokenised    last4=1008 exp_month=1 exp_year=2028 "
                  "fingerprint=Hn1Kb7oM2Y59owoH pm=pm_1Nq2"),
    ("logfmt-quoted", "level=info msg=\"card saved\" last4='4242' expiry='09/28'"),
    ("pairs-in-parens", "payment(last4=1008, brand=visa) exp_month=1 exp_year=2028"),
    ("yaml-block", YAML_CARD),
    ("xml-block", XML_MASKED),
    ("xml-one-line", "<card><number>**** 4242</number><expdate>1227</expdate></card>"),
    ("crm-note", "card on file ************4242 exp 12/27 (from Stripe, last4 only)"),
    ("first-six-last-four", "card on file 424242******4242 exp 12/27"),
    ("grouped-mask", "card on file 4242 **** **** 4242, expires 12/27"),
    ("x-mask", "Card: XXXX-XXXX-XXXX-4242 Exp: 12/27"),
    ("bullets", "card \u2022\u2022\u2022\u2022 4242 exp 12/27"),
    ("escaped-bullets", '{"text": "card on file \\u2022\\u2022\\u2022\\u2022 4242 exp 12/27"}'),
    ("entity-bullets", "<p>card &bull;&bull;&bull;&bull; 4242 exp 12/27</p>"),
    ("qp-bullets", "card on file =E2=80=A2=E2=80=A2=E2=80=A2=E2=80=A2 4242 exp 12/27"),
    ("ending-in", "Visa ending in 4242, expires 12/27"),
    # a masked card right before the expiry: the date is that card's, though the note quotes another card in full
    ("masked-before-expiry-beside-other-full", f"It is {PAN}.. Agent: I see a Visa x4242 expiring 12-27 on file"),
    ("ending-before-expiry-beside-other-full", f"read {PAN}; card ending in 4242, exp 12/27"),
    ("stars-before-expiry-beside-other-full", f"caller: {PAN}; on file ************4242 (exp 12/27)"),
    ("last-4-digits", "card last 4 digits: 4242 exp 12/27"),
    ("xml-unindented", XML_UNINDENTED),
    ("iban-digits", '{"message": "card on file 2406 **** **** 6778 (last4 9730) exp 10/27", '
                    '"iban": "IE15 AIBK 6001 2097 9066 99"}'),  # an IBAN's digit groups, no card number
    ("adyen-card-summary", '{"additionalData": {"expiryDate": "3/2030", "cardSummary": "1111", "cardBin": "411111", '
                           '"paymentMethodVariant": "visa"}, "pspReference": "8535296650153317"}'),
    ("paypal-last-digits", '{"payment_source": {"card": {"name": "J D", "last_digits": "2183", "expiry": "2027-09", '
                           '"brand": "VISA", "type": "CREDIT"}}}'),
    ("mercado-pago-last-four-digits", "{ bin: '450995', lastFourDigits: '3704', cardholderName: 'J D', "
                                      "expirationMonth: 11, expirationYear: 2030 }"),
    ("payflow-response", "PayflowResponse: RESULT=0&PNREF=EFHP0D426A53&RESPMSG=Approved&CVV2MATCH=Y&ACCT=4242"
                         "&EXPDATE=1229&TRANSTIME=2026-12-05 10:00:00"),
    ("card-number-last-four", '{"cardNumber": "4242", "expiry": "12/29"}'),
    ("card-number-last-four-then-words", '{"cardNumber": "4242 - on file", "expiry": "12/29"}'),
    ("braintree-xml", BT_CARD.format("")),
    ("braintree-webhook-base64", _bt_webhook(BT_CARD.format(""))),
    ("braintree-xml-masked-number", f"<credit-card><masked-number>{BIN6}******{LAST4}</masked-number>"
                                    "<expiration-date>06/2031</expiration-date></credit-card>"),
    ("xml-namespaced-last-4", f"<bt:card><bt:last-4>{LAST4}</bt:last-4><bt:expiry>06/31</bt:expiry></bt:card>"),
    ("kebab-member", f'{{"card": {{"last-four": "{LAST4}", "expiration-date": "06/2031"}}}}'),
    ("prefixed-last-four", f'{{"cardLast4": "{LAST4}", "exp_month": 6, "exp_year": 2031}}'),
    ("prefixed-snake-last-four", f'{{"card_last_four": "{LAST4}", "expiry": "06/31"}}'),
    ("truncated-pan-member", f'<payment><truncatedCardNumber>{BIN6}######{LAST4}</truncatedCardNumber>'
                             "<expiryDate>06/31</expiryDate></payment>"),
    ("bin-member", f'{{"card": {{"bin": "{BIN6}", "exp_month": 6, "exp_year": 2031}}}}'),
    ("bin8-member", f'{{"card": {{"issuerBin": "{BIN8}", "expiryDate": "6/2031"}}}}'),
    ("first-six-member", f"{{ firstSixDigits: '{BIN6}', expirationMonth: 6, expirationYear: 2031 }}"),
    ("bin-pair", f"card tokenised bin={BIN6} exp_month=6 exp_year=2031"),
    ("ivr-first-eight", IVR_BIN8),
    ("first-eight-grouped", f"card on file {BIN8[:4]} {BIN8[4:]} **** {LAST4} exp 12/27"),
    ("first-six-grouped", f"card on file {BIN6[:4]} {BIN6[4:]}** **** {LAST4} exp 12/27"),
    ("first-six-hyphens", f"card on file {BIN6[:4]}-{BIN6[4:]}XX-XXXX-{LAST4} exp 12/27"),
    ("spanish-ending", f'{{"Content": "la tarjeta que termina en {LAST4} que vence el 03/30"}}'),
    ("spanish-last-four", f"los últimos cuatro dígitos son {LAST4}, la tarjeta vence el 03/30"),
    ("portuguese-ending", f"cartão terminado em {LAST4}, validade 03/30"),
    ("french-ending", f"la carte se terminant par {LAST4} expire le 03/30"),
    ("german-ending", f'{{"Content": "die Karte endet auf {LAST4} gültig bis 03/30"}}'),
    ("german-ending-escaped", f'{{"Content": "die Karte endet auf {LAST4} g\\u00fcltig bis 03/30"}}'),
    ("german-last-four", f"Karte mit den Endziffern {LAST4}, Ablaufdatum 03/30"),
    ("portuguese-final", f"cartão com final {LAST4}, validade 03/30"),
    ("french-last-four", f"carte : 4 derniers chiffres {LAST4}, date d'expiration 03/30"),
    ("italian-last-four", f"carta: ultime quattro cifre {LAST4}, data di scadenza 03/30"),
    ("italian-ending", f"la carta che termina con {LAST4} scade il 03/30"),
    # a form path's last segment names the member: Adyen's NVP response, Stripe's form body (brackets escaped too)
    ("adyen-nvp-summary", "paymentResult.resultCode=Authorised&paymentResult.authCode=93229&paymentResult."
                          f"additionalData.cardSummary={LAST4}&paymentResult.additionalData.expiryDate=6/2028"),
    ("adyen-nvp-bin", f"paymentResult.additionalData.cardBin={BIN6}&paymentResult.additionalData.expiryDate=6/2028"),
    ("form-brackets", f"amount=1000&currency=usd&card[last4]={LAST4}&card[exp_month]=6&card[exp_year]=2028"),
    ("form-brackets-escaped", f"amount=1000&card%5Blast4%5D={LAST4}&card%5Bexp_month%5D=6&card%5Bexp_year%5D=2028"),
    ("kms-ciphertext", '{"message": "card on file 424242******4242 exp 12/27", "ciphertext": '
                       '"AQICAHhW2x9Kq+4539148803436467/ZpLm0R8vTfYb3QkEw=="}'),
    # cards.truncated: the BIN and last four joined by dots, one mask character, number signs as the mask
    ("bin-dots-last-four", f"2026-05-11 DEBUG c.e.StripeClient - card {BIN6}...{LAST4} expiry 0831"),
    ("bin8-ellipsis-last-four", f"payment method Visa {BIN8}\u2026{LAST4} exp 11/30"),
    ("x-last-four", f"[INFO]\tpayment method Mastercard x{LAST4} exp 05-31"),
    ("capital-x-last-four", f"card X{LAST4} expiry 2030-02"),
    ("star-last-four", f"receipt: Visa *{LAST4}, exp 12/27"),
    ("bullet-last-four", f"Apple Pay \u2022{LAST4} exp 12/27"),
    ("hash-mask-grouped", f"card #### #### #### {LAST4} expiry 12/2031"),
    ("hash-mask-run", f"card ############{LAST4} expiry 12/31"),
    ("hash-mask-after-bin", f"card {BIN6[:4]} {BIN6[4:]}## #### {LAST4} expiry 12/31"),
    ("connect-masked-card", f'{{"Attributes": {{"maskedCard": "#### #### #### {LAST4}", "maskedExpiry": "05/27"}}}}'),
    ("connect-masked-card-name", '{"Attributes": {"maskedCard": "tok_8Hx2", "maskedExpiry": "05/27"}}'),
    # a card object's members printed as words, as a form body, as JSON escaped twice, after an escaped tab
    ("last-four-as-words", f'wire >> "cardLast4 {LAST4} expMonth 3 expYear 2026 fingerprint 60f37372b2527df8"'),
    ("last-four-form-body", f'{{"body": "cardLast4={LAST4}&expMonth=10&expYear=2027&fingerprint=fe542ccd"}}'),
    ("json-escaped-twice", f'got \\"{{\\\"cardLast4\\\": \\\"{LAST4}\\\", \\\"expMonth\\\": 5, '
                           '\\\"expYear\\\": 2027}\\"'),
    ("after-escaped-tab", f'{{"message": "2026-04-25T01:45:34Z\\tINFO\\tcardLast4 {LAST4} expMonth 12 expYear 2027"}}'),
    ("base64-words", "validate_card got " + base64.b64encode(
        f"cardLast4 {LAST4} expMonth 10 expYear 2030 fingerprint e62c".encode()).decode()),
    # a number grouped as no card is (an invoice's 8-8 digits) is no card number beside the last four
    ("payflow-invoice", f"RESULT=0&PNREF=V19A60283736&RESPMSG=Approved&ACCT={LAST4}&EXPDATE=0427"
                        f"&invoice+INV-{PAN[:8]}-{PAN[8:]}"),
    # cards.lastfour: a last-four name or phrase before its digits, then the expiry: that card's, though the record
    # holds another full number (a network token, a card number of another field)
    ("last4-word-summary", f'{{"card_summary": "last4 8122 expiry 12/27", "network_token": "{PAN}"}}'),
    ("last4-word-logfmt", f"capture complete card_number={PAN} card_summary=last4 8122 expiry 06/26"),
    ("last4-word-transcript", f"token {PAN}; last4 8122 expiry 10/33"),
    ("last-underscore-4", f"token {PAN}; last_4: 8122, exp 12/27"),
    ("last-hyphen-4", f"token {PAN}; last-4 8122 exp 12/27"),
    ("last-four-glued", f"token {PAN}; cardLastFour 8122 expires 12/27"),
    ("ends-with", f"token {PAN}; the card ends with 8122, exp 12/27"),
    ("final-digits", f"token {PAN}; final digits 8122 exp 12/27"),
    ("final-four", f"token {PAN}; final four: 8122, exp 12/27"),
    # a quoted-printable bullet run across a soft line break (in a bullet, after the run)
    ("qp-bullets-soft-break", "<p>Card: =E2=80=A2=E2=80=A2=E2=80=A2=E2=\n=80=A2 4242 exp 12/27</p>"),
    ("qp-bullets-break-in-bullet", "<p>Card: =E2=80=A2=E2=80=\n=A2=E2=80=A2=E2=80=A2 4242 exp 12/27</p>"),
    ("qp-bullets-break-after-run", "<p>Card: =E2=80=A2=E2=80=A2=E2=80=A2=E2=80=A2=\n 4242 exp 12/27</p>"),
    # a namespaced key: Cognito's custom attributes (``custom:``), a developer-only attribute, a header, a dotted path
    ("cognito-custom", '{"request": {"userAttributes": {"sub": "82990c26", "email_verified": "true", '
                       '"custom:card_last4": "8718", "custom:card_exp": "07/31"}}}'),
    ("dev-prefix", '{"dev:card_last4": "8718", "dev:card_exp": "07/31"}'),
    ("header-prefix", '{"x-card-last4": "8718", "x-card-expiry": "07/31"}'),
    ("dotted-key", '{"payment.card.last4": "8718", "payment.card.exp": "07/31"}'),
    ("namespaced-masked", "{'custom:masked_pan': '424242******4242', 'custom:expiry': '07/31'}"),
    # a form body decoded field by field: the expiry is judged in the record it was written in (``decoded_metadata``),
    # percent-encoded, or first base64 as a Lambda function URL event's body with isBase64Encoded
    ("percent-form", "body: masked_pan=424242%2A%2A%2A%2A%2A%2A4242&expiry=12%2F27"),
    ("base64-percent-form", '{"body": "' + base64.b64encode(b"masked_pan=424242%2A%2A%2A%2A%2A%2A4242&expiry=12%2F27")
     .decode() + '", "isBase64Encoded": true}'),
    ("base64-last4-form", '{"body": "' + base64.b64encode(b"card_last4=4242&exp_month=12&exp_year=2027").decode()
     + '", "isBase64Encoded": true}'),
]
WIDE = "  ".join(PAN[i : i + 4] for i in range(0, 16, 4))
OTHER4 = "8122"  # another card's last four
PCT_PAN = "%20".join(PAN[i : i + 4] for i in range(0, 16, 4))  # a sibling field's card, percent-encoded
LOOSE = " ".join((PAN[:5], PAN[5:9], PAN[9:13], PAN[13:15], PAN[15:]))
# The Stripe CLI's transcript: the request that made the card object holds the card in full, its response the
# object (``last4``, ``exp_month``, ``exp_year`` pretty-printed); another card's number above it lends nothing.
OTHER = _luhn("601100000000321")
STRIPE_CLI = (
    '$ stripe post /v1/payment_methods -d type=card -d "card[number]={}"\n{{\n  "id": "pm_1",\n  "card": {{\n'
    '    "brand": "visa",\n    "exp_month": 2,\n    "exp_year": 2031,\n    "fingerprint": "KIBp5uxyHsGbuSF0",\n'
    '    "last4": "{}"\n  }}\n}}\n'
)
METADATA.append(("stripe-cli-other-card", STRIPE_CLI.format(OTHER, LAST4)))


def _ending_in(prefix: str, length: int, four: str) -> str:
    """A Luhn-valid number of ``length`` digits led by ``prefix`` and ending in ``four``."""
    for n in range(10 ** (length - len(prefix) - 4)):
        body = prefix + str(n).zfill(length - len(prefix) - 4) + four
        if _luhn(body[:-1]) == body:
            return body
    raise AssertionError(four)


# A brand named beside the last four: a card of another brand ending in the same four digits, logged by another
# invocation, is another card (a Lambda log: the runtime's prefix, each line its own request id)
LAMBDA_LINES = (
    "[INFO]\t2026-12-02T11:24:04.161Z\t57f69a09-d512-6988-0f0b-69c6a0df696f\t{} ending in {} expiring 03/2028\n"
    "[INFO]\t2026-12-04T20:31:22.599Z\t32acd544-da9a-e373-2785-c43188a8b28b\tstripe responded status=succeeded\n"
    "[INFO]\t2026-12-04T07:34:38.613Z\t19b2bca5-a418-9fa4-cd3c-6dfbf9d13eb3\tcollected card_number={}\n"
)
METADATA.append(("brand-named-other-brand-full", LAMBDA_LINES.format("Visa", LAST4, _ending_in("36", 14, LAST4))))
METADATA.append(("brand-named-amex-full-visa", LAMBDA_LINES.format("Amex", LAST4, PAN)))
REPORTED = [  # (case, text, expected findings besides the PAN)
    ("brand-named-same-brand-full", LAMBDA_LINES.format("Visa", LAST4, PAN), [("expiry", "03/28")]),
    ("brand-named-network-carries-it", LAMBDA_LINES.format("Discover", LAST4, _ending_in("36", 14, LAST4)),
     [("expiry", "03/28")]),
    ("no-brand-named-full", LAMBDA_LINES.format("Card", LAST4, _ending_in("36", 14, LAST4)), [("expiry", "03/28")]),
    ("stripe-cli-same-card", STRIPE_CLI.format(PAN, LAST4), [("expiry", "02/31")]),
    ("stripe-cli-same-card-masked", STRIPE_CLI.format(PAN, LAST4).replace(f'"last4": "{LAST4}"',
                                                                          f'"masked": "************{LAST4}"'),
     [("expiry", "02/31")]),
    ("with-number", '{"card": {"brand": "visa", "number": "4111111111111111", "exp_month": 2, "exp_year": 2030, '
                    '"last4": "1111"}}', [("expiry", "02/30")]),
    ("no-card-named", '{"card": {"exp_month": 2, "exp_year": 2030}}', [("expiry", "02/30")]),
    ("redis-monitor-pan", '1714550084.123456 [0 10.0.0.5:53412] "HSET" "ivr:session:5f0c2a9e" "pan" '
                          '"4111111111111111" "exp" "1227" "step" "confirm"', [("expiry", "12/27")]),
    ("redis-monitor-no-last4", '1714550084.123456 [0 10.0.0.5:53412] "HSET" "s:1" "last" "4242" "exp" "1227"',
     [("expiry", "12/27")]),
    ("csv-quoted-with-number", '"1733400000000","{""card"":{""brand"":""visa"",""number"":""4111111111111111"",'
                               '""exp_month"":""12"",""exp_year"":2027}}","aws/lambda/pay"', [("expiry", "12/27")]),
    ("csv-escaped-json-with-number", '"1733400000000","{\\""card\\"":{\\""number\\"":\\""4111111111111111\\"",'
                                     '\\""last4\\"":\\""1111\\"",\\""exp_month\\"":\\""12\\"",\\""exp_year\\"":2027}}","x"',
     [("expiry", "12/27")]),
    ("repr-with-number", "CardDetails(last4='4242', brand='visa', exp_month=12, exp_year=2029, "
                         "note='4111111111111111')", [("expiry", "12/29")]),
    ("repr-full-card", "Card(card_number='4111111111111111', brand='visa', exp_month=6, exp_year=2027, cvc='123')",
     [("expiry", "06/27"), ("cvv", "123")]),
    ("logfmt-with-number", "level=info card=4539148803436467 last4=6467 brand=visa exp_month=1 exp_year=2028",
     [("expiry", "01/28")]),
    ("logfmt-two-lines", "level=info last4=1008 brand=visa\nlevel=info exp_month=1 exp_year=2028",
     [("expiry", "01/28")]),
    ("dotted-number", '{"last4": "1111", "description": "number on card 4111.1111.1111.1111 / expiry 12/30"}',
     [("expiry", "12/30")]),
    ("masked-beside-full", "card 4111 1111 1111 1111 (**** 1111) exp 12/27", [("expiry", "12/27")]),
    ("yaml-full-number", YAML_FULL, [("expiry", "03/29")]),
    ("xml-full-number", XML_FULL, [("expiry", "11/31")]),
    ("xml-other-block", XML_OTHER_BLOCK, [("expiry", "11/31")]),
    # Firehose writes records one after another on a line: another record's masked card names no card of this one
    ("records-on-one-line", '{"Segments": [{"Utterance": {"PartialContent": "card on file XXXX-XXXX-XXXX-4242 exp '
                            '11/29"}}]}{"Segments": [{"Utterance": {"PartialContent": "expiry 12/27"}}]}',
     [("expiry", "12/27")]),
    ("summary-is-no-card", '{"summary": "1111", "card": {"exp_month": 2, "exp_year": 2030}}', [("expiry", "02/30")]),
    ("adyen-with-number", '{"additionalData": {"expiryDate": "3/2030", "cardSummary": "1111", '
                          '"cardNumber": "4111111111111111"}}', [("expiry", "03/30")]),
    ("payflow-request", "PayflowRequest: TRXTYPE=S&ACCT=4111111111111111&EXPDATE=1229&AMT=10.00",
     [("expiry", "12/29")]),
    ("dots-beside-full", f"card {PAN} ({BIN6}...{LAST4}) expiry 08/31", [("expiry", "08/31")]),
    ("x-last-four-beside-full", f"card {PAN} x{LAST4} exp 05-31", [("expiry", "05/31")]),
    ("double-spaced-full-beside-masked", f"Card number is {PAN[:4]}  {PAN[4:8]}  {PAN[8:12]}  {PAN[12:]}, expires "
                                         "09/27. Ref ************0555", [("expiry", "09/27")]),
    ("x-last-four-apart-from-full", f"It is {PAN}. I see a Visa x{LAST4} expiring 05-31", [("expiry", "05/31")]),
    ("masked-then-full-with-expiry", f"on file ending in 4242, exp 12/27; caller read {PAN} exp 01/29",
     [("expiry", "01/29")]),
    ("masked-far-before-expiry", f"x4242 is on file, and the caller read {PAN}, exp 01/29", [("expiry", "01/29")]),
    ("words-beside-full", f"cardLast4 {LAST4} cardNumber {PAN} expMonth 3 expYear 2026", [("expiry", "03/26")]),
    ("grouped-full-number", f"card {PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]} (x{LAST4}) exp 12/27",
     [("expiry", "12/27")]),
    ("hex-is-no-x-mask", f"offset 0x{LAST4}, card exp 12/27", [("expiry", "12/27")]),
    ("resolution-is-no-x-mask", "screen 1920x1080, card exp 12/27", [("expiry", "12/27")]),
    ("seven-dotted-digits", f"card {PAN[:7]}...{LAST4} exp 12/27", [("expiry", "12/27")]),
    ("year-range-dots", "valid 2024..2027, card exp 12/27", [("expiry", "12/27")]),
    ("few-number-signs", f"#### ## {LAST4} card exp 12/27", [("expiry", "12/27")]),
    ("last-four-word-no-digits", "cardLast4 unknown, expMonth 3 expYear 2026", [("expiry", "03/26")]),
    ("grouped-number-in-a-query", "GET /prod/pay?pan=4111+1111+1111+1111&expiry=12/29",
     [("expiry", "12/29")]),
    ("four-digits-of-another-key", '{"pin_hint": "4242", "expiry": "12/29"}', [("expiry", "12/29")]),
    ("five-digit-card-number", '{"cardNumber": "42424", "expiry": "12/29"}', [("expiry", "12/29")]),
    # a card number typed in irregular groups: its first group is no last four (the PAN detector judges the number)
    ("first-group-dash-space", "params {'CardNumber': '4539- 148- 80- 3436- 46- 7', 'ExpiryDate': '03-28'}",
     [("expiry", "03/28")]),
    ("first-group-double-space", '{"cardNum": "4539  14880  343  64  67", "cardExp": "0328"}', [("expiry", "03/28")]),
    ("first-group-spaced-dash", '{"pan": "4539 - 1488 - 0343 - 6467", "exp": "03/28"}', [("expiry", "03/28")]),
    ("cvv-beside-masked", "card on file ************4242 exp 12/27 cvv 123", [("cvv", "123")]),
    ("too-few-mask", "order 12**3456 exp 12/27", [("expiry", "12/27")]),
    ("mask-glued-to-word", "ref ab****1234 exp 12/27", [("expiry", "12/27")]),
    ("markdown-heading", "#### 2024 card exp 12/27", [("expiry", "12/27")]),
    ("ending-three-digits", "card ending in 424, exp 12/27", [("expiry", "12/27")]),
    ("pending-is-no-ending", "refund pending: 4242 items, card exp 12/27", [("expiry", "12/27")]),
    ("long-mask-run", "*" * 5000 + " x" + "x" * 5000 + " card exp 12/27", [("expiry", "12/27")]),  # read in one pass
    ("seven-leading-digits", "card 1234567****4242 exp 12/27", [("expiry", "12/27")]),
    ("xml-unindented-full", XML_UNINDENTED.replace("xxxxxxxxxxxx4242", "4539148803436467"), [("expiry", "12/31")]),
    ("digits-in-a-url-path", '{"message": "card on file 453914******6467 exp 12/27", '
                             '"path": "/v1/cards/4539148803436467/charge"}', [("expiry", "12/27")]),
    ("full-width-escaped", '{"maskedCard": "************6467", "PAN": "'
                           + "".join(f"\\u{0xFF10 + int(d):04x}" for d in "4539148803436467")
                           + '", "exp_date": "12-27"}',
     [("expiry", "12/27")]),
    ("full-width-raw", '{"maskedCard": "************6467", "PAN": "'
                       + "".join(chr(0xFF10 + int(d)) for d in "4539148803436467") + '", "exp_date": "12-27"}',
     [("expiry", "12/27")]),
    ("nbsp-escaped", '{"maskedCard": "************6467", "cardNumber": "4539\\u00a01488\\u00a00343\\u00a06467", '
                     '"exp_date": "August 2027"}', [("expiry", "08/27")]),
    ("nbsp-entity", "<p>last4: 6467, card 4539&nbsp;1488&nbsp;0343&nbsp;6467 exp 12/27</p>", [("expiry", "12/27")]),
    ("spoken-number", f'{{"maskedCard": "************6467", "cardNumber": "{SPOKEN}", "expiry": "2027-12"}}',
     [("expiry", "12/27")]),
    ("node-spoken", NODE_SPOKEN, [("expiry", "09/31")]),
    ("braintree-xml-full-number", BT_CARD.format(f"<custom-fields><card-ref>{PAN}</card-ref></custom-fields>"),
     [("expiry", "06/31")]),
    ("braintree-webhook-full-number",
     _bt_webhook(BT_CARD.format(f"<custom-fields><card-ref>{PAN}</card-ref></custom-fields>")), [("expiry", "06/31")]),
    ("bin-of-other-digits", '{"bin": "42", "card": {"exp_month": 6, "exp_year": 2031}}', [("expiry", "06/31")]),
    ("bin-path", '{"bin": "/usr/local/bin", "expiry": "06/31"}', [("expiry", "06/31")]),
    ("bin-seven-digits", '{"card": {"bin": "4539148", "expiry": "06/31"}}', [("expiry", "06/31")]),
    ("xml-element-other-name", f"<card><last4Date>{LAST4}</last4Date><expiry>06/31</expiry></card>",
     [("expiry", "06/31")]),
    ("ivr-full-number", IVR_BIN8.replace(f"{BIN8}****{LAST4}", PAN), [("expiry", "08/27")]),
    ("nine-leading-digits", f"card {PAN[:9]}****{LAST4} exp 12/27", [("expiry", "12/27")]),
    ("seven-leading-grouped", f"card {BIN8[:4]} {BIN8[4:7]}** **** {LAST4} exp 12/27", [("expiry", "12/27")]),
    ("more-than-eight-grouped", f"card {PAN[:4]} {PAN[4:8]} {PAN[8:10]}** {LAST4} exp 12/27", [("expiry", "12/27")]),
    ("ending-inside-a-word", "pago determinado en 2024, la tarjeta vence el 03/30", [("expiry", "03/30")]),
    ("ending-beside-full", f"die Karte {PAN} endet auf {LAST4} gültig bis 03/30", [("expiry", "03/30")]),
    ("nvp-with-number", f"paymentRequest.card.number={PAN}&paymentRequest.additionalData.cardSummary={LAST4}"
                        "&paymentRequest.card.expiryDate=6/2028", [("expiry", "06/28")]),
    ("dotted-name-in-code", "card.last4 = last_four(number); expiryDate=6/2028", [("expiry", "06/28")]),
    ("nvp-summary-empty", "paymentResult.additionalData.cardSummary=&paymentResult.additionalData.expiryDate=6/2028",
     [("expiry", "06/28")]),
    ("nvp-other-name", f"a.cardSummaryText={LAST4}&paymentResult.additionalData.expiryDate=6/2028",
     [("expiry", "06/28")]),
    ("cvv-beside-spanish-ending", f"la tarjeta que termina en {LAST4}, cvv 123", [("cvv", "123")]),
    # a full number typed with wide gaps, or in a card label's irregular groups, beside a masked card's comment
    ("wide-gaps-beside-masked", f'{{"description": "my card: {WIDE} exp 08/2033", "note": "refund of '
                                f"************{OTHER4} exp 11/2031\"}}", [("expiry", "08/33")]),
    ("loose-beside-masked", f'{{"description": "Card number is {LOOSE}, expires 12-31", "note": "refund of '
                            f"************{OTHER4} exp 11/2031\"}}", [("expiry", "12/31")]),
    # an expiry written as a key=value field of its own is the record's: the record holds a full card number
    ("logfmt-masked-then-expiry-field", f"capture complete masked_card=XXXX{OTHER4} expiry=03/2028 card_number={PAN}",
     [("expiry", "03/28")]),
    ("logfmt-six-four-then-expiry-field", f"card={BIN6}******{OTHER4} expiry=05/2029 card_number={PAN} cvv=221",
     [("expiry", "05/29"), ("cvv", "221")]),
    ("last4-word-beside-same-full", f"last4 {LAST4} expiry 12/27, card {PAN}", [("expiry", "12/27")]),
    ("weekends-with-is-no-ending", f"weekends with {OTHER4} visitors, card exp 12/27", [("expiry", "12/27")]),
    ("final-score-is-no-ending", f"final {OTHER4} points, card exp 12/27", [("expiry", "12/27")]),
    ("qp-apostrophe-is-no-bullet", "<p>it=E2=80=99s 4242 exp 12/27</p>", [("expiry", "12/27")]),
    ("cognito-custom-with-number", '{"custom:card_last4": "1111", "custom:card_number": "4111111111111111", '
                                   '"custom:card_exp": "07/31"}', [("expiry", "07/31")]),
    ("namespaced-last4-is-a-value", '{"note": "see custom:card_last4", "custom:card_exp": "07/31"}',
     [("expiry", "07/31")]),
    ("percent-form-with-number", "body: masked_pan=424242%2A%2A%2A%2A%2A%2A4242&pan=" + PCT_PAN + "&expiry=12%2F27",
     [("expiry", "12/27")]),
    ("percent-form-no-card-named", "body: order=1&expiry=12%2F27", [("expiry", "12/27")]),
    # a JSON-lines log: the request's card is that line's; the response on the next line is a record of its own, its
    # bin, last four and expiry card metadata (a gateway's payment response)
    ("jsonl-request-then-response", '{"body": {"source": {"number": "' + PAN + '", "expiry_month": 12, '
     '"expiry_year": 2030, "cvv": "736"}}}\n{"resp": {"source": {"bin": "' + PAN[:6] + '", "last4": "' + PAN[-4:]
     + '", "expiry_month": 12, "expiry_year": 2030}}}\n', [("expiry", "12/30"), ("cvv", "736")]),
    # a container log's split line put back together: the joined record holds the card, its first piece no last four
    ("cri-split-card", '2024-05-01T07:54:51.749425182Z stdout P {"Attributes":{"CardNumber":"' + PAN[:4]
     + '\n2024-05-01T07:54:51.749425182Z stdout F ' + PAN[4:] + '","ExpiryDate":"1129","SecurityCode":"325"}}\n',
     [("cvv", "325"), ("expiry", "11/29")]),
]


def _found(text: str, backend: Backend) -> list[tuple[str, str]]:
    return [(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), METADATA, ids=[c[0] for c in METADATA])
def test_an_expiry_beside_a_truncated_card_is_metadata(case: str, text: str, backend: Backend) -> None:
    assert _found(text, backend) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text", "expected"), REPORTED, ids=[c[0] for c in REPORTED])
def test_card_data_stays_reported(case: str, text: str, expected: list[tuple[str, str]], backend: Backend) -> None:
    assert _found(text, backend) == expected


def test_the_record_is_the_indented_block() -> None:
    at = YAML_CARD.index("exp_year")
    lo, hi = card_summary.truncated_object(YAML_CARD, at) or (-1, -1)
    assert YAML_CARD[lo:hi] == "  token: tok_1Abc\n  last4: '4477'\n  exp_month: 3\n  exp_year: 2029"
