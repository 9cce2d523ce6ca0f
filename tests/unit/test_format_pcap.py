"""Packet captures read as TCP streams: segments put back in sequence order per connection direction (a card number
split over two segments is found; out of order, retransmitted and overlapping segments give each finding once),
findings located by the byte where the value was captured; libpcap and pcapng, Ethernet/VLAN/SLL/raw, IPv4/IPv6."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest

from scanners.cards.brands import luhn_valid
from scanners.formats import pcap as pcap_format
from tests.unit.format_contract import Bad, check_bad, scan_bytes, truncated


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453201511283036")
ORDER = luhn("970403577918097")
BODY = json.dumps({"card": {"number": PAN, "cvc": "123", "expiry": "11/29"}, "order_id": ORDER}).encode()
REQUEST = (b"POST /api/v2/authorize HTTP/1.1\r\nHost: pay.internal:8080\r\nContent-Type: application/json\r\n"
           b"Content-Length: %d\r\nX-Request-Id: 6f1c2d9e-0b7a-4c1e-9a55-2f3e4d5c6b7a\r\n\r\n%s" % (len(BODY), BODY))
SPLIT = REQUEST.index(PAN.encode()) + 7  # inside the card number


def tcp(payload: bytes, seq: int, sport: int = 40312, v6: bool = False, vlan: bool = False) -> bytes:
    """An Ethernet frame of a TCP segment from a client port to 8080."""
    seg = struct.pack(">HHIIBBHHH", sport, 8080, seq & 0xFFFFFFFF, 1, 0x50, 0x18, 502, 0, 0) + payload
    if v6:
        ip = struct.pack(">IHBB", 6 << 28, len(seg), 6, 64) + bytes(15) + b"\x05" + bytes(15) + b"\x0f"
        kind = b"\x86\xdd"
    else:
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), 1, 0x4000, 64, 6, 0, b"\n\0\1\5", b"\n\0\2\x0f")
        kind = b"\x08\x00"
    tag = b"\x81\x00\x00\x07" if vlan else b""
    return bytes(6) + b"\x02" * 6 + tag + kind + ip + seg


def pcap(frames: list[bytes], link: int = 1) -> bytes:
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link)
    for frame in frames:
        out += struct.pack("<IIII", 1709337600, 0, len(frame), len(frame)) + frame
    return out


def pcapng(frames: list[bytes], link: int = 1) -> bytes:
    def block(kind: int, body: bytes) -> bytes:
        body += bytes(-len(body) % 4)
        return struct.pack("<II", kind, len(body) + 12) + body + struct.pack("<I", len(body) + 12)

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)) + block(1, struct.pack("<HHI", link, 0, 0))
    for frame in frames:
        out += block(6, struct.pack("<IIIII", 0, 0, 0, len(frame), len(frame)) + frame)
    return out


def sll(frame: bytes) -> bytes:  # Linux cooked capture: 16 bytes, the protocol last
    return bytes(14) + frame[12:14] + frame[14:]


def found(out: dict[str, Any]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for f in out["findings"]:
        where.setdefault(f["type"], []).append(f["location"]["offset"])
        assert f["location"]["stream"].startswith("tcp ")
    return where


ONE = [tcp(REQUEST, 1000)]
TWO = [tcp(REQUEST[:SPLIT], 1000), tcp(REQUEST[SPLIT:], 1000 + SPLIT)]
CASES = [
    ("whole", ONE, pcap),
    ("split", TWO, pcap),
    ("split-reordered", TWO[::-1], pcap),
    ("split-retransmitted", [TWO[0], TWO[0], TWO[1], TWO[1]], pcap),
    ("split-overlapping", [tcp(REQUEST[:SPLIT + 5], 1000), tcp(REQUEST[SPLIT:], 1000 + SPLIT)], pcap),
    ("split-seq-wraps", [tcp(REQUEST[:SPLIT], -SPLIT + 3), tcp(REQUEST[SPLIT:], 3)], pcap),
    ("pcapng-split", TWO, pcapng),
    ("vlan-ipv6-split", [tcp(REQUEST[:SPLIT], 1000, v6=True, vlan=True),
                         tcp(REQUEST[SPLIT:], 1000 + SPLIT, v6=True, vlan=True)], pcap),
    ("sll-split", [sll(f) for f in TWO], lambda fs: pcap(fs, link=113)),
]


@pytest.mark.parametrize(("frames", "write"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_stream_is_reassembled_and_values_placed(frames: list[bytes], write: Any, tmp_path: Path) -> None:
    data = write(frames)
    out = scan_bytes(tmp_path, data)
    where = found(out)
    assert sorted(where) == ["cvv", "expiry", "pan"], out["findings"]
    assert all(len(offsets) == 1 for offsets in where.values()), where  # never twice
    first = data.index(REQUEST[REQUEST.index(PAN.encode()):SPLIT])
    assert where["pan"] == [first]
    (expiry,) = where["expiry"]
    assert data[expiry:expiry + 5] == b"11/29"
    assert PAN not in repr(out)


@pytest.mark.parametrize("frames", [
    [tcp(REQUEST[:SPLIT], 1000, sport=40312), tcp(REQUEST[SPLIT:], 1000 + SPLIT, sport=40313)],  # two connections
    [tcp(REQUEST[:SPLIT], 1000), tcp(REQUEST[SPLIT + 40:], 1000 + SPLIT + 40)],  # a segment never captured
], ids=["other-connection", "hole"])
def test_bytes_of_different_streams_or_across_a_hole_are_not_joined(frames: list[bytes], tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, pcap(frames))
    assert "pan" not in found(out)


def test_ids_in_a_body_stay_quiet(tmp_path: Path) -> None:
    body = json.dumps({"order_id": ORDER, "ts": 1709337600000}).encode()
    out = scan_bytes(tmp_path, pcap([tcp(REQUEST.replace(BODY, body), 1000)]))
    assert out["findings"] == [] and out["verdict"] == "clean"


BAD = [
    Bad("pcap-truncated", lambda: truncated(pcap(TWO), 0.7), "pcap"),
    Bad("pcap-unknown-link", lambda: pcap(ONE, link=147), "link type 147 is not read"),
    Bad("pcapng-corrupt-block", lambda: pcapng(ONE)[:40] + b"\xff" * 8 + pcapng(ONE)[48:], "pcap"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)


@pytest.mark.parametrize("step", [7, 10, 13, 40])
def test_a_value_across_a_chunk_cut_is_found_once(step: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pcap_format, "CHUNK", 64)  # a long stream is scanned in chunks that overlap
    monkeypatch.setattr(pcap_format, "OVERLAP", 24)
    frames = [tcp(REQUEST[i:i + step], 1000 + i) for i in range(0, len(REQUEST), step)]
    data = pcap(frames)
    where = found(scan_bytes(tmp_path, data))
    assert sorted(where) == ["cvv", "expiry", "pan"] and all(len(v) == 1 for v in where.values()), where
    assert data[where["pan"][0]:where["pan"][0] + 3] == PAN[:3].encode()
