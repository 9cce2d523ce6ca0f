"""Digits of another script percent-encoded as UTF-8 (``scanners.decoders.percent``: ``UTF8_TRIGGER``): full-width
digits as an input-method keyboard types them, Arabic-Indic, Devanagari..., in a URL's query as an ALB or CloudFront
access log writes it. The percent decoder reads them and the Unicode-digit decoder folds them for the ASCII detectors.
Near misses: an escaped word of another script (a search query) is left alone."""

import re
import unicodedata
from urllib.parse import quote

import hyperscan
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.decoders.percent import PREFILTER, UTF8_TRIGGER, PercentDecoder
from scanners.decoders.unicode_digits import fold
from scanners.engine.core import Backend, Engine
from tests.unit.detector_contract import hyperscan_hits


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
# the zero of each script's digits: full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, NKo,
# mathematical bold (four UTF-8 bytes)
ZEROS = {"fullwidth": 0xFF10, "arabic": 0x660, "persian": 0x6F0, "devanagari": 0x966, "bengali": 0x9E6,
         "thai": 0xE50, "nko": 0x7C0, "math-bold": 0x1D7CE}


def written(digits: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) for c in digits)


def alb(query: str) -> str:
    return ('https 2026-12-01T00:21:05.295Z app/pay-alb/e144e8a53c826ccc 54.246.174.25:6675 10.0.8.3:8080 0.000 0.817 '
            f'0.000 200 200 1238 25748 "GET https://pay.example.com:443/checkout?{query} HTTP/1.1" "Amazon CloudFront" '
            "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2")


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("zero", list(ZEROS.values()), ids=list(ZEROS))
def test_a_card_number_in_escaped_digits_of_another_script(backend: Backend, zero: int) -> None:
    line = alb(f"cc={quote(written(PAN, zero))}&cvc=049")
    assert [(s.type, s.value, s.encoding) for s in Engine(backend=backend).scan_text(line) if s.type == "pan"] == [
        ("pan", PAN, ("percent",))]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("zero", list(ZEROS.values()), ids=list(ZEROS))
def test_a_security_code_and_a_date_in_escaped_digits(backend: Backend, zero: int) -> None:
    date = quote(written("12", zero) + "/" + written("29", zero))
    line = alb(f"order=12&cvc={quote(written('049', zero))}&exp={date}")
    found = {(s.type, s.value, s.encoding) for s in Engine(backend=backend).scan_text(line)}
    assert found >= {("cvv", "049", ("percent", "unicode")), ("expiry", "12/29", ("percent", "unicode"))}


QUIET = [
    ("cjk-search", alb(f"q={quote('東京タワー 4')}&page=2")),
    ("cyrillic-search", alb(f"q={quote('карта оплаты')}&page=2")),
    ("arabic-letters", alb(f"name={quote('بطاقة')}&id=7")),
]


@pytest.mark.parametrize("line", [pytest.param(t, id=c) for c, t in QUIET])
def test_escaped_words_of_another_script_are_left_alone(line: str) -> None:
    assert list(PercentDecoder().decode(line)) == []


_NATIVE = [chr(c) for c in range(0x80, 0x1FBFF) if unicodedata.category(chr(c)) == "Nd"]
_DB = hyperscan.Database()
_DB.compile(expressions=[p.encode() for p in PREFILTER], flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(PREFILTER))


@given(digits=st.text(alphabet=st.sampled_from(_NATIVE), min_size=3, max_size=19),
       lower=st.booleans(), key=st.sampled_from(["cc=", "?card=", "&cvv=", "/pay/"]))
@settings(max_examples=150, deadline=None)
def test_the_prefilter_and_the_decoder_read_every_script(digits: str, lower: bool, key: str) -> None:
    encoded = quote(digits)
    encoded = encoded.lower() if lower else encoded
    line = f"GET /x{key}{encoded} HTTP/1.1"
    assert hyperscan_hits(_DB, line), "the prefilter opens the line"
    assert re.search(UTF8_TRIGGER, line), "and the decoder's trigger takes the token"
    decoded = [d.text for d in PercentDecoder().decode(line)]
    assert any(fold(digits) in fold(text) for text in decoded)


def _sjis(digits: str) -> str:
    """Full-width digits as a legacy CGI form posts them in Shift_JIS: each lead byte escaped, the trail byte plain."""
    return "".join(c if c.isascii() and c.isalnum() else f"%{ord(c):02X}" for c in
                   written(digits, 0xFF10).encode("cp932").decode("latin-1"))


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_a_card_number_in_shift_jis_escapes(backend: Backend) -> None:
    """``%82R%82T…`` (red-team round 64): read as cp932, the full-width digits folded; a number that fails Luhn and
    escaped Shift_JIS text with no digit stay quiet."""
    line = f'10.1.80.177 - - [07/Dec/2026:12:13:00 +0900] "POST /cgi-bin/order.cgi?card_no={_sjis(PAN)}&x=1 HTTP/1.0"'
    assert "%82R" in _sjis("3") and [s.value for s in Engine(backend=backend).scan_text(line) if s.type == "pan"] == [
        PAN]
    bad = line.replace(_sjis(PAN), _sjis(PAN[:-1] + str((int(PAN[-1]) + 1) % 10)))
    assert [s for s in Engine(backend=backend).scan_text(bad) if s.type == "pan"] == []
