"""The truncated card numbers ``scanners.cards.truncated`` reads (the BIN and last four joined by dots, one mask
character, number signs as the mask), the groupings it takes for a card's, and the cheap exits in front of its
patterns and of ``truncated_refs``' member keys: each skips a search only where the pattern cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards import truncated
from scanners.cards.wordspots import WordSpots
from scanners.detectors import card_summary, truncated_refs


def _luhn(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("453914880343646")
BIN6, BIN8, LAST4 = PAN[:6], PAN[:8], PAN[-4:]
AMEX = _luhn("37828224631000")

MASKED = [  # (case, the whole truncated number)
    ("bin-dots", f"{BIN6}...{LAST4}"),
    ("bin-two-dots", f"{BIN6}..{LAST4}"),
    ("bin8-ellipsis", f"{BIN8}\u2026{LAST4}"),
    ("bin-ellipsis-lost", f"{BIN6}?{LAST4}"),  # a charset without the ellipsis
    ("x", f"x{LAST4}"),
    ("capital-x", f"X{LAST4}"),
    ("star", f"*{LAST4}"),
    ("bullet", f"\u2022{LAST4}"),
    ("hashes-grouped", f"#### #### #### {LAST4}"),
    ("hashes-dashed", f"####-####-####-{LAST4}"),
    ("hashes-run", f"############{LAST4}"),
    ("hashes-after-bin", f"{BIN6}######{LAST4}"),
    ("hashes-after-grouped-bin", f"{BIN6[:4]} {BIN6[4:]}## #### {LAST4}"),
    ("hashes-after-four", f"{BIN6[:4]} #### #### {LAST4}"),
]
NOT_MASKED = [  # (case, text holding no truncated number these patterns read)
    ("seven-leading-dots", f"{PAN[:7]}...{LAST4}"),
    ("four-leading-dots", f"{BIN6[:4]}...{LAST4}"),
    ("year-range", "2024..2027"),
    ("version", "1.2...3456"),
    ("query-string", f"/v1/item{BIN6}?{LAST4}"),
    ("two-question-marks", f"{BIN6}??{LAST4}"),
    ("broken-byte", f"{BIN6}\ufffd{LAST4}"),  # a broken byte in an id, not a lost ellipsis
    ("hex", f"0x{LAST4}"),
    ("resolution", "1920x1080"),
    ("word-before-x", f"box{LAST4}"),
    ("five-after-x", f"x{PAN[:5]}"),
    ("markdown-heading", "#### 2024"),
    ("few-hashes", f"## ## {LAST4}"),
    ("hashes-after-seven", f"{PAN[:7]}####{LAST4}"),
    ("one-hash-after-bin", f"{BIN6}#{LAST4}"),
    ("issue-number", f"#{LAST4}"),
]


@pytest.mark.parametrize(("case", "text"), MASKED, ids=[c[0] for c in MASKED])
def test_a_truncated_number_is_read_whole(case: str, text: str) -> None:
    line = f"card {text} exp 12/27"
    start = line.index(text)
    assert (start, start + len(text)) in truncated.masked_forms(line, 0, len(line))


@pytest.mark.parametrize(("case", "text"), NOT_MASKED, ids=[c[0] for c in NOT_MASKED])
def test_near_misses_are_no_truncated_number(case: str, text: str) -> None:
    line = f"ref {text} exp 12/27"
    assert truncated.masked_forms(line, 0, len(line)) == []


GROUPINGS = [  # (case, number, grouped as a card is)
    ("one-run", PAN, True),
    ("fours", f"{PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]}", True),
    ("dashed-fours", f"{PAN[:4]}-{PAN[4:8]}-{PAN[8:12]}-{PAN[12:]}", True),
    ("amex", f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}", True),
    ("eight-eight", f"{PAN[:8]}-{PAN[8:]}", False),
    ("six-ten", f"{PAN[:6]} {PAN[6:]}", False),
]


@pytest.mark.parametrize(("case", "number", "card"), GROUPINGS, ids=[c[0] for c in GROUPINGS])
def test_groupings(case: str, number: str, card: bool) -> None:
    assert truncated.holds_grouping(number) is card
    assert card_summary.holds_card_number(f"card {number} end", 0, len(number) + 9, grouped=True) is card


_LEADS = WordSpots((*truncated.DOT_NEEDLES, *truncated.ONE_LEADS), warm=0)  # hyperscan's spots (if installed)
PIECES = [*"0123 .x*#-\u2022\u2026\ufffd?X_a", "4242", "424242", "42424242", "...", "####", "########"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
@example(f"card {BIN6}...{LAST4}")
@example(f"#### #### #### {LAST4}")
@example("4242# #0000")
def test_needles_keep_every_match(text: str) -> None:
    for a in range(min(3, len(text) + 1)):  # a stretch's start inside the text: look-behinds read before it
        every = sorted(m.span() for rx in (truncated._DOTS, *(rx for rx, _ in truncated._NEEDLES))
                       for m in rx.finditer(text, a) if rx is not truncated._HASHES or truncated._hash_mask(m))
        assert sorted(truncated.masked_forms(text, a, len(text))) == every
        spots = _LEADS(text[a:])  # where the dots and ``_ONE``'s leads begin, as ``_refs`` finds them
        assert sorted(truncated.masked_forms(text, a, len(text), spots)) == every


MEMBER_PIECES = [
    *' "\':=\t4', "\\t", "\\n", "\\\\", '\\"', "4242", "card", "Last4", "last_four", "maskedCard", "cardSummary", "x",
    "ok", "_", ".",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(MEMBER_PIECES), max_size=12).map("".join))
@example('{"body": "cardLast4=4242&expMonth=10"}')
@example('{"message": "INFO\\tcardLast4 4242 expMonth 12"}')
@example('\\"{\\\\\\"cardLast4\\\\\\": \\\\\\"4242\\\\\\"')
def test_member_words_keep_every_match(text: str) -> None:
    """``truncated_refs`` tries its member keys only where a key word begins (its key's start, its quote): every match
    of the whole pattern is found so (the references it finds are sorted spans; compare the member matches)."""
    every = {m.span() for m in truncated_refs._MEMBER.finditer(text)}
    lowered = _lowered(text)
    found = set(truncated_refs._at_words(text, truncated_refs._MEMBER, 0, len(text), lowered,
                                         spots=truncated_refs._SPOTS(lowered)))
    assert found == every


def _lowered(text: str) -> str:
    """``text`` lowered as ``truncated_refs.references`` lowers a stretch before it looks for key words."""
    return re.sub(r"\\[tn]", "\\ ", text.lower())
