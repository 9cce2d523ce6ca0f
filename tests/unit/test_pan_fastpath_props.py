"""The PAN detector's ASCII fast path (``window_pans``) finds exactly what the region-by-region algorithm it replaced
found, window by window."""

import re
from collections.abc import Iterator

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, TEST_PANS, is_pan
from scanners.cards.pangroups import ASCII_REGION, UNICODE_REGION, region_pans, window_pans
from scanners.cards.pantriggers import needs_window
from scanners.detectors.pan import PanDetector
from scanners.engine.core import Engine

Found = list[tuple[int, int, str, bool]]


def reference_find_windows(text: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, bool]]:
    """The algorithm before the fast path: one region regex per window (ASCII or Unicode by the whole text)."""
    search = (ASCII_REGION if text.isascii() else UNICODE_REGION).search
    for start_at, endpos in windows:
        pos = start_at
        while endpos - pos >= MIN_LENGTH and (region := search(text, pos, endpos)) is not None:
            pos = region.end()
            yield from region_pans(text, region.start(), pos)


def fast(text: str, windows: list[tuple[int, int]]) -> Found:
    return list(window_pans(text, windows))


def same(text: str, windows: list[tuple[int, int]]) -> bool:
    return fast(text, windows) == list(reference_find_windows(text, windows))


_PANS = [*sorted(TEST_PANS), "4532015112830366", "5105105105105101", "6011000990139425", "36227206271667"]
_ASCII_TOKENS = [
    " ", "  ", "     ", "\t", "-", ".", "/", "--", " - ", "a", "x", "Z", "_", '"', "'", ":", "=", ",", ";", "{", "}",
    "[", "]", "(", ")", "+", "\n", '"orderId": "', '"order_id":', "trace_id=", '"card": "', "pan=", "ts=", "id ",
    "phone: ", "seq=", "#", "*", "**** ", "0x",
]
_UNICODE_TOKENS = [
    "é", "🎉", "\u00a0", "\u2009", "\u2013", "\u200b", "\u00ad", "\u3000", "４", "１", "٤", "١", "卡号", "。", "Ä",
]


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=1, max_size=n)


def _grouped(pan: str, sep: str, sizes: tuple[int, ...]) -> str:
    out, at = [], 0
    for size in sizes:
        out.append(pan[at : at + size])
        at += size
    out.append(pan[at:])
    return sep.join(p for p in out if p)


def _pan_token(ascii_only: bool) -> st.SearchStrategy[str]:
    seps = [" ", "-", ".", "/", "  ", "\t", " / "] + ([] if ascii_only else ["\u00a0", "\u2013", "\u200b"])
    layouts = [(), (4, 4, 4), (4, 6), (4, 4, 4, 4), tuple([1] * 18), (2, 2, 2, 2, 2, 2), (3, 3, 3, 3)]
    return st.builds(_grouped, st.sampled_from(_PANS), st.sampled_from(seps), st.sampled_from(layouts))


def _texts(ascii_only: bool) -> st.SearchStrategy[str]:
    tokens = _ASCII_TOKENS + ([] if ascii_only else _UNICODE_TOKENS)
    pans = st.sampled_from(_PANS)
    token = st.one_of(st.sampled_from(tokens), _digits(4), _digits(21), pans, _pan_token(ascii_only), pans)
    return st.lists(token, max_size=40).map("".join)


@st.composite
def text_and_windows(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(_texts(draw(st.booleans())))
    n = len(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=8))))
    if len(cuts) < 2 or draw(st.booleans()):
        cuts = sorted({0, n, *cuts})
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))  # disjoint windows, in order
    return text, [(a, b) for a, b in pairs if a < b] or [(0, n)]


@given(text_and_windows())
@settings(max_examples=2500, deadline=None)
@example(("\u0664" + "4111111111111111", [(1, 17)]))  # an Arabic-Indic digit just before an ASCII window
@example(("x4111 1111 1111 1111", [(1, 20)]))  # the look-behind sees the character before the window
@example(("4111111111111111\u00e9", [(0, 16)]))  # glued to a non-ASCII letter after the window
@example(('"orderId": "4532015112830366"', [(5, 29)]))
def test_fast_path_matches_the_region_algorithm(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, windows = case
    assert same(text, windows)


@given(text=_texts(True), cut=st.integers(0, 60), width=st.integers(1, 40))
@settings(max_examples=1500, deadline=None)
def test_windows_cut_through_tokens(text: str, cut: int, width: int) -> None:
    """Engine-like windows: every cut of a window through digits and separators gives the old answer."""
    start = min(cut, len(text))
    windows = [(start, min(len(text), start + width))]
    assert same(text, windows)
    assert same(text + "\u00e9", windows)  # the same ASCII window inside non-ASCII text


@given(
    pan=st.sampled_from(_PANS),
    before=st.sampled_from(["", " ", '"', "x", "_", "1", "1 ", "12-", "\u0664", "\u00e9", "id=", '"orderId": "']),
    after=st.sampled_from(["", " ", '"', "x", "_", "1", " 1", "-12", "\u0664", "\u00e9", "  ", "     9"]),
    margin=st.integers(0, 10),
)
@settings(max_examples=800, deadline=None)
def test_bare_numbers_around_a_hit(pan: str, before: str, after: str, margin: int) -> None:
    text = before + pan + after
    at = len(before)
    windows = [(max(0, at - margin), min(len(text), at + len(pan) + margin))]
    assert same(text, windows)
    assert same(text, [(0, len(text))])



def reference_needs_window(text: str, start: int, end: int) -> bool:
    """The PAN screen as first written (step by step), to check the faster one against."""
    while start < end and not "0" <= text[start] <= "9":
        start += 1
    if end > start and not "0" <= text[end - 1] <= "9":
        end -= 1
    if not (end - start >= MIN_LENGTH - 2 and text[start:end].isdigit() and text[start:end].isascii()):
        return True
    run_end = re.compile("[0-9]*").match(text, end).end()  # type: ignore[union-attr]
    if run_end - start <= MAX_LENGTH and is_pan(text[start:run_end]):
        return True
    if not text[max(0, start - 6) : run_end + 6].isascii():
        return True
    if run_end < len(text) and re.match(r"(?:[ \t\-./]{1,4}|, {1,2})[0-9]", text[run_end:]):
        return True
    # \Z, not $ ($ also matches before a final line break, and digits are never grouped across a line break)
    return start > 0 and re.search(r"[0-9](?:[ \t\-./]{1,4}|, {1,2})\Z", text[max(0, start - 6) : start]) is not None


_PAN_HITS = Engine([PanDetector()], [], backend="re").prefilter


@given(text=st.one_of(_texts(True), _texts(False)))
@settings(max_examples=2500, deadline=None)
@example(text="12345678901234 4111")  # a bare run joined to a following group
@example(text="4111-1234567890123")  # ... and to a preceding one
@example(text="\\n4532015112830366")  # after a JSON-escaped line break
@example(text="45320151128303661")  # one digit too many
@example(text="0 \n3000000000000")  # a group before a line break does not join the run after it
@example(text="\u0664 4532015112830367 \u0664")  # Unicode digits around a non-card
def test_the_screen_decides_every_trigger_hit_as_before(text: str) -> None:
    hits = _PAN_HITS.hits(text.encode("ascii", "replace"), text)
    for _, s, e in hits:
        assert needs_window(text, s, e) == reference_needs_window(text, s, e), (s, e)
