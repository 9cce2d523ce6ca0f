"""The name a program's or a debugger's dump gives a value where no ``key: value`` rule reads one
(``idkeys``, which decides whether that name is an id's):

- PHP's ``var_dump``: the value (``string(16) "4…"``, ``int(4…)``) on the line below its key (``["order_id"]=>``);
- PHP's ``serialize()`` (a session store): ``s:8:"order_id";s:16:"4…";``, the key the string before the value;
- a C format string right before its argument, as ltrace shows a call (``sprintf(0x7ffc…, "order-%llu", 4…)``): the
  word the conversion is glued to (``order``) names the number it prints;
- a Python debugger or shell printing ``id(obj)`` (``(Pdb) p id(card)``, ``>>> id(card)``): the line below is the
  object's address in memory, named ``id``.
"""

from __future__ import annotations

from scanners.cards.keyparse import dump_key
from scanners.lazy_re import lazy_compile

_VAR_DUMP = lazy_compile(r"(?:string\([0-9]{1,3}\) \"|int\()$")
_SERIALIZED = lazy_compile(r's:[0-9]{1,3}:"(?P<k>[A-Za-z_][\w.\-]{0,63})";(?:s:[0-9]{1,3}:"|i:)$')
_FORMAT = lazy_compile(
    r'"[^"\n]{0,40}?(?P<k>[A-Za-z][A-Za-z_]{1,30})[-_:=#/ ]?%(?:ll|l|hh|h|j|z|q|I64)?[dui]"[ \t]*,[ \t]*$')
_ID_CALL = lazy_compile(r"(?:\(Pdb\)|\(Pdb\+\+\)|ipdb>|>>>|In \[[0-9]{1,5}\]:)[ \t]*(?:pp?[ \t]+|print\()?id\(")


def dump_name(text: str, lo: int, start: int) -> str | None:
    """The name the dump gives the value starting at ``start`` (read in ``text[lo:start]``, and the line above a
    value that starts its line), or None."""
    c = text[start - 1 : start]
    if c in ('"', "(", ":"):
        if c != ":" and (m := _VAR_DUMP.search(text, lo, start)) is not None:
            return dump_key(text, m.start())
        if c != "(" and (m := _SERIALIZED.search(text, lo, start)) is not None:
            return m["k"]
    elif c in (" ", ",") and (m := _FORMAT.search(text, lo, start)) is not None:
        return m["k"]
    elif c == "\n" and _ID_CALL.match(text, text.rfind("\n", max(0, start - 120), start - 1) + 1, start):
        return "id"
    return None
