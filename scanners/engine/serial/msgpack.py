"""MessagePack streams (a fluentd buffer chunk or forward message, a Redis/queue payload): each string as a line,
a map's value named by its key.

Type bytes (MessagePack spec): fixmap ``80``-``8F``, fixarray ``90``-``9F``, fixstr ``A0``-``BF`` (length in the
low 5 bits), str8/16/32 ``D9``-``DB``, bin8/16/32 ``C4``-``C6``, array16/32 ``DC``/``DD``, map16/32 ``DE``/``DF``,
ext ``C7``-``C9`` and ``D4``-``D8``, numbers ``CA``-``D3``, fixints, ``C0``-``C3`` nil and booleans (``C1`` is
never used). A three-letter key is ``A3`` and three bytes (``\\xa3cvv``), below the text-run minimum, and its
three-digit value likewise.

Recognised by structure: each top-level item is a map or array (fluentd writes ``[tag, time, record]`` arrays
back to back), and maps' keys are strings or integers; the walk ends at the first item that is not. Binary
(``bin``) values are read as text when they are UTF-8 text.
"""

from __future__ import annotations

from scanners.engine.serial import Walked
from scanners.engine.serial._common import MAX_DEPTH, Bytes, Lines, Stop, text_of

_NOKEY = object()
# fixed sizes of the bytes after a type byte C0-DF (None: a length-prefixed or container type, read apart)
_FIXED: dict[int, int] = {0xC0: 0, 0xC2: 0, 0xC3: 0, 0xCA: 4, 0xCB: 8, 0xD4: 2, 0xD5: 3, 0xD6: 5, 0xD7: 9, 0xD8: 17}
_INT = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q"}
_STR = {0xD9: ">B", 0xDA: ">H", 0xDB: ">I", 0xC4: ">B", 0xC5: ">H", 0xC6: ">I"}
_EXT = {0xC7: ">B", 0xC8: ">H", 0xC9: ">I"}


def _container(first: int) -> bool:
    return 0x80 <= first <= 0x9F or 0xDC <= first <= 0xDF


def detect(head: bytes) -> bool:
    return bool(head) and _container(head[0])


class _Walk:
    def __init__(self, data: bytes) -> None:
        self.b, self.out = Bytes(data), Lines()

    def item(self, depth: int, key: str | None = None) -> object:
        """One item: a string's or an integer's value (usable as a key), else _NOKEY."""
        if depth > MAX_DEPTH:
            raise Stop
        b = self.b
        t = b.u8()
        if t < 0x80 or t >= 0xE0:
            return str(t if t < 0x80 else t - 0x100)
        if t <= 0x8F or t in (0xDE, 0xDF):
            n = t & 0x0F if t <= 0x8F else b.unpack(">H" if t == 0xDE else ">I")
            for _ in range(n):
                name = self.item(depth + 1)
                if not isinstance(name, str):
                    raise Stop
                self.item(depth + 1, name)
            return _NOKEY
        if t <= 0x9F or t in (0xDC, 0xDD):
            n = t & 0x0F if t <= 0x9F else b.unpack(">H" if t == 0xDC else ">I")
            for _ in range(n):
                self.item(depth + 1, key)
            return _NOKEY
        if t <= 0xBF or t in _STR:
            n = t & 0x1F if t <= 0xBF else b.unpack(_STR[t])
            at = b.pos
            text = text_of(b.take(n))
            if text is None:
                if t <= 0xBF or t >= 0xD9:
                    raise Stop
                return _NOKEY
            self.out.add(at, text, key)
            return text
        if t in _INT:
            return str(b.unpack(_INT[t]))
        if t in _EXT:
            b.skip(b.unpack(_EXT[t]) + 1)
            return _NOKEY
        if t not in _FIXED:
            raise Stop  # C1: never used
        b.skip(_FIXED[t])
        return _NOKEY


def walk(data: bytes) -> Walked | None:
    if not detect(data):
        return None
    w = _Walk(data)
    end = 0
    try:
        while w.b.pos < len(data) and _container(data[w.b.pos]):
            w.item(0)
            end = w.b.pos
    except (Stop, RecursionError):
        pass
    return Walked(w.out.lines(end), end, "MessagePack") if end and w.out.named else None
