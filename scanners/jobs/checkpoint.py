"""Per-target high-water marks so each incremental scan covers exactly the data since the last complete one.

A window is ``[previous high-water + 1, now - settle]`` in epoch ms, both ends inclusive, so consecutive
complete runs tile time with no gap and no overlap. ``settle`` leaves room for late ingestion (CloudWatch
events and S3 LastModified are stamped before they become listable). A target's mark advances only when its
scan was complete; an incomplete target is scanned again from its old mark the next night (findings
de-duplicate by fingerprint). ``full=True`` ignores the marks (start ``None``). Marks live in one JSON
document in S3 (conditional writes: two concurrent runs cannot silently overwrite each other) or a local file.
A store that cannot be reached or written raises ``CheckpointError``; a malformed (or unreadable local)
document is a ``ConfigError``, which the nightly run answers with a full scan.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from scanners.aws import error_name as _code
from scanners.errors import CheckpointError, ConfigError

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import PutObjectRequestTypeDef

FORMAT_VERSION = 1
DEFAULT_SETTLE_MS = 15 * 60 * 1000


@dataclass(frozen=True, slots=True)
class Window:
    """Inclusive epoch-ms bounds; ``start_ms`` ``None`` means from the beginning."""

    start_ms: int | None
    end_ms: int

    @property
    def empty(self) -> bool:
        return self.start_ms is not None and self.start_ms > self.end_ms

    def to_dict(self) -> dict[str, int | None]:
        return {"start_ms": self.start_ms, "end_ms": self.end_ms}


@dataclass(frozen=True, slots=True)
class Mark:
    high_water_ms: int
    run_id: str
    updated: str


class CheckpointStore(Protocol):
    def load(self) -> dict[str, Mark]: ...

    def save(self, marks: Mapping[str, Mark]) -> None: ...


def plan(
    marks: Mapping[str, Mark],
    targets: Iterable[str],
    *,
    now_ms: int,
    settle_ms: int = DEFAULT_SETTLE_MS,
    full: bool = False,
) -> dict[str, Window]:
    """The window each target should scan now."""
    if settle_ms < 0:
        raise ConfigError("settle_ms: expected a non-negative number of milliseconds")
    end = now_ms - settle_ms
    out: dict[str, Window] = {}
    for target in targets:
        mark = None if full else marks.get(target)
        out[target] = Window(None if mark is None else mark.high_water_ms + 1, end)
    return out


def advance(
    marks: Mapping[str, Mark],
    windows: Mapping[str, Window],
    complete: Mapping[str, bool],
    *,
    run_id: str,
) -> dict[str, Mark]:
    """New marks: a target moves to its window end only if its scan was complete and the window not empty."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    out = dict(marks)
    for target, window in windows.items():
        if complete.get(target, False) and not window.empty:
            previous = marks.get(target)
            if previous is None or window.end_ms > previous.high_water_ms:
                out[target] = Mark(window.end_ms, run_id, now)
    return out


def encode(marks: Mapping[str, Mark]) -> bytes:
    body = {"version": FORMAT_VERSION, "targets": {t: asdict(m) for t, m in sorted(marks.items())}}
    return json.dumps(body, indent=2).encode()


def decode(raw: bytes, where: str) -> dict[str, Mark]:
    """Parse a checkpoint document; ``ConfigError`` names ``where`` and what was expected."""
    try:
        doc = json.loads(raw)
        targets = doc["targets"] if doc.get("version") == FORMAT_VERSION else None
        if not isinstance(targets, dict):
            raise TypeError
        return {
            str(t): Mark(int(m["high_water_ms"]), str(m["run_id"]), str(m["updated"]))
            for t, m in targets.items()
        }
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ConfigError(
            f"checkpoint {where}: expected JSON {{'version': {FORMAT_VERSION}, 'targets': {{target: "
            "{'high_water_ms', 'run_id', 'updated'}}}}"
        ) from exc


class FileCheckpointStore:
    """Marks in a local JSON file, replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Mark]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise ConfigError(f"checkpoint file {self.path}: cannot be read ({exc.strerror})") from exc
        return decode(raw, str(self.path))

    def save(self, marks: Mapping[str, Mark]) -> None:
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".checkpoint-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(encode(marks))
            os.replace(tmp, self.path)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise CheckpointError(f"checkpoint file {self.path}: cannot be written ({exc.strerror})") from exc


class S3CheckpointStore:
    """Marks in one S3 object; ``save`` fails if anyone wrote it since ``load`` (If-Match/If-None-Match)."""

    def __init__(self, client: S3Client, bucket: str, key: str) -> None:
        self.client, self.bucket, self.key = client, bucket, key
        self._etag: str | None = None

    @property
    def where(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    def load(self) -> dict[str, Mark]:
        try:
            resp = self.client.get_object(Bucket=self.bucket, Key=self.key)
        except Exception as exc:
            if _code(exc) in ("NoSuchKey", "404"):
                self._etag = None
                return {}
            raise CheckpointError(f"checkpoint {self.where}: cannot be read ({_code(exc)})") from exc
        self._etag = resp["ETag"]
        return decode(resp["Body"].read(), self.where)

    def save(self, marks: Mapping[str, Mark]) -> None:
        args: PutObjectRequestTypeDef = {
            "Bucket": self.bucket, "Key": self.key, "Body": encode(marks), "ContentType": "application/json"
        }
        if self._etag:
            args["IfMatch"] = self._etag
        else:
            args["IfNoneMatch"] = "*"
        try:
            resp = self.client.put_object(**args)
        except Exception as exc:
            code = _code(exc)
            if code in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise CheckpointError(f"checkpoint {self.where}: changed by another run since it was read") from exc
            raise CheckpointError(f"checkpoint {self.where}: cannot be written ({code})") from exc
        self._etag = resp.get("ETag")


def store_from_uri(uri: str, s3_client: S3Client | None = None) -> CheckpointStore:
    """``s3://bucket/key`` (needs ``s3_client``) or a local file path."""
    if uri.startswith("s3://"):
        bucket, _, key = uri[5:].partition("/")
        if not bucket or not key or s3_client is None:
            raise ConfigError("checkpoint location: expected s3://BUCKET/KEY (with an S3 client) or a path")
        return S3CheckpointStore(s3_client, bucket, key)
    if not uri:
        raise ConfigError("checkpoint location: expected s3://BUCKET/KEY or a file path, got an empty value")
    return FileCheckpointStore(Path(uri))


