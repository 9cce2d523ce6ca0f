"""The functions of ``sam/template.yaml``: logical id, handler, runtime and architecture (Globals applied)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "sam" / "template.yaml"
FUNCTION_TYPE = "AWS::Serverless::Function"


class _CfnLoader(yaml.SafeLoader):
    """PyYAML loader that reads CloudFormation short-form tags (``!Ref x`` -> ``{"Ref": "x"}``)."""


def _construct_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as plain data, intrinsic functions in their long form."""
    loaded = yaml.load(path.read_text(), Loader=_CfnLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(loaded, dict) or not isinstance(loaded.get("Resources"), dict):
        raise ValueError(f"{path}: expected a template with Resources")
    return loaded


@dataclass(frozen=True)
class Function:
    logical_id: str
    handler: str
    runtime: str
    architecture: str
    code_uri: str
    build_method: str | None
    timeout: int = 3

    @property
    def module(self) -> str:
        """The handler's module (``ivr.handler`` for ``ivr.handler.lambda_handler``)."""
        return self.handler.rsplit(".", 1)[0]

    @property
    def attribute(self) -> str:
        return self.handler.rsplit(".", 1)[1]

    @property
    def python_version(self) -> str:
        """``3.12`` for ``python3.12``."""
        if not self.runtime.startswith("python3."):
            raise ValueError(f"{self.logical_id}: runtime {self.runtime} is not a Python runtime")
        return self.runtime.removeprefix("python")


def functions(template: dict[str, Any] | None = None) -> list[Function]:
    """Every ``AWS::Serverless::Function``, in template order."""
    doc = template if template is not None else load_template()
    defaults: dict[str, Any] = (doc.get("Globals") or {}).get("Function") or {}
    out = []
    for logical_id, resource in doc["Resources"].items():
        if resource.get("Type") != FUNCTION_TYPE:
            continue
        props = {**defaults, **(resource.get("Properties") or {})}
        architectures = props.get("Architectures") or ["x86_64"]
        metadata = resource.get("Metadata") or {}
        out.append(Function(
            logical_id=logical_id,
            handler=str(props["Handler"]),
            runtime=str(props["Runtime"]),
            architecture=str(architectures[0]),
            code_uri=str(props.get("CodeUri", ".")),
            build_method=metadata.get("BuildMethod"),
            timeout=int(props.get("Timeout", 3)),
        ))
    return out


def function(logical_id: str, template: dict[str, Any] | None = None) -> Function:
    for fn in functions(template):
        if fn.logical_id == logical_id:
            return fn
    raise KeyError(f"{logical_id}: no {FUNCTION_TYPE} of that name in the template")
