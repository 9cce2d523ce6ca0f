"""Issue 11, miss classes: a label cell naming the value in the next cell of an HTML receipt or notification mail
(entity-encoded or not), an expiry split over terse keys (``mm``/``yy`` as a pair in one object, ``exp_mm``,
``mon``/``yr``), and a CSV export whose header names its columns in German (labels in other languages in prose and
keys: ``test_detector_cvv_intl``, ``test_detector_expiry_intl``). Look-alikes stay quiet: a coupon's or a
subscription's ``<td>Expires</td>``, minutes and years under ``mm``/``yy``."""

from __future__ import annotations

import re
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
    # a help desk body: the label on one line, the value on the next (HTML <br>, or \n escaped in its JSON string)
    ("br-lines", "<p>expiry<br>09/2027<br>cvc<br/>123</p>", [("cvv", "123"), ("expiry", "09/27")]),
    ("escaped-breaks", '{"plain_body": "expiry\\n09/2027\\ncvc\\n123"}', [("cvv", "123"), ("expiry", "09/27")]),
    # a tab-separated dump logged as a JSON string (Powertools' message): the escaped tab parts key and value
    ("escaped-tabs", '{"message": "fields\\tcvv\\t655\\texp\\t12/29"}', [("cvv", "655"), ("expiry", "12/29")]),
    ("cvv-check-status-tab", '{"msg": "cvv check\\tstatus 200"}', []),
    # a receipt's "Expires" row: the table names the card in a row before it (a card word or a card number cell)
    ("receipt-expires-row", '<table><tr><td class="label" style="color:#555">Card</td><td class="value" '
     'style="text-align:right">Visa debit</td></tr><tr><td class="label" style="color:#555">Expires</td>'
     '<td class="value" style="text-align:right">08/27</td></tr></table>', [("expiry", "08/27")]),
    # the same receipt naming its card truncated: the expiry is card metadata (PCI DSS: only with the full PAN)
    ("receipt-masked-card", '<table><tr><td class="label" style="color:#555">Card number</td><td class="value" '
     'style="text-align:right">************4242</td></tr><tr><td class="label" style="color:#555">Expires</td>'
     '<td class="value" style="text-align:right">08/27</td></tr></table>', []),
    # look-alikes
    ("coupon-table-expires", "<table><tr><td>Coupon code</td><td>SAVE10</td></tr><tr><td>Discount</td><td>10 %</td>"
     "</tr><tr><td>Expires</td><td>09/27</td></tr></table>", []),
    ("cvv-check-status", '{"msg": "cvv check\\nstatus 200"}', []),
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


def test_a_csv_header_in_german_is_read_as_csv(tmp_path: Path) -> None:
    text = (
        "Kundennummer;Name;Kartennummer;Ablauf Monat;Ablauf Jahr;Prüfziffer;Telefon\n"
        "56436653;A. Muster;4111 1111 1111 1111;08;2031;792;+440253340762\n"
        "56436654;B. Muster;;;;;+440253340763\n"
    )
    out = scan_bytes(tmp_path, text.encode(), "export.csv")
    got = sorted((f["type"], f["location"]["column"], f["location"]["row"]) for f in out["findings"])
    assert got == [("cvv", "Prüfziffer", 2), ("expiry", "Ablauf Monat", 2), ("pan", "Kartennummer", 2)]
    # the code as a value of its own (a timing such as 482769.1187928 may hold its digits: no leak)
    assert re.search(r"(?<![0-9.])792(?![0-9.])", repr(out)) is None and "4111 1111 1111 1111" not in repr(out)
