"""An object dumped over several lines by a runtime other than JSON's, rewritten as the pretty-printed JSON the
structure readers know: PHP's ``print_r`` (``[month] => 12``, ``Array`` then ``(``) and ``var_dump`` (``["month"]=>``
with ``int(12)`` on the next line), Node.js's ``console.log`` past 80 characters (``month: 12,``), Python's
``pprint`` (``'month': 12,``), Ruby's ``pp`` (``:month=>12``, ``"month"=>12``), YAML (``expiry:`` then
``  month: 09``: nesting by indentation, given braces; a sequence's entry ``- name: case_1`` with its members on the
lines below it is an object of its own). A card's expiry written as month and year members of its
own object (``exp`` -> ``month``, ``year``) or as ``exp_month`` and ``exp_year`` lines is then read as in JSON, and
so is a generic holder's value under the key that names it (a Lex slot logged by Node.js: ``SecurityCode: {`` ...
``originalValue: '837',``); a value on one line is read where it stands.

The segment is the dump: from its first line (not indented: ``Array``, ``array(2) {``, a log line ending in ``{``)
to its closing line, found from a line with a month or year key (the trigger); the first such line decodes it. Keys
become quoted (``"month": 12``), single-quoted strings double-quoted, ``var_dump``'s typed value joined to its key
on the value's line (where a value found there is reported).

Limits: a dump of more than ``_MAX_LINES`` lines or ``max_segment`` characters is ignored; decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_KEY = r"[A-Za-z_-]{0,12}(?i:month|year|mon|yr|mm|yy|yyyy|value)"  # month and year members (kebab too); value holders
TRIGGERS = (
    rf"\[{_KEY}\] => [0-9]",  # print_r
    rf"\[\"{_KEY}\"(?::[^\]\r\n]{{0,64}})?\]=>",  # var_dump (the value on the next line)
    rf"\n[ \t]+[':]?{_KEY}'?[ \t]*(?::|=>|=)[ \t]*'?[0-9]",  # Node.js, pprint, Ruby's pp: a member on a line
    rf"\n[ \t]+\"{_KEY}\"[ \t]*=>[ \t]*\"?[0-9]",  # Ruby's pp with string keys
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_MAX_LINES = 400
_OPENER = lazy_compile(r"[ \t]*[({\[][ \t]*")
_CLOSER = lazy_compile(r"[)}\]][)}\],;]*[ \t]*")
_PRINT_R = lazy_compile(r"(?P<i>[ \t]*)\[(?P<k>[^\]\n]{1,64})\] => ?(?P<v>.*)")
_VAR_DUMP_KEY = lazy_compile(r"""(?P<i>[ \t]*)\[(?P<q>"?)(?P<k>[^"\]\n:]{1,64})(?P=q)(?::[^\]\n]{0,64})?\]=>[ \t]*""")
_VAR_DUMP_VALUE = lazy_compile(
    r"""[ \t]*(?:string\([0-9]+\) (?P<s>".*")|(?:int|float)\((?P<n>[^)]*)\)|bool\((?P<b>true|false)\)|(?P<null>NULL)"""
    r"""|(?P<open>(?:array\([0-9]+\)|object\([^)\n]*\)#[0-9]+ \([0-9]+\)) \{))[ \t]*"""
)
_DUMP_OPEN = lazy_compile(r"(?:array\([0-9]+\)|object\([^)\n]*\)#[0-9]+ \([0-9]+\)) \{")
_SINGLE = lazy_compile(r"'(?P<s>[^'\\\n]*)'")
_MEMBER_KEY = lazy_compile(
    r"""(?P<pre>^[ \t]*|[{(,][ \t]*)(?P<k>:?[A-Za-z_$][\w$]{0,63}|"[^"\n]{1,64}")[ \t]*(?:=>|:(?!:)|=)"""
)


_BARE_KEY = lazy_compile(r'[ \t]*"[^"\n]{1,64}":[ \t]*')
_ITEM = lazy_compile(r"([ \t]*)- (?=[A-Za-z_\"'])")  # a YAML sequence's entry that begins with a key


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t")


def _line(text: str, s: int) -> str:
    e = text.find("\n", s)
    return text[s : e if e >= 0 else len(text)]


def region(text: str, at: int, max_lines: int = _MAX_LINES) -> tuple[int, int] | None:
    """The dump holding the line at ``at``: (start, end) from its first not-indented line (and the line before an
    opener alone: ``Array`` then ``(``) to its closing line; None past ``max_lines`` lines either way."""
    s = text.rfind("\n", 0, at) + 1
    for _ in range(max_lines):
        line = _line(text, s)
        if line.strip() and not _indented(line):
            if _OPENER.fullmatch(line) and s > 0:
                before = text.rfind("\n", 0, s - 1) + 1
                prev = _line(text, before)
                s = before if prev.strip() and not _indented(prev) else s
            break
        if s == 0:
            return None
        s = text.rfind("\n", 0, s - 1) + 1
    else:
        return None
    e = text.find("\n", at)
    for _ in range(max_lines):  # on to the closing line; blank lines inside (print_r writes them)
        if e < 0:
            return s, len(text)
        line = _line(text, e + 1)
        if line.strip() and not _indented(line):
            return (s, e + 1 + len(line)) if _CLOSER.fullmatch(line) else (s, e)
        e = text.find("\n", e + 1)
    return None


def as_json(dump: str) -> str:
    """The dump's lines with their keys quoted and values in JSON's spelling (see the module doc)."""
    out: list[str] = []
    lines = dump.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        key = _VAR_DUMP_KEY.fullmatch(line)
        value = _VAR_DUMP_VALUE.fullmatch(lines[i + 1]) if key and i + 1 < len(lines) else None
        if key and value:
            v = value["s"] or value["n"] or value["b"] or ("null" if value["null"] else "{")
            # on the value's line, the key's left blank: lines stay one for one, and a value found is reported on
            # its own line (``string(16) "…"``), not on its key's
            out += ["", f'{key["i"]}"{key["k"]}": {v}']
            i += 2
            continue
        if (m := _PRINT_R.fullmatch(line)) is not None:
            v = m["v"].strip()
            v = "" if v == "Array" or v.endswith(" Object") else v if v.isdigit() else json.dumps(v)
            out.append(f'{m["i"]}"{m["k"]}": {v}')
        elif _DUMP_OPEN.fullmatch(line.strip()) or _OPENER.fullmatch(line):
            out.append(line.replace(line.strip(), "{"))
        elif _CLOSER.fullmatch(line.strip() or "x") and line.strip().startswith(")"):
            out.append(line.replace(")", "}"))
        else:
            line = _SINGLE.sub(lambda s: json.dumps(s["s"]), line)
            out.append(_MEMBER_KEY.sub(lambda k: f'{k["pre"]}"{k["k"].strip(chr(34)).lstrip(":")}":', line))
        i += 1
    return "\n".join(_braced(out))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _braced(lines: list[str]) -> list[str]:
    """YAML's nesting made explicit: a key with no value whose next line is indented deeper opens an object
    (``expiry:`` then ``  month: 09``), closed at the end of the last line indented deeper; dumps with braces pass as
    they are. Braces go on existing lines, so lines stay one for one."""
    out: list[str] = []
    open_at: list[int] = []  # the indentation of each key that opened an object
    last = -1  # the last line with content
    for k, line in enumerate(lines):
        if line.strip():
            while open_at and _indent(line) <= open_at[-1] and last >= 0:
                open_at.pop()
                out[last] += " }"
            last = k
        out.append(line)
        nxt = next((n for n in lines[k + 1 :] if n.strip()), "")
        if _BARE_KEY.fullmatch(line) and _indent(nxt) > _indent(line) and not _OPENER.fullmatch(nxt):
            out[-1] = line + " {"
            open_at.append(_indent(line))
        elif (item := _ITEM.match(line)) and _indent(nxt) > _indent(line) and not _OPENER.fullmatch(nxt):
            # a sequence's entry whose members go on below (``- name: case_1`` then ``  card_number: ...``): an
            # object of its own, one record, not a member of the sequence's parent
            out[-1] = _MEMBER_KEY.sub(lambda m: f'{m["pre"]}"{m["k"]}":', f"{item[1]}{{ {line[item.end():]}", 1)
            open_at.append(_indent(line))
    if open_at and last >= 0:
        out[last] += " }" * len(open_at)
    return out

def dump_regions(trigger: re.Pattern[str], text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """The dumps (``region``) holding a ``trigger`` hit in ``text[start - 1:end]`` (a member trigger starts at the
    line break before its line), each once and only from its first trigger line, at most ``limit`` characters."""
    at, done = max(0, start - 1), -1
    while (hit := trigger.search(text, at, end)) is not None:
        at = hit.end()
        found = region(text, hit.end() - 1)
        if found is None or found[0] <= done:
            continue
        s, e = found
        done = s
        first = trigger.search(text, max(0, s - 1), e)
        if first is not None and first.start() == hit.start() and not over_limit(e - s, limit):
            yield s, e


class ObjectDumpDecoder(BoundedDecoder):
    id = "object_dump"
    priority = 28
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        for s, e in dump_regions(_TRIGGER, text, start, end, self.max_segment):
            decoded = as_json(text[s:e])
            if decoded != text[s:e]:
                yield Decoded(s, e, capped(decoded, self.max_output), ("object_dump",), lines=True)


DECODER = ObjectDumpDecoder
