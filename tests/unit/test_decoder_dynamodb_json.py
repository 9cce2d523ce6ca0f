"""DynamodbJsonDecoder: DynamoDB's typed JSON (stream images, low-level items) with maps and lists is made plain, so
a card's parts under a map (``"exp": {"M": {"month": ..., "year": ...}}``) are read as the plain JSON they stand for;
lines without a map or list wrapper are left alone (a typed value directly under its key is read where it stands)."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.dynamodb_json import DynamodbJsonDecoder, plain, plain_lines
from scanners.engine.core import Engine

D = DynamodbJsonDecoder()


def image(card: dict[str, object]) -> str:
    return json.dumps(
        {"eventName": "INSERT", "dynamodb": {"Keys": {"pk": {"S": "order#1"}}, "NewImage": {"card": {"M": card}}}}
    )


EXP = {"exp": {"M": {"month": {"N": "12"}, "year": {"N": "2027"}}}}
PLAIN = [
    (
        "map-in-map",
        image({"cvc": {"S": "123"}, **EXP}),
        '{"eventName": "INSERT", "dynamodb": {"Keys": {"pk": "order#1"}, "NewImage": {"card": {"cvc": "123", '
        '"exp": {"month": "12", "year": "2027"}}}}}',
    ),
    (
        "list-of-maps",
        json.dumps({"cards": {"L": [{"M": {"cvv": {"S": "123"}}}, {"S": "x"}]}}),
        '{"cards": [{"cvv": "123"}, "x"]}',
    ),
    (
        "python-repr",
        "{'card': {'M': {'exp': {'M': {'month': {'N': '12'}}}, 'ok': {'BOOL': True}}}}",
        "{'card': {'exp': {'month': '12'}, 'ok': True}}",
    ),
    ("escaped", '{\\"card\\": {\\"M\\": {\\"cvc\\": {\\"S\\": \\"123\\"}}}}', '{\\"card\\": {\\"cvc\\": \\"123\\"}}'),
    ("string-set", '{"tags": {"SS": ["a", "b"]}, "m": {"M": {}}}', '{"tags": ["a", "b"], "m": {}}'),
]


@pytest.mark.parametrize(("typed", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in PLAIN])
def test_wrappers_are_replaced_by_their_values(typed: str, expected: str) -> None:
    assert plain(typed) == expected


def test_a_line_without_a_map_or_list_is_not_decoded() -> None:
    assert plain('{"cvc": {"S": "123"}}') is None
    assert list(D.decode('{"cvc": {"S": "123"}}')) == []


def test_each_line_is_its_own_segment() -> None:
    one, two = image({"cvc": {"S": "123"}}), '{"a": 1}'
    text = f"{one}\n{two}\n{one}"
    assert [(s.start, s.end) for s in D.decode(text)] == [(0, len(one)), (len(one) + len(two) + 2, len(text))]


FOUND = [
    ("nested-expiry", image({"cvc": {"S": "123"}, **EXP}), {"cvv", "expiry"}),
    (
        "expiry-alone",
        json.dumps({"NewImage": {"exp": {"M": {"year": {"N": "2027"}, "month": {"N": "12"}}}}}),
        {"expiry"},
    ),
    (
        "in-a-list",
        json.dumps({"cards": {"L": [{"M": {"cvv": {"S": "123"}, "expiry": {"S": "12/27"}}}]}}),
        {"cvv", "expiry"},
    ),
    ("order-dates", json.dumps({"NewImage": {"order": {"M": {"qty": {"N": "123"}, **EXP}}}}), {"expiry"}),
    (
        "no-card-words",
        json.dumps(
            {
                "NewImage": {
                    "order": {
                        "M": {"qty": {"N": "123"}, "created": {"M": {"month": {"N": "12"}, "year": {"N": "2027"}}}}
                    }
                }
            }
        ),
        set(),
    ),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in FOUND])
def test_card_parts_under_maps_are_found(text: str, types: set[str], backend: str) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(text)} == types  # type: ignore[arg-type]


def test_a_value_found_where_it_stands_is_not_found_again_decoded() -> None:
    spans = Engine().scan_text(image({"cvc": {"S": "123"}, **EXP}))
    assert sorted((s.type, s.encoding) for s in spans) == [("cvv", ()), ("expiry", ("dynamodb",))]


PRETTY = [
    ("stream-record", json.dumps({"Records": [{"dynamodb": {"NewImage": {"card": {"M": {
        "cvc": {"N": "837"}, **EXP}}}}}]}, indent=2), {"cvv", "expiry"}),
    ("scalar-only", '{\n  "cvv": {\n    "S": "837"\n  }\n}', {"cvv"}),
    ("order", json.dumps({"NewImage": {"qty": {"N": "837"}, "total": {"N": "1299"}}}, indent=2), set()),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in PRETTY])
def test_a_pretty_printed_document_is_decoded_whole(text: str, types: set[str]) -> None:
    assert {s.type for s in Engine().scan_text(text)} == types
    segments = list(D.decode(text))
    assert [(s.start, s.end) for s in segments] == [(0, len(text))]
    assert '"S"' not in segments[0].text and '"N"' not in segments[0].text


def _pretty_items(count: int, card: dict[str, object]) -> str:
    filler = {"pk": {"S": "CONTACT#1"}, "amount": {"N": "58.43"}, "phone": {"S": "+16465555718"}}
    return json.dumps({"Items": [{**filler, **card} for _ in range(count)], "NextToken": "x"}, indent=4)


@pytest.mark.parametrize("count", [1, 40])  # one item: the document is read whole; 40: too long, item by item
def test_pretty_printed_items_report_each_value_on_its_own_line(count: int) -> None:
    cvv, exp = {"cvv": {"S": "624"}}, {"expiry": {"S": "0229"}}
    text = _pretty_items(count, {**exp, **cvv})
    found = {(f.type, text.count("\n", 0, f.start)) for f in Engine().scan_text(text)}
    lines = text.split("\n")
    want = {("expiry", i) for i, line in enumerate(lines) if '"S": "0229"' in line}
    want |= {("cvv", i) for i, line in enumerate(lines) if '"S": "624"' in line}
    assert found == want and len(want) == 2 * count


def test_pretty_printed_item_lines_map_to_their_values() -> None:
    text = _pretty_items(1, {"cvv": {"S": "624"}})
    decoded = plain_lines(text)
    assert decoded is not None and decoded[0] == plain(text, scalars=True)
    out, starts = decoded
    assert len(starts) == text.count("\n") + 1
    line = next(i for i, v in enumerate(text.split("\n")) if '"S": "624"' in v)
    assert out.startswith('"624"', starts[line])
