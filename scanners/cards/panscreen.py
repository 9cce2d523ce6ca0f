"""``pangroups.needs_window`` for many trigger hits at once, with numpy: the same answer for every hit it decides.

A bare run of 12-16 digit ids, timestamps and IMEIs wakes the PAN triggers on most log lines; deciding each hit in
Python costs about 1.5 us, here about 0.1 us. Each hit's neighbourhood is gathered from the text's bytes (the
boundary before its digits, the 24 bytes from its first digit, the 6 before it), and every step of
``needs_window`` is done on whole columns: the run's end, a separator joining a digit group after or before it, the
run's length, IIN range and Luhn check. A hit whose run does not end within the gathered bytes, or with a ``?``
near it (in the bytes a non-ASCII character is a ``?``), is left to ``needs_window`` itself (``None``).

One step further than ``needs_window``: a hit on a chain of digit groups (``4444 3333 2222 1111``, UUID pieces) is
dropped when no stretch of the chain's groups could be read as a card (``panchain``), once per chain; a bare run that
is a card number when ``window_pans`` would not report it (``pangroups.bare_run_dropped``: an id key); up to the first
hit ``needs_window`` keeps, every answer is its answer (the engine orders detectors by their first kept hit).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scanners.cards.brands import IIN_INDEX, MAX_LENGTH, MIN_LENGTH
from scanners.cards.panchain import chain_may_hold_pan
from scanners.cards.pangroups import bare_run_dropped

_SPAN = 24  # bytes gathered from a run's first digit: more than MAX_LENGTH plus a joining separator and digit
_SEPS = np.frombuffer(b" \t-./", dtype=np.uint8)
_JOINS = np.frombuffer(b" \t-./,", dtype=np.uint8)
_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)
_POW = 10 ** np.arange(7, -1, -1, dtype=np.int64)  # the first eight digits as one number


def _intervals() -> dict[int, tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """Length -> the merged 8-digit-prefix intervals of every IIN range issued at that length (sorted)."""
    out: dict[int, tuple[NDArray[np.int64], NDArray[np.int64]]] = {}
    for n in range(MIN_LENGTH, MAX_LENGTH + 1):
        rows = sorted({(lo, hi) for (_, length), ranges in IIN_INDEX.items() if length == n for lo, hi, _ in ranges})
        merged: list[list[int]] = []
        for lo, hi in rows:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        out[n] = (np.array([m[0] for m in merged], dtype=np.int64), np.array([m[1] for m in merged], dtype=np.int64))
    return out


_RANGES = _intervals()


def _gather(a: NDArray[np.uint8], at: NDArray[np.int64], width: int) -> NDArray[np.int64]:
    """``width`` bytes from each offset in ``at`` (as int64; -1 outside the text)."""
    idx = at[:, None] + np.arange(width, dtype=np.int64)[None, :]
    inside = (idx >= 0) & (idx < len(a))
    return np.where(inside, a[np.clip(idx, 0, max(len(a) - 1, 0))].astype(np.int64), -1)


def _digit(x: NDArray[np.int64]) -> NDArray[np.bool_]:
    return (x >= 48) & (x <= 57)


def _pans(g: NDArray[np.int64], length: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows of ``g`` (digits from column 0) whose first ``length`` digits are an IIN-range, Luhn-valid PAN."""
    ok = np.zeros(len(g), dtype=bool)
    d = np.where(_digit(g), g - 48, 0)
    prefix = d[:, :8] @ _POW
    for n, (lo, hi) in _RANGES.items():
        rows = np.flatnonzero(length == n)
        if not len(rows) or not len(lo):
            continue
        v = prefix[rows]
        k = np.searchsorted(lo, v, side="right") - 1
        in_range = (k >= 0) & (v <= hi[np.maximum(k, 0)])
        digits = d[rows, :n]
        doubled = (n - 1 - np.arange(n)) % 2 == 1  # every second digit from the right
        total = np.where(doubled, _DOUBLE[digits], digits).sum(axis=1)
        ok[rows] = in_range & (total % 10 == 0)
    return ok


def needs_windows(data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> list[bool | None]:
    """``needs_window`` of each hit ``(starts[i], ends[i])`` of a text whose bytes (one per character, a ``?`` for
    each non-ASCII one) are ``data``; None where ``needs_window`` must decide."""
    a = np.frombuffer(data, dtype=np.uint8)
    head = _gather(a, starts, 3)
    skip = np.where(_digit(head[:, 0]), 0, np.where(_digit(head[:, 1]), 1, 2))  # the boundary before the digits
    first = starts + skip
    g = _gather(a, first, _SPAN)
    nondigit = ~_digit(g)
    run = np.where(nondigit.any(axis=1), nondigit.argmax(axis=1), _SPAN)  # the run's length from its first digit
    undecided = (run >= _SPAN) | ~_digit(g[:, 0])  # too long to judge here, or no digit where one must be
    run_end = first + run
    after = _gather(a, run_end, 6)
    seps = np.isin(after, _SEPS)
    k = np.where((~seps).any(axis=1), (~seps).argmax(axis=1), 6)  # separators right after the run
    digit_at_k = _digit(np.take_along_axis(after, np.minimum(k, 5)[:, None], axis=1)[:, 0]) & (k < 6)
    comma = (after[:, 0] == 44) & (after[:, 1] == 32) & (
        _digit(after[:, 2]) | ((after[:, 2] == 32) & _digit(after[:, 3]))
    )
    joined_after = ((k >= 1) & (k <= 4) & digit_at_k) | comma
    short = (np.minimum(run_end, ends) - first) < MIN_LENGTH - 2
    beyond = run_end < ends - 1
    pan = (run <= MAX_LENGTH) & _pans(g, run)
    before = _gather(a, first - 6, 6)  # -1 before the text's start
    not_sep = ~np.isin(before[:, ::-1], _SEPS)
    t = np.where(not_sep.any(axis=1), not_sep.argmax(axis=1), 6)  # separators right before the run
    digit_before_t = _digit(np.take_along_axis(before, np.clip(5 - t, 0, 5)[:, None], axis=1)[:, 0]) & (t < 6)
    one = (before[:, 4] == 44) & _digit(before[:, 3])
    two = (before[:, 4] == 32) & (before[:, 3] == 44) & _digit(before[:, 2])
    comma_before = (before[:, 5] == 32) & (one | two)
    joined_before = np.isin(before[:, 5], _JOINS) & (((t >= 1) & (t <= 4) & digit_before_t) | comma_before)
    needs = joined_after | beyond | short | pan | joined_before
    # A '?' near the run may stand for a non-ASCII character (the text's bytes have one per character): the Unicode
    # path may decide differently there, so ``needs_window`` judges those hits on the text itself.
    undecided |= (before == 63).any(axis=1) | (after == 63).any(axis=1)
    # A hit on a chain of digit groups (joined after or before) needs its window only when the chain may hold a card
    # (``panchain``: judged once per chain); ``needs_window`` keeps every such hit.
    chain = (joined_after | joined_before) & ~undecided
    old = [None if u else bool(n) for u, n in zip(undecided.tolist(), needs.tolist(), strict=True)]
    out = list(old)
    verdicts: dict[int, bool] = {}
    firsts = first.tolist()
    for i in np.flatnonzero(chain).tolist():
        at = firsts[i]
        if (verdict := verdicts.get(at)) is None:
            verdict = verdicts[at] = chain_may_hold_pan(data, at)
        out[i] = verdict
    # A bare run that is a card number: dropped when it is certainly not reported (an id-keyed value, glued).
    bare = pan & ~(joined_after | joined_before | beyond | short | undecided)
    run_ends = run_end.tolist()
    for i in np.flatnonzero(bare).tolist():
        if bare_run_dropped(data, firsts[i], run_ends[i]):
            out[i] = False
    # The engine orders its detectors' spans by each detector's first kept hit (the first reporter of a span wins):
    # every hit up to the first one ``needs_window`` keeps is answered as it would answer, so that order stays.
    for i, verdict in enumerate(old):
        out[i] = verdict
        if verdict:
            break
    return out
