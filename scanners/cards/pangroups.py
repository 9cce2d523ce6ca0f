"""PAN candidate analysis shared by the PAN detectors: digit groups, plausible grouping, id-like key context.

A candidate region is a run of digit groups joined by separators (space, several spaces, dash, dot, slash, tab,
Unicode spaces and dashes, a middle dot, one bullet, `` | `` outside a table row). Zero-width characters are
transparent. PANs are picked greedily left to right from contiguous group windows, longest first, so a card next
to another number (``99 4111 1111 1111 1111``) is found; in one evenly grouped run (fours, one separator) only the
whole run or its opening groups before a card's tail can be one (``6222 1992 2608 3400 574``, a mistyped 19-digit
number, holds no 15-digit card in its last four groups).
An ASCII window takes a fast path: a bare number (no separator joining it to other digits) is decided directly.
The trigger patterns that wake the PAN detector and the checks of a hit before its window are ``pantriggers``'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import accumulate

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan, is_pan_ascii, is_test_pan
from scanners.cards.confounders import after_plus, confounder
from scanners.cards.dashedtables import column_header
from scanners.cards.idkeys import id_keyed as id_keyed  # noqa: PLC0414 (re-exported: detectors.companions)
from scanners.cards.panchain import MERGED_TAILS, embossed_19, plausible_grouping
from scanners.cards.scripts import unspaced

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
SEPARATORS = (
    " \t\\-./\u00a0\u00b7\u1680\u2000-\u200a\u2010-\u2015\u2028\u2029\u202f\u205f\u2212\u3000\ufe58\ufe63\uff0d"
)
# A bullet, one between two groups (``4111 \u2022 1111``, ``4111\u30fb1111``): a bullet operator, dot operator or
# katakana middle dot as typed; never a run of them, which masks digits (``4111 \u2022\u2022\u2022\u2022 1111``).
BULLETS = "\u2022\u2219\u22c5\u30fb"
# A JSON-escaped \n, \t or \r right before the digits ends the previous word like a real line break would.
_STARTS = r"(?:(?<![0-9A-Za-z_])|(?<=\\[ntr]))"
# Separators between groups: those above, or a comma and one or two spaces, as speech-to-text and DTMF lists write
# them ("4111, 1111, ..."). A bare comma is a CSV or JSON field break: numeric cells never join into a card.
ASCII_SEP = r"(?:[ \t\-./]{1,4}|, {1,2}| \| )"
ASCII_REGION = re.compile(rf"{_STARTS}[0-9](?:{ASCII_SEP}?[0-9]){{{MIN_LENGTH - 1},}}", re.ASCII)
# The same start conditions, written after the first character: a pattern that opens with a character class lets
# ``re`` skip ahead to it instead of trying the look-behinds at every position (1.7x faster on log lines).
UNICODE_REGION = re.compile(
    rf"[\d{ZERO_WIDTH}](?:(?<![0-9A-Za-z_].)|(?<=\\[ntr].))(?<!\d.)(?:[\d{ZERO_WIDTH}]*\d|(?<=\d))"
    rf"(?:(?:[{SEPARATORS}{ZERO_WIDTH}]{{0,4}}|, {{1,2}}| \| | ?[{BULLETS}] ?)\d){{{MIN_LENGTH - 1},}}[{ZERO_WIDTH}]*"
)
# ASCII fast path: digit runs joined by separators, when there are several runs or one of MIN_LENGTH+ digits. Only
# a stretch of MIN_LENGTH characters or more can hold a card, so the look-ahead passes over shorter ones (dates,
# versions, IP addresses) in C; no position inside a skipped stretch can start a longer one.
_CANDIDATE = re.compile(
    rf"[0-9](?=[0-9 \t\-./,|]{{{MIN_LENGTH - 1}}})"
    rf"(?:[0-9]{{{MIN_LENGTH - 1},}}(?:{ASCII_SEP}[0-9]+)*|[0-9]*(?:{ASCII_SEP}[0-9]+)+)"
)
# A non-ASCII character the Unicode path reads differently from the ASCII one: a digit, separator or zero-width.
UNICODE_SPECIAL = re.compile(rf"[^\x00-\x7f](?<=[\d{SEPARATORS}{ZERO_WIDTH}{BULLETS}])")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_GROUP = re.compile(rf"[\d{ZERO_WIDTH}]*\d[\d{ZERO_WIDTH}]*")
_ASCII_GROUP = re.compile("[0-9]+")
# A number that counts a code's digits right after the groups ("... 45 170 3 digit code", "... 03 1 4-stelliger Code",
# digits said one by one: "... 2 2 2 3 digit code on the back"): the next words', not the card's
COUNTS_DIGITS = re.compile(r"(?i)[ -](?:digits?|stellige[rn]?|d\u00edgitos|chiffres)(?![a-z])")
_SEP_BYTES = b" \t-./,|"  # the separators of an ASCII candidate (``ASCII_SEP``)


# A PAN shorter than this (12-digit Maestro) counts only when its groups are the whole region, never as a piece of
# a longer grouped number (the first three groups of a 16-digit number that fails Luhn); written as one run it is a
# value of its own, whatever field follows it (``?card=<n>\t200``: a tab-separated export's next cell).
SHORT_ALONE = 13
PHONE_DIGITS = 15  # E.164: an international number has at most 15 digits, country code included


def canonical_digits(group: str) -> str:
    """ASCII digits of a group: Unicode digits translated, zero-width characters dropped."""
    if group.isascii():
        return group
    return "".join(str(unicodedata.decimal(c)) for c in group if c not in ZERO_WIDTH)


def glued_after(text: str, end: int) -> bool:
    """A word character right at ``end``, but no letter of a script written without spaces (``scripts``)."""
    return end < len(text) and ((text[end].isalnum() and not unspaced(text[end])) or text[end] == "_")


def glued_before(text: str, start: int) -> bool:
    """A word character right before ``start``, unless it is the letter of a JSON escape (``\\n4111...``)."""
    if start == 0 or text[start - 1] not in _WORD:
        return False
    return not (start > 1 and text[start - 2] == "\\" and text[start - 1] in "ntr")


def _in_array(text: str, start: int) -> bool:
    """The digits open a bracketed list (``[4, 1, 1, ...]`` is the array detector's case; a list of whole numbers,
    ``[3544629456514, 4111111111111111]``, is scanned element by element)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'\\":
        i -= 1
    return i >= 0 and text[i] == "["


def pans_in_region(text: str, start: int, end: int) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, digits, number of groups) of each PAN in the candidate region ``text[start:end]``."""
    region = text[start:end]
    if region.isdigit() and region.isascii():  # the common case: one bare number
        if MIN_LENGTH <= len(region) <= MAX_LENGTH and not glued_after(text, end) and is_pan(region):
            yield start, end, region, 1
        return
    if "," in region and _in_array(text, start) and all(len(g) == 1 for g in _GROUP.findall(text, start, end)):
        return  # one digit per element: the array detector's case
    if region.isascii():  # its groups are runs of ASCII digits
        groups = [(*m.span(), m.group()) for m in _ASCII_GROUP.finditer(text, start, end)]
    else:
        groups = [(m.start(), m.end(), canonical_digits(m.group())) for m in _GROUP.finditer(text, start, end)]
    if groups and glued_after(text, end):
        groups.pop()  # the last group is part of a following token
    if len(groups) > 1 and len(groups[-1][2]) == 1 and COUNTS_DIGITS.match(text, groups[-1][1]):
        groups.pop()  # "... 2 2 2 3 digit code": the last digit counts the code's digits
    sizes = [len(g[2]) for g in groups]
    ends = [0, *accumulate(sizes)]  # ends[k]: digits in the first k groups: a stretch is a slice of ``number``
    number = "".join(g[2] for g in groups)  # ASCII digits (canonical_digits)
    i, n = 0, len(groups)
    even = n > 2 and sizes[0] <= 5 and sizes[:-1].count(sizes[0]) == n - 1 and sizes[-1] <= sizes[0]
    # (one number's groups are joined alike: a card, then a wider gap or a decimal point and an amount, is two
    # numbers, as a statement line prints them: ``Karte 5519 7022 2329 8153   1835.82 EUR``)
    if even and len({text[groups[k][1] : groups[k + 1][0]] for k in range(n - 1)}) > 1:
        even = False
    if even and (ends[n] > MAX_LENGTH or (sizes[0] == 1 and not is_pan_ascii(number))):
        # one long number evenly grouped in short groups, or digits said one by one (a spoken order number): a
        # card is the whole run or its opening digits, never a stretch from its middle
        yield from _opening_pan(groups, sizes, ends, number)
        return
    # (in one evenly grouped run, as in a longer one: the whole, or its opening groups before a card's tail)
    while i < n and not (even and i):
        for j in range(min(n - 1, i + 18), i - 1, -1):
            length = ends[j + 1] - ends[i]
            if not MIN_LENGTH <= length <= MAX_LENGTH or (length < SHORT_ALONE and i < j and j - i + 1 < n):
                continue
            if even and j < n - 1 and not _card_tail(number[ends[j + 1] :]):
                continue
            if not plausible_grouping(sizes[i : j + 1]) and not (
                length == 19
                and embossed_19(sizes[i : j + 1], number[ends[i] : ends[i] + 2])
                and _printed(text, groups, i, j)
            ):
                continue  # UnionPay's 6+13 (``panchain.UNIONPAY_19``) only as printed: one space or dash
            if j - i == 3 and sizes[i + 1] == 3 and not _printed(text, groups, i, j):
                continue  # 4-3-3-3 (``panchain.VISA_13``) as a card is printed, not a list of numbers (``4096, 512``)
            if sizes[j] > 4 and sizes[i : j + 1] in MERGED_TAILS and not _typed_whole(text, groups, i, j):
                continue  # fours with a longer last group: a whole number, not the middle of a longer one
            digits = number[ends[i] : ends[j + 1]]
            if is_pan_ascii(digits):
                yield groups[i][0], groups[j][1], digits, j - i + 1
                i = j
                break
        i += 1


_PRINTED_SEPS = frozenset(" -\u00a0\u2009\u202f\u2010\u2011\u2013")  # a space or a dash, one character

def _printed(text: str, groups: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """The groups ``i`` to ``j`` are joined by one separator, the same each time, a space or a dash: how a 13-digit
    card is printed and typed (``4986 751 234 567``, ``4986-751-234-567``). Commas, dots and slashes join lists of
    numbers, amounts and versions (``4096, 512, 256, 128``); a dotted one after a card's label is ``loose_pan``'s."""
    seps = {text[groups[k][1] : groups[k + 1][0]] for k in range(i, j)}
    return len(seps) == 1 and seps.pop() in _PRINTED_SEPS


def _typed_whole(text: str, groups: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """The groups ``i`` to ``j`` open their run and are joined by one separator, the same each time (whichever a
    person typed but a comma): a whole number in fours with its last digits merged into the last group
    (``panchain.MERGED_TAILS``), not four-digit groups taken from a longer grouped number."""
    seps = {text[groups[k][1] : groups[k + 1][0]] for k in range(i, j)}
    return i == 0 and len(seps) == 1 and "," not in seps.pop()  # "4462, 8158, 21028": a list of numbers


def reads_whole(text: str, spans: list[tuple[int, int]]) -> bool:
    """``pans_in_region`` reads the digit groups ``spans`` (a whole run) in their layout itself: a plausible grouping
    (``panchain``), joined as that layout wants; ``loosegroups`` leaves such a run to it."""
    sizes = [e - s for s, e in spans]
    if not plausible_grouping(sizes):
        return False
    groups, last = [(s, e, "") for s, e in spans], len(spans) - 1
    if last == 3 and sizes[1] == 3:
        return _printed(text, groups, 0, last)
    return sizes[-1] <= 4 or sizes not in MERGED_TAILS or _typed_whole(text, groups, 0, last)


def _opening_pan(
    groups: list[tuple[int, int, str]], sizes: list[int], ends: list[int], number: str
) -> Iterator[tuple[int, int, str, int]]:
    """The PAN in one evenly grouped run longer than any card number (``9400 1014 6682 0371 0310 81``: a tracking
    number, an ICCID, a payment reference): only its opening groups, and only when the rest is what card dumps and
    callers put after a card number (an expiry, a security code). A stretch from its middle is a piece of it."""
    for j in range(min(len(groups), 19) - 1, -1, -1):
        length = ends[j + 1]
        if SHORT_ALONE <= length <= MAX_LENGTH and plausible_grouping(sizes[: j + 1]):  # 12 digits only alone
            tail, digits = number[length:], number[:length]
            if _card_tail(tail) and is_pan_ascii(digits):
                yield groups[0][0], groups[j][1], digits, j + 1
                return


def _card_tail(tail: str) -> bool:
    """A security code (3 digits), an expiry (MMYY), or both (MMYY then 3-4 digits)."""
    return len(tail) == 3 or (len(tail) in (4, 7, 8) and "01" <= tail[:2] <= "12")


def _phone_end(text: str, start: int, end: int) -> int:
    """Where the international phone number that opens the region ``text[start:end]`` ends: its leading groups, up
    to the 15 digits E.164 allows. A number written after it (``+86 139 1234 5678 4111 1111 1111 1111``) is not
    part of it."""
    digits, stop = 0, start
    for m in _GROUP.finditer(text, start, end):
        digits += len(canonical_digits(m.group()))
        if digits > PHONE_DIGITS:
            break
        stop = m.end()
    return stop


_CELL = re.compile("[0-9](?:[^|]*[0-9])?")  # a cell's digits, up to the bar that ends it


def _table_row(text: str, at: int) -> bool:
    """``at`` is on a line that opens with a bar: a Markdown, Jira or MySQL client table row, whose `` | `` ends a
    cell (a prose "card 4425 | 4495 | ..." uses the bar as a group separator, as a middle dot or a dash)."""
    escaped = text.rfind("\\n", 0, at)  # a JSON-escaped line break ends a row as a real one does
    start = max(text.rfind("\n", 0, at) + 1, escaped + 2 if escaped >= 0 else 0)
    while start < at and text[start] in " \t":
        start += 1
    return text.startswith("|", start)


def region_pans(text: str, start: int, end: int) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, digits, test_card) of each PAN in a candidate region.

    Not reported: an id-keyed bare value (unless a test card) and any confounder (``cards.confounders``)."""
    digits = text[start:end]
    if digits.isascii() and digits.isdigit() and (len(digits) > MAX_LENGTH or not is_pan(digits)):
        return  # the common case: one bare number that is no card
    if "|" in text[start:end] and _table_row(text, start):
        # cells of a table row are separate values (one number over cells only as the header says:
        # ``decoders.table_parts``), each read alone
        for cell in _CELL.finditer(text, start, end):
            yield from region_pans(text, *cell.span())
        return
    phone_end = _phone_end(text, start, end) if after_plus(text, start) else start
    for s, e, digits, groups in pans_in_region(text, start, end):
        if s < phone_end:
            continue  # inside an international phone number, whichever of its groups would pass
        test = is_test_pan(digits)
        # Every check is pure, so their order is free: the confounders first, as they reject more candidates than
        # the id keys do and cost no more (record shapes: 2,581 of 5,223 against 94 of 4,835; ~9 us a call each).
        if not confounder(text, s, e, digits, groups) and (
                test or (s != start and not _whole_field(text, s, e)) or not id_keyed(text, s)):
            yield s, e, digits, test


def _whole_field(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` is a whole field of a row: tab-separated (a TSV's, a pg_dump COPY row's) or a value in an SQL
    tuple (``(1, <n>, NULL)``) or a cell of a fixed-width table (``dashedtables``), a value of its own that its
    column's name may name, though the tab, ``, `` or blank also joins it to the digits before it into one candidate
    region."""
    if text[s - 1] == " " and (e == len(text) or text[e] in " \r\n"):
        return column_header(text, s, e) is not None  # a cell of a fixed-width table (sqlcmd, ``Format-Table``)
    return (text[s - 1] == "\t" or text.endswith(", ", 0, s)) and (e == len(text) or text[e] in "\t\r\n,)")



def window_pans(text: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, digits, test_card) of each PAN in each window ``text[pos:endpos]``."""
    ascii_text = text.isascii()
    for window_start, endpos in windows:
        pos = window_start
        # A window whose only non-ASCII characters are letters or symbols (names in logs) takes the ASCII path.
        if (
            not ascii_text
            and not text[max(0, pos - 1) : endpos].isascii()
            and UNICODE_SPECIAL.search(text, max(0, pos - 1), endpos) is not None
        ):
            while endpos - pos >= MIN_LENGTH and (region := UNICODE_REGION.search(text, pos, endpos)) is not None:
                pos = region.end()
                yield from region_pans(text, region.start(), pos)
            continue
        # ASCII window and look-behind character: an ASCII_REGION match lies at the end of a _CANDIDATE match (a
        # stretch of digit runs joined by separators); a bare run of digits is decided here as region_pans would.
        for m in _CANDIDATE.finditer(text, pos, endpos):
            start, pos = m.span()
            digits = m.group()
            if not digits.isdigit():  # digit runs joined by separators: a region needs MIN_LENGTH digits of them
                if (
                    len(digits.encode("ascii").translate(None, _SEP_BYTES)) >= MIN_LENGTH
                    and (region := ASCII_REGION.search(text, start, pos)) is not None
                ):
                    yield from region_pans(text, region.start(), region.end())
            elif (
                len(digits) <= MAX_LENGTH
                and is_pan_ascii(digits)  # first: it rejects almost every run, and every check here is pure
                and not glued_before(text, start)
                and not glued_after(text, pos)
                and not confounder(text, start, pos, digits, 1)  # before the id keys: see region_pans
                and ((test := is_test_pan(digits)) or not id_keyed(text, start))
            ):
                yield start, pos, digits, test

