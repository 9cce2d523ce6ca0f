"""The one-line key-press forms ``dtmf_digits`` reads (see its docstring): JSON events a line, SIP INFO ``Signal``
values and RTP debug lines of RFC 2833 events, each as a ``Key`` for the decoder to join per channel."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import NamedTuple

from scanners.lazy_re import lazy_compile

_BLOCK = 4096  # the longest line read as JSON
_EVENT_TYPE = lazy_compile(r'"eventType"[ \t]*:[ \t]*"(?i:dtmf)"')
_RFC2833 = lazy_compile(r"RFC ?2833 (?:from [^\n]{0,200}?\b)?event[ :=]+0*(1[0-5]|[0-9])\b")
_RFC2833_FROM = lazy_compile(r"RFC ?2833 from +(\S+)")
_RFC2833_TS = lazy_compile(r"\bts[ :=]+([0-9]+)")
_RFC2833_END = lazy_compile(r"\(end\)|\bend[ :=]+1\b")
_RTP = lazy_compile(r'"event"[ \t]*:[ \t]*(?:1[0-5]|[0-9])[ \t]*[,}]')
RFC4733 = "0123456789*#ABCD"  # telephone-event codes 0-15


class Key(NamedTuple):
    """One key press: where its trigger line starts (``anchor``), its digit's line, its channel and digit; ``begin``
    for a press that an end event may repeat; ``stamp`` an RTP timestamp its repeats share."""

    anchor: int
    line: int
    channel: str
    digit: str
    begin: bool = False
    end: bool = False
    stamp: object = None


def line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def signal_key(value: str) -> str:
    """The key a SIP INFO ``Signal=`` value names (10 and 11 are ``*`` and ``#``)."""
    value = value.upper()
    return RFC4733[int(value)] if value.isdigit() else value


def _json_line(text: str, at: int) -> object:
    """The JSON object from the first ``{`` of the line at ``at``, or None."""
    end = text.find("\n", at)
    line = text[at : len(text) if end < 0 else end]
    brace = line.find("{")
    try:
        return json.loads(line[brace:]) if brace >= 0 and len(line) < _BLOCK else None
    except ValueError:
        return None


def dtmf_events(text: str) -> Iterator[Key]:
    """Contact-centre DTMF events, one JSON object a line, the key in ``digit``; the prompt answered, when named,
    is part of the channel: the digits keyed at two prompts are two entries."""
    for m in _EVENT_TYPE.finditer(text):
        at = line_start(text, m.start())
        obj = _json_line(text, at)
        if not isinstance(obj, dict) or (digit := str(obj.get("digit", ""))) not in RFC4733 or len(digit) != 1:
            continue
        call = next((obj[k] for k in ("conversationId", "callId", "sessionId", "participantId") if obj.get(k)), "")
        yield Key(at, at, f"{call}/{obj.get('prompt') or ''}", digit)  # a new prompt is a new entry


def rfc2833_lines(text: str) -> Iterator[Key]:
    """RTP debug lines of RFC 2833 events (see the module's docstring)."""
    for m in _RFC2833.finditer(text):
        at = line_start(text, m.start())
        eol = text.find("\n", m.end())
        line = text[at : len(text) if eol < 0 else eol]
        stamp = _RFC2833_TS.search(line)
        if stamp is None and _RFC2833_END.search(line) is None:
            continue
        source = _RFC2833_FROM.match(text, m.start())
        yield Key(at, at, "rfc2833/" + (source[1] if source else ""), RFC4733[int(m[1])],
                  stamp=int(stamp[1]) if stamp else None)


def rtp_events(text: str) -> Iterator[Key]:
    """RFC 4733 telephone events, one JSON object a line."""
    last = -1
    for m in _RTP.finditer(text):
        at = line_start(text, m.start())
        if at == last:
            continue
        last = at
        obj = _json_line(text, at)
        if not isinstance(obj, dict) or not ({"ssrc", "payload_type", "pt"} & obj.keys()):
            continue
        event, stamp = obj.get("event"), obj.get("rtp_ts", obj.get("timestamp"))
        if stamp is None and obj.get("end") is False:
            continue  # a packet before the end, whose repeats nothing tells apart from the next press
        if isinstance(event, int) and not isinstance(event, bool) and 0 <= event < len(RFC4733):
            channel = f"{obj.get('call_id') or obj.get('callid') or ''}/{obj.get('ssrc') or ''}"
            yield Key(at, at, channel, RFC4733[event], stamp=stamp)
