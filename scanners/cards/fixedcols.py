"""Card numbers in a column of fixed-width batch records: settlement, chargeback and draft files whose records start
with a record-type letter and hold the PAN in a fixed field further along the line (``D12345678 MERCHANT NAME
<pan field><yymm><amount>``), as processor settlement and chargeback extracts and card-draft records are laid out.

The PAN field is left-justified: the card number padded with spaces (or zeros) to the field's width, or, where the
number fills less than the field and the writer glued the fields, followed directly by the next field's digits. So the
field cannot be read on one line alone; the column decides. Among the records of one type in a text, a column where a
digit run starts after a space is a PAN column when at least ``MIN_RECORDS`` of its values hold a Luhn- and
IIN-valid card number and at least half of them do (a column of ids or amounts holds a valid one in about one line
of twenty). In that column the PAN is the field's digits up to the longest valid card number that the expiry follows
(YYMM, month 01-12, a year 2010-2049): right after the number (fields glued), after its zero padding to the 19-digit
field width, or as the next field after the space padding. Record lines are upper-case letters, digits, spaces and
the punctuation of names and references only, at least 40 characters, led by the type and a digit (an id or sequence
number); a NACHA record leads with a digit, a log line holds lower-case words. When two or more zeros end the field's
19 digits, the shortest card number they may pad is read first (a padded number reads as a longer valid one now and
then). ``TRIGGER`` admits every line whose card column this module can report (a table test samples the columns);
the engine is given the line's start (``LINE_START``) and ``record_line`` screens the line with ``TRIGGER``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan_ascii
from scanners.lazy_re import lazy_compile

MIN_RECORDS = 3  # values of one record type's column that must hold a card number
PAN_FIELD = 19  # the widest PAN field: the longest card number
MAX_COLUMN = 120  # how far into a record the PAN field may start
# A record line: a one- or two-letter type, then a field that is not a word (an id, a sequence number).
_LINE = lazy_compile(r"^([A-Z]{1,2})[0-9][0-9A-Z .,&'/#*-]{38,}\r?$", re.MULTILINE)
_RUN = lazy_compile(r" ([1-9][0-9]{11,})")
_YYMM = lazy_compile(r"[1-4][0-9](?:0[1-9]|1[0-2])")
TRIGGER = r"^[A-Z]{1,2}[0-9][0-9A-Z .,&'/#*-]{0,118} [1-9][0-9]{11}"
# The prefilter's trigger is how a record line begins, and ``TRIGGER`` screens each hit's line: as a hyperscan
# pattern, its bounded run of a wide class cost 10-15 % of the whole trigger pass on the first corpus (no hits there).
LINE_START = r"^[A-Z]{1,2}[0-9]"
_RECORD = re.compile(TRIGGER, re.MULTILINE)

Census = dict[tuple[str, int], list[int]]


def _after_padding(text: str, end: int, line_end: int) -> int:
    """Where the expiry starts when it is the field after the spaces padding the PAN field at ``end``, or -1."""
    at = end
    while at < line_end and text[at] == " ":
        at += 1
    return at if at > end and _YYMM.match(text, at) else -1


def _lengths(run: str) -> list[int]:
    """The PAN lengths to try, in order, for the field whose digits start ``run``: the longest first; but when two or
    more zeros end the field's 19 digits, first the shortest number those zeros may pad (a zero-padded field reads as
    a longer valid number now and then)."""
    top = min(len(run), PAN_FIELD)
    kept = len(run[:top].rstrip("0"))
    padded = range(max(12, kept), top - 1) if top - kept >= 2 else range(0)
    return [*padded, *range(top, 11, -1)]


def _split(text: str, start: int, end: int, line_end: int) -> tuple[int, int] | None:
    """(end of the PAN, start of the expiry or -1) of the PAN field whose digits are ``text[start:end]``."""
    run = text[start:end]
    for n in _lengths(run):
        if not is_pan_ascii(run[:n]):
            continue
        pad = run[n:PAN_FIELD]
        zeros = n + len(pad) - len(pad.lstrip("0"))  # where the zeros after the number end
        if zeros == len(run):  # spaces (after any zero padding) end the field: the expiry is the next field
            return start + n, _after_padding(text, end, line_end)
        if zeros == PAN_FIELD and _YYMM.match(run, PAN_FIELD) and len(run) >= PAN_FIELD + 4:  # zero-padded field
            return start + n, start + PAN_FIELD
        if _YYMM.match(run, n) and len(run) >= n + 4:  # the next field glued to the number
            return start + n, start + n
    return None


def record_line(text: str, end: int) -> bool:
    """The line of the ``LINE_START`` hit ending at ``end`` matches ``TRIGGER`` (from the line's start)."""
    return _RECORD.match(text, text.rfind("\n", 0, end) + 1) is not None


def census(text: str) -> Census:
    """For each (record type, column) of the text's record lines: [values holding a card number, values]."""
    counts: Census = {}
    for line in _LINE.finditer(text):
        ls, kind = line.start(), line[1]
        for run in _RUN.finditer(text, ls, min(line.end(), ls + MAX_COLUMN + 20)):
            col = run.start(1) - ls
            if col > MAX_COLUMN:
                break
            tally = counts.setdefault((kind, col), [0, 0])
            tally[1] += 1
            tally[0] += _split(text, run.start(1), run.end(1), line.end()) is not None
    return counts


def column_pans(text: str, pos: int, endpos: int, counts: Census) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, type, value) of the PAN and its expiry in each record line starting in ``text[pos:endpos]``
    whose card column ``counts`` (the text's census) confirms."""
    ls, hi = text.rfind("\n", 0, pos) + 1, text.find("\n", endpos)
    for line in _LINE.finditer(text, ls, len(text) if hi < 0 else hi):  # whole lines: the padding decides
        if line.start() >= endpos:
            return
        base, kind = line.start(), line[1]
        for run in _RUN.finditer(text, base, min(line.end(), base + MAX_COLUMN + 20)):
            tally = counts.get((kind, run.start(1) - base))
            if tally is None or tally[0] < MIN_RECORDS or 2 * tally[0] < tally[1]:
                continue
            start = run.start(1)
            cut = _split(text, start, run.end(1), line.end())
            if cut is None:
                continue
            yield start, cut[0], "pan", text[start : cut[0]]
            if cut[1] >= 0:
                yymm = text[cut[1] : cut[1] + 4]
                yield cut[1], cut[1] + 4, "expiry", f"{yymm[2:]}/{yymm[:2]}"
