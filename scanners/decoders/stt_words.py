"""Speech put back together from a speech-to-text output's ``words`` array, where every recognised word is an object
of its own: Deepgram (``results.channels[].alternatives[].words[]``: ``{"word": "4514", "start": 0.74, "end": 1.07,
"confidence": 0.81, "speaker": 0, "punctuated_word": "4514"}``), Google Speech-to-Text (``results[].alternatives[]
.words[]``: ``{"startOffset": "2.3s", "endOffset": "2.9s", "word": "4514"}``, v1 ``startTime``/``speakerTag``),
AssemblyAI (``words[]`` and ``utterances[].words[]``: ``{"text": "4514", "start": 12884, "speaker": "B"}``). A card
number said in groups is one group per object, and an expiry one object after the word "expiring"; a pretty-printed
output puts each on lines of their own, where no detector reads them as one number or one phrase.

The decoded text is the words joined with spaces (``punctuated_word`` where there is one), one turn per line written
as a ``"transcript": "..."`` string, as ``transcribe_items`` writes Amazon Transcribe's: a new turn starts at a change
of speaker and after a word that ends a sentence (``.``, ``?``, ``!``). Google Speech-to-Text writes each utterance
as a result of its own (``results[].alternatives[0].words[]``): the next result's words continue the segment as a
new turn (``_NEXT_RESULT``), so a number said over two results ("so that's 4514 1673", then "0931 4058") is read
whole, and a bare answer ("12/25") is read after the question its result answers. Each word is reported on the line
of its own ``word`` (``text``) member (``Decoded.line_starts``), so a number is reported where its first group
stands. The segment runs from the array's first word object to its last.

Limits: objects of an array are read while they are flat objects with a string word; an array longer than
``max_segment`` characters is read only up to there (noted); decoded text is cut at ``max_output``; words on one
line that a ``transcript`` (``text``) string on that line already holds are left to it (no second finding); a
result is continued only from its only alternative (a second one is another reading of the same speech) and over at
most 4000 characters of the next result's transcript.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds
from scanners.decoders._turns import line_starts, transcript
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'"words"[ \t\r\n]*:[ \t\r\n]*\[[ \t\r\n]*\{',)
_ARRAY = lazy_compile(TRIGGERS[0])
_OBJECT = lazy_compile(r"\{[^{}\[\]]*\}")
_BETWEEN = lazy_compile(r"[ \t\r\n]*,[ \t\r\n]*")
_WORD_MEMBER = lazy_compile(r'"(?:word|text)"[ \t]*:')
_SAID = lazy_compile(r'"(?:transcript|text)"[ \t]*:[ \t]*(?P<v>"(?:[^"\\\n]|\\.)*")')
_NOT_ALNUM = lazy_compile(r"[^0-9a-z]")
_SPEAKERS = ("speaker", "speakerTag", "speakerLabel", "speaker_label", "channel")
_SENTENCE_END = (".", "?", "!")
_REACH = 256  # how far before the window the array's "words" member may stand
# From a words array's close to the next result's words: the alternative's and the array's close, the rest of the
# result (``resultEndOffset``, ``languageCode``), the next result's opening, its only alternative's ``transcript`` and
# ``confidence``, its ``words`` (a second alternative, an alternate reading of the same speech, ends the segment)
_GAP = (r'\][ \t\r\n]*\}[ \t\r\n]*\][^\[\]{}]{0,400}\}[ \t\r\n]*,[ \t\r\n]*\{[^\[\]{}]{0,400}'
        r'"alternatives"[ \t\r\n]*:[ \t\r\n]*\[[ \t\r\n]*\{(?:[^\[\]{}"]|"(?:[^"\\]|\\.)*"){0,4000}?'
        r'"words"[ \t\r\n]*:[ \t\r\n]*\[[ \t\r\n]*\{')
_NEXT_RESULT = lazy_compile(r"[ \t\r\n]*" + _GAP)
_CONTINUES = lazy_compile(r"\}[ \t\r\n]*" + _GAP + r"\Z")  # a words array that continues the one before it


def _word(obj: object) -> tuple[str, object] | None:
    """The word of a word object (its punctuated form first) and its speaker, or None for another object."""
    if not isinstance(obj, dict):
        return None
    word = obj.get("punctuated_word", obj.get("word", obj.get("text")))
    if not isinstance(word, str) or not word.strip():
        return None
    return " ".join(word.split()), next((obj[k] for k in _SPEAKERS if k in obj), None)


def _read(text: str, at: int, limit: int) -> tuple[list[tuple[int, int, str, object, int]], set[int]]:
    """(start, end, word, speaker, where its word member is) of the word objects from ``text[at]`` on, and the indexes
    of the words that end a result (a turn)."""
    found: list[tuple[int, int, str, object, int]] = []
    ends: set[int] = set()
    while (m := _OBJECT.match(text, at)) is not None:
        if m.end() > limit:
            note_limit(SEGMENT)
            break
        try:
            got = _word(json.loads(m.group()))
        except ValueError:
            break
        if got is None:
            break
        member = _WORD_MEMBER.search(text, m.start(), m.end())
        found.append((m.start(), m.end(), *got, m.start() if member is None else member.start()))
        sep = _BETWEEN.match(text, m.end())
        if sep is None:
            nxt = _NEXT_RESULT.match(text, m.end(), limit)
            if nxt is None:
                break
            ends.add(len(found) - 1)
            sep = nxt
            at = sep.end() - 1
            continue
        at = sep.end()
    return found, ends


def joined(text: str, words: list[tuple[int, int, str, object, int]], breaks: set[int] | None = None
           ) -> tuple[str, tuple[int, ...]]:
    """The words as turns (a speaker's change, a sentence's end or a result's end, ``breaks``, ends one), and where
    each line of the segment starts in them (at the first word whose member is on it or after it)."""
    ends = [w[2].endswith(_SENTENCE_END) or (i + 1 < len(words) and words[i + 1][3] != w[3]) or i in (breaks or ())
            for i, w in enumerate(words)]
    decoded, marks = transcript([(w[4], w[2], end) for w, end in zip(words, ends, strict=True)])
    return decoded, line_starts(text, words[0][0], words[-1][1], marks, len(decoded))


def _said_on_line(text: str, words: list[tuple[int, int, str, object, int]], breaks: set[int]) -> bool:
    """The words lie on one line whose ``transcript`` or ``text`` strings hold each result's words."""
    s, e = words[0][0], words[-1][1]
    if text.find("\n", s, e) >= 0:
        return False
    _, _, ls, le = line_bounds(text, s, e)
    saids: list[str] = []
    for m in _SAID.finditer(text, ls, le):
        if not any(w[0] <= m.start() < w[1] for w in words):  # not a word object's own text
            try:
                saids.append(_NOT_ALNUM.sub("", str(json.loads(m["v"])).lower()))
            except ValueError:
                continue
    first = 0
    for last in sorted({*breaks, len(words) - 1}):
        spoken = _NOT_ALNUM.sub("", "".join(w[2] for w in words[first : last + 1]).lower())
        if not spoken or not any(spoken in said for said in saids):
            return False
        first = last + 1
    return True


class SttWordsDecoder(BoundedDecoder):
    id = "stt_words"
    priority = 27
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        _, _, ls, le = line_bounds(text, pos, endpos)
        # a hit is the line of its last character, the first object's brace: "words" may stand lines before it
        for m in _ARRAY.finditer(text, max(0, ls - _REACH), le):
            if m.end() <= ls or _CONTINUES.search(text, max(0, m.start() - 5000), m.end()) is not None:
                continue  # (an array that continues the previous result's is read with it)
            words, breaks = _read(text, m.end() - 1, min(len(text), m.end() - 1 + self.max_segment))
            if len(words) < 2 or _said_on_line(text, words, breaks):
                continue  # one word is read where it stands
            decoded, starts = joined(text, words, breaks)
            yield Decoded(words[0][0], words[-1][1], capped(decoded, self.max_output), ("stt_words",),
                          line_starts=starts)


DECODER = SttWordsDecoder
