"""The default engine on record shapes real systems write (beyond the labelled corpora): every card-data type the
record holds is found, on both back ends, and nothing in the look-alikes.

Each row is one shape as its service writes it: a DynamoDB item or stream image (attribute values wrapped in their
type), a CloudWatch Logs subscription payload, an API Gateway access log with a percent-encoded query string, a Step
Functions input (JSON in a JSON string), the Stripe SDK's debug line, YAML, Python and Java renderings, logfmt,
SOAP XML with namespaces, Connect contact attributes, headers, nested date objects (JSON and XML), Markdown
tables (a model's answer in a Bedrock log)."""

from __future__ import annotations

import base64

import pytest

from scanners.engine.core import Engine

VISA, MC = "4111111111111111", "5555555555554444"
_B64 = base64.b64encode(f"Hello,\r\nmy card is {VISA}, exp 09/27, security code 837.\r\nThanks\r\n".encode()).decode()
ALL = {"pan", "cvv", "expiry"}

SHAPES: list[tuple[str, str, set[str]]] = [
    ("dynamodb-item", f'{{"Item":{{"card_number":{{"S":"{VISA}"}},"cvv":{{"S":"123"}},"exp_month":{{"N":"12"}},'
     '"exp_year":{"N":"2027"}}}', ALL),
    ("dynamodb-stream-image", f'{{"eventName":"INSERT","dynamodb":{{"NewImage":{{"pan":{{"S":"{MC}"}},'
     '"cvc":{"S":"0421"},"expiry":{"S":"1230"}}}}', ALL),
    ("cloudwatch-subscription", '{"messageType":"DATA_MESSAGE","logEvents":[{"id":"3795","timestamp":1700000000000,'
     f'"message":"card={VISA} cvv=123 exp=12/27"}}]}}', ALL),
    ("apigw-access-log", f'10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /pay?card_number={VISA}&cvc=123&exp=12%2F27'
     ' HTTP/1.1" 200 12', ALL),
    ("apigw-encoded-form", "POST /pay body=card%5Bnumber%5D%3D4111111111111111%26cvc%3D123%26exp%3D12%252F27", ALL),
    ("stepfunctions-input", '{"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{\\"card\\":'
     f'{{\\"number\\":\\"{VISA}\\",\\"cvc\\":\\"123\\",\\"exp_month\\":12,\\"exp_year\\":2027}}}}"}}}}', ALL),
    ("stripe-sdk-debug", f"message='Post details' post_data=type=card&card[number]={MC}&card[exp_month]=12"
     "&card[exp_year]=2027&card[cvc]=314", ALL),
    ("yaml", "card:\n  number: 4111 1111 1111 1111\n  cvv: 123\n  expiry: 12/27\n", ALL),
    ("python-repr", f"{{'card_number': '{VISA}', 'cvv': '123', 'exp_month': 12, 'exp_year': 2027}}", ALL),
    ("logfmt", f"level=info card_number={VISA} cvv=123 exp=1227", ALL),
    ("soap-namespaces", f"<ns2:CardNumber>{VISA}</ns2:CardNumber><ns2:CVV2>123</ns2:CVV2>"
     "<ns2:ExpirationDate>2712</ns2:ExpirationDate>", ALL),
    ("connect-attributes", f'{{"Attributes":{{"cardNumber":"{VISA}","cvv":"123","expiry":"1227"}}}}', ALL),
    ("http-headers", f"X-Card-Number: {VISA}\nX-Card-CVV: 123\nX-Card-Expiry: 12/27", ALL),
    ("camel-case-keys", f'{{"cardSecurityCode":"123","expirationMonth":"12","expirationYear":"2027",'
     f'"accountNumber":"{VISA}"}}', ALL),
    ("protobuf-text", f'card {{ number: "{VISA}" cvv: "123" exp_month: 12 exp_year: 2027 }}', ALL),
    ("java-tostring", f"Card{{number={VISA}, cvv=123, expMonth=12, expYear=2027}}", ALL),
    ("go-struct", f"{{Number:{VISA} CVV:123 ExpMonth:12 ExpYear:2027}}", ALL),
    ("dotenv", f"CARD_NUMBER={VISA}\nCARD_CVV=123\nCARD_EXP=12/27\n", ALL),
    ("json-date-object", f'{{"card":{{"number":"{VISA}","cvc":"123","expiry":{{"month":"12","year":"2027"}}}}}}', ALL),
    ("xml-date-element", f"<card><pan>{VISA}</pan><cvv>123</cvv><expiry><month>12</month><year>2027</year>"
     "</expiry></card>", ALL),
    ("lex-v2-slots", f'{{"slots":{{"CardNumber":{{"value":{{"originalValue":"{VISA}","interpretedValue":"{VISA}"}}}},'
     '"Cvv":{"value":{"originalValue":"123","interpretedValue":"123"}}}}', {"pan", "cvv"}),
    ("markdown-table", f"| Card | CVV | Expiry |\n|:-----|:---:|-------:|\n| {VISA} | 123 | 12/27 |", ALL),
    ("markdown-in-converse-output", '{"output":{"message":{"content":[{"text":"Details:\\n\\n| Card | Security code '
     f'| Exp date |\\n|---|---|---|\\n| x | y | z |\\n| {VISA} | 0421 | 2030-01 |\\n"}}]}}}}}}', ALL),
    ("multipart-form", "--x9\r\nContent-Disposition: form-data; name=\"card_number\"\r\n\r\n"
     f"{VISA}\r\n--x9\r\nContent-Disposition: form-data; name=\"cvv\"\r\n\r\n123\r\n--x9\r\n"
     "Content-Disposition: form-data; name=\"expiry\"\r\n\r\n12/27\r\n--x9--", ALL),
    ("sql-insert-log", "LOG:  statement: INSERT INTO payments (id, card_number, cvv, expiry) VALUES "
     f"(7, '{VISA}', '123', '12/27');", ALL),
    ("python-print-event", "{'sessionState': {'intent': {'slots': {'SecurityCode': {'shape': 'Scalar', 'value': "
     "{'originalValue': '837', 'interpretedValue': '837'}}, 'ExpiryDate': {'value': {'interpretedValue': "
     f"'2027-09-01'}}}}, 'CardNumber': {{'value': {{'interpretedValue': '{VISA}'}}}}}}}}}}}}", ALL),
    ("python-print-dynamodb", f"{{'Item': {{'pan': {{'S': '{VISA}'}}, 'cvv': {{'N': '837'}}, 'exp': "
     "{'S': '0927'}}}", ALL),
    ("boto3-resource-item", f"{{'card': {{'number': '{VISA}', 'cvv': Decimal('837'), 'exp_month': Decimal('9'), "
     "'exp_year': Decimal('2027')}}", ALL),
    ("php-json-encode", f'{{"card_number":"{VISA}","card_cvc":"837","card_expiry":"09\\/27"}}', ALL),
    # the same record as a string in another JSON document: escaped again by PHP (\\\/) or by another writer (\\/)
    ("php-json-in-json", '{"body":"{\\"card_number\\":\\"' + VISA + '\\",\\"card_expiry\\":\\"09\\\\\\/27\\"}"}',
     {"pan", "expiry"}),
    ("php-json-in-python-json", '{"body":"{\\"card_number\\":\\"' + VISA + '\\",\\"card_expiry\\":\\"09\\\\/27\\"}"}',
     {"pan", "expiry"}),
    ("heartland-xml", f"<hps:CardNbr>{VISA}</hps:CardNbr><hps:ExpMonth>9</hps:ExpMonth><hps:ExpYear>2027</hps:ExpYear>"
     "<hps:CVV2>837</hps:CVV2>", ALL),
    ("connect-attribute-suffixes", f'{{"Attributes":{{"card_input":"{VISA}","cvv_input":"837","expiryMMYY":"0927"}}}}',
     ALL),
    ("card-expiration-day", f'{{"card_number":"{VISA}","card_cvv":"837","card_expiration":"2027-09-30"}}', ALL),
    ("ses-notification-mime-base64", '{"notificationType":"Received","receipt":{"action":{"type":"SNS","encoding":'
     '"UTF8"}},"content":"From: a@example.com\\r\\nSubject: card\\r\\nContent-Type: text/plain\\r\\n'
     'Content-Transfer-Encoding: base64\\r\\n\\r\\n' + "\\r\\n".join(_B64[i : i + 76] for i in range(0, len(_B64), 76))
     + '\\r\\n"}', ALL),
    ("html-form", f'<input name="cardnumber" value="{VISA}"><input name="cvc" value="123">'
     '<input name="exp-date" value="12/27">', ALL),
]

LOOK_ALIKES: list[tuple[str, str]] = [
    ("url-cid-encoded", "GET /landing?utm_source=mail&cid=123%20x HTTP/1.1"),
    ("dynamodb-ttl", '{"Item":{"session":{"S":"abc"},"expires_at":{"N":"1735689600"},"count":{"N":"2712"}}}'),
    ("date-object-no-card", '{"delivery":{"month":"12","year":"2027"}}'),
    ("yymm-in-prose", "cache exp 2108 entries"),
    ("markdown-other-columns", "| id | count | year |\n|---|---|---|\n| 4 | 123 | 12/27 |"),
    ("pipes-without-rule", "| cvv | count |\n| 4 | 123 |"),
    ("markdown-cell-beyond-header", "| cvv |\n|---|\n| x | 123 |"),
    ("expiry-day-without-card-key", '{"subscription": {"expiry": "2027-09-01"}}'),
    ("escaped-full-date", '{"card_expiry_note":"12\\/25\\/2025"}'),
    ("escaped-twice-full-date", '{"body":"{\\"card_expiry_note\\":\\"12\\\\\\/25\\\\\\/2025\\"}"}'),
    ("lambda-report", "REPORT RequestId: 3f8e6a0b-4111-1111-1111-111111111111 Duration: 4111.11 ms"),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(t, k, id=n) for n, t, k in SHAPES])
def test_every_type_in_the_record_is_found(each_engine: Engine, text: str, types: set[str]) -> None:
    found = {s.type for s in each_engine.scan_text(f"before\n{text}\nafter")}
    assert found == types, f"missing {sorted(types - found)}, extra {sorted(found - types)}"


@pytest.mark.parametrize("text", [pytest.param(t, id=n) for n, t in LOOK_ALIKES])
def test_look_alikes_stay_quiet(each_engine: Engine, text: str) -> None:
    assert [s.type for s in each_engine.scan_text(text)] == []
