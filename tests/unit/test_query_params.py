"""``variant`` in a URL query string is a shop's product variant, never a card number (Shopify's product URLs).
``cid`` in a URL query string (``cards.queryparams``) is a campaign or client id: quiet after ``?`` or ``&``,
as the first parameter of a field a query string's key labels (API Gateway's ``querystring``, ``rawQueryString``),
in a Lambda proxy event's ``queryStringParameters`` object, and first in ``name=value&name=value`` pairs (a
CloudFront log's ``cs-uri-query`` column); a card object's ``"cid"`` and a ``CID:`` label in prose stay the code."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

AMEX = next(f"37828224631{n:04d}" for n in range(10**4) if luhn_valid(f"37828224631{n:04d}"))


def _cvvs(text: str) -> list[str]:
    return [text[s.start : s.end] for s in Engine().scan_text(text) if s.type == "cvv"]


@pytest.mark.parametrize(
    "text",
    [
        '{"path": "/promo", "querystring": "cid=123&utm_campaign=ivr", "status": "200"}',
        '{"path": "/promo", "query_string": "cid=4123", "status": "200"}',
        '{"version": "2.0", "rawQueryString": "cid=123&utm_source=ivr", "rawPath": "/promo"}',
        '{"queryStringParameters": {"utm_source": "ivr", "cid": "123"}, "body": null}',
        '{"multiValueQueryStringParameters": {"cid": ["4123"]}}',
        "2026-11-03\t10:08:44\tLHR62\t845\t203.0.113.7\tGET\td1.cloudfront.net\t/promo\t200\t-\tMozilla\tcid=123&utm_campaign=ivr",
        "GET https://ivr.example.com:443/promo?cid=097&utm_campaign=ivr HTTP/1.1",
        "GET /static/img/cvv-help.png?v=376&cid=4137",
    ],
)
def test_a_query_parameter_named_cid_is_no_card_code(text: str) -> None:
    assert _cvvs(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f'{{"card": {{"number": "{AMEX}", "cid": "1234"}}}}', "1234"),
        ('{"card": {"brand": "amex", "cid": "1234", "last4": "0005"}}', "1234"),
        ("Amex card ending 0005, CID: 1234", "1234"),
        (f'{{"querystring": "", "body": "card {AMEX} cid 1234"}}', "1234"),  # a query-string field before it, empty
    ],
    ids=masked_id,
)
def test_a_cards_cid_stays_its_code(text: str, code: str) -> None:
    assert _cvvs(text) == [code]


VARIANT = next(f"4029038304{n:04d}" for n in range(10**4) if luhn_valid(f"4029038304{n:04d}"))  # 14 digits: Visa's


def _pans(text: str) -> list[str]:
    return [s.value for s in Engine().scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    "text",
    [
        f'198.51.100.13 - - [03/Jul/2025:02:10:40 +0000] "GET /product/linen-shirt/?variant={VARIANT} HTTP/1.1" 200 3',
        f"GET https://shop.example/products/linen-shirt?utm_source=ig&variant={VARIANT}",
        f'{{"rawQueryString": "variant={VARIANT}&currency=EUR"}}',
    ],
    ids=masked_id,
)
def test_a_variant_query_parameter_is_no_card(text: str) -> None:
    assert _pans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f'"GET /checkout?cc_number={VARIANT}&variant=40290383048 HTTP/1.1"',  # the card's own parameter beside it
        f"variant={VARIANT}",  # no query string: a key of its own
        f'{{"variant": "{VARIANT}"}}',
    ],
    ids=masked_id,
)
def test_a_card_beside_or_outside_a_query_stays_found(text: str) -> None:
    assert _pans(text) == [VARIANT]
