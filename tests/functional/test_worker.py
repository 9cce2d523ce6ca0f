"""The Distributed Map worker contract, the merge step, the local process pool, and the moto state machine end to end.

moto executes ``sam/statemachines/scan_moto.asl.json`` (no ItemBatcher, no ResultWriter); its no-Docker Lambda
backend is patched to call ``scanners.jobs.worker.handler`` / ``reports.evidence.handler.merge_step`` in-process.
The ResultWriter manifest path of ``merge_step`` is tested with a manifest written the way Step Functions documents it.
"""

from __future__ import annotations

import gzip
import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import moto.awslambda_simple.models as lambda_simple
import pytest

from reports.evidence.handler import merge_step
from scanners.errors import ConfigError
from scanners.jobs import worker

PAN = "4111111111111111"
PAN2 = "5555555555554444"
BUCKET = "audit-logs"
ASL = Path(__file__).resolve().parents[2] / "sam" / "statemachines" / "scan_moto.asl.json"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setenv("SPC_KEY_FILE", str(tmp_path / "key" / "fingerprint.key"))
    monkeypatch.delenv("EVIDENCE_BUCKET", raising=False)
    monkeypatch.setenv("CANARY_KINDS", "none")  # the evidence job's canaries are tested in test_evidence_job
    monkeypatch.delenv("RESULTS_BUCKET", raising=False)
    monkeypatch.delenv("FINGERPRINT_KEY_ID", raising=False)
    worker._client.cache_clear()
    worker._fingerprinter.cache_clear()
    yield
    worker._client.cache_clear()
    worker._fingerprinter.cache_clear()


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    client.put_object(Bucket=BUCKET, Key="logs/a.log", Body=f"start\ncard {PAN}\n".encode())
    lines = b"".join(json.dumps({"i": i, "m": PAN2 if i == 6 else "ok"}).encode() + b"\n" for i in range(10))
    client.put_object(Bucket=BUCKET, Key="logs/b.jsonl.gz", Body=gzip.compress(lines))
    # an image: still not examined (other binary objects are read by their text runs)
    client.put_object(Bucket=BUCKET, Key="logs/c.bin", Body=b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 100)
    client.put_object(Bucket=BUCKET, Key="logs/d.log", Body=b"nothing here\n")
    return client


def batch(*keys: str) -> dict[str, Any]:
    return {"Items": [{"Key": k, "Size": 1} for k in keys], "BatchInput": {"bucket": BUCKET}}


def card_free(doc: Any) -> bool:
    text = json.dumps(doc)
    return PAN not in text and PAN2 not in text


def test_worker_scans_a_batch_and_returns_findings_and_coverage(s3: Any) -> None:
    out = worker.handler(batch("logs/a.log", "logs/b.jsonl.gz", "logs/c.bin", "logs/gone.log"), None)
    assert out["verdict"] == "leaks"
    assert out["batch"] == {"bucket": BUCKET, "keys": 4}
    where = sorted((f["location"]["key"], f["location"]["line"], f["masked"]) for f in out["findings"])
    assert where == [("logs/a.log", 2, "411111******1111"), ("logs/b.jsonl.gz", 7, "555555******4444")]
    status = {c["location"]["key"]: (c["status"], c.get("reason")) for c in out["coverage"]}
    assert status == {
        "logs/a.log": ("scanned", None),
        "logs/b.jsonl.gz": ("scanned", None),
        "logs/c.bin": ("skipped",
                       "binary content (PNG image): an image has no text layer (OCR is not done); not examined"),
        "logs/gone.log": ("error", "deleted during scan (NoSuchKey)"),
    }
    assert json.loads(json.dumps(out)) == out
    leaked = not card_free(out)
    assert not leaked, "card data in the worker result"


def test_worker_accepts_one_item_from_a_map_without_batching(s3: Any) -> None:
    out = worker.handler({"Key": "logs/d.log", "Size": 13, "bucket": BUCKET}, None)
    assert out["verdict"] == "clean"
    assert [c["location"] for c in out["coverage"]] == [{"bucket": BUCKET, "key": "logs/d.log"}]


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({}, "bucket"),
        ({"Key": "k"}, "bucket"),
        ({"Items": [{"Key": "k"}]}, "BatchInput.bucket"),
        ({"Items": [{"Key": "k"}], "BatchInput": {"bucket": ""}}, "BatchInput.bucket"),
        ({"Items": "k", "BatchInput": {"bucket": "b"}}, "Items"),
        ({"Items": [{"Key": "k"}, {"Key": int(PAN)}], "BatchInput": {"bucket": "b"}}, r"Items\[1\]\.Key"),
        ({"Items": [{"Size": 3}], "BatchInput": {"bucket": "b"}}, r"Items\[0\]\.Key"),
        ([PAN], "event"),
    ],
)
def test_bad_events_name_the_field_never_the_value(event: Any, field: str) -> None:
    with pytest.raises(ConfigError, match=f"^{field}: expected") as info:
        worker.handler(event, None)
    echoed = PAN in str(info.value)
    assert not echoed


def test_oversized_result_is_spilled_to_s3_and_merged_back(s3: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    s3.create_bucket(Bucket="scan-results")
    monkeypatch.setenv("RESULTS_BUCKET", "scan-results")
    monkeypatch.setattr(worker, "PAYLOAD_LIMIT", 100)
    out = worker.handler(batch("logs/a.log"), None)
    assert out["result_s3"].startswith("s3://scan-results/batches/")
    assert set(out) == {"result_s3", "verdict", "summary"}
    merged = worker.merge([out], s3=s3)
    assert [f["location"]["key"] for f in merged["findings"]] == ["logs/a.log"]
    missing = worker.merge([{"result_s3": "s3://scan-results/batches/none.json"}], s3=s3)
    assert missing["verdict"] == "incomplete"


def _clean(key: str) -> dict[str, Any]:
    return {"findings": [], "coverage": [{"source": "s3", "location": {"bucket": BUCKET, "key": key},
                                          "status": "scanned", "items_scanned": 3, "bytes_scanned": 10}]}


@pytest.mark.parametrize(
    ("results", "verdict", "failed"),
    [
        ([_clean("a"), _clean("b")], "clean", 0),
        ([], "incomplete", 0),
        ([_clean("a"), None], "incomplete", 1),
        ([_clean("a"), {"Error": "States.TaskFailed", "Input": json.dumps(batch("x", "y"))}], "incomplete", 1),
        ([{**_clean("a"), "findings": [{"type": "pan", "masked": "411111******1111"}]}, None], "leaks", 1),
    ],
)
def test_merge(results: list[Any], verdict: str, failed: int) -> None:
    merged = worker.merge(results)
    assert merged["verdict"] == verdict
    assert merged["summary"]["batches"]["failed"] == failed
    assert merged["summary"]["items_scanned"] == 3 * sum(1 for r in results if r and "coverage" in r)


def test_merge_names_the_keys_of_a_failed_batch() -> None:
    merged = worker.merge([{"Error": "Lambda.Unknown", "Input": json.dumps(batch("x.log", "y.log"))}, None])
    assert [(c["location"], c["reason"]) for c in merged["coverage"]] == [
        ({"bucket": BUCKET, "key": "x.log"}, "batch failed (Lambda.Unknown)"),
        ({"bucket": BUCKET, "key": "y.log"}, "batch failed (Lambda.Unknown)"),
        ({"batch": 1}, "batch failed (no result)"),
    ]


def test_merge_handler_reads_the_result_writer_manifest_and_publishes(
    s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3.create_bucket(Bucket="scan-results")
    s3.create_bucket(Bucket="scan-evidence")
    ok = worker.handler(batch("logs/a.log", "logs/d.log"), None)
    succeeded = [{"Status": "SUCCEEDED", "Input": json.dumps(batch("logs/a.log", "logs/d.log")),
                  "Output": json.dumps(ok)}]
    failed = [{"Status": "FAILED", "Error": "Lambda.Unknown", "Cause": "timeout",
               "Input": json.dumps(batch("logs/e.log"))}]
    prefix = "sweeps/6a4c"
    s3.put_object(Bucket="scan-results", Key=f"{prefix}/SUCCEEDED_0.json", Body=json.dumps(succeeded).encode())
    s3.put_object(Bucket="scan-results", Key=f"{prefix}/FAILED_0.json", Body=json.dumps(failed).encode())
    manifest = {"DestinationBucket": "scan-results", "MapRunArn": "arn:aws:states:us-east-1:1:mapRun:scan/Sweep:1",
                "ResultFiles": {"SUCCEEDED": [{"Key": f"{prefix}/SUCCEEDED_0.json", "Size": 1}],
                                "FAILED": [{"Key": f"{prefix}/FAILED_0.json", "Size": 1}], "PENDING": []}}
    s3.put_object(Bucket="scan-results", Key=f"{prefix}/manifest.json", Body=json.dumps(manifest).encode())
    monkeypatch.setenv("EVIDENCE_BUCKET", "scan-evidence")

    event = {"sweep": {"MapRunArn": "x", "ResultWriterDetails": {"Bucket": "scan-results",
                                                                  "Key": f"{prefix}/manifest.json"}},
             "run_id": "exec-1", "targets": [f"s3://{BUCKET}/logs/"]}
    out = merge_step(event, None)

    assert out["verdict"] == "leaks"
    assert out["batches"] == {"succeeded": 1, "failed": 1}
    assert out["evidence"].startswith("s3://scan-evidence/runs/") and out["evidence"].endswith("/exec-1.json")
    body = s3.get_object(Bucket="scan-evidence", Key=out["evidence"].split("/", 3)[3])["Body"].read()
    run = json.loads(body)
    assert run["kind"] == "distributed-map"
    assert run["targets"] == [{"target": f"s3://{BUCKET}/logs/", "scanned_by": "distributed-map"}]
    assert {"location": {"bucket": BUCKET, "key": "logs/e.log"}, "source": "s3", "status": "error",
            "reason": "batch failed (Lambda.Unknown)"} in run["coverage"]
    leaked = not card_free(run)
    assert not leaked, "card data in the evidence"


def test_merge_handler_rejects_an_unknown_event() -> None:
    with pytest.raises(ConfigError, match=r"^event: expected ResultWriterDetails or a results list"):
        merge_step({"something": 1}, None)


@pytest.mark.parametrize("processes", [1, 2])
def test_scan_local_runs_the_same_worker_on_a_process_pool(s3: Any, moto_server: str, processes: int) -> None:
    keys = ["logs/a.log", "logs/b.jsonl.gz", "logs/c.bin", "logs/d.log"]
    merged = worker.scan_local(keys, processes, bucket=BUCKET, batch_size=2, endpoint_url=moto_server)
    assert merged["verdict"] == "leaks"
    assert merged["summary"]["batches"] == {"succeeded": 2, "failed": 0}
    assert sorted(f["location"]["key"] for f in merged["findings"]) == ["logs/a.log", "logs/b.jsonl.gz"]
    assert len({f["fingerprint"] for f in merged["findings"]}) == 2
    assert sorted(c["location"]["key"] for c in merged["coverage"]) == sorted(keys)


def test_scan_local_rejects_bad_sizes() -> None:
    with pytest.raises(ConfigError, match="processes/batch_size"):
        worker.scan_local(["k"], 0, bucket=BUCKET)


class Functions:
    """Route moto's no-Docker Lambda invocations to in-process handlers (a Python error → a function error)."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on

    def invoke(self, backend: Any, function_name: str, qualifier: Any, body: Any, headers: Any, resp: Any) -> bytes:
        name = function_name.split(":")[-1]
        event = json.loads(body or "{}")
        try:
            if name == "scan-worker":
                if self.fail_on and event.get("Key") == self.fail_on:
                    raise RuntimeError("worker crashed")
                return json.dumps(worker.handler(event, None)).encode()
            return json.dumps(merge_step(event, None)).encode()
        except Exception as exc:
            resp["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(exc).__name__, "errorMessage": "failed"}).encode()


def run_state_machine(clients: Any, fail_on: str | None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    functions = Functions(fail_on)
    worker._fingerprinter()  # the key file exists before concurrent Map children race to create it
    monkeypatch.setattr(lambda_simple.LambdaSimpleBackend, "invoke",
                        lambda self, *a: functions.invoke(self, *a))  # noqa: PLW0108 - must bind as a method
    role = clients("iam").create_role(RoleName="scan", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as zf:
        zf.writestr("h.py", "def handler(event, context):\n    return event\n")
    arns = {n: clients("lambda").create_function(FunctionName=n, Runtime="python3.11", Role=role, Handler="h.handler",
                                                 Code={"ZipFile": code.getvalue()})["FunctionArn"]
            for n in ("scan-worker", "scan-merge")}
    topic = clients("sns").create_topic(Name="scan-alerts")["TopicArn"]
    definition = (ASL.read_text().replace("${ScanWorkerFunctionArn}", arns["scan-worker"])
                  .replace("${MergeFunctionArn}", arns["scan-merge"]).replace("${AlertTopicArn}", topic))
    sfn = clients("stepfunctions")
    machine = sfn.create_state_machine(name="scan", definition=definition, roleArn=role)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, name="nightly-sweep-1",
                                    input=json.dumps({"bucket": BUCKET, "prefix": "logs/"}))["executionArn"]
    for _ in range(300):
        described: dict[str, Any] = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.1)
    raise AssertionError("state machine did not finish")


@pytest.fixture
def sfn_enabled(moto_config: Any) -> None:
    moto_config({"lambda": {"use_docker": False}, "stepfunctions": {"execute_state_machine": True}})


@pytest.mark.usefixtures("sfn_enabled")
def test_moto_state_machine_end_to_end(s3: Any, boto_clients: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    s3.create_bucket(Bucket="scan-evidence")
    monkeypatch.setenv("EVIDENCE_BUCKET", "scan-evidence")
    described = run_state_machine(boto_clients, None, monkeypatch)
    assert described["status"] == "SUCCEEDED"
    out = json.loads(described["output"])
    assert out["verdict"] == "leaks"
    assert out["batches"] == {"succeeded": 4, "failed": 0}
    assert out["incomplete_items"] == 1  # the binary object
    assert out["evidence"].endswith("/nightly-sweep-1.json")
    run = json.loads(s3.get_object(Bucket="scan-evidence", Key=out["evidence"].split("/", 3)[3])["Body"].read())
    assert run["targets"] == [{"target": f"s3://{BUCKET}/logs/", "scanned_by": "distributed-map"}]
    assert sorted((f["location"]["key"], f["location"]["line"]) for f in run["findings"]) == [
        ("logs/a.log", 2), ("logs/b.jsonl.gz", 7)]


@pytest.mark.usefixtures("sfn_enabled")
def test_moto_state_machine_failed_child_makes_the_run_incomplete(
    s3: Any, boto_clients: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3.create_bucket(Bucket="scan-evidence")
    monkeypatch.setenv("EVIDENCE_BUCKET", "scan-evidence")
    described = run_state_machine(boto_clients, "logs/d.log", monkeypatch)
    assert described["status"] == "SUCCEEDED"  # moto ignores ToleratedFailurePercentage: the child becomes null
    out = json.loads(described["output"])
    assert out["verdict"] == "leaks"
    assert out["batches"] == {"succeeded": 3, "failed": 1}
    assert out["incomplete_items"] == 2
