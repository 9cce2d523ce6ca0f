"""A name/value pair written as two fields read as ``name: value``: a Kubernetes env item (``- name:
CANARY_CARD_0_CVV`` then ``value: "685"``), an ECS task definition's environment object (``"name":
"SMOKE_CARD_0_CVV"`` then ``"value": "174"``), a Terraform block's ``name = "/payments/smoke/card0/cvv"`` and
``value = "616"``, an element's ``name=`` and ``value=`` attributes (``cards.pairfields`` reads the pair).

The value's meaning is the name field's, which no detector reads as a key (a line or more above, or a sibling that
names something else first): the lines from the name's to the value's are one segment, decoded line for line with
the value's field written as the name (``SMOKE_CARD_0_CVV: "174"``), so the detectors read the value as they read
a variable named so, on its own line. Only
a name that holds a security code's word, or an expiry's with a card's, is read (a card number needs no name).

Limits: a line longer than ``max_segment`` characters is skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.pairfields import VALUE_FIELD_START, pair_name
from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded

TRIGGERS = (
    r"""(?i:name|key)\\?["']?[ \t]*[:=][ \t]*\\?["']?[A-Za-z_/][\w./-]{0,60}(?i:cvv|cvc|cv2|cvn|csc|secur|exp)""",)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
# A security code's word names a card's code alone; an expiry's only with a card's word (``SMOKE_CARD_0_EXPIRY``; a
# WooCommerce order's ``_billing_expiry`` meta is a billing period's)
_CODE_WORD = re.compile(r"(?i)cvv|cvc|cv2|cvn|csc|secur")
_CARD_WORD = re.compile(r"(?i)card|(?<![a-z])(?:cc|pan)(?![a-z])|credit|debit")
_LINES = 6  # how many lines up and down the value's field is looked for
_SAFE = re.compile(r"[^\w./-]")


class NameValueDecoder(BoundedDecoder):
    id = "name_value"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            names = [(m.start(), m.end()) for m in _TRIGGER.finditer(text, s, e)]  # the line's name fields
            lo = s
            for _ in range(_LINES):
                lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
            hi = e
            for _ in range(_LINES):
                nl = text.find("\n", hi + 1)
                hi = len(text) if nl < 0 else nl
            for field in VALUE_FIELD_START.finditer(text, lo, hi):
                if (got := self._pair(text, field, names, s, e)) is not None:
                    yield got

    def _pair(self, text: str, field: re.Match[str], names: list[tuple[int, int]], s: int, e: int) -> Decoded | None:
        """The lines from the name's (on line ``text[s:e]``, name fields at ``names``) to the value's, the value's
        field written as the name, when the name field there names the value of ``field``."""
        at = field.end()
        name = pair_name(text, at)
        if name is None or not _own_name(text, field, names, name):
            return None
        if _CODE_WORD.search(name) is None and _CARD_WORD.search(name) is None:
            return None
        start = min(s, text.rfind("\n", 0, at) + 1)
        end = max(e, len(text) if (nl := text.find("\n", at)) < 0 else nl)
        key = name if field["sep"] != "=" or field["q"] else _SAFE.sub("_", name)
        lines = text[start : field.start("key")] + key + text[field.end("key") : end]
        return Decoded(start, end, capped(lines, self.max_output), ("name_value",), lines=True)


def _own_name(text: str, field: re.Match[str], names: list[tuple[int, int]], name: str) -> bool:
    """Whether the name field nearest the value (the last before it, else the first after it when the name comes
    second) writes ``name`` with no other name field between: records of one key (a Connect flow log's ``"Key":
    "cardExpiry"`` line after line) pair each value with its own name, not a neighbour's, whose rewritten lines
    would decode again one layer deeper for each record in reach."""
    before = [n for n in names if n[1] <= field.start()]
    if before:
        ns, ne = before[-1]
        between = _TRIGGER.search(text, ne, field.start())
    else:
        ns, ne = names[0]
        own_line = text.rfind("\n", 0, field.start()) + 1
        between = _TRIGGER.search(text, field.end(), ns) or _TRIGGER.search(text, own_line, field.start())
    return between is None and 0 <= text.find(name, ns, ne + len(name)) < ne


DECODER = NameValueDecoder
