"""Build one function's deployable directory: its locked wheels for the Lambda platform plus the project code it
reaches, nothing else. The same recipe serves ``make package`` and ``sam build`` (``build-<LogicalId>`` targets).

A content key (requirements, code, platform) is written next to the directory, so an unchanged function is not
rebuilt; ``force=True`` rebuilds anyway.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from deploy.imports import reach
from deploy.interpreter import find_python
from deploy.requirements import SDK, requirements_path
from deploy.template import ROOT, Function

BUILD = ROOT / "build" / "lambda"
MACHINE = {"arm64": "aarch64", "x86_64": "x86_64"}
GLIBC_MAX = 28  # Amazon Linux 2023 has glibc 2.34; the lock is resolved for manylinux_2_28 (uv's target)
_SKIP_DIRS = {"__pycache__", "bin"}


@dataclass(frozen=True)
class Artifact:
    function: Function
    architecture: str
    path: Path
    rebuilt: bool

    @property
    def size(self) -> int:
        """Unzipped bytes, as Lambda counts them against its 250 MB limit."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def platform_tags(architecture: str) -> list[str]:
    """pip ``--platform`` values for a Lambda architecture: every manylinux tag up to glibc 2.28 (pip does not
    widen one tag to the older ones)."""
    machine = MACHINE[architecture]
    return [f"manylinux2014_{machine}", *(f"manylinux_2_{minor}_{machine}" for minor in range(17, GLIBC_MAX + 1))]


def default_out(fn: Function, architecture: str) -> Path:
    """build/lambda/<LogicalId> for the template's architecture, build/lambda/<arch>/<LogicalId> for another."""
    return BUILD / fn.logical_id if architecture == fn.architecture else BUILD / architecture / fn.logical_id


def project_files(fn: Function) -> dict[Path, Path]:
    """{source: path inside the artifact}: the reached modules and the data files of the reached packages."""
    found = reach(fn.module, ROOT)
    files = {path: path.relative_to(ROOT) for path in found.modules.values()}
    for package in found.packages:
        directory = ROOT.joinpath(*package.split("."))
        for path in directory.iterdir():
            if path.is_file() and path.suffix not in (".py", ".pyc"):
                files[path] = path.relative_to(ROOT)
    return dict(sorted(files.items()))


def _key(fn: Function, architecture: str, files: dict[Path, Path]) -> str:
    digest = hashlib.sha256(f"{fn.handler}|{fn.runtime}|{architecture}|{platform_tags(architecture)}".encode())
    digest.update(requirements_path(fn.logical_id).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for source, target in files.items():
        digest.update(str(target).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _pip_install(fn: Function, architecture: str, requirements: Path, out: Path) -> None:
    platforms = [arg for tag in platform_tags(architecture) for arg in ("--platform", tag)]
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
           "--require-hashes", "--only-binary=:all:", "--no-compile", *platforms, "--implementation", "cp",
           "--python-version", fn.python_version, "--target", str(out), "-r", str(requirements)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"pip install of {requirements.name} ({architecture}) failed:\n{done.stderr[-4000:]}")


def _prune(out: Path) -> None:
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_dir() and path.name in _SKIP_DIRS:
            shutil.rmtree(path)


def _compile(fn: Function, out: Path) -> bool:
    """Byte-compile with the runtime's Python when one is here (/var/task is read-only: no .pyc at cold start)."""
    python = find_python(fn.python_version)
    if python is None:
        return False
    cmd = [python, "-I", "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(out)]
    subprocess.run(cmd, capture_output=True, check=True)  # noqa: S603
    return True


def build(fn: Function, architecture: str | None = None, out: Path | None = None, *, force: bool = False) -> Artifact:
    """Build (or reuse) the artifact of ``fn`` for ``architecture`` (default: the template's) in ``out``."""
    arch = architecture or fn.architecture
    if arch not in MACHINE:
        raise ValueError(f"architecture {arch}: expected one of {sorted(MACHINE)}")
    target = out or default_out(fn, arch)
    files = project_files(fn)
    key = _key(fn, arch, files)
    stamp = target.parent / f".{target.name}.key"
    if not force and target.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return Artifact(fn, arch, target, rebuilt=False)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    stamp.unlink(missing_ok=True)
    _pip_install(fn, arch, requirements_path(fn.logical_id), target)
    _prune(target)
    for source, relative in files.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / relative)
    _compile(fn, target)
    stamp.write_text(key)
    return Artifact(fn, arch, target, rebuilt=True)


def build_sdk(python_version: str, architecture: str) -> Path:
    """A directory holding only what the Lambda runtime provides (boto3 and its dependencies, as pinned in
    runtime-sdk.txt): the second entry of an artifact's sys.path in import tests."""
    target = BUILD / architecture / f".runtime-sdk-{python_version}"
    digest = hashlib.sha256(SDK.read_bytes() + f"{python_version}|{platform_tags(architecture)}".encode())
    stamp = target.parent / f".{target.name}.key"
    if target.is_dir() and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    fn = Function("runtime-sdk", "boto3.client", f"python{python_version}", architecture, ".", None)
    _pip_install(fn, architecture, SDK, target)
    _prune(target)
    stamp.write_text(digest.hexdigest())
    return target
