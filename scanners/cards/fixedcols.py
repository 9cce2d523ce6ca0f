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

A field may also follow a letter with no space (a terminal id ending in a letter glued before the PAN field, as a
TC33/Base II-style 'D' record writes ``<merchant 15><terminal 8><pan 19><yymmdd>...``). Masked card numbers at a
column (``460902******9927``, leading digits, a mask run, the last four) prove it a PAN column as full ones do: a
file whose records mostly carry masked numbers has its unmasked ones in the same field. The field after the PAN is
the card's expiry only when it varies like one: when most of the column's records (masked ones too) hold one and the
same date as YYMMDD there, it is the batch's transaction or settlement date, and no expiry is read.
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
# A field's digits after a space, or glued to a letter ending the field before it (the type letter, a terminal id)
_RUN = lazy_compile(r"(?<=[ A-Z])([1-9][0-9]{11,})")
# A masked card number in a field: four to eight leading digits, the mask, the last four (glued to the next field's
# digits when it fills the field); 12 to 19 characters in all
_MASKED = lazy_compile(r"(?<=[ A-Z])([1-9][0-9]{3,7}(?:\*{2,12}|X{2,12})[0-9]{4})")
_YYMM = lazy_compile(r"[1-4][0-9](?:0[1-9]|1[0-2])")
_YYMMDD = lazy_compile(r"[1-4][0-9](?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])")
TRIGGER = r"^[A-Z]{1,2}[0-9][0-9A-Z .,&'/#*-]{0,118}[ A-Z][1-9][0-9]{11}"
# The prefilter's trigger is how a record line begins, and ``TRIGGER`` screens each hit's line: as a hyperscan
# pattern, its bounded run of a wide class cost 10-15 % of the whole trigger pass on the first corpus (no hits there).
LINE_START = r"^[A-Z]{1,2}[0-9]"
_RECORD = re.compile(TRIGGER, re.MULTILINE)


class Tally:
    """One record type's column: its values, those holding a card number (full or masked), and the first 6 characters
    of the field after each card value (its padding skipped), counted."""

    __slots__ = ("_dated", "after", "cards", "values")

    def __init__(self) -> None:
        self.cards, self.values, self.after = 0, 0, dict[str, int]()
        self._dated: bool | None = None  # answered once the census is done

    def confirmed(self) -> bool:
        return self.cards >= MIN_RECORDS and 2 * self.cards >= self.values

    def dated(self) -> bool:
        """The field after the card values is one YYMMDD date in most records: the batch's date, no expiry."""
        if self._dated is None:
            top = max(self.after.items(), key=lambda kv: kv[1], default=("", 0))
            self._dated = top[1] >= MIN_RECORDS and 2 * top[1] >= self.cards and _YYMMDD.fullmatch(top[0]) is not None
        return self._dated


Census = dict[tuple[str, int], Tally]


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


def _next_field(text: str, at: int, line_end: int) -> str:
    """The 6 characters of the field at ``at``, after any spaces padding the field before it."""
    while at < line_end and text[at] == " ":
        at += 1
    return text[at : at + 6]


def census(text: str) -> Census:
    """For each (record type, column) of the text's record lines: its ``Tally``."""
    counts: Census = {}
    for line in _LINE.finditer(text):
        ls, kind = line.start(), line[1]
        hi = min(line.end(), ls + MAX_COLUMN + 20)
        for rx in (_RUN, _MASKED):
            for run in rx.finditer(text, ls, hi):
                col = run.start(1) - ls
                if col > MAX_COLUMN:
                    break
                tally = counts.setdefault((kind, col), Tally())
                tally.values += 1
                if rx is _MASKED:
                    end = run.end(1)
                elif (cut := _split(text, run.start(1), run.end(1), line.end())) is not None:
                    end = cut[0]
                else:
                    continue
                tally.cards += 1
                after = _next_field(text, end, line.end())
                tally.after[after] = tally.after.get(after, 0) + 1
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
            if tally is None or not tally.confirmed():
                continue
            start = run.start(1)
            cut = _split(text, start, run.end(1), line.end())
            if cut is None:
                continue
            yield start, cut[0], "pan", text[start : cut[0]]
            if cut[1] >= 0 and not tally.dated():
                yymm = text[cut[1] : cut[1] + 4]
                yield cut[1], cut[1] + 4, "expiry", f"{yymm[2:]}/{yymm[:2]}"
