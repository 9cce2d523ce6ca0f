"""Subtitle cues read as the turns of a transcript: SubRip (``.srt``, what Whisper and most speech-to-text services
write: a cue number, ``00:00:06,877 --> 00:00:08,539``, the text lines, a blank line) and WebVTT (``.vtt``: an
optional cue id, ``00:06.877 --> 00:08.539`` with optional hours and cue settings, the text lines). A recogniser cuts
cues by time, not by meaning: a card number said in groups runs over two cues (``Okay the card number is 4111 1111``
then ``1111 1111.``), and an answer stands in a cue of its own after the question's (``And the expiry?`` then
``11/25.``), where no detector reads the one with the other.

For each cue (its timing line is the trigger) the decoded text is the cue before it, the cue and the cue after it
(more while a turn runs on over that edge, at most ``_RUN`` cues) as ``"transcript": "..."`` lines, as
``transcribe_items`` writes a turn: a cue whose text does not end a sentence (``.``, ``?``, ``!``) runs on into the
next one's turn, unless it is a code or a date alone right after a question's cue (``486`` after ``und die
dreistellige Prüfnummer hinten?``: the answer, with no period written after it); the text lines of a cue are joined
with spaces. Each cue's text is reported on its own lines
(``Decoded.line_starts``), so a number is reported on the line where it starts.

Limits: a cue's neighbours are read when no more than a blank line and a cue id (at most ``_GAP`` characters) stand
between them; at most ``_TEXT`` characters of a cue's text are read; segments longer than ``max_segment``
characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.decoders._turns import line_starts, transcript
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_TIME = r"(?:[0-9]{1,2}:)?[0-9]{2}:[0-9]{2}[,.][0-9]{3}"
TRIGGERS = (r"[0-9]{2}:[0-9]{2}[,.][0-9]{3}[ \t]+-->[ \t]+(?:[0-9]{1,2}:)?[0-9]{2}:[0-9]{2}[,.][0-9]{3}",)
_TIMING = lazy_compile(rf"^[ \t]*{_TIME}[ \t]+-->[ \t]+{_TIME}[^\n]*$", flags=8)  # re.MULTILINE
_GAP_TEXT = lazy_compile(r"[ \t\r]*\n[ \t\r]*\n(?:[^\n]{0,80}\n)?\Z")  # a blank line, then a cue id line or none
_GAP = 128
_TEXT = 2048
_SENTENCE_END = (".", "?", "!")
_RUN = 8  # at most this many cues in one segment
_ANSWER = lazy_compile(r"[0-9]{3,4}|(?:0?[1-9]|1[0-2])/(?:20)?[0-9]{2}")  # a security code or an expiry said alone

Cue = tuple[int, int, list[tuple[int, str]]]  # timing line start, text end, (start, text) of each text line


def _cue(text: str, timing: int) -> Cue | None:
    """The cue whose timing line starts at ``timing``: its text lines up to a blank line (or the text's end)."""
    m = _TIMING.match(text, timing)
    if m is None:
        return None
    lines: list[tuple[int, str]] = []
    at = m.end() + 1
    while at < len(text) and at - m.end() <= _TEXT:
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        line = text[at:stop].strip()
        if not line:
            break
        lines.append((at, line))
        at = stop + 1
    return (timing, lines[-1][0] + len(lines[-1][1]), lines) if lines else None


def _ends(cue: Cue) -> bool:
    """The cue's text ends a sentence: the next cue starts a turn."""
    return cue[2][-1][1].endswith(_SENTENCE_END)


def _before(text: str, cue: Cue) -> Cue | None:
    """The cue right before ``cue``, separated from it by a blank line and a cue id at most."""
    lo = max(0, cue[0] - _GAP - _TEXT)
    found = None
    for m in _TIMING.finditer(text, lo, cue[0]):
        found = m
    if found is None or (prev := _cue(text, found.start())) is None:
        return None
    return prev if _GAP_TEXT.search(text, prev[1], cue[0]) and cue[0] - prev[1] <= _GAP else None


def _after(text: str, cue: Cue) -> Cue | None:
    """The cue right after ``cue``, separated from it by a blank line and a cue id at most."""
    m = _TIMING.search(text, cue[1], min(len(text), cue[1] + _GAP))
    return _cue(text, m.start()) if m is not None and _GAP_TEXT.search(text, cue[1], m.start()) else None


def _answer(cue: Cue, prev: Cue | None) -> bool:
    """The cue is an answer alone right after a question's cue: a code or a date, nothing else (``486``, ``02/26``,
    said after ``und die dreistellige Prüfnummer hinten?``); the recogniser wrote no period after it."""
    lines = cue[2]
    return (prev is not None and prev[2][-1][1].endswith("?") and len(lines) == 1
            and _ANSWER.fullmatch(lines[0][1]) is not None)


def turns(text: str, cues: list[Cue]) -> tuple[str, tuple[int, ...]]:
    """The cues' text as turns (a cue ending a sentence ends one, as does an answer alone after a question's cue),
    and where each line from the first cue's first text line to the last cue's end starts in them."""
    decoded, marks = transcript([(at, said, k == len(cue[2]) - 1 and (
        said.endswith(_SENTENCE_END) or _answer(cue, cues[c - 1] if c else None)))
        for c, cue in enumerate(cues) for k, (at, said) in enumerate(cue[2])])
    return decoded, line_starts(text, marks[0][0], cues[-1][1], marks, len(decoded))


class SubtitleCuesDecoder(BoundedDecoder):
    id = "subtitle_cues"
    priority = 28
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, _, ls, le = line_bounds(text, pos, endpos)
        done: set[tuple[int, int]] = set()  # neighbouring cues of the window often read the same cues
        for m in _TIMING.finditer(text, ls, le):
            if m.end() <= start or (cue := _cue(text, m.start())) is None:
                continue
            cues = [c for c in (_before(text, cue), cue, _after(text, cue)) if c is not None]
            # and further while a turn runs on over the edge, so that no turn is read cut short (a number's first
            # groups alone, or its last ones)
            while len(cues) < _RUN and (prev := _before(text, cues[0])) is not None and not _ends(prev):
                cues.insert(0, prev)
            while len(cues) < _RUN and not _ends(cues[-1]) and (after := _after(text, cues[-1])) is not None:
                cues.append(after)
            if len(cues) < 2:
                continue  # a lone cue is read where it stands
            s, e = cues[0][2][0][0], cues[-1][1]
            if (s, e) in done or over_limit(e - s, self.max_segment):
                continue
            done.add((s, e))
            decoded, starts = turns(text, cues)
            yield Decoded(s, e, capped(decoded, self.max_output), ("subtitle_cues",), line_starts=starts)


DECODER = SubtitleCuesDecoder
