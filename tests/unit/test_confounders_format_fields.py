"""Numbers a record format names by its syntax (red-team round 67, ``cards.formatfields``): SNMP typed counters, an
SDP origin's session id, a GS1 element string's fields, an Ethereum transaction's wei value, ids inside a non-S3 ARN
and a Step Functions execution's name, an artifact's build qualifier, an MT103's account lines; a Kinesis record's
``partitionKey`` and HL7 IN1's amount and id fields. Each quiet case has a control that stays a card. Values are
built at run time."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine

E = Engine(backend="re")


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
VISA19 = luhn("411786890992682085")  # a 19-digit wei value a Visa range admits
JCB = luhn("352867411170201")
VISA13 = luhn("453201511283")  # a 13-digit draw of a web-vitals id a Visa range admits
ACCT = "999834910887"
SFN = f"arn:aws:states:eu-west-1:{ACCT}:stateMachine:settlement"
TX = '{"blockNumber":"21105370","hash":"0x336718a4391cd04f","from":"0xebf0d71e","to":"0x72135ea7",'
HL7 = "MSH|^~\\&|ADT|HOSP|||202612070101||ADT^A01|7781|P|2.5\r\n"
MT = "{1:F01ACMEGB2LAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF7781\n"


def pans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in E.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    "text",
    [
        f"IF-MIB::ifHCInOctets.24 = Counter64: {VISA}",
        f"IF-MIB::ifInOctets.3 = Counter32: {VISA}\nIF-MIB::ifSpeed.3 = Gauge32: {JCB}",
        f"DISMAN-EVENT-MIB::sysUpTimeInstance = Timeticks: ({VISA}) 2:03:04.05",
        f"v=0\r\no=- {VISA} {VISA} IN IP4 10.1.159.229\r\ns=-\r\n",
        f"scan gs1-128: (01)09784847915511(17)260410(10)LOT98771(21){JCB}",
        TX + f'"value":"{VISA19}","gas":"180214","gasPrice":"81937786643","nonce":"86414"}}',
        f"sfn execution arn:aws:states:eu-west-1:{ACCT}:execution:settle:run-{VISA}",
        f'{{"requestParameters":{{"stateMachineArn":"{SFN}","name":"settle-18271506-{VISA}"}}}}',
        f"build 14.8.4554+9218f08 artifact=app-2.6.31-{VISA}.jar",
        MT + f":50K:/{VISA}\nACME TRADING LTD\n:59:/{JCB}\n-}}",
        f'{{"kinesis":{{"kinesisSchemaVersion":"1.0","partitionKey":"{VISA}","sequenceNumber":"4959288"}}}}',
        HL7 + "IN1|1|302437|666216292|ACME HEALTH" + "|" * 35 + VISA + "\r\n",
    ],
)
def test_quiet(text: str) -> None:
    assert pans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f'SNMPv2-SMI::enterprises.9.9.1 = STRING: "{VISA}"',  # a string value may hold anything
        f"o=- card {VISA} IN IP4 10.1.159.229",  # no origin line: a word where the session id stands
        f"(01)0978484791551(21){VISA}",  # (01) holds 13 digits: no element string
        f'{{"name":"card","value":"{VISA}"}}',  # no chain transaction around the value
        f'{{"eventName":"GetObject","resources":[{{"ARN":"arn:aws:s3:::calls/CallRecordings/{VISA}_x.wav"}}]}}',
        f'{{"name":"settle-18271506-{VISA}"}}',  # no state machine: a name of anything
        f"upload 2026.12.07-{VISA}.txt",  # a date, not a version, before the number
        f":59:/{VISA}\n",  # no MT message text block
        HL7 + "NTE|1||copay card " + VISA + " exp 05/29\r\n",  # HL7 free text stays open
    ],
)
def test_still_a_card(text: str) -> None:
    assert pans(text) == [VISA]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f'{{"name":"INP","value":2673.13,"id":"v4-1796634858871-{VISA13}","navigationType":"navigate"}}', []),
        (f"web-vitals LCP id=v3-1712345678901-{VISA13} rating=good", []),
        (f'{{"id":"card-1796634858871-{VISA13}"}}', [VISA13]),  # no version letter: not the library's id
        (f'{{"id":"v4-{VISA13}"}}', [VISA13]),  # no time before the draw
        (f"sent v4-1796634858871-0 card {VISA13}", [VISA13]),  # a card after the id, not in it
    ],
)
def test_web_vitals_id(text: str, found: list[str]) -> None:
    """The random part of a web-vitals metric id (``v<N>-<epoch ms>-<13 digits>``) is no card; the shape decides."""
    assert pans(text) == found


def _typed(number: str, upto: int) -> str:
    """rrweb Input events (EventType 3, IncrementalSource 5) of one field, keystroke by keystroke up to ``upto``."""
    return "".join(f'{{"type":3,"data":{{"source":5,"text":"{number[:n]}","isChecked":false,"id":50}},'
                   f'"timestamp":{1796653902445 + n}}}\n' for n in range(1, upto + 1))


def test_replay_prefix() -> None:
    """A card's first digits that pass the checks by chance while typed, extended by the next keystroke's event, are
    the number typed so far: the card is reported once, at its full value; a value nothing extends stays a card."""
    card = luhn(VISA13 + "00")
    assert pans(_typed(card, 16)) == [card]
    assert pans(_typed(card, 13)) == [VISA13]
