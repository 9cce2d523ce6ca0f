"""End-to-end cloud scan speed and memory against a local moto server, next to read-only baselines, in one run.

``python -m tests.benchmarks.bench_cloud [--s3-mb 200] [--cw-events 200000] [--gzip-gb 2]``

1. Starts a moto ``ThreadedMotoServer`` on 127.0.0.1 (port 0) in a child process, so the server's work and memory
   never mix with the scanner's.
2. Loads (a) the labelled corpus (``corpus.generate``, 1 % planted) as S3 objects, half the JSON-lines files
   gzipped; (b) a log group with N one-line JSON events (1 % planted), put in batches within the 10,000-event /
   1,048,576-byte PutLogEvents limits; (c) one big gzip object, generated and compressed as a stream and sent by
   multipart upload, so this script stays small whatever ``--gzip-gb``.
3. Measures read-only throughput (GetObject + gunzip; FilterLogEvents paging) and scan throughput through
   ``run_scan`` for (a) and (b); for (c) runs ``spc scan s3://BUCKET/big.gz`` and a read-only reader, each in its
   own process, with peak RSS from ``os.wait4`` and RSS samples from ``/proc``.

Prints figures only; no assertions (goal: peak RSS <= 200 MB while scanning the big object).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tests.benchmarks import proc
from tests.benchmarks.corpus import FORMS, PLAIN, VARIANT, Hit, Labels, _Noise, generate, read_manifest, score
from tests.benchmarks.proc import Measured

ROOT = Path(__file__).resolve().parents[2]
BUCKET, GROUP, BIG_KEY, TINY_KEY, CORPUS_PREFIX = "bench-logs", "/bench/payments-api", "big.gz", "tiny/", "corpus/"
REGION = "us-east-1"
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION}
CW_MAX_EVENTS, CW_MAX_BATCH, CW_EVENT_OVERHEAD, CW_STREAMS = 10_000, 1_048_576, 26, 4
CW_FILTER_TPS = 5  # FilterLogEvents default quota per account and Region
CW_FORMS = [n for n, (kind, tier) in FORMS.items() if kind == "json" and tier == PLAIN and n != "cred_pem"]
PART_BYTES = 16 << 20
READ_BLOCK = 256 * 1024  # what TextReader asks for
GOAL_RSS_MB = 200.0


# -- the moto server, in its own process --------------------------------------------------------------------------
def serve() -> int:
    """Child mode: run the server, print its URL, stop when stdin closes."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"http://{host}:{port}", flush=True)
    sys.stdin.read()
    server.stop()
    return 0


class MotoChild:
    def __enter__(self) -> str:
        cmd = [sys.executable, "-m", "tests.benchmarks.bench_cloud", "--serve"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT,
                                     stderr=subprocess.DEVNULL, env={**os.environ, **AWS_ENV})
        assert self.proc.stdout is not None
        url = self.proc.stdout.readline().decode().strip()
        if not url.startswith("http://127.0.0.1:"):
            self.__exit__()
            raise RuntimeError("moto server did not start")
        return url

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def client(url: str | None, service: str) -> Any:
    import boto3
    from botocore.config import Config

    cfg = Config(retries={"max_attempts": 3, "mode": "standard"}, read_timeout=600, max_pool_connections=16)
    return boto3.session.Session().client(service, endpoint_url=url, region_name=REGION, config=cfg,  # type: ignore[call-overload]
                                          aws_access_key_id="testing", aws_secret_access_key="testing")


# -- loading ------------------------------------------------------------------------------------------------------
def load_s3_corpus(s3: Any, work: Path, mb: float, seed: int) -> tuple[Labels, int]:
    """The labelled corpus under ``corpus/``, every other JSON-lines file gzipped; labels re-keyed to S3 keys."""
    labels = generate(work, mb=mb, seed=seed)
    files = sorted((read_manifest(work) or {})["files"])
    keys: dict[str, str] = {}
    for i, rel in enumerate(files):
        data, key = (labels.root / rel).read_bytes(), CORPUS_PREFIX + rel
        if rel.endswith(".jsonl") and i % 2:
            data, key = gzip.compress(data, mtime=0), key + ".gz"
        s3.put_object(Bucket=BUCKET, Key=key, Body=data)
        keys[rel] = key
    return Labels(labels.root, [replace(r, path=keys[r.path]) for r in labels.rows]), len(files)


def cw_events(n: int, seed: int, rate: float) -> Iterator[tuple[int, str, set[str]]]:
    """(timestamp ms, message, planted types): one JSON log line per event, unique timestamps over 3 hours."""
    gen, forms = _Noise(random.Random(seed)), iter(CW_FORMS * (n // len(CW_FORMS) + 1))
    span = 3 * 3600 * 1000
    start, step = int(time.time() * 1000) - span, max(1, span // max(n, 1))
    for i in range(n):
        if gen.rng.random() < rate:
            planted = getattr(gen, "f_" + next(forms))()
            yield start + i * step, gen.json_line(planted.fragment), {t for t, _, _ in planted.labels}
        else:
            yield start + i * step, gen.json_line(), set()


def load_cloudwatch(logs: Any, n: int, seed: int, rate: float) -> dict[int, set[str]]:
    """Put ``n`` events in honest PutLogEvents batches over a few streams; return planted types by timestamp."""
    logs.create_log_group(logGroupName=GROUP)
    streams = [f"2025/01/01/[$LATEST]{i:032x}" for i in range(CW_STREAMS)]
    for name in streams:
        logs.create_log_stream(logGroupName=GROUP, logStreamName=name)
    planted: dict[int, set[str]] = {}
    batch: list[dict[str, Any]] = []
    size = calls = 0

    def flush() -> None:
        nonlocal calls
        resp = logs.put_log_events(logGroupName=GROUP, logStreamName=streams[calls % CW_STREAMS], logEvents=batch)
        if resp.get("rejectedLogEventsInfo"):
            raise RuntimeError("PutLogEvents rejected events (timestamps outside the accepted window)")
        calls += 1

    for ts, message, types in cw_events(n, seed, rate):
        cost = len(message.encode()) + CW_EVENT_OVERHEAD
        if batch and (len(batch) == CW_MAX_EVENTS or size + cost > CW_MAX_BATCH):
            flush()
            batch, size = [], 0
        batch.append({"timestamp": ts, "message": message})
        size += cost
        if types:
            planted[ts] = types
    if batch:
        flush()
    return planted


class PartUploader:
    """A write-only sink for GzipFile that sends every ``PART_BYTES`` as one multipart part."""

    def __init__(self, s3: Any, key: str) -> None:
        self.s3, self.key, self.buf, self.sent = s3, key, bytearray(), 0
        self.parts: list[dict[str, Any]] = []
        self.upload_id = s3.create_multipart_upload(Bucket=BUCKET, Key=key, ContentType="application/gzip")["UploadId"]

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= PART_BYTES:
            self._send()
        return len(data)

    def flush(self) -> None:
        """GzipFile.flush() calls this; parts go out only when full."""

    def _send(self) -> None:
        number = len(self.parts) + 1
        resp = self.s3.upload_part(Bucket=BUCKET, Key=self.key, UploadId=self.upload_id, PartNumber=number,
                                   Body=bytes(self.buf))
        self.parts.append({"ETag": resp["ETag"], "PartNumber": number})
        self.sent += len(self.buf)
        self.buf = bytearray()

    def finish(self, ok: bool) -> None:
        if not ok:
            self.s3.abort_multipart_upload(Bucket=BUCKET, Key=self.key, UploadId=self.upload_id)
            return
        if self.buf or not self.parts:
            self._send()
        self.s3.complete_multipart_upload(Bucket=BUCKET, Key=self.key, UploadId=self.upload_id,
                                          MultipartUpload={"Parts": self.parts})


@dataclass
class Big:
    text_bytes: int = 0
    gz_bytes: int = 0
    lines: int = 0
    planted: set[int] = field(default_factory=set)  # line numbers holding one planted PAN


def load_big_gzip(s3: Any, gb: float, rate: float, seed: int) -> Big:
    """About ``gb`` GB of JSON-lines text, gzipped and uploaded as a stream; memory stays near one part."""
    rng, gen = random.Random(seed), _Noise(random.Random(seed + 1))
    pool = [gen.json_line() + "\n" for _ in range(20_000)]
    every = round(1 / rate) if rate > 0 else 0
    big, target = Big(), int(gb * 1e9)
    sink = PartUploader(s3, BIG_KEY)
    ok = False
    try:
        with gzip.GzipFile(fileobj=sink, mode="wb", mtime=0) as gz:
            while big.text_bytes < target:
                block = rng.choices(pool, k=10_000)
                for i in range((-big.lines - 1) % every, len(block), every) if every else ():
                    block[i] = gen.json_line(gen.f_json_plain().fragment) + "\n"
                    big.planted.add(big.lines + i + 1)
                data = "".join(block).encode()
                gz.write(data)
                big.text_bytes += len(data)
                big.lines += len(block)
        ok = True
    finally:
        sink.finish(ok)
    big.gz_bytes = sink.sent
    return big


# -- read-only baselines ------------------------------------------------------------------------------------------
def _drain(stream: Any) -> int:
    n = 0
    while chunk := stream.read(READ_BLOCK):
        n += len(chunk)
    return n


def read_s3(s3: Any, prefix: str, workers: int) -> tuple[int, float]:
    """List, GetObject and gunzip every object under ``prefix`` with ``workers`` threads: (bytes, seconds)."""
    from scanners.sources.s3 import open_stream

    start = time.perf_counter()
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    keys = [obj["Key"] for page in pages for obj in page.get("Contents", [])]

    def one(key: str) -> int:
        body = s3.get_object(Bucket=BUCKET, Key=key)["Body"]
        try:
            return _drain(open_stream(body))
        finally:
            body.close()

    with ThreadPoolExecutor(workers) as pool:
        total = sum(pool.map(one, keys))
    return total, time.perf_counter() - start


def read_cloudwatch(logs: Any) -> tuple[int, int, float]:
    """Page FilterLogEvents over the group to the end: (message bytes, pages, seconds)."""
    start, total, pages = time.perf_counter(), 0, 0
    args: dict[str, Any] = {"logGroupName": GROUP}
    while True:
        page = logs.filter_log_events(**args)
        pages += 1
        total += sum(len(e["message"].encode("utf-8", "replace")) for e in page.get("events", []))
        if not page.get("nextToken"):
            return total, pages, time.perf_counter() - start
        args["nextToken"] = page["nextToken"]


def read_only_child(key: str) -> int:
    """Child mode: GetObject + gunzip one object (endpoint from AWS_ENDPOINT_URL); print bytes and seconds."""
    from scanners.sources.s3 import open_stream

    s3 = client(None, "s3")
    start = time.perf_counter()
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"]
    n = _drain(open_stream(body))
    print(json.dumps({"bytes": n, "seconds": time.perf_counter() - start}))
    return 0


def spc_scan(target: str, report: Path, env: dict[str, str]) -> tuple[Measured, dict[str, Any]]:
    cmd = [sys.executable, "-m", "scanners.cli", "scan", target, "--format", "json", "--out", str(report)]
    report.unlink(missing_ok=True)
    run = proc.run(cmd, env)  # peak RSS of the command alone (os.wait4 in a wrapper), RSS samples from /proc
    doc = json.loads(report.read_text()) if report.exists() else {}
    return run, doc


# -- reporting ----------------------------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    mb: float
    read_mbs: float
    scan_mbs: float
    found: int
    planted: int
    fps: int
    note: str = ""


def print_table(rows: list[Row]) -> None:
    print(f"\n{'source':<40} {'MB':>8} {'read-only MB/s':>14} {'scan MB/s':>9} {'scan/read':>9} "
          f"{'found/planted':>14} {'FPs':>5}  note")
    for r in rows:
        ratio = r.scan_mbs / r.read_mbs if r.read_mbs else 0.0
        print(f"{r.name:<40} {r.mb:8.1f} {r.read_mbs:14.1f} {r.scan_mbs:9.1f} {ratio:9.2f} "
              f"{f'{r.found}/{r.planted}':>14} {r.fps:>5}  {r.note}")


def mbs(n_bytes: float, seconds: float) -> float:
    return n_bytes / 1e6 / seconds if seconds > 0 else 0.0


def bench_s3(s3: Any, labels: Labels, n_files: int, engine: Any, fp: Any) -> Row:
    from scanners.engine.pipeline import run_scan
    from scanners.sources.s3 import S3Source

    read_bytes, read_s = read_s3(s3, CORPUS_PREFIX, 4)
    start = time.perf_counter()
    result = run_scan([S3Source(s3, BUCKET, CORPUS_PREFIX, max_workers=4)], engine=engine, fingerprinter=fp)
    scan_s = time.perf_counter() - start
    scanned = sum(c.bytes_scanned for c in result.coverage)
    hits = [Hit(f.location.get("key", ""), int(f.location.get("line") or 0), f.type) for f in result.findings]
    sc = score(labels, hits)
    found, total = sc.recall()
    bad = sum(1 for c in result.coverage if not c.complete)
    plain, variant = sc.recall(PLAIN), sc.recall(VARIANT)
    note = (f"{n_files} objects, 4 workers; recall plain {plain[0]}/{plain[1]} variant {variant[0]}/{variant[1]}; "
            f"{bad} incomplete; read {read_bytes / 1e6:.1f} MB")
    return Row("S3 corpus (run_scan)", scanned / 1e6, mbs(read_bytes, read_s), mbs(scanned, scan_s), found, total,
               len(sc.false_positives), note)


def bench_cloudwatch(logs: Any, planted: dict[int, set[str]], n: int, engine: Any, fp: Any) -> tuple[Row, float]:
    from scanners.engine.pipeline import run_scan
    from scanners.sources.cloudwatch import CloudWatchSource

    read_bytes, pages, read_s = read_cloudwatch(logs)
    start = time.perf_counter()
    result = run_scan([CloudWatchSource(logs, GROUP)], engine=engine, fingerprinter=fp)
    scan_s = time.perf_counter() - start
    scanned = sum(c.bytes_scanned for c in result.coverage)
    labels = {(ts, t) for ts, types in planted.items() for t in types}
    hits = {(f.location.get("timestamp"), f.type) for f in result.findings}
    bad = sum(1 for c in result.coverage if not c.complete)
    note = f"{n} events, {pages} FilterLogEvents pages; {bad} incomplete"
    row = Row("CloudWatch (run_scan)", scanned / 1e6, mbs(read_bytes, read_s), mbs(scanned, scan_s),
              len(labels & hits), len(labels), len(hits - labels), note)
    return row, read_bytes / max(pages, 1)


def bench_big(big: Big, env: dict[str, str], work: Path) -> tuple[Row, Measured, Measured, Measured]:
    floor, _ = spc_scan(f"s3://{BUCKET}/{TINY_KEY}", work / "tiny.json", env)
    printed = work / "read-only.json"
    reader = proc.run([sys.executable, "-m", "tests.benchmarks.bench_cloud", "--read-only", BIG_KEY], env,
                      stdout=printed)
    read = json.loads(printed.read_text()) if reader.code == 0 else {"bytes": 0, "seconds": 0.0}
    scan, doc = spc_scan(f"s3://{BUCKET}/{BIG_KEY}", work / "big.json", env)
    summary = doc.get("summary", {})
    scan_s = (summary.get("finished") or 0) - (summary.get("started") or 0)
    scanned = summary.get("bytes_scanned", 0)
    pans = {int(f["location"].get("line") or 0) for f in doc.get("findings", []) if f["type"] == "pan"}
    others = Counter(f["type"] for f in doc.get("findings", []) if f["type"] != "pan")
    cov = ", ".join(f"{c['status']}{': ' + c['reason'] if c.get('reason') else ''}" for c in doc.get("coverage", []))
    note = (f"exit {scan.code}, {doc.get('verdict', 'no report')}, coverage [{cov[:60]}]; "
            f"wall MB/s incl. start-up: read {mbs(read['bytes'], reader.wall):.1f}, scan {mbs(scanned, scan.wall):.1f}"
            + (f"; other findings {dict(others)}" if others else ""))
    row = Row("S3 big.gz (spc scan, own process)", scanned / 1e6, mbs(read["bytes"], read["seconds"]),
              mbs(scanned, scan_s), len(pans & big.planted), len(big.planted), len(pans - big.planted), note)
    if scan.code not in (0, 1, 2) or not doc:
        print(f"spc scan big.gz failed (exit {scan.code}): {scan.stderr}")
    return row, floor, reader, scan


def print_memory(big: Big, floor: Measured, reader: Measured, scan: Measured) -> None:
    print(f"\nbig.gz: {big.text_bytes / 1e9:.2f} GB of text in {big.lines} lines, {big.gz_bytes / 1e6:.0f} MB gzipped"
          f" (x{big.text_bytes / max(big.gz_bytes, 1):.1f}), {len(big.planted)} planted PANs")
    print(f"{'peak RSS (ru_maxrss of each command alone)':<52} {'MB':>7} {'wall s':>7}")
    tiny = f"spc scan s3://{BUCKET}/{TINY_KEY} (start-up floor)"
    print(f"{tiny:<52} {floor.rss_mb:7.0f} {floor.wall:7.1f}")
    print(f"{'read-only GetObject + gunzip of big.gz':<52} {reader.rss_mb:7.0f} {reader.wall:7.1f}")
    print(f"{'spc scan s3://' + BUCKET + '/' + BIG_KEY:<52} {scan.rss_mb:7.0f} {scan.wall:7.1f}"
          f"   goal <= {GOAL_RSS_MB:.0f} MB: {'met' if scan.rss_mb <= GOAL_RSS_MB else 'NOT met'}")
    shares = (0.1, 0.25, 0.5, 0.75, 0.9, 0.99)
    trail = ", ".join(f"{int(s * 100)}% {scan.rss_at(s):.0f}" for s in shares)
    print(f"  spc RSS over the run (share of {len(scan.samples)} samples: MB): {trail}")


def print_quota(cw: Row, bytes_per_page: float) -> None:
    page = min(bytes_per_page, CW_MAX_BATCH)  # AWS caps a page at 1 MB; moto returns 10,000 events whatever the size
    print(f"\nCloudWatch quota: FilterLogEvents is {CW_FILTER_TPS} TPS per account and Region by default, a page at"
          f" most 1 MB / 10,000 events (moto: {bytes_per_page / 1e3:.0f} KB a page, no throttling). At"
          f" {page / 1e3:.0f} KB a page one account+Region tops out near {page * CW_FILTER_TPS / 1e6:.1f} MB/s"
          f" whatever the scanner does (scan here: {cw.scan_mbs:.1f} MB/s). Past that: CreateExportTask to S3, then"
          " the Distributed Map (README_cloud.md).")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_cloud", description=__doc__.split("\n")[0])
    ap.add_argument("--s3-mb", type=float, default=200.0, help="S3 corpus, MB of decompressed text (default 200)")
    ap.add_argument("--cw-events", type=int, default=200_000, help="CloudWatch events (default 200000)")
    ap.add_argument("--gzip-gb", type=float, default=2.0, help="big gzip object, GB of decompressed text (default 2)")
    ap.add_argument("--gzip-plant-rate", type=float, default=1e-4,
                    help="share of big.gz lines with a planted PAN (default 0.0001; findings are kept in memory)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--spc-env", action="append", default=[], metavar="NAME=VALUE",
                    help="extra environment for the spc scan processes, e.g. MALLOC_MMAP_THRESHOLD_=131072")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--read-only", metavar="KEY", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    if args.read_only:
        return read_only_child(args.read_only)

    from scanners.cards.fingerprint import LocalKeyFingerprinter
    from scanners.engine.core import default_engine

    with tempfile.TemporaryDirectory(prefix="spc-bench-cloud-") as tmp, MotoChild() as url:
        work = Path(tmp)
        key_file = work / "fingerprint.key"
        key_file.write_text(secrets.token_hex(32) + "\n")
        key_file.chmod(0o600)
        env = {**os.environ, **AWS_ENV, "AWS_ENDPOINT_URL": url, "SPC_KEY_FILE": str(key_file), "NO_PROXY": "*"}
        env |= dict(item.partition("=")[::2] for item in args.spc_env)
        s3, logs = client(url, "s3"), client(url, "logs")
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key=TINY_KEY + "hello.jsonl", Body=b'{"msg":"hello"}\n')
        extra = f"; child env {' '.join(args.spc_env)}" if args.spc_env else ""
        print(f"moto server {url}; {os.cpu_count()} CPUs{extra}. Loading ...", flush=True)
        t = time.perf_counter()
        labels, n_files = load_s3_corpus(s3, work, args.s3_mb, args.seed)
        print(f"  S3 corpus: {n_files} objects, {len(labels)} labels ({time.perf_counter() - t:.0f} s)", flush=True)
        t = time.perf_counter()
        planted = load_cloudwatch(logs, args.cw_events, args.seed, 0.01)
        print(f"  CloudWatch: {args.cw_events} events, {len(planted)} planted ({time.perf_counter() - t:.0f} s)",
              flush=True)
        t = time.perf_counter()
        big = load_big_gzip(s3, args.gzip_gb, args.gzip_plant_rate, args.seed)
        print(f"  big.gz: {big.text_bytes / 1e9:.2f} GB text, {big.gz_bytes / 1e6:.0f} MB gzip "
              f"({time.perf_counter() - t:.0f} s). Measuring ...", flush=True)

        engine = default_engine()
        engine.scan_text("warm up 4111")
        fp = LocalKeyFingerprinter(bytes.fromhex(key_file.read_text().strip()))
        rows = [bench_s3(s3, labels, n_files, engine, fp)]
        cw_row, per_page = bench_cloudwatch(logs, planted, args.cw_events, engine, fp)
        rows.append(cw_row)
        big_row, floor, reader, scan = bench_big(big, env, work)
        rows.append(big_row)
        print_table(rows)
        print_memory(big, floor, reader, scan)
        print_quota(cw_row, per_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
