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
read. The ``Parameters`` block (YAML: its line and the lines indented under it; JSON: its object) is one segment,
decoded line for line as written but with each parameter's ``Default`` key replaced by the parameter's name: a
value is reported on its line, and the record's detectors see the parameters together as they were written (a
masked card's default beside an expiry's).

Limits: a block longer than ``max_segment`` characters is skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import enclosing_object, opening_brace
from scanners.decoders._common import BoundedDecoder, capped, over_limit, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"""^[ \t]+Default:[ \t]*[^ \t\r\n]""", r""""Default"[ \t]*:[ \t]*[^ \t\r\n]""")
_TRIGGER = re.compile("|".join(TRIGGERS), re.MULTILINE)
_NAME = r"[A-Za-z0-9]{1,255}"  # a logical id is alphanumeric
_YAML_KEY = lazy_compile(rf"""(?P<indent>[ \t]*)(?P<q>["']?)(?P<name>{_NAME}|Parameters)(?P=q):[ \t]*(?:#.*)?\r?""")
_JSON_KEY = lazy_compile(rf'"(?P<name>{_NAME})"[ \t\r\n]*:[ \t\r\n]*$')
_YAML_DEFAULT = lazy_compile(r"^[ \t]+(?P<key>Default):", re.MULTILINE)
_JSON_DEFAULT = lazy_compile(r'(?P<key>"Default")[ \t]*:')
# A logical id is alphanumeric, so a numbered parameter's index is glued to its name (``SmokeCardCvv0``): written
# after a ``_`` (``SmokeCardCvv_0``), it reads as an index, as ``TEST_CARD_CVV_0`` does, not as part of the word
_GLUED_INDEX = re.compile(r"(?<=[A-Za-z])(?=[0-9]{1,2}$)")
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


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def yaml_parameter(text: str, line_start: int) -> tuple[str, int] | None:
    """The logical name of the parameter whose ``Default:`` line starts at ``line_start``, with where the
    ``Parameters:`` line starts; or None."""
    floor = max(0, line_start - REACH)
    parent = _yaml_parent(text, line_start, _width(text[line_start : _line_end(text, line_start)]), floor)
    if parent is None or parent[1] == "Parameters":
        return None
    start, name = parent
    grand = _yaml_parent(text, start, _width(text[start : _line_end(text, start)]), floor)
    return (name, grand[0]) if grand is not None and grand[1] == "Parameters" else None


def yaml_block(text: str, head: int) -> tuple[int, int]:
    """The ``Parameters:`` block whose line starts at ``head``: to the last line indented further below it."""
    indent = _width(text[head : _line_end(text, head)])
    end = at = _line_end(text, head)
    while at < len(text) and at - head < REACH * 4:
        stop = _line_end(text, at + 1)
        line = text[at + 1 : stop]
        if line.strip() and not line.lstrip().startswith("#"):
            if _width(line) <= indent:
                break
            end = stop
        at = stop
    return head, end


def json_parameter(text: str, at: int) -> tuple[str, int] | None:
    """The logical name of the parameter whose ``"Default"`` member starts at ``at``, with where the
    ``"Parameters"`` object opens; or None."""
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
    return (m["name"], outer) if grand is not None and grand["name"] == "Parameters" else None


class CfnParamsDecoder(BoundedDecoder):
    id = "cfn_params"
    priority = 34
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            json_at = text.find('"Default"', s, e)
            if json_at >= 0:
                found = json_parameter(text, json_at)
                bounds = None if found is None else enclosing_object(text, found[1] + 1, reach=REACH * 4)
            else:
                found = yaml_parameter(text, s)
                bounds = None if found is None else yaml_block(text, found[1])
            if bounds is None:
                continue
            lo, hi = text.rfind("\n", 0, bounds[0]) + 1, _line_end(text, bounds[1] - 1)
            if over_limit(hi - lo, self.max_segment):
                continue
            if (got := self._block(text, lo, hi, json_at >= 0)) is not None:
                yield got

    def _block(self, text: str, lo: int, hi: int, json_form: bool) -> Decoded | None:
        """The ``Parameters`` block ``text[lo:hi]`` with each parameter's ``Default`` key written as its name."""
        out, at, changed = [], lo, False
        for m in (_JSON_DEFAULT if json_form else _YAML_DEFAULT).finditer(text, lo, hi):
            found = json_parameter(text, m.start()) if json_form else yaml_parameter(text, m.start())
            if found is None:
                continue
            name = _GLUED_INDEX.sub("_", found[0])
            out += [text[at : m.start("key")], f'"{name}"' if json_form else name]
            at, changed = m.end("key"), True
        if not changed:
            return None
        out.append(text[at:hi])
        return Decoded(lo, hi, capped("".join(out), self.max_output), ("cfn_params",), lines=True)


DECODER = CfnParamsDecoder
