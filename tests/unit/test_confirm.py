"""ivr.confirm.service: every branch of the spoken confirmation (model, guard, fallbacks) with a fake Bedrock client."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from ivr.confirm import service as confirm
from ivr.confirm.model import MAX_MODEL_S, client_for
from ivr.confirm.service import Confirmation, confirmation
from scanners.cards.brands import luhn_valid

GOOD = "Thanks for your payment of 50.00 pounds on your Visa card ending in 4242. Your reference is K7Q2M9XA."
FACTS: dict[str, Any] = {
    "amount": Decimal("50.00"),
    "currency": "gbp",
    "brand": "visa",
    "last4": "4242",
    "reference": "K7Q2M9XA",
}


class FakeBedrock:
    """Duck-typed bedrock-runtime client (no ``meta``: used as given)."""

    def __init__(self, body: Any = None, exc: Exception | None = None) -> None:
        self.body = body
        self.exc = exc
        self.calls: list[dict[str, Any]] = []

    def invoke_model(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        if self.exc is not None:
            raise self.exc
        raw = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        return {"body": io.BytesIO(raw), "contentType": "application/json"}


@pytest.fixture(autouse=True)
def _clean_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Branch tests use a detector that finds nothing; tests of the detector itself override this."""
    monkeypatch.setattr(confirm, "_contains_card_data", lambda text: False)


def run(bedrock: Any = None, *, log: list[dict[str, Any]] | None = None, **over: Any) -> Confirmation:
    args: dict[str, Any] = {
        **FACTS,
        "deadline_s": 5.0,
        "bedrock": bedrock,
        "model_id": "arn:model",
        "prompt_log": (log.append if log is not None else [].append),
    }
    args.update(over)
    return confirmation(**args)


def test_model_answer_is_spoken_as_escaped_ssml() -> None:
    log: list[dict[str, Any]] = []
    fake = FakeBedrock({"generation": GOOD + " Fish & chips > all."})
    result = run(fake, log=log)
    assert (result.source, result.reason) == ("model", "ok")
    assert result.ssml.startswith("<speak>") and result.ssml.endswith("</speak>")
    assert '<say-as interpret-as="digits">4242</say-as>' in result.ssml
    assert '<say-as interpret-as="characters">K7Q2M9XA</say-as>' in result.ssml
    assert "Fish &amp; chips &gt; all." in result.ssml
    body = json.loads(fake.calls[0]["body"])
    assert set(body) == {"prompt", "max_gen_len", "temperature"}
    assert fake.calls[0]["modelId"] == "arn:model"
    assert [entry["event"] for entry in log] == ["prompt"]
    assert log[0]["prompt"] == body["prompt"]


def test_prompt_holds_only_card_free_facts() -> None:
    log: list[dict[str, Any]] = []
    run(FakeBedrock({"generation": GOOD}), log=log)
    prompt = log[0]["prompt"]
    for fact in ("50.00", "GBP", "Visa", "4242", "K7Q2M9XA"):
        assert fact in prompt
    runs = {re.sub(r"\D", "", r) for r in re.findall(r"\d[\d.,]*", prompt.replace("K7Q2M9XA", ""))}
    assert runs <= {"5000", "4242"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", Decimal("50.001")),
        ("amount", Decimal("0")),
        ("amount", Decimal("-5.00")),
        ("amount", "fifty"),
        ("currency", "POUND"),
        ("last4", "42a2"),
        ("last4", "424242"),
        ("reference", "x"),
        ("reference", "ref with spaces"),
    ],
)
def test_bad_input_falls_back_without_calling_the_model(field: str, value: Any) -> None:
    fake = FakeBedrock({"generation": GOOD})
    result = run(fake, **{field: value})
    assert (result.source, result.reason) == ("template", "bad-input")
    assert fake.calls == []
    assert result.ssml.startswith("<speak>Thank you.")


def test_template_leaves_out_unknown_parts() -> None:
    result = run(None, last4="xx", reference="?", brand="unknown-brand")
    assert "ending in" not in result.ssml and "reference" not in result.ssml
    full = run(None, brand="unknown-brand")
    assert "on your card ending in" in full.ssml
    assert "50.00 pounds" in full.ssml


@pytest.mark.parametrize(
    ("over", "reason"),
    [
        ({"bedrock": None}, "model-disabled"),
        ({"model_id": None}, "model-disabled"),
        ({"model_id": ""}, "model-disabled"),
        ({"deadline_s": 0.1}, "no-time"),
        ({"prompt_log": None}, "no-prompt-log"),
    ],
)
def test_model_not_tried(over: dict[str, Any], reason: str) -> None:
    fake = FakeBedrock({"generation": GOOD})
    args = {"bedrock": fake, **over}
    result = run(**args)
    assert (result.source, result.reason) == ("template", reason)
    assert fake.calls == []


def test_prompt_with_card_data_is_refused_and_not_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confirm, "_contains_card_data", lambda text: True)
    log: list[dict[str, Any]] = []
    fake = FakeBedrock({"generation": GOOD})
    result = run(fake, log=log)
    assert (result.source, result.reason) == ("template", "prompt-has-card-data")
    assert fake.calls == []
    assert [e["event"] for e in log] == ["refused"]
    assert "prompt" not in log[0]


def test_detector_failure_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confirm, "_contains_card_data", lambda text: None)
    fake = FakeBedrock({"generation": GOOD})
    assert run(fake).reason == "guard:unavailable"
    assert fake.calls == []


def test_refusal_stands_when_the_log_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confirm, "_contains_card_data", lambda text: True)

    def broken(_: dict[str, Any]) -> None:
        raise RuntimeError("log down")

    assert run(FakeBedrock({"generation": GOOD}), prompt_log=broken).reason == "prompt-has-card-data"


def test_unrecorded_prompt_is_never_sent() -> None:
    def broken(_: dict[str, Any]) -> None:
        raise RuntimeError("log down")

    fake = FakeBedrock({"generation": GOOD})
    result = run(fake, prompt_log=broken)
    assert (result.source, result.reason) == ("template", "prompt-log-failed")
    assert fake.calls == []


def _client_error(code: str, status: int) -> ClientError:
    response: Any = {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(response, "InvokeModel")


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:1"), "timeout"),
        (ConnectTimeoutError(endpoint_url="http://127.0.0.1:1"), "timeout"),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "unreachable"),
        (_client_error("ThrottlingException", 429), "throttled"),
        (_client_error("ModelNotReadyException", 429), "model-not-ready"),
        (_client_error("ModelTimeoutException", 408), "timeout"),
        (_client_error("TooManyRequests", 429), "throttled"),
        (_client_error("ValidationException", 400), "model-error"),
        (_client_error("ModelErrorException", 424), "model-error"),
        (RuntimeError("boom"), "model-error"),
    ],
)
def test_bedrock_failures_fall_back(exc: Exception, reason: str) -> None:
    result = run(FakeBedrock(exc=exc))
    assert (result.source, result.reason) == ("template", reason)
    assert "4242" in result.ssml


@pytest.mark.parametrize(
    "body",
    [
        {"generation": GOOD, "stop_reason": "stop"},
        {"outputs": [{"text": GOOD}]},
        {"choices": [{"text": GOOD}]},
        {"choices": [{"message": {"role": "assistant", "content": GOOD}}]},
        {"text": GOOD},
    ],
)
def test_response_shapes_are_parsed(body: dict[str, Any]) -> None:
    assert run(FakeBedrock(body)).source == "model"


@pytest.mark.parametrize(
    "raw", [b"not json", b"[1, 2]", b"{}", json.dumps({"generation": "   "}).encode(), b'{"choices": []}']
)
def test_unusable_responses_fall_back(raw: bytes) -> None:
    assert run(FakeBedrock(raw)).reason == "bad-response"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GOOD + " Call us on 0800 555 0199.", "guard:digits"),
        (GOOD + " Card 4242424242424242.", "guard:digits"),
        (GOOD.replace("50.00", "fifty pounds"), "guard:missing-amount"),
        (GOOD.replace("4242", "your card"), "guard:missing-last4"),
        (GOOD + " It expires 12/30.", "guard:digits"),
        (GOOD + " x" * 300, "guard:too-long"),
        ("<speak></speak>", "guard:empty"),
    ],
)
def test_guard_refuses_bad_generations(text: str, reason: str) -> None:
    result = run(FakeBedrock({"generation": text}))
    assert (result.source, result.reason) == ("template", reason)


def test_guard_runs_the_detectors_on_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confirm, "_contains_card_data", lambda text: "Thanks" in text)
    assert run(FakeBedrock({"generation": GOOD})).reason == "guard:card-data"


def test_amount_with_thousands_separator_is_accepted() -> None:
    text = GOOD.replace("50.00", "1,250.00")
    result = run(FakeBedrock({"generation": text}), amount=Decimal("1250.00"))
    assert result.source == "model"


def test_real_detectors_pass_the_prompt_and_a_good_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    log: list[dict[str, Any]] = []
    result = run(FakeBedrock({"generation": GOOD}), log=log)
    assert (result.source, result.reason) == ("model", "ok")


def test_client_is_rebuilt_with_deadline_timeouts_and_no_retries() -> None:
    import boto3

    base = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="t",
        aws_secret_access_key="t",
        config=Config(read_timeout=60),
    )
    derived = client_for(base, 1.9)
    assert derived is not base
    assert derived.meta.config.read_timeout == 1.75
    assert derived.meta.config.connect_timeout <= 1.0
    assert derived.meta.config.retries["total_max_attempts"] == 1
    assert derived.meta.endpoint_url == "http://127.0.0.1:9"
    assert client_for(base, 1.8) is derived  # same 250 ms bucket: cached
    assert client_for(base, 7.2).meta.config.read_timeout == MAX_MODEL_S


@settings(max_examples=50, deadline=None)
@given(st.from_regex(r"4[0-9]{15}", fullmatch=True))
def test_no_card_number_survives_the_guard(digits: str) -> None:
    text = f"{GOOD} Your card {digits} is on file."
    result = run(FakeBedrock({"generation": text}))
    leaked = digits in result.ssml
    assert result.source == "template"
    assert not leaked, "a generated card number reached the SSML"


def _luhn_completed(body: int) -> int:
    """``body`` with the check digit that makes it Luhn-valid (built, not filtered: no rejected draws)."""
    return next(body * 10 + d for d in range(10) if luhn_valid(str(body * 10 + d)))


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=10**13, max_value=10**15 - 1).map(_luhn_completed))
def test_no_card_number_survives_split_by_spaces(number: int) -> None:
    digits = str(number)
    assert luhn_valid(digits) and 15 <= len(digits) <= 16
    spaced = " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    result = run(FakeBedrock({"generation": f"{GOOD} Saved card: {spaced}."}))
    assert result.reason == "guard:digits"
