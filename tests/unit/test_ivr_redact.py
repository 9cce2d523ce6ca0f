"""The redacting log formatter: PAN-shaped text masked in messages, extra keys and tracebacks."""

from __future__ import annotations

import base64
import io
import json
import logging
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivr import redact
from ivr.redact import RedactingFilter, build_logger, redact_text, redact_value
from scanners.cards.brands import brand_of, luhn_valid
from scanners.engine.finding import Span

PAN = "4111111111111111"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"card {PAN} here", PAN),
        ("card 4111 1111 1111 1111 here", "4111 1111 1111 1111"),
        ("card 4111-1111-1111-1111.", "4111-1111-1111-1111"),
        ("amex=378282246310005;", "378282246310005"),
        ("typo 4242424242424241 still masked", "4242424242424241"),  # brand-shaped, Luhn-invalid
    ],
)
def test_pans_are_masked(text: str, hidden: str) -> None:
    out = redact_text(text)
    assert hidden not in out
    assert out.count("*") >= 5


@pytest.mark.parametrize(
    "text", ["epoch 1732605199123 ms", "amount 50.00 usd", "contact 5f0e2c9a-6c1d", "ref 28A3TQPA"]
)
def test_ordinary_numbers_survive(text: str) -> None:
    assert redact_text(text) == text


@settings(max_examples=300, deadline=None)
@given(st.uuids())
def test_contact_ids_survive(contact_id: uuid.UUID) -> None:
    """A UUID's digit groups can look like a grouped card (``1234####-5678-4321-8765-…``): the id stays readable."""
    line = json.dumps({"message": "contact outcome", "contact_id": str(contact_id), "_aws": {}})
    assert redact_text(line) == line


@pytest.mark.parametrize("contact", ["51051051-0510-4100-a000-0123456789ab", "ab300000-0000-0004-b000-abcdefabcdef"])
def test_uuid_digit_groups_survive_the_iin_pass(contact: str) -> None:
    runs = ["".join(c for c in m.group() if c.isdigit()) for m in redact._PAN_RUN.finditer(contact)]
    assert [r for r in runs if brand_of(r) is not None]  # card-shaped groups: the IIN pass alone would mask them
    assert redact_text(f"contact {contact} done") == f"contact {contact} done"


def test_a_pan_beside_a_uuid_is_still_masked() -> None:
    contact = "5f0e2c9a-6c1d-4c2e-9b7a-0123456789ab"
    out = redact_text(f"contact {contact} card 4111-1111-1111-1111")
    assert contact in out and "4111-1111-1111-1111" not in out


def test_encoded_card_data_is_hidden_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    blob = base64.b64encode(f"card={PAN}".encode()).decode()
    text = f"payload {blob} end"

    class Decoding:
        def scan_text(self, text: str) -> list[Span]:
            start = text.index(blob)
            return [Span(start, start + len(blob), "pan", "pan", PAN, encoding=("base64",))]

    monkeypatch.setitem(redact._engine_state, "engine", Decoding())
    assert redact_text(text) == "payload " + "*" * len(blob) + " end"


def test_engine_failure_falls_back_to_iin_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def scan_text(self, text: str) -> list[object]:
            raise RuntimeError("engine down")

    monkeypatch.setitem(redact._engine_state, "engine", Broken())
    assert PAN not in redact_text(f"x {PAN} y")
    monkeypatch.setitem(redact._engine_state, "engine", None)
    assert PAN not in redact_text(f"x {PAN} y")


def test_nested_values_and_big_integers() -> None:
    value = {"a": [PAN, {"b": int(PAN)}], PAN: "key", "n": 42, "f": 1.5, "ok": True, "obj": object()}
    out = json.dumps(redact_value(value))
    assert PAN not in out
    assert '"n": 42' in out


def _logger() -> tuple[object, io.StringIO]:
    stream = io.StringIO()
    return build_logger(f"ivr-test-{uuid.uuid4().hex[:6]}", stream=stream, level="INFO"), stream


def test_powertools_logger_redacts_message_extra_and_traceback() -> None:
    logger, stream = _logger()
    logger.info(f"message {PAN}", extra={"card": PAN, "nested": {"deep": [PAN]}})  # type: ignore[attr-defined]
    try:
        raise ValueError(f"invalid literal for int(): '{PAN}'")
    except ValueError:
        logger.exception("failed")  # type: ignore[attr-defined]
    text = stream.getvalue()
    assert PAN not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["card"].startswith("411111") and lines[0]["card"].endswith("1111")
    assert "ValueError" in lines[1]["exception"]


def test_stdlib_filter_redacts_args_and_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    log = logging.getLogger(f"plain-{uuid.uuid4().hex[:6]}")
    log.addHandler(handler)
    log.propagate = False
    log.warning("card %s", PAN)
    try:
        raise KeyError(PAN)
    except KeyError:
        log.exception("lookup failed")
    assert PAN not in stream.getvalue()
    assert "lookup failed" in stream.getvalue()


def test_library_debug_logging_is_held_at_warning() -> None:
    logging.getLogger("botocore").setLevel(logging.DEBUG)
    build_logger("ivr-quiet-test")
    assert logging.getLogger("botocore").level == logging.WARNING
    assert logging.getLogger("stripe").level == logging.WARNING


def _luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@settings(max_examples=150, deadline=None)
@given(
    body=st.from_regex(r"4[0-9]{14}|5[1-5][0-9]{13}|6011[0-9]{11}", fullmatch=True),
    sep=st.sampled_from(["", " ", "-"]),
    before=st.text(alphabet="abc :=\"'", max_size=8),
    after=st.text(alphabet="xyz ,;}\"", max_size=8),
)
def test_any_pan_in_a_log_message_is_masked(body: str, sep: str, before: str, after: str) -> None:
    pan = _luhn_complete(body)
    shown = sep.join(pan[i:i + 4] for i in range(0, 16, 4))
    out = redact_text(before + shown + after)
    assert shown not in out
    assert pan not in out.replace(sep, "") if sep else pan not in out


@pytest.mark.parametrize(
    ("value", "hidden"),
    [
        ({"security_code": "294"}, "294"),
        ({"cvv": 1234}, "1234"),
        ({"card": {"cvc": "123", "expiry": "12/30"}}, "12/30"),
        ({"exp_month": 12, "exp_year": 2030}, "2030"),
        ({"payment": [{"CVV2": "987"}]}, "987"),
        ({"valid_thru": "1230"}, "1230"),
    ],
)
def test_cvv_and_expiry_under_structured_keys_are_masked(value: Any, hidden: str) -> None:
    assert hidden not in json.dumps(redact_value(value))


@pytest.mark.parametrize(
    "message",
    ["bad {'security_code': '294'}", 'payload {"cvc":"294"}', "cvv=294 rejected", "expiry: 12/30 invalid",
     "card_exp=1230"],
)
def test_cvv_and_expiry_in_messages_are_masked(message: str) -> None:
    out = redact_text(message)
    assert "294" not in out and "12/30" not in out and "1230" not in out


def test_handlers_added_late_cannot_bypass_redaction() -> None:
    import io

    from ivr.redact import install

    install()
    stream = io.StringIO()
    late = logging.getLogger("spc.test.late")
    late.propagate = False
    late.addHandler(logging.StreamHandler(stream))  # added after install: no filter of ours on it
    try:
        raise ValueError("declined {'security_code': '294', 'pan': '4111111111111111'}")
    except ValueError:
        late.exception("charge failed for %s exp %s", "4111111111111111", "expiry=12/30")
    out = stream.getvalue()
    assert "4111111111111111" not in out and "294" not in out and "12/30" not in out
    assert "411111******1111" in out
    assert any(isinstance(f, RedactingFilter) for f in logging.getLogger().filters)
