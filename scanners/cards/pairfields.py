"""The name a name/value pair gives its value, the two written as fields of one record: ``name: value`` as the
formats that cannot use a variable's name as a key write it.

- a Kubernetes container's ``env`` item (``- name: CANARY_CARD_0_CVV`` then ``value: "685"``), any YAML block
  mapping with a ``name`` (or ``key``) member beside its ``value`` (``yamlmaps``);
- an ECS task definition's ``environment`` object (``{"name": "SMOKE_CARD_0_CVV", "value": "174"}``, pretty-printed
  on lines of their own), CloudFormation's ``ParameterKey``/``ParameterValue``, Postman's ``key``/``value``: JSON;
- a Terraform block's arguments (``resource "aws_ssm_parameter" … { name = "/payments/smoke/card0/cvv"``, then
  ``value = "616"``): HCL, the name anywhere in the block, which no other block's brace opens or closes between;
- an element's attributes (Liquibase's ``<column name="merchant_ref" value="…"/>``, an ``<input name= value=>``).

``pair_name(text, at)`` is the name for the value starting at ``at`` (past its opening quote), or None when the
value's key is no value field of such a pair. The name is returned as written (``/payments/smoke/card0/cvv``).
"""

from __future__ import annotations

import re

from scanners.cards.yamlmaps import mapping, walk_lines

# The value's field right before it: ``value: "``, ``"value": "``, ``value = "``, ``value="`` (an attribute)
_FIELD = (
    r"""(?<![\w.-])(?P<q>\\?["']?)(?P<key>[Vv]alue|VALUE|[Pp]arameter[Vv]alue|value[A-Z][a-z]{2,8})(?P=q)"""
    r"""[ \t]*(?P<sep>[:=])[ \t]*\\?["']?"""
)
_VALUE_FIELD = re.compile(_FIELD + "$")
VALUE_FIELD_START = re.compile(_FIELD + "(?=[0-9])")  # where a value that starts with a digit follows
_NAMES = "[Nn]ame|NAME|[Kk]ey|KEY|[Pp]arameter[Kk]ey"
_PAIR_NAME = r"""(?P<name>[A-Za-z_/][\w./ -]{0,63})"""
# a JSON object's name member before the value member (no object opens or closes between)
_JSON_NAME = re.compile(rf"""\\?"(?:{_NAMES})\\?"[ \t]*:[ \t\r\n]*\\?"{_PAIR_NAME}\\?"[^{{}}]{{0,120}}$""")
_ATTRIBUTE_NAME = re.compile(rf"""\s(?:name|NAME|Name)[ \t]*=[ \t]*["']{_PAIR_NAME}["']""")
_HCL_NAME = re.compile(rf"""[ \t]*(?:name|key)[ \t]*=[ \t]*"{_PAIR_NAME}"[ \t]*\r?$""")
_YAML_NAMES = frozenset({"name", "key", "parameterkey"})
_YAML_VALUE = re.compile(r""":[ \t]*(?P<q>["']?)(?P<v>[^"'#\r\n]{1,64}?)(?P=q)[ \t]*,?\r?$""", re.MULTILINE)
_REACH = 400  # how far back an element's tag or a JSON name member is looked for
_HCL_LINES = 12


def pair_name(text: str, at: int) -> str | None:
    """The name the pair's name field gives the value starting at ``at`` (see the module doc), or None."""
    line_start = text.rfind("\n", 0, at) + 1
    field = _VALUE_FIELD.search(text, max(line_start, at - 48), at)
    if field is None:
        return None
    key_at, bare = field.start("key") - len(field["q"]), not text[line_start : field.start()].strip(" \t-")
    if field["sep"] == ":" and field["q"] and (m := _JSON_NAME.search(text, max(0, key_at - _REACH), key_at)):
        return m["name"]
    if field["sep"] == ":" and bare:
        return _yaml_name(text, field.start("key") - len(field["q"]))
    if field["sep"] != "=" or field["q"]:
        return None
    if bare:
        return _hcl_name(text, line_start)
    tag = text.rfind("<", max(0, key_at - _REACH), key_at)
    if tag >= 0 and ">" not in text[tag:key_at]:
        end = text.find(">", at, at + _REACH)
        m = _ATTRIBUTE_NAME.search(text, tag, end if end >= 0 else at)
        return None if m is None else m["name"]
    return None


def _yaml_name(text: str, key_at: int) -> str | None:
    found = mapping(text, key_at)
    for line in [] if found is None else found[1]:
        if line["key"].strip("\"'").lower() in _YAML_NAMES:
            m = _YAML_VALUE.match(text, line.end("key") + (1 if line["key"][-1:] in "\"'" else 0))
            return None if m is None else m["v"].strip()
    return None


def _hcl_name(text: str, line_start: int) -> str | None:
    """The ``name = "…"`` argument of the block whose argument line starts at ``line_start``."""
    for step in (-1, 1):
        for _, row in walk_lines(text, line_start, step, _HCL_LINES):
            if (m := _HCL_NAME.fullmatch(row)) is not None:
                return m["name"]
            if "{" in row or "}" in row:
                break  # the block's first or last line
    return None
