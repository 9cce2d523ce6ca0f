"""Card data laid out as a printed page: ``pdftotext -layout`` of a statement or an application form, a card's face.
A label and its value are padded apart by runs of spaces, two label/value pairs share a line (two columns), and
the page prints what a caller would read off the card.

- A security-code label may carry a parenthetical aside that itself describes the code (``Security code (3 digits
  on back)     148``): ``aside_end``.
- A card's face prints ``VALID FROM 08/26  EXPIRES END 06/29`` (UK cards: "expires end" of the month) or
  ``MEMBER SINCE 2019  EXPIRES 06/29``: there "expires" is the label of the card's date, not a verb about something
  else. The start date itself (``Valid from 08/26``, ``Member since``, ``Issued``) is no expiry and stays quiet.
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# "expires end" (a UK card's face; nothing else "expires end" a month); or the card's start date on the line before
# the verb: "valid from 08/26", "member since 2019", "issued 08/26" (MM/YY, MM/YYYY, YY, YYYY), then at most a few
# spaces of layout padding (or a comma, "and") up to the verb
_FACE_END = re.compile(r"[ \t]+end(?![A-Za-z0-9_])(?![ \t]+of)", re.I)
_START_DATE = re.compile(
    r"(?i:valid[ \t]+from|member[ \t]+since|issued(?:[ \t]+on)?|start(?:[ \t]+date)?)[ \t:]*"
    r"(?:(?:0?[1-9]|1[0-2])[ \t]?/[ \t]?(?:20)?[0-9]{2}|(?:20|19)?[0-9]{2})[ \t,]{1,12}(?i:and[ \t]+)?$"
)


def card_face(text: str, s: int, e: int) -> bool:
    """The verb keyword ``text[s:e]`` (``Expires``) is the label of a card's date as its face prints it."""
    if _FACE_END.match(text, e) is not None:
        return True
    lo = max(0, s - 48, text.rfind("\n", max(0, s - 48), s) + 1)
    return _START_DATE.search(text, lo, s) is not None


# A parenthetical aside after a security-code label that itself describes the code, as a printed form or statement
# writes it (``Security code (3 digits on back)     148``, ``CVC (CVV2) 148``, ``Card code (on the reverse) 148``):
# the value follows it. An aside about anything else (``(page 3 of 4)``, ``(optional)``) lends nothing.
_ASIDE = lazy_compile(r"[ \t]*\((?P<words>[A-Za-z0-9 \t,/'\-]{1,60})\)")
_ASIDE_TOKEN = lazy_compile(r"[A-Za-z]+[0-9]?|[0-9]+")
# the words of an aside that describes a security code: how many digits, where on the card, its other names
_ASIDE_WORDS = frozenset(
    {"3", "4", "three", "four", "or", "digit", "digits", "number", "numbers", "code", "the", "on", "at", "of", "in",
     "back", "reverse", "front", "side", "card", "your", "signature", "strip", "panel", "last", "printed", "see",
     "found", "located", "above", "right", "cvv", "cvv2", "cvc", "cvc2", "cid", "csc", "cvn", "cvd", "cav2", "amex",
     "security", "verification", "value"}
)  # fmt: skip


def aside_end(text: str, at: int) -> int:
    """Where the value may start after a security-code label ending at ``at``: past a parenthetical aside right
    after it whose every word describes the code, else ``at``."""
    if text.find("(", at, at + 8) < 0:
        return at
    m = _ASIDE.match(text, at)
    if m is None:
        return at
    words = _ASIDE_TOKEN.findall(m["words"])
    return m.end() if words and all(w.lower() in _ASIDE_WORDS for w in words) else at
