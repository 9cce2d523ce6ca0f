"""CBOR (RFC 8949) items and sequences (RFC 8742: a device's telemetry file, a COSE/CWT payload): each text
string as a line, a map's value named by its key.

An item's first byte holds its major type (high 3 bits) and a length (low 5 bits: the value itself up to 23, else
the size of the length that follows); text strings (major type 3) of up to 23 bytes take one byte, ``a``-``w``,
and 16 bytes of text are announced by ``p``, so a text run glues ``cpan`` and ``p`` to the digits. Byte strings
(major type 2) are read as text when they are UTF-8 text. Maps' keys are text or integers; indefinite-length
items end at ``FF``.

Recognised by structure: each top-level item is a map or array (or a tag on one: 55799, the self-described CBOR
magic ``D9 D9 F7``), and maps' keys are text or integers; the walk ends at the first item that is not.
"""

from __future__ import annotations

import struct

from scanners.engine.serial import Walked
from scanners.engine.serial._common import MAX_DEPTH, Bytes, Lines, Stop, text_of

_NOKEY = object()


def detect(head: bytes) -> bool:
    return bool(head) and (head[0] >> 5 in (4, 5) or head[:3] == b"\xd9\xd9\xf7")


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data), Lines()

    def arg(self, info: int) -> int:
        if info < 24:
            return info
        if info > 27:
            raise Stop
        return self.b.unpack((">B", ">H", ">I", ">Q")[info - 24])

    def item(self, depth: int, key: str | None = None) -> object:
        """One item: a text string's or an integer's value (usable as a key), else _NOKEY."""
        if depth > MAX_DEPTH:
            raise Stop
        b = self.b
        first = b.u8()
        major, info = first >> 5, first & 31
        if major == 7:
            if info == 31 or info in (28, 29, 30):
                raise Stop
            b.skip((0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8)[info])
            return _NOKEY
        if info == 31:  # indefinite length
            if major in (2, 3):
                while b.data[b.pos:b.pos + 1] != b"\xff":
                    self.item(depth + 1, key)
                b.skip(1)
                return _NOKEY
            if major in (4, 5):
                while b.data[b.pos:b.pos + 1] != b"\xff":
                    self.element(major, depth, key)
                if b.pos >= len(b.data):
                    raise Stop
                b.skip(1)
                return _NOKEY
            raise Stop
        n = self.arg(info)
        if major in (0, 1):
            return str(n if major == 0 else -1 - n)
        if major in (2, 3):
            at = b.pos
            text = text_of(b.take(n))
            if text is None:
                if major == 3:
                    raise Stop
                return _NOKEY
            self.out.add(at, text, key)
            return text
        if major == 6:
            return self.item(depth + 1, key)  # a tag's content (1: epoch time, 32: URI...)
        for _ in range(n):
            self.element(major, depth, key)
        return _NOKEY

    def element(self, major: int, depth: int, key: str | None) -> None:
        if major == 4:
            self.item(depth + 1, key)
            return
        name = self.item(depth + 1)
        if not isinstance(name, str):
            raise Stop
        self.item(depth + 1, name)


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end = 0
    try:
        while w.b.pos < len(data):
            at = w.b.pos
            if data[at] >> 5 == 6 and (data[at] & 31) < 28:  # tags on the top-level item
                w.b.u8()
                w.arg(data[at] & 31)
            if w.b.pos >= len(data) or data[w.b.pos] >> 5 not in (4, 5):
                break
            w.item(0)
            end = w.b.pos
    except (Stop, RecursionError, struct.error):
        pass
    return Walked(w.out.lines(end), end, "CBOR") if end and w.out.named else None
