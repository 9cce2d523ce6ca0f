"""Speech put back together from an Amazon Transcribe output's ``items``: a batch job (and a Call Analytics job)
writes every word as an item of its own, ``{"start_time": "1.15", "end_time": "1.35", "alternatives":
[{"confidence": "0.99", "content": "4"}], "type": "pronunciation"}`` (``"punctuation"`` items carry ``.``, ``?``),
with a ``speaker_label`` when speakers are told apart. A Speechmatics json-v2 output writes its ``results`` the
same way (``{"type": "word", "start_time": 4.28, "end_time": 4.42, "alternatives": [{"content": "cinq",
"confidence": 0.87, "speaker": "S2"}]}``, ``"punctuation"`` results), with the speaker inside the alternative. A
card number or a security code spoken digit by digit is then one item per digit; when the ``transcript`` beside
them does not hold the same words (redacted, cut, dropped by whoever stored the output), nothing reads them as one
number.

The decoded text is the items' words joined as Transcribe joins them (a space before each word, none before
punctuation), one turn per line written as a Transcribe ``"transcript": "..."`` string, so the spelled-number and
turn detectors read it: a new turn starts at a change of speaker and after a sentence's end (``.``, ``?``, ``!``), so
an agent's question and the caller's answer are turns of their own. The segment runs from the first item to the last
one on the line.

Limits: items on one line only (the output as Transcribe writes it; a pretty-printed copy is read where its
``transcript`` stands); segments longer than ``max_segment`` characters are ignored; decoded text is cut at
``max_output``; items whose words the line's ``transcript`` already holds are left to it (no second finding).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'"alternatives"[ \t]*:[ \t]*\[[ \t]*\{',)
_STRING = r'"(?:[^"\\]|\\.)*"'
# An item: an object whose members are strings, numbers or arrays of flat objects (its alternatives).
_ITEM = lazy_compile(r'\{(?:[^{}\[\]"]|' + _STRING + r'|\[(?:[^\[\]{}"]|' + _STRING + r"|\{[^{}]*\})*\])*\}")
_CONTENT = lazy_compile(r'"alternatives"[ \t]*:[ \t]*\[[ \t]*\{[^{}]*?"content"[ \t]*:[ \t]*(?P<v>' + _STRING + ")")
_SPEAKER = lazy_compile(r'"(?:speaker_label|channel_label|speaker)"[ \t]*:[ \t]*(?P<v>' + _STRING + ")")
_PUNCTUATION = lazy_compile(r'"type"[ \t]*:[ \t]*"punctuation"')
_TRANSCRIPT = lazy_compile(r'"transcript"[ \t]*:[ \t]*(?P<v>' + _STRING + ")")
_NOT_ALNUM = lazy_compile(r"[^0-9a-z]")
_SENTENCE_END = frozenset(".?!")


def _words(text: str, lo: int, hi: int) -> list[tuple[str, str | None, bool]] | None:
    """(word, speaker, is punctuation) of every item with alternatives in ``text[lo:hi]``; None for an item whose
    content JSON cannot read."""
    found: list[tuple[str, str | None, bool]] = []
    for item in _ITEM.finditer(text, lo, hi):
        content = _CONTENT.search(item.group())
        if content is None:
            continue
        speaker = _SPEAKER.search(item.group())
        try:
            word = json.loads(content["v"])
            label = json.loads(speaker["v"]) if speaker else None
        except ValueError:
            return None
        found.append((word, label, _PUNCTUATION.search(item.group()) is not None))
    return found


def _turns(words: list[tuple[str, str | None, bool]]) -> list[str]:
    turns: list[str] = []
    current, speaker = "", words[0][1]
    for word, label, punctuation in words:
        if label is not None and label != speaker and current:
            turns.append(current)
            current = ""
        speaker = label if label is not None else speaker
        current = current + word if punctuation or not current else f"{current} {word}"
        if punctuation and word in _SENTENCE_END:
            turns.append(current)
            current = ""
    return [*turns, current] if current else turns


class TranscribeItemsDecoder(BoundedDecoder):
    id = "transcribe_items"
    priority = 26
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        first = text.find('"alternatives"', line_start, line_end)
        s = text.rfind("{", line_start, first)
        if first < 0 or s < 0:
            return
        items = [m for m in _ITEM.finditer(text, s, line_end) if _CONTENT.search(m.group())]
        if len(items) < 2:
            return  # one word is read where it stands
        s, e = items[0].start(), items[-1].end()
        if e <= start or s >= end or over_limit(e - s, self.max_segment):
            return
        words = _words(text, s, e)
        if not words or sum(not p for _, _, p in words) < 2:
            return
        spoken = _NOT_ALNUM.sub("", "".join(w for w, _, _ in words).lower())
        for m in _TRANSCRIPT.finditer(text, line_start, line_end):
            try:
                said = _NOT_ALNUM.sub("", str(json.loads(m["v"])).lower())
            except ValueError:
                continue
            if spoken and spoken in said:
                return  # the transcript holds these words: read there
        lines = [f'"transcript": {json.dumps(turn, ensure_ascii=False)}' for turn in _turns(words)]  # as said
        yield Decoded(s, e, capped("\n".join(lines), self.max_output), ("transcribe_items",))


DECODER = TranscribeItemsDecoder
