"""Searches rewritten so ``re`` need not try a leading look-behind at every position (a look-behind after the first
character, a find for a word first, a guard for the words a label holds) find exactly what the look-behind search
found: property tests against the original patterns over texts built from the boundary characters, from any start
(the character before it still counts), and a table of the boundary cases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards import tokennames
from scanners.cards.loosegroups import _DATE, CHAIN, SEP
from scanners.detectors import bare_codes, card_summary

_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9](?:(?:  |[ \-.])?[0-9]){11,18}(?![0-9A-Za-z])")
_CHAIN = re.compile(
    rf"(?<![0-9A-Za-z_.\-/])[0-9]{{1,16}}(?:{SEP}[0-9]{{1,16}})+(?![0-9A-Za-z_]|{SEP}(?!{_DATE})[0-9]|[./][0-9])"
)
_DIGITS = ["4111", "1", "12", "0", " ", "  ", "-", " - ", ".", "/", "_", "\t", "a", "Z", "\u00e9", "\n", "12/27"]
_WORDS = ["code", "CoDe", "cODE", "codes", " ", ":", "=", " is ", "\t", "1", "one", "-", "_", "x", "\u0130", "\n"]
_LABELS = ["network", "token", "tokens", "pan", "d-pan", "DPAN", "device", "account", "number", "gift", "card",
           "voucher", "Rewards", "loyalty", "coupon", "code", "visa", "no.", " ", "_", "-", ":", "x", "9", "\u0131",
           "\u0130", "\u212a", "T\u212aEN"]


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def _texts(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=24).map("".join)


def _cut(text: str, lo: int, hi: int) -> tuple[int, int]:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    return lo, hi


@settings(max_examples=400, deadline=None)
@given(_texts(_DIGITS), st.integers(0, 120), st.integers(0, 120))
def test_whole_numbers_and_chains_as_the_look_behind_found_them(text: str, lo: int, hi: int) -> None:
    lo, hi = _cut(text, lo, hi)
    assert _spans(card_summary.NUMBER.finditer(text, lo, hi)) == _spans(_NUMBER.finditer(text, lo, hi))
    assert _spans(CHAIN.finditer(text, lo, hi)) == _spans(_CHAIN.finditer(text, lo, hi))


@settings(max_examples=400, deadline=None)
@given(_texts(_WORDS), st.integers(0, 120), st.integers(0, 120))
def test_bare_code_words_as_the_look_behind_found_them(text: str, lo: int, hi: int) -> None:
    lo, hi = _cut(text, lo, hi)
    assert _spans(bare_codes._code_words(text, lo, hi)) == _spans(bare_codes._BARE_CODE.finditer(text, lo, hi))


def _closed_loop(text: str, start: int) -> bool:
    m = tokennames._CLOSED_LOOP_LABEL.search(text, max(0, start - 48), start)
    return m is not None and tokennames._SCHEME_BEFORE.search(text, max(0, m.start() - 24), m.start()) is None


@settings(max_examples=400, deadline=None)
@given(_texts(_LABELS), st.integers(0, 200))
def test_labels_as_their_search_alone_found_them(text: str, start: int) -> None:
    start = min(start, len(text))
    token = tokennames._TOKEN_LABEL.search(text, max(0, start - 48), start) is not None
    assert tokennames.token_labelled(text, start) == token
    assert tokennames.closed_loop_labelled(text, start) == _closed_loop(text, start)


@pytest.mark.parametrize(
    ("text", "lo", "spans"),
    [
        ("4111 1111 1111 1111", 0, [(0, 19)]),  # at the text's start
        ("x4111111111111111 ", 0, []),  # glued to a word
        ("x4111111111111111 ", 1, []),  # the character before the start still counts
        ("x4111111111111111 ", 2, []),  # (and a digit before it)
        ("x4111 1111 1111 1111 1111", 0, [(6, 25)]),  # a later group after a blank starts one
        ("=4111111111111111;", 1, [(1, 17)]),
    ],
)
def test_a_number_glued_to_a_word_is_none(text: str, lo: int, spans: list[tuple[int, int]]) -> None:
    assert _spans(card_summary.NUMBER.finditer(text, lo)) == spans == _spans(_NUMBER.finditer(text, lo))


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("4111 1111-22 x", [(0, 12)]),
        ("12/27 4111 1111", [(6, 15)]),  # a group after a slash starts none
        ("ab4111 1111 22", [(7, 14)]),  # nor one glued to a word
        (".4111 1111 2", [(6, 12)]),  # nor one after a dot
        ("4111 1111 12/27", [(0, 9)]),  # the expiry after the groups is none of them
    ],
)
def test_a_chain_glued_to_a_word_or_a_slash_is_none(text: str, spans: list[tuple[int, int]]) -> None:
    assert _spans(CHAIN.finditer(text)) == spans


@pytest.mark.parametrize(
    ("text", "lo", "spans"),
    [
        ("code: 123", 0, [(0, 4)]),
        ("CODE=one", 0, [(0, 4)]),
        ("zip-code: 123", 0, []),  # glued to a word: a hyphen before it
        ("barcode: 123", 3, []),  # the letter before the window's start still counts
        ("\u0130 code: 1 Code 2", 0, [(2, 6), (10, 14)]),  # a lower case longer than the text: searched as before
        ("codecode: 1", 0, []),
    ],
)
def test_a_code_word_glued_to_a_word_is_none(text: str, lo: int, spans: list[tuple[int, int]]) -> None:
    assert _spans(bare_codes._code_words(text, lo, len(text))) == spans


@pytest.mark.parametrize(
    ("text", "token", "closed_loop"),
    [
        ("network token: ", True, False),
        ("network to\u212aen: ", True, False),  # the Kelvin sign is a k to a case-insensitive ``re``
        ("gift card number: ", False, True),
        ("g\u0131ft card number: ", False, True),  # a dotless i too
        ("G\u0130FT card number: ", False, True),
        ("Visa gift card number: ", False, False),
        ("card number: ", False, False),
    ],
)
def test_labels_in_any_case(text: str, token: bool, closed_loop: bool) -> None:
    assert (tokennames.token_labelled(text, len(text)), tokennames.closed_loop_labelled(text, len(text))) == (
        token, closed_loop)
