import sys

import pytest

from scanners.engine.runtime import tune_allocator


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt only")
def test_allocator_tuning_applies_once_on_glibc() -> None:
    import platform

    applied = tune_allocator()
    assert applied is (platform.libc_ver()[0] == "glibc")
    assert tune_allocator() is applied  # cached: one call per process
