"""The leak drill: the prototype's four mistakes replayed on a running ``LocalStack``, for ``spc demo --leak-drill``.

Each mistake leaves card data where the nightly scan looks, so the report must FAIL with a finding in every
source kind:

* **log lines** (cloudwatch): the prototype's handler logged its incoming event, and its flow passed the keypad
  entries as plain DTMF text, so the function's log group gets the card number, expiry and security code;
* **plain-hash audit record** (s3): an audit object with an unkeyed ``sha256(pan)`` next to the last four, and the
  card number itself, in the audit bucket;
* **card digits in a Bedrock prompt** (bedrock): one InvokeModel through the emulator whose prompt carries the
  card number, so it lands in the model-invocation log;
* **recording left on during capture** (recordings): one call through a copy of the bundled flow whose
  recording blocks (``ivr.flowlint.behavior``) and recording suspension leave IVR recording on, so the keypad tones
  are recorded.

Nothing here changes a production module: the flow is a modified copy, the handler is the real one, and the other
three mistakes are written the way the prototype wrote them. Only published test card numbers are used.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ivr.errors import IvrError
from ivr.flowlint.behavior import RECORDING_TYPES
from ivr.local.bedrock.emulator import BedrockFaults
from ivr.local.connect.caller import ScriptedKeypad, load_flow, place_call, runner_for
from ivr.local.simcards import SimCard
from ivr.local.stack import LocalStack

DRILL_PAN = "4242424242424242"  # Stripe's test Visa
PROTOTYPE_ENVIRONMENT = {"POWERTOOLS_LOGGER_LOG_EVENT": "true"}  # the prototype logged every incoming event
KINDS = ("cloudwatch", "s3", "bedrock", "recordings")


@dataclass(frozen=True)
class Mistake:
    """One planted mistake: the source kind it leaks into and where (no card value)."""

    kind: str
    what: str
    where: str


def drill_card(today: datetime | None = None) -> SimCard:
    year = ((today or datetime.now(UTC)).year + 3) % 100
    return SimCard(DRILL_PAN, f"12{year:02d}", "123")


def recording_left_on(flow: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``flow`` whose recording blocks all keep IVR recording on and whose recording suspension (the
    IVR Lambda's ``recording`` mode) suspends only the screen recording (the prototype never suspended it)."""
    leaky = copy.deepcopy(dict(flow))
    for action in leaky.get("Actions", []):
        args = (action.get("Parameters") or {}).get("LambdaInvocationAttributes") if isinstance(action, dict) else None
        if isinstance(args, dict) and args.get("mode") == "recording":
            args["recording"] = "SCREEN"
        if isinstance(action, dict) and action.get("Type") in RECORDING_TYPES:
            params = action.get("Parameters") or {}
            behaviour = (params.get("VoiceBehavior") or {}).get("VoiceRecordingBehavior") or params.get(
                "RecordingBehavior"
            )
            if isinstance(behaviour, dict):
                behaviour["IVRRecordingBehavior"] = "Enabled"
                behaviour["RecordedParticipants"] = ["Agent", "Customer"]
    metadata = leaky.setdefault("Metadata", {})
    if isinstance(metadata, dict):
        metadata["name"] = f"{metadata.get('name') or 'payment'} (prototype: recording left on)"
    return leaky


def prototype_flow() -> dict[str, Any]:
    """The bundled flow as the prototype ran it: recording on during capture."""
    return recording_left_on(load_flow())


def _prototype_event(card: SimCard, contact_id: str) -> dict[str, Any]:
    """The Powertools ``log_event`` line of the prototype: its flow sent the entries as plain text."""
    return {
        "level": "INFO",
        "location": "lambda_handler:41",
        "message": {
            "Name": "ContactFlowEvent",
            "Details": {
                "ContactData": {"ContactId": contact_id, "Channel": "VOICE"},
                "Parameters": {"card_number": card.pan, "expiry": card.expiry, "cvv": card.cvv},
            },
        },
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "service": "spc-ivr",
        "function_name": "spc-ivr",
    }


def log_the_event(stack: LocalStack, card: SimCard) -> Mistake:
    """Card digits in a log line of the function's own log group."""
    logs, group = stack.client("logs"), stack.names["lambda_log_group"]
    stream = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    line = json.dumps(_prototype_event(card, str(uuid.uuid4())))
    logs.put_log_events(
        logGroupName=group, logStreamName=stream, logEvents=[{"timestamp": int(time.time() * 1000), "message": line}]
    )
    return Mistake("cloudwatch", "the handler logged its event with the entries in plain text", f"{group} > {stream}")


def plain_hash_audit(stack: LocalStack, card: SimCard) -> Mistake:
    """An audit record with an unkeyed SHA-256 of the card number beside its last four, and the number itself."""
    bucket, contact = stack.names["audit_bucket"], str(uuid.uuid4())
    key = f"audit/{datetime.now(UTC):%Y/%m/%d}/{contact}/prototype.json"
    record = {
        "contact_id": contact,
        "card_last4": card.pan[-4:],
        "card_hash": hashlib.sha256(card.pan.encode()).hexdigest(),  # the prototype's mistake: no key
        "card_number": card.pan,
        "amount": "50.00",
        "status": "tokenised",
    }
    body = json.dumps(record).encode()
    stack.client("s3").put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")
    return Mistake("s3", "an audit record with a plain SHA-256 of the card number, and the number", f"s3://{bucket}/{key}")


def prompt_with_card(stack: LocalStack, card: SimCard) -> Mistake:
    """One model invocation whose prompt carries the card number (the invocation log keeps prompts)."""
    import boto3
    from botocore.config import Config

    if stack.bedrock is None:
        raise IvrError("stack: expected a started LocalStack (the Bedrock emulator is not running)")
    stack.bedrock.set_faults(BedrockFaults())
    env = stack.environment()
    runtime = boto3.session.Session().client(
        "bedrock-runtime",
        endpoint_url=stack.bedrock.url,
        region_name=stack.region,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )
    prompt = f"Write a friendly confirmation for a payment of 50.00 GBP made with card {card.pan}."
    runtime.invoke_model(modelId=stack.model_id, body=json.dumps({"prompt": prompt, "max_gen_len": 120}))
    stack.bedrock.flush()
    return Mistake("bedrock", "the card number was sent to the model in the prompt", "model-invocation logs")


def recorded_capture(stack: LocalStack, card: SimCard) -> Mistake:
    """One call through the flow copy that keeps recording on while the caller keys in the card."""
    runner = runner_for(stack, prototype_flow(), enforce_suspension=False)  # let the mistake record the tones
    result = place_call(runner, ScriptedKeypad(card.keys()), amount="50.00", contact_id=str(uuid.uuid4()))
    where = f"s3://{stack.names['recordings_bucket']}/{result.recording_key or '(no recording written)'}"
    return Mistake("recordings", "IVR recording stayed on while the card was keyed in", where)


def run_drill(stack: LocalStack, card: SimCard | None = None) -> list[Mistake]:
    """Make all four mistakes on a started stack; returns where each one left card data."""
    card = card or drill_card()
    return [
        log_the_event(stack, card),
        plain_hash_audit(stack, card),
        prompt_with_card(stack, card),
        recorded_capture(stack, card),
    ]
