"""The CVV detector's batch screen (``dialogue.answer_verdicts``) decides only where ``may_answer`` would agree."""

from __future__ import annotations

import numpy as np

from scanners.detectors.cvv import CvvDetector
from scanners.detectors.dialogue import answer_verdicts, may_answer
from scanners.engine.core import Engine

_TEXT = (
    '{"Content": "what is the security code?"}\n{"Content": "sure, it\'s 4 5 6."}\n'
    'cvv=123 card[cvc]=456 | 789 |\n{"value": "321"}\n{"Content": "I would like to pay my bill today please"}\n'
)


def _hits(text: str) -> tuple[bytes, np.ndarray, np.ndarray]:
    engine = Engine(detectors=[CvvDetector()], decoders=[])
    data = text.encode("ascii")
    _units, starts, ends = engine.prefilter.columns(data, text)
    return data, np.frombuffer(starts, dtype=np.int64), np.frombuffer(ends, dtype=np.int64)


def test_batch_verdicts_agree_with_the_one_by_one_screen() -> None:
    data, starts, ends = _hits(_TEXT)
    verdicts = answer_verdicts(data, starts, ends)
    assert len(verdicts) == len(starts) > 3
    assert (verdicts == 1).any() and (verdicts == -1).any()  # keyword hits decided, turn hits left to the screen
    for s, e, v in zip(starts.tolist(), ends.tolist(), verdicts.tolist(), strict=True):
        if v == 1:
            assert may_answer(_TEXT, s, e)
        else:
            assert v == -1 and _TEXT[e - 1] == '"'
    assert not all(may_answer(_TEXT, s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True))


def test_a_hit_ending_at_the_start_is_kept() -> None:
    verdicts = answer_verdicts(b'"x', np.array([0], dtype=np.int64), np.array([0], dtype=np.int64))
    assert verdicts.tolist() == [1] and may_answer('"x', 0, 0)
