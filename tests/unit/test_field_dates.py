"""Expiry month and year as two named fields of one request whose names sit apart from their values
(``scanners.detectors.field_dates``): a HAR 1.2 ``postData.params`` array of name/value objects, pretty-printed as
Chrome DevTools writes it, and a raw multipart/form-data body as an API Gateway execution log prints it. Near misses:
no full card number in the request, fields of another object, a second month, a month out of range, a period's
month and year (no expiry name)."""

import json
import re

import hyperscan
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.detectors.field_dates import _NAME, _VALUE, TRIGGER, _kind
from scanners.engine.core import Backend, Engine
from tests.unit.detector_contract import hyperscan_hits


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453914880343646")  # a Visa number made for these tests
LAST4 = PAN[-4:]


def har(params: list[tuple[str, str]], indent: int | None = 2) -> str:
    """A HAR 1.2 log holding one POST whose form fields are ``params`` (``postData.params``, HAR's name/value
    objects), pretty-printed as DevTools saves it (``indent=None``: on one line)."""
    entry = {"request": {"method": "POST", "url": "https://pay.example.com/v1/tokens", "httpVersion": "HTTP/2",
                         "headers": [{"name": "content-type", "value": "application/x-www-form-urlencoded"}],
                         "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 120,
                         "postData": {"mimeType": "application/x-www-form-urlencoded",
                                      "params": [{"name": n, "value": v} for n, v in params]}}}
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                               "entries": [entry]}}, indent=indent)


def multipart(parts: list[tuple[str, str]], boundary: str = "----WebKitFormBoundaryELn0prmZ1e9Ks2cZ") -> str:
    """An API Gateway execution log's request body: a raw multipart/form-data body across lines."""
    head = "2026-12-02T08:49:29.612Z (c21a9dbf-49a0) Method request body before transformations: "
    body = "".join(f"--{boundary}\nContent-Disposition: form-data; name=\"{n}\"\n\n{v}\n" for n, v in parts)
    return head + body + f"--{boundary}--\n2026-12-02T08:49:29.613Z (c21a9dbf) Method request headers: {{}}\n"


STRIPE = [("card[number]", PAN), ("card[exp_month]", "03"), ("card[exp_year]", "2029"), ("card[cvc]", "213")]
FOUND = [
    ("har-params-pretty", har(STRIPE), "03/29", '"03"'),
    ("har-params-deep-indent", har(STRIPE, indent=4), "03/29", '"03"'),
    # on one line the objects are adjacent: ``owned_dates.sibling_dates`` reports the pair, on the month's value too
    ("har-params-one-line", har(STRIPE, indent=None), "03/29", '"03"'),
    ("har-year-first", har([("card[exp_year]", "31"), ("card[number]", PAN), ("card[exp_month]", "9")]), "09/31",
     '"9"'),
    ("har-plain-names", har([("cc-number", PAN), ("cc-exp-month", "11"), ("cc-exp-year", "2030")]), "11/30", '"11"'),
    ("multipart-stripe", multipart(STRIPE), "03/29", "\n03\n"),
    ("multipart-nested-owner", multipart([("payment_method_data[card][number]", PAN),
                                          ("payment_method_data[card][exp_month]", "12"),
                                          ("payment_method_data[card][exp_year]", "2031")]), "12/31", "\n12\n"),
    ("multipart-crlf", multipart(STRIPE).replace("\n", "\r\n"), "03/29", "\r\n03\r\n"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected", "value"), [pytest.param(t, e, v, id=c) for c, t, e, v in FOUND])
def test_the_pair_is_reported_once_on_the_month(backend: Backend, text: str, expected: str, value: str) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "expiry"]
    assert [s.value for s in spans] == [expected]
    assert spans[0].start == text.index(value) + value.index(value.strip().strip('"'))


QUIET = [
    ("har-no-card-number", har([("card[last4]", LAST4), ("card[exp_month]", "03"), ("card[exp_year]", "2029")])),
    ("har-other-objects", har([("card[number]", PAN), ("card[exp_month]", "03"), ("token[exp_year]", "2029")])),
    ("har-two-months", har([("card[number]", PAN), ("card[exp_month]", "03"), ("card[exp_month]", "04"),
                            ("card[exp_year]", "2029")])),
    ("har-month-out-of-range", har([("card[number]", PAN), ("card[exp_month]", "13"), ("card[exp_year]", "2029")])),
    ("har-report-period", har([("account", PAN), ("period_month", "03"), ("period_year", "2029")])),
    ("multipart-no-card-number", multipart([("card[exp_month]", "03"), ("card[exp_year]", "2029"),
                                            ("amount", "45.00")])),
    ("multipart-other-objects", multipart([("card[number]", PAN), ("card[exp_month]", "03"),
                                           ("plan[exp_year]", "2029")])),
    ("multipart-month-out-of-range", multipart([("card[number]", PAN), ("card[exp_month]", "00"),
                                                ("card[exp_year]", "2029")])),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in QUIET])
def test_no_pair_without_a_card_or_with_a_stray_field(backend: Backend, text: str) -> None:
    assert [s.value for s in Engine(backend=backend).scan_text(text) if s.type == "expiry"] == []


_DB = hyperscan.Database()
_DB.compile(expressions=[TRIGGER.encode()], flags=[hyperscan.HS_FLAG_SINGLEMATCH])


@given(owner=st.sampled_from(["", "card", "source", "payment_method_data[card]"]),
       word=st.sampled_from(["exp_month", "expMonth", "cc-exp-month", "expiry_month", "expirationMonth", "ExpMonth",
                             "exp_year", "card_exp_yr"]),
       names=st.sampled_from([("name", "value"), ("key", "value"), ("Name", "Value"), ("Key", "Value")]),
       indent=st.sampled_from([None, 0, 2, 4, 8]), escaped=st.booleans(), quoted=st.booleans())
@settings(max_examples=150, deadline=None)
def test_the_trigger_follows_the_attribute_forms(owner: str, word: str, names: tuple[str, str], indent: int | None,
                                                 escaped: bool, quoted: bool) -> None:
    """Wherever the route reads a month or year field's name and value, the expiry trigger opens that window."""
    field = f"{owner}[{word}]" if owner else word
    pairs = [{names[0]: field, names[1]: "12" if quoted else 12}]
    # a JSON body escaped in a log line's string is on one line (its escaped line breaks are no line breaks)
    text = json.dumps({"body": json.dumps(pairs)}) if escaped else json.dumps(pairs, indent=indent)
    name = _NAME.search(text)
    assert name is not None and _kind(name["name"]) is not None and _VALUE.search(text) is not None
    assert re.search(TRIGGER, text), "re"
    assert hyperscan_hits(_DB, text), "hyperscan"
