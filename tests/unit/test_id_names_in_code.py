"""Card-prefixed ids named in source and config files by something other than a plain key: a numbered constant
(``LOYALTY_ACCOUNT_ID_7 = "…"``), an RSpec helper (``let(:order_ref) { '…' }``), a name/value pair written as two
fields (a Kubernetes env item, a Liquibase column, a Terraform SSM parameter: ``cards.pairfields``). Each id stays
quiet; the card written the same way under a card's name is still found."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id

ID = luhn_id("4617614", 19)
VISA = luhn_id("4539148", 16)
K8S = '        env:\n          - name: {name}\n            value: "{value}"\n'
LIQUIBASE = '    <insert tableName="card">\n      <column name="{name}" value="{value}"/>\n    </insert>\n'
TF = 'resource "aws_ssm_parameter" "p" {{\n  name  = "{name}"\n  type  = "SecureString"\n  value = "{value}"\n}}\n'

CASES = [
    pytest.param(f'LOYALTY_ACCOUNT_ID_7 = "{ID}"\n', [], id="numbered-constant"),
    pytest.param(f'ORDER_REF_12 = "{ID}"\n', [], id="numbered-order-ref"),
    pytest.param(f"    let(:order_ref) {{ '{ID}' }}\n", [], id="rspec-let"),
    pytest.param(f'    let!(:merchant_ref) {{ "{ID}" }}\n', [], id="rspec-let-bang"),
    pytest.param(K8S.format(name="CANARY_ORDER_3", value=ID), [], id="k8s-env-order"),
    pytest.param(LIQUIBASE.format(name="merchant_ref", value=ID), [], id="liquibase-merchant-ref"),
    pytest.param(TF.format(name="/payments/smoke/order_ref", value=ID), [], id="ssm-order-ref"),
    # the same shapes holding a card under a card's name (or no name) are found
    pytest.param(f'CARD_NUMBER_7 = "{VISA}"\n', [VISA], id="numbered-card"),
    pytest.param(f'FALLBACK_PAN_3 = "{VISA}"\n', [VISA], id="numbered-pan"),
    pytest.param(f"    let(:card_number) {{ '{VISA}' }}\n", [VISA], id="rspec-let-card"),
    pytest.param(f"    let(:order) {{ build(:order, card: '{VISA}') }}\n", [VISA], id="rspec-let-order-card-inside"),
    pytest.param(K8S.format(name="CANARY_CARD_3", value=VISA), [VISA], id="k8s-env-card"),
    pytest.param(LIQUIBASE.format(name="pan", value=VISA), [VISA], id="liquibase-pan"),
    pytest.param(TF.format(name="/payments/smoke/card0/pan", value=VISA), [VISA], id="ssm-card"),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_ids_quiet_cards_found(text: str, want: list[str]) -> None:
    assert [text[s.start : s.end] for s in Engine().scan_text(text) if s.type == "pan"] == want
