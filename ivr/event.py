"""The Connect ContactFlowEvent as the IVR reads it, and the time budget it leaves us."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes import ConnectContactFlowEvent

from ivr.errors import EventError

CONNECT_BUDGET_S = 8.0
SAFETY_S = 0.4  # left for returning the answer to Connect
MODES = ("recording", "validate", "choice", "charge")


@dataclass(frozen=True, slots=True)
class Call:
    contact_id: str
    mode: str
    params: dict[str, str]
    attributes: dict[str, str]
    instance_id: str = ""
    initial_contact_id: str = ""

    @property
    def language(self) -> str:
        """The contact attribute ``language`` set earlier in the contact (``en-US`` when absent)."""
        return self.attributes.get("language", "").strip() or "en-US"


def parse_event(event: Any) -> Call:
    """The contact id, mode, parameters and attributes; ``EventError`` names what is missing."""
    try:
        parsed = ConnectContactFlowEvent(event)
        contact_id = str(parsed.contact_data.contact_id)
        params = {str(k): str(v) for k, v in (parsed.parameters or {}).items()}
        attributes = {str(k): str(v) for k, v in (parsed.contact_data.attributes or {}).items()}
        data = event["Details"]["ContactData"]
        instance_arn = str(data.get("InstanceARN") or "")
        initial = str(data.get("InitialContactId") or contact_id)
    except (KeyError, TypeError, AttributeError) as exc:
        raise EventError("event: expected a ContactFlowEvent with Details.ContactData and Details.Parameters") from exc
    if not valid_contact_id(contact_id):
        raise EventError("Details.ContactData.ContactId: expected a contact id (letters, digits, dashes)")
    mode = params.get("mode", "")
    if mode not in MODES:
        raise EventError("Details.Parameters.mode: expected one of " + ", ".join(MODES))
    return Call(contact_id, mode, params, attributes, instance_arn.rpartition("instance/")[2], initial)


def valid_contact_id(contact_id: str) -> bool:
    """A Connect contact id: letters, digits and dashes, at most 128 characters."""
    return bool(contact_id) and len(contact_id) <= 128 and contact_id.replace("-", "").isalnum()


def budget(context: Any) -> float:
    """Seconds we may spend: Connect's 8 s or the Lambda's remaining time, less the safety margin."""
    remaining = CONNECT_BUDGET_S
    getter = getattr(context, "get_remaining_time_in_millis", None)
    if callable(getter):
        with contextlib.suppress(TypeError, ValueError):
            remaining = min(remaining, float(getter()) / 1000)
    return max(0.0, remaining - SAFETY_S)
