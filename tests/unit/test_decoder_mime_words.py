"""MimeWordsDecoder: RFC 2047 encoded-words in mail headers (``=?UTF-8?Q?...?=``, ``=?iso-8859-1?B?...?=``) are
read decoded, adjacent words joined (a card number split over two words, a header folded over two lines); a
malformed word, an unknown charset and a word with no digit are left as they are. Both back ends agree."""

from __future__ import annotations

import base64

import pytest

from scanners.decoders.mime_words import MimeWordsDecoder
from scanners.engine.core import Engine

D = MimeWordsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN = "4539 1488 0343 6467"
PAN2 = "5425233430109903"


def q(text: str, charset: str = "utf-8") -> str:
    """Q-encode ``text`` as a mailer does: letters, digits and ``/`` as they are, a space as ``_``."""
    body = "".join(c if (c.isascii() and c.isalnum()) or c == "/" else "_" if c == " " else "".join(
        f"={b:02X}" for b in c.encode(charset)) for c in text)
    return f"=?{charset}?Q?{body}?="


def b(text: str, charset: str = "utf-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


CASES = [
    ("q-utf8-german", f"Subject: {q(f'Zahlung – Karte {PAN} gültig bis 05/29')}", {"pan", "expiry"}),
    ("q-lowercase-tag", f"Subject: =?utf-8?q?card_number_{PAN2.replace(' ', '_')}_exp_11/28?=", {"pan", "expiry"}),
    ("b-utf8", f"Subject: {b(f'Zahlung – Karte {PAN} gültig bis 05/29')}", {"pan", "expiry"}),
    ("q-split-two-words", f"Subject: {q('Card 5425 2334 ')} {q('3010 9903 exp 11/28')}", {"pan", "expiry"}),
    ("b-split-folded", f"Subject: {b('Karte 4539 14')}\r\n {b('88 0343 6467, gültig bis 05/29')}", {"pan", "expiry"}),
    ("q-latin1", f"Subject: {q(f'Paiement carte {PAN} échéance 05/29', 'iso-8859-1')}", {"pan", "expiry"}),
    ("b-windows-1252", f"Subject: {b(f'Karte {PAN} – gültig bis 05/29', 'windows-1252')}", {"pan", "expiry"}),
    # near misses
    ("malformed-escape", f"Subject: {q(f'Karte {PAN} gültig bis 05/29').replace('Karte_', 'Karte=Z_')}", set()),
    ("unknown-charset", f"Subject: {q(f'Karte {PAN} gültig bis 05/29').replace('utf-8', 'x-unknown')}", set()),
    ("q-no-digits", f"Subject: {q('Zahlung – Karte endet bald')}", set()),
    ("q-order-number", f"Subject: {q('Bestellung 20606550635332 versandt')}", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_encoded_words_read_decoded(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value, f.encoding) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, *_ in got[0]} == want, name
    assert ("pan" in want) == any(t == "pan" and encoding for t, *_, encoding in got[0]), name
    assert got[0] == got[1]


def test_segment_spans_adjacent_words_only() -> None:
    text = f"Subject: {q('Card 5425 2334')} {q('3010 9903')} and =?UTF-8?Q?more_1?="
    segs = list(D.decode(text))
    assert [(text[s.start : s.end], s.text) for s in segs] == [
        (f"{q('Card 5425 2334')} {q('3010 9903')}", "Card 5425 23343010 9903"),
        ("=?UTF-8?Q?more_1?=", "more 1"),
    ]
    assert all(s.encoding == ("mime_word",) for s in segs)


def test_folded_segment_is_one_for_every_window() -> None:
    text = f"Subject: {b('Karte 4539 1488')}\r\n {b('0343 6467')}\r\nTo: a@b.example"
    first = list(D.decode(text, 0, text.index("\r\n")))
    second = list(D.decode(text, text.index("\n") + 1, text.rindex("\r\n")))
    assert first == second and len(first) == 1 and first[0].text == "Karte 4539 14880343 6467"


def test_unknown_charset_word_ends_segment_without_crash() -> None:
    text = "=?UTF-8?Q?a_1?= =?koi8-r?B?AAAA?= =?UTF-8?Q?b_2?="
    assert [s.text for s in D.decode(text)] == ["a 1", "b 2"]


def test_lone_utf8_b_word_is_reported_once() -> None:
    """The base64 decoder reads a lone UTF-8 B word already: its findings come once, from there; a Latin-1 B word
    (which is not UTF-8) and a B word split in two are read here."""
    lone = f"Subject: {b(f'Karte {PAN} gültig bis 05/29')}"
    for engine in ENGINES:
        assert [(s.type, s.encoding) for s in engine.scan_text(lone)] == [("pan", ("base64",)), ("expiry", ("base64",))]
    assert list(D.decode(lone)) == []
    latin = f"Subject: {b(f'Karte {PAN} gültig bis 05/29', 'iso-8859-1')}"
    assert [s.text for s in D.decode(latin)] == [f"Karte {PAN} gültig bis 05/29"]
    split = f"Subject: {b('Karte 4539 14')} {b('88 0343 6467')}"
    assert [s.text for s in D.decode(split)] == ["Karte 4539 1488 0343 6467"]
