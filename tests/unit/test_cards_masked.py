"""The masked card numbers ``scanners.cards.masked`` reads, quoted-printable bullet runs across a soft line break
among them, and the cheap exit in front of its pattern: ``masked_spans`` tries the pattern only where one of its
marks begins, and every mask run begins with one."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards import masked
from scanners.cards.wordspots import WordSpots

LAST4 = "4242"
QP_BULLET = "=E2=80=A2"
MASKED = [  # (case, the whole masked number)
    ("qp-bullets", QP_BULLET * 4 + f" {LAST4}"),
    ("qp-break-between-bullets", QP_BULLET * 2 + "=\n" + QP_BULLET * 2 + f" {LAST4}"),
    ("qp-break-after-first-byte", QP_BULLET * 3 + "=E2=\n=80=A2" + f" {LAST4}"),
    ("qp-break-after-second-byte", QP_BULLET + "=E2=80=\r\n=A2" + QP_BULLET * 2 + f" {LAST4}"),
    ("qp-break-after-run", QP_BULLET * 4 + f"=\n {LAST4}"),
    ("qp-black-circles", "=E2=97=8F" * 3 + "=E2=97=\n=8F" + LAST4),
    ("json-in-json-bullets", "\\\\u2022" * 4 + f" {LAST4}"),  # WireMock's equalToJson, a Postman raw body
    ("json-in-json-circles", "\\\\u25CF" * 12 + LAST4),
    ("bullets-lost-to-a-charset", f"???? {LAST4}"),  # a PDF's WinAnsi text written with replacement
    ("lost-bullets-grouped", f"???? ???? ???? {LAST4}"),
]
NOT_MASKED = [  # (case, text): no masked number in it
    ("qp-apostrophes", "=E2=80=99" * 4 + f" {LAST4}"),
    ("qp-three-bullets-and-a-break", QP_BULLET * 3 + f"=\n {LAST4}"),  # four mask characters at least
    ("qp-hard-break", QP_BULLET * 2 + "\n" + QP_BULLET * 2 + f" {LAST4}"),  # a hard break ends the run
    ("json-in-json-three-bullets", "\\\\u2022" * 3 + f" {LAST4}"),
    ("three-question-marks", f"??? {LAST4}"),
    ("a-question-then-digits", f"why?? {LAST4}"),
    ("triple-escaped", "\\\\\\u2022" * 4 + f" {LAST4}"),  # a stray backslash before each unit ends the run
    # digit groups in Markdown bold: every digit is written, none masked
    ("markdown-bold-lead", f"**1234** {LAST4}"),
    ("markdown-bold-tail", f"5678 **{LAST4}**"),
    ("markdown-bold-groups", f"**1234** 5678 **9012** {LAST4}"),
]


@pytest.mark.parametrize(("case", "text"), MASKED, ids=[c[0] for c in MASKED])
def test_masked_numbers_are_read_whole(case: str, text: str) -> None:
    line = f"<p>Card: {text} exp 12/27</p>"
    start = line.index(text)
    assert list(masked.masked_spans(line, 0, len(line))) == [(start, start + len(text))]


@pytest.mark.parametrize(("case", "text"), NOT_MASKED, ids=[c[0] for c in NOT_MASKED])
def test_near_misses_are_no_masked_number(case: str, text: str) -> None:
    assert list(masked.masked_spans(text, 0, len(text))) == []


_RUN = re.compile(masked._RUN)
_TOKENS = ["=E2", "=80", "=A2", "=97", "=8F", "=99", "=", "\n", "\r\n", "=E2=", QP_BULLET, "*", "**", "x", "X", "xx",
           "\u2022", "\u25cf", "\\u2022", "\\u25cf", "\\u25CF", "\\\\u2022", "\\", "?", "????", "&bull;", "&#8226;",
           "&#x2022;", " ", "-", "4242", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=16))
@example(["=E2=", "\n", "=80=A2"])
@example(["=E2=80=", "\r\n", "=A2"])
def test_every_mask_run_begins_with_a_mark(tokens: list[str]) -> None:
    text = "".join(tokens)
    for p in range(len(text)):
        if _RUN.match(text, p) is not None:
            assert any(text.startswith(mark, p) for mark in masked.MARKS), (p, text)


_MARK_SPOTS = WordSpots(masked.MARKS, warm=0)  # hyperscan's spots (if installed)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=16), st.integers(0, 3))
@example(["****", "**", "4242"], 0)  # one mark's occurrences overlap: read one after another, as the searches do
def test_given_mark_spots_find_the_same(tokens: list[str], cut: int) -> None:
    text = "".join(tokens)
    a = min(cut, len(text))
    spots = _MARK_SPOTS(text[a:])
    assert list(masked.masked_spans(text, a, len(text), spots)) == list(masked.masked_spans(text, a, len(text)))


@pytest.mark.parametrize("text", [f"424242** {LAST4}", f"4242 42** **** {LAST4}", f"**** {LAST4}"])
def test_a_mask_of_stars_after_leading_digits_stays_one(text: str) -> None:
    assert list(masked.masked_spans(text, 0, len(text))) == [(0, len(text))]
