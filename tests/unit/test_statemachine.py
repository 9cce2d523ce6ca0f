"""Static checks of the Distributed Map state machines (sam/statemachines/*.asl.json).

cfn-lint validates ASL only inside ``AWS::StepFunctions::StateMachine`` and misses Distributed Map semantics, so
the structural checks (every Next exists, every state reachable, terminal states, batch/concurrency/threshold
ranges, enums) are done here; each check is shown to fail on a broken copy.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_all  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2] / "sam" / "statemachines"
PLACEHOLDERS = {"ScanWorkerFunctionArn", "MergeFunctionArn", "ResultsBucket", "AlertTopicArn"}
STATE_TYPES = {"Task", "Map", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel"}
SUBST = {
    "ScanWorkerFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:scan-worker",
    "MergeFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:scan-merge",
    "ResultsBucket": "scan-results",
    "AlertTopicArn": "arn:aws:sns:us-east-1:123456789012:scan-alerts",
}


def load(name: str) -> dict[str, Any]:
    text = (ROOT / name).read_text()
    for key, value in SUBST.items():
        text = text.replace("${" + key + "}", value)
    data: dict[str, Any] = json.loads(text)
    return data


def machines(asl: dict[str, Any], where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """The top-level machine and every ItemProcessor/Iterator/Branch machine inside it."""
    yield where or "<root>", asl
    for name, state in asl.get("States", {}).items():
        for sub in ("ItemProcessor", "Iterator"):
            if sub in state:
                yield from machines(state[sub], f"{where}{name}.{sub}/")
        for i, branch in enumerate(state.get("Branches", [])):
            yield from machines(branch, f"{where}{name}.Branches[{i}]/")


def problems(asl: dict[str, Any], *, batched: bool = True) -> list[str]:
    out: list[str] = []
    for where, m in machines(asl):
        states = m.get("States") or {}
        if m.get("StartAt") not in states:
            out.append(f"{where}: StartAt names no state")
            continue
        for name, st in states.items():
            if st.get("Type") not in STATE_TYPES:
                out.append(f"{where}{name}: unknown Type")
            nexts = [st["Next"]] if "Next" in st else []
            nexts += [c["Next"] for c in st.get("Catch", [])] + [c["Next"] for c in st.get("Choices", [])]
            nexts += [st["Default"]] if "Default" in st else []
            out += [f"{where}{name}: Next {n!r} names no state" for n in nexts if n not in states]
            terminal = st.get("End") is True or st.get("Type") in ("Succeed", "Fail")
            if terminal == ("Next" in st) and st.get("Type") != "Choice":
                out.append(f"{where}{name}: needs exactly one of Next or End")
        seen, todo = set(), [m["StartAt"]]
        while todo:
            name = todo.pop()
            if name in seen or name not in states:
                continue
            seen.add(name)
            st = states[name]
            todo += [st.get("Next"), st.get("Default"), *(c["Next"] for c in st.get("Catch", []))]
            todo += [c["Next"] for c in st.get("Choices", [])]
        out += [f"{where}{n}: unreachable" for n in states if n not in seen]
    out += map_problems(asl, batched=batched)
    return out


def map_problems(asl: dict[str, Any], *, batched: bool) -> list[str]:
    out: list[str] = []
    maps = [(n, s) for n, s in asl["States"].items() if s.get("Type") == "Map"]
    if len(maps) != 1:
        return ["expected exactly one Map state"]
    name, m = maps[0]
    proc = m.get("ItemProcessor", {}).get("ProcessorConfig", {})
    if proc.get("Mode") != "DISTRIBUTED":
        out.append(f"{name}: ProcessorConfig.Mode must be DISTRIBUTED")
    if proc.get("ExecutionType") not in ("STANDARD", "EXPRESS"):
        out.append(f"{name}: ProcessorConfig.ExecutionType must be STANDARD or EXPRESS")
    if m.get("ItemReader", {}).get("Resource") != "arn:aws:states:::s3:listObjectsV2":
        out.append(f"{name}: ItemReader must list the S3 prefix")
    if set(m.get("ItemReader", {}).get("Parameters", {})) != {"Bucket.$", "Prefix.$"}:
        out.append(f"{name}: ItemReader.Parameters must take Bucket and Prefix from the input")
    conc = m.get("MaxConcurrency")
    if not (isinstance(conc, int) and 1 <= conc <= 10_000):
        out.append(f"{name}: MaxConcurrency must be an integer 1..10000")
    tol = m.get("ToleratedFailurePercentage")
    if not (isinstance(tol, int | float) and 0 <= tol <= 100):
        out.append(f"{name}: ToleratedFailurePercentage must be 0..100")
    if batched:
        if isinstance(tol, float):
            out.append(f"{name}: ToleratedFailurePercentage must be an integer in AWS ASL")
        b = m.get("ItemBatcher", {})
        items, size = b.get("MaxItemsPerBatch"), b.get("MaxInputBytesPerBatch")
        if not (isinstance(items, int) and items >= 1):
            out.append(f"{name}: ItemBatcher.MaxItemsPerBatch must be a positive integer")
        if not (isinstance(size, int) and 1 <= size <= 262_144):
            out.append(f"{name}: ItemBatcher.MaxInputBytesPerBatch must be 1..262144")
        if "bucket.$" not in b.get("BatchInput", {}):
            out.append(f"{name}: ItemBatcher.BatchInput must pass the bucket to the worker")
        w = m.get("ResultWriter", {})
        params = set(w.get("Parameters", {}))
        if w.get("Resource") != "arn:aws:states:::s3:putObject" or not {"Bucket", "Prefix"} <= params:
            out.append(f"{name}: ResultWriter must put results to S3 (Bucket and Prefix)")
    else:
        if "ItemBatcher" in m or "ResultWriter" in m:
            out.append(f"{name}: the moto copy cannot use ItemBatcher or ResultWriter")
        if "bucket.$" not in m.get("ItemSelector", {}):
            out.append(f"{name}: ItemSelector must pass the bucket to the worker")
    task = m.get("ItemProcessor", {}).get("States", {}).get("ScanBatch", {})
    if task.get("Resource") != "arn:aws:states:::lambda:invoke" or "Payload.$" not in task.get("Parameters", {}):
        out.append(f"{name}: ScanBatch must invoke the worker Lambda with the batch")
    if not any("Lambda.TooManyRequestsException" in r["ErrorEquals"] for r in task.get("Retry", [])):
        out.append(f"{name}: ScanBatch must retry Lambda throttling")
    return out


@pytest.mark.parametrize(("name", "batched"), [("scan.asl.json", True), ("scan_moto.asl.json", False)])
def test_definition_is_valid(name: str, batched: bool) -> None:
    assert problems(load(name), batched=batched) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("scan.asl.json", PLACEHOLDERS), ("scan_moto.asl.json", PLACEHOLDERS - {"ResultsBucket"})],
)
def test_placeholders_are_exactly_what_sam_substitutes(name: str, expected: set[str]) -> None:
    used = set(re.findall(r"\$\{(\w+)\}", (ROOT / name).read_text()))
    assert used == expected


def test_moto_copy_differs_only_where_moto_needs_it() -> None:
    real, moto = load("scan.asl.json"), load("scan_moto.asl.json")
    assert set(real["States"]) == set(moto["States"])
    assert real["StartAt"] == moto["StartAt"]
    for name in ("SweepFailed", "Failed"):
        assert real["States"][name] == moto["States"][name]
    r, m = real["States"]["Sweep"], moto["States"]["Sweep"]
    assert r["ItemProcessor"] == m["ItemProcessor"]
    assert r["ItemReader"] == m["ItemReader"]
    assert {k: v for k, v in r.items() if k not in ("ItemBatcher", "ResultWriter", "ToleratedFailurePercentage")} == {
        k: v for k, v in m.items() if k not in ("ItemSelector", "ToleratedFailurePercentage")
    }
    assert r["ToleratedFailurePercentage"] == m["ToleratedFailurePercentage"]
    merge_real, merge_moto = real["States"]["Merge"]["Parameters"], moto["States"]["Merge"]["Parameters"]
    assert merge_real["FunctionName"] == merge_moto["FunctionName"]
    assert merge_real["Payload"]["sweep.$"] == merge_moto["Payload"]["results.$"] == "$.sweep"


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def apply(asl: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node = asl
        for p in parents:
            node = node[p]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value

    return apply


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set("States/Sweep/Next", "Nowhere"), "Next 'Nowhere' names no state"),
        (_set("States/Orphan", {"Type": "Succeed"}), "Orphan: unreachable"),
        (_set("States/Merge/End", KeyError), "Merge: needs exactly one of Next or End"),
        (_set("StartAt", "Missing"), "StartAt names no state"),
        (_set("States/Merge/Type", "Tsak"), "Merge: unknown Type"),
        (_set("States/Sweep/ToleratedFailurePercentage", 150), "ToleratedFailurePercentage must be 0..100"),
        (_set("States/Sweep/ItemBatcher/MaxItemsPerBatch", "lots"), "MaxItemsPerBatch must be a positive integer"),
        (_set("States/Sweep/ItemBatcher/MaxInputBytesPerBatch", 1 << 20), "MaxInputBytesPerBatch must be 1..262144"),
        (_set("States/Sweep/ItemProcessor/ProcessorConfig/Mode", "DISTRIBUTD"), "Mode must be DISTRIBUTED"),
        (_set("States/Sweep/MaxConcurrency", 0), "MaxConcurrency must be an integer"),
        (_set("States/Sweep/ResultWriter", KeyError), "ResultWriter must put results to S3"),
        (_set("States/Sweep/ItemProcessor/States/ScanBatch/Retry", []), "must retry Lambda throttling"),
        (_set("States/Sweep/ItemProcessor/States/ScanBatch/Next", "X"), "ScanBatch: Next 'X' names no state"),
    ],
)
def test_checks_catch_a_broken_definition(mutate: Mutation, expected: str) -> None:
    asl = copy.deepcopy(load("scan.asl.json"))
    mutate(asl)
    found = problems(asl)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("name", ["scan.asl.json", "scan_moto.asl.json"])
def test_cfn_lint_accepts_the_definition(name: str) -> None:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Scan": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {
                    "RoleArn": "arn:aws:iam::123456789012:role/scan",
                    "DefinitionString": json.dumps(load(name)),
                },
            }
        },
    }
    errors = [f"{m.rule.id}: {m.message}" for m in lint_all(json.dumps(template)) if m.rule.id.startswith("E")]
    assert errors == []


def test_cfn_lint_would_catch_a_missing_next() -> None:
    asl = load("scan.asl.json")
    del asl["States"]["Merge"]["End"]
    template = {
        "Resources": {
            "Scan": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"RoleArn": "arn:aws:iam::123456789012:role/scan", "DefinitionString": json.dumps(asl)},
            }
        }
    }
    assert any(m.rule.id == "E3601" for m in lint_all(json.dumps(template)))
