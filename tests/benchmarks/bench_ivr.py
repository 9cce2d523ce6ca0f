"""IVR benchmarks: handler overhead, cold init, a leak sweep of simulated calls, and retried invocations.

``python -m tests.benchmarks.bench_ivr [--calls 10000] [--retries 1000] [--quick] [--only overhead,cold,...]``

Prints figures next to the targets of issue 3 and asserts nothing. Sections (see tests/benchmarks/README.md, "IVR"):

1. overhead: ``lambda_handler`` in process on the local stack (emulator faults and latency off), validate and
   charge mode; the time spent inside HTTP sends to moto, Stripe and Bedrock is timed per thread and subtracted.
2. cold: a fresh interpreter imports ``ivr.handler`` and builds its services from the environment (secret fetch,
   RSA key load, Stripe key), as a Lambda cold start does; timed from process spawn.
3. sweep: ``spc simulate --faults --dump`` with freshly generated cards, then every dumped file and the process
   output searched for each full PAN and each CVV in context; recordings are also DTMF-decoded.
4. retries: the same contact and attempt invoked 2-4 times (in turn, at once, or staggered) on separate
   "containers" with Stripe faults; charges per contact counted from the Stripe emulator.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import io
import json
import os
import queue
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ivr.local.simcards import SimCard
from scanners.cards.brands import brand_of, is_test_pan, luhn_valid

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "events"
SECTIONS = ("overhead", "cold", "sweep", "retries")
# A charge after the confirmation; dup_ok: the same test card and amount are paid by many contacts here, so the
# duplicate-charge warning is skipped (the ledger is still read and written).
CHARGE_STATE = "step=charge;attempt=1;dup_ok=1"

# (brand, IIN ranges as integer prefixes, lengths to draw from); each drawn PAN is checked with brand_of.
_SPECS: tuple[tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]], ...] = (
    ("visa", ((4, 4),), (16, 16, 16, 13, 19)),
    ("mastercard", ((51, 55), (2221, 2720)), (16,)),
    ("amex", ((34, 34), (37, 37)), (15,)),
    ("discover", ((6011, 6011), (65, 65)), (16,)),
    ("jcb", ((3528, 3589),), (16,)),
    ("diners", ((36, 36),), (14,)),
    ("unionpay", ((62, 62),), (16, 19)),
    ("mir", ((2200, 2204),), (16,)),
)


# -- cards ------------------------------------------------------------------------------------------------------
def _check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


def fresh_cards(count: int, rng: random.Random, *, expired_share: float = 0.05) -> list[SimCard]:
    """Luhn-valid PANs of several brands (no published test numbers), random expiry (a few past) and CVV."""
    now = datetime.now(UTC)
    base = now.year * 12 + now.month - 1
    cards: dict[str, SimCard] = {}
    while len(cards) < count:
        brand, ranges, lengths = rng.choice(_SPECS)
        lo, hi = rng.choice(ranges)
        length = rng.choice(lengths)
        body = str(rng.randint(lo, hi))
        body += "".join(rng.choice("0123456789") for _ in range(length - 1 - len(body)))
        pan = body + _check_digit(body)
        found = brand_of(pan)
        if found is None or found.name != brand or not luhn_valid(pan) or is_test_pan(pan) or pan in cards:
            continue
        month = base + (-rng.randint(1, 24) if rng.random() < expired_share else rng.randint(0, 72))
        expiry = f"{month % 12 + 1:02d}{month // 12 % 100:02d}"
        cvv = "".join(rng.choice("0123456789") for _ in range(found.cvv_length))
        cards[pan] = SimCard(pan, expiry, cvv)
    return list(cards.values())


# -- timing helpers ---------------------------------------------------------------------------------------------
def _brand(card: SimCard) -> str:
    brand = brand_of(card.pan)
    return brand.name if brand else "unknown"


def pct(values: list[float]) -> tuple[float, float, float]:
    p50, p95, p99 = np.percentile(np.asarray(values, dtype=np.float64), [50, 95, 99])
    return float(p50), float(p95), float(p99)


def _aws_service(args: tuple[Any, ...]) -> str:
    auth = args[1].headers.get("Authorization", b"") if len(args) > 1 else b""
    text = auth.decode() if isinstance(auth, bytes) else str(auth)
    match = re.search(r"/([a-z0-9-]+)/aws4_request", text)
    return match.group(1) if match else "aws"


class WaitClock:
    """Seconds the current thread spends in HTTP sends (botocore, requests: labelled by service) and, labelled
    with a leading ``~``, in Connect decryption and in whole AWS/Stripe SDK calls (diagnostics, not waits)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._undo: list[tuple[Any, str, Any]] = []
        self.counts: Counter[str] = Counter()

    def install(self) -> None:
        import requests
        from botocore.client import BaseClient
        from botocore.httpsession import URLLib3Session

        import ivr.payments.stripe_gateway
        import ivr.process

        self._patch(URLLib3Session, "send", _aws_service)
        self._patch(requests.Session, "send", lambda _args: "stripe")
        self._patch(ivr.process, "decrypt_customer_input", lambda _args: "~decrypt")
        self._patch(BaseClient, "_make_api_call", lambda _args: "~aws-sdk")
        self._patch(ivr.payments.stripe_gateway.StripeGateway, "charge", lambda _args: "~stripe-sdk")
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, _info: dict[str, int]) -> None:
        waits = getattr(self._local, "waits", None)
        if waits is None:
            return
        if phase == "start":
            self._local.gc_start = time.perf_counter()
        else:
            waits["~gc"] = waits.get("~gc", 0.0) + time.perf_counter() - self._local.gc_start

    def _patch(self, owner: Any, name: str, label_of: Callable[[tuple[Any, ...]], str]) -> None:
        original = getattr(owner, name)
        local = self._local

        depth = f"depth_{id(owner)}_{name}"

        def timed(*args: Any, **kwargs: Any) -> Any:
            if getattr(local, depth, False):  # a redirect or retry inside the outer send
                return original(*args, **kwargs)
            setattr(local, depth, True)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                setattr(local, depth, False)
                waits = getattr(local, "waits", None)
                if waits is not None:
                    label = label_of(args)
                    waits[label] = waits.get(label, 0.0) + time.perf_counter() - start
                    local.counts[label] += 1

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def uninstall(self) -> None:
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo = []

    def measure(self, fn: Callable[[], Any]) -> tuple[float, dict[str, float], Any]:
        """(seconds, seconds waited per label, result); request counts per label go to ``self.counts``."""
        self._local.waits, self._local.counts = {}, self.counts
        start = time.perf_counter()
        try:
            result = fn()
        finally:
            total = time.perf_counter() - start
            waits, self._local.waits = self._local.waits, None
        return total, waits, result


# -- events -----------------------------------------------------------------------------------------------------
def _template(name: str) -> dict[str, Any]:
    return dict(json.loads((EVENTS / f"connect_{name}.json").read_text(encoding="utf-8")))


def make_event(template: dict[str, Any], contact_id: str, params: dict[str, str], amount: str) -> dict[str, Any]:
    event = copy.deepcopy(template)
    data = event["Details"]["ContactData"]
    data["ContactId"] = data["InitialContactId"] = data["PreviousContactId"] = contact_id
    data["Attributes"]["amount_due"] = amount
    event["Details"]["Parameters"] = params
    return event


class Encryptor:
    """Entries encrypted the way Connect does, with the local stack's flow key."""

    def __init__(self, stack: Any) -> None:
        self.key_id, self.cert = stack.key_id, stack.certificate_pem.encode()

    def __call__(self, entry: str) -> str:
        from ivr.connect_crypto import encrypt_customer_input

        return encrypt_customer_input(entry, key_id=self.key_id, certificate_pem=self.cert)

    def card(self, card: SimCard) -> dict[str, str]:
        return {"card_number": self(card.pan), "expiry": self(card.expiry), "cvv": self(card.cvv)}


# -- 1. handler overhead ----------------------------------------------------------------------------------------
@dataclass
class Overhead:
    mode: str
    total: list[float] = field(default_factory=list)
    wait: list[float] = field(default_factory=list)
    parts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    gc: list[float] = field(default_factory=list)  # garbage-collection pauses inside the call (any part)
    by_service: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    results: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)

    @property
    def overhead(self) -> list[float]:
        return [t - w for t, w in zip(self.total, self.wait, strict=True)]


def bench_overhead(stack: Any, cards: list[SimCard], n: int, warmup: int = 20) -> list[Overhead]:
    from ivr.handler import lambda_handler
    from ivr.local.connect.actions import LambdaContext

    enc = Encryptor(stack)
    templates = {"validate": _template("validate"), "charge": _template("charge")}
    clock = WaitClock()
    clock.install()
    out = []
    try:
        for mode in ("validate", "charge"):
            stats = Overhead(mode)
            for i in range(warmup + n):
                if i == warmup:
                    clock.counts = stats.requests
                cipher = enc.card(cards[i % len(cards)])  # a new card per call, as in production
                if mode == "validate":
                    name = ("card_number", "expiry", "cvv")[i % 3]
                    params = {"mode": "validate", "field": name, name: cipher[name]}
                else:
                    params = {"mode": "charge", "state": CHARGE_STATE, **cipher}
                event = make_event(templates[mode], str(uuid.uuid4()), params, "50.00")
                total, waits, answer = clock.measure(functools.partial(lambda_handler, event, LambdaContext(8.0)))
                if i < warmup:
                    continue
                net = {k: v for k, v in waits.items() if not k.startswith("~")}
                stats.total.append(total)
                stats.wait.append(sum(net.values()))
                for label, secs in net.items():
                    stats.by_service[label].append(secs)
                parts = {
                    "decrypt": waits.get("~decrypt", 0.0),
                    "AWS SDK client side": waits.get("~aws-sdk", 0.0) + net.get("stripe", 0.0) - sum(net.values()),
                    "Stripe SDK client side": waits.get("~stripe-sdk", 0.0) - net.get("stripe", 0.0),
                }
                parts["rest"] = total - stats.wait[-1] - sum(parts.values())
                stats.gc.append(waits.get("~gc", 0.0))
                for label, secs in parts.items():
                    stats.parts[label].append(secs)
                stats.results[str(answer.get("result"))] += 1
            out.append(stats)
    finally:
        clock.uninstall()
    return out


def print_overhead(rows: list[Overhead]) -> None:
    print("\n1. Handler overhead in process (ms; overhead = handler time - time waiting on emulated services)")
    print(f"  {'mode':9} {'n':>6} {'total p50/p99':>15} {'wait p50':>9} {'overhead p50/p95/p99':>22}  answers")
    for r in rows:
        t50, _, t99 = pct(r.total)
        o50, o95, o99 = pct(r.overhead)
        results = ", ".join(f"{k} {v}" for k, v in sorted(r.results.items()))
        print(f"  {r.mode:9} {len(r.total):6d} {t50 * 1e3:7.1f}/{t99 * 1e3:<7.1f} {pct(r.wait)[0] * 1e3:9.1f} "
              f"{o50 * 1e3:6.1f}/{o95 * 1e3:6.1f}/{o99 * 1e3:<8.1f}  {results}")
    for r in rows:
        parts = ", ".join(f"{k} {pct(v)[0] * 1e3:.1f}" for k, v in r.parts.items())
        print(f"  {r.mode} overhead p50 by part: {parts}")
        gcs = r.gc
        no_gc = pct([o - g for o, g in zip(r.overhead, gcs, strict=True)])
        print(f"  {r.mode} GC pauses: {sum(1 for g in gcs if g > 0)} calls, p99 {pct(gcs)[2] * 1e3:.1f} ms, "
              f"max {max(gcs) * 1e3:.1f} ms; overhead without GC p50/p95/p99 "
              f"{no_gc[0] * 1e3:.1f}/{no_gc[1] * 1e3:.1f}/{no_gc[2] * 1e3:.1f}")
        per = ", ".join(f"{k} {pct(v)[0] * 1e3:.1f} ({r.requests[k] / len(r.total):.1f}/call)"
                        for k, v in sorted(r.by_service.items()))
        if per:
            print(f"  {r.mode} wait p50 by service (requests per call): {per}")


# -- 2. cold init -----------------------------------------------------------------------------------------------
_COLD_CHILD = """
import json, sys, time
t0 = time.perf_counter()
import ivr.handler
t1 = time.perf_counter()
from ivr.config import build_services
services = build_services()
services.private_key()
t2 = time.perf_counter()
ready = time.time()
ivr.handler.configure(services)
from ivr.local.connect.actions import LambdaContext
firsts = []
for event in json.load(open(sys.argv[2])):
    s = time.perf_counter()
    answer = ivr.handler.lambda_handler(event, LambdaContext(8.0))
    firsts.append([answer["result"], time.perf_counter() - s])
json.dump({"import_s": t1 - t0, "build_s": t2 - t1, "ready": ready, "firsts": firsts}, open(sys.argv[1], "w"))
"""


def bench_cold(stack: Any, card: SimCard, runs: int, work: Path) -> dict[str, Any]:
    enc = Encryptor(stack)
    events_path, result_path = work / "cold_events.json", work / "cold_result.json"
    spawn: list[float] = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, cwd=ROOT)
        spawn.append(time.perf_counter() - start)
    rows = []
    for _ in range(runs):
        cipher = enc.card(card)
        events = [
            make_event(_template("validate"), str(uuid.uuid4()),
                       {"mode": "validate", "field": "card_number", "card_number": cipher["card_number"]}, "50.00"),
            make_event(_template("charge"), str(uuid.uuid4()), {"mode": "charge", "state": CHARGE_STATE, **cipher},
                       "50.00"),
        ]
        events_path.write_text(json.dumps(events), encoding="utf-8")
        started = time.time()
        proc = subprocess.run([sys.executable, "-c", _COLD_CHILD, str(result_path), str(events_path)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"cold-init child failed ({proc.returncode}): {tail}")
        got = json.loads(result_path.read_text(encoding="utf-8"))
        rows.append({**got, "wall": got["ready"] - started})
    return {"spawn": float(np.median(spawn)), "rows": rows}


def print_cold(cold: dict[str, Any]) -> None:
    rows = cold["rows"]

    def med(key: str) -> float:
        return float(np.median([r[key] for r in rows]))

    walls = [r["wall"] for r in rows]
    print(f"\n2. Cold init ({len(rows)} fresh processes against the running local stack)")
    print(f"  spawn -> services ready: median {np.median(walls):.2f} s, max {max(walls):.2f} s"
          f"  (bare interpreter spawn+exit {cold['spawn']:.2f} s)")
    print(f"  of which: import ivr.handler {med('import_s'):.2f} s, build services "
          f"(secret fetch + RSA-4096 key load + SSM + clients) {med('build_s'):.2f} s")
    for i, label in enumerate(("first validate call", "first charge call")):
        times = [r["firsts"][i][1] for r in rows]
        answers = Counter(r["firsts"][i][0] for r in rows)
        print(f"  {label} after init: median {np.median(times) * 1e3:.0f} ms, max {max(times) * 1e3:.0f} ms"
              f"  ({', '.join(f'{k} {v}' for k, v in answers.items())})")


# -- 3. leak sweep ----------------------------------------------------------------------------------------------
_SWEEP_CHILD = """
import sys, time
from ivr.local import simulate
from scanners.cli.main import main
_run = simulate.run_simulation
def _timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return _run(*args, **kwargs)
    finally:
        with open(sys.argv[1], "w") as f:
            f.write(repr(time.perf_counter() - start))
simulate.run_simulation = _timed
sys.exit(main(sys.argv[2:]))
"""
_SEP = re.compile(r"(?<=[0-9])[\s\-./_,:;|'\"\\\u00a0\u200b-\u200d\u2060\ufeff]{1,4}(?=[0-9])")
_RUN = re.compile(r"[0-9]{13,}")
_CONTEXT = re.compile(r"[A-Za-z_]*(?:cvv|cvc|csc|security)2?[A-Za-z_]*", re.IGNORECASE)
_CONTEXT_KEY = re.compile(r"cvv|cvc|csc|security", re.IGNORECASE)
_NUM = re.compile(r"(?<![0-9A-Za-z])[0-9]{3,4}(?![0-9A-Za-z])")
_OTHER_KEY = re.compile(r"[A-Za-z_]{2,}\\?[\"']?\s*[:=]")


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    rule: str
    context: str  # digits masked


class LeakSearch:
    """Looks for the given PANs and CVVs; never keeps or prints the values it finds."""

    def __init__(self, cards: list[SimCard]) -> None:
        self.pans = {c.pan for c in cards}
        self.lengths = sorted({len(p) for p in self.pans})
        self.cvvs = {c.cvv for c in cards}
        self.hits: list[Hit] = []
        self.files = self.bytes = self.recordings = self.keys_heard = self.unreadable_audio = 0

    def _hit(self, path: str, text: str, pos: int, rule: str) -> None:
        line = text.count("\n", 0, pos) + 1
        context = re.sub(r"[0-9]", "#", text[max(0, pos - 30): pos + 30]).replace("\n", " ")
        self.hits.append(Hit(path, line, rule, context))

    def _pans_in(self, hay: str) -> Iterator[int]:
        for m in _RUN.finditer(hay):
            run = m.group()
            for n in self.lengths:
                for i in range(len(run) - n + 1):
                    if run[i : i + n] in self.pans:
                        yield m.start() + i

    def search_text(self, path: str, text: str) -> None:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        raw = set(self._pans_in(text))
        for pos in sorted(raw):
            self._hit(path, text, pos, "pan")
        if not raw and any(True for _ in self._pans_in(_SEP.sub("", text))):
            self._hit(path, text, 0, "pan-with-separators")
        for m in _CONTEXT.finditer(text):
            window = text[m.end() : m.end() + 24]
            for n in _NUM.finditer(window):
                if n.start() > 20:
                    break
                if n.group() in self.cvvs and not _OTHER_KEY.search(window[: n.start()]):
                    self._hit(path, text, m.end() + n.start(), "cvv-in-context")
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if stripped[:1] in ("{", "[") and _CONTEXT_KEY.search(stripped):
                for _ in self._json_cvvs(_loads(stripped), 0):
                    self.hits.append(Hit(path, number, "cvv-json-value", "(JSON value of a cvv/cvc/security key)"))

    def _json_cvvs(self, doc: Any, depth: int) -> Iterator[None]:
        if depth > 6:
            return
        items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
        for key, value in items:
            if isinstance(value, dict | list):
                yield from self._json_cvvs(value, depth + 1)
            elif isinstance(value, str) and value.strip()[:1] in ("{", "["):
                yield from self._json_cvvs(_loads(value.strip()), depth + 1)
            elif isinstance(key, str) and _CONTEXT_KEY.search(key) and str(value).strip() in self.cvvs:
                yield None

    def search_audio(self, path: str, data: bytes) -> None:
        from scanners.audio.dtmf import decode_dtmf
        from scanners.audio.wav import read_header
        from scanners.errors import ScanError

        self.recordings += 1
        try:
            stream = io.BytesIO(data)
            fmt, size = read_header(stream)
            audio = stream.read() if size is None else stream.read(size)
            keys = "".join(t.key for t in decode_dtmf(fmt.decode(audio), fmt.rate))
        except ScanError:
            self.unreadable_audio += 1
            return
        self.keys_heard += len(keys)
        digits = re.sub(r"[^0-9]", "", keys)
        if any(True for _ in self._pans_in(digits)):
            self.hits.append(Hit(path, 0, "pan-in-dtmf", f"{len(keys)} keys heard"))

    def search_file(self, path: Path, label: str) -> None:
        self.search_bytes(label, path.read_bytes())

    def search_bytes(self, label: str, data: bytes) -> None:
        self.files += 1
        self.bytes += len(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
            for pos in set(self._pans_in(data.decode("latin-1"))):
                self.hits.append(Hit(label, 0, "pan-in-audio-bytes", f"byte offset {pos}"))
            self.search_audio(label, data)
        else:
            self.search_text(label, data.decode("utf-8", errors="replace"))


def self_check(card: SimCard) -> tuple[int, int, int, int]:
    """(planted found, planted, decoys flagged, decoys): the search must find these forms and ignore these decoys."""
    from scanners.audio.recording import Recording

    pan, cvv = card.pan, card.cvv
    groups = " ".join(pan[i : i + 4] for i in range(0, len(pan), 4))
    audio = Recording()
    audio.keys(pan + "#")
    planted = [
        json.dumps({"message": f"card {pan} declined"}).encode(),
        f"card: {groups}".encode(),
        f"card={groups.replace(' ', '-')}".encode(),
        f"CVV: {cvv}".encode(),
        f"security code {cvv} accepted".encode(),
        json.dumps({"card": {"cvc": cvv}}).encode(),
        json.dumps({"message": json.dumps({"card_security": int(cvv) if cvv[0] != "0" else cvv})}).encode(),
        audio.wav_bytes(),
    ]
    decoys = [
        f'{{"reason":"incorrect_cvc","elapsed_ms":{cvv}}}'.encode(),
        f'{{"code":"incorrect_cvc","contact_id":"e{cvv}ab-1f"}}'.encode(),
        f"security code ok, order {pan[:-1]}".encode(),
    ]

    def flagged(items: list[bytes]) -> int:
        count = 0
        for i, data in enumerate(items):
            search = LeakSearch([card])
            search.search_bytes(f"self-check-{i}", data)
            count += bool(search.hits)
        return count

    return flagged(planted), len(planted), flagged(decoys), len(decoys)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


@dataclass
class Sweep:
    calls: int
    cards: int
    sim_s: float
    wall_s: float
    search_s: float
    exit_code: int
    search: LeakSearch
    summary: list[str]
    check: tuple[int, int, int, int]


def bench_sweep(calls: int, cards: list[SimCard], seed: int, work: Path) -> Sweep:
    cards_file, dump, timing = work / "cards.txt", work / "dump", work / "sim_seconds"
    cards_file.write_text("".join(f"{c.pan} {c.expiry} {c.cvv}\n" for c in cards), encoding="utf-8")
    out_path, err_path = work / "process.stdout", work / "process.stderr"
    args = ["simulate", "--calls", str(calls), "--cards", str(cards_file), "--faults", "--seed", str(seed),
            "--dump", str(dump)]
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        code = subprocess.run([sys.executable, "-c", _SWEEP_CHILD, str(timing), *args], cwd=ROOT, stdout=out,
                              stderr=err, check=False).returncode
    wall = time.perf_counter() - start
    sim_s = float(timing.read_text()) if timing.exists() else float("nan")
    search = LeakSearch(cards)
    start = time.perf_counter()
    for path in sorted(p for p in dump.rglob("*") if p.is_file()):
        search.search_file(path, str(path.relative_to(dump)))
    for path in (out_path, err_path):
        search.search_file(path, path.name)
    summary = out_path.read_text(encoding="utf-8", errors="replace").splitlines()
    search_s = time.perf_counter() - start
    return Sweep(calls, len(cards), sim_s, wall, search_s, code, search, summary, self_check(cards[0]))


def sweep_counts(sweep: Sweep) -> tuple[int, int]:
    pans = sum(1 for h in sweep.search.hits if h.rule.startswith("pan"))
    return pans, len(sweep.search.hits) - pans


def print_sweep(sweep: Sweep) -> None:
    s = sweep.search
    pans, cvvs = sweep_counts(sweep)
    print(f"\n3. Leak sweep: spc simulate --calls {sweep.calls} --faults --dump, {sweep.cards} fresh cards"
          f" (exit {sweep.exit_code})")
    print(f"  simulation {sweep.sim_s:.1f} s = {sweep.calls / sweep.sim_s:.1f} calls/s; whole command "
          f"{sweep.wall_s:.1f} s = {sweep.calls / sweep.wall_s:.1f} calls/s (stack start, dump included)")
    print(f"  searched {s.files} files ({s.bytes / 1e6:.1f} MB) in {sweep.search_s:.1f} s: full PAN hits {pans}, "
          f"CVV hits {cvvs}; recordings DTMF-decoded {s.recordings} (keys heard {s.keys_heard}, "
          f"unreadable {s.unreadable_audio})")
    found, planted, flagged, decoys = sweep.check
    print(f"  search self-check: {found}/{planted} planted forms found (PAN raw/spaced/dashed, CVV in context,"
          f" JSON and nested JSON, DTMF audio), {flagged}/{decoys} decoys flagged")
    for hit in s.hits[:10]:
        print(f"    {hit.rule}: {hit.path}:{hit.line}  ...{hit.context}...")
    for line in sweep.summary:
        print(f"  | {line}")


# -- 4. retries -------------------------------------------------------------------------------------------------
@dataclass
class Plan:
    contact_id: str
    card: SimCard
    amount: str
    times: int
    pattern: str  # sequential | concurrent | staggered
    stall: bool  # a Stripe answer slower than the client's timeout is queued first
    delays: list[float] = field(default_factory=list)  # start offsets of the invocations (s)
    answers: list[dict[str, str]] = field(default_factory=list)


def bench_retries(stack: Any, cards: list[SimCard], contacts: int, workers: int, seed: int) -> dict[str, Any]:
    from ivr.config import Services, build_services
    from ivr.handler import handle
    from ivr.local.connect.actions import LambdaContext

    rng = random.Random(seed)  # benchmark draws
    decline = SimCard("4000000000000002", cards[0].expiry, "123")
    containers: queue.Queue[Services] = queue.Queue()
    for _ in range(4 * workers):
        containers.put(build_services())
    enc, template = Encryptor(stack), _template("charge")
    plans = [
        Plan(str(uuid.uuid4()), decline if rng.random() < 0.1 else rng.choice(cards),
             f"{rng.randint(100, 50_000) / 100:.2f}", rng.choice((2, 3, 4)),
             rng.choice(("sequential", "concurrent", "staggered")), rng.random() < 0.01)
        for _ in range(contacts)
    ]
    for plan in plans:
        plan.delays = [0.0 if plan.pattern == "concurrent" else i * 0.05 * rng.random() for i in range(plan.times)]
    stack.stripe.faults.configure(error_rate=0.03, delay_rate=0.03, delay_s=0.4, seed=seed)

    def invoke(event: dict[str, Any], delay: float = 0.0) -> dict[str, str]:
        time.sleep(delay)
        services = containers.get()  # one invocation at a time per container, as in Lambda
        try:
            return handle(copy.deepcopy(event), LambdaContext(8.0), services)
        finally:
            containers.put(services)

    def run(plan: Plan) -> None:
        event = make_event(template, plan.contact_id,
                           {"mode": "charge", "state": CHARGE_STATE, **enc.card(plan.card)},
                           plan.amount)
        if plan.stall:
            stack.stripe.faults.delay_next(4.5)
        if plan.pattern == "sequential":
            plan.answers = [invoke(event) for _ in range(plan.times)]
            return
        with ThreadPoolExecutor(plan.times) as pool:
            futures = [pool.submit(invoke, event, delay) for delay in plan.delays]
            plan.answers = [f.result() for f in futures]

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, plans))
    elapsed = time.perf_counter() - start
    stack.stripe.faults.clear()
    charged: Counter[tuple[str, str]] = Counter()
    intents: Counter[str] = Counter()
    for pi in stack.stripe.payment_intents():
        meta = pi.get("metadata") or {}
        intents[str(meta.get("contact_id"))] += 1
        if pi.get("status") == "succeeded":
            charged[(str(meta.get("contact_id")), str(meta.get("attempt")))] += 1
    ours = {p.contact_id for p in plans}
    per_contact = {p.contact_id: sum(v for (c, _), v in charged.items() if c == p.contact_id) for p in plans}
    return {
        "contacts": contacts, "invocations": sum(p.times for p in plans), "elapsed": elapsed,
        "patterns": Counter(p.pattern for p in plans), "stalls": sum(p.stall for p in plans),
        "answers": Counter(a["result"] for p in plans for a in p.answers),
        "charged_contacts": sum(1 for p in plans if per_contact[p.contact_id]),
        "double": sum(n - 1 for (c, _), n in charged.items() if c in ours and n > 1),
        "intents": sum(v for c, v in intents.items() if c in ours),
        "approved_not_charged": sum(
            1 for p in plans if any(a["result"] == "approved" for a in p.answers) and not per_contact[p.contact_id]
        ),
        "charged_never_approved": sum(
            1 for p in plans if per_contact[p.contact_id] and not any(a["result"] == "approved" for a in p.answers)
        ),
        "references_differ": sum(
            1 for p in plans if len({a["reference"] for a in p.answers if a["result"] == "approved"}) > 1
        ),
    }


def print_retries(r: dict[str, Any]) -> None:
    print(f"\n4. Retries: {r['contacts']} contacts, each one attempt invoked 2-4 times ({r['invocations']} invocations,"
          f" {r['elapsed']:.0f} s); Stripe 3 % 5xx, 3 % slow, {r['stalls']} answers slower than the client timeout")
    print("  patterns: " + ", ".join(f"{k} {v}" for k, v in sorted(r["patterns"].items())))
    print("  answers: " + ", ".join(f"{k} {v}" for k, v in sorted(r["answers"].items())))
    print(f"  PaymentIntents created {r['intents']}, contacts charged {r['charged_contacts']}, "
          f"double charges {r['double']}")
    print(f"  approved answer but no charge {r['approved_not_charged']}; charged but never answered approved "
          f"{r['charged_never_approved']}; approved answers with differing references {r['references_differ']}")


# -- main -------------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, help="leak-sweep calls (default 10000; --quick 500)")
    parser.add_argument("--retries", type=int, help="retried contacts (default 1000; --quick 200)")
    parser.add_argument("--invocations", type=int, help="overhead invocations per mode (default 2000; --quick 300)")
    parser.add_argument("--cold-runs", type=int, help="cold-init processes (default 5; --quick 3)")
    parser.add_argument("--cards", type=int, default=300, help="fresh cards generated (default 300)")
    parser.add_argument("--workers", type=int, default=4, help="contacts retried in parallel (default 4)")
    parser.add_argument("--seed", type=int, help="seed for cards and draws (default: random)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma list of {', '.join(SECTIONS)}")
    parser.add_argument("--keep", type=Path, help="keep the sweep's cards, dump and process output here")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, a few minutes")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only - set(SECTIONS):
        parser.error(f"--only: expected some of {', '.join(SECTIONS)}")
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    calls = args.calls or (500 if args.quick else 10_000)
    retries = args.retries or (200 if args.quick else 1000)
    invocations = args.invocations or (300 if args.quick else 2000)
    cold_runs = args.cold_runs or (3 if args.quick else 5)
    cards = fresh_cards(args.cards, random.Random(seed))  # test data, never printed
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"IVR benchmarks (load average {load}; seed {seed}, {len(cards)} fresh cards: "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter(_brand(c) for c in cards).items())) + ")")
    table: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench_ivr_") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if only & {"overhead", "cold", "retries"}:
            run_stack_sections(only, cards, invocations, cold_runs, retries, args.workers, seed, work, table)
        if "sweep" in only:
            sweep = bench_sweep(calls, cards, seed, work)
            print_sweep(sweep)
            pans, cvvs = sweep_counts(sweep)
            table += [
                (f"full PANs in sinks ({calls} calls, faults)", str(pans), "0"),
                (f"CVVs in context in sinks ({calls} calls)", str(cvvs), "0"),
                ("sweep throughput", f"{calls / sweep.sim_s:.1f} calls/s", "-"),
            ]
    print("\nSummary")
    width = max(len(row[0]) for row in table) if table else 10
    print(f"  {'figure':{width}}  {'measured':>14}  target")
    for name, value, target in table:
        print(f"  {name:{width}}  {value:>14}  {target}")


def run_stack_sections(only: set[str], cards: list[SimCard], invocations: int, cold_runs: int, retries: int,
                       workers: int, seed: int, work: Path, table: list[tuple[str, str, str]]) -> None:
    from ivr.local.sinks import LambdaLogs
    from ivr.local.stack import LocalStack

    usable = [c for c in cards if c.expiry[2:] >= f"{(datetime.now(UTC).year + 1) % 100:02d}"]
    with LocalStack() as stack, LambdaLogs(stack.client("logs"), stack.names["lambda_log_group"]):
        stack.stripe.faults.clear()
        if "overhead" in only:
            rows = bench_overhead(stack, fresh_cards(invocations + 20, random.Random(seed + 1), expired_share=0),
                                  invocations)
            print_overhead(rows)
            table += [(f"handler overhead p99, {r.mode}", f"{pct(r.overhead)[2] * 1e3:.1f} ms", "<= 25 ms")
                      for r in rows]
        if "cold" in only:
            cold = bench_cold(stack, usable[0], cold_runs, work)
            print_cold(cold)
            walls = [r["wall"] for r in cold["rows"]]
            table.append(("cold init (spawn -> services ready), median", f"{np.median(walls):.2f} s", "<= 1 s"))
        if "retries" in only:
            r = bench_retries(stack, usable, retries, workers, seed)
            print_retries(r)
            table.append((f"double charges ({retries} retried contacts)", str(r["double"]), "0"))


if __name__ == "__main__":
    main()
