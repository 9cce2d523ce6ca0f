"""AWS clients carry their ``mypy_boto3_*`` types: every service the code asks the factory for has a typed overload,
and no parameter or field that holds a client is annotated ``Any``.

mypy checks the calls once the types are there; these tests keep the types from going missing again (a new
``clients("x")`` for a service without an overload, or a new ``s3: Any`` parameter, fails here).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanners.aws import ClientFactory

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("scanners", "ivr", "reports")
FACTORY_NAMES = {"clients", "client", "_client", "default_clients"}
# names that hold a boto3 client in this code base
CLIENT_NAME = re.compile(
    r"^(?:\w+_)?(?:client|s3|logs|kms|sns|sqs|sts|ssm|lam|lambda_|connect|bedrock|dynamodb|secrets|iam|sfn|cloudtrail)"
    r"(?:_client)?$"
)
# (path, name) -> why it is still Any; each entry names an owner or a reason, and the test fails when one is fixed
ALLOWED_ANY = {
    ("reports/controls/__init__.py", "client"): "one Check type for every control module: the service is a runtime "
                                                "string (each module's SERVICE)",
    ("ivr/payments/ledger.py", "dynamodb"): "ivr/payments is being edited on another branch",
    ("ivr/local/connect/contact.py", "logs"): "ivr/local/connect is being edited on another branch",
    ("ivr/local/connect/contact.py", "s3"): "ivr/local/connect is being edited on another branch",
    ("ivr/local/connect/runner.py", "logs"): "ivr/local/connect is being edited on another branch",
    ("ivr/local/connect/runner.py", "s3"): "ivr/local/connect is being edited on another branch",
}


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def typed_services() -> set[str]:
    """The ``Literal`` service names of ``ClientFactory.__call__``'s overloads (read from the source: overloads
    without an implementation are not kept at run time)."""
    tree = ast.parse((ROOT / "scanners" / "aws.py").read_text(encoding="utf-8"))
    protocol = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == ClientFactory.__name__)
    found: set[str] = set()
    for fn in protocol.body:
        if isinstance(fn, ast.FunctionDef) and fn.name == "__call__":
            annotation = [*fn.args.posonlyargs, *fn.args.args][1].annotation
            if (isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name)
                    and annotation.value.id == "Literal" and isinstance(annotation.slice, ast.Constant)):
                found.add(str(annotation.slice.value))
    return found


def requested_services(tree: ast.AST) -> Iterator[str]:
    """Service names passed as a literal to a client factory (``clients("s3")``, ``session.client("kms", ...)``)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        if name in FACTORY_NAMES and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value


def _is_any(annotation: ast.expr | None) -> bool:
    """``Any``, ``Any | None`` or ``Optional[Any]``."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Name):
        return annotation.id == "Any"
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = (annotation.left, annotation.right)
        return any(_is_any(s) for s in sides) and all(
            _is_any(s) or (isinstance(s, ast.Constant) and s.value is None) for s in sides
        )
    return False


def any_clients(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """``(name, line)`` of every parameter or annotated field named like a client and annotated ``Any``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and CLIENT_NAME.match(node.arg) and _is_any(node.annotation):
            yield node.arg, node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, (ast.Name, ast.Attribute)):
            name = node.target.id if isinstance(node.target, ast.Name) else node.target.attr
            if CLIENT_NAME.match(name) and _is_any(node.annotation):
                yield name, node.lineno


def test_the_factory_protocol_reads_its_overloads() -> None:
    assert {"s3", "logs", "kms", "lambda", "bedrock-runtime"} <= typed_services()


def test_every_service_the_code_asks_for_has_a_typed_overload() -> None:
    typed = typed_services()
    missing = {
        f"{path.relative_to(ROOT)}: {service}"
        for path in sources()
        for service in requested_services(ast.parse(path.read_text(encoding="utf-8")))
        if service not in typed
    }
    assert not missing, f"add a ClientFactory overload (scanners/aws.py) and a boto3-stubs extra for: {sorted(missing)}"


def test_every_typed_service_has_its_stubs_in_the_dev_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = project["optional-dependencies"]["dev"]
    stubs = next(d for d in dev if d.startswith("boto3-stubs["))
    extras = set(stubs[stubs.index("[") + 1 : stubs.index("]")].split(","))
    assert typed_services() <= extras, f"add to boto3-stubs[...] in the dev extra: {sorted(typed_services() - extras)}"


def test_no_client_is_annotated_any() -> None:
    found = {
        (str(path.relative_to(ROOT)), name): line
        for path in sources()
        for name, line in any_clients(ast.parse(path.read_text(encoding="utf-8")))
    }
    untyped = sorted(f"{p}:{line} {name}" for (p, name), line in found.items() if (p, name) not in ALLOWED_ANY)
    assert not untyped, f"annotate these with their mypy_boto3 client type (under TYPE_CHECKING): {untyped}"
    stale = sorted(f"{p} {name}" for p, name in ALLOWED_ANY if (p, name) not in found)
    assert not stale, f"typed now: remove from ALLOWED_ANY: {stale}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f(s3: Any) -> None: ...", [("s3", 1)]),
        ("def f(logs_client: Any | None = None) -> None: ...", [("logs_client", 1)]),
        ("def f(client: S3Client) -> None: ...", []),
        ("def f(value: Any) -> None: ...", []),
        ("def f(kms: Any | str) -> None: ...", []),
        ("class C:\n    bedrock_client: Any = None", [("bedrock_client", 2)]),
    ],
)
def test_any_client_finder(source: str, expected: list[tuple[str, int]]) -> None:
    assert list(any_clients(ast.parse(source))) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('clients("s3")', ["s3"]),
        ('session.client("kms", config=fast)', ["kms"]),
        ('ctx.clients("bedrock-runtime")', ["bedrock-runtime"]),
        ('clients(module.service)', []),
        ('open("x")', []),
    ],
)
def test_requested_service_finder(source: str, expected: list[str]) -> None:
    assert list(requested_services(ast.parse(source))) == expected
