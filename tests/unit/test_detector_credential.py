"""CredentialDetector: one positive per chosen plugin, log-shaped negatives, triggers, windows, masking.

Every key below is synthetic and assembled at run time from parts, so this file holds nothing a secret scanner
or push protection would take for a live credential.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import string
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors.credential import CredentialDetector
from scanners.detectors.credential_plugins import TRIGGERS, Rule, build_rules, ci, deferred
from scanners.engine.core import Backend, Engine
from scanners.engine.finding import Span

UPPER = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"


def rnd(alphabet: str, n: int, seed: int = 1) -> str:
    return "".join(random.Random(seed * 1000 + n).choices(alphabet, k=n))


DETECTOR = CredentialDetector()


def find(text: str) -> list[Span]:
    return list(DETECTOR.find(text))


AWS_ID = "AK" + "IA" + rnd(UPPER.replace("E", ""), 16)
AWS_SECRET = rnd(ALNUM + "/+", 40, 2)
STRIPE_LIVE = "sk_" + "live_" + rnd(ALNUM, 99)
STRIPE_RESTRICTED = "rk_" + "live_" + rnd(ALNUM, 24, 3)
STRIPE_TEST = "sk_" + "test_" + rnd(ALNUM, 99, 4)
STRIPE_WEBHOOK = "wh" + "sec_" + rnd(ALNUM, 32, 5)
PEM_HEAD = "-----" + "BEGIN RSA " + "PRIVATE KEY-----"
PEM_TAIL = "-----" + "END RSA " + "PRIVATE KEY-----"
PEM_BODY = rnd(B64, 64, 6)
SLACK = "xo" + "xb-" + rnd("0123456789", 12) + "-" + rnd("0123456789", 13) + "-" + rnd(ALNUM, 24, 7)
SLACK_HOOK = "https://hooks.slack.com/services/T" + rnd(UPPER, 8) + "/B" + rnd(UPPER, 10) + "/" + rnd(ALNUM, 24, 8)
GITHUB = "gh" + "p_" + rnd(ALNUM, 36)
GITLAB = "gl" + "pat-" + rnd(URLSAFE, 20)
TWILIO_SID = "A" + "C" + rnd(HEX, 32)
TWILIO_KEY = "S" + "K" + rnd(HEX, 32, 9)
SENDGRID = "S" + "G." + rnd(URLSAFE, 22) + "." + rnd(URLSAFE, 43)
MAILCHIMP = rnd(HEX, 32, 10) + "-us" + "12"
DISCORD = "M" + rnd(URLSAFE, 23) + "." + rnd(URLSAFE, 6) + "." + rnd(URLSAFE, 27)
NPM = "np" + "m_" + rnd(ALNUM, 36, 11)
PYPI = "pypi-" + "AgEIcHlwaS5vcmc" + rnd(URLSAFE, 80)
SQUARE = "sq0" + "csp-" + rnd(URLSAFE, 43)
AZURE = "Account" + "Key=" + rnd(B64, 86) + "=="
OPENAI = "sk-" + "proj-" + rnd(ALNUM, 20, 12) + "T3Blbk" + "FJ" + rnd(ALNUM, 20, 13)
PASSWORD = "pw" + rnd(ALNUM, 10, 14)  # pragma: allowlist secret
ANET_KEY = rnd(UPPER, 16, 15)  # an Authorize.Net transaction key: 16 letters and digits
CIELO_KEY = rnd(UPPER, 40, 16)  # a Cielo E-commerce MerchantKey: 40 letters and digits
CIELO_CHAVE = rnd(HEX, 64, 17)  # a Cielo 1.x <chave>
NVP_PWD = rnd(UPPER, 16, 19)  # a PayPal NVP API password: 16 letters and digits
NVP_SIG = rnd(ALNUM, 56, 20)  # a PayPal NVP API signature
PAYFLOW_PWD = "Pf" + rnd(ALNUM, 9, 21)  # a Payflow account password: 6 to 32 characters
NVP_HEAD = "METHOD=DoDirectPayment&VERSION=204&USER=api1.shop.example.com"

POSITIVES: list[tuple[str, str, str]] = [
    ("aws key id", f"export AWS_ACCESS_KEY_ID={AWS_ID}", AWS_ID),
    ("aws key id in json", json.dumps({"creds": {"id": AWS_ID}}), AWS_ID),
    ("aws temporary key id", "key ASIA" + AWS_ID[4:] + " issued", "ASIA" + AWS_ID[4:]),
    ("aws secret, plugin keyword regex", f'aws_secret_key = "{AWS_SECRET}"', AWS_SECRET),
    ("aws secret, credentials file", f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
    ("aws secret, sts json", json.dumps({"SecretAccessKey": AWS_SECRET}), AWS_SECRET),
    ("stripe live secret key, full length", f"stripe.api_key = '{STRIPE_LIVE}'", STRIPE_LIVE),
    ("stripe restricted key", f"key={STRIPE_RESTRICTED}&x=1", STRIPE_RESTRICTED),
    ("stripe test secret key", f"STRIPE_SECRET_KEY={STRIPE_TEST}", STRIPE_TEST),
    ("stripe webhook secret", f'"signing_secret": "{STRIPE_WEBHOOK}"', STRIPE_WEBHOOK),
    ("pem header on its own line", PEM_HEAD, "BEGIN RSA " + "PRIVATE KEY"),
    (
        "pem json-escaped on one line",
        json.dumps({"key": f"{PEM_HEAD}\n{PEM_BODY}\n{PEM_TAIL}\n"}),
        "BEGIN RSA " + "PRIVATE KEY-----\\n" + PEM_BODY + "\\n" + PEM_TAIL,
    ),
    ("openssh key", "-----" + "BEGIN OPENSSH " + "PRIVATE KEY-----", "BEGIN OPENSSH " + "PRIVATE KEY"),
    ("slack bot token", f"token: {SLACK}", SLACK),
    ("slack webhook", f"POST {SLACK_HOOK} 200", SLACK_HOOK),
    ("github token", f"GITHUB_TOKEN={GITHUB}", GITHUB),
    ("gitlab token", f"private-token: {GITLAB}", GITLAB),
    ("sendgrid key", f"SENDGRID_API_KEY='{SENDGRID}'", SENDGRID),
    ("mailchimp key", f"apikey {MAILCHIMP}", MAILCHIMP),
    ("discord bot token", f"Bot {DISCORD}", DISCORD),
    ("npm token", f"//registry.npmjs.org/:_authToken={NPM} # ci", NPM),
    ("pypi token", f"password = {PYPI}", PYPI),
    ("square oauth secret", f"SQUARE_SECRET={SQUARE}", SQUARE),
    ("azure storage key", f"DefaultEndpointsProtocol=https;AccountName=pay;{AZURE};EndpointSuffix=x", AZURE),
    ("openai key", f"OPENAI_API_KEY={OPENAI}", OPENAI),
    ("password in url", f"dsn=postgres://payments:{PASSWORD}@db.internal:5432/pay", PASSWORD),
    # Authorize.Net's merchantAuthentication: the XML and JSON APIs, a namespace prefix, the form API's x_tran_key
    ("authorize.net xml", f"  <transactionKey>{ANET_KEY}</transactionKey>", ANET_KEY),
    ("authorize.net xml prefixed", f"<anet:transactionKey>{ANET_KEY}</anet:transactionKey>", ANET_KEY),
    ("authorize.net json", json.dumps({"merchantAuthentication": {"name": "5KP3u95bQ", "transactionKey": ANET_KEY}}),
     ANET_KEY),
    ("authorize.net json escaped", json.dumps(json.dumps({"transactionKey": ANET_KEY})), ANET_KEY),
    ("authorize.net form", f"x_login=5KP3u95bQ&x_tran_key={ANET_KEY}&x_amount=1.00", ANET_KEY),
    ("authorize.net config", f"AUTHORIZENET_TRANSACTION_KEY = '{ANET_KEY.lower()}'", ANET_KEY.lower()),
    # Cielo: the E-commerce API's MerchantKey header, the 1.x XML API's <dados-ec> key
    ("cielo merchantkey header json", json.dumps({"MerchantId": str(uuid.UUID(int=7)), "MerchantKey": CIELO_KEY}),
     CIELO_KEY),
    ("cielo merchantkey http header", f"MerchantKey: {CIELO_KEY}", CIELO_KEY),
    ("cielo merchant_key config", f"CIELO_MERCHANT_KEY={CIELO_KEY}", CIELO_KEY),
    ("cielo 1.x dados-ec chave", f"<dados-ec><numero>1006993069</numero><chave>{CIELO_CHAVE}</chave></dados-ec>",
     CIELO_CHAVE),
    # PayPal NVP (certificate credentials: no signature) and Payflow passwords in a request naming its API fields
    ("paypal nvp request", f"{NVP_HEAD}&PWD={NVP_PWD}&PAYMENTACTION=Sale&AMT=1.00", NVP_PWD),
    ("paypal nvp password first", f"req: PWD={NVP_PWD}&USER=api1.shop.example.com&METHOD=DoCapture", NVP_PWD),
    ("paypal nvp signature", f"USER=api1.shop.example.com&SIGNATURE={NVP_SIG}&METHOD=GetBalance", NVP_SIG),
    ("payflow parmlist", f'"TRXTYPE=S&TENDER=C&USER=merch1&VENDOR=merch1&PARTNER=PayPal&PWD={PAYFLOW_PWD}&AMT=1"',
     PAYFLOW_PWD),
    ("payflow length tag", f"TRXTYPE=A&USER=merch1&PARTNER=PayPal&PWD[{len(PAYFLOW_PWD)}]={PAYFLOW_PWD}", PAYFLOW_PWD),
    ("paypal nvp params json", json.dumps({"USER": "api1.shop", "PWD": NVP_PWD, "METHOD": "DoDirectPayment"}),
     NVP_PWD),
    ("paypal nvp params json escaped", json.dumps(json.dumps({"METHOD": "SetExpressCheckout", "USER": "a",
                                                              "PWD": NVP_PWD})), NVP_PWD),
    ("paypal nvp params php array", f"array('USER' => 'api1.shop', 'PWD' => '{NVP_PWD}', 'VERSION' => '204', "
     "'METHOD' => 'DoDirectPayment')", NVP_PWD),
]


@pytest.mark.parametrize(("text", "value"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES])
def test_finds_each_credential(text: str, value: str) -> None:
    spans = find(text)
    assert [(s.start, s.end, s.value) for s in spans] == [(text.index(value), text.index(value) + len(value), value)]
    span = spans[0]
    assert (span.type, span.detector, span.test_card, span.encoding) == ("credential", "credential", False, ())


@pytest.mark.parametrize(("text", "value"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES])
def test_repr_and_str_are_masked(text: str, value: str) -> None:
    for span in find(text):
        shown = repr(span) + str(span) + repr([span])
        assert value not in shown
        assert value[4:] not in shown


def _json_log(i: int) -> str:
    digest = hashlib.sha256(str(i).encode()).hexdigest()
    return json.dumps(
        {
            "requestId": str(uuid.UUID(int=i * 7919)),
            "traceId": str(uuid.uuid5(uuid.NAMESPACE_DNS, str(i))),
            "sha256": digest,
            "sha1": hashlib.sha1(str(i).encode()).hexdigest(),
            "etag": hashlib.md5(str(i).encode()).hexdigest(),
            "blob": base64.b64encode(random.Random(i).randbytes(96)).decode(),
            "awsRegion": "eu-west-2",
            "kmsKeyId": f"arn:aws:kms:eu-west-2:123456789012:key/{uuid.UUID(int=i)}",
            "url": "https://api.example.com/v1/charges?limit=10",
        }
    )


NEGATIVES: list[tuple[str, str]] = [
    ("empty", ""),
    ("uuids", " ".join(str(uuid.UUID(int=i * 104729)) for i in range(50))),
    ("sha256 digests", " ".join(hashlib.sha256(bytes([i])).hexdigest() for i in range(50))),
    ("upper-case hex digests", " ".join(hashlib.sha256(bytes([i])).hexdigest().upper() for i in range(50))),
    ("base64 blobs", base64.b64encode(random.Random(7).randbytes(4096)).decode()),
    ("json logs", "\n".join(_json_log(i) for i in range(50))),
    ("aws key id inside a word", "x" + AWS_ID + " and " + AWS_ID + "Z"),
    (
        "cloudtrail access key id field",
        json.dumps({"userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIA" + AWS_ID[4:]}}),
    ),
    ("cloudtrail field, escaped json", json.dumps(json.dumps({"accessKeyId": AWS_ID}))),
    ("aws secret in a longer run", f"aws_secret_access_key = {AWS_SECRET}x"),
    ("cloudtrail hidden secret", '"SecretAccessKey": "HIDDEN_DUE_TO_SECURITY_REASONS"'),  # pragma: allowlist secret
    ("stripe key too short", "sk_" + "live_" + rnd(ALNUM, 12)),
    ("stripe publishable key", "pk_" + "live_" + rnd(ALNUM, 99)),
    ("stripe key inside a word", "risk_" + "live_" + rnd(ALNUM, 30)),
    ("github token too long", "gh" + "p_" + rnd(ALNUM, 37)),
    ("mailchimp in a longer hex run", "a" + MAILCHIMP),
    # Twilio SIDs identify resources (the account, an API key); every webhook request carries AccountSid
    ("twilio gather webhook", f"POST /ivr/gather AccountSid={TWILIO_SID}&CallSid=CA{rnd(HEX, 32, 14)}&Digits=1"),
    ("twilio api key sid", f"api_key_sid={TWILIO_KEY};"),
    ("shell-templated password in url", "postgres://payments:${DB_PASSWORD}@db.internal/pay"),
    ("f-string password in url", "postgres://{user}:{password}@{host}/pay"),
    ("jinja password in url", "postgres://app:{{ db_password }}@db/pay and redis://app:<password>@cache"),
    ("printf password in url", "postgres://app:%(password)s@db/pay and amqp://app:%s@mq"),  # pragma: allowlist secret
    ("starred password in url", "postgres://app:********@db/pay"),  # pragma: allowlist secret
    ("x-ed password in url", "postgres://app:xxxxxx@db/pay"),  # pragma: allowlist secret
    ("url without password", "https://user@example.com/path and ssh://git@github.com/org/repo"),
    ("templated npm token", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
    ("jwt (not reported)", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxIn0." + rnd(URLSAFE, 43)),
    ("public key", "-----" + "BEGIN PUBLIC " + "KEY-----"),
    # an Authorize.Net key redacted, of another length, or a 16-character value under another name
    ("authorize.net key redacted", "<transactionKey>XXXXXXXXXXXXXXXX</transactionKey>"),
    ("authorize.net key too long", f"<transactionKey>{ANET_KEY}AB</transactionKey>"),
    ("authorize.net key too short", f'"transactionKey": "{ANET_KEY[:12]}"'),
    ("16 characters under another name", f"<transId>{ANET_KEY}</transId><refId>{ANET_KEY}</refId>"),
    ("transaction id", f'"transactionId": "{ANET_KEY}"'),
    # a Cielo key redacted or of another length, a <chave> outside <dados-ec> (an access key of a Brazilian e-invoice)
    ("cielo merchantkey redacted", '"MerchantKey": "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"'),
    ("cielo merchantkey too short", f'"MerchantKey": "{CIELO_KEY[:30]}"'),
    ("cielo merchant id", f'"MerchantId": "{uuid.UUID(int=9)}"'),
    ("chave outside dados-ec", f"<infNFe><chave>{rnd('0123456789', 44, 18)}</chave></infNFe>"),
    ("cielo chave placeholder", "<dados-ec><numero>1006993069</numero><chave>xxxx</chave></dados-ec>"),
    # PWD without the request's other API fields, in another query string, redacted, templated, or another key
    ("pwd alone", f"GET /report?PWD={NVP_PWD}&TIMEOUT=30"),
    ("pwd beside the user only", f"USER=api1.shop.example.com&PWD={NVP_PWD}&AMT=1.00"),
    ("nvp fields in another query string", f"GET /a?USER=api1&METHOD=GetBalance 200 -> /b?PWD={NVP_PWD}&X=1"),
    ("lower-case login form", f"POST /login user=bob&pwd={NVP_PWD}&method=form"),
    ("nvp password redacted", f"{NVP_HEAD}&PWD=********&SIGNATURE=XXXXXXXXXXXXXXXXXXXX&AMT=1.00"),
    ("nvp password templated", NVP_HEAD + "&PWD={pwd}&SIGNATURE=$PAYPAL_SIGNATURE"),
    ("nvp password too short", f"{NVP_HEAD}&PWD=Ab3x&AMT=1.00"),
    ("another key ending in pwd", f"{NVP_HEAD}&OLDPWD={NVP_PWD}&AMT=1.00"),
    ("params dict without the user", json.dumps({"PWD": NVP_PWD, "METHOD": "DoDirectPayment"})),
]


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_ignores(text: str) -> None:
    assert find(text) == []


def test_aws_documentation_key_is_not_a_test_card() -> None:
    example_id = "AKIA" + "IOSFODNN7" + "EXAMPLE"
    example_secret = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"  # pragma: allowlist secret
    text = f"aws_access_key_id={example_id}\naws_secret_access_key={example_secret}\n"
    assert [(s.value, s.test_card) for s in find(text)] == [(example_id, False), (example_secret, False)]


def test_same_secret_named_by_two_plugins_is_reported_once() -> None:
    text = f'aws_secret_access_key = "{AWS_SECRET}"'
    assert [s.value for s in find(text)] == [AWS_SECRET]


def test_paypal_nvp_password_and_signature_are_both_reported() -> None:
    text = f"{NVP_HEAD}&PWD={NVP_PWD}&SIGNATURE={NVP_SIG}&ACCT=0&AMT=1.00"
    assert [(s.start, s.value) for s in find(text)] == [(text.index(NVP_PWD), NVP_PWD), (text.index(NVP_SIG), NVP_SIG)]


def test_several_secrets_on_one_line_in_order_of_plugins() -> None:
    text = f"{GITHUB} {AWS_ID} {GITHUB}"
    assert sorted((s.start, s.value) for s in find(text)) == [
        (0, GITHUB),
        (len(GITHUB) + 1, AWS_ID),
        (len(GITHUB) + len(AWS_ID) + 2, GITHUB),
    ]


# --- windows -------------------------------------------------------------------------------------------------


def test_reports_only_inside_the_window() -> None:
    text = f"a={AWS_ID}\nb={GITHUB}\n"
    second = text.index("b=")
    assert [s.value for s in DETECTOR.find(text, second, len(text) - 1)] == [GITHUB]
    assert [s.value for s in DETECTOR.find(text, 0, second - 1)] == [AWS_ID]


@pytest.mark.parametrize("value", [AWS_ID, GITHUB, STRIPE_LIVE, SENDGRID])
def test_window_cutting_a_token_reports_nothing(value: str) -> None:
    text = f"k={value};"
    start, end = 2, 2 + len(value)
    assert list(DETECTOR.find(text, start + 1, len(text))) == []
    assert list(DETECTOR.find(text, 0, end - 1)) == []
    assert [s.value for s in DETECTOR.find(text, start, end)] == [value]


def test_boundaries_are_judged_on_the_full_text() -> None:
    text = "x" + AWS_ID
    assert list(DETECTOR.find(text, 1, len(text))) == []


# --- triggers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", TRIGGERS)
def test_trigger_compiles_in_re_and_is_ascii(pattern: str) -> None:
    assert pattern.isascii()
    re.compile(pattern, re.ASCII | re.MULTILINE)
    assert "(?=" not in pattern and "(?!" not in pattern and "(?<" not in pattern


@pytest.mark.parametrize("pattern", TRIGGERS)
def test_trigger_compiles_in_hyperscan(pattern: str) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    db = hyperscan.Database()
    db.compile(expressions=[pattern.encode()], ids=[0], elements=1, flags=[hyperscan.HS_FLAG_DOTALL])


def test_triggers_are_selective_on_logs() -> None:
    logs = "\n".join(n[1] for n in NEGATIVES[:6])
    assert [p for p in TRIGGERS if re.search(p, logs)] == []


PLUGIN_REGEXES = [(rule, rx) for rule in build_rules() for rx in rule.plugin.denylist]


@pytest.mark.parametrize(
    ("rule", "regex"), PLUGIN_REGEXES, ids=[f"{type(r.plugin).__name__}-{i}" for i, (r, _) in enumerate(PLUGIN_REGEXES)]
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_triggers_cover_every_plugin_match(rule: Rule, regex: re.Pattern[str], data: st.DataObject) -> None:
    """On an ASCII line a trigger matches wherever the plugin's regex does, so the prefilter never hides a hit."""
    ascii_line = st.characters(codec="ascii", exclude_characters="\n")
    sample = data.draw(st.from_regex(regex, fullmatch=True, alphabet=ascii_line))
    assert rule.gate.search(sample)


def test_every_rule_has_a_trigger_and_a_plugin_regex() -> None:
    for rule in build_rules():
        assert rule.triggers
        assert list(rule.plugin.denylist)


LAZY_LOAD = """
import sys
import scanners.engine.core
engine = scanners.engine.core.default_engine()
print("detect_secrets" in sys.modules)
engine.scan_text("GET /health 200 in 3 ms")
print("detect_secrets" in sys.modules)
print([s.detector for s in engine.scan_text("id=" + "AK" + "IA" + "Q" * 16)])
print("detect_secrets" in sys.modules)
"""


def test_detect_secrets_loads_only_on_first_find_behind_a_trigger() -> None:
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", LAZY_LOAD], cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["False", "False", "['credential']", "True", ""]


NO_REQUESTS = """
import sys
from scanners.detectors.credential_plugins import build_rules
rules = build_rules()
print("requests" in sys.modules, "urllib3" in sys.modules)
base = sys.modules["detect_secrets.plugins.base"]
print(type(base.requests).__name__)
import requests
print(type(requests).__name__, "requests" in sys.modules, "urllib3" in sys.modules)
print(base.requests.exceptions.RequestException is requests.exceptions.RequestException)
print(sys.modules["detect_secrets.plugins.stripe"].requests.get is requests.get)
"""


def test_plugins_load_without_requests_and_it_loads_on_first_use() -> None:
    """detect-secrets imports ``requests`` only to verify secrets (never done here): a stand-in takes its place
    while the plugins load, and the first real use of it (or a later ``import requests``) gets the real module."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", NO_REQUESTS], cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["False False", "_Deferred", "module True True", "True", "True", ""]


def test_deferred_leaves_an_imported_module_alone() -> None:
    with deferred("json"):
        assert sys.modules["json"] is json
    assert sys.modules["json"] is json


def test_rules_are_built_on_first_find_and_kept() -> None:
    detector = CredentialDetector()
    assert detector._rules is None
    assert [s.value for s in detector.find(f"k={GITHUB}")] == [GITHUB]
    rules = detector._rules
    assert rules is not None and len(rules) == len(build_rules())
    list(detector.find(f"k={AWS_ID}"))
    assert detector._rules is rules


def test_ci_builds_case_insensitive_pattern() -> None:
    assert ci("aws.") == r"[Aa][Ww][Ss]\."
    assert re.fullmatch(ci("hooks.slack"), "HOOKS.Slack")


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_backends_agree_with_direct_find(backend: Backend) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    engine = Engine([CredentialDetector()], [], backend=backend)
    text = "\n".join(p[1] for p in POSITIVES + [(n[0], n[1], "") for n in NEGATIVES])
    got = [(s.start, s.end, s.value) for s in engine.scan_text(text)]
    direct = sorted((s.start, s.end, s.value) for s in DETECTOR.find(text))
    assert got == direct
    assert {v for _, _, v in got} == {p[2] for p in POSITIVES}


# --- hygiene property -----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    suffix=st.text(alphabet=UPPER, min_size=16, max_size=16),
    before=st.sampled_from(["", " ", "=", '"', "'", ":", "\t", "(", "\u00e9 "]),
    after=st.sampled_from(["", " ", '"', ";", ",", ")", "\n", " \u00e9"]),
)
def test_any_aws_key_id_is_found_and_masked(suffix: str, before: str, after: str) -> None:
    key = "AKIA" + suffix
    text = f"log {before}{key}{after} end"
    spans = find(text)
    assert [s.value for s in spans] == [key]
    assert not spans[0].test_card
    assert suffix not in repr(spans[0])


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_cloudtrail_key_id_hit_is_screened_and_other_secrets_on_its_line_are_kept(backend: Backend) -> None:
    engine = Engine([CredentialDetector()], [], backend=backend)
    ids_only = json.dumps({"userIdentity": {"accessKeyId": "ASIA" + AWS_ID[4:]}, "eventName": "GetObject"})
    assert engine.scan_text(ids_only) == []
    assert engine._windows(ids_only) == {}  # the screen: no window is built for it
    mixed = json.dumps({"userIdentity": {"accessKeyId": "ASIA" + AWS_ID[4:]}, "note": f"leaked {AWS_ID}"})
    assert [s.value for s in engine.scan_text(mixed)] == [AWS_ID]
