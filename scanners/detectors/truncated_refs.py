"""Where a text names a card truncated: the truncated-card references ``card_summary`` judges records by.

A reference is a last-four or BIN member (JSON, a repr, YAML, an argument, a form path, an XML element), a masked
card number (``cards.masked``, ``cards.truncated``), "ending in 4242" in six languages or as ``cards.lastfour``
reads it, a card-number member holding four digits, or a payment token (``cards.tokenrefs``); ``card_summary``'s
module doc lists them with examples. Each pattern is tried only where one of its words begins (``WordSpots``: one
pass over a stretch's lower case). Kept apart from ``card_summary``, which decides what a record is and whether it
also holds a full card number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.formnames import ARG as _ARG  # last4=4242, a.b.cardSummary=4242, card[last4]=4242
from scanners.cards.lastfour import LAST_FOUR, LAST_FOUR_WORDS  # last4 4242, ends with 4242
from scanners.cards.masked import MARKS, masked_spans
from scanners.cards.summarynames import BIN_NAMES, ENDING, ENDING_WORDS, LAST4_NAMES, NAMED, named
from scanners.cards.tokenrefs import TOKEN_PATTERNS, TOKEN_SPOTS  # a record's payment token: tok_visa, pm_card_visa
from scanners.cards.truncated import DOT_NEEDLES, ONE_LEADS, masked_forms
from scanners.cards.wordspots import WordSpots

Spans = tuple[tuple[int, ...], tuple[int, ...]]  # the references' starts and their ends, sorted by start

# A member's key, quoted (JSON, escaped, CSV's ``""last4"":``, ``\""last4\"":``, namespaced ``"x:last4":``) or bare.
_KEY = r"""(?:(?:["']|(?<=[:./_\-]))(?i:{0})\\*(?:""|["'])|(?:(?<![A-Za-z0-9_"'])|(?<=\\[ntr]))(?i:{0}))\s*:"""
_ELEMENT = r"(?<=[<:])(?i:{0})(?:\s[^<>]*)?>"  # an XML element's name, after its < or namespace prefix: <last-4>
# The BIN (``summarynames.BIN_NAMES``): only a member holding 6 or 8 digits.
_MEMBER = re.compile(f"{_KEY.format(LAST4_NAMES)}|{_ARG.format(LAST4_NAMES)}|{_ELEMENT.format(LAST4_NAMES)}")
_BIN = re.compile(f"(?:{_KEY.format(BIN_NAMES)}|{_ARG.format(BIN_NAMES)}|{_ELEMENT.format(BIN_NAMES)})"
                  r"""[ \t]*\\*["']?[0-9]{6}(?:[0-9]{2})?(?![0-9])""")
_BIN_WORDS = ("bin", "iin", "first")  # what every key ``_BIN`` reads holds
# A card-number member holding four digits holds the last four (Payflow's response ``ACCT=4242&EXPDATE=1229``)
_FOUR = re.compile(r"""(?<![A-Za-z0-9_])(?i:acct|card_?(?:number|no|num)|number|pan)\\*["']?(?:[ \t]*[:=]|\()"""
                   r"""[ \t]*\\*["']?[0-9]{4}(?![0-9A-Za-z%_]|[ +\-./]{1,3}[0-9])""")  # the whole value, no
# grouped number's first group (``4539 1488``, ``4539 - 1488``, ``4539_1488``); a bare ``number`` key too (``.number(``)
_FOUR_WORDS = ("acct", "cardn", "card_n", "number", "pan")  # what every key ``_FOUR`` reads begins with
_WORDS = ("last", "masked", "truncated", "summary", "ending", "ends in")  # what every member key and "ending in" hold
_SPOTS = WordSpots((*_WORDS, *ENDING_WORDS, *LAST_FOUR_WORDS, *_FOUR_WORDS, *_BIN_WORDS, *TOKEN_SPOTS))  # one pass
_MARKS = WordSpots((*MARKS, *DOT_NEEDLES, *ONE_LEADS))  # in the stretch as written: masks, ellipses, x4242
# What a case-insensitive ``re`` matches to an ASCII letter that ``str.lower()`` does not lower to it (İ ı ſ and the
# Kelvin sign; İ alone changes length in lower case), with that letter: mapped first, a stretch's lower case keeps
# every position and holds each word where the patterns can read it.
_FOLDS_TO_ASCII = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def _at_words(text: str, rx: re.Pattern[str], a: int, b: int, lowered: str, *, spots: dict[str, list[int]],
              words: tuple[str, ...] = _WORDS, keys: bool = True) -> Iterator[tuple[int, int]]:
    """``rx``'s matches in ``text[a:b]`` (``lowered`` its lower case, as long; ``spots`` where each word begins in
    it), tried only where one of ``words`` begins or, with ``keys``, where the key holding it begins (at most 9
    characters before, its quote too): without, every match of ``rx`` begins with one of ``words``."""
    seen: set[int] = set()
    for word in words:
        for at in spots.get(word, ()) if not keys else ():
            if at not in seen:
                seen.add(at)
                if (m := rx.match(text, a + at, b)) is not None:
                    yield m.span()
        for at in spots.get(word, ()) if keys else ():
            key, stop, starts = at, max(0, at - 9), {at}
            while key > stop and (lowered[key - 1].isalnum() or lowered[key - 1] in "_-"):
                key -= 1
                # a key glued after a hyphen, an underscore (``issuer-cardSummary``) or a non-ASCII letter (``İ``)
                if lowered[key] in "_-" or not text[a + key].isascii():
                    starts.add(key + 1)
            quoted = key - (key > 0 and lowered[key - 1] in "\"'")  # a JSON key, or a form body's first field
            for start in {quoted, key, *starts} - seen:
                seen.add(start)
                if (m := rx.match(text, a + start, b)) is not None:
                    yield m.span()


def references(text: str, a: int, b: int) -> Spans:
    """Every truncated-card reference in ``text[a:b]``, sorted by start."""
    lowered = _lowered(text[a:b])
    spots, marks = _SPOTS(lowered), _MARKS(text[a:b])
    found = [*masked_spans(text, a, b, marks), *masked_forms(text, a, b, marks)]  # 424242...4242, x4242, ####...4242
    found += _at_words(text, _MEMBER, a, b, lowered, spots=spots)
    found += (m for m in _at_words(text, NAMED, a, b, lowered, spots=spots) if named(text, m[0]))  # "Key": "last4"
    for rx, words in ((ENDING, ENDING_WORDS), (LAST_FOUR, LAST_FOUR_WORDS), (_FOUR, _FOUR_WORDS), *TOKEN_PATTERNS):
        found += _at_words(text, rx, a, b, lowered, spots=spots, words=words, keys=False)
    found += _at_words(text, _BIN, a, b, lowered, spots=spots, words=_BIN_WORDS)
    found.sort()
    return tuple(s for s, _ in found), tuple(e for _, e in found)


def _lowered(stretch: str) -> str:
    """The lower case ``_at_words`` reads: as long as ``stretch``, each word where a pattern can read it (İ ı ſ and
    the Kelvin sign mapped to their ASCII letters first), a JSON-escaped tab or break no key's character."""
    if not stretch.isascii():
        for letter, ascii_letter in _FOLDS_TO_ASCII:
            stretch = stretch.replace(letter, ascii_letter)
    if "\\" in stretch:  # (most stretches hold no escape: one search for it spares two)
        stretch = stretch.replace("\\t", "\\ ").replace("\\n", "\\ ")  # (``\\T`` is no escape)
    return stretch.lower()

