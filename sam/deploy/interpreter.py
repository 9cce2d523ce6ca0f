"""Find a CPython of the Lambda runtime's minor version on this machine (for .pyc files and import tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ENV_VAR = "RUNTIME_PYTHON"


def _version_of(exe: str) -> str | None:
    try:
        done = subprocess.run([exe, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],  # noqa: S603
                              capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _candidates(version: str) -> list[str]:
    found = [os.environ.get(ENV_VAR, "")]
    found.append(shutil.which(f"python{version}") or "")
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found.extend(str(p) for p in sorted((pyenv_root / "versions").glob(f"{version}.*/bin/python{version}")))
    found.extend(str(p) for p in sorted(Path("/usr/local/bin").glob(f"python{version}")))
    return [c for c in found if c]


def find_python(version: str) -> str | None:
    """Path of a working ``python<version>`` (``$RUNTIME_PYTHON`` first), or None."""
    for exe in _candidates(version):
        if _version_of(exe) == version:
            return exe
    return None
