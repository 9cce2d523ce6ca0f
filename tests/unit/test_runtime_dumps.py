"""Card data in the object dumps real runtimes write to Lambda logs (Node.js util.inspect, Java toString and Lombok,
Go %+v, Ruby inspect, PHP print_r and var_dump, .NET), in jPOS's ISO 8583 XML and in an HTML element's value
attribute: the security code, the expiry (one value, or month and year as members) and the card number are found on
both back ends; look-alikes that name no card part stay clean."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

PAN = "4242424242424242"  # published test card

CASES = [
    (
        "node1",
        f"2024-05-01T10:00:00.000Z\tabc-123\tINFO\t{{ card: "
        f"{{ number: '{PAN}', cvc: '123', exp_month: 12, exp_year: 2027 }} }}",
        {"pan", "cvv", "expiry"},
    ),
    ("node1b", "INFO\t{ cvc: '123', exp_month: 12, exp_year: 2027 }", {"cvv", "expiry"}),
    (
        "node2",
        f"INFO\t{{\n  card: {{\n    number: '{PAN}',\n    cvc: '123',\n"
        "    exp_month: 12,\n    exp_year: 2027\n  },\n  amount: 5000\n}",
        {"pan", "cvv", "expiry"},
    ),
    ("node2b", "INFO\t{\n  cvc: '123',\n  expMonth: 12,\n  expYear: 2027\n}", {"cvv", "expiry"}),
    ("node3", "INFO\t{ paymentMethod: { card: { cvc: '123', expiry: '12/27' } } }", {"cvv", "expiry"}),
    (
        "node4",
        "INFO\t{ card: { cvc: 123, expMonth: 12, expYear: 2027, brand: 'visa' }, meta: [Object], tags: [Array] }",
        {"cvv", "expiry"},
    ),
    ("node5", "INFO\t{\n  card: {\n    cvc: '123',\n    exp: { month: 12, year: 2027 }\n  }\n}", {"cvv", "expiry"}),
    ("node6", "INFO\t{ card: { cvc: '123', exp: { month: 12, year: 2027 } } }", {"cvv", "expiry"}),
    (
        "java1",
        f"INFO PaymentService - Card{{number={PAN}, cvc=123, expMonth=12, expYear=2027}}",
        {"pan", "cvv", "expiry"},
    ),
    ("java1b", "INFO PaymentService - Card{cvc=123, expMonth=12, expYear=2027}", {"cvv", "expiry"}),
    (
        "java2",
        f"INFO PaymentService - Card(number={PAN}, cvc=123, expMonth=12, expYear=2027)",
        {"pan", "cvv", "expiry"},
    ),
    ("java2b", "DEBUG Card(cvc=123, expiryMonth=12, expiryYear=2027, holder=Jane Doe)", {"cvv", "expiry"}),
    ("java3", "DEBUG CardDetails[cvv=123, expiry=12/27]", {"cvv", "expiry"}),
    (
        "java4",
        "DEBUG PaymentRequest{amount=5000, card=CardData{cvc='123', expMonth='12', expYear='2027'}}",
        {"cvv", "expiry"},
    ),
    ("go1", f"2024/05/01 10:00:00 card: {{Number:{PAN} Cvc:123 ExpMonth:12 ExpYear:2027}}", {"pan", "cvv", "expiry"}),
    ("go1b", "2024/05/01 10:00:00 card: {Cvc:123 ExpMonth:12 ExpYear:2027}", {"cvv", "expiry"}),
    (
        "go2",
        "2024/05/01 10:00:00 req=&{Amount:5000 Card:{Cvc:123 ExpMonth:12 ExpYear:2027 Brand:visa}}",
        {"cvv", "expiry"},
    ),
    ("go3", "2024/05/01 10:00:00 card: {Cvv:123 Expiry:12/27}", {"cvv", "expiry"}),
    (
        "rb1",
        f'I, [2024-05-01T10:00:00] INFO -- : {{:number=>"{PAN}", :cvc=>"123", :exp_month=>12, :exp_year=>2027}}',
        {"pan", "cvv", "expiry"},
    ),
    ("rb1b", 'I, [2024-05-01T10:00:00] INFO -- : {:cvc=>"123", :exp_month=>12, :exp_year=>2027}', {"cvv", "expiry"}),
    ("rb2", 'INFO -- : {"cvc"=>"123", "exp_month"=>"12", "exp_year"=>"2027"}', {"cvv", "expiry"}),
    ("rb3", 'INFO -- : {cvc: "123", exp_month: 12, exp_year: 2027}', {"cvv", "expiry"}),
    ("rb4", 'INFO -- : {"cvc" => "123", "expiry" => "12/27"}', {"cvv", "expiry"}),
    (
        "php1",
        f"Array\n(\n    [number] => {PAN}\n    [cvc] => 123\n    [exp_month] => 12\n    [exp_year] => 2027\n)\n",
        {"pan", "cvv", "expiry"},
    ),
    ("php1b", "Array\n(\n    [cvc] => 123\n    [exp_month] => 12\n    [exp_year] => 2027\n)\n", {"cvv", "expiry"}),
    ("php3", "Array ( [cvc] => 123 [exp_month] => 12 [exp_year] => 2027 )", {"cvv", "expiry"}),
    ("php4", 'array(2) {\n  ["cvv"]=>\n  string(3) "123"\n  ["expiry"]=>\n  string(5) "12/27"\n}\n', {"cvv", "expiry"}),
    (
        "net1",
        f"info: Payments[0] {{ Number = {PAN}, Cvc = 123, ExpMonth = 12, ExpYear = 2027 }}",
        {"pan", "cvv", "expiry"},
    ),
    ("net1b", "info: Payments[0] { Cvc = 123, ExpMonth = 12, ExpYear = 2027 }", {"cvv", "expiry"}),
    ("net2", "info: Payments[0] CardInfo { Cvv = 123, Expiry = 12/27 }", {"cvv", "expiry"}),
    (
        "jpos1",
        f'<isomsg>\n  <field id="0" value="0200"/>\n  <field id="2" value="{PAN}"/>\n'
        f'  <field id="14" value="2712"/>\n  <field id="35" value="{PAN}=27121011234567890"/>\n</isomsg>',
        {"track", "pan", "expiry"},
    ),
    (
        "jpos2",
        '<isomsg><field id="0" value="0100"/><field id="14" value="2712"/>'
        '<field id="4" value="000000005000"/></isomsg>',
        {"expiry"},
    ),
    ("jpos3", '<isomsg direction="outgoing">\n  <field id="14" value="2712"/>\n</isomsg>', {"expiry"}),
    ("nest_py", "INFO {'card': {'cvc': '123', 'exp': {'month': 12, 'year': 2027}}}", {"cvv", "expiry"}),
    ("nest_go", "2024/05/01 card: {Cvc:123 Exp:{Month:12 Year:2027}}", {"cvv", "expiry"}),
    ("nest_java", "INFO Card{cvc=123, expiry=Expiry{month=12, year=2027}}", {"cvv", "expiry"}),
    ("nest_lombok", "INFO Card(cvc=123, expiry=Card.Expiry(month=12, year=2027))", {"cvv", "expiry"}),
    ("nest_rb", 'INFO -- : {:cvc=>"123", :exp=>{:month=>12, :year=>2027}}', {"cvv", "expiry"}),
    ("nest_rb2", 'INFO -- : {"cvc"=>"123", "exp"=>{"month"=>"12", "year"=>"2027"}}', {"cvv", "expiry"}),
    ("nest_net", "info: { Cvc = 123, Expiry = { Month = 12, Year = 2027 } }", {"cvv", "expiry"}),
    ("jpos_html", '<form><input type="hidden" name="cvv" value="123"></form>', {"cvv"}),
    ("neg_field", '<config><field id="14" value="2712"/></config>', set()),
    ("neg_html", '<input name="amount" value="1234"><option value="2027">2027</option>', set()),
    ("neg_vd", 'array(2) {\n  ["amount"]=>\n  int(1234)\n  ["order"]=>\n  string(4) "2712"\n}\n', set()),
    (
        "neg_ddb",
        '{"NewImage": {"order": {"M": {"qty": {"N": "123"}, '
        '"created": {"M": {"month": {"N": "12"}, "year": {"N": "2027"}}}}}}}',
        set(),
    ),
    ("neg_node", "INFO { session: { expires: { month: 12, year: 2027 } }, code: 123 }", set()),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_card_parts_of_a_dump_are_found(each_engine: Engine, text: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types


def test_the_jpos_expiry_is_read_as_yymm() -> None:
    text = '<isomsg>\n  <field id="0" value="0100"/>\n  <field id="14" value="2712"/>\n</isomsg>'
    (span,) = Engine().scan_text(text)
    assert (span.type, text[span.start : span.end], span.value) == ("expiry", "2712", "12/27")


def test_a_nested_expiry_object_is_one_span_from_month_to_year() -> None:
    text = "card: {Cvc:123 Exp:{Month:12 Year:2027}}"
    spans = {s.type: s for s in Engine().scan_text(text)}
    assert text[spans["expiry"].start : spans["expiry"].end] == "12 Year:2027"
    assert spans["expiry"].value == "12/27"


# A Lex V2 code hook event logged by Node.js on one line: the slot's value holders under its name, keys bare and
# values single-quoted (util.inspect); a slot that names an id stays quiet.
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("slots: { SecurityCode: { value: { originalValue: '040', resolvedValues: [ '040' ], "
         "interpretedValue: '040' } } },", [("cvv", "040")] * 3),
        ("slots: { ExpiryDate: { value: { originalValue: '04/28', interpretedValue: '04/28' } } },",
         [("expiry", "04/28")] * 2),
        ("slots: { OrderId: { value: { originalValue: '040', interpretedValue: '040' } } },", []),
        ("{ amount: { value: '123', currency: 'usd' } }", []),
    ],
)
def test_lex_slot_values_logged_by_node(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert [(s.type, s.value) for s in each_engine.scan_text(text)] == found
