"""A pair's second item named by its first (``held_values.PAIR``): Werkzeug's ``ImmutableMultiDict([('cvv', '…')])``,
a list of tuples, Rails' SQL binds (also escaped in a JSON string), an Erlang proplist's ``{cvv,<<"…">>}``: the
security code and the expiry are found beside the card number; a PHP ``var_dump`` shipped in a JSON string (its line
breaks and quotes escaped) names its values as the plain dump does. A pair of another name, or a tuple of more than
two items, lends nothing; a certificate's Luhn-valid serial (an id's key names it) makes no "expires" date a card's."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine


def luhn(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


PAN = luhn("532618123409137")  # no published test card
SERIAL = luhn("467007123456790")


def var_dump(members: dict[str, str]) -> str:
    """PHP's ``var_dump`` of an array of strings."""
    rows = "".join(f'  ["{k}"]=>\n  string({len(v)}) "{v}"\n' for k, v in members.items())
    return f"array({len(members)}) {{\n{rows}}}\n"


CASES = [
    ("werkzeug", f"ImmutableMultiDict([('card_number', '{PAN}'), ('cvv', '068'), ('expiry', '06/32')])",
     {"pan", "cvv", "expiry"}),
    ("werkzeug-no-card", "form=ImmutableMultiDict([('cvc', '068'), ('exp', '06/32')])", {"cvv", "expiry"}),
    ("tuple-list-double", f'[("number", "{PAN}"), ("security_code", "4821")]', {"pan", "cvv"}),
    ("erlang-proplist", f'=INFO REPORT==== charge_req: [{{card_number,<<"{PAN}">>}},{{cvv,<<"970">>}},'
     '{expiry,<<"09/29">>}]', {"pan", "cvv", "expiry"}),
    ("erlang-string", '[{cvc,"970"},{amount,1200}]', {"cvv"}),
    ("rails-binds-in-json", json.dumps({"message": f'  Payment Create (0.9ms)  INSERT INTO "payments" ("number", '
     f'"cvv", "exp") VALUES ($1, $2, $3)  [["number", "{PAN}"], ["cvv", "311"], ["exp", "04/30"]]'}),
     {"pan", "cvv", "expiry"}),
    ("var-dump-in-json", json.dumps({"service": "cart", "message": var_dump(
        {"card_number": PAN, "cvv": "123", "expiry": "09/29"})}), {"pan", "cvv", "expiry"}),
    ("var-dump-plain", var_dump({"card_number": PAN, "cvv": "123", "expiry": "09/29"}), {"pan", "cvv", "expiry"}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_pair_names_its_value(backend: Backend, text: str, types: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(text)} == types


@pytest.mark.parametrize(
    "text",
    [
        "ImmutableMultiDict([('qty', '068'), ('size', '06/32')])",  # other names
        "[('cvv_result', 'M'), ('count', '123')]",  # a result code, a count
        "row=('cvv', '068', 'extra')",  # three items: no pair
        f"tls: certificate CN=api.gateway.example serial={SERIAL} expires 03/27 (rotation due)",
        json.dumps({"message": f"certificate serial={SERIAL} expires 03/27"}),
    ],
    ids=["other-names", "result-code", "triple", "cert-serial", "cert-serial-json"],
)
def test_what_stays_quiet(text: str) -> None:
    assert Engine().scan_text(text) == []


def test_a_card_before_expires_still_names_its_date() -> None:
    assert {s.type for s in Engine().scan_text(f"card {PAN} expires 03/27")} == {"pan", "expiry"}
