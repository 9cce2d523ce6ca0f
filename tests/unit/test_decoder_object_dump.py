"""ObjectDumpDecoder: objects dumped over several lines by PHP (print_r, var_dump), Node.js, Python's pprint and
Ruby's pp are rewritten as pretty-printed JSON, so month and year members (and a holder's value) are read under the
key that names them; dumps whose keys name no card part stay clean."""

from __future__ import annotations

import pytest

from scanners.decoders.object_dump import ObjectDumpDecoder, as_json, region
from scanners.engine.core import Engine

D = ObjectDumpDecoder()

PRINT_R = "Array\n(\n    [cvc] => 123\n    [exp] => Array\n        (\n            [month] => 12\n" \
          "            [year] => 2027\n        )\n\n)\n"
VAR_DUMP = 'array(3) {\n  ["cvc"]=>\n  string(3) "123"\n  ["exp_month"]=>\n  int(12)\n' \
           '  ["exp_year"]=>\n  int(2027)\n}\n'
VAR_DUMP_NESTED = 'object(Card)#1 (2) {\n  ["cvc":protected]=>\n  string(3) "123"\n  ["exp":"Card":private]=>\n' \
                  '  array(2) {\n    ["month"]=>\n    int(12)\n    ["year"]=>\n    int(2027)\n  }\n}\n'
NODE = "2024-05-01T10:00:00.000Z\tc0ffee\tINFO\t{\n  card: {\n    cvc: '123',\n    exp: {\n      month: 12,\n" \
       "      year: 2027\n    }\n  }\n}"
PPRINT = "{'card': {'cvc': '123',\n          'exp': {'month': 12,\n                  'year': 2027}}}"
RUBY = 'INFO -- : {:card=>\n  {:cvc=>"123",\n   :exp=>{:month=>12,\n    :year=>2027}}}'
LEX = "INFO\t{\n  SecurityCode: {\n    shape: 'Scalar',\n    value: {\n      originalValue: '837',\n" \
      "      interpretedValue: '837'\n    }\n  }\n}"

YAML = "--- # request 6d1f\norder_id: '1234'\ncard:\n  pan: 4111111111111111\n  expiry:\n    month: 09\n" \
       "    year: 2029\n  cvv2: 069\n--- # request 7e2a\n"
YAML_PERIOD = "report:\n  period:\n    month: 09\n    year: 2029\n  total: 123\n"
# a fixture's sequence of card entries: each entry is its own object (one record), not a member of ``cases``
_BODY = "453914880343646"
_PAN = _BODY + str(-sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(_BODY))) % 10)
YAML_SEQUENCE = f'cases:\n  - name: case_0\n    card_number: "{_PAN}"\n    exp_month: 4\n    exp_year: 2029\n' \
                '  - name: case_1\n    card_number: "**** **** **** 4242"\n    exp_month: 9\n    exp_year: 2030\n'

CASES = [
    ("yaml", YAML, {"pan", "expiry", "cvv"}),
    ("yaml-period", YAML_PERIOD, set()),
    ("print_r", PRINT_R, {"cvv", "expiry"}),
    ("var_dump", VAR_DUMP, {"cvv", "expiry"}),
    ("var_dump-object", VAR_DUMP_NESTED, {"cvv", "expiry"}),
    ("node", NODE, {"cvv", "expiry"}),
    ("pprint", PPRINT, {"cvv", "expiry"}),
    ("ruby-pp", RUBY, {"cvv", "expiry"}),
    ("lex-slot-node", LEX, {"cvv"}),
    ("print_r-period", "Array\n(\n    [month] => 5\n    [year] => 2024\n    [total] => 123\n)\n", set()),
    ("node-billing", "INFO\t{\n  billing: {\n    month: 5,\n    year: 2024\n  },\n  total: 123\n}", set()),
    ("pprint-period", "{'period': {'month': 12,\n            'year': 2027},\n 'code': 123}", set()),
    ("var_dump-created", 'array(2) {\n  ["created_month"]=>\n  int(12)\n  ["created_year"]=>\n  int(2027)\n}\n', set()),
    ("node-amount-value", "INFO\t{\n  amount: {\n    value: 1234,\n    currency: 'usd'\n  }\n}", set()),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_card_parts_of_multiline_dumps(each_engine: Engine, text: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types


def test_the_dump_is_rewritten_as_json() -> None:
    # var_dump's key and value joined on the value's line (the key's left blank)
    assert as_json(VAR_DUMP) == '{\n\n  "cvc": "123"\n\n  "exp_month": 12\n\n  "exp_year": 2027\n}\n'
    assert as_json(NODE).splitlines()[1:4] == ['  "card": {', '    "cvc": "123",', '    "exp": {']
    assert as_json(PRINT_R).splitlines()[3:5] == ['    "exp": ', "        {"]


def test_a_yaml_sequence_entry_is_an_object() -> None:
    lines = as_json(YAML_SEQUENCE).splitlines()
    assert len(lines) == YAML_SEQUENCE.count("\n")  # lines stay one for one
    assert lines[1] == '  { "name": case_0' and lines[5] == '  { "name": case_1'
    assert lines[4].endswith(" }") and lines[8].endswith(" } }")


def test_each_sequence_entry_is_judged_alone(each_engine: Engine) -> None:
    found = [(s.type, s.value) for s in each_engine.scan_text(YAML_SEQUENCE) if s.type == "expiry"]
    assert found == [("expiry", "04/29")]  # the masked card's entry holds card metadata, not the full number's


def test_the_region_runs_from_the_first_line_to_the_closing_one() -> None:
    text = f"before\n{PRINT_R}after"
    assert region(text, text.index("[year]")) == (7, 7 + len(PRINT_R) - 1)
    assert region(NODE, NODE.index("year")) == (0, len(NODE))
    assert region("no dump here", 3) == (0, 12)  # a lone line is its own region


def test_one_segment_per_dump_from_its_first_trigger_line() -> None:
    segs = list(D.decode(NODE))
    assert [(s.start, s.end, s.encoding) for s in segs] == [(0, len(NODE), ("object_dump",))]


def test_a_value_found_where_it_stands_is_not_found_again() -> None:
    spans = Engine().scan_text(NODE)
    assert sorted((s.type, s.encoding) for s in spans) == [("cvv", ()), ("expiry", ("object_dump",))]


def test_a_dump_longer_than_the_limit_is_not_decoded() -> None:
    text = "INFO\t{\n" + "  filler: 'x',\n" * 500 + "  exp: {\n    month: 12,\n    year: 2027\n  }\n}"
    assert list(D.decode(text)) == []


@pytest.mark.parametrize("dump", [VAR_DUMP, PRINT_R, NODE, PPRINT, RUBY, YAML], ids=lambda d: d.split("\n")[0][:12])
def test_lines_stay_one_for_one(dump: str) -> None:
    assert as_json(dump).count("\n") == dump.count("\n")


def test_a_value_found_in_a_dump_is_reported_on_its_own_line() -> None:
    spans = {s.type: s for s in Engine().scan_text(YAML)}
    assert YAML[spans["expiry"].start : spans["expiry"].end].strip() in ("month: 09", "year: 2029")
    assert YAML[spans["cvv"].start : spans["cvv"].end] == "069"


def test_a_var_dump_value_is_reported_on_its_own_line() -> None:
    text = f'<pre>\narray(3) {{\n  ["number"]=>\n  string(16) "{_PAN}"\n  ["cvc"]=>\n  string(3) "123"\n' \
           '  ["exp_month"]=>\n  int(4)\n  ["exp_year"]=>\n  int(2029)\n}\n</pre>\n'
    lines = {(s.type, text.count("\n", 0, s.start) + 1) for s in Engine().scan_text(text)}
    assert lines == {("pan", 4), ("cvv", 6), ("expiry", 8)}
