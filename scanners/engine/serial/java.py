"""Java serialization streams (``ObjectOutputStream``: a Tomcat ``SESSIONS.ser``, a cached bean, a message body):
each string as a line named by the field that holds it.

The stream (Java Object Serialization Specification, chapter 6) starts ``AC ED 00 05``; a string is ``TC_STRING``
(``t``, u16 length, modified UTF-8) or ``TC_LONGSTRING`` (u64 length). An object's class descriptor lists its
fields (primitives first, then objects, each by name), and the object's values follow in that order, superclass
first; a class with a ``writeObject`` method adds its own contents after them, up to ``TC_ENDBLOCKDATA``. So
``cardNumber``'s value follows the descriptor, and the next string's ``t`` sits against its digits. Handles
(``TC_REFERENCE``) reuse descriptors and strings: a reused string is named by the field that refers to it, at
the reference. In a sequence of contents (the stream's top level, a ``writeObject`` annotation: Tomcat's session
attributes, a map's entries) a name-like string names the value written after it.

Not read: an ``Externalizable`` object written without block data (its bytes are the class's own); the walk ends
there, and the rest is read by its text runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanners.engine.serial import Walked
from scanners.engine.serial._common import MAX_DEPTH, Bytes, Lines, Stop, text_of

MAGIC = b"\xac\xed\x00\x05"
_PRIM = {"B": 1, "C": 2, "D": 8, "F": 4, "I": 4, "J": 8, "S": 2, "Z": 1}
_NAME = re.compile(r"[A-Za-z_$][\w$.\-]{0,63}")
_WRITE_METHOD, _SERIALIZABLE, _EXTERNALIZABLE, _BLOCK_DATA = 0x01, 0x02, 0x04, 0x08
_END = 0x78  # TC_ENDBLOCKDATA


@dataclass
class _Class:
    name: str
    flags: int = 0
    fields: list[tuple[str, str]] = field(default_factory=list)  # (type code, name)
    parent: _Class | None = None


@dataclass(frozen=True)
class _Str:
    text: str


class _End(Exception):
    """TC_ENDBLOCKDATA where a content was expected: the end of an annotation."""


def detect(head: bytes) -> bool:
    return head.startswith(MAGIC)


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data, len(MAGIC)), Lines()
        self.handles: list[object] = []

    def new(self, obj: object) -> None:
        self.handles.append(obj)

    def utf(self, size: int) -> tuple[int, str]:
        at = self.b.pos
        text = text_of(self.b.take(size))
        if text is None:
            raise Stop
        return at, text

    def content(self, depth: int, key: str | None = None) -> object:
        """One content (an object or block data) and what it was (a _Str, a _Class, or None)."""
        if depth > MAX_DEPTH:
            raise Stop
        b = self.b
        at = b.pos
        tc = b.u8()
        if tc in (0x74, 0x7C):  # TC_STRING, TC_LONGSTRING
            off, text = self.utf(b.unpack(">H") if tc == 0x74 else b.unpack(">Q"))
            self.out.add(off, text, key)
            self.new(s := _Str(text))
            return s
        if tc == 0x70:  # TC_NULL
            return None
        if tc == 0x71:  # TC_REFERENCE
            handle = b.unpack(">I") - 0x7E0000
            got = self.handles[handle] if 0 <= handle < len(self.handles) else None
            if got is None and not 0 <= handle < len(self.handles):
                raise Stop
            if isinstance(got, _Str) and key is not None:
                self.out.add(at, got.text, key)
            return got
        if tc in (0x72, 0x7D):  # TC_CLASSDESC, TC_PROXYCLASSDESC
            return self.class_desc(tc, depth)
        if tc == 0x73:  # TC_OBJECT
            desc = self.desc(depth)
            self.new(desc)
            self.class_data(desc, depth)
            return None
        if tc == 0x75:  # TC_ARRAY
            desc = self.desc(depth)
            self.new(None)
            size = b.unpack(">i")
            kind = desc.name[1:2] if desc is not None else ""
            if kind in _PRIM:
                b.skip(size * _PRIM[kind])
            else:
                for _ in range(size):
                    self.content(depth + 1, key)
            return None
        if tc == 0x76:  # TC_CLASS
            self.desc(depth)
            self.new(None)
            return None
        if tc == 0x7E:  # TC_ENUM
            self.desc(depth)
            self.new(None)
            self.content(depth + 1)
            return None
        if tc == 0x77:  # TC_BLOCKDATA
            b.skip(b.u8())
            return None
        if tc == 0x7A:  # TC_BLOCKDATALONG
            b.skip(b.unpack(">i"))
            return None
        if tc == 0x79:  # TC_RESET
            self.handles.clear()
            return None
        if tc == _END:
            raise _End
        raise Stop

    def desc(self, depth: int) -> _Class | None:
        got = self.content(depth + 1)
        if got is not None and not isinstance(got, _Class):
            raise Stop
        return got

    def class_desc(self, tc: int, depth: int) -> _Class:
        b = self.b
        if tc == 0x7D:
            cls = _Class("$Proxy", _SERIALIZABLE)
            self.new(cls)
            for _ in range(b.unpack(">i")):
                self.utf(b.unpack(">H"))
        else:
            _, name = self.utf(b.unpack(">H"))
            b.skip(8)  # serialVersionUID
            cls = _Class(name)
            self.new(cls)
            cls.flags = b.u8()
            for _ in range(b.unpack(">h")):
                code = chr(b.u8())
                _, fname = self.utf(b.unpack(">H"))
                if code in "[L":
                    self.content(depth + 1)  # the field's class name, a string
                elif code not in _PRIM:
                    raise Stop
                cls.fields.append((code, fname))
        self.annotation(depth)
        cls.parent = self.desc(depth)
        return cls

    def annotation(self, depth: int) -> None:
        """Contents up to TC_ENDBLOCKDATA; a name-like string names the string after it."""
        key: str | None = None
        while True:
            try:
                got = self.content(depth + 1, key)
            except _End:
                return
            key = got.text if isinstance(got, _Str) and key is None and _NAME.fullmatch(got.text) else None

    def class_data(self, desc: _Class | None, depth: int) -> None:
        chain: list[_Class] = []
        while desc is not None and len(chain) < MAX_DEPTH:
            chain.append(desc)
            desc = desc.parent
        for cls in reversed(chain):
            if cls.flags & _EXTERNALIZABLE:
                if not cls.flags & _BLOCK_DATA:
                    raise Stop
                self.annotation(depth)
                continue
            for code, fname in cls.fields:
                if code in _PRIM:
                    self.b.skip(_PRIM[code])
                else:
                    self.content(depth + 1, fname)
            if cls.flags & _WRITE_METHOD:
                self.annotation(depth)


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end, key = w.b.pos, None
    try:
        while w.b.pos < len(data):
            got = w.content(0, key)
            key = got.text if isinstance(got, _Str) and key is None and _NAME.fullmatch(got.text) else None
            end = w.b.pos
    except (Stop, _End, RecursionError):
        pass
    return Walked(w.out.lines(end), end, "Java serialization") if w.out.values else None
