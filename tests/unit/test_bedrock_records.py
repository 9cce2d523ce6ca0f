"""Bedrock invocation-log parsing: every body shape in tests/events/bedrock_*.json, streams, malformed records.

Each recorded event carries ``marker-...`` strings where the prompt or output text sits; the table says which
part must contain which marker (and that it is not in the other part).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanners.sources.bedrock_records import Part, body_text, load_record, parts, record_id

EVENTS = Path(__file__).resolve().parents[1] / "events"


def event(name: str) -> dict[str, Any]:
    return load_record(json.dumps(json.loads((EVENTS / f"bedrock_{name}.json").read_text())))


def texts(record: dict[str, Any]) -> dict[str, Part]:
    return {p.name: p for p in parts(record)}


@pytest.mark.parametrize(
    ("name", "input_has", "output_has"),
    [
        ("imported_completion", ["<|im_start|>system", "4242 4242 4242 4242", "contactId: b7f3a1de"],
         ["Thank you. Your payment"]),
        ("converse", ["marker-system-7731", "5555 5555 5555 4444", "card_number: 5555555555554444", "cvv: 123",
                      "marker-tool-result-2204", "last4: 4444"],
         ["marker-converse-out-9911", "pan: 5555555555554444"]),
        ("anthropic_messages", ["marker-anthropic-system-5150", "My card is 4000056655665556"],
         ["marker-anthropic-out-4410"]),
        ("anthropic_stream", ["Read back the card number"], ["The number is 4000 0566 5566 5556, marker-stream"]),
        ("converse_stream", ["marker-nova-in-3301"], ["card 3782 822463 10005 marker-nova-out-3302"]),
        ("openai_chat", ["marker-openai-system-8080", "card 4242-4242-4242-4242 please"], ["marker-openai-out-8081"]),
        ("mistral", ["<s>[INST] marker-mistral-in-1212 [/INST]"], ["marker-mistral-out-1213"]),
        ("titan", ["marker-titan-in-4545"], ["marker-titan-out-4546"]),
        ("string_body", ["marker-string-in-6006"], ["marker-string-out-6007"]),
        ("error", ["marker-error-in-5005"], []),
        ("large_body", [], ["marker-large-out-7007"]),
    ],
)
def test_prompt_and_output_text_of_every_shape(name: str, input_has: list[str], output_has: list[str]) -> None:
    got = texts(event(name))
    assert set(got) == {"input", "output"}
    inp, out = got["input"].text, got["output"].text
    # indexes only: a failure never prints the (card-bearing) text
    assert [i for i, needle in enumerate(input_has) if needle not in inp or needle in out] == []
    assert [i for i, needle in enumerate(output_has) if needle not in out or needle in inp] == []


def test_record_ids_and_offloaded_body_path() -> None:
    rec = event("large_body")
    assert record_id(rec) == {"request_id": "ab12cd34-ef56-4a78-9b0c-1d2e3f4a5b6c",
                              "model_id": "anthropic.claude-3-haiku-20240307-v1:0"}
    got = texts(rec)
    assert got["input"].text == ""
    assert got["input"].s3_path is not None and got["input"].s3_path.endswith("_input.json.gz")
    assert got["output"].s3_path is None
    assert record_id({}) == {"request_id": "", "model_id": ""}


def test_stream_deltas_are_joined_once() -> None:
    out = texts(event("anthropic_stream"))["output"].text
    assert out.count("marker-stream-out-6120") == 1
    assert out.count("0566 55") == 1  # no delta repeated on its own
    assert out.startswith("The number is")


@pytest.mark.parametrize(
    ("body", "streamed", "expected"),
    [
        ({"prompt": "hello"}, False, "hello"),
        ("plain text body", False, "plain text body"),
        ('{"generation": "from a JSON string"}', False, "from a JSON string"),
        ("{not json", False, "{not json"),
        ([{"completion": "ab"}, {"completion": "cd"}], True, "abcd"),
        ([{"choices": [{"delta": {"content": "42"}}]}, {"choices": [{"delta": {"content": "42"}}]}], True, "4242"),
        ([{"outputText": "x"}, {"outputText": "y"}], True, "xy"),
        ([{"generation": "g1"}, {"generation": "g2"}], True, "g1g2"),
        ([{"outputs": [{"text": "m1"}]}, {"outputs": [{"text": "m2"}]}], True, "m1m2"),
        ([{"delta": {"type": "input_json_delta", "partial_json": '{"card": "42'}},
          {"delta": {"type": "input_json_delta", "partial_json": '42"}'}}], True, '{"card": "4242"}'),
        ([{"text": "a"}, {"text": "b"}], False, "a\nb"),  # a list in a request is not a stream
        ({"toolUse": {"input": {"card": 4242424242424242}}}, False, "card: 4242424242424242"),
        ({"flag": True, "nothing": None, "t": 0.5}, False, ""),
        ({"results": [{"outputText": "r"}], "choices": [{"message": {"content": "c"}}]}, False, "r\nc"),
    ],
)
def test_body_text(body: Any, streamed: bool, expected: str) -> None:
    got = body_text(body, streamed=streamed)
    assert got.split("\n")[0] == expected.split("\n")[0] if streamed else got == expected


def test_metadata_fields_are_not_scanned_but_unknown_fields_are() -> None:
    rec = {"requestId": "r", "modelId": "m",
           "input": {"inputContentType": "application/json", "inputTokenCount": 4242424242424242,
                     "inputBodyJson": {"prompt": "p"}, "inputBodyText": "hidden 4111"},
           "output": "bare output section"}
    got = texts(rec)
    assert got["input"].text == "p\ninputBodyText: hidden 4111"  # no token count
    assert got["output"].text == "output: bare output section"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"requestId": "r", "input": {"inputBodyJson": {"prompt": "4242 4242', json.JSONDecodeError),
        ("not json at all", json.JSONDecodeError),
        ('["a", "list"]', ValueError),
        ("42", ValueError),
        ("", json.JSONDecodeError),
    ],
)
def test_malformed_records_raise_without_echoing(line: str, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        load_record(line)
    assert "4242" not in str(info.value)
    if error is ValueError:
        assert "expected a JSON object" in str(info.value)


def test_part_repr_hides_text() -> None:
    part = Part("input", "card 4242424242424242")
    assert "4242" not in repr(part)
