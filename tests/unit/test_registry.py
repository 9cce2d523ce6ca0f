"""Detectors and decoders are discovered from their folders: every file there is picked up or a declared helper."""

from __future__ import annotations

import re
from pathlib import Path

import scanners.decoders as decoders_pkg
import scanners.detectors as detectors_pkg
from scanners.decoders import decoder_classes, default_decoders
from scanners.detectors import HELPERS, default_detectors, detector_classes
from scanners.detectors.base import Detector


def _modules(pkg: object) -> set[str]:
    folder = Path(pkg.__file__).parent  # type: ignore[attr-defined]
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}


def test_every_detector_file_is_a_detector_or_a_declared_helper() -> None:
    found = {cls.__module__.rsplit(".", 1)[1] for cls in detector_classes()}
    assert found | HELPERS == _modules(detectors_pkg)
    assert not found & HELPERS


def test_every_decoder_file_is_a_decoder_or_a_private_helper() -> None:
    found = {cls.__module__.rsplit(".", 1)[1] for cls in decoder_classes()}
    assert found == {m for m in _modules(decoders_pkg) if not m.startswith("_")}


def test_every_extension_has_its_table_test() -> None:
    tests = Path(__file__).parent
    for cls in detector_classes():
        assert (tests / f"test_detector_{cls.__module__.rsplit('.', 1)[1]}.py").exists(), cls
    decoder_tests = (tests / "test_decoders.py").read_text()
    for dec in default_decoders():
        assert re.search(rf"\b{type(dec).__name__}\b", decoder_tests), dec.id


def test_discovery_order_keeps_the_pan_detector_first_and_ids_unique() -> None:
    detectors: list[Detector] = default_detectors()
    assert detectors[0].id == "pan"
    ids = [d.id for d in detectors] + [d.id for d in default_decoders()]
    assert len(ids) == len(set(ids))


def test_the_decoders_that_decode_in_place_are_declared() -> None:
    """``engine.decoded_metadata`` judges an expiry decoded in place in the record around it: each decoder declares
    whether it decodes a value's token where it stands (``in_place``, False unless declared); the set is written
    out here, so a decoder that starts or stops declaring it changes this test too."""
    assert {cls.id for cls in decoder_classes() if cls.in_place} == {
        "base64", "percent", "json_escape", "html_entity", "hex", "octal", "quoted_printable", "unicode", "byte_array",
        "mime_words", "nginx_escapes", "ebcdic_hex"}
