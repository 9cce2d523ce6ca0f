"""Card numbers and expiry dates with the letters O/o for 0 and l/I for 1, as OCR reads a receipt or a card photo
and as a person types to dodge a filter: ``Karte / Card: 645O 5539 7685 678l``, ``card no 3579 2964 6639 24l1``,
``Gültig bis: O8/26``.

Only where a reader plainly sees a card number: a run of digit groups (single spaces or hyphens between them) whose
characters are digits and those four letters, with a card word (``card``, ``cc#``, ``Karte``, ``tarjeta``... as
``cards.shortpan`` knows them) before it on its line, that reads as an IIN-range, brand-length, Luhn-valid number
once the letters are read as digits; and a date token (``O8/26``, ``l2/2O29``) whose month reads 01-12, which the
expiry detector then judges by its own label. A token glued to another letter or digit (an id, a hash, base64, a
word) is never read: the run must stand alone.

The trigger is a token starting with digits and those letters that holds a digit next to a letter (``645O``,
`` l2``) within its first eight characters; the decoder then reads only tokens standing alone (hex, base64 and
words have other letters around them).
The line is one segment (read whole from any window touching it), decoded to the line with each such run or date
read as digits.

Limits: lines longer than ``max_segment`` characters are skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.cards.shortpan import card_word_in
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded

# (a bounded stretch and no closing edge: hyperscan passes over ordinary digits far faster than with open ends)
TRIGGERS = (r"[^0-9A-Za-z_\n][0-9OolI]{0,6}(?:[0-9][OolI]|[OolI][0-9])",)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
_LETTERS = str.maketrans("OolI", "0011")
# a date first (``O8/26``: its slash would end a run), then a run of groups
_TOKEN = re.compile(
    r"(?<![0-9A-Za-z_/.\-])(?P<month>[0-9OolI]{2})(?P<sep>[/.\-])(?P<year>[0-9OolI]{4}|[0-9OolI]{2})(?![0-9A-Za-z_/.\-])"
    r"|(?<![0-9A-Za-z_])[0-9OolI]{2,7}(?:[ \-][0-9OolI]{2,7}){0,6}(?![0-9A-Za-z_])"
)
REACH = 40  # characters before the run where its card word stands: "Karte / Card: ", "Hello team - card no "
MIN_DIGITS = 6  # digits written as digits in a run: a word of these letters (``lOl``) is no number
_LENGTHS = range(12, 20)


def _read_run(text: str, m: re.Match[str], line_start: int) -> str | None:
    """The run read as digits (its separators kept), when it is a card number after a card word."""
    run = m[0]
    if run.isdigit() or sum(c.isdigit() for c in run) < MIN_DIGITS:
        return None
    read = run.translate(_LETTERS)
    digits = read.replace(" ", "").replace("-", "")
    if len(digits) not in _LENGTHS or not is_pan(digits):
        return None
    return read if card_word_in(text, max(line_start, m.start() - REACH), m.start()) else None


def _read_date(m: re.Match[str]) -> str | None:
    """The date read as digits, when a letter stands in it and its month reads 01-12."""
    if (m["month"] + m["year"]).isdigit():
        return None
    month = m["month"].translate(_LETTERS)
    return f"{month}{m['sep']}{m['year'].translate(_LETTERS)}" if "01" <= month <= "12" else None


def read_letters(text: str, start: int, end: int) -> str:
    """``text[start:end]`` (one line) with each card number and date written with O/o/l/I read as digits."""
    out: list[str] = []
    at = start
    for m in _TOKEN.finditer(text, start, end):
        read = _read_run(text, m, start) if m["month"] is None else _read_date(m)
        if read is not None:
            out += (text[at : m.start()], read)
            at = m.end()
    out.append(text[at:end])
    return "".join(out)


class OcrLettersDecoder(BoundedDecoder):
    id = "ocr_letters"
    priority = 92
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        # every line the window touches, read whole (the engine clips a long line's window around each hit)
        _, _, at, stop = line_bounds(text, pos, endpos)
        while at <= stop:
            e = text.find("\n", at, stop)
            e = stop if e < 0 else e
            if _TRIGGER.search(text, at, e) is not None and not over_limit(e - at, self.max_segment):
                decoded = read_letters(text, at, e)
                if decoded != text[at:e]:
                    yield Decoded(at, e, capped(decoded, self.max_output), ("ocr_letters",))
            at = e + 1


DECODER = OcrLettersDecoder
