"""Digit groups said as numerals with a caller's hesitation between them, as speech-to-text writes a card number read
out group by group: ``3783 uh, 2655 6548 hmm, 108`` (Deepgram, AssemblyAI, Rev.ai and Genesys keep disfluencies
when asked to, punctuated with a comma), ``5148 é, 1196``, ``3892 yyy, 4598 eee, 5486``, ``4218 este, 5644``.

The hesitation is a filler sound in the caller's language (English ``um``/``uh``/``hmm``/``er``, Spanish ``eh``/``em``,
French ``euh``/``heu``, German ``äh``/``ähm``, Italian ``ehm``, Dutch ``uhm``, Polish ``yyy``/``eee``, Portuguese
``hã``/``hum``/``ahn``), with or without a comma after it; or a filler *word* that is also a word of the language
(Spanish ``este``, French ``bah``, Italian ``allora``, Portuguese ``é``, which is also "is"), only with the comma
that sets a hesitation apart (``o cartão é 5148`` keeps its copula). Digit words with a hesitation between them are
``number_words``' and ``digit_words``' to read; here only numerals on both sides.

Each line holding such a hesitation between two numerals is one segment, decoded to the line with every such
hesitation dropped (``3783 2655 6548 108``): the detectors then judge the number as they would said without it
(brand, length, Luhn, the card word before it, an id's label). Apologies and corrections ("4111 sorry 4112 ...") are
no hesitation: a number said again is not joined to the one it corrects.

Limits: lines longer than ``max_segment`` characters are skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

# Filler sounds: never a word of their language. Written as the trigger sees a line (an accented letter is one "?").
_SOUNDS = ("um", "umm", "uh", "uhm", "uhh", "hmm", "mm", "mmm", "er", "erm", "eh", "ehm", "em", "euh", "heu", "äh",
           "ähm", "yyy", "eee", "hã", "hum", "ahn")
# Filler words that are also words of their language: a hesitation only with the comma after them
_WORDS = ("este", "bah", "allora", "é")


def _trigger_form(word: str) -> str:
    return "".join(c if c.isascii() else r"\?" for c in word)


def _alternation(words: tuple[str, ...], form: bool) -> str:
    spelled = {_trigger_form(w) if form else re.escape(w) for w in words}
    return "(?:" + "|".join(sorted(spelled, key=lambda w: (-len(w), w))) + ")"


def _triggers(form: bool) -> tuple[str, str]:
    """A hesitation with its comma between two numerals, or a sound of three letters or more without one; single
    spaces, as speech-to-text writes them: each alternative is then a literal of four characters or more (" uh, ",
    " ähm "), which keeps the trigger's cost on text without hesitations near nothing (a bare ``[ \t]+er`` is
    tried at every "er" of a log)."""
    sounds = tuple(w for w in _SOUNDS if len(w) >= 3)
    return (rf"(?i:[0-9] {_alternation(_SOUNDS + _WORDS, form)}, [0-9])",
            rf"(?i:[0-9] {_alternation(sounds, form)} [0-9])")


TRIGGERS = _triggers(True)
_TRIGGER = re.compile("|".join(_triggers(False)))  # the same, on the line as written
# The hesitation between two numerals (a numeral of 1-6 digits before it, not part of a date, time or amount), with
# the spaces before it: dropped
HESITATION = lazy_compile(
    rf"(?i:(?<![0-9A-Za-z.,:/])(?P<before>[0-9]{{1,6}})[ \t]+(?:{_alternation(_SOUNDS, False)},?"
    rf"|{_alternation(_WORDS, False)},)(?=[ \t]+[0-9]{{1,6}}(?![0-9A-Za-z]|[.,:/][0-9])))"
)


def drop_hesitations(line: str) -> str:
    """``line`` with every hesitation between two numerals dropped (``3783 uh, 2655`` reads ``3783 2655``)."""
    return HESITATION.sub(lambda m: m["before"], line)


class HesitationsDecoder(BoundedDecoder):
    id = "hesitations"
    priority = 33
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            line = text[s:e]
            decoded = drop_hesitations(line)
            if decoded != line:
                yield Decoded(s, e, capped(decoded, self.max_output), ("hesitations",))


DECODER = HesitationsDecoder
