"""Card numbers in the groupings real systems print them in, read by the whole engine: a 13-digit card's 4-3-3-3
(``cards.panchain.VISA_13``) and a 19-digit UnionPay's 6+13 (``cards.panchain.UNIONPAY_19``) joined by one space or
one dash (a dotted 4-3-3-3 after a card's label), fours with a longer last group (``cards.panchain.MERGED_TAILS``:
4-4-5, 4-4-4-5, 4-4-4-6) joined by any one separator, and a generic ``number`` member of a Lambda
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
# fours with the leftover digits merged into the last group (``cards.panchain.MERGED_TAILS``)
M17, UP18M = luhn("6304909715509479"), luhn("62885657227648208")  # a 17-digit Maestro, an 18-digit UnionPay
AMEX17 = luhn("3782822463100051")  # Amex issues 15 digits only
V13_445, M13_445 = grouped(V13, (4, 4, 5), " "), grouped(M13, (4, 4, 5), "-")
M17_4445, UP18_4446 = grouped(M17, (4, 4, 4, 5), " "), grouped(UP18M, (4, 4, 4, 6), "-")
DOTTED = grouped(V13, (4, 3, 3, 3), ".")
# a 19-digit number typed 4-4-4-4-3 that fails Luhn (a mistyped card) whose last four groups are a Luhn-valid
# 15-digit UATP number: a piece of the one number a reader sees, not a card after a leading number
UATP15 = luhn("19922608340057")
TYPO19 = next(h + UATP15 for h in ("6222", "6223", "6224") if not luhn_valid(h + UATP15))
V15_4443 = grouped(UATP15, (4, 4, 4, 3), " ")
MC16 = luhn("530125123456789")  # a 16-digit Mastercard: 17 or 18 digits are no card of its range
MC16_4444 = grouped(MC16, (4, 4, 4, 4), " ")
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
    # 13 digits as 4-4-5, 17 and 18 as 4-4-4-5 and 4-4-4-6, with whichever one separator a person typed
    ("visa13-445", f"The number is {V13_445}", V13_445),
    ("maestro13-445-dashes", f"ok Kartennummer: {M13_445}", M13_445),
    ("visa13-445-dots", f"please charge my visa {grouped(V13, (4, 4, 5), '.')}. Thx!", grouped(V13, (4, 4, 5), ".")),
    ("visa13-445-slashes", f"{grouped(V13, (4, 4, 5), '/')} / MM/YY: 01/28", grouped(V13, (4, 4, 5), "/")),
    ("visa13-445-nbsp", f"visa {grouped(V13, (4, 4, 5), chr(0xA0))} \u00e9", grouped(V13, (4, 4, 5), chr(0xA0))),
    ("visa13-445-en-dash", f"carte {grouped(V13, (4, 4, 5), chr(0x2013))}", grouped(V13, (4, 4, 5), chr(0x2013))),
    ("visa13-445-then-date", f"Card no. {V13_445}, valid thru 05/27", V13_445),
    ("maestro17-4445", f'"value": "{M17_4445}"', M17_4445),
    ("unionpay18-4446", f"charge {UP18_4446} (exp 07 / 31)", UP18_4446),
    ("unionpay18-table-cell", f"|11130114|{grouped(UP18M, (4, 4, 4, 6), ' ')}| 471|02/26|",
     grouped(UP18M, (4, 4, 4, 6), " ")),
    # a dotted 4-3-3-3 right after a card's label (``loose_pan``)
    ("visa13-dots-card-label", f"card {DOTTED}", DOTTED),
    ("visa13-dots-cc-hash", f'"note":"CC# {DOTTED}  Exp: 11-32"', DOTTED),
    # a card right after another number: one not grouped as the card is, or joined by another separator
    ("uatp15-after-line-item", f"line item 12 {V15_4443}", V15_4443),
    ("uatp15-after-number-comma", f"item 2207, {V15_4443}", V15_4443),
    ("uatp15-after-number-wide-gap", f"qty 2207   {V15_4443}", V15_4443),
    ("uatp15-alone", f"Card number: {V15_4443}", V15_4443),
    # the opening groups before a security code grouped with them, as callers read them out
    ("mc16-then-code", f"Card number: {MC16_4444} 123", MC16_4444),
    ("mc16-then-expiry", f"card {MC16_4444} 0729", MC16_4444),
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
    # a longer last group only as a whole number typed with one separator, under an IIN issuing that length
    ("445-inside-longer", f"ref 1234 {V13_445}"),
    ("4445-inside-longer", f"ref 77 {M17_4445}"),
    ("445-mixed-separators", f"x {V13[:4]} {V13[4:8]}-{V13[8:]} y"),
    ("445-comma-list", f"sizes {grouped(V13, (4, 4, 5), ', ')} ok"),
    ("445-json-array", f'"sizes": [{grouped(V13, (4, 4, 5), ", ")}]'),
    ("445-luhn-invalid", f"card {grouped(NOT_LUHN, (4, 4, 5), ' ')}"),
    ("4445-amex-length", f"card {grouped(AMEX17, (4, 4, 4, 5), ' ')}"),
    ("445-order-id", f'{{"orderId": "{V13_445}"}}'),
    ("dots-no-card-label", f"build {DOTTED} ok"),
    # one evenly grouped number of a card's length: the whole or its opening groups, never the groups after its first
    ("typo19-dashes", f"Please charge {grouped(TYPO19, (4, 4, 4, 4, 3), '-')} for the balance"),
    ("typo19-spaces", f"Card number: {grouped(TYPO19, (4, 4, 4, 4, 3), ' ')}"),
    ("typo19-json", f'{{"card_number": "{grouped(TYPO19, (4, 4, 4, 4, 3), " ")}"}}'),
    # nor the opening groups before a digit or two grouped with them (a 17- or 18-digit number typed in fours)
    ("typo18-spaces", f"Card number: {MC16_4444} 62"),
    ("typo17-dashes", f"Card number: {grouped(MC16, (4, 4, 4, 4), '-')}-0"),
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
