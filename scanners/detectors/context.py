"""Keyword context shared by the card-data detectors: whole-keyword hits, what may stand between a keyword and
its value, the line around a hit, and a value whose digits go on as escapes (``goes_on``). The card date after a
keyword is read in ``card_dates``, digits said as words in ``digit_words``.

A keyword is whole when it is not glued to other letters or digits, except through ``_``, ``-`` or a camelCase
step (``card_cvc``, ``cardCvc``, ``cvvCode``). The *gap* between a keyword and its value stays on one line and
holds no digit, at most ``GAP_MAX`` characters, only JSON/kv punctuation, XML tags of filler names, HTML layout tags,
DynamoDB's type wrapper and a few filler words (``is``, ``code``...), so a keyword never lends itself to the next
field (``"cvv_enabled": true, "status": 200``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache, partial
from re import Match, Pattern

from scanners.cards.keyparse import unprefixed
from scanners.detectors.digit_words import NUMBER_WORD

GAP_MAX = 30
# An HTML tag may hold digits (a mail's ``<td style="padding:8px">``): the gap is stretches of non-digits between
# whole tags (a stretch alone, as the lazy single class ``re`` runs fastest, when there is no tag); ``gap_ok`` lets
# only layout tags (``_LAYOUT_TAG``) and elements of filler names through, and no more than ``GAP_MAX`` characters
# besides the layout tags.
# A debugger's object tag holds digits too: IntelliJ's Variables view writes ``expiry = {YearMonth@45104} "2026-02"``
# (the value's class and object id, then its ``toString()``); ``gap_ok`` reads it as no word (``_TYPE_WRAPPER``).
_STRETCH = rf"[^0-9\r\n<]{{0,{GAP_MAX}}}?"
_OBJECT_TAG = r"\{[A-Za-z_$][\w$.]{0,80}@[0-9]{1,12}\}"
# (a quote after ``<`` starts no tag: an Erlang binary's ``<<"162">>`` is the value)
GAP = rf"""(?P<gap>{_STRETCH}(?:(?:<(?!["'])[^<>\r\n]{{0,80}}>|<|{_OBJECT_TAG}){_STRETCH}){{0,8}}?)"""
FILLERS = frozenset(
    {"is", "was", "be", "are", "the", "my", "your", "its", "it", "of", "on", "for", "card", "s", "number",
     "num", "no", "nr", "value", "val", "code", "data", "field", "here", "please", "enter", "entered"}
)  # fmt: skip
# [] for form keys: card[cvc]=123; ``?=`` and ``+=`` are assignments (make's ``TEST_CVV ?= 123``, ``+=``; ``:=`` and
# ``::=`` pass as their characters do)
_GAP_PUNCT = re.compile(r"(?![?+]=)[^A-Za-z \t\"':=#<>(){}\[\]*.\-\\/_|]")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LOWER_DIGIT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGIT_OR_WORD = re.compile(rf"\d|{NUMBER_WORD}")  # what keeps a gap out of ``gap_ok``'s cache


REACH = 4096  # how far the line around a window is looked at: all of an ordinary line, a piece of a huge one


def line_start(text: str, i: int) -> int:
    lo = max(0, i - REACH)
    return text.rfind("\n", lo, i) + 1 or lo


def line_end(text: str, i: int) -> int:
    hi = min(len(text), i + REACH)
    end = text.find("\n", i, hi)
    return hi if end < 0 else end


def starts_word(text: str, i: int) -> bool:
    """``text[i]`` begins a word: nothing alphanumeric before it, a lower-to-upper camelCase step (not one inside a
    random id: ``_random_run``), a JSON-escaped line break or tab (``\\nexp 12/30``), or a card word glued before it
    in one case (``_glued_card``)."""
    if i == 0 or text[i - 1] not in _ALNUM:
        return True
    if i > 1 and text[i - 2] == "\\" and text[i - 1] in "ntr":
        return True
    if text[i - 1].islower() and text[i].isupper():
        return not _random_run(text, i)
    return _glued_card(text, i)


# A field name that glues its words in one case: Dynamics 365 writes a custom column's logical name in lower case
# after its publisher's prefix (``new_cardexpiry``, ``cr123_cardcvv``), SAP and database columns in upper case
# (``CARDEXPIRY``). The keyword is a word of its own when the letters glued before it are a card's word alone.
_GLUED_CARD = re.compile(r"(?:(?:credit|debit|payment|bank)?card|cc)$", re.I)


def _glued_card(text: str, i: int) -> bool:
    if text[i - 1] not in "dDcC":
        return False  # a fast pre-check: every card word ends in one
    j = i
    while j > max(0, i - 12) and text[j - 1].isalpha() and text[j - 1].isascii():
        j -= 1
    glued = text[j:i]
    return (j == 0 or text[j - 1] not in _ALNUM) and glued.isupper() == text[i].isupper() and (
        _GLUED_CARD.fullmatch(glued) is not None)


# A random id's base62 characters (a Stripe charge ``ch_yrJ3ajcwa0c8IFlZSJjdgCvn``, an AWS request id) step from
# lower to upper case by chance, and may end in a keyword's letters (``Cvn``, ``Cid``, ``Exp``); a camelCase name's
# words (``paymentCardCvv``) hold no digit and no two capitals in a row. Read back at most ``_RUN_REACH`` characters.
_RANDOM_RUN = re.compile(r"[A-Za-z0-9]*(?:[0-9]|[A-Z]{2})[A-Za-z0-9]*$", re.ASCII)
_RUN_MIN = 12  # letters and digits glued before the keyword: no short key (``card3dsCvv``, ``v2Cvc``) is read as one
_RUN_REACH = 40


def _random_run(text: str, i: int) -> bool:
    """The letters and digits glued before ``text[i]`` are a random id's: at least ``_RUN_MIN`` of them, a digit or
    two capitals in a row among them."""
    lo = max(0, i - _RUN_REACH)
    j = i
    while j > lo and text[j - 1] in _ALNUM:
        j -= 1
    return i - j >= _RUN_MIN and _RANDOM_RUN.match(text, j, i) is not None


def ends_word(text: str, j: int) -> bool:
    """A word ends before ``text[j]``: the next character is not a lowercase letter or digit."""
    return j >= len(text) or text[j] not in _LOWER_DIGIT


# A typed-JSON dialect's wrapper around a scalar: the value's type, not a word about it. DynamoDB's attribute value
# (``"cvv": {"S": "123"}``, ``"exp_month": {"N": "12"}``), as Lambda logs DynamoDB stream records and items (also
# printed by Python, single-quoted; boto3's resource layer gives ``Decimal('123')``); Avro's JSON encoding of a union
# (``"cvv": {"string": "123"}``, ``{"int": 123}``: the branch's primitive type names it); MongoDB Extended JSON's
# numbers (``"cvv": {"$numberInt": "123"}``, ``$numberLong``, ``$numberDouble``, ``$numberDecimal``).
_TYPE_WRAPPER = re.compile(
    r"""\{[ \t]*\\?["'](?:[SN]|string|int|long|float|double|\$number(?:Int|Long|Double|Decimal))\\?["'][ \t]*:"""
    r"""|Decimal\("""
    rf"|{_OBJECT_TAG}"  # a debugger's object tag (``GAP``)
)
# HTML layout around a label and its value (``<td>CVV</td><td>123``, ``<b>Exp:</b> 12/30``): no words about them.
# Any other element's name is a word of the gap, so it must be a filler (Realex's ``<cvn><number>123``).
_LAYOUT_TAG = re.compile(
    r"</?(?:td|th|tr|dd|dt|li|span|b|strong|em|i|u|font|p|div|label|br)(?:\s[^<>]{0,60})?/?>", re.I
)  # br: a help desk's HTML body puts the label on one line, its value on the next (``expiry<br>09/2027``)
# A line break or tab escaped in a JSON string between a label and its value (the same body as plain text:
# ``"plain_body": "expiry\n09/2027"``; a tab-separated dump logged as a message, ``"fields\tcvv\t655"``: the escape
# parts the fields as the raw tab does); a real line break ends the gap.
_ESCAPED_BREAK = re.compile(r"\\[rnt]")


# A Japanese label's colon (full-width) and topic particle: ``有効期限：`` and ``有効期限は`` read as ``有効期限:``.
# Any Unicode space reads as a space: French typography's no-break space before a colon (``cryptogramme\u00a0:``,
# U+00A0 or the narrow U+202F), an ideographic space.
# French "à" (to, at: "valable jusqu'à 05/28") reads as "a", a filler word only where the caller lists it (the expiry
# labels of other languages). The invisible marks right-to-left text puts around a label or its value (LRM, RLM, ALM,
# the embeddings and isolates; zero-width characters) read as nothing: ``תוקף:\u200f 10/28``, ``الانتهاء:\u061c 05/31``.
_INVISIBLE = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_WIDE_PUNCT = str.maketrans({"\uff1a": ":", "\u306f": " ", "\u00a0": " ", "\u1680": " ", "\u202f": " ", "\u205f": " ",
                             "\u3000": " ", "\u00e0": " a ", **{chr(c): " " for c in range(0x2000, 0x200B)},
                             **dict.fromkeys(_INVISIBLE, "")})


def gap_ok(gap: str, fillers: frozenset[str] = FILLERS) -> bool:
    """Only kv punctuation and filler words between a keyword and its value.

    Pure, and the gaps repeat line after line (``": "``, ``" is "``): answered from a cache, except for a gap
    holding a digit or a digit's word (a tag's attribute, a code said before its digits: card data is never kept past
    its scan)."""
    return _gap_ok(gap, fillers) if _DIGIT_OR_WORD.search(gap) else _known_gap_ok(gap, fillers)


def _gap_ok(gap: str, fillers: frozenset[str]) -> bool:
    if "{" in gap or "(" in gap:
        gap = _TYPE_WRAPPER.sub(" ", gap)
    if "<![CDATA[" in gap:  # a CDATA section's text is its element's text: ``<cvv2><![CDATA[123]]>``
        gap = gap.replace("<![CDATA[", " ")
    if "<" in gap:
        if len(gap) > GAP_MAX and len(_LAYOUT_TAG.sub("", gap)) > GAP_MAX:
            return False  # more than GAP_MAX characters besides the layout tags
        gap = _LAYOUT_TAG.sub(" ", gap)
    if "\\" in gap:
        gap = _ESCAPED_BREAK.sub(" ", gap)
    if not gap.isascii():
        gap = gap.translate(_WIDE_PUNCT)
    if _GAP_PUNCT.search(gap):
        return False
    return all(w.lower() in fillers for w in _WORD.findall(gap))


_known_gap_ok = lru_cache(maxsize=4096)(_gap_ok)  # gaps without a digit only (``gap_ok``)


def keywords(
    rx: Pattern[str],
    text: str,
    pos: int,
    endpos: int,
    *,
    lookback: int,
    needles: tuple[str, ...] = (),
    lower: Pattern[str] | None = None,
) -> Iterator[tuple[int, int]]:
    """(start, end) of each whole keyword matched by ``rx`` (a trigger) that may reach the window.

    A leading or trailing ``_`` consumed by the trigger is not part of the keyword. ``needles``: lowercase
    substrings one of which every keyword holds (a fast pre-check; ``re`` with IGNORECASE is slow). ``lower``:
    the same keyword pattern without IGNORECASE, for lower-cased text (matching exactly where ``rx`` matches on
    ASCII text, and started by literals so that ``re`` skips ahead fast); used on ASCII stretches of text.
    """
    lo = max(pos - lookback, 0)
    lo, hi = text.rfind("\n", lo, pos) + 1 or lo, min(len(text), endpos + 32)  # no further back than the line
    base = lo - 1 if lo > 0 else 0  # the character before ``lo`` goes along: ``\b`` and look-behinds see it
    if lower is not None and (piece := text[base:hi]).isascii():
        lowered = piece.lower()
        for needle in needles:
            if lowered.find(needle, lo - base) >= 0:
                break
        else:
            if needles:
                return
        search, at, stop, wide = partial(lower.search, lowered), lo - base, len(lowered), False
    else:
        if needles:
            lowered = text[lo:hi].lower()  # once, not once per needle
            if not any(n in lowered for n in needles):
                return
        search, at, stop, base, wide = partial(rx.search, text), lo, hi, 0, True
    while (m := search(at, stop)) is not None:
        s, e = m.start() + base, m.end() + base
        if s >= endpos:
            break
        at = m.end() if m.end() > m.start() else m.start() + 1
        if text[s] == "_":
            s += 1
        if text[e - 1] == "_" and e - 1 > s:
            e -= 1
        if not starts_word(text, s):
            # a keyword glued into a word may hide a whole one it overlaps (``mastercard VerificationValue:658``
            # matches as ``card Verification``): looked for again from the next character
            at = m.start() + 1
        elif ends_word(text, e):
            while wide and e < len(text) and not text[e].isascii() and text[e].isalpha():
                e += 1  # the word's last accented letters, which a trigger cannot end on (``validité``)
            yield s, length_tag_end(text, e)


# Payflow's name-value syntax: a name may carry a length tag, the exact count of its value's characters, so that the
# value may hold ``&`` or ``=`` (``CVV2[3]=123``, ``EXPDATE[4]=1230``, ``COMMENT1[7]=Level=5``)
_LENGTH_TAG = re.compile(r"\[([0-9]{1,3})\]=")
_TAGGED_VALUE_END = frozenset("&\r\n \t\"'")


def length_tag_end(text: str, e: int) -> int:
    """The end of the Payflow length tag after a name ending at ``e`` (before its ``=``), or ``e`` when there is
    none: a tag whose count is not its value's length is an array's index (``cvv[0]``), no part of the name."""
    if e >= len(text) or text[e] != "[" or (m := _LENGTH_TAG.match(text, e)) is None:
        return e
    stop = m.end() + int(m[1])
    return m.end() - 1 if stop <= len(text) and (stop == len(text) or text[stop] in _TAGGED_VALUE_END) else e


_BREAK = re.compile(r"[0-9\r\n]")


def follows_digits(text: str, sep: str, lo: int, hi: int, n: int = 13) -> bool:
    """``sep`` occurs in ``text[lo:hi]`` right after ``n`` digits (a fast pre-check for structured data)."""
    i = text.find(sep, lo, hi)
    while i >= 0:
        if i >= n and text[i - n : i].isdigit():
            return True
        i = text.find(sep, i + 1, hi)
    return False


_CLOSING = re.compile(r"</(?:[A-Za-z][\w.-]*:)?$")  # the first one's closing XML tag (``</hps:ExpMonth>``)


def keyed_pair(
    rx: Pattern[str],
    text: str,
    at: int,
    first: Pattern[str],
    second: Pattern[str],
    *,
    fillers: frozenset[str],
    lower: Pattern[str] | None = None,
) -> tuple[Match[str], Match[str], str] | None:
    """A value (``first``) after the keyword ending at ``at``, another keyword within 40 characters (no digit
    or line break between, but in a namespace prefix: ``keyparse.unprefixed``) and its value (``second``), as in
    ``exp_month: 12, exp_year: 2030`` or ``<ns1:expiryMonth>12</ns1:expiryMonth><ns1:expiryYear>2030</ns1:expiryYear>``.

    Returns both value matches and the second keyword. ``lower``: as for ``keywords``."""
    m1 = first.match(text, at)
    if m1 is None or not gap_ok(m1["gap"], fillers):
        return None
    after = keywords(rx, text, m1.end(), m1.end() + 41, lookback=0, lower=lower)
    hit = next((k for k in after if not _CLOSING.search(text, max(0, k[0] - 42), k[0])), None)  # not a closing tag
    if hit is None or (_BREAK.search(text, m1.end(), hit[0]) and _BREAK.search(unprefixed(text[m1.end() : hit[0]]))):
        return None
    m2 = second.match(text, hit[1])
    return (m1, m2, text[hit[0] : hit[1]]) if m2 and gap_ok(m2["gap"], fillers) else None


# A digit written as an escape or character reference right before or after the digits: the number goes on
# (``"cid": "588\u003982…"``, a client id with its digits partly escaped), and its decoder reads it whole.
_ESCAPED_DIGIT = r"\\u003[0-9]|&#(?:4[89]|5[0-7]);|&#[xX]3[0-9];"
_GOES_ON = re.compile(_ESCAPED_DIGIT, re.ASCII)
_CAME_FROM = re.compile(rf"(?:{_ESCAPED_DIGIT})$", re.ASCII)


def goes_on(text: str, start: int, end: int) -> bool:
    """The digits ``text[start:end]`` are part of a longer number whose other digits are escaped."""
    if _GOES_ON.match(text, end) is not None:
        return True
    at = text.rfind("&", max(0, start - 8), start) if text[start - 1 : start] == ";" else start - 6
    return at >= 0 and _CAME_FROM.match(text, at, start) is not None
