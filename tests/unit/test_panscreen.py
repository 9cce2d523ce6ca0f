"""The batch PAN screen (``cards.panscreen.needs_windows``) keeps only hits ``pantriggers.needs_window`` keeps
(it drops more only on digit-group chains that hold no card and on id-keyed or glued card-like runs: the findings stay
the same, ``test_panscreen_chain``), on both back ends' hits, ASCII or not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, TEST_PANS, is_pan_ascii
from scanners.cards.panscreen import KEEP, UNDECIDED, _digits, _first_set, _pans, _separators, _seps, needs_windows
from scanners.cards.pantriggers import needs_window
from scanners.detectors.pan import PanDetector
from scanners.engine.core import Backend, Engine

ENGINES = {b: Engine([PanDetector()], [], backend=b) for b in ("hyperscan", "re")}
PANS = sorted(TEST_PANS)
PIECES = [*"0123456789", " ", "\t", "-", ".", "/", ",", ", ", ",  ", ":", "=", '"', "x", "_", "\\n", "\n", "?", "é",
          "\u00a0", "١", "[", "#", "+"]  # fmt: skip


def verdicts(text: str, backend: Backend) -> list[tuple[bool | None, bool]]:
    """(batch answer, one-by-one answer) for every PAN trigger hit of ``text``."""
    engine = ENGINES[backend]
    data = text.encode("ascii", "replace")
    hits = [(s, e) for _, s, e in engine.prefilter.hits(data, text)]
    if not hits:
        return []
    batch = needs_windows(data, np.array([h[0] for h in hits], dtype=np.int64),
                          np.array([h[1] for h in hits], dtype=np.int64))
    answers = [None if b == UNDECIDED else b == KEEP for b in batch.tolist()]
    return [(b, needs_window(text, s, e)) for b, (s, e) in zip(answers, hits, strict=True)]


@pytest.mark.parametrize(
    "text",
    [
        '{"orderId": 4532015112830366, "t": 1733350399691}',  # a Luhn-valid id: not reported, but the first hit
        '{"n": 1, "orderId": 4532015112830366, "card": "4111111111111111"}',  # an id-keyed run, then a card
        "id 5105105105105101 and 1234567890123 end",
        "4111 1111 1111 1111 and 45678901234567 5",  # grouped; a run joined to a group after it
        "9, 45678901234567 x",  # a run joined to a digit before it by a comma and a space
        "\\n4111111111111111 escaped",  # after a JSON-escaped line break
        "café 4532015112830366 é",  # non-ASCII near the run: left to needs_window
        "x " + "4567890123456789012345678901 long",  # a run too long to gather
        "a 5489 7435 2813 9913 then 4111 1111 1111 1111 b",  # a Luhn-invalid grouped number, then a card
        "ids 2065-4155-8675-583d 4567 8901 2345 6789 é",  # UUID groups; non-ASCII on the line
    ],
)
@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_table(text: str, backend: Backend) -> None:
    pairs = verdicts(text, backend)
    assert pairs, "every example wakes a PAN trigger"
    assert agrees(pairs)


def agrees(pairs: list[tuple[bool | None, bool]]) -> bool:
    """Batch answers keep nothing ``needs_window`` drops."""
    return all(b is None or not b or one for b, one in pairs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(PANS),
                          st.text(alphabet="0123456789", min_size=10, max_size=22)), max_size=14))
def test_batch_agrees_with_one_by_one(pieces: list[str]) -> None:
    text = "".join(pieces)
    for backend in ("hyperscan", "re"):
        assert agrees(verdicts(text, backend))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PANS), st.text(alphabet="0123456789", min_size=1, max_size=23)), max_size=40))
def test_batch_pan_test_is_is_pan_ascii(runs: list[str]) -> None:
    """The vectorized IIN-range and Luhn test (every length at once) agrees with ``brands.is_pan_ascii`` on each run."""
    rows = np.array([list((r + "x" * 24)[:24].encode("ascii")) for r in runs], dtype=np.uint8).reshape(-1, 24)
    got = _pans(rows, np.array([len(r) for r in runs], dtype=np.int64)).tolist()
    assert got == [MIN_LENGTH <= len(r) <= MAX_LENGTH and is_pan_ascii(r) for r in runs]


def test_byte_classes_match_their_characters() -> None:
    """The arithmetic byte classes agree with the characters they name, on every byte value."""
    every = np.arange(256, dtype=np.uint8)
    assert bytes(every[_digits(every)]) == b"0123456789"
    assert bytes(every[_seps(every)]) == b"\t -./"


@pytest.mark.parametrize(
    ("row", "first"),
    [("10000000", 0), ("01000000", 1), ("00000010", 6), ("00000011", 6), ("00100010", 2), ("00000001", 7)],
)
def test_first_set(row: str, first: int) -> None:
    flags = np.array([[c == "1" for c in row]], dtype=bool)
    assert _first_set(flags).tolist() == [first]


@pytest.mark.parametrize(
    ("before", "after", "k", "t"),
    [
        ("abcdef", "xxxxxxxx", 0, 0),
        ("abcd -", " - 1xxxx", 3, 2),
        ("1 - . ", "      12", 6, 5),
        ("      ", "./\t-x   ", 4, 6),
        ("ab,  5", ", 1xxxxx", 0, 0),
    ],
)
def test_separators(before: str, after: str, k: int, t: int) -> None:
    """Separators right after a run (of the 8 bytes after it) and right before it (of the 6 before), six at most."""
    row = np.frombuffer((before + "4" * 24 + after[:6]).encode(), dtype=np.uint8).reshape(1, -1)
    got_k, got_t = _separators(row, np.frombuffer(after.encode(), dtype=np.uint8).reshape(1, -1))
    assert (got_k.tolist(), got_t.tolist()) == ([k], [t])
