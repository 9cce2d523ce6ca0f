"""RecordingsSource against moto server: WAV call recordings with keypad tones become located pan/expiry/cvv
findings (key + time offset); unsupported audio is skipped with a reason; S3 failures are errors.

WAVs are synthesized with numpy: 8 kHz PCM16 mono, 16 kHz stereo (keys on the caller channel, noise on the
other), 8-bit unsigned, G.711 mu-law and A-law, and a WAVE_FORMAT_EXTENSIBLE header.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import pytest
from botocore.exceptions import ClientError

from scanners.audio.dtmf import COLS, KEYS, ROWS
from scanners.audio.wav import g711_tables
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.detectors.cvv import CvvDetector
from scanners.detectors.expiry import ExpiryDetector
from scanners.detectors.pan import PanDetector
from scanners.engine.core import Engine
from scanners.engine.pipeline import run_scan
from scanners.sources.recordings import RecordingsSource

BUCKET = "call-recordings"
ENGINE = Engine([PanDetector(), CvvDetector(), ExpiryDetector()])
LEAD, ON, OFF = 1.0, 0.08, 0.08


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def keypad(keys: str, rate: int) -> np.ndarray:
    """Keys at ``ON``/``OFF`` seconds, after ``LEAD`` seconds of silence; a space is a 2-second pause."""
    parts = [np.zeros(int(LEAD * rate))]
    t = np.arange(int(ON * rate)) / rate
    for key in keys:
        if key == " ":
            parts.append(np.zeros(2 * rate))
            continue
        row = next(i for i, k in enumerate(KEYS) if key in k)
        col = KEYS[row].index(key)
        parts += [0.25 * (np.sin(2 * np.pi * ROWS[row] * t) + np.sin(2 * np.pi * COLS[col] * t)),
                  np.zeros(int(OFF * rate))]
    return np.concatenate([*parts, np.zeros(rate // 2)])


def starts(keys: str) -> dict[int, float]:
    """Start time of the key at each index of ``keys``."""
    out, t = {}, LEAD
    for i, key in enumerate(keys):
        if key == " ":
            t += 2.0
            continue
        out[i] = t
        t += ON + OFF
    return out


def wav(samples: np.ndarray, rate: int, code: int = 1, bits: int = 16, *, extensible: bool = False) -> bytes:
    x = samples if samples.ndim == 2 else samples[:, None]
    channels = x.shape[1]
    if code == 7:
        data = np.abs(g711_tables()[0][None, :] - x.reshape(-1, 1)).argmin(axis=1).astype(np.uint8).tobytes()
    elif code == 6:
        data = np.abs(g711_tables()[1][None, :] - x.reshape(-1, 1)).argmin(axis=1).astype(np.uint8).tobytes()
    elif bits == 8:
        data = (np.round(x * 127) + 128).astype(np.uint8).tobytes()
    else:
        data = (x * 32767).astype("<i2").tobytes()
    data = bytes(data)
    align = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else code, channels, rate, rate * align, align, bits)
    if extensible:
        fmt += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", code) + bytes(14)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def scan(source: RecordingsSource) -> dict[str, Any]:
    return run_scan([source], engine=ENGINE, fingerprinter=LocalKeyFingerprinter(b"k" * 32)).to_dict()


CARD = "4242424242424242#1230#123#"


@pytest.mark.parametrize(
    ("name", "audio"),
    [
        ("pcm16 8k mono", lambda: wav(keypad(CARD, 8000), 8000)),
        ("pcm16 16k stereo", lambda: wav(np.stack([np.random.default_rng(1).normal(0, 0.03, len(keypad(CARD, 16000))),
                                                  keypad(CARD, 16000)], axis=1), 16000)),
        ("8-bit unsigned", lambda: wav(keypad(CARD, 8000), 8000, bits=8)),
        ("mu-law", lambda: wav(keypad(CARD, 8000), 8000, code=7, bits=8)),
        ("a-law", lambda: wav(keypad(CARD, 8000), 8000, code=6, bits=8)),
        ("extensible pcm16", lambda: wav(keypad(CARD, 8000), 8000, extensible=True)),
    ],
)
def test_card_entry_in_recording_is_located_by_time(s3: Any, name: str, audio: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="connect/2026/11/25/call-1.wav", Body=audio())

    out = scan(RecordingsSource(s3, BUCKET, "connect/"))

    assert out["verdict"] == "leaks", name
    t = starts(CARD)
    got = [(f["type"], f["location"]["key"], f["location"]["offset_seconds"]) for f in out["findings"]]
    expected = [("pan", "connect/2026/11/25/call-1.wav", t[0]), ("expiry", "connect/2026/11/25/call-1.wav", t[17]),
                ("cvv", "connect/2026/11/25/call-1.wav", t[22])]
    assert [g[:2] for g in got] == [e[:2] for e in expected], name
    assert np.allclose([g[2] for g in got], [e[2] for e in expected], atol=0.02), name
    assert out["findings"][0]["masked"] == "424242******4242" and out["findings"][0]["test_card"] is True
    # no character offset: it would point into the labelled text, not the audio
    assert all(set(f["location"]) == {"bucket", "key", "offset_seconds"} for f in out["findings"]), name
    assert out["findings"][2]["masked"] == "***"
    assert [(c["status"], c["items_scanned"]) for c in out["coverage"]] == [("scanned", 1)]
    assert out["coverage"][0]["bytes_scanned"] > 0


def test_pauses_instead_of_terminators_and_amex(s3: Any) -> None:
    keys = "378282246310005 1234 5551234#"
    s3.put_object(Bucket=BUCKET, Key="a.wav", Body=wav(keypad(keys, 8000), 8000))
    out = scan(RecordingsSource(s3, BUCKET))
    t = starts(keys)
    got = [(f["type"], round(f["location"]["offset_seconds"], 1)) for f in out["findings"]]
    assert got == [("pan", round(t[0], 1)), ("cvv", round(t[16], 1))]  # the phone number is not card data
    assert [sorted(f["location"]) for f in out["findings"]] == [["bucket", "key", "offset_seconds"]] * 2


def test_recording_without_card_data_is_clean(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="menu.wav", Body=wav(keypad("1#2#0044#", 8000), 8000))
    s3.put_object(Bucket=BUCKET, Key="silence.wav", Body=wav(np.zeros(8000), 8000))
    out = scan(RecordingsSource(s3, BUCKET))
    assert out["findings"] == [] and out["verdict"] == "clean"
    assert sorted(c["location"]["key"] for c in out["coverage"]) == ["menu.wav", "silence.wav"]


def test_unsupported_and_non_wav_objects_are_skipped_with_reason(s3: Any) -> None:
    adpcm = wav(np.zeros(800), 8000)[:20] + struct.pack("<H", 0x11) + wav(np.zeros(800), 8000)[22:]
    s3.put_object(Bucket=BUCKET, Key="r/adpcm.wav", Body=adpcm)
    s3.put_object(Bucket=BUCKET, Key="r/call.mp3", Body=b"ID3\x04\x00" + bytes(100))
    s3.put_object(Bucket=BUCKET, Key="r/meta.json", Body=b'{"contactId": "x"}')
    s3.put_object(Bucket=BUCKET, Key="r/short.wav", Body=b"RIFF\x10\x00\x00\x00WAVEfmt ")
    truncated = wav(keypad(CARD, 8000), 8000)
    cut = 44 + 2 * int((LEAD + 17 * (ON + OFF)) * 8000)  # right after the PAN and its "#"
    s3.put_object(Bucket=BUCKET, Key="r/cut.wav", Body=truncated[:cut])  # the header's data size lies

    out = scan(RecordingsSource(s3, BUCKET, "r/"))

    cov = {c["location"]["key"]: (c["status"], c.get("reason")) for c in out["coverage"]}
    assert cov == {
        "r/adpcm.wav": ("skipped", "unsupported WAV encoding (format 0x0011, 16 bits per sample)"),
        "r/call.mp3": ("skipped", "not a RIFF/WAVE file"),
        "r/meta.json": ("skipped", "not a RIFF/WAVE file"),
        "r/short.wav": ("skipped", "WAV chunk header: expected 8 bytes, the file ends first"),
        "r/cut.wav": ("scanned", None),  # what is there is decoded
    }
    assert [f["type"] for f in out["findings"]] == ["pan"]
    assert out["verdict"] == "leaks"


class Denied:
    def __init__(self, real: Any, key: str) -> None:
        self.real, self.key = real, key

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def get_object(self, **kw: Any) -> Any:
        if kw["Key"] == self.key:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "GetObject")
        return self.real.get_object(**kw)


def test_s3_failures_are_errors(s3: Any, boto_clients: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="denied.wav", Body=wav(keypad(CARD, 8000), 8000))
    s3.put_object(Bucket=BUCKET, Key="ok.wav", Body=wav(keypad("12#", 8000), 8000))
    out = scan(RecordingsSource(Denied(s3, "denied.wav"), BUCKET))
    cov = {c["location"]["key"]: (c["status"], c.get("reason")) for c in out["coverage"]}
    assert cov == {"denied.wav": ("error", "access denied (AccessDenied)"), "ok.wav": ("scanned", None)}
    assert out["verdict"] == "incomplete"

    missing = scan(RecordingsSource(s3, "no-such-bucket", "calls/"))
    assert [(c["location"], c["status"], c["reason"]) for c in missing["coverage"]] == [
        ({"bucket": "no-such-bucket", "prefix": "calls/"}, "error", "not found (NoSuchBucket)")
    ]
    empty = scan(RecordingsSource(s3, BUCKET, "nothing-here/"))
    assert [(c["status"], c["reason"]) for c in empty["coverage"]] == [("skipped", "no object matches the prefix")]
    assert empty["verdict"] == "incomplete"
