"""Round 11 of the red-team (issue 11), on both back ends: a label or CSV header that names a card by an abbreviated
number word (``Card No.``, ``Card Nr.``) is a card-number label, not an id label (``Invoice No.`` stays one); a CP1252
French export whose header writes ``N°`` and ``€`` is read as CSV, so its ``Cryptogramme`` and ``Expiration`` columns
name their cells; four digits after an expiry word in prose read as YYMM when a card code and its value follow the
date (``expires 2908, the code on the back is 123``; a calendar year or another code stays quiet); and
``verification_value`` as a key (ActiveMerchant's and Spreedly's CVV, a Go ``%+v`` struct) names a card's code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanners.cards.brands import is_pan, is_test_pan, luhn_valid
from scanners.engine.core import Engine
from scanners.formats.delimited import card_column, sniff
from tests.unit.format_contract import scan_bytes


def _card(prefix: str) -> str:
    for n in range(10 ** (16 - len(prefix))):
        digits = f"{prefix}{n:0{16 - len(prefix)}d}"
        if luhn_valid(digits) and is_pan(digits) and not is_test_pan(digits):
            return digits
    raise AssertionError(prefix)


VISA = _card("4584089645")  # no published test card: reported only where no id label names it
GROUPED = " ".join(VISA[i : i + 4] for i in range(0, 16, 4))

LABELS = [
    pytest.param(f"Card No.: {GROUPED}", [VISA], id="card-no-period"),
    pytest.param(f"Card No.: {VISA}", [VISA], id="card-no-period-digits"),
    pytest.param(f"Card Nr.: {GROUPED}", [VISA], id="card-nr-period"),
    pytest.param(f"Card #: {GROUPED}", [VISA], id="card-number-sign"),
    pytest.param(f"Kartennr.: {GROUPED}", [VISA], id="kartennr"),
    pytest.param(f"N\u00b0 de carte: {GROUPED}", [VISA], id="numero-de-carte"),
    pytest.param(f"No. de tarjeta: {GROUPED}", [VISA], id="no-de-tarjeta"),
    pytest.param(f"Card Num: {GROUPED}", [VISA], id="card-num"),
    # near misses: an id's abbreviated label keeps the number quiet
    pytest.param(f"Invoice No.: {VISA}", [], id="invoice-no"),
    pytest.param(f"Order No.: {GROUPED}", [], id="order-no"),
    pytest.param(f"Ref No.: {GROUPED}", [], id="ref-no"),
    pytest.param(f"No.: {VISA}", [], id="bare-no"),
]


@pytest.mark.parametrize(("text", "expected"), LABELS)
def test_card_label_with_abbreviated_number_word(each_engine: Engine, text: str, expected: list[str]) -> None:
    got = [text[s.start : s.end].replace(" ", "") for s in each_engine.scan_text(text) if s.type == "pan"]
    assert got == expected


CODE_AFTER = [
    pytest.param('"Content": "valid thru 2908, cvc 123",', [("expiry", "08/29"), ("cvv", "123")], id="lens-turn"),
    pytest.param("Card details received: expires 2908, the code on the back is 123",
                 [("expiry", "08/29"), ("cvv", "123")], id="logback-back-code"),
    pytest.param("validation failed for valid thru 3104, CVV 123", [("expiry", "04/31"), ("cvv", "123")],
                 id="python-text"),
    pytest.param("exp. 2909, CSC 888", [("expiry", "09/29"), ("cvv", "888")], id="bedrock-prompt"),
    pytest.param("valid thru 2908 and the security code is 4821", [("expiry", "08/29"), ("cvv", "4821")],
                 id="and-the-code"),
    pytest.param("expires 0829, cvc 123", [("expiry", "08/29"), ("cvv", "123")], id="mmyy-stays-mmyy"),
    pytest.param("<p>valid thru 2812<br>cvc 123</p>", [("expiry", "12/28"), ("cvv", "123")], id="html-line-break"),
    pytest.param("<p>valid thru &#50;&#56;1&#50;<BR/>cvc &#49;2&#51;</p>", [("cvv", "123"), ("expiry", "12/28")],
                 id="html-entities-line-break"),
    pytest.param("<p>valid thru 2030<br>promo code 123</p>", [], id="html-line-break-promo-code"),
    # near misses: a calendar year, another code, a duration, no code
    pytest.param("expires 2027", [], id="calendar-year"),
    pytest.param("expires 2027, CVV 123", [("cvv", "123")], id="calendar-year-then-code"),
    pytest.param("valid thru 2030, promo code 123", [], id="promo-code"),
    pytest.param("valid thru 2908, promo code 123", [], id="yymm-promo-code"),
    pytest.param("expires 2908, error code 123", [], id="error-code"),
    pytest.param("token expires 2908, code 123", [], id="bare-code"),
    pytest.param("subscription expires 1230 minutes", [], id="duration"),
    pytest.param("valid thru 2908", [], id="no-code"),
    pytest.param("valid thru 2908. The door code is 236.", [], id="code-next-sentence"),
]


@pytest.mark.parametrize(("text", "expected"), CODE_AFTER)
def test_prose_yymm_before_a_card_code(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan"] == expected


GO_STRUCTS = [
    pytest.param("capture: {expMonth:8 expiryYear:2029 verification_value:123}",
                 [("expiry", "08/29"), ("cvv", "123")], id="go-struct"),
    pytest.param("capture: {verification_value:123}", [("cvv", "123")], id="go-struct-alone"),
    pytest.param("card=&{VerificationValue:4821 Brand:visa}", [("cvv", "4821")], id="go-pointer-camel"),
    # near misses: the words in prose and other verification codes stay weak (an SMS one-time password)
    pytest.param("your verification value is 123", [], id="prose-value"),
    pytest.param("{verification_code:4821}", [], id="verification-code-key"),
]


@pytest.mark.parametrize(("text", "expected"), GO_STRUCTS)
def test_verification_value_key(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan"] == expected


@pytest.mark.parametrize(
    ("name", "card"),
    [("Card No.", True), ("N\u00b0 carte", True), ("Num\u00e9ro de carte", True), ("N\u00famero de tarjeta", True),
     ("Kartennummer", True), ("Cryptogramme", True), ("Cryptogramme visuel", True), ("CVC2", True),
     ("Date d'expiration", True), ("Date de validit\u00e9", True), ("Fin de validit\u00e9", True),
     ("Expiration", True), ("Montant \u20ac", False), ("R\u00e9f\u00e9rence", False), ("Titulaire", False),
     ("validity", False)],
)
def test_card_column_in_other_languages(name: str, card: bool) -> None:
    assert card_column(name) is card


FRENCH = ("R\u00e9f\u00e9rence;Titulaire;N\u00b0 carte;Expiration;Cryptogramme;Montant \u20ac\n"
          "1456404355;H\u00e9l\u00e8ne Dupr\u00e9;************9160;;;19.99 \u20ac\n"
          f"ORD-20047037;Zo\u00eb Bront\u00eb;{GROUPED};;731;4.50 \u20ac\n"
          f"2024100906131483;Jos\u00e9 N\u00fa\u00f1ez;{VISA};08/29;928;120.00 \u20ac\n")


def test_cp1252_french_export_is_read_as_csv(tmp_path: Path) -> None:
    data = FRENCH.encode("cp1252")
    assert sniff(data) == ";"
    out: dict[str, Any] = scan_bytes(tmp_path, data, "paiements.csv")
    assert VISA not in repr(out)
    got = sorted((f["type"], f["location"]["column"], f["location"]["row"]) for f in out["findings"])
    assert got == [("cvv", "Cryptogramme", 3), ("cvv", "Cryptogramme", 4), ("expiry", "Expiration", 4),
                   ("pan", "N\u00b0 carte", 3), ("pan", "N\u00b0 carte", 4)]


def test_card_no_header_names_its_column(tmp_path: Path) -> None:
    text = (f"Transaction ID,Date,Card No.,Expiry,Sec Code,Total,Barcode\n"
            f"ca896f59-ec6a-4239-a2e9-c71fe39fcffd,2024-11-03T15:22:28Z,{GROUPED},01 / 31,685,45.50,0048047381317\n"
            "382f7729-e010-407f-9a4f-92512fb3e2dc,2024-11-17T07:32:13Z,349340*****4392,,,8.99,8725353083754\n")
    out: dict[str, Any] = scan_bytes(tmp_path, text.encode(), "report.csv")
    got = sorted((f["type"], f["location"]["column"], f["location"]["row"]) for f in out["findings"])
    assert got == [("cvv", "Sec Code", 2), ("expiry", "Expiry", 2), ("pan", "Card No.", 2)]
