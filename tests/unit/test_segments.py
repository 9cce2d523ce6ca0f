"""``cards.segments``: a number where FIX, X12 or HL7 v2 put an identifier is that identifier, not a card; a card in
the formats' free-text or card positions, or in look-alike text that is not the format, is still found."""

from __future__ import annotations

import pytest

from scanners.cards.segments import positional_id
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

_CARD = luhn("453914880343612")
_FIX = "8=FIX.4.4|9=195|35=8|49=BROKER|56=DESK|34=2|52=20261109-08:34:45.862|"
_X12 = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261204*1200*^*00501*475443555*0*P*:~\n"
_HL7 = "MSH|^~\\&|EPIC|HOSP|BILLING|PAY|20261203185616||ADT^A04^ADT_A01|"

# (text with {} where the number stands, quiet: True when its position names an id)
_CASES = [
    (_FIX + "37={}|17=seKjYbXsfpDONkwV|150=F|10=119|\n", True),  # OrderID
    (_FIX + "37=xUPPRtUASzSa|17={}|150=F|10=119|\n", True),  # ExecID
    (_FIX.replace("|", "\x01") + "11={}\x0110=035\x01\n", True),  # ClOrdID, SOH as the byte
    (_FIX.replace("|", "^A") + "48={}^A22=4^A\n", True),  # SecurityID, SOH shown as ^A
    (_FIX + "489={}|490=202907|10=119|\n", False),  # CardNumber: a card's own tag
    (_FIX + "58=refund|10=119|\n37={}|\n", False),  # another line: no FIX message around it
    ("order 37={} ok\n", False),  # a tag-like pair outside FIX
    (_X12 + "ST*837*0001*005010X222A1~\nCLM*{}*2350.53***11:B:1*Y*A*Y*Y~\n", True),  # CLM01
    (_X12 + "REF*BM*{}~\n", True),  # bill of lading
    (_X12 + "MAN*GM*{}~\n", True),  # SSCC
    ("ST*856*0001~LIN**UP*012345678905*EN*{}~SE*3*0001~", True),  # EAN in LIN05, one line of segments
    (_X12 + "NTE*ADD*{}~\n", False),  # free text
    (_X12 + "CLM*1234*{}~\n", False),  # CLM02 is an amount's place, not an id's
    ("CLM*{} then the agent typed\n", False),  # no segment terminator: not X12
    (_HL7 + "{}|P|2.5\rPID|1||7196793539^^^HOSP^MR||Garcia^Mikael\r", True),  # MSH-10
    (_HL7 + "1|P|2.5\rPID|1||{}^^^HOSP^MR||Garcia^Mikael\r", True),  # PID-3
    (_HL7 + "1|P|2.5\r\nIN1|1|29156|07521|AETNA||||{}\r\n", True),  # IN1-8 group number
    (_HL7 + "1|P|2.5\rNTE|1||{}\r", False),  # a note's text
    (_HL7 + "1|P|2.5\rPID|1|||||||{}\r", False),  # PID-8 is the sex's place
    ("paid|{}|ok\n", False),  # a pipe-separated row that is no HL7 segment
]


@pytest.mark.parametrize(("template", "quiet"), _CASES)
def test_positional_id(template: str, quiet: bool) -> None:
    text = template.format(_CARD)
    start = text.index(_CARD)
    assert positional_id(text, start) is quiet
    for backend in ("hyperscan", "re"):
        found = [s.value for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]
        assert (_CARD not in found) is quiet
