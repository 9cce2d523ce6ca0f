"""PayPal's name-value-pair API credentials in a logged request: the API password (``PWD``) and API signature
(``SIGNATURE``) of the classic NVP API (``USER=...&PWD=...&SIGNATURE=...&METHOD=DoDirectPayment&...``) and the
account password of Payflow's parameter list (``TRXTYPE=S&TENDER=C&USER=...&VENDOR=...&PARTNER=...&PWD=...``),
written as a query string (a Payflow length tag ``PWD[8]=`` too) or as the params dict or array a client logs
(``'PWD': '...'``, ``"PWD" => "..."``, JSON-escaped quotes too).

``PWD`` and ``SIGNATURE`` are common words, so the request's other API fields are the evidence: the value is
reported only when the same query string (or, for a dict, the text within ``_REACH`` characters) also names the
API user (``USER``) and one more API field (``METHOD``, ``VENDOR``, ``PARTNER``, ``TRXTYPE``, or the other
credential). A ``pwd=`` in some other query string, a redacted value (``********``, ``XXXXXXXX``) or a template
(``{pwd}``, ``$PWD``) is not reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from scanners.lazy_re import lazy_compile

if TYPE_CHECKING:
    from detect_secrets.plugins.base import RegexBasedDetector

_TAG = r"(?:\[[0-9]{1,3}\])?"  # Payflow's length tag
_QUOTE = r"\\?[\"']"
# the query-string field and the dict key, as the plugin's two regexes name them (group 1 the key, 2 the value)
NVP_PATTERNS: tuple[str, ...] = (
    r"(PWD|SIGNATURE)" + _TAG + r"=([^&\s\"'<>\\]{6,128})",
    _QUOTE + r"(PWD|SIGNATURE)" + _QUOTE + r"[ \t]*(?::|=>)[ \t]*" + _QUOTE + r"([^\s\"'\\]{6,128})",
)
NVP_TRIGGERS: tuple[str, ...] = ("PWD" + _TAG + "=", "SIGNATURE" + _TAG + "=", "PWD" + _QUOTE, "SIGNATURE" + _QUOTE)

_API_FIELDS = frozenset({"METHOD", "PWD", "SIGNATURE", "VENDOR", "PARTNER", "TRXTYPE"})
_QUERY_FIELD = lazy_compile(r"(?:^|[&?])([A-Z][A-Z0-9_]*)" + _TAG + "=")
_DICT_KEY = lazy_compile(_QUOTE + r"([A-Z][A-Z0-9_]*)" + _QUOTE + r"[ \t]*(?::|=>)")
_RUN_END = lazy_compile(r"[\s\"'<>\\]")
_REACH = 800  # how far a dict's other keys are looked for
_LONGEST_RUN = 4000  # how far a query string's other fields are looked for


def nvp_plugin() -> type[RegexBasedDetector]:
    """The detect-secrets plugin class, defined when the plugins load (``credential_plugins.own_plugins``)."""
    from detect_secrets.plugins.base import RegexBasedDetector

    class PayPalNvpCredentialDetector(RegexBasedDetector):
        """PayPal NVP API password and signature, Payflow password (see ``credential_nvp``)."""

        secret_type = "PayPal NVP API Credential"  # noqa: S105  # pragma: allowlist secret
        denylist: ClassVar[tuple[re.Pattern[str], ...]] = tuple(re.compile(p) for p in NVP_PATTERNS)

    return PayPalNvpCredentialDetector


def _query_fields(text: str, start: int) -> set[str]:
    """The field names of the query string holding ``start``: the run of text between whitespace or quotes."""
    left = max(0, start - _LONGEST_RUN)
    begin = left
    for m in _RUN_END.finditer(text, left, start):
        begin = m.end()
    end_m = _RUN_END.search(text, start, start + _LONGEST_RUN)
    run = text[begin : end_m.start() if end_m else min(len(text), start + _LONGEST_RUN)]
    return {f.group(1) for f in _QUERY_FIELD.finditer(run)}


def nvp_credential(m: re.Match[str]) -> tuple[int, int] | None:
    """The value of ``PWD`` or ``SIGNATURE`` when its request also names ``USER`` and another API field, and
    the value is neither redacted nor a template."""
    text, key, value = m.string, m.group(1), m.group(2)
    start = m.start(1)
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return None  # XPWD=, MY_SIGNATURE=
    if len(set(value.upper())) < 4 or "*" in value or value[0] in "{$%<[":
        return None
    if m.group().startswith(key):
        fields = _query_fields(text, start)
    else:
        fields = {k.group(1) for k in _DICT_KEY.finditer(text, max(0, start - _REACH), m.end() + _REACH)}
    return m.span(2) if "USER" in fields and fields & (_API_FIELDS - {key}) else None
