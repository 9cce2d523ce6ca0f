"""An integer literal that is an operand in minified JavaScript code (red-team rounds 67 and 87).

A minifier renames a bundle's locals to one or two letters and writes each module as a function of one-letter
parameters (webpack's ``54405:function(e,t,n){…}``, a UMD/IIFE wrapper's ``!function(e,t){…}``). A bare number
assigned to such a name (``var r=<n>,o=…``) or returned (``return <n>}``) on a line holding such a function is a
constant of the code: nothing names it a card, and no one writes card data as an unquoted operand of a bundle. A
card under a name of its own (``var card=…``, ``cardNumber:…``), in a string literal (``o="4111…"``) or in a JSON blob
(``{"pan":4111…}``) inside the bundle stays open, as does a bare number anywhere else (the product's policy).
"""

from __future__ import annotations

import re

_REACH = 2048  # how far before the number on its line the module's function head may be
# a minified function head: one- or two-letter parameters, no blank (``function(e,t,n){``, ``function(){``)
_MINIFIED_HEAD = re.compile(r"function(?: [A-Za-z_$][\w$]?)?\((?:[A-Za-z_$][\w$]?(?:,[A-Za-z_$][\w$]?)*)?\)\{")
# the number's operator before it: assigned to a one- or two-letter name (``,r=``, ``var r=``), or returned
_OPERAND_BEFORE = re.compile(r"(?:(?<![\w$.\"'])[A-Za-z_$][\w$]?=|(?<![\w$.])return )$")
_OPERAND_END = frozenset(",;})]")


def js_operand(text: str, start: int, end: int, ls: int) -> bool:
    """``text[start:end]`` is a bare integer literal assigned to a minified name or returned, closed by ``,``, ``;``,
    ``}``, ``)`` or ``]``, on a line of minified JavaScript (a minified function head before it on the line)."""
    if text[end : end + 1] not in _OPERAND_END or _OPERAND_BEFORE.search(text, max(ls, start - 8), start) is None:
        return False
    return _MINIFIED_HEAD.search(text, max(ls, start - _REACH), start) is not None
