"""A call recording as Connect writes it: 8 kHz, 16-bit stereo PCM WAV, the customer and IVR on the left channel
and the agent on the right, with a DTMF tone pair for every key pressed while recording (on the customer's side,
or on the agent's with ``channel=AGENT``).

Connect fills a suspended span with silence; so does this writer (``silence``), so timings stay true while no
key tone is kept. Prompts are marked by a short low hum rather than synthetic speech.
"""

from __future__ import annotations

import io
import wave

import numpy as np
import numpy.typing as npt

from scanners.audio.dtmf import COLS, KEYS, ROWS

SAMPLE_RATE = 8000
TONE_S = 0.08  # ITU-T Q.24 asks for >= 40 ms of tone and of pause; 80 ms decodes reliably
GAP_S = 0.08
_AMPLITUDE = 0.35 * 32767  # per tone; the pair peaks below full scale
CUSTOMER, AGENT = 0, 1  # left, right

DTMF: dict[str, tuple[float, float]] = {  # the decoder's tone table, so encoder and decoder cannot disagree
    key: (ROWS[r], COLS[c]) for r, row in enumerate(KEYS) for c, key in enumerate(row)
}


def _samples(seconds: float) -> int:
    return max(0, round(seconds * SAMPLE_RATE))


def dtmf_tone(key: str, seconds: float = TONE_S) -> npt.NDArray[np.int16]:
    """The tone pair for one keypad key (``0-9 * # A-D``)."""
    if key not in DTMF:
        raise ValueError("key: expected one of 0-9, *, #, A-D")
    low, high = DTMF[key]
    t = np.arange(_samples(seconds)) / SAMPLE_RATE
    wave_ = np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)
    return (wave_ * _AMPLITUDE).astype(np.int16)


class Recording:
    """Accumulates audio segments; ``wav_bytes()`` renders the file."""

    def __init__(self) -> None:
        self._parts: list[tuple[int, npt.NDArray[np.int16]]] = []  # (channel, samples); others hold silence

    @property
    def seconds(self) -> float:
        return sum(len(p) for _, p in self._parts) / SAMPLE_RATE

    def silence(self, seconds: float) -> None:
        self._parts.append((CUSTOMER, np.zeros(_samples(seconds), dtype=np.int16)))

    def keys(self, keys: str, channel: int = CUSTOMER) -> None:
        """Tone then gap for each key, on the customer's (left) or the agent's (right) channel."""
        for key in keys:
            self._parts.append((channel, dtmf_tone(key)))
            self.silence(GAP_S)

    def suspended_keys(self, keys: str) -> None:
        """What a suspended recording keeps of key presses: silence of the same length."""
        self.silence(len(keys) * (TONE_S + GAP_S))

    def prompt(self, text: str) -> None:
        """A quiet 200 Hz hum whose length follows the text (10 ms a character, 0.2-1.5 s), then a gap."""
        seconds = min(1.5, max(0.2, len(text) * 0.01))
        t = np.arange(_samples(seconds)) / SAMPLE_RATE
        self._parts.append((CUSTOMER, (np.sin(2 * np.pi * 200.0 * t) * 0.05 * 32767).astype(np.int16)))
        self.silence(0.1)

    def wav_bytes(self) -> bytes:
        """Stereo frames: each part on its channel, silence on the other."""
        total = sum(len(p) for _, p in self._parts)
        pcm = np.zeros((total, 2), dtype=np.int16)
        at = 0
        for channel, part in self._parts:
            pcm[at : at + len(part), channel] = part
            at += len(part)
        buf = io.BytesIO()
        with wave.open(buf, "wb") as out:
            out.setnchannels(2)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(pcm.astype("<i2").tobytes())
        return buf.getvalue()


def decode_dtmf(wav: bytes) -> str:
    """Keys found in a WAV, both channels mixed (Goertzel on 20 ms blocks); for tests and drills, not a production
    detector (that is ``scanners.audio.dtmf``)."""
    with wave.open(io.BytesIO(wav), "rb") as src:
        channels = src.getnchannels()
        if src.getframerate() != SAMPLE_RATE or src.getsampwidth() != 2 or channels not in (1, 2):
            raise ValueError("wav: expected 8 kHz 16-bit mono or stereo PCM")
        frames = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2").astype(np.float64)
        pcm = frames.reshape(-1, channels).sum(axis=1)
    block = SAMPLE_RATE // 50
    freqs = ROWS + COLS
    n = np.arange(block)
    basis = {f: np.exp(-2j * np.pi * f * n / SAMPLE_RATE) for f in freqs}
    keys: list[str] = []
    previous = ""
    for start in range(0, len(pcm) - block + 1, block):
        chunk = pcm[start : start + block]
        energy = float(np.dot(chunk, chunk))
        if energy < block * (0.1 * 32767) ** 2:
            previous = ""
            continue
        power = {f: abs(np.dot(chunk, basis[f])) ** 2 for f in freqs}
        row = max(ROWS, key=lambda f: power[f])
        col = max(COLS, key=lambda f: power[f])
        if (power[row] + power[col]) < 0.25 * energy * block:
            previous = ""
            continue
        key = KEYS[ROWS.index(row)][COLS.index(col)]
        if key != previous:
            keys.append(key)
        previous = key
    return "".join(keys)
