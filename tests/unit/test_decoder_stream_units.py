"""StreamUnitsDecoder: the text fragments of a stream's units (token deltas, chat messages, WebSocket frames, producer
chunks, split log records, Kinesis and Firehose records) are joined per stream id, so a card number, expiry or
security code cut across units is found, on the unit where it starts; the first piece of a cut number is not
reported alone; fragments of different streams interleaved in one file are never joined."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest

from scanners.decoders._log_units import CWL_PIECE
from scanners.decoders.stream_units import StreamUnitsDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = StreamUnitsDecoder()
SHORT = _luhn("40128888881")  # a Luhn-valid 12-digit number
PAN = _luhn(SHORT + "012")  # 16 digits whose first 12 are Luhn-valid too
assert PAN[:12] == SHORT
# (stream id, text) in file order -> (lines, the line of each unit)
Units = list[tuple[str, str]]
Format = Callable[[Units], tuple[list[str], list[int]]]


def _each(line: Callable[[int, str, str], list[str]], head: list[str] | None = None, tail: list[str] | None = None,
          ) -> Format:
    """A line format: ``line(i, key, piece)`` gives a unit's lines, the unit's own line last."""
    def build(units: Units) -> tuple[list[str], list[int]]:
        lines, where = list(head or []), []
        for i, (key, piece) in enumerate(units):
            lines += line(i, key, piece)
            where.append(len(lines) - 1)
        return lines + (tail or []), where
    return build


def _doc(make: Callable[[Units], dict[str, object]], needle: Callable[[str], str]) -> Format:
    """A pretty-printed JSON document whose records are the units; a unit's line holds ``needle(piece)``."""
    def build(units: Units) -> tuple[list[str], list[int]]:
        lines = json.dumps(make(units), indent=2).split("\n")
        where, at = [], 0
        for _, piece in units:
            at = next(i for i in range(at, len(lines)) if needle(piece) in lines[i])
            where.append(at)
            at += 1
        return lines, where
    return build


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _delta(kind: str, key: str, piece: str) -> str:
    return json.dumps({"type": "response." + kind + ".delta", "sequence_number": 7, "item_id": key,
                       "output_index": 0, "content_index": 0, "delta": piece})


def _ai_sdk(units: Units) -> tuple[list[str], list[int]]:
    lines, where, last = [], [], None
    for key, piece in units:
        if key != last:
            lines += ['e:{"finishReason":"stop"}'] if last else []
            lines.append(json.dumps({"messageId": key}).join(["f:", ""]))
            last = key
        lines.append("0:" + json.dumps(piece))
        where.append(len(lines) - 1)
    return [*lines, 'd:{"finishReason":"stop","usage":{"promptTokens":1957,"completionTokens":834}}'], where


def _words(text: str) -> list[str]:
    """A speech result's partial results: its words before the first digit, one more each time (a partial result
    is also read alone, as it stands, so these stop before the value as the tests read it)."""
    words = text[:next((i for i, c in enumerate(text) if c.isdigit()), len(text))].split()
    return [" ".join(words[:k]) for k in range(1, len(words) + 1)]


FORMATS: dict[str, Format] = {
    "responses-sse": _each(lambda i, k, p: ["", "event: response.output_text.delta",
                                            "data: " + _delta("output_text", k, p)]),
    "realtime-har": _each(lambda i, k, p: ["          },"] * (i > 0) + [
        "          {", '            "type": "receive",', f'            "time": 1796562198.{i},',
        '            "opcode": 1,', '            "data": ' + json.dumps(_delta("audio_transcript", k, p))],
        head=['      "_webSocketMessages": ['], tail=["          }", "      ]"]),
    "converse-logged": _each(lambda i, k, p: [json.dumps({"ts": "2026-12-06T12:10:20.2Z", "requestId": k, "event": {
        "contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}}})]),
    "ai-sdk": _ai_sdk,
    "langchain": _each(lambda i, k, p: [f"2026-12-06 12:09:55,774 INFO  agent.metrics run_id={k} prompt_tokens=3853",
                                        f"2026-12-06 12:09:55,774 DEBUG langchain.callbacks [run_id={k}] "
                                        f"on_llm_new_token token={json.dumps(p)}"]),
    "apigw-frames": _each(lambda i, k, p: [f"(3d84de2d-1f51-48f3-9abc-7867b9f76d7b) Extended Request Id: XkiI8Dye=, "
                                           f"Connection Id: {k}, Route: $default, frame {i + 1}/9 fin=false "
                                           f"payload: {p}"]),
    "connect-ws": _each(lambda i, k, p: [json.dumps({"content": json.dumps({
        "AbsoluteTime": "2026-12-06T12:11:04.361Z", "Content": p, "ContentType": "text/plain", "Type": "MESSAGE",
        "ParticipantId": k, "ContactId": "c-" + k}), "contentType": "application/json", "topic": "aws/chat"})]),
    "kafka-chunks": _each(lambda i, k, p: [f"CreateTime:17965589958{i}\tPartition:3\tOffset:8109161{i}\t"
                                           f"Headers:msg-id:{k},chunk:{i + 1}/9\t{p}"]),
    "fluentd-partial": _each(lambda i, k, p: ["2026-12-06T12:10:02+00:00\tdocker.ivr-gw\t" + json.dumps({
        "container_id": "db2cdc965ef1", "source": "stdout", "log": p, "partial_message": "true", "partial_id": k,
        "partial_ordinal": str(i + 1), "partial_last": "false"})]),
    "gcp-split": _each(lambda i, k, p: [json.dumps({"insertId": f"7a40a26d{i}", "textPayload": p,
                                                    "split": {"uid": k, "index": i, "totalSplits": 9}})]),
    "transcribe-streaming": _each(lambda i, k, p: [json.dumps({"Transcript": {"Results": [{
        "Alternatives": [{"Items": [], "Transcript": w}], "ChannelId": k, "EndTime": 3.1, "IsPartial": True,
        "ResultId": f"r{i}", "StartTime": 1.2}]}}) for w in _words(p)] + [json.dumps({"Transcript": {"Results": [{
            "Alternatives": [{"Items": [{"Content": p, "Type": "pronunciation"}], "Transcript": p}], "ChannelId": k,
            "EndTime": 3.9, "IsPartial": False, "ResultId": f"r{i}", "StartTime": 1.2}]}})]),
    "call-analytics": _each(lambda i, k, p: [json.dumps({"CategoryEvent": {
        "MatchedCategories": ["payment"], "MatchedDetails": {}}})] * (i == 1) + [json.dumps({"UtteranceEvent": {
            "UtteranceId": f"u{i}", "IsPartial": is_partial, "ParticipantRole": k, "BeginOffsetMillis": 1200 * i,
            "EndOffsetMillis": 1200 * i + 900, "Transcript": w, "Items": [], "Entities": []}})
            for is_partial, w in [*((True, w) for w in _words(p)[-1:]), (False, p)]]),
    "lex-v2-events": _each(lambda i, k, p: [json.dumps({"sessionId": k, "event": {"HeartbeatEvent": {
        "eventId": f"RESPONSE-{i}"}}})] * (i % 2) + [json.dumps({"sessionId": k, "event": {"TranscriptEvent": {
            "transcript": p, "eventId": f"RESPONSE-{i + 9}"}}})]),
    "kinesis-get-records": _doc(lambda units: {"Records": [
        {"SequenceNumber": "4970997159569242254926482079004105124547534660615832227" + str(i),
         "ApproximateArrivalTimestamp": 1796568526.011, "Data": b64(p), "PartitionKey": k}
        for i, (k, p) in enumerate(units)], "NextShardIterator": "AAAAAAAAAAF"}, b64),
    "kinesis-lambda": _doc(lambda units: {"Records": [
        {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": f"pk-{i}", "data": b64(p),
                     "sequenceNumber": "4985834064105825125812496537002726156255403195120279425" + str(i)},
         "eventSource": "aws:kinesis", "eventID": f"{k}:4985834064105825125812496537002726156255403195120279425{i}"}
        for i, (k, p) in enumerate(units)]}, b64),
    "connect-transcript": _doc(lambda units: {"Version": "2019-08-26", "ContactId": "fc3f9d12", "Transcript": [
        {"AbsoluteTime": "2026-12-06T12:26:42.573Z", "Content": p, "ContentType": "text/plain", "Id": f"id-{i}",
         "Type": "MESSAGE", "ParticipantId": k, "ParticipantRole": "CUSTOMER" if k == "s1" else "AGENT"}
        for i, (k, p) in enumerate(units)]},
        json.dumps),
}
ONE_STREAM = {"firehose-transform": _doc(lambda units: {
    "invocationId": "a55119f3", "deliveryStreamArn": "arn:aws:firehose:us-east-1:866864410573:deliverystream/x",
    "records": [{"recordId": f"4973295022860802728706391339643456112528782798405006935100000{i}",
                 "approximateArrivalTimestamp": 1796559268833, "data": b64(p)} for i, (_, p) in enumerate(units)]},
    b64),
    # a Bedrock invocation log of a streamed answer: the stream's events in ``output.outputBodyJson``, one record a
    # line as CloudWatch Logs holds them (after another record), or pretty-printed
    "invocation-log-line": lambda units: ([json.dumps(_invocation([])), json.dumps(_invocation([
        {"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}} for _, p in units]))], [1] * len(units)),
    "invocation-log-doc": _doc(lambda units: _invocation([
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}} for _, p in units]),
        json.dumps),
}


def _invocation(events: list[dict[str, object]]) -> dict[str, object]:
    return {"schemaType": "ModelInvocationLog", "schemaVersion": "1.0", "timestamp": "2026-11-16T07:58:11Z",
            "accountId": "739164052283", "region": "us-east-1", "requestId": "0e9d7cc0-321c-4beb-9111-a5f77eeea749",
            "operation": "ConverseStream", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "input": {"inputContentType": "application/json", "inputTokenCount": 40, "inputBodyJson": {
                "messages": [{"role": "user", "content": [{"text": "read back the order"}]}]}},
            "output": {"outputContentType": "application/json", "outputBodyJson": [
                {"messageStart": {"role": "assistant"}}, *events, {"contentBlockStop": {"contentBlockIndex": 0}},
                {"messageStop": {"stopReason": "end_turn"}},
                {"metadata": {"usage": {"inputTokens": 40, "outputTokens": 25}, "metrics": {"latencyMs": 812}}}]}}


# (id, pieces of stream "s1", what is found on which piece)
CASES = [
    ("pan-cvv-cut", ["card number ", PAN[:7], PAN[7:] + ", security code 3", "41 thanks"], {"pan": 1, "cvv": 2}),
    ("first-piece-luhn-valid", ["cc ", PAN[:12], PAN[12:] + " exp 0", "4/29"], {"pan": 1, "expiry": 2}),
    ("json-cut", ['{"card_number": "' + PAN[:4] + " " + PAN[4:6], PAN[6:8] + " " + PAN[8:12] + " " + PAN[12:]
                  + '", "cvv": "5', '17"}'], {"pan": 0, "cvv": 1}),
]
ALL = {**FORMATS, **ONE_STREAM}
SPEECH = ("transcribe-streaming", "call-analytics", "lex-v2-events")  # results cut at a pause, never inside a word


def _engine(backend: Backend) -> Engine:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    return Engine(backend=backend)


def found(engine: Engine, lines: list[str]) -> set[tuple[str, int, str]]:
    text = "\n".join(lines) + "\n"
    return {(s.type, text.count("\n", 0, s.start), s.value) for s in engine.scan_text(text)}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("form", ALL)
@pytest.mark.parametrize(("pieces", "where"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_a_value_cut_across_units_is_found_on_its_first_unit(backend: Backend, form: str, pieces: list[str],
                                                             where: dict[str, int]) -> None:
    lines, at = ALL[form]([("s1", p) for p in pieces])
    got = found(_engine(backend), lines)
    assert {(t, n) for t, n, _ in got} == {(t, at[i]) for t, i in where.items()}
    assert {v for t, _, v in got if t == "pan"} == {PAN}  # never the first piece alone


@pytest.mark.parametrize("form", FORMATS)
def test_the_pieces_of_each_stream_are_joined_apart(form: str) -> None:
    units = [("s1", "card "), ("s2", "hello "), ("s1", PAN[:9]), ("s2", "world"), ("s1", PAN[9:])]
    lines, _ = FORMATS[form](units)
    text = "\n".join(lines) + "\n"
    lead = ", " if form in SPEECH else ""  # a speech result that starts with a word is read after a comma
    want = [lead + "card " + PAN, lead + "hello " + lead + "world"]
    assert sorted(seg.text for seg in D.decode(text)) == sorted(want)


@pytest.mark.parametrize("form", FORMATS)
def test_streams_interleaved_in_one_file_are_never_joined(form: str) -> None:
    """Two contacts' numbers, each a fragment of its own stream, whose run-together digits are Luhn-valid."""
    units = [("s1", "my order number is "), ("s2", PAN[8:]), ("s1", PAN[:8]), ("s2", " is my member number")]
    lines, _ = FORMATS[form](units)
    assert found(Engine(), lines) == set()


@pytest.mark.parametrize("form", ALL)
def test_whole_values_one_per_unit_are_found_where_they_stand(form: str) -> None:
    other = _luhn("5555555555554")[:-1] + "4"
    units = [("s1", f"card {PAN} exp 04/29"), ("s1", "thanks"), ("s1", f"cvv {other[-3:]} for card {PAN}")]
    lines, at = ALL[form](units)
    got = {(t, n) for t, n, _ in found(Engine(), lines)}
    assert ("pan", at[0]) in got and ("expiry", at[0]) in got and ("pan", at[2]) in got


@pytest.mark.parametrize("form", ALL)
def test_whole_messages_run_together_keep_what_each_says(form: str) -> None:
    """A whole message's values stand when the join runs them into the next message's (a code, then a number)."""
    other = _luhn("601100099990001")
    units = [("s1", f"card {PAN} security code 415"), ("s1", f"{other} exp 04/29"), ("s1", "thanks"),
             ("s1", f"{other[:9]}"), ("s1", f"{other[9:]}."), ("s1", f"{PAN} is my card")]
    lines, at = ALL[form](units)
    got = {(t, n, v) for t, n, v in found(Engine(), lines) if t != "expiry"}
    assert got == {("pan", at[0], PAN), ("cvv", at[0], "415"), ("pan", at[1], other), ("pan", at[3], other),
                   ("pan", at[5], PAN)}


@pytest.mark.parametrize("form", ["invocation-log-line", "invocation-log-doc"])
def test_a_number_whole_in_its_own_unit_is_read_with_the_words_of_the_units_around_it(form: str) -> None:
    """A model's answer "Your order <n> has shipped." streamed as three deltas: the number is the order's."""
    lines, _ = ALL[form]([("s1", "Your order "), ("s1", PAN), ("s1", " has shipped.")])
    assert found(Engine(), lines) == set()
    lines, at = ALL[form]([("s1", "The card on file is "), ("s1", PAN), ("s1", ".")])
    assert {(t, n) for t, n, _ in found(Engine(), lines)} == {("pan", at[1])}


@pytest.mark.parametrize("form", FORMATS)
def test_a_word_cut_across_units_keeps_its_meaning(form: str) -> None:
    """A Luhn-valid order number is no card once the join puts its key back together (a speech result ends at a
    pause, before the number is said)."""
    cut = ("Sure, my order number is", PAN) if form in SPEECH else ("Sure, my orde", f"r number is {PAN}")
    lines, _ = FORMATS[form]([("s1", cut[0]), ("s1", cut[1])])
    assert found(Engine(), lines) == set()


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("code 415", "6011 0000", "code 4156011 0000"),  # digits on both sides: a cut may fall there
    ("security code 3", "41", "security code 341"),  # a cut inside a value
    ("cvv", "2=341", "cvv2=341"),  # a card code's name takes its digit
    ("thanks", "3474-24", "thanks 3474-24"),
    ("code 013.", "5235", "code 013.\n5235"),
    ("is 4111.", " Thanks", "is 4111. Thanks"),
    ("exp 04/2", "9 thanks", "exp 04/29 thanks"),
])
def test_the_seams_between_units(before: str, after: str, joined: str) -> None:
    lines, _ = FORMATS["kafka-chunks"]([("m", before), ("m", after)])
    assert [seg.text for seg in D.decode("\n".join(lines))] == [joined]


@pytest.mark.parametrize("line", [
    "0:not a json string",
    "CreateTime:1796558997530\tPartition:6\tOffset:81091624\tHeaders:msg-id:61aca186\t{\"orderId\": \"5985708921\"}",
    json.dumps({"type": "response.completed", "response": {"id": "resp_1", "usage": {"total_tokens": 1550}}}),
    json.dumps({"insertId": "ff82151473bddc", "textPayload": "GET /healthz 200", "severity": "INFO"}),
])
def test_lines_that_are_no_unit(line: str) -> None:
    assert list(D.decode("\n".join([line, line]))) == []


def test_every_window_on_the_stream_yields_it_once_per_text() -> None:
    lines, _ = FORMATS["kafka-chunks"]([("m", "card "), ("m", PAN[:6]), ("m", PAN[6:])])
    text = "\n".join(lines)
    segs = [seg for at in range(0, len(text), 40) for seg in D.decode(text, at, at + 1)]
    assert {(s.start, s.end, s.text) for s in segs} == {(0, len(text), "card " + PAN)}


def _wire(conn: int, data: str, direction: str = ">>") -> str:
    """A line of Apache HttpClient's wire log: ``data`` as the log writes its bytes."""
    shown = data.replace("\r", "[\\r]").replace("\n", "[\\n]")
    return f'2026-12-07 10:00:01,250 DEBUG [org.apache.http.wire] http-outgoing-{conn} {direction} "{shown}"'


def _chunked(conn: int, chunks: list[str], head: str = "POST /v1/payments HTTP/1.1\r\n") -> list[str]:
    """A request whose body is sent in ``chunks`` (chunked transfer coding), one wire line a line sent."""
    lines = [_wire(conn, head), _wire(conn, "Transfer-Encoding: chunked\r\n"), _wire(conn, "\r\n")]
    for chunk in chunks:
        lines += [_wire(conn, f"{len(chunk.encode()):x}\r\n"), _wire(conn, chunk + "\r\n")]
    return [*lines, _wire(conn, "0\r\n"), _wire(conn, "\r\n")]


WIRE_CASES = [  # (id, lines, what is found on which line)
    ("pan-cut", _chunked(3, ['{"card_number": "' + PAN[:6], PAN[6:] + '", "cvv": "5', '17"}']),
     {("pan", 4), ("cvv", 6)}),
    ("grouped-pan-cut-at-a-space", _chunked(0, [f'{{"card": "{PAN[:4]} {PAN[4:8]} ', f'{PAN[8:12]} {PAN[12:]}"}}']),
     {("pan", 4)}),
    ("fixed-length-body-in-two-writes", [
        _wire(7, "POST /v1/payments HTTP/1.1\r\n"), _wire(7, "Content-Length: 40\r\n"), _wire(7, "\r\n"),
        _wire(7, f"card={PAN[:10]}"), _wire(7, f"{PAN[10:]}&exp=0429")], {("pan", 3), ("expiry", 4)}),
    ("other-connection-between", [*_chunked(1, ["card " + PAN[:8]])[:5], *_chunked(2, ["hello"]),
                                  *_chunked(1, [PAN[8:]])[3:]], {("pan", 4)}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("lines", "where"), [pytest.param(c[1], c[2], id=c[0]) for c in WIRE_CASES])
def test_a_body_cut_across_wire_lines_is_read_whole(backend: Backend, lines: list[str],
                                                    where: set[tuple[str, int]]) -> None:
    got = found(_engine(backend), lines)
    assert {(t, n) for t, n, _ in got} == where
    assert {v for t, _, v in got if t == "pan"} == {PAN}


def test_a_chunked_body_is_joined_without_its_framing() -> None:
    """The hex size lines and the CRLF after each chunk are framing: the chunks' data is joined exactly, and two
    requests on one connection stay two messages."""
    lines = _chunked(5, ["ab", "cd\n", "ef"]) + _chunked(5, ["12"]) + _chunked(5, ["34"])
    (seg,) = D.decode("\n".join(lines))
    assert seg.text == "abcd\nef\n12\n34\n"


@pytest.mark.parametrize("lines", [
    # two connections' bodies whose run-together digits are Luhn-valid
    [*_chunked(1, ["order " + PAN[:8]]), *_chunked(2, [PAN[8:] + " ref"])],
    # the hex size lines are never read into the body's digits
    _chunked(4, ["ref 1" + PAN[:3], PAN[3:9], PAN[9:] + "0"]),
    # a header cut in two is no body
    [_wire(6, f"X-Trace: {PAN[:8]}"), _wire(6, f"{PAN[8:]}\r\n"), _wire(6, "\r\n")],
], ids=["two-connections", "size-lines", "headers"])
def test_wire_lines_that_stay_quiet(lines: list[str]) -> None:
    assert found(Engine(), lines) == set()


def _log_events(events: list[tuple[str, str]]) -> list[str]:
    """``aws logs filter-log-events`` output of ``(logStreamName, message)`` events, pretty-printed as the CLI does."""
    return json.dumps({"events": [{"logStreamName": stream, "timestamp": 1796558997530 + i, "message": message,
                                   "ingestionTime": 1796558997730 + i, "eventId": f"3830{i:052d}"}
                                  for i, (stream, message) in enumerate(events)], "searchedLogStreams": []},
                      indent=4).split("\n")


def _at_limit(head: str, tail: str) -> str:
    """A message of exactly the event size limit that ends in ``tail``."""
    return head + "." * (CWL_PIECE - len(head) - len(tail)) + tail


LAMBDA = "2026/12/07/[$LATEST]e7026fa0cb8449cc04ee96b4914ac651"


@pytest.mark.parametrize(("events", "found_on"), [
    pytest.param([(LAMBDA, "START"), (LAMBDA, _at_limit("DEBUG payload=", f'{{"card": "{PAN[:7]}')),
                  (LAMBDA, f'{PAN[7:]}", "cvv": "517"}}')], {("pan", 1), ("cvv", 2)}, id="pan-cut"),
    pytest.param([(LAMBDA, _at_limit("DEBUG payload=", '{"cv')), ("other", "INFO ok"), (LAMBDA, 'v": "517"}')],
                 {("cvv", 2)}, id="keyword-cut-other-stream-between"),
    pytest.param([(LAMBDA, "order " + PAN[:7]), (LAMBDA, PAN[7:] + " shipped")], set(), id="whole-events"),
    pytest.param([(LAMBDA, _at_limit("DEBUG ", "order " + PAN[:7])), ("other", PAN[7:] + " shipped")], set(),
                 id="another-stream"),
])
def test_a_cloudwatch_event_cut_at_the_size_limit_is_joined(events: list[tuple[str, str]],
                                                           found_on: set[tuple[str, int]]) -> None:
    lines = _log_events(events)
    message_lines = [i for i, line in enumerate(lines) if line.lstrip().startswith('"message"')]
    got = {(t, message_lines.index(n)) for t, n, _ in found(Engine(), lines)}
    assert got == found_on


@pytest.mark.parametrize("form", SPEECH[:2])
def test_an_utterance_after_a_number_keeps_what_it_says(form: str) -> None:
    """Two final results: a masked card on file, then its caller's ``expires 04/29``: joined, the expiry would read as
    the masked card's own; the second result is an utterance of its own and its expiry stays."""
    units = [("s1", "the card on file is XXXX-XXXX-XXXX-" + PAN[-4:]), ("s1", "expires 04/29")]
    lines, at = FORMATS[form](units)
    assert found(Engine(), lines) == {("expiry", at[1], "04/29")}


@pytest.mark.parametrize("form", SPEECH)
@pytest.mark.parametrize("units", [
    pytest.param([("s1", "you can call me back on 415 555"), ("s1", "0123.")], id="phone-read-aloud"),
    pytest.param([("s1", "my order number is " + PAN[:8]), ("s2", PAN[8:]), ("s1", PAN[8:] + " thanks")],
                 id="order-number-and-another-channel"),
])
def test_speech_results_that_stay_quiet(form: str, units: Units) -> None:
    lines, _ = FORMATS[form](units)
    assert found(Engine(), lines) == set()


def test_a_connect_chat_customer_is_one_stream_whatever_id_each_message_carries() -> None:
    """A chat contact has one customer (``ParticipantRole`` ``CUSTOMER``): a card typed over two of the customer's
    messages is joined though the export gives each message a ``ParticipantId`` of its own; an agent's message
    between stays apart."""
    items = [("agent-1", "AGENT", "Please type the card number."), ("c-1", "CUSTOMER", PAN[:6]),
             ("agent-1", "AGENT", "ok"), ("c-2", "CUSTOMER", PAN[6:])]
    doc = {"Version": "2019-08-26", "ContactId": "fc3f9d12", "Transcript": [
        {"AbsoluteTime": f"2026-12-06T12:26:4{i}.573Z", "Content": said, "ContentType": "text/plain", "Id": f"id-{i}",
         "Type": "MESSAGE", "ParticipantId": who, "ParticipantRole": role}
        for i, (who, role, said) in enumerate(items)]}
    lines = json.dumps(doc, indent=2).split("\n")
    first = next(i for i, line in enumerate(lines) if json.dumps(PAN[:6]) in line)
    assert found(Engine(), lines) == {("pan", first, PAN)}
