"""stream_units on an IVR's collection of a card number in parts (``decoders._ivr_units``): Lex V2 conversation-log
turns of one session eliciting the card slot again for each part, Connect flow-log input blocks of one contact each
prompting for the card number's digits. The parts are joined and the number is found on the first part's line; the
near misses stay quiet: parts of two sessions or contacts, an order number's slot or prompt, parts that join into no
card, a masked value, a slot filled earlier riding along in later turns."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from scanners.engine.core import Backend, Engine
from tests.unit.cardvalues import luhn_id

V16 = luhn_id("492906", 16)
A15 = luhn_id("378282", 15)
M12 = luhn_id("675973", 12)  # a 12-digit Maestro number: reported only where a card number is named
U19 = luhn_id("621244", 19)
JOINS = luhn_id("601118", 16)  # the two halves of this one stand in two sessions / contacts below


def lex(session: str, part: str, slot: str = "CardNumber", elicit: str | None = "CardNumber",
        said: str | None = None) -> str:
    """A Lex V2 conversation-log turn whose ``slot`` holds ``part`` and that elicits ``elicit`` next."""
    state: dict[str, object] = {"intent": {"name": "MakePayment", "slots": {
        slot: {"value": {"originalValue": part, "interpretedValue": part, "resolvedValues": []}, "shape": "Scalar"},
        "Amount": {"value": {"originalValue": "508 dollars", "interpretedValue": "508", "resolvedValues": []}}},
        "state": "InProgress", "confirmationState": "None"}, "originatingRequestId": "f214b7ce-3bcf-4fa5"}
    if elicit:
        state["dialogAction"] = {"type": "ElicitSlot", "slotToElicit": elicit}
    return json.dumps({"timestamp": "2026-12-06T12:10:03.217Z", "messageVersion": "2.0", "bot": {
        "name": "PaymentBot", "version": "3", "localeId": "en_US", "id": "ANSG70DQS8", "aliasId": "TSTALIASID"},
        "messages": [{"content": "Please say the next digits of your card.", "contentType": "PlainText"}],
        "sessionState": state, "inputMode": "Speech", "requestId": "9b044fb7-bb2c-4f86-9297-4b402eb0f530",
        "sessionId": session, "inputTranscript": part if said is None else said,
        "interpretations": [{"nluConfidence": 0.21, "intent": {"name": "MakePayment"}}]})


def flow(contact: str, part: str, prompt: str = "Please enter the first digits of your card number",
         kind: str = "StoreUserInput") -> str:
    """A Connect flow-log record of an input block that took ``part`` at ``prompt``."""
    return json.dumps({"ContactId": contact, "ContactFlowId": "arn:aws:connect:us-east-1:133641260902:instance/"
                       "4f853a6c/contact-flow/bc73151d", "ContactFlowName": "Payments IVR",
                       "ContactFlowModuleType": kind, "Identifier": "f47d810d-3724-4386-bc3a-fdaf9879a5d9",
                       "Timestamp": "2026-12-07T06:24:48.719Z", "Parameters": {
                           "Text": prompt, "CustomerInput": part, "Timeout": "10", "MaxDigits": "8"},
                       "ExternalResults": {"StoredCustomerInput": part}})


def attribute(contact: str, key: str, value: str) -> str:
    return json.dumps({"ContactId": contact, "ContactFlowModuleType": "SetAttributes",
                       "Timestamp": "2026-12-07T06:24:48.719Z", "Parameters": {"Key": key, "Value": value}})


NEXT = "Please enter the remaining digits of your card number"
S1, S2 = "6a18434e-ad98-431a-ac2b-05add544eb0e", "2866956468"
Case = tuple[Callable[[], list[str]], set[tuple[str, int, str]]]
POSITIVES: dict[str, Case] = {
    "lex-two-turns": (lambda: [lex(S1, V16[:12]), lex(S1, V16[12:])], {("pan", 0, V16)}),
    "lex-three-turns-grouped": (lambda: [lex(S1, f"{U19[:4]} {U19[4:8]} {U19[8:10]}"),
                                         lex(S1, f"{U19[10:12]} {U19[12:16]} "), lex(S1, U19[16:], elicit="Expiry")],
                                {("pan", 0, U19)}),
    "lex-said-without-elicit": (lambda: [lex(S1, A15[:4]), lex(S1, A15[4:], elicit=None)], {("pan", 0, A15)}),
    "lex-twelve-digits": (lambda: [lex(S2, M12[:8]), lex(S2, M12[8:])], {("pan", 0, M12)}),
    "lex-sessions-interleaved": (lambda: [lex(S1, V16[:8]), lex(S2, A15[:8]), lex(S1, V16[8:]), lex(S2, A15[8:])],
                                 {("pan", 0, V16), ("pan", 1, A15)}),
    "flow-8-plus-8": (lambda: [attribute("c1", "OrderNumber", "612101666698"), flow("c1", V16[:8]),
                               flow("c1", V16[8:], NEXT), attribute("c1", "CardSecurityCode", "605")],
                      {("pan", 1, V16), ("cvv", 3, "605")}),
    "flow-twelve-digits": (lambda: [flow("c1", M12[:8]), flow("c1", M12[8:], NEXT)], {("pan", 0, M12)}),
    "flow-get-input-three-parts": (lambda: [flow("c1", U19[:8], kind="GetUserInput"),
                                            flow("c1", U19[8:16], NEXT, "GetUserInput"),
                                            flow("c1", U19[16:], "And the last digits of your card number",
                                                 "GetUserInput")], {("pan", 0, U19)}),
    "flow-whole": (lambda: [flow("c1", V16, "Please enter the 16 digits of your card number")], {("pan", 0, V16)}),
}
NEAR_MISSES: dict[str, Callable[[], list[str]]] = {
    "lex-two-sessions": lambda: [lex(S1, JOINS[:8]), lex(S2, JOINS[8:])],
    "lex-order-number-slot": lambda: [lex(S1, JOINS[:8], "OrderNumber", "OrderNumber"),
                                      lex(S1, JOINS[8:], "OrderNumber", "OrderNumber")],
    "lex-no-card": lambda: [lex(S1, V16[:8]), lex(S1, V16[8:15] + str((int(V16[15]) + 1) % 10))],
    "lex-masked": lambda: [lex(S1, "XXXX XXXX"), lex(S1, V16[8:])],
    "flow-two-contacts": lambda: [flow("c1", JOINS[:8]), flow("c2", JOINS[8:], NEXT)],
    "flow-order-prompt": lambda: [flow("c1", JOINS[:8], "Please enter your order number"),
                                  flow("c1", JOINS[8:], "Please enter the rest of your order number")],
    "flow-last-four-then-code": lambda: [flow("c1", JOINS[:8], "Please enter your account number"),
                                         flow("c1", JOINS[8:12], "Enter the last four digits of your card number"),
                                         flow("c1", JOINS[12:], "Enter the card's security code")],
    "flow-set-attributes": lambda: [attribute("c1", "OrderNumber", JOINS[:8]), attribute("c1", "Ref", JOINS[8:])],
}


def found(backend: Backend, lines: list[str]) -> set[tuple[str, int, str]]:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = "\n".join(lines) + "\n"
    return {(s.type, text.count("\n", 0, s.start), s.value) for s in Engine(backend=backend).scan_text(text)}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("case", POSITIVES)
def test_a_card_number_given_in_parts_is_found_on_its_first_part(backend: Backend, case: str) -> None:
    build, want = POSITIVES[case]
    assert found(backend, build()) == want


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("case", NEAR_MISSES)
def test_near_misses_stay_quiet(backend: Backend, case: str) -> None:
    assert {f for f in found(backend, NEAR_MISSES[case]()) if f[0] == "pan"} == set()


def test_a_slot_filled_earlier_is_not_said_again() -> None:
    """A whole number said in one turn rides along in the next turns' session state: no part of a longer number
    there, it stands where it is written."""
    lines = [lex(S1, V16, elicit="ExpirationDate"), lex(S1, V16, elicit="SecurityCode", said="10/28"),
             lex(S1, V16, elicit=None, said="341")]
    assert {f for f in found("re", lines) if f[0] == "pan"} == {("pan", i, V16) for i in range(3)}
