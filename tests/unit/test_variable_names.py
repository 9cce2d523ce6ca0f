"""Values an IVR platform writes beside their variable's name rather than under a key: Zoom Contact Center's
engagement variables (``{"variable_name": "global_custom.card_cvv", "variable_value": "734"}``, the members sharing a
prefix) and FreeSWITCH's dialplan ``set`` (``SET sofia/… [order_id]=[4…]``). A card name keeps its value a finding;
an id's name (an order, a CRM account) keeps a Luhn-valid number quiet."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import is_pan, is_test_pan, luhn_valid
from scanners.engine.core import Engine


def luhn_number(prefix: str, length: int) -> str:
    """The first IIN-valid, Luhn-valid number of ``length`` digits after ``prefix`` that is no published test card."""
    for n in range(10 ** (length - len(prefix))):
        digits = f"{prefix}{n:0{length - len(prefix)}d}"
        if luhn_valid(digits) and is_pan(digits) and not is_test_pan(digits):
            return digits
    raise AssertionError(prefix)


VISA = luhn_number("4713330", 16)
MC = luhn_number("5420366", 16)


def _zoom(name: str, value: str, value_key: str = "variable_value") -> str:
    variables = [{"variable_name": "global_system.Consumer.phone_number", "variable_value": "+16468086812"},
                 {"variable_name": name, value_key: value}]
    return "webhook received " + json.dumps({"event": "contact_center.engagement_variable_updated",
                                             "payload": {"object": {"variables": variables}}})


def _set(var: str, value: str) -> str:
    return (f"7dd5861b-6c31-4b30-b781-32b5910dfaeb 2024-04-19 17:44:06.562866 [DEBUG] mod_dptools.c:1672 SET "
            f"sofia/external/13127657240@10.0.128.110 [{var}]=[{value}]")


CASES = [
    ("zoom-cvv", _zoom("global_custom.card_cvv", "734"), [("cvv", "734")]),
    ("zoom-camel-pair", _zoom("cardCvv", "734", "variableValue").replace("variable_name", "variableName"),
     [("cvv", "734")]),
    ("zoom-other", _zoom("global_custom.queue_wait", "734"), []),
    ("zoom-card", _zoom("global_custom.card_number", VISA), [("pan", VISA)]),
    ("zoom-crm-account", _zoom("global_custom.crm_account", VISA), []),
    ("zoom-order", _zoom("global_custom.order_id", MC), []),
    ("freeswitch-order", _set("order_id", VISA), []),
    ("freeswitch-card", _set("card_number", VISA), [("pan", VISA)]),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_variable_names(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text)) == sorted(found)
