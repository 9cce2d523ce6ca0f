"""Register values and memory words of a native crash report, which pass the PAN checks by chance but are machine
state, not card numbers (``confounders``: the ``register`` class):

- Apple's ``.ips`` report (JSON, iOS 15 and macOS 12 on) writes each thread's registers in its ``threadState``
  object as decimal 64-bit integers: ``"x": [{"value": 1234...}, ...]``, ``"lr": {"value": ...}``, and ``fp``,
  ``sp``, ``pc``, ``cpsr``, ``far``, ``esr``. A bare integer ``"value"`` member inside a ``threadState`` object is a
  register's content.
- Android's tombstone (debuggerd) writes the registers as name and hex word pairs, several to a line
  (``x0  0000007fe1b2c3d0  x1  ...``, ``lr ... sp ... pc ... pst ...``; 32-bit ``r0 f710edd8  r1 ...``, ``d0`` to
  ``d31``), and "memory near" rows as an address, two 64-bit or four 32-bit hex words and the sixteen bytes as
  characters (``0000007f80a1b2c0 0000000000000000 0000007f80a1b2d0  ................``). A hex word whose digits are
  all decimal is still a word of that row; digits in the characters column are bytes of memory, which may well hold
  a card number, and stay findings.
"""

from __future__ import annotations

import re

_THREAD_STATE = '"threadState"'
_STATE_REACH = 4096  # how far before a register's value its ``threadState`` key may be (29 x registers, pretty-printed)
# a bare integer member named ``value``, right before the digits (``"value": 123``, ``"value":123``)
_VALUE = re.compile(r'"value"[ \t]*:[ \t]*$')
# a register name and its hex word, two or more to a line, and nothing else on it
_REGISTERS = re.compile(
    r"[ \t]*(?:(?:[xrdvw][0-9]{1,2}|lr|sp|pc|pst|fp|ip|sl|cpsr|scr|[re](?:ax|bx|cx|dx|si|di|bp|sp|ip)|eflags|rflags)"
    r"[ \t]+(?:[0-9a-f]{8}|[0-9a-f]{16}|[0-9a-f]{32})[ \t]*){2,}\r?")
# an address, two 64-bit or four 32-bit words, then the sixteen bytes as characters
_MEMORY_ROW = re.compile(r"[ \t]*([0-9a-f]{16}(?:[ \t][0-9a-f]{16}){2}|[0-9a-f]{8}(?:[ \t][0-9a-f]{8}){4})[ \t]{1,2}"
                         r"[ -~]{16}\r?")


def crash_register(text: str, start: int, end: int, ls: int, le: int) -> bool:
    """The number ``text[start:end]`` (on the line ``text[ls:le]``) is a register's value or a memory word of a crash
    report (see the module doc)."""
    if _VALUE.search(text, max(ls, start - 16), start) is not None:
        return _in_thread_state(text, start)
    if text.find(" ", ls, le) < 0:
        return False
    if _REGISTERS.fullmatch(text, ls, le) is not None:
        return True
    row = _MEMORY_ROW.fullmatch(text, ls, le)
    return row is not None and end <= row.end(1)  # a word: the characters column may spell a card out


def _in_thread_state(text: str, at: int) -> bool:
    """``at`` lies inside the object a ``"threadState"`` key opens, at most ``_STATE_REACH`` before it."""
    key = text.rfind(_THREAD_STATE, max(0, at - _STATE_REACH), at)
    if key < 0 or (brace := text.find("{", key, at)) < 0:
        return False
    depth = 0
    for i in range(brace, at):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if not depth:
                return False
    return True
