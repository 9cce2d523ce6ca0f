"""Which column of a fixed-width text table a value is in, and what the table's header calls that column: the result
text of sqlcmd, osql and SQL*Plus (a header line, a line of dashes under each column, one blank between columns, then
the rows, padded to the column widths) and PowerShell's ``Format-Table`` (the header, ``---`` under each column's
name, as long as the name: a right-aligned number or a longer value may stand out on either side of it). No
delimiter names a cell; its place on the line does.

A value is in the column whose dashes it overlaps, and only that one (a value under the gap between two columns, or
under two, is in none). The table is found upwards from the value: the nearest line above holding ``--`` must be the
rule (two runs of dashes at least, one of three or more, blanks between them and nothing else), the line above it
the header, with a name over each run (a letter first), and no blank line between the rule and the value (the rows
end at a blank line: sqlcmd's ``(n rows affected)``, the prompt after a ``Format-Table``). The rule is looked for at
most ``REACH`` characters up.

``column_header(text, start, end)`` names the column of the value ``text[start:end]``; ``rule_columns`` and
``row_cells`` read a table from its rule down (``decoders.dashed_tables``).
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

REACH = 1 << 16  # characters above a value its table's rule may be: sqlcmd's rows of ~100 characters, 600 of them
_RULE = lazy_compile(r"[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*\r?")
_RUN = re.compile(r"-+")
_NAME = lazy_compile(r"[^\W\d][\w .#\-()/:]{0,63}")
_BLANK = lazy_compile(r"\n[ \t]*\r?\n")
_TOKEN = re.compile(r"\S+")
_VALUE = re.compile(r"\S+(?: \S+)*")

Runs = list[tuple[int, int]]


def rule_columns(header: str, rule: str) -> tuple[list[str], Runs] | None:
    """``(names, runs)`` of a table whose header line is ``header`` and rule line ``rule`` (line breaks excluded):
    each run of dashes ``(start, end)`` on the line, and the header's name over it; None when ``rule`` is no rule or
    a run has no name over it."""
    if not _RULE.fullmatch(rule):
        return None
    runs = [m.span() for m in _RUN.finditer(rule)]
    if max(e - s for s, e in runs) < 3:
        return None
    header = header.rstrip("\r")
    names = [header[s:e].strip() for s, e in runs]
    if not all(_NAME.fullmatch(n) for n in names):
        return None
    return names, runs


def _column(runs: Runs, start: int, end: int) -> int | None:
    """The run ``[start, end)`` (columns on the line) overlaps, when it overlaps exactly one."""
    hits = [i for i, (s, e) in enumerate(runs) if start < e and s < end]
    return hits[0] if len(hits) == 1 else None


def column_header(text: str, start: int, end: int) -> str | None:
    """The header name of the fixed-width table column holding the value ``text[start:end]``, or None (see the
    module doc)."""
    line = text.rfind("\n", 0, start) + 1
    dash = _last_dash(text, max(0, start - REACH), line)
    if dash < 0:
        return None  # the common case: no dashes above the value
    rule = text.rfind("\n", 0, dash) + 1
    rule_end = text.find("\n", dash, line)
    if rule == 0 or rule_end < 0:
        return None
    found = rule_columns(text[text.rfind("\n", 0, rule - 1) + 1 : rule - 1], text[rule:rule_end])
    if found is None or _BLANK.search(text, rule_end, line) is not None:
        return None
    column = _column(found[1], start - line, end - line)
    return None if column is None else found[0][column]


# The last ``--`` found in a text and the stretch searched for it: the values of one text are asked about in order,
# so a later one searches only past that stretch (one tuple swapped at a time, safe across threads).
_memo: list[tuple[str, int, int, int]] = [("", 0, 0, -1)]


def _last_dash(text: str, lo: int, hi: int) -> int:
    """Where the last ``--`` in ``text[lo:hi]`` starts, or -1."""
    cached, since, until, dash = _memo[0]
    if cached is text and since <= lo < until <= hi:  # the stretch searched reaches into this one
        newer = text.rfind("--", until - 1, hi)  # from one back: a ``--`` across the stretch's end
        dash = newer if newer >= 0 else dash
        found = dash if dash >= lo else -1
    else:
        since = lo
        found = dash = text.rfind("--", lo, hi)
    _memo[0] = (text, since, hi, dash)
    return found


def row_cells(row: str, runs: Runs) -> list[str]:
    """The cells of a table row, one a run: each value of ``row`` (words one blank apart: ``6492 **** **** 8462``,
    ``James Muller``) in the run it overlaps; a value over two runs (two cells one blank apart) is read word by
    word, a word under no run joining the word before it. A value under no run is left out."""
    cells: list[list[str]] = [[] for _ in runs]
    for m in _VALUE.finditer(row):
        column = _column(runs, m.start(), m.end())
        if column is not None:
            cells[column].append(m.group())
            continue
        last = None
        for word in _TOKEN.finditer(row, m.start(), m.end()):
            last = _column(runs, word.start(), word.end()) if _overlaps(runs, word) else last
            if last is not None:
                cells[last].append(word.group())
    return [" ".join(c) for c in cells]


def _overlaps(runs: Runs, word: re.Match[str]) -> bool:
    return any(word.start() < e and s < word.end() for s, e in runs)
