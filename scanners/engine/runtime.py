"""Process-level tuning for scans whose records cross threads (the S3 fan-out, the nightly and worker Lambdas)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache

M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
MMAP_THRESHOLD = 128 * 1024


@lru_cache(maxsize=1)
def tune_allocator() -> bool:
    """Serve large allocations from mmap so they go back to the system when freed.

    Scanning streams large text records that are built in fetch threads and freed in the scanning thread; glibc's
    adaptive threshold would otherwise move them onto the heap, where fragmentation grows the resident size with the
    object size instead of keeping it flat. It costs some CPU (page faults), so one-thread local file scans leave it
    off. Returns whether the setting was applied (glibc only).
    """
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # not glibc (e.g. musl has no mallopt)
        return False
