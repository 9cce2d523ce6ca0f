"""KPL aggregated records: the Kinesis Producer Library's aggregation format (awslabs/amazon-kinesis-producer,
``aggregation-format.md``), which the KPL writes by default (``AggregationEnabled``) and a consumer that does not
de-aggregate (a Lambda's ``kinesis.data``, a Firehose or KCL dump) sees as one binary record.

Layout: the magic ``F3 89 9A C2``, a protobuf ``AggregatedRecord`` (proto2), the MD5 of that message (16 bytes).
``AggregatedRecord``: ``partition_key_table = 1`` and ``explicit_hash_key_table = 2`` (strings), ``records = 3``
(``Record``); ``Record``: ``partition_key_index = 1``, ``explicit_hash_key_index = 2`` (varints), ``data = 3``
(bytes, required), ``tags = 4``. Only the wire format is read (varints, length-delimited fields, the fixed 32- and
64-bit ones); anything malformed (a checksum that does not match, a field past the end, a record without exactly one
``data``) is refused whole, so random bytes that begin with the magic give nothing.
"""

from __future__ import annotations

import hashlib

KPL_MAGIC = b"\xf3\x89\x9a\xc2"
_DIGEST = 16
_KEY_TABLES = (1, 2)  # AggregatedRecord.partition_key_table, .explicit_hash_key_table
_RECORDS = 3  # AggregatedRecord.records
_DATA = 3  # Record.data
_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5
Field = tuple[int, int, int | bytes]


def _varint(buf: bytes, i: int) -> tuple[int, int] | None:
    """The varint at ``buf[i]`` and the offset after it; None when cut off or longer than 64 bits."""
    value = shift = 0
    while i < len(buf) and shift < 64:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7
    return None


def _fields(buf: bytes) -> list[Field] | None:
    """A protobuf message's fields (number, wire type, value: an int, or the bytes of a length-delimited or fixed
    field), in order; None when the bytes are no well-formed message."""
    out: list[Field] = []
    i = 0
    while i < len(buf):
        if (tag := _varint(buf, i)) is None or not tag[0] >> 3:
            return None
        key, i = tag
        number, kind = key >> 3, key & 7
        value: int | bytes
        if kind == _VARINT:
            if (got := _varint(buf, i)) is None:
                return None
            value, i = got
        elif kind in (_FIXED64, _FIXED32):
            size = 8 if kind == _FIXED64 else 4
            value, i = buf[i : i + size], i + size
        elif kind == _BYTES:
            if (got := _varint(buf, i)) is None:
                return None
            value, i = buf[got[1] : got[1] + got[0]], got[1] + got[0]
        else:
            return None  # groups (3, 4) are no part of the format; 6 and 7 do not exist
        if i > len(buf):
            return None
        out.append((number, kind, value))
    return out


def kpl_records(raw: bytes) -> list[bytes] | None:
    """The user records' ``data`` of a KPL aggregated record, in order; None when ``raw`` is none."""
    if raw[:4] != KPL_MAGIC or len(raw) <= 4 + _DIGEST:
        return None
    message = raw[4:-_DIGEST]
    if hashlib.md5(message, usedforsecurity=False).digest() != raw[-_DIGEST:]:
        return None
    records: list[bytes] = []
    for number, kind, value in _fields(message) or [(0, 0, 0)]:
        if number == _RECORDS and kind == _BYTES and isinstance(value, bytes):
            data = [v for n, k, v in _fields(value) or () if n == _DATA and k == _BYTES and isinstance(v, bytes)]
            if len(data) != 1:
                return None
            records.append(data[0])
        elif number not in _KEY_TABLES or kind != _BYTES:
            return None
    return records or None
