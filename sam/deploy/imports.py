"""What a handler needs, found by reading its code: the project modules it reaches and the packages it imports.

Starting at the handler's module, every ``import`` and ``from ... import`` in the project's own modules is followed,
including imports inside functions (lazy imports are still imports the function can run), but not the ones under
``if TYPE_CHECKING:``. Names outside the project and the standard library are reported as third-party top-level
modules; which distribution provides them is :func:`distributions_of`'s business.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from deploy.template import ROOT


@dataclass
class Reach:
    """The project module files a handler reaches and the third-party top-level names they import."""

    modules: dict[str, Path] = field(default_factory=dict)
    third_party: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)  # ``importlib.import_module("lib")``: shipped when locked

    @property
    def packages(self) -> set[str]:
        """Dotted names of the project packages (directories) the handler reaches."""
        return {name for name, path in self.modules.items() if path.name == "__init__.py"}


def _module_path(name: str, root: Path) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, skipping the bodies of ``if TYPE_CHECKING:`` (their ``else`` still runs)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _imported_names(path: Path, module: str) -> Iterator[str]:
    """Absolute dotted names imported by one file; ``from a import b`` yields ``a`` and ``a.b``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names if alias.name != "*")


DISCOVERY = "modules_of"  # scanners.extensions: a package that lists its own folder (an extension point)


def _dynamic(path: Path) -> tuple[set[str], bool]:
    """Literal ``importlib.import_module("name")`` targets in one file, and whether it lists its package's folder
    (``scanners.extensions.modules_of`` or ``pkgutil.iter_modules``: a discovered extension point, whose every module
    the artifact must carry)."""
    names: set[str] = set()
    discovers = False
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == DISCOVERY:
            discovers = True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "import_module" and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
            discovers = discovers or node.func.attr in ("iter_modules", DISCOVERY)
    return names, discovers


def _siblings(path: Path, module: str) -> Iterator[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for file in sorted(path.parent.glob("*.py")):
        if file.stem != "__init__":
            yield f"{package}.{file.stem}"


def _parents(name: str) -> Iterator[str]:
    parts = name.split(".")
    yield from (".".join(parts[:i]) for i in range(1, len(parts) + 1))


def reach(module: str, root: Path = ROOT) -> Reach:
    """Follow the imports from ``module`` (a project module) through the project."""
    if _module_path(module, root) is None:
        raise ModuleNotFoundError(f"{module}: no such module under {root}")
    out = Reach()
    todo = [module]
    while todo:
        name = todo.pop()
        for part in _parents(name):  # importing a.b.c runs a/__init__ and a/b/__init__ first
            if part in out.modules:
                continue
            path = _module_path(part, root)
            if path is None:
                continue  # an attribute imported with from-import, not a module
            out.modules[part] = path
            dynamic, discovers = _dynamic(path)
            if discovers:
                todo.extend(_siblings(path, part))
            for imported in dynamic:
                top = imported.split(".")[0]
                if _module_path(top, root) is not None:
                    todo.append(imported)
                elif top not in sys.stdlib_module_names:
                    out.optional.add(top)
            for imported in _imported_names(path, part):
                top = imported.split(".")[0]
                if _module_path(top, root) is not None:
                    todo.append(imported)
                elif top and top not in sys.stdlib_module_names:
                    out.third_party.add(top)
    return out


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-")).replace("--", "-")


def distributions_of(top_level: Iterable[str]) -> tuple[set[str], set[str]]:
    """(distributions providing these top-level modules in this environment, names no distribution provides)."""
    provided = metadata.packages_distributions()
    found: set[str] = set()
    missing: set[str] = set()
    for name in top_level:
        dists = provided.get(name)
        if dists:
            found.update(canonical(d) for d in dists)
        else:
            missing.add(name)
    return found, missing
