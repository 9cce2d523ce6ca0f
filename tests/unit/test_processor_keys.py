"""Round 50's processor shapes (payment processors other than Stripe): Payflow Pro's length-tagged names
(``CVV2[3]=123``, ``EXPDATE[4]=1230``: the tag counts the value's characters), PayU India's ``ccvv``, a twelve-digit
Maestro number in a JSON-escaped request body (a Serilog event's ``Body``) named by the card's expiry and code members
after it, and Payeezy's token object (``"token": {"token_type": "FDToken", "token_data": {"value": …}}``), whose value
is the token issued for a card. Each table holds the near misses that must stay as they were. Card values are built at
run time."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id
from tests.unit.test_short_pan_blocks import luhn_id

ENGINE = {b: Engine(backend=b) for b in ("hyperscan", "re")}
PAN = luhn_id("4827555", 16)
AMEX = luhn_id("3450681", 15)
M12 = luhn_id("6761308", 12)
TOKEN = luhn_id("4111773", 16)  # a format-preserving token may pass Luhn


def found(text: str, kind: str) -> list[str]:
    """The values of ``kind`` found in ``text``, the same with both backends."""
    results = [[text[s.start : s.end] for s in e.scan_text(text) if s.type == kind] for e in ENGINE.values()]
    assert results[0] == results[1]
    return results[0]


PAYFLOW = ("TRXTYPE=S&TENDER=C&PARTNER=PayPal&VENDOR=v&USER=v&PWD[10]=QRDA79TSNQ&ACCT{at}={pan}&EXPDATE{et}=1035"
           "&CVV2{ct}={cvv}&AMT=55.00&COMMENT1[12]=Order 760821&VERBOSITY=HIGH")
CODES = [
    # Payflow's length tags, in a .NET SDK log line and as a bare parmlist
    ("payflow-tagged-cvv", "[DBG] PayflowNETAPI: SubmitTransaction ParamList: " + PAYFLOW.format(
        at="[16]", pan=PAN, et="", ct="[3]", cvv="075"), ["075"]),
    ("payflow-tagged-cvv-4", PAYFLOW.format(at="[15]", pan=AMEX, et="[4]", ct="[4]", cvv="1868"), ["1868"]),
    ("payflow-untagged", PAYFLOW.format(at="", pan=PAN, et="", ct="", cvv="759"), ["759"]),
    ("payflow-tagged-last", f"ACCT[16]={PAN}&EXPDATE[4]=0434&CVV2[3]=087", ["087"]),
    # the tag must count the value: an array's index is no length tag
    ("tag-not-the-length", f"ACCT={PAN}&CVV2[4]=087&AMT=1.00", []),
    ("array-index", "cvv[0]=087&cvv[1]=123", []),
    # PayU India's seamless form, urlencoded and as a Spring MultiValueMap
    ("payu-form", f"POST /_payment params=key=FDR3V5&txnid=TXN27&ccnum={PAN}&ccname=Ashish+Kumar&ccvv=408"
     "&ccexpmon=09&ccexpyr=2029&hash=de44cd", ["408"]),
    ("payu-multivaluemap", f"params={{key=[1VK195], ccnum=[{PAN}], ccname=[Ashish Kumar], ccvv=[316], "
     "ccexpmon=[02], ccexpyr=[2026]}", ["316"]),
    ("payu-json", '{"ccnum": "' + PAN + '", "ccvv": "0417"}', ["0417"]),
    # near misses: a word that only holds the letters
    ("accvv-word", "status=accvv&n=408", []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(t, w, id=c) for c, t, w in CODES])
def test_security_codes_under_processor_names(text: str, want: list[str]) -> None:
    assert found(text, "cvv") == want


EXPIRIES = [
    ("payflow-tagged-expdate", PAYFLOW.format(at="", pan=PAN, et="[4]", ct="", cvv="759"), ["1035"]),
    ("payflow-tagged-mmyy", f"ACCT[16]={PAN}&EXPDATE[4]=0434&CVV2[3]=087", ["0434"]),
    ("tag-not-the-length", f"ACCT={PAN}&EXPDATE[6]=0434&AMT=1.00", []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(t, w, id=c) for c, t, w in EXPIRIES])
def test_payflow_tagged_expiry(text: str, want: list[str]) -> None:
    assert found(text, "expiry") == want


def clef(body: str) -> str:
    """A Serilog compact JSON event whose ``Body`` property holds a gateway request, JSON-escaped."""
    escaped = body.replace('"', '\\"')
    return ('{"@t":"2026-11-27T17:47:14.2230000Z","@mt":"Sending {Method} {Uri} {Body}","@l":"Debug","Method":"POST",'
            f'"Uri":"https://checkout-test.adyen.com/v71/payments","Body":"{escaped}","RequestId":"0HMZBX2M82UDN:03"}}')


ADYEN = ('{"amount":{"currency":"EUR","value":12345},"paymentMethod":{"type":"scheme","number":"@N",'
         '"expiryMonth":"06","expiryYear":"2028","cvc":"196"},"reference":"R63438369"}')
TWELVE = [
    ("plain-json", ADYEN, [M12]),
    ("escaped-json", clef(ADYEN), [M12]),
    ("escaped-json-expiry-before", clef('{"paymentMethod":{"expiryMonth":"06","expiryYear":"2028","number":"@N"}}'),
     [M12]),
    # quiet: no card member in the number's own object, escaped or not
    ("escaped-order", clef('{"order":{"number":"@N","lines":2},"expiryMonth":"06"}'), []),
    ("escaped-account", clef('{"account":"@N","region":"eu-west-1"}'), []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(t, w, id=c) for c, t, w in TWELVE])
def test_twelve_digits_through_json_escapes(text: str, want: list[str]) -> None:
    assert found(text.replace("@N", M12), "pan") == want


PAYEEZY = ('payeezy response {{"transaction_status":"approved","transaction_id":"274927611618","method":"credit_card",'
           '"amount":"999","currency":"USD",{token},"bank_resp_code":"100"}}')
TOKENS_QUIET = [
    '"token":{{"token_type":"FDToken","token_data":{{"value":"{v}"}}}}',
    '"token": {{"token_type": "FDToken", "token_data": {{"type": "visa", "value": "{v}", "cardholder_name": "J Smith",'
    ' "exp_date": "1030"}}}}',  # a token-based purchase sends the token back with the card's type and expiry
    '"token":{{"token_data":{{"value":"{v}"}},"token_type":"FDToken"}}',
    '"token":{{"token_type":"TransArmor","value":"{v}"}}',
]
TOKENS_FOUND = [
    '"token":"{v}"',  # a bare token declares nothing (``tokennames``): a valid number there stays a finding
    '"token_data":{{"value":"{v}"}}',  # no token type declared
    '"card":{{"token_type":"none","number":"{v}"}}',
    '"token":{{"token_type":"FDToken"}},"credit_card":{{"value":"{v}"}}',  # the value is another object's
]


@pytest.mark.parametrize("member", TOKENS_QUIET, ids=masked_id)
def test_payeezy_token_values_are_quiet(member: str) -> None:
    text = PAYEEZY.format(token=member.format(v=TOKEN))
    assert found(text, "pan") == []
    assert found(text.replace('"', '\\"'), "pan") == []  # the response logged inside a JSON string


@pytest.mark.parametrize("member", TOKENS_FOUND, ids=masked_id)
def test_card_numbers_beside_token_words_are_found(member: str) -> None:
    assert found(PAYEEZY.format(token=member.format(v=TOKEN)), "pan") == [TOKEN]
