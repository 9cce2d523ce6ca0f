"""An expiry date beside a truncated card number is card metadata, not cardholder data: PCI DSS counts the expiry
as cardholder data only when it is stored with the full PAN, and a PAN cut to its first six and last four digits at
most is no PAN. Payment processors, receipts and agents write exactly that: Stripe's card object (``brand``,
``last4``, ``exp_month``, ``exp_year``), a gateway's ``<cardNumber>6500 **** **** 1220</cardNumber>`` beside its
``<expiryDate>``, a CRM note "card on file ************4242 exp 12/27", a YAML dump's ``last4:`` and ``exp_year:``.

A record names its card truncated (``truncated_refs``) when it holds:
- a last-four member, as JSON, a Python or Ruby repr, Node's util.inspect or YAML write its key (``"last4":``,
  ``last4:``; also ``last_four``, ``dynamic_last4``, ``pan_last4``, ``masked_pan``, PayPal's ``last_digits``,
  Adyen's ``cardSummary``, ``maskedCard``...), as an argument, a logfmt pair, a form path's end or a word before its
  digits (``last4=``, ``a.cardSummary=``, ``cardLast4 4242``: ``formnames``) or an XML element (``<last-4>``); or a BIN
  member of six or eight digits (``cardBin``, ``<bin>``);
- a masked card number: the last four digits after at least four mask characters (``*``, ``x``, ``X``, bullets, also
  as JSON escapes, HTML entities or quoted-printable), or two after the first four to six or eight digits, in one run
  or grouped (``************4242``, ``424242******4242``, ``675948***5269``, ``XXXX-XXXX-XXXX-4242``, a bullet run
  and 4242), or as ``cards.truncated`` reads it (``424242...4242``, ``x4242``, ``#### #### #### 4242``);
- the words "ending in", "ends in" or "last 4 digits" before four digits, or their Spanish, Portuguese, French,
  German or Italian ("termina en", "terminado em", "se terminant par", "endet auf", "termina con"...), or as
  ``cards.lastfour`` reads them (``last4 4242``, ``last_4 4242``, "ends with 4242", "final digits 4242");
- a card-number member that holds four digits, the last four (Payflow's response ``ACCT=4242&EXPDATE=1229``);
- a payment token (``cards.tokenrefs``: ``card_number: "tok_visa"``, ``card[number]=pm_card_visa``, a nonce).
It is card metadata when it also holds no full card number (``holds_card_number``: a whole-token number that passes the
IIN, length and Luhn checks, grouped as a card is printed, and is no id-keyed value nor a ``confounders`` class, such as
digits inside a base64 blob; escaped, written with entities or another script's digits or spaces, or spoken, too:
``card_forms``). The record of a value is its JSON object, or its parent when the object names no card either way; else
a constructor's parenthesized arguments (``CardDetails(...)``); else its line, read with its siblings when it is
indented (YAML, pretty-printed XML): the lines around it indented as far or further, up to a blank line or one indented
less; else, in a ``.properties`` or ``.env`` file, the keys that share its key's prefix (``cards.keygroups``); else its
XML element or the one or two enclosing it (``cards.elements``: XML pretty-printed without indentation).
Everything stays within ``OBJECT_REACH`` of the value. A record whose last four end a full card number within
``OBJECT_REACH`` of it is no metadata: that card is held in full beside it (``_held_in_full``), unless the record
is a log event of its own, its line opening with a time stamp, and the full number stands in another event (the
request a gateway client logged before the response: ``_log_event``).
An expiry right after a masked card (``a Visa x4242 expiring
12-27``, ``ending in 4242, exp 12/27``) is that card's, even in a record that quotes another card's full number,
unless a full card number on its line ends in the same four digits, or the expiry is a ``key=value`` field of its own
(``XXXX4242 expiry=12/27``: ``_attached``).

A security code is never metadata (PCI DSS forbids storing it after authorization, truncated card or not): only the
expiry detectors ask here.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from scanners.cards.brands import brand_of, is_pan
from scanners.cards.confounders import confounder
from scanners.cards.elements import enclosing_elements
from scanners.cards.keygroups import key_group  # test.card.last4=4242 and test.card.exp=12/27 in a .properties file
from scanners.cards.lastfour import own_field
from scanners.cards.masked import masked_spans
from scanners.cards.pangroups import id_keyed
from scanners.cards.softbreaks import soft_line  # "card on file 4242 **** **** 42=" then "42 exp 12/27"
from scanners.cards.summarynames import ENDING, collection, is_pair, keyed_pair, named_brands
from scanners.cards.truncated import holds_grouping
from scanners.detectors.card_forms import other_forms, spoken_card
from scanners.detectors.records import OBJECT_REACH, beside, constructor, enclosing_object, indented_block
from scanners.detectors.truncated_refs import Spans, references

# A whole-token number (also ``4111  1111``); the look-behind after its first digit: led by a digit, ``re`` skips
# ahead to one instead of trying the look-behind at every position
NUMBER = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])(?:(?:  |[ \-.])?[0-9]){11,18}(?![0-9A-Za-z])")
SEPARATORS = re.compile(r"  |[ \-.]")


def holds_card_number(text: str, lo: int, hi: int, *, grouped: bool = False) -> bool:
    """``text[lo:hi]`` holds a whole-token card number (``grouped``: printed as a card is, not as a caller says it) that
    is no id-keyed value nor what the PAN detector takes for none (``confounders``: a base64 blob's digits...)."""
    for m in NUMBER.finditer(text, lo, hi):
        digits = SEPARATORS.sub("", m.group())
        if is_pan(digits) and not id_keyed(text, m.start()) and (holds_grouping(m.group()) or not grouped) and (
                confounder(text, m.start(), m.end(), digits, len(SEPARATORS.split(m.group()))) is None):
            return True
    read = other_forms(text, lo, hi)  # escaped, entities, other scripts' digits or spaces (``card_forms``); spoken
    return (read is not None and holds_card_number(read, 0, len(read), grouped=grouped)) or spoken_card(text, lo, hi)


# What the last text asked about holds: (text, its truncated-card references by stretch, the answer for each position
# asked, whether each record judged holds a full card number, the verdict of each innermost object asked about). The
# expiry screen and find ask about the same hits, close together: one search serves many. Replaced as one tuple, so
# threads never mix two texts.
_Guards = tuple[tuple[int, int], ...]
_Verdict = tuple[bool, "tuple[int, int] | None", _Guards]  # decided by the objects, the record, guards
_Memo = tuple[str, dict[int, Spans], dict[int, "tuple[int, int] | None"], dict[tuple[int, int], bool],
              dict[tuple[int, int], _Verdict]]
_memo: list[_Memo] = [("", {}, {}, {}, {})]
_STRETCH = 4096  # stretch k: text[k * _STRETCH : (k + 1) * _STRETCH + 2 * OBJECT_REACH], a query from its part


def _memo_of(text: str) -> _Memo:
    memo = _memo[0]
    if memo[0] is not text:
        memo = _memo[0] = (text, {}, {}, {}, {})
    return memo


def _spans(text: str, lo: int, memo: _Memo) -> Spans:
    """The truncated-card references of the stretch that serves queries from ``lo`` on."""
    k = lo // _STRETCH
    spans = memo[1].get(k)
    if spans is None:
        spans = memo[1][k] = references(text, k * _STRETCH, (k + 1) * _STRETCH + 2 * OBJECT_REACH)
    return spans


def _has_ref(text: str, lo: int, hi: int, memo: _Memo) -> bool:
    """A truncated-card reference lies in ``text[lo:hi]`` (``hi - lo <= 2 * OBJECT_REACH``)."""
    starts, ends = _spans(text, lo, memo)
    i = bisect_left(starts, lo)
    while i < len(starts) and starts[i] < hi:
        if ends[i] <= hi:
            return True
        i += 1
    return False


def _holds(text: str, lo: int, hi: int, memo: _Memo) -> bool:
    """``holds_card_number``, answered once per record of a text (its hits ask about the same record)."""
    verdict = memo[3].get((lo, hi))
    if verdict is None:
        verdict = memo[3][lo, hi] = holds_card_number(text, lo, hi, grouped=True)
    return verdict


def _record(text: str, at: int, memo: _Memo) -> tuple[int, int] | None:
    """The innermost record around ``at`` that names a card truncated, when it holds no full card number. A record
    that names no card truncated but holds a full one ends the search with none (``_in_objects``, ``_outside_objects``:
    its guards); as that search finds none mostly, the guards are asked only about a record found past them."""
    top = enclosing_object(text, at) or keyed_pair(text, at)  # the key of an attribute object: that object
    guards: _Guards = ()
    if top is not None:  # every value of one object gets its verdict: judged once
        if (verdict := memo[4].get(top)) is None:
            verdict = memo[4][top] = _in_objects(text, top, memo)
        decided, found, guards = verdict
        if decided:
            return _unguarded(text, found, guards, memo)
    found, more = _outside_objects(text, at, memo)
    while found is not None and top is not None and top[0] and (up := enclosing_object(text, top[0])) is not None:
        top = up
    # records written one after another on a line (a Firehose object): the line is no record
    alone = top is None or not beside(text, *top) or is_pair(text, *top)  # an attribute is a record's member
    return _unguarded(text, found, guards + more, memo) if alone else None


def _unguarded(text: str, found: tuple[int, int] | None, guards: _Guards, memo: _Memo) -> tuple[int, int] | None:
    """``found``, unless one of the ``guards`` (records met before it, naming no card truncated) holds a full card."""
    return None if found is None or any(_holds(text, *g, memo) for g in guards) else found


def _in_objects(text: str, bounds: tuple[int, int] | None, memo: _Memo) -> _Verdict:
    """Whether the object ``bounds`` or its parent names a card truncated, and then the record (None: a full card
    number), or an attribute pair's collection does; with the guards met before it: an object that names no card
    truncated decides too when it holds a full card number (``_record`` asks)."""
    first, guards = bounds, _Guards()
    for _ in range(2):  # the value's object, then its parent
        if bounds is None:
            break
        if _has_ref(text, *bounds, memo):
            return True, None if _holds(text, *bounds, memo) else bounds, guards
        guards += (bounds,)
        bounds = enclosing_object(text, bounds[0]) if bounds[0] else None
    pair = collection(text, *first) if first is not None else None
    if pair is not None and _has_ref(text, *pair[1], memo):
        return True, None if _holds(text, *pair[0], memo) else pair[0], guards  # the record of an attribute object
    return False, None, guards


def _outside_objects(text: str, at: int, memo: _Memo) -> tuple[tuple[int, int] | None, _Guards]:
    """The record around ``at`` when its objects name no card either way: a constructor's arguments, the line or
    indented block, or an XML element; with the XML elements met before it (``_record``'s guards)."""
    for found in (constructor(text, at), indented_block(text, at)):
        if found is not None and _has_ref(text, *found, memo):
            return (None if _holds(text, *found, memo) else found), ()
    if (group := key_group(text, at)) is not None and any(_has_ref(text, *line, memo) for line in group):
        return (None if any(_holds(text, *line, memo) for line in group) else group[0]), ()  # a .properties card
    if "</" not in text[max(0, at - 80) : at + 80]:
        return None, ()
    guards: _Guards = ()
    for found in enclosing_elements(text, at, OBJECT_REACH):  # XML pretty-printed without indentation
        if _has_ref(text, *found, memo):
            return (None if _holds(text, *found, memo) else found), guards
        guards += (found,)
    return None, ()


def truncated_object(text: str, at: int) -> tuple[int, int] | None:
    """The record around ``at`` when it names its card truncated and holds no full card number."""
    memo = _memo_of(text)
    if at in memo[2]:
        return memo[2][at]
    near = _has_ref(text, max(0, at - OBJECT_REACH), min(len(text), at + OBJECT_REACH), memo)
    result = (_record(text, at, memo) or _attached(text, at, memo)) if near else None
    result = memo[2][at] = None if result is not None and _held_in_full(text, *result, memo) else result
    if result is None and (soft := soft_line(text, at)) is not None:  # a raw mail's line, its soft breaks decoded
        line, k, lo, hi = soft
        own: _Memo = (line, {}, {}, {}, {})
        found = _record(line, k, own) or _attached(line, k, own)
        result = memo[2][at] = (lo, hi) if found is not None else None
    return result


# What may stand between a masked card and the expiry keyword or date that follows it: "x4242 expiring 12-27",
# "ending in 4242, exp 12/27", "************4242 (exp 12/27)", "x4242 which expires 12/27".
_GAP = re.compile(r"[ \t,;:(\-]{0,3}(?:(?:which|that|and|it|is|was) ){0,2}")


def _attached(text: str, at: int, memo: _Memo) -> tuple[int, int] | None:
    """The masked card right before ``at`` (an expiry's keyword or date), when no full card number on the line ends
    in its four digits (see the module doc)."""
    starts, ends = _spans(text, max(0, at - 60), memo)
    i, ref = bisect_left(starts, at - 60), None
    while i < len(starts) and starts[i] < at:
        if ends[i] <= at and _GAP.fullmatch(text, ends[i], at):
            ref = starts[i], ends[i]
        i += 1
    four = "".join(c for c in text[ref[0] : ref[1]] if c.isdigit())[-4:] if ref else ""
    if ref is None or len(four) < 4 or own_field(text, at):  # ``expiry=12/27``: the record's field
        return None
    ls, le = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    for m in NUMBER.finditer(text, ls, len(text) if le < 0 else le):
        if (digits := SEPARATORS.sub("", m.group())).endswith(four) and is_pan(digits):
            return None
    return ref[0], at + 1


_LAST_FOUR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")  # in a masked number: ``************4242``
_VALUE_FOUR = re.compile(r"""[ \t:="'>\\]{0,8}([0-9]{4})(?![0-9])""")  # after a member's key: ``"last4": "4242"``


def _held_in_full(text: str, lo: int, hi: int, memo: _Memo) -> bool:
    """The card the record ``text[lo:hi]`` names by its last four stands in full within ``OBJECT_REACH`` of it (the
    request that made it, printed above the response: ``stripe post ... -d card[number]=<PAN>`` then the card object
    with ``last4``): its expiry is held with its full number, so it is cardholder data."""
    starts, ends = _spans(text, lo, memo)
    fours: set[str] = set()
    for i in range(bisect_left(starts, lo), len(starts)):
        if starts[i] >= hi:
            break
        fours.update(m.group(1) for m in (_VALUE_FOUR.match(text, ends[i], hi),) if m is not None)
        fours.update(_LAST_FOUR.findall(text, starts[i], ends[i])[-1:])
    brands = named_brands(text, lo, hi)  # "Visa ending in 7119": a Diners card ending in 7119 is another card
    start, end = max(0, lo - OBJECT_REACH), min(len(text), hi + OBJECT_REACH)
    if (line := _json_line(text, lo, hi) or _log_event(text, lo, hi, end)) is not None:
        start, end = max(start, line[0]), min(end, line[1])  # a JSON-lines record, a log event: another is another
    for a, b in ((start, lo), (hi, end)):
        for m in NUMBER.finditer(text, a, b) if fours else ():
            digits = SEPARATORS.sub("", m.group())
            if digits[-4:] in fours and is_pan(digits) and _of_brand(digits, brands) and (
                    not id_keyed(text, m.start())) and (
                    confounder(text, m.start(), m.end(), digits, len(SEPARATORS.split(m.group()))) is None):
                return True
    return False


def _of_brand(digits: str, brands: frozenset[str]) -> bool:
    return not brands or (brand := brand_of(digits)) is None or brand.name in brands


def _json_line(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The bounds of the line holding ``text[lo:hi]`` when that line is one whole JSON object (a JSON-lines log's
    record: the request logged on the line before is a record of its own, its card not this response's)."""
    a, b = text.rfind("\n", 0, lo) + 1, text.find("\n", hi)
    b = len(text) if b < 0 else b
    if text.find("\n", lo, hi) >= 0:
        return None
    line = text[a:b].strip()
    return (a, b) if line[:1] == "{" and line[-1:] == "}" else None


# A log event's header: its line opens with its date and time (ISO 8601, bracketed or not, or a syslog stamp)
_STAMPED = re.compile(
    r"\[?(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}|[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2})")
_NEXT_STAMPED = re.compile(r"\n(?=" + _STAMPED.pattern + ")")


def _log_event(text: str, lo: int, hi: int, end: int) -> tuple[int, int] | None:
    """The bounds of the log event holding ``text[lo:hi]`` when its first line opens with a time stamp: up to the next
    line that does (``end`` at most). The request a gateway's client logged as an event before its response is another
    event: the response's truncated card is metadata even when the request above holds that card in full."""
    a = text.rfind("\n", 0, lo) + 1
    if _STAMPED.match(text, a) is None:
        return None
    m = _NEXT_STAMPED.search(text, lo, end)
    return None if m is not None and m.start() < hi else (a, m.start() if m is not None else end)


def masked_number(cell: str) -> bool:
    """``cell`` is, as a whole, a truncated card number: masked (a CSV export's card column: ``************4242``)
    or "ending in 4242"."""
    whole = (0, len(value := cell.strip()))
    return ENDING.fullmatch(value) is not None or any(span == whole for span in masked_spans(value, *whole))


def truncated_card(text: str, at: int) -> bool:
    """The value at ``at`` sits in a record that names its card truncated and holds no full card number."""
    return truncated_object(text, at) is not None

