"""Minimal writers of binary serialisations for the tests (the project has no MessagePack, CBOR, BSON, Java or .NET
serializer): a record of string fields in each format, laid out as the format's specification writes it."""

from __future__ import annotations

import pickle
import struct


def msgpack(fields: dict[str, str]) -> bytes:
    def s(v: str) -> bytes:
        b = v.encode()
        return (bytes([0xA0 | len(b)]) if len(b) < 32 else bytes([0xD9, len(b)])) + b
    record = (bytes([0x80 | len(fields) + 2]) + b"".join(s(k) + s(v) for k, v in fields.items()) + s("seq") + b"\x00"
              + s("ts") + b"\xce\x65\xe8\x9b\x2d")
    return b"\x93" + s("app.payments") + b"\xce\x65\xe8\x9b\x2d" + record  # fluentd's [tag, time, record]


def cbor(fields: dict[str, str]) -> bytes:
    def s(v: str) -> bytes:
        b = v.encode()
        return (bytes([0x60 | len(b)]) if len(b) < 24 else bytes([0x78, len(b)])) + b
    return (bytes([0xA0 | len(fields) + 2]) + s("at") + b"\xc1\x1a\x65\xe8\x9b\x2d" + s("seq") + b"\x00"
            + b"".join(s(k) + s(v) for k, v in fields.items()))


def bson(fields: dict[str, str]) -> bytes:
    def doc(body: bytes) -> bytes:
        return struct.pack("<i", len(body) + 5) + body + b"\x00"
    inner = b"".join(b"\x02" + k.encode() + b"\x00" + struct.pack("<i", len(v) + 1) + v.encode() + b"\x00"
                     for k, v in fields.items())
    return doc(b"\x07_id\x00" + bytes(range(12)) + b"\x12total\x00" + struct.pack("<q", 4999) + b"\x03payment\x00"
               + doc(inner))


def java(fields: dict[str, str]) -> bytes:
    """ObjectOutputStream of one object of a class with the String ``fields`` (in the order given), twice."""
    def utf(v: str) -> bytes:
        return struct.pack(">H", len(v.encode())) + v.encode()
    names = list(fields)
    desc = b"\x72" + utf("com.acme.shop.CheckoutForm") + b"\x00" * 7 + b"\x01" + b"\x02" + struct.pack(">h", len(names))
    for i, name in enumerate(names):
        desc += b"L" + utf(name) + (b"\x74" + utf("Ljava/lang/String;") if i == 0 else b"\x71\x00\x7e\x00\x01")
    desc += b"\x78\x70"  # end of annotation, no superclass
    values = b"".join(b"\x74" + utf(v) for v in fields.values())
    return b"\xac\xed\x00\x05" + b"\x73" + desc + values


def nrbf(fields: dict[str, str]) -> bytes:
    """BinaryFormatter output of one object with auto-property String members."""
    def lps(v: str) -> bytes:
        return bytes([len(v.encode())]) + v.encode()
    out = b"\x00" + struct.pack("<iiii", 1, -1, 1, 0) + b"\x0c" + struct.pack("<i", 2) + lps("Acme.Checkout")
    out += b"\x05" + struct.pack("<i", 1) + lps("Acme.Checkout.PaymentInfo") + struct.pack("<i", len(fields))
    out += b"".join(lps(f"<{k}>k__BackingField") for k in fields) + b"\x01" * len(fields) + struct.pack("<i", 2)
    out += b"".join(b"\x06" + struct.pack("<i", 10 + i) + lps(v) for i, v in enumerate(fields.values()))
    return out + b"\x0b"


def pickled(fields: dict[str, str], protocol: int) -> bytes:
    return pickle.dumps([{"session_key": "ab" * 16, "checkout": dict(fields)}, dict(fields)], protocol=protocol)


WRITERS = {"msgpack": msgpack, "cbor": cbor, "bson": bson, "java": java, "nrbf": nrbf,
           **{f"pickle{p}": (lambda f, p=p: pickled(f, p)) for p in (2, 3, 4, 5)}}
