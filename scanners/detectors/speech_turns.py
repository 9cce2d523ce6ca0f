"""Speech and chat turns in log records: the keys their values are written under, where a turn ends, the turn
before one and its words.

A turn is the string value of a turn key (``TURN``: Contact Lens ``Content``, Lex ``inputTranscript``, Transcribe
``transcript``, chat ``text``, Azure Speech's readings); a Transcribe word item's ``Content`` is a word of a turn,
not a turn, and a rich-text part's ``text`` (``message_part``) is a piece of a message. The detectors that read
answers (``dialogue``), turns (``turns``, ``dictation``, ``turn_pan``) and values beside turns (``field_dates``,
``owned_dates``) find turns here; kept apart from ``dialogue``, which decides whether a turn answers the question
before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.decoders.json_escape import unescape

# The trigger starts at the key's name: an optional quote before it would make hyperscan's start offsets slow
TURN = (r'(?:[Cc]ontent|[Tt]ranscript|inputTranscript|[Uu]tterance|text|DisplayText|[Dd]isplay|ITN|itn|[Ll]exical'
        r'|[Mm]askedITN)\\?"[ \t]*:[ \t]*\\?"')
# A turn key with its opening quote, escaped or not (``\\?"`` + ``TURN``), is found by ``turn_keys`` from this: a
# leading optional backslash leaves ``re`` no literal to skip ahead to, and the look-ahead (the letters ``TURN``
# starts with) lets it pass over every other quote fast; about eight times faster on JSON.
TURN_KEY = re.compile(r'"(?=[CcTtiUuDdILlMm])' + TURN)
REACH = 2000


def turn_before(text: str, start: int) -> tuple[int, int] | None:
    """The key (start, end) of the last turn within ``REACH`` characters before the turn key at ``start``, passing
    over the keys of its own object: the other readings of one utterance (Azure Speech writes each as ``Lexical``,
    ``ITN``, ``MaskedITN`` and ``Display`` in one ``NBest`` object, after the real-time result's ``DisplayText``):
    keys of other names that no object's close separates from it. Turns under one name follow one another."""
    base = max(0, start - REACH)
    before = text[base:start]
    name = _key_name(text, start)
    for key_start, key_end in reversed(list(turn_keys(TURN_KEY, before, 0, len(before)))):
        if "}" in before[key_end:] or _key_name(before, key_start) == name:
            return base + key_start, base + key_end
    return None


_NAME = re.compile(r'\\?"([A-Za-z]*)')


def _key_name(text: str, at: int) -> str:
    """The name of the turn key starting at ``at`` (at its quote, or the backslash escaping it)."""
    m = _NAME.match(text, at)
    return m[1] if m is not None else ""


def turn_keys(core: Pattern[str], text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The spans of ``re.compile(r'\\\\?' + core.pattern).finditer(text, lo, hi)``, for a ``core`` that starts with a
    quote and has no anchor or look-behind: where that pattern matches at a backslash, ``core`` matches at the quote
    after it, with the same end; so each match of ``core`` starts one character earlier when a backslash precedes
    it that the previous match (or ``lo``) leaves free. A word item's ``Content`` (``word_item``) is no turn."""
    free, typed, reach = lo, -1, min(len(text), hi + _ITEM_REACH)
    for m in core.finditer(text, lo, hi):
        start = m.start()
        if start > free and text[start - 1] == "\\":
            start -= 1
        free = m.end()
        # the first "ype" from this key's reach on, searched once for the keys it serves (they come in order)
        if typed < (near := max(0, start - _ITEM_REACH)):
            typed = text.find("ype", near, reach)
            typed = reach if typed < 0 else typed
        if typed + 3 > min(len(text), free + _ITEM_REACH) or not _typed_item(text, start, free):
            yield start, free


# Transcribe writes each word of a turn as an item of its own beside the turn: a Call Analytics segment's ``Items``
# (``{"Confidence": 0.99, "Content": "719", "Type": "pronunciation", ...}``), a batch job's ``items`` (``"alternatives":
# [{"confidence": "0.99", "content": "4"}], "type": "pronunciation"``)
_ITEM_TYPE = re.compile(r'"[Tt]ype\\?"[ \t]*:[ \t]*\\?"(?:pronunciation|punctuation|PRONUNCIATION|PUNCTUATION)')
_ITEM_REACH = 200


def word_item(text: str, start: int, end: int) -> bool:
    """The turn key ``text[start:end]`` is a Transcribe word item's: a ``Type`` of ``pronunciation`` or
    ``punctuation`` in its object (read back to the previous object's close, on to the next object's start or just
    past its own close, where a batch item's ``type`` follows its ``alternatives``). Its word is part of a turn."""
    if text.find("ype", max(0, start - _ITEM_REACH), min(len(text), end + _ITEM_REACH)) < 0:
        return False  # no item type near: the common case
    return _typed_item(text, start, end)


def _typed_item(text: str, start: int, end: int) -> bool:
    """``word_item`` for a key with an ``ype`` near it."""
    back = max(0, start - _ITEM_REACH, text.rfind("}", max(0, start - _ITEM_REACH), start))
    if _ITEM_TYPE.search(text, back, start) is not None:
        return True
    hi = min(len(text), end + _ITEM_REACH)
    close, opening = text.find("}", end, hi), text.find("{", end, hi)
    stop = hi if close < 0 else min(hi, close + 40)
    return _ITEM_TYPE.search(text, end, stop if opening < 0 else min(stop, opening)) is not None


# Telegram Desktop's export writes a message with formatting as an array of plain strings and typed parts, and again
# as ``text_entities``: ``"text": ["card ", {"type": "code", "text": "<the number>"}, " pls"]``
_PART = re.compile(r'[\[,][ \t\r\n]*\{[ \t\r\n]*\\?"type\\?"[ \t]*:[ \t]*\\?"(?:plain|bold|italic|underline'
                   r'|strikethrough|spoiler|code|pre|blockquote|bank_card|text_link)\\?",[ \t\r\n]*$')


def message_part(text: str, start: int) -> bool:
    """The turn key starting at ``start`` is a rich-text part's (``_PART``): its value is a piece of a message, whose
    other pieces are the strings and parts beside it, not a message of its own."""
    return _PART.search(text, max(0, start - 80), start) is not None


# The previous turns (key, words in lower case) read in the last text, by turn start: the CVV and expiry detectors ask
# about the same turns, from overlapping windows (the text and its dict are replaced together, as for
# ``dialogue._memo``).
_said_memo: list[tuple[str, dict[int, tuple[tuple[int, int] | None, str]]]] = [("", {})]


def said_before(text: str, start: int) -> str:
    """The words (lower case) of the last turn within ``REACH`` characters before the turn key at ``start``."""
    return turn_said_before(text, start)[1]


def turn_said_before(text: str, start: int) -> tuple[tuple[int, int] | None, str]:
    """``turn_before`` and ``said_before`` of the turn key at ``start``, read once for both."""
    memo_text, memo = _said_memo[0]
    if memo_text is not text:
        memo = {}
        _said_memo[0] = (text, memo)
    elif (known := memo.get(start)) is not None:
        return known
    key = turn_before(text, start)
    said = text[key[1] : turn_close(text, key[1])].lower() if key is not None else ""
    if "\\" in said:  # "\u00bfy el c\u00f3digo de seguridad?": the escapes decoded, for the other languages' words
        said = (unescape(said) or said).lower()
    memo[start] = key, said
    return key, said


def turn_close(text: str, at: int) -> int:
    """Where the turn starting at ``at`` ends (its closing quote, escaped or not)."""
    close = text.find('"', at)
    return len(text) if close < 0 else close - 1 if text[close - 1] == "\\" else close


# The turns a number is split over: Azure Speech's readings too (a real-time result's ``DisplayText``, a batch
# ``nBest`` array's first ``lexical``), one per utterance (``split_keys``)
SPLIT_KEY = re.compile(r'"(?=[PCcTtiUuDdILlMm])(?:Partial)?' + TURN)
_READINGS = frozenset({"lexical", "itn", "maskeditn", "display"})
_KEY_NAME = re.compile(r'\\?"(?:Partial)?([A-Za-z]*)')


def split_keys(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The turn keys in ``text[lo:hi]`` (``SPLIT_KEY``), one per utterance (``_another_reading``)."""
    for start, end in turn_keys(SPLIT_KEY, text, lo, hi):
        if not _another_reading(text, start):
            yield start, end


_BEST = 3000  # how far back an utterance's ``NBest`` array is looked for


def _another_reading(text: str, start: int) -> bool:
    """The key at ``start`` is another reading of an utterance whose first reading is a turn already: Azure Speech
    writes a real-time result's ``DisplayText``, then its readings (``Lexical``, ``ITN``, ``MaskedITN``, ``Display``)
    in its ``NBest`` array; a batch result's ``nBest`` array holds its readings, of which the first entry's first
    (``lexical``) is the turn. Decided from the text before the key alone, so every window agrees."""
    m = _KEY_NAME.match(text, start)
    if m is None or m[1].lower() not in _READINGS:
        return False
    lo = max(0, start - _BEST)
    best = max(text.rfind('NBest"', lo, start), text.rfind('nBest"', lo, start))
    if best < 0 or text.find("]", best, start) >= 0:
        return False  # in no NBest array
    shown = text.rfind('"DisplayText', max(0, best - 1000), best)
    if shown >= 0 and text.find("}", shown, best) < 0:
        return True  # a real-time result's readings: its DisplayText is the turn
    return SPLIT_KEY.search(text, best, start) is not None  # after the array's first reading
