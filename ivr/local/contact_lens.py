"""Contact Lens conversational-analytics output as Connect writes it to the instance bucket, for the local stack.

Paths (Connect admin guide, "Output file locations for files analyzed by Contact Lens"):

- original transcript ``Analysis/Voice/YYYY/MM/DD/<contact>_analysis_<ISO time>Z.json``;
- redacted transcript ``Analysis/Voice/Redacted/YYYY/MM/DD/<contact>_analysis_redacted_<time>.json``;
- redacted audio ``Analysis/Voice/Redacted/YYYY/MM/DD/<contact>_call_recording_redacted_<time>.wav``.

The transcript follows the documented schema (``Version`` 1.1.0, ``Participants``, ``Transcript`` turns with
``BeginOffsetMillis``/``EndOffsetMillis``/``ParticipantId``/``Content``, a ``Redaction`` section with the redacted
spans' offsets). Redaction writes ``[PII]`` in place of card numbers, security codes and expiry dates, and the
redacted audio holds silence over those spans. ``AnalyticsRedactionResults`` ``RedactedOnly`` writes no original.
Scan the originals with ``s3://<bucket>/Analysis/Voice/`` and the redacted audio with
``recordings:s3://<bucket>/Analysis/Voice/Redacted/``.
"""

from __future__ import annotations

import io
import json
import re
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_PII = re.compile(
    r"\b(?:\d[ -]?){12,18}\d\b"  # card numbers, spaced or not
    r"|\b(?:0[1-9]|1[0-2])\s*/\s*\d{2}\b"  # expiry MM/YY
    r"|(?<=code is )\d{3,4}\b|(?<=cvv is )\d{3,4}\b",
    re.I,
)


@dataclass(frozen=True)
class Turn:
    """One utterance: who spoke (``AGENT``, ``CUSTOMER`` or ``SYSTEM``), what, and when (ms from the start)."""

    participant: str
    content: str
    begin_ms: int
    end_ms: int


def redact(text: str) -> tuple[str, int]:
    """The text with card data replaced by ``[PII]``, and how many spans were replaced."""
    return _PII.subn("[PII]", text)


def transcript(
    turns: Sequence[Turn], *, contact_id: str, instance_id: str, account: str, redacted: bool
) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for n, turn in enumerate(turns):
        content, spans = redact(turn.content) if redacted else (turn.content, 0)
        item: dict[str, Any] = {
            "Id": f"{contact_id[:8]}-{n}",
            "ParticipantId": turn.participant,
            "Content": content,
            "BeginOffsetMillis": turn.begin_ms,
            "EndOffsetMillis": turn.end_ms,
            "Sentiment": "NEUTRAL",
        }
        if spans:
            item["Redaction"] = {
                "RedactedTimestamps": [{"BeginOffsetMillis": turn.begin_ms, "EndOffsetMillis": turn.end_ms}] * spans
            }
        out.append(item)
    roles = sorted({t.participant for t in turns})
    return {
        "Version": "1.1.0",
        "AccountId": account,
        "Channel": "VOICE",
        "ContentMetadata": {"Output": "Redacted" if redacted else "Raw", "RedactionTypes": ["PII"]},
        "JobStatus": "COMPLETED",
        "LanguageCode": "en-US",
        "Participants": [{"ParticipantId": r, "ParticipantRole": r} for r in roles],
        "CustomerMetadata": {"ContactId": contact_id, "InstanceId": instance_id, "InputS3Uri": ""},
        "Categories": {"MatchedCategories": [], "MatchedDetails": {}},
        "Transcript": out,
    }


def silence_spans(wav: bytes, turns: Sequence[Turn]) -> bytes:
    """The WAV with every turn holding card data replaced by silence (as the redacted audio file is)."""
    with wave.open(io.BytesIO(wav), "rb") as src:
        params = src.getparams()
        frames = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2").reshape(-1, params.nchannels).copy()
    for turn in turns:
        if redact(turn.content)[1]:
            a, b = (round(ms * params.framerate / 1000) for ms in (turn.begin_ms, turn.end_ms))
            frames[a:b, :] = 0
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setparams(params)
        out.writeframes(frames.astype("<i2").tobytes())
    return buf.getvalue()


def keys(contact_id: str, when: datetime) -> dict[str, str]:
    """The three object keys Contact Lens writes for one voice contact."""
    day, stamp = f"{when:%Y/%m/%d}", f"{when:%Y-%m-%dT%H:%M:%S}Z"
    return {
        "original": f"Analysis/Voice/{day}/{contact_id}_analysis_{stamp}.json",
        "redacted": f"Analysis/Voice/Redacted/{day}/{contact_id}_analysis_redacted_{stamp}.json",
        "audio": f"Analysis/Voice/Redacted/{day}/{contact_id}_call_recording_redacted_{stamp}.wav",
    }


def write_output(
    s3: S3Client,
    bucket: str,
    *,
    contact_id: str,
    when: datetime,
    turns: Sequence[Turn],
    wav: bytes,
    instance_id: str = "00000000-0000-0000-0000-000000000000",
    account: str = "123456789012",
    original: bool = True,
) -> list[str]:
    """Write the analysis files of one contact; ``original=False`` is ``RedactedOnly``. Returns the keys written."""
    where = keys(contact_id, when)
    docs = ({"original": False} if original else {}) | {"redacted": True}
    written: list[str] = []
    for name, redacted in docs.items():
        body = transcript(turns, contact_id=contact_id, instance_id=instance_id, account=account, redacted=redacted)
        s3.put_object(Bucket=bucket, Key=where[name], Body=json.dumps(body).encode(), ContentType="application/json")
        written.append(where[name])
    s3.put_object(Bucket=bucket, Key=where["audio"], Body=silence_spans(wav, turns), ContentType="audio/wav")
    return [*written, where["audio"]]
