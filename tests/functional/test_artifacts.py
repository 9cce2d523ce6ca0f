"""Every function of sam/template.yaml, as deployed: its artifact built by ``deploy.package`` (x86_64 here, the same
pins and code as the template's arm64), under Lambda's 250 MB, importing its Handler in a clean interpreter of the
runtime's minor version with only the artifact and the runtime's boto3 on sys.path, then answering a smoke event on
the local moto stack. Artifacts are cached under build/lambda/x86_64/ (rebuilt when their inputs change).
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from deploy.imports import distributions_of, reach
from deploy.template import ROOT, functions

from tests.artifacts.run import Built, build, distributions, providers, requirement_closure, run, runtime_python
from tests.functional.test_handler import Stack, charge_event, stack, stripe_emulator, validate_event  # noqa: F401

FUNCTIONS = {fn.logical_id: fn for fn in functions()}
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
PAN = "4111111111111111"
BUCKET, EVIDENCE, STATE = "artifact-scan", "artifact-evidence", "artifact-state"


@pytest.fixture(scope="session")
def built() -> Callable[[str], Built]:
    cache: dict[str, Built] = {}

    def get(logical_id: str) -> Built:
        if logical_id not in cache:
            cache[logical_id] = build(FUNCTIONS[logical_id])
        return cache[logical_id]

    return get


def python_for(logical_id: str) -> str:
    fn = FUNCTIONS[logical_id]
    python = runtime_python(fn)
    if python is None:
        pytest.skip(f"no python{fn.python_version} here (set RUNTIME_PYTHON): the artifact test needs the runtime's")
    return python


def project_top_levels() -> set[str]:
    return {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_artifact_fits_and_its_handler_imports_in_a_clean_runtime(logical_id: str,
                                                                   built: Callable[[str], Built]) -> None:
    python = python_for(logical_id)
    artifact = built(logical_id)
    print(f"\n{logical_id}: {artifact.size / 2**20:.1f} MB unzipped (x86_64), built or reused in "
          f"{artifact.build_seconds:.1f} s")
    assert artifact.size < LAMBDA_UNZIPPED_LIMIT
    shipped = {p.name for p in artifact.path.iterdir()} & project_top_levels()
    modules = sorted(".".join(f.relative_to(artifact.path).with_suffix("").parts).removesuffix(".__init__")
                     for top in shipped for f in (artifact.path / top).rglob("*.py"))
    # every shipped project module imports in the clean runtime: the handler's own imports and the extension
    # modules it discovers at run time (controls, formats, exports)
    result = run(artifact, python, [], env={"AWS_DEFAULT_REGION": "us-east-1"}, also_import=modules)
    assert result["python"] == FUNCTIONS[logical_id].python_version
    assert result["outside"] == []  # nothing came from this machine's site-packages or the source tree
    # project code: only what the handler reaches, statically or by discovery (no tests, docs, benchmarks)
    assert shipped and shipped <= set(result["modules"])
    assert set(modules) <= set(reach(FUNCTIONS[logical_id].module).modules)
    assert not list(artifact.path.rglob("tests/__init__.py")) or shipped.isdisjoint({"tests"})


def test_payment_artifact_validates_and_charges(stack: Stack, built: Callable[[str], Built]) -> None:  # noqa: F811
    logical_id = "IvrFunction"
    python = python_for(logical_id)
    fn, artifact = FUNCTIONS[logical_id], built(logical_id)
    contact = str(uuid.uuid4())
    events = [validate_event(contact, "card_number", "4242424242424242"),
              charge_event(contact, "5555555555554444", amount="12.34")]
    result = run(artifact, python, events)
    answers = [call["answer"] for call in result["calls"]]
    assert [a["result"] for a in answers] == ["valid", "approved"]
    assert len(stack.charges_for(contact)) == 1 and len(stack.audit_objects()) == 1
    assert "5555555555554444" not in result["stderr"] + json.dumps(answers)
    # the artifact carries only what this path imports, what that requires, and what its code imports lazily
    dists = distributions(artifact.path)
    imported = providers(dists, set(result["modules"]))
    reached, _ = distributions_of(reach(fn.module).third_party)
    needed = requirement_closure(dists, imported | reached, fn.python_version)
    lazy = set(dists) - requirement_closure(dists, imported, fn.python_version)
    print(f"\nimported by import+validate+charge: {sorted(imported)}\ncarried for imports this run did not reach: "
          f"{sorted(lazy)}\ncalls: {[round(c['seconds'], 3) for c in result['calls']]} s, "
          f"import {result['import_seconds']:.2f} s")
    assert set(dists) - needed == set()


CANARIES = "artifact-canaries"


@pytest.fixture
def scan_env(moto_server: str, boto_clients: Any) -> dict[str, str]:
    s3 = boto_clients("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="logs/app.log.gz", Body=gzip.compress(f"paid with {PAN}\n".encode()))
    s3.create_bucket(Bucket=EVIDENCE, ObjectLockEnabledForBucket=True)
    s3.create_bucket(Bucket=STATE)
    s3.create_bucket(Bucket=CANARIES)
    key = boto_clients("kms").create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    return {"FINGERPRINT_KEY_ID": key, "EVIDENCE_BUCKET": EVIDENCE, "CHECKPOINT_URI": f"s3://{STATE}/cp.json",
            "SCAN_SETTLE_SECONDS": "0", "SCAN_TARGETS": f"s3://{BUCKET}/logs/", "HOME": str(ROOT / "build"),
            "CANARY_S3_URI": f"s3://{CANARIES}/spc-canary/"}


def test_scan_artifacts_scan_one_object_merge_and_run_nightly(scan_env: dict[str, str], boto_clients: Any,
                                                               built: Callable[[str], Built], tmp_path: Path) -> None:
    env = {**scan_env, "XDG_CACHE_HOME": str(tmp_path)}
    worker = run(built("ScanWorkerFunction"), python_for("ScanWorkerFunction"),
                 [{"Items": [{"Key": "logs/app.log.gz", "Size": 30}], "BatchInput": {"bucket": BUCKET}}], env)
    out = worker["calls"][0]["answer"]
    assert (out["verdict"], out["summary"]["findings"]) == ("leaks", 1)
    merged = run(built("ScanMergeFunction"), python_for("ScanMergeFunction"),
                 [{"results": [out], "run_id": "artifact-test", "targets": [f"s3://{BUCKET}/logs/"]}], env)
    assert merged["calls"][0]["answer"]["verdict"] == "leaks"
    nightly = run(built("NightlyScanFunction"), python_for("NightlyScanFunction"), [{"full": True}], env)
    answer = nightly["calls"][0]["answer"]
    assert answer["verdict"] == "leaks"
    # the deployed artifact plants canaries of every kind (and file format it can read) and finds them all
    assert answer["canaries"] > 0 and answer["canaries_missed"] == 0
    keys = [o["Key"] for o in boto_clients("s3").list_objects_v2(Bucket=EVIDENCE).get("Contents", [])]
    assert len(keys) >= 2  # the merge step's run and the nightly run
    assert PAN not in json.dumps([worker, merged, nightly])
