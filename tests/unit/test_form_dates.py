"""Expiry month and year as two fields of one URL-encoded form body (``scanners.detectors.form_dates``): a Stripe
request as stripe-python's debug log or a request dump writes it, the fields in any order with others between them,
the brackets plain or percent-encoded. Near misses: fields of another object, a month out of range, another line, a
truncated card's fields."""

import pytest

from scanners.detectors.form_dates import form_dates
from scanners.engine.core import Backend, Engine
from tests.unit.cardvalues import luhn_id

PAN = "4539148803436467"  # Luhn-valid, no published test card
STRIPE_LOG = "2026-12-05 10:00:00,123 message='Post details' post_data="
FOUND = [
    ("year-first-far-apart", f"{STRIPE_LOG}card[exp_year]=2029&card[number]={PAN}&amount=1000&currency=gbp"
                             "&card[exp_month]=5", "05/29"),
    ("percent-encoded", f"{STRIPE_LOG}card%5Bexp_year%5D=2029&card%5Bnumber%5D={PAN}&payment_method_options%5Bcard"
                        "%5D%5Bmoto%5D=true&amount=1000&card%5Bexp_month%5D=5", "05/29"),
    ("lower-case-escapes", f"{STRIPE_LOG}card%5bexp_month%5d=11&amount=1000&card%5bexp_year%5d=31", "11/31"),
    ("nested-owner", f"body: currency=gbp&payment_method_data[card][exp_year]=2029&payment_method_data[card][number]"
                     f"={PAN}&payment_method_data[card][exp_month]=11", "11/29"),
    # a request log's body as a JSON object of the form's fields (a parsed form), pretty-printed or on one line
    ("json-pretty", '"request_body": {\n  "payment_method_data[card][number]": "' + PAN + '",\n'
                    '  "payment_method_data[card][exp_month]": "12",\n  "payment_method_data[card][exp_year]": "2027",'
                    '\n  "amount": 96225\n}', "12/27"),
    ("json-year-first-bare-numbers", '{\n  "card[exp_year]": 2031,\n  "card[number]": "' + PAN + '",\n'
                                     '  "card[exp_month]": 9\n}', "09/31"),
    ("json-percent-encoded", '{"source%5Bnumber%5D": "' + PAN + '", "source%5Bexp_month%5D": "4", '
                             '"source%5Bcvc%5D": "123", "source%5Bexp_year%5D": "2030"}', "04/30"),
    ("json-escaped-in-a-log-line", '"body": "{\\"card[exp_month]\\": \\"7\\", \\"amount\\": 1, '
                                   '\\"card[exp_year]\\": \\"29\\"}"', "07/29"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in FOUND])
def test_form_dates_pair_the_fields(text: str, expected: str) -> None:
    assert [hit[2] for hit in form_dates(text, 0, len(text))] == [expected]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in FOUND])
def test_the_engine_reports_the_pair_once(backend: Backend, text: str, expected: str) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "expiry"]
    assert [s.value for s in spans] == [expected]


QUIET = [
    ("other-objects", "post_data=card[exp_month]=5&amount=1000&bank_account[routing]=1&token[exp_year]=2029"),
    ("month-out-of-range", "post_data=card[exp_month]=13&amount=1000&card[exp_year]=2029"),
    ("other-line", "post_data=card[exp_month]=5&amount=1000\npost_data=x=1&card[exp_year]=2029"),
    ("two-months", "post_data=card[exp_month]=5&amount=1000&card[exp_month]=6&card[exp_year]=2029"),
    ("year-alone", "post_data=card[exp_year]=2029&amount=1000"),
    ("json-other-objects", '{"card[exp_month]": "5",\n "amount": 1}, {\n "card[exp_year]": "2029"}'),
    ("json-other-owners", '{\n "card[exp_month]": "5",\n "token[exp_year]": "2029"\n}'),
    ("json-month-out-of-range", '{\n "card[exp_month]": "13",\n "card[exp_year]": "2029"\n}'),
    ("json-two-months", '{\n "card[exp_month]": "5",\n "card[exp_month]": "6",\n "card[exp_year]": "2029"\n}'),
    ("json-plain-member-names", '{\n "exp_month": "5",\n "exp_year": "2029"\n}'),  # the card object's readers
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in QUIET])
def test_form_dates_need_one_pair_of_one_object(text: str) -> None:
    assert list(form_dates(text, 0, len(text))) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", [
    f"{STRIPE_LOG}card[exp_year]=2029&card[number]=************4242&amount=1000&card[exp_month]=5",
    '{\n  "card[number]": "************4242",\n  "card[exp_month]": "5",\n  "card[exp_year]": "2029"\n}'])
def test_a_truncated_cards_fields_are_metadata(backend: Backend, text: str) -> None:
    assert [s for s in Engine(backend=backend).scan_text(text) if s.type == "expiry"] == []


# Terse MM / YYYY fields beside the card number's own field (BPC/Sberbank ``processform.do``), either order
CARD = luhn_id("220220", 16)  # a Mir card, built at run time
SBER = f"POST /payment/rest/processform.do MDORDER=cd13304d-bd01-47c1&$PAN={CARD}&$CVC=798"
TERSE_FOUND = [
    ("sber-month-first", f"{SBER}&MM=03&YYYY=2027&TEXT=IVAN+PETROV&language=ru", "03/27"),
    ("sber-year-first", f"{SBER}&YYYY=2031&MM=11&TEXT=IVAN+PETROV", "11/31"),
    ("plain-pan-field", f"POST /pay pan={CARD}&mm=5&yy=29&lang=tr", "05/29"),
]
TERSE_QUIET = [
    ("no-card-field", "GET /report?from=2026&MM=03&YYYY=2027&TEXT=IVAN"),
    ("card-field-not-a-card", f"GET /x?pan={CARD[:-1]}{(int(CARD[-1]) + 1) % 10}&MM=03&YYYY=2027"),
    ("a-day-too", f"{SBER}&DD=14&MM=03&YYYY=2027"),
    ("two-years", f"{SBER}&MM=03&YYYY=2027&yy=28"),
    ("month-out-of-range", f"{SBER}&MM=13&YYYY=2027"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in TERSE_FOUND])
def test_terse_fields_beside_the_card_field(text: str, expected: str) -> None:
    assert [hit[2] for hit in form_dates(text, 0, len(text))] == [expected]
    assert [s.value for s in Engine().scan_text(text) if s.type == "expiry"] == [expected]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in TERSE_QUIET])
def test_terse_fields_need_the_card_field_and_one_pair(text: str) -> None:
    assert list(form_dates(text, 0, len(text))) == []


# NestPay (Payten) virtual POS: the 3D form's month and year named after the date, and the CC5Request XML's
# ``<Expires>`` element (a key, no verb) two lines below its ``<Number>``
NESTPAY = [
    ("nestpay-3d-form", f"POST /fim/est3Dgate clientid=100000005&storetype=3d_pay&pan={CARD}"
                        "&Ecom_Payment_Card_ExpDate_Month=01&Ecom_Payment_Card_ExpDate_Year=30&cv2=987", "01/30"),
    ("cc5-request-xml", f"<CC5Request>\n  <Type>Auth</Type>\n  <Number>{CARD}</Number>\n  <Expires>06/30</Expires>\n"
                        "  <Cvv2Val>083</Cvv2Val>\n</CC5Request>", "06/30"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in NESTPAY])
def test_nestpay_dates(backend: Backend, text: str, expected: str) -> None:
    assert [s.value for s in Engine(backend=backend).scan_text(text) if s.type == "expiry"] == [expected]


@pytest.mark.parametrize("text", [
    "<Session>\n  <Id>77</Id>\n  <Expires>06/30</Expires>\n</Session>",  # a session's, no card in the record
    "<Cookie><Expires>06/30</Expires></Cookie>"])
def test_an_expires_element_without_a_card_is_quiet(text: str) -> None:
    assert [s for s in Engine().scan_text(text) if s.type == "expiry"] == []
