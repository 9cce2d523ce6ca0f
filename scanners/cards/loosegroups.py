r"""Irregular digit groups as people type a card number (``loose_pan``): where the groups end, and what names them.

The groups (two or more, joined by one to three spaces, a dash with spaces around it or one dot; a number split once
at any point, ``4720 971653328388``) end before an expiry written after them (``... 229 07/30 cvc``); one written
with their own separator (``... 65 01-28``, ``... 05 0829``) is read as more groups and taken off (``cuts``). The
value is a card when a card key or label names it (``loose_pan``: ``card#``, ``CC INFO``, HL7's ``Card\T\No``, a
scheme's name, ``VISA 4005 8059 94329``), when its companions follow it: an expiry, then a security code named as
one (``... 229 07/30 cvc 987``, ``(exp 10-32, CVC 490)``, ``, expires March 2032, security code 928``), or when an
expiry or a code named as one follows it and no id's name comes before it (``valid thru 0732``, ``EXP DATE
2029-06``, ``CVV2: 528``, HL7's line break ``\.br\`` between; also in the callers' other languages and with the
month's name: ``date d'expiration 05/30``, ``expiration date February 2030``; or the verb a caller says it with:
``it expires 08/32``, ``elle expire en 08-32``, ``vence em 08-25``, ``scade il 06 / 25``, ``vervaldatum 11 / 29``).
A phone number or an id is followed by neither. A card paid with (``paying with 6763 …``) or whose details were
taken (``card details over phone - …``) is named so; and groups that are a message of their own (``said_alone``: an
SMS, a chat message or a transcript's phrase holding only them, a few opening words before them: ``ok its 22 01 56
…``; an SMS webhook's ``text=``) are the number a conversation asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan
from scanners.cards.idkeys import id_keyed
from scanners.cards.idnames import CARD_KEY
from scanners.cards.keyparse import key_before
from scanners.cards.pangroups import COUNTS_DIGITS, reads_whole
from scanners.cards.shortpan import CARD_WORD_INTL

SEP = r"(?: {1,3}|[ \t]*-[ \t]*|\.)"  # a dot too: "6304.8778.75724" (never two: an IP address, a version)
OPEN = r"""\\?["']?[ \t]*[:=]?[ \t]*\\?["']?"""
# a card label ending the text before the value: card, PAN, cc, card number, "card is", "card on file", "card
# instead:", a table's ``|Card|`` cell
# (``#`` after it, ``card#``, ``CC#``; HL7 writes ``&`` as ``\T\``: ``Card\T\No``), or a scheme's name (``VISA 4…``)
# (no letter or digit glued before it: ``v=0bbec950cfa717cc 443`` ends a hex word, no label)
BRANDS = r"visa|mastercard|master card|mc|amex|american express|discover|diners(?: club)?|jcb|maestro|unionpay|rupay"
# the card named in the other languages of callers' notes and chats (Spanish, French, Portuguese, German), then a
# copula: "tarjeta:", "nº tarjeta", "mi tarjeta es", "sa CB" (Carte Bleue), "numéro de carte est le", "cartão é"
# (JSON writes "cart\u00e3o \u00e9"), "Kartennummer ist", "Kartennr."; a word after it ("carte de fidélité", "tarjeta
# regalo") names another card or number, so the word ends right before the copula and the digits
INTL_CARD = r"tarjeta|carte|cb|cart(?:\u00e3|\\u00e3|a)o|(?:kredit)?karte(?:nnummer|nnr\.?)?"
# a note's "took card details over the phone - 25 378 …"
CARD_DETAILS = r"card details?(?: (?:taken )?over (?:the )?phone)?(?: -)?"
# the card named by paying with it, without its word: "I tried paying with 6763 …", "use this one 3463 …"
PAY_WITH = r"(?:pay|paying|paid) with|(?:use|try|charge) this one"
# (or the sign for "number" after it: "carte n°", "cartão nº", "Karte Nr.")
_INTL_COPULA = r"(?: (?:es|est(?: le)?|c'est|ist|lautet|\u00e9|\\u00e9|e|is|n[\u00b0\u00ba]|nr\.?))?"
# (a JSON string's escaped line break or tab before it is no letter: "\nCard no. 406 196 …")
_LABEL = re.compile(
    rf"(?i)(?:(?<![a-z0-9])|(?<=\\[nt]))(?:(?:card|pan|cc)(?:(?:[ _&-]|\\T\\)?(?:number|num|no\.?|info|#))?"
    rf"(?: (?:is|was|on file|instead))?|{CARD_DETAILS}|{BRANDS}|(?:{INTL_CARD}){_INTL_COPULA}|{PAY_WITH})#?"
    rf"(?:[ \t]*\|)?{OPEN}$"
)
# "the number is", said of the card a conversation is about (a caller answering "your card number?"): an article, the
# word number and its copula or a colon ("el número es", "o número é", "die Nummer ist", "le numéro :"), or the same
# words opening a message, a chat line or a form's message parameter ("Nummer ist 38 97 ...", Twilio's SMS webhook
# ``Body=Nummer+ist+38+97+...``, ``TranscriptionText=``, a contact form's ``message=``); an id's number names its kind
# between ("the order number is", "Kundennummer ist", "o número do pedido é")
_NUMBER_WORD = r"number|n(?:\u00fa|\\u00fa|u)mero|num(?:\u00e9|\\u00e9|e)ro|nummer"  # JSON writes "n\u00famero"
_NUMBER_SAID = re.compile(
    rf"(?i)(?:(?<![a-z])(?:the|el|o|die|le)[ \t]+|(?:^|[\"'>:]|(?<=[?&]Body=)|(?<=TranscriptionText=)"
    rf"|(?<=SpeechResult=)|(?<=[?&]message=))[ \t]*)(?:{_NUMBER_WORD})[ \t]*"
    r"(?:(?:is|es|ist|est|c'est|\u00e9|\\u00e9)[ \t]*:?|:)[ \t]*$"
)
# ``loose_pan``'s triggers: three groups or more; or two, split once where a card's length allows (3-5 digits then 7
# or more, or 6 or more then 4): a trigger for any two groups after "card" or "cc" woke Python on 3.3 % more of the
# 60 MB corpus; "the number is" (``_NUMBER_SAID``; an accented letter is one ``?`` to the trigger) before them
GROUPS = (
    rf"(?:[0-9]{{1,6}}{SEP}[0-9]{{1,6}}{SEP}[0-9]|[0-9]{{3,5}}{SEP}[0-9]{{7}}|[0-9]{{6}}[0-9]{{0,10}}{SEP}[0-9]{{4}})"
)
NUMBER_SAID = (r"(?i)(?:number|n(?:.|\\u00fa)mero|num(?:.|\\u00e9)ro|nummer)"
               rf"[ \t]*(?:(?:is|es|ist|est|c'est|.|\\u00e9)[ \t]*:?|:)[ \t]*{GROUPS}")
_DATE = r"(?:(?:0?[1-9]|1[0-2])[/-](?:20)?[0-9]{2}|(?:0[1-9]|1[0-2])[0-9]{2})(?![0-9A-Za-z_]|[./-][0-9])"
# (the look-behind after the first digit: led by a digit, ``re`` skips ahead to one instead of trying it everywhere)
CHAIN = re.compile(
    rf"[0-9](?<![0-9A-Za-z_.\-/][0-9])[0-9]{{0,15}}(?:{SEP}[0-9]{{1,16}})+(?![0-9A-Za-z_]|{SEP}(?!{_DATE})[0-9]|[./][0-9])"
)
_MMYY = re.compile(r"(?:0[1-9]|1[0-2])(?:[0-9]{2}|20[0-9]{2})")
_DATE_PAIR = re.compile(rf"(?:0[1-9]|1[0-2]){SEP}(?:20)?[0-9]{{2}}")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?"
_CODE_WORD = (
    r"(?:cvv2?|cvc2?|cid|csc|(?:security|back) code|(?:3|4|three|four)[ -]digits?(?: on (?:the )?back)?(?: are)?)"
)
# the expiry (a word or an "x" before it or not; MM/YY, MM-YY, MMYY, MM/YYYY or the month's name), then the named code
_COMPANIONS_PARTS = (
    r"(?i:[ \t]{0,3}[,(]?[ \t]{0,2}(?:(?:exp(?:iry|ires|iring|iration)?[:.]?|x)[ \t]{1,2})?"
    rf"(?:(?:0?[1-9]|1[0-2])[/-]?(?:20)?[0-9]{{2}}|{_MONTH} (?:20)?[0-9]{{2}})",
    rf"[ \t]{{0,2}}[,;)]?[ \t]{{1,3}}(?:the )?{_CODE_WORD}[:=]?[ \t]{{1,2}}[0-9]{{3,4}}",
    ")",
)
# the prefilter's trigger: the year's last digits, then the named code (a trigger led by digit groups and an optional
# expiry word cost the 60 MB corpus 12 %); the engine's margin reaches the groups before it
COMPANIONS = rf"[0-9]{{2}}(?i:[ \t]{{0,2}}[,;)]?[ \t]{{1,3}}(?:the )?{_CODE_WORD}[:=]?[ \t]{{1,2}}[0-9]{{3,4}})"
_COMPANIONS = re.compile("(?![0-9])".join(_COMPANIONS_PARTS))
# What a card's number alone is followed by: its expiry after an expiry word (``exp: 06/2025``, ``valid thru 0732``,
# ``EXP DATE 2029-06``), or its security code after the code's name (``CVV2: 528``, ``/ cvc-5776``, ``CID-4902``);
# a comma, a slash or HL7's line break (``\.br\``) may stand between
_BREAK = r"(?:[ \t]{0,3}[,(/]?[ \t]{0,3}|\\\.br\\)"
# (the expiry named in the callers' other languages too: "date d'expiration 05/30", "vence 0827", "gültig bis 0330";
# an accented letter is one ``?`` to the trigger, one ``.`` here)
# (and the verbs a caller says it with, the card their subject: "it expires", "elle expire en", "vence el", "scade
# il", "ważna do"; or the date's name: "expiry date is", "vervaldatum", "data ważności", "scadenza")
_EXP_WORD = (r"(?:(?:it )?exp(?:iry|ires?|iration)?(?: date)?(?: is)?|(?:valid|good) (?:thru|through|until)"
             r"|date d.expiration|elle expire (?:en|le)|vence(?: e[lmn])?|vencimiento|caduca(?: en)?|validade"
             r"|v.lido at.|g.ltig bis|ablaufdatum|l.uft ab|scade(?: il)?|scadenza|vervaldatum|geldig tot"
             r"|data wa.no.ci|wa.na do)")
_EXP_DATE = (rf"(?:(?:0?[1-9]|1[0-2])(?:[ \t]?[/-][ \t]?|[/-]?)(?:20)?[0-9]{{2}}|20[0-9]{{2}}-(?:0[1-9]|1[0-2])"
             rf"|{_MONTH} (?:20)?[0-9]{{2}})")
_CODE_NAME = rf"(?:{_CODE_WORD}|sec code|v-code)[:=]?[ \t]{{0,2}}-?[ \t]{{0,2}}"
_NAMED_AFTER = re.compile(
    rf"(?i:{_BREAK}(?:{_EXP_WORD}[:.]?[ \t]{{1,2}}{_EXP_DATE}|{_CODE_NAME}[0-9]{{3,4}}))(?![0-9])"
)
# the prefilter's triggers for them: the groups' last digit, then the word (the engine gives the hit's whole line)
NAMED_AFTER = (
    rf"[0-9](?i:{_BREAK}{_EXP_WORD}[:.]?[ \t]{{1,2}}(?:[0-9]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    rf"[0-9](?i:{_BREAK}{_CODE_NAME}[0-9])",
)
_GROUP = re.compile("[0-9]+")
# An IPv4 address among the groups: never part of a card (an IIS W3C log's ``s-port`` then ``cs-username`` ``-`` then
# ``c-ip``: ``443 - 91.144.180.86``); the groups before it are read alone.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})"
_IPV4 = re.compile(rf"(?<![0-9]){_OCTET}(?:\.{_OCTET}){{3}}(?![0-9])")
# ... unless the groups are a card written in dotted pairs (``35.49.05.78.31.81.18.74``, an odd last digit): seven
# groups or more of two digits, which no IPv4 address (four), version or OID (single-digit arcs) is
_DOTTED_PAIRS = re.compile(r"[0-9]{2}(?:\.[0-9]{2}){5,8}\.[0-9]{1,2}")
_JOINED_BEFORE = re.compile(rf"(?<![A-Za-z_])[0-9]{SEP}$")  # no word's digit: JSON's "\\u00e9 4…"
_PAST = 160  # 19 digits in groups, three-character separators, an expiry after them: well inside


def loose_pans(text: str, pos: int, endpos: int, longest: int = MAX_LENGTH) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each card number in irregular groups in ``text[pos:endpos]`` that a card key or label
    names or its expiry and code follow; a grouping ``pan`` reads itself (``pangroups.reads_whole``) is left to it. The
    groups and what follows them are read past ``endpos`` (a window's end may cut their expiry), as far as groups of a
    card's length and their separators reach (``_PAST``); ``longest``: no group longer than that."""
    for m in CHAIN.finditer(text, pos, min(len(text), endpos + _PAST)):
        if m.start() >= endpos:
            return
        if _JOINED_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # a window's start cut the groups: the whole run is judged from its start
        dotted = "." in m.group() and _DOTTED_PAIRS.fullmatch(m.group()) is None
        address = _IPV4.search(text, m.start(), m.end()) if dotted else None
        spans = [g.span() for g in _GROUP.finditer(text, m.start(), m.end() if address is None else address.start())]
        if len(spans) < 2:
            continue
        if longest < MAX_LENGTH and any(e - s > longest for s, e in spans):
            continue  # a caller's limit on a group's length (``card_forms``: a card's groups as people type them)
        for n in cuts(text, spans):
            sizes = [e - s for s, e in spans[:n]]
            digits = "".join(text[s:e] for s, e in spans[:n])
            if not MIN_LENGTH <= len(digits) <= MAX_LENGTH or reads_whole(text, spans[:n]) or not is_pan(digits):
                continue  # no card's length, or a grouping ``pan`` reads itself (a dotted 4-3-3-3 is this one's)
            if _printed_head(text, spans[:n]):
                break  # "CC: 3831-577523-3271 3 digit code": a card in its print layout, then another token
            end = spans[n - 1][1]
            # a number split once into a long group and another (``card 4816 566830929788``) is no card by its
            # label alone: an expiry or a code must follow it, or its IIN be read first (``iin_first``)
            once = n == 2 and max(sizes) > 6
            labelled = iin_first(sizes) and number_named(text, m.start()) if once else card_named(text, m.start())
            named = labelled or companions_follow(text, end) or (
                (named_after(text, end) or (n == len(spans) and said_alone(text, m.start(), end)))
                and not id_keyed(text, m.start()))  # "ref 4… cvc 987": an id's
            if end <= endpos and named:
                yield m.start(), end, digits
            break


def _printed_head(text: str, spans: list[tuple[int, int]]) -> bool:
    """The first groups of ``spans`` (all but one at least) are a card in a layout ``pan`` reads itself, the rest
    another token after it (a number said next: "3 digit code"), which a card's digits never run into."""
    for k in range(len(spans) - 1, 1, -1):
        digits = "".join(text[s:e] for s, e in spans[:k])
        if len(digits) >= MIN_LENGTH and reads_whole(text, spans[:k]) and is_pan(digits):
            return True
    return False




def cuts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """How many of the groups ``spans`` to read as the card: all of them, or all but a trailing expiry written with
    their separator (two groups MM and YY or YYYY; one group MMYY or MMYYYY), or all but a last digit that counts the
    digits of the code named next (``COUNTS_DIGITS``)."""
    n = len(spans)
    if n > 2 and spans[-1][1] - spans[-1][0] == 1 and COUNTS_DIGITS.match(text, spans[-1][1]):
        return [n - 1]
    out = [n]
    if n > 3 and _DATE_PAIR.fullmatch(text, spans[-2][0], spans[-1][1]):
        out.append(n - 2)
    if n > 2 and _MMYY.fullmatch(text, *spans[-1]):
        out.append(n - 1)
    return out


def companions_follow(text: str, end: int) -> bool:
    """An expiry and a named security code right after the groups ending at ``end``."""
    return _COMPANIONS.match(text, end) is not None


def named_after(text: str, end: int) -> bool:
    """The groups ending at ``end`` are followed by an expiry named as one or by a security code named as one (the
    caller also wants no id's name before them)."""
    return _NAMED_AFTER.match(text, end) is not None


# A message of its own: the groups end the text of a chat message, an SMS, a transcript's phrase (a JSON string, an
# HTML paragraph, a line), after nothing but a few of the words that open an answer ("ok its", "use this one",
# "alors c'est le"; a speaker's or a note's words before a colon: "says: use this one …"). People chunk a card as
# they read it, two to six digits a group, one space apart; the last group may be one digit. A number said alone so
# is the number the conversation asked for; a table's row or a log's counters are spaced wider, hold one-digit
# groups, run past a card's length or follow other words ("total 545 45 …").
_ALONE = re.compile(r"[0-9]{2,6}(?: [0-9]{2,6})+ [0-9]{1,6}")
# (or two groups, the IIN's six or eight digits first, 16 digits at most: ``iin_first``, "het is 45141613 27114428")
_IIN_ALONE = re.compile(r"[0-9]{6} [0-9]{5,10}|[0-9]{8} [0-9]{5,8}")
_ALONE_END = re.compile(r"[.!]?(?:[\"<\r\n]|\\[nr\"]|$)")  # (\\" too: a quote in a JSON string)
_OPENING_WORDS = frozenset({
    "ok", "okay", "sure", "yes", "yeah", "yep", "so", "and", "um", "uh", "it", "it's", "its", "is", "that's", "thats",
    "here", "here's", "use", "try", "this", "one", "please", "pls", "sí", "si", "es", "el", "vale", "oui",
    "alors", "donc", "c'est", "le", "voilà", "voici", "é", "então", "ja", "also", "das", "ist", "die",
    "la", "è", "allora", "het", "to", "jest"})  # fmt: skip
# a string's or a tag's start, a line break (escaped too), a form body's message parameter (an SMS webhook's)
_OPENERS = ('"', ">", "\n", "\r", "\\n", "\\r", ": ", "text=", "Text=", "Body=", "body=")
_OPENING_REACH = 48
# ``loose_pan``'s triggers for a card named by paying with it or its details taken ("paying with 6763 …", "card details
# over phone - 25 …"), and for groups that end a message: four groups or more, one of the first four other than four
# digits long, or two groups, the first the issuer's 6 or 8 digits. Four groups or more trigger only after a message's
# start and a few words: a run of such groups that may start anywhere costs hyperscan 15 % of its whole pass over the
# 60 MB corpus, one led by the message's start 1-2 % (two groups alone cost 2-3 %: a transcript's or a CSV cell's
# line, a key=value log's field keep them). (A trigger for any groups woke Python on every JSON value in fours.)
_ODD = r"(?:[0-9]{1,3}|[0-9]{5,6})"
# the message's start: a JSON record's message field, an HTML paragraph, a subtitle cue's first line (one trigger each:
# as one pattern, hyperscan cannot compile them with start offsets)
_MESSAGE_OPENS = (r'"(?i:body|text|content|message|msg|transcript|display|lexical|itn|utterance)\\?"[ \t]*:[ \t]*\\?"'
                  r"(?:<p>)?", "<p>", r"--> [0-9:,.]{5,12}[ \t]*\r?\n(?:<v [^>\r\n]{1,40}>)?")
_OPENING = r"[A-Za-z'\x80-\xff:,. ]{0,64}"
_MESSAGE_END = r"[.!]?(?:[\"<]|\\[nr\"]|$)"
_GROUPS_ALONE = (rf"(?:{_ODD} [0-9]{{1,6}} [0-9]{{1,6}} [0-9]|[0-9]{{4}} {_ODD} [0-9]{{1,6}} [0-9]"
                 rf"|[0-9]{{4}} [0-9]{{4}} {_ODD} [0-9]|[0-9]{{4}} [0-9]{{4}} [0-9]{{4}} {_ODD} [0-9])[0-9]{{0,5}}"
                 rf"(?: [0-9]{{1,6}})*{_MESSAGE_END}")
_IIN_GROUPS_ALONE = rf"(?:[0-9]{{6}}|[0-9]{{8}}) [0-9]{{5,13}}{_MESSAGE_END}"
UNNAMED = (rf"(?i)(?:{PAY_WITH}|{CARD_DETAILS}) {GROUPS}", _IIN_GROUPS_ALONE,
           *(start + _OPENING + _GROUPS_ALONE for start in _MESSAGE_OPENS))


def said_alone(text: str, start: int, end: int) -> bool:
    """The groups ``text[start:end]`` are a message of their own (``_ALONE``): at most four opening words before
    them (``_OPENING_WORDS``), nothing but a period after them."""
    if (_ALONE.fullmatch(text, start, end) is None and _IIN_ALONE.fullmatch(text, start, end) is None) or (
            _ALONE_END.match(text, end) is None):
        return False
    lo = max(0, start - _OPENING_REACH)
    said = text[lo:start]
    cut = max((k + len(o) for o in _OPENERS if (k := said.rfind(o)) >= 0), default=-1 if lo else 0)
    if cut < 0:
        return False  # no message's start within reach
    words = said[cut:].replace("\\u00e9", "\u00e9").replace(",", " ").lower().split()
    return len(words) <= 4 and all(w in _OPENING_WORDS for w in words)


# A card's number read in two uneven groups, its issuer's number first: the IIN's six digits or, since ISO/IEC 7812's
# eight-digit IINs, eight, then the rest (``card number 415246 3653247245``, ``numer karty to 35828318 59749887``)
_IIN_SIZES = (6, 8)
# a card label in the callers' languages right before them, with its copula: "card number", "the card is", "numer
# karty to", "il numero della carta è" (JSON: "\u00e8"), "mijn kaartnummer is", "número do cartão é"; "the long number
# is" (the card's number, as said beside its short security code)
_NUMBER_LABEL = re.compile(
    rf"(?i)(?<![a-z])(?:card(?:[ _-]?(?:number|num|no\.?|#))?|long number|{CARD_WORD_INTL})"
    r"(?: (?:is|es|est|c'est|ist|lautet|to|jest|to jest|\u00e8|\u00e9|\\u00e[89]|e|=))?"
    rf"{OPEN}$"
)


def iin_first(sizes: list[int]) -> bool:
    """Two groups, the first an IIN's length (``_IIN_SIZES``), of at most 16 digits (a 6+13 or 6+12 stays a printed
    UnionPay's, ``panchain.UNIONPAY_19``, or an id's)."""
    return len(sizes) == 2 and sizes[0] in _IIN_SIZES and sum(sizes) <= 16


def number_named(text: str, start: int) -> bool:
    """A card label (``card_named``'s or ``_NUMBER_LABEL``'s) right before groups ``iin_first`` starting at ``start``:
    an id's, a phone's or an order's label names no card, and other words between end the label."""
    return card_named(text, start) or _NUMBER_LABEL.search(text, max(0, start - 48), start) is not None


def card_named(text: str, start: int) -> bool:
    """A card key or a card label (``_LABEL``, ``_NUMBER_SAID``) right before ``start``."""
    lo = max(0, start - 48)
    key = key_before(text, lo, start)
    if key is not None and CARD_KEY.search(key.lower().replace("_", "").replace("-", "")) is not None:
        return True
    # prose ends in a label: "charge my card instead: 4…", "o número é 26 22 …"
    return _LABEL.search(text, lo, start) is not None or _NUMBER_SAID.search(text, lo, start) is not None
