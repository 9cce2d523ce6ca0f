"""``spc trace`` and ``spc remediate`` on the local stack, after the leak drill and a nightly scan.

One stack per module: the drill's four mistakes plus a log line written by a published function version, an
object that changes after the scan and an object with no card data. Then trace, plan (without the governance
bypass and the quarantine), a run from another account, apply, and the nightly scan again. Tests read what it did.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ivr.local.stack as stack_module
from ivr.local import drill
from ivr.local.drill import DRILL_PAN
from ivr.local.stack import LocalStack
from reports.demo.run import deploy_settings, fresh_log_groups, nightly_environment
from reports.errors import RemediationError
from reports.evidence.config import JobConfig
from reports.evidence.job import run_evidence_job
from reports.remediate.items import store_of
from reports.remediate.record import verify_records
from reports.remediate.run import TraceOptions, remediate, trace
from reports.signing import LocalSigner
from scanners.cli.main import main

pytestmark = pytest.mark.slow


@dataclass
class Done:
    stack_names: dict[str, str]
    run: dict[str, Any]
    traced: list[dict[str, Any]]
    plan: dict[str, Any]
    wrong_account: str
    record: dict[str, Any]
    record_path: Path
    after: dict[str, Any]
    version_sha: str
    untouched: tuple[bytes, bytes, str, str]
    audit_before: bytes
    audit_after: bytes
    wav_before: bytes
    wav_after: bytes
    changed_item: str


def _log_from_version(stack: LocalStack) -> str:
    """A card number logged by published version 1 of the function (its stream says ``[1]``)."""
    lam, logs = stack.client("lambda"), stack.client("logs")
    sha = lam.publish_version(FunctionName="spc-ivr")["CodeSha256"]
    stream = f"{time.strftime('%Y/%m/%d')}/[1]{uuid.uuid4().hex}"
    logs.create_log_stream(logGroupName="/aws/lambda/spc-ivr", logStreamName=stream)
    line = json.dumps({"level": "INFO", "location": "charge:88", "message": f"charging card {DRILL_PAN}"})
    logs.put_log_events(logGroupName="/aws/lambda/spc-ivr", logStreamName=stream,
                        logEvents=[{"timestamp": int(time.time() * 1000), "message": line}])
    return str(sha)


def nightly(stack: LocalStack, targets: list[str], names: dict[str, str]) -> dict[str, Any]:
    """The production evidence job over ``targets`` (no canaries: the drill's findings are the point here)."""
    env = nightly_environment(stack, names) | {"SCAN_TARGETS": ",".join(targets), "CANARY_KINDS": "none"}
    return run_evidence_job(JobConfig.from_env(env), stack.client, full=True)


def _args(run: Path, out: Path, **kw: Any) -> argparse.Namespace:
    base = dict(run=run, finding=[], all=True, plan=False, apply=True, quarantine=None, bypass_governance=False,
                out=out, kms_key_id=None, key_file=None, signing_key=None)
    return argparse.Namespace(**(base | kw))


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Done]:
    root = tmp_path_factory.mktemp("remediate")
    with pytest.MonkeyPatch.context() as mp:
        real = stack_module.flow_key
        mp.setattr(stack_module, "flow_key", lambda bits=4096: real(2048))
        with LocalStack() as stack:
            fresh_log_groups(stack)
            names = deploy_settings(stack, drill.PROTOTYPE_ENVIRONMENT)
            drill.run_drill(stack)
            assert stack.bedrock is not None
            stack.bedrock.flush()
            sha = _log_from_version(stack)
            s3, n = stack.client("s3"), stack.names
            where = {"LocationConstraint": stack.region}
            s3.create_bucket(Bucket="spc-remediate-extra", CreateBucketConfiguration=where)
            s3.put_bucket_versioning(Bucket="spc-remediate-extra", VersioningConfiguration={"Status": "Enabled"})
            s3.put_object(Bucket="spc-remediate-extra", Key="app/changing.log", Body=f"card {DRILL_PAN}\n".encode())
            clean = b"no card data here\n" * 3
            clean_version = s3.put_object(Bucket=n["audit_bucket"], Key="audit/clean.json", Body=clean)["VersionId"]
            targets = [f"cloudwatch:{n['lambda_log_group']}", f"s3://{n['audit_bucket']}/", "bedrock",
                       f"recordings:s3://{n['recordings_bucket']}/", "s3://spc-remediate-extra/"]
            run = nightly(stack, targets, names)
            run["scope"] = {"account": f"{stack.account_id} (local stack)"}
            run_path = root / "run.json"
            run_path.write_text(json.dumps(run))
            time.sleep(1.1)  # the next write is after the scan, to the second
            changed = f"card {DRILL_PAN}\nmore\n".encode()
            s3.put_object(Bucket="spc-remediate-extra", Key="app/changing.log", Body=changed)
            other = dict(run, scope={"account": "999999999999"})
            (root / "other.json").write_text(json.dumps(other))
            key = dict(kms_key_id=names["scanner_key"])
            traced = trace(TraceOptions(run_path), stack.client)
            plan, _ = remediate(_args(run_path, root / "rec", plan=True, apply=False, **key), record_id="p",
                                clients=stack.client)
            with pytest.raises(RemediationError) as wrong:
                remediate(_args(root / "other.json", root / "rec", **key), record_id="w", clients=stack.client)
            audit = next(f["location"] for f in run["findings"] if f["source"] == "s3"
                         and f["location"]["bucket"] == n["audit_bucket"])
            audit_before = s3.get_object(Bucket=audit["bucket"], Key=audit["key"])["Body"].read()
            wav = next(f["location"] for f in run["findings"] if f["source"] == "recordings")
            wav_before = s3.get_object(Bucket=wav["bucket"], Key=wav["key"])["Body"].read()
            quarantine = f"s3://{names['evidence_bucket']}/quarantine"
            record, path = remediate(_args(run_path, root / "rec", quarantine=quarantine, bypass_governance=True,
                                           **key), record_id="a", clients=stack.client,
                                     signer=LocalSigner(root / "sign.pem"))
            assert path is not None
            after = nightly(stack, targets, names)
            got = s3.get_object(Bucket=n["audit_bucket"], Key="audit/clean.json")
            yield Done(
                dict(n) | dict(names), run, traced, plan, str(wrong.value), record, path, after, sha,
                (clean, got["Body"].read(), str(clean_version), str(got["VersionId"])), audit_before,
                s3.get_object(Bucket=audit["bucket"], Key=audit["key"])["Body"].read(), wav_before,
                s3.get_object(Bucket=wav["bucket"], Key=wav["key"])["Body"].read(),
                "s3://spc-remediate-extra/app/changing.log",
            )


def _items(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["item"]: i for i in record["items"]}


def test_every_finding_is_traced_to_its_origin(done: Done) -> None:
    assert len(done.traced) == len(done.run["findings"]) >= 10
    assert all(t["fix"] and t["origin"] for t in done.traced)
    by_source = {t["source"]: t for t in done.traced}
    assert by_source["bedrock"]["origin"]["identity_arn"].endswith(":assumed-role/spc-ivr/local")
    assert by_source["bedrock"]["origin"]["request_id"]
    assert by_source["recordings"]["origin"]["contact_id"] in by_source["recordings"]["origin"]["key"]
    s3 = [t for t in done.traced if t["source"] == "s3"]
    assert all(t["origin"]["version_id"] and t["origin"]["size"] for t in s3)
    assert any("CloudTrail data events are not logged" in n for t in s3 for n in t["notes"])
    latest = next(t for t in done.traced if "[$LATEST]" in str(t["origin"].get("log_stream")))
    assert "POWERTOOLS_LOGGER_LOG_EVENT" in latest["fix"]


def test_a_published_version_is_named_with_its_code_sha(done: Done) -> None:
    versioned = next(t for t in done.traced if "[1]" in str(t["origin"].get("log_stream")))
    assert versioned["origin"]["version"] == "1"
    assert versioned["origin"]["code_sha256"] == done.version_sha
    assert versioned["origin"]["published_version_at_event"]["version"] == "1"
    assert "charge:88" in versioned["fix"]


def test_plan_names_conflicts_and_missing_options(done: Done) -> None:
    items = _items(done.plan)
    audit = next(i for name, i in items.items() if done.stack_names["audit_bucket"] in name)
    assert audit["status"] == "conflict"
    assert any("GOVERNANCE retention until" in s["detail"] and "--bypass-governance" in s["detail"]
               for s in audit["steps"])
    streams = [i for i in items.values() if i["store"] == "cloudwatch"]
    assert streams and all(i["status"] == "refused" for i in streams)
    assert all(any("--quarantine" in s["detail"] for s in i["steps"]) for i in streams)
    assert items[done.changed_item]["status"] == "refused"


def test_a_run_from_another_account_is_refused(done: Done) -> None:
    assert "scope.account 999999999999 does not match the credentials' account 123456789012" in done.wrong_account


def test_apply_remediates_the_drill_and_refuses_the_changed_item(done: Done) -> None:
    items = _items(done.record)
    changed = items.pop(done.changed_item)
    assert changed["status"] == "refused"
    assert "changed since the scan" in changed["steps"][0]["detail"]
    assert all(s["status"] in ("refused", "not-run") for s in changed["steps"])
    assert items and {i["status"] for i in items.values()} == {"remediated"}
    assert {i["store"] for i in items.values()} == {"s3", "cloudwatch", "recordings"}
    assert done.record["status"] == "partial"
    streams = [i for i in items.values() if i["store"] == "cloudwatch"]
    assert all(i["counts"]["events_after"] == 0 and i["counts"]["events_before"] >= 1 for i in streams)
    protect = [s for i in streams for s in i["steps"] if s["action"] == "protect-log-group"]
    assert {s["status"] for s in protect} == {"not-emulated"}  # moto has no PutDataProtectionPolicy: said so


def test_rescan_is_clean_for_the_remediated_items(done: Done) -> None:
    fixed = {store_of(f) for f in done.run["findings"]} - {("s3", ("spc-remediate-extra", "app/changing.log"))}
    left = [f for f in done.after["findings"] if store_of(f) in fixed]
    assert left == []
    assert any(store_of(f) == ("s3", ("spc-remediate-extra", "app/changing.log")) for f in done.after["findings"])


def test_other_bytes_are_untouched(done: Done) -> None:
    clean, now, version, now_version = done.untouched
    assert (clean, version) == (now, now_version)
    assert done.audit_after == done.audit_before.replace(DRILL_PAN.encode(), b"424242******4242")
    assert len(done.wav_after) == len(done.wav_before) and done.wav_after[:44] == done.wav_before[:44]
    assert done.wav_after != done.wav_before


def test_record_is_signed_and_holds_no_card_value(done: Done, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_records(done.record_path.parent) == (1, [])
    assert main(["verify", str(done.record_path.parent)]) == 0
    assert "1 remediation record(s) checked" in capsys.readouterr().out
    text = done.record_path.read_text()
    assert DRILL_PAN not in text and DRILL_PAN not in json.dumps(done.traced)
    assert done.record["ran_by"] and done.record["run"]["sha256"]


def test_cli_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remediate", str(tmp_path / "absent.json"), "--all", "--plan"]) == 2
    assert "absent.json: cannot be read" in capsys.readouterr().err
    (tmp_path / "run.json").write_text(json.dumps({"findings": []}))
    assert main(["remediate", str(tmp_path / "run.json"), "--plan"]) == 2
    assert "--finding FINGERPRINT or --all" in capsys.readouterr().err
    assert main(["trace", str(tmp_path / "run.json"), "--finding", "hmac-sha256:00"]) == 2
    assert "--finding hmac-sha256:00: expected a fingerprint" in capsys.readouterr().err
