"""Which keys own a value, read from the structure real systems write, not from a character gap.

``owner_keys(text, at)`` lists the keys that own the value starting at ``text[at]``, innermost first:
- the immediate key: a JSON member (``"cvc": "123"``, escaped quotes too, an array opening), a form key and its
  innermost bracket (``card[cvc]=123``), an XML element (``<CardCode>123``) or attribute (``cvv="123"``);
- then, for JSON, the keys of the enclosing objects and arrays, across lines (pretty-printed JSON, Lex slots such
  as ``"cvv": {"value": {"originalValue": "123"}}``), up to ``depth`` keys and ``REACH`` characters back.

``owned_by(text, at, wanted)`` is True when the first key of that chain that is not a generic value holder
(``value``, ``originalValue``, ``interpretedValue``, ``resolvedValues``...) matches ``wanted``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

REACH = 600
_IMMEDIATE = re.compile(
    r"""\\?"(?P<json>[A-Za-z_$@#][\w.$@#-]{0,63})\\?"[ \t]*:[ \t\r\n]*(?:\[[ \t\r\n]*)?\\?"?$"""
    r"|(?:^|[?&;\s\"'])[\w.-]*?(?:\[(?P<outer>[\w.-]{1,64})\])*?\[?(?P<form>[\w.-]{1,64})\]?=$"
    r"|<(?P<tag>[A-Za-z_][\w:.-]{0,63})(?:\s[^<>]{0,200})?>$"
    r"""|\s(?P<attr>[A-Za-z_][\w:.-]{0,63})=["']$"""
)
_PARENT = re.compile(r"""\\?"(?P<key>[A-Za-z_$@#][\w.$@#-]{0,63})\\?"[ \t]*:[ \t\r\n]*$""")
GENERIC = frozenset(
    {"value", "values", "originalvalue", "interpretedvalue", "resolvedvalues", "slotvalue", "rawvalue", "text",
     "digits", "answer", "input", "data", "val", "v", "content", "stringvalue", "plaintext", "raw"}
)  # fmt: skip


def norm(key: str) -> str:
    """``card_cvc``, ``cardCvc``, ``Card-CVC`` -> ``cardcvc``."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _parent(text: str, i: int, lo: int) -> tuple[str, int] | None:
    """The key of the object or array that encloses ``text[i]`` (scanning back to ``lo``) and where it starts."""
    depth = 0
    while i > lo:
        i -= 1
        c = text[i]
        if c in "}]":
            depth += 1
        elif c in "{[":
            if depth == 0:
                m = _PARENT.search(text, max(lo, i - 80), i)
                return (m["key"], m.start()) if m else None
            depth -= 1
    return None


def owner_keys(text: str, at: int, depth: int = 4) -> list[str]:
    """The keys owning the value at ``at``, innermost first (normalised)."""
    lo = max(0, at - REACH)
    m = _IMMEDIATE.search(text, max(lo, at - 260), at)
    if m is None:
        return []
    keys = [norm(m["json"] or m["form"] or m["tag"] or m["attr"])]
    if m["outer"]:
        keys.append(norm(m["outer"]))
    if m["json"] is None:
        return keys
    i = m.start()
    while len(keys) < depth and (parent := _parent(text, i, lo)) is not None:
        keys.append(norm(parent[0]))
        i = parent[1]
    return keys


def owned_by(text: str, at: int, wanted: Pattern[str]) -> bool:
    """The first non-generic key owning the value at ``at`` fully matches ``wanted``."""
    for key in owner_keys(text, at):
        if key not in GENERIC:
            return wanted.fullmatch(key) is not None
    return False


# A generic holder key and the opening of its value: ``"originalValue": "``, ``"resolvedValues": [\"``.
HOLDER = r'(?i:value)s?\\?"[ \t]*:[ \t]*\[?[ \t]*\\?"?'
_HOLDER = re.compile(HOLDER, re.ASCII)


def held_values(text: str, pos: int, endpos: int, wanted: Pattern[str]) -> Iterator[int]:
    """Offsets where the value of a generic holder key starts, in or just before ``text[pos:endpos]``, when the
    holder's first non-generic owner fully matches ``wanted``."""
    for m in _HOLDER.finditer(text, max(0, pos - 40), endpos):
        if m.end() >= pos and owned_by(text, m.end(), wanted):
            yield m.end()
