"""Form fields named as a card's expiry or security code (for ``detectors.field_values``): the WHATWG autofill tokens
``cc-exp`` and ``cc-csc``, a test selector's name (``#cc-exp``, ``[name=cvc]``), and the whole value such a field
holds: a month and year (``07 / 32``, ``06/2028``) for an expiry, 3 or 4 digits for a code."""

from __future__ import annotations

import re

from scanners.engine.finding import Span

AUTOFILL = r"""[Aa]uto[Cc]omplete=["']cc-(exp|csc)["']"""
AUTOFILL_RX = re.compile(AUTOFILL)
REACH = 300  # the longest run of an element's attributes before its autofill token or between it and its value
ATTR_VALUE = re.compile(r"""(?<![\w-])value=(["'])([^"'<>\n]{1,16})\1""")
TYPED = re.compile(r"(?<![\w-])type[ \t]+([#.\[][^,\n]{0,80}), ([0-9][0-9 /-]{1,8}[0-9])[ \t]*\r?$", re.M)
_CODE_NAME = re.compile(r"cv[cv2n]|csc|security[-_]?code")
_EXPIRY_NAME = re.compile(r"exp(?:iry|iration|ires)?(?:[-_]?date)?(?![a-z])")
_PART_NAME = re.compile(r"month|year|mm|yy")  # one part of an expiry: not a date on its own
_DATE = re.compile(r"(0[1-9]|1[0-2]) ?[/-]? ?(20[0-9]{2}|[0-9]{2})")
_CODE = re.compile(r"[0-9]{3,4}")


def given(kind: str, text: str, s: int, e: int, detector: str) -> Span | None:
    """The span of ``text[s:e]`` as the ``kind`` ("exp" or "csc") it is given as, or None when it is not one."""
    if kind == "csc":
        return Span(s, e, "cvv", detector, text[s:e]) if _CODE.fullmatch(text, s, e) else None
    date = _DATE.fullmatch(text, s, e)
    return Span(s, e, "expiry", detector, f"{date[1]}/{date[2][-2:]}") if date else None


def selector_kind(selector: str) -> str | None:
    """"csc" or "exp" for a selector naming a code or an expiry field; None for any other (a month or year only)."""
    name = selector.lower()
    kind = "csc" if _CODE_NAME.search(name) else "exp" if _EXPIRY_NAME.search(name) else None
    return None if kind == "exp" and _PART_NAME.search(name) else kind
