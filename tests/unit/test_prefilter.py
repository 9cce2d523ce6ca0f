"""The prefilter's hit columns, and the engine's windows built from them (numpy grouping for many hits, a Python
loop for few) against a plain one-hit-at-a-time reference."""

import random
import re

import numpy as np
import pytest

from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.quoted_printable import QuotedPrintableDecoder
from scanners.detectors.cvv import CvvDetector
from scanners.detectors.pan import PanDetector
from scanners.engine.core import BATCH_MIN, Engine, _merge
from scanners.engine.prefilter import RePrefilter

BACKENDS = ["hyperscan", "re"]


def make_engine(backend: str) -> Engine:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    return Engine([PanDetector(), CvvDetector()], [Base64Decoder(), QuotedPrintableDecoder()], backend=backend)  # type: ignore[arg-type]


def log_text(seed: int, lines: int) -> str:
    """Order ids, IMEIs and timestamps (PAN trigger hits the screen drops), some cards, CVVs and encoded lines."""
    rnd = random.Random(seed)
    out = []
    for i in range(lines):
        parts = [f'"ts": {1748503543012 + i}', f'"orderId": "{rnd.randrange(10**12, 10**16)}"']
        if i % 7 == 0:
            parts.append(f'"msg": "card {rnd.choice(["4111111111111111", "5555 5555 5555 4444"])} cvv {i % 900 + 100}"')
        if i % 11 == 0:
            parts.append('"b": "NDExMTExMTExMTExMTExMQ=="')
        out.append("{" + ", ".join(parts) + "}" + (" qp: 4111 1111=" if i % 13 == 0 else ""))  # a soft line break
    return "\n".join(out)


def reference_windows(engine: Engine, text: str) -> dict[int, list[tuple[int, int]]]:
    """Windows from ``hits()`` one hit at a time: each hit screened alone (or by its unit's batch screen where the
    engine uses one: from ``BATCH_MIN`` hits of that unit; the screens themselves are tested in test_panscreen*),
    its window clipped to its line."""
    data = text.encode("ascii", "replace")
    hits = engine.prefilter.hits(data, text)
    verdicts: dict[tuple[int, int, int], bool | None] = {}
    for unit, batch in engine._batches.items():
        mine = [h for h in hits if h[0] == unit]
        if len(mine) >= BATCH_MIN:
            starts, ends = np.array([h[1] for h in mine]), np.array([h[2] for h in mine])
            verdicts.update(zip(mine, batch(data, starts, ends), strict=True))
    per_unit: dict[int, list[tuple[int, int]]] = {}
    for unit, s, e in hits:
        screen = engine._screens[unit]
        verdict = verdicts.get((unit, s, e))
        if verdict is None:
            verdict = screen is None or screen(text, s, e)
        if not verdict:
            continue
        margin = engine.units[unit].margin
        if margin is None:
            anchor = max(e - 1, 0)
            ws, we = text.rfind("\n", 0, anchor) + 1, text.find("\n", anchor)
        else:
            ws, we = max(0, s - margin), min(len(text), e + margin)
            ws, we = text.rfind("\n", ws, s) + 1 or ws, text.find("\n", e, we)
            we = min(len(text), e + margin) if we < 0 else we
        per_unit.setdefault(unit, []).append((ws, len(text) if we < 0 else we))
    return {unit: _merge(w) for unit, w in sorted(per_unit.items())}


@pytest.mark.parametrize("backend", BACKENDS)
def test_columns_are_the_hits_and_name_the_unit_whose_trigger_matched(backend: str) -> None:
    engine = make_engine(backend)
    text = log_text(1, 300)
    data = text.encode("ascii")
    units, starts, ends = engine.prefilter.columns(data, text)
    assert len(units) == len(starts) == len(ends) > BATCH_MIN
    assert units.itemsize == starts.itemsize == ends.itemsize == 8  # read by numpy as int64 without a copy
    assert list(zip(units, starts, ends, strict=True)) == engine.prefilter.hits(data, text)
    assert set(units) == set(range(len(engine.units)))  # every unit's triggers hit this text
    for unit, s, e in zip(units, starts, ends, strict=True):
        if engine.units[unit].margin is not None:  # these report their start: the hit is a match of one trigger
            rxs = [re.compile(p, re.ASCII | re.MULTILINE) for p in engine.units[unit].triggers]
            assert any(rx.fullmatch(text, s, e) for rx in rxs), (unit, s, e)


def test_re_columns_find_each_pattern_in_turn() -> None:
    prefilter = RePrefilter([(0, "ab", True), (1, "b+", False)])
    units, starts, ends = prefilter.columns(b"ab abb", "ab abb")
    assert list(zip(units, starts, ends, strict=True)) == [(0, 0, 2), (0, 3, 5), (1, 1, 2), (1, 4, 6), (1, 5, 6)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("lines", [3, 400])  # few hits: the Python loop; many: numpy grouping and the batch screen
def test_windows_equal_the_one_hit_at_a_time_reference(backend: str, lines: int) -> None:
    engine = make_engine(backend)
    text = log_text(lines, lines)
    windows = engine._windows(text)
    assert windows == reference_windows(engine, text)
    assert list(windows) == sorted(windows)  # units get their windows in index (priority) order
    assert len(windows) == len(engine.units)  # every unit's triggers hit this text


def test_windows_agree_between_back_ends() -> None:
    text = log_text(5, 400) + "\nnon-ASCII line \u00e9 4111\u00a01111 1111 1111\n"
    assert make_engine("hyperscan")._windows(text) == make_engine("re")._windows(text)
