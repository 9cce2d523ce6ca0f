"""SQL rows read as a database reads them: each value of a ``VALUES`` tuple, a COPY line or a statement's argument
list beside the column it fills.

- ``tuples(text, at)``: the value tuples of a ``VALUES`` list starting at ``text[at]`` (``(1,'a\\'b',NULL),(2,...)``:
  an extended INSERT holds several rows), each value as the database stores it: a quoted string unescaped (``\\'``,
  ``''`` and MySQL's backslash escapes), ``N'...'``, ``_binary '...'``, a bare token (a number, ``NULL``, ``0x...``,
  a function call) as written;
- ``table_columns(text, at, table)``: the columns of the last ``CREATE TABLE`` of ``table`` before ``text[at]`` (a
  dump's INSERT without a column list fills them in that order), in order; constraints and keys are no columns;
- ``copy_fields(line)``: a COPY line's tab-separated fields (``\\N`` is NULL, backslash escapes read);
- ``copy_column(text, at)``: the column a COPY line's value fills (an INSERT's: ``sqlinserts``);
- ``last_four_only(cols, values)``: a row whose columns name a last-four and whose values hold no full card number
  (nor a JSON document holding one, ``holds_card``): card metadata, so an expiry there is no cardholder data (PCI DSS
  counts it only stored with the full PAN).
"""

from __future__ import annotations

import re

from scanners.cards.brands import is_pan
from scanners.cards.summarynames import LAST4_NAMES
from scanners.lazy_re import lazy_compile

Value = str | None
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_BARE = lazy_compile(r"[^,()'\s]+(?:\((?:[^()']|'[^']*')*\))?")
_BLANK = lazy_compile(r"\s*")
# N'...', X'...' (sqlite's blob), _binary '...', _binary 0x..., _utf8mb4'...'
_INTRO = lazy_compile(r"[NnXxBb](?=')|_[A-Za-z0-9]+\s*(?=['0-9xXbB])")
_CREATE = lazy_compile(
    r"(?i)\bcreate\s+(?:temporary\s+|temp\s+)?table\s+(?:if\s+not\s+exists\s+)?(?P<name>[\w.\"`\[\]]{1,160})\s*\("
)
_NOT_COLUMN = frozenset({"primary", "key", "unique", "constraint", "index", "foreign", "check", "fulltext",
                         "spatial", "exclude", "like", "period"})
_QUOTES = "\"`[]"
_LAST4 = lazy_compile(rf"(?i)(?:[a-z]{{1,8}}[_-]?)?(?:{LAST4_NAMES})")
CODE_COLUMN = lazy_compile(r"(?i).*(?:cvv|cvc|cv2|cid|csc|security|verification).*")  # a security code's column
_DIGITS = lazy_compile(r"[0-9][0-9 \-]{10,24}[0-9]")


def name_of(identifier: str) -> str:
    """``public."card_capture"``, ```card_capture```, ``[dbo].[T]`` -> the last part, unquoted."""
    return identifier.rsplit(".", 1)[-1].strip(_QUOTES + " ")


_STRING = lazy_compile(r"'(?P<s>(?:[^'\\]|\\.|'')*)'", re.DOTALL)
_ESCAPED = lazy_compile(r"\\(.)|''", re.DOTALL)


def quoted(text: str, at: int) -> tuple[str, int] | None:
    """The string literal opening at ``text[at]`` (a quote) unescaped, and where it ends; None when it never closes."""
    m = _STRING.match(text, at)
    if m is None:
        return None
    body = m["s"]
    if "\\" in body or "''" in body:
        body = _ESCAPED.sub(lambda e: "'" if e[1] is None else _ESCAPES.get(e[1], e[1]), body)
    return body, m.end()


def _value(text: str, at: int) -> tuple[Value, int] | None:
    at = _BLANK.match(text, at).end()  # type: ignore[union-attr]  # \s* always matches
    if (intro := _INTRO.match(text, at)) is not None:
        at = intro.end()
    if text.startswith("'", at):
        return quoted(text, at)
    m = _BARE.match(text, at)
    if m is None:
        return None
    token = m.group()
    return (None if token.upper() == "NULL" else token), m.end()


MAX_TUPLES = 1 << 16  # a mysqldump extended INSERT holds thousands of rows on its one line


def tuples(text: str, at: int, limit: int = MAX_TUPLES, starts: list[int] | None = None) -> list[list[Value]]:
    """The value tuples of the ``VALUES`` list whose first ``(`` is at or after ``text[at]`` (at most ``limit``);
    where each opens is appended to ``starts`` when given."""
    rows: list[list[Value]] = []
    n = len(text)
    at = _BLANK.match(text, at).end()  # type: ignore[union-attr]
    while at < n and text[at] == "(" and len(rows) < limit:
        row: list[Value] = []
        if starts is not None:
            starts.append(at)
        at += 1
        while True:
            got = _value(text, at)
            if got is None:
                return rows
            value, at = got
            row.append(value)
            at = _BLANK.match(text, at).end()  # type: ignore[union-attr]
            if text.startswith(",", at):
                at += 1
                continue
            if text.startswith(")", at):
                at += 1
                break
            return rows
        rows.append(row)
        at = _BLANK.match(text, at).end()  # type: ignore[union-attr]
        if not text.startswith(",", at):
            break
        at = _BLANK.match(text, at + 1).end()  # type: ignore[union-attr]
    return rows


def split_top(body: str) -> list[str]:
    """``body`` split at the commas outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(body):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"`":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def column_list(body: str) -> list[str]:
    """``(`a`, "b", [c])``'s inside -> ``["a", "b", "c"]``."""
    return [name_of(c) for c in body.split(",")]


# The CREATE TABLEs of the last text asked about, (start, table, columns) in order: a dump asks once per INSERT line.
# The text and its list are replaced as one tuple.
_creates: list[tuple[str, list[tuple[int, str, list[str]]]]] = [("", [])]


def _columns(text: str, m: re.Match[str]) -> list[str]:
    """The columns a CREATE TABLE's parenthesized body defines (``m`` ends at its opening parenthesis)."""
    depth, i, n = 1, m.end(), min(len(text), m.end() + 20000)
    while i < n and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    cols = []
    for item in split_top(text[m.end() : i - 1]):
        words = item.split()
        if words and words[0].lower() not in _NOT_COLUMN:
            cols.append(name_of(words[0]))
    return cols


def table_columns(text: str, at: int, table: str) -> list[str] | None:
    """The columns of the last ``CREATE TABLE`` of ``table`` (``name_of``) before ``text[at]``, in order."""
    cached, creates = _creates[0]
    if cached is not text:
        creates = [(m.start(), name_of(m["name"]).lower(), _columns(text, m)) for m in _CREATE.finditer(text)]
        _creates[0] = (text, creates)
    table, found = table.lower(), None
    for start, name, cols in creates:
        if start >= at:
            break
        if name == table:
            found = cols
    return found or None


def copy_fields(line: str) -> list[Value]:
    """A COPY text-format line's fields: tab-separated, ``\\N`` NULL, backslash escapes read."""
    out: list[Value] = []
    for field in line.split("\t"):
        if field == "\\N":
            out.append(None)
        elif "\\" in field:
            out.append(re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), field))
        else:
            out.append(field)
    return out


COPY = lazy_compile(r"COPY (?P<table>[\w.\"]{1,160}) \((?P<cols>[^()\n]{1,2000})\) FROM stdin;")  # pg_dump's
# The COPY blocks of the last text asked about, (rows start, rows end, columns) in order. Replaced as one tuple.
_copies: list[tuple[str, list[tuple[int, int, list[str]]]]] = [("", [])]


def copy_blocks(text: str) -> list[tuple[int, int, list[str]]]:
    """Each ``COPY t (a, b) FROM stdin;`` block of ``text`` at a line start: where its rows start and end (before
    ``\\.`` or at the text's end) and its columns."""
    cached, blocks = _copies[0]
    if cached is text:
        return blocks
    blocks, at = [], text.find("COPY ")
    while at >= 0:
        m = COPY.match(text, at) if at == 0 or text[at - 1] == "\n" else None
        if m is not None and (start := text.find("\n", m.end())) > 0:
            stop = text.find("\n\\.", start)
            end = len(text) if stop < 0 else stop
            blocks.append((start + 1, end, column_list(m["cols"])))
            at = end
        at = text.find("COPY ", at + 1)
    _copies[0] = (text, blocks)
    return blocks


def copy_column(text: str, at: int) -> str | None:
    """The column of the COPY row field that starts at ``text[at]`` (after a tab or at its line's start)."""
    for start, end, cols in copy_blocks(text):
        if start <= at < end:
            ls = text.rfind("\n", 0, at) + 1
            index = text.count("\t", ls, at)
            return cols[index] if index < len(cols) else None
    return None


def full_card(values: list[Value]) -> bool:
    """One of ``values`` is a whole card number (IIN, length and Luhn)."""
    return any(v is not None and (m := _DIGITS.fullmatch(v.strip())) and is_pan(re.sub(r"[ \-]", "", m.group()))
               for v in values)


# A JSON document kept in a column (``'{"card_no":"4111...","src":"moto"}'``): a card number in it is the row's too
_JSON_RUN = lazy_compile(r"(?<![0-9])[0-9]{13,19}(?![0-9])")


def holds_card(values: list[Value]) -> bool:
    """One of ``values`` is a whole card number (``full_card``) or a JSON document holding one as a digit run."""
    return full_card(values) or any(
        v is not None and v.lstrip()[:1] in ("{", "[") and any(is_pan(m.group()) for m in _JSON_RUN.finditer(v))
        for v in values)


_LONG = lazy_compile(r"[0-9]{12}|[0-9]{4}[ \-][0-9]{4,6}[ \-][0-9]{4,5}")


def may_hold_card(columns: list[str], text: str, at: int) -> bool:
    """A cheap check before the rows after ``text[at]`` are parsed: a digit run as long as a card number's on the
    line, or a security code's column (``card_row`` decides for each row)."""
    end = text.find("\n", at)
    return (_LONG.search(text, at, len(text) if end < 0 else end) is not None
            or any(CODE_COLUMN.fullmatch(c) for c in columns))


def card_row(columns: list[str], values: list[Value]) -> bool:
    """The row may hold cardholder data: a full card number (in a JSON column's document too: ``holds_card``), or
    digits in a security code's column."""
    return holds_card(values) or any(
        v is not None and CODE_COLUMN.fullmatch(c) is not None and any(ch.isdigit() for ch in v)
        for c, v in zip(columns, values, strict=False))


def last_four_only(cols: list[str], values: list[Value]) -> bool:
    """The row names its card by a last-four column and holds no full card number: card metadata."""
    return any(_LAST4.fullmatch(c) for c in cols) and not holds_card(values)


# An INSERT, its column list or none (a dump's: the CREATE TABLE above names them), up to its first row's ``(``.
INSERT = lazy_compile(
    r"(?i)(?:\b|(?<=\\[nrt]))insert\s+(?:ignore\s+)?into\s+(?P<table>[\w.\"`\[\]\\]{1,160})\s*(?:\((?P<cols>[^()]{1,2000})\)\s*)?values\s*(?=\()"
)
