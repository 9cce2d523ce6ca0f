"""Properties of the context detectors (cvv, expiry, track, spelled_pan, array_pan).

Strategies draw only structure (indexes into the published test cards, seeds, fractions), so a falsifying
example never prints a card number.
"""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import TEST_PANS, is_pan
from scanners.detectors.array_pan import ArrayPanDetector
from scanners.detectors.base import Detector
from scanners.detectors.cvv import CvvDetector
from scanners.detectors.expiry import ExpiryDetector
from scanners.detectors.spelled_pan import SpelledPanDetector
from scanners.detectors.track import TrackDetector
from scanners.engine.core import Engine
from scanners.engine.finding import Span

PANS = sorted(p for p in TEST_PANS if is_pan(p))
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
DETECTORS: list[Detector] = [
    CvvDetector(),
    ExpiryDetector(),
    TrackDetector(),
    SpelledPanDetector(),
    ArrayPanDetector(),
]
ENGINES = {b: Engine(DETECTORS, [], backend=b) for b in ("re", "hyperscan")}
SPELLED, ARRAY, TRACK = DETECTORS[3], DETECTORS[4], DETECTORS[2]

pan_index = st.integers(0, len(PANS) - 1)
seeds = st.randoms(use_true_random=False)
fast = settings(max_examples=150, deadline=None)


def groups(n: int, rnd: random.Random) -> list[int]:
    """Random group sizes (2-6 digits) adding up to n."""
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(rnd.randint(2, 6), n - sum(sizes)))
    return sizes


def word(d: str, rnd: random.Random) -> str:
    w = "oh" if d == "0" and rnd.random() < 0.4 else WORDS[int(d)]
    return rnd.choice([w, w, w.title(), w.upper()])


def spell_group(digits: str, rnd: random.Random, numerals: bool) -> str:
    if numerals:
        return digits if len(digits) <= 4 and rnd.random() < 0.5 else " ".join(digits)
    out, i, sep = [], 0, rnd.choice([" ", "-"])
    while i < len(digits):
        run = len(digits[i:]) - len(digits[i:].lstrip(digits[i]))
        if run >= 3 and rnd.random() < 0.5:
            out.append(rnd.choice(["triple", "Triple"]) + " " + word(digits[i], rnd))
            i += 3
        elif run >= 2 and rnd.random() < 0.5:
            out.append(rnd.choice(["double", "DOUBLE"]) + " " + word(digits[i], rnd))
            i += 2
        else:
            out.append(word(digits[i], rnd))
            i += 1
    return sep.join(out)


def spell(pan: str, rnd: random.Random) -> str:
    """The PAN in words with random grouping; the first two groups are words, later ones maybe numerals."""
    parts, i = [], 0
    for k, size in enumerate(groups(len(pan), rnd)):
        parts.append(spell_group(pan[i : i + size], rnd, numerals=k >= 2 and rnd.random() < 0.3))
        i += size
    text = parts[0]
    for part in parts[1:]:
        text += rnd.choice([" ", ", ", " - ", " and ", ", and ", ". "]) + part
    return text


def keys(found: list[Span]) -> list[tuple[int, int, str, str]]:
    return sorted({(s.start, s.end, s.type, s.value) for s in found})


@fast
@given(pan_index, seeds)
def test_any_spelled_test_card_is_found(i: int, rnd: random.Random) -> None:
    pan, spelled = PANS[i], spell(PANS[i], rnd)
    lead = rnd.choice(["my card number is ", "caller: it's ", "Card: ", '{"transcript": "'])
    text = lead + spelled + rnd.choice([", thanks", ".", " please", "", '"}'])
    found = [(s.start, s.end, s.value) for s in SPELLED.find(text)]
    ok = found == [(len(lead), len(lead) + len(spelled), pan)]
    assert ok, f"spelled card {i} not found exactly once; offsets {[f[:2] for f in found]}"


@fast
@given(pan_index, seeds)
def test_any_test_card_split_into_a_json_array_is_found(i: int, rnd: random.Random) -> None:
    pan = PANS[i]
    if rnd.random() < 0.5:
        parts: list[str | int] = list(pan) if rnd.random() < 0.5 else [int(d) for d in pan]
    else:
        parts = [pan[j : j + 4] for j in range(0, len(pan), 4)]
    text = '{"k": ' + json.dumps(parts, separators=(",", rnd.choice([":", ": "]))) + "}"
    ok = [s.value for s in ARRAY.find(text)] == [pan]
    assert ok, f"array of card {i} not found"


@fast
@given(pan_index, st.integers(1, 12), st.integers(0, 99), st.booleans())
def test_any_test_card_in_a_track_gives_a_track_and_a_pan_span(i: int, mm: int, yy: int, one: bool) -> None:
    pan = PANS[i]
    track = f"%B{pan}^DOE/JOHN^{yy:02d}{mm:02d}101?" if one else f";{pan}={yy:02d}{mm:02d}1010000?"
    text = "swipe " + track + " ok"
    ok = keys(list(TRACK.find(text))) == [
        (6, 6 + len(track), "track", track),
        (8 - (not one), 8 - (not one) + len(pan), "pan", pan),
    ]
    assert ok, f"track of card {i} not found"


NEUTRAL = [
    "order {v} shipped",
    "exported {v} files",
    "expected {v} got 3",
    "incident {v} resolved",
    "retry in {v} ms",
    "decided {v}",
    "release v{v}",
    "CVV check passed in {v} ms",
    '{{"cvv_enabled": true, "status": {v}}}',
    "code {v}",
    "valid {v}",
    "expires_in: {v}",
    "session expires {v}",
    "regexp {v}",
    "cidr {v}",
    "expansion pack {v}",
    "ts={v}",
    "verification code {v}",
]


@fast
@given(st.sampled_from(NEUTRAL), st.integers(1, 12), st.integers(0, 99), st.sampled_from(["", "/", "-"]))
def test_no_card_date_or_code_without_a_keyword(template: str, mm: int, yy: int, sep: str) -> None:
    text = template.format(v=f"{mm:02d}{sep}{yy:02d}")
    found = [(d.id, s.start, s.end) for d in DETECTORS[:2] for s in d.find(text)]
    assert found == [], f"template {NEUTRAL.index(template)} reported"


def fragment(rnd: random.Random) -> str:
    pan, mm, yy, code = rnd.choice(PANS), rnd.randint(1, 12), rnd.randint(0, 99), str(rnd.randint(100, 9999))
    return rnd.choice(
        [
            spell(pan, rnd),
            f"cvv={code}",
            f'"card_cvc": "{code}"',
            f"security code is {' '.join(code)}",
            f"exp {mm:02d}/{yy:02d}",
            f'"exp_month": {mm}, "exp_year": 20{yy:02d}',
            f"valid thru {mm:02d}{yy:02d}",
            f";{pan}={yy:02d}{mm:02d}101123?",
            f"%B{pan}^DOE/JOHN^{yy:02d}{mm:02d}101?",
            json.dumps([pan[j : j + 4] for j in range(0, len(pan), 4)]),
            "ts=2025-12-01T10:00:00Z id=123456 phone one",
            "four two",
        ]
    )


def mixed_text(rnd: random.Random) -> str:
    text = fragment(rnd)
    for _ in range(rnd.randint(0, 6)):
        text += rnd.choice([" ", ", ", "\n", " | ", " x "]) + fragment(rnd)
    return text


@fast
@given(seeds, st.floats(0, 1), st.floats(0, 1))
def test_a_window_reports_exactly_the_whole_text_spans_inside_it(rnd: random.Random, a: float, b: float) -> None:
    text = mixed_text(rnd)
    pos, endpos = sorted((int(a * len(text)), int(b * len(text))))
    for d in DETECTORS:
        want = [k for k in keys(list(d.find(text))) if pos <= k[0] and k[1] <= endpos]
        ok = keys(list(d.find(text, pos, endpos))) == want
        assert ok, f"{d.id}: window {pos}:{endpos} differs from the whole text"


@settings(max_examples=60, deadline=None)
@given(seeds)
def test_both_engine_back_ends_find_what_whole_text_find_finds(rnd: random.Random) -> None:
    text = mixed_text(rnd)
    want = keys([s for d in DETECTORS for s in d.find(text)])
    for name, engine in ENGINES.items():
        ok = keys(engine.scan_text(text)) == want
        assert ok, f"{name} back end: trigger windows lost or changed a span"


@fast
@given(seeds)
def test_span_repr_never_shows_the_value(rnd: random.Random) -> None:
    text = mixed_text(rnd)
    for d in DETECTORS:
        for s in d.find(text):
            shown = {repr(s).replace(f"{s.start}:{s.end}", ""), str(s).replace(f"{s.start}:{s.end}", "")}
            assert not any(s.value in x for x in shown), f"{d.id}: repr shows the value"
