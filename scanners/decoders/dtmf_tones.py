"""DTMF tones a voice platform's recognize action collected, written as tone names: Azure Communication Services
Call Automation's ``RecognizeCompleted`` event (``"recognitionType": "dtmf"``) carries the keys pressed as
``"dtmfResult": {"tones": ["four", "five", ..., "pound"]}`` beside the ``operationContext`` the app gave the
recognize call to name its step (``collect-card-number``, ``collect-cvv``).

The tone names are the service's ``DtmfTone`` values: ``zero`` to ``nine``, ``asterisk``, ``pound``, ``a`` to ``d``
and ``flash``. The array is one segment, decoded to the step's name and the digits: ``collect-cvv: 283``, so the
detectors read the value with the words that ask for it, as for any IVR's step (``detectors/ivr_steps.py``); a key
that is no digit (the ``pound`` that ends an entry) parts the digits with a space. Per-key events
(``ContinuousDtmfRecognitionToneReceived``: one ``"tone"`` each) are not joined: no array, no trigger.

Limits: an array longer than ``_REACH`` characters, or any name in it that is no tone, is not decoded; the step is
looked for in the objects enclosing the array (``OBJECT_REACH``); an array longer than ``max_segment`` characters is
not decoded, and decoded text is cut at ``max_output`` (both noted).
"""

from __future__ import annotations

from collections.abc import Iterator

from scanners.cards.elements import enclosing_object
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_TONE_NAMES = "zero|one|two|three|four|five|six|seven|eight|nine|asterisk|pound|flash|[abcd]"
TRIGGERS = (rf'"tones"[ \t]*:[ \t\r\n]*\[[ \t\r\n]*"(?i:{_TONE_NAMES})"',)
_TRIGGER = lazy_compile(TRIGGERS[0])
_TONE = lazy_compile(rf'[ \t\r\n]*"((?i:{_TONE_NAMES}))"[ \t\r\n]*([,\]])')
_CONTEXT = lazy_compile(r'"operationContext"[ \t]*:[ \t]*"([^"\\\r\n]{1,200})"')
DIGIT_TONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_DIGITS = {name: str(i) for i, name in enumerate(DIGIT_TONES)}
_REACH = 2000  # a 19-digit card number's tones pretty-printed one a line, with room to spare
# The engine's window is the line where the trigger ends (the first tone's); a pretty-printed array's key is on the
# line before, looked for this far back.
_KEY_REACH = 256


def _tones(text: str, at: int) -> tuple[int, str] | None:
    """The end of the tone array whose first tone starts at ``at`` and its digits (space for any other key), or None
    when it holds anything but tone names."""
    digits: list[str] = []
    end = min(len(text), at + _REACH)
    while (m := _TONE.match(text, at, end)) is not None:
        digits.append(_DIGITS.get(m[1].lower(), " "))
        at = m.end()
        if m[2] == "]":
            return at, "".join(digits)
    return None


def _step(text: str, at: int) -> str:
    """The ``operationContext`` of the event holding the array at ``at``: in its ``dtmfResult`` or the one above."""
    inner = enclosing_object(text, at)
    outer = enclosing_object(text, inner[0]) if inner is not None else None
    for lo, hi in (r for r in (inner, outer) if r is not None):
        if (m := _CONTEXT.search(text, lo, hi)) is not None:
            return m[1]
    return ""


class DtmfTonesDecoder(BoundedDecoder):
    id = "dtmf_tones"
    priority = 30
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        at = max(0, start - _KEY_REACH)
        while (m := _TRIGGER.search(text, at, end)) is not None:
            at = m.end()
            s = text.index("[", m.start())
            if m.end() <= start or (m.start() < start and text.find("\n", m.start(), start) < 0):
                continue  # before the window, or on its first line before it: another window's
            if (found := _tones(text, s + 1)) is None or not found[1].strip():
                continue
            e, digits = found
            if (e > end and text.find("\n", end, e) < 0) or over_limit(e - s, self.max_segment):
                continue  # the window cuts the array's last line: another window's
            step = _step(text, m.start())
            decoded = f"{step}: {digits.strip()}" if step else digits.strip()
            yield Decoded(s, e, capped(decoded, self.max_output), ("dtmf_tones",))


DECODER = DtmfTonesDecoder
