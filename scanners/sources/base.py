"""The Source extension point.

A source is a dataclass whose fields are the scan scope, with its boto3 client passed in (never a module
global). ``records()`` streams ``Record`` objects lazily and, as it goes, appends one ``Coverage`` entry per item
(file, object, log group/stream...) to ``coverage``: scanned with bytes and item counts, or skipped / error with a
reason. After ``records()`` is exhausted, ``coverage`` is complete. A source never raises for one bad item; it
records the item as ``error`` and goes on. It raises ``SourceError`` only when the whole scope cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from scanners.engine.finding import Coverage, Record


class Source(Protocol):
    kind: str  # "file", "s3", "cloudwatch", "bedrock", "recordings"
    coverage: list[Coverage]

    def records(self) -> Iterator[Record]: ...
