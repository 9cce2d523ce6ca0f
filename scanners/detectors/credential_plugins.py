"""The curated detect-secrets plugins behind the credential detector: a trigger and locating rule for each.

Chosen for signal: each plugin matches a vendor-specific token shape. Left out: keyword and high-entropy
plugins (noisy on logs), ``JwtTokenDetector`` (bearer and id tokens fill request logs, mostly short-lived),
``IbmCloudIamDetector``, ``SoftlayerDetector``, ``CloudantDetector`` (keyword-guided), ``ArtifactoryDetector``
and ``TelegramBotTokenDetector`` (loose shapes), ``TwilioKeyDetector`` (it matches Twilio SIDs, ``AC``/``SK`` and
32 hex digits: identifiers that Twilio writes into every webhook request, ``AccountSid=AC...``; the secrets, an
auth token or an API key's secret, carry no prefix). Added here: Stripe test keys and webhook secrets (a leaked
test key still opens the test account), AWS secret access keys written as ``aws_secret_access_key = ...``
or ``"SecretAccessKey": "..."``, Authorize.Net transaction keys under their API name (``transactionKey``), and
PayPal NVP / Payflow API passwords and signatures in a request naming its other API fields (``credential_nvp``).

On an ASCII line each trigger matches wherever its plugin's own regexes match (a superset, never narrower),
so the detector reports nothing the engine's prefilter could miss. Triggers start with a literal where that
keeps them selective: Python ``re`` (the fallback prefilter) scans far faster from a literal than a class.
``PLUGINS`` names each plugin without loading it, so ``TRIGGERS`` costs no detect-secrets import (~0.1 s);
``build_rules()`` loads them, on the detector's first ``find``, without importing ``requests``: detect-secrets
imports it at the top of its plugin modules only to *verify* secrets online, which is never done here, and it is
most of the load's cost (~50 of ~60 ms, paid by every worker process that reaches a credential find).
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from scanners.detectors.credential_nvp import NVP_TRIGGERS, nvp_credential, nvp_plugin
from scanners.lazy_re import lazy_compile

if TYPE_CHECKING:
    from detect_secrets.plugins.base import RegexBasedDetector

Locate = Callable[[re.Match[str]], tuple[int, int] | None]


@functools.cache
def own_plugins() -> dict[str, type[RegexBasedDetector]]:
    """The plugins added here, defined on first use so that detect-secrets loads only when a line is checked."""
    from detect_secrets.plugins.base import RegexBasedDetector

    class StripeSecretDetector(RegexBasedDetector):
        """Stripe test-mode secret and restricted keys, and webhook signing secrets."""

        secret_type = "Stripe Test Key or Webhook Secret"  # noqa: S105  # pragma: allowlist secret
        denylist: ClassVar[tuple[re.Pattern[str], ...]] = (
            re.compile(r"[rs]k_test_[0-9a-zA-Z]{24}"),
            re.compile(r"whsec_[0-9a-zA-Z]{32}"),
        )

    class AwsSecretAccessKeyDetector(RegexBasedDetector):
        """An AWS secret access key assigned to its well-known key name, quoted or not."""

        secret_type = "AWS Secret Access Key"  # noqa: S105  # pragma: allowlist secret
        denylist: ClassVar[tuple[re.Pattern[str], ...]] = (
            re.compile(
                r"secret_?access_?key[\"']?[ \t]*[:=]+[ \t]*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
                re.IGNORECASE,
            ),
        )

    class AuthorizeNetKeyDetector(RegexBasedDetector):
        """An Authorize.Net API transaction key (16 letters and digits) under its name: the XML and JSON APIs'
        ``merchantAuthentication`` ``transactionKey`` (any namespace prefix or quoting) and the form API's
        ``x_tran_key``."""

        secret_type = "Authorize.Net Transaction Key"  # noqa: S105  # pragma: allowlist secret
        denylist: ClassVar[tuple[re.Pattern[str], ...]] = (
            re.compile(
                r"(?:transaction_?key|x_tran_key)(?:>|\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?)"
                r"([A-Za-z0-9]{16})(?![A-Za-z0-9])",
                re.IGNORECASE,
            ),
        )

    class CieloKeyDetector(RegexBasedDetector):
        """Cielo's merchant keys: the E-commerce API's ``MerchantKey`` request header (40 letters and digits, sent
        with ``MerchantId`` on every request) and the 1.x XML API's ``<chave>`` of ``<dados-ec>`` (``cielo_key``)."""

        secret_type = "Cielo Merchant Key"  # noqa: S105  # pragma: allowlist secret
        denylist: ClassVar[tuple[re.Pattern[str], ...]] = (
            re.compile(r"merchant_?key(?:>|\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?)([A-Za-z0-9]{40})(?![A-Za-z0-9])",
                       re.IGNORECASE),
            re.compile(r"<chave>([A-Za-z0-9]{20,128})</chave>"),
        )

    nvp = nvp_plugin()
    detectors = (StripeSecretDetector, AwsSecretAccessKeyDetector, AuthorizeNetKeyDetector, CieloKeyDetector, nvp)
    return {c.__name__: c for c in detectors}


def ci(word: str) -> str:
    """``word`` as a case-insensitive ASCII pattern without flags: ``[Aa][Ww][Ss]``."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


_TOKEN_END = re.compile(r"[0-9A-Za-z]*")
_PEM_END = re.compile(r"[^\n]*?-----END [A-Z0-9 ]*-----")
_NPM_TOKEN = lazy_compile(r"[A-Za-z0-9_-]+")
_TEMPLATE = lazy_compile(r"\{.*\}|<.*>|%\(.*\)s|%s")
_CLOUDTRAIL_KEY_ID = re.compile(r'\\?"accessKeyId\\?"\s*:\s*\\?"$')
_KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}")


def cloudtrail_key_id(text: str, end: int) -> bool:
    """The 20 characters before ``end`` are an AWS key id that CloudTrail logs in ``"accessKeyId":"..."``."""
    start = end - 20
    return (start >= 0 and _KEY_ID.fullmatch(text, start, end) is not None
            and _CLOUDTRAIL_KEY_ID.search(text, max(0, start - 24), start) is not None)


def whole(m: re.Match[str]) -> tuple[int, int] | None:
    """The whole match (also for plugins whose capture group holds only the prefix, like ``(ghp|gho)_``)."""
    return m.span()


def group1(m: re.Match[str]) -> tuple[int, int] | None:
    return m.span(m.lastindex) if m.lastindex else m.span()


def random_key(m: re.Match[str]) -> tuple[int, int] | None:
    """The key in group 1, unless it is a placeholder of few distinct characters (``XXXXXXXXXXXXXXXX``)."""
    return m.span(1) if len(set(m.group(1).upper())) >= 4 else None


_MERCHANT = lazy_compile(r"<dados-ec>")  # Cielo 1.x: the merchant's number and key


def cielo_key(m: re.Match[str]) -> tuple[int, int] | None:
    """A ``MerchantKey``; a ``<chave>`` ("key") only in ``<dados-ec>`` (after its ``<numero>``); never a
    placeholder (``random_key``)."""
    if m.group().startswith("<") and _MERCHANT.search(m.string, max(0, m.start() - 120), m.start()) is None:
        return None
    return random_key(m)


def url_password(m: re.Match[str]) -> tuple[int, int] | None:
    """A URL's user-info password, unless it is a template (``{x}``, ``<x>``, ``%(x)s``) or redacted (``***``)."""
    pw = m.group(1)
    if _TEMPLATE.fullmatch(pw) or not pw.strip("*xX."):
        return None
    return m.span(1)


def aws_key(m: re.Match[str]) -> tuple[int, int] | None:
    """Key ids, except CloudTrail's ``"accessKeyId":"..."`` (an identifier AWS logs with every API call)."""
    if m.lastindex:
        return m.span(1)
    before = m.string[max(0, m.start() - 24) : m.start()]
    return None if _CLOUDTRAIL_KEY_ID.search(before) else m.span()


def to_token_end(m: re.Match[str]) -> tuple[int, int] | None:
    """Stripe keys are longer than the 24 characters the plugin asks for: take the whole token."""
    tail = _TOKEN_END.match(m.string, m.end(), m.endpos)
    return m.start(), tail.end() if tail else m.end()


def pem_block(m: re.Match[str]) -> tuple[int, int] | None:
    """The header up to the END marker when the key sits on one line (JSON-escaped PEM); else the header."""
    tail = _PEM_END.match(m.string, m.end(), m.endpos)
    return m.start(), tail.end() if tail else m.end()


def npm_token(m: re.Match[str]) -> tuple[int, int] | None:
    """The plugin's group runs to the end of the line: keep the token characters only."""
    tok = _NPM_TOKEN.match(m.string, m.start(1), m.end(1))
    return (tok.start(), tok.end()) if tok else None


@dataclass(frozen=True)
class Plugin:
    """A plugin named, not loaded: its ``detect_secrets.plugins`` module ("" for ``own_plugins``) and class."""

    module: str
    name: str
    triggers: tuple[str, ...]
    locate: Locate = whole
    bounded: bool = True  # neighbours must not be ASCII letters or digits

    def load(self) -> RegexBasedDetector:
        if not self.module:
            return own_plugins()[self.name]()
        module = importlib.import_module(f"detect_secrets.plugins.{self.module}")
        cls: type[RegexBasedDetector] = getattr(module, self.name)
        return cls()


@dataclass(frozen=True, eq=False)
class Rule:
    """A plugin, triggers covering its regexes, how to place the secret, and whether it must stand alone."""

    plugin: RegexBasedDetector
    triggers: tuple[str, ...]
    locate: Locate = whole
    bounded: bool = True  # neighbours must not be ASCII letters or digits
    gate: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gate", re.compile("|".join(self.triggers)))


_URL_CHAR = r"[^\t\n\v\f\r :/?#\[\]@!$&'()*+,;=]"
_AWS_WORD = "(?:" + "|".join(ci(w) for w in ("key", "pwd", "pw", "password", "pass", "token")) + ")"

PLUGINS: tuple[Plugin, ...] = (
    Plugin(
        "aws",
        "AWSKeyDetector",
        (
            r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}",
            # the plugin's quote class is [\\'"]: a raw string keeps the backslash
            ci("aws") + r"[^\n]{0,20}" + _AWS_WORD + r"[^\n]{0,20}[\\'\"][0-9a-zA-Z/+]{40}[\\'\"]",
        ),
        aws_key,
    ),
    Plugin("", "AwsSecretAccessKeyDetector", (ci("secret") + "_?" + ci("access") + "_?" + ci("key"),), group1),
    Plugin(
        "",
        "AuthorizeNetKeyDetector",
        (ci("transaction") + "_?" + ci("key") + r"(?:>|\\?[\"']?[ \t]*[:=])", ci("x_tran_key")),
        random_key,
    ),
    Plugin("", "CieloKeyDetector", (ci("merchant") + "_?" + ci("key") + r"(?:>|\\?[\"']?[ \t]*[:=])", "<chave>"),
           cielo_key),
    Plugin("", "PayPalNvpCredentialDetector", NVP_TRIGGERS, nvp_credential),
    Plugin("stripe", "StripeDetector", (r"k_live_[0-9a-zA-Z]{24}",), to_token_end),
    Plugin("", "StripeSecretDetector", (r"k_test_[0-9a-zA-Z]{24}", r"whsec_[0-9a-zA-Z]{32}"), to_token_end),
    Plugin(
        "private_key",
        "PrivateKeyDetector",
        (r"BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY", r"PuTTY-User-Key-File-[0-9]"),
        pem_block,
        bounded=False,
    ),
    Plugin("slack", "SlackDetector", (ci("xox") + "[AaBbOoPpRrSs]-[0-9]", ci("hooks.slack.com/services/t"))),
    Plugin("github_token", "GitHubTokenDetector", (r"gh[oprsu]_[A-Za-z0-9_]{36}",)),
    Plugin(
        "gitlab_token",
        "GitLabTokenDetector",
        (r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-[A-Za-z0-9_-]{20}", r"GR1348941[A-Za-z0-9_-]{20}"),
    ),
    Plugin("sendgrid", "SendGridDetector", (r"SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}",)),
    Plugin("mailchimp", "MailchimpDetector", (r"-us[0-9]",)),
    Plugin(
        "discord",
        "DiscordBotTokenDetector",
        (r"[MNO][a-zA-Z0-9_-]{23,25}\.[a-zA-Z0-9_-]{6}\.[a-zA-Z0-9_-]{27}",),
    ),
    Plugin("npm", "NpmDetector", (r"/:_authToken=",), npm_token),
    Plugin("pypi_token", "PypiTokenDetector", (r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)",)),
    Plugin("square_oauth", "SquareOAuthDetector", (r"sq0csp-",)),
    Plugin("azure_storage_key", "AzureStorageKeyDetector", (r"AccountKey=[a-zA-Z0-9+/=]{88}",)),
    Plugin("openai", "OpenAIDetector", (r"T3BlbkFJ",)),
    Plugin("basic_auth", "BasicAuthDetector", (rf"://{_URL_CHAR}+:{_URL_CHAR}+@",), url_password),
)

TRIGGERS: tuple[str, ...] = tuple(t for p in PLUGINS for t in p.triggers)


class _Deferred(ModuleType):
    """Stands for a module not imported yet: reading any attribute it lacks imports the real module (once, into
    ``sys.modules``) and reads it from there, so code holding the stand-in behaves as with the module itself."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@contextmanager
def deferred(name: str) -> Iterator[None]:
    """Inside, ``import name`` (not yet imported) binds a ``_Deferred`` stand-in; outside, the name is left to the
    import system again, so any later ``import name`` gets the real module, loaded as usual."""
    if name in sys.modules:
        yield
        return
    stand_in = _Deferred(name)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def build_rules() -> tuple[Rule, ...]:
    """Load every plugin (this imports detect-secrets, not ``requests``) with its triggers, locating rule and
    boundary check."""
    with deferred("requests"):
        return tuple(Rule(p.load(), p.triggers, p.locate, p.bounded) for p in PLUGINS)
