"""The default detector and decoder sets (order matters for de-duplication: the first reporter wins)."""

from __future__ import annotations

from scanners.detectors.base import Decoder, Detector


def default_detectors() -> list[Detector]:
    from scanners.detectors.credential import CredentialDetector
    from scanners.detectors.pan import PanDetector

    return [PanDetector(), CredentialDetector()]


def default_decoders() -> list[Decoder]:
    return []
