"""A bare "code" in Spanish, Portuguese, French, Italian or German (``scanners.detectors.bare_codes``): the card's
code only right after the card's expiry date (a keyword of any of these languages) or its number, as the English
"... expires 06 2032 and the code is 380" (red-team round 82: "número de tarjeta: 4… caducidad 03/27 el código es
826"). Alone, or after another subject's date, it names a promo, a voucher or an order code."""

import pytest

from scanners.detectors.cvv import CvvDetector
from scanners.engine.core import Backend, Engine
from tests.unit.cardvalues import luhn

PAN = luhn("451416730931405")  # a Visa number made for these tests
DOTTED = ".".join(PAN[i : i + 4] for i in range(0, 16, 4))
GROUPED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))

FINDS = [
    ("es-after-expiry", f"número de tarjeta: {DOTTED} caducidad 03/27 el código es 826", "826"),
    ("es-and-after-expiry", f"tarjeta {GROUPED}, vence 03/27 y el código es 826", "826"),
    ("es-unaccented", f"tarjeta {GROUPED} caducidad 03/27 el codigo es 826", "826"),
    ("pt-after-expiry", f"cartão {GROUPED} validade 03/27 o código é 4821", "4821"),
    ("fr-after-expiry", f"carte {GROUPED} date d'expiration 03/27 et le code est 826", "826"),
    ("it-after-expiry", f"carta {GROUPED} scadenza 03/27 il codice è 826", "826"),
    ("de-after-expiry", f"Karte {GROUPED} gültig bis 03/27, der Code ist 826", "826"),
    ("de-after-card", f"Karte {GROUPED} der Code ist 826", "826"),
    ("es-after-card", f"mi tarjeta es {GROUPED} y el código es 826", "826"),
]
QUIET = [
    ("es-alone", "el código es 253"),
    ("es-promo-after-expiry", f"tarjeta {GROUPED} caducidad 03/27 el código promocional es 826"),
    ("es-voucher-expiry", "el cupón caduca 03/27 y el código es 826"),
    ("it-after-invalid-number", f"riferimento {GROUPED[:-1]}{(int(PAN[-1]) + 1) % 10} il codice è 826"),
    ("pt-order-code", "o código é 4821"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "code"), [pytest.param(t, c, id=i) for i, t, c in FINDS])
def test_a_bare_code_word_after_a_cards_expiry_or_number(backend: Backend, text: str, code: str) -> None:
    assert [s.value for s in Engine(backend=backend).scan_text(text) if s.type == "cvv"] == [code]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in QUIET])
def test_a_bare_code_word_alone_or_after_another_subject(text: str) -> None:
    assert [s for s in CvvDetector().find(text) if s.type == "cvv"] == []
    assert [s for s in Engine().scan_text(text) if s.type == "cvv"] == []
