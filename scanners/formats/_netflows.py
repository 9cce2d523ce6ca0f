"""TCP streams and UDP flows out of captured frames: link layer, IPv4/IPv6, then each TCP direction's segments put
back in sequence order, as a receiver (or Wireshark's "Follow TCP Stream") sees the bytes.

A card number split over two segments is whole again; a retransmitted or overlapping segment adds no bytes twice
(the first copy of a byte wins). A hole (a segment never captured) is kept as a line break, so nothing is joined
across it. IP fragments are not reassembled (their payloads are skipped: TCP avoids fragmenting).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from ipaddress import ip_address

# link types (tcpdump.org/linktypes.html) -> bytes before the network header, or None to read the
# protocol from the header itself
_NULL, _ETHERNET, _RAW, _LOOP, _SLL, _SLL2 = 0, 1, 101, 108, 113, 276
LINKS = {_NULL, _ETHERNET, _RAW, 12, 14, _LOOP, _SLL, _SLL2, 228, 229}
_IP4, _IP6 = 0x0800, 0x86DD
_EXTENSIONS = {0, 43, 60, 51}  # IPv6 headers skipped to reach TCP/UDP (hop-by-hop, routing, destination, AH)


@dataclass(slots=True)
class Flow:
    """One direction of a TCP connection (or a UDP flow): its segments as (sequence, file offset, length)."""

    name: str
    tcp: bool
    segments: list[tuple[int, int, int]] = field(default_factory=list)


def _network(link: int, frame: bytes) -> tuple[int, int]:
    """(ethertype, offset of the network header) of a frame; ethertype 0 when not IP."""
    if link == _ETHERNET:
        kind, at = int.from_bytes(frame[12:14], "big"), 14
        while kind in (0x8100, 0x88A8, 0x9100) and len(frame) >= at + 4:  # VLAN tags
            kind, at = int.from_bytes(frame[at + 2:at + 4], "big"), at + 4
        return kind, at
    if link in (_NULL, _LOOP):
        family = int.from_bytes(frame[:4], "big" if link == _LOOP else "little")
        family = family if family < 256 else int.from_bytes(frame[:4], "big")
        return (_IP4 if family == 2 else _IP6 if family in (10, 24, 28, 30) else 0), 4
    if link == _SLL:
        return int.from_bytes(frame[14:16], "big"), 16
    if link == _SLL2:
        return int.from_bytes(frame[0:2], "big"), 20
    version = frame[0] >> 4 if frame else 0  # raw IP
    return (_IP4 if version == 4 else _IP6 if version == 6 else 0), 0


def segment(link: int, frame: bytes) -> tuple[str, bool, int, int, int] | None:
    """(flow name, is TCP, sequence number of the payload, payload offset in the frame, payload length) of a TCP
    or UDP frame; None for anything else. Lengths come from the IP header (an Ethernet frame may be padded)."""
    kind, at = _network(link, frame)
    if kind == _IP4 and len(frame) >= at + 20:
        head = (frame[at] & 0x0F) * 4
        total = int.from_bytes(frame[at + 2:at + 4], "big") or len(frame) - at  # 0 when the NIC segments (TSO)
        if int.from_bytes(frame[at + 6:at + 8], "big") & 0x3FFF:  # a fragment
            return None
        proto, src, dst, end = frame[at + 9], frame[at + 12:at + 16], frame[at + 16:at + 20], at + total
        at += head
    elif kind == _IP6 and len(frame) >= at + 40:
        proto, src, dst = frame[at + 6], frame[at + 8:at + 24], frame[at + 24:at + 40]
        end = at + 40 + int.from_bytes(frame[at + 4:at + 6], "big")
        at += 40
        while proto in _EXTENSIONS and len(frame) >= at + 8:
            proto, at = frame[at], at + (frame[at + 1] + 2) * 4 if proto == 51 else at + (frame[at + 1] + 1) * 8
    else:
        return None
    end = min(end, len(frame))
    if proto == 6 and end >= at + 20:
        sport, dport = int.from_bytes(frame[at:at + 2], "big"), int.from_bytes(frame[at + 2:at + 4], "big")
        seq, flags = int.from_bytes(frame[at + 4:at + 8], "big"), frame[at + 13]
        start = at + (frame[at + 12] >> 4) * 4
        return _name("tcp", src, sport, dst, dport), True, (seq + (flags & 0x02 != 0)) & 0xFFFFFFFF, start, end - start
    if proto == 17 and end >= at + 8:
        sport, dport = int.from_bytes(frame[at:at + 2], "big"), int.from_bytes(frame[at + 2:at + 4], "big")
        return _name("udp", src, sport, dst, dport), False, 0, at + 8, end - at - 8
    return None


def _name(proto: str, src: bytes, sport: int, dst: bytes, dport: int) -> str:
    def host(addr: bytes, port: int) -> str:
        ip = ip_address(addr)
        return f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"

    return f"{proto} {host(src, sport)} > {host(dst, dport)}"


def pieces(flow: Flow) -> Iterator[tuple[int, int]]:
    """(file offset, length) of the flow's bytes in stream order, each byte once; (-1, 0) marks a hole."""
    if not flow.tcp:
        for _, offset, length in flow.segments:
            yield offset, length
            yield -1, 0  # datagrams are separate messages
        return
    first = flow.segments[0][0]
    ordered = sorted((((seq - first + (1 << 31)) & 0xFFFFFFFF) - (1 << 31), -length, offset)
                     for seq, offset, length in flow.segments)
    cursor = ordered[0][0]
    for rel, neg, offset in ordered:
        end = rel - neg
        if end <= cursor:
            continue  # a retransmission of bytes already placed
        if rel > cursor:
            yield -1, 0
        skip = max(cursor - rel, 0)
        yield offset + skip, end - rel - skip
        cursor = end
