"""SQL rows whose values stand apart from their column names, rewritten as JSON objects keyed by their columns (one
object per row that may hold cardholder data: a full card number or a security code's digits, ``sqlrows.card_row``),
so a card's parts read as they would in any keyed record (``"card_cvv": "123"``) and a row is its own record (an
expiry beside a masked card in one row is metadata, beside the full number in the next it is not):

- a dump's ``INSERT INTO t VALUES (...),(...);`` without a column list (mysqldump's extended INSERT, sqlite3's
  ``.dump``, ``pg_dump --inserts``): the columns of the ``CREATE TABLE t`` earlier in the text, in order; with a
  column list (``pg_dump --column-inserts``), its rows, so a month and a year column are read as one expiry; rows on
  lines of their own below ``VALUES`` (a seed file, ``pg_dump --rows-per-insert``): each row line is its own segment;
- a statement quoted inside a log field with its quotes escaped (Aurora MySQL advanced auditing's ``object``:
  ``'INSERT INTO t (a, b) VALUES (\\'4111...\\',\\'12/30\\')'``), read as the plain statement;
- ``pg_dump``'s ``COPY t (a, b, c) FROM stdin;`` and its tab-separated rows, up to ``\\.``: the segment is the rows,
  decoded line for line;
- SQL Server's ``exec sp_executesql N'INSERT ... VALUES (@P0, @P1)',N'@P0 nvarchar(4000),@P1 ...',N'v0',N'v1'``
  (SQL Profiler and Extended Events ``rpc_completed``, JDBC and ODBC drivers), positional or named
  (``@P1=N'v1'``), and ``exec sp_prepexec @p1 output,N'@P0 ...',N'INSERT ...',N'v0'`` (a driver's prepared
  statement): value n fills the n-th declared parameter, whose column is the INSERT's or ``col = @Pn``'s;
- PostgreSQL's ``test_decoding`` output: ``table public.t: INSERT: card_cvc[character varying]:'123' ...``.

A statement's line is the segment (lines=True: a value is reported on its own line). Limits: a line longer than
``max_segment`` characters is ignored, decoded text is cut at ``max_output``; a COPY block and a CREATE TABLE are
read only within the text scanned at once (a file is read in records of about 512K characters).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from scanners.cards.sqlrows import (
    COPY,
    INSERT,
    MAX_TUPLES,
    Value,
    card_row,
    column_list,
    copy_fields,
    may_hold_card,
    name_of,
    quoted,
    split_top,
    table_columns,
    tuples,
)
from scanners.decoders._common import BoundedDecoder, capped, over_limit, trigger_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import OUTPUT, note_limit

TRIGGERS = (
    r"(?i:insert[ \t]+into)[ \t]",
    r"COPY [\w.\"]{1,160} \(",  # pg_dump's ``COPY t (a, b) FROM stdin;``
    r"(?i:sp_executesql)[ \t]+N?'",
    r"(?i:sp_prepexec)[ \t]+@",
    r"table [\w.\"$]{1,160}: (?:INSERT|UPDATE|DELETE): ",
)
_TRIGGER = re.compile("|".join(TRIGGERS))
_EXEC = re.compile(r"(?i)sp_executesql\s+N?'|sp_prepexec\s+@\w+\s+output\s*,\s*N?'")
_PARAM = re.compile(r"@(?P<p>\w+)")
_ARG = re.compile(r"\s*,\s*(?:@(?P<name>\w+)\s*=\s*)?")
_BARE_ARG = re.compile(r"[\w.+\-]+")
_ASSIGN = re.compile(r"(?P<col>[\w\"`\[\]]+)\s*=\s*@(?P<p>\w+)")
_NEXT_LINE = 80  # how far past a line its INSERT's ``VALUES`` may look for the first row (on the next line)
_DECODING = re.compile(r"(?P<col>[\w$\"]+)\[(?P<type>[^\]\n]{1,64})\]:(?:'(?P<q>(?:[^']|'')*)'|(?P<bare>[^\s]+))")


def _objects(columns: Sequence[str], rows: Sequence[Sequence[Value]]) -> str:
    """Each row that may hold cardholder data (``card_row``) as a JSON object of its columns (a NULL dropped); rows
    the column list does not fit are skipped."""
    out = []
    for row in rows:
        if len(row) == len(columns) and card_row(list(columns), list(row)):
            out.append(json.dumps({c: v for c, v in zip(columns, row, strict=True) if v is not None}))
    return " ".join(out)


def _unescaped(line: str, at: int) -> str | None:
    """The statement quoted around ``line[at]`` (a log field: ``'INSERT ... VALUES (\\'...\\')'``), unquoted."""
    q = line.rfind("'", 0, at)
    if q < 0 or line[q + 1 : at].strip():
        return None
    got = quoted(line, q)
    return None if got is None else got[0]


def insert_rows(text: str, s: int, e: int) -> Iterator[tuple[int, int, str]]:
    """The rows of each INSERT on the line ``text[s:e]``, as objects: ``(start, end, objects)`` of each line holding
    rows, the INSERT's own line and, for a VALUES list that goes on over the lines below (``VALUES`` ends the line, or
    a row and a comma), each line below holding rows of it."""
    line, here = text[s:e], []
    for hit in INSERT.finditer(text, s, min(len(text), e + _NEXT_LINE)):
        if hit.start() >= e:
            break
        statement, m = text, hit
        if text[max(s, m.start() - 2) : m.start()].endswith("'") and "\\'" in line[m.end() - s : m.end() - s + 400]:
            inner = _unescaped(line, m.start() - s)
            found = None if inner is None else INSERT.match(inner.lstrip())
            if inner is None or found is None:
                continue
            statement, m = inner.lstrip(), found
        cols = column_list(m["cols"]) if m["cols"] else table_columns(text, s, name_of(m["table"]))
        below = statement is text and m.end() > e  # ``VALUES`` ends the line: the rows are on the lines below
        if not cols or not (below or may_hold_card(cols, statement, m.end())):
            continue
        starts: list[int] = []
        rows = tuples(statement, m.end(), starts=starts)
        if len(rows) == MAX_TUPLES:
            note_limit(OUTPUT)  # rows past the cap are not named by their columns: the item is not clean
        if statement is not text or (rows and starts[len(rows) - 1] < e):
            here.append(_objects(cols, rows))  # the rows all on the INSERT's line
            continue
        by_line: dict[int, list[list[Value]]] = {}
        for row, at in zip(rows, starts, strict=False):
            by_line.setdefault(text.rfind("\n", 0, at) + 1, []).append(row)
        for ls, held in by_line.items():
            le = text.find("\n", ls)
            yield ls, len(text) if le < 0 else le, _objects(cols, held)
    if any(here):
        yield s, e, " ".join(o for o in here if o)


def copy_block(text: str, m: re.Match[str]) -> tuple[int, int, str] | None:
    """The rows after a COPY header (to ``\\.`` or the text's end) and their objects, line for line."""
    start = text.find("\n", m.end()) + 1
    if start <= 0:
        return None
    stop = text.find("\n\\.", start - 1)
    end = len(text) if stop < 0 else stop
    cols = column_list(m["cols"])
    lines = [_objects(cols, [copy_fields(line)]) for line in text[start:end].split("\n")]
    return start, end, "\n".join(lines)


def _args(line: str, at: int) -> Iterator[tuple[str | None, str]]:
    """The arguments of a procedure call from ``line[at]`` (just after its first ``N'...'``'s end): (name, value)."""
    while (sep := _ARG.match(line, at)) is not None:
        at = sep.end()
        if line.startswith("N'", at):
            at += 1
        if (bare := _BARE_ARG.match(line, at)) is not None:  # a number, NULL
            value, at = bare.group(), bare.end()
        elif not line.startswith("'", at) or (got := quoted(line, at)) is None:
            return
        else:
            value, at = got
        yield sep["name"], value


def _placeholders(sql: str) -> dict[str, str]:
    """Parameter (lower case, no ``@``) -> the column it fills: an INSERT's lists, ``column = @P1`` anywhere."""
    params: dict[str, str] = {}
    if (ins := INSERT.search(sql)) is not None and ins["cols"]:
        rows = tuples(sql, ins.end())
        for col, value in zip(column_list(ins["cols"]), rows[0] if rows else [], strict=False):
            if value and (p := _PARAM.fullmatch(value.strip())):
                params[p["p"].lower()] = col
    for a in _ASSIGN.finditer(sql):
        params.setdefault(a["p"].lower(), name_of(a["col"]))
    return params


def exec_args(line: str) -> str | None:
    """``sp_executesql``'s (statement, declarations, values) or ``sp_prepexec``'s (handle, declarations, statement,
    values) as an object of the columns the values fill: the n-th value fills the n-th declared parameter, a named
    one (``@P1=N'...'``) its own."""
    m = _EXEC.search(line)
    if m is None or (first := quoted(line, m.end() - 1)) is None:
        return None
    args = list(_args(line, first[1]))
    if len(args) < 2:
        return None
    prepexec = m.group().lower().startswith("sp_prep")
    sql, declarations = (args[0][1], first[0]) if prepexec else (first[0], args[0][1])
    names = " ".join(d.split()[0] for d in split_top(declarations) if d.strip())  # ``@P0 nvarchar(4000)`` -> @P0
    declared = [p.lower() for p in _PARAM.findall(names)]
    params = _placeholders(sql)
    row: dict[str, str] = {}
    for i, (name, value) in enumerate(args[1:]):
        key = name.lower() if name else declared[i] if i < len(declared) else None
        if key is not None and key in params:
            row[params[key]] = value
    return json.dumps(row) if row else None


def decoding_row(line: str) -> str | None:
    """A ``test_decoding`` change's ``col[type]:value`` pairs as an object."""
    row = {name_of(d["col"]): d["q"].replace("''", "'") if d["q"] is not None else d["bare"]
           for d in _DECODING.finditer(line) if d["bare"] != "null"}
    return json.dumps(row) if row else None


class SqlRowsDecoder(BoundedDecoder):
    id = "sql_rows"
    priority = 30
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            line, decoded, c = text[s:e], None, m.group()[0]
            if c == "C":
                block = copy_block(text, copy) if (copy := COPY.match(text, m.start())) is not None else None
                if block is not None and not over_limit(block[1] - block[0], self.max_segment):
                    yield Decoded(block[0], block[1], capped(block[2], self.max_output), ("sql_rows",), lines=True)
                continue
            if c in "sS":
                decoded = exec_args(line)
            elif c == "t":
                decoded = decoding_row(line)
            else:
                for start, end, objects in insert_rows(text, s, e):
                    if objects:
                        yield Decoded(start, end, capped(objects, self.max_output), ("sql_rows",), lines=True)
            if decoded:
                yield Decoded(s, e, capped(decoded, self.max_output), ("sql_rows",), lines=True)


DECODER = SqlRowsDecoder
