"""Records that name their card another way than a full number (``card_summary``): by a payment token
(``cards.tokenrefs``), by a last four or a mask in a ``.properties``/``.env`` file's keys under one prefix
(``cards.keygroups``), in a YAML sequence entry (``object_dump``), behind a doubly escaped bullet mask (a WireMock
``equalToJson``, a Postman raw body) or across a quoted-printable soft line break (``cards.softbreaks``). An expiry
there is card metadata; a record that also holds a full card number keeps it reported. Month and year written as
sibling key/value objects are reported on the month's value (``owned_dates.sibling_dates``)."""

from __future__ import annotations

import pytest

from scanners.cards.keygroups import key_group
from scanners.cards.softbreaks import soft_line
from scanners.cards.tokenrefs import TOKEN_KEY_REF, TOKEN_REF
from scanners.engine.core import Backend, Engine
from tests.unit.detector_contract import masked_id


def _luhn(body: str) -> str:
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("453914880343646")
LAST4 = PAN[-4:]
UNDERSCORED = "_".join(PAN[i : i + 4] for i in range(0, 16, 4))


def _yaml_cases(*numbers: str) -> str:
    return "cases:\n" + "".join(
        f'  - name: case_{i}\n    card_number: "{n}"\n    exp_month: {i + 3}\n    exp_year: 2030\n    cvc: ""\n'
        for i, n in enumerate(numbers))


def _postman(number: str) -> str:
    rows = [("type", "card"), ("card[number]", number), ("card[exp_month]", "6"), ("card[exp_year]", "2029")]
    body = ",\n".join(f'\t\t\t\t\t\t{{\n\t\t\t\t\t\t\t"key": "{k}",\n\t\t\t\t\t\t\t"value": "{v}"\n\t\t\t\t\t\t}}'
                      for k, v in rows)
    return ('{\n\t"item": [\n\t\t{\n\t\t\t"request": {\n\t\t\t\t"body": {\n\t\t\t\t\t"mode": "urlencoded",\n'
            f'\t\t\t\t\t"urlencoded": [\n{body}\n\t\t\t\t\t]\n\t\t\t\t}}\n\t\t\t}}\n\t\t}}\n\t]\n}}\n')


_BULLETS = "\\\\u2022" * 4
METADATA = [
    ("js-stripe-test-token", "const card = { number: 'tok_visa', exp_month: 1, exp_year: 2028, cvc: '' };"),
    ("py-payment-method", "card = {'number': 'pm_card_mastercard', 'exp_month': 9, 'exp_year': 2029, 'cvc': ''}"),
    ("go-struct-token", 'c := Card{Number: "tok_amex", CVC: "", ExpMonth: 3, ExpYear: 2031}'),
    ("java-builder-token", 'Card card = Card.builder().number("tok_visa").cvc("").expMonth(9).expYear(2029).build();'),
    ("java-builder-last4", 'Card card = Card.builder().number("4242").cvc("").expMonth(9).expYear(2029).build();'),
    ("js-bare-number-last4", "const card = { number: '4242', exp_month: 12, exp_year: 2025, cvc: '' };"),
    ("yaml-token-key", "card:\n  token: tok_mastercard\n  exp_month: 4\n  exp_year: 2029\n"),
    ("json-stripe-card-id", '{"id": "card_1MvoiELkdIwHu7ixOeFh7EpD", "exp_month": 8, "exp_year": 2030}'),
    ("checkout-token", '{"source": {"type": "token", "token": "tok_ubfj2q76miwundwlk72vxt2i7q"}, "expiry": "06/29"}'),
    ("braintree-nonce", '{"paymentMethodNonce": "fake-valid-nonce", "expirationDate": "06/2029"}'),
    ("adyen-stored-id", '{"storedPaymentMethodId": "8415995487234100", "expiryMonth": "03", "expiryYear": "2030"}'),
    ("square-card-nonce", '{"source_id": "cnon:card-nonce-ok", "exp_month": 11, "exp_year": 2031}'),
    ("vcr-form-token", "  string: type=card&card[number]=tok_visa&card[exp_month]=4&card[exp_year]=2029&card[cvc]="),
    ("vcr-form-percent", "      string: type=card&card%5Bnumber%5D=tok_visa&card%5Bexp_month%5D=12"
                         "&card%5Bexp_year%5D=2029&card%5Bcvc%5D="),
    ("yaml-sequence-token", _yaml_cases("tok_visa")),
    ("properties-last4", "test.card.last4=4242\napp.version=20.0.159\ntest.card.exp=07/28\nbuild.number=1877\n"),
    ("env-last4", "TEST_CARD_EXP=11/30\nSUPPORT_PHONE=+1 (537) 555-9043\nTEST_CARD_LAST4=1416\nAPP_VERSION=18.8.207\n"),
    ("env-masked", "TEST_CARD_MASKED=************4242\nTEST_CARD_EXP_MONTH=11\nTEST_CARD_EXP_YEAR=2030\n"),
    ("wiremock-escaped-bullets", '"equalToJson": "{\\"card\\": {\\"number\\": \\"' + _BULLETS
     + ' 8691\\", \\"exp_month\\": 9, \\"exp_year\\": 2027, \\"cvc\\": null}}"'),
    ("qp-mask-split", "card on file 3566 **** *=\n*** 0505 exp 0430\n"),
    ("qp-last-four-split", "card on file 2204 **** **** 24=\n95 exp 09/2031\n"),
    ("qp-break-before-expiry", "> card on file XXXXXXXXXXXX0192 =\nexp 09/2026\n"),
    ("pdf-bullets-lost", "card on file ???? 7612 exp 04/31"),  # WinAnsi text written with replacement
]

REPORTED = [
    ("token-beside-full-number", f'{{"token": "tok_visa", "card_number": "{PAN}", "expiry": "12/29"}}',
     [("expiry", "12/29")]),
    ("no-token-named", "const card = { number: 'foo', exp_month: 1, exp_year: 2028, cvc: '' };", [("expiry", "01/28")]),
    ("token-inside-a-name", '{"stok_visa_enabled": true, "expiry": "12/29"}', [("expiry", "12/29")]),
    ("card-key-is-no-id", '{"card_holderNameField": "A", "expiry": "12/29"}', [("expiry", "12/29")]),
    ("underscored-literal", f"const card = {{ number: {UNDERSCORED}, exp_month: 5, exp_year: 2029, cvc: '' }};",
     [("expiry", "05/29")]),
    ("yaml-sequence-full", _yaml_cases(PAN, "tok_visa"), [("expiry", "03/30")]),
    ("env-full-number", f"TEST_CARD_NUMBER={PAN}\nTEST_CARD_LAST4={LAST4}\nTEST_CARD_EXP=11/30\n",
     [("expiry", "11/30")]),
    ("env-other-prefix", "APP_CARD_LAST4=4242\nTEST_CARD_EXP=11/30\n", [("expiry", "11/30")]),
    ("pdf-question-not-a-mask", "Questions??? 7612 exp 04/31", [("expiry", "04/31")]),
    ("qp-full-number-split", f"Please charge {PAN[:10]}=\n{PAN[10:]} exp 2032-07 for the refund\n",
     [("expiry", "07/32")]),
]


def _found(text: str, backend: Backend) -> list[tuple[str, str]]:
    return [(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), METADATA, ids=[c[0] for c in METADATA])
def test_an_expiry_in_a_record_naming_its_card_another_way_is_metadata(case: str, text: str, backend: Backend) -> None:
    assert _found(text, backend) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text", "expected"), REPORTED, ids=[c[0] for c in REPORTED])
def test_card_data_stays_reported(case: str, text: str, expected: list[tuple[str, str]], backend: Backend) -> None:
    assert _found(text, backend) == expected


@pytest.mark.parametrize("value", ["tok_visa", "tok_chargeDeclined", "pm_card_visa_debit", "pm_1N3T00LkdIwHu7ixt44h",
                                   "card_1MvoiELkdIwHu7ixOeFh7EpD", "src_1N3T00LkdIwHu7ix", "fake-apple-pay-visa-nonce",
                                   "cnon:card-nonce-ok", "ccof:GaJGNaZa8x4OgDJn4GB"])
def test_token_shapes(value: str) -> None:
    assert TOKEN_REF.fullmatch(value) is not None
    assert TOKEN_REF.search(f'"card": "{value}"') is not None


@pytest.mark.parametrize("text", ["card_number", "card_holder_name", "xtok_visa", "tok_", "pm_", "src_short",
                                  "my-fake-nonce-value", "card_1234"])
def test_no_token(text: str) -> None:
    assert TOKEN_REF.search(text) is None


@pytest.mark.parametrize(("text", "found"), [('"paymentMethodToken": "abc123x"', True),
                                             ("payment_method_nonce=fake-valid-nonce", True),
                                             ('"recurringDetailReference": "8415995487234100"', True),
                                             ('"payment_method_token": ""', False), ('"payment": "card"', False)])
def test_token_holder_keys(text: str, found: bool) -> None:
    assert (TOKEN_KEY_REF.search(text) is not None) is found


def test_key_group_is_the_prefix_keys() -> None:
    text = "test.card.last4=4242\napp.version=20.0.159\n# note\ntest.card.exp=07/28\nbuild.number=1877\n"
    group = key_group(text, text.index("07/28"))
    assert group is not None and [text[a:b] for a, b in group] == ["test.card.exp=07/28", "test.card.last4=4242"]
    assert key_group("EXP=07/28\nLAST4=4242\n", 4) is None  # no prefix
    assert key_group("card:\n  exp: 07/28\n  last4: 4242\n", 12) is None  # no key=value file
    assert key_group("TEST_CARD_EXP=07/28\nsome prose line\nTEST_CARD_LAST4=4242\n", 15) is None  # prose ends it


@pytest.mark.parametrize(("text", "at", "line", "there"), [
    ("a =\nb", 4, "a b", "b"), ("x\r\ncard 42=\r\n42 exp\r\n", 3, "card 4242 exp\r", "c"),
    ("aaa=\nbbb=\nccc\n", 9, "aaabbbccc", "c"),  # on a soft break's line end: the line goes on after it
], ids=masked_id)
def test_soft_line(text: str, at: int, line: str, there: str) -> None:
    found = soft_line(text, at)
    assert found is not None and found[0] == line and found[0][found[1]] == there


@pytest.mark.parametrize("text", ["plain line\nnext\n", "base64==\nmore\n", "x" * 90 + "=\nnext\n"], ids=masked_id)
def test_no_soft_line(text: str) -> None:
    assert soft_line(text, text.index("\n") + 1) is None


def _joined(before: str, lines: list[str], after: str, eol: str = "\n") -> tuple[str, range]:
    """``before``, then ``lines`` joined by soft breaks, then ``after``; and the positions on the joined lines."""
    body = f"={eol}".join(lines) + eol
    return before + body + after, range(len(before), len(before) + len(body))


_ENCODED = "a" * 76  # as long as an encoded line may be before its ``=``
_JOINED = [
    _joined("x\n", [_ENCODED, "b" * 500], "z\n"),  # a last line as long as it is, far past the break
    _joined("x\r\n", [_ENCODED, "c" * 20, "d" * 300], "z\r\n", "\r\n"),
    _joined("", ["card 42", "42 exp"], "", "\r\n"),  # from the text's start to its end
    _joined("y" * 200 + "\n", ["", "k"], ""),  # a lone ``=`` line after a long one
]
# no soft break: none, a line 78 long before its ``=``, base64 padding, an ``=`` ending the text
_APART = ["plain line\nnext line", "p\n" * 3 + "e" * 90 + "\nq\n", "f" * 77 + "=\ng\n", "f" * 77 + "=\r\ng\r\n",
          "QUJD==\nh\nmore\n", "QUJD==\r\nh\r\n", "a=b\nc=", "=", ""]


@pytest.mark.parametrize(("text", "joined"), [*_JOINED, *((text, range(0)) for text in _APART)], ids=masked_id)
def test_soft_line_at_every_position(text: str, joined: range) -> None:
    assert [at for at in range(len(text) + 1) if soft_line(text, at) is not None] == list(joined)


@pytest.mark.parametrize("number", ["tok_visa", PAN], ids=masked_id)
def test_sibling_month_and_year_objects_are_reported_on_the_month(number: str) -> None:
    text = _postman(number)
    found = [s for s in Engine().scan_text(text) if s.type == "expiry"]
    month = text.index('"6"') + 1
    assert [(s.start, s.value) for s in found] == ([(month, "06/29")] if number == PAN else [])
