"""Suspending and resuming the contact's call recording around card capture, through the Connect API.

``SuspendContactRecording`` / ``ResumeContactRecording`` (``InstanceId``, ``ContactId``, ``InitialContactId``,
``ContactRecordingType`` IVR | AGENT | SCREEN): the suspended span is filled with silence in the final recording
(Amazon Connect API reference). The flow asks for the types it records (``IVR`` by default, ``IVR,AGENT`` in an
agent-assisted flow); every one must be suspended before a card prompt plays, else no card is collected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.errors import DependencyError, EventError
from scanners.aws import error_name

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

RECORDING_TYPES = frozenset({"IVR", "AGENT", "SCREEN"})


def recording_types(raw: str | None) -> tuple[str, ...]:
    """``IVR`` (default) or a comma-separated list of Connect recording types."""
    names = tuple(dict.fromkeys(p.strip().upper() for p in (raw or "IVR").split(",") if p.strip()))
    if not names or set(names) - RECORDING_TYPES:
        raise EventError("Details.Parameters.recording: expected IVR, AGENT or SCREEN, comma separated")
    return names


class RecordingControl:
    """Calls the two Connect operations for one contact; failures become ``DependencyError`` (code only)."""

    def __init__(self, connect: ConnectClient) -> None:
        self._connect = connect

    def __repr__(self) -> str:
        return "RecordingControl()"

    def _call(self, op: str, *, instance_id: str, contact_id: str, initial_contact_id: str, kind: str) -> None:
        if not instance_id:
            raise EventError("Details.ContactData.InstanceARN: expected the instance ARN")
        try:
            getattr(self._connect, op)(
                InstanceId=instance_id, ContactId=contact_id, InitialContactId=initial_contact_id or contact_id,
                ContactRecordingType=kind,
            )
        except Exception as exc:  # botocore ClientError, endpoint and timeout errors
            raise DependencyError(f"connect {op} {kind}: {error_name(exc)}") from exc

    def suspend(self, *, instance_id: str, contact_id: str, initial_contact_id: str, kinds: tuple[str, ...]) -> None:
        for kind in kinds:
            self._call("suspend_contact_recording", instance_id=instance_id, contact_id=contact_id,
                       initial_contact_id=initial_contact_id, kind=kind)

    def resume(
        self, *, instance_id: str, contact_id: str, initial_contact_id: str, kinds: tuple[str, ...]
    ) -> list[str]:
        """Resume every type; returns the types that could not be resumed (each is still tried)."""
        failed: list[str] = []
        for kind in kinds:
            try:
                self._call("resume_contact_recording", instance_id=instance_id, contact_id=contact_id,
                           initial_contact_id=initial_contact_id, kind=kind)
            except DependencyError:
                failed.append(kind)
        return failed
