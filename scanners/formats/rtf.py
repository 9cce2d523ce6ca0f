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
import re
from collections.abc import Iterator

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream, Text

MAX_BYTES = 256 << 20  # an RTF file over this size is not read (its pictures are hex text: still far above prose)
MAX_DEPTH = 256  # group nesting
_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?[0-9]{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|(\r\n|\r|\n)"
                    rb"|([^\\{}\r\n]+)|(\\)")
_SKIP = frozenset(
    "fonttbl colortbl stylesheet pict themedata colorschememapping datastore latentstyles listtable listoverridetable "
    "rsidtbl generator xmlnstbl mmathPr fldinst filetbl revtbl pgdsctbl objdata nonshppict sn sp "
    "private userprops xe tc bkmkstart bkmkend fchars lchars".split())
_OWN_LINE = frozenset("title subject author operator keywords comment doccomm company category manager".split())
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
    codepage, uc = "cp1252", 1
    stack: list[tuple[bool, int, bool]] = []  # (skipping, uc, ends a line) of the enclosing groups
    skipping, skip_chars, line, brk = False, 0, 1, False
    out: list[str] = []
    start = 0
    pending = bytearray()
    first_token = False  # the next control word opens the group (a destination name)

    def flush_bytes() -> None:
        if pending:
            out.append(pending.decode(codepage, "replace"))
            pending.clear()

    def text_at(text: str) -> None:
        nonlocal start
        if text and not start:
            start = line
        out.append(text)

    def para() -> Iterator[tuple[int, str]]:
        nonlocal start
        flush_bytes()
        text = "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\u00ad", "")
        out.clear()
        if text.strip():
            yield start or line, text
        start = 0

    pos, end = 0, len(data)
    while pos < end:
        m = _TOKEN.match(data, pos)
        if m is None:  # unreachable: the last alternative takes any byte the others do not
            break
        pos = m.end()
        word, param, hexa, sym, brace, newline, plain = m.group(1, 2, 3, 4, 5, 6, 7)
        opening, first_token = first_token, False
        if newline:
            line += 1
            continue
        if brace == b"{":
            if len(stack) >= MAX_DEPTH:
                raise FormatError(f"groups nested deeper than {MAX_DEPTH} levels (expected at most {MAX_DEPTH})")
            stack.append((skipping, uc, brk))
            first_token, skip_chars, brk = True, 0, False
            continue
        if brace == b"}":
            if stack:
                if brk and not skipping:
                    yield from para()
                flush_bytes()
                skipping, uc, brk = stack.pop()
            skip_chars = 0
            continue
        if word is not None:
            name = word.decode()
            if name == "bin":
                n = int(param or 0)
                pos += max(0, n)
                line += data.count(b"\n", pos - max(0, n), pos)
                continue
            if skipping:
                continue
            if opening and name in _SKIP:
                flush_bytes()
                skipping = True
                continue
            brk = brk or (opening and name in _OWN_LINE)
            if name == "ansicpg" and param:
                try:
                    codepage = codecs.lookup(f"cp{int(param)}").name
                except LookupError:
                    pass
            elif name == "uc" and param:
                uc = max(0, int(param))
            elif name == "u" and param:
                flush_bytes()
                text_at(chr(int(param) % 65536))
                skip_chars = uc
            elif name in _BREAK:
                yield from para()
            elif name in _CHARS:
                flush_bytes()
                text_at(_CHARS[name])
            skip_chars = 0 if name != "u" else skip_chars
            continue
        if sym is not None:
            if sym == b"*" and opening:
                skipping = True
                continue
            if skipping:
                continue
            if skip_chars:
                skip_chars -= 1
                continue
            flush_bytes()
            text_at(_SYMBOLS.get(sym, ""))
            continue
        if skipping:
            continue
        if hexa is not None:
            if skip_chars:
                skip_chars -= 1
                continue
            if not start:
                start = line
            pending.append(int(hexa, 16))
            continue
        raw = plain or b""
        if skip_chars:
            cut = min(skip_chars, len(raw))
            raw, skip_chars = raw[cut:], skip_chars - cut
        if raw:
            flush_bytes()
            text_at(raw.decode(codepage, "replace"))
    yield from para()


def canary(text: str) -> bytes:
    body = "".join(ch if ord(ch) < 128 and ch not in "\\{}" else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?"
                   for ch in text)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil Calibri;}}\n\\pard\\f0\\fs22 Customer complaint\\par\n"
            f"{body}\\par\n}}\n").encode()


FORMAT = Format("rtf", detect, read, canary=canary, order=40)
