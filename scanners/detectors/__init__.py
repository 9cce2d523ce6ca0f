"""The default detector and decoder sets (order matters for de-duplication: the first reporter wins)."""

from __future__ import annotations

from scanners.detectors.base import Decoder, Detector


def default_detectors() -> list[Detector]:
    from scanners.detectors.array_pan import ArrayPanDetector
    from scanners.detectors.credential import CredentialDetector
    from scanners.detectors.cvv import CvvDetector
    from scanners.detectors.expiry import ExpiryDetector
    from scanners.detectors.pan import PanDetector
    from scanners.detectors.spelled_pan import SpelledPanDetector
    from scanners.detectors.track import TrackDetector

    return [
        PanDetector(),
        TrackDetector(),
        CvvDetector(),
        ExpiryDetector(),
        SpelledPanDetector(),
        ArrayPanDetector(),
        CredentialDetector(),
    ]


def default_decoders() -> list[Decoder]:
    from scanners.decoders import DEFAULT_DECODERS

    return list(DEFAULT_DECODERS)
