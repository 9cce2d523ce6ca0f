"""Rich Text Format (``{\\rtf1``) read as the text a user sees, one line per paragraph (``\\par``, ``\\line``...).

A small tokenizer: control words with their parameters, groups, ``\\'hh`` bytes in the document's ``\\ansicpg``
code page, ``\\uN`` Unicode with ``\\ucN`` fallback characters skipped, and destinations that hold no text a user
reads (font, colour and style tables, pictures, binary data, field instructions, every ``{\\*\\...}`` group) left
out; the document information's text fields (title, subject, keywords, comments...) are lines of their own. A
paragraph is reported on the physical line of the file where its first visible character is, as a plain
text file's line, so a ``{\\b ...}`` group or an escape inside a number no longer cuts it.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream, Text

MAX_BYTES = 256 << 20  # an RTF file over this size is not read (its pictures are hex text: still far above prose)
MAX_DEPTH = 256  # group nesting
_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?[0-9]{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|(\r\n|\r|\n)"
                    rb"|([^\\{}\r\n]+)|(\\)")
_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "pict", "themedata", "colorschememapping", "datastore", "latentstyles",
    "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr", "fldinst", "filetbl", "revtbl",
    "pgdsctbl", "objdata", "nonshppict", "sn", "sp", "private", "userprops", "xe", "tc", "bkmkstart", "bkmkend",
    "fchars", "lchars"})  # destinations that hold no text a user reads
_OWN_LINE = frozenset({"title", "subject", "author", "operator", "keywords", "comment", "doccomm", "company",
                       "category", "manager"})
_BREAK = frozenset({"par", "line", "sect", "page", "row", "outlinelevel_break"})
_CHARS = {"tab": "\t", "cell": "\t", "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019",
          "ldblquote": "\u201c", "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " ",
          "qmspace": " "}
_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}"}


def detect(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf"


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormatError(f"document over the size limit of {MAX_BYTES} bytes: not examined")
    yield Part({}, texts=_texts(paragraphs(data)))


def _texts(paras: Iterator[tuple[int, str]]) -> Iterator[Text]:
    """Paragraphs as records whose line numbers are the file's: blank lines fill the gaps; a paragraph starting on
    the line of the one before begins a record of its own."""
    lines: list[str] = []
    first = last = 0
    for line, text in paras:
        if lines and line <= last:
            yield Text("\n".join(lines), first_line=first)
            lines = []
        if not lines:
            first = line
        else:
            lines.extend([""] * (line - last - 1))
        lines.append(text)
        last = line
    if lines:
        yield Text("\n".join(lines), first_line=first)


def paragraphs(data: bytes) -> Iterator[tuple[int, str]]:
    """(physical line of the first visible character, paragraph text) for every non-empty paragraph."""
    reader, pos = _Reader(data), 0
    while pos < len(data):
        m = _TOKEN.match(data, pos)
        if m is None:  # unreachable: the last alternative takes any byte the others do not
            break
        pos = reader.token(m)
        yield from reader.done
        reader.done.clear()
    reader.para()
    yield from reader.done


class _Reader:
    """One document's tokenizer state; ``token`` reads one token and puts each paragraph it ends in ``done``."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.codepage, self.uc = "cp1252", 1
        self.stack: list[tuple[bool, int, bool]] = []  # (skipping, uc, ends a line) of the enclosing groups
        self.skipping, self.skip_chars, self.line, self.brk = False, 0, 1, False
        self.out: list[str] = []
        self.start = 0  # the line of the paragraph's first visible character (0: none yet)
        self.pending = bytearray()  # \'hh bytes not yet decoded (a multi-byte character spans several)
        self.first_token = False  # the next control word opens the group (a destination name)
        self.done: list[tuple[int, str]] = []

    def token(self, m: re.Match[bytes]) -> int:
        """Reads the token ``m``; the position to read on from."""
        word, param, hexa, sym, brace, newline, plain = m.group(1, 2, 3, 4, 5, 6, 7)
        opening, self.first_token = self.first_token, False
        if newline:
            self.line += 1
        elif brace == b"{":
            self._open()
        elif brace == b"}":
            self._close()
        elif word is not None:
            return self._control(word.decode(), param, opening, m.end())
        elif sym is not None:
            self._symbol(sym, opening)
        elif not self.skipping and hexa is not None:
            self._byte(int(hexa, 16))
        elif not self.skipping:
            self._plain(plain or b"")
        return m.end()

    def _open(self) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise FormatError(f"groups nested deeper than {MAX_DEPTH} levels (expected at most {MAX_DEPTH})")
        self.stack.append((self.skipping, self.uc, self.brk))
        self.first_token, self.skip_chars, self.brk = True, 0, False

    def _close(self) -> None:
        if self.stack:
            if self.brk and not self.skipping:
                self.para()
            self._flush_bytes()
            self.skipping, self.uc, self.brk = self.stack.pop()
        self.skip_chars = 0

    def _control(self, name: str, param: bytes | None, opening: bool, pos: int) -> int:
        if name == "bin":
            n = max(0, int(param or 0))
            self.line += self.data.count(b"\n", pos, pos + n)
            return pos + n
        if self.skipping:
            return pos
        if opening and name in _SKIP:
            self._flush_bytes()
            self.skipping = True
            return pos
        self.brk = self.brk or (opening and name in _OWN_LINE)
        if name == "ansicpg" and param:
            with contextlib.suppress(LookupError):
                self.codepage = codecs.lookup(f"cp{int(param)}").name
        elif name == "uc" and param:
            self.uc = max(0, int(param))
        elif name == "u" and param:
            self._flush_bytes()
            self._text(chr(int(param) % 65536))
            self.skip_chars = self.uc
        elif name in _BREAK:
            self.para()
        elif name in _CHARS:
            self._flush_bytes()
            self._text(_CHARS[name])
        if name != "u":  # ``\\uN``'s fallback characters are still to skip
            self.skip_chars = 0
        return pos

    def _symbol(self, sym: bytes, opening: bool) -> None:
        if sym == b"*" and opening:
            self.skipping = True
        elif self.skipping:
            return
        elif self.skip_chars:
            self.skip_chars -= 1
        else:
            self._flush_bytes()
            self._text(_SYMBOLS.get(sym, ""))

    def _byte(self, value: int) -> None:
        if self.skip_chars:
            self.skip_chars -= 1
            return
        if not self.start:
            self.start = self.line
        self.pending.append(value)

    def _plain(self, raw: bytes) -> None:
        if self.skip_chars:
            cut = min(self.skip_chars, len(raw))
            raw, self.skip_chars = raw[cut:], self.skip_chars - cut
        if raw:
            self._flush_bytes()
            self._text(raw.decode(self.codepage, "replace"))

    def _flush_bytes(self) -> None:
        if self.pending:
            self.out.append(self.pending.decode(self.codepage, "replace"))
            self.pending.clear()

    def _text(self, text: str) -> None:
        if text and not self.start:
            self.start = self.line
        self.out.append(text)

    def para(self) -> None:
        """Ends the paragraph being read (kept in ``done`` when it holds more than white space)."""
        self._flush_bytes()
        text = "".join(self.out).encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\u00ad", "")
        self.out.clear()
        if text.strip():
            self.done.append((self.start or self.line, text))
        self.start = 0


def canary(text: str) -> bytes:
    body = "".join(ch if ord(ch) < 128 and ch not in "\\{}" else f"\\u{ord(ch) - 65536 * (ord(ch) >= 32768)}?"
                   for ch in text)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil Calibri;}}\n"
            "\\pard\\f0\\fs22 Customer complaint\\par\n"
            f"{body}\\par\n}}\n").encode()


FORMAT = Format("rtf", detect, read, canary=canary, order=40)
