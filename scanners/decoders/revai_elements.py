"""Speech put back together from a Rev.ai transcript's ``monologues``: each monologue is one speaker's turn
(``{"speaker": 1, "elements": [...]}``) and its ``elements`` are one JSON object per token, a word (``{"type":
"text", "value": "4514", "ts": 4.83, "end_ts": 5.16, "confidence": 0.84}``), the blank after it and any
punctuation (``{"type": "punct", "value": " "}``, ``","``), or a token not made out (``"unknown"``). A card number said
in groups is one element per group and an expiry one element after its keyword, apart in the JSON where no detector
reads them as one number or one phrase.

The decoded text is each monologue's words joined with spaces (punctuation kept on the word before it), one turn per
line written as a ``"transcript": "..."`` string, as ``stt_words`` writes the word lists of other vendors: a new turn
starts at each monologue and after a word that ends a sentence, so numbers of two monologues are never one number.
Each word is reported on the line of its own ``value`` member (``Decoded.line_starts``). The segment runs from the
first monologue's first element to the last monologue's last.

Limits: elements are read while they are flat objects with a string ``value``; monologues are followed while the
next one's ``elements`` member stands within 400 characters of the previous one's close; an output longer than
``max_segment`` characters is read only up to there (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds
from scanners.decoders.stt_words import joined
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

_OPEN = r'"elements"[ \t\r\n]*:[ \t\r\n]*\[[ \t\r\n]*\{'
TRIGGERS = (_OPEN + r'[ \t\r\n]*"type"[ \t\r\n]*:[ \t\r\n]*"(?:text|punct)"',)
_ARRAY = lazy_compile(TRIGGERS[0])
_OBJECT = lazy_compile(r"\{[^{}\[\]]*\}")
_BETWEEN = lazy_compile(r"[ \t\r\n]*,[ \t\r\n]*")
_VALUE = lazy_compile(r'"value"[ \t\r\n]*:')
# from one monologue's elements to the next one's: the rest of the monologue (its speaker), its close, the next
# monologue's members before its elements
_GAP = r"\][^\[\]{}]{0,400}\}[ \t\r\n]*,[ \t\r\n]*\{[^\[\]{}]{0,400}" + _OPEN
_NEXT = lazy_compile(r"[ \t\r\n]*" + _GAP)
_CONTINUES = lazy_compile(r"\}[ \t\r\n]*" + _GAP + r"\Z")
_REACH = 256  # how far before the window the "elements" member may stand
_TOKENS = ("text", "punct", "unknown")

Word = tuple[int, int, str, object, int]


def _read(text: str, at: int, limit: int) -> tuple[list[Word], set[int]]:
    """(start, end, word, speaker, where its value is) of each word from the element at ``text[at]`` on, over the
    monologues that follow, and the indexes of the words that end a monologue."""
    words: list[Word] = []
    ends: set[int] = set()
    while (m := _OBJECT.match(text, at)) is not None:
        if m.end() > limit:
            note_limit(SEGMENT)
            break
        try:
            obj = json.loads(m.group())
        except ValueError:
            break
        value = obj.get("value") if isinstance(obj, dict) else None
        if not isinstance(value, str) or obj.get("type") not in _TOKENS:
            break
        said = " ".join(value.split())
        if obj["type"] == "text" and said:
            member = _VALUE.search(text, m.start(), m.end())
            words.append((m.start(), m.end(), said, None, m.start() if member is None else member.start()))
        elif obj["type"] == "punct" and said and words and len(words) - 1 not in ends:
            s, _, word, speaker, place = words[-1]
            words[-1] = (s, m.end(), word + said, speaker, place)  # a mark belongs to the word before it
        if (sep := _BETWEEN.match(text, m.end())) is None:
            if (sep := _NEXT.match(text, m.end(), limit)) is None:
                break
            if words:
                ends.add(len(words) - 1)
            at = sep.end() - 1
            continue
        at = sep.end()
    return words, ends


class RevaiElementsDecoder(BoundedDecoder):
    id = "revai_elements"
    priority = 28
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        _, _, ls, le = line_bounds(text, pos, endpos)
        for m in _ARRAY.finditer(text, max(0, ls - _REACH), le):
            opening = text.index("{", text.index("[", m.start()))
            if m.end() <= ls:
                continue  # a hit is read by the window of the line it ends on
            if _CONTINUES.search(text, max(0, m.start() - 1000), opening + 1) is not None:
                continue  # a monologue after another is read with the first
            words, ends = _read(text, opening, min(len(text), opening + self.max_segment))
            if len(words) < 2:
                continue  # one word is read where it stands
            decoded, starts = joined(text, words, ends)
            yield Decoded(words[0][0], words[-1][1], capped(decoded, self.max_output), ("revai_elements",),
                          line_starts=starts)


DECODER = RevaiElementsDecoder
