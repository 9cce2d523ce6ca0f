"""Red-team round 8: card codes and dates named by the structure a Java or .NET hook, a browser console or a
speaker writes (``dump_owners``, the ``field``/``id`` sibling, a code said before its name, a card number in words
before an expiry verb). Every case runs on both back ends; near misses stay quiet. Values are test values."""

import pytest

from scanners.engine.core import Backend
from tests.unit.detector_contract import found_starts, found_texts

_JAVA = (
    "INFO com.acme.ivr.FulfillmentHandler - Received event: LexV2Event(messageVersion=1.0, sessionId=160717248912, "
    "sessionState=LexV2Event.SessionState(intent=LexV2Event.Intent(name=TakePayment, slots={{{slot}="
    "LexV2Event.Slot(shape=Scalar, value=LexV2Event.SlotValue(originalValue={value}, interpretedValue={value}, "
    "resolvedValues=[]), values=null)}}, state=InProgress)), transcriptions=[])"
)
_DOTNET = "      2025-10-17T21:58:59.339Z Slot {slot}{resolved}: {{ OriginalValue = {value} }}"

FOUND: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("java-cvv", _JAVA.format(slot="SecurityCode", value="834"), [("cvv", "834")] * 2),
    ("java-cvv-resolved", _JAVA.format(slot="Cvv", value="0421").replace("resolvedValues=[]", "resolvedValues=[0421]"),
     [("cvv", "0421")] * 3),
    ("java-expiry", _JAVA.format(slot="ExpiryDate", value="04/30"), [("expiry", "04/30")] * 2),
    ("java-expiry-iso", _JAVA.format(slot="ExpiryDate", value="2030-04"), [("expiry", "2030-04")] * 2),
    ("dotnet-cvv", _DOTNET.format(slot="CardVerificationValue", resolved="", value="853"), [("cvv", "853")]),
    ("dotnet-cvn", _DOTNET.format(slot="Cvn", resolved=" resolved", value="585"), [("cvv", "585")]),
    ("dotnet-expiry", _DOTNET.format(slot="Expiry", resolved=" resolved", value="11-29"), [("expiry", "11-29")]),
    ("dotnet-expiry-words", _DOTNET.format(slot="Expiry", resolved=" resolved", value="Jan 2031"),
     [("expiry", "Jan 2031")]),
    ("dotnet-nested", "slot = { Cvv = { OriginalValue = 4791 } }", [("cvv", "4791")]),
    ("console-expiry", 'checkout.js:515 onChange Object { field: "expiry", value: "12-30", valid: true }',
     [("expiry", "12-30")]),
    ("console-expiry-words", 'onChange Object { field: "expiry", value: "Jun 2025", valid: true }',
     [("expiry", "Jun 2025")]),
    ("console-cvc", 'onBlur Object { fieldName: "cvc", value: "123", complete: true }', [("cvv", "123")]),
    ("json-id-sibling", '{"id": "card_cvv", "value": "737"}', [("cvv", "737")]),
    ("said-before", "Customer said: 473 is the CID on the back, valid thru 03/2026",
     [("cvv", "473"), ("expiry", "03/2026")]),
    ("said-before-comma", "card 4111 1111 1111 1111, and it's 4821, the security code",
     [("pan", "4111 1111 1111 1111"), ("cvv", "4821")]),
    ("spelled-card-then-expires",
     "Customer said: it's four one one one one one one one one one one one one one one one, expires June 2030",
     [("pan", "four one one one one one one one one one one one one one one one"), ("expiry", "June 2030")]),
]

QUIET: list[tuple[str, str]] = [
    ("java-amount", "Order(orderId=123, amount=Amount(value=250, currency=USD), status=PAID)"),
    ("java-other-slot", _JAVA.format(slot="Quantity", value="125")),
    ("java-date-slot", _JAVA.format(slot="DeliveryDate", value="04/30")),
    ("dotnet-other-slots", "Slot Quantity: { OriginalValue = 125 } ; Slot Extension: { OriginalValue = 0412 }"),
    ("dotnet-plain-member", "Config { Value = 300, Timeout = 1200 }"),
    ("console-zip", 'onChange Object { field: "zip", value: "12345", valid: true }'),
    ("console-quantity", 'onChange Object { field: "quantity", value: "120", valid: true }'),
    ("error-code", "Card declined: 123 is the error code"),
    ("zip-code", "card on file; 100 is the zip code"),
    ("code-before-no-card", "ok so 4821 is the security code for the alarm panel"),
    ("code-before-no-name", "123 is the answer, the code works"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=c) for c, t, e in FOUND])
def test_found(backend: Backend, text: str, expected: list[tuple[str, str]]) -> None:
    assert found_texts(backend, text) == sorted(expected)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in QUIET])
def test_quiet(backend: Backend, text: str) -> None:
    assert found_starts(backend, text) == []
