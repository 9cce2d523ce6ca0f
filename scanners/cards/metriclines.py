"""Whether a number is the sample value of a Prometheus (or OpenMetrics) text exposition line.

The exposition format writes one sample a line: the metric name, its labels in braces (optional), the value and an
optional timestamp (``http_request_duration_seconds_bucket{le="+Inf",route="/pay"} 4645… 1765904880000``), an
OpenMetrics exemplar after ``#`` at most. A number in the value position of such a line is a counter's, a
histogram's or a gauge's sample, never a card number. A label's value (``{card="4…"}``) is no sample value: it stays
open, and so does a value whose metric's name holds a card word (``card_number 4…`` is a debug print as much as a
gauge). Without labels the name must end in a word the naming conventions give a metric (a unit or a counter's,
histogram's or summary's suffix): ``pan_hint 4…`` or ``order 4…`` alone are no exposition line.
"""

from __future__ import annotations

import re

from scanners.cards.idnames import CARD_KEY, flat_key

# the name and its labels from the line's start to the value (a label's value may hold ``}`` only escaped or quoted)
_BEFORE = re.compile(r'[ \t]*([A-Za-z_:][A-Za-z0-9_:]*)(\{(?:[^{}"\n]|"(?:[^"\\\n]|\\.)*")*\})?[ \t]+')
# the value (an integer, a float, an exponent) then a timestamp and an exemplar, each optional, to the line's end
_AFTER = re.compile(
    r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?(?:[ \t]+-?[0-9]+(?:\.[0-9]+)?)?(?:[ \t]+#[ \t].*)?[ \t]*\r?"
)
# the suffixes Prometheus' naming conventions give a metric: its base unit, a counter's, a histogram's, a summary's
_SUFFIX = re.compile(
    r"_(?:total|count|sum|bucket|created|info|ratio|seconds|bytes|bits|meters|grams|celsius|volts|amperes|joules"
    r"|percent|packets|requests|errors|events|messages)$"
)


def sample_value(text: str, start: int) -> bool:
    """True when the number starting at ``start`` is the value of an exposition line (module docstring)."""
    if not start or text[start - 1] not in " \t":
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    before = _BEFORE.fullmatch(text, line_start, start)
    if before is None or _AFTER.fullmatch(text, start, len(text) if line_end < 0 else line_end) is None:
        return False
    name = before.group(1)
    if CARD_KEY.search(flat_key(name)):
        return False
    return before.group(2) is not None or _SUFFIX.search(name.lower()) is not None
