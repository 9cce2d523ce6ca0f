"""Recording state of the contacts on the local phone line, and the hook the emulated Connect API calls.

Connect records a contact's IVR part when the flow sets ``IVRRecordingBehavior: Enabled`` and the conversation
with an agent for the participants in ``RecordedParticipants``. ``SuspendContactRecording`` /
``ResumeContactRecording`` (``ContactRecordingType`` ``IVR`` or ``AGENT``) pause and restart a running recording;
the paused span is kept as silence. The emulated API (``RecordingControl.suspend``/``resume``) and the flow
runner share one ``RecordingControl``, so the runner knows at every prompt whether a recording is live.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ivr.errors import ContactNotFoundError, IvrError

RECORDING_TYPES = frozenset({"IVR", "AGENT", "SCREEN"})


@dataclass
class RecordingState:
    """What is recording on one contact."""

    ivr: bool = False
    participants: frozenset[str] = frozenset()  # "Agent", "Customer"
    agent_connected: bool = False
    suspended: set[str] = field(default_factory=set)

    def active(self) -> str | None:
        """Which running recording would capture the caller's keys now, or None."""
        if self.ivr and "IVR" not in self.suspended:
            return "IVR recording"
        if self.agent_connected and "Customer" in self.participants and "AGENT" not in self.suspended:
            return "agent/customer recording"
        return None


class RecordingControl:
    """Live contacts' recording states, keyed by contact id (thread-safe: the emulated API may run elsewhere)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, RecordingState] = {}
        self._attributes: dict[str, dict[str, str]] = {}  # ended contacts: what GetContactAttributes answers

    def open(self, contact_id: str) -> RecordingState:
        with self._lock:
            return self._states.setdefault(contact_id, RecordingState())

    def close(self, contact_id: str, attributes: dict[str, str] | None = None) -> None:
        """The contact ended; its contact attributes stay readable (Connect keeps them after the contact)."""
        with self._lock:
            self._states.pop(contact_id, None)
            if attributes is not None:
                self._attributes[contact_id] = dict(attributes)

    def attributes(self, contact_id: str) -> dict[str, str] | None:
        """An ended contact's attributes, or None for a contact this line never ended."""
        with self._lock:
            found = self._attributes.get(contact_id)
            return dict(found) if found is not None else None

    def _state(self, contact_id: str, kind: str) -> RecordingState:
        if kind not in RECORDING_TYPES:
            raise IvrError("ContactRecordingType: expected IVR, AGENT or SCREEN")
        state = self._states.get(contact_id)
        if state is None:
            raise ContactNotFoundError("ContactId: expected the id of a contact in progress")
        return state

    def suspend(self, contact_id: str, kind: str) -> None:
        """``SuspendContactRecording``: the recording of ``kind`` keeps silence until resumed."""
        with self._lock:
            self._state(contact_id, kind).suspended.add(kind)

    def resume(self, contact_id: str, kind: str) -> None:
        """``ResumeContactRecording``."""
        with self._lock:
            self._state(contact_id, kind).suspended.discard(kind)

    def state(self, contact_id: str) -> RecordingState | None:
        with self._lock:
            return self._states.get(contact_id)
