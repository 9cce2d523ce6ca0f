"""``pangroups.needs_window`` for many trigger hits at once, with numpy: it keeps every hit ``needs_window`` keeps
and may drop more (see the last paragraph).

A bare run of 12-16 digit ids, timestamps and IMEIs wakes the PAN triggers on most log lines; deciding each hit in
Python costs about 1.5 us, here about 1 us with the gathering (150,000 hits of the 55.7 MB bench corpus: 0.17 s).
Each hit's neighbourhood is gathered from the text's bytes (the boundary before its digits, the 24 bytes from its
first digit, the 6 before it), and every step of ``needs_window`` is done on whole columns: the run's end, a
separator joining a digit group after or before it, the run's length, IIN range and Luhn check. A hit whose run does
not end within the gathered bytes, or with a ``?`` near it (in the bytes a non-ASCII character is a ``?``), is left
to ``needs_window`` itself (``UNDECIDED``).

One step further than ``needs_window``: a hit on a chain of digit groups (``4444 3333 2222 1111``, UUID pieces) is
dropped when no stretch of the chain's groups could be read as a card (``panchain``), once per chain; a bare run that
is a card number that ``window_pans`` would not report (``pangroups.bare_run_dropped``: an id key) is dropped. The
answers come back as one int8 column (``KEEP``, ``DROP``, ``UNDECIDED``): no Python object per hit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scanners.cards.brands import IIN_INDEX, MAX_LENGTH, MIN_LENGTH
from scanners.cards.panchain import chain_may_hold_pan
from scanners.cards.pangroups import bare_run_dropped

KEEP, DROP, UNDECIDED = 1, 0, -1  # a hit's answer: it needs its window, it does not, ``needs_window`` decides
_SPAN = 24  # bytes gathered from a run's first digit: more than MAX_LENGTH plus a joining separator and digit
_PAD = 40  # zero bytes around the text: every gathered offset lies within them (a zero is no digit or separator)


def _table(chars: bytes) -> NDArray[np.bool_]:
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(chars, dtype=np.uint8)] = True
    return table


_SEPS = _table(b" \t-./")  # a lookup table: several times cheaper than ``np.isin`` against a few bytes
_JOINS = _table(b" \t-./,")
_DIGITS = _table(b"0123456789")
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
_SCALE = 10**8  # a row's key: its length, then its first eight digits; intervals keyed the same way, in one table
_LO = np.concatenate([lo + n * _SCALE for n, (lo, _) in sorted(_RANGES.items())])
_HI = np.concatenate([hi + n * _SCALE for n, (_, hi) in sorted(_RANGES.items())])
_COLUMNS = np.arange(MAX_LENGTH, dtype=np.int64)


def _gather(a: NDArray[np.uint8], at: NDArray[np.int64], width: int) -> NDArray[np.uint8]:
    """``width`` bytes from each offset in ``at`` of the text padded by ``_PAD`` zero bytes each side (``a``)."""
    out: NDArray[np.uint8] = a[(at + _PAD)[:, None] + np.arange(width, dtype=np.int64)[None, :]]
    return out


def _pans(g: NDArray[np.uint8], length: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows of ``g`` (digits from column 0) whose first ``length`` digits are an IIN-range, Luhn-valid PAN: every
    length at once (one search in ``_KEYS``, one masked Luhn sum), a few numpy calls per batch."""
    ok = np.zeros(len(g), dtype=bool)
    rows = np.flatnonzero((length >= MIN_LENGTH) & (length <= MAX_LENGTH))  # only these can be a card's length
    if not len(rows):
        return ok
    d = g[rows, :MAX_LENGTH].astype(np.int64) - 48  # the first ``length`` columns of a row are its digits
    n = length[rows]
    key = n * _SCALE + d[:, :8] @ _POW
    k = np.searchsorted(_LO, key, side="right") - 1
    in_range = (k >= 0) & (key <= _HI[np.maximum(k, 0)])
    right = n[:, None] - 1 - _COLUMNS  # each column's place from the right (negative past the number's end)
    d = np.where(right >= 0, d, 0)
    luhn = np.where(right % 2 == 1, _DOUBLE[d], d)
    ok[rows] = in_range & (luhn.sum(axis=1) % 10 == 0)
    return ok


def needs_windows(data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int8]:
    """``needs_window`` of each hit ``(starts[i], ends[i])`` of a text whose bytes (one per character, a ``?`` for
    each non-ASCII one) are ``data``: ``KEEP`` or ``DROP``, or ``UNDECIDED`` where ``needs_window`` must decide."""
    a = np.zeros(len(data) + 2 * _PAD, dtype=np.uint8)
    a[_PAD : _PAD + len(data)] = np.frombuffer(data, dtype=np.uint8)
    head = _DIGITS[_gather(a, starts, 3)]
    skip = np.where(head[:, 0], 0, np.where(head[:, 1], 1, 2))  # the boundary before the digits
    first = starts + skip
    g = _gather(a, first, _SPAN)
    nondigit = ~_DIGITS[g]
    run = np.where(nondigit.any(axis=1), nondigit.argmax(axis=1), _SPAN)  # the run's length from its first digit
    undecided = (run >= _SPAN) | nondigit[:, 0]  # too long to judge here, or no digit where one must be
    run_end = first + run
    after = _gather(a, run_end, 6)
    not_sep = ~_SEPS[after]
    k = np.where(not_sep.any(axis=1), not_sep.argmax(axis=1), 6)  # separators right after the run
    digit_at_k = _DIGITS[np.take_along_axis(after, np.minimum(k, 5)[:, None], axis=1)[:, 0]] & (k < 6)
    comma = (after[:, 0] == 44) & (after[:, 1] == 32) & (
        _DIGITS[after[:, 2]] | ((after[:, 2] == 32) & _DIGITS[after[:, 3]])
    )
    joined_after = ((k >= 1) & (k <= 4) & digit_at_k) | comma
    short = (np.minimum(run_end, ends) - first) < MIN_LENGTH - 2
    beyond = run_end < ends - 1
    pan = _pans(g, run)
    before = _gather(a, first - 6, 6)  # zeros before the text's start
    not_sep = ~_SEPS[before[:, ::-1]]
    t = np.where(not_sep.any(axis=1), not_sep.argmax(axis=1), 6)  # separators right before the run
    digit_before_t = _DIGITS[np.take_along_axis(before, np.clip(5 - t, 0, 5)[:, None], axis=1)[:, 0]] & (t < 6)
    one = (before[:, 4] == 44) & _DIGITS[before[:, 3]]
    two = (before[:, 4] == 32) & (before[:, 3] == 44) & _DIGITS[before[:, 2]]
    comma_before = (before[:, 5] == 32) & (one | two)
    joined_before = _JOINS[before[:, 5]] & (((t >= 1) & (t <= 4) & digit_before_t) | comma_before)
    joined = joined_after | joined_before
    # A '?' near the run may stand for a non-ASCII character (the text's bytes have one per character): the Unicode
    # path may decide differently there, so ``needs_window`` judges those hits on the text itself.
    undecided |= (before == 63).any(axis=1) | (after == 63).any(axis=1)
    out = np.where(undecided, UNDECIDED, np.where(joined | beyond | short | pan, KEEP, DROP)).astype(np.int8)
    # A hit on a chain of digit groups (joined after or before) needs its window only when the chain may hold a card
    # (``panchain``: judged once per chain); ``needs_window`` keeps every such hit.
    rows = np.flatnonzero(joined & ~undecided)
    if len(rows):
        verdicts: dict[int, bool] = {}
        for at in first[rows].tolist():
            if at not in verdicts:
                verdicts[at] = chain_may_hold_pan(data, at)
        out[rows] = [verdicts[at] for at in first[rows].tolist()]
    # A bare run that is a card number: dropped when it is certainly not reported (an id-keyed value, glued).
    rows = np.flatnonzero(pan & ~(joined | beyond | short | undecided))
    if len(rows):
        pairs = zip(first[rows].tolist(), run_end[rows].tolist(), strict=True)
        dropped = [bare_run_dropped(data, s, e) for s, e in pairs]
        out[rows[np.array(dropped, dtype=bool)]] = DROP
    return out
