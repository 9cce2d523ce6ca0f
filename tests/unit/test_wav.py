"""WAV parsing (scanners.audio.wav): G.711 tables, headers, sample decoding, and UnsupportedAudioError cases.

Error messages name the format or the header part that is wrong, never audio bytes.
"""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest

from scanners.audio.wav import WavFormat, g711_tables, read_header
from scanners.errors import ScanError, UnsupportedAudioError

SECRET = b"4242424242424242"  # card-like bytes inside the broken files: never in a message


@pytest.mark.parametrize(
    ("table", "code", "value"),
    [("mu", 0xFF, 0), ("mu", 0x7F, 0), ("mu", 0x80, 32124), ("mu", 0x00, -32124), ("mu", 0xFE, 8),
     ("a", 0xD5, 8), ("a", 0x55, -8), ("a", 0xAA, 32256), ("a", 0x2A, -32256)],
)
def test_g711_reference_values(table: str, code: int, value: int) -> None:
    lut = g711_tables()[0 if table == "mu" else 1]
    assert round(lut[code] * 32768) == value


def wav_header(code: int, channels: int, rate: int, bits: int, data_size: int, *, extensible: bool = False,
               extra_chunk: bool = False) -> bytes:
    align = channels * bits // 8
    if extensible:
        guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * align, align, bits, 22, bits, 0)
        fmt += struct.pack("<H", code) + guid_tail
    else:
        fmt = struct.pack("<HHIIHH", code, channels, rate, rate * align, align, bits)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if extra_chunk:
        chunks += b"LIST" + struct.pack("<I", 5) + b"INFOx\x00"  # odd size, padded
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + 8 + data_size) + b"WAVE" + chunks + b"data" + \
        struct.pack("<I", data_size)


@pytest.mark.parametrize(
    ("header", "expected", "size"),
    [
        (wav_header(1, 1, 8000, 16, 100), WavFormat(1, 1, 8000, 2), 100),
        (wav_header(1, 2, 16000, 16, 64, extra_chunk=True), WavFormat(1, 2, 16000, 2), 64),
        (wav_header(7, 1, 8000, 8, 0), WavFormat(7, 1, 8000, 1), None),  # streaming writer: read to the end
        (wav_header(1, 1, 48000, 24, 30, extensible=True), WavFormat(1, 1, 48000, 3), 30),
        (wav_header(3, 1, 8000, 32, 40, extensible=True), WavFormat(3, 1, 8000, 4), 40),
        (wav_header(6, 3, 4000, 8, 0)[:-4] + b"\xff" * 4, WavFormat(6, 3, 4000, 1), None),  # size unknown
        (b"RF64" + wav_header(1, 1, 8000, 16, 100)[4:], WavFormat(1, 1, 8000, 2), None),  # RF64: size in ds64
    ],
)
def test_wav_headers(header: bytes, expected: WavFormat, size: int | None) -> None:
    assert read_header(io.BytesIO(header + b"\x00" * 8)) == (expected, size)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mp3 (ID3)", b"ID3\x04" + b"\x00" * 40, "not a RIFF/WAVE file"),
        ("avi", b"RIFF\x00\x00\x00\x00AVI LIST", "not a RIFF/WAVE file"),
        ("json", b'{"card": "' + SECRET + b'"}', "not a RIFF/WAVE file"),
        ("empty", b"", "not a RIFF/WAVE file"),
        ("ima adpcm", wav_header(0x11, 1, 8000, 4, 10), "unsupported WAV encoding (format 0x0011, 4 bits per sample)"),
        ("mp3 in wav", wav_header(0x55, 1, 8000, 0, 10), "unsupported WAV encoding (format 0x0055, 0 bits per sample)"),
        ("no channels", wav_header(1, 0, 8000, 16, 10), "unsupported WAV encoding (format 0x0001, 16 bits per sample)"),
        ("pcm 40-bit", wav_header(1, 1, 8000, 40, 10), "unsupported WAV encoding (format 0x0001, 40 bits per sample)"),
        ("float 16", wav_header(3, 1, 8000, 16, 10), "unsupported WAV encoding (format 0x0003, 16 bits per sample)"),
        ("mu-law 16", wav_header(7, 1, 8000, 16, 10), "unsupported WAV encoding (format 0x0007, 16 bits per sample)"),
        ("extensible adpcm", wav_header(0x11, 1, 8000, 4, 10, extensible=True),
         "unsupported WAV encoding (format 0x0011, 4 bits per sample)"),
        ("rate 2 kHz", wav_header(1, 1, 2000, 16, 10),
         "unsupported WAV sample rate (2000 Hz; DTMF needs at least 4000)"),
        ("cut in fmt", b"RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00",
         "WAV chunk: expected 16 bytes, the file ends first"),
        ("cut in chunk header", b"RIFF\x10\x00\x00\x00WAVEfmt ",
         "WAV chunk header: expected 8 bytes, the file ends first"),
        ("fmt too short", b"RIFF\x00\x00\x00\x00WAVEfmt \x08\x00\x00\x00" + SECRET[:8],
         "WAV fmt chunk: expected at least 16 bytes"),
        ("data before fmt", b"RIFF\x00\x00\x00\x00WAVEdata\x10\x00\x00\x00" + SECRET,
         "WAV data chunk: expected a fmt chunk before it"),
    ],
)
def test_unsupported_or_broken_wav_is_named(name: str, data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedAudioError) as caught:
        read_header(io.BytesIO(data))
    assert str(caught.value) == message, name
    assert isinstance(caught.value, ScanError) and not isinstance(caught.value, ValueError)
    assert "4242" not in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "raw", "expected"),
    [
        (WavFormat(1, 2, 8000, 2), struct.pack("<4h", 16384, -16384, 0, 32767) + b"\x01",
         [[0.5, -0.5], [0, 32767 / 32768]]),
        (WavFormat(1, 1, 8000, 3), b"\x00\x00\x80\xff\xff\x7f\xff\xff", [[-1.0], [(2**23 - 1) / 2**23]]),
        (WavFormat(1, 1, 8000, 1), b"\x00\x80\xff", [[-1.0], [0.0], [127 / 128]]),
        (WavFormat(3, 1, 8000, 4), struct.pack("<2f", 0.25, -1.0), [[0.25], [-1.0]]),
        (WavFormat(7, 1, 8000, 1), b"\xff", [[0.0]]),
        (WavFormat(1, 1, 8000, 2), b"", np.zeros((0, 1))),
    ],
)
def test_decode_scales_and_drops_a_partial_frame(fmt: WavFormat, raw: bytes, expected: list[list[float]]) -> None:
    samples = fmt.decode(raw)
    assert samples.shape == np.asarray(expected).shape
    assert np.allclose(samples, expected)
