"""KeyPanDetector: card numbers glued by ``_`` or a URL-encoded separator into object keys and file names."""

import pytest

from scanners.detectors.key_pan import KeyPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = KeyPanDetector()

V16 = "4532015112830366"
M16 = "5425233430109903"
AMEX = "378282246310005"
V19 = "4918123456789012346"
HOST = "7Zk3qPq1xYl8 SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader"

# (case, text, [(kind, value as written)])
POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "s3-access-log-key",
        f"79a5 moto-exports [02/Mar/2026:10:15:22 +0000] 10.0.3.4 arn:aws:sts::123456789012:assumed-role/x 3E5A "
        f'REST.PUT.OBJECT failed-payments%2F{V16}_0327.json "PUT /moto-exports/failed-payments/{V16}_0327.json '
        f'HTTP/1.1" 200 - - 512 20 - "-" "Boto3/1.34.51" - {HOST}',
        [("pan", V16), ("expiry", "0327"), ("pan", V16), ("expiry", "0327")],
    ),
    (
        "s3-inventory-key",
        f'"moto-exports","agent-notes/ahmed_{M16}_cvv123.txt","Lnt4FuTT","true","false","812"',
        [("pan", M16), ("cvv", "123")],
    ),
    ("file-name", f"attachment: jane_{AMEX}_exp1228.pdf", [("pan", AMEX), ("expiry", "1228")]),
    ("path-underscore-before", f"s3://bucket/receipts/card_{V19}.txt", [("pan", V19)]),
    ("encoded-underscore", f"key=notes%2Fmaria%5F{V16}%5Fcvc2-1234.txt", [("pan", V16), ("cvv", "1234")]),
    ("path-end", f'"Key": "exports/2026/ahmed_{M16}"', [("pan", M16)]),
    (  # a call recording named by the card keyed in, a hex id after it (a CamelCase folder: no base64 blob)
        "s3-access-log-recording-name",
        f"79a5 spc-recordings [07/Dec/2026:00:44:13 +0000] 10.254.64.182 arn:aws:sts::123456789012:assumed-role/x "
        f'35C5A04EA51E88E3 REST.GET.OBJECT CallRecordings/2026/12/07/{M16}_199ed302.wav "GET /spc-recordings/'
        f'CallRecordings/2026/12/07/{M16}_199ed302.wav HTTP/1.1" 200 - 104535 3173933 288 102 "-" "Boto3/1.34"',
        [("pan", M16), ("pan", M16)],
    ),
    ("digits-after", f"exports/{V16}_1234567890123456.json", [("pan", V16)]),  # no hex letter: no digest
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("letter-glued", f"orders/INV{V16}_0327.json"),
    ("letter-after", f"orders/{V16}abc_0327.json"),
    ("not-a-name", f"reference ord_{V16}_done in the log"),
    ("hex-digest", f"etag 9f{V16}_ab"),
    ("twelve-digits", "AWSLogs/501800000009/CloudTrail/eu-west-2/501800000009_CloudTrail_eu-west-2_20260302T10Z.json"),
    ("luhn-invalid", "failed-payments/4532015112830367_0327.json"),
    ("no-brand", "failed-payments/0000015112830366_0327.json"),
    ("epoch-us", "exports/batch_1709372122123456_part.json"),
    ("uuid-piece", "recordings/4be079fb-6171-4847-8325-4dcb2bec7c55_20260302T10:15_UTC.wav"),
    # an upload named by its id and its content's hash (Slack's avatar URLs, JSON-escaped slashes)
    ("id-and-digest",
     f'"image_72": "https:\\/\\/avatars.slack-edge.com\\/2023-01-01\\/{V16[:13]}_948d972f9d82e02cec85_72.png"'),
    ("id-word-names-it", f"s3://exports/invoices/invoice_{V16}.pdf"),
    ("record-word-names-it", f"dialpad/call_{V16}_transcript.json"),  # a call's id (Dialpad's transcript files)
    ("record-word-dash", f"recordings/meeting-{M16}_audio.m4a"),
    ("plain-dash", f"notes/ahmed-{V16}-cvv123.txt"),  # no glue: the PAN detector's case
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_and_its_segments(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(D.find(text))
    assert [(s.type, text[s.start : s.end]) for s in found] == expected
    assert all(s.detector == "key_pan" for s in found)


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_the_glued_cards_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        pans = [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"]
        assert pans == [v for k, v in expected if k == "pan"], text
    for _, text in NEGATIVE_CASES[:-1]:
        assert engine.scan_text(text) == [], text


def test_expiry_value_is_month_and_year() -> None:
    assert [s.value for s in D.find(f"failed-payments/{V16}_0327.json") if s.type == "expiry"] == ["03/27"]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, f"a/b_{V16}_0327.json c/d_{M16}_cvv123.txt", pos, endpos)
