"""Weak labels (``weak_labels``) on both back ends: a Unicode space where the gap allows a space (French typography's
no-break space before a colon), ``gültig bis`` as a label, filler words between an expiry label and its value,
``verification code``, ``verification value`` and ``security number`` only in a card's record (an SMS one-time password
and a social security number stay quiet), an expiry verb whose sentence gives a card code, an expiry verb in a Contact
Lens turn after the speaker's card-number turn (not after a truncated card or an order number, nor another speaker's),
and ``security code`` right after another subject (an alarm panel, a gate, the wifi) that stays quiet unless the record
names a card."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

VISA = "4111111111111111"  # a published test card
AMEX_DOTTED = "3782.822463.10005"  # a published Amex test card, grouped with dots as a note writes it


def _luhn(body: str) -> str:
    """``body`` with its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 if i % 2 == 0 else 1), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("455278140951")  # 13 digits, as a caller says a Visa
PAN16 = _luhn("620227078591955")  # a 16-digit UnionPay


def _joined(sep: str) -> str:
    """``PAN16`` in groups of four joined by ``sep``."""
    return sep.join(PAN16[i : i + 4] for i in range(0, 16, 4))


def _bold() -> str:
    """``PAN16`` in groups of four, every other one in Markdown bold."""
    return " ".join(f"**{PAN16[i : i + 4]}**" if i % 8 == 0 else PAN16[i : i + 4] for i in range(0, 16, 4))
_DE_DIGITS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_EN = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _said(pan: str) -> str:
    """``pan`` as speech-to-text writes a caller: groups of four, every other digit a word, commas between groups."""
    groups = [pan[i : i + 4] for i in range(0, len(pan), 4)]
    return ", ".join(" ".join(_EN[int(d)] if k % 2 == 0 else d for k, d in enumerate(g)) for g in groups)


_MIXED = _said(_luhn("601100009013942"))  # a Discover test number
_ES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_SPANISH = ", ".join(" ".join(_ES[int(d)] for d in _luhn("601100009013942")[i : i + 4]) for i in range(0, 16, 4))
_MIXED_BAD = _said(_luhn("601100009013942")[:-1] + str((int(_luhn("601100009013942")[-1]) + 1) % 10))
_DE_WORDS = " ".join(_DE_DIGITS[int(d)] for d in PAN)


def _lines(*messages: tuple[str, str]) -> str:
    """A transcript written a message a line: ``Speaker: message``."""
    return "".join(f"{who}: {said}\n" for who, said in messages)


def _lens(*turns: tuple[str, str]) -> str:
    """A Contact Lens transcript (pretty-printed, as its output file is) of (participant, content) turns."""
    items = ",\n".join(f'    {{\n      "Content": "{c}",\n      "ParticipantId": "{p}"\n    }}' for p, c in turns)
    return '{\n  "Transcript": [\n' + items + "\n  ]\n}"


CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # 1. any Unicode space in the gap
    ("fr-nbsp", "date d'expiration\u00a0: 12/29 \u2014 cryptogramme\u00a0: 428", [("expiry", "12/29"), ("cvv", "428")]),
    ("fr-narrow-nbsp", "cryptogramme\u202f: 428", [("cvv", "428")]),
    ("en-nbsp", "CVV:\u00a0731, Exp\u2009: 04/28", [("cvv", "731"), ("expiry", "04/28")]),
    ("nbsp-not-a-word", "cvv\u00a0enabled\u00a0: 731", []),
    # 2. gültig bis as a label, or in a card's record
    ("de-gueltig-bis-colon", f"Kartennummer: {VISA}; gültig bis: 09/29; Prüfnummer: 811",
     [("expiry", "09/29"), ("cvv", "811")]),
    ("de-gueltig-bis-key", "gültig bis: 09/29", [("expiry", "09/29")]),
    ("de-gueltig-bis-line", "Gültig bis 09/2029", [("expiry", "09/29")]),
    ("de-gueltig-bis-kreditkarte", "Ihre Kreditkarte ist gültig bis 09/2029", [("expiry", "09/29")]),
    ("de-gueltig-bis-voucher-label", "Gutschein Nr. 55, gültig bis: 09/2029", []),
    ("de-gueltig-bis-offer-line", "Sommer-Angebot\nGültig bis 09/2029", []),
    ("de-gueltig-bis-ausweis", "Personalausweis gültig bis: 09/2031", []),
    ("de-gueltig-bis-aktion", "Sommer-Aktion; gültig bis: 09/2029", []),
    ("de-transaktion-is-no-aktion", "Transaktion 4711; gültig bis: 09/29", [("expiry", "09/29")]),
    ("de-gueltig-bis-prose", "Das Angebot ist gültig bis 09/27.", []),
    ("de-gueltig-bis-verb", "Der Rabatt bleibt gültig bis 09/27", []),
    # a JSON string's or a form value's first words are a field's: a transcript's turn, an SMS body
    ("de-gueltig-bis-json-turn", '{"Content": "gültig bis 09/2028"}', [("expiry", "09/28")]),
    ("de-gueltig-bis-form-value", "From=x&Body=gültig bis 09/2028", [("expiry", "09/28")]),
    ("de-gueltig-bis-json-offer", '{"Content": "Gutschein gültig bis 09/2028"}', []),
    ("de-gueltig-bis-json-mid", '{"Content": "der Rabatt gültig bis 09/2028"}', []),
    # 3. verification code / security number: in a card's record only
    ("verification-code-card", f"card {VISA} exp 03/2030 verification code 770", [("expiry", "03/30"), ("cvv", "770")]),
    ("security-number-card", f"card {VISA} exp 03/2030 security number 770", [("expiry", "03/30"), ("cvv", "770")]),
    ("card-security-number", "card security number: 7702", [("cvv", "7702")]),
    ("verification-code-mail", f"Hello,\nCard number: {VISA}\nExpiry date: 04/2030\nverification code: 713\n",
     [("expiry", "04/30"), ("cvv", "713")]),
    ("csc-then-expires", f"card {AMEX_DOTTED}, CSC 1234, expires 05/2029", [("cvv", "1234"), ("expiry", "05/29")]),
    ("verification-code-then-expires", f"Caller said: card {VISA}, verification code 123, expires 03/2029.",
     [("cvv", "123"), ("expiry", "03/29")]),
    ("otp-sms", "SMS sent: Your verification code is 4821. It expires in 10 minutes.", []),
    ("otp-six-digits", "Your verification code is 482913", []),
    ("otp-prompt", "enter the verification code we sent", []),
    ("otp-bare", "verification code 4821", []),
    ("otp-sent-beside-card", f"card {VISA} added; we sent verification code 4821 to your phone", []),
    ("otp-other-line", f"ticket=1 card {VISA} paid\nticket=2 your verification code 6812", []),
    ("ssn-last-four", f"card {VISA} holder social security number 1234", []),
    # V-code: the hotel and travel trade's name for the code, a card's in a card's record only
    ("v-code-note", f"deposit taken by phone: {VISA} EXP DATE 08-29 / V-code 153",
     [("expiry", "08/29"), ("cvv", "153")]),
    ("v-code-colon", f" 11 RM CARD {VISA} V-code: 895", [("cvv", "895")]),
    ("v-code-dash", f"Private room deposit: {VISA} expires 2028-06, V-code-619",
     [("expiry", "06/28"), ("cvv", "619")]),
    ("vcode-glued", f"guest card {VISA} vcode 4921", [("cvv", "4921")]),
    ("v-code-one-time-payment", f"CSR422|One-time pmt by phone {VISA}, exp 0326 V-code: 824",
     [("expiry", "03/26"), ("cvv", "824")]),
    ("v-code-no-card", "Login V-code 4821", []),
    ("v-code-sent", f"card {VISA} on file; V-code 4821 sent by SMS", []),
    ("v-code-one-time", f"card {VISA} on file; your one-time V-code is 4821", []),
    ("v-code-in-a-word", f"card {VISA} dev-code 482", []),
    ("v-code-icd", "Dx: V-code V45.81 aortocoronary bypass status", []),
    ("verification-value-card", f"cc {VISA}; verification value 123", [("cvv", "123")]),
    ("card-verification-value", f"new card {VISA} card verification value is 4321. Please reprocess.",
     [("cvv", "4321")]),
    ("verification-value-before-card", f"verification value 123; number on card {VISA}", [("cvv", "123")]),
    ("verification-value-no-card", "the verification value is 123 for the account", []),
    ("verification-value-sent", f"card {VISA} added; we sent verification value 4821 by SMS", []),
    # 3b. a camel-case card key names a card; a Connect contact attribute of a payment flow (its record names a
    # payment, no one-time code)
    ("ctr-card-last4", '{"Attributes": {"PaymentStatus": "APPROVED", "cardLast4": "0034", "verificationCode": "159"}}',
     [("cvv", "159")]),
    ("masked-card-key", '{"maskedCard": "**** 7617", "verificationCode": "328"}', [("cvv", "328")]),
    ("gift-card-key", '{"giftCard": "GC-77", "verificationCode": "328"}', []),
    ("ctr-payment-status", '{"Attributes": {"PaymentStatus": "PENDING", "Amount": "845.65", '
     '"verificationCode": "540"}, "Channel": "VOICE"}', [("cvv", "540")]),
    ("lambda-payment-service", '{"service": "payment-ivr", "function_name": "payment-notifier", "body": {"Details": '
     '{"ContactData": {"Attributes": {"verificationCode": "178"}}}}}', [("cvv", "178")]),
    ("flow-payments-4-digits", '{"ContactFlowName": "Inbound-Payments", "Attributes": {"verificationCode": "4821"}}',
     [("cvv", "4821")]),
    ("connect-no-payment", 'Received event: {"Details": {"ContactData": {"Attributes": {"verificationCode": "545"}, '
     '"ContactId": "a7290be1"}}, "Name": "ContactFlowEvent"}', []),
    ("connect-otp-flow", '{"ContactFlowName": "Inbound-Payments", "Attributes": {"otpSent": "true", '
     '"verificationCode": "4821"}}', []),
    ("connect-send-otp", '{"service": "payment-ivr", "Attributes": {"sendOtpResult": "OK", "verificationCode": "482"}}',
     []),
    ("connect-sms", '{"ContactFlowName": "Payments", "Attributes": {"smsStatus": "SENT", "verificationCode": "4821"}}',
     []),
    ("connect-login-flow", '{"service": "payment-login", "Attributes": {"verificationCode": "482"}}', []),
    ("payment-record-no-attributes", '{"service": "payment-ivr", "body": {"verificationCode": "482"}}', []),
    ("cognito-user-attributes", '{"service": "payments", "request": {"userAttributes": {"verificationCode": "482"}}}',
     []),
    ("attributes-closed-before", '{"service": "payment-ivr", "Attributes": {"a": "1"}, '
     '"x": {"verificationCode": "482"}}', []),
    # 4. filler words between the expiry label and its value
    ("dtmf-digits", "DTMF expiry digits=0832 cvv digits=067", [("expiry", "08/32"), ("cvv", "067")]),
    ("expiry-digit-entered", "expiry digits entered: 1129", [("expiry", "11/29")]),
    # 5. an expiry verb whose sentence gives a card code
    ("lens-month-name", "It expires February 2032 and the security code is 236.",
     [("expiry", "02/32"), ("cvv", "236")]),
    ("subscription-month-name", "Your subscription expires February 2032.", []),
    ("it-expires-alone", "It expires February 2032.", []),
    ("cvv-free-link", "Room 312, CVV-free MOTO via secure link, link expires 05/12", []),
    ("code-in-next-sentence", "It expires 05/29. The door code is 236.", []),
    ("fr-code-then-expire", "le cryptogramme est 593, elle expire le 07/33", [("cvv", "593"), ("expiry", "07/33")]),
    ("es-code-then-vence", "el código de seguridad es 593, vence el 07/33", [("cvv", "593"), ("expiry", "07/33")]),
    ("pt-code-then-vence", "o código de segurança é 593, vence em 07/33", [("cvv", "593"), ("expiry", "07/33")]),
    ("de-code-then-gueltig-bis", "die Prüfnummer ist 593, gültig bis 07/33", [("cvv", "593"), ("expiry", "07/33")]),
    ("it-code-then-scade", "il codice di sicurezza è 593, scade il 07/33", [("cvv", "593"), ("expiry", "07/33")]),
    ("fr-promo-code-expire", "le code promo est 593, elle expire le 07/33", []),
    ("it-promo-code-scade", "il codice promozionale è 593, scade il 07/33", []),
    ("de-code-next-sentence", "die Prüfnummer ist 593. Das Angebot ist gültig bis 09/27.", [("cvv", "593")]),
    # 5b. an expiry verb opening the clause right after a card number, or a card number after its date
    ("semicolon-expires", f"card number {VISA}; expires 06-27", [("expiry", "06/27")]),
    ("period-expires", "Please charge: PAN 4111 1111 1111 1111. expires 06/27", [("expiry", "06/27")]),
    ("expires-before-card", f"expires 06/27 card {VISA}", [("expiry", "06/27")]),
    ("expires-no-card", "the build passed; expires 06/27", []),
    ("expires-session-token", "login ok. expires 06/27 session token", []),
    ("expires-order-id-after", f"link expires 06/27 order id {VISA}", []),
    ("expires-card-next-sentence", f"Session expires 06/27. Card {VISA} on file", []),
    # 5c. an expiry verb in a transcript turn after the speaker's own card-number turn
    ("lens-expires-after-card-turn", _lens(("CUSTOMER", f"my card number is {PAN[:4]} {PAN[4:8]} {PAN[8:]}"),
                                           ("CUSTOMER", "expires 05/28")), [("expiry", "05/28")]),
    ("lens-gueltig-after-words", _lens(("CUSTOMER", f"meine Kartennummer ist {_DE_WORDS}"),
                                       ("CUSTOMER", "gültig bis 05/28")), [("expiry", "05/28")]),
    ("lens-gueltig-escaped", _lens(("CUSTOMER", f"meine Kartennummer ist {PAN}"), ("AGENT", "Danke"),
                                   ("CUSTOMER", "g\\u00fcltig bis 05/28")), [("expiry", "05/28")]),
    # ... or before it: a caller asked for the date first says the number in one of the next turns
    ("lens-expires-before-card-turn", _lens(("CUSTOMER", "it expires 05/28"), ("AGENT", "And the number?"),
                                            ("CUSTOMER", f"Sure, the number is {PAN[:4]} {PAN[4:8]} {PAN[8:]}")),
     [("expiry", "05/28")]),
    # a card number read out in groups that speech-to-text joined with commas, two turns before the date's
    ("lens-expires-after-comma-groups", _lens(
        ("CUSTOMER", f"it's {_joined(', ')}"),
        ("CUSTOMER", "can I have your callback number? it's 6467616311"), ("CUSTOMER", "it expires 05/28")),
     [("expiry", "05/28")]),
    ("lens-expires-before-other-speaker", _lens(("CUSTOMER", "it expires 05/28"), ("AGENT", f"card {PAN} on file")),
     []),
    ("lens-link-expires-before-card", _lens(("CUSTOMER", "the link expires 05/28"), ("CUSTOMER", f"it's {PAN}")), []),
    ("lens-expires-before-last4", _lens(("CUSTOMER", "it expires 05/28"), ("CUSTOMER", f"it ends in {PAN[-4:]}")), []),
    ("lens-expires-no-card-turn", _lens(("CUSTOMER", "I'd like to pay my bill"), ("CUSTOMER", "expires 05/28")), []),
    ("lens-expires-after-order", _lens(("CUSTOMER", "my order number is 4552 7814 0951 8"),
                                       ("CUSTOMER", "expires 05/28")), []),
    ("lens-expires-after-last4", _lens(("CUSTOMER", f"my card ends in {PAN[-4:]}"), ("CUSTOMER", "expires 05/28")), []),
    ("lens-expires-other-speaker", _lens(("AGENT", f"card {PAN} on file"), ("CUSTOMER", "it expires 05/28")), []),
    # 5d. the same in a transcript written a message a line, its speaker named first (a chat export, a mailed one)
    ("lines-expires-after-card", _lines(("Customer", f"my card number is {PAN}"), ("Customer", "it expires 05/28")),
     [("expiry", "05/28")]),
    ("lines-other-speaker-between", _lines(("Customer", f"{PAN[:4]} {PAN[4:8]} {PAN[8:]}"), ("Agent", "Thanks"),
                                           ("Customer", "and it expires 05/28")), [("expiry", "05/28")]),
    ("lines-es-vence", _lines(("Customer", f"el número de mi tarjeta es {PAN}"), ("Customer", "vence el 05/28")),
     [("expiry", "05/28")]),
    ("lines-fr-expire", _lines(("[10:21] Client", f"mon numéro de carte est le {PAN}"),
                               ("[10:22] Client", "elle expire le 05/28")), [("expiry", "05/28")]),
    ("lines-it-scade", _lines(("Cliente", f"il numero della carta è {PAN}"), ("Cliente", "scade il 05/28")),
     [("expiry", "05/28")]),
    ("lines-other-speakers-card", _lines(("Agent", f"{PAN} on file"), ("Customer", "it expires 05/28")), []),
    ("lines-after-order", _lines(("Customer", "my order number is 4552 7814 0951 8"), ("Customer", "it expires 05/28")),
     []),
    ("lines-no-speakers", f"my card number is {PAN}\nit expires 05/28", []),
    ("lines-card-above-the-transcript", f"Customer: my card number is {PAN}\n\nCustomer: it expires 05/28", []),
    # 6. security code of another subject
    ("alarm-panel", "Alarm panel security code 6812 reset by engineer", []),
    ("gate", "gate security code 1234", []),
    ("wifi", "WiFi security code: 4821", []),
    ("alarm-other-line", f"ticket=1 card {VISA} paid\nticket=2 Alarm panel security code 6812 reset", []),
    ("security-code-plain", "security code 123", [("cvv", "123")]),
    ("account-card-record", f"account security code 123 for card {VISA}", [("cvv", "123")]),
    # 7. an expiry verb as a Markdown or table label, a whole card number in the list or table above it
    ("md-bullet", f"**Assistant:** Here is what I captured:\n- **Card:** {VISA}\n- **Expires:** 05/2028\n"
     "- **CVV:** 339", [("expiry", "05/28"), ("cvv", "339")]),
    ("md-bullet-mmyy", f"- **Card:** {VISA}\n- **Expires:** 0528", [("expiry", "05/28")]),
    ("md-bullet-yyyy-mm", f"- **Card number:** {PAN}\n- **Expires:** 2028-05", [("expiry", "05/28")]),
    ("md-italic", f"*Card number*: {VISA}\n*Expires*: 05/28", [("expiry", "05/28")]),
    ("md-underscores", f"__Card__: {VISA}\n__Expires__: 05-28", [("expiry", "05/28")]),
    ("md-table", f"| Field | Value |\n|---|---|\n| Card number | {VISA} |\n| Expires | 05/28 |", [("expiry", "05/28")]),
    ("md-bullet-masked-card", "- **Card:** Visa ending 1111\n- **Expires:** 05/28", []),
    ("md-bullet-coupon", "- **Coupon:** SAVE20\n- **Expires:** 05/28", []),
    ("md-bullet-other-list", f"- **Card:** {VISA}\n\n- **Coupon:** SAVE20\n- **Expires:** 05/28", []),
    ("expires-in-key", f"card {VISA[:6]}, token expires_in: 0528", []),
    # 8. a card number ending the sentence before the verb's, speech-to-text's period inside one sentence
    ("stt-period-and-it", f"It is {PAN}. and it expires on 08/2032", [("expiry", "08/32")]),
    ("stt-period-comma", f"It is {PAN}., expires 12/2027", [("expiry", "12/27")]),
    ("stt-grouped", f"It is {PAN[:4]} {PAN[4:8]} {PAN[8:]}. It expires on 0432", [("expiry", "04/32")]),
    ("stt-not-a-card", f"It is {PAN[:-1]}{(int(PAN[-1]) + 1) % 10}. and it expires on 08/2032", []),
    ("stt-another-subject", f"It is {PAN}. The link expires on 08/2032", []),
    # 9. a card number said in words, numerals mixed in, in the verb's sentence or the one before it (a voicemail)
    ("voicemail-mixed-words", f'"my card number is {_MIXED} and it expires 08/27"', [("expiry", "08/27")]),
    ("voicemail-previous-sentence", f"my card is {_MIXED}. Oh and it expires 08/27", [("expiry", "08/27")]),
    ("voicemail-spanish-words", f'"Content": "{_SPANISH} and it expires 03/28"', [("expiry", "03/28")]),
    ("voicemail-spanish-words-not-a-card", f'"Content": "{_SPANISH[:-5]} and it expires 03/28"', []),
    ("voicemail-words-not-a-card", f"my card number is {_MIXED_BAD} and it expires 08/27", []),
    ("voicemail-two-sentences-back", f"my card is {_MIXED}. Thanks. The offer expires 08/27", []),
    # 10. an expiry verb opening the caller's answer to the question for the card's date, its subject the card by
    # grammar ("it", "elle", none); a help desk's comments (the question a comment before, its body three times)
    ("answer-it-expires", _lines(("Agent", "And the expiry date?"), ("Customer", "it expires 05/2028")),
     [("expiry", "05/28")]),
    ("answer-it-expires-month", _lines(("Agent", "What's the expiration date on the card?"),
                                       ("Customer", "it expires June 2029")), [("expiry", "06/29")]),
    ("answer-help-desk", '{"comments": [{"author_id": 1, "body": "And the expiry date?", "html_body": "<p>And the '
     'expiry date?</p>", "public": false, "via": {"channel": "email"}, "created_at": "2024-10-13T10:26:56Z"},\n'
     '{"author_id": 2, "body": "it expires 06 / 27", "html_body": "<p>it expires 06 / 27</p>"}]}',
     [("expiry", "06/27"), ("expiry", "06/27")]),
    ("answer-es-caduca", _lines(("Agente", "¿Y la fecha de caducidad?"), ("Cliente", "caduca en 08/28")),
     [("expiry", "08/28")]),
    ("answer-es-vence-mmyy", _lines(("Agente", "¿Fecha de vencimiento?"), ("Cliente", "vence el 1026")),
     [("expiry", "10/26")]),
    ("answer-pt-vence", _lines(("Agente", "E a data de validade?"), ("Cliente", "vence em 11 / 27")),
     [("expiry", "11/27")]),
    ("answer-it-scade", _lines(("Agente", "E la data di scadenza?"), ("Cliente", "scade il 3/32")),
     [("expiry", "03/32")]),
    ("answer-fr-elle-expire", _lines(("Agent", "Et la date d'expiration ?"), ("Client", "elle expire en 05 / 32")),
     [("expiry", "05/32")]),
    ("answer-pl-wazna", _lines(("Agent", "A data ważności?"), ("Klient", "ważna do 01/2032")), [("expiry", "01/32")]),
    ("answer-other-question", _lines(("Agent", "And your order number?"), ("Customer", "it expires 05/2028")), []),
    ("answer-other-subject", _lines(("Agent", "And the expiry date?"), ("Customer", "the offer? it expires 05/28")),
     []),
    ("answer-and-it", _lines(("Agent", "And the expiry date?"), ("Customer", "my passport and it expires 05/28")),
     []),
    ("answer-day-month", _lines(("Agente", "¿Y la fecha de caducidad?"), ("Cliente", "vence el 10/12")), []),
    ("answer-duration", _lines(("Agent", "And the expiry date?"), ("Customer", "it expires in 30 days")), []),
    ("answer-es-subject", _lines(("Agente", "¿Y la fecha de caducidad?"), ("Cliente", "la factura vence el 10/27")),
     []),
    # the date said in digit words (speech-to-text); a day and month in words is no card's date
    ("answer-es-vence-words", _lines(("Agente", "¿Fecha de vencimiento?"), ("Cliente", "vence el cero nueve tres dos")),
     [("expiry", "09/32")]),
    ("answer-fr-elle-expire-words", _lines(("Agent", "Et la date d'expiration ?"),
                                           ("Client", "elle expire en zéro un trois trois")), [("expiry", "01/33")]),
    ("answer-it-expires-month-words", _lines(("Agent", "What's the expiration date on the card?"),
                                             ("Customer", "it expires June twenty twenty five")),
     [("expiry", "06/25")]),
    ("answer-day-month-words", _lines(("Agente", "¿Y la fecha de caducidad?"),
                                      ("Cliente", "vence el uno cero uno dos")), []),
    ("answer-other-question-words", _lines(("Agent", "And your order number?"),
                                           ("Customer", "it expires zero five two eight")), []),
    # 10b. the same answer as a message of its own in a record of the customer's side only (an agent-assist log's
    # utterance, an SMS webhook's text, a CRM case's description cell, a note's line), the date as a card prints it
    ("alone-logfmt-it-expires", 'msg="suggestion" last_utterance="it expires 12-29" suggestion="Confirm"',
     [("expiry", "12/29")]),
    ("alone-logfmt-fr", 'last_utterance="elle expire en 1/32"', [("expiry", "01/32")]),
    ("alone-logfmt-pt-mmyy", 'last_utterance="vence em 0326"', [("expiry", "03/26")]),
    ("alone-logfmt-it-yyyy", 'last_utterance="scade il 11/2027"', [("expiry", "11/27")]),
    ("alone-form-text", "GET /inbound-sms?msisdn=1&text=it+expires+02-26&type=text", [("expiry", "02/26")]),
    ("alone-form-es", "body=From=1&Type=sms&Text=vence+el+1%2F26&MessageUUID=e7b7", [("expiry", "01/26")]),
    ("alone-csv-cell", '5001,2,Payment by phone,"I want to pay.\nit expires 06 / 27\nthanks",2024',
     [("expiry", "06/27")]),
    ("alone-html-line", '{"hs_note_body": "<div>Quero pagar.<br>vence em 11-25<br>obrigado</div>"}',
     [("expiry", "11/25")]),
    ("alone-said-quote", '{"summary": "Customer said: \\"scade il 1129\\". Agent processed it."}',
     [("expiry", "11/29")]),
    ("alone-subject-named", 'last_utterance="my subscription expires 12/29"', []),
    ("alone-password", 'last_utterance="the password expires 06/27"', []),
    ("alone-passport-form", "Text=my+passport+expires+06%2F27&MessageUUID=e7b7", []),
    ("alone-bill", 'last_utterance="la factura vence el 10/27"', []),
    ("alone-day-month", 'last_utterance="vence el 10/12"', []),
    ("alone-full-date", 'last_utterance="it expires 12/29/2026"', []),
    ("alone-month-name", 'last_utterance="it expires February 2032"', []),
    ("alone-duration", 'last_utterance="it expires in 3 days"', []),
    ("alone-words-after", 'last_utterance="it expires 06/27 with the old plan"', []),
    ("alone-bare-verb", 'last_utterance="vence 08/31"', []),
    ("alone-plain-line", "notes\nit expires 06/27\n", []),
    ("alone-json-message", '{"text": "it expires 06/27"}', []),
    # 11. Polish "ważna do" (printed on Polish cards) as "gültig bis": a label opening its field, no other subject
    ("pl-wazna-field", '{"content": "ważna do 01/27"}', [("expiry", "01/27")]),
    ("pl-wazna-ascii", "wazna do 01/27", [("expiry", "01/27")]),
    ("pl-wazna-card", f"numer karty to {PAN} ważna do 3/32 kod CVV 232", [("expiry", "03/32"), ("cvv", "232")]),
    ("pl-wazna-escaped", '{"text": "wa\\u017cna do 01/27"}', [("expiry", "01/27")]),
    ("pl-offer", "oferta ważna do 12/27", []),
    ("pl-promo-field", '{"content": "promocja ważna do 12/27"}', []),
    ("pl-contract-label", "umowa ważna do: 12/27", []),
    ("en-wanna-do", "I wanna do 10/27", []),
    # an expiry verb whose sentence gives the code in another clause, after a semicolon (in another script's digits
    # or split by zero-width spaces too: the decoded reading has the code)
    ("verb-semicolon-code", "Customer wrote: expires 2032-08; CVV: 995", [("expiry", "08/32"), ("cvv", "995")]),
    ("verb-semicolon-code-devanagari", "expires 2032-08; CVV: \u096f\u096f\u096b",
     [("expiry", "08/32"), ("cvv", "995")]),
    ("verb-semicolon-code-zw", "ok expires August 2026; Prüfnummer 2\u200b8\u200b8",
     [("expiry", "08/26"), ("cvv", "288")]),
    ("dotted-semicolon-code", "exp date: 04.33; security code: 458", [("expiry", "04/33"), ("cvv", "458")]),
    ("verb-semicolon-no-code", "coupon expires 12/25; code 1234", []),
    ("verb-semicolon-call", "link expires 05/12; call 555", []),
    ("verb-sentence-then-code", "The link expires 05/12. CVV: 123 is printed on cards.", [("cvv", "123")]),
    # the card named before the keyword in groups joined by slashes or pipes, or some of them in Markdown bold
    ("slashed-card-dotted", f"ok 卡号：{_joined('/')}; exp 08.26. Thx!", [("expiry", "08/26")]),
    ("slashed-card-verb-spaced", f"Card no. {_joined('/')} expires 0 4 / 3 2", [("expiry", "04/32")]),
    ("slashed-card-verb-dotted", f"卡号：{_joined('/')} expires 06.32", [("expiry", "06/32")]),
    ("piped-card-verb", f"{_joined(' | ')} expires 06/32", [("expiry", "06/32")]),
    ("bold-card-spaced", f"card: {_bold()}; expiry 0 8 / 2 8", [("expiry", "08/28")]),
    ("bold-card-valid-thru", f"numéro de carte {_bold()} valid thru 03/2029", [("expiry", "03/29")]),
    ("slashed-dates-verb-dotted", "from 12/05/2024 to 01/06/2024 exp 08.26", []),  # an expense after dates
    ("slashed-id-verb", "ticket 2024/0512/3344 expires 06.32", []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_weak_labels(each_engine: Engine, text: str, want: list[tuple[str, str]]) -> None:
    got = [(s.type, s.value) for s in each_engine.scan_text(text) if s.type in ("cvv", "expiry")]
    assert sorted(got) == sorted(want)
