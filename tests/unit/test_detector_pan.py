import pytest

from scanners.detectors.pan import PanDetector

D = PanDetector()


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(
    ("text", "match", "digits"),
    [
        ("card 4111111111111111 ok", "4111111111111111", "4111111111111111"),
        ("4111 1111 1111 1111", "4111 1111 1111 1111", "4111111111111111"),
        ("pan=4111  1111  1111  1111;", "4111  1111  1111  1111", "4111111111111111"),
        ("4111-1111-1111-1111", "4111-1111-1111-1111", "4111111111111111"),
        ("4111.1111.1111.1111", "4111.1111.1111.1111", "4111111111111111"),
        ("4111/1111/1111/1111", "4111/1111/1111/1111", "4111111111111111"),
        ("4111\u00a01111\u00a01111\u00a01111", "4111\u00a01111\u00a01111\u00a01111", "4111111111111111"),
        ("4111\u202f1111\u20091111\u30001111", "4111\u202f1111\u20091111\u30001111", "4111111111111111"),
        ("4111\u20131111\u20131111\u20131111", "4111\u20131111\u20131111\u20131111", "4111111111111111"),
        ("41\u200b11111111111111", "41\u200b11111111111111", "4111111111111111"),
        ("4\u200d1\u200d11111111111111", "4\u200d1\u200d11111111111111", "4111111111111111"),
        ("４１１１１１１１１１１１１１１１", "４１１１１１１１１１１１１１１１", "4111111111111111"),
        ("٤١١١١١١١١١١١١١١١", "٤١١١١١١١١١١١١١١١", "4111111111111111"),
        ("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "4111111111111111"),
        ("3782 822463 10005", "3782 822463 10005", "378282246310005"),
        ("3622 720627 1667", "3622 720627 1667", "36227206271667"),
        ("2221000000000009", "2221000000000009", "2221000000000009"),
        ("6205 5000 0000 0000 004", "6205 5000 0000 0000 004", "6205500000000000004"),
        ("4222222222222", "4222222222222", "4222222222222"),
        ("99 4111-1111-1111-1111", "4111-1111-1111-1111", "4111111111111111"),
        ("http://x/1 4111 1111 1111 1111", "4111 1111 1111 1111", "4111111111111111"),
        ('{"card_number": "5555555555554444"}', "5555555555554444", "5555555555554444"),
        (
            '{"orderId": "4111111111111111"}',
            "4111111111111111",
            "4111111111111111",
        ),  # test card: never hidden
        ("卡号4111111111111111。", "4111111111111111", "4111111111111111"),
        # a JSON-escaped line break or tab ends the word before the card
        ('{"text": "Caller:\\n4111111111111111\\nthanks"}', "4111111111111111", "4111111111111111"),
        ('"msg": "card\\t5555 5555 5555 4444"', "5555 5555 5555 4444", "5555555555554444"),
        # commas and spaces, as speech-to-text and DTMF lists write them
        ("it is 4111, 1111, 1111, 1111", "4111, 1111, 1111, 1111", "4111111111111111"),
        ("digits 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 end",
         "4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1", "4111111111111111"),
        # lengths the IIN table adds: Maestro at 12, UATP at 15, Visa at 18
        ("card 501800000009 ok", "501800000009", "501800000009"),
        ("uatp 100000000000009", "100000000000009", "100000000000009"),
        ("card 400000000000000002", "400000000000000002", "400000000000000002"),
        # near misses of the id rules below: the same digits where no id names them
        ("    DE002 : [4532015112830366]", "4532015112830366", "4532015112830366"),  # ISO 8583 field 2: the PAN
        ("  DE002 [Primary account number]: 4532015112830366", "4532015112830366", "4532015112830366"),
        ("    DE035 : [4532015112830366=2712]", "4532015112830366", "4532015112830366"),  # track 2's PAN
        # twelve digits need a card word before them (scanners.cards.shortpan); 13-19 digits do not
        ("Field-102 [card]: 592492975665", "592492975665", "592492975665"),  # account identification: may be a card
        ("F37=5924929756654", "5924929756654", "5924929756654"),  # a bare F is an element only zero-padded (F037)
        ('{"roleSessionName": "WYW7LXQBVXURNVRK7E7BG:5097243980456"}', "5097243980456", "5097243980456"),
        ('{"paymentInformation": {"card": {"number": "4532015112830366"}}}', "4532015112830366", "4532015112830366"),
        ('{"paymentInformation": {"code": "4532015112830366"}}', "4532015112830366", "4532015112830366"),
        ('{"sessionAttributes": {"value": "4532015112830366"}}', "4532015112830366", "4532015112830366"),
        # a generic number under an id's key, among a card's members: a gateway request logged whole is a card
        ('{"request": {"number": "4532 0151 1283 0366", "exp": "09/27"}}', "4532 0151 1283 0366", "4532015112830366"),
        ('{"request": {"number": "4532015112830366", "expMonth": "09", "expYear": "27", "CVV": "123"}}',
         "4532015112830366", "4532015112830366"),
        ('{"request":{"number":"4532015112830366","validThru":"Aug 2027"}}', "4532015112830366", "4532015112830366"),
        # a full word's period ends a sentence: no abbreviation of an id
        ("Thanks for paying the invoice. 4532015112830366 is the card", "4532015112830366", "4532015112830366"),
        ('"message": "card\\t4532015112830366 ok"', "4532015112830366", "4532015112830366"),
        ("Customer: cardReference 4532015112830366", "4532015112830366", "4532015112830366"),
        ("Customer: card 5582167044717371", "5582167044717371", "5582167044717371"),
        ('{"status": "approved", "card": "508464814765"}', "508464814765", "508464814765"),
        ('{"transcriptions": [{"transcription": "4532015112830366", "resolvedSlots": {"AccountId": {"value":'
         ' {"originalValue": "4532015112830367"}}}}]}', "4532015112830366", "4532015112830366"),  # other digits
        ('{"inputTranscript": "4532015112830366", "slots": {"CardNumber": {"value": {"originalValue": "x"}}}}',
         "4532015112830366", "4532015112830366"),
    ],
)
def test_finds(text: str, match: str, digits: str) -> None:
    assert found(text) == [(match, digits)]


@pytest.mark.parametrize(
    "text",
    [
        "ts=1748503543012",  # epoch milliseconds
        "************4242",
        "424242******4242",
        "call +1-984-563-3879",
        "+44 7911 123456",
        "imei 490154203237518",  # Luhn-valid 15 digits, no brand of that length
        "sha a3f4111111111111111b9c",
        "id 41111111111111111111",  # longer digit run
        "x4111111111111111",  # glued to a token
        "4111111111111111abc",
        "4111111111111111_1",
        "4111 111.111.111.111",  # IP-like grouping
        "41 11 11 11 11 11 11 11",  # implausible grouping
        "4111111111111112",  # Luhn-invalid
        "9999999999999995",  # Luhn-valid, outside every IIN range
        "version 12.25.1 on 2026-11-25 10:11:12",
        '{"orderId": "5105105105105101"}',
        '{"order_id": "6011000990139425"}',
        '{"traceId": "4532015112830366"}',  # Luhn-valid Visa-shaped id
        "trace_id=4532015112830366",
        "4111,1111,1111,1111",  # bare commas: CSV cells, not groups
        "[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",  # a JSON array: the array detector's case
        "5018 0000 0009 1234",  # 12 digits only as a whole number, never three groups of a longer one
        '"epoch_us": 1800123456789012',  # epoch microseconds
        '{"dynamodb": {"NewImage": {"seq": {"N": "5105105105105101"}}}}',  # DynamoDB typed value of an id key
        '{"Keys": {"orderId": {"S": "6011000990139425"}}}',
        "GET /v1/orders/5105105105105101?page=4 HTTP/1.1",  # a REST path segment of an id collection
        "https://api.example.com/invoices/4532015112830366/pdf",
        '{"pk": {"S": "ORDER#5105105105105101"}, "sk": "INVOICE#4532015112830366"}',  # composite keys
        '{"name": "charge", "durationNano": "4532015112830", "startTimeUnixNano": "1733350399691123456"}',  # OTel
        '{"SequenceNumber": "49590338271490256608559692538361571095921575989136588898", "bytes": 5168441223630339}',
        # hashes that came out all digits: a card object's fingerprint (Stripe), a checksum
        '{"card": {"brand": "visa", "exp_month": 10, "fingerprint": "2654011720389321", "last4": "5984"}}',
        'etag="4532015112830366" checksum=4532015112830366',
        # a gateway's payment references: an XML element (Realex pasref, a namespaced id) and ISO 8583 RRN/STAN
        "<response><pasref>4532015112830366</pasref></response>",
        '<ns2:OrderId type="merchant">5105105105105101</ns2:OrderId>',
        '{"rrn": "453201511283", "stan": "4532015112830"}',
        # ISO 8583 elements that are no card by definition (scanners.cards.iso8583): RRN, amount, merchant id
        "    DE037 : [592492975665]",
        "    DE004 : [592492975665]",
        "DE042=4532015112830366",
        '{"DE37": "592492975665"}',
        "  Field-37 : 592492975665",
        "F037=592492975665 F041=TERM0001",
        "[037] 592492975665",
        "  DE004 [Amount]: 592492975665  DE011 [STAN]: 458223  DE037 [RRN]: 592492975665",  # the element's name too
        '<isomsg>\n  <field id="37" value="592492975665"/>\n</isomsg>',
        # twelve digits in one run with no card word before them: an account, element or session id
        "Field-102 : 592492975665",
        '{"roleSessionName": "WYW7LXQBVXURNVRK7E7BG:509724398045"}',
        "contact 4be079fb-6171-4847-8325-4dcb2bec7c55 queue 592492975665",
        # CloudTrail: the role session name in an assumed role's principalId
        '{"userIdentity": {"type": "AssumedRole", "principalId": "WYW7LXQBVXURNVRK7E7BG:509724398045"}}',
        '{"principalId": "AROAYVJA3JBKE4UB7UMWX:4532015112830366"}',
        # a generic member named by the id its object's key names: CyberSource's merchant reference
        '{"clientReferenceInformation": {\n    "code": "579974717939"\n  }}',
        '{"order": {"currency": "USD", "number": "4532015112830366"}}',
        # a transaction's reference (a tool result), ids named in prose: a camel-case key pasted, an RRN
        '{"json": {"status": "approved", "authorization": "905881", "txn": "508464814765"}}',
        "12/12/2026, 04:19 - Customer: pspReference 5582167044717371",
        "POS terminal 01693035 heartbeat, batch 810519, stan 458223, rrn 607294041779",
        # a Lex transcript whose digits a slot of the same event holds under an id's (or an account's) name
        "Lex event: {\n  inputTranscript: '675995029567',\n  sessionState: {\n    intent: {\n      slots: { AccountId:"
        " { value: { originalValue: '675995029567', resolvedValues: [ '675995029567' ] } } },\n",
        '{"transcriptions": [{"transcription": "4532015112830366", "resolvedSlots": {"OrderNumber": {"value":'
        ' {"originalValue": "4532015112830366"}}}}]}',
        # ids named in prose, and one long evenly grouped number (a tracking number, a reference)
        "Order #4532015112830366 shipped",
        "Visa network transaction id 453201511283036 approved",
        "Tracking: 9400 1014 6682 0371 0310 81",
        "ref 4532 0151 1283 0366 5555",
        "Your order number is 4532015112830366, thanks",
        '{"Parameters": {"Key": "orderNumber", "Value": "4532015112830366"}}',
        "Confirmation number: 4532015112830366",
        # a PIN block (ISO 9564, 16 hex digits, all digits by chance) under its key: no card number
        "DE52 PIN block=4532015112830366 KSN=FFFFD8FBA0019AE14078",
        '{"pinBlock": "4532015112830366", "ksn": "FFFF9876543210E00001"}',
        "HSM CA pinblk=4532015112830366 rc=00",
        # a request's number alone, or beside no card member, stays the request's (its object names no card)
        '{"request": {"number": "4532015112830366"}}',
        '{"request": {"number": "4532015112830366", "status": "queued", "priority": "high"}}',
        # abbreviated id labels keep their period (French, German, English), a JSON escape before an id word
        "Client très satisfait, réf. 4532015112830366",
        "ref. 4532015112830366 erledigt",
        "Bestellnr. 4532015112830366 versandt",
        "Rechnungsnr. 4532015112830366",
        "Invoice No. 4532015112830366",
        '"message": "2026-03-01T10:00:00.000Z\\tc0ffee\\tINFO\\tinvoice 4532015112830366 paid by pi_3NCKxyz"',
        "Where is order 4532015112830366?",
        "Deployed to AWS account 560128457219",
        '{"aws_account": "560128457219"}',
        "FedEx tracking number 453201511283",
        '{"messageType": "DATA_MESSAGE", "owner": "560128457219", "logGroup": "/aws/lambda/pay"}',
        '{"sku": "A-1", "gtin": "4006381333931", "qty": 2}',
    ],
)
def test_quiet(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("bullet", ["\u2022", "\u2219", "\u22c5", "\u30fb"])
def test_one_bullet_between_groups_is_a_separator(bullet: str) -> None:
    card = "4111111111111111"  # a published test card
    groups = [card[k : k + 4] for k in range(0, 16, 4)]
    for sep in (f" {bullet} ", bullet):
        assert [d for _, d in found("card " + sep.join(groups))] == [card]
    # a run of bullets masks digits: never a separator
    masked = f"card {groups[0]} {groups[1][:2]}{bullet * 2} {bullet * 4} {groups[3]}"
    assert found(masked) == []


def test_separators_in_two_cards_on_one_line() -> None:
    text = "a=4111111111111111,b=5555 5555 5555 4444"
    assert [d for _, d in found(text)] == ["4111111111111111", "5555555555554444"]


def test_window_gives_the_same_answer_as_the_whole_text() -> None:
    text = "prefix 12345 then 4111 1111 1111 1111 and more 5555555555554444 end"
    whole = [(s.start, s.end) for s in D.find(text)]
    windowed = [(s.start, s.end) for s in D.find_windows(text, [(0, 30), (30, len(text))])]
    pieces = [(s.start, s.end) for s in D.find(text, 10, 45)]
    first, second = text.index("4111"), text.index("5555")
    assert whole == [(first, first + 19), (second, second + 16)]
    assert (first, first + 19) in pieces
    assert set(windowed) <= set(whole)


def test_window_cut_inside_a_number_reports_nothing_partial() -> None:
    text = "n=41111111111111111111"
    assert list(D.find(text, 0, 18)) == []


def test_test_cards_are_marked() -> None:
    spans = list(D.find("4242424242424242 and 4532015112830366"))
    assert [s.test_card for s in spans] == [True, False]


@pytest.mark.parametrize(
    ("text", "window", "expected"),
    [
        ('{"orderId": "5105105105105101", "card": "4532015112830366"}', None, ["4532015112830366"]),
        ('{"card": {"N": "4532015112830366"}}', None, ["4532015112830366"]),  # typed value of a card key
        ("card 4532 0151 1283 0366 1227 123", None, ["4532 0151 1283 0366", "1227", "123"]),  # with expiry and code
        ("paid with card #4532015112830366", None, ["4532015112830366"]),  # "#" after a card word: no id
        ("Card number: 4532015112830366", None, ["4532015112830366"]),
        ('{"Parameters": {"Key": "cardNumber", "Value": "4532015112830366"}}', None, ["4532015112830366"]),
        ("the card number is 4532015112830366", None, ["4532015112830366"]),
        ("<CardNumber>6011000990139424</CardNumber><cardRef>4532015112830366</cardRef>", None,
         ["6011000990139424", "4532015112830366"]),  # elements that name cards
        ("GET /v1/cards/4532015112830366 HTTP/1.1", None, ["4532015112830366"]),  # a path that names cards
        ('{"pk": "CARD#4532015112830366"}', None, ["4532015112830366"]),  # a composite key of cards
        ("GET /v1/orders/4111111111111111/items", None, ["4111111111111111"]),  # a test card is always reported
        ('"epoch_ms":1742251722872', None, []),
        ("\u06644111111111111111", (1, 17), []),  # a Unicode digit before the window continues the number
        ("\u00e94111111111111111", (1, 17), ["4111111111111111"]),  # a non-ASCII letter does not
        ("4111111111111111\u00e9", (0, 16), []),  # glued to a non-ASCII letter after the window
        ("x4111 1111 1111 1111", (1, 20), []),  # the look-behind sees the character before the window
        ("99 4111-1111-1111-1111 \u00e9", (3, 22), ["4111-1111-1111-1111"]),
        ("n=41111111111111111", (3, 19), []),  # the window starts inside a number
        ("4111111111111111", (0, 15), []),  # the window ends inside it
        ("12345678901234 4111111111111111", None, ["4111111111111111"]),  # a separator joins two runs
        ("4111111111111111     5555", None, ["4111111111111111"]),  # five spaces join nothing
        ("ref 6011000990139424 \U0001f389", (4, 20), ["6011000990139424"]),  # ASCII window, non-ASCII text
    ],
)
def test_windows_on_the_ascii_fast_path(text: str, window: tuple[int, int] | None, expected: list[str]) -> None:
    pos, endpos = window or (0, len(text))
    assert [text[s.start : s.end] for s in D.find(text, pos, endpos)] == expected


def _luhn(body: str) -> str:
    """``body`` with its Luhn check digit appended."""
    total = sum(d if i % 2 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(map(int, reversed(body))))
    return body + str(-total % 10)


def _said(digits: str) -> str:
    return " ".join(digits)  # digits said one by one, as speech-to-text writes them


_V16, _V13, _A15 = _luhn("453201511283036"), _luhn("422222222222"), _luhn("37828224631000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"my card is {_said(_V16)}", [_V16]),
        (f"die Kartennummer ist {_said(_V16)}", [_V16]),  # a card's number: no id
        (f"el n\\u00famero de tarjeta es {_said(_V16)}", [_V16]),
        (f"card {_said(_V16)} 1 2 3", [_V16]),  # the card then its code: the opening digits
        (f"card {_said(_A15)} 1 2 3 4", [_A15]),
        (f"card {_said(_V13)} thanks", [_V13]),
        # a run of single digits that is no card: a card is never taken from its middle or end
        (f"die Bestellnummer ist {_said('999' + _V13)}", []),
        (f"my reference {_said('99' + _V13 + '99')}", []),
        (f"n\\u00famero de pedido es {_said('8' + _A15)}", []),
        # a whole run that is a card number, named an order number (English, German, Spanish, Portuguese, French)
        (f"the order number is {_said(_V16)}", []),
        (f"die Bestellnummer ist {_said(_V16)}", []),
        (f"el n\\u00famero de pedido es {_said(_V16)}", []),
        (f"el número de pedido es {_said(_V16)}", []),
        (f"o número do pedido é {_said(_V16)}", []),
        (f"le numéro de commande est {_said(_V16)}", []),
    ],
    ids=[
        "card-said", "german-card-word", "spanish-card-word-escaped", "card-then-code", "amex-then-cid",
        "thirteen-digits", "german-order-number-longer-run", "reference-longer-run", "spanish-order-longer-run",
        "english-order-whole-card", "german-order-whole-card", "spanish-order-whole-card-escaped",
        "spanish-order-whole-card", "portuguese-order-whole-card", "french-order-whole-card",
    ],
)
def test_digits_said_one_by_one(text: str, expected: list[str]) -> None:
    assert [s.value for s in D.find(text) if s.type == "pan"] == expected


def _then_valid(digit: str) -> str:
    """A 16-digit Visa number that ``digit`` after it makes a Luhn-valid 17-digit number too."""
    return next(p for n in range(453201511283000, 453201511284000) if (p := _luhn(str(n)))[-1] != digit
                and _luhn(p) == p + digit)


@pytest.mark.parametrize("tail", [" 3 digit code on the back is 580", " 3-digit code 580", " 3 d\u00edgitos"])
def test_a_digit_that_counts_the_codes_digits_is_not_the_cards(tail: str) -> None:
    pan = _then_valid(tail[1])
    assert [s.value for s in D.find(f"yeah my card number is {_said(pan)}{tail}") if s.type == "pan"] == [pan]
    assert [s.value for s in D.find(f"card {pan[:4]} {pan[4:8]} {pan[8:12]} {pan[12:]}{tail}")] == [pan]


def _luhn(body: str) -> str:
    """``body`` with its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


_PAN = _luhn("453914880343646")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_GROUPED = " ".join(_PAN[i : i + 4] for i in range(0, 16, 4))
# (case, text, the number as written): digits against letters of a script written without spaces, where no token
# holds them; against a letter of a script written with spaces they stay part of a token
UNSPACED = [
    ("ja-plain", "カード番号は{}です", _PAN),
    ("ja-spaced", "カード番号は{}です", _GROUPED),
    ("ja-dashed", "カード番号は{}です", _GROUPED.replace(" ", "-")),
    ("ja-full-width", "カード番号は{}です", _PAN.translate(_FULL_WIDTH)),
    ("ja-full-width-spaced", "カード番号は{}です", _GROUPED.translate(_FULL_WIDTH)),
    ("ja-half-width-kana", "ｶｰﾄﾞ番号{}ﾃﾞｽ", _PAN),
    ("zh", "我的卡号是{}。", _PAN),
    ("ko", "카드번호는{}입니다", _PAN),
]


@pytest.mark.parametrize(("case", "template", "number"), UNSPACED, ids=[c[0] for c in UNSPACED])
def test_digits_against_an_unspaced_script(case: str, template: str, number: str) -> None:
    assert found(template.format(number)) == [(number, _PAN)]


@pytest.mark.parametrize("letter", ["ñ", "д", "α", "a"])
def test_digits_glued_to_a_spaced_scripts_letter_stay_quiet(letter: str) -> None:
    assert found(f"card {_PAN}{letter}") == []
