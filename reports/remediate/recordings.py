"""Call recordings: a new version of the WAV with the finding's keypad tones replaced by silence.

The tones are found again with the scanner's own decoder (``scanners.audio``); each keypad entry that starts at a
finding's ``offset_seconds`` is silenced from its first tone to the end of its last, on every channel, by writing
the format's silence value over those sample bytes. The header, the length and every other byte stay the same.
The new version and the old versions are then handled as any S3 object (``reports.remediate.s3``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reports.errors import RemediationError
from scanners.audio.dtmf import DtmfDecoder
from scanners.audio.keypad import entries
from scanners.audio.wav import read_header
from scanners.errors import UnsupportedAudioError

PAD_SECONDS = 0.01  # either side of a tone, so no edge of it survives
_ALAW, _MULAW, _PCM = 6, 7, 1
SILENCE = {_ALAW: b"\xd5", _MULAW: b"\xff"}


def silence_offsets(data: bytes, offsets: Iterable[float], where: str) -> tuple[bytes, int]:
    """``data`` with the keypad entries starting at ``offsets`` silenced; the number of entries silenced."""
    stream = io.BytesIO(data)
    try:
        fmt, size = read_header(stream)
    except UnsupportedAudioError as exc:
        raise RemediationError(f"{where}: expected a WAV recording ({exc})") from exc
    start = stream.tell()
    end = len(data) if size is None else min(len(data), start + size)
    decoder = DtmfDecoder(fmt.rate, fmt.channels)
    decoder.feed(fmt.decode(data[start:end]))
    tones = decoder.tones()
    wanted = {round(float(o), 3) for o in offsets}
    frame = fmt.width * fmt.channels
    silence = SILENCE.get(fmt.code, b"\x80" if fmt.code == _PCM and fmt.width == 1 else b"\x00")
    out, count = bytearray(data), 0
    for entry in entries(tones):
        if round(entry.starts[0], 3) not in wanted:
            continue
        first, last = entry.starts[0], entry.starts[-1]
        stop = max((t.start + t.duration for t in tones if first <= t.start <= last), default=last)
        lo = start + max(0, int((first - PAD_SECONDS) * fmt.rate)) * frame
        hi = min(end, start + int((stop + PAD_SECONDS) * fmt.rate + 1) * frame)
        out[lo:hi] = silence * (hi - lo)
        count += 1
    return bytes(out), count
