"""The units of two log transports, for ``_units``: a line's stream and the text it carries, and which of a stream's
pieces run on into the next.

- Apache HttpClient's wire log (``http-outgoing-N >> "<bytes>"``, one line per ``\\n`` sent or received, ``[\\r]``,
  ``[\\n]`` and ``[0xNN]`` for other bytes): the units of a connection's direction are its bytes, and
  ``wire_bodies`` keeps of them only the message bodies, a chunked body's framing (hex size lines, the CRLF after
  each chunk) dropped: the body's text is the chunks' data joined exactly, whatever byte a chunk ends on;
- CloudWatch Logs events as ``aws logs filter-log-events`` / ``get-log-events`` print them (``"logStreamName"`` names
  the stream of the ``"message"`` lines after it): an event holds at most 256 KB (its message's UTF-8 bytes and 26
  more), and a shipper cuts a longer line into events of that size, so a message of exactly ``CWL_PIECE`` bytes goes
  on in the next event of its stream (``cwl_runs``); whole events of one stream are never joined.
"""

from __future__ import annotations

import json
import re

_WIRE = re.compile(r"(http-outgoing-[0-9]+) (>>|<<) \"(.*)\"$")
_WIRE_BYTE = re.compile(r"\[(\\r|\\n|0x[0-9a-fA-F]{2})\]")
_WIRE_ESCAPES = {"\\r": "\r", "\\n": "\n"}
_LOG_EVENT = re.compile(r'[ \t]*"(logStreamName|message)": ("(?:[^"\\]|\\.)*")(?:,|$)')
CWL_PIECE = 262144 - 26  # CloudWatch Logs' event size limit less its 26 bytes of overhead an event
_CHUNK_SIZE = re.compile(r"([0-9A-Fa-f]{1,8})(?:;[^\r\n]*)?\r\n")


def wire_line(line: str) -> tuple[str, str] | None:
    """A wire log line's connection and direction, and the bytes it shows (as characters), or None."""
    m = _WIRE.search(line.rstrip("\r"))
    if m is None:
        return None
    return m[1] + m[2], _WIRE_BYTE.sub(lambda b: _WIRE_ESCAPES.get(b[1]) or chr(int(b[1][2:], 16)), m[3])


def event_line(line: str) -> tuple[str | None, str | None] | None:
    """A printed event's ``"logStreamName"`` line (the stream, no text) or ``"message"`` line (its text), or None."""
    m = _LOG_EVENT.fullmatch(line.rstrip("\r"))
    if m is None:
        return None
    value = json.loads(m[2])
    return (value, None) if m[1] == "logStreamName" else (None, value)


def cwl_runs(messages: list[str]) -> list[int]:
    """The run each of a stream's event messages belongs to: a run goes on past a message cut at the size limit."""
    runs, run = [], 0
    for message in messages:
        runs.append(run)
        run += not (len(message) >= CWL_PIECE // 4 and len(message.encode()) == CWL_PIECE)
    return runs


def wire_bodies(lines: list[str]) -> list[str]:
    """The message body each wire line of one connection's direction carries, in order (the bytes as characters):
    empty for a request or status line, a header and a chunked body's framing. A message's last body line ends in
    a line break, so two messages of one connection are never read as one."""
    out: list[str] = []
    state, left, chunked, length = "head", 0, False, 0
    for line in lines:
        body = ""
        if state == "head":
            name, colon, value = line.partition(":")
            if line == "\r\n":  # the headers' end: a body follows as they said
                state, left = ("size", 0) if chunked else ("fixed", length) if length else ("head", 0)
                chunked, length = False, 0
            elif colon and name.strip().lower() == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif colon and name.strip().lower() == "content-length" and value.strip().isdigit():
                length = int(value)
        elif state == "size":
            size = _CHUNK_SIZE.fullmatch(line)
            state, left = ("head", 0) if size is None else ("data", int(size[1], 16)) if int(size[1], 16) else (
                "trailer", 0)
            body = "\n" if state == "trailer" else ""
        elif state in ("data", "fixed"):
            body, rest = line[:left], line[left:]
            left -= len(body)
            if not left:
                state = "head" if state == "fixed" else "size" if rest == "\r\n" else "crlf"
                body += "\n" if state == "head" else ""
        elif state == "crlf":
            state = "size" if line == "\r\n" else "head"
        elif line == "\r\n":  # a trailer's end
            state = "head"
        out.append(_utf8(body))
    return out


def _utf8(latin: str) -> str:
    try:
        return latin.encode("latin-1").decode("utf-8")
    except UnicodeError:  # a character cut by a chunk's end, or already decoded: kept as it is
        return latin
