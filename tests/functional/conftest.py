"""Shared functional-test fixtures: one moto server on 127.0.0.1 per session, reset around every test.

``moto_server`` yields the endpoint URL and sets ``AWS_ENDPOINT_URL`` (so plain ``boto3.client(...)`` reaches it),
dummy credentials, us-east-1 and ``MOTO_PORT``; ``boto_clients`` returns a factory ``clients("s3") -> client``.
``moto_config`` posts moto's runtime config (e.g. Step Functions execution) for one test and resets it afterwards.
``stack`` is a whole local stack (its own moto server, the emulators, the Connect security key) per test module,
``runner`` the bundled flow's runner on it; ``forget_charges(stack)`` clears the duplicate-charge ledger, so a test
may pay the same card and amount again (a module may define its own ``stack`` instead).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from ivr.local.connect.caller import runner_for
from ivr.local.connect.runner import FlowRunner
from ivr.local.stack import LocalStack

REGION = "us-east-1"
ClientFactory = Callable[..., Any]


def _post(endpoint: str, path: str, body: dict[str, Any] | None = None) -> None:
    data = json.dumps(body or {}).encode()
    req = urllib.request.Request(endpoint + path, data=data, method="POST")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as resp:
        resp.read()


@pytest.fixture(scope="session")
def _moto_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def moto_server(_moto_session: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The endpoint URL of a clean moto server on 127.0.0.1 (state reset before and after the test: moto's backends
    are per process, so a local stack started by an earlier test in this worker must not leave resources behind)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", _moto_session)
    # moto's Step Functions interpreter calls back into "the" moto server at localhost:MOTO_PORT
    monkeypatch.setenv("MOTO_PORT", _moto_session.rsplit(":", 1)[1])
    _post(_moto_session, "/moto-api/reset")
    yield _moto_session
    _post(_moto_session, "/moto-api/reset")


@pytest.fixture
def moto_config(moto_server: str) -> Iterator[Callable[[dict[str, Any]], None]]:
    """``moto_config({"stepfunctions": {"execute_state_machine": True}, ...})`` for this test only."""

    def apply(config: dict[str, Any]) -> None:
        _post(moto_server, "/moto-api/config", config)

    yield apply
    apply({"stepfunctions": {"execute_state_machine": False}, "lambda": {"use_docker": True}})


def make_client(endpoint: str, service: str, **config: Any) -> Any:
    """A boto3 client for ``service`` on the moto endpoint (botocore retries off unless given)."""
    retries = config.pop("retries", {"max_attempts": 1, "mode": "standard"})
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries=retries, **config),
    )


@pytest.fixture
def boto_clients(moto_server: str) -> ClientFactory:
    """``clients("s3")`` → a boto3 client on the test's moto server."""

    def clients(service: str, **config: Any) -> Any:
        return make_client(moto_server, service, **config)

    return clients


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with LocalStack(key_bits=2048) as running:
        yield running


@pytest.fixture(scope="module")
def runner(stack: LocalStack) -> FlowRunner:
    return runner_for(stack)


def forget_charges(stack: LocalStack) -> None:
    """Drop the ledger's charge items: earlier tests' charges of the same card and amount would bring the
    duplicate warning."""
    db, table = stack.client("dynamodb"), stack.names["table"]
    for item in db.scan(TableName=table).get("Items", []):
        if item["id"]["S"].startswith("charge#"):
            db.delete_item(TableName=table, Key={"id": item["id"]})
