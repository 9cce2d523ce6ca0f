"""IvrInputDetector: digits an IVR collected at an input step named only by the step (Twilio ``<Gather>`` action
callbacks, Asterisk ``Read()`` then ``User entered``), on both back ends; digits keyed at a PIN, zip, account,
amount or menu step stay quiet, and twelve digits keyed at an account step are no card number."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine

SID = "CA0a1b2c3d4e5f60718293a4b5c6d7e8f9"
_AST = "[2026-04-02 23:01:10] VERBOSE[2176][C-8e038c9a] "


def _read(var: str, value: str, call: str = "C-8e038c9a", dtmf: bool = False) -> str:
    head = f"[2026-04-02 23:01:10] VERBOSE[2176][{call}] "
    read = f'Read("PJSIP/trunk-00a1", "{var},3,,1,10")'
    lines = [head + f"pbx.c:       > Executing [s@ivr-payment:3] {read} in new stack"]
    if dtmf:
        lines += [f"[2026-04-02 23:01:11] DTMF[2176][{call}] channel.c: DTMF end '{c}' received on PJSIP/trunk-00a1"
                  for c in value]
    return "\n".join([*lines, head + f"app_read.c:     -- User entered '{value}'"])


def _twelve(prefix: str) -> str:
    return next(n for i in range(100) if luhn_valid(n := f"{prefix}{i:02d}"))


def _sixteen(prefix: str) -> str:
    return _twelve(prefix.ljust(14, "0"))


def _agi(prompt: str, value: str, chan: str = "<PJSIP/trunk-cd3a807d>") -> str:
    return f"{chan}AGI Rx << GET DATA {prompt} 10000 4\n{chan}AGI Tx >> 200 result={value}"


_CVP = "907A54F0C4E410453DA0930C9E027862.4,04/28/2024 09:44:44.889,"
_STUDIO = ('{{\n  "widgets": {{\n    "{widget}": {{\n      "Digits": "{value}",\n      "FinishedOnKey": "#"\n'
           '    }}\n  }}\n}}')


CASES = [
    ("twilio-cvv", f"INFO\tPOST /twilio/gather?step=cvv&attempt=1 body=CallSid={SID}&Digits=217&FinishedOnKey=%23",
     [("cvv", "217")]),
    ("twilio-cvc-first", f"POST /twilio/gather?step=cvc body=Digits=9610&CallSid={SID}", [("cvv", "9610")]),
    ("twilio-security-path", f"POST /ivr/gather/security-code body=Digits=048&CallSid={SID}", [("cvv", "048")]),
    ("twilio-exp", f"POST /twilio/gather?step=exp_date&attempt=2 body=CallSid={SID}&Digits=0732",
     [("expiry", "07/32")]),
    ("twilio-exp-json", '{"path": "/twilio/gather?step=expiration", "body": "Digits=1229&FinishedOnKey=%23"}',
     [("expiry", "12/29")]),
    ("twilio-object", "Twilio webhook { path: '/gather?step=security_code', body: { Digits: '4321' } }",
     [("cvv", "4321")]),
    ("speech-digits", f"POST /twilio/gather?step=cvv body=SpeechResult=217&Confidence=0.91&CallSid={SID}",
     [("cvv", "217")]),
    ("speech-words", "POST /twilio/gather?step=cvv body=SpeechResult=two+one+seven&Confidence=0.8", [("cvv", "217")]),
    ("speech-sentence", "POST /twilio/gather?step=cvv body=SpeechResult=my+security+code+is+217&Confidence=0.9",
     [("cvv", "217")]),
    ("speech-pan", "POST /twilio/gather?step=card_number body=SpeechResult="
     + "+".join(["four", "one"] + ["one"] * 14) + "&Confidence=0.8", [("pan", "4111111111111111")]),
    ("asterisk-cvv", _read("CVV,custom/enter-security-code", "217"), [("cvv", "217")]),
    ("asterisk-dtmf-between", _read("CVC,custom/enter-security-code", "4090", dtmf=True), [("cvv", "4090")]),
    ("asterisk-exp", _read("EXPDATE,custom/enter-expiration", "1228"), [("expiry", "12/28")]),
    # look-alikes: other steps, other values, another call's Read()
    ("twilio-pin", f"POST /twilio/gather?step=pin body=Digits=2170&CallSid={SID}", []),
    ("twilio-zip", f"POST /twilio/gather?step=zip body=Digits=0732&CallSid={SID}", []),
    ("twilio-menu", f"POST /twilio/gather?step=menu body=Digits=217&CallSid={SID}", []),
    ("twilio-no-step", f"body=Digits=217&CallSid={SID}", []),
    ("twilio-cvv-long", f"POST /twilio/gather?step=cvv body=Digits=21734&CallSid={SID}", []),
    ("twilio-exp-bad-month", f"POST /twilio/gather?step=expiry body=Digits=1332&CallSid={SID}", []),
    ("twiml-numdigits", "POST /twilio/gather?step=cvv&numDigits=3 body=CallSid=CA1", []),
    ("speech-other-words", "POST /twilio/gather?step=cvv body=SpeechResult=call+me+at+217&Confidence=0.9", []),
    ("asterisk-caller-id", _read("CID,custom/enter-number", "217"), []),
    ("asterisk-zip", _read("ZIP,custom/enter-zip", "0732"), []),
    ("asterisk-other-call", _read("CVV,custom/enter-security-code", "217").replace(
        "[C-8e038c9a] app_read", "[C-11111111] app_read"), []),
    ("asterisk-answered", _read("CVV,custom/enter-security-code", "217") + "\n" + _AST
     + "app_read.c:     -- User entered '4410'", [("cvv", "217")]),
    ("asterisk-account-12", _read("ACCTNUM,custom/enter-account", _twelve("6253695147")), []),
    ("twilio-amount-12", f"POST /twilio/gather?step=amount body=Digits={_twelve('6415300319')}&CallSid={SID}", []),
    # a Studio widget's Digits, named by the widget's key
    ("studio-cvv", _STUDIO.format(widget="gather_cvv", value="780"), [("cvv", "780")]),
    ("studio-exp", _STUDIO.format(widget="gather_exp", value="0129"), [("expiry", "01/29")]),
    ("studio-menu", _STUDIO.format(widget="gather_menu", value="780"), []),
    ("studio-order", _STUDIO.format(widget="gather_order_number", value=_sixteen("453914801")), []),
    # an AGI GET DATA's prompt names the answer on its channel's next line
    ("agi-cvv", _agi("enter-security-code", "463"), [("cvv", "463")]),
    ("agi-exp", _agi("enter-expiry-date", "0831"), [("expiry", "08/31")]),
    ("agi-pin", _agi("enter-pin", "463"), []),
    ("agi-other-channel", _agi("enter-security-code", "1").split("\n")[0] + "\n<PJSIP/trunk-2>AGI Tx >> 200 result=463",
     []),
    ("agi-answered-already", _agi("enter-security-code", "1") + "\n<PJSIP/trunk-cd3a807d>AGI Tx >> 200 result=463", []),
    ("agi-account", _agi("enter-account-number", _sixteen("542579919")), []),
    ("agi-card", _agi("enter-card-number", _sixteen("542579919")), [("pan", _sixteen("542579919"))]),
    # a value token named by a variable or grammar token on its line
    ("cxone-cvv", "2024-04-13T12:19:31.272Z\tCAPTURE\t(13)\tVARIABLE=CCCVV\tVALUE=431\tTERMDIGIT=#", [("cvv", "431")]),
    ("cxone-zip", "2024-04-13T12:19:31.272Z\tCAPTURE\t(13)\tVARIABLE=ZIPCODE\tVALUE=4310\tTERMDIGIT=#", []),
    ("nuance-cvv", "TIME=20240416080238061|CHAN=67|EVNT=SWIrcnd|GRMR=session:security_code|MODE=dtmf|RSLT=178|KEYS=178",
     [("cvv", "178")]),
    ("nuance-digits", "TIME=20240416080238061|CHAN=67|EVNT=SWIrcnd|GRMR=builtin:grammar/digits|RSLT=178", []),
    # a CVP activity log's element datum, named by its element
    ("cvp-cvv", _CVP + "element,GetCVV,data,value,962", [("cvv", "962")]),
    ("cvp-exp", _CVP + "GetExpiry,data,value,0626", [("expiry", "06/26")]),
    ("cvp-menu", _CVP + "element,MainMenu,data,value,962", []),
    ("cvp-account", _CVP + "element,GetAccount,data,value," + _sixteen("432564749"), []),
    ("cvp-card", _CVP + "element,GetCardNumber,data,value," + _sixteen("432564749"), [("pan", _sixteen("432564749"))]),
    # an order or account number keyed in whole at a step that names it, whatever its length
    ("twilio-order-16", f"POST /ivr/gather?step=order_lookup body=AccountSid=AC1&Digits={_sixteen('459907123')}", []),
    ("twilio-card-16", f"POST /ivr/gather?step=card body=AccountSid=AC1&Digits={_sixteen('459907123')}",
     [("pan", _sixteen("459907123"))]),
    ("twilio-rest-path", f"POST /2010-04-01/Accounts/AC1/Calls/CA1.json Digits={_sixteen('459907123')}",
     [("pan", _sixteen("459907123"))]),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_ivr_input_steps(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text)) == sorted(found)


def test_twelve_digits_at_a_card_step_stay_a_card(each_engine: Engine) -> None:
    twelve = _twelve("6253695147")
    text = f"POST /twilio/gather?step=card_number body=Digits={twelve}&CallSid={SID}"
    assert [s.type for s in each_engine.scan_text(text)] == ["pan"]
