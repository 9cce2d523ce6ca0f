"""``context.keywords`` finds the same keywords through a detector's lower-case pattern as through its trigger.

Strategies draw only structure (keyword pieces, separators, case flips, offsets), never card data."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors import cvv, expiry, monthyear
from scanners.detectors.context import keywords
from scanners.detectors.vocabulary import Cvv, Expiry

PIECES = [
    "cvv", "CVC2", "cvNumber", "csc", "CAV2", "cid", "xcid", "_cid", "?cid", "Security-Code", "card_verification",
    "cardCode", "exp", "EXP_month", "expiry", "expirationYear", "exp.date", "valid thru", "Good-Through", "expy",
    "_", "-", " ", ".", ":", "=", '"', "{", "\n", "\\n", "12", "a", "Z", "9", "\u00e9", "\u212a",
    "\\ncid", "aCid", "xCVV", "cv2", "CVV2CVC2", "ssl_cvv2cvc2", "ccexp", "CCExp", "expire_month", "Expire-Date",
]  # fmt: skip
CASES = [(cvv.CvvDetector._rx, Cvv.LOWER, Cvv.NEEDLES), (expiry.ExpiryDetector._rx, Expiry.LOWER, ("exp", "thr"))]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
cvv_rx = cvv.CvvDetector._rx


@settings(max_examples=600, deadline=None)
@given(texts, st.data(), st.integers(0, 1), st.integers(0, 64))
def test_lower_pattern_finds_the_same_keywords(text: str, data: st.DataObject, which: int, lookback: int) -> None:
    rx, lower, needles = CASES[which]
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for given_needles in ((), needles):
        plain = list(keywords(rx, text, pos, endpos, lookback=lookback, needles=given_needles))
        fast = list(keywords(rx, text, pos, endpos, lookback=lookback, needles=given_needles, lower=lower))
        assert fast == plain


def test_cid_needs_a_word_start() -> None:
    cases = [("cid=123", [(0, 3)]), ("x cid 1", [(2, 5)]), ("xcid 1", []), ("a_cid: 1", [(2, 5)]), ("aCid 1", []),
             ("\\ncid 1", []), ("\\ncvv 1", [(2, 5)])]  # fmt: skip
    for text, found in cases:
        assert list(keywords(cvv_rx, text, 0, len(text), lookback=0, lower=Cvv.LOWER)) == found
        assert list(keywords(cvv_rx, text, 2, len(text), lookback=0, lower=Cvv.LOWER)) == list(
            keywords(cvv_rx, text, 2, len(text), lookback=0)
        )


EXPIRY_PIECES = [
    "exp_month", "EXP_MONTH", "expYear", "expiration_year", "ExpiryMonth", "exp", "valid thru", "expm", "xexp_year",
    '": ', ": ", "=", ", ", "\n", "\\n", "  ", "{", "}", "12", "1", "09", "2030", "30", "7", "\u00e9", "month", "year",
    " " * 120, "x" * 100,
]  # fmt: skip
expiry_texts = st.lists(st.sampled_from(EXPIRY_PIECES), min_size=1, max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(expiry_texts)
def test_month_year_pairs_are_the_same_through_the_lower_pattern(text: str) -> None:
    rx, fillers = expiry.ExpiryDetector._rx, Expiry.FILLERS
    for m in rx.finditer(text):
        kind = monthyear.kind_of(m.group())
        for lower in (None, Expiry.LOWER):
            assert monthyear.same_line(rx, text, kind, m.end(), fillers, lower=lower) == monthyear.same_line(
                rx, text, kind, m.end(), fillers
            )
            assert monthyear.across_lines(rx, text, kind, m.span(), fillers, lower=lower) == monthyear.across_lines(
                rx, text, kind, m.span(), fillers
            )
