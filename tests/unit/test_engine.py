import base64
import builtins
import logging
import random
from collections.abc import Iterator
from typing import ClassVar

import pytest

from scanners.cards.brands import IIN_RANGES, luhn_valid
from scanners.detectors.base import Decoded, Decoder
from scanners.detectors.pan import PanDetector
from scanners.engine import prefilter
from scanners.engine.core import Engine, default_engine


class B64Decoder(Decoder):
    """A minimal decoder for engine tests: base64 after 'b64:'."""

    id: ClassVar[str] = "test_b64"
    triggers: ClassVar[tuple[str, ...]] = (r"b64:[A-Za-z0-9+/=]{8,}",)

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        import re

        for m in re.finditer(r"b64:([A-Za-z0-9+/=]{8,})", text[: endpos or len(text)]):
            if m.start() >= pos:
                yield Decoded(m.start(1), m.end(1), base64.b64decode(m.group(1)).decode(), ("base64",))


def engine(backend: str, decoders: list[Decoder] | None = None) -> Engine:
    return Engine([PanDetector()], decoders or [], backend=backend)  # type: ignore[arg-type]


def noisy_text(seed: int) -> str:
    rnd = random.Random(seed)
    pans = [
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782-822463-10005",
        "4\u00a0111 1111 1111 1111",
        "２２２１０００００００００００００９",
        "6011.1111.1111.1117",
    ]
    lines = []
    for i in range(400):
        parts = [
            f'"ts": {1748503543012 + i}',
            f'"orderId": "{rnd.randrange(10**12, 10**16)}"',
            f'"n": "{rnd.randrange(10**15, 10**16)}"',
        ]
        if i % 9 == 0:
            parts.append(f'"msg": "card {rnd.choice(pans)} end"')
        lines.append("{" + ", ".join(parts) + "}")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(5))
def test_backends_give_identical_spans(seed: int) -> None:
    pytest.importorskip("hyperscan")
    text = noisy_text(seed)
    fast = [(s.start, s.end, s.value) for s in engine("hyperscan").scan_text(text)]
    slow = [(s.start, s.end, s.value) for s in engine("re").scan_text(text)]
    brute = sorted((s.start, s.end, s.value) for s in PanDetector().find(text))
    assert fast == slow == brute
    assert len(fast) >= 30


def test_decoded_hits_map_to_the_encoded_segment() -> None:
    blob = base64.b64encode(b"card 4111111111111111").decode()
    text = f"first line\nx b64:{blob} y"
    spans = engine("re", [B64Decoder()]).scan_text(text)
    assert len(spans) == 1
    s = spans[0]
    assert text[s.start : s.end] == blob and s.encoding == ("base64",) and s.value == "4111111111111111"


def test_decoding_depth_is_bounded() -> None:
    inner = "card 4111111111111111"
    for _ in range(4):
        inner = "b64:" + base64.b64encode(inner.encode()).decode()
    shallow = Engine([PanDetector()], [B64Decoder()], backend="re", max_depth=3)
    deep = Engine([PanDetector()], [B64Decoder()], backend="re", max_depth=4)
    assert shallow.scan_text(inner) == []
    assert [s.encoding for s in deep.scan_text(inner)] == [("base64",) * 4]


def test_decoded_budget_is_bounded() -> None:
    blob = base64.b64encode(b"card 4111111111111111 " + b"x" * 5000).decode()
    tight = Engine([PanDetector()], [B64Decoder()], backend="re", max_decoded=1000)
    assert tight.scan_text(f"b64:{blob}") == []


def test_non_ascii_lines_reach_every_detector_without_triggers() -> None:
    text = "ascii line 1234\nкарта ４１１１ １１１１ １１１１ １１１１\n"
    assert [s.value for s in engine("hyperscan").scan_text(text)] == ["4111111111111111"]


def test_a_unit_naming_its_unicode_characters_gets_only_the_lines_holding_one() -> None:
    """The PAN detector is given a non-ASCII line whole only when it holds a Unicode digit, separator or zero-width
    character; a card on a line with only accented letters is read through its trigger window, as on an ASCII line."""
    card = "4111111111111111"
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    lines = [f"café {'.' * 80} {card} ok", f"café {grouped.replace(' ', chr(0xA0))} ok", "naïve", f"id\u200b {card}"]
    text = "\n".join(lines) + "\n"
    starts = [text.index(line) for line in lines]
    whole = [(s, s + len(line)) for s, line in zip(starts, lines, strict=True)]
    for backend in ("hyperscan", "re"):
        eng = engine(backend)
        hit = text.index(card) - 1  # the trigger's match starts at the space before the card
        assert eng._windows(text)[0] == [(hit - eng._margins[0], whole[0][1]), whole[1], whole[3]]
        assert [s.value for s in eng.scan_text(text)] == [card] * 3


def test_default_engine_is_shared_and_reports_backend() -> None:
    assert default_engine() is default_engine()
    assert default_engine().backend in ("hyperscan", "re")
    assert default_engine().contains_card_data("pay with 4242 4242 4242 4242")
    assert not default_engine().contains_card_data("your total is 50.00 USD, reference PAY-7Q2K")


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_every_brand_at_every_length_passes_the_triggers(backend: str) -> None:
    eng = engine(backend)
    for row in IIN_RANGES:
        for n in row.lengths:
            body = row.lo.ljust(n - 1, "0")[: n - 1]
            pan = next(body + c for c in "0123456789" if luhn_valid(body + c))
            for shown in (pan, " ".join(pan[i : i + 4] for i in range(0, n, 4)), " ".join(pan)):
                spans = eng.scan_text(f'log {{"msg": "card x {shown} y"}}')
                assert [s.value for s in spans] == [pan], (row.brand, row.lo, n, backend)


def test_missing_hyperscan_falls_back_loudly_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_import = builtins.__import__

    def no_hyperscan(name: str, *args: object, **kwargs: object) -> object:
        if name == "hyperscan":
            raise ImportError("no hyperscan")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_hyperscan)
    monkeypatch.setattr(prefilter, "_warned", [])
    with caplog.at_level(logging.WARNING, logger="scanners.engine.prefilter"):
        assert Engine(backend="auto").backend == "re"
        assert Engine(backend="auto").backend == "re"
        assert Engine(backend="re").backend == "re"
    assert [r.getMessage() for r in caplog.records] == [prefilter.MISSING_HYPERSCAN]
    with pytest.raises(ImportError):
        Engine(backend="hyperscan")


def test_a_card_split_by_a_soft_line_break_is_one_finding() -> None:
    body = "675964982643845312345678"[:18]
    pan = next(body + d for d in "0123456789" if luhn_valid(body + d))  # 19-digit Maestro
    shown = " ".join(pan[i : i + 4] for i in range(0, 19, 4))
    text = f"Subject: receipt\nCard on file: {shown[:9]}=\n{shown[9:]} thanks\n"
    for backend in ("hyperscan", "re"):
        found = [(s.type, s.value, s.encoding) for s in Engine(backend=backend).scan_text(text)]
        assert found == [("pan", pan, ("quoted_printable",))], backend


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_a_code_after_a_soft_line_break_on_a_line_without_escapes_is_found(eol: str) -> None:
    # the trigger (a soft break before a digit) ends on the value's line, which holds no "=" of its own
    text = f"Subject: Fwd{eol}>> number on card 4111 exp July 2028 cardSecurityCode is ={eol}173{eol}--b--{eol}"
    for backend in ("hyperscan", "re"):
        found = [(s.type, s.value, s.encoding) for s in Engine(backend=backend).scan_text(text)]
        assert ("cvv", "173", ("quoted_printable",)) in found, backend


def test_a_plain_card_inside_a_decoded_form_body_is_reported_once() -> None:
    text = "POST /v1/pm type=card&card%5Bnumber%5D=4111111111111111&card%5Bcvc%5D=123"
    for backend in ("hyperscan", "re"):
        spans = Engine(backend=backend).scan_text(text)
        assert sorted((s.type, s.encoding) for s in spans) == [("cvv", ("percent",)), ("pan", ())]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_literal_question_marks_do_not_hide_a_non_ascii_line(backend: str) -> None:
    """Non-ASCII characters are found as the '?' they become in the trigger bytes: literal ones are passed over."""
    full_width = "4111111111111111".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    text = "what? ok?\nid=?&x=1 ?" + full_width + "?\n?"
    spans = Engine(backend=backend).scan_text(text)  # type: ignore[arg-type]
    assert [(s.type, s.start, s.end) for s in spans] == [("pan", 20, 36)]


@pytest.mark.parametrize("backend", ["auto", "re"])
def test_an_engine_without_units_finds_nothing_and_does_not_fail(backend: str) -> None:
    engine = Engine(detectors=[], decoders=[], backend="re" if backend == "re" else "auto")
    assert engine.scan_text("card 4111 1111 1111 1111\n") == []
