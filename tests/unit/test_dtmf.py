"""DTMF decoding on synthesized audio, including every WAV sample format decoded by scanners.audio.wav.

Tones are generated with numpy: every key, white noise at a given SNR, short tones and gaps, twist, frequency
drift, 16 kHz, stereo, G.711 mu-law/A-law. Expected values are key strings and start times (seconds).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest

from scanners.audio.dtmf import COLS, KEYS, ROWS, DtmfDecoder, Tone, decode_dtmf
from scanners.audio.wav import WavFormat

ALL_KEYS = "123A456B789C*0#D"
CARD_KEYS = "4242424242424242#1230#123#"


def tone(
    key: str, seconds: float, rate: int, *, amp: float = 0.3, twist_db: float = 0.0, drift: float = 0.0
) -> np.ndarray:
    """One key: row tone at ``amp``, column tone ``twist_db`` quieter (negative: louder)."""
    row = next(i for i, keys in enumerate(KEYS) if key in keys)
    col = KEYS[row].index(key)
    t = np.arange(int(seconds * rate)) / rate
    low = amp * np.sin(2 * np.pi * ROWS[row] * (1 + drift) * t)
    high = amp * 10 ** (-twist_db / 20) * np.sin(2 * np.pi * COLS[col] * (1 + drift) * t + 1.0)
    return low + high


def keypad(keys: str, rate: int = 8000, *, on: float = 0.08, off: float = 0.08, lead: float = 0.2, **kw: float
           ) -> np.ndarray:
    parts = [np.zeros(int(lead * rate))]
    for key in keys:
        parts += [tone(key, on, rate, **kw), np.zeros(int(off * rate))]
    return np.concatenate(parts)


def with_noise(x: np.ndarray, snr_db: float, seed: int = 7) -> np.ndarray:
    signal_power = np.mean(x[x != 0] ** 2)
    rng = np.random.default_rng(seed)
    return x + rng.normal(0.0, np.sqrt(signal_power / 10 ** (snr_db / 10)), len(x))


def keys_of(tones: list[Tone]) -> str:
    return "".join(t.key for t in tones)


@pytest.mark.parametrize("rate", [8000, 11025, 16000, 44100])
def test_every_key_at_common_rates(rate: int) -> None:
    tones = decode_dtmf(keypad(ALL_KEYS, rate), rate)
    assert keys_of(tones) == ALL_KEYS
    expected = [0.2 + i * 0.16 for i in range(len(ALL_KEYS))]
    assert np.allclose([t.start for t in tones], expected, atol=0.01)
    assert all(0.06 <= t.duration <= 0.1 for t in tones)


@pytest.mark.parametrize(("snr_db", "seed"), [(20, 1), (10, 2), (6, 3), (3, 4), (0, 5)])
def test_noise_down_to_0_db_snr(snr_db: float, seed: int) -> None:
    assert keys_of(decode_dtmf(with_noise(keypad(ALL_KEYS), snr_db, seed), 8000)) == ALL_KEYS


@pytest.mark.parametrize(
    ("name", "signal"),
    [
        ("silence", np.zeros(16000)),
        ("white noise", np.random.default_rng(3).normal(0, 0.2, 16000)),
        ("one row tone only", 0.3 * np.sin(2 * np.pi * 697 * np.arange(16000) / 8000)),
        ("two row tones and a column", tone("1", 1.0, 8000) + 0.3 * np.sin(2 * np.pi * 852 * np.arange(8000) / 8000)),
        ("voiced harmonics", sum(0.1 * np.sin(2 * np.pi * 140 * k * np.arange(16000) / 8000) for k in range(1, 20))),
        ("too quiet (-60 dBFS)", keypad("123", amp=0.001)),
    ],
)
def test_no_key_in_non_dtmf_audio(name: str, signal: np.ndarray) -> None:
    assert decode_dtmf(signal, 8000) == [], name


@pytest.mark.parametrize(
    ("on", "off", "keys", "expected"),
    [
        (0.04, 0.04, "4444", "4444"),  # ITU minimum tone and pause: every press of a repeated key counts
        (0.04, 0.04, "1234", "1234"),
        (0.1, 0.05, "5555", "5555"),
        (0.015, 0.05, "1234", ""),  # shorter than a key press
    ],
)
def test_tone_and_gap_durations(on: float, off: float, keys: str, expected: str) -> None:
    assert keys_of(decode_dtmf(keypad(keys, on=on, off=off), 8000)) == expected


def test_drop_out_inside_one_press_is_bridged() -> None:
    rate = 8000
    press = tone("7", 0.12, rate)
    press[int(0.05 * rate) : int(0.06 * rate)] = 0.0  # 10 ms hole
    tones = decode_dtmf(np.concatenate([np.zeros(800), press, np.zeros(800)]), rate)
    assert keys_of(tones) == "7"


@pytest.mark.parametrize(
    ("twist_db", "expected"),
    [(0, "159#D"), (8, "159#D"), (-4, "159#D"), (3, "159#D"), (12, ""), (-8, "")],
)
def test_twist_limits(twist_db: float, expected: str) -> None:
    """Row tone up to 8 dB louder than the column tone (normal twist) or 4 dB quieter (reverse) is a key."""
    assert keys_of(decode_dtmf(keypad("159#D", twist_db=twist_db), 8000)) == expected


@pytest.mark.parametrize(("drift", "expected"), [(0.015, "1590#D"), (-0.015, "1590#D"), (0.035, ""), (-0.035, "")])
def test_frequency_tolerance(drift: float, expected: str) -> None:
    assert keys_of(decode_dtmf(keypad("1590#D", drift=drift), 8000)) == expected


def test_stereo_channels_are_decoded_and_merged() -> None:
    caller = keypad("4242#")
    agent = np.random.default_rng(5).normal(0, 0.05, len(caller))
    assert keys_of(decode_dtmf(np.stack([agent, caller], axis=1), 8000)) == "4242#"
    both = np.stack([caller, caller * 0.5], axis=1)  # heard on both channels: reported once
    assert keys_of(decode_dtmf(both, 8000)) == "4242#"


def test_streaming_blocks_match_one_shot() -> None:
    x = with_noise(keypad(CARD_KEYS), 15)
    decoder = DtmfDecoder(8000)
    for chunk in np.array_split(x, 37):  # odd block sizes, frames straddling blocks
        decoder.feed(chunk)
    assert decoder.tones() == decode_dtmf(x, 8000)
    assert keys_of(decoder.tones()) == CARD_KEYS


@pytest.mark.parametrize(
    ("rate", "shape", "field"),
    [(2000, (100,), "rate"), (8000, (100, 2, 2), "samples")],
)
def test_bad_input_names_the_field(rate: int, shape: tuple[int, ...], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        decode_dtmf(np.zeros(shape), rate)


# --- WAV sample formats end to end ----------------------------------------------------------------------


def _mulaw_encode(x: np.ndarray) -> bytes:
    """Reference G.711 encoding (stdlib audioop, present in Python 3.11)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        audioop = pytest.importorskip("audioop")
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    return bytes(audioop.lin2ulaw(pcm, 2))


def _alaw_encode(x: np.ndarray) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        audioop = pytest.importorskip("audioop")
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    return bytes(audioop.lin2alaw(pcm, 2))


@pytest.mark.parametrize(
    ("name", "fmt", "encode"),
    [
        ("pcm 8-bit unsigned", WavFormat(1, 1, 8000, 1),
         lambda x: (np.round(x * 127) + 128).astype(np.uint8).tobytes()),
        ("pcm 16-bit", WavFormat(1, 1, 8000, 2), lambda x: (x * 32767).astype("<i2").tobytes()),
        ("pcm 24-bit", WavFormat(1, 1, 8000, 3),
         lambda x: b"".join(int(v).to_bytes(3, "little", signed=True) for v in np.round(x * 8388607))),
        ("pcm 32-bit", WavFormat(1, 1, 8000, 4), lambda x: (x * 2147483647).astype("<i4").tobytes()),
        ("float 32", WavFormat(3, 1, 8000, 4), lambda x: x.astype("<f4").tobytes()),
        ("float 64", WavFormat(3, 1, 8000, 8), lambda x: x.astype("<f8").tobytes()),
        ("mu-law", WavFormat(7, 1, 8000, 1), _mulaw_encode),
        ("a-law", WavFormat(6, 1, 8000, 1), _alaw_encode),
    ],
)
def test_sample_formats_decode_to_the_same_keys(name: str, fmt: WavFormat, encode: Callable[[np.ndarray], bytes]
                                                ) -> None:
    x = keypad(CARD_KEYS, amp=0.25)
    samples = fmt.decode(encode(x))
    assert samples.shape == (len(x), 1), name
    assert np.max(np.abs(samples[:, 0] - x)) < 0.02, name
    assert keys_of(decode_dtmf(samples, 8000)) == CARD_KEYS, name
