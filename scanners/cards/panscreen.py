"""``pantriggers.needs_window`` for many trigger hits at once, with numpy: it keeps every hit ``needs_window`` keeps
and may drop more (see the last paragraph).

A bare run of 12-16 digit ids, timestamps and IMEIs wakes the PAN triggers on most log lines; deciding each hit in
Python costs about 1.5 us, here about 1 us with the gathering (153,586 hits of the 55.8 MB bench corpus: 0.17 s,
of it ~0.06 s the chains and id keys judged in Python). Each hit's neighbourhood is one row of 36 bytes copied from
a view of the text's bytes as overlapping rows (the 6 before its first digit, the 24 from it, 6 more), and every
step of ``needs_window`` is done on whole columns: the run's end, a separator joining a digit group after or before
it, the run's length, then, for bare runs only, IIN range (the first eight digits' bytes as one ordered uint64) and
Luhn (in bytes, only for runs in an IIN range). A hit whose run does not end within the gathered bytes, or with a
``?`` near it (in the bytes a non-ASCII character is a ``?``), is left to ``needs_window`` itself (``UNDECIDED``).
Byte classes (digit, separator) are computed with byte arithmetic and a row's first flag with one uint64 per row:
numpy's lookup by an index array costs about 20 instructions a byte, ``packbits`` or ``argmax`` along a short axis
hundreds a row (on the logs corpus these made a third of the screen's instructions).

One step further than ``needs_window``: a hit on a chain of digit groups (``4444 3333 2222 1111``, UUID pieces) is
dropped when no stretch of the chain's groups could be read as a card (``panchain``), once per chain; a bare run that
is a card number that ``window_pans`` would not report (``pantriggers.bare_run_dropped``: an id key) is dropped. The
answers come back as one int8 column (``KEEP``, ``DROP``, ``UNDECIDED``): no Python object per hit.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from scanners.cards.brands import IIN_INDEX, MAX_LENGTH, MIN_LENGTH
from scanners.cards.panchain import chain_may_hold_pan
from scanners.cards.pantriggers import bare_run_dropped

if TYPE_CHECKING:  # numpy is loaded by the first batch: a scan whose texts never wake that many hits never needs it
    import numpy as np
    from numpy.typing import NDArray

KEEP, DROP, UNDECIDED = 1, 0, -1  # a hit's answer: it needs its window, it does not, ``needs_window`` decides
_SPAN = 24  # bytes read from a run's first digit: more than MAX_LENGTH plus a joining separator and digit
_SIDE = 6  # bytes read before a run's first digit, and after its end
_WIDTH = _SIDE + _SPAN + _SIDE  # one row of bytes per hit holds all that is judged of it
_PAD = 40  # zero bytes around the text: every row read lies within them (a zero is no digit or separator)
_BYTE_INDEX = 0x0001020304050607  # times a uint64 whose one set bit is bit 0 of byte i: i in its top byte
_SIX_BYTES = 0xFFFFFFFFFFFF  # the first six bytes of a row read as a little-endian uint64
assert MAX_LENGTH - MIN_LENGTH < 8  # a row's key: its length in the top 3 bits of a uint64, its first 8 digits below


def _digits(b: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Which bytes are ASCII digits: arithmetic on the bytes (uint8 wraps, so only ``0``-``9`` land below 10), several
    times cheaper than a lookup table indexed by them."""
    import numpy as np

    out: NDArray[np.bool_] = (b - np.uint8(48)) < np.uint8(10)
    return out


def _seps(b: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Which bytes are a separator between digit groups: space, tab, ``-``, ``.`` or ``/`` (``pangroups.ASCII_SEP``)."""
    import numpy as np

    out: NDArray[np.bool_] = (b == 32) | (b == 9) | ((b - np.uint8(45)) < np.uint8(3))
    return out


def _first_set(flags: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The column of each row's first set flag, of a C-contiguous matrix of 8 boolean columns with one set in every
    row: the row read as one little-endian uint64, its lowest set bit isolated, times ``_BYTE_INDEX``."""
    import numpy as np

    x = flags.view("<u8")[:, 0]
    out: NDArray[np.int64] = ((x & (~x + np.uint64(1))) * np.uint64(_BYTE_INDEX) >> np.uint64(56)).astype(np.int64)
    return out


def _key(n: int, digits: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Length and first eight digits as one uint64 (digits one per byte, big-endian): ordered as the numbers are."""
    import numpy as np

    out: NDArray[np.uint64] = digits + np.uint64((n - MIN_LENGTH) << 60)
    return out


def _bytes_key(prefixes: list[int]) -> NDArray[np.uint64]:
    """8-digit numbers written one digit per byte, big-endian, as uint64."""
    import numpy as np

    return np.array([int.from_bytes(bytes(int(c) for c in f"{p:08d}"), "big") for p in prefixes], dtype=np.uint64)


def _intervals() -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """The merged 8-digit-prefix intervals of every IIN range, keyed by length and prefix (``_key``), sorted."""
    import numpy as np

    lows, highs = [], []
    for n in range(MIN_LENGTH, MAX_LENGTH + 1):
        rows = sorted({(lo, hi) for (_, length), ranges in IIN_INDEX.items() if length == n for lo, hi, _ in ranges})
        merged: list[list[int]] = []
        for lo, hi in rows:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        lows.append(_key(n, _bytes_key([m[0] for m in merged])))
        highs.append(_key(n, _bytes_key([m[1] for m in merged])))
    return np.concatenate(lows), np.concatenate(highs)


class _Tables(NamedTuple):
    """The screens' lookup tables, built (with numpy loaded) by the first batch: ``_tables``."""

    LO: NDArray[np.uint64]
    HI: NDArray[np.uint64]
    SHIFT: NDArray[np.uint64]  # by length
    ZEROS: np.uint64
    INSIDE: NDArray[np.uint8]  # by length: 1 in a row's columns within the number, 0 past it
    DOUBLED: NDArray[np.uint8]  # by length: 1 in the columns whose digit Luhn doubles
    BYTE_SUM: np.uint64


@cache
def _tables() -> _Tables:
    import numpy as np

    lo, hi = _intervals()
    lengths = range(MAX_LENGTH + 1)
    return _Tables(
        LO=lo,
        HI=hi,
        SHIFT=np.array([max(0, n - MIN_LENGTH) << 60 for n in lengths], dtype=np.uint64),
        ZEROS=np.uint64(int.from_bytes(b"0" * 8, "big")),
        INSIDE=np.array([[c < n for c in range(_SPAN)] for n in lengths], dtype=np.uint8),
        DOUBLED=np.array([[c < n and (n - 1 - c) % 2 == 1 for c in range(_SPAN)] for n in lengths], dtype=np.uint8),
        BYTE_SUM=np.uint64(0x0101010101010101),  # times a uint64: its top byte is the sum of its bytes (each < 256)
    )


def _separators(w: NDArray[np.uint8], after: NDArray[np.uint8]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """How many separators follow each run (``after``: the 8 bytes after it) and how many end the 6 bytes before it
    (the first ``_SIDE`` of its row ``w``), 6 for six or more: each the first set flag of a row of eight, not a
    separator, in the bytes after the run or in those before it read backwards; a flag set in column 6 caps it."""
    import numpy as np

    flags = ~_seps(after)
    flags[:, 6] = True
    k = _first_set(flags)
    flags = np.zeros((len(w), 8), dtype=bool)
    flags[:, :_SIDE] = ~_seps(w[:, _SIDE - 1 :: -1])
    flags[:, 6] = True
    return k, _first_set(flags)


def _any(rows: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """``rows.any(axis=1)`` of a C-contiguous boolean matrix of 24 columns, read as three uint64 per row (numpy's
    reduction along a short axis costs several times more)."""
    import numpy as np

    words = rows.view(np.uint64)
    out: NDArray[np.bool_] = (words[:, 0] | words[:, 1] | words[:, 2]) != 0
    return out


def _pans(
    g: NDArray[np.uint8], length: NDArray[np.int64], rows: NDArray[np.intp] | None = None
) -> NDArray[np.bool_]:
    """Which of ``rows`` (default all) of ``g`` (digits from column 0) hold, in their first ``length`` digits, an
    IIN-range, Luhn-valid PAN: every length at once (one search in ``_LO``/``_HI``, then a masked Luhn sum in bytes
    of the rows in range only), a few numpy calls per batch."""
    import numpy as np

    tab = _tables()
    _ZEROS, _SHIFT, _LO, _HI, _BYTE_SUM = tab.ZEROS, tab.SHIFT, tab.LO, tab.HI, tab.BYTE_SUM
    ok = np.zeros(len(g), dtype=bool)
    if rows is None:
        rows = np.arange(len(g))
    rows = rows[(length[rows] >= MIN_LENGTH) & (length[rows] <= MAX_LENGTH)]  # only these can be a card's length
    n = length[rows]
    head = np.ascontiguousarray(g[rows, :8]).view(">u8")[:, 0]  # the first eight digits' bytes, big-endian
    key = (head.astype(np.uint64) - _ZEROS) + _SHIFT[n]
    k = np.searchsorted(_LO, key, side="right") - 1
    in_range = (k >= 0) & (key <= _HI[np.maximum(k, 0)])
    rows, n = rows[in_range], n[in_range]
    # Luhn doubles every second digit from the right (``DOUBLED`` by length): a digit d counts d, or d + d - 9 when
    # doubled and over 4, in byte arithmetic (wrapping: d - 9 is added as 256 + d - 9); columns past the number 0.
    # The 24 values of a row (at most 9 each) summed in bytes: its three uint64 added (at most 27 a byte), then the
    # bytes of that added up by one multiplication (at most 171: no carry leaves a byte).
    d = (g[rows] - np.uint8(48)) * np.take(tab.INSIDE, n, axis=0)
    words = (d + (d - np.uint8(9) * (d > 4)) * np.take(tab.DOUBLED, n, axis=0)).view(np.uint64)
    ok[rows] = ((words[:, 0] + words[:, 1] + words[:, 2]) * _BYTE_SUM >> np.uint64(56)) % np.uint64(10) == 0
    return ok


def needs_windows(data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int8]:
    """``needs_window`` of each hit ``(starts[i], ends[i])`` of a text whose bytes (one per character, a ``?`` for
    each non-ASCII one) are ``data``: ``KEEP`` or ``DROP``, or ``UNDECIDED`` where ``needs_window`` must decide."""
    import numpy as np

    if len(starts) and starts.min() >= _PAD and starts.max() + 2 * _PAD <= len(data):
        a, pad = np.frombuffer(data, dtype=np.uint8), 0  # every byte read lies inside the text: no padded copy
    else:
        a, pad = np.zeros(len(data) + 2 * _PAD, dtype=np.uint8), _PAD
        a[_PAD : _PAD + len(data)] = np.frombuffer(data, dtype=np.uint8)
    at = starts + pad  # the digits start 0, 1 or 2 bytes on (after the token boundary the trigger matched)
    first = starts + np.where(_digits(a[at]), 0, np.where(_digits(a[at + 1]), 1, 2))
    # One row per hit, copied out of a view of the bytes as overlapping rows (a row per offset, no index matrix): the
    # 6 bytes before its first digit, the 24 from it, and 6 more for the bytes after a run as long as 24.
    rows_view = np.ndarray((len(a) - _WIDTH + 1, _WIDTH), dtype=np.uint8, buffer=a, strides=(1, 1))
    w = rows_view[first + (pad - _SIDE)]
    before, g = w[:, :_SIDE], w[:, _SIDE : _SIDE + _SPAN]
    nondigit = ~_digits(g)
    run = np.where(_any(nondigit), nondigit.argmax(axis=1), _SPAN)  # the run's length from its first digit
    undecided = (run >= _SPAN) | nondigit[:, 0]  # too long to judge here, or no digit where one must be
    run_end = first + run
    after = rows_view[run_end + (pad - _SIDE), _SIDE : _SIDE + 8]  # the 8 bytes after the run (in its row too)
    k, t = _separators(w, after)
    digit_at_k = _digits(a[run_end + pad + np.minimum(k, 5)]) & (k < 6)
    comma = (after[:, 0] == 44) & (after[:, 1] == 32) & (
        _digits(after[:, 2]) | ((after[:, 2] == 32) & _digits(after[:, 3]))
    )
    joined_after = ((k >= 1) & (k <= 4) & digit_at_k) | comma
    short = (np.minimum(run_end, ends) - first) < MIN_LENGTH - 2
    beyond = run_end < ends - 1
    digit_before_t = _digits(a[first + (pad - _SIDE) + np.maximum(5 - t, 0)]) & (t < 6)
    one = (before[:, 4] == 44) & _digits(before[:, 3])
    two = (before[:, 4] == 32) & (before[:, 3] == 44) & _digits(before[:, 2])
    comma_before = (before[:, 5] == 32) & (one | two)
    joins = _seps(before[:, 5]) | (before[:, 5] == 44)
    joined_before = joins & (((t >= 1) & (t <= 4) & digit_before_t) | comma_before)
    joined = joined_after | joined_before
    # A '?' near the run may stand for a non-ASCII character (the text's bytes have one per character): the Unicode
    # path may decide differently there, so ``needs_window`` judges those hits on the text itself. (Six bytes before
    # and after it, each read as one uint64: a reduction along a short axis costs several times more.)
    if b"?" in data:
        near = ((w[:, :8] == 63).view("<u8")[:, 0] | (after == 63).view("<u8")[:, 0]) & np.uint64(_SIX_BYTES)
        undecided |= near != 0
    # A bare run (not joined, beyond or short) is kept when it is a card number (only those rows are checked).
    pan = _pans(g, run, np.flatnonzero(~(joined | beyond | short | undecided)))
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
