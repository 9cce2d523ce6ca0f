"""Connect-format encryption round trips and every way decryption must fail safely."""

from __future__ import annotations

import base64
import datetime as dt
from functools import lru_cache

import aws_encryption_sdk
import pytest
from aws_encryption_sdk.identifiers import CommitmentPolicy, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.internal.formatting.deserialize import deserialize_header
from aws_encryption_sdk.key_providers.raw import RawMasterKey
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ivr.connect_crypto import CONNECT_SUITE, decrypt_customer_input, encrypt_customer_input
from ivr.errors import ConfigError, DecryptionError, NoEntry

KEY_ID = "5f0e2c9a-6c1d-4b0e-9a51-0f1c2d3e4f50"
PAN = "4242424242424242"


@lru_cache(maxsize=4)
def keypair(bits: int = 2048, tag: str = "a") -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def certificate(private_pem: bytes) -> bytes:
    key = serialization.load_pem_private_key(private_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "connect-flow-key")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=730))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def test_round_trip_with_public_key() -> None:
    private, public = keypair()
    ciphertext = encrypt_customer_input(PAN, key_id=KEY_ID, public_key_pem=public)
    assert PAN not in ciphertext
    assert decrypt_customer_input(ciphertext, private_key_pem=private, key_id=KEY_ID) == PAN


def test_round_trip_with_certificate_and_rsa_4096() -> None:
    private, _ = keypair(4096)
    ciphertext = encrypt_customer_input("1230", key_id=KEY_ID, certificate_pem=certificate(private))
    assert decrypt_customer_input(ciphertext, private_key_pem=private, key_id=KEY_ID) == "1230"


def test_ciphertext_has_connects_shape() -> None:
    _, public = keypair()
    raw = base64.b64decode(encrypt_customer_input("123", key_id=KEY_ID, public_key_pem=public))
    header, _ = deserialize_header(__import__("io").BytesIO(raw))
    assert header.algorithm == CONNECT_SUITE
    assert header.version.value == 1
    assert set(header.encryption_context) == {"aws-crypto-public-key"}
    (edk,) = header.encrypted_data_keys
    assert edk.key_provider.provider_id == "AmazonConnect"
    assert edk.key_provider.key_info == KEY_ID.encode()


def test_default_commitment_policy_refuses_connect_messages() -> None:
    """Why decryption must allow the non-committing suite: the SDK default refuses it."""
    private, public = keypair()
    ciphertext = base64.b64decode(encrypt_customer_input(PAN, key_id=KEY_ID, public_key_pem=public))
    strict = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    key = RawMasterKey(provider_id="AmazonConnect", key_id=KEY_ID.encode(), wrapping_key=WrappingKey(
        WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, private, EncryptionKeyType.PRIVATE))
    with pytest.raises(Exception, match="committed"):
        strict.decrypt(source=ciphertext, key_provider=key)


def test_timeout_literal_is_no_entry() -> None:
    private, _ = keypair()
    with pytest.raises(NoEntry):
        decrypt_customer_input("Timeout", private_key_pem=private, key_id=KEY_ID)


def _tampered(ciphertext: str, offset: int) -> str:
    raw = bytearray(base64.b64decode(ciphertext))
    raw[offset] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _two_edks(public: bytes) -> str:
    from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider

    class TwoKeys(RawMasterKeyProvider):  # type: ignore[misc]
        provider_id = "AmazonConnect"

        def _get_raw_key(self, key_id: bytes) -> WrappingKey:
            return WrappingKey(WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, public, EncryptionKeyType.PUBLIC)

    provider = TwoKeys()
    provider.add_master_keys_from_list([KEY_ID, "other-key"])
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
    message, header = client.encrypt(source=PAN.encode(), key_provider=provider, algorithm=CONNECT_SUITE)
    assert len(header.encrypted_data_keys) == 2
    return base64.b64encode(message).decode()


def _unsigned(public: bytes) -> str:
    from aws_encryption_sdk.identifiers import Algorithm

    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
    key = RawMasterKey(provider_id="AmazonConnect", key_id=KEY_ID.encode(), wrapping_key=WrappingKey(
        WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, public, EncryptionKeyType.PUBLIC))
    suite = Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA256  # non-committing, unsigned
    message, _ = client.encrypt(source=PAN.encode(), key_provider=key, algorithm=suite)
    return base64.b64encode(message).decode()


@pytest.mark.parametrize(
    "case",
    ["wrong_key", "wrong_key_id", "wrong_provider", "tampered_body", "tampered_header", "truncated", "garbage_b64",
     "not_b64", "empty", "two_edks", "unsigned_suite", "huge"],
)
def test_bad_ciphertexts_raise_without_plaintext(case: str) -> None:
    private, public = keypair()
    other_private, other_public = keypair(2048, "b")
    good = encrypt_customer_input(PAN, key_id=KEY_ID, public_key_pem=public)
    key_id = KEY_ID
    ciphertext = good
    if case == "wrong_key":
        private = other_private
    elif case == "wrong_key_id":
        key_id = "00000000-0000-0000-0000-000000000000"
    elif case == "wrong_provider":
        client = aws_encryption_sdk.EncryptionSDKClient(
            commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
        key = RawMasterKey(provider_id="SomethingElse", key_id=KEY_ID.encode(), wrapping_key=WrappingKey(
            WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, public, EncryptionKeyType.PUBLIC))
        ciphertext = base64.b64encode(client.encrypt(source=PAN.encode(), key_provider=key,
                                                     algorithm=CONNECT_SUITE)[0]).decode()
    elif case == "tampered_body":
        ciphertext = _tampered(good, len(base64.b64decode(good)) - 150)
    elif case == "tampered_header":
        ciphertext = _tampered(good, 30)
    elif case == "truncated":
        ciphertext = base64.b64encode(base64.b64decode(good)[:-40]).decode()
    elif case == "garbage_b64":
        ciphertext = base64.b64encode(b"\x01\x80" + bytes(range(200))).decode()
    elif case == "not_b64":
        ciphertext = "this is not base64!"
    elif case == "empty":
        ciphertext = "   "
    elif case == "two_edks":
        ciphertext = _two_edks(public)
    elif case == "unsigned_suite":
        ciphertext = _unsigned(public)
    elif case == "huge":
        ciphertext = "A" * 20_000
    del other_public
    with pytest.raises(DecryptionError) as info:
        decrypt_customer_input(ciphertext, private_key_pem=private, key_id=key_id)
    text = str(info.value) + repr(info.value)
    assert PAN not in text
    assert PAN[-4:] not in text.replace(KEY_ID, "")
    assert ciphertext[:40] not in text


def test_bad_key_material_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="private key"):
        decrypt_customer_input(encrypt_customer_input(PAN, key_id=KEY_ID, public_key_pem=keypair()[1]),
                               private_key_pem=b"not a key", key_id=KEY_ID)
    with pytest.raises(ConfigError, match="certificate"):
        encrypt_customer_input(PAN, key_id=KEY_ID, certificate_pem=b"-----BEGIN CERTIFICATE-----\nxx")
    with pytest.raises(ConfigError, match="public key"):
        encrypt_customer_input(PAN, key_id=KEY_ID)
