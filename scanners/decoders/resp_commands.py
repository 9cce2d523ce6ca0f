"""Redis write commands in RESP, as an append-only file (``appendonly.aof``) or a protocol capture writes them, each
value read under its field's name on the value's own line.

A command is an array of bulk strings, each a ``$<byte length>`` line then its bytes: ``*4``, ``$4``, ``HSET``,
``$10``, ``checkout:1``, ``$3``, ``cvv``, ``$3``, ``934``. A hash field's name and its value are on separate lines
with a length line between, so no ``key: value`` rule sees the pair. The commands whose arguments name their values
are read: ``HSET``/``HMSET``/``HSETNX`` (field, value pairs after the key), ``XADD`` (pairs after the entry id and
its options), ``MSET``/``MSETNX`` (key, value pairs) and ``SET``/``SETNX``/``GETSET``/``SETEX``/``PSETEX`` (the key
names the value, when it is a scalar: a JSON document names its own values). A command is one segment, decoded
line for line: each length line blank, the command's other lines as written, each value's first line with its
name before it (``cvv: 934``), so a value is reported on its own line and a hash's fields are read together. Lists
and sets (``RPUSH``, ``SADD``) name nothing and are not read.

A bulk string's length is in bytes: a value spanning lines (a CRLF inside it) is read to its length; a value whose
line does not add up to its length (a file read with its line ends changed) is its line.

Limits: ``_MAX_ARGS`` arguments a command (a longer one is not read), lines up to ``LINE_REACH`` characters, a
command up to ``max_segment`` characters (a longer one is noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanners.decoders._common import LINE_REACH, BoundedDecoder, capped, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

_PAIRS_AFTER_KEY = frozenset({"HSET", "HMSET", "HSETNX"})
_PAIRS = frozenset({"MSET", "MSETNX"})
_KEY_NAMES = {"SET": 2, "SETNX": 2, "GETSET": 2, "SETEX": 3, "PSETEX": 3}  # the value's argument index
_LONG_RUN = lazy_compile(r"[0-9]{6}")
_COMMANDS = "HSET|HMSET|HSETNX|XADD|MSET|MSETNX|SET|SETNX|GETSET|SETEX|PSETEX"
TRIGGERS = (rf"\*[0-9]{{1,5}}\r?\n\$[0-9]{{1,2}}\r?\n(?i:{_COMMANDS})\r?\n",)
_COMMAND = lazy_compile(rf"(?i:{_COMMANDS})\r?")
_COUNT = lazy_compile(r"\*(?P<n>[0-9]{1,5})\r?")
_LENGTH = lazy_compile(r"\$(?P<n>[0-9]{1,9})\r?")
_MAX_ARGS = 4096
_XADD_TRIM = frozenset({"MAXLEN", "MINID"})
_SCALAR = lazy_compile(r"[^\s{\[]\S{0,39}")
_LENGTH_OUT = str.maketrans("", "", "$0123456789")  # what a length line holds besides its line end


def _line(text: str, s: int) -> tuple[int, int] | None:
    """The line starting at ``s`` (without its newline), or None past the text's end or over ``LINE_REACH``."""
    if s >= len(text):
        return None
    e = text.find("\n", s, s + LINE_REACH + 1)
    if e < 0:
        e = len(text) if len(text) - s <= LINE_REACH else -1
    return None if e < 0 else (s, e)


def _bulk(text: str, s: int) -> tuple[int, int, int] | None:
    """The bulk string whose length line starts at ``s``: ``(value start, value end, next line start)``, or None.
    The value ends where its bytes add up to the length (over lines when it holds line ends), else at its line's end
    (its ``\\r`` left out)."""
    head = _line(text, s)
    m = _LENGTH.fullmatch(text, *head) if head is not None else None
    if head is None or m is None or (first := _line(text, head[1] + 1)) is None:
        return None
    want, vs = int(m["n"]), head[1] + 1
    end, size = first, 0
    while True:
        size += len(text[end[0] : end[1]].encode("utf-8", "surrogatepass"))
        if size >= want or (nxt := _line(text, end[1] + 1)) is None:
            break
        size += 1  # the line's newline ('\r' is in the line)
        end = nxt
    if size != want and size != want + 1:  # (+1: the '\r' before the newline)
        end = first
    ve = end[1] - 1 if text[end[0] : end[1]].endswith("\r") else end[1]
    return vs, ve, end[1] + 1


def _names(args: list[str]) -> dict[int, int]:
    """Which argument names which value, by index: ``{value index: name index}``."""
    cmd = args[0].upper()
    if cmd in _KEY_NAMES:  # a scalar only: a document (a session's JSON) names its own values, read as written
        at = _KEY_NAMES[cmd]
        # a key holding a long number (``card:<pan>``, ``order:<id>``) is read where it stands: as a name it would
        # only repeat that number on the value's line
        named = at < len(args) and _SCALAR.fullmatch(args[at]) and not _LONG_RUN.search(args[1])
        return {at: 1} if named else {}
    if cmd in _PAIRS_AFTER_KEY:
        first = 2
    elif cmd in _PAIRS:
        first = 1
    else:  # XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] id field value ...
        first = 2 + (len(args) > 2 and args[2].upper() == "NOMKSTREAM")
        if first < len(args) and args[first].upper() in _XADD_TRIM:
            first += 1 + (first + 1 < len(args) and args[first + 1] in ("=", "~")) + 1
            if first < len(args) and args[first].upper() == "LIMIT":
                first += 2
        first += 1  # the entry's id
    return {v: v - 1 for v in range(first + 1, len(args), 2)}


class RespCommandsDecoder(BoundedDecoder):
    id = "resp_commands"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            if _COMMAND.fullmatch(text, s, e) is None or (got := self._command(text, s)) is None:
                continue
            yield got

    def _command(self, text: str, s: int) -> Decoded | None:
        """The command whose name's line starts at ``s`` (its count and length lines right above), or None."""
        length_start = text.rfind("\n", 0, max(0, s - 1)) + 1
        count_start = text.rfind("\n", 0, max(0, length_start - 1)) + 1
        count = _COUNT.fullmatch(text, count_start, max(count_start, length_start - 1))
        if s == 0 or length_start == 0 or count is None or not 2 <= int(count["n"]) <= _MAX_ARGS:
            return None
        spans: list[tuple[int, int]] = []
        at = length_start
        for _ in range(int(count["n"])):
            if (bulk := _bulk(text, at)) is None:
                return None
            spans.append(bulk[:2])
            at = bulk[2]
        end = spans[-1][1]
        if end - count_start > self.max_segment:
            note_limit(SEGMENT)  # not read: the item is not reported clean
            return None
        args = [text[vs:ve] for vs, ve in spans]
        names = _names(args)
        if not names:
            return None
        out, last = [text[count_start:length_start]], length_start
        for i, (vs, ve) in enumerate(spans):
            out.append(text[last:vs].translate(_LENGTH_OUT))  # the line ends, each length line left blank
            name = args[names[i]].replace("\r", " ").replace("\n", " ") + ": " if i in names else ""
            out.append(name + text[vs:ve])
            last = ve
        return Decoded(count_start, end, capped("".join(out), self.max_output), ("resp_commands",), lines=True)

DECODER = RespCommandsDecoder
