"""JapaneseLabelDetector: expiry dates and security codes after Japanese labels (有効期限, セキュリティコード), written
with ASCII or full-width digits (the latter through the Unicode-digits decoder), on both back ends; Japanese text
with numbers and no such label stays quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.japanese import JapaneseLabelDetector
from scanners.engine.core import Engine

CASES = [
    ("expiry-colon", "有効期限：09/27", [("expiry", "09/27")]),
    ("expiry-particle", "カード番号は控えました。有効期限は 09/27 です", [("expiry", "09/27")]),
    ("expiry-json", '{"有効期限": "09/27"}', [("expiry", "09/27")]),
    ("cvv-particle", "セキュリティコードは123", [("cvv", "123")]),
    ("cvv-json", '{"セキュリティコード": "123"}', [("cvv", "123")]),
    ("both", "有効期限：09/27 セキュリティーコード：4567", [("cvv", "4567"), ("expiry", "09/27")]),
    ("fullwidth-digits", "有効期限 ０９/２７ です", [("expiry", "09/27")]),
    # look-alikes
    ("order-number", "注文番号 1234 ご確認ください 2026", []),
    ("coupon-code", "クーポンコード 1234", []),
    ("expiry-duration", "有効期限 12 ヶ月", []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_japanese_labels(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan") == expected


def test_lines_without_a_label_are_rejected_whole() -> None:
    assert list(JapaneseLabelDetector().find("お支払いありがとうございます 12/30 123")) == []
