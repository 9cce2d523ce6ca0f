"""Card numbers said in speech and chat turns: split over consecutive turns of one speaker, or said in one turn in
uneven groups (``4929 069 00679 2183``, ``49 29 06 ...``).

A turn is the string value of a turn key (``speech_turns.TURN``: Contact Lens ``Content``, real-time
``PartialContent``, chat ``Content``, Lex ``inputTranscript``, Transcribe ``transcript``). A digit turn holds only
digit groups, digit words and filler words (a closing "that's it" after them too). Digit turns join when they follow
one another (no other turn between but the other party's backchannel, "mm-hm, go on": ``dictation.backchannel``) and
name the same participant (the ``ParticipantRole`` or ``ParticipantId`` of their JSON object); a turn before them
that alone is a whole card number is another answer, and ends the run. Joined turns count when the turn before them
(or before that whole number) asks for the card number, or, with no such question, when each turn is digits only and
the groups are laid out as a card is written (4-4-4-4, 4-6-5). The first run of joined turns holding 12-19 digits
that form a valid PAN is reported, on the digits of its first turn (where the number starts, as a reader points to
it; ``joined_from`` finds it from there). One turn asked for nothing counts alone when it is 13-19 digits in three
or more uneven numeral groups, as speech-to-text splits a number read out (``41 567 7810 444 9900014``).

A turn that says a date after an expiry verb ("expires 05/28", ``g\u00fcltig bis 08/30``) dates the card its speaker
gave the number of in one of the few turns just before (``card_said_before``): callers give the number, then the date.
The same holds in a transcript written a message a line, each line naming its speaker first (``Customer: it expires
05/28``, a chat export or a mailed transcript: ``card_line_before``).

The question for the card number is read in English, German, Spanish, French, Portuguese, Italian and Japanese
(``Kreditkartennummer``, ``número de la tarjeta``, ``カード番号``), its JSON escapes decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanners.cards.brands import is_pan
from scanners.cards.panchain import plausible_grouping
from scanners.decoders.json_escape import unescape
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.context import line_start
from scanners.detectors.dialogue import FILLERS, answers_id_question
from scanners.detectors.dictation import FAR, backchannel, dictated, party
from scanners.detectors.digit_words import DIGIT_WORDS
from scanners.detectors.number_words import pair_runs, runs
from scanners.detectors.speech_turns import TURN, split_keys, turn_keys
from scanners.lazy_re import lazy_compile

# A turn key: ``\\?"(?:Partial)?`` + ``TURN``, found by ``speech_turns.turn_keys`` from this (as ``TURN_KEY``).
KEY = re.compile(r'"(?=[PCcTtiUu])(?:Partial)?' + TURN)
REACH = 2000  # how far back the turns of one number and its question are looked for
MAX_TURNS = 19
_BODY = re.compile(r'[^"\\\r\n]{0,80}')
_TOKEN = re.compile(r"(?:[^\W\d_]|')+|[0-9]+|[.,!?\- ]+|.")
# the words a caller leads a number with in the other languages the card's question is read in ("ja das ist die",
# "oui donc", "s\u00ed es el", "ent\u00e3o o n\u00famero \u00e9"), besides the answers' English fillers
_LEADS = FILLERS | {"ja", "also", "das", "ist", "die", "nummer", "lautet", "oui", "donc", "alors", "c'est", "est", "le",
                    "num\u00e9ro", "s\u00ed", "si", "es", "el", "pues", "vale", "claro", "n\u00famero", "sim",
                    "ent\u00e3o", "o", "\u00e9", "allora", "\u00e8", "il", "numero"} | {
    # the card named before its number's first digits ("the long number is", "it's a visa", "die Kartennummer ist",
    # "o número do cartão é"): a turn that starts a number led by them is a digit turn too
    "card", "long", "a", "visa", "kartennummer", "karte", "de", "carte", "la", "tarjeta", "do", "da", "cart\u00e3o"}
# what may close a digit turn after its digits ("..., that's it", "thats the rest")
_CLOSERS = frozenset({"that's", "thats", "it", "all", "the", "rest", "thanks", "thank", "you", "done"})
# a possessive leads a number only with a card word ("mon numéro de carte", "meine Karte"): "meine 4929..." alone is
# some other number of the speaker's
_POSSESSIVES = frozenset({"meine", "mon", "ma", "mi", "meu"})
_CARD_LEADS = frozenset({"card", "visa", "kartennummer", "karte", "carte", "tarjeta", "cart\u00e3o"})
# The card number (or the card's details) named in a question, in the languages callers are served in: "card
# number", "Kreditkartennummer", "número de la tarjeta", "numéro de votre carte", "número do cartão", "numero della
# carta", "カード番号" (a lower-cased body, its JSON escapes decoded)
_QUESTION = re.compile(
    r"card ?(?:number|no\b|details)|long number|number on (?:the|your) card"
    r"|karten(?:nummer|daten)|nummer (?:ihrer |der |auf (?:der |ihrer ))?(?:kredit|debit|ec-?)?karte"
    r"|(?:n[u\u00fa]m[e\u00e9]ro|datos|donn[e\u00e9]es|dados|dati) d(?:e|el|a|o|i|ella|u|es)"
    r"(?: (?:la|l'|su|tu|sua|seu|votre|ta|vostra|tua|sa))?[ ']?(?:tarjeta|carte|cart[a\u00e3]o|carta)(?![a-z])"
    r"|\u30ab\u30fc\u30c9(?:\u306e)?\u756a\u53f7"
)
# "card" and filler words, then digit groups up to the end of the line or turn (a closing quote)
_SAID = re.compile(r"\b[Cc]ard(?P<gap>[A-Za-z' :]{0,16}?)(?P<v>[0-9]+(?:[ -][0-9]+){2,18})[.!?]?(?=[\"\r\n]|$)")
_SPACES = frozenset(" .,!?-")


@dataclass(frozen=True, slots=True)
class Turn:
    key: int  # where its key starts
    start: int  # its first and last digit (or digit word)
    end: int
    digits: str
    sizes: tuple[int, ...]  # its digit groups (a digit word is a group of one)
    words: bool  # some digit is a word
    party: str | None


def read_turn(text: str, start: int, end: int) -> Turn | None:
    """The turn whose key is ``text[start:end]`` when it is a digit turn (its body only digits, digit words and
    fillers)."""
    body = _BODY.match(text, end)
    if body is None or text[body.end() : body.end() + 1] not in ('"', "\\"):
        return None  # no closing quote within reach: a long turn
    digits, sizes, words, first, last, led, closed = "", [], False, -1, -1, set(), False
    for tok in _TOKEN.finditer(text, body.start(), body.end()):
        word = tok.group()
        if word[0] in _SPACES:
            continue
        value = word if word.isdigit() else DIGIT_WORDS.get(word.lower()) if word[0].isalpha() else None
        if value is None:
            lower = word.lower()
            if first >= 0 and lower in _CLOSERS:
                closed = True  # "..., that's it": no digit after it
            elif (lower not in _LEADS and lower not in _POSSESSIVES) or (first >= 0 and lower != "and"):
                return None  # a word that is no filler, or a filler inside the number
            led.add(lower)
            continue
        if closed:
            return None
        digits, words = digits + value, words or not word.isdigit()
        sizes.append(len(value))
        first, last = (tok.start() if first < 0 else first), tok.end()
    if not digits or (led & _POSSESSIVES and not led & _CARD_LEADS):
        return None
    return Turn(start, first, last, digits, tuple(sizes), words, party(text, start))


def asks_card(text: str, end: int) -> bool:
    """The turn whose key ends at ``end`` asks for the card number."""
    body = _WHOLE_BODY.match(text, end)
    said = body.group() if body is not None else ""
    if "\\" in said:  # "n\u00famero de la tarjeta": the escapes decoded
        said = unescape(said) or said
    return _QUESTION.search(said.lower()) is not None


def joined_pan(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, digits) when the digit turn whose key is ``text[start:end]`` ends the first run of joined turns
    forming a PAN: start and end are those of the run's first turn's digits."""
    last = read_turn(text, start, end)
    if last is None:
        return None
    keys = list(split_keys(text, max(0, start - REACH), start))
    run, asked, far, upto = [last], False, start <= REACH, start
    while True:
        if not keys and not far:  # a Call Analytics segment spends hundreds of characters on its word items
            keys, far = list(split_keys(text, max(0, start - FAR), upto)), True
        if not keys or len(run) == MAX_TURNS:
            if keys or start > FAR:
                return None  # the run's start is out of reach
            break
        before = keys.pop()
        upto = before[0]
        turn = read_turn(text, *before)
        if turn is None and last.party is not None and party(text, before[0]) != last.party and backchannel(
                text, before[1]):
            continue  # the other party's "mm-hmm, go on" does not break the number
        whole = turn is not None and turn.party == last.party and 12 <= len(turn.digits) <= 19 and is_pan(turn.digits)
        if turn is None or turn.party != last.party or whole:  # a whole number said before is another answer
            asked = (whole and bool(keys) and asks_card(text, keys[-1][1])) or _asked(text, keys, before, last.party)
            break
        run.insert(0, turn)
    if len(run) == 1 and not asked:
        return _uneven(text, last)
    if not asked and (last.party is None or any(t.words for t in run)):
        return None
    if len(run) == 1 and (last.words or plausible_grouping(list(last.sizes))):
        return None  # one turn in a card's layout, or in words: the PAN and spelled PAN detectors'
    for j in range(len(run)):
        digits = "".join(t.digits for t in run[: j + 1])
        sizes = [n for t in run[: j + 1] for n in t.sizes]
        if 12 <= len(digits) <= 19 and is_pan(digits) and (asked or plausible_grouping(sizes)):
            return (run[0].start, run[0].end, digits) if j == len(run) - 1 else None
    return None


_OWN_TURNS = 3  # how many of its speaker's own turns may stand between a run of digit turns and the question


def _asked(text: str, keys: list[tuple[int, int]], before: tuple[int, int], speaker: str | None) -> bool:
    """The turn ``before`` a run of ``speaker``'s digit turns asks for the card number, or, when it is the
    speaker's own (a whole number given first, a remark), the other party's last turn before it does: the speaker
    still answers that question (its turns are ``keys``, the turns before ``before``)."""
    if asks_card(text, before[1]):
        return True
    if speaker is None or party(text, before[0]) != speaker:
        return False
    for start, end in reversed(keys[-_OWN_TURNS:]):
        if party(text, start) != speaker:
            return asks_card(text, end)
    return False


_LETTER = re.compile("[A-Za-z]")


def _uneven(text: str, turn: Turn) -> tuple[int, int, str] | None:
    """(start, end, digits) when the digit turn ``turn``, asked for nothing, is a whole card number that
    speech-to-text split into three or more uneven numeral groups (``41 567 7810 444 9900014``: a card's own layout
    is the PAN detector's); 13-19 digits, so that a phone number with its country code (12) is none, and not the
    answer to a question for an order or account number (``dialogue.answers_id_question``)."""
    sizes = list(turn.sizes)
    if turn.words or len(sizes) < 3 or plausible_grouping(sizes) or not 13 <= len(turn.digits) <= 19:
        return None
    if _LETTER.search(text, turn.start, turn.end) or not is_pan(turn.digits):
        return None  # "555 0199 and 415 555 0123": two numbers
    if answers_id_question(text, turn.start, turn.end):
        return None
    return turn.start, turn.end, turn.digits


def joined_from(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """``joined_pan``'s PAN whose run starts at the digit turn whose key is ``text[start:end]``: found from the
    following digit turns of its speaker (the window of a number's first turn need not reach its last)."""
    first = read_turn(text, start, end)
    if first is None:
        return dictated(text, start, end)  # "the first part is ...", "mm-hmm", "then ..."
    for n, key in enumerate(split_keys(text, end, min(len(text), end + REACH)), 2):
        turn = read_turn(text, *key)
        if turn is None and first.party is not None and party(text, key[0]) != first.party and backchannel(
                text, key[1]):
            continue  # as in ``joined_pan``
        if turn is None or turn.party != first.party or n > MAX_TURNS:
            return None
        hit = joined_pan(text, *key)
        if hit is not None:
            return hit if hit[0] == first.start else None
    return None


def said_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """Numbers said after "card" in uneven digit groups (a card's own layout is the PAN detector's)."""
    for m in _SAID.finditer(text, lo, hi):
        if any(w.lower() not in FILLERS for w in re.findall("[A-Za-z']+", m["gap"])):
            continue
        sizes = [len(g) for g in re.split("[ -]", m["v"])]
        digits = m["v"].replace(" ", "").replace("-", "")
        if not plausible_grouping(sizes) and 12 <= len(digits) <= 19 and is_pan(digits):
            yield m.start("v"), m.end("v"), digits


_CARD_TURNS = 4  # how many lines before a date's message may hold its speaker's card number
_BACK_TURNS = 8  # how many turns before a date's turn may hold its speaker's card number
# a turn's body, its escapes too (a number said in words runs past ``_BODY``'s 80 characters)
_WHOLE_BODY = re.compile(r'(?:[^"\\\r\n]|\\.){0,400}')


def card_said_before(text: str, at: int) -> bool:
    """``at`` lies in the body of a turn, and one of the ``_BACK_TURNS`` turns before it (their text within
    ``REACH`` characters; a pretty-printed analysis file spends many more on each turn's metadata, in the same
    record) by the same participant holds a whole card number (digits, English words, or another language's:
    ``number_words``), or starts one dictated in parts (``dictation.dictated``)."""
    near = max(0, at - REACH)
    keys = list(turn_keys(KEY, text, min(near, max(0, at - FAR, text.rfind("\n{", max(0, at - FAR), at) + 1)), at))
    if not keys or keys[-1][0] < near or '"' in text[keys[-1][1] : at].replace('\\"', ""):
        return card_line_before(text, at)  # not inside a turn's body: a transcript's line, perhaps
    speaker, said = party(text, keys[-1][0]), 0
    for start, end in reversed(keys[-1 - _BACK_TURNS : -1]):
        body = _WHOLE_BODY.match(text, end)
        said += len(body.group()) if body is not None else REACH
        if said > REACH:
            return False
        if body is None or party(text, start) != speaker:
            continue
        if gives_card(text, end, body.end()) or dictated(text, start, end) is not None:
            return True
    return False


def gives_card(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` (a turn or a message) holds a whole card number: digits, English words or another language's
    (some groups said as numerals, or French pairs)."""
    return holds_card_number(text, lo, hi) or any(
        12 <= len(digits) <= 19 and is_pan(digits)
        for _, _, digits in [*runs(text, lo, hi, numerals=True), *pair_runs(text, lo, hi)])


# A transcript written a message a line, its speaker named first (``Customer: ...``, ``[10:21] Agent: ...``,
# ``(10:21:07) Agent: ...``: a chat export, a mailed transcript)
SPEAKER = lazy_compile(
    r"[ \t]*(?:(?:\[[^\]\r\n]{1,40}\]|\([0-9:.APMapm ]{4,20}\))[ \t]*)?([A-Z][A-Za-z .'\-]{0,30}?)[ \t]*:[ \t]")


def card_line_before(text: str, at: int) -> bool:
    """``at`` lies in a transcript's message (``Customer: it expires 05/28``), and one of the ``_CARD_TURNS`` lines
    right above it, each a message, is its speaker's and holds a whole card number (as ``card_said_before``)."""
    start = line_start(text, at)
    said = SPEAKER.match(text, start, at)
    if said is None:
        return False
    end = start - 1
    for _ in range(_CARD_TURNS):
        if end <= 0 or at - end > REACH:
            return False
        line = SPEAKER.match(text, line_start(text, end), end)
        if line is None:
            return False  # the transcript starts below this line
        if line[1] == said[1] and gives_card(text, line.end(), end):
            return True
        end = line.start() - 1
    return False
