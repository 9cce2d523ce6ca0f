"""The decoders, discovered from this folder: every module not starting with ``_`` holds one decoder class.

Adding a decoder = one file here (``DECODER = <class>``) plus its table test; ``_common.py`` holds shared code.
``tests/unit/test_registry.py`` fails when a file here is not picked up.
"""

from __future__ import annotations

from scanners.detectors.base import Decoder
from scanners.extensions import modules_of


def _discover() -> tuple[type[Decoder], ...]:
    found: list[tuple[int, str, type[Decoder]]] = []
    for module in modules_of(__name__):
        cls = getattr(module, "DECODER", None)
        name = module.__name__.rpartition(".")[2]
        if not (isinstance(cls, type) and issubclass(cls, Decoder)):
            raise TypeError(f"scanners/decoders/{name}.py: expected DECODER = <a Decoder subclass>")
        found.append((cls.priority, name, cls))
    return tuple(cls for _, _, cls in sorted(found, key=lambda t: t[:2]))


DECODER_CLASSES: tuple[type[Decoder], ...] = _discover()
DEFAULT_DECODERS: tuple[Decoder, ...] = tuple(cls() for cls in DECODER_CLASSES)


def default_decoders() -> list[Decoder]:
    return list(DEFAULT_DECODERS)
