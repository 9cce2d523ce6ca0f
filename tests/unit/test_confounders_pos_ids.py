"""Ids of payment records that pass a card's IIN, length and Luhn by chance (red-team round 57): ISO 8583 elements
written with their names in parentheses (``DE037(RRN)=``), a card word that is the key of a masked card of its own
(``pan=609959******2049``: it names that masked value, not the next line's retrieval reference), a bank statement's
``AcctSvcrRef`` (an ISO 20022 element name pasted) and a SEPA end-to-end id (``E2E``). Values built at run time."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.gtin import gs1_valid
from scanners.detectors.key_pan import KeyPanDetector
from scanners.detectors.pan import PanDetector

D = PanDetector()
K = KeyPanDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


RRN = luhn("63360194890")  # YDDDhhnnnnnn: day 336 of 2026, a 12-digit Maestro-range run
VISA = luhn("453201511283036")
LOYALTY = luhn("639100260495949553")  # 19 digits in a closed-loop programme's range (Maestro's 6 at 19 digits)
ACCOUNT = luhn("69123870033")  # a cheque's 12-digit account number


def gtin(body: str) -> str:
    """A 13-digit run that passes both GS1's check and Luhn (a product id a card's checks admit by chance)."""
    return next(body + f"{k:02d}" + c for k in range(100) for c in "0123456789"
                if gs1_valid(body + f"{k:02d}" + c) and luhn_valid(body + f"{k:02d}" + c))


GTIN = gtin("5641885547")
MEDIA = luhn("356380222567006197")  # a 19-digit Instagram media id that a JCB range admits
OWNER = "18902849324"


def grouped(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
MASKED = "601198******5246"
POS = "2026-12-09T01:03:27.983Z INFO auth resp MTI=0210 DE011(STAN)=832931 "


@pytest.mark.parametrize(
    "text",
    [
        # the element's name in parentheses: an ISO 8583 element that is no card (RRN, merchant and terminal ids)
        f"{POS}DE037(RRN)={RRN} DE038(auth)=Y2NLGZ DE039=00 pan={MASKED}",
        f"card read ok\n{POS}DE037(RRN)={RRN} DE039=00",
        f"{POS}DE042(MID)={VISA} DE041(TID)=81543085",
        f"{POS}DE037 (RRN) = {RRN}",
        # a masked card's key on the line before labels that masked card, not this line's number
        f"{POS}{RRN} 00 pan={MASKED}\n{POS}{RRN} 00 pan={MASKED}",
        f'{{"pan": "{MASKED}", "status": "ok"}}\n{{"seq": 3, "val": {RRN}}}',
        # a statement's card purchase, its card masked; the cheque's MICR line below; the bank's reference
        f"2026-12-14  CARD PURCHASE {MASKED}  BJTUUKLCCA  -717.21\nMICR: C562122C A050874985A {ACCOUNT}",
        f"2026-12-18  CARD PURCHASE {MASKED}  WVKYKNSTGI  -47.71  AcctSvcrRef {VISA}",
        f"SEPA DD mandate MNDT35361736144618 creditor DE98ZZZ08450006413 amount 739.64 E2E {VISA}",
        # a closed-loop programme's card named in prose
        f"customer: my loyalty card is {grouped(LOYALTY)}, can you add the points?",
        f"my rewards card {grouped(LOYALTY)} has no points",
        # a product page's GTIN in a URL path
        f'"GET /p/{GTIN}?sku=56236900795022 HTTP/1.1" 404',
    ],
)
def test_quiet(text: str) -> None:
    assert [text[s.start : s.end] for s in D.find(text)] == []


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        (f"{POS}DE002(PAN)={VISA} DE039=00", VISA),  # field 2 is the card
        (f"pan={MASKED} card={RRN}", RRN),  # a card word that keys this number
        (f"pan={MASKED}\nmaestro {RRN}", RRN),
        (f"card=visa\n{POS}{RRN} 00", RRN),  # a card word that keys no masked card still labels it
        (f"CARD PURCHASE {MASKED} 00\ncard {ACCOUNT}", ACCOUNT),
        (f"CardNumber {VISA}", VISA),  # a Pascal-case card key pasted stays a card's
        # a programme's card with a payment card's code or expiry after it, a scheme's word: a payment card
        (f"my loyalty card is {grouped(LOYALTY)}, cvv 123", LOYALTY),
        (f"my loyalty card is {grouped(LOYALTY)} and it expires 12/28", LOYALTY),
        (f"my Visa rewards card {VISA}", VISA),
        (f'"GET /c/{GTIN}?x=1 HTTP/1.1"', GTIN),  # no product path
        (f'"GET /p/{VISA}?x=1 HTTP/1.1"', VISA),  # no GTIN's length
    ],
)
def test_found(text: str, digits: str) -> None:
    assert [s.value for s in D.find(text)] == [digits]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Instagram's media id glued to its owner's id: a composite id, a URL path's whole segment
        (f'"GET /u/1084127083245204275/media/{MEDIA}_{OWNER} HTTP/1.1" 200', []),
        (f'"GET /posts/{OWNER}_{MEDIA}?fields=id HTTP/1.1" 200', []),
        # a file name: the card and its expiry segment; another id after it in a file's name stays the card's
        (f"s3://bucket/failed/{VISA}_0327.json", [VISA, "03/27"]),
        (f"s3://bucket/failed/{VISA}_{OWNER}.json", [VISA]),
    ],
)
def test_composite_ids(text: str, found: list[str]) -> None:
    assert [s.value for s in K.find(text)] == found
