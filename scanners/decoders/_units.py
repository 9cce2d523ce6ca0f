"""The units of a stream as each format writes them, for ``stream_units``: which stream a unit belongs to (the
format's own id) and the text fragment it carries.

Line formats (one unit a line; other lines of the format carry no text):
- OpenAI Responses and Realtime server events ``{"type": "response.<part>.delta", "item_id", "response_id",
  "delta": "<text>"}`` as server-sent ``data:`` lines or as a HAR's ``_webSocketMessages`` ``"data"`` strings;
- Bedrock ConverseStream events an app logs with its ``requestId``: ``{"requestId", "event": {"contentBlockDelta":
  {"delta": {"text"}}}}``;
- the Vercel AI SDK data stream: ``f:{"messageId"}`` starts a message, ``0:"<text>"`` parts carry its text;
- LangChain's ``on_llm_new_token`` callback logged with its ``run_id`` and ``token="<text>"``;
- Amazon Connect participant WebSocket messages ``{"content": "<JSON of a chat item>", "topic": "aws/chat"}``, a
  ``MESSAGE`` of one participant of one contact;
- API Gateway WebSocket frames ``Connection Id: <id>, ... frame i/n fin=... payload: <text>``;
- Kafka console consumer records carrying a ``chunk:i/n`` header (the other headers name the message);
- Docker's fluentd driver records ``partial_message``/``partial_id`` and Cloud Logging entries ``split.uid``;
- the final results of Deepgram live, Google Speech-to-Text streaming and Azure Speech streams (``_stt_units``);
- an IVR's inputs of a card number's parts: Lex V2 conversation-log turns per session and card slot, Connect
  flow-log input blocks per contact (``_ivr_units``);
- Apache HttpClient's wire log lines per connection and direction, CloudWatch Logs events per log stream as the AWS
  CLI prints them (``_log_units``);
- the final results of Amazon Transcribe streaming (per channel) and Call Analytics (per participant), the caller's
  transcripts of a Lex V2 StartConversation stream (per session): a partial result is no unit.

Documents (one pretty-printed JSON object whose records are units): ``aws kinesis get-records`` output
(``Records[].Data`` per ``PartitionKey``), a Lambda Kinesis event (``Records[].kinesis.data`` per shard: one batch
holds one shard's records in sequence), a Firehose transformation event (``records[].data``, one delivery stream) and
an Amazon Connect chat transcript (``Transcript[]`` messages per ``ParticipantId``, the customer's as one); a Bedrock
model invocation log of a streamed answer (``output.outputBodyJson``, the list of the stream's events, one stream),
also one log record a line. Base64 data is decoded.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from scanners.decoders import _log_units, _stt_units
from scanners.decoders._common import b64_text
from scanners.decoders._ivr_units import flow_block, lex_turn

_DELTA_TYPE = re.compile(r"response\.[a-z_]{1,40}\.delta")
_AI_SDK = re.compile(r"([0-9a-k]):(.*)")
_RUN_ID = re.compile(r"run_id=([0-9A-Za-z-]+)")
_NEW_TOKEN = "on_llm_new_token token="  # noqa: S105 (a callback name, no secret)
_FRAME = re.compile(r"Connection Id: ([^,\s]+),.*? frame [0-9]+/[0-9]+ fin=(?:true|false) payload: ?(.*)")
_CHUNK = re.compile(r"Headers:([^\t]*?)chunk:[0-9]+/[0-9]+([^\t]*)\t(.*)")


class Read(NamedTuple):
    """One line of a format: the stream it belongs to (None: the one the last id line named) and its text (None:
    none; a line that only names a stream when ``key`` is set), and what names the text when this unit starts
    the joined text (``head``: a card slot's name or an input block's prompt before a card number's parts)."""

    form: str
    key: str | None
    piece: str | None
    b64: bool = False
    clock: float | None = None  # the unit's time in its stream: a stream that starts again under its id goes back
    head: str = ""


def _json(line: str) -> Any:
    brace = line.find("{")
    if brace < 0 or not line.rstrip().endswith("}"):
        return None
    try:
        return json.loads(line[brace:])
    except ValueError:
        return None


def _server_event(obj: Any) -> Read | None:
    """An OpenAI Responses / Realtime server event: a text delta of its item, or another event (no text)."""
    kind = obj.get("type") if isinstance(obj, dict) else None
    if not isinstance(kind, str) or not kind.startswith("response."):
        return None
    if _DELTA_TYPE.fullmatch(kind) and isinstance(piece := obj.get("delta"), str):
        key = obj.get("item_id") or obj.get("response_id")
        return Read("openai", str(key), piece)
    return Read("openai", None, None)


def _json_line(line: str) -> Read | None:
    if '"data":' in line and '\\"type\\"' in line:  # a HAR WebSocket message: a JSON event in a JSON string
        obj = _json("{" + line.strip().rstrip(",") + "}")
        data = obj.get("data") if isinstance(obj, dict) else None
        return _server_event(_json(data)) if isinstance(data, str) else None
    obj = _json(line)
    if not isinstance(obj, dict):
        return None
    if obj.get("type") == "Results":
        return _speech(_stt_units.deepgram(obj))
    if "type" in obj:
        return _server_event(obj)
    if "results" in obj:
        return _speech(_stt_units.google(obj))
    if isinstance(event := obj.get("event"), dict) and "requestId" in obj:
        text = event.get("contentBlockDelta", {}).get("delta", {}).get("text") if len(event) == 1 else None
        return Read("converse", str(obj["requestId"]), text if isinstance(text, str) else None)
    if obj.get("topic") == "aws/chat" and isinstance(content := obj.get("content"), str):
        item = _json(content)
        if isinstance(item, dict) and item.get("Type") == "MESSAGE" and isinstance(text := item.get("Content"), str):
            return Read("connect", f"{item.get('ContactId')}|{item.get('ParticipantId')}", text)
        return Read("connect", "", None)
    if "partial_id" in obj and str(obj.get("partial_message")).lower() == "true":
        log = obj.get("log")
        return Read("fluentd", str(obj["partial_id"]), log if isinstance(log, str) else None)
    if isinstance(split := obj.get("split"), dict) and "uid" in split:
        text = obj.get("textPayload")
        return Read("split", str(split["uid"]), text if isinstance(text, str) else None)
    if "ContactFlowModuleType" in obj and "ContactId" in obj:
        key, piece, head = flow_block(obj)
        return Read("flow", key, piece, head=head)
    if "sessionId" in obj and isinstance(obj.get("sessionState"), dict):
        key, piece, head = lex_turn(obj)
        return Read("lex", key, piece, head=head)
    return _aws_speech(obj)


def _final(result: dict[str, Any], text: Any) -> str | None:
    """A result's text when the result is final (``IsPartial`` false or absent): a partial result is repeated,
    grown, by the next result of its id, and its final one holds it whole. A result ends at a pause, never inside a
    word: one that starts with a word is read after a comma (a number said in words ends with its result, not
    in the next one's ``one moment please``)."""
    if not isinstance(text, str) or str(result.get("IsPartial", False)).lower() != "false":
        return None
    return ", " + text if text[:1].isalpha() else text


def _aws_speech(obj: dict[str, Any]) -> Read | None:
    """An event of an AWS speech stream, as an app logs it: Transcribe streaming's ``TranscriptEvent`` (final
    ``Results`` per ``ChannelId``), Transcribe Call Analytics' ``UtteranceEvent`` (final utterances per
    ``ParticipantRole``; a ``CategoryEvent`` has no text), Lex V2 StartConversation events ``{"sessionId", "event":
    {"TranscriptEvent": {"transcript", "eventId"}}}`` (the caller's words per session; the bot's events and the
    heartbeats have no text). A caller's pause cuts a number into two final results, read in order by the consumer."""
    event = obj["event"] if isinstance(obj.get("event"), dict) else obj
    if isinstance(inner := event.get("TranscriptEvent"), dict) and "Transcript" in inner:
        event = inner  # a Transcribe event under its name in the stream
    transcript = event.get("Transcript")
    if isinstance(transcript, dict) and isinstance(results := transcript.get("Results"), list):
        call = _string_at(obj, "metadata", "callId") or ""  # a Chime SDK call analytics record names its call
        finals = [(call + "|" + str(r.get("ChannelId", "")), text) for r in results if isinstance(r, dict)
                  and isinstance(alt := r.get("Alternatives"), list) and alt and isinstance(alt[0], dict)
                  and (text := _final(r, alt[0].get("Transcript"))) is not None]
        return Read("transcribe", *finals[0]) if len(finals) == 1 else Read("transcribe", None, None)
    if isinstance(utterance := event.get("UtteranceEvent"), dict):
        role = str(utterance.get("ParticipantRole", ""))
        return Read("call_analytics", role, _final(utterance, utterance.get("Transcript")))
    if isinstance(event.get("CategoryEvent"), dict):
        return Read("call_analytics", None, None)
    named = [k for k, v in event.items() if k.endswith("Event") and isinstance(v, dict) and "eventId" in v]
    if len(named) == 1:
        text = _final({}, event[named[0]].get("transcript")) if named[0] == "TranscriptEvent" else None
        return Read("lex", str(obj.get("sessionId", "")), text)
    return None


def read_line(line: str) -> Read | None:
    """The unit a line holds, or None when it is no line of a stream format."""
    if len(line) > 1 and line[1] == ":" and (m := _AI_SDK.fullmatch(line.rstrip("\r"))) is not None:
        if m[1] == "0":
            piece = _json(f'{{"t":{m[2]}}}')
            return Read("ai_sdk", None, piece["t"]) if piece and isinstance(piece["t"], str) else None
        head = _json(m[2]) if m[1] == "f" else None
        return Read("ai_sdk", str(head.get("messageId")) if isinstance(head, dict) else None, None)
    if (at := line.find(_NEW_TOKEN)) >= 0:
        rest = line[at + len(_NEW_TOKEN):].rstrip("\r")
        try:
            token = json.loads(rest)
        except ValueError:
            token = rest[1:-1] if len(rest) > 1 and rest[0] == rest[-1] == "'" else None
        run = _RUN_ID.search(line, 0, at)
        return Read("langchain", run[1] if run else "", token) if isinstance(token, str) else None
    if " frame " in line and (m := _FRAME.search(line)) is not None:
        return Read("apigw", m[1], m[2].rstrip("\r"))
    if "http-outgoing-" in line and (sent := _log_units.wire_line(line)) is not None:
        return Read("wire", *sent)
    if "chunk:" in line and (m := _CHUNK.search(line)) is not None:
        return Read("kafka", m[1] + m[2], m[3].rstrip("\r"))
    if "RECOGNIZ" in line:
        return _speech(_stt_units.azure(line))
    if '": "' in line and (event := _log_units.event_line(line)) is not None:
        return Read("cwl", *event)
    return _json_line(line) if "{" in line else None


def _speech(unit: _stt_units.Unit | None) -> Read | None:
    return None if unit is None else Read(*unit[:3], clock=unit[3])


class DocUnit(NamedTuple):
    needle: str  # the value as the document writes it: where the unit's line is
    key: str
    piece: str
    b64: bool


def _string_at(record: Any, *path: str) -> str | None:
    """The string at ``path`` of nested objects in ``record``, or None."""
    for key in path:
        record = record.get(key) if isinstance(record, dict) else None
    return record if isinstance(record, str) else None


def read_doc(obj: Any) -> list[DocUnit]:
    """The units of a whole JSON document, in order; empty when it is none of the formats."""
    if not isinstance(obj, dict):
        return []
    units: list[DocUnit] = []
    records = obj.get("Records") or obj.get("records")
    for record in records if isinstance(records, list) else ():
        if not isinstance(record, dict):
            continue
        if (data := _string_at(record, "Data")) is not None:  # aws kinesis get-records
            key = str(record.get("PartitionKey"))
        elif (data := _string_at(record, "kinesis", "data")) is not None:  # a Lambda event: one shard's batch
            key = str(record.get("eventID", "")).partition(":")[0]
        elif (data := _string_at(record, "data")) is not None and "recordId" in record:  # Firehose transformation
            key = ""
        else:
            continue
        if (text := b64_text(data)) is not None:
            units.append(DocUnit(f'"{data}"', key, text, True))
    output = obj.get("output")
    events = output.get("outputBodyJson") if isinstance(output, dict) else None
    for event in events if isinstance(events, list) else ():  # a Bedrock invocation log of a streamed answer
        if isinstance(text := _event_text(event), str) and text:
            units.append(DocUnit(json.dumps(text, ensure_ascii=False), "", text, False))
    transcript = obj.get("Transcript")
    for item in transcript if isinstance(transcript, list) else ():
        if isinstance(item, dict) and item.get("Type") == "MESSAGE" and isinstance(text := item.get("Content"), str):
            units.append(DocUnit(json.dumps(text, ensure_ascii=False), _chat_sender(item), text, False))
    return units


def _chat_sender(item: dict[str, Any]) -> str:
    """Whose stream a Connect chat transcript's message is: its ``ParticipantId``; the customer's, whatever id each
    message carries (a chat contact has one participant of the role ``CUSTOMER``; an export that gives each message
    an id of its own, or none, still holds one customer's messages)."""
    return "CUSTOMER" if item.get("ParticipantRole") == "CUSTOMER" else str(item.get("ParticipantId"))


def _event_text(event: Any) -> Any:
    """The text a model's stream event carries: a ConverseStream ``contentBlockDelta``, an Anthropic Messages
    ``content_block_delta`` or text completion chunk, a Titan, Llama or Mistral chunk; None for other events."""
    if not isinstance(event, dict):
        return None
    if isinstance(delta := event.get("contentBlockDelta"), dict):
        return _string_at(delta, "delta", "text")
    if event.get("type") == "content_block_delta":
        return _string_at(event, "delta", "text")
    for key in ("completion", "outputText", "generation"):
        if key in event:
            return event[key]
    outputs = event.get("outputs")
    return _string_at(outputs[0], "text") if isinstance(outputs, list) and outputs else None
