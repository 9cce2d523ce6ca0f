"""Shared by the exports: stable ids, severities and ISO times, derived from the report model only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

SEVERITY = {"pan": "HIGH", "track": "CRITICAL", "cvv": "CRITICAL", "expiry": "MEDIUM", "credential": "HIGH"}
NAMESPACE = uuid.UUID("5b0f6f3e-3c1a-4d84-9a57-2f0d1f1b6c11")  # fixed: re-exporting a report gives the same ids


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def severity(kind: str, test_card: bool) -> str:
    return "INFORMATIONAL" if test_card else SEVERITY.get(kind, "MEDIUM")


def moment(text: str) -> datetime:
    """An ISO text from the model as an aware datetime (the epoch when it is empty or unreadable)."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(text: str) -> str:
    return moment(text).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
