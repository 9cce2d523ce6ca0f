"""``Engine.scan_text``'s de-duplication agrees with the plain quadratic rule it implements (spans drawn as
structure: offsets, small digit strings standing in for values, encodings)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.engine.core import Engine
from scanners.engine.finding import Span


def dedupe_reference(spans: list[Span]) -> list[Span]:
    seen: set[tuple[str, int, int, str]] = set()
    out: list[Span] = []
    encoded = [s for s in spans if s.encoding]
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        key = (s.type, s.start, s.end, s.value)
        if s.encoding and any(
            t.type == s.type and t.value == s.value and s.start <= t.start and t.end <= s.end
            and len(t.encoding) < len(s.encoding) and s.encoding[len(s.encoding) - len(t.encoding):] == t.encoding
            for t in spans
        ):
            continue  # the same value inside the encoded segment, plainly or through fewer of the same last layers
        if not s.encoding and any(
            e.type == s.type and e.start <= s.start and s.end <= e.end and s.value in e.value and s.value != e.value
            for e in encoded
        ):
            continue
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 60))
    end = start + draw(st.integers(1, 40))
    kind = draw(st.sampled_from(["pan", "cvv", "expiry"]))
    value = draw(st.sampled_from(["1", "12", "123", "2123", "1231", "31"]))
    encoding = draw(st.sampled_from([(), (), ("base64",), ("percent", "base64")]))
    return Span(start, end, kind, "d", value, encoding=encoding)


class _Fixed(Engine):
    def __init__(self, found: list[Span]) -> None:
        super().__init__([], [], backend="re")  # no unit: nothing is scanned, _scan is given
        self.found = found

    def _scan(self, text: str, depth: int, budget: list[int]) -> list[Span]:
        return list(self.found)


@settings(max_examples=500, deadline=None)
@given(st.lists(spans(), max_size=30))
def test_dedupe_matches_the_reference(found: list[Span]) -> None:
    assert _Fixed(found).scan_text("") == dedupe_reference(found)


def test_a_plain_piece_of_a_decoded_value_is_dropped() -> None:
    whole = Span(0, 30, "pan", "d", "123456", encoding=("quoted_printable",))
    piece = Span(10, 14, "pan", "d", "3456")
    other_type = Span(10, 14, "cvv", "d", "3456")
    assert _Fixed([piece, whole, other_type]).scan_text("") == [whole, other_type]
