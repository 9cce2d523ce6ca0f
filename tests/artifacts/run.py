"""Build a function's artifact (cached under build/) and run its handler in a clean runtime-version interpreter."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from deploy import package
from deploy.imports import canonical
from deploy.interpreter import find_python
from deploy.template import Function
from packaging.markers import default_environment
from packaging.requirements import Requirement

CHILD = Path(__file__).with_name("child.py")
TEST_ARCH = "x86_64"  # this machine's; the code and pins are the same as the template's arm64 build


@contextmanager
def _build_lock(name: str) -> Iterator[None]:
    """One builder per artifact at a time across pytest-xdist workers (different artifacts build in parallel)."""
    package.BUILD.mkdir(parents=True, exist_ok=True)
    with (package.BUILD / f".test-build-{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Built:
    function: Function
    path: Path
    sdk: Path
    size: int
    build_seconds: float


def build(fn: Function) -> Built:
    started = time.perf_counter()
    with _build_lock(fn.logical_id):
        artifact = package.build(fn, TEST_ARCH)
    with _build_lock("runtime-sdk"):
        sdk = package.build_sdk(fn.python_version, TEST_ARCH)
    return Built(fn, artifact.path, sdk, artifact.size, time.perf_counter() - started)


def run(built: Built, python: str, events: list[Any], env: Mapping[str, str] | None = None,
        also_import: Sequence[str] = ()) -> dict[str, Any]:
    """Import the handler (then ``also_import``) and call it with each event in ``python -I -S``; the child's
    result document."""
    with tempfile.TemporaryDirectory() as work:
        request, result = Path(work, "request.json"), Path(work, "result.json")
        request.write_text(json.dumps({"events": events, "timeout_seconds": built.function.timeout,
                                       "also_import": list(also_import)}))
        cmd = [python, "-I", "-S", str(CHILD), str(built.path), str(built.sdk), built.function.handler,
               str(request), str(result)]
        child_env = {**os.environ, **(env or {})}
        child_env.pop("AWS_EXECUTION_ENV", None)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=child_env, cwd=work, check=False)
        if done.returncode:
            name = built.function.logical_id
            raise AssertionError(f"{name}: the artifact failed in {python}:\n{done.stderr[-3000:]}")
        loaded: dict[str, Any] = json.loads(result.read_text())
        loaded["stderr"] = done.stderr
        return loaded


def runtime_python(fn: Function) -> str | None:
    return find_python(fn.python_version)


def distributions(path: Path) -> dict[str, metadata.Distribution]:
    """{canonical name: distribution} installed in an artifact directory."""
    return {canonical(d.metadata["Name"]): d for d in metadata.distributions(path=[str(path)])}


def providers(dists: Mapping[str, metadata.Distribution], top_level: set[str]) -> set[str]:
    """The distributions (of ``dists``) whose files include one of these top-level modules."""
    out = set()
    for name, dist in dists.items():
        tops = {str(f).split("/")[0].removesuffix(".py") for f in dist.files or ()}
        if tops & top_level:
            out.add(name)
    return out


def requirement_closure(dists: Mapping[str, metadata.Distribution], roots: set[str], python_version: str) -> set[str]:
    """``roots`` and everything they require (markers evaluated for the Lambda's Linux and Python)."""
    env: dict[str, str] = {**cast(dict[str, str], default_environment()), "python_version": python_version,
                           "sys_platform": "linux", "platform_system": "Linux", "implementation_name": "cpython"}
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in dists:
            continue
        seen.add(name)
        for raw in dists[name].requires or ():
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
                todo.append(canonical(req.name))
    return seen
