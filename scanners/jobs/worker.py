"""Scale-out: the Distributed Map worker Lambda, the merge step, and the same worker on a local process pool.

``handler`` scans one batch, ``{"Items": [{"Key", "Size"...}], "BatchInput": {"bucket"}}`` (or one item,
``{"Key", "bucket"}``, from a Map without ItemBatcher), and returns the scan JSON. A result too large for a
Step Functions payload is written to ``RESULTS_BUCKET`` and returned as a pointer. ``merge`` combines batch
results; a failed batch (``None``, or a FAILED ResultWriter entry) makes the run ``incomplete`` and names its
keys when known; ``writer_results`` reads a ResultWriter manifest. The final step that merges and publishes is the
evidence job's (``reports.evidence.handler.merge_step``). ``scan_local`` runs ``handler`` over a process pool.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from scanners.aws import ClientFactory, default_clients
from scanners.cards.fingerprint import Fingerprinter, LocalKeyFingerprinter, fingerprinter_for
from scanners.engine.core import default_engine
from scanners.engine.pipeline import run_scan
from scanners.engine.runtime import tune_allocator
from scanners.errors import ConfigError
from scanners.sources.s3 import S3Source

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PAYLOAD_LIMIT = 200_000  # bytes; Step Functions caps a state's payload at 256 KiB
FETCH_THREADS = 4


@cache
def _cached_client(name: str) -> Any:
    return default_clients(name)


# One client per service per Lambda container, typed through the protocol (tests call ``_client.cache_clear()``).
_client: ClientFactory = _cached_client


@cache
def _fingerprinter() -> Fingerprinter:
    return fingerprinter_for(os.environ.get("FINGERPRINT_KEY_ID"), lambda: _client("kms"))


def parse_batch(event: Mapping[str, Any]) -> tuple[str, list[str]]:
    """(bucket, keys) of a batched or single-item event; ``ConfigError`` names the bad field."""
    if not isinstance(event, Mapping):
        raise ConfigError("event: expected a JSON object")
    if "Items" in event:
        items, batch_input = event["Items"], event.get("BatchInput") or {}
        where = "BatchInput.bucket"
    else:
        items, batch_input, where = [event], event, "bucket"
    bucket = batch_input.get("bucket") if isinstance(batch_input, Mapping) else None
    if not isinstance(bucket, str) or not bucket:
        raise ConfigError(f"{where}: expected the name of the bucket being scanned")
    if not isinstance(items, list):
        raise ConfigError("Items: expected a list of objects with a Key")
    keys = []
    for i, item in enumerate(items):
        key = item.get("Key", item.get("key")) if isinstance(item, Mapping) else item
        if not isinstance(key, str) or not key:
            raise ConfigError(f"Items[{i}].Key: expected a non-empty object key")
        keys.append(key)
    return bucket, keys


def scan_batch(
    bucket: str, keys: Sequence[str], *, s3: S3Client, fingerprinter: Fingerprinter | None = None
) -> dict[str, Any]:
    source = S3Source(s3, bucket, keys=list(keys), max_workers=FETCH_THREADS)
    out = run_scan([source], engine=default_engine(), fingerprinter=fingerprinter or _fingerprinter()).to_dict()
    out["batch"] = {"bucket": bucket, "keys": len(keys)}
    return out


def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """Distributed Map child: scan the batch, return its findings and coverage (or a pointer to them)."""
    tune_allocator()
    bucket, keys = parse_batch(event)
    out = scan_batch(bucket, keys, s3=_client("s3"))
    body = json.dumps(out)
    results_bucket = os.environ.get("RESULTS_BUCKET")
    if len(body) <= PAYLOAD_LIMIT or not results_bucket:
        return out
    key = f"{os.environ.get('RESULTS_PREFIX', 'batches').strip('/')}/{uuid.uuid4().hex}.json"
    _client("s3").put_object(Bucket=results_bucket, Key=key, Body=body.encode(), ContentType="application/json")
    return {"result_s3": f"s3://{results_bucket}/{key}", "verdict": out["verdict"], "summary": out["summary"]}


def merge(results: Iterable[Mapping[str, Any] | None], *, s3: S3Client | None = None) -> dict[str, Any]:
    """One scan result from many batch results; failed batches become ``error`` coverage entries."""
    findings: list[Any] = []
    coverage: list[Any] = []
    ok = failed = 0
    for i, raw in enumerate(results):
        result = _load(s3, raw["result_s3"]) if raw is not None and "result_s3" in raw else raw
        if result is None or "coverage" not in result:
            failed += 1
            coverage.extend(_failed_entries(i, result))
            continue
        ok += 1
        findings.extend(result.get("findings", []))
        coverage.extend(result["coverage"])
    incomplete = sum(1 for c in coverage if c.get("status") not in ("scanned", "excluded"))
    verdict = "leaks" if findings else "incomplete" if incomplete or not coverage else "clean"
    return {
        "verdict": verdict,
        "findings": findings,
        "coverage": coverage,
        "summary": {
            "findings": len(findings),
            "items_scanned": sum(c.get("items_scanned", 0) for c in coverage if c.get("status") == "scanned"),
            "bytes_scanned": sum(c.get("bytes_scanned", 0) for c in coverage),
            "incomplete_items": incomplete,
            "batches": {"succeeded": ok, "failed": failed},
        },
    }


def _failed_entries(index: int, result: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Coverage errors for a failed batch: one per key when the failed input is known."""
    reason = f"batch failed ({(result or {}).get('Error') or 'no result'})"
    raw = (result or {}).get("Input")
    try:
        bucket, keys = parse_batch(json.loads(raw) if isinstance(raw, str) else raw or {})
    except (ConfigError, ValueError, AttributeError):
        return [{"source": "s3", "location": {"batch": index}, "status": "error", "reason": reason}]
    return [{"source": "s3", "location": {"bucket": bucket, "key": k}, "status": "error", "reason": reason}
            for k in keys]


def _load(s3: S3Client | None, uri: str) -> dict[str, Any] | None:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    try:
        loaded: dict[str, Any] = json.loads((s3 or _client("s3")).get_object(Bucket=bucket, Key=key)["Body"].read())
    except Exception:  # an unreadable batch result counts as a failed batch
        return None
    return loaded


def writer_results(s3: S3Client, details: Mapping[str, Any]) -> Iterator[Mapping[str, Any] | None]:
    """Batch results from a ResultWriter manifest: SUCCEEDED outputs, and FAILED/PENDING entries as failures."""
    manifest = json.loads(s3.get_object(Bucket=details["Bucket"], Key=details["Key"])["Body"].read())
    bucket = manifest.get("DestinationBucket", details["Bucket"])
    files = manifest.get("ResultFiles", {})
    for status in ("SUCCEEDED", "FAILED", "PENDING"):
        for entry in files.get(status, []):
            for child in json.loads(s3.get_object(Bucket=bucket, Key=entry["Key"])["Body"].read()):
                output = child.get("Output")
                if status == "SUCCEEDED" and output is not None:
                    yield json.loads(output) if isinstance(output, str) else output
                else:
                    yield {"Error": child.get("Error") or status, "Input": child.get("Input")}


def _init_worker(env: Mapping[str, str]) -> None:
    os.environ.update(env)


def scan_local(
    keys: Sequence[str | Mapping[str, Any]],
    processes: int = 2,
    *,
    bucket: str,
    batch_size: int = 100,
    endpoint_url: str | None = None,
) -> dict[str, Any]:
    """Scan ``keys`` of ``bucket`` with the worker over ``processes`` local processes; merged result."""
    if processes < 1 or batch_size < 1:
        raise ConfigError("processes/batch_size: expected whole numbers >= 1")
    items = [{"Key": k} if isinstance(k, str) else dict(k) for k in keys]
    events = [{"Items": items[i : i + batch_size], "BatchInput": {"bucket": bucket}}
              for i in range(0, len(items), batch_size)]
    env = {"AWS_ENDPOINT_URL": endpoint_url} if endpoint_url else {}
    if not os.environ.get("FINGERPRINT_KEY_ID"):
        LocalKeyFingerprinter.from_path()  # create the key once, before the workers race to
    if processes == 1:
        _init_worker(env)
        return merge(handler(e, None) for e in events)
    ctx = get_context("spawn")  # no fork: the parent may hold threads (moto, boto3 pools)
    with ProcessPoolExecutor(processes, mp_context=ctx, initializer=_init_worker, initargs=(env,)) as pool:
        futures = [pool.submit(handler, e, None) for e in events]
        results: list[Mapping[str, Any] | None] = []
        for event, future in zip(events, futures, strict=True):
            try:
                results.append(future.result())
            except Exception as exc:
                results.append({"Error": type(exc).__name__, "Input": event})
    return merge(results)
