"""Whether a number is named by its position in a tagged or segmented interchange format: FIX, X12, HL7 v2.

These formats name a value by where it stands, not by a word beside it: FIX by its numeric tag (``37=<n>`` is an
OrderID, ``17=<n>`` an ExecID), X12 by its segment and element number (``CLM*<n>*`` is CLM01, the claim submitter's
identifier; ``REF*BM*<n>`` is a bill of lading; ``MAN*GM*<n>`` an SSCC), HL7 v2 by its segment and field number
(MSH-10 is the message control id, PID-3 the patient's identifier list). A reader who knows the format reads the
position as a key, so ``positional_id`` answers like a key would for ``idkeys``. Only the positions the standards
give to identifiers, control numbers and accounts count; free-text positions (FIX Text, X12 NTE, HL7 NTE/OBX) and
FIX's CardNumber tag stay open, so a card written there is still found.
"""

from __future__ import annotations

import re

# FIX: the message must begin with BeginString (``8=FIX.4.4``, ``8=FIXT.1.1``) on the same line; SOH is written as
# the byte itself, as ``|`` or as ``^A`` in logs.
_FIX_BEGIN = "8=FIX"
_FIX_TAG = re.compile(r"(?:\x01|\||\^A)([0-9]{1,5})=$")
# Tags whose value is free text or a card: Text (58), EncodedText (355), CardNumber (489), CardIssNum (491).
_FIX_OPEN_TAGS = frozenset({"58", "355", "489", "491"})
_FIX_REACH = 4096

# X12: segment id, then ``*``-separated elements; segments end with ``~`` (often followed by a line break).
# Element positions (1-based) that hold identifiers or control numbers; None: every element after the id.
_X12_ID_ELEMENTS: dict[str, frozenset[int] | None] = {
    "CLM": frozenset({1}),  # claim submitter's identifier (patient control number)
    "CLP": frozenset({1, 7}),  # claim id, payer claim control number
    "REF": frozenset({2, 3}),  # reference identification, whatever its qualifier
    "MAN": frozenset({2, 3, 5}),  # marks and numbers (SSCC-18, carton ids)
    "LIN": frozenset({3, 5, 7, 9, 11, 13}),  # product/service ids after their qualifiers (UPC, EAN, vendor part)
    "TRN": frozenset({2, 3}),  # trace number, originating company id
    "BSN": frozenset({2}),  # shipment id
    "BIG": frozenset({2, 4}),  # invoice number, purchase order number
    "BEG": frozenset({3}),  # purchase order number
    "BHT": frozenset({3}),  # reference identification
    "BPR": frozenset({7, 9, 13, 15}),  # DFI ids and bank account numbers
    "NM1": frozenset({9}),  # identification code (NPI, member id, tax id)
    "N1": frozenset({4}),  # identification code
    "ST": frozenset({2}),  # transaction set control number
    "SE": frozenset({2}),
    "GS": frozenset({6}),  # group control number
    "GE": frozenset({2}),
    "ISA": frozenset({13}),  # interchange control number
    "IEA": frozenset({2}),
    "HL": frozenset({1, 2}),  # hierarchical ids
    "PRV": frozenset({3}),  # provider taxonomy / id
}
_X12_REACH = 512

# HL7 v2: segments start a line (CR, LF or CRLF); fields are ``|``-separated; the first component of a field starts
# right after its ``|``. Field numbers as the standard counts them (MSH-1 is the separator itself).
_HL7_ID_FIELDS: dict[str, frozenset[int]] = {
    "MSH": frozenset({10}),  # message control id
    "PID": frozenset({2, 3, 4, 18, 19, 20}),  # patient ids, account number, SSN, driver's licence
    "PV1": frozenset({19, 50}),  # visit number, alternate visit id
    # plan id, company id, group number, policy number; deductible, limits (amount, days) and room rates: amounts and
    # counts; prior insurance plan id, insured's id number. (IN1 has no free-text field.)
    "IN1": frozenset({2, 3, 8, 36, 37, 38, 39, 40, 41, 46, 49}),
    "GT1": frozenset({2}),  # guarantor number
    "ORC": frozenset({2, 3, 4}),  # placer, filler and group order numbers
    "OBR": frozenset({2, 3}),
    "FT1": frozenset({2, 3}),  # transaction id, transaction batch id
    "MRG": frozenset({1, 2, 3, 5}),  # prior patient ids, account number, visit number
    "ACC": frozenset({1}),
}
_HL7_REACH = 1024


def positional_id(text: str, start: int) -> bool:
    """True when the value starting at ``start`` stands where FIX, X12 or HL7 v2 put an identifier (see above)."""
    before = text[start - 1 : start]
    if before == "=":
        return _fix_id(text, start)
    if before == "*":
        return _x12_id(text, start)
    if before == "|":
        return _hl7_id(text, start)
    return False


def _fix_id(text: str, start: int) -> bool:
    lo = max(0, start - _FIX_REACH)
    m = _FIX_TAG.search(text, max(lo, start - 8), start)
    if m is None or m.group(1) in _FIX_OPEN_TAGS:
        return False
    begin = text.rfind(_FIX_BEGIN, lo, start)
    return begin >= 0 and "\n" not in text[begin:start]


def _x12_id(text: str, start: int) -> bool:
    lo = max(0, start - _X12_REACH)
    seg_start = max(text.rfind("~", lo, start), text.rfind("\n", lo, start)) + 1
    if seg_start == 0 and lo > 0:
        return False
    segment = text[seg_start:start].strip()
    name, _, rest = segment.partition("*")
    positions = _X12_ID_ELEMENTS.get(name)
    if positions is None:
        return False
    # an X12 segment ends with its terminator: the interchange's ``~`` before it or after it, on its line
    line_end = text.find("\n", start)
    terminated = text.find("~", start, line_end if line_end >= 0 else len(text)) >= 0
    return (terminated or text[seg_start - 1 : seg_start] == "~") and rest.count("*") + 1 in positions


def _hl7_id(text: str, start: int) -> bool:
    lo = max(0, start - _HL7_REACH)
    seg_start = max(text.rfind("\r", lo, start), text.rfind("\n", lo, start)) + 1
    if seg_start == 0 and lo > 0:
        return False
    name = text[seg_start : seg_start + 3]
    positions = _HL7_ID_FIELDS.get(name)
    if positions is None or text[seg_start + 3 : seg_start + 4] != "|":
        return False
    field = text.count("|", seg_start, start) + (1 if name == "MSH" else 0)
    return field in positions
