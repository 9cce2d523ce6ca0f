"""What a recording block sets, read in the parameter shapes the flow language documents.

``UpdateContactRecordingAndAnalyticsBehavior`` (block "Set recording, analytics and processing behavior"), one
channel object per block:

- ``VoiceBehavior.VoiceRecordingBehavior``: ``RecordedParticipants`` (``Agent``/``Customer``; ``[]`` turns
  recording off) and ``IVRRecordingBehavior`` (``Enabled``/``Disabled``);
- ``VoiceBehavior.VoiceAnalyticsBehavior``: ``Enabled`` and
  ``ConversationalAnalyticsRedactionConfiguration`` (``Enabled``, ``RedactionResults``);
- ``ChatBehavior``: chat only; on a voice contact the block takes its ``ChannelMismatch`` branch;
- ``ScreenRecordingBehavior.ScreenRecordedParticipants``: the agent's screen, never the caller's audio.

The legacy ``UpdateContactRecordingBehavior`` (kept by Connect for backwards compatibility) holds
``RecordingBehavior.{RecordedParticipants, IVRRecordingBehavior}`` and ``AnalyticsBehavior.{Enabled,
AnalyticsRedactionBehavior, AnalyticsRedactionResults}``. A new-type block written in the legacy shape is read
the legacy way, so that a hand-edited flow that turns recording on is never taken for one that does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LEGACY = "UpdateContactRecordingBehavior"
CURRENT = "UpdateContactRecordingAndAnalyticsBehavior"
RECORDING_TYPES = frozenset({LEGACY, CURRENT})
_CHANNEL_KEYS = ("VoiceBehavior", "ChatBehavior", "ScreenRecordingBehavior")


@dataclass(frozen=True)
class RecordingSettings:
    """What one block changes; ``None`` leaves the setting as it was."""

    ivr: bool | None = None
    participants: frozenset[str] | None = None
    analytics: str | None = None  # Contact Lens turned on: "RedactedAndOriginal", "RedactedOnly" or "Original"
    voice: bool = True  # False: a chat-only block, which a voice contact leaves through ChannelMismatch


def _map(value: Any, key: str) -> Mapping[str, Any]:
    found = value.get(key) if isinstance(value, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _true(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "enabled")


def _recording(block: Mapping[str, Any]) -> tuple[bool | None, frozenset[str] | None]:
    ivr = block.get("IVRRecordingBehavior")
    participants = block.get("RecordedParticipants")
    return (
        _true(ivr) if ivr is not None else None,
        frozenset(str(p) for p in participants) if isinstance(participants, list) else None,
    )


def _analytics(enabled: Any, redaction: Any, results: Any) -> str | None:
    if not _true(enabled):
        return None
    if not _true(redaction):  # redaction is off unless the block turns it on
        return "Original"
    return str(results or "RedactedAndOriginal")


def recording_settings(kind: str, params: Mapping[str, Any]) -> RecordingSettings:
    """The settings of a ``RECORDING_TYPES`` block (an empty ``RecordingSettings`` for any other type)."""
    if kind not in RECORDING_TYPES:
        return RecordingSettings()
    if kind == CURRENT and any(key in params for key in _CHANNEL_KEYS):
        if "VoiceBehavior" not in params:
            return RecordingSettings(voice="ChatBehavior" not in params)
        voice = _map(params, "VoiceBehavior")
        ivr, participants = _recording(_map(voice, "VoiceRecordingBehavior"))
        analytics = _map(voice, "VoiceAnalyticsBehavior")
        redaction = _map(analytics, "ConversationalAnalyticsRedactionConfiguration")
        return RecordingSettings(
            ivr,
            participants,
            _analytics(analytics.get("Enabled"), redaction.get("Enabled"), redaction.get("RedactionResults")),
        )
    ivr, participants = _recording(_map(params, "RecordingBehavior"))
    analytics = _map(params, "AnalyticsBehavior")
    return RecordingSettings(
        ivr,
        participants,
        _analytics(
            analytics.get("Enabled"),
            analytics.get("AnalyticsRedactionBehavior"),
            analytics.get("AnalyticsRedactionResults"),
        ),
    )
