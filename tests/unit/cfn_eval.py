"""Just enough CloudFormation to evaluate IAM resource lists in tests: Ref, Sub, Join, Split, Select, GetAtt,
If, Equals, Not and conditions, with parameter values given by the test. Resources resolve to ``<LogicalId>`` (Ref)
or ``<LogicalId.Attribute>`` (GetAtt); pseudo parameters to ``<AWS::Name>``; ``AWS::NoValue`` to None."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SUB = re.compile(r"\$\{([^}!]+)\}")


class Evaluator:
    def __init__(self, template: Mapping[str, Any], parameters: Mapping[str, Any]) -> None:
        self.template = template
        defaults = {k: v.get("Default") for k, v in template.get("Parameters", {}).items()}
        for name, spec in template.get("Parameters", {}).items():
            if spec.get("Type") == "CommaDelimitedList" and isinstance(defaults[name], str):
                defaults[name] = defaults[name].split(",")
        self.parameters = {**defaults, **parameters}

    def ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return None
        if name in self.parameters:
            return self.parameters[name]
        return f"<{name}>"

    def condition(self, name: str) -> bool:
        return bool(self.eval(self.template["Conditions"][name]))

    def _sub(self, text: str, variables: Mapping[str, Any]) -> str:
        def value(m: re.Match[str]) -> str:
            key = m.group(1)
            if key in variables:
                return str(variables[key])
            if "." in key and key.split(".")[0] in self.template["Resources"]:
                return f"<{key}>"
            return str(self.ref(key))

        return _SUB.sub(value, text)

    def eval(self, node: Any) -> Any:
        if isinstance(node, list):
            return [v for v in (self.eval(x) for x in node) if v is not None]
        if not isinstance(node, dict):
            return node
        if len(node) != 1:
            return {k: v for k, v in ((k, self.eval(v)) for k, v in node.items()) if v is not None}
        (fn, arg), = node.items()
        if fn == "Ref":
            return self.ref(arg)
        if fn == "Fn::GetAtt":
            return f"<{'.'.join(arg)}>"
        if fn == "Fn::Sub":
            if isinstance(arg, str):
                return self._sub(arg, {})
            return self._sub(arg[0], {k: self.eval(v) for k, v in arg[1].items()})
        if fn == "Fn::Join":
            return arg[0].join(str(x) for x in self.eval(arg[1]))
        if fn == "Fn::Split":
            return str(self.eval(arg[1])).split(arg[0])
        if fn == "Fn::Select":
            return self.eval(arg[1])[int(self.eval(arg[0]))]
        if fn == "Fn::If":
            return self.eval(arg[1] if self.condition(arg[0]) else arg[2])
        if fn == "Fn::Equals":
            return self.eval(arg[0]) == self.eval(arg[1])
        if fn == "Fn::Not":
            return not self.eval(arg[0])
        if fn == "Condition":
            return self.condition(arg)
        return {fn: self.eval(arg)}
