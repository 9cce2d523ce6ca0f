"""The units of an IVR's collection of a card number a few digits at a time, for ``_units``: one input a record.

- Amazon Lex V2 conversation logs (text logs in CloudWatch, one JSON record a turn: ``sessionId``, ``inputTranscript``,
  ``sessionState.dialogAction.slotToElicit``, ``sessionState.intent.slots.<Slot>.value.originalValue`` /
  ``interpretedValue``): a bot that takes the card number in parts elicits its card slot again for each part, and
  each turn's record holds the part the caller said. A turn's part is the card slot's value when that slot is the
  one being elicited or the caller said the value in this turn (a slot filled earlier rides along in every later
  record's session state: not said again);
- Amazon Connect flow logs (one JSON record a block: ``ContactId``, ``ContactFlowModuleType`` ``StoreUserInput`` /
  ``GetUserInput``, ``Parameters.Text`` the prompt, the keyed digits in ``Parameters.CustomerInput``,
  ``ExternalResults.StoredCustomerInput`` or ``Results``): a flow that takes the card in parts has one input block
  per part, each prompting for the card number's digits.

A part is digits only (spaces and dashes between groups): a masked or spoken value is none. The stream is the session
and its card slot, or the contact: parts of two sessions or contacts are never joined, nor an order or account
number slot's or prompt's digits with a card's. The joined parts follow what names them (the slot's name, the
block's prompt), as a whole number stands in its record, and are judged as any written number is (IIN range, length,
Luhn; a twelve-digit one only where a card number is named).
"""

from __future__ import annotations

import re
from typing import Any

_CARD_SLOT = re.compile(  # a slot's name, lower case with separators dropped: ``CardNumber``, ``cc_num``, ``PAN``
    r"(?:credit|debit|payment)?card(?:number|num|no|nr|digits)?(?:part|chunk|group|piece)?[0-9]?"
    r"|cc(?:number|num|no)?(?:part|chunk|group|piece)?[0-9]?|pan")
_CARD_PROMPT = re.compile(  # a prompt for the card number's digits (not its last four, code or date)
    r"(?i)\bcard(?:'s)?\s+(?:number|no\b|digits)|\bdigits\s+(?:of|on|from)\s+(?:your|the)\s+"
    r"(?:credit\s+|debit\s+|payment\s+)?card\b")
_NOT_NUMBER = re.compile(r"(?i)last\s+(?:four|4)\b|security|cvv|cvc|expir|\bpin\b")
_PART = re.compile(r"[ -]*[0-9][0-9 -]*")
_INPUT_BLOCK = re.compile(r"(?:Get|Store)(?:User|Customer|Participant)Input")


def _at(record: Any, *path: str) -> Any:
    for key in path:
        record = record.get(key) if isinstance(record, dict) else None
    return record


def _part(value: Any) -> str | None:
    return value if isinstance(value, str) and _PART.fullmatch(value) is not None else None


def lex_turn(obj: dict[str, Any]) -> tuple[str, str | None, str]:
    """A Lex V2 turn's stream (session and card slot), the part of the card number said in it (or None) and the
    slot's name as the part's head."""
    session = str(obj.get("sessionId"))
    slots = _at(obj, "sessionState", "intent", "slots")
    elicit = _at(obj, "sessionState", "dialogAction", "slotToElicit")
    said = obj.get("inputTranscript")
    said = re.sub(r"[^0-9]", "", said) if isinstance(said, str) else ""
    for name, slot in slots.items() if isinstance(slots, dict) else ():
        if not isinstance(name, str) or _CARD_SLOT.fullmatch(re.sub(r"[\W_]", "", name.lower())) is None:
            continue
        value = _at(slot, "value")
        part = _part(_at(value, "interpretedValue")) or _part(_at(value, "originalValue"))
        if part and (name == elicit or (said and re.sub(r"[^0-9]", "", part) == said)):
            return f"{session}|{name}", part, f"{name}: "
    return session, None, ""


def flow_block(obj: dict[str, Any]) -> tuple[str, str | None, str]:
    """A Connect flow-log record's stream (its contact), the card number's part its input block took (or None) and
    the block's prompt as the part's head."""
    contact = str(obj.get("ContactId"))
    kind, params = obj.get("ContactFlowModuleType"), obj.get("Parameters")
    if not isinstance(kind, str) or _INPUT_BLOCK.fullmatch(kind) is None or not isinstance(params, dict):
        return contact, None, ""
    prompt = " ".join(p for k in ("Text", "TextToSpeech", "SSML") if isinstance(p := params.get(k), str))
    if _CARD_PROMPT.search(prompt) is None or _NOT_NUMBER.search(prompt) is not None:
        return contact, None, ""
    part = (_part(params.get("CustomerInput")) or _part(_at(obj, "ExternalResults", "StoredCustomerInput"))
            or _part(obj.get("Results")))
    return contact, part, f"{prompt}: " if part else ""
