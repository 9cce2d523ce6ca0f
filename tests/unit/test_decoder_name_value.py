"""NameValueDecoder and ``cards.pairfields``: a name/value pair written as two fields (a Kubernetes env item, an ECS
environment object, a Terraform block's ``name``/``value`` arguments, an element's attributes) read as ``name:
value``: a security code or expiry under a name that says so is found on the value's line, a card-prefixed id under a
name that says it is no card stays quiet; a value beside another name is left alone."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.pairfields import pair_name
from scanners.decoders.name_value import NameValueDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import collecting

D = NameValueDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("442942261590620")
ID = luhn("484457580932076719")  # a 19-digit Visa-prefixed id

K8S = ('          env:\n            - name: {name}\n              value: "{value}"\n            - name: PORT\n'
       '              value: "8080"\n')
ECS = ('      "environment": [\n        {{\n          "name": "{name}",\n          "value": "{value}"\n        }}\n'
       '      ]')
TF = 'resource "aws_ssm_parameter" "p" {{\n  name  = "{name}"\n  type  = "SecureString"\n  value = "{value}"\n}}\n'
XML = '    <insert tableName="card">\n      <column name="{name}" value="{value}"/>\n    </insert>\n'

CASES = [
    ("k8s-cvv", K8S.format(name="CANARY_CARD_0_CVV", value="685"), {(3, "cvv")}),
    ("k8s-expiry", K8S.format(name="CANARY_CARD_0_EXPIRY", value="12/29"), {(3, "expiry")}),
    ("k8s-card", K8S.format(name="CANARY_CARD_0", value=PAN), {(3, "pan")}),
    ("ecs-cvv", ECS.format(name="SMOKE_CARD_0_CVV", value="174"), {(4, "cvv")}),
    ("ecs-amex-cid", ECS.format(name="SMOKE_CARD_2_CVV", value="4180"), {(4, "cvv")}),
    ("tf-ssm-path", TF.format(name="/payments/smoke/card0/cvv", value="616"), {(4, "cvv")}),
    ("xml-cvv", XML.format(name="cvv", value="123"), {(2, "cvv")}),
    # quiet: the name says what else the value is
    ("k8s-order-id", K8S.format(name="CANARY_ORDER_3", value=ID), set()),
    ("xml-merchant-ref", XML.format(name="merchant_ref", value=PAN), set()),
    ("tf-order-ref", TF.format(name="/payments/smoke/order_ref", value=PAN), set()),
    ("ecs-order", ECS.format(name="SMOKE_ORDER_0", value="174"), set()),
    ("k8s-export", K8S.format(name="EXPORT_BATCH", value="1229"), set()),
    ("ecs-billing-expiry", ECS.format(name="_billing_expiry", value="2032-01"), set()),  # a period's, no card's
    # the cvv name's own value is no number; the next item's value is the port's
    ("k8s-next-item", K8S.format(name="CANARY_CARD_0_CVV", value="from-secret"), set()),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_pairs_read_as_name_and_value(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    found = Engine(backend=backend).scan_text(text)
    assert {(text[: s.start].count("\n") + 1, s.type) for s in found} == want


NAMES = [
    ("k8s", '  - name: A_CVV\n    value: "123"', "A_CVV"),
    ("k8s-value-first", '  - value: "123"\n    name: A_CVV', "A_CVV"),
    ("yaml-key", '  - key: A_CVV\n    value: 123', "A_CVV"),
    ("ecs", '{\n  "name": "A_CVV",\n  "value": "123"\n}', "A_CVV"),
    ("cfn-cli", '{"ParameterKey": "CardCvv", "ParameterValue": "123"}', "CardCvv"),
    ("tf", 'resource "x" "y" {\n  name = "a/cvv"\n  value = "123"\n}', "a/cvv"),
    ("xml", '<column name="cvv" value="123"/>', "cvv"),
    # no pair: another item's name, another block's name, a value with no name field, a name in another element
    ("k8s-other-item", '  - name: A_CVV\n  - value: "123"', None),
    ("tf-other-block", 'resource "x" "y" {\n  name = "a/cvv"\n}\nresource "x" "z" {\n  value = "123"\n}', None),
    ("yaml-no-name", 'limits:\n  value: 123', None),
    ("xml-other-element", '<param name="cvv"/><column value="123"/>', None),
]


@pytest.mark.parametrize(("text", "name"), [pytest.param(c[1], c[2], id=c[0]) for c in NAMES])
def test_pair_name(text: str, name: str | None) -> None:
    assert pair_name(text, text.index("123")) == name


def test_the_segment_is_the_name_and_value_lines_the_value_under_the_name() -> None:
    text = K8S.format(name="CANARY_CARD_0_CVV", value="685")
    segments = list(D.decode(text, 0, len(text)))
    lines = '            - name: CANARY_CARD_0_CVV\n              value: "685"'
    assert [(s.start, s.end, s.text, s.lines) for s in segments] == [(
        text.index(lines), text.index(lines) + len(lines),
        '            - name: CANARY_CARD_0_CVV\n              CANARY_CARD_0_CVV: "685"', True)]


FLOW = ('{{"ContactId": "{contact}", "ContactFlowModuleType": "SetAttributes", "Parameters": {{"Key": "{name}", '
        '"Value": "{value}"}}}}\n')


def test_records_of_one_key_pair_each_value_with_its_own_name_and_leave_nothing_undecoded() -> None:
    """A Connect flow log writes ``"Key": "cardExpiry"`` record after record: a value paired with a neighbour's
    name was rewritten again one layer deeper for each record in reach, until the depth limit marked the file
    incomplete although nothing was left unread."""
    values = ["1132", "0729", "1231", "0430", "0928", "1033"]
    text = "".join(FLOW.format(contact=f"c{i}", name="cardExpiry", value=v) for i, v in enumerate(values))
    with collecting() as limits:
        found = Engine().scan_text(text)
    assert limits == set()
    assert sorted((text[: s.start].count("\n") + 1, s.type) for s in found) == [(i, "expiry") for i in range(1, 7)]
    segments = list(D.decode(text, 0, len(text)))
    assert [s.text.count("\n") for s in segments] == [0] * 6  # each its own record's line
