"""CVV under compound keys: a key that names the code and how it was taken (``cvvCaptured``, ``cvv_collected``,
``cvvEntered``: a Connect Invoke Lambda block's ``ExternalResults``, a contact attribute) holds the code; a key that
names a check of it (``cvvMatch``, ``cvvResult``, ``cvvStatus``) holds a result code, not the card's code."""

import pytest

from scanners.detectors.cvv import CvvDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = CvvDetector()


def flow_record(key: str, value: str) -> str:
    return (
        '{"ContactId": "5b0a2f6e-3c1d-4e8a-9f4b-2d7c1e0a6b53", "ContactFlowModuleType": "InvokeExternalResource", '
        f'"ExternalResults": {{"isSuccess": "true", "{key}": "{value}"}}, "Parameters": {{"FunctionArn": '
        '"arn:aws:lambda:eu-west-2:123456789012:function:CollectPayment"}}'
    )


CODE_KEYS = [
    "cvvCaptured",
    "cvv_captured",
    "CvvCaptured",
    "cvcCaptured",
    "cvv2Captured",
    "securityCodeCaptured",
    "cvvCollected",
    "cvv_collected",
    "cvvEntered",
    "cvvInput",
    "cvvDigits",
    "cscCaptured",
    "cvc_check_input",  # the code given to a gateway's CVC check (its result key, cvcCheck, is below)
    "cvvCheckEntered",
]
RESULT_KEYS = [
    "cvvMatch",
    "cvvResult",
    "cvvStatus",
    "cvvCheck",
    "cvvResponse",
    "cvvPresent",
    "cvvIndicator",
    "cvv2Match",
    "cvv_result",
    "cvcCheck",
]

POSITIVE_CASES = [
    (key, flow_record(key, value), value)
    for key, value in zip(
        CODE_KEYS,
        ["482", "0391", "715", "206", "938", "5170", "624", "317", "850", "473", "1294", "662", "737", "418"],
        strict=True,
    )
]
NEGATIVE_CASES = [
    (key, flow_record(key, value))
    for key, value in zip(
        RESULT_KEYS, ["482", "0391", "715", "206", "938", "517", "624", "317", "850", "473"], strict=True
    )
]


@pytest.mark.parametrize(("text", "value"), [pytest.param(t, v, id=k) for k, t, v in POSITIVE_CASES])
def test_a_key_naming_how_the_code_was_taken_holds_the_code(text: str, value: str) -> None:
    assert [(text[s.start : s.end], s.value) for s in D.find(text)] == [(value, value)]


@pytest.mark.parametrize("text", [pytest.param(t, id=k) for k, t in NEGATIVE_CASES])
def test_a_key_naming_a_check_of_the_code_is_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_both_back_ends_agree(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, value in POSITIVE_CASES:
        assert [s.value for s in engine.scan_text(text) if s.type == "cvv"] == [value], text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.type == "cvv"] == [], text
    contract.assert_engine_finds_everything(D, [t for _, t, _ in POSITIVE_CASES], backend)
