"""HtmlEntityDecoder: a label whose letters are written as entities (an HTML mail's ``C&oacute;digo de
seguran&ccedil;a`` before a plain code cell) reads as its text, so the detectors find the value it names as they do
beside the plain label; labels that name something else stay quiet. Both back ends give the same findings."""

from __future__ import annotations

import pytest

from scanners.decoders.html_entity import HtmlEntityDecoder
from scanners.engine.core import Engine


def _decimal(word: str) -> str:
    """Every letter outside ASCII written as a decimal character reference."""
    return "".join(c if c.isascii() else f"&#{ord(c)};" for c in word)


def _hexadecimal(word: str) -> str:
    return "".join(c if c.isascii() else f"&#x{ord(c):X};" for c in word)


CODE_PT = "C&oacute;digo de seguran&ccedil;a"
# (case, text, [(type, value)] found besides any card number)
CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("pt-code-cell", f"<tr><td>{CODE_PT}</td><td>436</td></tr>", [("cvv", "436")]),
    ("pt-mail-row", f"<tr><td>Validade</td><td>09/32</td></tr><tr><td>{CODE_PT}</td><td>253</td></tr>",
     [("cvv", "253"), ("expiry", "09/32")]),
    ("es-expiry-cell", "<tr><td>Fecha de expiraci&oacute;n</td><td>06/28</td></tr>", [("expiry", "06/28")]),
    ("de-expiry-colon", "<p>G&uuml;ltig bis: 06/28</p>", [("expiry", "06/28")]),
    ("pt-decimal-references", f"<p>{_decimal('Código de segurança')}: 436</p>", [("cvv", "436")]),
    ("pt-hex-references", f"<p>{_hexadecimal('Código de segurança')}: 436</p>", [("cvv", "436")]),
    ("pl-code-bold", f"<p><b>{_decimal('Kod bezpieczeństwa')}:</b> 436</p>", [("cvv", "436")]),
    ("ru-expiry", f"<p>{_decimal('срок действия')}: 06/28</p>", [("expiry", "06/28")]),
    # near misses: an escaped label that names a price, an order, a postcode; prose with a number and a date
    ("pt-price-cell", "<tr><td>Pre&ccedil;o</td><td>436</td></tr>", []),
    ("pt-order-number", "<p>N&uacute;mero do pedido: 4361</p>", []),
    ("pt-postcode", "<p>C&oacute;digo postal: 1234</p>", []),
    ("pt-prose", "<p>Ol&aacute;, seu pedido 123 chegou em 06/28</p>", []),
    ("fr-series", "<p>S&eacute;rie 436 &agrave; 06/28</p>", []),
    ("ru-order", f"<p>{_decimal('номер заказа')}: 436</p>", []),
]
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


@pytest.mark.parametrize("engine", ENGINES, ids=["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_escaped_label_names_its_value(engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in engine.scan_text(text) if s.type != "pan") == expected


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        (f"<td>{CODE_PT}</td><td>436</td>", "Código de segurança</td><td>436"),
        ("<p>Fecha de expiraci&oacute;n: 06/28</p>", "Fecha de expiración: 06/28"),
    ],
)
def test_escaped_label_decodes_with_its_value(text: str, decoded: str) -> None:
    assert [d.text for d in HtmlEntityDecoder().decode(text)] == [decoded]


@pytest.mark.parametrize(
    "text",
    [
        "<p>Pre&ccedil;o total</p>",  # no digit after the label
        "<a href='/x?a=1&amp;b=2'>link</a>",  # an escaped ampersand is no letter
        "<p>caf&eacute; &mdash; " + "x" * 30 + " 12</p>",  # the digit too far from the label
        "<p>Caf&eacute; aberto desde 1998</p>",  # prose: no colon, equals sign or tag ends a label
    ],
)
def test_no_trigger_without_a_value_after_an_escaped_letter(text: str) -> None:
    assert list(HtmlEntityDecoder().decode(text)) == []


def _fullwidth(digits: str, *, hexadecimal: bool = False) -> str:
    """Each digit as the character reference of its full-width form, as PHP's ``mb_encode_numericentity`` writes it."""
    return "".join(f"&#x{0xFF10 + int(d):X};" if hexadecimal else f"&#{0xFF10 + int(d)};" for d in digits)


JCB = "3530111333300000"  # a published JCB test card


@pytest.mark.parametrize("engine", ENGINES, ids=["hyperscan", "re"])
@pytest.mark.parametrize("hexadecimal", [False, True], ids=["decimal", "hex"])
def test_full_width_digit_references_are_read(engine: Engine, hexadecimal: bool) -> None:
    """A Japanese shop's confirmation table with the card number's full-width digits as character references
    (red-team round 64); a number of them that fails Luhn stays quiet."""
    line = f"<tr><td>カード番号</td><td>{_fullwidth(JCB, hexadecimal=hexadecimal)}</td></tr>"
    assert [s.value for s in engine.scan_text(line) if s.type == "pan"] == [JCB]
    bad = f"<tr><td>カード番号</td><td>{_fullwidth(JCB[:-1] + '1', hexadecimal=hexadecimal)}</td></tr>"
    assert [s for s in engine.scan_text(bad) if s.type == "pan"] == []


def test_soft_hyphen_entities_between_digits_join() -> None:
    card = "4111111111111111"  # a published test card
    text = "<p>Card: " + "&shy;".join(card) + "</p>"
    got = [[(f.type, f.value) for f in engine.scan_text(text)] for engine in (Engine(backend="hyperscan"),
                                                                             Engine(backend="re"))]
    assert got[0] == got[1] == [("pan", card)]
