"""Per-action checks of a Connect flow (structure, encryption, Lambda timeouts, error branches).

The path-dependent checks (logging, recording, card data in attributes) live in ``ivr.flowlint.lint``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

VERSION = "2019-10-30"
MAX_ACTIONS = 250
SYNC_LIMIT_S = 8
ASYNC_LIMIT_S = 60

RULES: dict[str, str] = {
    "FLOW-STRUCTURE": "the flow is well formed: version, start action, unique identifiers, existing targets",
    "PCI-ENCRYPT": "every card-capturing input is stored, encrypted (key id, certificate) and length-limited",
    "PCI-LOGGING": "flow logging is disabled before the first capture and wherever card data is handled",
    "PCI-RECORDING": "recording is suspended at every card capture",
    "PCI-LAMBDA-TIMEOUT": "a synchronous Lambda call waits at most 8 seconds",
    "PCI-ATTRIBUTE": "no card value is written to a contact attribute",
    "PCI-ERRORS": "every error branch an action can take is handled",
    "PCI-CLEAR": "card data held in flow attributes is cleared before the contact leaves the flow",
}

# Error branches each action type must wire (Connect flow language reference, "Errors" sections).
REQUIRED_ERRORS: dict[str, tuple[str, ...]] = {
    "MessageParticipant": ("NoMatchingError",),
    "GetParticipantInput": ("NoMatchingError",),
    "InvokeLambdaFunction": ("NoMatchingError",),
    "UpdateContactAttributes": ("NoMatchingError",),
    "UpdateContactTargetQueue": ("NoMatchingError",),
    "TransferContactToQueue": ("QueueAtCapacity", "NoMatchingError"),
    "Compare": ("NoMatchingCondition",),
}
TERMINAL = frozenset({"DisconnectParticipant", "EndFlowExecution", "EndFlowModuleExecution"})
LEAVES_FLOW = TERMINAL | {"TransferContactToQueue", "TransferToFlow", "TransferContactToAgent"}

_CARD_PROMPT = re.compile(
    r"card\s*number|long\s*number|expir|security\s*code|\bcv[cv2]\b|\bcsc\b|three\s*digit\s*code", re.I
)
_PLACEHOLDER = re.compile(r"^\$\{[A-Za-z0-9_:.]+\}$")
_BAD_ID_CHARS = set("%:(\\/)=$,;[]{}")


@dataclass(frozen=True)
class Problem:
    """One broken rule: the rule id, the action at fault (None for the flow) and what is wrong."""

    rule: str
    action: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.rule} [{self.action or 'flow'}] {self.message}"


def is_true(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def is_capture(action: Mapping[str, Any]) -> bool:
    """A keypad entry of card data: a stored input, or a plain input whose prompt asks for card details."""
    if action.get("Type") != "GetParticipantInput":
        return False
    params = action.get("Parameters") or {}
    return is_true(params.get("StoreInput")) or bool(_CARD_PROMPT.search(prompt_text(params)))


def prompt_text(params: Mapping[str, Any]) -> str:
    return " ".join(str(params.get(k) or "") for k in ("Text", "SSML"))


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
        if action.get("Type") not in LEAVES_FLOW and not tr.get("NextAction") and not tr.get("Conditions"):
            out.append(Problem("FLOW-STRUCTURE", ident, "has no next action: the contact would be dropped"))
    return out


def _certificate_problem(key: Any) -> str | None:
    if not isinstance(key, str) or not key.strip():
        return "InputEncryption.Key (the certificate) is missing"
    key = key.strip()
    if _PLACEHOLDER.match(key) or key.startswith("$."):
        return None  # substituted at deploy time, or set dynamically
    try:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(key.replace("\\n", "\n").encode())
    except ValueError:
        return "InputEncryption.Key must be a PEM X.509 certificate"
    if cert.not_valid_after_utc < datetime.now(UTC):
        return "InputEncryption.Key certificate has expired: Connect can no longer encrypt with it"
    return None


def check_capture(ident: str, action: Mapping[str, Any]) -> list[Problem]:
    params = action.get("Parameters") or {}
    out: list[Problem] = []
    if not is_true(params.get("StoreInput")):
        return [Problem("PCI-ENCRYPT", ident, "asks for card details without StoreInput and InputEncryption")]
    custom = (params.get("InputValidation") or {}).get("CustomValidation") or {}
    if not str(custom.get("MaximumLength") or "").isdigit():
        out.append(Problem("PCI-ENCRYPT", ident, "InputValidation.CustomValidation.MaximumLength must be set"))
    enc = params.get("InputEncryption")
    if not isinstance(enc, dict):
        return [*out, Problem("PCI-ENCRYPT", ident, "stores input without InputEncryption")]
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


def check_errors(ident: str, action: Mapping[str, Any]) -> list[Problem]:
    kind = str(action.get("Type"))
    required = list(REQUIRED_ERRORS.get(kind, ()))
    if kind == "GetParticipantInput" and not is_true((action.get("Parameters") or {}).get("StoreInput")):
        required.append("NoMatchingCondition")
    wired = {
        e.get("ErrorType")
        for e in (action.get("Transitions") or {}).get("Errors") or []
        if isinstance(e, dict) and e.get("NextAction")
    }
    return [Problem("PCI-ERRORS", ident, f"the {err} branch is not handled") for err in required if err not in wired]


def static_problems(flow: Mapping[str, Any]) -> list[Problem]:
    """Every check that looks at one action at a time."""
    out = check_structure(flow)
    for action in flow.get("Actions") or []:
        if not isinstance(action, dict) or not isinstance(action.get("Identifier"), str):
            continue
        ident = action["Identifier"]
        if is_capture(action):
            out += check_capture(ident, action)
        if action.get("Type") == "InvokeLambdaFunction":
            out += check_lambda(ident, action)
        out += check_errors(ident, action)
    return out
