"""KPL aggregated records (magic, protobuf ``AggregatedRecord``, MD5) in base64, as a Kinesis Lambda event's
``kinesis.data`` holds them when the consumer does not de-aggregate: each user record's text is read (layers
``base64``, ``kpl``); a bad checksum, a cut record, a malformed message or random bytes after the magic give nothing."""

from __future__ import annotations

import base64
import hashlib
import json
import random

import pytest

from scanners.decoders._kpl import KPL_MAGIC, kpl_records
from scanners.decoders.base64 import Base64Decoder
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id

PAN, PAN2 = luhn_id("4556", 16), luhn_id("5412", 16)
B = Base64Decoder()
_RNG = random.Random(59)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append(n & 0x7F | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _field(number: int, value: bytes | int) -> bytes:
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def record(data: bytes, key: int = 0, *, tag: bool = False, hash_key: bool = False) -> bytes:
    body = _field(1, key) + (_field(2, 0) if hash_key else b"") + _field(3, data)
    return body + (_field(4, _field(1, b"env") + _field(2, b"prod")) if tag else b"")


def aggregated(*records: bytes, keys: tuple[bytes, ...] = (b"pk-7f3a",), hash_keys: tuple[bytes, ...] = ()) -> bytes:
    message = b"".join(_field(1, k) for k in keys) + b"".join(_field(2, h) for h in hash_keys)
    message += b"".join(_field(3, r) for r in records)
    return KPL_MAGIC + message + hashlib.md5(message).digest()


def payload(pan: str, cvv: str) -> bytes:
    return json.dumps({"card_number": pan, "cvv": cvv, "amount": 1999}).encode()


def lambda_event(raw: bytes) -> str:
    kinesis = {"partitionKey": "pk-7f3a", "sequenceNumber": "4959" + "0" * 52, "data": base64.b64encode(raw).decode()}
    return json.dumps({"Records": [{"kinesis": kinesis, "eventSource": "aws:kinesis"}]})


ONE = aggregated(record(payload(PAN, "372")))
TWO = aggregated(record(payload(PAN, "372")), record(payload(PAN2, "780"), 1, tag=True, hash_key=True),
                 keys=(b"pk-1", b"pk-2"), hash_keys=(b"1701411834604692317316873037158841057",))
BAD_MD5 = ONE[:-1] + bytes([ONE[-1] ^ 1])
NO_DATA = aggregated(_field(1, 0))  # a Record without its required data
RANDOM = KPL_MAGIC + _RNG.randbytes(40) + PAN.encode() + _RNG.randbytes(40)


@pytest.mark.parametrize(
    ("raw", "records"),
    [
        (ONE, [payload(PAN, "372")]),
        (TWO, [payload(PAN, "372"), payload(PAN2, "780")]),
        (BAD_MD5, None),
        (ONE[:-5], None),  # cut: the checksum no longer matches
        (NO_DATA, None),
        (RANDOM, None),
        (ONE[4:], None),  # no magic
        (aggregated(b"\x08\x00\x1a\x7f" + payload(PAN, "372")), None),  # a data length past the record's end
        (aggregated(record(payload(PAN, "372")), keys=()) , [payload(PAN, "372")]),
    ],
    ids=["one", "two-tags-hash-keys", "bad-md5", "cut", "no-data", "random", "no-magic", "overrun", "no-key-table"],
)
def test_kpl_records(raw: bytes, records: list[bytes] | None) -> None:
    assert kpl_records(raw) == records


@pytest.mark.parametrize(("raw", "pans"), [(ONE, [PAN]), (TWO, [PAN, PAN2])], ids=["one", "two"])
def test_base64_of_an_aggregated_record_gives_its_user_records(raw: bytes, pans: list[str]) -> None:
    line = lambda_event(raw)
    (seg,) = list(B.decode(line, 0, len(line)))
    assert seg.encoding == ("base64", "kpl") and line[seg.start : seg.end] == base64.b64encode(raw).decode()
    assert [json.loads(text)["card_number"] for text in seg.text.split("\n")] == pans


@pytest.mark.parametrize("raw", [BAD_MD5, NO_DATA, RANDOM], ids=["bad-md5", "no-data", "random"])
def test_malformed_aggregated_records_give_nothing(raw: bytes) -> None:
    line = lambda_event(raw)
    assert [s for s in B.decode(line, 0, len(line)) if s.encoding == ("base64", "kpl")] == []


def test_engine_reports_card_and_code_with_their_layers(each_engine: Engine) -> None:
    found = {(s.type, s.value, s.encoding) for s in each_engine.scan_text(f"START\n{lambda_event(TWO)}\nEND")}
    assert {(t, v) for t, v, _ in found} == {("pan", PAN), ("pan", PAN2), ("cvv", "372"), ("cvv", "780")}
    assert {enc for *_, enc in found} == {("base64", "kpl")}


def test_aggregated_record_without_card_data_is_quiet(each_engine: Engine) -> None:
    raw = aggregated(record(json.dumps({"order_id": "SO-20261207-0042", "status": "shipped"}).encode()))
    assert list(each_engine.scan_text(lambda_event(raw))) == []
