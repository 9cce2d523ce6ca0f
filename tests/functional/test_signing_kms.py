"""Signing with a KMS asymmetric key on the moto server, verified offline with the exported public key."""

from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from reports.signing import KmsSigner, sign_directory, verify_directory


@pytest.fixture(scope="module")
def kms() -> object:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    client = boto3.client("kms", region_name="us-east-1", endpoint_url=f"http://{host}:{port}",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    yield client
    server.stop()


def test_kms_signed_directory_verifies_offline(kms: object, tmp_path: Path) -> None:
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]  # type: ignore[attr-defined]
    (tmp_path / "report.md").write_text("# PASS\n")
    sign_directory(tmp_path, KmsSigner(kms, key))
    assert verify_directory(tmp_path).ok
    (tmp_path / "report.md").write_text("# FAIL\n")
    assert verify_directory(tmp_path).problems == ["report.md: content differs from the signed digest"]
