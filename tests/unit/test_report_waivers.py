"""Waivers: parsing, validation errors that name the field, expiry and matching."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reports.errors import ReportError
from reports.model.waivers import load_waivers, parse_waivers, waiver_for

FP = "ab" * 32
GOOD = {"id": "W-1", "fingerprint": FP, "justification": "test card in a fixture", "expires": "2026-06-30",
        "approved_by": "qsa@example.test"}


def test_waivers_parse_json_and_toml(tmp_path: Path) -> None:
    j = tmp_path / "w.json"
    j.write_text(json.dumps({"waivers": [GOOD]}))
    t = tmp_path / "w.toml"
    t.write_text(f'[[waivers]]\nid = "W-1"\nfingerprint = "{FP}"\njustification = "fixture"\nexpires = 2026-06-30\n')
    for path in (j, t):
        [w] = load_waivers(path)
        assert (w.id, w.fingerprint, w.expires) == ("W-1", FP, date(2026, 6, 30))


def test_waivers_bare_list_gets_generated_ids() -> None:
    entry = {k: v for k, v in GOOD.items() if k != "id"}
    assert [w.id for w in parse_waivers([entry, entry | {"fingerprint": "cd" * 32}])] == ["W-001", "W-002"]


SECRET = "4111-secret-value"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({**GOOD, "expires": SECRET}, "waivers[0].expires"),
        ({**GOOD, "expires": None}, "waivers[0].expires"),
        ({**GOOD, "justification": "  "}, "waivers[0].justification"),
        ({k: v for k, v in GOOD.items() if k != "justification"}, "waivers[0].justification"),
        ({k: v for k, v in GOOD.items() if k != "fingerprint"}, "waivers[0].fingerprint"),
        ({**GOOD, "fingerprint": 42}, "waivers[0].fingerprint"),
        ({**GOOD, "reason": SECRET}, "waivers[0]: unknown field(s) reason"),
        (SECRET, "waivers[0]: expected a table"),
    ],
)
def test_waiver_errors_name_the_field_and_never_echo_the_value(entry: object, field: str) -> None:
    with pytest.raises(ReportError) as err:
        parse_waivers([entry])
    assert field in str(err.value)
    assert SECRET not in str(err.value)


def test_waivers_reject_duplicate_ids_and_non_lists() -> None:
    with pytest.raises(ReportError, match="duplicate id"):
        parse_waivers([GOOD, GOOD])
    with pytest.raises(ReportError, match="expected a list"):
        parse_waivers({"waivers": "all"})


@pytest.mark.parametrize(("name", "body", "message"), [
    ("w.json", "{not json", "expected valid JSON"),
    ("w.toml", "= broken", "expected valid TOML"),
])
def test_waivers_file_errors(tmp_path: Path, name: str, body: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(body)
    with pytest.raises(ReportError, match=message):
        load_waivers(path)
    with pytest.raises(ReportError, match="cannot be read"):
        load_waivers(tmp_path / "missing.json")


def test_waiver_expiry_is_inclusive_and_expired_waivers_do_not_cover() -> None:
    [w] = parse_waivers([GOOD])
    finding = {"fingerprint": FP, "source": "s3", "type": "pan"}
    assert waiver_for(finding, [w], date(2026, 6, 30)) is w
    assert waiver_for(finding, [w], date(2026, 7, 1)) is None


def test_waiver_narrowed_by_source_and_type() -> None:
    [w] = parse_waivers([GOOD | {"source": "s3", "type": "pan"}])
    today = date(2026, 1, 1)
    assert waiver_for({"fingerprint": FP, "source": "s3", "type": "pan"}, [w], today) is w
    assert waiver_for({"fingerprint": FP, "source": "cloudwatch", "type": "pan"}, [w], today) is None
    assert waiver_for({"fingerprint": FP, "source": "s3", "type": "cvv"}, [w], today) is None
    assert waiver_for({"fingerprint": "cd" * 32, "source": "s3", "type": "pan"}, [w], today) is None


def test_unknown_top_level_keys_are_rejected_with_the_field_named() -> None:
    from reports.errors import ReportError
    from reports.model.waivers import parse_waivers

    with pytest.raises(ReportError, match=r"unknown top-level field.* x"):
        parse_waivers({"x": 1})
    with pytest.raises(ReportError, match="expected a top-level waivers list"):
        parse_waivers({})


def test_the_packaged_schema_matches_the_parser() -> None:
    import json
    from importlib import resources

    import jsonschema

    from reports.model.waivers import _FIELDS

    schema = json.loads(resources.files("reports").joinpath("waivers.schema.json").read_text())
    item = schema["properties"]["waivers"]["items"]
    assert set(item["properties"]) == set(_FIELDS)
    good = {"waivers": [{"fingerprint": "hmac-sha256:ab", "justification": "test data", "expires": "2027-01-01"}]}
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"x": 1}, schema)
