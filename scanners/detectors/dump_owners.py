"""Which keys own a value in an object a Java or .NET program logs whole, read from the nesting it writes.

- Java's ``toString`` (Lombok ``@Data``/``@ToString``, records, the AWS Lambda Java events' classes): a member is
  ``key=value`` and a nested object ``key=Class(...)`` (``key=Outer.Inner(...)``), a map ``key={k=v}``, a list
  ``key=[v]``: ``SecurityCode=LexV2Event.Slot(shape=Scalar, value=LexV2Event.SlotValue(originalValue=834, ...))``.
- .NET's anonymous objects and records (``Microsoft.Extensions.Logging`` with ``{@Slot}``, ``ToString()``): a member
  is ``Key = value`` and a nested object ``Key = { ... }``; a hook's message names the slot it logs in prose before
  the object: ``Slot Cvn: { OriginalValue = 585 }``, ``Slot Expiry resolved: { OriginalValue = 11-29 }``.

``object_keys(text, at)`` lists the keys owning the value starting at ``text[at]`` (after ``key=``, ``key=[`` or
``Key = ``), innermost first, as written: the value's own key, then the key of each enclosing object, map or list
(the first opening bracket before it not closed after it), up to ``depth`` keys and ``REACH`` characters back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match, Pattern

from scanners.lazy_re import lazy_compile

REACH = 600
_KEY = lazy_compile(r"(?<![\w$.])(?P<key>[A-Za-z_$][\w$]{0,63})(?:=|[ \t]=[ \t])\[?$")
_BRACKETS = re.compile(r"[()\[\]{}]")
# What precedes an object's opening bracket: its key and class (``value=LexV2Event.SlotValue``), its key alone
# (``slots=``, ``Value = ``, ``Cvv: ``), or a .NET hook's prose naming a Lex slot (``Slot Cvn:``, ``Slot Expiry
# resolved:``), searched leftmost first so that the slot's name wins over ``resolved:``.
_PARENT = re.compile(
    r"(?:(?<![\w$.])[Ss]lot[ \t]+(?P<slot>[A-Za-z_][\w-]{0,63})(?:[ \t]+resolved)?:[ \t]?"
    r"|(?<![\w$.])(?P<key>[A-Za-z_$][\w$]{0,63})(?:=|[ \t]=[ \t]|:[ \t])(?:[A-Za-z_$][\w.$]{0,127})?)$"
)
_PARENT_BACK = 200


def object_keys(text: str, at: int, depth: int = 4) -> Iterator[str]:
    """The keys owning the value at ``at`` in a Java or .NET object dump, innermost first (as written)."""
    lo = max(0, at - REACH)
    m = _KEY.search(text, max(lo, at - 70), at)
    if m is None:
        return
    yield m["key"]
    for parent in parents(
        text, lo, m.start(), brackets=_BRACKETS, closers=")]}", parent=_PARENT, back=_PARENT_BACK, depth=depth - 1
    ):
        yield parent["slot"] or parent["key"]


def parents(
    text: str,
    lo: int,
    start: int,
    *,
    brackets: Pattern[str],
    closers: str,
    parent: Pattern[str],
    back: int,
    depth: int,
    elements: bool = False,
) -> Iterator[Match[str]]:
    """The ``parent`` matches (a key just before an opening bracket, searched ``back`` characters before it) of the
    objects and arrays enclosing ``text[start]``, innermost first, at most ``depth``: the ``brackets`` of
    ``text[lo:start]`` are walked last first, a closed pair skipped; an opening bracket with no key stops the walk.
    Serves JSON-like structure (``structure``) and the dumps here alike. With ``elements``, an object with no key that
    is an array's element (an opening brace right after ``[`` or ``,``) is passed through to the array's key: a Lex V2
    multi-value slot's ``"values": [{"value": {...}}]`` belongs to the slot."""
    open_depth, found = 0, 0
    for b in brackets.finditer(text[lo:start][::-1]):
        if found >= depth:
            return
        i, c = start - 1 - b.start(), b.group()
        if c in closers:
            open_depth += 1
        elif open_depth:
            open_depth -= 1
        else:
            m = parent.search(text, max(lo, i - back), i)
            if m is None and elements and c == "{" and text[max(lo, i - back) : i].rstrip(" \t\r\n")[-1:] in ("[", ","):
                continue
            if m is None:
                return
            yield m
            found += 1


# pydantic v2's ValidationError names the field on a line of its own, then gives its message and the value on the
# next (``card.security_code\n  Input should be a valid string [type=string_type, input_value=349, input_type=int]``);
# a log line may hold the error escaped (``\n``: a backslash ends the message). The location's last part names it.
_PYDANTIC = lazy_compile(r"(?:^|\\n)(?:[\w-]{1,64}\.){0,6}(?P<field>[A-Za-z_][\w-]{0,63})(?:\\n|\r?\n)  [^\n\\]{1,200}"
                       r"\[type=[a-z_]{1,64}, input_$", re.MULTILINE)


def error_field(text: str, at: int) -> str | None:
    """The field a pydantic error names for the ``value=`` of its ``input_value=`` starting at ``at``."""
    m = _PYDANTIC.search(text, max(0, at - 400), at) if text.endswith("input_", 0, at) else None
    return None if m is None else m["field"]

