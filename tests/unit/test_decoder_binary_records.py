"""Binary message payloads: hex of a binary record (MessagePack, CBOR, protobuf, BSON, Thrift, Avro) read by its text
runs (``_common.text_runs``), and base64 of zlib (a Celery/kombu ``application/x-gzip`` body) inflated; hex of random
bytes (digests, ids, ciphertext, a certificate) and zlib look-alikes stay quiet."""

from __future__ import annotations

import base64
import gzip
import json
import random
import struct
import zlib

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders._common import RUN_SEPARATOR, inflate, text_runs, zlib_header
from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.hex import HexDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import OUTPUT, collecting

X, B = HexDecoder(), Base64Decoder()
_RNG = random.Random(31)


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("412161354014099")  # 16 digits
PAN19 = luhn("621483927105563017")  # 19 digits (str8 in MessagePack, a one-byte length in CBOR)
RECORD = {"order": "SO963498", "pan": PAN, "cvv": "123", "exp": "12/27"}


def msgpack(fields: dict[str, str]) -> bytes:
    def s(v: str) -> bytes:
        b = v.encode()
        return (bytes([0xA0 | len(b)]) if len(b) < 32 else bytes([0xD9, len(b)])) + b
    pairs = b"".join(s(k) + s(v) for k, v in fields.items())
    return bytes([0x80 | len(fields) + 1]) + pairs + s("amt") + b"\xcd\x57\xe3"  # amt: a uint16


def cbor(fields: dict[str, str]) -> bytes:
    def s(v: str) -> bytes:
        b = v.encode()
        return (bytes([0x60 | len(b)]) if len(b) < 24 else bytes([0x78, len(b)])) + b
    return bytes([0xA0 | len(fields)]) + b"".join(s(k) + s(v) for k, v in fields.items())


def protobuf(fields: dict[str, str]) -> bytes:
    return b"".join(bytes([(n << 3) | 2, len(v)]) + v.encode() for n, v in enumerate(fields.values(), 1))


def bson(fields: dict[str, str]) -> bytes:
    body = b"".join(b"\x02" + k.encode() + b"\0" + struct.pack("<i", len(v) + 1) + v.encode() + b"\0"
                    for k, v in fields.items())
    return struct.pack("<i", len(body) + 5) + body + b"\0"


def thrift(fields: dict[str, str]) -> bytes:
    return b"".join(struct.pack(">bhi", 11, n, len(v)) + v.encode() for n, v in enumerate(fields.values(), 1)) + b"\0"


def avro(fields: dict[str, str]) -> bytes:  # a record of strings: a zigzag length before each value, no keys
    return b"".join(bytes([len(v) * 2]) + v.encode() for v in fields.values()) + b"\x02\xc6\x01"


def spaced(raw: bytes) -> str:
    return " ".join(f"{b:02x}" for b in raw)


def bridge(payload: str) -> str:
    return f"2025-03-26T12:46:12.886Z WARN nats-bridge: undecodable message subject=payments.card payload={payload}"


# (id, log line, types the engine reports on it)
FOUND = [
    ("msgpack", bridge(msgpack(RECORD).hex()), {"pan", "cvv", "expiry"}),
    ("msgpack-spaced", bridge(spaced(msgpack(RECORD))), {"pan", "cvv", "expiry"}),
    ("msgpack-str8", bridge(msgpack({"order": "PO-2026-10061354", "pan": PAN19}).hex().upper()), {"pan"}),
    ("cbor", bridge(cbor(RECORD).hex()), {"pan", "cvv", "expiry"}),
    ("cbor-19", bridge(cbor({"card": PAN19}).hex()), {"pan"}),
    ("protobuf", f"grpc frame={protobuf(RECORD).hex()}", {"pan"}),
    ("bson", f"mongo doc 0x{bson(RECORD).hex()}", {"pan", "cvv", "expiry"}),
    ("thrift", f"thrift payload: {thrift(RECORD).hex()}", {"pan"}),
    ("avro", f"kafka value (hex) {avro(RECORD).hex()}", {"pan"}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("line", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in FOUND])
def test_card_data_in_hex_of_a_binary_record_is_found(backend: Backend, line: str, want: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(line)} == want


def test_keys_and_values_are_runs_apart_but_adjacent() -> None:
    line = bridge(msgpack(RECORD).hex())
    (seg,) = list(X.decode(line, 0, len(line)))
    assert seg.encoding == ("hex", "text runs") and line[seg.start : seg.end] == msgpack(RECORD).hex()
    assert f"pan{RUN_SEPARATOR}{PAN}{RUN_SEPARATOR}cvv{RUN_SEPARATOR}123" in seg.text


@pytest.mark.parametrize(
    ("raw", "runs"),
    [
        (cbor({"card": PAN}), ["card", PAN]),  # a CBOR header letter glued to a number is taken off
        (b"\x01dcard\x02status ok", ["dcard", "status ok"]),  # no number: a run stays whole
        (b"\x01card\x02pan\x03" + PAN.encode(), ["card", "pan", PAN]),
    ],
    ids=["cbor-split", "cbor-no-number", "plain"],
)
def test_text_runs(raw: bytes, runs: list[str]) -> None:
    assert text_runs(raw, 1000) == RUN_SEPARATOR.join(runs)


def _certificate_like() -> bytes:
    """DER-ish: random key and signature bytes around two UTCTime strings and a short name."""
    return (b"\x30\x82\x03\x1e" + _RNG.randbytes(40) + b"\x17\x0d250326124612Z\x17\x0d260326124612Z"
            + b"\x0c\x07example" + _RNG.randbytes(200))


QUIET = [
    ("random-with-digits", "ct=" + (_RNG.randbytes(24) + b"31415926" + _RNG.randbytes(24)).hex()),
    ("sha256-then-digits", "sha256=" + _RNG.randbytes(32).hex() + b"271828".hex()),
    ("uuid-bytes", "trace=" + (_RNG.randbytes(16) + b"000000" + _RNG.randbytes(16)).hex()),
    ("certificate", "cert=" + _certificate_like().hex()),
    ("one-run", "v=" + (b"\x00\x01" + PAN.encode() + _RNG.randbytes(20)).hex()),  # one run in mostly random bytes
]


@pytest.mark.parametrize("line", [pytest.param(t, id=n) for n, t in QUIET])
def test_hex_of_random_bytes_stays_quiet(line: str) -> None:
    assert list(X.decode(line, 0, len(line))) == []


def _celery(body: bytes) -> str:
    return json.dumps({"body": base64.b64encode(body).decode(), "content-encoding": "utf-8",
                       "headers": {"task": "billing.tasks.charge_card", "compression": "application/x-gzip"}})


ARGS = json.dumps([[PAN, 148332], {"exp": "02/29"}, {"callbacks": None, "errbacks": None}]).encode()


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("level", [1, 3, 6, 9])  # the four zlib headers: 78 01, 78 5e, 78 9c, 78 da
def test_zlib_in_base64_is_inflated(backend: Backend, level: int) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    line = _celery(zlib.compress(ARGS, level))
    assert {s.type for s in Engine(backend=backend).scan_text(line)} == {"pan", "expiry"}
    (seg,) = list(B.decode(line, 0, len(line)))
    assert seg.encoding == ("base64", "zlib") and PAN in seg.text


def test_zlib_bomb_is_cut_not_inflated() -> None:
    bomb = zlib.compress(b"A" * (16 << 20), 9)
    with collecting() as noted:
        assert len(inflate(bomb, 4096) or b"") == 4096
    assert noted == {OUTPUT}  # cut, so the item is not reported clean
    gzipped = gzip.compress(b"A" * 8192) * 2  # two members: the first cut, the second never reached
    with collecting() as noted:
        assert len(inflate(gzipped, 4096) or b"") == 4096
    assert noted == {OUTPUT}
    with collecting() as noted:
        assert inflate(zlib.compress(ARGS), 4096) == ARGS
    assert noted == set()
    line = f"x={base64.b64encode(bomb).decode()}"
    (seg,) = list(Base64Decoder(max_output=4096).decode(line, 0, len(line)))
    assert len(seg.text) == 4096


@pytest.mark.parametrize(
    "data",
    [b"x\x9c" + _RNG.randbytes(40), b"x\x9d" + zlib.compress(ARGS)[2:], b"x\xbb" + zlib.compress(ARGS)[2:], b"x"],
    ids=["bad-stream", "bad-check", "preset-dictionary", "short"],
)
def test_zlib_look_alikes_inflate_to_nothing(data: bytes) -> None:
    assert inflate(data, 100) is None
    line = "body=" + base64.b64encode(data).decode() + " ok"
    assert list(B.decode(line, 0, len(line))) == []


def test_zlib_header_check() -> None:
    assert all(zlib_header(zlib.compress(b"abc", level)) for level in range(10))
    assert not zlib_header(b"x\x9d\x00") and not zlib_header(b"\x1f\x8b\x08")
