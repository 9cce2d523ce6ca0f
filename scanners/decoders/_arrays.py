"""The arrays a window's lines hold, for the decoders that read a value written in source code as an array of its
bytes or characters (``code_bytes``, ``char_arrays``): a pretty-printed array opens lines above the window, so the
search starts at the last opening bracket before the window's first line (within ``BACK`` characters)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import line_bounds, over_limit
from scanners.lazy_re import LazyPattern

BACK = 4096  # how far before a window the opening brace of a pretty-printed array is looked for


def window_arrays(
    text: str, window: tuple[int, int | None], array: LazyPattern, trigger: LazyPattern, max_segment: int
) -> Iterator[re.Match[str]]:
    """Each ``array`` match that overlaps the lines of the window (``pos``, ``endpos``) and holds a ``trigger``
    match, not longer than ``max_segment`` (a longer one is noted as over the limit and passed over)."""
    start, end, line_start, line_end = line_bounds(text, *window)
    lo = max(0, line_start - BACK)
    at = max(text.rfind(c, lo, line_start) for c in "{[(")
    at = line_start if at < 0 else at
    for m in array.finditer(text, at, min(len(text), line_end + BACK)):
        s, e = m.span()
        if s >= end:
            return
        if e > start and trigger.search(text, s, e) and not over_limit(e - s, max_segment):
            yield m
