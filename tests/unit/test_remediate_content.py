"""Masked copies of stored bytes: only the run's values are replaced by their masks; every other byte stays."""

from __future__ import annotations

import gzip

import pytest

from reports.errors import RemediationError
from reports.remediate.content import Matcher
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import default_engine

PAN, OTHER = "4242424242424242", "5555555555554444"
ADDRESS = ("bucket", "key.log")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(default_engine(), LocalKeyFingerprinter(b"k" * 32))


def fp(m: Matcher, value: str) -> str:
    return m.fingerprinter.fingerprint("pan", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"paid with {PAN} ok\n", "paid with 424242******4242 ok\n"),
        (f'{{"card_number": "{PAN}", "amount": "50.00"}}', '{"card_number": "424242******4242", "amount": "50.00"}'),
        (f"a {PAN} b {PAN} c", "a 424242******4242 b 424242******4242 c"),
        (f"café {PAN} ü\n", "café 424242******4242 ü\n"),
        (f"{PAN} and {OTHER}", f"424242******4242 and {OTHER}"),  # a value the run did not report stays
        ("nothing here 12345\n", "nothing here 12345\n"),
    ],
)
def test_mask_text_replaces_only_the_chosen_values(matcher: Matcher, text: str, expected: str) -> None:
    masked, count = matcher.mask_text(text, {fp(matcher, PAN)})
    assert masked == expected
    assert count == text.count(PAN)


def test_mask_bytes_keeps_every_other_byte(matcher: Matcher) -> None:
    data = f"line one\r\n\tcard {PAN} end\r\nlast line without newline".encode()
    out, count = matcher.mask_bytes(data, {fp(matcher, PAN)}, ADDRESS)
    assert count == 1
    assert out == data.replace(PAN.encode(), b"424242******4242")


def test_mask_bytes_keeps_gzip_gzip(matcher: Matcher) -> None:
    plain = f'{{"prompt": "card {PAN}"}}\n{{"prompt": "clean"}}\n'.encode()
    out, count = matcher.mask_bytes(gzip.compress(plain), {fp(matcher, PAN)}, ADDRESS)
    assert out[:2] == b"\x1f\x8b" and count == 1
    assert gzip.decompress(out) == plain.replace(PAN.encode(), b"424242******4242")


def test_held_and_mask_all(matcher: Matcher) -> None:
    text = f"{PAN} {OTHER}"
    assert matcher.held("s3", ADDRESS, text.encode()) == {fp(matcher, PAN), fp(matcher, OTHER)}
    assert PAN not in matcher.mask_all(text) and OTHER not in matcher.mask_all(text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe card " + PAN.encode(), "expected UTF-8 text"),
        (b"\x1f\x8b\x08\x00broken", "expected readable gzip"),
    ],
)
def test_unreadable_content_is_refused_without_the_value(matcher: Matcher, data: bytes, expected: str) -> None:
    with pytest.raises(RemediationError) as info:
        matcher.mask_bytes(data, {fp(matcher, PAN)}, ADDRESS)
    assert expected in str(info.value) and "s3://bucket/key.log" in str(info.value)
    assert PAN not in str(info.value)
