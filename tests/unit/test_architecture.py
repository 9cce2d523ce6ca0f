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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_at_load(path: Path, known: set[str]) -> set[str]:
    """The project modules that loading ``path`` imports (module level, outside ``if TYPE_CHECKING``), each with the
    packages above it (importing ``a.b.c`` runs ``a`` and ``a.b`` first)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                targets.extend(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
                targets.extend([base, *(f"{base}.{a.name}" for a in node.names)])
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for block in (node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                    visit(block)
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    parts = [t.split(".") for t in targets]
    return {m for p in parts for i in range(1, len(p) + 1) if (m := ".".join(p[:i])) in known and m != name}


def test_the_project_import_graph_has_no_cycle() -> None:
    """A module imports in any order, alone (``python -c "import scanners.detectors.pan"``), only if no chain of
    module-level imports leads back to it: a cycle works or breaks with the order of the first import."""
    paths = {_module_name(p): p for p in sources()}
    graph = {name: _imported_at_load(path, set(paths)) for name, path in paths.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def walk(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*trail[trail.index(dep):], dep]))
            elif dep not in state:
                walk(dep, [*trail, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert cycles == []


def _discovery_calls_at_load(tree: ast.Module) -> list[int]:
    """Lines of module-level statements that call ``modules_of``, or a function of the module that calls it."""
    def calls(node: ast.AST) -> set[str]:
        return {ast.unparse(c.func) for c in ast.walk(node) if isinstance(c, ast.Call)}

    defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    discovering = {"modules_of"} | {n.name for n in tree.body if isinstance(n, defs) and "modules_of" in calls(n)}
    return [n.lineno for n in tree.body if not isinstance(n, defs) and calls(n) & discovering]


def test_no_extension_point_is_discovered_at_import() -> None:
    """Discovery (``modules_of``) imports every module of a folder: run when a module is loaded, it would import modules
    that import the loading one back (the decoders once did, and ``import scanners.detectors.pan`` failed alone)."""
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sources()
             for line in _discovery_calls_at_load(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []
    old = "def _discover():\n    return modules_of('x')\n\n\nCLASSES = _discover()\n"
    assert _discovery_calls_at_load(ast.parse(old)) == [5]  # the shape the decoders had


@pytest.mark.parametrize("module", ["scanners.detectors.pan", "scanners.detectors.card_summary",
                                    "scanners.formats.delimited", "scanners.formats._csvcards", "scanners.formats.xlsx",
                                    "scanners.decoders.base64", "scanners.engine.decoded_metadata"])
def test_a_module_imports_alone(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-1500:]


def test_starting_a_scan_loads_no_numpy() -> None:
    """``spc scan`` start-up (the parser, source discovery, ``Engine()``) leaves numpy out: the batch screens and the
    audio decoders load it when first used, so a scan of small files (no text with ``BATCH_MIN`` hits) never does."""
    code = (
        "import sys\n"
        "from scanners.cli.main import build_parser\n"
        "from scanners.engine.core import Engine\n"
        "from scanners.sources.targets import source_classes\n"
        "build_parser(); source_classes(); Engine()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy')[:3])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.strip() == "[]"
