"""A prepared statement's bind parameters named by their columns. A database or an ORM logs the statement with
placeholders and the values apart, so a card's parts stand under ``$2`` or ``[2]``, not under a key that names them:

- PostgreSQL (``log_statement = all`` or ``log_min_duration_statement``, extended query protocol): ``LOG:  execute
  <unnamed>: INSERT INTO card_vault (pan, expiry, cvc) VALUES ($1, $2, $3)`` then ``DETAIL:  parameters: $1 = '...',
  $2 = '05/32', $3 = '217'``;
- Hibernate's bind trace (``org.hibernate.type.descriptor.sql.BasicBinder``, ``org.hibernate.orm.jdbc.bind``): the
  statement with ``?`` placeholders, then a line per value, ``binding parameter [2] as [VARCHAR] - [05/32]``
  (Hibernate 5) or ``binding parameter (2:VARCHAR) <- [05/32]`` (Hibernate 6).

The segment is the line of the values; it is decoded with each placeholder replaced by its column
(``expiry = '05/32'``), read from the nearest statement before it (within ``_REACH`` characters; on the same line
in a csvlog row, whose ``message`` column holds the statement and ``detail`` the parameters): an ``INSERT``'s
column list against its ``VALUES`` list, and ``column = $n`` (``SET``, ``WHERE``) anywhere in it. PostgreSQL's
values are taken only when the statement's placeholders are exactly the ones listed (another session's statement
logged between them names other columns); a placeholder with no column found stays as it is.
A value named by its column is card data only beside a full card number: a line is decoded only when the
statement's values (the parameters line, or Hibernate's run of bind lines) hold one; an expiry bound beside a
masked card or a last four is card metadata and stays as it is (``card_beside``, shared with ``sql_params``).
Limits: a line longer than ``max_segment`` characters is ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.detectors.card_summary import holds_card_number
from scanners.lazy_re import lazy_compile

TRIGGERS = (
    r"parameters: \$[0-9]+ = ",  # PostgreSQL's DETAIL line
    r"binding parameter (?:\[[0-9]+\] as \[|\([0-9]+:)",  # Hibernate 5 and 6
)
_TRIGGER = re.compile("|".join(TRIGGERS))
_REACH = 4000
_VERB = lazy_compile(r"(?i)\b(?:insert|update|select|delete|merge|upsert)\b")
_IDENT = r"""(?:[A-Za-z_][\w$]*\.)*["`]?(?P<col>[A-Za-z_][\w$]*)["`]?"""  # (MySQL quotes with backticks)
_INSERT = lazy_compile(
    r"(?i)\binsert\s+into\s+[\w.\"`]+\s*\((?P<cols>[^()]*)\)\s*values\s*\((?P<vals>(?:[^()]|\([^()]*\))*)\)"
)
_ASSIGN = lazy_compile(rf"{_IDENT}\s*=\s*(?P<ph>\$[0-9]+|\?)")
_PLACEHOLDER = lazy_compile(r"\$[0-9]+|\?")
_TOP_COMMA = lazy_compile(r",(?![^()]*\))")
_PG_PARAM = lazy_compile(r"\$(?P<n>[0-9]+)(?= = )")
_TABLE = lazy_compile(r"""(?i)\b(?:insert\s+into|update)\s+(?:[\w$]+\.)*["`]?(?P<table>[A-Za-z_][\w$]*)""")
_NUMBER_COLUMN = lazy_compile(r"(?i)number|num|no|nr")
_PG_VALUE = lazy_compile(r"\$([0-9]+) = ('(?:[^']|'')*')")
_HIBERNATE = lazy_compile(r"binding parameter (?:\[(?P<a>[0-9]+)\] as \[\w+\] - |\((?P<b>[0-9]+):\w+\) <- )")
_BIND_RUN = 64  # Hibernate bind lines read either side of one, for the statement's other values


def card_beside(statement: str, named: dict[str, str], values: Iterable[tuple[str, str]]) -> bool:
    """True when a value (placeholder number, value) is a full card number read as its column's value
    (``card_summary.holds_card_number``: an ``id`` or ``seq`` column's 19 digits that pass Luhn are no card); a
    column named only ``number`` is read with its table's name (``card_captures.number``: a card's number)."""
    table = _TABLE.search(statement)
    for n, value in values:
        name = named.get(n, "")
        if table is not None and _NUMBER_COLUMN.fullmatch(name):
            name = f"{table['table']}_{name}"
        line = f"{name} = {value}" if name else value
        if holds_card_number(line, 0, len(line)):
            return True
    return False


def _bound_values(text: str, s: int, e: int) -> Iterator[tuple[str, str]]:
    """(number, value) of the Hibernate bind lines around ``text[s:e]`` (one statement's values are bound on
    consecutive lines)."""
    lo, hi = s, e
    for _ in range(_BIND_RUN):
        prev = text.rfind("\n", 0, max(0, lo - 1)) + 1
        if lo == 0 or _HIBERNATE.search(text, prev, lo - 1) is None:
            break
        lo = prev
    for _ in range(_BIND_RUN):
        nxt = text.find("\n", hi + 1)
        nxt = len(text) if nxt < 0 else nxt
        if hi >= len(text) or _HIBERNATE.search(text, hi + 1, nxt) is None:
            break
        hi = nxt
    for m in _HIBERNATE.finditer(text, lo, hi):
        value = text[m.end() : text.find("\n", m.end(), hi) % (hi + 1)].strip()
        yield m["a"] or m["b"], value[1:-1] if value[:1] == "[" and value[-1:] == "]" else value


def _number(statement: str, at: int, token: str) -> str:
    """A placeholder's number: ``$n``'s n; a ``?``'s place among the statement's ``?``s."""
    return token[1:] if token.startswith("$") else str(statement.count("?", 0, at) + 1)


def columns(statement: str) -> dict[str, str]:
    """Placeholder number -> the column it fills, from an INSERT's lists and ``column = placeholder`` pairs."""
    named: dict[str, str] = {}
    for m in _INSERT.finditer(statement):
        values = _TOP_COMMA.split(m["vals"])
        at = m.start("vals")
        for col, value in zip(m["cols"].split(","), values, strict=False):
            token, name = value.strip(), re.fullmatch(_IDENT, col.strip())
            if name is not None and _PLACEHOLDER.fullmatch(token):
                named[_number(statement, at + value.index(token), token)] = name["col"]
            at += len(value) + 1
    for m in _ASSIGN.finditer(statement):
        named.setdefault(_number(statement, m.start("ph"), m["ph"]), m["col"])
    return named


def statement_before(text: str, at: int) -> str:
    """The nearest statement before ``at``: from the last SQL verb within ``_REACH`` characters."""
    lo = max(0, at - _REACH)
    starts = [m.start() for m in _VERB.finditer(text, lo, at)]
    return text[starts[-1] : at] if starts else ""


def named_line(line: str, statement: str) -> str | None:
    """``line`` with its placeholders replaced by their columns, or None when none is named."""
    named = columns(statement)
    if (m := _HIBERNATE.search(line)) is not None:
        col = named.get(m["a"] or m["b"])
        return None if col is None else f"{line[: m.start()]}{col} = {line[m.end() :]}"
    listed = {p["n"] for p in _PG_PARAM.finditer(line)}
    if {p[1:] for p in _PLACEHOLDER.findall(statement) if p != "?"} != listed:
        return None  # another statement's parameters
    out = _PG_PARAM.sub(lambda p: named.get(p["n"], p.group()), line)
    return None if out == line else out


class SqlBindsDecoder(BoundedDecoder):
    id = "sql_binds"
    priority = 29
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            line = text[s:e]
            statement = statement_before(text, m.start()).replace('""', '"')
            decoded = named_line(line, statement)
            if m.group().startswith("binding"):
                values: Iterable[tuple[str, str]] = _bound_values(text, s, e)
            else:
                values = _PG_VALUE.findall(line, m.start() - s)
            if decoded is not None and card_beside(statement, columns(statement), values):
                yield Decoded(s, e, capped(decoded, self.max_output), ("sql_binds",), lines=True)


DECODER = SqlBindsDecoder
