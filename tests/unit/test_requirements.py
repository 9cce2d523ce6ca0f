"""The per-function requirement files match what each function's code imports today, and agree with the lock.

Run ``make requirements`` when this fails after an import changed (``make lock`` first if pyproject.toml did).
"""

from __future__ import annotations

import pytest
from deploy.requirements import LOCK, SDK, function_roots, pins, requirements_path, roots_of
from deploy.template import functions

FUNCTIONS = {fn.logical_id: fn for fn in functions()}


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_requirements_are_those_of_the_code_and_pinned_as_locked(logical_id: str) -> None:
    fn = FUNCTIONS[logical_id]
    path = requirements_path(logical_id)
    assert path.is_file(), f"{path} missing: run make requirements"
    assert roots_of(path) == function_roots(fn), f"{path.name} is stale: run make requirements"
    locked, own, sdk = pins(LOCK), pins(path), pins(SDK)
    assert set(roots_of(path)) <= set(own) | set(sdk)
    assert {name: locked.get(name) for name in own | sdk} == {**own, **sdk}
    assert not set(own) & set(sdk)  # what the runtime provides is not shipped again


def test_every_function_runs_on_the_locked_runtime_and_architecture() -> None:
    header = LOCK.read_text().splitlines()[1]
    for fn in FUNCTIONS.values():
        assert f"--python-version {fn.python_version} " in header
        assert {"arm64": "aarch64", "x86_64": "x86_64"}[fn.architecture] in header
