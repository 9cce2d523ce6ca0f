"""PhpSerializedDecoder: PHP ``serialize()`` output (a session, a cache entry, a Laravel job's ``"command"`` in its
queue payload's JSON) read as the JSON record it stands for, at any JSON escaping level; the card's expiry and code
are then reported as in JSON, and what JSON leaves quiet stays quiet (a masked number's expiry, an amount, a flag)."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.php_serialized import PhpSerializedDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import SEGMENT, collecting

D = PhpSerializedDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("402482600291910")


def s(value: str) -> str:
    return f's:{len(value.encode())}:"{value}";'


def pairs(*kv: tuple[str, str | int]) -> str:
    return "".join(s(k) + (f"i:{v};" if isinstance(v, int) else s(v)) for k, v in kv)


def job(body: str, count: int = 4) -> str:
    """A Laravel queue payload: the serialized job inside the JSON, escaped as ``json_encode`` writes it."""
    command = f'O:22:"App\\Jobs\\ChargeCardJob":{count}:{{{body}}}'
    payload = json.dumps({"displayName": "App\\Jobs\\ChargeCardJob", "data": {"command": command}, "attempts": 1})
    return payload.replace("/", "\\/")  # PHP escapes the slash


CARD = pairs(("orderId", "SO1077900593"), ("cardNumber", PAN), ("expiry", "06/31"), ("cvc", "123"))
NO_CODE = pairs(("orderId", "SO1077900593"), ("cardNumber", PAN), ("expiry", "06/31"))
# the session handler's format: name|value name|value
SESSION = f'_token|{s("q8Ry2")}checkout|a:2:{{{pairs(("card_exp", "11/29"), ("cvv2", 482))}}}'
NESTED = f'a:2:{{{s("order")}{s("SO1")}{s("card")}a:3:{{{pairs(("number", PAN), ("exp", "01/30"), ("cvc", 377))}}}}}'
PRIVATE = f'O:4:"Card":2:{{s:10:"\0Card\0cvc";s:3:"318";s:13:"\0*\0cardNumber";s:16:"{PAN}";}}'
QUOTED = 'a";b'  # a string holding the quote and semicolon that end one
TWICE = json.dumps({"Message": job(CARD)})  # a queue payload inside another JSON document (SNS in SQS)

# (text, the types reported)
CASES = [
    ("laravel-job", job(CARD), {"pan", "expiry", "cvv"}),
    ("laravel-job-no-code", job(NO_CODE, 3), {"pan", "expiry"}),
    ("plain-serialize", f"a:4:{{{CARD}}}", {"pan", "expiry", "cvv"}),
    ("session", SESSION, {"expiry", "cvv"}),
    ("nested-array", NESTED, {"pan", "expiry", "cvv"}),
    ("private-properties", PRIVATE, {"pan", "cvv"}),
    ("escaped-twice", TWICE, {"pan", "expiry", "cvv"}),
]
# near misses: what the same record in JSON leaves quiet
QUIET = [
    ("masked-number-expiry", job(pairs(("orderId", "SO1"), ("maskedPan", "****4857"), ("expiry", "02/26")), 3)),
    ("amount-and-version", f'a:3:{{{pairs(("amount", 780), ("version", "12/26"), ("cvc_check", "pass"))}}}'),
    ("flag-and-limit", f'a:2:{{{s("cvc_enabled")}b:1;{s("limit")}i:123;}}'),
    ("list-of-numbers", 'a:3:{i:0;i:123;i:1;i:456;i:2;s:5:"06/31";}'),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_serialized_pairs_are_read_as_a_record(backend: Backend, text: str, want: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {f.type for f in Engine(backend=backend).scan_text(text)} == want


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_near_misses_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_is_the_serialized_object_as_json() -> None:
    text = job(CARD)
    (seg,) = list(D.decode(text, 0, len(text)))
    assert text[seg.start :].startswith("O:22:") and text[: seg.end].endswith("}")
    assert json.loads(seg.text) == {"orderId": "SO1077900593", "cardNumber": PAN, "expiry": "06/31", "cvc": "123"}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (f"a:1:{{{s('cvv')}i:42;}}", {"cvv": 42}),
        (f"x {s('cvc')}{s('123')}{s('exp')}{s('01/29')}", {"cvc": "123", "exp": "01/29"}),  # cut from its array
        (f'a:1:{{{s("note")}{s(QUOTED)}}}', {"note": QUOTED}),  # the length tells where the string ends
        (json.dumps(f'a:2:{{{s("note")}{s(QUOTED)}{s("cvv")}i:7;}}'), {"note": QUOTED, "cvv": 7}),  # escaped too
        (f'a:2:{{{s("name")}{s("Zoë")}{s("cvv")}i:7;}}', {"name": "Zoë", "cvv": 7}),  # bytes, not characters
    ],
    ids=["integer", "cut", "quote-inside", "quote-inside-escaped", "utf8-length"],
)
def test_values(text: str, want: dict[str, object]) -> None:
    (seg,) = list(D.decode(text, 0, len(text)))
    assert json.loads(seg.text) == want


@pytest.mark.parametrize(
    "text",
    ['a:2:{i:0;d:1.5;i:1;N;}";s:1', "s:5:not a string", 'note";s:3 and more', '{"a":"b";"c"}'],
    ids=["no-string-value", "no-quote", "prose", "json"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []


def test_a_run_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(PhpSerializedDecoder(max_segment=16).decode(job(CARD))) == []
    assert noted == {SEGMENT}
