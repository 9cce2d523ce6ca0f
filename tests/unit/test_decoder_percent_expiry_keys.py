"""PercentDecoder: an expiry under its key in a form-urlencoded body, its slash escaped (``CardExpDate=06%2F28``), is
read with its key whatever the key's name and however the slash is escaped. Beside a truncated card in the same
record (CloudPayments' notification: ``CardFirstSix``, ``CardLastFour``, ``CardExpDate``) the expiry is card
metadata, not cardholder data (PCI DSS counts it only stored with the full PAN: ``detectors.card_summary``); with
the full card number in the same body it is reported."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine


def card(prefix: str, length: int) -> str:
    """The first Luhn-valid number of ``length`` digits that starts with ``prefix`` (zeros between)."""
    return next(c for k in range(10) if luhn_valid(c := prefix + "0" * (length - len(prefix) - 1) + str(k)))


MIR = card("220012", 16)
KEYS = ("CardExpDate", "expDate", "exp_date", "expiry", "card_expiry", "cc-exp", "ExpirationDate", "validade",
        "card%5Bexp%5D")  # fmt: skip
SLASHES = ("%2F", "%2f", "+%2F+", "%252F")


def body(*pairs: str) -> str:
    return "2026-06-01T14:02:54.408Z INFO notify/pay body=TransactionId=040740983&Amount=2586.00&" + "&".join(pairs)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("slash", SLASHES)
def test_expiry_under_its_key_with_an_escaped_slash(key: str, slash: str, backend: Backend) -> None:
    text = body(f"{key}=06{slash}28", "TestMode=0")
    assert [(s.type, s.value) for s in Engine(backend=backend).scan_text(text)] == [("expiry", "06/28")]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # a truncated card's record: card metadata
        (("CardFirstSix=220012", "CardLastFour=1234", "CardExpDate=06%2F28"), set()),
        (("CardLastFour=1234", "CardExpDate=06%2F28"), set()),
        # the full card number in the same body: cardholder data
        ((f"CardFirstSix={MIR[:6]}", f"CardLastFour={MIR[-4:]}", "CardExpDate=06%2F28", f"Data=%7B%22card%22%3A%22{MIR}"
          "%22%7D"), {("pan", MIR), ("expiry", "06/28")}),
    ],
)
def test_an_expiry_beside_a_truncated_card_is_metadata(pairs: tuple[str, ...], expected: set[tuple[str, str]],
                                                       backend: Backend) -> None:
    assert {(s.type, s.value) for s in Engine(backend=backend).scan_text(body(*pairs))} == expected
