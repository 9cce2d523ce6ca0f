"""The labelled corpus generator: deterministic per seed, every label points at a line holding its planted form,
and the noise holds no card number outside order-id values. Failure messages name path, line and form only."""

from __future__ import annotations

import base64
import binascii
import gzip
import html
import json
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests` is not an installed package
    sys.path.insert(0, str(ROOT))

from scanners.cards.brands import is_pan  # noqa: E402
from tests.benchmarks.corpus import CORPUS_DIR, FORMS, LABELS_FILE, WORDS, Label, Labels, generate  # noqa: E402

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
WORD_DIGITS = {w: str(i) for i, w in enumerate(WORDS)}
WORD_DIGITS["oh"] = "0"


# -- decoding helpers: a line's text as each form would be read ----------------------------------------------
def canon(text: str) -> str:
    """Unicode digits to ASCII; every space, zero-width character and -./ separator removed."""
    out = []
    for c in text:
        if c in ZERO_WIDTH or c.isspace() or c in "-./":
            continue
        d = unicodedata.decimal(c, None)
        out.append(str(d) if d is not None else c)
    return "".join(out)


def ascii_canon(text: str) -> str:
    """Only ASCII separators removed: Unicode digits, spaces and zero-width characters stay in the way."""
    return re.sub(r"[ \-./]", "", text)


def from_base64(line: str) -> str:
    out = []
    for token in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", line):
        try:
            raw = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            continue
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        out.append(raw.decode("utf-8", "ignore"))
    return "\n".join(out)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        if value and all(isinstance(v, str | int) for v in value):
            yield "".join(str(v) for v in value)
        for v in value:
            yield from _strings(v)


def from_json(line: str) -> str:
    return "\n".join(_strings(json.loads(line)))


def from_words(line: str) -> str:
    def sub(m: re.Match[str]) -> str:
        return WORD_DIGITS[m.group().lower()]

    digits = re.sub(r"\b(?:" + "|".join(WORD_DIGITS) + r")\b", sub, line, flags=re.IGNORECASE)
    return re.sub(r"(?<=\d)[ ,\-]+(?=\d)", "", digits)


DECODERS: dict[str, Callable[[str], str]] = {
    "base64": from_base64, "base64_gzip": from_base64, "gzip_base64": from_base64,
    "percent": urllib.parse.unquote_plus, "text_percent": urllib.parse.unquote_plus,
    "json_escape": from_json, "array_split": from_json,
    "html_entities": html.unescape, "text_html": html.unescape,
    "spelled": from_words, "text_spelled": from_words,
}
UNICODE_FORMS = {"nbsp", "unicode_space", "zero_width", "fullwidth", "unicode_digits", "text_fullwidth"}
KEYWORDS = {
    "cvv": re.compile(r"cvv|cvc|security.code|card.verification|csc", re.IGNORECASE),
    "expiry": re.compile(r"exp|valid thru", re.IGNORECASE),
    "track": re.compile(r"^(?:%B\d{13,19}\^[^^]{2,26}\^\d{7,}|;\d{13,19}=\d{7,})\?$"),
}


def label_holds(label: Label, line: str) -> bool:
    """True when ``line`` carries the planted value in the way its form says."""
    if label.type != "pan":
        if label.value not in line:
            return False
        if label.type == "track":
            return bool(KEYWORDS["track"].match(label.value))
        return label.type not in KEYWORDS or bool(KEYWORDS[label.type].search(line))
    if label.form in DECODERS:
        return label.value not in canon(line) and label.value in canon(DECODERS[label.form](line))
    if label.form in UNICODE_FORMS:
        return label.value not in ascii_canon(line) and label.value in canon(line)
    return label.value in ascii_canon(line)


def read_lines(path: Path) -> list[str]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8").split("\n")


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Labels:
    return generate(tmp_path_factory.mktemp("corpus"), mb=0.6, seed=11, plant_rate=0.15)


def _differing_files(x: Path, y: Path) -> list[str]:
    """Relative paths present in only one tree or whose bytes differ (contents are never shown)."""
    names = {p.relative_to(x).as_posix() for p in x.rglob("*") if p.is_file()}
    names |= {p.relative_to(y).as_posix() for p in y.rglob("*") if p.is_file()}
    return sorted(n for n in names if not ((x / n).is_file() and (y / n).is_file()
                                           and (x / n).read_bytes() == (y / n).read_bytes()))


# -- tests ------------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_bytes_and_labels(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    la = generate(a, mb=0.3, seed=5, plant_rate=0.05)
    lb = generate(b, mb=0.3, seed=5, plant_rate=0.05)
    generate(c, mb=0.3, seed=6, plant_rate=0.05)
    assert _differing_files(a, b) == []
    assert la.rows == lb.rows
    mismatched = sum(1 for x, y in zip(la.rows, lb.rows, strict=True) if x.value != y.value)
    assert mismatched == 0  # planted values compared without ever being shown
    assert CORPUS_DIR + "/app/checkout-01.jsonl" in _differing_files(a, c)


def test_every_form_and_type_is_planted(corpus: Labels) -> None:
    assert {r.form for r in corpus.rows} >= set(FORMS)
    assert {r.type for r in corpus.rows} == {"pan", "cvv", "expiry", "track", "credential"}


def test_every_label_line_holds_its_planted_form(corpus: Labels) -> None:
    files = {r.path: read_lines(corpus.root / r.path) for r in corpus.rows}
    bad = [f"{r.path}:{r.line} {r.form}/{r.type}" for r in corpus.rows
           if not (0 < r.line <= len(files[r.path]) and label_holds(r, files[r.path][r.line - 1]))]
    assert len(bad) == 0, f"{len(bad)} labels do not match their line: {bad[:30]}"


def test_labels_file_has_only_locations_and_no_card_values(corpus: Labels) -> None:
    text = (corpus.root.parent / LABELS_FILE).read_text()
    rows = [json.loads(x) for x in text.splitlines()]
    assert len(rows) == len(corpus.rows)
    assert all(set(r) == {"path", "line", "type", "form"} for r in rows)
    leaked = sum(1 for pan in corpus.planted_pans() if pan in text)
    assert leaked == 0
    assert Labels.load(corpus.root.parent).rows == corpus.rows


_ORDER_ID = re.compile(r'"(?:orderId|order_id)":"?\d+"?')
_RUN = re.compile(r"(?<![A-Za-z0-9_])\d+(?:[ \-./]\d+)*(?![A-Za-z0-9_])")


def _plausible(sizes: list[int]) -> bool:
    """How card numbers are written: one block, one digit per group, 4-6-5 / 4-6-4 / 4-3-3-3, or fours and a short
    tail."""
    if len(sizes) == 1 or set(sizes) == {1} or sizes in ([4, 6, 5], [4, 6, 4], [4, 3, 3, 3]):
        return True
    return set(sizes[:-1]) == {4} and sizes[-1] <= 4


def _pan_windows(run: str) -> Iterator[str]:
    """Every digit string formed by consecutive, plausibly grouped digit groups of ``run``."""
    groups = re.split(r"[ \-./]", run)
    for i in range(len(groups)):
        for j in range(i, len(groups)):
            window = groups[i : j + 1]
            digits = "".join(window)
            if len(digits) > 19:
                break
            if _plausible([len(g) for g in window]) and (len(digits) >= 13 or len(window) == len(groups)):
                yield digits  # a 12-digit PAN only as the whole run


def test_noise_holds_no_pan_outside_order_ids(corpus: Labels) -> None:
    planted = {(r.path, r.line) for r in corpus.rows}
    bad = []
    for path in sorted(p for p in corpus.root.rglob("*") if p.is_file()):
        rel = path.relative_to(corpus.root).as_posix()
        for no, line in enumerate(read_lines(path), 1):
            if (rel, no) in planted:
                continue
            text = _ORDER_ID.sub('"orderId":0', line)
            if any(is_pan(w) for m in _RUN.finditer(text) for w in _pan_windows(m.group())):
                bad.append(f"{rel}:{no}")
    assert len(bad) == 0, f"{len(bad)} noise lines hold a PAN: {bad[:30]}"


def test_orderids_include_the_realistic_pan_shaped_cases(corpus: Labels) -> None:
    """Random order ids sometimes pass IIN+length+Luhn; that is the hard negative the detector must ignore."""
    ids = [m.group(1) for p in (corpus.root / "app").glob("*.jsonl")
           for m in re.finditer(r'"(?:orderId|order_id)":"?(\d+)"?', p.read_text())]
    assert len(ids) > 1000
    assert any(is_pan(i) for i in ids)
