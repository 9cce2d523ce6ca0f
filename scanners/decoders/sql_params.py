"""A statement's values logged as one list beside it, named by the statement's columns. ORMs, drivers and audit
trails log the statement with placeholders and its values as a tuple, an array or a bind list, so a card's parts
stand at a position, not under a key that names them:

- SQLAlchemy (``echo=True``, ``sqlalchemy.engine``): the statement, then ``[generated in 0.00031s] (...)``,
  ``[cached since 12.3s ago] (...)``, ``[no key 0.0002s] (...)``, ``[raw sql] (...)`` with a Python tuple
  (``?``, ``%s``, ``:name`` placeholders; a dict names its keys itself), or after a driver error ``[SQL: ...]``
  then ``[parameters: (...)]``;
- Sequelize (``logQueryParameters``): ``Executing (default): INSERT ... VALUES ($1,$2); "v1", "v2"`` (the values
  as JSON after the statement's ``;``);
- Prisma's ``query`` event: ``"query": "... $1 ..."`` (or ``?``) and ``"params": "[...]"``, a JSON array string;
- Oracle's fine-grained and unified audit: ``SQL_TEXT=... :1 ... :b2`` and ``SQL_BIND= #1(3):123 #2(5):12/27``
  (``#n(length):value``, the n-th placeholder's value);
- ActiveRecord: ``INSERT ... VALUES ($1, $2)  [["card_number", "..."], ["cvc", "123"]]``, pairs that name themselves.

The segment is the line of the values; it decodes to ``column = 'value'`` for each value whose column is found
(``sql_binds.columns``: an INSERT's column list against its VALUES list, ``column = placeholder`` pairs), from the
nearest statement before the values (on the same line or within ``sql_binds``' reach before it). Values are taken
only when there are as many as the statement's positional placeholders (another statement's values name other
columns), and only beside a full card number (``sql_binds.card_beside``): an expiry bound beside a masked card is
card metadata. Limits: a line longer than ``max_segment`` characters is ignored; decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.decoders.sql_binds import card_beside, columns, statement_before
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (
    # SQLAlchemy: the echo's cache note, or a driver error's parameters
    r"\[(?:(?:generated in|no key|dialect [\w+]+ does not support caching) [0-9.]+s|cached since [0-9.]+s ago"
    r"|raw sql)\] \(",
    r"\[parameters: \(",
    r"Execut(?:ing|ed) \([^()\n]{0,80}\): ",  # Sequelize (``Executed`` with ``benchmark``)
    r"params\"?: ?[\"']\[",  # Prisma's query event
    r"SQL_BINDS?=",  # Oracle audit
    r"\[\[\"[\w.]+\", ",  # ActiveRecord
)
_TRIGGER = re.compile("|".join(TRIGGERS))
# A positional placeholder other than ``$n`` (read in order): ``?``, ``%s``, ``:1``, ``:b1``, ``:name``.
_ORDERED = lazy_compile(r"%s|(?<![:\w]):(?:[A-Za-z_]\w*|[0-9]+)\b")
_DOLLAR = lazy_compile(r"\$([0-9]+)\b")
_PY_VALUE = re.compile(
    r"""\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[\w.]+\((?:[^()'"]|'[^']*'|"[^"]*")*\)|[^,()'"\s][^,()]*?)\s*(?:,|$)"""
)
_JSON_VALUE = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|[-\w.+]+)\s*(?:,\s*|$)""")
_ORACLE_BIND = lazy_compile(r"#([0-9]+)\(([0-9]+)\):")
_AR_PAIR = lazy_compile(r"""\["([\w.]+)", ("(?:[^"\\]|\\.)*"|[^\]"]*)\]""")
_PRISMA = lazy_compile(r"""\"?(query|params)\"?: ?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _unquote(value: str) -> str:
    """A logged value without its quotes (a Python or JSON string literal, or a call such as ``Decimal('1.5')``)."""
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _list(body: str, rx: re.Pattern[str]) -> list[str] | None:
    """The values of a comma-separated list (``rx`` reads one value and its comma), or None when one does not read."""
    out, at = [], 0
    while at < len(body):
        m = rx.match(body, at)
        if m is None or m.end() == at:
            return None
        out.append(_unquote(m[1]))
        at = m.end()
    return out


def _tuple(text: str, opened: int, end: int) -> list[str] | None:
    """The values of the Python tuple opening at ``text[opened]`` (SQLAlchemy), or None."""
    close = text.rfind(")", opened, end)
    return None if close < 0 else _list(text[opened + 1 : close].rstrip(", "), _PY_VALUE)


def _oracle(text: str, at: int, end: int) -> list[str]:
    """The values of ``SQL_BIND= #1(3):123 #2(5):12/27`` (each value is its stated length long)."""
    out: list[str] = []
    while (m := _ORACLE_BIND.search(text, at, end)) is not None and m[1] == str(len(out) + 1):
        out.append(text[m.end() : m.end() + int(m[2])])
        at = m.end() + int(m[2])
    return out


def _prisma(line: str) -> tuple[str, list[str]] | None:
    """The statement and values of a Prisma ``query`` event (JSON, or Node's printed object)."""
    found: dict[str, str] = {}
    for m in _PRISMA.finditer(line):
        raw = m[2] if m[2] is not None else m[3].replace('"', '\\"').replace("\\'", "'")
        try:
            found[m[1]] = json.loads(f'"{raw}"')
        except ValueError:
            return None
    try:
        params = json.loads(found.get("params", ""))
    except ValueError:
        return None
    if "query" not in found or not isinstance(params, list):
        return None
    return found["query"], ["" if v is None else str(v) for v in params]


def _sequelize(body: str) -> str | None:
    """Sequelize's ``<statement>; "v1", 2``: the values after the first ``; `` past a placeholder that read as a
    JSON list."""
    first = _DOLLAR.search(body)
    cut = -1 if first is None else body.find("; ", first.end())
    while cut >= 0:
        values = _list(body[cut + 2 :].rstrip(), _JSON_VALUE)
        if values is not None:
            return named_values(body[:cut], values)
        cut = body.find("; ", cut + 2)
    return None


def named_values(statement: str, values: list[str]) -> str | None:
    """``column = 'value'`` for each value whose placeholder's column is found, or None (no column, a count that
    does not match the statement's placeholders, or no full card number among the values)."""
    dollars = {int(n) for n in _DOLLAR.findall(statement)}
    if dollars:
        if max(dollars) > len(values):
            return None
        named = columns(statement)
    else:
        normal = _ORDERED.sub("?", statement)
        if normal.count("?") != len(values):
            return None
        named = columns(normal)
    numbered = [(str(n), v) for n, v in enumerate(values, 1)]
    pairs = [f"{named[n]} = '{v}'" for n, v in numbered if n in named]
    return ", ".join(pairs) if pairs and card_beside(statement, named, numbered) else None


def decode_line(text: str, s: int, e: int, m: re.Match[str]) -> str | None:
    """The values line ``text[s:e]`` (its trigger ``m``) with each value named by its column, or None."""
    head = m.group()
    if head.startswith("[["):
        pairs = [(k, _unquote(v)) for k, v in _AR_PAIR.findall(text, m.start(), e)]
        if not card_beside(text[s : m.start()], {k: k for k, _ in pairs}, pairs):
            return None
        return ", ".join(f"{k} = '{v}'" for k, v in pairs) or None
    if head.startswith("SQL_BIND"):
        return named_values(statement_before(text, m.start()), _oracle(text, m.end(), e))
    if head.startswith("Execut"):
        return _sequelize(text[m.end() : e])
    if head.startswith("["):
        values = _tuple(text, m.end() - 1, e)
        return None if values is None else named_values(statement_before(text, m.start()), values)
    found = _prisma(text[s:e])
    return None if found is None else named_values(*found)


class SqlParamsDecoder(BoundedDecoder):
    id = "sql_params"
    priority = 29
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            decoded = decode_line(text, s, e, m)
            if decoded is not None:
                yield Decoded(s, e, capped(decoded, self.max_output), ("sql_params",), lines=True)


DECODER = SqlParamsDecoder
