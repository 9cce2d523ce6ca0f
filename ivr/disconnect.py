"""The end of a contact as Amazon Connect publishes it on EventBridge, and the result code of a contact whose flow
never recorded one: the caller hung up mid-payment (the flow just stops; no block after the hang-up runs).

Connect sends contact events to the default event bus (``source`` ``aws.connect``, ``detail-type`` ``Amazon
Connect Contact Event``); the template's rule ``IvrContactEndRule`` sends this instance's voice ``DISCONNECTED``
events to the IVR Lambda, asynchronously and at least once. For each one:

1. The flow sets the contact attribute ``result_code`` on every exit it takes itself (read back with
   ``GetContactAttributes``): such a contact was not hung up on, and its code is recorded if the flow could not
   record it (the no-amount exit never calls the Lambda).
2. A ``disconnectReason`` other than the caller's (``CUSTOMER_DISCONNECT``) or the line's (``TELECOM_PROBLEM``)
   is not a hang-up: nothing is written. Without the field, steps 1 and 4 decide.
3. The contact's last charge (``ChargeLedger.contact_charge``) keeps its own code: one sent and not settled is in
   flight for ``IN_FLIGHT_S`` (the event is refused with ``ChargeInFlight``, so Lambda delivers it again a minute
   later) and ``uncertain`` after that; one settled as ``success`` or ``uncertain`` keeps that code.
4. The outcome record is written with ``If-None-Match: *`` under the day of ``disconnectTimestamp``: a record the
   flow already wrote (it ended the contact itself) or an earlier delivery wrote is left untouched, and only the
   write that creates the record counts the ``ContactOutcome`` metric. So a repeated event records nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ivr.answers import log_failure, logger
from ivr.config import Services
from ivr.dialog import RESULT_CODES
from ivr.errors import ChargeInFlight, EventError
from ivr.event import CONNECT_BUDGET_S, valid_contact_id
from ivr.payments.ledger import ContactCharge
from ivr.process import outcome_metric

SOURCE = "aws.connect"
DETAIL_TYPE = "Amazon Connect Contact Event"
HANGUP_REASONS = frozenset({"CUSTOMER_DISCONNECT", "TELECOM_PROBLEM"})
_REASON = re.compile(r"[A-Z_]{1,64}")
KEEPS_CODE = frozenset({"success", "uncertain"})  # a charge that was, or may have been, taken
IN_FLIGHT_S = CONNECT_BUDGET_S + 7.0  # Connect's limit on the charge call plus Lambda's own start and finish


@dataclass(frozen=True, slots=True)
class ContactEnd:
    contact_id: str
    instance_arn: str
    disconnected_at: datetime
    reason: str = ""  # empty when the event does not say
    initial_contact_id: str = ""  # empty: the contact is its own initial contact

    @property
    def instance_id(self) -> str:
        return self.instance_arn.rpartition("instance/")[2]


@dataclass(frozen=True, slots=True)
class Decision:
    action: Literal["record", "skip", "retry"]
    result_code: str = ""
    why: str = ""


def is_contact_event(event: Any) -> bool:
    return isinstance(event, Mapping) and event.get("source") == SOURCE and event.get("detail-type") == DETAIL_TYPE


def _timestamp(value: Any, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise EventError(f"{name}: expected an ISO 8601 timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_contact_end(event: Mapping[str, Any]) -> ContactEnd | None:
    """The voice contact that ended, or None for another event type or channel; ``EventError`` names the field."""
    detail = event.get("detail")
    if not isinstance(detail, Mapping):
        raise EventError("detail: expected the contact event object")
    if detail.get("eventType") != "DISCONNECTED" or str(detail.get("channel") or "").upper() != "VOICE":
        return None
    contact_id = detail.get("contactId")
    if not isinstance(contact_id, str) or not valid_contact_id(contact_id):
        raise EventError("detail.contactId: expected a contact id (letters, digits, dashes)")
    instance_arn = detail.get("instanceArn")
    if not isinstance(instance_arn, str) or not instance_arn.startswith("arn:") or ":instance/" not in instance_arn:
        raise EventError("detail.instanceArn: expected an Amazon Connect instance ARN")
    if detail.get("disconnectTimestamp"):
        at = _timestamp(detail["disconnectTimestamp"], "detail.disconnectTimestamp")
    elif event.get("time"):
        at = _timestamp(event["time"], "time")
    else:
        raise EventError("detail.disconnectTimestamp: expected when the contact ended")
    reason = detail.get("disconnectReason")
    initial = detail.get("initialContactId")
    initial = initial if isinstance(initial, str) and valid_contact_id(initial) and initial != contact_id else ""
    reason = reason.strip().upper() if isinstance(reason, str) else ""
    if reason and not _REASON.fullmatch(reason):
        reason = "UNRECOGNIZED"  # logged and compared only as one of Connect's reason names, never as sent
    return ContactEnd(contact_id, instance_arn, at, reason, initial)


def decide(end: ContactEnd, charge: ContactCharge | None, *, now: float, flow_code: str = "") -> Decision:
    """What to record for a contact that ended (``now``: epoch seconds, the ledger's clock; ``flow_code``: the
    contact attribute ``result_code``, set when the flow ended the contact itself)."""
    if flow_code in RESULT_CODES:
        return Decision("record", flow_code, "the flow ended the contact")
    if end.reason and end.reason not in HANGUP_REASONS:
        return Decision("skip", why=f"disconnected by {end.reason}, not the caller")
    if charge is None:
        return Decision("record", "caller-hung-up", "no charge sent")
    if charge.status == "sent":
        if now - charge.at < IN_FLIGHT_S:
            return Decision("retry", why=f"charge attempt {charge.attempt} in flight")
        return Decision("record", "uncertain", f"charge attempt {charge.attempt} sent and never settled")
    if charge.result_code in KEEPS_CODE:
        return Decision("record", charge.result_code, f"charge attempt {charge.attempt} settled")
    return Decision("record", "caller-hung-up", f"charge attempt {charge.attempt} settled as {charge.result_code}")


def contact_ended(event: Mapping[str, Any], services: Services) -> dict[str, str]:
    """Serve one contact event. Raises ``ChargeInFlight`` (retry) and ``IvrError`` for a dependency that failed
    (Lambda's asynchronous retries, then the dead-letter queue); a malformed event is logged and dropped."""
    info: dict[str, Any] = {"step": "contact-event", "contact_id": None}
    try:
        end = parse_contact_end(event)
    except EventError as exc:
        log_failure(info, exc)
        return {"result": "malformed", "result_code": "", "reason": str(exc)}
    if end is None:
        return {"result": "ignored", "result_code": "", "reason": "not a voice DISCONNECTED event"}
    info["contact_id"] = end.contact_id
    flow_code = ""
    if services.contact_attributes is not None:
        attributes = services.contact_attributes(end.instance_id, end.initial_contact_id or end.contact_id)
        flow_code = attributes.get("result_code", "")
    charge = services.ledger.contact_charge(end.contact_id) if services.ledger is not None else None
    decision = decide(end, charge, now=services.now().timestamp(), flow_code=flow_code)
    info.update(decision=decision.action, why=decision.why, disconnect_reason=end.reason or "none")
    if decision.action == "retry":
        logger.info("contact ended while its charge is in flight", extra=info)
        raise ChargeInFlight(f"contact {end.contact_id}: {decision.why}; deliver the event again")
    if decision.action == "skip":
        logger.info("contact ended without a hang-up", extra=info)
        return {"result": "not-a-hang-up", "result_code": "", "reason": decision.why}
    key = services.audit.put_outcome(contact_id=end.contact_id, result_code=decision.result_code, language="",
                                     at=end.disconnected_at, only_if_absent=True)
    if key is None:
        logger.info("contact ended with its outcome already recorded", extra=info)
        return {"result": "exists", "result_code": "", "reason": "outcome already recorded"}
    outcome_metric(decision.result_code, end.contact_id)
    logger.info("contact outcome recorded at disconnect", extra={**info, "result_code": decision.result_code})
    return {"result": "recorded", "result_code": decision.result_code, "reason": decision.why}
