"""A track 1 record percent-encoded (``scanners.decoders.percent``): ``urlencode`` of a swipe writes its start
sentinel as ``%25`` and the field separators as ``%5E``, so the card number is glued to the format code ``B`` and
no other escape touches a digit (``%25B4258…%5EGARCIA%2FMARIA%5E2902…%3F``). Seen in a form body, in a redirect's
query encoded twice (``%2525B…%255E``) and in a ``data:text/plain,`` URL. Near misses stay quiet: a masked card so
encoded, and a ``%25B`` before a short number."""

from urllib.parse import quote

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("425872723196022")  # a Visa number made for these tests
TRACK1 = f"%B{PAN}^GARCIA/MARIA^2902101123400000000?"


def form(value: str) -> str:
    return f"2026-11-30T02:50:00.512Z INFO POST /pos/swipe body=terminal=T7&swipe={value}&amount=12.50"


POSITIVES = [
    form(quote(TRACK1, safe="")),
    form(quote(TRACK1, safe="/")),
    "2026-11-30T02:50:00.512Z WARN redirect loop next=" + quote("/pay?d=" + quote(TRACK1, safe=""), safe=""),
    f'<a href="data:text/plain;charset=utf-8,{quote(TRACK1, safe="")}">download</a>',
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("line", POSITIVES, ids=["form", "form-slash", "double", "data-url"])
def test_a_percent_encoded_track_1(backend: Backend, line: str) -> None:
    found = {(s.type, s.value) for s in Engine(backend=backend).scan_text(line)}
    assert ("pan", PAN) in found
    assert any(t == "track" for t, _ in found)


NEGATIVES = [
    form(quote(f"%B{PAN[:6]}******{PAN[-4:]}^GARCIA/MARIA^2902101?", safe="")),
    form("%25B1234%5Ebatch%5E7"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("line", NEGATIVES, ids=["masked", "short"])
def test_near_misses_stay_quiet(backend: Backend, line: str) -> None:
    assert [s.type for s in Engine(backend=backend).scan_text(line) if s.type in ("pan", "track")] == []
