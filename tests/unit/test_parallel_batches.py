"""Small files travel to the pool in batches: order kept, bytes per task bounded, every worker kept busy."""

from pathlib import Path

import pytest

from scanners.engine.parallel import BATCH_BYTES, BATCH_PARTS, batches
from scanners.sources.files import FilePart


@pytest.mark.parametrize(("count", "size", "jobs"), [(1, 10, 2), (7, 10, 2), (5000, 40, 2), (3000, 4000, 8),
                                                     (40, 3 << 20, 2)])
def test_batches_keep_order_and_bounds(tmp_path: Path, count: int, size: int, jobs: int) -> None:
    parts = [FilePart(tmp_path / f"f{i}", 0, size) for i in range(count)]
    got = batches(parts, jobs)
    assert [p for b in got for p in b] == parts
    assert all(len(b) <= BATCH_PARTS for b in got)
    assert all(len(b) == 1 or sum(p.end or 0 for p in b) <= BATCH_BYTES for b in got)
    assert len(got) >= min(count, 4 * jobs) // 2  # enough tasks for every worker
    if count >= 5000:
        assert len(got) <= count // 10  # tiny files: far fewer round trips than files
