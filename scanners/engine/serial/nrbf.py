""".NET Remoting Binary Format (MS-NRBF: ``BinaryFormatter`` output, a ViewState or session cache, a .NET remoting
message): each string as a line named by the class member that holds it.

A stream starts with the SerializationHeader record (``00``, root and header ids, version 1.0). A class record
(ClassWithMembersAndTypes ``05`` and its kin) lists the member names (``<ExpiryDate>k__BackingField`` for an auto
property, read as ``ExpiryDate``) and their types, and the member values follow in that order: a primitive
inline, anything else as a record, a string as BinaryObjectString (``06``, object id, and a LengthPrefixedString:
a 7-bit encoded length, then UTF-8). A later object of the same class (ClassWithId ``01``) names only its
metadata id, so its values are named by the class record written earlier; a value written elsewhere
(MemberReference ``09``) is named where its record comes.

Not read: method call and return records; the walk ends there, and the rest is read by its text runs.
"""

from __future__ import annotations

import re

from scanners.engine.serial import Walked
from scanners.engine.serial._common import MAX_DEPTH, Bytes, Lines, Stop, text_of

_HEADER_VERSION = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # major 1, minor 0
_BACKING = re.compile(r"<([^<>]{1,64})>k__BackingField")
# bytes of each PrimitiveTypeEnum value (Char is UTF-8, Decimal and String are length-prefixed strings: read apart)
_PRIM = {1: 1, 2: 1, 6: 8, 7: 2, 8: 4, 9: 8, 10: 1, 11: 4, 12: 8, 13: 8, 14: 2, 15: 4, 16: 8, 17: 0}
_Members = list[tuple[str, int, int]]  # (member name, BinaryTypeEnum or -1 for "a record", primitive type)


def detect(head: bytes) -> bool:
    return len(head) >= 17 and head[0] == 0 and head[9:17] == _HEADER_VERSION


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data), Lines()
        self.classes: dict[int, _Members] = {}
        self.refs: dict[int, str] = {}  # object id -> the member that refers to it
        self.nulls = 0  # the count of the last ObjectNullMultiple record

    def lps(self) -> tuple[int, str]:
        """A LengthPrefixedString: its offset and text."""
        b, size, shift = self.b, 0, 0
        for _ in range(5):
            byte = b.u8()
            size |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        else:
            raise Stop
        at = b.pos
        text = text_of(b.take(size))
        if text is None:
            raise Stop
        return at, text

    def primitive(self, kind: int, key: str | None) -> None:
        if kind in (5, 18):  # Decimal, String
            at, text = self.lps()
            self.out.add(at, text, key)
        elif kind == 3:  # Char: one UTF-8 character
            first = self.b.u8()
            self.b.skip(0 if first < 0x80 else 1 if first < 0xE0 else 2 if first < 0xF0 else 3)
        elif kind in _PRIM:
            self.b.skip(_PRIM[kind])
        else:
            raise Stop

    def class_info(self) -> tuple[int, list[str]]:
        b = self.b
        oid = b.unpack("<i")
        self.lps()
        names = []
        for _ in range(b.unpack("<i")):
            name = self.lps()[1]
            names.append(m[1] if (m := _BACKING.fullmatch(name)) else name)
        return oid, names

    def members(self, names: list[str], typed: bool) -> _Members:
        if not typed:
            return [(name, -1, 0) for name in names]
        types = [self.b.u8() for _ in names]
        out: _Members = []
        for name, kind in zip(names, types, strict=True):
            extra = 0
            if kind in (0, 7):
                extra = self.b.u8()
            elif kind == 3:
                self.lps()
            elif kind == 4:
                self.lps()
                self.b.skip(4)
            elif kind > 7:
                raise Stop
            out.append((name, kind, extra))
        return out

    def values(self, members: _Members, depth: int) -> None:
        for name, kind, extra in members:
            if kind == 0:
                self.primitive(extra, name)
            else:
                self.record(depth + 1, name)

    def record(self, depth: int, key: str | None = None) -> int:
        """One record (BinaryLibrary records before it read too); its type."""
        if depth > MAX_DEPTH:
            raise Stop
        b = self.b
        kind = b.u8()
        while kind == 12:  # BinaryLibrary: id and name, then the record it precedes
            b.skip(4)
            self.lps()
            kind = b.u8()
        if kind == 0:
            b.skip(16)
        elif kind == 6:
            oid = b.unpack("<i")
            at, text = self.lps()
            self.out.add(at, text, key if key is not None else self.refs.get(oid))
        elif kind in (1, 2, 3, 4, 5):
            self.values(self.class_record(kind), depth)
        elif kind == 9:
            oid = b.unpack("<i")
            if key is not None:
                self.refs[oid] = key
        elif kind in (10, 11):
            pass
        elif kind in (13, 14):
            self.nulls = b.u8() if kind == 13 else b.unpack("<i")
        elif kind == 8:
            self.primitive(b.u8(), key)
        elif kind in (7, 15, 16, 17):
            self.array(kind, depth, key)
        else:
            raise Stop
        return kind

    def class_record(self, kind: int) -> _Members:
        """A class record's members (ClassWithId: those of the class record it names)."""
        b = self.b
        if kind == 1:
            b.skip(4)
            known = self.classes.get(b.unpack("<i"))
            if known is None:
                raise Stop
            return known
        oid, names = self.class_info()
        members = self.members(names, kind in (4, 5))
        if kind in (3, 5):
            b.skip(4)  # library id
        self.classes[oid] = members
        return members

    def array(self, kind: int, depth: int, key: str | None) -> None:
        b = self.b
        if kind == 7:
            self.binary_array(depth, key)
            return
        b.skip(4)
        count = b.unpack("<i")
        if kind == 15:
            prim = b.u8()
            if prim not in _PRIM:
                raise Stop
            b.skip(count * _PRIM[prim])
        else:
            self.elements(count, depth, key)

    def elements(self, count: int, depth: int, key: str | None) -> None:
        done = 0
        while done < count:
            kind = self.record(depth + 1, key)
            done += max(self.nulls, 1) if kind in (13, 14) else 1  # ObjectNullMultiple: that many nulls

    def binary_array(self, depth: int, key: str | None) -> None:
        b = self.b
        b.skip(4)
        shape, rank = b.u8(), b.unpack("<i")
        if not 0 < rank <= 32:
            raise Stop
        count = 1
        for _ in range(rank):
            count *= b.unpack("<i")
        if shape in (3, 4, 5):
            b.skip(4 * rank)
        ((_, kind, extra),) = self.members(["item"], True)
        if kind == 0:
            if extra not in _PRIM:
                raise Stop
            b.skip(count * _PRIM[extra])
        else:
            self.elements(count, depth, key)


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end = 0
    try:
        while w.b.pos < len(data):
            if w.record(0) == 11:  # MessageEnd
                end = w.b.pos
                if not detect(data[end:end + 17]):
                    break
            end = w.b.pos
    except (Stop, RecursionError):
        pass
    return Walked(w.out.lines(end), end, ".NET BinaryFormatter") if end and w.out.values else None
