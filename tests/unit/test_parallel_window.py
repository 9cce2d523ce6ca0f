"""The process pool gets a bounded window of tasks: results come back in order, and no more than the window is
ever submitted and not yet taken, so a findings-heavy scan does not pile results up in the parent."""

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import Engine
from scanners.engine.parallel import BATCH_PARTS, batches, in_order, scan_files, stream_batches
from scanners.engine.spool import FindingSpool
from scanners.sources.files import FilePart, FileSource


class CountingPool(Executor):
    """Runs each task when it is submitted; records how many results were waiting to be taken at each submit."""

    def __init__(self) -> None:
        self.outstanding: list[Future[Any]] = []
        self.peak = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        fut.set_result(fn(*args, **kwargs))
        self.outstanding = [f for f in self.outstanding if not getattr(f, "taken", False)] + [fut]
        self.peak = max(self.peak, len(self.outstanding))
        orig = fut.result

        def result(timeout: float | None = None) -> Any:
            fut.taken = True  # type: ignore[attr-defined]
            return orig(timeout)

        fut.result = result  # type: ignore[method-assign]
        return fut


@pytest.mark.parametrize(("n", "window"), [(0, 4), (1, 4), (3, 4), (50, 4), (50, 1), (7, 0)])
def test_in_order_keeps_order_and_window(n: int, window: int) -> None:
    pool = CountingPool()
    assert list(in_order(pool, lambda x: x * 2, range(n), window)) == [x * 2 for x in range(n)]
    assert pool.peak <= max(1, window) + 1  # the window, plus the one just taken being replaced
    if n > window:
        assert pool.peak >= max(1, window)


def test_scan_files_spools_findings(tmp_path: Path) -> None:
    pan = "4" + "1" * 14 + "1"  # 4111 1111 1111 1111, the published Visa test number
    for i in range(3):
        (tmp_path / f"cards-{i}.log").write_text("".join(f"line {n} card {pan} ok\n" for n in range(200)))
    findings, coverage = scan_files([FileSource([tmp_path])], jobs=2, engine=Engine(),
                                    fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    assert isinstance(findings, FindingSpool)
    assert [(Path(f.location["path"]).name, f.location["line"]) for f in findings] == [
        (f"cards-{i}.log", n) for i in range(3) for n in range(1, 201)]
    assert [c.status for c in coverage] == ["scanned"] * 3


def test_stream_batches_is_lazy_and_matches_the_list(tmp_path: Path) -> None:
    taken = 0

    def walk(n: int) -> Iterator[tuple[FilePart, int]]:
        nonlocal taken
        for i in range(n):
            taken += 1
            yield FilePart(tmp_path / f"f{i}", 0, 40), 40

    first = next(stream_batches(walk(1_000_000), 2))
    assert taken <= 4 * 2 * BATCH_PARTS + 1  # the first batch leaves while the walk is still going
    assert len(first) <= BATCH_PARTS
    parts = [FilePart(tmp_path / f"f{i}", 0, 40) for i in range(5000)]
    assert batches(parts, 2) == list(stream_batches(((p, 40) for p in parts), 2))


def test_excluded_files_keep_their_place(tmp_path: Path) -> None:
    pan = "4" + "1" * 14 + "1"
    for name in ("a.skip", "b.log", "c.skip", "d.log", "e.skip"):
        (tmp_path / name).write_text(f"card {pan}\n" * 3)
    source = FileSource([tmp_path], exclude={"*.skip": "fixtures"})
    findings, coverage = scan_files([source], jobs=2, engine=Engine(), fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    assert [(Path(c.location["path"]).name, c.status) for c in coverage] == [
        ("a.skip", "excluded"), ("b.log", "scanned"), ("c.skip", "excluded"), ("d.log", "scanned"),
        ("e.skip", "excluded")]
    assert [Path(f.location["path"]).name for f in findings] == ["b.log"] * 3 + ["d.log"] * 3
