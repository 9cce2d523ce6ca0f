"""The shape of the code: layers point one way, no import dodges a cycle, the base layer stays small.

The layer contracts themselves are import-linter's (``[tool.importlinter]`` in pyproject.toml, run by ``make lint``
and here); these tests add what it does not check.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanners.detectors import detector_classes

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("scanners", "ivr", "reports")


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def project_imports(node: ast.AST) -> Iterator[ast.stmt]:
    for child in ast.walk(node):
        found = (isinstance(child, ast.ImportFrom) and (child.module or "").split(".")[0] in PACKAGES
                 and not child.level) or (isinstance(child, ast.Import)
                                          and any(a.name.split(".")[0] in PACKAGES for a in child.names))
        if found:
            yield child


def _guards_import_error(handler: ast.ExceptHandler) -> bool:
    names = [handler.type] if not isinstance(handler.type, ast.Tuple) else list(handler.type.elts)
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def test_no_project_import_hides_in_a_function_or_an_import_error_guard() -> None:
    hidden = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [f"{path.relative_to(ROOT)}:{i.lineno} in {node.name}()" for i in project_imports(node)]
            elif isinstance(node, ast.Try) and any(_guards_import_error(h) for h in node.handlers):
                hidden += [f"{path.relative_to(ROOT)}:{i.lineno} under ImportError" for i in project_imports(node)]
    assert hidden == []


def test_the_base_layer_keeps_at_most_ten_modules_at_its_top() -> None:
    modules = [p.name for p in (ROOT / "scanners").glob("*.py")]
    assert len(modules) <= 10, sorted(modules)


def test_every_package_says_what_it_is() -> None:
    missing = [str(p.relative_to(ROOT)) for p in sources()
               if p.name == "__init__.py" and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []


def test_layer_contracts_hold() -> None:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("import-linter is not installed (the dev extra brings it)")
    done = subprocess.run([tool], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:]


def test_registering_the_commands_loads_no_command() -> None:
    """``spc scan`` builds the whole parser: each ``spc.commands`` entry point may import argparse helpers, never a
    command's implementation (the local stack, remediation, the doctor, Stripe, PDF rendering)."""
    heavy = ("ivr.local.stack", "ivr.doctor", "reports.remediate.run", "reports.commands", "ivr.commands", "stripe",
             "weasyprint", "reports.demo.run")
    code = (
        "import sys\n"
        "from importlib.metadata import entry_points\n"
        "for ep in entry_points(group='spc.commands'): ep.load()\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_each_detector_fits_in_sixty_lines() -> None:
    """A detector is one small file (its helpers live in the modules ``scanners.detectors.HELPERS`` names)."""
    for cls in detector_classes():
        path = Path(sys.modules[cls.__module__].__file__ or "")
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 60, f"{path.relative_to(ROOT)}: {lines} lines, expected at most 60"
