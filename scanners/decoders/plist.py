"""An Apple XML property list (``~/Library/Preferences/*.plist``, a UserDefaults or NSDictionary export written by
``plutil -convert xml1``, an MDM profile) rewritten line for line as the JSON the structure readers know: each
``<key>`` joins the value after it (``<string>``, ``<integer>``, ``<real>``, ``<date>``, ``<data>``, ``<true/>``,
a nested ``<dict>`` or ``<array>``) as ``"cardNumber": "4…",`` on the value's line, and ``<dict>``/``<array>``
become braces and brackets. A value is then judged under its key's name and within its own dict, as in JSON: a card's
expiry on its own ``<string>`` line two lines below the card number is read, and a masked card's dict keeps its expiry
quiet. A ``<data>`` value too short for the base64 decoder (an expiry is 8 characters) is read as its text; a longer
one is left as base64 for that decoder, which reads it under its key at the next layer.

The segment runs from the ``<plist`` root (the trigger) to its ``</plist>`` (or, cut short, to the text's end, at
most ``max_segment`` characters); XML entities in keys and strings are read. Limits: a whole plist longer than
``max_segment`` characters is skipped (noted), decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, b64_text, capped, line_bounds
from scanners.decoders.base64 import MIN_CHARS
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"<plist[ \t\r\n>]",)
_ROOT = lazy_compile(TRIGGERS[0])
_ITEM = lazy_compile(
    r"<key>(?P<key>[^<]*)</key>|<(?P<tag>string|integer|real|date|data)>(?P<value>[^<]*)</(?P=tag)>"
    r"|<(?P<empty>string|data|dict|array)/>|<(?P<bool>true|false)/>|<(?P<open>dict|array)>|</(?P<shut>dict|array)>"
)
_NUMBER = lazy_compile(r"[ \t]*-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[ \t]*")
_BRACKETS = {"dict": "{}", "array": "[]"}  # (an empty ``<string/>`` or ``<data/>``: "")


def _quoted(value: str) -> str:
    """A JSON string of ``value`` read from XML, its line breaks kept and no new one made (``&#10;`` reads as a space):
    lines stay one for one."""
    lines = (html.unescape(part).replace("\r", " ").replace("\n", " ") for part in value.split("\n"))
    return '"' + "\n".join(lines).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value(m: re.Match[str]) -> tuple[str, str]:
    """The line breaks to put before the member (a ``<data>`` block's base64 starts on a line of its own) and the
    value in JSON."""
    tag, value = m["tag"], m["value"]
    if tag in ("integer", "real") and _NUMBER.fullmatch(value):
        return "", value.strip()
    if tag == "data":
        packed = "".join(value.split())
        text = b64_text(packed) if len(packed) < MIN_CHARS else None
        lead = value[: len(value) - len(value.lstrip())].count("\n")
        return "\n" * lead, _quoted(packed if text is None else text) + "\n" * (value.count("\n") - lead)
    return "", _quoted(value)


def as_json(plist: str) -> str:
    """The plist's items as JSON members, each on its value's line; the text between items keeps only its layout."""
    out: list[str] = []
    key: str | None = None
    at = 0
    for m in _ITEM.finditer(plist):
        gap = plist[at : m.start()]
        out.append("\n" * gap.count("\n") + gap[gap.rfind("\n") + 1 :] if gap.isspace() else "\n" * gap.count("\n"))
        at = m.end()
        if m["key"] is not None:
            key = m["key"]
            out.append("\n" * key.count("\n"))
            continue
        member, key, lead = ("" if key is None else _quoted(key.replace("\n", " ")) + ": "), None, ""
        if m["shut"] or m["open"]:
            out.append(_BRACKETS[m["shut"]][1] + "," if m["shut"] else member + _BRACKETS[m["open"]][0])
            continue
        if m["tag"]:
            lead, value = _value(m)
        else:
            value = m["bool"] or _BRACKETS.get(m["empty"], '""')
        out.append(lead + member + value + ",")
    out.append("\n" * plist.count("\n", at))
    return "".join(out)


class PlistDecoder(BoundedDecoder):
    id = "plist"
    priority = 29
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        for root in _ROOT.finditer(text, start, end):
            s = root.start()
            close = text.find("</plist>", s)
            if close < 0:  # cut short (a log's excerpt): up to the text's end, at most max_segment to a line's end
                e = len(text) if len(text) - s <= self.max_segment else text.rfind("\n", s, s + self.max_segment)
            elif (e := close + len("</plist>")) - s > self.max_segment:
                note_limit(SEGMENT)
            if s < e <= s + self.max_segment:
                    yield Decoded(s, e, capped(as_json(text[s:e]), self.max_output), ("plist",), lines=True)


DECODER = PlistDecoder
