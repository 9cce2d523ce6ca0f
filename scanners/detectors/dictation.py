"""A card number dictated in parts over turns, the way a caller reads it out: a turn that announces the first part
("ok the first part is 4929 0690", "the first four digits are ...", "it starts with ...", "der erste Teil ist ...",
"la primera parte es ..."), then turns of the same speaker that go on with it ("then 0067 9218", "next ...",
"and ...", "the rest is ...", "last four are ...", or digits alone). A turn of the other party that is only a
backchannel ("mm-hmm, go on", "uh-huh", "got it", "ja, weiter", "vale", "d'accord", "はい"; no digit, no question
for another value) does not break the number; any other turn does. The joined digits must form one valid PAN (brand
range, length, Luhn), reported on the digits of the first part: ``dictated``.

Turns are found as ``turns`` finds them (a turn key: ``speech_turns.TURN``), their speaker by the ``ParticipantRole``
or ``ParticipantId`` of their JSON object (``party``): a part said by the other speaker (an agent reading digits
back) does not complete the caller's number.
"""

from __future__ import annotations

import re

from scanners.cards.brands import is_pan
from scanners.decoders.json_escape import unescape
from scanners.detectors.dialogue import may_answer
from scanners.detectors.digit_words import DIGIT_WORDS
from scanners.detectors.speech_turns import TURN, turn_keys
from scanners.lazy_re import lazy_compile

KEY = re.compile(r'"(?=[PCcTtiUu])(?:Partial)?' + TURN)  # a turn key, as ``turns.KEY``
FAR = 20_000  # how far the following parts are looked for (a pretty-printed analysis file spends lines per turn)
MAX_TURNS = 16  # turns read after the first part: parts and the other party's backchannels
_PARTY = re.compile(r'Participant(?:Role|Id)\\?"[ \t]*:[ \t]*\\?"([^"\\\r\n]{1,64})')
_BODY = re.compile(r'(?:[^"\\\r\n]|\\.){0,200}')
_N = r"(?:two|three|four|five|six|seven|eight|[2-8])"
_LEAD = r"(?:(?:ok(?:ay)?|so|sure|alright|right|yes|yeah|well|um|uh|oh)[,.!]? )*"
# The first part announced, in the languages ``turns`` reads the question for the card number in
_FIRST = re.compile(_LEAD + "(?:"
    rf"the first (?:part|half|bit|block|group|set|section|chunk|{_N}(?: digits| numbers)?)(?: of (?:it|the (?:card )?"
    rf"number))? (?:is|are)|first {_N}(?: digits| numbers)? (?:is|are)|it (?:starts|begins) with|(?:it's|it is) "
    r"(?:starts|begins) with"
    r"|(?:der erste teil|die erste h\u00e4lfte) ist|die ersten (?:vier|acht|[48]) (?:ziffern|zahlen) sind"
    r"|(?:sie|es) (?:beginnt|f\u00e4ngt) mit"
    r"|la primera (?:parte|mitad) es|los primeros (?:cuatro|ocho|[48]) (?:d\u00edgitos|digitos|n\u00fameros|numeros) "
    r"son|empieza (?:con|por)"
    r"|la premi\u00e8re (?:partie|moiti\u00e9) (?:est|c'est)|les (?:quatre|huit|[48]) premiers chiffres sont"
    r"|(?:\u00e7a|ca|elle) commence par"
    r"|a primeira (?:parte|metade) \u00e9|os (?:quatro|oito|[48]) primeiros (?:d\u00edgitos|digitos|n\u00fameros) "
    r"s\u00e3o|come\u00e7a com"
    r"|la prima (?:parte|met\u00e0) \u00e8|le prime (?:quattro|otto|[48]) cifre sono|(?:inizia|comincia) con"
    r"|(?:\u6700\u521d\u306e(?:[48\u56db\u516b]\u6841)?|\u524d\u534a)\u306f)[,:]? ?")  # fmt: skip
# A part that goes on with the number
_NEXT = lazy_compile(_LEAD + "(?:"
    rf"(?:and )?then|next(?: (?:is|are|comes))?|and|after that|the rest (?:is|are)|(?:the )?(?:next|last|final|"
    rf"second|third|fourth) (?:part|half|bit|block|group|set|{_N}(?: digits| numbers)?) (?:is|are)|(?:the )?(?:next|"
    rf"last|final) {_N}(?: digits| numbers)? (?:is|are)"
    r"|dann|danach|und|der rest ist|die (?:n\u00e4chsten|letzten) (?:vier|acht|[48])(?: ziffern| zahlen)? sind"
    r"|luego|despu\u00e9s|despues|y|el resto es|los (?:siguientes|\u00faltimos|ultimos) (?:cuatro|ocho|[48])"
    r"(?: d\u00edgitos| digitos| n\u00fameros)? son"
    r"|puis|ensuite|et|le reste (?:est|c'est)|les (?:quatre|huit|[48]) (?:suivants|derniers)(?: chiffres)? sont"
    r"|depois|ent\u00e3o|e|o resto \u00e9|os (?:quatro|oito|[48]) (?:seguintes|\u00faltimos)(?: d\u00edgitos)? s\u00e3o"
    r"|poi|quindi|e|il resto \u00e8|le (?:successive|ultime) (?:quattro|otto|[48])(?: cifre)? sono"
    r"|(?:\u6b21|\u6b8b\u308a|\u5f8c\u534a|\u6700\u5f8c\u306e(?:[48\u56db\u516b]\u6841)?)\u306f|\u7d9a\u3051\u3066)"
    r"[,:]? ?")  # fmt: skip
_BACKCHANNEL = re.compile(
    r"(?:(?:m{1,2}-?hm{1,2}|hmm|uh-?huh|ok(?:ay)?|go (?:on|ahead)|yes|yeah|yep|right|got it|next|sure|continue|"
    r"carry on|alright|all right|i see|please|and|then|perfect|great|ja|genau|weiter|bitte|gut|s\u00ed|si|vale|claro|"
    r"adelante|siga|oui|d'accord|allez-y|continuez|sim|certo|pode continuar|va bene|prego|continui|perfetto|"
    r"\u306f\u3044|\u3048\u3048|\u3069\u3046\u305e|\u7d9a\u3051\u3066(?:\u304f\u3060\u3055\u3044)?)"
    r"[ ,.!\u3001\u3002]*)+")
_TOKEN = lazy_compile(r"[0-9]+|[a-z]+|[ \-,.]+|.")


def party(text: str, at: int) -> str | None:
    """The participant named in the JSON object around ``at`` (None when it names none): within 400 characters
    either side, the object's end unseen when a long list follows (a turn's ``LoudnessScore``)."""
    lo, hi = text.rfind("{", max(0, at - 400), at), text.find("}", at, at + 400)
    if hi < 0 and lo >= 0:
        hi = nxt if (nxt := text.find("{", at, at + 400)) >= 0 else min(len(text), at + 400)
    m = _PARTY.search(text, lo, hi) if lo >= 0 and hi >= 0 else None
    return m.group(1) if m else None


def _said(text: str, end: int) -> tuple[str, int] | None:
    """The lower-cased body of the turn whose key ends at ``end`` (its escapes decoded) and where it ends, or None
    when it runs on past 200 characters."""
    body = _BODY.match(text, end)
    if body is None or text[body.end() : body.end() + 1] != '"':
        return None
    said = body.group()
    if "\\" in said:
        said = unescape(said) or said
    return said.lower(), body.end()


def _digits(said: str) -> str | None:
    """The digits of ``said`` when it holds only digit groups and digit words (an ending full stop too)."""
    digits = ""
    for tok in _TOKEN.finditer(said):
        word = tok.group()
        if word[0].isdigit() or word in DIGIT_WORDS:
            digits += word if word[0].isdigit() else DIGIT_WORDS[word]
        elif word.strip(" -,."):
            return None
    return digits or None


def _first_part(text: str, end: int) -> tuple[int, int, str] | None:
    """(start, end, digits) of the first part announced in the turn whose key ends at ``end``."""
    said = _said(text, end)
    lead = _FIRST.match(said[0]) if said is not None else None
    if said is None or lead is None or (digits := _digits(said[0][lead.end() :])) is None:
        return None
    rest = said[0][lead.end() :].strip().rstrip(" .,!")  # digits and digit words: no escapes in them
    at = text[end : said[1]].lower().rfind(rest)
    return (end + at, end + at + len(rest), digits) if at >= 0 else None


def announces(text: str, start: int, end: int) -> bool:
    """The screen of the turn PAN detector: ``dialogue.may_answer``, or a turn that announces a number's first part
    in numerals (so that such a turn gets a window)."""
    if may_answer(text, start, end):
        return True
    close = text.find('"', end, end + 201)  # a cheap test first: the turn ends in a digit, as a first part does
    return close > end and text[close - 2 if text[close - 1] == "." else close - 1].isdigit() and (
        text[end - 1 : end] == '"' and _first_part(text, end) is not None)


def dictated(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, digits) of the PAN whose first part the turn whose key is ``text[start:end]`` announces, joined
    with the parts its speaker goes on with (the longest valid PAN at the end of a part); start and end are those of
    the first part's digits."""
    first = _first_part(text, end)
    speaker = party(text, start) if first is not None else None
    if first is None or speaker is None:
        return None
    digits, found = first[2], None
    for n, (at, key_end) in enumerate(turn_keys(KEY, text, end, min(len(text), end + FAR))):
        said = _said(text, key_end)
        if n >= MAX_TURNS or said is None:
            break
        if party(text, at) != speaker:
            if _BACKCHANNEL.fullmatch(said[0].strip()) is None:
                break  # the other party said more than a backchannel
            continue
        lead = _NEXT.match(said[0])
        part = _digits(said[0][lead.end() if lead else 0 :])
        if part is None:
            break  # its speaker said something else
        digits += part
        if len(digits) > 19:
            break
        if len(digits) >= 12 and is_pan(digits):
            found = (first[0], first[1], digits)
    return found


def backchannel(text: str, end: int) -> bool:
    """The turn whose key ends at ``end`` is only a backchannel ("mm-hmm, go on")."""
    said = _said(text, end)
    return said is not None and _BACKCHANNEL.fullmatch(said[0].strip()) is not None
