"""Python pickles of the binary protocols (2 to 5: ``pickle.dumps(obj)``, a Django/Flask cache entry, a Celery
body, a joblib file): each string as a line, a dict's value named by its key. Nothing is unpickled: the opcodes
are only walked (``pickletools`` documents them; protocol 0 text is ``scanners.decoders.pickle_text``).

A pickle starts with PROTO (``80`` and the protocol); a short str is SHORT_BINUNICODE (``8C``, one length byte),
then usually MEMOIZE (``94``), so a 12-digit number sits between two binary bytes with no name beside it. A dict's
key and value are pushed and then joined by SETITEM(S) (``s``/``u``), and a key written once is fetched again from
the memo (BINGET ``h``) for the next dict: the walk keeps the opcodes' stack and memo, so a value is named by its
key wherever the key was written. Several pickles back to back are walked one after another.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanners.engine.serial import Walked
from scanners.engine.serial._common import Bytes, Lines, Stop, text_of

MAX_STACK = 1 << 20


@dataclass(frozen=True)
class _Item:
    """A stack entry: a string (its text and where it is named: its own bytes, or where the memo fetched it),
    another object (``text`` None), or a mark."""

    text: str | None = None
    at: int = -1
    fetched: bool = False
    mark: bool = False


_MARK, _OBJECT = _Item(mark=True), _Item()
_STRINGS = {0x8C: "<B", ord("X"): "<I", 0x8D: "<Q", ord("U"): "<B", ord("T"): "<i", ord("C"): "<B",
            ord("B"): "<I", 0x8E: "<Q", 0x96: "<Q"}
_SKIP = {ord("J"): 4, ord("K"): 1, ord("M"): 2, ord("G"): 8, 0x82: 1, 0x83: 2, 0x84: 4}  # ints, float, EXTn
_PUSH = {ord("N"), 0x88, 0x89, ord("}"), ord("]"), ord(")"), 0x8F, 0x97}  # None, bools, empty containers
_POP_PUSH = {0x85: 1, 0x86: 2, 0x87: 3, ord("R"): 2, 0x81: 2, 0x92: 3, 0x93: 2, ord("b"): 2, ord("Q"): 1}
_TO_MARK = {ord("d"), ord("l"), ord("t"), 0x91, ord("o"), ord("i")}  # from the mark to one object


def detect(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data), Lines()
        self.stack: list[_Item] = []
        self.memo: dict[int, _Item] = {}
        self.last = 0  # where the opcode being read starts

    def pop(self) -> _Item:
        return self.stack.pop() if self.stack else _OBJECT

    def to_mark(self) -> list[_Item]:
        items: list[_Item] = []
        while self.stack and not (top := self.stack.pop()).mark:
            items.append(top)
        items.reverse()
        return items

    def pair(self, key: _Item, value: _Item) -> None:
        if key.text is None or value.text is None or value.at < 0:
            return
        if value.fetched:
            self.out.add(value.at, value.text, key.text)
        else:
            self.out.name(value.at, key.text)

    def line(self) -> bytes:
        b = self.b
        end = b.data.find(b"\n", b.pos, b.pos + 4096)
        if end < 0:
            raise Stop
        got = b.take(end - b.pos)
        b.skip(1)
        return got

    def put(self, index: int) -> None:
        self.memo[index] = self.stack[-1] if self.stack else _OBJECT

    def get(self, index: int, at: int) -> None:
        got = self.memo.get(index, _OBJECT)
        self.stack.append(_Item(got.text, at, True) if got.text is not None else got)

    def pickle(self) -> None:
        """One pickle, PROTO to STOP."""
        b, stack = self.b, self.stack
        while True:
            at = self.last = b.pos
            op = b.u8()
            if len(stack) > MAX_STACK:
                raise Stop
            if op == ord("."):
                return
            if not (self.scalar(op, at) or self.structure(op)):
                raise Stop

    def scalar(self, op: int, at: int) -> bool:
        """Run a string's, a number's or the memo's opcode; False when ``op`` is none of them."""
        b, stack = self.b, self.stack
        if op in _STRINGS:
            size = b.unpack(_STRINGS[op])
            where = b.pos
            text = text_of(b.take(size), "latin-1" if op in (ord("U"), ord("T")) else "utf-8")
            if text is not None:
                self.out.add(where, text)
            stack.append(_Item(text, where) if text is not None else _OBJECT)
        elif op == 0x94:  # MEMOIZE
            self.put(len(self.memo))
        elif op in (ord("q"), ord("r")):  # BINPUT, LONG_BINPUT
            self.put(b.u8() if op == ord("q") else b.unpack("<I"))
        elif op in (ord("h"), ord("j")):  # BINGET, LONG_BINGET
            self.get(b.u8() if op == ord("h") else b.unpack("<I"), at)
        elif op in _SKIP or op in (0x8A, 0x8B):  # numbers (LONG1, LONG4: a length, then the bytes)
            b.skip(_SKIP[op] if op in _SKIP else b.u8() if op == 0x8A else b.unpack("<i"))
            stack.append(_OBJECT)
        elif op in (ord("c"), ord("P"), ord("I"), ord("L"), ord("F"), ord("S"), ord("V")):
            raw = self.line() + (self.line() if op == ord("c") else b"")
            if op in (ord("S"), ord("V")):
                text = text_of(raw.strip(b"'\"") if op == ord("S") else raw, "latin-1")
                stack.append(_Item(text, at + 1) if text is not None else _OBJECT)
                if text is not None:
                    self.out.add(at + 1, text)
            else:
                stack.append(_OBJECT)
        elif op in (ord("p"), ord("g")):
            raw = self.line()
            if not raw.isdigit():
                raise Stop
            if op == ord("p"):
                self.put(int(raw))
            else:
                self.get(int(raw), at)
        else:
            return False
        return True

    def structure(self, op: int) -> bool:
        """Run a container's or an object's opcode; False when ``op`` is none of them."""
        b, stack = self.b, self.stack
        if op == ord("s"):
            value = self.pop()
            self.pair(self.pop(), value)
        elif op == ord("u"):
            items = self.to_mark()
            for k in range(0, len(items) - 1, 2):
                self.pair(items[k], items[k + 1])
        elif op in _PUSH:
            stack.append(_OBJECT)
        elif op in _POP_PUSH:
            for _ in range(_POP_PUSH[op]):
                self.pop()
            stack.append(_OBJECT)
        elif op in _TO_MARK:
            if op == ord("i"):
                self.line()
                self.line()
            self.to_mark()
            stack.append(_OBJECT)
        elif op == ord("("):
            stack.append(_MARK)
        elif op in (ord("a"), ord("0")):
            self.pop()
        elif op in (ord("e"), 0x90, ord("1")):  # APPENDS, ADDITEMS, POP_MARK
            self.to_mark()
        elif op == ord("2"):
            stack.append(stack[-1] if stack else _OBJECT)
        elif op == 0x95:  # FRAME
            b.skip(8)
        elif op in (0x80, 0x98):  # PROTO, READONLY_BUFFER
            b.skip(1 if op == 0x80 else 0)
        else:
            return False
        return True


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end = 0
    try:
        while detect(data[w.b.pos:w.b.pos + 2]):
            w.pickle()
            end = w.b.pos
            w.stack.clear()
            w.memo.clear()
    except Stop:
        end = w.last  # a truncated pickle: what was read before the opcode that failed
    return Walked(w.out.lines(end), end, "pickle") if end and w.out.values else None
