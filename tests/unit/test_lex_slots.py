"""Issue 11: Lex V2 slot values named by their slot across the slot's ``value`` object, as a Lambda logs its input
event or a conversation log is exported pretty-printed (``resolvedValues`` elements on lines of their own, a
multi-value slot's ``values[]``), and an expiry's month and year as slots of their own (``structure``,
``owned_dates.slot_dates``). Every case runs on both back ends; near misses stay quiet. Values are test values."""

import json
from typing import Any

import pytest

from scanners.engine.core import Backend
from tests.unit.detector_contract import found_starts, found_texts


def _slot(value: str, *resolved: str) -> dict[str, Any]:
    return {"shape": "Scalar", "value": {"originalValue": value, "interpretedValue": value,
                                         "resolvedValues": list(resolved or (value,))}}


def _event(slots: dict[str, Any], indent: int | None) -> str:
    return json.dumps({"sessionState": {"intent": {"name": "TakePayment", "slots": slots}}}, indent=indent)


def _list_slot(value: str) -> dict[str, Any]:  # a multi-value slot: shape List, each value a Scalar slot in values[]
    return {"shape": "List", "value": _slot(value)["value"], "values": [_slot(value)]}


def _parts(month: Any, year: Any, month_key: str = "exp_month", year_key: str = "expiryYear") -> str:
    return json.dumps({"level": "INFO", "extra": {"event": {"sessionState": {"intent": {"slots": {
        month_key: {"value": {"interpretedValue": month}}, year_key: {"value": {"interpretedValue": year}}}}}}}})


FOUND: list[tuple[str, str, list[tuple[str, str]]]] = [
    *((f"cvv-indent-{i}", _event({"SecurityCode": _slot("357")}, i), [("cvv", "357")] * 3) for i in (None, 2, 4)),
    *((f"expiry-indent-{i}", _event({"ExpiryDate": _slot("2031-09")}, i), [("expiry", "2031-09")] * 3)
      for i in (None, 2, 4)),
    ("expiry-two-resolved", _event({"ExpiryDate": _slot("2031-09", "2031-09", "2032-09")}, 2),
     [("expiry", "2031-09")] * 3),
    *((f"cvv-list-{i}", _event({"Cvv": _list_slot("4821")}, i), [("cvv", "4821")] * 6) for i in (None, 2)),
    *((f"expiry-said-{i}", _event({"ExpiryDate": {"value": {"interpretedValue": v}}}, i), [("expiry", v)])
      for i in (None, 8) for v in ("November 2032", "04 / 29", "Nov. 2030")),
    # the code said digit by digit: Lex writes the spoken form as originalValue, the slot names it as it names the rest
    *((f"cvv-said-spaced-{i}", _event({"SecurityCode": {"value": {"originalValue": "7 6 0", "interpretedValue": "760"}}
                                       }, i), [("cvv", "7 6 0"), ("cvv", "760")]) for i in (None, 4)),
    ("month-year-slots", _parts("8", 2027), [("expiry", "2027")]),
    ("month-year-slots-ints", _parts(11, "2030", "expiryMonth", "exp_year"), [("expiry", "2030")]),
    ("year-month-slots", '{"slots": {"expYear": {"value": {"interpretedValue": "2029"}}, '
     '"expMonth": {"value": {"interpretedValue": "3"}}}}', [("expiry", "2029")]),
    ("month-year-slots-pretty", json.dumps(json.loads(_parts("8", 2027)), indent=2), [("expiry", "2027")]),
]

QUIET: list[tuple[str, str]] = [
    ("other-slot-indent-2", _event({"OrderNumber": _slot("357")}, 2)),
    ("other-slot-said-spaced", _event({"OrderNumber": {"value": {"originalValue": "7 6 0"}}}, 4)),
    ("other-list-slot", _event({"Quantity": _list_slot("125")}, 2)),
    ("date-slot", _event({"DeliveryDate": _slot("2031-09")}, 2)),
    ("date-words-slot", _event({"DeliveryDate": {"value": {"interpretedValue": "November 2032"}}}, 8)),
    ("amount-words-slot", _event({"Amount": {"value": {"originalValue": "twelve 12"}}}, 8)),
    ("month-without-year", _parts("8", "blue", "exp_month", "color")),
    ("month-and-birth-year", _parts("8", 1987, "exp_month", "birthYear")),
    ("not-siblings", json.dumps({"a": {"exp_month": {"value": {"interpretedValue": "8"}}},
                                 "b": {"c": {"expiryYear": {"value": {"interpretedValue": 2027}}}}})),
    ("values-array-of-scalars", json.dumps({"items": [{"value": "123"}], "values": [{"value": "4821"}]}, indent=2)),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in FOUND])
def test_found(backend: Backend, text: str, expected: list[tuple[str, str]]) -> None:
    assert found_texts(backend, text) == sorted(expected)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in QUIET])
def test_quiet(backend: Backend, text: str) -> None:
    assert found_starts(backend, text) == []
