"""Recordings: the finding's keypad entry silenced in place; same header, same length, other tones kept."""

from __future__ import annotations

import io

import numpy as np
import pytest

from reports.errors import RemediationError
from reports.remediate.recordings import silence_offsets
from scanners.audio.dtmf import decode_dtmf
from scanners.audio.keypad import entries
from scanners.audio.recording import Recording
from scanners.audio.recording import decode_dtmf as decode_wav
from scanners.audio.wav import read_header

PAN = "4242424242424242"


def _recording() -> bytes:
    rec = Recording()
    rec.prompt("Please enter your account number")
    rec.keys("1234#")
    rec.silence(2.0)
    rec.prompt("Please enter your card number")
    rec.keys(PAN + "#")
    rec.silence(2.0)
    rec.keys("9#")
    return rec.wav_bytes()


def test_only_the_finding_entry_is_silenced() -> None:
    wav = _recording()
    fmt, _ = read_header(io.BytesIO(wav))
    samples = fmt.decode(wav[44:])
    found = entries(decode_dtmf(samples[:, 0], fmt.rate))
    pan_entry = next(e for e in found if e.digits == PAN)
    out, count = silence_offsets(wav, [round(pan_entry.starts[0], 3)], "recordings:s3://b/k.wav")
    assert count == 1
    assert len(out) == len(wav) and out[:44] == wav[:44]
    keys = decode_wav(out)
    assert PAN not in keys and "1234" in keys and "9" in keys
    changed = np.flatnonzero(np.frombuffer(out, np.uint8) != np.frombuffer(wav, np.uint8))
    start, stop = pan_entry.starts[0], pan_entry.starts[-1] + 0.2
    frame = fmt.channels * fmt.width  # bytes per sample frame (Connect records stereo)
    assert changed.size and 44 + (start - 0.02) * fmt.rate * frame <= changed.min()
    assert changed.max() <= 44 + stop * fmt.rate * frame


def test_no_matching_offset_changes_nothing() -> None:
    wav = _recording()
    out, count = silence_offsets(wav, [999.0], "recordings:s3://b/k.wav")
    assert (out, count) == (wav, 0)


def test_not_a_wav_is_refused_by_name() -> None:
    with pytest.raises(RemediationError, match=r"recordings:s3://b/k.wav: expected a WAV recording"):
        silence_offsets(b"ID3 not audio", [1.0], "recordings:s3://b/k.wav")
