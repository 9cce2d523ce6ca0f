"""Per-action checks of a Connect flow (structure, encryption, Lambda timeouts, error branches) and the rule table.

The path-dependent checks (logging, recording, card data in attributes) live in ``ivr.flowlint.lint``; which
inputs capture card data is decided in ``ivr.flowlint.capture``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509

from ivr.flowlint.capture import INPUT_TYPES, is_phone_capture, max_length, stores_input

VERSION = "2019-10-30"
MAX_ACTIONS = 250
SYNC_LIMIT_S = 8
ASYNC_LIMIT_S = 60

RULES: dict[str, str] = {
    "FLOW-READ": "the flow file can be read as a JSON object (a file that cannot be read is not linted)",
    "FLOW-STRUCTURE": "the flow is well formed: version, start action, unique identifiers, existing targets",
    "PCI-ENCRYPT": "every card-capturing input is stored, encrypted (key id, certificate) and length-limited",
    "PCI-LOGGING": "flow logging is off wherever card data is captured or handled",
    "PCI-RECORDING": "no recording (IVR, or customer while an agent listens) is running at a card capture",
    "PCI-LAMBDA-TIMEOUT": "a synchronous Lambda call waits at most 8 seconds, an asynchronous one at most 60",
    "PCI-ATTRIBUTE": "no card value, nor a security code even encrypted, is written to a contact attribute",
    "PCI-ERRORS": "every error branch the flow designer shows for a block is connected, as Connect requires",
    "PCI-CLEAR": "card data held in flow attributes is cleared before the contact leaves the flow",
}
FIXES: dict[str, str] = {
    "FLOW-READ": "export the flow again from the flow designer (Save > Export flow)",
    "FLOW-STRUCTURE": "re-export the flow or connect the block to an existing block",
    "PCI-ENCRYPT": "use a Store customer input block with Encrypt entry (key id and certificate) and a maximum "
    "number of digits",
    "PCI-LOGGING": "add a Set logging behavior block (Disabled) before the first card capture",
    "PCI-RECORDING": "call SuspendContactRecording (IVR and agent) before the capture, or set IVR recording to "
    "Disabled and RecordedParticipants to [] before it",
    "PCI-LAMBDA-TIMEOUT": "set the Invoke AWS Lambda function timeout to a whole 1-8 s (synchronous) or 1-60 s",
    "PCI-ATTRIBUTE": "keep card values in flow attributes (encrypted) and pass them to the Lambda directly",
    "PCI-ERRORS": "connect the block's error branch to an apology and a transfer or disconnect",
    "PCI-CLEAR": "set the flow attributes to an empty value on every path before the contact leaves the flow",
}

# Error branches the flow designer shows for each block, which Connect exports only when they are connected.
# Checked against every public AWS sample and default flow export: each of these is always wired there. Blocks
# such as Play prompt (MessageParticipant) show no Error branch in the designer, so none is required.
REQUIRED_ERRORS: dict[str, tuple[str, ...]] = {
    "InvokeLambdaFunction": ("NoMatchingError",),
    "UpdateContactAttributes": ("NoMatchingError",),
    "UpdateContactTargetQueue": ("NoMatchingError",),
    "TransferContactToQueue": ("QueueAtCapacity", "NoMatchingError"),
    "TransferToFlow": ("NoMatchingError",),
    "Compare": ("NoMatchingCondition",),
    "CheckHoursOfOperation": ("NoMatchingError",),
    "CheckMetricData": ("NoMatchingError",),
    "CreateCallbackContact": ("NoMatchingError",),
    "CreateTask": ("NoMatchingError",),
    "UpdateContactEventHooks": ("NoMatchingError",),
    "UpdatePreviousContactParticipantState": ("NoMatchingError",),
    "UpdateContactCallbackNumber": ("InvalidCallbackNumber", "CallbackNumberNotDialable"),
    # "Must always be defined" in the flow-language reference (none of the public exports uses this block yet)
    "UpdateContactRecordingAndAnalyticsBehavior": ("NoMatchingError", "ChannelMismatch"),
    "Wait": ("NoMatchingError",),
}
TERMINAL = frozenset({"DisconnectParticipant", "EndFlowExecution", "EndFlowModuleExecution"})
LEAVES_FLOW = TERMINAL | {
    "TransferContactToQueue",
    "TransferToFlow",
    "TransferContactToAgent",
    "TransferParticipantToThirdParty",
    "CompleteOutboundCall",
}
NO_NEXT = LEAVES_FLOW | {"MessageParticipantIteratively"}  # loops until interrupted by a condition
BLOCK_NAMES = {
    "GetParticipantInput": "Get customer input",
    "MessageParticipant": "Play prompt",
    "InvokeLambdaFunction": "Invoke AWS Lambda function",
    "UpdateContactAttributes": "Set contact attributes",
    "UpdateFlowAttributes": "Set contact attributes (flow)",
    "UpdateContactRecordingBehavior": "Set recording and analytics behavior",
    "UpdateContactRecordingAndAnalyticsBehavior": "Set recording, analytics and processing behavior",
    "UpdateFlowLoggingBehavior": "Set logging behavior",
    "Compare": "Check contact attributes",
    "TransferContactToQueue": "Transfer to queue",
    "DisconnectParticipant": "Disconnect / hang up",
}
_PLACEHOLDER = re.compile(r"^(?:\$\{[A-Za-z0-9_:.\[\]\"\\]+\}|<<[A-Za-z0-9_]+>>)$")  # ${Sub} or <<template>>
_BAD_ID_CHARS = set("%:(\\/)=$,;[]{}")
_TAG = re.compile(r"""<[A-Za-z/!?](?:[^<>"']|"[^"]*"|'[^']*')*>""")  # an SSML tag, quoted values may hold <>


@dataclass(frozen=True)
class Problem:
    """One broken rule: the rule id, the block at fault (None for the flow), what is wrong, its name, the fix."""

    rule: str
    action: str | None
    message: str
    name: str = ""
    fix: str = ""

    def __str__(self) -> str:
        where = self.action or "flow"
        if self.name:
            where += f" {self.name!r}"
        return f"{self.rule} [{where}] {self.message}" + (f"; fix: {self.fix}" if self.fix else "")


def block_name(flow: Mapping[str, Any], action: Mapping[str, Any]) -> str:
    """The block's name in the designer (``Metadata.ActionMetadata[id].name``), else its block type and prompt."""
    meta = ((flow.get("Metadata") or {}).get("ActionMetadata") or {}).get(action.get("Identifier")) or {}
    if isinstance(meta, Mapping) and isinstance(meta.get("name"), str) and meta["name"].strip():
        return str(meta["name"]).strip()
    kind = str(action.get("Type") or "?")
    stored = kind in INPUT_TYPES and stores_input(action)
    label = "Store customer input" if stored else BLOCK_NAMES.get(kind, kind)
    params = action.get("Parameters") or {}
    text = " ".join(_TAG.sub(" ", str(params.get("Text") or params.get("SSML") or "")).split())
    return f"{label}: {text[:40]}..." if len(text) > 40 else (f"{label}: {text}" if text else label)


def targets(action: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(branch label, next action id) for every transition of an action."""
    tr = action.get("Transitions") or {}
    if tr.get("NextAction"):
        yield "next", str(tr["NextAction"])
    for err in tr.get("Errors") or []:
        if isinstance(err, dict) and err.get("NextAction"):
            yield f"error {err.get('ErrorType')}", str(err["NextAction"])
    for cond in tr.get("Conditions") or []:
        if isinstance(cond, dict) and cond.get("NextAction"):
            yield "condition", str(cond["NextAction"])


def check_structure(flow: Mapping[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    if flow.get("Version") != VERSION:
        out.append(Problem("FLOW-STRUCTURE", None, f"Version must be {VERSION!r}"))
    actions = flow.get("Actions")
    if not isinstance(actions, list) or not actions:
        return [*out, Problem("FLOW-STRUCTURE", None, "Actions must be a non-empty list")]
    if len(actions) > MAX_ACTIONS:
        out.append(Problem("FLOW-STRUCTURE", None, f"a flow holds at most {MAX_ACTIONS} actions"))
    ids: set[str] = set()
    for n, action in enumerate(actions):
        ident = action.get("Identifier") if isinstance(action, dict) else None
        if not isinstance(ident, str) or not ident or len(ident) > 50 or set(ident) & _BAD_ID_CHARS:
            out.append(Problem("FLOW-STRUCTURE", None, f"action #{n} needs an Identifier of 1-50 allowed characters"))
            continue
        if ident in ids:
            out.append(Problem("FLOW-STRUCTURE", ident, "Identifier is not unique"))
        ids.add(ident)
        if not action.get("Type"):
            out.append(Problem("FLOW-STRUCTURE", ident, "Type is missing"))
    if flow.get("StartAction") not in ids:
        out.append(Problem("FLOW-STRUCTURE", None, "StartAction must name an action"))
    for action in actions:
        if not isinstance(action, dict) or not isinstance(action.get("Identifier"), str):
            continue
        ident = action["Identifier"]
        for label, target in targets(action):
            if target not in ids:
                out.append(Problem("FLOW-STRUCTURE", ident, f"{label} transition goes to a missing action"))
        tr = action.get("Transitions") or {}
        if action.get("Type") not in NO_NEXT and not tr.get("NextAction") and not tr.get("Conditions"):
            out.append(Problem("FLOW-STRUCTURE", ident, "has no next action: the contact would be dropped"))
    return out


def _certificate_problem(key: Any) -> str | None:
    if not isinstance(key, str) or not key.strip():
        return "InputEncryption.Key (the certificate) is missing"
    key = key.strip()
    if _PLACEHOLDER.match(key) or key.startswith("$."):
        return None  # substituted at deploy time, or set dynamically
    try:
        cert = x509.load_pem_x509_certificate(key.replace("\\n", "\n").encode())
    except ValueError:
        return "InputEncryption.Key must be a PEM X.509 certificate"
    if cert.not_valid_after_utc < datetime.now(UTC):
        return "InputEncryption.Key certificate has expired: Connect can no longer encrypt with it"
    return None


def check_capture(ident: str, action: Mapping[str, Any]) -> list[Problem]:
    """Settings of an input that captures card data (``ivr.flowlint.capture.field_of`` decided it is one)."""
    params = action.get("Parameters") or {}
    out: list[Problem] = []
    if not stores_input(action):
        return [Problem("PCI-ENCRYPT", ident, "asks for card details without StoreInput and InputEncryption")]
    if max_length(params) is None:
        out.append(Problem("PCI-ENCRYPT", ident, "InputValidation.CustomValidation.MaximumLength must be set"))
    enc = params.get("InputEncryption")
    if not isinstance(enc, dict):
        return [*out, Problem("PCI-ENCRYPT", ident, "stores card input without InputEncryption")]
    if not str(enc.get("EncryptionKeyId") or "").strip():
        out.append(Problem("PCI-ENCRYPT", ident, "InputEncryption.EncryptionKeyId is missing"))
    cert = _certificate_problem(enc.get("Key"))
    if cert:
        out.append(Problem("PCI-ENCRYPT", ident, cert))
    return out


def check_lambda(ident: str, action: Mapping[str, Any]) -> list[Problem]:
    params = action.get("Parameters") or {}
    kind = str(params.get("InvocationType") or "SYNCHRONOUS").upper()
    limit = ASYNC_LIMIT_S if kind == "ASYNCHRONOUS" else SYNC_LIMIT_S
    raw = str(params.get("InvocationTimeLimitSeconds") or "")
    if not raw.isdigit() or not 1 <= int(raw) <= limit:
        return [Problem("PCI-LAMBDA-TIMEOUT", ident, f"InvocationTimeLimitSeconds must be a whole 1-{limit}")]
    return []


def required_errors(action: Mapping[str, Any]) -> list[str]:
    kind = str(action.get("Type"))
    required = list(REQUIRED_ERRORS.get(kind, ()))
    if kind == "UpdateContactRecordingAndAnalyticsBehavior" and "ChatBehavior" in (action.get("Parameters") or {}):
        required.append("InFlightRedactionConfigurationFailed")  # must be defined when chat behavior is
    if kind in INPUT_TYPES:
        required.append("NoMatchingError")
        if is_phone_capture(action):
            required.append("InvalidPhoneNumber")
        elif not stores_input(action):
            required += ["NoMatchingCondition", "InputTimeLimitExceeded"]
    return required


def check_errors(ident: str, action: Mapping[str, Any]) -> list[Problem]:
    wired = {
        e.get("ErrorType")
        for e in (action.get("Transitions") or {}).get("Errors") or []
        if isinstance(e, dict) and e.get("NextAction")
    }
    missing = [err for err in required_errors(action) if err not in wired]
    return [Problem("PCI-ERRORS", ident, f"the {err} branch is not handled") for err in missing]
