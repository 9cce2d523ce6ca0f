"""CloudFormation and SAM template parameters' defaults, read under the parameter's name: in

    Parameters:
      SmokeTestCardExpiry:
        Type: String
        NoEcho: true
        Default: '06/28'

the value's meaning is its parameter's logical name, lines above it; the ``Default:`` line reads
``SmokeTestCardExpiry: '06/28'``. The structure is the template's own (the CloudFormation template anatomy:
``Parameters`` maps each logical id to its properties, ``Type``, ``Default``, ``NoEcho``...):
- YAML: the ``Default:`` line's parent is the nearest line above indented less (``Name:``), and that one's parent,
  indented less again, is ``Parameters:``;
- JSON: the ``"Default"`` member's object is the value of ``"Name": {``, itself a member of ``"Parameters": {``.
A default that is not a parameter's (a ``Default`` elsewhere: a Step Functions ``Choice`` state, a Helm chart) is not
read. Each such ``Default`` is one segment: its line, with ``Default`` replaced by the parameter's name.

Limits: a line longer than ``max_segment`` characters is skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import opening_brace
from scanners.decoders._common import BoundedDecoder, trigger_lines
from scanners.detectors.base import Decoded

TRIGGERS = (r"""^[ \t]+Default:[ \t]*[^ \t\r\n]""", r""""Default"[ \t]*:[ \t]*[^ \t\r\n]""")
_TRIGGER = re.compile("|".join(TRIGGERS), re.MULTILINE)
_NAME = r"[A-Za-z0-9]{1,255}"  # a logical id is alphanumeric
_YAML_KEY = re.compile(rf"""(?P<indent>[ \t]*)(?P<q>["']?)(?P<name>{_NAME}|Parameters)(?P=q):[ \t]*(?:#.*)?\r?""")
_JSON_KEY = re.compile(rf'"(?P<name>{_NAME})"[ \t\r\n]*:[ \t\r\n]*$')
REACH = 4096  # how far up a parameter's name and the ``Parameters`` key are looked for


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _yaml_parent(text: str, line_start: int, indent: int, floor: int) -> tuple[int, str] | None:
    """The nearest line above ``line_start`` indented less than ``indent``: (its start, its key), or None when it is
    no bare key line (a key with a value, a list item)."""
    at = line_start
    while at > floor:
        start = text.rfind("\n", floor, at - 1) + 1 or floor
        line = text[start : at - 1]
        at = start
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _width(line) < indent:
            m = _YAML_KEY.fullmatch(line)
            return None if m is None else (start, m["name"])
    return None


def yaml_parameter(text: str, line_start: int) -> str | None:
    """The logical name of the parameter whose ``Default:`` line starts at ``line_start``, or None."""
    floor = max(0, line_start - REACH)
    end = text.find("\n", line_start)
    indent = _width(text[line_start : end if end >= 0 else len(text)])
    parent = _yaml_parent(text, line_start, indent, floor)
    if parent is None or parent[1] == "Parameters":
        return None
    start, name = parent
    grand = _yaml_parent(text, start, _width(text[start : text.find("\n", start)]), floor)
    return name if grand is not None and grand[1] == "Parameters" else None


def json_parameter(text: str, at: int) -> str | None:
    """The logical name of the parameter whose ``"Default"`` member starts at ``at``, or None."""
    brace = opening_brace(text, at, REACH)
    if brace < 0:
        return None
    m = _JSON_KEY.search(text, max(0, brace - 300), brace)
    if m is None or m["name"] == "Parameters":
        return None
    outer = opening_brace(text, m.start(), REACH)
    if outer < 0:
        return None
    grand = _JSON_KEY.search(text, max(0, outer - 300), outer)
    return m["name"] if grand is not None and grand["name"] == "Parameters" else None


class CfnParamsDecoder(BoundedDecoder):
    id = "cfn_params"
    priority = 34
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            line = text[s:e]
            json_at = line.find('"Default"')
            if json_at >= 0:
                name = json_parameter(text, s + json_at)
                decoded = None if name is None else line.replace('"Default"', f'"{name}"', 1)
            else:
                name = yaml_parameter(text, s)
                decoded = None if name is None else line.replace("Default", name, 1)
            if decoded is not None:
                yield Decoded(s, e, decoded[: self.max_output], ("cfn_params",))


DECODER = CfnParamsDecoder
