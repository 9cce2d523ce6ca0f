"""The detection engine: prefilter, windows, detectors, bounded recursive decoding.

For ASCII text one multi-pattern pass finds trigger hits; each detector or decoder then looks only at windows
around its hits (clipped to the line). Lines holding non-ASCII characters are given whole to every unit that reads
them (``ascii_only`` False; with ``unicode_chars``, only a line holding one of those), since Unicode digits, spaces
and zero-width characters can hide card data from ASCII triggers. Decoded segments are
scanned again, up to ``max_depth`` layers and ``max_decoded`` characters per call; a hit inside decoded text is
reported at the encoded segment's offsets with the layers named in ``encoding``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Literal

from scanners.decoders import default_decoders
from scanners.detectors import default_detectors
from scanners.detectors.base import Decoded, Decoder, Detector
from scanners.engine.decoded_metadata import judged_in_records
from scanners.engine.finding import Span
from scanners.engine.limits import BUDGET, DEPTH, WINDOW_REACH, collecting_enabled, note_limit
from scanners.engine.pieces import Joined, Line, replace_pieces
from scanners.engine.prefilter import make_prefilter
from scanners.engine.testowners import mark_test_companions

Backend = Literal["auto", "hyperscan", "re"]
Window = tuple[int, int]
# A batch screen pays off from this many hits (its fixed cost is that of a few hundred one-by-one screens).
BATCH_MIN = 256
# How far a "whole line" window reaches either side of a hit: all of any ordinary line, a bounded piece of a huge one.
LINE_REACH = WINDOW_REACH


def _merge(windows: list[Window]) -> list[Window]:
    windows.sort()
    out: list[Window] = []
    for s, e in windows:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _fewer_layers(twin: Span, s: Span) -> bool:
    """``twin`` was read through fewer of the same layers as ``s`` (plain, or a percent-encoded value found both in
    its line and in the container log line joined around it): ``s`` adds nothing."""
    n = len(twin.encoding)
    return n < len(s.encoding) and s.encoding[len(s.encoding) - n :] == twin.encoding


def _source_line(text: str, seg: Decoded, at: int) -> tuple[int, int]:
    """The line of ``text[seg.start:seg.end]`` that holds what ``seg.text[at]`` was decoded from: the same line
    number (``seg.lines``: a decoder that keeps lines one for one) or the line whose decoded text starts last at or
    before ``at`` (``seg.line_starts``); the whole segment when the segment has fewer lines than that."""
    p = seg.start
    lines = bisect_right(seg.line_starts, at) - 1 if seg.line_starts else seg.text.count("\n", 0, at)
    for _ in range(max(0, lines)):
        p = text.find("\n", p, seg.end) + 1
        if p == 0:
            return seg.start, seg.end
    stop = text.find("\n", p, seg.end)
    return p, seg.end if stop < 0 else stop


class Engine:
    def __init__(
        self,
        detectors: Sequence[Detector] | None = None,
        decoders: Sequence[Decoder] | None = None,
        *,
        backend: Backend = "auto",
        max_depth: int = 3,
        max_decoded: int = 8 << 20,
    ) -> None:
        self.detectors = tuple(default_detectors() if detectors is None else detectors)
        self.decoders = tuple(default_decoders() if decoders is None else decoders)
        self.units: tuple[Detector | Decoder, ...] = self.detectors + self.decoders
        patterns = [(i, p, unit.margin is not None) for i, unit in enumerate(self.units) for p in unit.triggers]
        self._margins = tuple(unit.margin for unit in self.units)
        self._screens = tuple(
            unit.screen if isinstance(unit, Detector) and type(unit).screen is not Detector.screen else None
            for unit in self.units
        )
        self._batches = {
            i: unit.screen_batch
            for i, unit in enumerate(self.units)
            if isinstance(unit, Detector) and type(unit).screen_batch is not Detector.screen_batch
        }
        self._unicode_units = [i for i, unit in enumerate(self.units) if not unit.ascii_only]
        self._unicode_chars = tuple(unit.unicode_chars for unit in self.units)  # None: any non-ASCII line
        self.prefilter = make_prefilter(patterns, backend)
        self.max_depth = max_depth
        self.max_decoded = max_decoded

    @property
    def backend(self) -> str:
        return self.prefilter.name

    def contains_card_data(self, text: str) -> bool:
        return bool(self.scan_text(text))

    def scan_text(self, text: str) -> list[Span]:
        """Every span in ``text`` (offsets into ``text``), de-duplicated, in order of position.

        A span found in decoded text is dropped when the same value of the same type was also found written
        plainly inside the encoded segment (a form body decoded for its keys still holds its plain card number), or
        through the same last layers with fewer before them (a joined container log line's percent-encoded value);
        a plain span is dropped when it is a piece of a longer value decoded from a segment around it (the digits
        after a quoted-printable soft line break)."""
        budget = [self.max_decoded]
        spans = self._scan(text, 0, budget)
        seen: set[tuple[str, int, int, str]] = set()
        out: list[Span] = []
        places: dict[tuple[str, str], list[Span]] = {}  # every place of a value (a test card recurs)
        encoded: dict[str, list[Span]] = {}  # by type: a plain span is only ever a piece of one of its own type
        for s in spans:
            places.setdefault((s.type, s.value), []).append(s)
            if s.encoding:
                encoded.setdefault(s.type, []).append(s)
        # Encoded spans of each type by start, with the furthest end reached so far: the ones that may hold a plain
        # span start at or before it (a cursor, as spans come in order of start) and are found walking back from
        # there until none before can reach its end.
        index: dict[str, tuple[list[Span], list[int], list[int]]] = {}
        for kind, found in encoded.items():
            found.sort(key=lambda e: e.start)
            reach, furthest = [], -1
            for e in found:
                furthest = max(furthest, e.end)
                reach.append(furthest)
            index[kind] = (found, reach, [0])
        for s in sorted(spans, key=lambda s: (s.start, s.end)):
            key = (s.type, s.start, s.end, s.value)
            if s.encoding:
                twins = places.get((s.type, s.value), ())
                if any(s.start <= twin.start and twin.end <= s.end and _fewer_layers(twin, s) for twin in twins):
                    continue
            elif (entry := index.get(s.type)) is not None:
                found, reach, cursor = entry
                while cursor[0] < len(found) and found[cursor[0]].start <= s.start:
                    cursor[0] += 1
                k, inside = cursor[0], False
                while not inside and k and reach[k - 1] >= s.end:
                    k -= 1
                    e = found[k]
                    inside = s.end <= e.end and s.value in e.value and s.value != e.value
                if inside:
                    continue  # a piece of a longer value decoded around it
            if key not in seen:
                seen.add(key)
                out.append(s)
        return mark_test_companions(text, out) if out else out  # a test card's code and expiry are test values

    def _kept(self, data: bytes, text: str) -> dict[int, tuple[list[int], list[int]]]:
        """Each unit's trigger hits (starts, ends; in the order found) that its screen keeps, by unit index.

        Many hits (bare order ids and IMEIs wake the PAN triggers on most log lines) are grouped by unit with numpy,
        and a unit with a batch screen gets its columns without a Python object per hit: only the hits it keeps (or
        leaves undecided) reach Python."""
        units_col, starts_col, ends_col = self.prefilter.columns(data, text)
        groups: dict[int, tuple[list[int], list[int]]] = {}
        screens = self._screens
        if len(units_col) < BATCH_MIN:
            for unit, s, e in zip(units_col, starts_col, ends_col, strict=True):
                if (screen := screens[unit]) is not None and not screen(text, s, e):
                    continue
                if (group := groups.get(unit)) is None:
                    group = groups[unit] = ([], [])
                group[0].append(s)
                group[1].append(e)
            return groups
        import numpy as np  # here: a scan whose texts never wake this many hits (small files) never loads numpy

        by_unit = np.frombuffer(units_col, dtype=np.int64)
        starts_all = np.frombuffer(starts_col, dtype=np.int64)
        ends_all = np.frombuffer(ends_col, dtype=np.int64)
        counts = np.bincount(by_unit, minlength=len(self.units))
        for unit in np.flatnonzero(counts).tolist():
            rows = np.flatnonzero(by_unit == unit)
            starts, ends = starts_all[rows], ends_all[rows]
            screen, batch = screens[unit], self._batches.get(unit)
            if batch is not None and len(rows) >= BATCH_MIN:
                verdicts = batch(data, starts, ends)  # 1 keep, 0 drop, -1 undecided
                keep = verdicts > 0
                kept_s, kept_e = starts[keep].tolist(), ends[keep].tolist()
                if (undecided := np.flatnonzero(verdicts < 0)).size:  # the one-by-one screen decides (any order)
                    for s, e in zip(starts[undecided].tolist(), ends[undecided].tolist(), strict=True):
                        if screen is None or screen(text, s, e):
                            kept_s.append(s)
                            kept_e.append(e)
            elif screen is not None:
                kept_s, kept_e = [], []
                for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                    if screen(text, s, e):
                        kept_s.append(s)
                        kept_e.append(e)
            else:
                kept_s, kept_e = starts.tolist(), ends.tolist()
            if kept_s:
                groups[unit] = (kept_s, kept_e)
        return groups

    def _windows(self, text: str) -> dict[int, list[Window]]:
        """Each unit's merged windows, by unit index (the order units are given them: ``priority`` order)."""
        n = len(text)
        ascii_text = text.isascii()
        # One byte per character, so offsets agree (an ASCII text needs no replacement pass).
        data = text.encode("ascii") if ascii_text else text.encode("ascii", "replace")
        per_unit: dict[int, list[Window]] = {}
        rfind, find, margins = text.rfind, text.find, self._margins
        for unit, (starts, ends) in self._kept(data, text).items():
            margin = margins[unit]
            windows: list[Window] = []
            per_unit[unit] = windows
            if margin is not None:  # clip at the nearest newline within the margin: the same as clipping to the line
                last_s = last_e = -1
                for s, e in zip(starts, ends, strict=True):
                    ws = s - margin if s > margin else 0
                    we = e + margin if e + margin < n else n
                    if last_s <= ws and we <= last_e:
                        continue  # inside this unit's previous window (hits of grouped digits repeat): nothing to add
                    last_s = ws = rfind("\n", ws, s) + 1 or ws
                    nl = find("\n", e, we)
                    last_e = we if nl < 0 else nl
                    windows.append((last_s, last_e))
                continue
            ls = le = -1  # the line of this unit's previous hit: hits cluster, so its bounds are reused
            for e in ends:
                anchor = e - 1 if e > 0 else 0  # a hit belongs to the line of its last character
                if ls <= anchor <= le:
                    if windows and windows[-1] == (ls, le):
                        continue  # the line of this unit's previous hit (a long run gives a hit per group)
                else:
                    ls = rfind("\n", max(0, anchor - LINE_REACH), anchor) + 1 or max(0, anchor - LINE_REACH)
                    le = find("\n", anchor, anchor + LINE_REACH)
                    le = min(n, anchor + LINE_REACH) if le < 0 else le
                windows.append((ls, le))
        if not ascii_text:
            unicode_units = self._unicode_units
            pos, qfind = 0, data.find
            # Every non-ASCII character is a '?' in ``data``: bytes.find jumps to the next one (or to a literal '?',
            # passed over) far faster than a regex search for [^\x00-\x7f] through the ASCII text between them.
            while (at := qfind(b"?", pos)) >= 0:
                if text[at] == "?":
                    pos = at + 1
                    continue
                ls = rfind("\n", max(0, at - LINE_REACH), at) + 1 or max(0, at - LINE_REACH)
                le = find("\n", at, at + LINE_REACH)
                le = min(n, at + LINE_REACH) if le < 0 else le
                for unit in unicode_units:  # (from the character before the line, as ``pangroups`` reads it)
                    if (chars := self._unicode_chars[unit]) is None or chars.search(text, max(0, ls - 1), le):
                        per_unit.setdefault(unit, []).append((ls, le))
                pos = le + 1
        return {unit: _merge(per_unit[unit]) for unit in sorted(per_unit)}

    def _scan(self, text: str, depth: int, budget: list[int]) -> list[Span]:
        spans: list[Span] = []
        joined: list[Span] = []  # read in a split line joined again: they replace what its pieces say alone
        pieces: list[Line] = []
        kept: set[Line] = set()  # pieces whose own values stay unless the joined reading stands for them
        for index, windows in self._windows(text).items():
            unit = self.units[index]
            if isinstance(unit, Detector):
                spans.extend(unit.find_windows(text, windows))
            elif depth < self.max_depth:
                done: set[tuple[int, int]] = set()  # a segment several windows touch (a QP paragraph) is read once
                for s, e in windows:
                    for seg in unit.decode(text, s, e):
                        if (seg.start, seg.end) in done:
                            continue
                        done.add((seg.start, seg.end))
                        if len(seg.text) > budget[0]:
                            note_limit(BUDGET)
                            continue
                        budget[0] -= len(seg.text)
                        into = spans
                        if isinstance(seg, Joined):
                            pieces.extend(seg.pieces)
                            kept.update(seg.soft)
                            into = joined
                        for inner in self._scan(seg.text, depth + 1, budget):
                            mapped = seg.lines or seg.line_starts
                            start, end = seg.start, seg.end
                            if seg.same_places:  # rewritten one character for one: the value's own place
                                start, end = seg.start + inner.start, min(seg.end, seg.start + inner.end)
                            elif seg.places:  # escapes shortened: the value's own place
                                last = len(seg.places) - 1
                                start = seg.start + seg.places[min(inner.start, last)]
                                end = seg.start + seg.places[min(inner.end, last)]
                            elif mapped:  # from the line the value starts on to the one it ends on (a QP soft break)
                                start, end = _source_line(text, seg, inner.start)[0], _source_line(
                                    text, seg, max(inner.start, inner.end - 1))[1]
                            into.append(replace(inner, start=start, end=end, encoding=seg.encoding + inner.encoding))
            elif collecting_enabled() and any(next(iter(unit.decode(text, s, e)), None) for s, e in windows):
                note_limit(DEPTH)  # something decodes one layer deeper than max_depth: not examined
        return judged_in_records(text, replace_pieces(spans, joined, pieces, frozenset(kept)) if pieces else spans)


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The shared engine with every default detector and decoder."""
    return Engine()
