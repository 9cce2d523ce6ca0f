"""Card data under the keys that programs, debuggers and system tools print (round 47): a card date split under
abbreviated keys (``exp_mo``/``exp_yr``, ``expMo``, ``ExpMo``, ``EXP_MO``, ``exp-mo``; ``mm``/``yy``/``yyyy``) in
every runtime's dump, an environment variable set by a call (ltrace's ``setenv("CARD_CVV", "184", 1) = 0``), a
12-digit Maestro named by its card object's code or on a track 1 with both sentinels, Go's ``%+v`` fields after an
IMEI field, a whole code key a card word glued before it hides (``mastercard VerificationValue:658``), an Erlang
binary's code. Look-alikes stay quiet: a month or year key of something else, an id, a variable that names no card
part, a track 1 with a 12-digit number and no sentinels."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

PAN = luhn("515335451788452")  # Mastercard, 16 digits
UNIONPAY = luhn("62120856321264563")  # 18 digits
MAESTRO12 = luhn("67594399629")  # 12 digits

_STYLES: dict[str, Callable[[str, str], str]] = {
    "snake": lambda a, b: f"{a}_{b}",
    "camel": lambda a, b: a + b.capitalize(),
    "pascal": lambda a, b: a.capitalize() + b.capitalize(),
    "kebab": lambda a, b: f"{a}-{b}",
    "upper": lambda a, b: f"{a}_{b}".upper(),
}
_PAIRS = (("mo", "yr"), ("mon", "yr"), ("mm", "yy"), ("mo", "yyyy"), ("mm", "yyyy"))
_PRINTERS: dict[str, Callable[[str, str], str]] = {
    "lombok": lambda m, y: f"state=CardInput(cardNo={PAN}, {m}=2, {y}=2026, cvc=735)",
    "python-repr": lambda m, y: f"payload={{'card_number': '{PAN}', '{m}': 2, '{y}': 2026}}",
    "json": lambda m, y: f'{{"number":"{PAN}","{m}":"02","{y}":"26"}}',
    "go": lambda m, y: f"request {{Number:{PAN} {m}:2 {y}:2026}}",
    "csharp": lambda m, y: f"PaymentRequest {{ CardNumber = {PAN}, {m} = 2, {y} = 2026 }}",
    "ruby": lambda m, y: f'Parameters: {{"number"=>"{PAN}", "{m}"=>2, "{y}"=>2026}}',
    "yaml": lambda m, y: f"card:\n  number: '{PAN}'\n  {m}: 2\n  {y}: 2026\n",
    "ini": lambda m, y: f"[card]\nnumber={PAN}\n{m}=2\n{y}=2026\n",
    "print_r": lambda m, y: f"Array\n(\n    [number] => {PAN}\n    [{m}] => 2\n    [{y}] => 2026\n)\n",
    "var_dump": lambda m, y: f'array(3) {{\n  ["number"]=>\n  string(16) "{PAN}"\n  ["{m}"]=>\n  int(2)\n'
    f'  ["{y}"]=>\n  int(2026)\n}}\n',
    "pprint": lambda m, y: f"{{'card_number': '{PAN}',\n '{m}': 2,\n '{y}': 2026}}",
    "node": lambda m, y: f"{{\n  number: '{PAN}',\n  {m}: 2,\n  {y}: 2026\n}}",
}
_SPLIT = [
    pytest.param(printer(style("exp", m), style("exp", y)), id=f"{name}-{sname}-{m}-{y}")
    for name, printer in _PRINTERS.items() for sname, style in _STYLES.items() for m, y in _PAIRS
]


@pytest.mark.parametrize("text", _SPLIT)
def test_an_expiry_split_under_abbreviated_keys_is_found(text: str) -> None:
    assert "expiry" in {s.type for s in Engine().scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "{'exp_mo': 13, 'exp_yr': 2026}",  # no month
        "{'promo': 6, 'year': 2026}",
        "{'memo': 6, 'yr': 2026}",
        "Config(expMode=2, expYr=2026)",
        "{'exp_ms': 1500, 'exp_yr': 2026}",
        "Array\n(\n    [promo] => 2\n    [year] => 2026\n)\n",
        "session expires: {mo: 2, yr: 2026}",
    ],
)
def test_other_month_and_year_keys_stay_quiet(text: str) -> None:
    assert [s.type for s in Engine().scan_text(text) if s.type == "expiry"] == []


def test_the_abbreviated_pair_is_one_span_from_month_to_year() -> None:
    text = f"CardInput(cardNo={PAN}, expMo=2, expYr=2026, cardCode=735)"
    (span,) = [s for s in Engine().scan_text(text) if s.type == "expiry"]
    assert (text[span.start : span.end], span.value) == ("2, expYr=2026", "02/26")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('setenv("CARD_CVV", "184", 1) = 0', [("cvv", "184")]),
        ('setenv("CARD_CVC", "0421", 1) = 0', [("cvv", "0421")]),
        ('os.Setenv("CARD_CVV", "184")', [("cvv", "184")]),
        ('os.putenv("CARD_CVV", "184")', [("cvv", "184")]),
        ('os.environ.setdefault("CARD_CVV", "184")', [("cvv", "184")]),
        ('Environment.SetEnvironmentVariable("CARD_CVV", "184");', [("cvv", "184")]),
        ('System.setProperty("card.cvv", "184");', [("cvv", "184")]),
        ('std::env::set_var("CARD_CVV", "184");', [("cvv", "184")]),
        ('setenv("CARD_EXPIRY", "12/27", 1) = 0', [("expiry", "12/27")]),
        ('putenv("CARD_CVV=184") = 0', [("cvv", "184")]),
        ("export CARD_CVV=184", [("cvv", "184")]),
        ('os.environ["CARD_CVV"] = "184"', [("cvv", "184")]),
        # a variable that names no card part, or another thing about the code
        ('setenv("FEATURE_CVV_CHECK", "1", 1) = 0', []),
        ('setenv("CVV_RETRIES", "3", 1) = 0', []),
        ('setenv("CARD_CVV_LEN", "3", 1) = 0', []),
        ('setenv("ORDER_ID", "184", 1) = 0', []),
        ('setenv("TZ", "UTC", 1) = 0', []),
    ],
)
def test_an_environment_variable_set_by_a_call(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert [(s.type, s.value) for s in each_engine.scan_text(text)] == found


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # a 12-digit Maestro named by its card object's code before it (Ruby 3.4's inspect, a hash rocket)
        (f'Parameters: {{tracking_number: "1Z207E2C2454252361", csc: "692", number: "{MAESTRO12}", brand: "x"}}',
         {"cvv", "pan"}),
        (f'{{"cvn" => "692", "number" => "{MAESTRO12}"}}', {"cvv", "pan"}),
        (f'{{"exp_mo" => 2, "exp_yr" => 2027, "number" => "{MAESTRO12}"}}', {"expiry", "pan"}),
        (f'body=b\'{{"number":"{MAESTRO12}","expiration":"09-32","order_id":"x"}}\'', {"pan", "expiry"}),
        (f'{{"sub":"{MAESTRO12}","exp":1712345678}}', set()),  # a JWT's claims: ``exp`` is no card's
        (f"{{number: \"{MAESTRO12}\", brand: \"x\"}}", set()),  # twelve digits under a bare ``number``: no card
        # positional (Scala's case class): no key, no card word: twelve digits stay quiet
        (f"received Charge(e60d7e6e-280c-48a5-81d1-e322e9440ce2,{MAESTRO12},110711,EUR)", set()),
        # track 1 with a 12-digit PAN: both sentinels, as for track 2
        (f"%B{MAESTRO12}^TANAKA/JANE^3112101395236977568?", {"track", "pan"}),
        (f"B{MAESTRO12}^TANAKA/JANE^3112101395236977568", set()),
    ],
)
def test_twelve_digit_maestro_in_a_card_record(each_engine: Engine, text: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # Go's %+v: the IMEI's key names its own field, not the card number after it
        (f"request {{Imei:557305894358050 Ccnum:{UNIONPAY} ExpiryMonth:1 ExpiryYear:2029 Last4:4628}}",
         {"pan", "expiry"}),
        ("request {Imei:557305894358050 Model:pixel}", set()),
        ("IMEI: 35 209900 176148 1", set()),
        # a card word glued before a whole code key hides it no more
        ("request {ExpiryYear:2031 Brand:mastercard VerificationValue:658}", {"cvv"}),
        # an Erlang binary's code, other members after it
        ('#{<<"cvn">> => <<"162">>},<<"status_code">> => 201}', {"cvv"}),
        ('#{<<"cvv">> => <<"162">>}, x => 201}', {"cvv"}),
    ],
)
def test_program_dump_fields(each_engine: Engine, text: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types


ID = luhn("512255584580802")  # a Luhn-valid 16-digit id
ID15 = luhn("36053770702625")  # a Luhn-valid 15-digit id


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # PHP serialize(): the key is the string before the value
        (f'sess_d4fe|checkout|a:2:{{s:10:"account_id";s:16:"{ID}";s:8:"order_id";i:{ID};}}', set()),
        (f'sess_d4fe|checkout|a:1:{{s:11:"card_number";s:16:"{PAN}";}}', {"pan"}),
        # print_r
        (f"Array\n(\n    [order_id] => {ID}\n)\n", set()),
        (f"Array\n(\n    [card_number] => {PAN}\n)\n", {"pan"}),
        # var_dump: the key on the line above
        (f'array(1) {{\n  ["merchant_id"]=>\n  string(15) "{ID15}"\n}}\n', set()),
        (f'array(1) {{\n  ["order_id"]=>\n  int({ID})\n}}\n', set()),
        (f'array(1) {{\n  ["number"]=>\n  string(16) "{PAN}"\n}}\n', {"pan"}),
        # Erlang binaries
        (f'#{{<<"order_id">> => <<"{ID}">>}}', set()),
        (f'#{{<<"ccnum">> => <<"{PAN}">>}}', {"pan"}),
        # a C format string naming the number it prints (ltrace)
        (f'sprintf(0x7ffcff24ca49, "order-%llu", {ID}) = 22', set()),
        (f'snprintf(0x7ffd, 64, "txn_id=%lu", {ID}) = 22', set()),
        (f'sprintf(0x7ffcff24ca49, "%s", "{PAN}") = 16', {"pan"}),
        # a Python debugger printing an object's address
        (f"(Pdb) p id(card)\n{ID15}\n", set()),
        (f">>> id(card)\n{ID15}\n", set()),
        (f"(Pdb) p card['pan']\n'{PAN}'\n", {"pan"}),
    ],
)
def test_ids_in_program_dumps(each_engine: Engine, text: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types
