"""A value answered in the next message of a transcript written as blocks of lines, a speaker's heading or a cue's
timing above each message's text:

- WebVTT and SubRip cues (Zoom, Teams, most speech-to-text services): a cue id, ``00:02:17.044 --> 00:02:22.247``,
  then the text, its speaker as Zoom writes it (``João Kowalski: 429``) or as a voice tag (Teams:
  ``<v Priya Patel>126</v>``);
- a ServiceNow activity stream as text: ``2024-11-25 20:30:00 - João de Vries (Additional comments)``, then the note;
- an Otter export: ``Speaker 3  3:33`` (a name, two spaces, the time), then the paragraph.

An answer is a whole message: its text (the first line under its heading or timing) is the value and nothing else
(digits, or digit words of the languages callers answer in: ``Pierre Silva: zeven nul vijf``).
The message it answers is the one right above it (a blank line and a cue id between at most), which asks for that
kind of value (a question mark or a request, ``dialogue.asks``), at most ``dialogue.MAX_SKIPPED`` answers above, and
it comes from the other party: a speaker named in both messages differs. The subtitle cues decoder reads cues as
turns too, but runs a cue on into the next when it ends no sentence ("09/30" then the next question), and names no
role, so a bare answer there is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.detectors.dialogue import MAX_SKIPPED, Parse, asks, body_numbers, ends_said
from scanners.detectors.threads import ANSWER_VALUE, REQUEST

# The triggers: a short value as a cue's text after its timing line (after the speaker's name or voice tag), or as
# the text under a ServiceNow or Otter heading
CUE_ANSWER = r"--> [0-9:.,]{5,12}[ \t]*\r?\n(?:<v [^>\r\n]+>|[^\r\n:<]+: )?" + ANSWER_VALUE + r"(?:</v>)?[ \t]*\r?$"
HEADED_ANSWER = r"(?:[Nn]otes\)|[Cc]omments\)| {2}[0-9]{1,2}:[0-9]{2})[ \t]*\r?\n" + ANSWER_VALUE + r"[ \t]*\r?$"
_TIMING = re.compile(r"[ \t]*(?:[0-9]{1,2}:)?[0-9]{2}:[0-9]{2}[,.][0-9]{3}[ \t]+-->[ \t]+[^\r\n]*")
# A ServiceNow journal heading, an Otter speaker's heading
_HEADING = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} - (?P<n>[^()\r\n]{1,60}?)"
                      r" \([A-Za-z ]{1,30}\)|(?P<o>[^\W\d][^\t\r\n]{0,40}?) {2}[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")
_SPEAKER = re.compile(r"<v(?:\.[\w.\-]+)? (?P<v>[^>\r\n]{1,40})>|(?P<n>[^\W\d][^\r\n:<]{0,39}): ")
_VOICE_END = re.compile(r"</v>[ \t]*$")
_LAST = frozenset("0123456789>")  # an answer's line ends with a digit, a voice tag's close or a number word
_LINES = 8  # lines of one message's text read above its last


def block_answers(
    text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each message in ``text[pos - 64:endpos]`` that is a whole answer to the message above
    it, when that message asks for what ``question`` names; ``parse(text, at)`` reads the value at ``at``."""
    start, endpos = text.rfind("\n", 0, max(0, pos - 64)) + 1, min(endpos, len(text))  # (a window may run past)
    while start < endpos:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        said = text[start:end].rstrip()
        msg = _message(text, start, end) if len(said) <= 80 and (said[-1:] in _LAST or ends_said(said)) else None
        if msg is not None:
            speaker, at, close, top = msg
            hit = parse(text, at)
            if hit is not None and hit[0] == at and not text[hit[1] : close].strip(" .") and _asked(
                    text, top, speaker, question):
                yield hit
        start = end + 1


def _line(text: str, end: int) -> tuple[int, int] | None:
    """The line ending at ``end`` (a line break's position), without its ``\\r``."""
    if end <= 0:
        return None
    start = text.rfind("\n", 0, end - 1) + 1
    return start, end - 1 if text[end - 1 : end] == "\r" else end


def _message(text: str, start: int, end: int) -> tuple[str, int, int, int] | None:
    """(speaker, text start, text end, heading or timing line start) of the message whose first text line is
    ``text[start:end]``; None for a line that starts no message."""
    end = end - 1 if text[end - 1 : end] == "\r" else end
    above = _line(text, start - 1)
    if above is None:
        return None
    if _TIMING.fullmatch(text, *above):
        m = _SPEAKER.match(text, start, end)
        speaker = (m["v"] or m["n"]) if m is not None else ""
        close = end
        if m is not None and m["v"] and (v := _VOICE_END.search(text, start, end)) is not None:
            close = v.start()
        return speaker, m.end() if m is not None else start, close, above[0]
    if (h := _HEADING.fullmatch(text, *above)) is not None:
        return h["n"] or h["o"], start, end, above[0]
    return None


def _asked(text: str, top: int, speaker: str, question: Pattern[str]) -> bool:
    """The message above the one whose heading or timing line starts at ``top`` asks for what ``question`` names."""
    for skipped in range(MAX_SKIPPED + 1):
        before = _before(text, top)
        if before is None:
            return False
        said, who, top = before
        if speaker and who == speaker:
            return False  # the same speaker's message: no question to answer
        if asks(said, question) and REQUEST.search(said) is not None:
            return True
        if skipped == MAX_SKIPPED or not body_numbers(said, 0, len(said)):
            return False
    return False


def _before(text: str, top: int) -> tuple[str, str, int] | None:
    """(words in lower case, speaker, heading or timing line start) of the message above the line at ``top``."""
    line = _line(text, top - 1)
    while line is not None and (not text[line[0] : line[1]].strip() or _cue_id(text, line)):
        line = _line(text, line[0] - 1)
    lines: list[tuple[int, int]] = []
    while line is not None and len(lines) < _LINES and text[line[0] : line[1]].strip():
        above = _line(text, line[0] - 1)
        if above is None:
            return None
        lines.append(line)
        msg = _message(text, line[0], line[1])
        if msg is not None:
            said = " ".join(text[s:e] for s, e in reversed(lines[:-1]))
            said = (text[msg[1] : msg[2]] + " " + said).lower()
            return said, msg[0], msg[3]
        line = above
    return None


def _cue_id(text: str, line: tuple[int, int]) -> bool:
    """The line is a cue's id: the line under it is a timing line."""
    below = text.find("\n", line[1]) + 1
    if below == 0:
        return False
    nxt = text.find("\n", below)
    nxt = len(text) if nxt < 0 else nxt - (text[nxt - 1] == "\r")
    return _TIMING.fullmatch(text, below, nxt) is not None
