"""What the serialisation walkers share: a bounds-checked byte reader and the lines a walk emits.

A walk emits each string of the serialisation as a line at the byte offset where the string's bytes start, as a
text run would be: ``key: value`` when the format names the value (a map's key, a class's field), the bare text
otherwise. A bare string shorter than ``textruns.MIN_RUN`` is dropped, as ``strings`` drops it; a named one is kept
(a three-digit code under ``cvv``). Control characters in a string read as spaces, so a line stays one line.
"""

from __future__ import annotations

import re
import struct

MIN_BARE = 4  # characters of an unnamed string, as textruns.MIN_RUN
MAX_KEY = 64  # characters of a key kept in a line (a longer one is cut)
MAX_DEPTH = 64  # nesting of containers a walk follows (deeper: the walk ends there)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


class Stop(Exception):
    """The bytes stop being the format here (truncated, or a byte the format does not allow)."""


class Bytes:
    """``data`` read from ``pos`` on; every read past the end raises ``Stop``."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data, self.pos = data, pos

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise Stop
        got = self.data[self.pos:self.pos + n]
        self.pos += n
        return got

    def u8(self) -> int:
        if self.pos >= len(self.data):
            raise Stop
        self.pos += 1
        return self.data[self.pos - 1]

    def unpack(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise Stop
        value: int = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += size
        return value

    def skip(self, n: int) -> None:
        if n < 0 or self.pos + n > len(self.data):
            raise Stop
        self.pos += n


def text_of(raw: bytes, codec: str = "utf-8") -> str | None:
    """``raw`` as text (control characters read as spaces), or None when it is not text in ``codec``."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return _CONTROL.sub(" ", text) if not text.isprintable() else text


class Lines:
    """The lines of a walk by byte offset; a value first emitted bare is named when its key becomes known."""

    def __init__(self) -> None:
        self.values: dict[int, tuple[str, str | None]] = {}
        self.named = 0

    def add(self, offset: int, text: str, key: str | None = None) -> None:
        if key is not None and not text:
            return
        self.values[offset] = (text, key[:MAX_KEY] if key else None)
        self.named += key is not None

    def name(self, offset: int, key: str) -> None:
        """Name the value emitted at ``offset`` (a dict filled after its items were pushed)."""
        got = self.values.get(offset)
        if got is not None and got[1] is None and got[0]:
            self.values[offset] = (got[0], key[:MAX_KEY])
            self.named += 1

    def lines(self, end: int) -> list[tuple[int, str]]:
        """The lines of the strings before ``end`` (where the walk's last whole item ends)."""
        out = []
        for offset in sorted(o for o in self.values if o < end):
            text, key = self.values[offset]
            if key:
                out.append((offset, f"{key}: {text}"))
            elif len(text) >= MIN_BARE:
                out.append((offset, text))
        return out
