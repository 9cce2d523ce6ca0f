"""Packet captures (libpcap and pcapng): the payload of each TCP stream and UDP flow, scanned as the text the
application sent, not as the frames a file stores.

Read by its text runs, a capture splits a card number sent across two TCP segments at the frame headers between
them, and places a value in an HTTP body by where its run starts. Here every TCP direction is put back in sequence
order (``_netflows``: retransmissions once, holes kept apart) and scanned as one text; findings name the
``stream`` (``tcp 10.0.1.5:40312 > 10.0.2.15:8080``) and ``offset``, the byte in the file where the value's first
byte was captured. Payloads are read as UTF-8 as sent: a compressed (``Content-Encoding: gzip``) or TLS-encrypted
body is not decoded. A link type this reader does not know is an error in coverage.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

from scanners.errors import FormatError
from scanners.formats import _netflows as net
from scanners.formats._packets import frames, is_capture
from scanners.formats.base import Context, Format, Part, Stream, Text

CHUNK = 1 << 20  # characters of one stream scanned at a time
OVERLAP = 512  # characters each chunk shares with the next: a value across the cut is whole in one of them


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    flows: dict[str, net.Flow] = {}
    stream.seek(0)
    for link, at, frame in frames(stream):
        if link not in net.LINKS:
            raise FormatError(f"link type {link} is not read")
        seg = net.segment(link, frame)
        if seg is not None and seg[4] > 0:
            name, tcp, seq, start, length = seg
            flows.setdefault(name, net.Flow(name, tcp)).segments.append((seq, at + start, length))
    yield Part({}, texts=_texts(stream, flows.values()))


def _texts(stream: Stream, flows: Iterable[net.Flow]) -> Iterator[Text]:
    for flow in flows:
        yield from _chunks(stream, flow)


def _chunks(stream: Stream, flow: net.Flow) -> Iterator[Text]:
    """The flow's text in chunks, each with (text offset, file offset) at every line of every piece. A chunk reports
    what starts up to ``OVERLAP`` characters before its end; the next one starts ``OVERLAP`` characters before
    that, as context only, and reports from there."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    size = context = 0
    for start, length in net.pieces(flow):
        if start < 0:
            parts.append("\n")
            size += 1
            continue
        stream.seek(start)
        at = start
        for line in stream.read(length).splitlines(keepends=True):
            marks.append((size, at))
            decoded = line.decode("utf-8", "replace")
            parts.append(decoded)
            size += len(decoded)
            at += len(line)
        if size >= max(CHUNK, context + 2 * OVERLAP):
            text, cut = "".join(parts), size - OVERLAP  # a value starting before the cut is whole in this chunk
            yield Text(text, {"stream": flow.name}, report_from=context, report_until=cut, byte_offsets=tuple(marks))
            keep = cut - OVERLAP
            parts, marks, size, context = [text[keep:]], _shifted(marks, keep), size - keep, OVERLAP
    if size > context:
        yield Text("".join(parts), {"stream": flow.name}, report_from=context, byte_offsets=tuple(marks))


def _shifted(marks: list[tuple[int, int]], cut: int) -> list[tuple[int, int]]:
    """The marks of the text from ``cut`` on, counted from there (the mark ``cut`` falls in moved up to it)."""
    k = max(bisect_right(marks, (cut, 1 << 62)) - 1, 0)
    first = [(0, marks[k][1] + cut - marks[k][0])] if marks else []
    return first + [(at - cut, byte) for at, byte in marks[k + 1:]]


FORMAT = Format("pcap", is_capture, read, seekable=True, order=30)
