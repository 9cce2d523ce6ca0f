"""WAV headers and samples for the DTMF decoder.

PCM 8-bit unsigned, 16/24/32-bit signed, float 32/64, A-law (6) and mu-law (7), also in WAVE_FORMAT_EXTENSIBLE,
RIFF or RF64, any rate from 4 kHz, any channel count. Anything else, and a file that is not RIFF/WAVE or ends
in its header, raises ``UnsupportedAudioError`` naming the format or header part, never audio content.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, BinaryIO

from scanners.errors import UnsupportedAudioError

if TYPE_CHECKING:  # numpy is loaded by the first decode: every ``spc scan`` discovers the recordings source
    import numpy as np
    from numpy.typing import NDArray

_PCM, _FLOAT, _ALAW, _MULAW, _EXTENSIBLE = 1, 3, 6, 7, 0xFFFE
_WIDTHS = {_PCM: (1, 2, 3, 4), _FLOAT: (4, 8), _ALAW: (1,), _MULAW: (1,)}


@cache
def g711_tables() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Linear values (full scale 1.0) of every mu-law and A-law byte (ITU-T G.711): mu-law's, A-law's."""
    import numpy as np

    codes = np.arange(256)
    u = ~codes & 0xFF
    mu = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 7)) - 0x84
    mu = np.where(u & 0x80, -mu, mu)
    a = codes ^ 0x55
    seg, man = (a >> 4) & 7, a & 0x0F
    alaw = np.where(seg == 0, (man << 4) + 8, ((man << 4) + 0x108) << np.maximum(seg - 1, 0))
    alaw = np.where(a & 0x80, alaw, -alaw)
    return mu / 32768.0, alaw / 32768.0


@dataclass(frozen=True, slots=True)
class WavFormat:
    code: int
    channels: int
    rate: int
    width: int  # bytes per sample

    def decode(self, raw: bytes) -> NDArray[np.float64]:
        """Samples as floats in [-1, 1], shape (frames, channels); a trailing partial frame is dropped."""
        import numpy as np

        usable = len(raw) - len(raw) % (self.width * self.channels)
        data = np.frombuffer(raw, dtype=np.uint8, count=usable)
        if self.code in (_MULAW, _ALAW):
            out = g711_tables()[0 if self.code == _MULAW else 1][data]
        elif self.code == _FLOAT:
            out = data.view("<f4" if self.width == 4 else "<f8").astype(np.float64)
        elif self.width == 1:
            out = (data.astype(np.float64) - 128.0) / 128.0
        elif self.width == 3:
            b = data.reshape(-1, 3).astype(np.int32)
            out = ((b[:, 0] | b[:, 1] << 8 | b[:, 2] << 16) << 8 >> 8) / float(1 << 23)
        else:
            out = data.view("<i2" if self.width == 2 else "<i4") / float(1 << (8 * self.width - 1))
        return np.asarray(out, dtype=np.float64).reshape(-1, self.channels)


def _read(stream: BinaryIO, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) < size:
        raise UnsupportedAudioError(f"WAV {what}: expected {size} bytes, the file ends first")
    return data


def read_header(stream: BinaryIO) -> tuple[WavFormat, int | None]:
    """Parse up to the ``data`` chunk: the format and the data size (``None``: read to the end)."""
    riff = stream.read(12)
    if len(riff) < 12 or riff[:4] not in (b"RIFF", b"RF64") or riff[8:12] != b"WAVE":
        raise UnsupportedAudioError("not a RIFF/WAVE file")
    fmt: WavFormat | None = None
    while True:
        cid, size = struct.unpack("<4sI", _read(stream, 8, "chunk header"))
        if cid == b"data":
            if fmt is None:
                raise UnsupportedAudioError("WAV data chunk: expected a fmt chunk before it")
            return fmt, None if riff[:4] == b"RF64" or size in (0, 0xFFFFFFFF) else size
        body = _read(stream, size + size % 2, "chunk")
        if cid == b"fmt ":
            fmt = _format(body[:size])


def _format(raw: bytes) -> WavFormat:
    if len(raw) < 16:
        raise UnsupportedAudioError("WAV fmt chunk: expected at least 16 bytes")
    code, channels, rate, _, align, bits = struct.unpack("<HHIIHH", raw[:16])
    if code == _EXTENSIBLE and len(raw) >= 26:
        code = struct.unpack("<H", raw[24:26])[0]
    width = align // channels if channels else 0
    if width not in _WIDTHS.get(code, ()):
        raise UnsupportedAudioError(f"unsupported WAV encoding (format 0x{code:04x}, {bits} bits per sample)")
    if rate < 4000:
        raise UnsupportedAudioError(f"unsupported WAV sample rate ({rate} Hz; DTMF needs at least 4000)")
    return WavFormat(code, channels, rate, width)
