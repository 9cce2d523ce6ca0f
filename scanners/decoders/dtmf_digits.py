"""A number a caller keyed on the phone, put back together from telephony logs that write one DTMF digit per line or
per event: an IVR's card prompt then leaves the card number spread over 16 or so lines, one digit on each.

The forms read, as the systems write them:
- Asterisk's ``full`` log (``channel.c``): ``DTMF begin '4' received on PJSIP/trunk-0001`` and ``DTMF end '4'
  received on PJSIP/trunk-0001, duration 87 ms``; a begin and the end after it are one key press;
- Asterisk AMI events: ``Event: DTMFBegin`` / ``Event: DTMFEnd`` blocks (Asterisk 12 on) or ``Event: DTMF`` with
  ``Begin: Yes`` / ``End: Yes`` (before), each with ``Digit: 4``, ``Channel``, ``Uniqueid`` and ``Direction``;
- FreeSWITCH's log: ``RTP RECV DTMF 4:1360`` (digit:duration), after the channel's uuid on the line;
- FreeSWITCH event-socket plain events: ``DTMF-Digit: 4`` in an ``Event-Name: DTMF`` block (values URL-encoded,
  ``%23`` for ``#``), the channel its ``Unique-ID``;
- SIP INFO with an ``application/dtmf-relay`` body (``Signal=4``, ``Duration=160``), one message per digit in a
  sngrep / ngrep / Kamailio trace, the call its ``Call-ID``; or the message flattened onto one log line, its
  headers and body lines joined by `` | `` or ``; ``;
- contact-centre event streams (Genesys Cloud style), one JSON object a line: ``"eventType": "dtmf"`` with the key
  in ``"digit"``, the call its ``conversationId`` (or ``callId``, ``sessionId``, ``participantId``) and ``prompt``;
- RTP debug lines of RFC 2833 events (``RTP RFC2833 from 10.0.0.1:5004 (... ts 8000, ... event 00000004, end 1``,
  ``RFC2833 event 4 (end) ... ts=8000``): they name no call, so they join in the order logged (per source address
  when one is given); the packets of one press share its timestamp (``ts``) and count once; without one, only an
  end packet counts;
- RFC 4733 telephone-event summaries, one JSON object a line (``"event": 4``, 10 and 11 for ``*`` and ``#``,
  ``ssrc``, ``payload_type``): every packet of one event, the end packet sent three times too, has the event's RTP
  timestamp (``rtp_ts``), so they count once, from the first; without a timestamp only ``"end": true`` counts.

Digits are joined per channel (or call, or stream) in the order logged; a run ends at ``*``, ``#``, ``A``-``D`` (the
keys that end an entry), when its channel logs no digit for ``GAP_LINES`` lines, where an RTP timestamp goes back
(another stream), and where the text ends. A run of
at least ``MIN_RUN`` digits (no card number is shorter) is one segment from its first digit's line to its last
one's; its decoded text is the digits, and each line of the segment starts where its next digit does
(``Decoded.line_starts``), so a card number is reported on its first digit's line. Whether the digits are a card
number is the PAN detector's call (IIN and Luhn), as for any number: a phone number keyed is no card.

Limits: the text is read as given (a run cut by a source's chunking is read in parts); a card number and a code
keyed with no ``#`` between them, nor a gap, join into one longer number; a segment longer than ``max_segment``
characters is not decoded; decoded text is cut at ``max_output`` (both noted).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from urllib.parse import unquote

from scanners.decoders._common import (
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    BoundedDecoder,
    capped,
    line_bounds,
    over_limit,
)
from scanners.decoders._dtmf_lines import RFC4733, Key, dtmf_events, line_start, rfc2833_lines, rtp_events, signal_key
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_KEY = r"[0-9A-D*#]"
TRIGGERS = (
    rf"DTMF (?:begin|end) '{_KEY}' received on ",
    r"Event: DTMF(?:Begin|End)?\b",
    r"DTMF-Digit: ",
    r"(?i:application/dtmf-relay)",
    rf"(?:RECV|SEND) DTMF {_KEY}:[0-9]",
    r'"event"[ \t]*:[ \t]*(?:1[0-5]|[0-9])[ \t]*[,}]',
    r'"eventType"[ \t]*:[ \t]*"(?i:dtmf)"',
    r"RFC ?2833 (?:event|from) ",
)
MIN_RUN = 12
GAP_LINES = 1000
_BLOCK = 4096  # the longest AMI or event-socket block and SIP message read
_ASTERISK = lazy_compile(rf"DTMF (begin|end) '({_KEY})' received on ([^\s,]+)")
_AMI = lazy_compile(r"^Event: DTMF(Begin|End)?\r?$", re.MULTILINE)
_AMI_DIGIT = lazy_compile(rf"^Digit: ({_KEY})\r?$", re.MULTILINE)
_ESL = lazy_compile(r"^DTMF-Digit: (\S+)\r?$", re.MULTILINE)
_SIP = lazy_compile(r"application/dtmf-relay", re.IGNORECASE)
# the body's first or second line (after the blank line that ends the headers)
_SIGNAL = lazy_compile(r"(?:[^\n]*\n)?[ \t]*Signal[ \t]*=[ \t]*(1[01]|[0-9A-Da-d*#])[ \t]*\r?$", re.MULTILINE)
_FREESWITCH = lazy_compile(rf"((?:RTP )?(?:RECV|SEND)) DTMF ({_KEY}):[0-9]")
_UUID = lazy_compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ")
_BLANK = lazy_compile(r"\n\r?\n")
# the flattened message's body, on the line the content type is on
_SIGNAL_FLAT = lazy_compile(r"[|;][ \t]*Signal[ \t]*=[ \t]*(1[01]|[0-9A-Da-d*#])[ \t]*(?:[|;]|\r?$)", re.MULTILINE)
_CALL_ID_FLAT = lazy_compile(r"(?i:Call-ID)[ \t]*:[ \t]*([^\s|;]+)")
_DIGITS = frozenset("0123456789")


def _header(block: str, *names: str) -> str:
    """The first of the headers ``names`` (``Name: value`` lines, case-insensitive) in ``block``, or ''."""
    for name in names:
        if (m := re.search(rf"^{name}[ \t]*:[ \t]*(\S+)", block, re.MULTILINE | re.IGNORECASE)) is not None:
            return m[1]
    return ""


def _block(text: str, at: int) -> tuple[int, int]:
    """The blank-line-bounded block around ``at`` (at most ``_BLOCK`` characters either side)."""
    s = text.rfind("\n\n", max(0, at - _BLOCK), at)
    s2 = text.rfind("\n\r\n", max(0, at - _BLOCK), at)
    start = max(s + 2 if s >= 0 else max(0, at - _BLOCK), s2 + 3 if s2 >= 0 else 0)
    m = _BLANK.search(text, at, at + _BLOCK)
    return start, m.start() if m else min(len(text), at + _BLOCK)


def _keys(text: str) -> list[Key]:
    """Every key press the text logs, in any of the forms read."""
    keys: list[Key] = []
    if "DTMF " in text:
        for m in _ASTERISK.finditer(text):
            at = line_start(text, m.start())
            keys.append(Key(at, at, m[3], m[2], m[1] == "begin", m[1] == "end"))
        for m in _FREESWITCH.finditer(text):
            at = line_start(text, m.start())
            uuid = _UUID.match(text, at)
            keys.append(Key(at, at, (uuid.group() if uuid else "") + m[1], m[2]))
    if "Event: DTMF" in text:
        for m in _AMI.finditer(text):
            s, e = _block(text, m.start())
            if (found := _AMI_DIGIT.search(text, s, e)) is None:
                continue
            block = text[s:e]
            kind = m[1] or ("Begin" if re.search(r"^Begin: Yes", block, re.MULTILINE) else "End")
            channel = _header(block, "Uniqueid", "Channel") + "/" + _header(block, "Direction")
            keys.append(Key(m.start(), found.start(), channel, found[1], kind == "Begin", kind == "End"))
    if "DTMF-Digit: " in text:
        for m in _ESL.finditer(text):
            s, e = _block(text, m.start())
            if len(digit := unquote(m[1])) == 1 and digit in RFC4733:
                keys.append(Key(m.start(), m.start(), _header(text[s:e], "Unique-ID", "Channel-Call-UUID"), digit))
    for m in _SIP.finditer(text):  # case-blind in the pattern: no lower-cased copy of a multi-MB text
        at = line_start(text, m.start())
        eol = text.find("\n", m.end())
        if (flat := _SIGNAL_FLAT.search(text, m.end(), len(text) if eol < 0 else eol)) is not None:
            call = _CALL_ID_FLAT.search(text, at, m.start())
            keys.append(Key(at, at, call[1] if call else "", signal_key(flat[1])))
            continue
        blank = _BLANK.search(text, m.end(), m.end() + _BLOCK)
        if blank is None or (signal := _SIGNAL.match(text, blank.end(), blank.end() + 256)) is None:
            continue
        s, e = _block(text, m.start())
        keys.append(Key(at, line_start(text, signal.end() - 1), _header(text[s:e], "Call-ID", "i"),
                        signal_key(signal[1])))
    if '"event"' in text:
        keys.extend(rtp_events(text))
    if '"eventType"' in text:
        keys.extend(dtmf_events(text))
    if "2833 " in text:
        keys.extend(rfc2833_lines(text))
    keys.sort(key=lambda k: k.anchor)
    return keys


def _back(key: Key, before: Key) -> bool:
    """Whether ``key``'s RTP timestamp is before its channel's last one: one stream's only grows, so a new stream."""
    return isinstance(key.stamp, int) and isinstance(before.stamp, int) and key.stamp < before.stamp


def _runs(text: str, keys: list[Key]) -> list[list[Key]]:
    """The key presses joined per channel into runs of digits (see the module's docstring for where a run ends)."""
    runs: list[list[Key]] = []
    open_runs: dict[str, list[Key]] = {}
    last: dict[str, tuple[Key, int]] = {}  # each channel's previous key press and its line number
    lineno, pos = 0, 0
    for key in keys:
        lineno += text.count("\n", pos, key.line)
        pos = key.line
        before = last.get(key.channel)
        last[key.channel] = (key, lineno)
        run = open_runs.get(key.channel)
        if before is not None and ((key.end and before[0].begin and before[0].digit == key.digit) or (
                key.stamp is not None and key.stamp == before[0].stamp)):
            continue  # the end of a press already counted at its begin, or a repeated end packet
        gap = before is not None and (lineno - before[1] > GAP_LINES or _back(key, before[0]))
        ends = key.digit not in _DIGITS or gap
        if run is not None and ends:
            runs.append(open_runs.pop(key.channel))
        if key.digit in _DIGITS:
            open_runs.setdefault(key.channel, []).append(key)
    runs.extend(open_runs.values())
    return [run for run in runs if len(run) >= MIN_RUN]


class DtmfDigitsDecoder(BoundedDecoder):
    id = "dtmf_digits"
    priority = 30
    triggers = TRIGGERS
    margin = None

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        super().__init__(max_segment=max_segment, max_output=max_output)
        # The last text's key presses' anchors and the segment each belongs to: the engine asks once per window.
        self._memo: tuple[str, list[int], list[Decoded | None]] = ("", [], [])

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            memo = self._memo = (text, *self._segments(text))
        _, anchors, segments = memo
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if start >= end:
            return
        seen: set[int] = set()
        for k in range(bisect_left(anchors, line_start), bisect_right(anchors, line_end)):
            seg = segments[k]
            if seg is not None and id(seg) not in seen:
                seen.add(id(seg))
                yield seg

    def _segments(self, text: str) -> tuple[list[int], list[Decoded | None]]:
        keys = _keys(text)
        of: dict[int, Decoded | None] = {}
        for run in _runs(text, keys):
            seg = self._decoded(text, run)
            for key in run:
                of[key.anchor] = seg
        return [k.anchor for k in keys], [of.get(k.anchor) for k in keys]

    def _decoded(self, text: str, run: list[Key]) -> Decoded | None:
        s = run[0].line
        e = text.find("\n", run[-1].line)
        e = len(text) if e < 0 else e
        if over_limit(e - s, self.max_segment):
            return None
        starts = [0] * (text.count("\n", s, e) + 1)
        lineno, pos = 0, s
        for j, key in enumerate(run):
            lineno += text.count("\n", pos, key.line)
            pos = key.line
            if lineno + 1 < len(starts):
                starts[lineno + 1] = j + 1
        for i in range(1, len(starts)):  # a line without a digit of the run starts where the next digit does
            starts[i] = max(starts[i], starts[i - 1])
        digits = "".join(key.digit for key in run)
        return Decoded(s, e, capped(digits, self.max_output), ("dtmf",), line_starts=tuple(starts))


DECODER = DtmfDigitsDecoder
