"""Ids whose only label sits away from the value: a CSV header, a Lex slot name, a key escaped twice or more, the
account or phone number a turn (or the question it answers) names. Each table holds the false alarm the label
explains away and the card that must still be found next to it (a card column, a card slot, a card word)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanners.cards.csvheader import column_name
from scanners.cards.idnames import id_key
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id
from tests.unit.format_contract import scan_bytes

ORDER = luhn_id("4916083", 18)  # an 18-digit order id that is also a valid Visa number
GTIN = luhn_id("4006381", 13)  # an EAN-13 in a Visa range
TRACK = luhn_id("4470129", 15)
REF = luhn_id("6011453", 16)
ACCT12 = luhn_id("6761284", 12)  # twelve digits: Maestro's shortest
TRACE = luhn_id("6520118", 19)
SCN = luhn_id("5768871", 13)  # a 13-digit Oracle SCN that passes the card checks
VISA = luhn_id("4539148", 16)  # the card the positive controls hold
MC = luhn_id("5425233", 16)
MAESTRO12 = luhn_id("6759342", 12)
MID15 = luhn_id("3786215", 15)  # a 15-digit merchant id in an Amex range


def spans(engine: Engine, text: str) -> list[tuple[str, str]]:
    return [(s.type, text[s.start : s.end]) for s in engine.scan_text(text) if s.type == "pan"]


CSV_CASES = [
    # ids named by their column's header, in a file body or a CSV written inside a log line
    pytest.param(f"date,order_id,amount\n2026-12-05,{ORDER},49.99\n", [], id="order_id"),
    pytest.param(f"order_id,sku,gtin,qty\n1204,SKU-1,{GTIN},2\n", [], id="gtin"),
    pytest.param(f"carrier;tracking_number;shipped\nFedEx;{TRACK};12/05/2026\n", [], id="tracking-semicolon"),
    pytest.param(f"reference|amount\n{REF}|10.00\n", [], id="reference-pipe-first-column"),
    pytest.param(f"account_id\tname\n{REF}\tAcme\n", [], id="account_id-tab"),
    pytest.param(f'"Order ID","Amount"\r\n"{ORDER}","1,204.00"\r\n', [], id="quoted-crlf"),
    pytest.param(f"order_id,amount\n1,2.00\n2,3.00\n{ORDER},4.00\n", [], id="rows-between"),
    pytest.param(json.dumps({"message": f"export\norder_id,gtin,qty\n1204,{GTIN},2\n"}), [], id="json-escaped-body"),
    # a line of text written among the rows (a log line, a comment: no delimiter) is passed over; a blank line ends
    # the block (another table may follow)
    pytest.param(f"order_id,amount\n1,2.00\nexport paused: retry 1 of 3\n{ORDER},4.00\n", [], id="log-line-between"),
    pytest.param(f"batch,tid,mid,count\n1,T1,{MID15},3\nDE52 PIN block=E7B8 KSN=FFFFD39837\n2,T2,{MID15},4\n", [],
                 id="merchant-id-log-line-between"),
    pytest.param(f"order_id,card_number\n1,x\nexport paused\n2,{VISA}\n", [VISA], id="card-column-log-line-between"),
    pytest.param(f"order_id,amount\n1,2.00\n\n{VISA},4.00\n", [VISA], id="blank-line-ends-the-block"),
    # cards: a card column, a neutral or unnamed column, a headerless row, an account number column
    pytest.param(f"order_id,card_number,amount\nA-1,{VISA},1.00\n", [VISA], id="card_number"),
    pytest.param(f"order_id,pan\n{ORDER},{VISA}\n", [VISA], id="pan-next-to-id"),
    pytest.param(f"order_id,cc\n1,{MC}\n", [MC], id="cc"),
    pytest.param(f"order_id,value,note\n1,{VISA},ok\n", [VISA], id="neutral-column"),
    pytest.param(f"1204,Widget,{VISA},2,19.99\n", [VISA], id="headerless"),
    pytest.param(f"name,account_number\nAcme,{VISA}\n", [VISA], id="account_number-column"),
    pytest.param(f"order_id,gtin\n1,2,3\n9,{GTIN},5\n", [GTIN], id="row-wider-than-header"),
    pytest.param(json.dumps({"message": f"order_id,card_number\nA-1,{VISA}\n"}), [VISA], id="json-escaped-card"),
    # RFC 4180: a quoted cell may hold line breaks (a helpdesk export's description); the rows around it and the row
    # it ends keep their header, and a card written in the description stays found
    pytest.param(f'Ticket ID,Description,Order Number\n1,"a\nb",2\n3,x,{ORDER}\n', [], id="multiline-cell-above"),
    pytest.param(f'Ticket ID,Description,Order Number\n1,"took it: card {VISA},\nexp 03/29",{ORDER}\n', [VISA],
                 id="row-ends-a-multiline-cell"),
    pytest.param(f'Ticket ID,Description,Order Number\n1,x,{ORDER}\n2,"a\n\nb",3\n', [], id="multiline-cell-below"),
    pytest.param(f'Ticket ID,Description,Card Number\n1,"a\nb",2\n3,x,{VISA}\n', [VISA], id="multiline-card-column"),
    pytest.param(f'Ticket ID,Description,Note\n1,"a\nb",2\n3,x,{VISA}\n', [VISA], id="multiline-neutral-column"),
    pytest.param(f'Ticket ID,Description,Order Number\n1,"a\nb,c,d,e",2\n3,"open,{VISA}\n', [VISA],
                 id="unclosed-quote-no-header"),
]


@pytest.mark.parametrize(("text", "expected"), CSV_CASES)
def test_csv_header_names_the_column(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (f"a,order_id,c\nx,{ORDER},y", "order_id"),
        (f"a,order_id\nx,{ORDER}abc", None),  # glued to more text: not the whole cell
        (f"a,order_id\\nx,\\\"{ORDER}\\\"", "order_id"),
        (f"a,b\n{ORDER}", None),  # one field: no delimiter on the row
        (f"{ORDER},x", None),  # the first line: no header above it
        (f"note: {ORDER},x", None),
        (f'a,b,Order Number\n1,"x\ny",{ORDER}', "Order Number"),  # the row starts a line above
        (f'a,Order Number,b\n1,{ORDER},"x\ny"', "Order Number"),  # the row ends a line below
        (f'a,b,order_id\n1,"x\n\ny\nz",2\n3,x,{ORDER}', "order_id"),  # a row of four lines above
        (f'a,b,order_id\n1,x"y,2\n3,x,{ORDER}', "order_id"),  # a stray quote: no row closes it, the line is one
    ],
)
def test_column_name(text: str, name: str | None) -> None:
    assert column_name(text, text.index(ORDER)) == name


def test_csv_file_remembers_its_header(tmp_path: Path) -> None:
    """A CSV file longer than one chunk of text: every chunk knows the header, rows keep their file lines."""
    rows = [f"2026-12-05,{ORDER},{GTIN},{n}.99,ok" for n in range(30_000)]
    rows[20_000] = f"2026-12-05,{ORDER},{GTIN},1.99,card {VISA}"  # row 20,001 (line 20,002): a card in a note
    rows[25_000] = f"2026-12-05,{ORDER},{MC},1.99,ok"  # a card in the id column: an id there, as under an id key
    text = "date,order_id,gtin,amount,note\n" + "\n".join(rows) + "\n"
    out = scan_bytes(tmp_path, text.encode(), "orders.csv")
    assert [c["status"] for c in out["coverage"]] == ["scanned"]
    found = [(f["type"], f["location"]["line"], f["location"]["column"]) for f in out["findings"]]
    assert found == [("pan", 20_002, len(rows[20_000]) - 15)]
    assert VISA not in json.dumps(out)


LEX_SLOT = {"value": {"originalValue": "{v}", "interpretedValue": "{v}", "resolvedValues": ["{v}"]}, "shape": "Scalar"}


def lex(slot: str, value: str) -> str:
    slots = {slot: json.loads(json.dumps(LEX_SLOT).replace("{v}", value))}
    return json.dumps({"sessionState": {"intent": {"name": "Pay", "slots": slots}}, "inputMode": "Text"})


def v1(slot: str, value: str) -> str:
    return json.dumps({"slotDetails": {slot: {"resolutions": [{"value": "x"}], "originalValue": value}}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(lex("OrderNumber", ORDER), [], id="order-slot"),
        pytest.param(lex("TrackingNumber", TRACK), [], id="tracking-slot"),
        pytest.param(json.dumps({"message": lex("ConfirmationNumber", REF)}), [], id="escaped-slot"),
        pytest.param(json.dumps({"sessionState": {"sessionAttributes": {"trackingId": TRACK}}}), [], id="session-attr"),
        pytest.param(json.dumps({"slots": {"OrderNumber": ORDER}}), [], id="v1-slot"),
        pytest.param(v1("OrderNumber", ORDER), [], id="v1-slot-details"),
        pytest.param(v1("CardNumber", VISA), [VISA], id="v1-card-slot-details"),
        pytest.param(lex("CardNumber", VISA), [VISA] * 3, id="card-slot"),
        pytest.param(lex("pan", VISA), [VISA] * 3, id="pan-slot"),
        pytest.param(lex("AccountNumber", VISA), [VISA] * 3, id="account-slot"),
        pytest.param(json.dumps({"sessionAttributes": {"value": VISA}}), [VISA], id="value-outside-a-slot"),
        pytest.param(json.dumps({"session": {"x": 1, "originalValue": VISA}}), [VISA], id="no-value-object"),
    ],
)
def test_lex_slot_names_its_value(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


def escaped(obj: object, times: int) -> str:
    text = json.dumps(obj)
    for _ in range(times):
        text = json.dumps({"Message": text})
    return text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(escaped({"level": "INFO", "dd.trace_id": TRACE, "dd.span_id": "1"}, 2), [], id="dd-trace-x2"),
        pytest.param(escaped({"dd.trace_id": TRACE}, 3), [], id="dd-trace-x3"),
        pytest.param(escaped({"request_id": REF}, 2), [], id="request-id-x2"),
        pytest.param(escaped({"card_number": VISA}, 2), [VISA], id="card-x2"),
        pytest.param(escaped({"pan": VISA}, 3), [VISA], id="pan-x3"),
        pytest.param(escaped({"note": VISA}, 2), [VISA], id="neutral-x2"),
    ],
)
def test_escaped_keys(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


def turns(*lines: tuple[str, str]) -> str:
    transcript = [{"ParticipantId": who, "Id": "8f53ce24-d42a-4621-8bf0-7cc7aaa51338", "Content": said}
                  for who, said in lines]
    return json.dumps({"Transcript": transcript}, indent=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"Customer: my account number is {ACCT12}.", [], id="my-account-number"),
        pytest.param(turns(("AGENT", "Can I get your account number please?"), ("CUSTOMER", f"Sure, it's {ACCT12}.")),
                     [], id="question-then-answer"),
        pytest.param(turns(("AGENT", "What's the best callback number?"), ("CUSTOMER", f"It's {ACCT12}.")), [],
                     id="callback-number"),
        pytest.param(f"Account no. {ACCT12[:4]} {ACCT12[4:8]} {ACCT12[8:]}", [], id="grouped"),
        # cards: a card word before the label or after it, a card length, "card number" itself
        pytest.param(f"my card account number is {MAESTRO12}", [MAESTRO12], id="card-account-number"),
        pytest.param(f"the primary account number is {MAESTRO12}", [MAESTRO12], id="primary-account-number"),
        pytest.param(f"my account number, I mean my card, is {MAESTRO12}", [MAESTRO12], id="card-word-between"),
        pytest.param(turns(("AGENT", "Can I get your card number please?"), ("CUSTOMER", f"Sure, it's {MAESTRO12}.")),
                     [MAESTRO12], id="card-number-question"),
        pytest.param(f"my account number is {VISA}", [VISA], id="sixteen-digits"),
    ],
)
def test_account_number_said(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v.replace(" ", "") for _, v in spans(each_engine, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f'Deployed stack spc-pay to AWS account {ACCT12} in us-east-1', [], id="to-aws-account"),
        pytest.param(json.dumps({"loyalty_number": VISA}), [], id="loyalty"),
        pytest.param(json.dumps({"membershipNo": REF}), [], id="membership"),
        pytest.param(json.dumps({"snowflake": TRACE}), [], id="snowflake"),
        # a closed-loop programme's card is no payment card; a scheme's word makes it one (an open-loop gift card)
        pytest.param(json.dumps({"loyalty_card_number": VISA}), [], id="loyalty-card"),
        pytest.param(f"gift card {VISA} balance 25.00", [], id="gift-card-prose"),
        pytest.param(f"customer account {VISA} balance 1669.56", [], id="customer-account-prose"),
        pytest.param(f"policy number {VISA}", [], id="policy-prose"),
        pytest.param(json.dumps({"visa_gift_card": VISA}), [VISA], id="visa-gift-card"),
        pytest.param(f"<td>Order&nbsp;&#35;{VISA}</td>", [], id="html-order-entities"),
        pytest.param(f"Order\u00a0{VISA}", [], id="order-nbsp"),
        pytest.param(f"<td>Card&nbsp;&#35;{VISA}</td>", [VISA], id="html-card-entities"),
        pytest.param(f"prepaid gift card {VISA}", [VISA], id="prepaid-gift-card-prose"),
        pytest.param(json.dumps({"rewards_credit_card": MC}), [MC], id="rewards-credit-card"),
        pytest.param(json.dumps({"gift_card_ref": TRACE, "balance": 25.0}), [], id="gift-card-ref"),
        pytest.param(json.dumps({"GiftCardReference": REF}), [], id="gift-card-reference"),
        pytest.param(json.dumps({"gift_card_number": VISA}), [], id="gift-card-number"),
        pytest.param(json.dumps({"paymentReference": VISA}), [VISA], id="payment-reference"),
        pytest.param(json.dumps({"cardRef": VISA}), [VISA], id="card-ref"),
        # a gift or coupon code under its own key (a query string), a gift card's label in prose
        pytest.param(f"GET\t/assets/app.js\t200\t-\tMozilla/5.0\tgift={TRACE}\t-\tHit", [], id="gift-query"),
        pytest.param(f"/redeem?lang=en&coupon={VISA}", [], id="coupon-query"),
        pytest.param(json.dumps({"reward": REF}), [], id="reward"),
        # Amazon Connect's Store customer input block: the digits it captured
        pytest.param(json.dumps({"Parameters": {"StoredValue": VISA, "Timeout": "5"}}), [VISA], id="connect-stored"),
        pytest.param(f"Customer asked about gift_card_number {TRACE}; refund", [], id="gift-card-number-prose"),
        pytest.param(f"Gift card number is {VISA}", [], id="gift-card-number-is"),
        pytest.param(f"Loyalty card no.: {VISA}", [], id="loyalty-card-no-label"),
        pytest.param(f"visa_gift={VISA}", [VISA], id="visa-gift-query"),
        pytest.param(f"Visa gift card number {VISA}", [VISA], id="visa-gift-card-number"),
        pytest.param(f"prepaid gift card no.: {VISA}", [VISA], id="prepaid-gift-card-no-label"),
        pytest.param(f"gift card; card number {VISA}", [VISA], id="card-number-after-gift-card"),
        pytest.param(f"egift card number {VISA}", [VISA], id="gift-inside-a-word"),
    ],
)
def test_programme_and_account_keys(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a device's serial number (a POS terminal's or card reader's log), named as such in prose or as a key
        pytest.param(f"MSR idle; terminal id 23733700; batch 329735; serial {REF}", [], id="serial-prose"),
        pytest.param(f"reader serial number {REF} online", [], id="serial-number"),
        pytest.param(f"device S/N {REF}", [], id="s/n-prose"),
        pytest.param(f"S/N: {REF}", [], id="s/n-key"),
        pytest.param(json.dumps({"serialNumber": REF}), [], id="serialNumber-key"),
        # a card after a serial, a card named a card's serial, a bare N
        pytest.param(f"serial 23733700; card {VISA}", [VISA], id="card-after-serial"),
        pytest.param(f"serial 23733700 card {VISA}", [VISA], id="card-after-serial-no-separator"),
        pytest.param(f"card serial {VISA}", [VISA], id="card-serial"),
        pytest.param(f"N: {VISA}", [VISA], id="bare-n-key"),
        pytest.param(f"PAN: {VISA}", [VISA], id="pan-key"),
    ],
)
def test_a_serial_number_names_a_device(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


FEDEX = luhn_id("3400001", 15)  # a 15-digit tracking number in an Amex range


# A REST path's numeric segment after a collection's name is that resource's id (an ALB, API Gateway or HAR URL, a
# Lambda log's request line); a card's own collections, tokens and accounts keep their segment a finding.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f'"GET https://api.example.com:443/api/v1/payments/{VISA}/status HTTP/1.1"', [], id="payments"),
        pytest.param(f'"GET https://api.example.com:443/track/{FEDEX} HTTP/1.1"', [], id="track"),
        pytest.param(f"POST /v2/refunds/{MC} 201", [], id="refunds"),
        pytest.param(f"GET /customers/{VISA}/orders", [], id="customers"),
        pytest.param(f"DELETE /cart/items/{VISA}", [], id="items"),
        pytest.param(f"GET /Transactions/{TRACE}", [], id="transactions-capitalised"),
        pytest.param(json.dumps({"path": f"/payments/{VISA}"}).replace("/", "\\/"), [], id="escaped-slash"),
        pytest.param(f"GET /api/cards/{VISA}/status", [VISA], id="cards"),
        pytest.param(f"GET /v1/card/{MC}", [MC], id="card"),
        pytest.param(f"GET /tokens/{VISA}", [VISA], id="tokens"),
        pytest.param(f"GET /pan/{VISA}", [VISA], id="pan"),
        pytest.param(f"GET /payment-methods/{VISA}", [VISA], id="payment-methods"),
        pytest.param(f"GET /accounts/{VISA}/statement", [VISA], id="accounts"),
        pytest.param(f"GET /api/lookup/{VISA}", [VISA], id="other-collection"),
        pytest.param(f"payments {VISA}", [VISA], id="payments-word-without-a-path"),
    ],
)
def test_a_rest_path_collection_names_its_id(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


S3_LINE = (  # an S3 server access log line: the object key field and the request-URI hold the same key
    "79a5 phonepay-audit [02/Jan/2024:17:56:57 +0000] 10.1.2.3 arn:aws:sts::123456789012:assumed-role/w/x M3JM "
    'REST.PUT.OBJECT receipts/{n}.pdf "PUT /phonepay-audit/receipts/{n}.pdf HTTP/1.1" 200 - 60445 42465 82 10 "-"'
)
ORDER16 = luhn_id("4916338", 16)  # a 16-digit order number that is also a valid Visa number
SPACED = " ".join(VISA[i : i + 4] for i in range(0, 16, 4))
AZ_LINE = (  # a Storage Analytics 2.0 log line: the request URL and the object key hold the blob's name
    '2.0;2024-09-25T21:28:16.387102Z;GetBlob;SASSuccess;200;78;71;anonymous;st;st;blob;'
    '"https://st.blob.core.windows.net:443/receipts/{n}.pdf?sv=2022-11-02&se=2024-06-01T00%3A00%3A00Z&sr=b&sp=r";'
    '"/st/receipts/{n}.pdf";2c00abeb-a0b0-4ead-a9eb-8a3f9127c1d3;0;52.15.171.249:30041;2022-11-02;555;0;223'
)
UUID = "4be079fb-6171-4847-8325-4dcb2bec7c55"


# A file named by the number (a path segment that is the number and an extension: an S3 object's key, an
# attachment) is a stored object, not a REST resource's id: a collection's name no longer quiets it. A folder
# named by an id word still names the number (``orders/<n>.pdf`` as ``order_id`` would), and a segment that is
# no card, or no file's name, stays as it was.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(S3_LINE.format(n=VISA), [VISA, VISA], id="s3-access-log-key-and-uri"),
        pytest.param(f"s3://phonepay-audit/receipts/{MC}.pdf", [MC], id="receipts-pdf"),
        pytest.param(f"GET /payments/{VISA}.json.gz", [VISA], id="payments-json-gz"),
        pytest.param(f'"Key": "customers/{TRACE}.csv"', [TRACE], id="customers-csv"),
        pytest.param(f"/var/exports/users/{MC}.txt", [MC], id="users-txt"),
        pytest.param(S3_LINE.format(n=ORDER16).replace("receipts", "orders"), [], id="orders-folder"),
        pytest.param(f"s3://bucket/invoices/{VISA}.pdf", [], id="invoices-folder"),
        pytest.param(f"GET /api/v1/payments/{VISA}/status", [], id="rest-id-without-extension"),
        pytest.param(f"GET /payments/{VISA}.5", [], id="decimal-not-extension"),
        pytest.param(f"GET /payments/{VISA}.", [], id="trailing-period"),
        pytest.param(f"GET /receipts/{VISA[:-1]}{(int(VISA[-1]) + 1) % 10}.pdf", [], id="luhn-invalid"),
        # the name keeps the number's groups: an Azure Storage 2.0 log's request URL and object key percent-encode them
        pytest.param(f"s3://phonepay-audit/receipts/{SPACED}.pdf", [SPACED], id="grouped-name"),
        pytest.param(f"GET /receipts/{SPACED.replace(' ', '-')}.pdf", [SPACED.replace(" ", "-")], id="dashed-name"),
        # each of the two URLs' encoded name, reported at its own place (not over the URL decoded around it)
        pytest.param(AZ_LINE.format(n=SPACED.replace(" ", "%20")), [SPACED.replace(" ", "%20")] * 2,
                     id="azure-storage-percent-encoded"),
        pytest.param(f"s3://bucket/orders/{ORDER16[:4]} {ORDER16[4:8]} {ORDER16[8:12]} {ORDER16[12:]}.pdf", [],
                     id="grouped-name-in-orders-folder"),
        pytest.param(f"GET /api/v1/payments/{SPACED}", [], id="grouped-rest-id-without-extension"),
        pytest.param(S3_LINE.format(n=UUID), [], id="uuid-key"),
        pytest.param(S3_LINE.format(n="1704217017123456"), [], id="epoch-us-key"),
        # a folder of an object's key, as CloudTrail's data events and an S3 URI write it
        pytest.param(f'"requestParameters":{{"bucketName":"b","key":"receipts/{VISA}/1729438076.pdf"}}', [VISA],
                     id="cloudtrail-key-folder"),
        pytest.param(f"aws s3 cp x s3://phonepay-audit/receipts/{MC}/a.pdf", [MC], id="s3-uri-folder"),
        pytest.param(f'"key":"orders/{ORDER16}/1729438076.pdf"', [], id="key-folder-named-by-id-word"),
        pytest.param(f'"path":"receipts/{VISA}/1729438076.pdf"', [], id="other-member-folder"),
    ],
)
def test_a_file_named_by_the_number_is_no_rest_id(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


# A stored object's name made of an id word, ``-`` or ``_`` and the number (a blob's name in an Azure Storage log's
# URL, an S3 key): the word names the number as a key would; a card word, a brand or a person's name does not.
BLOB_URL = '"https://stpay.blob.core.windows.net:443/exports/{name}.csv?sv=2022-11-02&sr=b&sp=r&sig=XXXXX"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(BLOB_URL.format(name=f"order-{ORDER16}"), [], id="blob-order-hyphen"),
        pytest.param(f"s3://exports/invoices/invoice_{ORDER16}.pdf", [], id="s3-invoice-underscore"),
        pytest.param(f"GET /downloads/booking-{ORDER16}.pdf HTTP/1.1", [], id="path-booking"),
        pytest.param(BLOB_URL.format(name=f"card-{VISA}"), [VISA], id="blob-card-word"),
        pytest.param(BLOB_URL.format(name=f"visa-{VISA}"), [VISA], id="blob-brand"),
        pytest.param(f"s3://exports/notes/ahmed_{VISA}.txt", [VISA], id="s3-person-name"),
        pytest.param(f"note: order-{VISA} was paid", [VISA], id="not-a-path"),  # prose: the id word starts no segment
    ],
)
def test_an_id_word_glued_before_an_objects_number_names_it(
        each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


# A time unit names an id-like value only as a word of its own; a word that merely ends in those letters does not
# (Connect flow logs write the caller's keypad input under "Results").
@pytest.mark.parametrize(
    ("name", "is_id"),
    [("ts", True), ("created_ts", True), ("createdTs", True), ("timestampMs", True), ("ingest_us", True),
     ("eventTimeNs", True), ("orderId", True), ("txnid", True),
     ("Results", False), ("items", False), ("digits", False), ("params", False), ("card_ts", False)],
)
def test_a_time_unit_is_a_word_of_its_own(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


# A carrier's name keys its tracking number (``fedex=<n>``, ``"ups": "<n>"``); a word that only ends in those letters
# (``groups``, ``lookups``) names nothing.
@pytest.mark.parametrize(
    ("name", "is_id"),
    [("fedex", True), ("fedex_tracking", True), ("usps", True), ("dhl_awb", True), ("ups", True), ("UPS_No", True),
     ("groups", False), ("lookups", False), ("backups", False), ("card_number", False)],
)
def test_a_carrier_names_its_tracking_number(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


# A database log's position names its value: Oracle's System Change Number (``SCN=``, Debezium's ``commit_scn``), a
# log sequence number (``lsn``, ``commit_lsn``); a word that only holds those letters names nothing.
@pytest.mark.parametrize(
    ("name", "is_id"),
    [("SCN", True), ("scn", True), ("commit_scn", True), ("lsn", True), ("commit_lsn", True), ("change_lsn", True),
     ("scan", False), ("scnote", False), ("card_scn", False)],
)
def test_a_database_position_names_its_number(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(f"AUDIT_TYPE=Fine Grained Audit;DB_USER=PAYAPP;SCN={SCN};OBJECT_NAME=CARD_CAPTURE", [],
                  id="oracle-fga-scn"),
     pytest.param(f'{{"source": {{"connector": "postgresql", "lsn": {ORDER}, "txId": 771}}}}', [], id="debezium-lsn"),
     pytest.param(f"AUDIT_TYPE=Fine Grained Audit;SCN=1;PAN={VISA};", [VISA], id="card-beside-scn")],
)
def test_a_database_position_stays_quiet(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


def test_a_tracking_number_keyed_by_its_carrier_stays_quiet(each_engine: Engine) -> None:
    assert spans(each_engine, f"shipment fedex={MAESTRO_12} uuid=1 amount=1200 card={VISA}") == spans(
        each_engine, f"card={VISA}") and [v for _, v in spans(each_engine, f"groups={VISA}")] == [VISA]


def test_keypad_input_in_a_connect_flow_log_is_reported(each_engine: Engine) -> None:
    record = {"ContactFlowModuleType": "StoreUserInput", "Identifier": "Store customer input",
              "Parameters": {"Text": "Please enter your card number"}, "Results": REF}
    assert [s.value for s in each_engine.scan_text(json.dumps(record)) if s.type == "pan"] == [REF]


# Amazon Connect Customer Profiles: a profile's AccountNumber is the business's customer account; a 12-digit number
# keyed as an account number is one (the shortest card length; a usual bank account's), 13-19 digits stay cards.
PROFILE_ID = "dda40f235db3c0123456f94864f051d5"
MAESTRO_12 = luhn_id("6759", 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(json.dumps({"Items": [{"ProfileId": PROFILE_ID, "AccountNumber": VISA, "FirstName": "Bo"}]}), [],
                     id="customer-profile"),
        pytest.param(json.dumps({"AccountNumber": VISA}), [VISA], id="account-number-16"),
        pytest.param(json.dumps({"AccountNumber": MAESTRO_12}), [], id="account-number-12"),
        pytest.param(json.dumps({"card_account_number": MAESTRO_12}), [MAESTRO_12], id="card-account-number-12"),
    ],
)
def test_account_numbers_keyed(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [v for _, v in spans(each_engine, text)] == expected


def _script(digits: str, zero: int) -> str:
    return "".join(chr(zero + int(d)) for d in digits)


ID16 = luhn_id("4539", 16)  # an order or member number that is also a valid Visa number
FULLWIDTH, ARABIC_INDIC, DEVANAGARI = 0xFF10, 0x0660, 0x0966
# An id's label in another script (read in the original and in the Unicode-digits decoder's folded line); a card's
# label in the same script, and an account number (a card's primary account number), stay found.
INTL_CASES = [
    ("ja-order-fullwidth", f"注文番号 {_script(ID16, FULLWIDTH)} の配送状況", []),
    ("ja-member-colon", f"会員番号：{ID16}", []),
    ("ja-customer", f"お客様番号は {ID16} です", []),
    ("ja-reservation-json", f'{{"予約番号": "{ID16}"}}', []),
    ("zh-order", f"订单号：{ID16}", []),
    ("zh-hant-order", f"訂單編號 {ID16}", []),
    ("ko-order", f"주문번호 {ID16}", []),
    ("hi-order-devanagari", f"ऑर्डर नंबर {_script(ID16, DEVANAGARI)}", []),
    ("hi-member", f"सदस्य संख्या: {ID16}", []),
    ("ar-order-arabic-indic", f"رقم الطلب {_script(ID16, ARABIC_INDIC)}", []),
    ("ar-membership", f"رقم العضوية: {ID16}", []),
    ("ar-customer", f"رقم العميل {ID16}", []),
    ("ru-order", f"Номер заказа: {ID16}", []),
    # cards, and numbers further from an id label
    ("ja-card-fullwidth", f"カード番号 {_script(ID16, FULLWIDTH)}", [ID16]),
    ("ja-order-then-card", f"注文番号 12345 カード {ID16}", [ID16]),
    ("zh-card", f"卡号：{ID16}", [ID16]),
    ("ko-card", f"카드번호 {ID16}", [ID16]),
    ("hi-card-devanagari", f"कार्ड नंबर {_script(ID16, DEVANAGARI)}", [ID16]),
    ("ar-card-arabic-indic", f"رقم البطاقة {_script(ID16, ARABIC_INDIC)}", [ID16]),
    ("ar-account-number", f"رقم الحساب {ID16}", [ID16]),
    ("ja-test-card-as-order", "注文番号 4111111111111111", ["4111111111111111"]),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in INTL_CASES])
def test_id_labels_in_other_scripts(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert sorted({s.value for s in each_engine.scan_text(text) if s.type == "pan"}) == expected


MEMBER = luhn_id("6304", 16)  # a member number in a Maestro range
_G = " ".join(MEMBER[i : i + 4] for i in range(0, 16, 4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an id label names the whole run after it: digit groups past a card-length prefix belong to the id
        (f"INFO member {_G} 27079", []),
        (f"member no. {_G} 12345", []),
        (f"voucher {ORDER} 96841", []),
        (f"policy number {MEMBER} 93600", []),
        (f"member {_G}", []),
        (f"Connect contact state InProgress, Session {MEMBER} intent TakePayment", []),  # a session names an id
        (f"payment session: card {MEMBER}", [MEMBER]),
        # a card word names a card: its digits stay a finding, tail or not
        (f"card {_G} 27079", [MEMBER]),
        (f"paid with {_G} 27079", [MEMBER]),
        (f"member {_G} 27079 card {_G}", [MEMBER]),
    ],
)
def test_id_label_names_the_whole_run(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [s.value for s in each_engine.scan_text(text) if s.type == "pan"] == expected


# "id" ends an id key as a word of its own or glued to a noun; an English word that ends in those letters names no id
# (a Bedrock prompt's "Caller said: <card>", a ticket's "paid: <card>").
@pytest.mark.parametrize(
    ("name", "is_id"),
    [("orderId", True), ("customer_id", True), ("ID", True), ("orderid", True), ("userid", True), ("mid", True),
     ("sid", True), ("kid", True), ("CallerSaid", False),
     ("said", False), ("Said", False), ("paid", False), ("prepaid", False), ("valid", False), ("squid", False),
     ("customer_said", False), ("amountPaid", False)],
)
def test_an_english_word_ending_in_id_is_no_id(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"message": "Caller said: {VISA}, expiry 06 27. Summarize the call."', [VISA]),
        (f'Customer said: "{VISA}"', [VISA]),
        (f"paid: {VISA}", [VISA]),
        (f"valid: {MC}", [MC]),
        (f'{{"said": "{VISA}"}}', [VISA]),
        # ids stay ids: the near misses
        (f"orderId: {VISA}", []),
        (f"customer_id: {VISA}", []),
        (f"ID: {VISA}", []),
        (f"<orderid>{VISA}</orderid>", []),
        (f'{{"userid": "{MC}"}}', []),
    ],
)
def test_a_word_ending_in_id_before_a_card(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [s.value for s in each_engine.scan_text(text) if s.type == "pan"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a CSV field holding JSON doubles its quotes (Athena's, Logs Insights' exports): the keys read the same
        (f'2026-12-05,"{{""callReason"":""payment"",""orderId"":""{ORDER}"",""ani"":""+15550100""}}"', []),
        (f'2026-12-05,"{{""callReason"":""payment"",""card"":""{MEMBER}""}}"', [MEMBER]),
    ],
)
def test_csv_doubled_quotes_keep_their_key(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert [s.value for s in each_engine.scan_text(text) if s.type == "pan"] == expected


# A transaction as analytics tags key it (``tx``) and a Stripe PaymentIntent or SetupIntent name an object's id; a
# word that only holds those letters (``text``, ``ctx``) and a card's own intent-free key name none.
@pytest.mark.parametrize(
    ("name", "is_id"),
    [("tx", True), ("TX", True), ("payment_intent", True), ("paymentIntent", True), ("setup_intent", True),
     ("text", False), ("ctx", False), ("tx_card", False), ("payment", False), ("payment_method", False),
     ("card_intent", False)],
)
def test_a_transaction_or_an_intent_names_an_id(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


def test_a_transaction_or_an_intent_keyed_value_stays_quiet(each_engine: Engine) -> None:
    assert spans(each_engine, f"window.dataLayer.push({{tx:'{VISA}'}})") == []
    assert spans(each_engine, f'{{"status": "succeeded", "payment_intent": "{VISA}"}}') == []
    assert [v for _, v in spans(each_engine, f"window.dataLayer.push({{card:'{VISA}'}})")] == [VISA]
    assert [v for _, v in spans(each_engine, f'{{"status": "succeeded", "payment": "{VISA}"}}')] == [VISA]
