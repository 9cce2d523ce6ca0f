"""Bank statement files (BAI2, SWIFT MT940/MT942, ISO 20022 camt/pain): a reference field's digits that pass a card's
checks are quiet, named for the field; the same digits where a person writes text (a BAI2 record's text, an ``88``
record that carries the text on, a ``:86:`` remittance subfield, camt's ``<Ustrd>``) stay a finding. Values are built
at run time (a ``?`` in a value becomes its Luhn check digit)."""

from __future__ import annotations

import pytest

from scanners.cards.brands import is_pan
from scanners.cards.confounders import confounder
from scanners.cards.idnames import id_key
from scanners.engine.core import Engine
from tests.unit.test_confounders import _split

ENGINE = {b: Engine(backend=b) for b in ("hyperscan", "re")}

BAI_HEAD = "01,021000021,ACMECORP,261206,0600,1,80,1,2/\n02,ACMECORP,021000021,1,261205,2400,USD,2/\n" \
           "03,8404809066,USD,010,523986872,,,015,416758720,,/\n"
MT_HEAD = ":20:STMT261206\n:25:10020030/1234567890\n:28C:84633/001\n:60F:C261205EUR3337,08\n"

# (class, text with the value between « », the same digits in a text where the reason does not hold or None)
CASES = [
    # BAI2 16 record: bank reference, then customer reference; the text field after them is free text
    ("bai2_reference", BAI_HEAD + "16,175,23654652,0,«49692683475204?»,2652805195,/\n",
     BAI_HEAD + "16,175,23654652,0,2652805195,2652805195,CARD REFUND «49692683475204?»/\n"),
    ("bai2_reference", BAI_HEAD + "16,475,79100647,0,2652805195,«453201511283036?»,/\n",
     BAI_HEAD + "16,475,79100647,0,2652805195,2652805195,«453201511283036?»\n"),
    # funds type V (value date and time) and S (three availability amounts) before the references
    ("bai2_reference", BAI_HEAD + "16,165,150000,V,261206,0800,«453201511283036?»,CR1,DEPOSIT/\n",
     BAI_HEAD + "16,165,150000,V,261206,0800,BR1,CR1,«453201511283036?»/\n"),
    ("bai2_reference", BAI_HEAD + "16,115,10000000,S,5000000,4000000,1000000,«453201511283036?»,DASD1234,/\n",
     BAI_HEAD + "16,115,10000000,S,5000000,4000000,1000000,DD1620,DASD1234,«453201511283036?»/\n"),
    # funds type D: a count of distributions, a day and an amount for each
    ("bai2_reference", BAI_HEAD + "16,115,100,D,2,1,60,2,40,«453201511283036?»,C1,/\n",
     BAI_HEAD + "16,115,100,D,2,1,60,2,40,B1,C1,«453201511283036?»/\n"),
    # an 88 record carries on a 16 record cut before its references; after the text began, it carries on the text
    ("bai2_reference", BAI_HEAD + "16,175,23654652,0/\n88,«49692683475204?»,2652805195,SETTLEMENT/\n",
     BAI_HEAD + "16,175,23654652,0,B1,C1,/\n88,«49692683475204?»,2652805195,SETTLEMENT/\n"),
    # MT940 :61: statement line: the owner's reference, and the bank's after //
    ("mt940_reference", MT_HEAD + ":61:261202C826,32NTRF5781598851//«453201511283036?»\n",
     MT_HEAD + ":61:261202C826,32NTRF5781598851//5781598851\n:86:166?00KARTENZAHLUNG?20CARD «453201511283036?»\n"),
    ("mt940_reference", MT_HEAD + ":61:2612021202RCR826,32NMSC«453201511283036?»\n", None),
    # a structured :86: field: a SEPA reference opening a subfield; the remittance text (SVWZ+) is free text
    ("mt940_reference", MT_HEAD + ":86:166?00GUTSCHRIFT?20EREF+«453201511283036?»?21ending in 9303\n",
     MT_HEAD + ":86:166?00GUTSCHRIFT?20EREF+NOTPROVIDED?21SVWZ+Karte «453201511283036?»\n"),
    ("mt940_reference", MT_HEAD + ":86:105?00BASISLASTSCHRIFT?20KREF+A1?21MREF+«453201511283036?»\n",
     MT_HEAD + ":86:105?00BASISLASTSCHRIFT?20MREF+ «453201511283036?»\n"),
    ("mt940_reference", MT_HEAD + ":86:105?00LASTSCHRIFT?20EREF+NOTPROVIDED\n?21CRED+«453201511283036?»\n",
     MT_HEAD + ":86:105?00LASTSCHRIFT?20 CRED+«453201511283036?»\n"),
    ("mt940_reference", ":20:«453201511283036?»\n:25:10020030/1234567890\n", ":20:STMT1 «453201511283036?»\n"),
]


def _pans(text: str) -> list[list[str]]:
    return [[s.value for s in engine.scan_text(text) if s.type == "pan"] for engine in ENGINE.values()]


@pytest.mark.parametrize(("kind", "marked", "control"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_statement_references_are_named_and_quiet(kind: str, marked: str, control: str | None) -> None:
    text, start, end = _split(marked)
    digits = text[start:end]
    assert is_pan(digits), "each example must otherwise pass IIN + length + Luhn"
    assert confounder(text, start, end, digits, 1) == kind
    assert all(digits not in found for found in _pans(text))
    if control is not None:
        text, start, end = _split(control)
        assert all(digits in found for found in _pans(text))


def test_a_csv_row_of_a_bai2_record_shape_is_no_bai2() -> None:
    """No 03 account record before it: a CSV row that happens to start ``16,<three digits>,`` keeps its card."""
    text, start, end = _split("id,type,amount,kind,card,ref\n16,175,2365,0,«453201511283036?»,x\n")
    assert confounder(text, start, end, text[start:end], 1) is None


# ISO 20022 (camt.053/054, pain.001/002) elements that hold references: quiet; the remittance and entry texts, and a
# card's own elements, stay findings.
ELEMENTS_QUIET = ["AcctSvcrRef", "AcctOwnrTxId", "AcctSvcrTxId", "EndToEndId", "TxId", "InstrId", "MsgId", "PmtInfId",
                  "UETR", "ClrSysRef", "ChqNb", "ElctrncSeqNb", "LglSeqNb", "MndtId", "NtryRef",
                  "accountServicerReference"]
ELEMENTS_FOUND = ["Ustrd", "AddtlNtryInf", "AddtlTxInf", "PAN", "CardNb", "AcctNb", "AcctRef"]


@pytest.mark.parametrize("element", ELEMENTS_QUIET)
def test_iso20022_reference_elements_are_quiet(element: str) -> None:
    text = _split(f'<Ntry><Amt Ccy="EUR">12.00</Amt><{element}>«453201511283036?»</{element}>\n')[0]
    assert id_key(element)
    assert _pans(text) == [[], []]


@pytest.mark.parametrize("element", ELEMENTS_FOUND)
def test_iso20022_text_and_card_elements_are_found(element: str) -> None:
    text, start, end = _split(f'<Ntry><Amt Ccy="EUR">12.00</Amt><{element}>Karte «453201511283036?»</{element}>\n')
    assert not id_key(element)
    assert _pans(text) == [[text[start:end]], [text[start:end]]]
