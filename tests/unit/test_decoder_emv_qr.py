"""EmvQrDecoder: an EMVCo consumer-presented QR payload (base64 of BER-TLV opened by ``85 05 CPV01``) read by its card
tags (``57`` track 2 equivalent data, ``5A`` PAN, ``5F24`` expiry) as ``emv_tlv`` reads them; a merchant-presented
payload, a tokenised or Luhn-failing PAN, random bytes after the header, and a header glued inside another base64
run stay quiet."""

from __future__ import annotations

import base64
import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.emv_qr import EmvQrDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import SEGMENT, collecting

D = EmvQrDecoder()
_RNG = random.Random(32)


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value) // 2:02X}{value}"


def cpm(*app: str, urlsafe: bool = False, pad: bool = True) -> str:
    """A CPM payload: the Payload Format Indicator, then an application template of the given data objects."""
    raw = bytes.fromhex(tlv("85", b"CPV01".hex()) + tlv("61", tlv("4F", "A0000000031010") + "".join(app)))
    out = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return out if pad else out.rstrip("=")


def bcd(pan: str) -> str:
    return pan + "F" * (len(pan) % 2)


VISA = luhn("476173900101001")  # 16 digits
AMEX = luhn("37144963539843")  # 15 digits: a BCD PAN padded with F
TRACK = f"{VISA}D2812201{'0' * 13}F"  # PAN, D, YYMM, service code, discretionary data, padding: 19 bytes
NAME = tlv("5F20", b"DOE/JANE".hex().upper())

# (name, line, the lines the decoded segment holds)
POSITIVE = [
    ("track-and-pan", f"QRScanner: CPM payload={cpm(tlv('57', TRACK), tlv('5A', VISA), NAME)}",
     [TRACK, f"card number {VISA}"]),
    ("pan-and-expiry", f'{{"qr":"{cpm(tlv("5A", bcd(AMEX)), tlv("5F24", "290131"))}"}}',
     [f"card number {AMEX}", "card expiry 01/29"]),
    ("urlsafe-unpadded", f"wallet qr {cpm(tlv('5A', VISA), NAME, urlsafe=True, pad=False)} shown",
     [f"card number {VISA}"]),
]
NEGATIVE = [
    ("bad-luhn", f"CPM payload={cpm(tlv('5A', VISA[:-1] + str((int(VISA[-1]) + 1) % 10)))}"),
    ("no-card-tags", f"CPM payload={cpm(NAME, tlv('9F26', _RNG.randbytes(8).hex().upper()))}"),
    ("random-after-header", "CPM payload=hQVDUFYwMW" + base64.b64encode(_RNG.randbytes(60)).decode()),
    ("glued-inside-a-run", "blob=QUJD" + cpm(tlv("5A", VISA))),
    ("merchant-presented", "MPM 00020101021226280010A00000067701100123456789015204581253038405802US6304ABCD"),
]


@pytest.mark.parametrize(("line", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVE])
def test_payload_reads_its_card_tags(line: str, want: list[str]) -> None:
    (seg,) = list(D.decode(line))
    assert line[seg.start : seg.end].startswith("hQVDUFYwM") and seg.encoding == ("base64", "emv_tlv")
    assert line[seg.end :] in ("", '"}', " shown")
    assert seg.text.splitlines() == want


@pytest.mark.parametrize("line", [pytest.param(c[1], id=c[0]) for c in NEGATIVE])
def test_near_misses_decode_to_nothing(line: str) -> None:
    assert list(D.decode(line)) == []


def test_a_payload_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(EmvQrDecoder(max_segment=16).decode(POSITIVE[0][1])) == []
    assert noted == {SEGMENT}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_reports_the_pan_and_track_of_a_scanned_payload(backend: Backend) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    lines = [POSITIVE[0][1]] + [line for _, line in NEGATIVE]
    text = "".join(f"2026-05-08 02:02:02.016 QRScanner: {line}\n" for line in lines)
    found = Engine(backend=backend).scan_text(text)
    assert {(text[: s.start].count("\n") + 1, s.type) for s in found} == {(1, "pan"), (1, "track")}
