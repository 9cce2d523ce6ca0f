"""Contact Lens output on the local stack's S3 (moto server): the documented key layout, the transcript JSON
shape, redaction, and the targets the README names finding card data in the original transcript only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ivr.local.contact_lens import Turn, keys, write_output
from scanners.audio.recording import AGENT, Recording, decode_dtmf
from scanners.engine.core import default_engine
from scanners.engine.pipeline import run_scan
from scanners.sources.recordings import RecordingsSource
from scanners.sources.s3 import S3Source

BUCKET = "connect-instance-bucket"
CONTACT = "11111111-2222-3333-4444-555555555555"
WHEN = datetime(2026, 2, 4, 21, 14, 16, tzinfo=UTC)
SPOKEN = "my card number is 4242 4242 4242 4242"  # a Stripe test card, spoken to the agent


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def _call() -> tuple[list[Turn], bytes]:
    rec = Recording()
    rec.prompt("How can I help?")
    rec.silence(0.5)
    start = rec.seconds
    rec.keys("4242424242424242", channel=AGENT)  # the agent keys what the caller reads out
    end = rec.seconds
    turns = [
        Turn("AGENT", "How can I help?", 0, 1000),
        Turn("CUSTOMER", SPOKEN, int(start * 1000), int(end * 1000) + 1),
    ]
    return turns, rec.wav_bytes()


def test_layout_shape_and_redaction(s3: Any) -> None:
    turns, wav = _call()
    written = write_output(s3, BUCKET, contact_id=CONTACT, when=WHEN, turns=turns, wav=wav)
    assert written == list(keys(CONTACT, WHEN).values())
    assert written[0] == f"Analysis/Voice/2026/02/04/{CONTACT}_analysis_2026-02-04T21:14:16Z.json"
    assert written[2].startswith("Analysis/Voice/Redacted/2026/02/04/") and "_call_recording_redacted_" in written[2]
    original = json.loads(s3.get_object(Bucket=BUCKET, Key=written[0])["Body"].read())
    redacted = json.loads(s3.get_object(Bucket=BUCKET, Key=written[1])["Body"].read())
    assert original["ContentMetadata"]["Output"] == "Raw" and redacted["ContentMetadata"]["Output"] == "Redacted"
    assert original["Transcript"][1]["Content"] == SPOKEN
    assert redacted["Transcript"][1]["Content"] == "my card number is [PII]"
    assert redacted["Transcript"][1]["Redaction"]["RedactedTimestamps"]
    assert decode_dtmf(wav) == "4242424242424242"
    assert decode_dtmf(s3.get_object(Bucket=BUCKET, Key=written[2])["Body"].read()) == ""


def test_redacted_only_writes_no_original(s3: Any) -> None:
    turns, wav = _call()
    written = write_output(s3, BUCKET, contact_id=CONTACT, when=WHEN, turns=turns, wav=wav, original=False)
    assert [k for k in written if "/Redacted/" not in k] == []


def test_named_targets_find_the_card_in_the_original_only(s3: Any) -> None:
    turns, wav = _call()
    write_output(s3, BUCKET, contact_id=CONTACT, when=WHEN, turns=turns, wav=wav)
    s3.put_object(Bucket=BUCKET, Key="connect/x/CallRecordings/2026/02/04/" + CONTACT + "_20260204T21:14_UTC.wav",
                  Body=wav)
    transcripts = run_scan([S3Source(s3, BUCKET, "Analysis/Voice/")], engine=default_engine())
    where = {json.dumps(f.location) for f in transcripts.findings}
    assert any("_analysis_2026" in w for w in where)
    assert not any("_analysis_redacted_" in w for w in where)
    status = {c.location.get("key", ""): c.status for c in transcripts.coverage if c.location.get("key")}
    assert all(v == "scanned" for k, v in status.items() if k.endswith(".json")), status
    assert all(v == "skipped" for k, v in status.items() if k.endswith(".wav")), "audio is for recordings:"
    audio = run_scan([RecordingsSource(s3, BUCKET, "connect/x/CallRecordings/")], engine=default_engine())
    assert audio.findings, "agent-channel tones in the stereo recording are found"
