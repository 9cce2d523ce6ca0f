"""The captured frames of a packet capture file: libpcap (``tcpdump -w``, microsecond or nanosecond, either byte
order) and pcapng (Wireshark's default: section, interface and enhanced/simple packet blocks), each frame with its
link type and the byte offset of its first byte in the file, so findings inside a packet name where it is stored.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import IO

from scanners.errors import FormatError

PCAP = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">"}
PCAPNG = b"\x0a\x0d\x0d\x0a"
_MAX_FRAME = 1 << 20  # a capture's snapshot length is at most 256 KiB; a longer record is a corrupt file
_MAX_BLOCK = 16 << 20

Frame = tuple[int, int, bytes]  # (link type, byte offset of the frame in the file, its captured bytes)


def is_capture(head: bytes) -> bool:
    return head[:4] in PCAP or (head[:4] == PCAPNG and head[8:12] in (b"\x4d\x3c\x2b\x1a", b"\x1a\x2b\x3c\x4d"))


def frames(stream: IO[bytes]) -> Iterator[Frame]:
    head = stream.read(24)
    order = PCAP.get(head[:4])
    if order is not None:
        yield from _pcap(stream, order, struct.unpack(order + "I", head[20:24])[0] & 0xFFFF)
    else:
        yield from _pcapng(stream, head)


def _pcap(stream: IO[bytes], order: str, link: int) -> Iterator[Frame]:
    at = 24
    while len(rec := stream.read(16)) == 16:
        size = struct.unpack(order + "I", rec[8:12])[0]
        if size > _MAX_FRAME:
            raise FormatError(f"corrupt packet record at byte {at}")
        data = stream.read(size)
        if len(data) < size:
            raise FormatError(f"truncated packet at byte {at}")
        yield link, at + 16, data
        at += 16 + size
    if rec:
        raise FormatError(f"truncated packet header at byte {at}")


def _pcapng(stream: IO[bytes], head: bytes) -> Iterator[Frame]:
    buf, at, order = head, 0, "<"
    links: list[tuple[int, int]] = []  # (link type, snapshot length) of each interface in this section
    while True:
        buf += stream.read(max(12 - len(buf), 0))
        if not buf:
            return
        if len(buf) < 12:
            raise FormatError(f"truncated block at byte {at}")
        if buf[:4] == PCAPNG:  # a section header: its byte order mark follows the length; interfaces start over
            order, links = ("<" if buf[8:12] == b"\x4d\x3c\x2b\x1a" else ">"), []
        kind, size = struct.unpack(order + "II", buf[:8])
        if size < 12 or size > _MAX_BLOCK or size % 4:
            raise FormatError(f"corrupt block at byte {at}")
        body = buf[8:size] + stream.read(max(size - len(buf), 0))
        if len(body) < size - 8:
            raise FormatError(f"truncated block at byte {at}")
        if body[-4:] != buf[4:8]:  # a block's length is repeated at its end
            raise FormatError(f"corrupt block at byte {at}")
        buf = buf[size:]
        if kind == 1 and size >= 20:
            links.append(struct.unpack(order + "H2xI", body[:8]))
        elif kind in (2, 6) and size >= 32:  # (obsolete) packet block, enhanced packet block
            iface = struct.unpack(order + ("H" if kind == 2 else "I"), body[:2 if kind == 2 else 4])[0]
            cap = struct.unpack(order + "I", body[12:16])[0]
            if iface < len(links) and cap <= size - 32:
                yield links[iface][0], at + 28, body[20:20 + cap]
        elif kind == 3 and links and size >= 16:  # simple packet block: the first interface's
            cap = min(struct.unpack(order + "I", body[:4])[0], size - 16, links[0][1] or _MAX_FRAME)
            yield links[0][0], at + 12, body[4:4 + cap]
        at += size
