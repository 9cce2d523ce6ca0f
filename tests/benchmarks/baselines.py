"""Peer baselines measured next to ``spc scan``: a plain regex + Luhn scan, Presidio's credit-card recognizer and
ripgrep.

Both read the corpus the way the scanner does (every file, ``.gz`` decompressed) in chunks of about 1 MB cut at
line ends, and report ``(path, line)`` of each card number they accept; no value leaves this module.

- ``regex``: ``\\b(?:\\d[ -]?){13,19}\\b`` over bytes, separators dropped, 13-19 digits, Luhn.
- ``presidio``: ``presidio_analyzer.predefined_recognizers.CreditCardRecognizer`` called directly: offline, no
  NLP engine or spaCy model (research/pan-detection-anchors.md §1 "Offline use"). Needs the ``bench`` extra.
- ``ripgrep``: ``rg -j1 -z -o -n`` with the same PAN-like regex (ASCII digits), one thread, ``.gz`` decompressed
  by rg's own ``gzip -d`` helper. Its CPU time is that process's rusage (``ripgrep_cmd``); Luhn and the 13-19
  digit count are applied afterwards to its output, untimed (``ripgrep_hits``), so rg is timed for the search
  alone. Needs the ``rg`` binary (Debian ``ripgrep``).

CLI (one tool per process, so the benchmark can take its own peak RSS):
``python -m tests.benchmarks.baselines {regex,presidio} CORPUS_DIR --out HITS.json``
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CHUNK = 1 << 20
PAN_RE = re.compile(rb"\b(?:\d[ -]?){13,19}\b")
_SEPARATORS = b" -"
_DOUBLED = bytes.maketrans(b"0123456789", b"0246813579")

Hit = tuple[str, int]  # (path relative to the corpus, 1-based line)


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _open(path: Path) -> io.BufferedIOBase:
    return gzip.GzipFile(path, "rb") if path.suffix == ".gz" else path.open("rb")


def chunks(root: Path) -> Iterator[tuple[str, bytes, int]]:
    """(relative path, chunk ending at a line end, line number of the chunk's first byte)."""
    for path in corpus_files(root):
        rel = path.relative_to(root).as_posix()
        with _open(path) as fh:
            line, rest = 1, b""
            while block := fh.read(CHUNK):
                data = rest + block
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    rest = data
                    continue
                yield rel, data[:cut], line
                line += data.count(b"\n", 0, cut)
                rest = data[cut:]
            if rest:
                yield rel, rest, line


def luhn_bytes(digits: bytes) -> bool:
    total = sum(digits[-1::-2]) + sum(digits[-2::-2].translate(_DOUBLED)) - 48 * len(digits)
    return total % 10 == 0


def regex_luhn(root: Path) -> Iterator[Hit]:
    """The usual generic scan: digit runs with optional single space/dash separators, then Luhn."""
    for rel, data, first in chunks(root):
        pos, line = 0, first
        for m in PAN_RE.finditer(data):
            digits = m.group().translate(None, _SEPARATORS)
            if 13 <= len(digits) <= 19 and luhn_bytes(digits):
                line += data.count(b"\n", pos, m.start())
                pos = m.start()
                yield rel, line


def presidio(root: Path) -> Iterator[Hit]:
    """Presidio's CreditCardRecognizer (regex, separator sanitising, Luhn) on ~1 MB text chunks."""
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    recognizer = CreditCardRecognizer()
    for rel, data, first in chunks(root):
        text = data.decode("utf-8", "replace")
        pos, line = 0, first
        for result in sorted(recognizer.analyze(text, entities=["CREDIT_CARD"]), key=lambda r: r.start):
            line += text.count("\n", pos, result.start)
            pos = result.start
            yield rel, line


RG_PATTERN = r"\b(?:[0-9][ -]?){13,19}\b"


def ripgrep_cmd(root: Path, rg: str = "rg") -> list[str]:
    """ripgrep on one thread: every file (no ignore files, hidden, binary as text), gzip decompressed, each match
    printed as ``path NUL line:match``."""
    return [rg, "--no-config", "-j1", "-z", "-a", "--no-ignore", "--hidden", "--no-messages", "-o", "-n",
            "--no-heading", "--with-filename", "--null", "--color", "never", "-e", RG_PATTERN, str(root)]


def ripgrep_hits(output: Path, root: Path) -> list[Hit]:
    """(path relative to ``root``, line) of each match in ``ripgrep_cmd``'s output with 13-19 digits and Luhn."""
    hits: set[Hit] = set()
    with output.open("rb") as fh:
        for raw in fh:
            name, _, rest = raw.rstrip(b"\n").partition(b"\0")
            line, _, match = rest.partition(b":")
            digits = match.translate(None, _SEPARATORS)
            if 13 <= len(digits) <= 19 and digits.isdigit() and luhn_bytes(digits):
                rel = Path(name.decode("utf-8", "surrogateescape")).relative_to(root).as_posix()
                hits.add((rel, int(line)))
    return sorted(hits)


def ripgrep_binary() -> tuple[str | None, str]:
    """The ``rg`` executable and its version, or None and why it cannot be used."""
    rg = shutil.which("rg")
    if rg is None:
        return None, "rg not found on PATH (Debian package ripgrep; `make bench` installs it when run as root)"
    version = subprocess.run([rg, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return rg, version


TOOLS: dict[str, Callable[[Path], Iterator[Hit]]] = {"regex": regex_luhn, "presidio": presidio}


def run(tool: str, root: Path) -> dict[str, Any]:
    """Scan ``root`` with one baseline; hits, bytes read and in-process scan seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    hits = sorted(set(TOOLS[tool](root)))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    size = sum(len(data) for _, data, _ in chunks(root))
    return {"tool": tool, "seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": size, "hits": hits}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.baselines", description=__doc__.split("\n")[0])
    ap.add_argument("tool", choices=sorted(TOOLS))
    ap.add_argument("corpus", type=Path, help="the corpus directory (DIR/corpus from the generator)")
    ap.add_argument("--out", type=Path, required=True, help="where to write the hits as JSON")
    args = ap.parse_args(argv)
    args.out.write_text(json.dumps(run(args.tool, args.corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
