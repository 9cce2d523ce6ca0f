"""Confounder classes: real-looking values that pass IIN + length + Luhn, each suppressed for its stated reason,
and the same digits still found where that reason does not hold."""

from __future__ import annotations

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.cards.confounders import confounder
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

ENGINE = {b: Engine(backend=b) for b in ("hyperscan", "re")}


def _pan(prefix: str, length: int = 16) -> str:
    """A Luhn-valid number of ``length`` digits that opens with ``prefix`` (built at run time, no literal card)."""
    body = (prefix + "0" * length)[: length - 1]
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


_V, _M = _pan("45320151"), _pan("55550000")  # a track's or an object's own card number
_ENT = "".join(f"&#x{ord(c):x};" for c in _M)  # a card written in numeric entities (an HTML invoice's)

# (class, text with the value between « », the same digits in a text where the reason does not hold)
CASES = [
    ("phone", "call me on +«491512345678?» tomorrow", "card on file «491512345678?» tomorrow"),
    ("phone", "Tel: +«44 7911 1234 567?»", "Card: «4479 1112 3456 7?»"),
    ("phone", '"customerEndpoint": {"Address": "+«493090182051?»", "Type": "TELEPHONE_NUMBER"}', None),
    ("iban", "pay to IBAN DE89 «5010 0000 1234 5678 9?» by Friday", None),
    ("iban", "IBAN: GB29 NWBK «6016 1331 9268 1?»", "paid with «6016 1331 9268 1?»"),
    # an RF creditor reference (ISO 11649) in a bank export's memo column, in one run or in groups of four
    ("rf_reference", "13.07.2025;13.07.2025;Chloe M\u00fcller;-8523,78;EUR;RF94 «522609364668086?»;",
     "13.07.2025;13.07.2025;Chloe M\u00fcller;-8523,78;EUR;card «522609364668086?»;"),
    ("rf_reference", "Creditor reference: RF71 «4532 0151 1283 036?»", "Creditor: card «4532 0151 1283 036?»"),
    # a systemd journal cursor's hex fields (``t=``: realtime in hex, all decimal digits now and then)
    ("journal_cursor", "__CURSOR=s=ce80e65bd8bcca9e15b07c3eed3fa2da;i=5ce;b=55c3404c9b3d5e51c5bd8c9efffbb6c7;"
     "m=33495ebe;t=«627263405782?»;x=51c51dbce0055b0d", "MESSAGE=card t=«627263405782?»;x=51c51dbce0055b0d"),
    ("journal_cursor", '{"__CURSOR":"s=5896fb5d2f62f8fabccc57a98c8852b2;i=6;b=21b7c680918b224f8df089c4634cdaa4;'
     'm=16177c4c;t=«627264503357?»;x=fbeda6b997f8723c","MESSAGE":"ok"}', None),
    # Envoy's default access log: bytes received, bytes sent, duration, upstream time side by side
    ("access_log_fields", '[2024-09-26T03:16:02.144Z] "POST /v1/status HTTP/1.1" 503 - via_upstream - "-" '
     '«4891 757 746 48?» "172.223.8.198" "python-requests/2.31.0" "a3fa569e" "pay.example.com" "10.0.0.1:8080"',
     '[2024-09-26T03:16:02.144Z] "POST /v1/pay?pan=«4891 757 746 48?» HTTP/1.1" 503 - via_upstream - "-" '
     '12 757 746 480 "172.223.8.198" "python-requests/2.31.0"'),
    ("access_log_fields", '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - «4891 757 746 48?» '
     '"10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"', None),
    ("barcode", "scanned EAN-13 «400638133393?» at till 4", "scanned «400638133393?» at till 4"),
    ("barcode", '{"sku": "«590123412345?»", "qty": 2}', None),
    ("barcode", "POS till 3 scanned item «400638133393?» qty 1", "POS till 3 scanned card «400638133393?» qty 1"),
    ("barcode", "item_code=«401234567890?»", "line item 2 «401234567890?» added"),
    ("dotnet_ticks",
     r'{"msg": "[INFO]\t2024-12-20T16:58:47Z\tbf97eaf4-1491-4d12-b7a2-e594cc3055c6\tticks=«63947237291986721?»"}',
     r'{"message": "[INFO]\t2024-12-20T16:58:47.555Z\tcc «63947237291986721?»"}'),
    ("s3_request_id", "bkt [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/ex «411111111111111?» "
     'REST.GET.OBJECT a.csv "GET /bkt/a.csv HTTP/1.1" 200', "user/ex «411111111111111?» REST"),
    ("s3_request_id", "79a59df9 bkt [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - «601100099013942?» BATCH.DELETE.OBJECT k",
     "paid «601100099013942?» BATCH"),
    # a key's sign before the plus: an NVP or form field's phone number (``=`` joins no base64)
    ("phone", "nvp=ACK=Success&ACCT=5239&PHONE=+«491511234594?»", "nvp=ACK=Success&ACCT=«491511234594?»"),
    ("phone", "note=callerId=+«491511234594?»", None),
    ("device_id", "device IMEI «49015420323751?» registered", "card «49015420323751?» registered"),
    ("device_id", "IMEISV=«356987012345678?»;", None),
    ("dotnet_ticks", '{"when": «63841234567890123?», "level": "Info"}', '{"card": «63841234567890123?»}'),
    ("epoch_us", "ts_us «180012345678901?» event=commit", "card «180012345678901?» event=commit"),
    ("decimal", "latency 8.«34655215389834?» ms", None),
    # a slice of a model's token ids; the whole list, or the list then a code, is a card said in groups
    ("int_array", '{"prompt_token_ids": [128000, 882, «4539, 1488, 0343, 612?», 271, 198, 4913]}',
     '{"said": [«4539, 1488, 0343, 612?»]}'),
    ("int_array", '{"prompt_token_ids": [128000, 128006, 882, 15339, «4539, 1488, 0343, 612?»]}',
     '{"said": [«4539, 1488, 0343, 612?», 123]}'),
    ("decimal", "ratio=«411111111111111?».5", "ratio «411111111111111?» 5"),
    ("blob", "token=AbCdEfGh+«411111111111111?»/QrStUvWxYz==", "token AbCdEfGh «411111111111111?» QrStUvWxYz"),
    ("blob", "sig=Qlmmnbjrr9+«453201511283036?»/he/+rzQw==", "sig Qlmmnbjrr9 «453201511283036?» he rzQw"),  # 2 capitals
    # a path whose folders are words and date parts (an S3 key: a recording named by the card) is no blob
    ("blob", "data=HqT7xWbN2mPd/«453201511283036?»/Lm9Kz==", "GET CallRecordings/2026/12/07/«453201511283036?».wav"),
    ("blob", "data=HqTxWbNmPdzz/«453201511283036?».Lm9Kz", "GET CallRecordings/2026/12/07/«453201511283036?»_ab.wav"),
    ("aws_account", "arn:aws:lambda:us-east-1:«50180000000?»:function:pay", "card «50180000000?» on file"),
    ("aws_account", "«50180000000?».dkr.ecr.eu-west-1.amazonaws.com/app", None),
    ("aws_account", "QueueUrl=https://sqs.us-east-1.amazonaws.com/«60123456789?»/payments", "card /«60123456789?»/"),
    ("aws_account", "s3://cdk-hnb659fds-assets-«60123456789?»-us-east-1/a.zip", "s3://b/card/«60123456789?»-x.zip"),
    ("aws_account", '{"detail-type":"Object Created","account":"«50987654321?»","region":"us-east-1"}',
     '{"detail-type":"Object Created","card":"«50987654321?»","region":"us-east-1"}'),
    # CloudWatch Logs Insights' @log field: the account id, then the log group
    ("aws_account", '2026-12-01 10:11:55.595,"{""card_last4"": ""0706""}",2026/12/01/[$LATEST]f966,'
                    "«50180000000?»:/aws/lambda/payments", '"{""card_last4"": ""0706""}",«50180000000?»:x'),
    ("aws_account", "@log=«50180000000?»:log-group:payments", None),
    ("uuid", "request_id=4be079fb-«6171-4847-832?»-4dcb2bec7c55 done", "paid with «6171-4847-832?» done"),
    ("device_id", '{"imei": "35-209900-176148-1", "note": "IMEI «49015420323751?»"}', None),
    ("hexdump", "00000020: 3132 2f33 «6376 7620 3132 332?» 7468  12/30 cvv 123 th", "card: «6376 7620 3132 332?» end"),
    ("hexdump", "00000020  «63 76 76 20 31 32 33 2?»  |cvv 123 |", None),
    # Python's email package: a MIME boundary of 15 "=", a random 19-digit number and "==" (header and delimiter lines)
    ("mime_boundary", 'Content-Type: multipart/mixed; boundary="===============«411111111111111111?»=="',
     'Content-Type: text/plain; card="«411111111111111111?»"'),
    ("mime_boundary", "--===============«411111111111111111?»==--", "--card «411111111111111111?» --"),
    ("hexdump", "\t0x0010:  4500 0034 «4111 2000 4000 400?» 0a00  E..4A. .@.@...", "card «4111 2000 4000 400?» 0a00"),
    # twelve digits the word "account" names right before them; a card account's stay findings
    ("account_number", '"refund to account «59435551928?» please","Web"', '"refund to card account «59435551928?»"'),
    ("account_number", "acct: «50180000000?» closed", "card: «50180000000?» closed"),
    # another number's label before it, the card's own key right before the number: a card's
    ("account_number", '{"Type": "TELEPHONE_NUMBER"}, "Attributes": {"ref": "«67599159661?»"}',
     '{"Type": "TELEPHONE_NUMBER"}, "Attributes": {"lambdaResult": "{\\"cardNumber\\": \\"«67599159661?»\\"}"}'),
    # another number's label earlier in the text, then a card word in the flow's own language names this one
    ("account_number", '{"message": "order number «6759 9159 661?» bis 05/31"}',
     '{"message": "order number 7, Kartennummer «6759 9159 661?» bis 05/31"}'),
    ("account_number", '{"msg": "order number: «5018 0000 000?»"}',
     '{"msg": "order number: 7, numero de tarjeta «5018 0000 000?»"}'),
    ("account_number", '{"msg": "order number «6304 0000 000?»"}',
     '{"msg": "order number 7, num\u00e9ro de carte «6304 0000 000?»"}'),
    # another member's number key (its own value beside it) names that value, not the card the caller keyed in
    ("account_number", '{"Attributes": {"loyaltyId": "7", "orderNumber": «5018 0000 000?»}}',
     '{"Attributes": {"orderNumber": "ORD-0042", "StoredCustomerInput": "«5018 0000 000?»", "expiry": "12-29"}}'),
    ("account_number", "order_number=«6759 9159 661?» status=ok", "order_number=42&dtmfDigits=«6759 9159 661?»"),
    # twelve digits in one run with no card word before them: an account, queue or ticket id, not a Maestro card
    ("unlabelled_twelve", "contact 4be079fb-6171-4847-8325-4dcb2bec7c55 queue «50180000000?»",
     "contact 4be079fb-6171-4847-8325-4dcb2bec7c55 card «50180000000?»"),
    ("unlabelled_twelve", '{"key":"cloud.account.id","value":{"stringValue":"«63040000000?»"}}',
     '{"key":"payment.card_number","value":{"stringValue":"«63040000000?»"}}'),
    # a JSON-escaped tab before the card word: the Lambda log line's field starts there
    ("unlabelled_twelve", '{"message": "2025-12-05T10:00:00Z\\tDEBUG\\tid=«50180000000?» exp=12-29\\n"}',
     '{"message": "2025-12-05T10:00:00Z\\tDEBUG\\tcc=«50180000000?» exp=12-29\\n"}'),
    ("unlabelled_twelve", '"message": "ticket «67000000001?» reopened"',
     '{"card_on_file": "«67000000001?»"}'),
    # an Android UI dump's view: its own resource-id (after its text) names what the text is
    ("unlabelled_twelve", '<node index="0" text="«63048312345?»" resource-id="com.shop.app:id/order_number" '
     'class="android.widget.EditText" package="com.shop.app" password="false" bounds="[48,612][1032,756]" />',
     '<node index="0" text="«63048312345?»" resource-id="com.shop.app:id/card_number" '
     'class="android.widget.EditText" package="com.shop.app" password="false" bounds="[48,612][1032,756]" />'),
    # ... and so is a grouped one after another view's "Order #" label
    ("account_number", '<node index="18" text="Order #6231651408" resource-id="com.shop.app:id/label" />\n'
     '<node index="0" text="«6304 8312 345?»" resource-id="com.shop.app:id/order_ref" package="com.shop.app" />',
     '<node index="18" text="Order #6231651408" resource-id="com.shop.app:id/label" />\n'
     '<node index="0" text="«6304 8312 345?»" resource-id="com.shop.app:id/card_number" package="com.shop.app" />'),
    # a request id's hex word "cc4f" is no "cc" (the card's abbreviation); "cc:" before the number still is
    ("unlabelled_twelve", "95fe868e-cc4f-47be-9f82-186fa4021b98\t{'accountRef': '«60836482818?»'}",
     "95fe868e-cc4f-47be-9f82-186fa4021b98\t{'cc': '«60836482818?»'}"),
    # ... nor is an X-Ray trace id's hex ending in "cc" after a digit (a Powertools record's last keys)
    ("unlabelled_twelve", '\\"xray_trace_id\\": \\"1-6b07a9b5-d768da2cfa347cc4606407cc\\", '
     '\\"payment_ref\\": \\"«60836482818?»\\"}',
     '\\"xray_trace_id\\": \\"1-6b07a9b5-d768da2cfa347cc4606407aa\\", \\"cc\\": \\"«60836482818?»\\"}'),
    # a pretty-printed transcript: the turn before the number's turn names it (a card word) or not, metadata between
    ("unlabelled_twelve", '{"Content": "Which queue are you calling about.",\n'
     ' "Id": "8f53ce24-d42a-4621-8bf0-7dd7aaa51338"},\n{"Content": "Sure, it\'s «67593420000?»."}',
     '{"Content": "Your card number, please.",\n "Id": "8f53ce24-d42a-4621-8bf0-7dd7aaa51338"},\n'
     '{"Content": "Sure, it\'s «67593420000?»."}'),
    # 13-19 digits glued to an id's capital-letter prefix: an invoice's or order's number, unless a card word labels it
    ("id_prefixed", 'payload={"invoice": "INV-«453201511283036?»"}', 'payload={"note": "INV «453201511283036?»"}'),
    ("id_prefixed", "Customer said: invoice INV-«4532015112830366?»", "card: VISA-«4532015112830366?»"),
    ("id_prefixed", "validate_card got invoice=INV-«453201511283036?»&x=1", "validate got card=INV-«453201511283036?»"),
    # ... or to a job's, a run's or a request's word in any case and a hyphen or underscore (a Step Functions
    # execution's input); a card word or a brand glued to the digits names the card instead
    ("id_prefixed", '"input": "{\\"run_id\\": \\"run-«3600000000000?»\\", \\"targets\\": 12}"',
     '"input": "{\\"payment\\": \\"visa-«4532015112830366?»\\", \\"targets\\": 12}"'),
    ("id_prefixed", "batch started job_id=job-«4532015112830366?» ok", "batch started job-«4532015112830366?» ok"),
    ("id_prefixed", '{"executionId": "exec_«4532015112830366?»"}', '{"payment_method": "cc-«4532015112830366?»"}'),
    ("id_prefixed", '{"request.id": "Req-«4532015112830366?»"}', '{"payment_method": "Amex-«37828224631000?»"}'),
    ("id_prefixed", '{"ID": "ord_«4532015112830366?»"}', '{"payment_method": "VISA-«4532015112830366?»"}'),
    # twelve digits grouped after an id's letter prefix: a gift card's or an order's number, unless a card word names it
    ("unlabelled_twelve", "  giftCardRef: 'GC-«6145-2566-913?»',", "  card: 'GC-«6145-2566-913?»',"),
    # a run of twelve is a value of its own, whatever cell follows it (a tab-separated Log Analytics export's row)
    ("unlabelled_twelve", "POST /api/pay\thttps://x.net/api/pay?queue=«67638872862?»\t200\t720.9437",
     "POST /api/pay\thttps://x.net/api/pay?card=«67638872862?»\t200\t720.9437"),
    ("unlabelled_twelve", "queue «67638872862?» 200", "card «67638872862?» 200"),
    # another language's card word names a 12-digit run; so do the card's expiry or code keys after it in its object
    ("unlabelled_twelve", '{"Content": "mi pedido es «67638872862?»"}', '{"Content": "mi tarjeta es «67638872862?»"}'),
    ("unlabelled_twelve", "Kundennummer «67638872862?»", "Kartennummer «67638872862?»"),
    ("unlabelled_twelve", "DEBUG numer zamówienia: «67638872862?»", "DEBUG numer karty: «67638872862?»"),
    ("unlabelled_twelve", "sipariş no: «67638872862?», taksit: 3", "kart numarası: «67638872862?», taksit: 3"),
    ("unlabelled_twelve", "bestelnummer «67638872862?»", "kaartnummer «67638872862?»"),
    ("unlabelled_twelve", "注文番号：«67638872862?»", "カード番号：«67638872862?»"),
    ("unlabelled_twelve", "주문번호 «67638872862?»", "카드번호 «67638872862?»"),
    ("unlabelled_twelve", "رقم الطلب «67638872862?»", "رقم البطاقة «67638872862?»"),
    ("unlabelled_twelve", "kaartje «67638872862?»", "op de bankkaart «67638872862?»"),
    ("unlabelled_twelve", '{"account": {"id": "«50203933711?»", "region": "eu-west-1"}}',
     '{"paymentMethod": {"type": "scheme", "number": "«50203933711?»", "expiryMonth": "01", "expiryYear": "2027"}}'),
    ("unlabelled_twelve", '[{"ref": "«50203933711?»"}, {"expiryMonth": "01", "expiryYear": "2027"}]', None),
    # ... or before it (a pretty-printed Python dict), when the number's own key names a number
    ("unlabelled_twelve", "{'checks': {'cvc_check': 'pass',\n  'ticket': '«50181804842?»'}}",
     "{'amount': 4200,\n 'card': {'cvc': '391',\n          'exp_month': 12,\n          'number': '«50181804842?»'},"),
    ("unlabelled_twelve", "[{'exp_month': 12}, {'number': '«50181804842?»'}]", None),
    # ... or its sentence goes on with the card's expiry date or code (a transcript, an agent's note)
    ("unlabelled_twelve", '"agent_note": "ok «50201415158?» and it was reopened on 1027"',
     '"agent_note": "ok «50201415158?» and it expires on 1027, three digit code on the back 965"'),
    ("unlabelled_twelve", '"Content": "I\'ll pay with «67592010483?»"',
     '"Content": "I\'ll pay with «67592010483?», valid thru 2030-10"'),
    ("unlabelled_twelve", "umm «50203095997?» yeah, order date 08/2031",
     "umm «50203095997?» yeah, expiry date 08/2031"),
    ("unlabelled_twelve", '"message": "ref «50180169983?», the order code is 737"',
     '"message": "sure, it\'s «50180169983?», the security code is 737"'),
    ("unlabelled_twelve", '"message": "queue «50180169983?». It expires on 1027"', None),
    ("unlabelled_twelve", "Please charge «67597754815?» (export 2032-08) for the refund",
     "Please charge «67597754815?» (exp 2032-08) for the refund"),
    ("account_number", "my order number is A7.\n\nAssistant: you said «50209662837?», is that correct?",
     "my order number is A7.\n\nAssistant: you said «50209662837?», expiring 2026-09, is that correct?"),
    ("unlabelled_twelve", '"message": "ticket «50180169983?» expires in 1027 seconds"', None),
    # a flow log's keypad entry is named by the prompt its own block played, before or after it in the record
    ("unlabelled_twelve",
     '{"ContactFlowModuleType": "StoreUserInput", "Results": "«50123456789?»", "Parameters": {"StoreInput": "True",'
     ' "Text": "Please enter your order number followed by pound"}}',
     '{"ContactFlowModuleType": "StoreUserInput", "Results": "«50123456789?»", "Parameters": {"StoreInput": "True",'
     ' "Text": "Please enter your card number followed by pound", "MaxDigits": "19"}}'),
    ("unlabelled_twelve",
     '{"ContactFlowModuleType": "GetUserInput", "Parameters": {"Text": "Enter your booking number"},'
     ' "Results": "«50123456789?»"}',
     '{"ContactFlowModuleType": "GetUserInput", "Parameters": {"Text": "Enter your debit card"},'
     ' "Results": "«50123456789?»"}'),
    # ... and only by its own record's: another block's prompt after it names nothing
    ("unlabelled_twelve",
     '{"ContactFlowModuleType": "StoreUserInput", "Results": "«50123456789?»", "Parameters": {"Text": "Order"}}'
     ' {"ContactFlowModuleType": "PlayPrompt", "Parameters": {"Text": "Now your card number"}}', None),
    # an account number's element beside the card's expiry (Chase Orbital, CyberSource) is the card's number
    ("account_number", "<AccountNum>«63049376899?»</AccountNum><RoutingNum>021000021</RoutingNum>",
     "<AccountNum>«63049376899?»</AccountNum><Exp>0829</Exp><CardSecVal>077</CardSecVal>"),
    ("account_number", "<urn:accountNumber>«67592751797?»</urn:accountNumber></urn:bank>",
     "<urn:accountNumber>«67592751797?»</urn:accountNumber><urn:expirationMonth>12</urn:expirationMonth>"),
    # a pretty-printed SOAP body: the card's expiry and code elements on the lines below its account number
    ("account_number", "<ns2:Account>\n  <ns2:AccountNumber>«67593873386?»</ns2:AccountNumber>\n"
     "  <ns2:RoutingNumber>021000021</ns2:RoutingNumber>\n</ns2:Account>",
     "<ns2:Card>\n  <ns2:AccountNumber>«67593873386?»</ns2:AccountNumber>\n"
     "  <ns2:ExpirationDate>2030-10</ns2:ExpirationDate>\n  <ns2:CVV2>407</ns2:CVV2>\n</ns2:Card>"),
    # a 12-13-digit account under an account's key beside the card's own number member: the biller's, the bank's
    # account (an object holds one card); without that member the card's code before it still makes it the card's
    ("account_number", f'sessionAttributes:\n    cardNumber: "{_V}"\n    cardExpiry: "11/25"\n    cardCvv: "490"\n'
     '    accountNumber: "«66858759194?»"\n  promptSessionAttributes:',
     'sessionAttributes:\n    cardExpiry: "11/25"\n    cardCvv: "490"\n    accountNumber: "«66858759194?»"'),
    ("account_number", f'{{"card_number": "{_M}", "cvv": "123", "account_number": "«50180000000?»"}}',
     '{"cvv": "123", "account_number": "«50180000000?»"}'),
    ("account_number", f'{{\\"pan\\": \\"{_V}\\", \\"acctNo\\": \\"«6500 0000 0000 ?»\\"}}',
     '{\\"cc\\": 1, \\"acctNo\\": \\"«6500 0000 0000 ?»\\"}'),
    ("account_number", f'{{"ccNumber": "{_M}", "bankAccount": "«650000000000?»"}}',
     '{"account": "«650000000000?»"}'),  # (a bank's account is no card's whatever is beside it: ``idnames``)
    ("account_number", f"<CardNumber>{_V}</CardNumber><AccountNumber>«67592751797?»</AccountNumber>",
     "<card><accountNumber>«67592751797?»</accountNumber><expirationMonth>12</expirationMonth></card>"),
    # an invoice's account beside the card it was paid with (another card's last four, in numeric entities too): the
    # customer's account with the biller; a statement, an invoice that names no card, a card account stay found
    ("account_number", f"<title>Invoice INV22</title>\n<p>Account: «4532 0151 1283 036?»</p>\n<p>Paid with card: "
     f"<span>{_ENT}</span></p>", f"<title>Statement</title>\n<p>Account: «4532 0151 1283 036?»</p>\n<p>Paid with "
     f"card: <span>{_ENT}</span></p>"),
    ("account_number", "INVOICE 2026-11\nBilling account: «6011 0009 9013 942?»\nPaid by card: **** 4242\n",
     "INVOICE 2026-11\nBilling account: «6011 0009 9013 942?»\nTotal: 12.00\n"),
    ("account_number", "Rechnung 11/2026\nAccount: «601100099013942?»\nCard number: 5555 55** **** 4444\n",
     "Rechnung 11/2026\nCard account: «601100099013942?»\nCard number: 5555 55** **** 4444\n"),
    # an ACH entry's bank account: its object holds an ABA routing number and a NACHA SEC code; a routing number alone
    # (a refund form's bank details beside a card) or an SEC code in another object names nothing
    ("account_number", '{"message":"ACH debit","routing_number":"021000021","account_number":"«512153123456395?»",'
     '"sec_code":"WEB"}', '{"message":"refund","routing_number":"021000021","account_number":"«512153123456395?»"}'),
    ("account_number", '{"routingNumber": "021000021", "secCode": "PPD", "acctNo": "«453201511283036?»"}',
     '{"secCode": "PPD"} {"routingNumber": "021000021", "acctNo": "«453201511283036?»"}'),
    # the digits after a track's PAN (expiry, service code, discretionary data) are the track's, no second card;
    # the same digits after a number that is no card's (Luhn fails, too short) make no track
    ("track_data", f";{_V}=«251210100000000?»?", f";{_V[:-1]}{(int(_V[-1]) + 1) % 10}=«251210100000000?»?"),
    ("track_data", f'{{"raw": "%B{_M}^NGUYEN/ANA^«301110100000000000?»?"}}',
     f'{{"raw": "%B{_M} NGUYEN/ANA «301110100000000000?»?"}}'),
    ("track_data", f'"track2": "{_V}=«251210100000000?»"', '"track2": "45320151000=«251210100000000?»"'),
    ("track_data", f"raw=%B{_V}^DOE/J^«3011 1010 0000 0000 00?»?", None),
    # a hotel lock's encoder writes a room key in track 2's shape: a UATP-shaped number (1, 15 digits), no airline
    # card; the same track on a line that names no key card is a UATP card's (red-team round 78)
    ("key_card", "INFO keycard encoder=ONITY room=1053 write track2=;«10530922765852?»=26042758491?",
     "INFO MSR swipe track2=;«10530922765852?»=26042758491?"),
    # a USPS/FedEx tracking number (20 or 22 digits) in groups of four, named by a tracking word: no card-length slice
    ("tracking", "DEBUG\tref tracking 9400 «4539 1488 0343 612?» 26 / Amazon order",
     "DEBUG\tref card «4539 1488 0343 612?» / Amazon order"),
    ("tracking", "USPS Tracking #: «4539 1488 0343 612?» 1234", None),
    ("tracking", '{"trackingNumber": "9205 «4539 1488 0343 612?» 00"}', None),
    ("tracking", "Ihre Sendungsnummer 0034-«4539-1488-0343-612?»-00", None),
    # a signed integer: Postgres' jsonlog writes its 64-bit query id with its sign; no card number is negative
    ("signed", '{"backend_type": "client backend", "query_id": -«412345678901234567?», "message": "execute"}',
     '{"backend_type": "client backend", "pan": «412345678901234567?», "message": "execute"}'),
    ("signed", "offset=-«601100099013942?» commit", "card - «601100099013942?» commit"),
    ("signed", "1,-«412345678901234567?»,ok", "1,ref-«412345678901234567?»,ok"),
    # a 64-bit id quoted to keep its precision (Firebase's ga_screen_id, a Segment order id, a SQLite JSON column)
    ("signed", '{"name": "CLS", "ga_screen_id": "-«412345678901234567?»", "build": "3.9"}',
     '{"name": "CLS", "note": "card-«412345678901234567?»", "build": "3.9"}'),
    ("signed", "INSERT INTO events VALUES(3,'{\"screen\":\"cart\",\"v\":\"-«412345678901234567?»\"}');",
     "INSERT INTO notes VALUES(3,'card -«412345678901234567?» 2026-12-07');"),
    ("signed", "ga_screen_id(_si)=-«412345678901234567?»}]", "paid 2026-12-07-«412345678901234567?»}]"),
    ("signed", '"url": "https://api.example.com/v1/cart/-«412345678901234567?»", "duration": 9',
     '"url": "https://api.example.com/v1/cart/x-«412345678901234567?»", "duration": 9'),
    # a Postgres csvlog line's last column, after backend_type and leader_pid: the query id
    ("query_id", '2024-05-01 23:00:00.123 UTC,"app","paydb",4242,"10.0.0.5:53412",6632f1a0.1f3d,12,"SELECT",'
     '2024-05-01 22:00:00 UTC,"3/1234",0,LOG,00000,"duration: 0.5 ms",,,,,,,,,"PostgreSQL JDBC Driver",'
     '"client backend",,«412345678901234567?»',
     '2024-05-01 23:00:00.123 UTC,"app","paydb",4242,,,,,,"card on file",,«412345678901234567?»'),
    ("query_id", 'LOG,00000,"checkpoint complete",,,,,,,,,"","parallel worker",4211,«412345678901234567?»\r\nnext',
     None),
    # a crash report's machine state: an .ips thread state's register values (decimal), a tombstone's register line and
    # memory row (hex words whose digits are all decimal); the same digits under a crash report's custom key stay found
    ("register", '{"threadState": {\n  "x": [\n    {\n      "value": «453914880343646?»\n    }\n  ],\n'
     '  "flavor": "ARM_THREAD_STATE64"}}', '{"crashlyticsKeys": {\n  "value": «453914880343646?»\n}}'),
    ("register", '"threadState":{"x":[{"value":0},{"value":«453914880343646?»}],"lr":{"value":7084646596}}', None),
    ("register", "    x8  0653e10db13f3a5d  x9  «453914880343646?»  x10 fbe56c8103c2974d  x11 676335ec015c2681",
     "    card  «453914880343646?»  x10 fbe56c8103c2974d"),
    ("register", "    r8 f71b9df4  r9 ab0b5028  sl f7175695  fp f710edd0\n"
     "    d0  «453914880343646?»  d1  0000000000000031", None),
    ("register", "    00000074096b6060 «453914880343646?» 795ce9f81e094a81  192.d..V.J....\\y",
     "    note «453914880343646?» 795ce9f81e094a81  192.d..V.J....\\y"),
]


def _split(marked: str) -> tuple[str, int, int]:
    """The text, and where the value between « » lies; a ``?`` in the value becomes its Luhn check digit."""
    start = marked.index("«")
    end = marked.index("»") - 1
    text = marked.replace("«", "").replace("»", "")
    body = "".join(c for c in text[start:end] if c.isdigit())
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return text[:start] + text[start:end].replace("?", check, 1) + text[end:], start, end  # (a "?" before it is text's)


def _nacha() -> tuple[str, int, int]:
    value = "4111111111111111"
    line = ("627" + "09100001" + "8" + value.ljust(17) + "0000012500" + "ID00000000001  " + "JANE DOE").ljust(78)
    line += "0" + "091000010000001"
    assert len(line) == 94
    start = line.index(value)
    return f"HEAD\n{line}\nTAIL", 5 + start, 5 + start + len(value)


@pytest.mark.parametrize(("kind", "marked", "control"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_confounder_is_named_and_suppressed(kind: str, marked: str, control: str | None) -> None:
    text, start, end = _split(marked)
    digits = "".join(c for c in text[start:end] if c.isdigit())
    assert is_pan(digits), "each example must otherwise pass IIN + length + Luhn"
    groups = len(text[start:end].split())
    assert confounder(text, start, end, digits, groups) == kind
    for engine in ENGINE.values():
        assert digits not in [s.value for s in engine.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(("kind", "marked", "control"), [c for c in CASES if c[2]], ids=lambda v: str(v)[:24])
def test_same_digits_are_found_without_the_reason(kind: str, marked: str, control: str) -> None:
    text, start, end = _split(control)
    digits = "".join(c for c in text[start:end] if c.isdigit())
    for engine in ENGINE.values():
        assert digits in [s.value for s in engine.scan_text(text) if s.type == "pan"], kind


def test_fixed_width_nacha_record() -> None:
    text, start, end = _nacha()
    assert confounder(text, start, end, text[start:end], 1) == "fixed_width"
    assert [s for s in ENGINE["re"].scan_text(text) if s.type == "pan"] == []


def _nacha_file(control: str) -> str:
    """A NACHA file: its file header, a batch header, an entry, the given batch control record, a file control."""
    header = "101 091000019 1234567892603011200A094101FIRST BANK             EXAMPLE LTD            " + " " * 8
    batch = "5200EXAMPLE LTD                         1234567890PPDPAYROLL   260301260301   1091000010000001"
    entry = "622" + "09100001" + "8" + "123456789012".ljust(17) + "0000012500" + "ID0001234567".ljust(15)
    entry += "JANE DOE".ljust(22) + "  0" + "091000010000001"
    trailer = "9000001000001000000010009100001000000000000000000012500" + " " * 39
    assert len(header) == len(batch) == len(entry) == len(trailer) == 94
    return "\n".join([header, batch, entry, control, trailer]) + "\n"


def _uatp_control() -> tuple[str, str]:
    """A batch control record two characters over its 94 whose ODFI routing number (8 digits) and batch number
    (7 digits) run together into 15 digits that pass IIN, length and Luhn (a UATP number)."""
    odfi = "10009100"
    run = next(odfi + f"{n:07d}" for n in range(1, 10) if luhn_valid(odfi + f"{n:07d}"))
    assert is_pan(run)
    line = "820000000100091000010000000125000000000000001234567890" + " " * 25 + "  " + run
    assert len(line) == 96
    return line, run


def test_a_record_of_a_nacha_file_off_its_length_is_fixed_width() -> None:
    line, run = _uatp_control()
    text = _nacha_file(line)
    start = text.index(run)
    assert confounder(text, start, start + len(run), run, 1) == "fixed_width"
    assert [s for s in ENGINE["re"].scan_text(text) if s.type == "pan"] == []
    # the same line in a text that is no NACHA file (no ``101`` file header first) is no record: found
    other = "payout log\n" + line + "\n"
    assert [s.value for s in ENGINE["re"].scan_text(other) if s.type == "pan"] == [run]
    # and a card written in a NACHA file on a line that is no record (prose after it) is found
    prose = _nacha_file(line).replace(line, "note: card 4532015112830366 was charged separately")
    assert [s.value for s in ENGINE["re"].scan_text(prose) if s.type == "pan"] == ["4532015112830366"]


def _iban(country: str, bban: str) -> str:
    """The IBAN of ``bban`` in ``country``, its check digits computed (ISO 13616), in groups of four."""
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    iban = f"{country}{98 - number % 97:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


@pytest.mark.parametrize(
    "sep", ["\u200b ", "\u200b", "\u00a0", "\u2060 ", " "], ids=["zwsp-space", "zwsp", "nbsp", "wj", "space"])
def test_an_iban_that_passes_its_check_is_no_card_whatever_its_separators(sep: str) -> None:
    tail = _pan("3037", 14)  # a Diners-length run of the IBAN's account digits
    iban = _iban("GB", "WEST" + tail)
    text = "| 2024-07-14 || Xenia || IBAN:\u200b " + iban.replace(" ", sep)
    start = text.index(tail[:4])
    for engine in ENGINE.values():
        assert tail not in [s.value for s in engine.scan_text(text) if s.type == "pan"]
    assert confounder(text, start, len(text), tail, 4) == "iban"
    # the same digits after a head whose check fails are a card's (the separators no IBAN's spaces)
    wrong = text.replace(iban[:4].replace(" ", sep), f"GB{(int(iban[2:4]) + 1) % 100:02d}", 1)
    if sep.strip():
        for engine in ENGINE.values():
            assert tail in [s.value for s in engine.scan_text(wrong) if s.type == "pan"]


def test_a_previous_fields_label_lends_nothing() -> None:
    text = '{"imei":"010675465084439","card":"6011884465923286501"}'
    start = text.index("6011")
    assert confounder(text, start, start + 19, "6011884465923286501", 1) is None
    assert [s.value for s in ENGINE["re"].scan_text(text) if s.type == "pan"] == ["6011884465923286501"]


@pytest.mark.parametrize(
    ("marked", "kind"),
    [
        # space-separated key=value fields: a barcode's or a device's key names its own field's number only
        ("capture complete ean=4006381333931 card_number=«4539-1488-0343-6?» expiry=12/2029", None),
        ("capture isbn=9780306406157 cvv=123 card_number=«4539-1488-0343-612?» done", None),
        ("card=4111XXXXXXXX1111 iccid=8944500102198304826 card_number=«4539 1488 0343 612?»", None),
        # a sentence that ended: "barcode <n>. Then: card <n>"
        ("Scanned item barcode 0937123456789. Then: card «3798-018711-3313?» exp 1229", None),
        # a token the label's reach cuts holds no word: "UPc" of a bearer token is no UPC
        ("""-H 'Authorization: Bearer sk_test_DLJL7YmUPc8DTD39270SEH0f' -d '{"card_number": "«644842892638649?»"}'""",
         None),
        # the field's own key still names it; "no. <n>" ends no sentence
        ("order=1234 ean=«400638133393?» qty=1", "barcode"),
        # after two such fields the label is the last one's tail ("qty=1 ean <n>": "ean ", not the fields' slices)
        ("line item gtin=4006381333931 qty=1 ean «408557000452?» upc 431422093620", "barcode"),
        ("line item gtin=4006381333931 qty=1 card «4539 1488 0343 612?» done", None),
        ("device imei no. «49015420323751?» registered", "device_id"),
        # ... and a device's word right before the value, though a field's value ("value=IMEISV <n>": 16 digits)
        ("context value=IMEISV «355212504418407?»", "device_id"),
        ("retrying caller=IMEISV «358667748402898?»", "device_id"),
        ("ref=IMEI: «358667748402898?»", "device_id"),
        ("imeisv=ok card «3552 1250 4418 407?»", None),
        # the label's own number stands between: it names that one ("phone IMEI <n>. new card <n>")
        ("Wrap-up: phone IMEI 356389404513282. new card «2200 9115 7239 142?» (old one reported lost)", None),
        ("scanned EAN 4006381333931 then card «4539 1488 0343 612?» on file", None),
    ],
    ids=masked_id,
)
def test_a_previous_space_separated_field_or_sentence_lends_nothing(marked: str, kind: str | None) -> None:
    text, start, end = _split(marked)
    digits = "".join(c for c in text[start:end] if c.isdigit())
    assert is_pan(digits)
    assert confounder(text, start, end, digits, len(text[start:end].replace("-", " ").split())) == kind
    for engine in ENGINE.values():
        assert (digits in [s.value for s in engine.scan_text(text) if s.type == "pan"]) is (kind is None)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a track's own PAN stays a finding, however its tail reads; so does a card after the track
        (f";{_V}=25121010000000000000?", [_V]),
        (f"%B{_M}^DOE/JOHN^2512101000000000000000? then card {_V}", [_M, _V]),
        (f";{_V}=2512101?;{_M}=2612101?", [_V, _M]),
        # a card's full number under an account key stays one: CyberSource's card.accountNumber, Vantiv's
        # accountNumber, a 16-digit account beside another card's number member
        (f'{{"card": {{"accountNumber": "{_V}", "expirationMonth": "12"}}}}', [_V]),
        (f"<accountNumber>{_V}</accountNumber>", [_V]),
        (f'{{"cardNumber": "{_M}", "accountNumber": "{_V}"}}', [_M, _V]),
        # twelve digits under the card's account key, or under an account key in another object than the card's
        (f'{{"cardNumber": "{_M}", "cardAccountNumber": "{_pan("6685875919", 12)}"}}', [_M, _pan("6685875919", 12)]),
        (f'{{"cardNumber": "{_M}"}}, {{"card": {{"accountNumber": "{_pan("6685875919", 12)}", "cvv": "123"}}}}',
         [_M, _pan("6685875919", 12)]),
    ],
    ids=masked_id,
)
def test_a_tracks_pan_and_a_card_under_an_account_key_stay_found(text: str, found: list[str]) -> None:
    for engine in ENGINE.values():
        assert [s.value for s in engine.scan_text(text) if s.type == "pan"] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a card written right after an international phone number is not part of it (E.164: at most 15 digits)
        ("tel +8613912345678 4111111111111111", ["4111111111111111"]),
        ("+44 7911 123456 5555 5555 5555 4444", ["5555555555554444"]),
        # ...while every group of the phone number itself stays quiet
        ("call +44 7911 123456", []),
        ("+1 4111 1111 1111 1111", []),
        # a list of whole numbers is scanned element by element; one digit per element is the array detector's
        ("ids [3544629456514, 4111111111111111]", ["4111111111111111"]),
        ("[3544629456514, 1700000000000]", []),
        # a tombstone's memory row: its characters column spells out what memory held, a card number too
        ("    0000008d5080c810 3131313131313131 3131313131313131  4111111111111111", ["4111111111111111"]),
    ],
)
def test_a_card_next_to_a_confounder_is_still_found(text: str, found: list[str]) -> None:
    for engine in ENGINE.values():
        assert [s.value for s in engine.scan_text(text) if s.type == "pan"] == found


def _luhn16(prefix: str) -> str:
    return _pan(prefix)


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("1800", "epoch_us"), ("1946", None)],  # JCB's legacy IIN reads as 2027, GPN's as 2031
)
def test_epoch_microseconds_are_event_times_not_years_ahead(prefix: str, kind: str | None) -> None:
    """A bare 16-digit run reads as epoch microseconds only up to 2030: a later "time" (GPN's 1946 IIN) is a card."""
    digits = _luhn16(prefix)
    text = f"ts_us {digits} event=commit"
    assert is_pan(digits)
    assert confounder(text, 6, 22, digits, 1) == kind
    for engine in ENGINE.values():
        assert (digits in [s.value for s in engine.scan_text(text) if s.type == "pan"]) is (kind is None)
