import sys

import pytest

from scanners.engine.runtime import tune_allocator, tune_scan_worker


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_allocator_tuning_applies_once_on_glibc() -> None:
    import platform

    applied = tune_allocator()
    assert applied is (platform.libc_ver()[0] == "glibc")
    assert tune_allocator() is applied  # cached: one call per process


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_scan_worker_tuning_applies_on_glibc() -> None:
    import platform

    assert tune_scan_worker() is (platform.libc_ver()[0] == "glibc")
    tune_allocator.cache_clear()
    assert tune_allocator() is (platform.libc_ver()[0] == "glibc")  # the threaded scans' setting still applies after
