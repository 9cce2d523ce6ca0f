"""Card numbers in the groupings real systems print them in, read by the whole engine: a 13-digit card's 4-3-3-3
(``cards.panchain.VISA_13``) and a 19-digit UnionPay's 6+13 (``cards.panchain.UNIONPAY_19``) joined by one space or
one dash, and a generic ``number`` member of a Lambda
destination's ``requestPayload`` (``cards.idfar``). Lists of numbers, amounts, versions and ids grouped the same way
stay quiet."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine

FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def grouped(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    out, at = [], 0
    for n in sizes:
        out.append(digits[at : at + n])
        at += n
    return sep.join(out)


V13 = luhn("498675123456")  # a 13-digit Visa
M13 = luhn("501800123456")  # a 13-digit Maestro
V16 = luhn("453201511283036")
V19 = luhn("428606116001196937")
AMEX = luhn("34662169622505")
NOT_LUHN = V13[:-1] + str((int(V13[-1]) + 1) % 10)
UP19 = luhn("621227154092989206")  # a 19-digit UnionPay, embossed 6+13
UP6, UP13 = UP19[:6], UP19[6:]
UP18 = luhn(UP19[:17])
V19_613 = grouped(V19, (6, 13), " ")  # a 19-digit Visa is never printed 6+13
SPACED, DASHED = grouped(V13, (4, 3, 3, 3), " "), grouped(V13, (4, 3, 3, 3), "-")
A, B, C, D = V13[:4], V13[4:7], V13[7:10], V13[10:]  # the same digits as four numbers
DEST = (
    '{{"version":"1.0","requestContext":{{"requestId":"2f188873-d893-4509-b51a-faac5bcaf98e","condition":'
    '"RetriesExhausted"}},"requestPayload":{{"eventType":"checkout.submitted","id":"5d074cac","stan":"281908",'
    '"currency":"USD","invoice":"in_BbO0XEDX","number":"{}"}},"responseContext":{{"statusCode":200}}}}'
)

FOUND = [
    ("visa13-spaces", f'{{"value": "{SPACED}"}}', SPACED),
    ("visa13-card-label", f"card {SPACED} ok", SPACED),
    ("visa13-dashes", f"customer paid with {DASHED}, ref ORD-762473", DASHED),
    ("visa13-json", f'{{"cardNumber": "{SPACED}", "cvv2": "516"}}', SPACED),
    ("visa13-escaped-json", f'"body": "{{\\"card\\":{{\\"number\\":\\"{DASHED}\\"}}}}"', DASHED),
    ("visa13-nbsp", f"card {grouped(V13, (4, 3, 3, 3), chr(0xA0))} \u00e9", grouped(V13, (4, 3, 3, 3), chr(0xA0))),
    ("visa13-en-dash", f"card {grouped(V13, (4, 3, 3, 3), chr(0x2013))}", grouped(V13, (4, 3, 3, 3), chr(0x2013))),
    ("maestro13", f"paid {grouped(M13, (4, 3, 3, 3), ' ')}", grouped(M13, (4, 3, 3, 3), " ")),
    ("visa13-then-code", f"card {SPACED} 12/27 cvv 123", SPACED),
    # a Lambda destination's record: the request's payload holds the caller's data, its "number" a card's
    ("dest-visa19", DEST.format(grouped(V19, (4, 4, 4, 4, 3), " ")), grouped(V19, (4, 4, 4, 4, 3), " ")),
    ("dest-amex", DEST.format(grouped(AMEX, (4, 6, 5), "-")), grouped(AMEX, (4, 6, 5), "-")),
    ("dest-visa16", DEST.format(V16), V16),
    ("request-parameters", f'{{"requestParameters": {{"a": "b", "number": "{V16}"}}}}', V16),
    ("request-body", f'{{"request_body": {{"number": "{DASHED}"}}}}', DASHED),
    # UnionPay's 19-digit embossing, 6+13 (``cards.panchain.UNIONPAY_19``)
    ("unionpay19-spaces", f"card {UP6} {UP13} ok", f"{UP6} {UP13}"),
    ("unionpay19-json", f'{{"cardNo": "{UP6} {UP13}", "exp": "12/29"}}', f"{UP6} {UP13}"),
    ("unionpay19-dash", f"paid with {UP6}-{UP13}.", f"{UP6}-{UP13}"),
    ("unionpay19-nbsp", f"\u5361\u53f7 {UP6}\u00a0{UP13}", f"{UP6}\u00a0{UP13}"),
    ("unionpay19-fullwidth", f"card {UP6.translate(FULLWIDTH)} {UP13.translate(FULLWIDTH)}",
     f"{UP6.translate(FULLWIDTH)} {UP13.translate(FULLWIDTH)}"),
    ("unionpay19-then-code", f"card {UP6} {UP13} 12/27 cvv 123", f"{UP6} {UP13}"),
]

QUIET = [
    ("json-int-array", f'"sizes": [{A}, {B}, {C}, {D}]'),
    ("comma-list", f"sizes {A}, {B}, {C}, {D} ok"),
    ("quoted-array", f'["{A}","{B}","{C}","{D}"]'),
    ("version-dots", f"version {A}.{B}.{C}.{D}"),
    ("slashes", f"{A}/{B}/{C}/{D}"),
    ("mixed-separators", f"x {A} {B}-{C} {D} y"),
    ("double-spaces", f"x {A}  {B}  {C}  {D} y"),
    ("thousands-amount", f"total {grouped(V13, (1, 3, 3, 3, 3), ' ')} EUR"),
    ("luhn-invalid", f"card {grouped(NOT_LUHN, (4, 3, 3, 3), ' ')}"),
    ("no-13-digit-brand", f"card {grouped(luhn('378282246310'), (4, 3, 3, 3), ' ')}"),  # Amex is 15 digits only
    ("phone-after-plus", f"call +1 {SPACED}"),
    ("order-id", f'{{"orderId": "{SPACED}"}}'),
    # a request's or an order's own number stays an id; so does any member of a request payload beside an id
    ("request-number", f'{{"request": {{"number": "{V16}"}}}}'),
    ("order-data-number", f'{{"orderData": {{"number": "{V16}"}}}}'),
    ("dest-order-id", DEST.format("x").replace('"number":"x"', f'"orderId":"{V16}"')),
    # 6+13 only under UnionPay's IIN, joined as printed, and only as a whole 19-digit card
    ("visa19-six-thirteen", f"card {V19_613} ok"),
    ("unionpay19-comma", f"ids {UP6}, {UP13} ok"),
    ("unionpay19-two-spaces", f"ids {UP6}  {UP13} ok"),
    ("unionpay19-slash", f"path {UP6}/{UP13}"),
    ("unionpay19-luhn-invalid", f"card {UP6} {UP13[:-1]}{(int(UP13[-1]) + 1) % 10}"),
    ("unionpay18-six-twelve", f"card {UP18[:6]} {UP18[6:]}"),
    ("unionpay19-glued", f"card {UP6} {UP13}7"),
    ("unionpay19-order-id", f'{{"orderId": "{UP6} {UP13}"}}'),
]


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    backend: Backend = request.param
    return Engine(backend=backend)


@pytest.mark.parametrize(("text", "match"), [pytest.param(t, m, id=c) for c, t, m in FOUND])
def test_found(engine: Engine, text: str, match: str) -> None:
    assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == [match]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in QUIET])
def test_quiet(engine: Engine, text: str) -> None:
    assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == []
