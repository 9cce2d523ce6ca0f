"""ExpiryDetector: card expiry dates only after an expiry keyword, normalised to MM/YY."""

import pytest

from scanners.detectors.expiry import ExpiryDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = ExpiryDetector()

VISA = "4111111111111111"  # a published test card
AMEX = "378282246310005"  # a published test card: 15 digits, F-padded in tag 5A
_AMEX_BAD = AMEX[:-1] + "6"  # failing Luhn
_PAN = VISA[:-1] + "2"  # the same digits failing Luhn: no card number

# A log's prefix before every line of a pretty-printed event: a CloudWatch Logs export's time, ``aws logs tail``'s time
# and log stream, Lambda's Python and Node runtime prefixes (time, request id, level), an export's time before them
_TS = "2026-12-03T09:45:31.039Z"
_REQ = "9e489f40-e4f0-1851-7596-d2c5ace4e0cd"
_LOG_PREFIXES = {
    "cloudwatch-export": f"{_TS} ",
    "aws-logs-tail": "2026-12-03T09:45:31.039000+00:00 2026/12/03/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9 ",
    "lambda-python": f"[INFO]\t{_TS}\t{_REQ}\t",
    "lambda-node": f"{_TS}\t{_REQ}\tINFO\t",
    "export-of-lambda-python": f"{_TS} [INFO]\t{_TS}\t{_REQ}\t",
}


def _prefixed(prefix: str, *lines: str) -> str:
    return "".join(prefix + line + "\n" for line in lines)


def _jotform(name: str, label: str, answer: str) -> str:
    """A pretty-printed Jotform submission's card questions (``answers{qid: {name, order, text, type, answer}}``)."""
    return (f'"answers": {{\n  "7": {{\n    "name": "creditCard",\n    "text": "Credit Card Number",\n'
            f'    "type": "control_textbox",\n    "answer": "{VISA}"\n  }},\n  "8": {{\n    "name": "{name}",\n'
            f'    "order": "8",\n    "text": "{label}",\n    "type": "control_textbox",\n    "answer": "{answer}"\n'
            "  }\n}")


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    # a payment card word owns the date; a programme card named earlier, a scheme's word, or a card number on the
    # line leave the date a card's (red-team round 78 tests the other side)
    ("card-exp-alone", "card exp 08/27", [("08/27", "08/27")]),
    ("card-after-gift-card", "gift card declined, card exp 08/27", [("08/27", "08/27")]),
    ("visa-gift-card", "Visa gift card balance 50.00 valid thru 08/27", [("08/27", "08/27")]),
    ("gift-card-paid-with-card", f"gift card GC-1 bought with {VISA} valid thru 08/27", [("08/27", "08/27")]),
    *((f"pretty-json-month-year-{name}", _prefixed(prefix, "{", f'  "cardNumber": "{VISA}",', '  "expMonth": "01",',
                                                   '  "expYear": "2029",', '  "securityCode": "021"', "}"),
       [("01", "01/29")]) for name, prefix in _LOG_PREFIXES.items()),
    # month and year elements whatever their namespace prefix (SOAP's ns1: holds a digit), one line or pretty-printed
    ("xml-ns-prefix-one-line", f"<ns1:card><ns1:number>{VISA}</ns1:number><ns1:expiryMonth>07</ns1:expiryMonth>"
     "<ns1:expiryYear>2029</ns1:expiryYear></ns1:card>",
     [("07</ns1:expiryMonth><ns1:expiryYear>2029", "07/29")]),
    ("xml-ns-prefix-year-first", "<ns2:expiryYear>2029</ns2:expiryYear><ns2:expiryMonth>7</ns2:expiryMonth>",
     [("2029</ns2:expiryYear><ns2:expiryMonth>7", "07/29")]),
    ("xml-ns-prefix-pretty", " <ns1:expiryMonth>07</ns1:expiryMonth>\n <ns1:expiryYear>2029</ns1:expiryYear>",
     [("07", "07/29")]),
    ("xml-ns-prefix-attributes", '<ns1:card ns1:expiryMonth="07" ns1:expiryYear="2029"/>',
     [('07" ns1:expiryYear="2029', "07/29")]),
    ("xml-ns-prefix-attributes-pretty", '<ns1:card\n  ns1:expiryMonth="07"\n  ns1:expiryYear="2029"/>',
     [("07", "07/29")]),
    # a month and year pair on lines of their own is reported from its first part, the line where it starts:
    # Node's util.inspect (bare keys), a pretty-printed Cybersource REST body, a Go-style struct, year first too
    ("node-inspect-month-year", f"  card: {{\n    number: '{VISA}',\n    exp_month: 8,\n    exp_year: 2027,\n"
     "    cvc: '123'\n  }", [("8", "08/27")]),
    ("cybs-rest-pretty", f'"card": {{\n  "number": "{VISA}",\n  "expirationMonth": "12",\n'
     '  "expirationYear": "2027",\n  "securityCode": "456"\n}', [("12", "12/27")]),
    ("node-inspect-year-first", "    exp_year: 2027,\n    exp_month: 3,", [("2027", "03/27")]),
    # a CDATA section is its element's text (a WCF/SOAP trace), with or without a namespace prefix
    ("soap-cdata-one-line", f"<ns2:card><ns2:pan><![CDATA[{VISA}]]></ns2:pan><ns2:expiry><![CDATA[1227]]>"
     "</ns2:expiry><ns2:cvv2><![CDATA[123]]></ns2:cvv2></ns2:card>", [("1227", "12/27")]),
    ("soap-cdata-pretty-month-year", "  <ns2:expirationMonth><![CDATA[09]]></ns2:expirationMonth>\n"
     "  <ns2:expirationYear><![CDATA[2029]]></ns2:expirationYear>", [("09", "09/29")]),
    ("cdata-no-prefix", "<expiryDate><![CDATA[12/30]]></expiryDate>", [("12/30", "12/30")]),
    # a key numbered among its like (a second card of a test fixture or a form's rows): past its index
    ("indexed-camel-key", 'cardExpiry_1 = "09/29"', [("09/29", "09/29")]),
    ("indexed-snake-key", "card_expiry_2: 09/29", [("09/29", "09/29")]),
    ("indexed-json-key", '{"cardExpiry_1": "09/29"}', [("09/29", "09/29")]),
    ("terse-members-pretty", '{\n  "acct": "x",\n  "mm": "04",\n  "yyyy": "2028"\n}', [("04", "04/28")]),
    ("terse-members-one-line", '{"acct": "x", "mm": "04", "yy": 2028}', [('04", "yy": 2028', "04/28")]),
    ("ruby-inspect-card-pretty", f'#<CreditCard:0x01\n  @number="{VISA}",\n  @month=5,\n  @year=2029>',
     [("5", "05/29")]),
    # a card object's plain month and year members: Ruby's inspect, Python's repr, a Ruby hash, JSON
    ("ruby-inspect-card", f'#<ActiveMerchant::Billing::CreditCard:0x000055d5 @number="{VISA}", @month=5, '
     '@year=2029, @verification_value="123">', [("5, @year=2029", "05/29")]),
    ("ruby-inspect-quoted", '#<CreditCard:0x01 @month="05", @year="2029">', [('05", @year="2029', "05/29")]),
    ("python-repr-card", f"CreditCard(number='{VISA}', month=5, year=2029)", [("5, year=2029", "05/29")]),
    # ActiveRecord's inspect (``attr: value``), also inside a docker json-file log line (its quotes escaped)
    ("activerecord-inspect", f'#<CreditCard id: 7, number: "{VISA}", month: 9, year: 2030>',
     [("9, year: 2030", "09/30")]),
    ("activerecord-inspect-escaped", f'{{"log":"D, DEBUG -- : #<CreditCard number: \\"{VISA}\\", month: 9, '
     'year: 2030>\\n","stream":"stdout"}', [("9, year: 2030", "09/30")]),
    ("ruby-hash-card-number", f'{{:number=>"{VISA}", :month=>5, :year=>2029}}', [("5, :year=>2029", "05/29")]),
    ("json-card-key", '{"card": {"month": 5, "year": 2029}}', [('5, "year": 2029', "05/29")]),
    ("mm/yy", "exp 12/25", [("12/25", "12/25")]),
    # an IDE debugger's Variables view: the object tag (class and id) between the key and the value's toString()
    ("intellij-yearmonth", ' expiry = {YearMonth@45104} "2026-02"', [("2026-02", "02/26")]),
    ("intellij-yearmonth-slash", ' expDate = {YearMonth@7} "2026/02"', [("2026/02", "02/26")]),
    ("intellij-mm-yy", ' cardExpiry = {String@812} "02/26"', [("02/26", "02/26")]),
    # Postman's variables: the key's index (a second test card) is no part of its name
    ("postman-env-indexed-key", '\t\t{\n\t\t\t"key": "cardExpiry_1",\n\t\t\t"value": "09/27",\n\t\t\t"type": '
     '"default",\n\t\t\t"enabled": true\n\t\t}', [("09/27", "09/27")]),
    ("postman-env-indexed-key-one-line", '{"key": "card-expiry-2", "value": "09/27"}', [("09/27", "09/27")]),
    # a unit word that starts a card-data label is no duration ("sec code" is the security code)
    ("then-sec-code", "cust gave card 4929 0690 0679 2183 exp 03/2027 sec code 123", [("03/2027", "03/27")]),
    ("then-sec-dot-code", "exp 03/27 sec. code 123", [("03/27", "03/27")]),
    # a form's month and year fields as sibling name/value objects (Postman urlencoded body; Bedrock parameters)
    ("sibling-fields-pretty", '[\n  {\n    "key": "payment_method_data[card][exp_month]",\n    "value": "1",\n  },'
     '\n  {\n    "key": "payment_method_data[card][exp_year]",\n    "value": "2029"\n  }\n]', [("1", "01/29")]),
    # a CSV row's cell names the next one (Lex V2 test-workbench export: slot name, then its value)
    ("csv-slot-name-cell", 'User,"it expires 12/29",ProvideExpiry,ExpiryDate,2029-12,Pass',
     [("2029-12", "12/29")]),
    ("csv-quoted-cells", '"ProvideExpiry","ExpiryDate","12/29"', [("12/29", "12/29")]),
    ("pydantic-loc-line", "1 validation error for CardIn\nexp_date\n  Input should be a valid integer "
     "[type=int_parsing, input_value='12/29', input_type=str]", [("12/29", "12/29")]),
    ("sibling-fields-one-line", '[{"name": "exp_month", "value": "11"}, {"name": "exp_year", "value": "2030"}]',
     [("11", "11/30")]),  # on the month's value, where a reader looks first
    ("mm/yyyy", '{"expiry": "12/2027"}', [("12/2027", "12/27")]),
    ("mm-yy", "exp date: 03-28", [("03-28", "03/28")]),
    ("mm-yyyy", "expiration date 03-2028", [("03-2028", "03/28")]),
    ("m/yy", "Exp. 3/28", [("3/28", "03/28")]),
    ("spaced-slash", "expiry 03 / 28", [("03 / 28", "03/28")]),
    ("mmyy", "exp: 1225", [("1225", "12/25")]),
    ("mmyy-json-number", '{"exp": 1225}', [("1225", "12/25")]),
    ("mmyyyy", "EXP 122027", [("122027", "12/27")]),
    ("yyyy-mm", "expiry_date=2027-12", [("2027-12", "12/27")]),
    ("yyyy/mm", '"expirationDate":"2027/01"', [("2027/01", "01/27")]),
    ("month-name", "exp: Feb 2027", [("Feb 2027", "02/27")]),
    ("month-long", "expiry February 2027", [("February 2027", "02/27")]),
    # a month name in another language whose first letter is not ASCII: no "expiration d" keyword before "écembre"
    ("month-accented-first", "date d'expiration décembre 2027", [("décembre 2027", "12/27")]),
    ("month-accented-no-label", "expiration décembre 2027", [("décembre 2027", "12/27")]),
    # a language's date object beside the card's number (``date_objects``): Python's repr (a traceback's locals, a
    # dataclass, pydantic), Go's %#v and %v, Java's LocalDate and java.util.Date, .NET's DateTime and DateOnly in a
    # record's ToString, Ruby's Date and DateTime inspect, JavaScript's Date in util.inspect
    ("py-date-repr", f"details = PaymentDetails(pan='{VISA}', cvc='123', expiry=datetime.date(2027, 5, 31))",
     [("2027, 5, 31", "05/27")]),
    ("py-datetime-repr", f"PaymentDetails(pan='{VISA}', expiry=datetime.datetime(2027, 5, 1, 0, 0))",
     [("2027, 5, 1", "05/27")]),
    ("py-datetime-tz", f"Card(number='{VISA}', exp_date=datetime.datetime(2027, 5, 31, 23, 59, 59, "
     "tzinfo=datetime.timezone.utc))", [("2027, 5, 31", "05/27")]),
    ("pendulum-date", f"Card(number='{VISA}', expiration_date=Date(2027, 11, 30))", [("2027, 11, 30", "11/27")]),
    ("card-key-date-repr", "card_expiry=datetime.date(2027, 5, 31)", [("2027, 5, 31", "05/27")]),
    ("go-gostring", f'main.Card{{Pan:"{VISA}", Expiry:time.Date(2027, time.May, 31, 0, 0, 0, 0, time.UTC)}}',
     [("2027, time.May, 31", "05/27")]),
    ("go-time-string", f"{{Pan:{VISA} Cvc:123 Expiry:2027-05-31 00:00:00 +0000 UTC}}", [("2027-05-31", "05/27")]),
    ("java-record-localdate", f"PaymentDetails[pan={VISA}, cvc=123, expiry=2027-05-31]", [("2027-05-31", "05/27")]),
    ("java-localdatetime", f"PaymentDetails(pan={VISA}, expiry=2027-05-31T00:00)", [("2027-05-31", "05/27")]),
    ("java-util-date", f"PaymentDetails{{pan='{VISA}', expiry=Mon May 31 00:00:00 UTC 2027}}",
     [("May 31 00:00:00 UTC 2027", "05/27")]),
    ("dotnet-datetime-us", f"PaymentDetails {{ Pan = {VISA}, Cvc = 123, Expiry = 5/31/2027 12:00:00 AM }}",
     [("5/31/2027", "05/27")]),
    ("dotnet-dateonly-invariant", f"PaymentDetails {{ Pan = {VISA}, Expiry = 05/01/2027 }}",
     [("05/01/2027", "05/27")]),
    ("dotnet-datetime-day-first", f"PaymentDetails {{ Pan = {VISA}, Expiry = 31/05/2027 00:00:00 }}",
     [("31/05/2027", "05/27")]),
    ("dotnet-datetime-dotted", f"PaymentDetails {{ Pan = {VISA}, Expiry = 31.05.2027 00:00:00 }}",
     [("31.05.2027", "05/27")]),
    ("ruby-date-inspect", f'#<struct PaymentDetails pan="{VISA}", expiry=#<Date: 2027-05-31 '
     '((2461557j,0s,0n),+0s,2299161j)>>', [("2027-05-31", "05/27")]),
    ("ruby-datetime-inspect", f'#<struct Card pan="{VISA}", expiry=#<DateTime: 2027-05-31T00:00:00+00:00 '
     '((2461557j,0s,0n),+0s,2299161j)>>', [("2027-05-31", "05/27")]),
    ("node-inspect-date", f"{{ pan: '{VISA}', expiry: 2027-05-31T00:00:00.000Z }}", [("2027-05-31", "05/27")]),
    ("json-iso-day-beside-pan", f'{{"pan": "{VISA}", "expiry": "2027-05-31"}}', [("2027-05-31", "05/27")]),
    # MM.YY as the whole value of an expiry key or element is a date (in prose after "exp" it is a decimal)
    ("held-dotted-json", '{"card_number": "x", "expiry": "12.27"}', [("12.27", "12/27")]),
    ("held-dotted-xml", "<card_expiry>12.2027</card_expiry>", [("12.2027", "12/27")]),
    ("month-short-year", "exp Feb '27", [("Feb '27", "02/27")]),
    ("month-slash", "exp sept/29", [("sept/29", "09/29")]),
    ("valid-thru", "VALID THRU 02/27", [("02/27", "02/27")]),
    ("valid-through", "valid through 11/30", [("11/30", "11/30")]),
    ("good-thru", "good thru 0430", [("0430", "04/30")]),
    ("valid-thru-month", "note valid thru September 2031", [("September 2031", "09/31")]),
    ("card_expiry", '{"card_expiry": "08/29"}', [("08/29", "08/29")]),
    ("cardExpiry", "cardExpiry: 0829", [("0829", "08/29")]),
    ("label-mm-yy", "card exp (MM/YY): 08/29", [("08/29", "08/29")]),
    ("expM-expY", "expM=02, expY=2026", [("02, expY=2026", "02/26")]),
    ("expY-expM", "expY=2026, expM=02", [("2026, expM=02", "02/26")]),
    ("json-split", '"exp_month": 12, "exp_year": 2030', [('12, "exp_year": 2030', "12/30")]),
    ("json-split-strings", '"exp_month":"07","exp_year":"2031"', [('07","exp_year":"2031', "07/31")]),
    ("json-split-compact", '"exp_month":7,"exp_year":2031', [('7,"exp_year":2031', "07/31")]),
    ("expiry_month", "expiry_month=7 expiry_year=31", [("7 expiry_year=31", "07/31")]),
    ("expMonth-expYear", '{"expMonth": 4, "expYear": 2029}', [('4, "expYear": 2029', "04/29")]),
    ("dump", '"card":{"name":"A","exp_month":5,"exp_year":2030,"cvc":"1"}', [('5,"exp_year":2030', "05/30")]),
    ("month-key-full-date", '"exp_month": "12/25"', [("12/25", "12/25")]),
    ("two-lines", "exp 12/25\nexpiry 01/26", [("12/25", "12/25"), ("01/26", "01/26")]),
    ("with-cvv", "card dump exp=12/25 cvv=123", [("12/25", "12/25")]),
    ("form-brackets", "card[exp_month]=12&card[exp_year]=2030", [("12&card[exp_year]=2030", "12/30")]),
    ("pretty-json", '{\n  "exp_month": 12,\n  "exp_year": 2030\n}', [("12", "12/30")]),
    ("pretty-json-year-first", '{\n  "exp_year": 2031,\n  "exp_month": 7\n}', [("2031", "07/31")]),
    ("xml-lines", "<card>\n  <expirationMonth>09</expirationMonth>\n  <expirationYear>2029</expirationYear>\n</card>",
     [("09", "09/29")]),
    ("xml-authorize-net", "<expirationDate>2029-09</expirationDate>", [("2029-09", "09/29")]),
    ("xml-expdate", "<ExpDate>0929</ExpDate>", [("0929", "09/29")]),
    ("xml-attribute", '<Card Expiry="09/29"/>', [("09/29", "09/29")]),
    ("lex-slot-nested", '"expiry": {"value": {"originalValue": "09/29"}}', [("09/29", "09/29")]),
    ("lex-slot-pretty", '"CardExpiry": {\n  "value": {\n    "interpretedValue": "2029-09"\n  }\n}',
     [("2029-09", "09/29")]),
    ("card-expires", "card expires 12/30, thanks", [("12/30", "12/30")]),
    # a transcript's line, its time in parentheses (a live-chat export): the speaker gave the card the line before
    ("verb-chat-line-after-card", f"(03:47:02) John Smith: {VISA}\n(03:48:31) John Smith: expires 1/27",
     [("1/27", "01/27")]),
    ("xml-one-line-month-year", "<card><expirationMonth>12</expirationMonth><expirationYear>2030</expirationYear>"
     "</card>", [("12</expirationMonth><expirationYear>2030", "12/30")]),
    ("worldpay-date-attributes", '<expiryDate><date month="01" year="2031"/></expiryDate>',
     [('01" year="2031', "01/31")]),
    ("iso20022-xprydt", "<PAN>x</PAN><XpryDt>2030-12</XpryDt>", [("2030-12", "12/30")]),
    ("spoken-mm-yy", "and the expiration date is 12 30 okay", [("12 30", "12/30")]),
    ("spoken-words", "expiry date twelve slash thirty", [("twelve slash thirty", "12/30")]),
    ("spoken-oh-month-full-year", "expiry is oh four twenty twenty nine", [("oh four twenty twenty nine", "04/29")]),
    ("spoken-month-name", "card expires December twenty thirty.", [("December twenty thirty", "12/30")]),
    ("spoken-zero-month-comma", "the card expires zero four, thirty one", [("zero four, thirty one", "04/31")]),
    ("spoken-of-two-thousand", "exp date March of two thousand thirty", [("March of two thousand thirty", "03/30")]),
    ("spoken-hyphen", "expiration: eleven twenty-eight", [("eleven twenty-eight", "11/28")]),
    # MMYY digit by digit, as a prompt to a model or a caller says it
    ("spoken-digit-by-digit", "Caller said: 4111 1111 1111 1111, expiry zero six two seven, code 610.",
     [("zero six two seven", "06/27")]),
    ("spoken-digit-by-digit-oh", "expiry is oh four two five", [("oh four two five", "04/25")]),
    # a slash said between month and year (Azure's lexical form)
    ("spoken-digit-by-digit-slash", "expiration date  zero six / two five", [("zero six / two five", "06/25")]),
    ("spoken-month-digit-slash", "expiration date  four / two nine", [("four / two nine", "04/29")]),
    ("spoken-digit-by-digit-dash", "expiration date  zero one - two nine", [("zero one - two nine", "01/29")]),
    ("spoken-name-year-digits", "expiration date february two zero three zero",
     [("february two zero three zero", "02/30")]),
    # "expires" after a card number said in words and "and it" (a Contact Lens segment), or a dotted card number
    ("verb-after-spelled-pan-and-it", "it's four one one one one one one one one one one one one one one one and it"
     " expires 05 31", [("05 31", "05/31")]),
    ("verb-after-dotted-pan", '\\"Human: card number 4111.1111.1111.1111, expires 06/31\\"', [("06/31", "06/31")]),
    ("verb-after-dotted-pan-yyyy-mm", "card details: 4111.1111.1111.1111, expires 2030-12", [("2030-12", "12/30")]),
    # a card word in the clause keeps the date the card's, a subject elsewhere on the line aside
    ("card-in-the-subject-clause", f"card {VISA}, voucher for this card valid until 09/27",
     [("09/27", "09/27")]),
    ("subject-in-another-clause", f"voucher applied. Card {VISA} expires 09/27", [("09/27", "09/27")]),
    ("verb-before-dotted-pan", '"message": "tokenize failed for expires 07/26, card 4111.1111.1111.1111"',
     [("07/26", "07/26")]),
    ("card-number-expiring", "Sure, it's 4111 1111 1111 1111, expiring 12 30.", [("12 30", "12/30")]),
    ("spoken-mm-yyyy", "expiry 04 2029", [("04 2029", "04/29")]),
    ("card-expiring-on", "Your card expiring on 04/2029 will be renewed", [("04/2029", "04/29")]),
    ("card-expired", "card expired 11/24, please update", [("11/24", "11/24")]),
    ("visa-ending-expired", "Visa ending 4242 expired 11/24", []),  # a truncated card: its expiry is metadata
    ("card-valid-until", "Debit card valid until: 07/31", [("07/31", "07/31")]),
    ("card-expires-month-name", "the card expires in December 2030", [("December 2030", "12/30")]),
    ("dynamodb-month-year", '{"exp_month":{"N":"12"},"exp_year":{"N":"2027"}}',
     [('12"},"exp_year":{"N":"2027', "12/27")]),
    ("dynamodb-string", '"NewImage":{"expiry":{"S":"1227"}}', [("1227", "12/27")]),
    ("json-object-month-year", '{"expiry": {"month": "12", "year": "2027"}}', [('12", "year": "2027', "12/27")]),
    ("json-object-year-first", '"expiration":{"year":2031,"month":9}', [('2031,"month":9', "09/31")]),
    ("json-object-escaped", '{\\"expiry\\":{\\"month\\":\\"01\\",\\"year\\":\\"30\\"}}',
     [('01\\",\\"year\\":\\"30', "01/30")]),
    ("xml-object-month-year", "<expiry><month>02</month><year>2029</year></expiry>",
     [("02</month><year>2029", "02/29")]),
    ("xml-ns-object", "<ns2:ExpiryDate><ns2:Year>2029</ns2:Year><ns2:Month>3</ns2:Month></ns2:ExpiryDate>",
     [("2029</ns2:Year><ns2:Month>3", "03/29")]),
    ("xml-yymm", "<ExpirationDate>2712</ExpirationDate>", [("2712", "12/27")]),
    ("soap-ns-yyyymm", "<pay:Expiry>202706</pay:Expiry>", [("202706", "06/27")]),
    ("json-yyyymm", '"CardExpiry": "203012"', [("203012", "12/30")]),
    ("attribute-yyyymm", '<Card ExpiryDate="202911"/>', [("202911", "11/29")]),
    ("kv-yyyymm", "ExpDate=202801&AMT=10", [("202801", "01/28")]),
    ("card-word-keeps-it", "card token exp 09/27", [("09/27", "09/27")]),
    ("card-number-keeps-it", "4532015112830366 session exp 09/27", [("09/27", "09/27")]),
    ("worldpay-date-pretty", '<expiryDate>\n  <date month="09" year="2027"/>\n</expiryDate>',
     [('09" year="2027', "09/27")]),
    ("form-boxes-mm-yy", "Expiry (MM/YY) | 09 | 32 |     Security code (3 digits on back) | 6 3 6 |",
     [("09 | 32", "09/32")]),
    ("form-boxes-mm-yyyy", "Expiry Date (MM/YYYY) | 11 | 2029 |", [("11 | 2029", "11/29")]),
    ("worldpay-date-two-digit-year", '<expiryDate><date month="06" year="27"/></expiryDate>',
     [('06" year="27', "06/27")]),
    ("worldpay-date-pretty-two-digit-year", '<expiryDate>\n  <date year="31" month="6"/>\n</expiryDate>',
     [('31" month="6', "06/31")]),
    ("sql-insert", "INSERT INTO cards (pan, expiry) VALUES ('x', '12/27')", [("12/27", "12/27")]),
    ("pretty-object", '{\n  "expiry": {\n    "month": "12",\n    "year": "2030"\n  }\n}', [("12", "12/30")]),
    ("pretty-object-year-first", '"card": {\n  "expiration": {\n    "year": 2031,\n    "month": 9\n  }\n}',
     [("2031", "09/31")]),
    ("nmi-ccexp", "ccnumber=x&ccexp=1227&cvv=123", [("1227", "12/27")]),
    ("iso8583-de014", "MTI: 0100\nDE014: 2709\nDE022: 051", [("2709", "09/27")]),
    ("emv-5f24-yymmdd", "5A: x\n5F24: 270930\n9F26: 1A2B", [("270930", "09/27")]),
    # a field list's line: the element's or tag's key, its printed name (a dotted leader, spaces), the value
    ("ipm-field-list-de14", f"  DE2   Primary Account Number ........ {VISA}\n  DE14  Expiration Date ........ 3209",
     [("3209", "09/32")]),
    ("emv-dump-5f24-named", f"  5A  Application PAN  {VISA}\n[12:09:03.597]   5F24 Application Expiration Date  270328",
     [("270328", "03/27")]),
    # tag 5A's odd-length number, padded with F to whole bytes (its bytes joined or spaced), before tag 5F24
    ("emv-dump-5f24-after-padded-5a", f"  5A  Application PAN  {AMEX}F\n  5F24 Application Expiration Date  290430",
     [("290430", "04/29")]),
    ("emv-dump-5f24-after-spaced-padded-5a",
     f"  5A  (08) {' '.join((AMEX + 'F')[i : i + 2] for i in range(0, 16, 2))}\n  5F24 Expiration Date  310531",
     [("310531", "05/31")]),
    ("applepay-yymmdd", '{"applicationExpirationDate": "271231", "currencyCode": "840"}', [("271231", "12/27")]),
    ("attribute-mmyy", '{"expiryMMYY": "0927", "ExpiryMonthYear": "1030", "exp_input": "11/31"}',
     [("0927", "09/27"), ("1030", "10/30"), ("11/31", "11/31")]),
    ("paypal-expire-month", '"expire_month":11,"expire_year":2028', [('11,"expire_year":2028', "11/28")]),
    ("html-bold-label", "<b>Exp:</b> 12/30", [("12/30", "12/30")]),
    ("html-table", "<tr><td>Expiry</td><td>09/31</td></tr>", [("09/31", "09/31")]),
    ("markdown-table", "| Card | Expiry |\n|---|---|\n| x | 09/31 |", [("09/31", "09/31")]),
    ("kv-yymm", "expdate=3104", [("3104", "04/31")]),
    ("held-yymm", '"CardExpiry": {"value": {"interpretedValue": "2909"}}', [("2909", "09/29")]),
    # MM.YY after a keyword that names nothing but a date, after an expiry verb about a card, or after "exp" in a
    # card's record (a dot before digits ends no sentence: "expires 10.29, CVC 272")
    ("dotted-expiry", "expiry 06.32", [("06.32", "06/32")]),
    ("dotted-expiry-date-label", "Expiry date: 09.33 CVC: 161", [("09.33", "09/33")]),
    ("dotted-valid-thru", "Hi, VALID THRU 04.31; thanks", [("04.31", "04/31")]),
    ("dotted-verb-with-code", "Hi, expires 10.29, CVC: 2 7 2", [("10.29", "10/29")]),
    ("dotted-exp-card-line-above", "ok use this card instead\nexp 11.28\nCVV/CVC: 123", [("11.28", "11/28")]),
    ("dotted-exp-after-card-number", f"card {VISA} exp 11.28", [("11.28", "11/28")]),
    # the digits spaced out one by one
    ("spaced-digits", "valid thru 0 6 / 3 2", [("0 6 / 3 2", "06/32")]),
    ("spaced-digits-label", "Hi, exp date: 0 2 / 3 3", [("0 2 / 3 3", "02/33")]),
    ("spaced-digits-json-slash", '"text": "expiry 1 0 \\/ 2 8"', [("1 0 \\/ 2 8", "10/28")]),
    ("spaced-digits-long-year", "expiry 0 3 / 2 0 2 7", [("0 3 / 2 0 2 7", "03/27")]),
    # the date's template as its label, whatever form the value takes
    ("template-label-yyyy-mm", "Hi, MM/YY: 2033-06 cvv 141 thanks", [("2033-06", "06/33")]),
    ("template-label-month-name", "ok MM/YY: June 2030", [("June 2030", "06/30")]),
    ("template-label-mm-yy", "Agent: MM/YY: 08-29", [("08-29", "08/29")]),
    ("template-label-escaped-slash", '"text": "MM\\/YY: 2029-12"', [("2029-12", "12/29")]),
    ("template-label-spaced", "MM / YY: 06 / 30", [("06 / 30", "06/30")]),
    # a form question's answer named by its label (a Jotform submission: ``text``), else by its field's name
    ("jotform-answer-label", _jotform("input8", "Expiration Date", "09/26"), [("09/26", "09/26")]),
    ("jotform-answer-label-hint", _jotform("input8", "Expiration Date (MM/YY)", "09/26"), [("09/26", "09/26")]),
    ("jotform-answer-name", _jotform("cardExpiry", "When does it run out (see the front, lower right)?", "1127"),
     [("1127", "11/27")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    # a closed-loop programme's card named as the date's subject, no card number on the line (red-team round 78)
    ("gift-card-validity", "2026-10-04T13:41:44Z INFO gift card GC-535500 balance 300.00 valid thru 06/26"),
    ("giftcard-glued", "giftcard 88812 exp 06/26"),
    ("loyalty-card-expiry", "Loyalty card tier GOLD expiry 06/26"),
    ("hotel-key-card", "room 1053 key card valid thru 06/26"),
    ("field-list-other-element", "  DE15  Settlement Date ........ 3209"),
    ("field-list-de14-not-a-month", "  DE14  Expiration Date ........ 3299"),
    ("leader-without-a-key", f"  Card ........ {VISA}\n  Expiration Date ........ 3209"),
    ("field-list-masked-card", "  DE2   Primary Account Number .. 411111******1111\n  DE14  Expiration Date .... 3209"),
    ("emv-dump-padded-5a-luhn-invalid", f"  5A  Application PAN  {_AMEX_BAD}F\n  5F24 Expiration Date  290430"),
    ("emv-dump-padded-5a-masked", f"  5A  PAN  {AMEX[:6]}XXXXX{AMEX[-4:]}F\n  5F24 Expiration Date  290430"),
    ("field-list-no-card", "  DE3   Processing Code ........ 000000\n  DE14  Expiration Date ........ 3209"),
    ("field-list-card-far-above", f"  DE2 PAN .. {VISA}\n" + "  DE3 x .. 0\n" * 5 + "  DE14  Expiration Date .. 3209"),
    # another value between month and year, the prefix or not; a prefix on the year's line only is no repeated one
    ("prefixed-month-amount-year",
     _prefixed(_TS + " ", '  "expMonth": "01",', '  "amount": 12,', '  "expYear": "2029"')),
    ("prefix-on-year-line-only", '  "expMonth": "01",\n' + _prefixed(_TS + " ", '  "expYear": "2029"')),
    # a date object with no card number near it, a time of day (a timestamp), no plausible month or card year, a card
    # only masked, a token's or another key's date
    ("date-repr-no-card", "Subscription(plan='pro', expiry=datetime.date(2027, 5, 31))"),
    ("date-repr-timestamp", f"PaymentDetails(pan='{VISA}', expiry=datetime.datetime(2027, 5, 31, 13, 45, 2))"),
    ("iso-timestamp", f"PaymentDetails(pan='{VISA}', expiry=2027-05-31T14:22:10Z)"),
    ("google-credentials", "Credentials(token='ya29.abc', expiry=datetime.datetime(2027, 5, 31, 0, 0))"),
    ("date-repr-month-13", f"PaymentDetails(pan='{VISA}', expiry=datetime.date(2027, 13, 31))"),
    ("date-repr-old-year", f"PaymentDetails(pan='{VISA}', expiry=datetime.date(1999, 5, 31))"),
    ("dotnet-no-month", f"PaymentDetails {{ Pan = {VISA}, Expiry = 13/13/2027 }}"),
    ("date-repr-masked-card", "PaymentDetails(pan='411111******1111', expiry=datetime.date(2027, 5, 31))"),
    ("date-repr-last4", "PaymentDetails(last4='1111', expiry=datetime.date(2027, 5, 31))"),
    ("date-repr-other-key", f"PaymentDetails(pan='{VISA}', created=datetime.date(2027, 5, 31))"),
    ("date-repr-token-expiry", f"PaymentDetails(pan='{VISA}', token_expiry=datetime.date(2027, 5, 31))"),
    ("timedelta", f"PaymentDetails(pan='{VISA}', expiry=datetime.timedelta(days=30))"),
    # a year-month under no expiry key is a month of a date; a debugger tag under one holds no card date
    ("intellij-yearmonth-other-key", ' billingPeriod = {YearMonth@45104} "2026-02"'),
    ("intellij-local-date", ' expiry = {LocalDate@45104} "2026-02-14T10:00"'),
    ("bare-year-month", 'period "2026-02" closed'),
    ("postman-env-indexed-other-key", '{"key": "lastRunAt_1", "value": "09/27"}'),
    ("postman-env-index-too-long", '{"key": "cardExpiry_2027", "value": "09/27"}'),
    # a CDATA section of another element, a month beside a count, a CDATA opener before a namespace's digit
    ("cdata-other-element", "<ns2:orderRef><![CDATA[1227]]></ns2:orderRef>"),
    ("cdata-month-then-count", "  <expirationMonth><![CDATA[09]]></expirationMonth>\n"
     "  <itemCount><![CDATA[2029]]></itemCount>"),
    ("cdata-text-month", "<expirationMonth><![CDATA[soon]]></expirationMonth><ns2:x>1</ns2:x>"),
    ("node-inspect-month-then-amount", "    exp_month: 3,\n    amount: 2027,"),
    # a dotted number after an English keyword in prose, or held with more after it, or no month
    ("dotted-prose-decimal", "exp 12.25 ratio"),
    ("held-dotted-three-parts", '{"expiry": "12.27.1"}'),
    ("held-dotted-month-13", '{"expiry": "13.27"}'),
    ("held-dotted-number", '{"exp": 12.25}'),
    ("xml-ns-prefix-other-element", "<ns1:build><ns1:expiryMonth>07</ns1:expiryMonth><ns1:v2>2029</ns1:v2>"),
    ("ruby-inspect-report", "#<Report:0x0001 @month=5, @year=2029, @total=12>"),
    ("python-repr-period", "Period(month=5, year=2029)"),
    ("repr-number-not-a-card", f"Invoice(number='{_PAN}', month=5, year=2029)"),
    ("card-object-with-day", "CreditCard(day=1, month=5, year=2029)"),
    ("card-object-two-months", "CreditCard(month=5, month=6, year=2029)"),
    ("card-object-month-13", "CreditCard(month=13, year=2029)"),
    ("card-object-nested", "CreditCard(issued=Period(month=5, year=2029))"),
    ("spoken-digits-month-13", "expiry one three two seven"),
    ("spoken-digits-year-past", "expiry zero six one nine"),
    ("spoken-digits-five", "expiry zero six two seven four"),
    ("spoken-digits-duration", "the code expires in one two three four"),
    ("verb-after-dotted-version", "build 10.2.1.2024.0612.1, expires 12/30"),
    ("verb-before-dotted-version", "session expires 07/26, build 2024.0612.0001.0003"),
    ("verb-before-next-sentence-number", "the offer expires 07/26. Version 4111.1111.1111.1111"),
    ("verb-after-dotted-non-card", "ref 1234.5678.9012.3456, expires 12/30"),
    ("verb-after-spelled-number-other-words", "tracking four one one one one one one one one one one one one one one"
     " one was shipped and the offer expires 05 31"),
    ("duration-seconds", "token expires 1200 seconds from now"),
    ("spoken-duration", "exp 12 30 days"),
    ("spoken-clock-time", "expiration is twelve thirty pm"),
    ("spoken-no-year", "expiry twelve"),
    ("spoken-verb-no-card", "it expires twelve thirty"),
    ("order-number-expires", "order 1234567890123 expires 12/30"),
    ("spoken-three-digit-year", "expiry 12 300"),
    ("duration-unit", "session expires 1230s after login"),
    ("http-expires", "Expires: Thu, 01 Dec 2026 16:00:00 GMT"),
    ("cookie-expires", "Set-Cookie: a=b; expires=2026-12-01T10:00:00Z; Path=/"),
    ("offer-days", "the offer expires in 30 days"),
    ("verb-alone-in-message", '{"text": {"body": "expires 03/31"}}'),  # no card said before it
    ("verb-chat-line-other-speaker", f"(03:47:02) Agent: {VISA}\n(03:48:31) John Smith: expires 1/27"),
    ("card-word-earlier-sentence", "Card updated. The session expires 12/25"),
    ("valid-until-no-card", "Valid until: 07/31"),
    ("version", "v12/25"),
    ("pretty-json-other-object", '{"exp_month": 12},\n{"items": [1], "exp_year": 2030}'),
    ("pretty-json-month-only", '{\n  "exp_month": 12,\n  "count": 2030\n}'),
    ("nested-other-key", '"deliveryDate": {"value": {"originalValue": "09/29"}}'),
    ("version-kv", "exp v12/25"),
    ("timestamp", "2025-12-01T10:00:00Z exp"),
    ("token-expiration", '"expiration": "2025-12-01T10:00:00Z"'),
    ("full-date", "exp date: 12/25/2025"),
    ("iso-date", "expiry 2027-12-31"),
    ("expires_in", "expires_in: 3600"),
    ("expires_in-1000", '"expires_in": 1000'),
    ("expires-word", "session expires 12/25"),
    ("exported", "exported 12/25 files"),
    ("expected", "expected 1225 got 7"),
    ("export", "export 0125"),
    ("regexp", "regexp 12/25"),
    ("jwt-exp", '"exp": 1735689600'),
    ("month-13", "exp 13/25"),
    ("month-00", "exp 00/25"),
    ("mmyy-month-13", "exp 1325"),
    ("day-after-month-name", "expiration Feb 27, 2026"),
    ("no-keyword", "12/25"),
    ("decimal", "exp 12.25"),
    ("other-line", "exp\n12/25"),
    ("field-break", "exp_flag=true, 12/25"),
    ("word-in-gap", "exp points 1225"),
    ("split-month-13", "exp_month: 13, exp_year: 2030"),
    ("split-month-only", '"exp_month": 12, "amount": 2030'),
    ("split-year-only", '"exp_year": 2030'),
    ("split-too-far", '"exp_month": 12, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": 1, "exp_year": 2030'),
    ("longer-digit-run", "exp 122025123"),
    ("beyond-window", "exp " + "x" * 40 + " 12/25"),
    ("cookie", "Set-Cookie: a=b; expires=Wed, 21 Oct 2026 07:28:00 GMT"),
    ("yymm-in-prose", "cache exp 2108 entries"),
    ("date-element-other-parent", '<deliveryDate>\n  <date month="09" year="2027"/>\n</deliveryDate>'),
    ("form-boxes-no-format-hint", "Expiry | 09 | 32 |"),
    ("form-boxes-other-hint", "Expiry (days) | 09 | 32 |"),
    ("form-boxes-no-month", "Expiry (MM/YY) | 13 | 32 |"),
    ("form-boxes-one-digit-month", "Expiry (MM/YY) | 9 | 32 |"),
    ("date-element-two-digit-year-other-parent", '<orderDate><date month="06" year="27"/></orderDate>'),
    ("date-element-three-digit-year", '<expiryDate><date month="06" year="271"/></expiryDate>'),
    ("yymmdd-in-prose", "exp 271231"),
    ("tag-in-hex", "digest a5f24b 2709"),
    ("iban-de14", "refund to IBAN DE14 1229 4567 8901 2345 67"),
    ("driver-license", "Driver license exp 09/27"),
    ("passport-key", '{"passport_expiry": "09/2027"}'),
    ("domain-sibling", '{"domain": "example.com", "expiry": "09/27"}'),
    ("token", "Token exp 09/27 for user 42"),
    ("offer", "Offer valid thru 09/27"),
    ("subject-after", "Expiry: 09/27 (Insurance policy)"),
    # the clause before the date names something else that expires: that subject's date, a card elsewhere aside
    ("voucher-clause-beside-card", '{"Description": "customer prefers voucher valid until 09/27, promo code 1", '
     f'"Attributes": {{"cvvCaptured": "123", "cardNumber": "{"  ".join(VISA[i:i + 4] for i in range(0, 16, 4))}"}}}}'),
    ("licence-clause-beside-card", f"card {VISA} on file; driver licence expires 09/27"),
    ("pretty-object-other-key", '{\n  "delivery": {\n    "month": "12",\n    "year": "2030"\n  }\n}'),
    ("pretty-object-month-only", '{\n  "expiry": {\n    "month": "12",\n    "day": "30"\n  }\n}'),
    ("pretty-object-nested-further", '{\n  "expiry": {\n    "policy": {\n      "month": "12",\n      "year": "2030"'
     '\n    }\n  }\n}'),
    ("expire-verb", "tokens expire 12/30 days"),
    ("markdown-other-column", "| Expiry | Ratio |\n|---|---|\n| never | 12/30 |"),
    ("expire-alone", "will expire 1225"),
    ("yymm-under-month-key", '"exp_month": 2112'),
    ("yymm-under-year-key", '"exp_year": 2012'),
    ("yymm-month-13", "<ExpDate>2713</ExpDate>"),
    ("yymm-year-40", "<ExpDate>4012</ExpDate>"),
    ("yyyymm-in-prose", "cache exp 202706 entries"),
    ("yyyymm-month-13", "<ExpDate>202713</ExpDate>"),
    ("yyyymm-under-month-key", '"exp_month": 202712'),
    ("object-month-13", '"expiry": {"month": "13", "year": "2027"}'),
    ("object-other-members", '"expiry": {"days": "12", "hours": "20"}'),
    ("object-year-3-digits", '"expiry": {"month": "12", "year": "202"}'),
    ("dynamodb-ttl", '"expires_at":{"N":"1735689600"}'),
    ("duration-then-other-code", "retry expires 12/30 sec, error code 500"),
    ("csv-header-then-row", "id,ExpiryDate,CreatedAt\n1,2029-12-01,2026-01-01"),
    ("csv-next-cell-not-date", "ExpiryDate,Count\nExpiryDate,12"),
    ("csv-key-not-whole-cell", "policy ExpiryDate,2029-12"),
    ("sibling-fields-other-month",
     '[{"key": "card[cache_month]", "value": "1"}, {"key": "card[exp_year]", "value": "2029"}]'),
    ("sibling-fields-month-13", '[{"key": "exp_month", "value": "13"}, {"key": "exp_year", "value": "2029"}]'),
    ("indexed-key-long-index", 'cardExpiry_123 = "09/29"'),
    ("indexed-key-other-word", 'cardExpiry_days_1 = "09/29"'),
    ("sibling-fields-apart", '[{"key": "exp_month", "value": "1"}, {"key": "amount", "value": "500"}, '
     '{"key": "exp_year", "value": "2029"}]'),
    # MM.YY after a bare "exp" with no card in its record is an amount (an expense); a version; a score
    ("dotted-exp-expense", "travel exp 12.50 approved"),
    ("dotted-exp-verb-no-card", "Link expires 10.29, code 272"),
    ("dotted-version", "expiry module v06.32"),
    ("spaced-score", "expiry check score 3 / 2"),
    ("spaced-one-digit-month", "expiry 3 / 2 7"),
    # a date's template as a hint inside another label, or not as a label at all
    ("template-hint-other-date", "Start date (MM/YY): 08/29"),
    ("template-no-label", "format MM/YY 08/29 is shown"),
    # another question's answer: a membership's expiry, a delivery date
    ("jotform-answer-other-date", _jotform("membershipExpiry", "Membership Expiration", "09/26")),
    ("jotform-answer-delivery", _jotform("input9", "Preferred delivery (MM/YY)", "09/26")),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "expiry" and s.detector == "expiry" and not s.test_card for s in D.find(text))


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
    text = "exp 12/25 and expiry: 0127"
    contract.assert_odd_window(D, text, pos, endpos)
