"""BSON documents back to back (a ``mongodump`` ``.bson`` file, an oplog export, a BSON message body): each string
as a line named by its element's key.

A document (bsonspec.org) is an int32 (little-endian) byte length, elements, and ``00``; an element is a type
byte, its key as a C string, and the value: a string (``02``) is an int32 length (its NUL included), the bytes and
``00``, so the key and the value are separate text runs with the length between them, and a five-byte expiry
(``06 00 00 00`` + ``11/29`` + NUL) is apart from its ``expiry`` key. Embedded documents (``03``) and arrays
(``04``, keyed ``0``, ``1``...: their elements are named by the array's own key) are walked in turn.

Recognised by structure: each top-level document's length lands on its closing ``00`` and its elements parse;
the walk ends at the first document that does not.
"""

from __future__ import annotations

from scanners.engine.serial import Walked
from scanners.engine.serial._common import MAX_DEPTH, Bytes, Lines, Stop, text_of

MAX_DOCUMENT = 48 << 20  # a document longer than this is not believed (MongoDB's own limit is 16 MiB)
_FIXED = {0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7F: 0,
          0xFF: 0}
_STRINGS = (0x02, 0x0D, 0x0E)  # string, JavaScript code, symbol


def detect(head: bytes) -> bool:
    if len(head) < 5:
        return False
    size = int.from_bytes(head[:4], "little")
    return 5 <= size <= MAX_DOCUMENT and (head[4] in _FIXED or head[4] in (2, 3, 4, 5, 11, 12, 13, 14, 15)
                                           or (size == 5 and head[4] == 0))


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data), Lines()

    def cstring(self) -> str:
        b = self.b
        end = b.data.find(b"\x00", b.pos)
        if end < 0:
            raise Stop
        text = text_of(b.take(end - b.pos))
        b.skip(1)
        if text is None:
            raise Stop
        return text

    def string(self, key: str | None) -> None:
        b = self.b
        size = b.unpack("<i")
        at = b.pos
        raw = b.take(size)
        if size < 1 or raw[-1] != 0:
            raise Stop
        text = text_of(raw[:-1])
        if text is not None:
            self.out.add(at, text, key)

    def document(self, depth: int, array_key: str | None = None) -> None:
        if depth > MAX_DEPTH:
            raise Stop
        b = self.b
        start = b.pos
        size = b.unpack("<i")
        if not 5 <= size <= MAX_DOCUMENT or start + size > len(b.data) or b.data[start + size - 1] != 0:
            raise Stop
        while (kind := b.u8()) != 0:
            key = self.cstring()
            name = array_key if array_key is not None else key
            if kind in _FIXED:
                b.skip(_FIXED[kind])
            elif kind in _STRINGS:
                self.string(name)
            elif kind in (3, 4):
                self.document(depth + 1, name if kind == 4 else None)
            elif kind == 5:  # binary: length, subtype, bytes
                b.skip(b.unpack("<i") + 1)
            elif kind == 0x0B:  # regex: pattern and options
                self.cstring()
                self.cstring()
            elif kind == 0x0C:  # DBPointer
                self.string(None)
                b.skip(12)
            elif kind == 0x0F:  # code with scope: total length, code, scope document
                b.skip(4)
                self.string(name)
                self.document(depth + 1)
            else:
                raise Stop
            if b.pos > start + size:
                raise Stop
        if b.pos != start + size:
            raise Stop


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end = 0
    try:
        while w.b.pos < len(data) and detect(data[w.b.pos:w.b.pos + 5]):
            w.document(0)
            end = w.b.pos
    except (Stop, RecursionError):
        pass
    return Walked(w.out.lines(end), end, "BSON") if end and w.out.named else None
