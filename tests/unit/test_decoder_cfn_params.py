"""CfnParamsDecoder: a CloudFormation/SAM parameter's ``Default`` read under the parameter's logical name (YAML and
JSON templates); a ``Default`` that is no parameter's (a Step Functions state, Helm values) is left alone, and a
masked card's default beside an expiry's stays quiet as it would written under the names."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.cfn_params import CfnParamsDecoder
from scanners.engine.core import Backend, Engine

D = CfnParamsDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("442942261590620")
YAML = (
    "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nParameters:\n"
    "  SmokeTestCardNumber:\n    Type: String\n    NoEcho: true\n    Default: '{pan}'\n"
    "  SmokeTestCardExpiry:\n    Type: String\n    # rotated yearly\n    Default: '06/28'\n"
    "  SmokeTestCardCvc:\n    Type: String\n    NoEcho: true\n    Default: \"123\"\n"
    "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      MemorySize: 512\n"
)
JSON = (
    '{{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Parameters": {{\n'
    '    "CardNumber": {{"Type": "String", "NoEcho": true, "Default": "{pan}"}},\n'
    '    "CardExpiry": {{\n      "Type": "String",\n      "NoEcho": true,\n      "Default": "06/28"\n    }},\n'
    '    "CardCvc": {{"Type": "String", "Default": "123"}}\n  }},\n  "Resources": {{}}\n}}\n'
)

CASES = [
    ("yaml", YAML.format(pan=PAN), {(7, "pan"), (11, "expiry"), (15, "cvv")}),
    ("yaml-no-card", YAML.format(pan="placeholder"), {(11, "expiry"), (15, "cvv")}),
    ("json", JSON.format(pan=PAN), {(4, "pan"), (8, "expiry"), (10, "cvv")}),
    # numbered parameters: a logical id is alphanumeric, its index glued to the name (SmokeCardCvv0)
    ("yaml-indexed", YAML.format(pan=PAN).replace("Number:", "Number0:").replace("Expiry:", "Expiry1:")
     .replace("Cvc:", "Cvc0:"), {(7, "pan"), (11, "expiry"), (15, "cvv")}),
    ("json-indexed", JSON.format(pan=PAN).replace('Cvc"', 'Cvc12"'), {(4, "pan"), (8, "expiry"), (10, "cvv")}),
    ("yaml-masked-card", YAML.format(pan=PAN[:6] + "******" + PAN[-4:]).replace("    Default: \"123\"\n", ""),
     set()),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_defaults_are_read_under_their_parameter(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    found = Engine(backend=backend).scan_text(text)
    assert {(text[: s.start].count("\n") + 1, s.type) for s in found} == want


def test_the_segment_is_the_parameters_block_with_defaults_named() -> None:
    text = YAML.format(pan="x")
    at = text.index("    Default: '06/28'")
    (seg,) = list(D.decode(text, at, text.index("\n", at)))
    assert seg.lines and (seg.start, seg.end) == (text.index("Parameters:"), text.index("\nResources:"))
    assert "    SmokeTestCardExpiry: '06/28'\n" in seg.text and "Default" not in seg.text


@pytest.mark.parametrize(
    "text",
    [
        "States:\n  Check:\n    Type: Choice\n    Choices: []\n    Default: '06/28'\n",  # a Step Functions state
        "image:\n  tag:\n    Default: '06/28'\n",  # Helm-like values, no Parameters
        "Parameters:\n  Default: '06/28'\n",  # no parameter between
        '{"States": {"Check": {"Type": "Choice", "Default": "06/28"}}}',
    ],
    ids=["step-functions", "helm", "no-parameter", "json-state"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []
