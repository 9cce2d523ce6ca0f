"""The decoders, discovered from this folder: every module not starting with ``_`` holds one decoder class.

Adding a decoder = one file here (``DECODER = <class>``) plus its table test; ``_common.py`` holds shared code.
``tests/unit/test_registry.py`` fails when a file here is not picked up. Discovery runs on first use, not when the
package is imported: a detector helper may import one decoder's module (``json_escape.unescape``) without importing
every decoder, some of which import that helper back.
"""

from __future__ import annotations

from functools import cache

from scanners.detectors.base import Decoder
from scanners.extensions import modules_of


@cache
def decoder_classes() -> tuple[type[Decoder], ...]:
    """Every decoder class declared in this folder, by priority then module name."""
    found: list[tuple[int, str, type[Decoder]]] = []
    for module in modules_of(__name__):
        cls = getattr(module, "DECODER", None)
        name = module.__name__.rpartition(".")[2]
        if not (isinstance(cls, type) and issubclass(cls, Decoder)):
            raise TypeError(f"scanners/decoders/{name}.py: expected DECODER = <a Decoder subclass>")
        found.append((cls.priority, name, cls))
    return tuple(cls for _, _, cls in sorted(found, key=lambda t: t[:2]))


@cache
def _instances() -> tuple[Decoder, ...]:
    return tuple(cls() for cls in decoder_classes())


def default_decoders() -> list[Decoder]:
    """The discovered decoders, one shared instance each (decoders hold no state between calls)."""
    return list(_instances())
