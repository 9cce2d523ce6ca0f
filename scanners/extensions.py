"""The one discovery helper behind every extension point (detectors, decoders, formats, sources, controls, exports):
a folder's modules, imported, in name order. Each caller says what a module must declare; the packager
(``sam/deploy``) ships every module of a package that calls ``modules_of``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Collection
from types import ModuleType


def modules_of(package: str, *, skip: Collection[str] = ()) -> list[ModuleType]:
    """Every module of ``package`` by name, imported; names starting with ``_`` and those in ``skip`` left out."""
    root = importlib.import_module(package)
    names = sorted(info.name for info in pkgutil.iter_modules(root.__path__))
    return [importlib.import_module(f"{package}.{name}") for name in names
            if not name.startswith("_") and name not in skip]
