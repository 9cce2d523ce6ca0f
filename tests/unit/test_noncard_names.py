"""Numbers that pass a card's checks but whose name, away from the value or as a label of words, says what they are:
a bank's, custodian's or carrier's account (``CustodyAccount``, ``BANK_ACCOUNT_NUM``, ``LosingCarrierAccountNumber``,
Plaid's ``numbers.ach[].account``), a call's party (``called_number``), a CLABE column, a provider's or person's
identifier (NPPES ``identifier``, an Onfido ``document_number``), a SEPA mandate, a closed-loop programme's card
(``Gift card applied: …``, a loyalty export's ``Tesco Clubcard`` row). Each table holds the false alarm and the card
beside it that must still be found: a bare "account number" names a card's number in card systems, and a scheme's
word keeps a gift card a card. And a statement line's grouped card before its amount, which is no part of it."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from scanners.cards.idnames import id_key, programme_card
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id
from tests.unit.format_contract import scan_bytes

ACCT = luhn_id("4602473", 16)  # a custody or bank account in a Visa range
E164 = luhn_id("491551", 13)  # a German mobile number without its plus: a 13-digit Visa shape
CLABE = luhn_id("6466524", 18)
ID13 = luhn_id("590872", 13)  # a Medicaid id, a South African id number
GIFT = luhn_id("634004", 18)  # a closed-loop programme's number inside the broad Maestro range
GIFT19 = luhn_id("600682", 19)
VISA = luhn_id("4539148", 16)  # the card the near misses hold
UP18 = luhn_id("6282", 18)
SPACED = " ".join(VISA[i : i + 4] for i in range(0, 16, 4))
DASHED = "-".join(VISA[i : i + 4] for i in range(0, 16, 4))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CustodyAccount", True), ("BANK_ACCOUNT_NUM", True), ("bankAccountNumber", True), ("DFIAccountNumber", True),
        ("LosingCarrierAccountNumber", True), ("brokerage_account", True), ("Bankkontonummer", True),
        ("called_number", True), ("calledPartyNumber", True), ("calling_number", True), ("dialed_digits", True),
        ("Cuenta Beneficiaria (CLABE)", True), ("routing_number", True), ("SortCode", True), ("IBAN", True),
        ("Mandat", True), ("MndtId", True),
        ("Mandatsreferenz", True), ("identifier", True), ("document_number", True), ("passportNumber", True),
        ("eof", True), ("EOF_barcode", True), ("eofCode", True), ("PZN", True), ("ndc", True),
        # a software licence's or product's key (a licence-key export's column)
        ("License Key", True), ("licence_no", True), ("licenseKey", True), ("Product Key", True),
        ("activation_key", True),
        # a card's number stays a card's: a bare account (a card's primary account number), a card word
        ("account", False), ("account_number", False), ("AccountNumber", False), ("primary_account_number", False),
        ("card_account", False), ("Kontonummer", False), ("card_number", False), ("PAN", False),
        ("cardIdentifier", False), ("paymentIdentifier", False), ("creditAccount", False), ("mandatory", False),
        ("called", False), ("geofence", False), ("eof_card_number", False), ("card_license", False),
        ("accNo", False), ("acc_no", False), ("accNum", False), ("bankAccNo", True), ("accessNo", True),
        ("NSU", True), ("nsu_host", True), ("nsuSitef", True), ("insurance_no", True), ("nsum", False),
        # a contact centre's parties: ANI, DNIS, a caller's number, Amazon Connect's ``CustomerEndpoint.Address``
        ("ani", True), ("DNIS", True), ("caller_number", True), ("CustomerEndpoint.Address", True),
        ("SystemEndpoint.Address", True), ("Address", False), ("animal", False), ("endpoint", False),
    ],
)
def test_id_key_names_non_card_numbers(name: str, expected: bool) -> None:
    assert id_key(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gift card applied", True), ("Tesco Clubcard", True), ("Target GiftCard", True), ("Costco Shop Card", True),
        ("loyalty card used", True), ("Visa Gift Card", False), ("prepaid gift card", False),
        ("Starbucks Card", False), ("Card", False), ("payment card", False),
    ],
)
def test_programme_card(name: str, expected: bool) -> None:
    assert programme_card(name) is expected


def spans(engine: Engine, text: str) -> list[str]:
    return [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"]


PLAID = {"numbers": {"ach": [{"account": ACCT, "account_id": "zvx", "routing": "010771840"},
                             {"account": ID13, "account_id": "Efm", "routing": "275696456"}],
                     "eft": [{"account": E164, "institution": "790", "branch": "76431"}]}}
ONFIDO = {"document": {"type": "national_identity_card", "document_numbers": [
    {"type": "document_number", "value": ID13}]}, "issuing_country": "ZAF"}

CASES = [
    # a CSV or pipe file's header names the column
    pytest.param(f"AsOfDate;CustodyAccount;ISIN\n2026-12-04;{ACCT};JP9152728797\n", [], id="custody-semicolon"),
    pytest.param(f"VENDOR_ID|BANK_ACCOUNT_NUM|SWIFT\n3727|{ACCT}|BARCGBSS\n", [], id="bank-account-pipe"),
    pytest.param(f"record_type,called_number,duration_s\nMOC,{E164},711\n", [], id="cdr-called-number"),
    # a contact centre's caller (E.164 without its plus) by the key right before it, whatever is around it
    pytest.param(f"2026-12-01T06:11:25Z\tINFO\tcontext value=ani={E164}", [], id="ani"),
    pytest.param(f'"Content": "Can I get a reference, ani={E164}?"', [], id="ani-in-turn"),
    pytest.param(f"ref=CustomerEndpoint.Address={E164}", [], id="connect-customer-endpoint"),
    pytest.param(f'{{"ref": "SystemEndpoint.Address={E164}"}}', [], id="connect-system-endpoint"),
    pytest.param(f"ani={E164} card={VISA}", [VISA], id="card-after-ani"),
    pytest.param(f"CustomerEndpoint.Address=ok card {VISA}", [VISA], id="card-after-endpoint-field"),
    pytest.param(f"Fecha,Cuenta Beneficiaria (CLABE),Monto\n08/11/2026,{CLABE},572.14\n", [], id="clabe-parens"),
    pytest.param(f"AsOfDate;card_number;ISIN\n2026-12-04;{VISA};JP9152728797\n", [VISA], id="card-column"),
    pytest.param(f"name|Account Number|SWIFT\nAcme|{VISA}|BARCGBSS\n", [VISA], id="account-number-column"),
    pytest.param(f"Fecha,Tarjeta (PAN),Monto\n08/11/2026,{UP18},572.14\n", [UP18], id="card-parens"),
    # a key, element or sibling names the value
    pytest.param(json.dumps(PLAID, indent=2), [], id="plaid-ach-eft"),
    pytest.param(json.dumps({"card": {"account": VISA, "expMonth": "09"}}), [VISA], id="card-account-member"),
    pytest.param(json.dumps({"payment": {"account": VISA}}), [VISA], id="payment-account-member"),
    pytest.param(json.dumps({"identifiers": [{"code": "05", "desc": "MEDICAID", "identifier": ID13, "state": "NY"}]}),
                 [], id="nppes-identifier"),
    pytest.param(f"<Port><LosingCarrierAccountNumber>{ACCT}</LosingCarrierAccountNumber></Port>", [],
                 id="losing-carrier-account"),
    pytest.param(f"<Payment><AccountNumber>{VISA}</AccountNumber></Payment>", [VISA], id="account-number-element"),
    pytest.param(json.dumps(ONFIDO), [], id="onfido-document-number"),
    pytest.param(f'<prescription>\n  <drug eof="{ID13}" quantity="2"/>\n</prescription>', [], id="eof-drug-code"),
    pytest.param(f'<payment>\n  <card pan="{ID13}" quantity="2"/>\n</payment>', [ID13], id="pan-attribute"),
    pytest.param(json.dumps({"type": "card_number", "value": VISA}), [VISA], id="typed-card-number"),
    # UnionPay acp/UPOP: ``accNo`` (account number, as ``acctNo``) holds the card number; a bank's accNo stays quiet
    pytest.param(f"txnType=01&accType=01&accNo={UP18}&txnAmt=80750&currencyCode=156", [UP18], id="unionpay-accno"),
    pytest.param(f"txnType=01&bankAccNo={ACCT}&txnAmt=80750", [], id="bank-accno"),
    # prose and labels of words
    pytest.param(f"09.11.2026  LASTSCHRIFT Mandat {ACCT} Glaeubiger-ID DE98ZZZ09999999999   -2149.82 EUR\n", [],
                 id="mandate"),
    pytest.param(f"23.11.2026  RUECKBUCHUNG Karte {VISA}   1043.62 EUR\n", [VISA], id="chargeback-card"),
    # a statement line's grouped card, then a wider gap and the amount: two numbers, not one grouped run
    pytest.param(f"IBAN: DE89 3704 0044 0532 0130 00\nKontonummer: 0532013000\n\n23.11.2026  RUECKBUCHUNG Karte "
                 f"{SPACED}   1043.62 EUR\n", [SPACED], id="grouped-card-then-amount"),
    pytest.param(f"13.11.2026  RUECKBUCHUNG Karte {DASHED}   -35.82 EUR\n", [DASHED], id="dashed-card-then-amount"),
    pytest.param(f"Tracking {SPACED} 1043 82\n", [], id="one-evenly-grouped-number"),
    # an invoice's account that ends as the card it was paid with may be that card
    pytest.param(f"<h1>Invoice</h1>\n<p>Account: {VISA}</p>\n<p>Paid with card: **** {VISA[-4:]}</p>", [VISA],
                 id="invoice-account-is-its-card"),
    pytest.param(f"<h1>Invoice</h1>\n<p>Account: {VISA}</p>\n<p>Paid with card: **** {UP18[-4:]}</p>", [],
                 id="invoice-billing-account"),
    pytest.param(f"Thanks!\nGift card applied: {GIFT}\n", [], id="gift-card-applied"),
    pytest.param(f"Thanks!\nVisa gift card applied: {VISA}\n", [VISA], id="visa-gift-card"),
    pytest.param(f"Thanks!\nCard applied: {VISA}\n", [VISA], id="card-applied"),
    pytest.param(f"program,card_number,points\nTesco Clubcard,{GIFT},10\nGift card,{GIFT19},5\n", [],
                 id="programme-cell-before"),
    pytest.param(f"program,card_number,points\nVisa Gift Card,{VISA},10\n", [VISA], id="scheme-gift-cell"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_named_non_card_numbers(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert spans(each_engine, text) == expected


@pytest.mark.parametrize(("record", "found"), [(f"ani={E164}", False), (f"card={VISA}", True)])
def test_caller_key_inside_base64(each_engine: Engine, record: str, found: bool) -> None:
    """A Firehose transformation record's ``data`` (base64 JSON): the decoded record's key rule is the raw one's."""
    data = base64.b64encode(json.dumps({"msg": "ok", "ref": record}).encode()).decode()
    pans = [s for s in each_engine.scan_text(f'{{"recordId": "1", "data": "{data}"}}') if s.type == "pan"]
    assert bool(pans) is found


def test_loyalty_export_reads_the_programme_cell(tmp_path: Path) -> None:
    """A loyalty export read by column (``formats.delimited``): a row whose programme cell names a closed-loop card
    keeps its number quiet, and so does a programme named by a brand alone in the same programme's table (a program
    column, a points column); a card on file in its own column, and a scheme's gift card, stay found."""
    rows = [f"Tesco Clubcard,{GIFT},10,", f"Gift card,{GIFT19},5,{VISA}", f"Visa Gift Card,{UP18},1,",
            f"Starbucks Card,{GIFT},3,"]
    text = "program,card_number,points_balance,payment_card_on_file\n" + "\n".join(rows) + "\n"
    out = scan_bytes(tmp_path, text.encode(), "cards.csv")
    found = sorted((f["location"]["line"], f["location"].get("column")) for f in out["findings"] if f["type"] == "pan")
    assert found == [(3, "payment_card_on_file"), (4, "card_number")]
    assert VISA not in json.dumps(out)


BRAND = luhn_id("606181", 16)  # a coffee chain's stored-value card: a 16-digit number in the RuPay range
BEAUTY = luhn_id("603418", 16)
CLUB = f"Tesco Clubcard,{GIFT},10"  # the row that says the table is a closed-loop programme's


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        # a programme's table: a program column, a points, tier, member or PIN column, a card column of no payment
        pytest.param("program,card_number,points_balance", [CLUB, f"Starbucks Card,{BRAND},3",
                     f"Sephora Beauty Insider,{BEAUTY},7"], [], id="brands-beside-a-clubcard"),
        pytest.param("loyalty_program,card_no,tier", [f"Nectar,{BRAND},Gold", f"Gift card,{GIFT19},Silver"], [],
                     id="tier-column"),
        pytest.param("card_number,member_id,programme", [f"{BRAND},77,Beauty Insider", f"{GIFT},78,Shop card"], [],
                     id="programme-column-after"),
        # stays found: no row names a closed-loop card (a card issuer's rewards export), a payment word on the card
        # column (even on a Clubcard's row), no column only a programme's account holds, no programme column, a
        # scheme's word in the row
        pytest.param("program,card_number,points_balance", [f"Sapphire Rewards,{VISA},3", f"Freedom,{BRAND},9"],
                     [VISA, BRAND], id="issuer-rewards-export"),
        pytest.param("program,credit_card_number,points_balance", [f"Starbucks Card,{VISA},3", CLUB], [VISA, GIFT],
                     id="credit-card-column"),
        pytest.param("program,card_number,issued", [CLUB, f"Starbucks Card,{VISA},2026-11-02"], [VISA],
                     id="no-account-column"),
        pytest.param("store,card_number,points_balance", [CLUB, f"Starbucks Card,{VISA},3"], [VISA],
                     id="no-programme-column"),
        pytest.param("program,card_number,points_balance", [CLUB, f"Amex Rewards,{VISA},3", f"Prepaid,{BRAND},4"],
                     [VISA, BRAND], id="scheme-word-in-row"),
    ],
)
def test_programme_table(tmp_path: Path, header: str, rows: list[str], expected: list[str]) -> None:
    """A table whose columns describe a loyalty or gift programme holds programme cards in its card column when one of
    its rows names a closed-loop card by its words; anything less stays a card."""
    out = scan_bytes(tmp_path, ("\n".join([header, *rows]) + "\n").encode(), "cards.csv")
    found = [f for f in out["findings"] if f["type"] == "pan"]
    assert [f["masked"][-4:] for f in found] == [v[-4:] for v in expected]
