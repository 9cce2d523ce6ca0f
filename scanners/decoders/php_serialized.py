"""PHP ``serialize()`` output rewritten as the JSON it stands for: ``a:2:{s:3:"cvc";s:3:"123";...}`` reads
``{"cvc": "123", ...}``.

PHP stores arrays and objects this way in sessions, caches, database rows and queue payloads (a Laravel job's
``"command"`` is a serialized object inside the job's JSON: ``O:22:\\"App\\\\Jobs\\\\ChargeCardJob\\":3:{...
s:6:\\"expiry\\";s:5:\\"06\\/31\\";...}``). A key and its value are separate strings with a type and a length
between them, so no ``key: value`` rule sees the pair; rewritten, the record is read as the same record written in
JSON is (an expiry beside a card number, a code under its key; an expiry beside a masked number stays card metadata).

A segment is a run of serialized elements, each starting where the one before ends (``a:N:{``, ``O:N:"Class":N:{``,
``s:N:"...";``, ``i:N;``, ``d:...;``, ``b:0;``, ``N;``, ``r:N;``, ``}``), found on a line holding the trigger (a
string's end followed by a string or an integer). A container's elements alternate key and value (pairs cut from
their container, at a line's start, are read as one). The strings may be written at any JSON escaping level (``\\"``,
``\\\\\\"``: the quote's backslashes tell which); their text is unescaped as many times (``06\\/31`` reads ``06/31``). A
private or protected property's name loses its ``\\0Class\\0`` prefix. A run is yielded when a pair in it has a string
or integer value.

Limits: a line's runs are read within the window (``LINE_REACH``), ``_DEPTH`` containers deep and ``_MAX_TOKENS``
elements long; a run longer than ``max_segment`` characters is skipped (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, window_lines
from scanners.decoders.json_escape import unescape
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'";[si]:-?[0-9]',)
_START = lazy_compile(r'[aO]:[0-9]{1,9}:|s:[0-9]{1,9}:\\*"')
_TOKEN = lazy_compile(
    r'(?P<open>a:[0-9]{1,9}:\{|O:[0-9]{1,9}:\\*"[A-Za-z0-9_\\]{1,256}":[0-9]{1,9}:\{)'
    r'|s:(?P<n>[0-9]{1,9}):(?P<q>\\*)"'
    r"|i:(?P<i>-?[0-9]{1,20});"
    r"|(?P<other>d:[-+0-9.EeINFA]{1,40};|b:[01];|N;|[rR]:[0-9]{1,9};)"
    r"|(?P<close>\})"
)
_NUMBER = lazy_compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[Ee][-+]?[0-9]+)?")
_DEPTH = 32  # nesting read at most
_MAX_TOKENS = 4096  # elements in one run at most
_CANDIDATES = 8  # ends tried for a string whose length its text at the first does not match


def _unescaped(body: str, levels: int) -> str:
    for _ in range(levels):
        body = unescape(body) or body.replace("\\/", "/")
    return body


def _string(text: str, m: re.Match[str], end: int) -> tuple[str, int] | None:
    """The string whose ``s:N:"`` is ``m``: its text unescaped and where it ends (after its ``";``), or None. The end
    is the first ``";`` (escaped as the opening quote is) after which the text is ``N`` bytes long: a quote inside
    the text is written as its delimiter is; failing that, the first ``";``."""
    q, p, n = m["q"], m.end(), int(m["n"])
    term, levels = q + '";', (len(q) + 1).bit_length() - 1  # \" once escaped, \\\" twice, ...
    if not q and text.startswith('";', p + n) and p + n + 2 <= end:
        return text[p : p + n].replace("\r", " ").replace("\n", " "), p + n + 2  # ASCII at the unescaped level
    first: tuple[str, int] | None = None
    j = text.find(term, p, end)
    for _ in range(_CANDIDATES):
        if j < 0:
            break
        value = _unescaped(text[p:j], levels).replace("\r", " ").replace("\n", " ")
        if len(value.encode("utf-8", "replace")) == n:
            return value, j + len(term)
        first = first or (value, j + len(term))
        j = text.find(term, j + 1, end)
    return first


def _scalar(m: re.Match[str]) -> str:
    """A ``d:``, ``b:``, ``N;`` or reference element as JSON."""
    other = m["other"]
    if other[0] == "d":
        number = other[2:-1]
        return number if _NUMBER.fullmatch(number) else "null"
    return {"b:0;": "false", "b:1;": "true"}.get(other, "null")


class _Run:
    """A run of elements written out as JSON: ``want_key`` and ``first`` per open container (the top level first):
    a key comes next; no member is written yet. ``paired``: a pair has a string or an integer value."""

    def __init__(self, cut: bool) -> None:
        self.out: list[str] = ["{"] if cut else []  # pairs cut from their container are read as one
        self.want_key, self.first = [True] * (1 + cut), [True] * (1 + cut)
        self.key: str | None = None
        self.paired = False

    def _member(self) -> str:
        sep = "" if self.first[-1] else ", "
        self.first[-1] = False
        return f"{sep}{json.dumps(self.key, ensure_ascii=False)}: "

    def open(self) -> bool:
        if len(self.want_key) > _DEPTH or (self.want_key[-1] and len(self.want_key) > 1):  # a container is no key
            return False
        self.out.append(self._member() if not self.want_key[-1] else " " if self.out else "")
        self.out.append("{")
        self.want_key[-1] = True
        self.want_key.append(True)
        self.first.append(True)
        self.key = None
        return True

    def close(self) -> bool:
        if len(self.want_key) == 1 or not self.want_key[-1]:
            return False
        self.want_key.pop()
        self.first.pop()
        self.out.append("}")
        return True

    def element(self, value: str | None, written: str) -> bool:
        """A key (``value``, None for no string or integer) or a value (``written`` as JSON)."""
        if self.want_key[-1]:
            if value is None:
                return False
            self.key, self.want_key[-1] = value.rpartition("\x00")[2], False  # \0Class\0name: a private property
            return True
        self.out.append(self._member() + written)
        self.paired |= value is not None
        self.key, self.want_key[-1] = None, True
        return True

    def text(self) -> str:
        return "".join(self.out) + "}" * (len(self.want_key) - 1)


def _run(text: str, p: int, end: int) -> tuple[int, _Run]:
    """The run of elements from ``p``: where it ends, and the run read."""
    run = _Run(cut=not text.startswith(("a:", "O:"), p))
    for _ in range(_MAX_TOKENS):
        m = _TOKEN.match(text, p, end)
        if m is None:
            break
        stop = m.end()
        if m["open"] is not None or m["close"] is not None:
            if not (run.open() if m["open"] is not None else run.close()):
                break
        elif m["n"] is not None:
            if (got := _string(text, m, end)) is None:
                break
            value, stop = got
            if not run.element(value, json.dumps(value, ensure_ascii=False)):
                break
        elif not (run.element(m["i"], str(int(m["i"]))) if m["i"] is not None else run.element(None, _scalar(m))):
            break
        p = stop
    return p, run


class PhpSerializedDecoder(BoundedDecoder):
    id = "php_serialized"
    priority = 34
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            if text.find('";', s, e) < 0:
                continue
            at = s
            while (m := _START.search(text, at, e)) is not None:
                stop, run = _run(text, m.start(), e)
                if not run.paired or stop - m.start() > self.max_segment:  # a run is read once, not again from
                    if run.paired:  # each element inside it; one too long is noted, so the item is not clean
                        note_limit(SEGMENT)
                    at = max(stop, m.start() + 1)
                    continue
                yield Decoded(m.start(), stop, capped(run.text(), self.max_output), ("php_serialized",))
                at = stop


DECODER = PhpSerializedDecoder
