"""Amazon Connect's contact events as EventBridge delivers them to a Lambda target, for the local runner.

When a voice contact ends, Connect publishes a ``DISCONNECTED`` contact event (``source`` ``aws.connect``,
``detail-type`` ``Amazon Connect Contact Event``) with the contact and instance ids and the contact's timestamps.
A Lambda target is invoked asynchronously: a failed invocation is retried (twice, as Lambda does), and a
delivery may repeat (at least once). ``disconnectReason`` follows the contact record's ``DisconnectReason``
values; the IVR also handles events without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ivr.local.connect.actions import LambdaContext

SOURCE = "aws.connect"
DETAIL_TYPE = "Amazon Connect Contact Event"
ASYNC_ATTEMPTS = 3  # Lambda's asynchronous invocation: the first try and two retries
ENDED_BY = {"caller hung up": "CUSTOMER_DISCONNECT"}  # every other end of the flow is the flow's own disconnect


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def disconnected(instance_arn: str, contact_id: str, *, outcome: str, started: datetime,
                 ended: datetime) -> dict[str, Any]:
    """The ``DISCONNECTED`` event of a voice contact that ended with the runner's ``outcome``."""
    parts = instance_arn.split(":")
    region, account = (parts[3], parts[4]) if len(parts) > 5 else ("us-east-1", "123456789012")
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPE,
        "source": SOURCE,
        "account": account,
        "time": _iso(ended).split(".")[0] + "Z",
        "region": region,
        "resources": [f"{instance_arn}/contact/{contact_id}", instance_arn],
        "detail": {
            "eventType": "DISCONNECTED",
            "contactId": contact_id,
            "initialContactId": contact_id,
            "channel": "VOICE",
            "instanceArn": instance_arn,
            "initiationMethod": "INBOUND",
            "initiationTimestamp": _iso(started),
            "connectedToSystemTimestamp": _iso(started),
            "disconnectTimestamp": _iso(ended),
            "disconnectReason": ENDED_BY.get(outcome, "CONTACT_FLOW_DISCONNECT"),
        },
    }


def deliver(target: Callable[[dict[str, Any], Any], Any], event: dict[str, Any], *, times: int = 1) -> list[str]:
    """Invoke ``target`` as EventBridge and Lambda do (``times`` deliveries, each retried on an error); one entry
    per delivery: the target's ``result`` field, or ``failed: <error type>`` after the last retry."""
    outcomes: list[str] = []
    for _ in range(times):
        outcome = "failed"
        for _ in range(ASYNC_ATTEMPTS):
            try:
                answer = target(dict(event), LambdaContext(60.0))
            except Exception as exc:
                outcome = f"failed: {type(exc).__name__}"
                continue
            outcome = str(answer.get("result", "")) if isinstance(answer, dict) else "invalid answer"
            if isinstance(answer, dict) and answer.get("result_code"):
                outcome += f": {answer['result_code']}"
            break
        outcomes.append(outcome)
    return outcomes
