"""Shared checks of the Detector contract (windows, triggers, engine back ends) for the detector test files."""

import re
from collections.abc import Iterable

import hyperscan

from scanners.detectors.base import Detector
from scanners.engine.core import Backend, Engine
from scanners.engine.finding import Span

Key = tuple[int, int, str, str]
ODD_WINDOWS: list[tuple[int, int | None]] = [(0, 0), (5, 3), (0, 10_000), (7, None)]


def keys(found: Iterable[Span]) -> list[Key]:
    """Spans as sorted (start, end, type, value) tuples, for comparing two runs."""
    return sorted((s.start, s.end, s.type, s.value) for s in found)


def found_texts(backend: Backend, text: str) -> list[tuple[str, str]]:
    """The engine's spans of ``text`` as sorted (type, text covered) pairs."""
    return sorted((s.type, text[s.start : s.end]) for s in Engine(backend=backend).scan_text(text))


def found_starts(backend: Backend, text: str) -> list[tuple[str, int]]:
    """The engine's spans of ``text`` as (type, start) pairs: empty when the text is quiet."""
    return [(s.type, s.start) for s in Engine(backend=backend).scan_text(text)]


def cuts(detector: Detector, text: str) -> list[int]:
    """Window edges worth trying: every 7th offset, the text's ends, and around each span's ends."""
    edges = {0, len(text), *range(0, len(text), 7)}
    for s in detector.find(text):
        edges |= {s.start - 1, s.start, s.start + 1, s.end - 1, s.end, s.end + 1}
    return sorted(c for c in edges if 0 <= c <= len(text))


def assert_windows_match_whole(detector: Detector, text: str) -> None:
    """Every window of the padded text reports exactly the whole-text spans that lie inside it."""
    text = "x=1 " + text + " y=2"
    whole = keys(detector.find(text))
    for pos in cuts(detector, text):
        for endpos in cuts(detector, text):
            want = [k for k in whole if pos <= k[0] and k[1] <= endpos]
            ok = keys(detector.find(text, pos, endpos)) == want
            assert ok, f"window {pos}:{endpos} differs"


def assert_engine_finds_everything(detector: Detector, texts: Iterable[str], backend: Backend) -> None:
    """The engine's trigger windows give the same spans as ``find`` on the whole text."""
    text = "\n".join(texts)
    ok = keys(Engine([detector], [], backend=backend).scan_text(text)) == keys(detector.find(text))
    assert ok, "trigger windows lost or changed a span"


def hyperscan_hits(db: hyperscan.Database, line: str) -> list[int]:
    hits: list[int] = []
    db.scan(line.encode(), match_event_handler=lambda i, f, t, fl, c: hits.append(i))
    return hits


def assert_trigger_compiles(trigger: str) -> None:
    """The trigger compiles both as an ASCII ``re`` pattern and in hyperscan."""
    rx = re.compile(trigger, re.ASCII)
    db = hyperscan.Database()
    db.compile(expressions=[trigger.encode()], ids=[0], elements=1, flags=[hyperscan.HS_FLAG_DOTALL])
    assert rx.pattern == trigger


def assert_triggers_hit(detector: Detector, cases: Iterable[tuple[str, str, object]]) -> None:
    """Some trigger match spans every line of every (case, text, expected) case that holds an expected span, in
    hyperscan and in ``re`` (a trigger may span lines: a multipart part's header and its value)."""
    rxs = [re.compile(t, re.ASCII | re.MULTILINE) for t in detector.triggers]
    db = hyperscan.Database()
    n = len(detector.triggers)
    db.compile(expressions=[t.encode() for t in detector.triggers], ids=list(range(n)), elements=n,
               flags=[hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_MULTILINE] * n)
    for case, text, expected in cases:
        shown = [e[0] for e in expected if isinstance(e, tuple)] if isinstance(expected, list) else []
        found = hyperscan_spans(db, text)
        matched = [(m.start(), m.end()) for rx in rxs for m in rx.finditer(text)]
        start = 0
        for line in text.splitlines(keepends=True):  # every line that holds a finding (all, when none is shown)
            end = start + len(line)
            if not shown or any(v in line for v in shown):
                assert any(s <= end and e >= start for s, e in found), f"hyperscan: no trigger hit in case {case}"
                assert any(s <= end and e >= start for s, e in matched), f"re: no trigger hit in case {case}"
            start = end


def hyperscan_spans(db: hyperscan.Database, text: str) -> list[tuple[int, int]]:
    """(start, end) of every match in ``text`` (one byte per character, as the engine scans it)."""
    spans: list[tuple[int, int]] = []
    db.scan(text.encode("ascii", "replace"), match_event_handler=lambda i, f, t, fl, c: spans.append((f, t)))
    return spans


def assert_odd_window(detector: Detector, text: str, pos: int, endpos: int | None) -> None:
    """An empty, inverted, oversized or open window gives the whole-text spans inside it and does not raise."""
    end = endpos if endpos is not None else len(text)
    want = [k for k in keys(detector.find(text)) if pos <= k[0] and k[1] <= end]
    ok = keys(detector.find(text, pos, endpos)) == want
    assert ok, f"window {pos}:{endpos} differs"
    assert list(detector.find("")) == []


def masked_id(value: object) -> str:
    """A test id that names a table row without its digits (``ids=masked_id``): no card number in a test's name. A
    set is named in sorted order: its own order changes with each process's hash seed, and pytest-xdist's workers
    must collect the same names."""
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    return re.sub(r"[0-9]", "#", str(value))[:48]
