"""Connect flow blocks the local runner emulates without a service behind them.

Each entry maps a flow-language action type to what the block does on the local line: the branch it takes and
the line the caller (or the operator) sees. Queues have no agents, hours of operation are open, metrics are
zero, callbacks and tasks are accepted, waits end at once. Blocks that end the call are in ``ENDS``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from ivr.local.connect.actions import compare, error_branch, next_action

# Blocks whose only local effect is to go on: setting voices, hooks, routing, tags, streaming, data.
PASS_THROUGH = frozenset({
    "UpdateContactTextToSpeechVoice",
    "UpdateContactEventHooks",
    "UpdateContactRoutingBehavior",
    "UpdateContactData",
    "UpdateContactMediaStreamingBehavior",
    "UpdateContactMediaProcessing",
    "UpdateContactCallbackNumber",
    "TagContact",
    "UnTagContact",
    "UpdateRoutingCriteria",
    "CreateCallbackContact",
    "CreateTask",
    "CreateWisdomSession",
    "CompleteOutboundCall",
})
# Blocks that end the contact's time in this flow: outcome name and what the operator sees.
ENDS: dict[str, tuple[str, str]] = {
    "DisconnectParticipant": ("disconnected", "[call ended]"),
    "EndFlowExecution": ("ended", "[flow ended]"),
    "EndFlowModuleExecution": ("ended", "[module ended]"),
    "TransferContactToAgent": ("transferred", "[transferred to an agent]"),
    "TransferToFlow": ("transferred", "[transferred to another flow]"),
    "TransferParticipantToThirdParty": ("transferred", "[transferred to an external number]"),
}


def _check_hours(params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    return compare("True", tr, error="NoMatchingError")


def _check_metric(params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    return compare("0", tr, error="NoMatchingCondition")


def _wait(params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    return compare("WaitCompleted", tr, error="NoMatchingError") or next_action(tr)


def _distribute(params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    """A stable 1-100 draw per contact, compared as Connect does with the percentage conditions."""
    draw = int(hashlib.sha256(contact_id.encode()).hexdigest()[:8], 16) % 100 + 1
    return compare(str(draw), tr, error="NoMatchingCondition")


def _previous_participant(params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    return next_action(tr)


BRANCHES: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any], str], str | None]] = {
    "CheckHoursOfOperation": _check_hours,
    "CheckMetricData": _check_metric,
    "Wait": _wait,
    "DistributeByPercentage": _distribute,
    "UpdatePreviousContactParticipantState": _previous_participant,
}


def branch(kind: str, params: Mapping[str, Any], tr: Mapping[str, Any], contact_id: str) -> str | None:
    """The next action of an emulated branching block; pass-through blocks go to NextAction."""
    if kind in BRANCHES:
        return BRANCHES[kind](params, tr, contact_id)
    return next_action(tr) or error_branch(tr, "NoMatchingError")


def supported(kind: str) -> bool:
    return kind in PASS_THROUGH or kind in BRANCHES or kind in ENDS
