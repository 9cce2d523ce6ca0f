"""CvvDetector: security codes only as the value of, or right after, a CVV keyword."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.cvv import CvvDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = CvvDetector()
# a card number built at run time (OpenTravel's PaymentCard cases below)
OTA_PAN = next(b + c for b in ["45320151128303"] for c in "0123456789" if luhn_valid(b + c))

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("json-card_cvc", '{"card_cvc": "123"}', [("123", "123")]),
    # an agent's note of what the caller gave (an Excel CSV cell, a Connect agent note)
    ("note-cvv-given", '98298030,2025-06-23,agent23,"CVV given: 505 (told customer not to share)"', [("505", "505")]),
    ("note-cvv-provided", "note\tcvv provided - 7312", [("7312", "7312")]),
    # Postman's variables and AWS tags: the key's index (a second test card) is no part of its name
    ("postman-env-indexed-key", '\t\t{\n\t\t\t"key": "cardCvc_1",\n\t\t\t"value": "2375",\n\t\t\t"type": '
     '"default",\n\t\t\t"enabled": true\n\t\t}', [("2375", "2375")]),
    ("aws-tag-indexed-key", '{"Key": "cvv-2", "Value": "123"}', [("123", "123")]),
    # an IDE debugger's Variables view: a boxed Integer's object tag before the value
    ("intellij-boxed-integer", " cvv = {Integer@812} 811", [("811", "811")]),
    # a CDATA section is its element's text (a WCF/SOAP trace), with or without a namespace prefix, pretty or not
    ("soap-cdata-cvv2", "<ns2:expiry><![CDATA[1227]]></ns2:expiry><ns2:cvv2><![CDATA[284]]></ns2:cvv2>",
     [("284", "284")]),
    ("cdata-pretty-security-code", "  <securityCode><![CDATA[7061]]></securityCode>\n  <x>y</x>", [("7061", "7061")]),
    # an agent's short form ("sec code", "sec. code"), as EventBridge notes and CRM fields write it
    ("sec-code", "cust gave card 4929 0690 0679 2183 exp 03/2027 sec code 123", [("123", "123")]),
    ("sec-dot-code", "Sec. Code: 4821 (card on file)", [("4821", "4821")]),
    ("secCode-key", '{"cardNumber": "4929069006792183", "secCode": "318"}', [("318", "318")]),
    # Postman's urlencoded body pretty-printed: the sibling "key" names the "value" on the next line
    # pydantic v2's ValidationError: the field's location on its line, the value in the message below it
    ("pydantic-loc-line", "1 validation error for CardIn\ncard.security_code\n  Input should be a valid string "
     "[type=string_type, input_value=349, input_type=int]", [("349", "349")]),
    ("pydantic-escaped-in-log", "[ERROR] ValidationError: 1 validation error for CardIn\\ncvc\\n  String should match "
     "pattern '^[0-9]{3,4}$' [type=string_pattern_mismatch, input_value='0421', input_type=str]", [("0421", "0421")]),
    ("postman-form-key-sibling",
     '{\n  "key": "payment_method_data[card][cvc]",\n  "value": "519",\n  "type": "text"\n}', [("519", "519")]),
    ("json-number", '{"cvv": 737}', [("737", "737")]),
    # a Logs Insights CSV export: the @logStream field follows the @message cell's keyed code right after its comma
    ("insights-csv-next-field", "2026-11-03 10:36:12.135,2026-09-17T04:21:39.579Z\tINFO\tcvc=048,2026/11/03/"
     "[$LATEST]52b3aa0f,123456789012:/aws/lambda/payment-ivr", [("048", "048")]),
    ("kv-comma-then-word", "cvv=0421,INFO", [("0421", "0421")]),
    ("kv-comma-then-long-number", "cvc: 731,20261103", [("731", "731")]),
    ("bracket-key-comma", "card[cvc]=519,2026/11/03", [("519", "519")]),
    ("json-cvv2-4-digits", '{"cvv2":"0421"}', [("0421", "0421")]),
    ("kv", "cvv=123", [("123", "123")]),
    # a key numbered among its like (a Secret's or an env file's TEST_CARD_CVV_0, TEST_CARD_CVV_1)
    ("key-index", "  TEST_CARD_CVV_0: 400", [("400", "400")]),
    ("key-index-dash-eq", "cvv-12=957", [("957", "957")]),
    ("makefile-conditional-assignment", "TEST_CVV ?= 400", [("400", "400")]),
    ("makefile-append-assignment", "TEST_CVV += 400", [("400", "400")]),
    ("kv-upper", "debug CVC=456 end", [("456", "456")]),
    ("colon", "CVV: 123", [("123", "123")]),
    ("cvv2-colon", "cvv2: 987", [("987", "987")]),
    ("space", "cvc 321", [("321", "321")]),
    ("words-is", "note CVV2 is 555", [("555", "555")]),
    ("spaced-digits", "the security code is 1 2 3", [("1 2 3", "123")]),
    ("security_code", "security_code=842", [("842", "842")]),
    ("securityCode", "securityCode: 842", [("842", "842")]),
    ("card-verification-value", "card verification value: 456", [("456", "456")]),
    ("card-verification-code", "card verification code: 4567", [("4567", "4567")]),
    ("camel-verification-number", '"cardVerificationNumber":"321"', [("321", "321")]),
    ("camel-prefix", "cardCvv=1234", [("1234", "1234")]),
    ("camel-suffix", "cvvCode: 737", [("737", "737")]),
    # camelCase names, long or with a digit, whose words end in the keyword (a random id's letters do not)
    ("camel-long-name", "paymentMethodCardCvv=4821", [("4821", "4821")]),
    ("camel-digit-short-name", "card3dsCvv: 482", [("482", "482")]),
    ("cid", "Amex CID: 1234", [("1234", "1234")]),
    ("underscore-cid", "card_cid=1234", [("1234", "1234")]),
    ("csc", "csc 999", [("999", "999")]),
    ("cav2", "CAV2 = 321", [("321", "321")]),
    ("card-code", "card code: 0042", [("0042", "0042")]),
    ("json-nested-value", '{"cvv": {"value": "123"}}', [("123", "123")]),
    ("dynamodb-number", '{"cvv":{"N":"123"}}', [("123", "123")]),
    ("elavon-cvv2cvc2", "<ssl_cvv2cvc2>123</ssl_cvv2cvc2>", [("123", "123")]),
    ("realex-cvn-number", "<cvn><number>123</number><presind>1</presind></cvn>", [("123", "123")]),
    ("opayo-cv2", "CardNumber=x&ExpiryDate=1227&CV2=123&CardType=VISA", [("123", "123")]),
    ("html-table", "<tr><td>CVV</td><td>123</td></tr>", [("123", "123")]),
    ("label-then-input", '<label>CVV</label><input value="123">', [("123", "123")]),  # a prefilled form field
    ("attribute-suffix", '{"Attributes": {"cvv_input": "837", "securityCodeInput": "4321"}}',
     [("837", "837"), ("4321", "4321")]),
    ("markdown-table", "| Card | CVV |\n|---|---|\n| x | 123 |\n| y | 4567 |", [("123", "123"), ("4567", "4567")]),
    ("multipart", '--b\r\nContent-Disposition: form-data; name="card[cvc]"\r\n\r\n314\r\n--b--', [("314", "314")]),
    ("sql-insert", "LOG:  statement: INSERT INTO payments (id, pan, cvv) VALUES (7, 'x', '123');", [("123", "123")]),
    ("sql-insert-quoted-comma", "insert into p (note, \"card_cvc\") values ('a, b', '0421')", [("0421", "0421")]),
    ("markdown-escaped-rows", '"text":"| CVC | n |\\n|---|---|\\n| 314 | 1 |"', [("314", "314")]),
    ("html-bold-label", '<b>Security code:</b> <span class="v">4567</span>', [("4567", "4567")]),
    ("dynamodb-string", '"Item": {"card_cvc": {"S": "0421"}}', [("0421", "0421")]),
    ("xml", "<cvv>123</cvv>", [("123", "123")]),
    ("escaped-json", '{\\"cvc\\":\\"123\\"}', [("123", "123")]),
    ("table", "cvv | 123 |", [("123", "123")]),
    ("two-keywords-one-value", "CVV/CVC: 123", [("123", "123")]),
    ("reported-once", "CVV security code: 123", [("123", "123")]),
    ("next-to-expiry", "card=4111111111111111 cvv 123 exp 12/25", [("123", "123")]),
    ("dump", '"card":{"number":"4111","exp_month":5,"exp_year":2030,"cvc":"123"}', [("123", "123")]),
    ("two-lines", "cvv=123\ncvc: 4567", [("123", "123"), ("4567", "4567")]),
    ("form-bracket", "card[number]=4242&card[cvc]=314&card[exp_month]=12", [("314", "314")]),
    ("form-nested-bracket", "payment_method_data[card][cvc]=0314&x=1", [("0314", "0314")]),
    ("xml-authorize-net", "<creditCard><cardCode>999</cardCode></creditCard>", [("999", "999")]),
    # a bare "code" right after a card's expiry date in its sentence (a prompt to a model, a Contact Lens segment)
    ("code-after-expiry", "Caller said: 4111 1111 1111 1111, expiry 09 31, code 428. Summarize the call.",
     [("428", "428")]),
    ("code-after-spoken-expiry", "Caller said: 4111 1111 1111 1111, expiry zero six two seven, code six one zero.",
     [("six one zero", "610")]),
    ("code-after-month-name", '"PartialContent": "expiry september 2027 code three seven eight"',
     [("three seven eight", "378")]),
    ("code-after-words-year", "expiry January twenty twenty six code 926", [("926", "926")]),
    # a bare "code" right after the card number itself (a Contact Lens turn, a prompt): digits or digit words
    ("code-after-card", '"Content": "OK it is 4929 0690 0679 2183 code 318"', [("318", "318")]),
    ("code-after-card-and", "card 5425233430109903 and the code 0421", [("0421", "0421")]),
    ("code-after-spoken-card", "Card number four nine two nine, zero six nine zero, zero six seven nine, two one eight"
     " three, code three one eight", [("three one eight", "318")]),
    ("code-after-expiry-and", "card expiry 06/27 and code 4821", [("4821", "4821")]),
    # ... also with its copula: "and the code is 088" (a caller's words in a prompt to a model)
    ("code-is-after-card", "my visa is 4929 0690 0679 2183 and the code is 088", [("088", "088")]),
    ("code-was-after-card", "card 5425233430109903, code was 0421", [("0421", "0421")]),
    ("code-is-after-expiry", "card expiry 06/27 and code is 482", [("482", "482")]),
    # ... and "the" before it: a Lex V2 utterance, the card, its expiry and its code in one turn
    ("the-code-is-after-expiry", '"inputTranscript": "card 4111111111111111 expires 06 2032 and the code is 380"',
     [("380", "380")]),
    ("the-code-after-expiry", "card expiry 06/27, the code 4821", [("4821", "4821")]),
    # gateway elements: Chase Orbital's <CardSecVal>, First Data GGE4 / Payeezy's <VerificationStr2>
    ("xml-orbital", "<CardSecValInd>1</CardSecValInd><CardSecVal>077</CardSecVal>", [("077", "077")]),
    ("xml-payeezy", "<VerificationStr2>4321</VerificationStr2>", [("4321", "4321")]),
    ("xml-cybersource", "<card><cvNumber>123</cvNumber></card>", [("123", "123")]),
    ("xml-cvv2val", "<Cvv2Val>456</Cvv2Val>", [("456", "456")]),
    ("xml-moneris-cvd", "<cvd_info><cvd_value>789</cvd_value></cvd_info>", [("789", "789")]),
    ("xml-attribute", '<Card Number="x" CVV="321" Expiry="x"/>', [("321", "321")]),
    ("xml-card-security-code", "<CardSecurityCode>1234</CardSecurityCode>", [("1234", "1234")]),
    ("lex-slot-nested", '"cvv": {"shape": "Scalar", "value": {"originalValue": "123", "interpretedValue": "123"}}',
     [("123", "123"), ("123", "123")]),
    ("lex-slot-pretty", '"slots": {\n  "CardCvv": {\n    "value": {\n      "originalValue": "4 5 6",\n'
     '      "interpretedValue": "456",\n      "resolvedValues": ["456"]\n    }\n  }\n}',
     [("4 5 6", "456"), ("456", "456"), ("456", "456")]),  # the digits one by one as said, named by the slot too
    ("spoken", "the security code is one two three", [("one two three", "123")]),
    ("connect-flow-log-set-attributes", '{"ContactFlowModuleType": "SetAttributes", "Parameters": {"Value": "123", '
     '"Key": "securityCode"}}', [("123", "123")]),
    ("name-value-pair", '{"Parameters": [{"Name": "cvv", "Value": "4321"}]}', [("4321", "4321")]),
    ("label-value-field", '{"fields": [{"label": "CVV", "value": "837"}]}', [("837", "837")]),
    ("spoken-double", "CVV: double five seven.", [("double five seven", "557")]),
    ("spoken-commas", "cvc: Nine, Eight, Seven", [("Nine, Eight, Seven", "987")]),
    ("dashes", "CVV is 1-2-3-4", [("1-2-3-4", "1234")]),
    ("spoken-code-on-the-back", "and the code on the back is 123.", [("123", "123")]),
    ("spoken-three-digit-code", "the 3-digit security code is 456", [("456", "456")]),
    ("spoken-number-on-the-back", "the number on the back of the card is 789", [("789", "789")]),
    ("amex-code-on-the-front", "the 4 digit code on the front is 4322", [("4322", "4322")]),
    ("amex-code", "exp 11/27, amex code 1864", [("1864", "1864")]),
    # OpenTravel's name for the code (PaymentCard@SeriesCode, the element, its PlainText child), beside the card
    ("ota-seriescode-attribute", f'<PaymentCard CardCode="VI" CardNumber="{OTA_PAN}" ExpireDate="0732" '
     'SeriesCode="456">', [("456", "456")]),
    ("ota-seriescode-element", f"<PaymentCard>\n  <CardNumber>{OTA_PAN}</CardNumber>\n  <SeriesCode>871</SeriesCode>"
     "\n  <ExpireDate>0928</ExpireDate>\n</PaymentCard>", [("871", "871")]),
    ("ota-seriescode-plaintext", f"<PaymentCard ExpireDate=\"0732\"><CardNumber><PlainText>{OTA_PAN}</PlainText>"
     "</CardNumber><SeriesCode><PlainText>4821</PlainText></SeriesCode></PaymentCard>", [("4821", "4821")]),
    # a question naming the code, answered by the next sentence of one transcript (Transcribe: no speakers)
    ("asked-answered-words", "And the security code on the back? Three one four. Thank you.",
     [("Three one four", "314")]),
    ("asked-answered-digits", '"transcript": "And the security code? 372. Thank you."', [("372", "372")]),
    ("asked-answered-at-end", "what's the CVV please? 4 5 6", [("4 5 6", "456")]),
    # a form question's answer named by its label (a Jotform submission's ``answers`` object, pretty-printed)
    ("jotform-answer-label", '"9": {\n  "name": "input9",\n  "order": "9",\n  "text": "Security Code",\n'
     '  "type": "control_textbox",\n  "answer": "372"\n}', [("372", "372")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("comparison-not-equal", "if card.cvv != 123:"),
    # a given/confirmed code is only one when the code follows: a count or a status after other words is none
    ("note-cvv-given-count", "CVV given to agent 3 times, told customer not to share"),
    ("note-cvv-confirmed-status", "cvv confirmed by issuer, response 200"),
    ("cdata-other-element", "<ns2:orderRef><![CDATA[284]]></ns2:orderRef>"),
    # a random id ends in a keyword's letters by chance (a Stripe charge id before a masked card's last four)
    ("random-id-ending-cvn", "Charge succeeded ch_yrJ3ajcwa0c8IFlZSJjdgCvn card=**** **** **** 8706 amount=331.72"),
    ("random-id-caps-ending-cvv", "req pi_QiiTxXXvnneeVFaqCvv 8706 ok"),
    ("postman-env-indexed-other-key", '{"key": "lastOrderNo_1", "value": "2375"}'),
    ("intellij-other-key", " retries = {Integer@812} 811"),
    # an index is no code when no value follows the key, nor a three-digit "index" (the code's own place)
    ("key-index-no-value", "CVV_1: not set"),
    ("key-index-date", "cvv_1: 2024-01-01"),
    ("cdata-cvv-text", "<ns2:cvv2><![CDATA[n/a]]></ns2:cvv2><ns2:qty>284</ns2:qty>"),
    ("spoken-two-digits", "cvv one two"),
    # a bare "code" after a card number with another word between names another code
    ("promo-code-after-card", "card 4929 0690 0679 2183 promo code 123"),
    ("error-code-after-card", "charge 4929069006792183 failed with error code 500"),
    ("zip-code-after-card", "card 4929069006792183 billing zip code 10001"),
    ("decline-code-after-card", "4929069006792183 declined (code 051)"),
    ("code-after-luhn-invalid", "ref 4929 0690 0679 2184 code 318"),  # no card number: a reference's code
    ("code-is-no-card", "the code is 318"),
    ("the-promo-code-is-after-expiry", "card expires 06 2032 and the promo code is 380"),
    ("the-code-is-after-voucher-expiry", "voucher expires 06 2032 and the code is 380"),
    ("zip-code-is-after-card", "card 4929069006792183 zip code is 10001"),
    ("promo-code-is-after-card", "card 4929 0690 0679 2183 promo code is 123"),
    ("code-is-after-luhn-invalid", "ref 4929 0690 0679 2184 and the code is 318"),
    ("code-is-too-long", "card 4929069006792183 and the code is 31845"),
    # Payeezy's <VerificationStr1> is the AVS string (street and zip), Orbital's <CardSecValInd> a presence flag
    ("xml-payeezy-avs", "<VerificationStr1>1234|12345</VerificationStr1>"),
    ("xml-orbital-indicator", "<CardSecValInd>1</CardSecValInd>"),
    ("sec-code-alarm-panel", "Alarm panel sec code 4821"),
    ("pydantic-other-field", "1 validation error for CardIn\nretries\n  Input should be less than 10 "
     "[type=less_than, input_value=349, input_type=int]"),
    ("pydantic-field-two-lines-up", "2 validation errors for CardIn\ncvc\n  Field required [type=missing]\namount\n"
     "  Input should be a valid integer [type=int_type, input_value=349, input_type=str]"),
    ("ach-sec-code", "ACH batch SEC code: WEB, 42 entries"),
    ("postman-form-key-other", '{\n  "key": "metadata[attempt]",\n  "value": "519",\n  "type": "text"\n}'),
    ("key-value-other-key", '{"Tags": [{"Key": "cost-center", "Value": "123"}]}'),
    ("key-value-name-in-nested-object", '{"Parameters": {"Key": "tries", "Value": "123", "Meta": {"name": "cvv"}}}'),
    ("back-of-the-queue", "you are number 12 in the queue, call back in 300 seconds"),
    ("spoken-card-number", "the cvv is four two four two four two four two four two four two four two four two"),
    ("spoken-too-many", "security code one two three four five six"),
    ("dashes-too-many", "cvv is 1-2-3-4-5"),
    ("long-id", "cid=12345678"),
    ("flag", '"cvv_enabled": true'),
    ("flag-then-next-field", '{"cvv_enabled": true, "status": 200}'),
    ("logfmt-flag", "cvv_enabled=true status=200"),
    ("check-passed", "CVV check passed"),
    ("check-passed-status", "CVV check passed status 200"),
    ("cvc_check", 'cvc_check: "pass"'),
    ("cvc_check-code", '"cvc_check": "pass", "code": 200'),
    ("no-keyword", "status 200"),
    ("cid-inside-word", "incident 123 resolved"),
    ("cid-inside-word-2", "decided 456"),
    ("cidr", "cidr 10.0.0.0/24"),
    ("too-short", "cvv: 12"),
    ("too-long", "cvv: 12345"),
    ("decimal", "cvv: 12.5"),
    ("decimal-3", "cvv 123.45"),
    ("kv-thousands", "cvv=123,456"),  # one grouped number, not a code and the next field
    ("kv-thousands-then-field", "cvv=123,456,2026/11/03"),
    ("kv-decimal-comma", "cvc=123,5"),
    ("kv-comma-two-digits", "cvc=123,45,x"),
    ("date", "cvv 12/25"),
    ("alnum", "cvv 123abc"),
    ("alnum-before", "cvv: abc123"),
    ("other-line", "cvv\n123"),
    ("comma-is-a-field-break", "cvv,123"),
    ("glued-lowercase", "cvvcode 123"),
    ("glued-before", "xcvv 123"),
    ("spaced-too-long", "cvv 1 2 3 4 5"),
    ("otp-code", "verification code 1234"),
    ("bare-code", "code 123"),
    ("prose", "cvv is not required, retry 3 of 5 in 200 ms"),
    ("beyond-window", "cvv " + "x" * 40 + " 123"),
    ("url-cid-param", "GET /landing?utm_source=mail&cid=1234 200"),
    ("url-cid-first", "https://shop.example.com/p?cid=823&ref=home"),
    ("nested-other-key", '"quantity": {"value": {"interpretedValue": "123"}}'),
    ("nested-pretty-other-key", '"orderNo": {\n  "value": "123"\n}'),
    ("holder-without-owner", '{"value": "123"}'),
    ("empty-element-then-other", "<cvv></cvv><count>123</count>"),
    ("opencv-version", "import cv2 4.8.0 loaded"),
    ("html-other-cell", "<td>CVV</td><td>Amount</td><td>123</td>"),
    ("markdown-other-column", "| CVV | Count |\n|---|---|\n| yes | 123 |"),
    ("markdown-no-rule", "| CVV |\n| 123 |"),
    ("sql-other-column", "INSERT INTO t (a, count) VALUES ('x', 123)"),
    ("label-value-other", '{"fields": [{"label": "Amount", "value": "837"}]}'),
    ("sql-no-insert", "called f(1, 123) and g('x', 456)"),
    ("sql-select", "SELECT * FROM p WHERE cvv IN (123, 456)"),
    ("sql-unquoted", "INSERT INTO p (id, cvv) VALUES (1, 123)"),  # a bare number after a comma: every CSV cell
    ("multipart-other-name", '--b\r\nContent-Disposition: form-data; name="quantity"\r\n\r\n314\r\n--b--'),
    # "code" alone names a security code only after a card number and its date (``companions``)
    ("promo-code", "use promo code 1234 at checkout"),
    ("error-code", "payment failed, error code 500"),
    ("status-code", "HTTP status code 404 returned"),
    ("auth-code", "approved, auth code 8842"),
    ("zip-code", "zip code 9021"),
    ("your-code", "Your code is 4821"),
    ("code-after-a-date", "shipped 12/30, code 612"),
    ("error-code-after-expiry", "expiry 06/27 error code 500"),
    ("promo-code-after-expiry", "expiry 06/27 promo code 123"),
    ("code-after-voucher-expiry", "voucher expiry 12/26, code 4821"),
    ("code-after-token-expiry", "session token expires 12/26 code 4821"),
    ("code-after-link-expiry", "the link expires 06/27, code 610"),
    ("code-in-next-sentence", "expiry 06/27. code 610"),
    ("zip-code-10001", "zip code 10001"),
    ("code-200-ok", "code 200 OK"),
    ("error-code-404", "error code 404"),
    ("sort-code-after-card", "card 4111 1111 1111 1111 sort code 84-18-95"),
    ("decline-code-after-card", "card ending 2527 was declined (code 051)"),
    ("statuscode", '{"statusCode": 200, "expiry": "06/27", "errorCode": 500}'),
    ("back-code-alone", "the back code 612"),
    ("number-on-the-front", "the number on the front is 4111 1111 1111 1111"),
    ("code-on-the-front-desk", "the code on the front desk is 123"),
    # a series code naming no card: a product's, a document's
    ("seriescode-product", '{"product": "widget", "seriesCode": "123", "color": "red"}'),
    ("seriescode-document", '<Document SeriesCode="456" Number="12"/>'),
    ("series-code-in-prose", "card game booster, series code 123"),
    # a question's next sentence is its answer only when it is the code alone
    ("asked-answer-goes-on", "Do you know the security code? Three seven two people called."),
    ("asked-answer-other-first", "Is the security code on the back? Yes. 372 units shipped"),
    ("asked-answer-too-long", "What is the security code on the back? Three seven two three four five."),
    ("asked-other-words-before-mark", "Where is the security code printed on my statement? 372 pages."),
    ("jotform-answer-other-label", '"9": {\n  "name": "input9",\n  "order": "9",\n  "text": "Party size",\n'
     '  "type": "control_textbox",\n  "answer": "372"\n}'),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "cvv" and s.detector == "cvv" and not s.test_card for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    found = [(s.start, s.end) for s in D.find(text)]
    assert found == []


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, POSITIVE_CASES)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    text = "cvv=123 and cvc: 456"
    contract.assert_odd_window(D, text, pos, endpos)
