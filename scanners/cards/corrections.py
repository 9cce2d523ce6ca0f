"""A card number whose last group the writer corrects later in the sentence (``corrected_pan``).

A caller's or an agent's note gives the number, then takes its last digits back: "charged card 5289 7025 9905 1941
(sorry I mean - last block is 1945)", "tarjeta 3534 5071 6358 0081 (me equivoqué, el último bloque es 0080)", "le
dernier bloc est", "der letzte Block ist", "o último bloco é", "the last four are", "los últimos cuatro dígitos
son", "les quatre derniers chiffres sont", or "I mean ...1945" / "correction: ...1945" (the ellipsis stands for the
digits kept). The card is the written number with its last group (or, for "the last four", its last four digits)
replaced by the corrected one, reported where the written number stands, when

- the written number is the last number before the correction, on its line and within ``_REACH`` characters (the
  same sentence or the next: "... 0081. Sorry, the last four are 0080.");
- it is not itself a card (a valid number is reported as it is written, and a correction of it is something else);
- the corrected number is a card (Luhn and a brand's range and length);
- no id's name (an order's, a phone's) owns the written number, and it is none of ``confounders``' classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan
from scanners.cards.confounders import confounder
from scanners.cards.idkeys import id_keyed

# "last" and the group's name, in English, Spanish, French, German and Portuguese
_LAST = (
    r"(?:the |el |le |la |der |die |o |os |los |les )?"
    r"(?:last|\u00faltim[oa]s?|ultim[oa]s?|derni\u00e8re?s?|derniere?s?|letzte[nr]?)"
)
_GROUP = (
    r"(?:(?:four|five|[45]|cuatro|cinco|quatro|quatre|cinq|vier|f\u00fcnf|funf)"
    r"(?: (?:digits|numbers|d\u00edgitos|digitos|n\u00fameros|chiffres|ziffern))?"
    r"|digits|d\u00edgitos|digitos|chiffres|ziffern|block|group|bloque|grupo|bloc|groupe|bloco|gruppe)"
)
# French puts the count before "derniers": "les quatre derniers chiffres"
_FR_COUNT = r"(?:les )?(?:quatre|4) derni(?:\u00e8|e)res? chiffres"
_COPULA = (
    r"(?:(?:is|are|was|should be|should read|es|son|deber\u00eda ser|est|sont|ist|sind|lautet|lauten|\u00e9|e|s\u00e3o"
    r"|sao)\b)?"
)
_NAMED = rf"(?:{_LAST} {_GROUP}|{_FR_COUNT})[ \t]*{_COPULA}[ \t:=-]*(?:\.{{2,3}}|\u2026)?[ \t]*"
# "I mean ...1945", "correction: ...1945": the ellipsis names the digits kept before the corrected ones
_ELLIPSIS = (
    r"(?:i mean|i meant|correction|quise decir|correcci\u00f3n|je veux dire|ich meine|korrektur|quer dizer"
    r"|corre\u00e7\u00e3o)[ \t:,-]*(?:\.{2,3}|\u2026)[ \t]*"
)
# (a JSON string writes an accented letter as its escape: "el \\u00faltimo bloque")
CORRECTION = re.compile(
    re.sub(
        r"\\u00([0-9a-f]{2})",
        lambda m: f"(?:\\u00{m[1]}|\\\\u00{m[1]})",
        rf"(?i)(?<![a-z])(?:{_NAMED}|{_ELLIPSIS})([0-9]{{1,5}})(?![0-9])",
    )
)
# the written number: digit groups joined by spaces, a dash or a dot, or one run
_WRITTEN = re.compile(r"(?<![0-9A-Za-z_])[0-9]{1,19}(?:(?: {1,3}|[ \t]*-[ \t]*|\.)[0-9]{1,19}){0,7}(?![0-9])")
_REACH = 80  # "(sorry I mean - last block is" and a few words more: the same sentence
_LONGEST = 48  # 19 digits in eight groups, three-character separators
_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}")  # a JSON string's escaped letter ("equivoqu\\u00e9") holds no number
_JOINED_BEFORE = re.compile(r"[0-9](?: {1,3}|[ \t]*-[ \t]*|\.)$")  # the line's start cut the groups


def _written_before(text: str, at: int) -> re.Match[str] | None:
    """The last digit groups before ``text[at]`` on its line, ending within ``_REACH`` of it, no other digit between
    (read from far enough back that the groups are whole)."""
    lo = max(0, text.rfind("\n", max(0, at - _REACH - _LONGEST), at) + 1, at - _REACH - _LONGEST)
    found = list(_WRITTEN.finditer(text, lo, at))
    last = found[-1] if found else None
    if last is None or at - last.end() > _REACH or any(c.isdigit() for c in _ESCAPE.sub("", text[last.end() : at])):
        return None
    return None if _JOINED_BEFORE.search(text, max(0, last.start() - 8), last.start()) else last


def corrected_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, corrected digits) of each written number in ``text[pos:endpos]`` a correction of its last group
    follows (see the module's docstring)."""
    for m in CORRECTION.finditer(text, pos, min(len(text), endpos + _REACH)):
        w = _written_before(text, m.start())
        if w is None or w.start() < pos or w.end() > endpos:
            continue
        groups = re.findall("[0-9]+", w.group())
        digits, fix = "".join(groups), m.group(1)
        if not MIN_LENGTH <= len(digits) <= MAX_LENGTH or is_pan(digits):
            continue
        if len(fix) < 3 and (len(groups) == 1 or len(fix) != len(groups[-1])):
            continue  # one or two digits correct only a group of their length ("... 9972 09", "last block is 05")
        # one run or a shorter correction ("the last four" of a 5-digit group): its last digits; else the last group
        keep = len(digits) - (len(fix) if len(groups) == 1 or len(fix) < len(groups[-1]) else len(groups[-1]))
        card = digits[:keep] + fix
        if not (MIN_LENGTH <= len(card) <= MAX_LENGTH and is_pan(card)) or id_keyed(text, w.start()):
            continue
        if confounder(text, w.start(), w.end(), card, len(groups)) is None:
            yield w.start(), w.end(), card
