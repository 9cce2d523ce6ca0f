"""The units of speech-to-text streams other than AWS's, for ``stream_units`` (``_units.read_line`` asks here): a
caller's pause ends a result, so a card number read aloud may fall in two or three consecutive final results.

Only final results make the transcript: an interim result repeats and grows the words of the final that replaces
it, so it names its stream but carries no text (joined with its own final it would say the number twice). Finals
follow one another per the format's own stream:
- Deepgram live ``Results`` messages: ``is_final`` results' ``channel.alternatives[0].transcript``, per
  ``metadata.request_id`` (one WebSocket connection) and channel (``channel_index[0]``);
- Google Speech-to-Text ``StreamingRecognizeResponse`` logged as JSON: ``results[]`` with ``isFinal``, their
  ``alternatives[0].transcript``, per ``channelTag`` (a response's ``requestId`` is not read as the stream's);
- Azure Speech SDK event logs: ``RECOGNIZED: <the result's JSON>`` (``DisplayText``, per ``Channel`` and
  ``SpeakerId``) or ``RECOGNIZED: Text=<text>``; ``RECOGNIZING:`` lines are the interim hypotheses.
A final's time in its stream (Deepgram ``start``, Google ``resultEndTime``, Azure ``Offset``) only grows; where it
goes back, another stream (a log's next call) began under the same id, and the two are not joined.
"""

from __future__ import annotations

import json
import re
from typing import Any

# the format, the stream id (None: the last one named), the text (None: none), the result's time in its stream
Unit = tuple[str, str | None, str | None, float | None]
_AZURE = re.compile(r"(RECOGNIZ(?:ED|ING)): (?:Text=(.*?)(?: Offset=[0-9]+ Duration=[0-9]+)?|(\{.*\}))$")


def _final(text: str) -> str:
    """A final result's text as the transcript holds it: a recogniser ends a result on a whole word, so a word at
    its end is never the first part of the next result's first word (a number's digits may be: a pause inside it)."""
    return text + " " if text[-1:].isalpha() else text


def _clock(value: Any) -> float | None:
    """A result's time in its stream: a number, or a protobuf Duration in JSON (``"5.508s"``)."""
    if isinstance(value, str) and value.endswith("s"):
        try:
            return float(value[:-1])
        except ValueError:
            return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _first_transcript(alternatives: Any) -> str | None:
    best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
    text = best.get("transcript") if isinstance(best, dict) else None
    return _final(text) if isinstance(text, str) else None


def deepgram(obj: dict[str, Any]) -> Unit | None:
    """A Deepgram live ``Results`` message (``obj["type"] == "Results"``), or None."""
    channel = obj.get("channel")
    if not isinstance(channel, dict):
        return None
    meta = obj.get("metadata")
    index = obj.get("channel_index")
    request = meta.get("request_id") if isinstance(meta, dict) else ""
    key = f"{request}|{index[0] if isinstance(index, list) and index else ''}"
    if obj.get("is_final") is not True:
        return ("deepgram", key, None, None)
    return ("deepgram", key, _first_transcript(channel.get("alternatives")), _clock(obj.get("start")))


def google(obj: dict[str, Any]) -> Unit | None:
    """A Google streaming recognition response (a ``results`` list of recognition results), or None."""
    results = obj.get("results")
    if not isinstance(results, list) or not results or not all(
            isinstance(r, dict) and "alternatives" in r for r in results):
        return None
    finals = [r for r in results if r.get("isFinal") is True]
    if not finals:
        return ("google_stt", None, None, None)
    text = "".join(t for r in finals if (t := _first_transcript(r["alternatives"])))
    end = finals[0].get("resultEndTime", finals[0].get("resultEndOffset"))  # v1, v2
    return ("google_stt", str(finals[0].get("channelTag")), text or None, _clock(end))


def azure(line: str) -> Unit | None:
    """A ``RECOGNIZED:`` / ``RECOGNIZING:`` line of an Azure Speech event log, or None."""
    m = _AZURE.search(line.rstrip("\r"))
    if m is None:
        return None
    if m[1] == "RECOGNIZING":
        return ("azure_speech", None, None, None)
    if m[2] is not None:
        return ("azure_speech", None, _final(m[2]), None)
    try:
        obj = json.loads(m[3])
    except ValueError:
        return None
    if not isinstance(obj, dict) or not isinstance(text := obj.get("DisplayText"), str):
        return None
    key = f"{obj.get('Channel', '')}|{obj.get('SpeakerId', '')}"
    return ("azure_speech", key, _final(text), _clock(obj.get("Offset")))
