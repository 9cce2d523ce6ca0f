"""DTMF keypad tones from audio samples: a Goertzel filter bank vectorised over frames, then timing rules.

Each frame (25.6 ms, 205 samples at 8 kHz; hop 6.4 ms) gets the Goertzel power at the eight DTMF frequencies.
A frame holds a key when the strongest row and column tones are loud enough, stand 6 dB clear of the rest of
their group, carry most of the frame's energy (noise and speech rejection) and respect the twist limits (row
tone up to 8 dB louder than the column tone or 4 dB quieter, each with 1 dB of slack). Frames much weaker than
their neighbours (tone edges) are dropped, so a 40 ms pause between two presses of the same key stays visible.
A press must last ``min_tone`` seconds; drop-outs shorter than ``min_gap`` inside one press are bridged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is loaded by the first decoder: every ``spc scan`` discovers this source, few decode audio
    import numpy as np
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]

ROWS = (697.0, 770.0, 852.0, 941.0)
COLS = (1209.0, 1336.0, 1477.0, 1633.0)
KEYS = ("123A", "456B", "789C", "*0#D")
FRAME_SECONDS = 0.0256
HOP_SECONDS = 0.0064
_NO_KEY = -1


@dataclass(frozen=True, slots=True)
class Tone:
    """One key press: the key and when it sounded (seconds from the start of the audio)."""

    key: str
    start: float
    duration: float


@dataclass(frozen=True, slots=True)
class Limits:
    min_level: float = 10 ** (-45 / 20)  # each tone's amplitude, relative to full scale
    min_share: float = 0.4  # share of the frame's power in the two tones
    group_margin_db: float = 6.0
    max_row_over_col_db: float = 9.0  # "normal" twist: 8 dB must pass, plus 1 dB for estimation error
    max_col_over_row_db: float = 5.0  # "reverse" twist: 4 dB must pass, plus 1 dB
    edge_db: float = 6.0  # frames this much weaker than the local peak are tone edges
    min_tone: float = 0.030
    min_gap: float = 0.020


class DtmfDecoder:
    """Streaming decoder: ``feed`` blocks of samples (1-D mono or 2-D frames x channels), then ``tones()``."""

    def __init__(self, rate: int, channels: int = 1, limits: Limits | None = None) -> None:
        if rate < 4000:
            raise ValueError("rate: expected a sample rate of at least 4000 Hz")
        if channels < 1:
            raise ValueError("channels: expected at least one channel")
        self.rate, self.channels, self.limits = rate, channels, limits or Limits()
        self.size = round(rate * FRAME_SECONDS)
        self.hop = max(1, round(rate * HOP_SECONDS))
        import numpy as np

        freqs = np.array(ROWS + COLS)
        omega = 2.0 * np.pi * freqs / rate
        self._coeff = 2.0 * np.cos(omega)
        lag = np.arange(self.size, 0, -1)[:, None]  # N - n for n = 0..N-1
        kernel = np.hstack([np.sin(lag * omega), np.sin((lag - 1) * omega)]) / np.tile(np.sin(omega), 2)
        self._kernel: Floats = kernel.astype(np.float64)
        self._tail = np.zeros((0, channels))
        self._labels: list[list[NDArray[np.int8]]] = [[] for _ in range(channels)]
        self._power: list[list[Floats]] = [[] for _ in range(channels)]

    def feed(self, samples: NDArray[np.floating] | NDArray[np.integer]) -> None:
        import numpy as np

        block = np.asarray(samples, dtype=np.float64)
        block = block.reshape(-1, 1) if block.ndim == 1 else block
        if block.ndim != 2 or block.shape[1] != self.channels:
            raise ValueError("samples: expected shape (n,) or (n, channels) matching the decoder")
        buf = np.concatenate([self._tail, block])
        count = (len(buf) - self.size) // self.hop + 1 if len(buf) >= self.size else 0
        for ch in range(self.channels):
            if count:
                frames = np.lib.stride_tricks.sliding_window_view(buf[:, ch], self.size)[:: self.hop][:count]
                labels, power = self._classify(frames)
                self._labels[ch].append(labels)
                self._power[ch].append(power)
        self._tail = buf[count * self.hop :]

    def _goertzel(self, frames: Floats) -> Floats:
        """Power at each DTMF frequency for every frame, from the Goertzel filter's last two states.

        The recurrence ``s[n] = x[n] + 2cos(w) s[n-1] - s[n-2]`` has the impulse response
        ``sin((k+1)w) / sin(w)``, so both final states of every frame are one matrix product with ``_kernel``.
        """
        states: Floats = frames @ self._kernel
        k = len(self._coeff)
        s1, s2 = states[:, :k], states[:, k:]
        mag2: Floats = s1 * s1 + s2 * s2 - self._coeff * s1 * s2
        return mag2 * (2.0 / float(self.size) ** 2)  # mean power of a sinusoid at that frequency

    def _classify(self, frames: Floats) -> tuple[NDArray[np.int8], Floats]:
        import numpy as np

        lim = self.limits
        power = self._goertzel(frames)
        rows, cols = power[:, :4], power[:, 4:]
        r, c = rows.argmax(axis=1), cols.argmax(axis=1)
        idx = np.arange(len(frames))
        pr, pc = rows[idx, r], cols[idx, c]
        margin = 10 ** (lim.group_margin_db / 10)
        rows_clear = (rows * margin <= pr[:, None]).sum(axis=1) == 3
        cols_clear = (cols * margin <= pc[:, None]).sum(axis=1) == 3
        total = np.einsum("ij,ij->i", frames, frames) / self.size
        floor = lim.min_level**2 / 2
        ok = (pr >= floor) & (pc >= floor) & rows_clear & cols_clear
        ok &= pr + pc >= lim.min_share * total
        ok &= pr <= pc * 10 ** (lim.max_row_over_col_db / 10)
        ok &= pc <= pr * 10 ** (lim.max_col_over_row_db / 10)
        labels = np.where(ok, r * 4 + c, _NO_KEY).astype(np.int8)
        return labels, np.where(ok, pr + pc, 0.0)

    def tones(self) -> list[Tone]:
        """Every key press found so far, all channels merged, in time order."""
        import numpy as np

        found: list[Tone] = []
        for ch in range(self.channels):
            if self._labels[ch]:
                found.extend(self._runs(np.concatenate(self._labels[ch]), np.concatenate(self._power[ch])))
        found.sort(key=lambda t: t.start)
        merged: list[Tone] = []
        for tone in found:  # the same press heard on two channels
            if merged and merged[-1].key == tone.key and tone.start < merged[-1].start + merged[-1].duration:
                continue
            merged.append(tone)
        return merged

    def _runs(self, labels: NDArray[np.int8], power: Floats) -> list[Tone]:
        import numpy as np

        lim, hop = self.limits, self.hop / self.rate
        reach = int(np.ceil(self.size / self.hop))
        peak = power.copy()
        for k in range(1, reach + 1):  # local maximum over about one frame length either side
            peak[k:] = np.maximum(peak[k:], power[:-k])
            peak[:-k] = np.maximum(peak[:-k], power[k:])
        labels = np.where(power * 10 ** (lim.edge_db / 10) >= peak, labels, _NO_KEY)
        runs: list[list[int]] = []  # [label, first frame, last frame]
        for i in np.flatnonzero(labels != _NO_KEY).tolist():
            runs = _extend(runs, [int(labels[i]), i, i], lim.min_gap / hop)
        kept: list[list[int]] = []
        for run in runs:  # drop glitches, then rejoin a press they interrupted
            if (run[2] - run[1] + 1) * hop >= lim.min_tone:
                kept = _extend(kept, run, lim.min_gap / hop)
        return [
            Tone(KEYS[label // 4][label % 4], round((first * self.hop + self.size / 2) / self.rate, 4),
                 round((last - first + 1) * hop, 4))
            for label, first, last in kept
        ]


def _extend(runs: list[list[int]], run: list[int], max_gap: float) -> list[list[int]]:
    """Append ``run`` or, when it continues the last run's key after a short gap, lengthen that run."""
    if runs and runs[-1][0] == run[0] and run[1] - runs[-1][2] - 1 < max_gap:
        runs[-1][2] = run[2]
    else:
        runs.append(run)
    return runs


def decode_dtmf(samples: NDArray[np.floating] | NDArray[np.integer], rate: int) -> list[Tone]:
    """Key presses in ``samples`` (floats in [-1, 1]; shape (n,) or (n, channels)) at ``rate`` Hz."""
    import numpy as np

    arr = np.asarray(samples)
    decoder = DtmfDecoder(rate, 1 if arr.ndim == 1 else arr.shape[1])
    decoder.feed(arr)
    return decoder.tones()
