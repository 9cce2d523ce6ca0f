"""Issue 11, three miss classes: a label cell naming the value in the next cell of an HTML receipt or notification
mail (entity-encoded or not), an expiry split over terse keys (``mm``/``yy`` as a pair in one object, ``exp_mm``,
``mon``/``yr``), and CVV and expiry labels in German, French, Spanish, Portuguese, Italian, Dutch and Japanese (as
keys, CSV headers and prose). Look-alikes stay quiet: a coupon's or a subscription's ``<td>Expires</td>``, minutes
and years under ``mm``/``yy``, German prose dates that are no card's."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.engine.core import Engine
from tests.unit.format_contract import scan_bytes

VISA = "4111111111111111"  # a published test card


def found(engine: Engine, text: str) -> list[tuple[str, str]]:
    return sorted((s.type, s.value) for s in engine.scan_text(text))


HTML = [
    ("td-exp-entity", "<tr><td>Exp</td><td>09&#x2F;27</td></tr>", [("expiry", "09/27")]),
    ("td-exp-entity-decimal", "<tr><td>Expiry</td><td>09&#47;27</td></tr>", [("expiry", "09/27")]),
    ("td-exp-plain", "<tr><td>Exp</td><td>09/27</td></tr>", [("expiry", "09/27")]),
    ("th-cvv", "<tr><th>CVV</th><td>123</td></tr>", [("cvv", "123")]),
    ("bold-label", "<td><b>Expiry date:</b></td><td>09/27</td>", [("expiry", "09/27")]),
    ("dl", "<dl><dt>Expiry</dt><dd>09/27</dd><dt>CVV</dt><dd>123</dd></dl>", [("cvv", "123"), ("expiry", "09/27")]),
    ("label-span", "<label>CVV</label> <span>123</span>", [("cvv", "123")]),
    ("styled-cells", '<tr><td style="padding:8px 12px">Expiry date</td><td style="padding:8px 12px">09/27</td></tr>',
     [("expiry", "09/27")]),
    ("styled-cvv", '<tr><th align="left" width="120">Security code</th><td width="80">123</td></tr>',
     [("cvv", "123")]),
    # look-alikes
    ("coupon-expires", "<tr><td>Coupon</td><td>SAVE10</td><td>Expires</td><td>09/27</td></tr>", []),
    ("subscription-expires", "<tr><td>Subscription expires</td><td>09/27</td></tr>", []),
    ("digits-in-a-non-layout-tag", '<td>Exp</td><img src="x" height="27"><td>09/27</td>', []),
    ("order-number-cell", "<tr><td>Order</td><td>123</td></tr>", []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in HTML])
def test_html_label_cells(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(each_engine, text) == expected


SPLIT = [
    ("mm-yy", '{"acct": "x", "mm": "04", "yy": 2028}', [("expiry", "04/28")]),
    ("yy-mm", '{"yy": "28", "mm": 4, "acct": "x"}', [("expiry", "04/28")]),
    ("mm-yyyy-pretty", '{\n  "acct": "x",\n  "mm": "04",\n  "yyyy": "2028"\n}', [("expiry", "04/28")]),
    ("escaped", '{\\"acct\\": \\"x\\", \\"mm\\": \\"04\\", \\"yy\\": \\"28\\"}', [("expiry", "04/28")]),
    ("exp_mm-exp_yy", '{"acct": "x", "exp_mm": "04", "exp_yy": 2028}', [("expiry", "04/28")]),
    ("expm-expy", '{"acct": "x", "expm": "04", "expy": 28}', [("expiry", "04/28")]),
    ("mon-yr", '{"acct": "x", "mon": 4, "yr": 2028}', [("expiry", "04/28")]),
    # look-alikes: a lone mm or yy, a clock time, a calendar date, a month out of range, different objects
    ("lone-mm-minutes", '{"duration": {"mm": "04", "ss": 12}}', []),
    ("hh-mm", '{"hh": 10, "mm": "04"}', []),
    ("lone-yy-year", '{"report": {"yy": 2028}}', []),
    ("dd-mm-yy", '{"dd": 3, "mm": 4, "yy": 2028}', []),
    ("month-13", '{"yy": 2028, "mm": 13}', []),
    ("pair-across-objects", '{"report": {"yy": 2026}, "mm": 4}', []),
    ("two-months", '{"mm": 4, "mon": 5, "yy": 2028}', []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in SPLIT])
def test_terse_split_expiry_keys(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(each_engine, text) == expected


LANGUAGES = [
    ("de-prose", "Kartennummer: 4111111111111111, Ablaufdatum: 09/27, Prüfziffer: 123",
     [("cvv", "123"), ("expiry", "09/27"), ("pan", VISA)]),
    ("de-json", '{"Kartenprüfnummer": "123", "Ablaufdatum": "09/27"}', [("cvv", "123"), ("expiry", "09/27")]),
    ("de-month-year", "Ablauf Monat: 08, Ablauf Jahr: 2031, Sicherheitscode: 4567", [("cvv", "4567"),
                                                                                      ("expiry", "08/31")]),
    ("de-gueltig-bis-card", "Ihre Karte 4111111111111111 gültig bis 09/27", [("expiry", "09/27"), ("pan", VISA)]),
    ("fr", "date d'expiration 09/27, cryptogramme 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("fr-validite", "date de validité : 09/27 ; code de sécurité : 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("es", "fecha de vencimiento 09/27 código de seguridad 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("es-caducidad", "fecha de caducidad: 09/27", [("expiry", "09/27")]),
    ("pt", "validade 09/27 código de segurança 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("it", "scadenza 09/27 codice di sicurezza 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("nl", "vervaldatum 09/27 beveiligingscode 123", [("cvv", "123"), ("expiry", "09/27")]),
    ("ja", "有効期限：09/27 セキュリティコードは123", [("cvv", "123"), ("expiry", "09/27")]),
    ("ja-json", '{"有効期限": "09/27", "セキュリティコード": "123"}', [("cvv", "123"), ("expiry", "09/27")]),
    # look-alikes: German prose dates that are no card's, a coupon valid until, Japanese text with numbers
    ("de-contract", "Der Vertrag läuft bis 09/27 ab.", []),
    ("de-gueltig-bis-offer", "Das Angebot ist gültig bis 09/27.", []),
    ("de-full-date", "Ablaufdatum des Gutscheins: 30.09.2027", []),
    ("ja-order", "注文番号 1234 ご確認ください 2026", []),
    ("es-invoice-due-date", "fecha de vencimiento de la factura: 30/09/2027", []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in LANGUAGES])
def test_labels_in_other_languages(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(each_engine, text) == expected


def test_a_csv_header_in_german_is_read_as_csv(tmp_path: Path) -> None:
    text = (
        "Kundennummer;Name;Kartennummer;Ablauf Monat;Ablauf Jahr;Prüfziffer;Telefon\n"
        "56436653;A. Muster;4111 1111 1111 1111;08;2031;792;+440253340762\n"
        "56436654;B. Muster;;;;;+440253340763\n"
    )
    out = scan_bytes(tmp_path, text.encode(), "export.csv")
    got = sorted((f["type"], f["location"]["column"], f["location"]["row"]) for f in out["findings"])
    assert got == [("cvv", "Prüfziffer", 2), ("expiry", "Ablauf Monat", 2), ("pan", "Kartennummer", 2)]
    assert "792" not in repr(out) and "4111 1111 1111 1111" not in repr(out)
