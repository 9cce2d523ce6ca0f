"""A value answered in the next line of a transcript written one turn a line with no time stamp, as a transcript is
mailed, pasted or stored as text:

- each line led by its speaker's role (``Agent: And the CVV?`` then ``Customer: 617``; ``agent:``/``customer:`` in
  lower case too, as a transcript service's plain export writes them), the line inside an HTML body's paragraph tags
  at most (``<p class="MsoNormal">Customer: 617</p>``), the body quoted-printable at most: a mail body's line that
  is longer than 76 characters is soft-broken (``... on the back=`` then ``?</p>``) and a non-ASCII letter escaped
  (``=C2=BFY el c=C3=B3digo ...``), so the lines above the answer are read decoded (``_decoded``);
- no speaker at all (an Outlook message saved as text, a chat pasted into a mail): the question ends its line with
  its question mark and the answer is the whole next line (``Und die Prüfnummer auf der Rückseite?`` then ``783``).

An answer is a whole turn (the value alone, or ``dialogue.body_numbers``: numbers, filler words and punctuation);
the turn it answers is on the line right above it, at most ``dialogue.MAX_SKIPPED`` answers above (the card number,
the date, then the code), asks for that kind of value (``dialogue.asks``) with a question mark or a request
(``threads.REQUEST``), and comes from another role. A number on its own line after no question, or after a question
for a room, an amount or an order, is no answer.
"""

from __future__ import annotations

import html
import quopri
import re
from collections.abc import Iterator
from re import Pattern

from scanners.detectors.dialogue import MAX_SKIPPED, Parse, asks, body_numbers, first_answer
from scanners.detectors.threads import REQUEST, VALUE

# The roles transcripts name their speakers by
ROLES = ("agent", "customer", "caller", "user", "assistant", "bot", "rep", "representative", "cardholder", "client",
         "operator")  # fmt: skip
_ROLE = "(?:" + "|".join(ROLES) + ")"
_SHORT = r"[0-9A-Za-z',.!? /\-]{0,40}[0-9][.!]?"
# The triggers: a role's label and a short turn ending a line in a digit (closing tags after it at most); a line that
# is a short value alone right below a line ending with a question mark
ROLE_ANSWER = r"(?i:" + _ROLE + r"): " + _SHORT + r"(?:</?[a-z]{1,4} ?/?>){0,3}[ \t]*\r?$"
LINE_ANSWER = r"\?[ \t]*\r?\n" + VALUE + r"[.!]?[ \t]*\r?$"
_LABEL = re.compile(r"[ \t]*(?:<[^<>\r\n]{0,200}>[ \t]*){0,3}(?P<r>(?i:" + _ROLE + r")):[ \t]+")
_TAG = re.compile(r"<[^<>\r\n]*>")
_MAX_TURN = 72  # a longer turn is no answer
_MAX_LINE = 400  # a longer line is no turn (its paragraph tags and label too)
_LAST = frozenset("0123456789.!")  # an answer's turn ends with a digit, or a full stop after one
_REACH = 1600  # how far above the answer its question is read: the lines of two answers and a soft-broken question
_SOFT_BREAK = re.compile(r"=\r?\n")
_ESCAPE = re.compile(r"=(?:3D|[89A-F][0-9A-F])")


def line_answers(text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
                 ) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each turn on the lines of ``text[pos:endpos]`` that answers the line above it, a role's
    label leading both or neither, when that line asks for what ``question`` names; ``parse(text, at)`` reads the
    value at ``at``."""
    lo, endpos = max(0, pos - _MAX_LINE), min(endpos, len(text))
    start = text.rfind("\n", lo, pos) + 1
    if start == 0 and lo > 0:  # the line holding ``pos`` is too long for a turn: start at the next one
        start = text.find("\n", pos, endpos) + 1 or endpos
    while start < endpos:
        end = text.find("\n", start, start + _MAX_LINE + 1)
        if end < 0 and len(text) - start > _MAX_LINE:  # a line too long for a turn
            start = text.find("\n", start, endpos) + 1 or endpos
            continue
        end = len(text) if end < 0 else end
        close = _closed(text, start, end)
        if text[close - 1 : close] in _LAST:  # an answer ends with a digit: most lines do not
            label = _LABEL.match(text, start, close)
            at = label.end() if label is not None else start
            if ((label is not None or _asks_above(text, start)) and 0 < close - at <= _MAX_TURN
                    and (hit := _answer(text, at, close, parse)) is not None):
                role = label.group("r").lower() if label is not None else None
                if _asked(text, start, role, question):
                    yield hit
        start = end + 1


def _closed(text: str, start: int, end: int) -> int:
    """Where the line ``text[start:end]`` ends before its closing tags and blanks (``617</p>``)."""
    while end > start:
        if text[end - 1] in " \t\r":
            end -= 1
        elif text[end - 1] == ">" and (tag := text.rfind("<", max(start, end - 41), end)) >= 0:
            end = tag
        else:
            break
    return end


def _answer(text: str, at: int, close: int, parse: Parse) -> tuple[int, int, str] | None:
    """The value that is the whole turn ``text[at:close]``: the value alone (a month's name in any language before
    its year: "junho 2029"), or among filler words (``dialogue.body_numbers``)."""
    hit = parse(text, at)
    if hit is not None and hit[0] == at and not text[hit[1] : close].strip(" .!"):
        return hit
    numbers = body_numbers(text, at, close)
    return first_answer(text, numbers, at, close, parse) if numbers else None


def _asks_above(text: str, start: int) -> bool:
    """The line above the line starting at ``start`` ends with a question mark."""
    at = start - 1
    while at > 0 and text[at - 1] in " \t\r":
        at -= 1
    return at > 0 and text[at - 1] == "?"


def _asked(text: str, start: int, role: str | None, question: Pattern[str]) -> bool:
    """A line above the line starting at ``start`` asks for the value: the next line up, or the one above answers of
    the same kind (``MAX_SKIPPED`` at most); led by another role's label than ``role``, or by none when ``role`` is
    None."""
    lines = _decoded(text[max(0, start - _REACH) : start - 1]).split("\n")
    if start > _REACH:
        lines = lines[1:]  # a line cut by the reach
    for skipped, line in enumerate(reversed(lines[-(MAX_SKIPPED + 1):])):
        label = _LABEL.match(line)
        if (label is None) != (role is None) or (label is not None and label.group("r").lower() == role):
            return False  # a turn of the same speaker, or a line of another shape: no question to answer
        said = html.unescape(_TAG.sub(" ", line[label.end() if label is not None else 0 :])).strip().lower()
        if asks(said, question) and REQUEST.search(said) is not None and (role is not None or said.endswith("?")):
            return True
        if skipped == MAX_SKIPPED or not body_numbers(said, 0, len(said)):
            return False  # a line that asks nothing, or too many answers since the question
    return False


def _decoded(above: str) -> str:
    """The lines ``above``, their quoted-printable soft breaks joined and escapes decoded when a mail body writes
    them so (a soft break and an escape: a plain text holding a literal ``=`` at a line end is read as it is)."""
    if _SOFT_BREAK.search(above) is None or _ESCAPE.search(above) is None:
        return above
    return quopri.decodestring(above.encode("utf-8", "replace")).decode("utf-8", "replace").replace("\r", "")
