"""Which inputs of a Connect flow capture card data, decided from the flow itself.

A ``GetParticipantInput`` (or the legacy ``StoreUserInput``) captures card data when all of these hold:

1. it stores the input (``StoreInput: "True"``): without it Connect takes one key, a menu choice, so such an
   input is card data only when its prompt asks the caller to enter a card number, expiry or security code (a
   misbuilt capture, reported by PCI-ENCRYPT); "to pay by card, press 1" is a menu;
2. it is not a phone-number capture (``InputValidation.PhoneNumberValidation``): Connect does not allow
   encryption there and a callback number is not card data;
3. at least one sign says card: its prompt text asks for a card number, expiry or security code; the stored value
   is copied into an attribute or Lambda parameter whose name says card, PAN, expiry or CVV before the next
   stored input; or the flow author encrypted it (``InputEncryption``) and its ``MaximumLength`` fits a card field
   (3-4 for a security code or expiry, 12-19 for a card number). Length alone is not a sign: account numbers and
   PINs share those lengths.

``field_of`` names which card field a capture is (``pan``, ``expiry``, ``cvv`` or ``card``), used to tell a
security code (sensitive authentication data, never kept after authorisation, not even encrypted) from the rest.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from typing import Any

INPUT_TYPES = frozenset({"GetParticipantInput", "StoreUserInput"})
_PAN = re.compile(r"card\s*number|credit\s*card|debit\s*card|long\s*number|\bpan\b|cardnum|card_?number", re.I)
_EXPIRY = re.compile(r"expir|exp\.?\s*date|exp_?date|valid\s*(?:until|thru)", re.I)
_CVV = re.compile(r"security\s*code|\bcv[cv2]\b|\bcsc\b|three\s*digit\s*code|cvv|cvc|card_?code|verification", re.I)
_KEY_PAN = re.compile(r"card.?num|\bpan\b|credit.?card|creditcard|cardnumber|debit.?card", re.I)
_KEY_EXPIRY = re.compile(r"expir|exp.?date", re.I)
_KEY_CVV = re.compile(r"cvv|cvc|cv2|security.?code|csc", re.I)
_ASK = re.compile(
    r"\b(?:enter|type|key\s*in|input|dial)\b[^.]{0,60}?"
    r"(?:card\s*number|expir|security\s*code|\bcv[cv2]\b|\bcsc\b)",
    re.I,
)
_STORED = "$.StoredCustomerInput"


def is_true(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def prompt_text(params: Mapping[str, Any]) -> str:
    return " ".join(str(params.get(k) or "") for k in ("Text", "SSML"))


def stores_input(action: Mapping[str, Any]) -> bool:
    params = action.get("Parameters") or {}
    return action.get("Type") in INPUT_TYPES and (
        action.get("Type") == "StoreUserInput" or is_true(params.get("StoreInput"))
    )


def is_phone_capture(action: Mapping[str, Any]) -> bool:
    validation = (action.get("Parameters") or {}).get("InputValidation") or {}
    return isinstance(validation, Mapping) and "PhoneNumberValidation" in validation


def max_length(params: Mapping[str, Any]) -> int | None:
    custom = (params.get("InputValidation") or {}).get("CustomValidation") or {}
    raw = str(custom.get("MaximumLength") or params.get("MaxDigits") or "")
    return int(raw) if raw.isdigit() else None


def _field_from(text: str, pan: re.Pattern[str], expiry: re.Pattern[str], cvv: re.Pattern[str]) -> str | None:
    if cvv.search(text):
        return "cvv"
    if expiry.search(text):
        return "expiry"
    if pan.search(text):
        return "pan"
    return None


def _copied_to(flow_actions: Mapping[str, Mapping[str, Any]], start: str) -> list[str]:
    """Names the stored value is copied into, following the flow until the next stored input."""
    names: list[str] = []
    seen: set[str] = set()
    queue: deque[str] = deque(_next_ids(flow_actions.get(start) or {}))
    while queue:
        ident = queue.popleft()
        if ident in seen or ident not in flow_actions:
            continue
        seen.add(ident)
        action = flow_actions[ident]
        if stores_input(action):
            continue
        params = action.get("Parameters") or {}
        for table in ("Attributes", "FlowAttributes", "LambdaInvocationAttributes"):
            for key, value in (params.get(table) or {}).items():
                text = value.get("Value") if isinstance(value, Mapping) else value
                if isinstance(text, str) and _STORED in text:
                    names.append(str(key))
        queue.extend(_next_ids(action))
    return names


def _next_ids(action: Mapping[str, Any]) -> list[str]:
    tr = action.get("Transitions") or {}
    out = [str(tr["NextAction"])] if tr.get("NextAction") else []
    out += [str(e["NextAction"]) for e in tr.get("Errors") or [] if isinstance(e, Mapping) and e.get("NextAction")]
    out += [str(c["NextAction"]) for c in tr.get("Conditions") or [] if isinstance(c, Mapping) and c.get("NextAction")]
    return out


def field_of(flow_actions: Mapping[str, Mapping[str, Any]], ident: str) -> str | None:
    """The card field an input captures (``pan``/``expiry``/``cvv``/``card``), or None when it is not card data."""
    action = flow_actions.get(ident) or {}
    if action.get("Type") not in INPUT_TYPES or is_phone_capture(action):
        return None
    params = action.get("Parameters") or {}
    text = prompt_text(params)
    by_prompt = _field_from(text, _PAN, _EXPIRY, _CVV)
    if not stores_input(action):  # a menu, unless its prompt asks the caller to key in card details
        return by_prompt if _ASK.search(text) else None
    if by_prompt:
        return by_prompt
    for name in _copied_to(flow_actions, ident):
        by_name = _field_from(name, _KEY_PAN, _KEY_EXPIRY, _KEY_CVV)
        if by_name:
            return by_name
    length = max_length(params)
    if isinstance(params.get("InputEncryption"), Mapping) and length is not None:
        if 12 <= length <= 19:
            return "pan"
        if 3 <= length <= 4:
            return "card"
    return None
