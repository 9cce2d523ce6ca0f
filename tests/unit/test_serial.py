"""Strings inside binary serialisations (``scanners.engine.serial``): card data under its keys in MessagePack, CBOR,
BSON, Java serialization, .NET BinaryFormatter and binary pickles is found at its byte offset, the same
structures holding ids under other keys stay quiet, and random or truncated bytes are read as text runs."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from scanners.engine import serial
from tests.unit.cardvalues import luhn
from tests.unit.format_contract import scan_bytes
from tests.unit.serialwire import WRITERS

PAN = luhn("412161354014099")
PAN12 = luhn("67613013966")  # a 12-digit Maestro: needs its key
CARD = {"cardNumber": PAN, "cvv": "193", "expiry": "11/29"}
SHORT = {"card_number": PAN12, "exp": "04/27"}
IDS = {"order_id": luhn("970403577918097"), "imei": luhn("86138256937684"), "seq": "8", "size": "4096"}


def found(out: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted((f["type"], f["location"]["offset"]) for f in out["findings"])


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_card_fields_are_found_at_their_offsets(tmp_path: Path, fmt: str) -> None:
    data = WRITERS[fmt](CARD)
    out = scan_bytes(tmp_path, data)
    at = {kind: data.index(value.encode()) for kind, value in (("pan", PAN), ("cvv", "193"), ("expiry", "11/29"))}
    assert found(out) and {kind for kind, _ in found(out)} == set(at), found(out)
    first = {kind: min(o for k, o in found(out) if k == kind) for kind in at}
    assert first == at, (found(out), at)  # a pickle's second dict fetches the same strings from its memo: later


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_twelve_digit_card_is_named_by_its_key(tmp_path: Path, fmt: str) -> None:
    out = scan_bytes(tmp_path, WRITERS[fmt](SHORT))
    assert "pan" in {kind for kind, _ in found(out)}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_ids_under_other_keys_stay_quiet(tmp_path: Path, fmt: str) -> None:
    assert found(scan_bytes(tmp_path, WRITERS[fmt](IDS))) == []


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_cut_serialisation_keeps_what_was_read(fmt: str) -> None:
    data = WRITERS[fmt](CARD) + WRITERS[fmt](IDS)
    cut = data[: len(data) - 3]
    walked = serial.walk(cut)
    if walked is None:  # one top-level item, cut: read by its text runs
        return
    assert walked.end <= len(cut) and all(offset < walked.end for offset, _ in walked.lines)
    assert any(text.endswith(PAN) for _, text in walked.lines)


NRBF_HEAD = b"\x00\x01\x00\x00\x00\xff\xff\xff\xff\x01\x00\x00\x00\x00\x00\x00\x00"


MAGICS = [b"\xac\xed\x00\x05", b"\x80\x04\x95", b"\x93", b"\xa4", NRBF_HEAD, b"\x20\x00\x00\x00\x02"]


@pytest.mark.parametrize("head", MAGICS)
def test_random_bytes_behind_a_magic_are_not_read_as_strings(head: bytes) -> None:
    rng = random.Random(7)
    for _ in range(200):
        data = head + rng.randbytes(rng.randrange(1, 4000))
        walked = serial.walk(data)
        assert walked is None or walked.end <= len(data)


def test_random_blob_with_a_card_line_is_still_read_by_text_runs(tmp_path: Path) -> None:
    rng = random.Random(3)
    data = b"\x93" + rng.randbytes(5000) + b"\x00card number " + PAN.encode() + b"\x00" + rng.randbytes(100)
    assert [kind for kind, _ in found(scan_bytes(tmp_path, data))] == ["pan"]


def test_map_text_in_a_text_file_is_not_walked(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, b"\xa3cvv\xa3193 and more text\n" * 3, "notes.txt")
    assert out["findings"] == []
