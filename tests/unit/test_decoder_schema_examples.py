"""SchemaExamplesDecoder: an OpenAPI schema property's ``example``/``default`` read under the property's name; an
``example`` that is no property's (a parameter's, a media type's, Helm values' ``default``) is left alone."""

from __future__ import annotations

import pytest

from scanners.decoders.schema_examples import SchemaExamplesDecoder
from scanners.engine.core import Backend, Engine

D = SchemaExamplesDecoder()

SCHEMA = (
    "components:\n  schemas:\n    CardInput:\n      type: object\n      properties:\n"
    "        {name}:\n          type: string\n          {key}: \"{value}\"\n"
    "        amount:\n          type: integer\n          example: 410\n"
)

CASES = [
    ("cvv", SCHEMA.format(name="cvv", key="example", value="410"), {(8, "cvv")}),
    ("expiry", SCHEMA.format(name="expiry", key="example", value="06/27"), {(8, "expiry")}),
    ("cvc-default", SCHEMA.format(name="cvc", key="default", value="123"), {(8, "cvv")}),
    ("other-name", SCHEMA.format(name="zip", key="example", value="123"), set()),
    ("not-a-property", SCHEMA.format(name="cvv", key="example", value="410").replace("properties:", "parameters:"),
     set()),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_examples_are_read_under_their_property(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    found = Engine(backend=backend).scan_text(text)
    assert {(text[: s.start].count("\n") + 1, s.type) for s in found} == want


def test_the_segment_runs_from_the_property_to_its_example() -> None:
    text = SCHEMA.format(name="cvv", key="example", value="410")
    segments = [s for s in D.decode(text, 0, len(text)) if "410" in s.text and "cvv" in s.text]
    start = text.index("        cvv:")
    end = text.index('"410"') + 5
    assert [(s.start, s.end, s.text, s.lines) for s in segments] == [
        (start, end, '        cvv:\n          type: string\n          cvv: "410"', True)]


@pytest.mark.parametrize(
    "text",
    [
        'paths:\n  /cards:\n    post:\n      parameters:\n        - name: cvv\n          example: "410"\n',
        'replicaCount:\n  default: 3\n',
        'cvv:\n  example: "410"\n',  # no properties mapping above
    ],
    ids=["parameter", "helm", "top-level"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []
