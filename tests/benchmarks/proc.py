"""One measured command: wall seconds, CPU seconds (so MB/s can be per core) and its own peak RSS.

``ru_maxrss`` survives ``execve``, so a child started from a large parent reports at least the parent's high-water
mark (tests/benchmarks/README.md). Each command therefore runs under a tiny ``python -c`` wrapper that calls
``os.wait4`` on it and writes that rusage: peak RSS of the command alone, and its CPU time (user + system), which
includes every child the command waited for (pool workers, ``gzip -d`` helpers).
"""

from __future__ import annotations

import compileall
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_DIGIT_RUN = re.compile(r"(?:\d[ -]?){12,}\d")
_WRAPPER = (
    "import json,os,subprocess,sys;p=subprocess.Popen(sys.argv[2:]);_,s,u=os.wait4(p.pid,0);"
    "open(sys.argv[1],'w').write(json.dumps([os.waitstatus_to_exitcode(s),u.ru_maxrss,u.ru_utime+u.ru_stime]))"
)


def compile_bytecode() -> None:
    """Byte-compile spc's packages, as installing it does: the peers run from site-packages compiled at install,
    while an editable checkout on a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this one does) would otherwise
    compile spc from source in every measured process (about 0.1 s CPU each). The baselines' own harness
    (``tests/benchmarks``) is compiled too, so every tool starts alike."""
    for package in ("scanners", "ivr", "reports", "tests/benchmarks"):
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise SystemExit(f"byte-compiling {package} failed")


@dataclass
class Measured:
    wall: float = 0.0
    cpu: float = 0.0  # user + system seconds of the command and the children it reaped
    rss_mb: float = 0.0
    code: int = 0
    stderr: str = ""
    samples: list[float] = field(default_factory=list)  # VmRSS MB summed over the command's process tree, 0.2 s

    @property
    def tree_mb(self) -> float:
        """Largest sampled RSS of the command and its workers together (forked pages shared with the parent
        count in each process, so this overstates a little)."""
        return max(self.samples, default=0.0)

    def rss_at(self, share: float) -> float:
        return self.samples[min(len(self.samples) - 1, int(share * len(self.samples)))] if self.samples else 0.0


def vmrss_mb(pid: int) -> float | None:
    """Resident memory of a process now, in MB (None when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def children(pid: int) -> list[int]:
    """The direct children of a process."""
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def run(cmd: list[str], env: dict[str, str], *, stdout: Path | None = None) -> Measured:
    """Run ``cmd`` to completion under the wrapper; stdout to ``stdout`` (or discarded), stderr kept (digits
    masked, last 600 characters)."""
    got, stop = Measured(), threading.Event()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        usage = Path(tmp) / "rusage.json"
        out = stdout.open("wb") if stdout else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(usage), *cmd], stdout=out, stderr=err,
                                    env=env, cwd=ROOT)

            def poll() -> None:
                while not stop.wait(0.2):
                    total, todo = 0.0, children(proc.pid)
                    while todo:
                        pid = todo.pop()
                        total += vmrss_mb(pid) or 0.0
                        todo.extend(children(pid))
                    if total:
                        got.samples.append(total)

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            proc.wait()
            got.wall = time.perf_counter() - start
            stop.set()
            poller.join()
        finally:
            if stdout:
                out.close()  # type: ignore[union-attr]
        if usage.exists():
            got.code, maxrss_kib, got.cpu = json.loads(usage.read_text())
            got.rss_mb = maxrss_kib / 1024  # KiB on Linux
        else:
            got.code = proc.returncode
        err.seek(0)
        got.stderr = _DIGIT_RUN.sub("<digits>", err.read().decode("utf-8", "replace"))[-600:]
    return got
