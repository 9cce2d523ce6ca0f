"""A scalar wrapped by a typed-JSON dialect is read under its key as if plain: Avro's JSON encoding of a union
(``"cvv": {"string": "815"}``, ``{"int": 3}``) and MongoDB Extended JSON's numbers (``{"$numberInt": "3"}``, canonical
mode, as mongoexport and mongod's structured slow-query log write them), like DynamoDB's ``{"S": ...}``. The wrapper
names only the value's type: an id, a timestamp or a year under a key that names no card part stays quiet. Both
back ends give the same spans.

A shell command continued over lines (``\\`` at each line's end: Stripe's documented curl calls) writes a card's
expiry month and year as two form keys on two lines, ``-d "card[exp_month]"=6 \\`` then ``-d "card[exp_year]"=2031``:
one expiry, reported at the year."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))

CASES = [
    ("avro-string-cvv-expiry", '{"card_exp": {"string": "0332"}, "cvv": {"string": "815"}}',
     [("expiry", "0332"), ("cvv", "815")]),
    ("avro-int-month-year", '{"exp_month": {"int": 3}, "exp_year": {"int": 2031}, "cvc": {"int": 4821}}',
     [("expiry", '3}, "exp_year": {"int": 2031'), ("cvv", "4821")]),
    ("avro-named-record-branch",
     '{"card": {"com.acme.pay.Card": {"expiry": {"string": "07/29"}, "security_code": {"string": "402"}}}}',
     [("expiry", "07/29"), ("cvv", "402")]),
    ("avro-python-repr", "{'cvv': {'string': '815'}}", [("cvv", "815")]),
    ("mongo-canonical-numbers",
     '"card": {"expMonth": {"$numberInt": "3"}, "expYear": {"$numberInt": "2032"}, "cvv": {"$numberInt": "815"}}',
     [("expiry", '3"}, "expYear": {"$numberInt": "2032'), ("cvv", "815")]),
    ("mongo-number-long-cvc", '{"cardCvc": {"$numberLong": "4821"}}', [("cvv", "4821")]),
    ("mongo-slow-query-escaped", '"command": "{\\"cvv\\": {\\"$numberInt\\": \\"815\\"}}"', [("cvv", "815")]),
    # near misses: the same wrappers under keys that name no card part
    ("avro-ids-and-amounts",
     '{"id": {"int": 123}, "order_id": {"long": 81234567}, "amount": {"double": 12.5}, "year": {"int": 2031}}', []),
    ("mongo-timestamp-and-counts",
     '{"ts": {"$numberLong": "1733400000000"}, "retries": {"$numberInt": "3"}, "port": {"$numberInt": "443"}}', []),
    ("mongo-date-is-no-wrapper-of-a-code", '{"cvv_checked_at": {"$date": "2026-03-01T10:00:00Z"}}', []),
    ("timestamp-under-cvv-key", '{"cvv": {"$numberLong": "1733400000000"}}', []),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_typed_scalar_read_under_its_key(name: str, text: str, want: list[tuple[str, str]]) -> None:
    got = [[(f.type, text[f.start : f.end]) for f in engine.scan_text(text)] for engine in ENGINES]
    assert sorted(got[0]) == sorted(want), name
    assert got[0] == got[1]


CONTINUATIONS = [  # the pair is reported from its first part, the month's line
    ("curl-d-quoted-keys", 'curl https://api.stripe.com/v1/tokens \\\n  -d "card[exp_month]"=6 \\\n'
     '  -d "card[exp_year]"=2031 \\\n  -d "card[cvc]"=314', [("expiry", "6"), ("cvv", "314")]),
    ("curl-F-quoted-pairs", 'curl -X POST https://pay.example/v1 \\\n  -F "card[exp_month]=11" \\\n'
     '  -F "card[exp_year]=2030"', [("expiry", "11")]),
    ("curl-data-urlencode", "curl https://api.stripe.com/v1/payment_methods \\\n  --data-urlencode "
     "'card[exp_month]=09' \\\n  --data-urlencode 'card[exp_year]=2029'", [("expiry", "09")]),
    # near misses: the year in another object or array, a month that is no month
    ("year-in-another-array", '{"exp_month": 6,\n"items": [{"exp_year": 2031}]}', []),
    ("month-out-of-range", 'curl https://x \\\n  -d "card[exp_month]"=13 \\\n  -d "card[exp_year]"=2031', []),
]


@pytest.mark.parametrize(("name", "text", "want"), CONTINUATIONS, ids=[c[0] for c in CONTINUATIONS])
def test_month_and_year_on_continuation_lines(name: str, text: str, want: list[tuple[str, str]]) -> None:
    got = [[(f.type, text[f.start : f.end]) for f in engine.scan_text(text)] for engine in ENGINES]
    assert sorted(got[0]) == sorted(want), name
    assert got[0] == got[1]
