"""Twelve-digit Maestro numbers named by the YAML mapping or HCL block that holds them (``shortpan.in_card_block``):
a Rails fixture's ``card_25:`` above ``number: "…"``, a mapping holding the card's code, a Terraform variable named
for a card; the same number in a mapping or block named otherwise (an AWS account, an invoice) stays quiet."""

from __future__ import annotations

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.engine.core import Engine


def luhn_id(prefix: str, length: int) -> str:
    for n in range(10 ** (length - len(prefix))):
        digits = f"{prefix}{n:0{length - len(prefix)}d}"
        if luhn_valid(digits) and is_pan(digits):
            return digits
    raise AssertionError(prefix)


M12 = luhn_id("6761478", 12)
PAN = luhn_id("636368183997", 16)
TF = 'variable "{name}" {{\n  type      = string\n  sensitive = true\n  default   = "{value}"\n}}\n'

CASES = [
    pytest.param(f'card_25:\n  user: user_3\n  number: "{M12}"\n  month: 7\n', [M12], id="rails-fixture-name"),
    pytest.param(f'primary:\n  user: user_3\n  number: "{M12}"\n  verification_value: "412"\n', [M12],
                 id="yaml-code-member"),
    pytest.param(f'wallet:\n  - holder: A\n    number: {M12}\n    cvv: "412"\n', [M12], id="yaml-item-cvv"),
    pytest.param(TF.format(name="synthetic_card_3", value=M12), [M12], id="tf-variable-card"),
    # quiet: the mapping or block names something else
    pytest.param(f'aws:\n  region: eu-west-1\n  account: "{M12}"\n', [], id="yaml-aws-account"),
    pytest.param(f'invoice_25:\n  user: user_3\n  number: "{M12}"\n  month: 7\n', [], id="yaml-invoice"),
    pytest.param(TF.format(name="aws_account_id", value=M12), [], id="tf-variable-account"),
    pytest.param(f'variable "x" {{\n  default = "{M12}"\n}}\n# card\n', [], id="tf-card-word-elsewhere"),
    # a JSON object whose card's own number is a member between this number and the card's expiry (a Genesys
    # participant's attributes): the expiry is that card's, this number an account's
    pytest.param(f'{{\n  "ivr.accountNumber": "{M12}",\n  "ivr.cardNumber": "{PAN}",\n  "ivr.cardExpiry": "0831"\n}}',
                 [PAN], id="json-account-beside-card-number"),
    pytest.param(f'{{\n  "number": "{M12}",\n  "expiry": "0831"\n}}', [M12], id="json-number-then-expiry"),
    # the same as XML elements (a Moneris purchase: ``<order_id>`` then the card's ``<pan>`` and ``<expdate>``)
    pytest.param(f"<purchase>\n<order_id>ord-{M12}</order_id><amount>285.09</amount>\n<pan>{PAN}</pan>\n"
                 "<expdate>3305</expdate>\n</purchase>", [PAN], id="xml-order-beside-pan-element"),
    pytest.param(f"<Card>\n<ns1:AccountNum>{M12}</ns1:AccountNum>\n<ns1:Exp>0831</ns1:Exp>\n</Card>", [M12],
                 id="xml-number-then-expiry"),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_twelve_digits_named_by_their_block(text: str, want: list[str]) -> None:
    assert [text[s.start : s.end] for s in Engine().scan_text(text) if s.type == "pan"] == want
