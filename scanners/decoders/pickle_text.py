"""A Python pickle of the text protocol (protocol 0, Python 2's default; ``pickle.dumps(obj, 0)``) read as the
``key: value`` lines it stands for. Nothing is unpickled: the opcodes are only walked.

Protocol 0 writes one argument a line, glued to its opcode letter: ``Vcard_number`` (a str, raw-unicode-escaped),
``S'4111…'`` (a Python 2 str, repr-quoted), ``I1751451287`` / ``L30162013011442L`` (ints), ``F1.5``; the opcodes
without an argument stand before the next one on its line (``sVcvv``: set the last pair, then the str ``cvv``).
A dict's key and value are pushed on separate lines and joined by ``s`` (SETITEM) after them, so a number is glued
to a letter (no card number rule sees it) and a code is a line below its name. The walk keeps the opcodes' stack
(``(`` marks, ``d``/``}`` dicts, ``s``/``u`` set items, ``p``/``g`` the memo, so a key written once and fetched
again still names its value) and decodes the pickle line for line: a value's line as ``name: value``, a key's or
any other scalar's line as its text, every other line blank. An object's state (``ccopy_reg``/``_reconstructor``,
``(i`` instances) is a dict too, read the same way.

A pickle starts where a dict or list opens (``(dp0``, ``(d`` then a value, ``(lp1``; Python 2 numbers the memo
from 1) or where an object is rebuilt (``ccopy_reg``), at a line's start or after a prefix on the line (a session
store's hash and colon); it ends at ``.`` (STOP) or at the first line that is no opcode line. It is yielded when a
dict item or list element holds a str or int.

Limits: ``_MAX_LINES`` lines a pickle (the rest is not read), lines up to ``LINE_REACH`` characters, a pickle up
to ``max_segment`` characters (a longer one is noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanners.decoders._common import LINE_REACH, BoundedDecoder, capped, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"\([dl](?:p[0-9]{1,9}\r?\n|[VSILF(])", r"ccopy_reg\r?\n", r"\(i[A-Za-z_][\w.]{0,99}\r?\n")
_START = lazy_compile(r"\([dl](?:p[0-9]{1,9}\r?$|[VSILF(])|ccopy_reg\r?$|\(i[A-Za-z_][\w.]{0,99}\r?$")
# An opcode line: argument-less opcodes, then at most one opcode with its argument (the line's rest)
_LINE = lazy_compile(
    r"(?P<ops>[()\]}.012NRabdelostu]*)(?:"
    r"(?P<op>V|P)(?P<arg>[^\r\n]*)"
    r"|(?P<memo>[pg])(?P<n>[0-9]{1,9})"
    r"|(?P<int>I|L)(?P<i>-?[0-9]{1,400})L?"
    r"|F(?P<f>-?[0-9]{1,400}(?:\.[0-9]{1,400})?(?:[eE][-+]?[0-9]{1,4})?|-?inf|nan)"
    r"""|S(?P<q>'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*")"""
    r"|(?P<glob>[ci])[A-Za-z_][\w.]{0,99}"
    r")?\r?"
)
_UNI = lazy_compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")
_NAME = lazy_compile(r"[A-Za-z_][\w.]{0,99}\r?")
_MAX_LINES = 100_000


@dataclass(frozen=True)
class _Item:
    """A stack entry: a scalar's text and the line it was written on (-1 when fetched from the memo), or a
    container / other object (``text`` None), or a mark."""

    text: str | None = None
    line: int = -1
    mark: bool = False


_MARK, _OBJECT = _Item(mark=True), _Item()


def _unicode(arg: str) -> str:
    """A ``V`` argument (raw-unicode-escape: ``\\uXXXX`` for characters past Latin-1 and for a backslash or a line
    end) on one line."""
    text = _UNI.sub(lambda m: chr(min(int(m[1] or m[2], 16), 0x10FFFF)), arg) if "\\" in arg else arg
    return text.replace("\r", " ").replace("\n", " ").replace("\0", " ")


def _scalar(m: re.Match[str]) -> str | None:
    """The text of the line's scalar (str, int, bool, float), or None when its opcode pushes none."""
    if m["op"] == "V":
        return _unicode(m["arg"])
    if m["q"] is not None:
        return m["q"][1:-1]
    if m["int"] is not None:
        return {"I00": "False", "I01": "True"}.get(m["int"] + m["i"], m["i"])
    return m["f"]


class _Walk:
    """The opcodes' stack over a pickle's lines, naming each dict value's line by its key."""

    def __init__(self) -> None:
        self.stack: list[_Item] = []
        self.memo: dict[str, _Item] = {}
        self.out: dict[int, str] = {}  # a line's decoded text, by its index (a line not here is blank)
        self.named = False

    def pop(self) -> _Item:
        return self.stack.pop() if self.stack else _OBJECT

    def to_mark(self) -> list[_Item]:
        items: list[_Item] = []
        while self.stack and not (top := self.stack.pop()).mark:
            items.append(top)
        items.reverse()
        return items

    def pair(self, key: _Item, value: _Item) -> None:
        if key.text is not None and value.text is not None and value.line >= 0:
            self.out[value.line] = f"{key.text}: {value.text}"
            self.named = True

    def ops(self, ops: str) -> bool:
        """Run argument-less opcodes; False at STOP."""
        for op in ops:
            if op == ".":
                return False
            if op == "(":
                self.stack.append(_MARK)
            elif op in "dlto":  # a container or object from the items above the mark
                items = self.to_mark()
                if op == "d":
                    for k in range(0, len(items) - 1, 2):
                        self.pair(items[k], items[k + 1])
                self.stack.append(_OBJECT)
            elif op in "s":
                value = self.pop()
                self.pair(self.pop(), value)
            elif op == "u":
                items = self.to_mark()
                for k in range(0, len(items) - 1, 2):
                    self.pair(items[k], items[k + 1])
            elif op in "a0b":
                self.named |= op == "a" and self.pop().line >= 0
            elif op in "e1":
                self.named |= any(item.line >= 0 for item in self.to_mark()) and op == "e"
            elif op == "2":
                self.stack.append(self.stack[-1] if self.stack else _OBJECT)
            elif op == "R":
                self.pop()
                self.pop()
                self.stack.append(_OBJECT)
            else:  # N ) ] }
                self.stack.append(_OBJECT)
        return True


class PickleTextDecoder(BoundedDecoder):
    id = "pickle_text"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            m = _START.search(text, s, e)
            if m is not None and not (m.start() == s and _inside(text, s)) and (got := self._walk(text, m.start())):
                yield got

    def _walk(self, text: str, start: int) -> Decoded | None:
        walk, end, i = _Walk(), start, 0
        pending = ""  # a GLOBAL's or INST's module line: its name is on the next line
        for i, (s, e) in enumerate(_lines(text, start)):
            if pending:
                if _NAME.fullmatch(text, s, e) is None:
                    break
                if pending == "i":
                    walk.to_mark()
                walk.stack.append(_OBJECT)
                pending, end = "", e
                continue
            m = _LINE.fullmatch(text, s, e)
            if m is None or not m.group().strip("\r"):
                break
            end = e
            if not walk.ops(m["ops"]):
                end = m.end("ops")
                break
            if m["glob"]:
                pending = m["glob"]
            elif m["memo"] == "p":
                walk.memo[m["n"]] = walk.stack[-1] if walk.stack else _OBJECT
            elif m["memo"] == "g":
                got = walk.memo.get(m["n"], _OBJECT)
                walk.stack.append(_Item(got.text) if got.text is not None else got)  # named where it was written
            elif m["op"] == "P":
                walk.stack.append(_OBJECT)
            elif (value := _scalar(m)) is not None:
                walk.stack.append(_Item(value, i))
                walk.out[i] = value
        if not walk.named:
            return None
        if end - start > self.max_segment:
            note_limit(SEGMENT)  # not read: the item is not reported clean
            return None
        decoded = "\n".join(walk.out.get(k, "") for k in range(text.count("\n", start, end) + 1))
        return Decoded(start, end, capped(decoded, self.max_output), ("pickle_text",), lines=True)


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """The lines from ``start`` (the first from ``start``), at most ``_MAX_LINES``, each up to ``LINE_REACH``."""
    at = start
    for _ in range(_MAX_LINES):
        if at > len(text):
            return
        e = text.find("\n", at, at + LINE_REACH + 1)
        if e < 0 and len(text) - at > LINE_REACH:
            return
        e = len(text) if e < 0 else e
        yield at, e
        at = e + 1


def _inside(text: str, s: int) -> bool:
    """The line before the one starting at ``s`` is an opcode line: a pickle started above it (that line is an inner
    dict's or list's, read from the pickle's first line)."""
    if s == 0:
        return False
    m = _LINE.fullmatch(text, text.rfind("\n", 0, s - 1) + 1, s - 1)
    return m is not None and m.end() > m.start() and not m["glob"] and m.group().strip("\r") != ""


DECODER = PickleTextDecoder
