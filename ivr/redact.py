"""Last line of defence for logs: card data is masked in messages, extra keys and tracebacks.

Every card type: PANs (engine and IIN pass), and CVV and expiry values wherever a key names them, structured
(``{"security_code": "294"}``, ``extra={"exp_month": 12}``) or in text (``cvc=294``, ``'expiry': '12/30'``).
``install()`` puts the redaction where no handler can miss it: a log-record factory masks every record's message,
arguments and traceback as it is created (whichever logger, whichever handler, added before or after), and a
filter on the root logger and its handlers masks structured extras.

The IVR never logs card values on purpose; this catches accidents. Redaction uses the shared detection engine
(``scanners.engine.core.default_engine``) when it loads, and always a cheap IIN-range pass over 13-19 digit runs
(separators allowed) so a detector gap or an engine failure still masks PANs; the digit groups of a UUID (a contact
or request id) are left alone. Event logging is pinned off: the handler never logs the Connect event, whatever
``POWERTOOLS_LOGGER_LOG_EVENT`` says.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import IO, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from scanners.cards.brands import brand_of
from scanners.cards.confounders import inside_uuid
from scanners.cards.masking import mask, mask_pan
from scanners.engine.core import default_engine

_PAN_RUN = re.compile(r"(?<![0-9])[0-9](?:[ \-.]?[0-9]){12,18}(?![0-9])")
_CVV_KEY = r"cvv2?|cvc2?|cvn|cid|csc|cav2|security[ _-]?code|card[ _-]?code|verification[ _-]?(?:code|value)"
_EXP_KEY = (r"exp(?:iry|iration)?(?:[ _-]?(?:date|month|year|mm|yy|yyyy))?|valid[ _-]?thr(?:u|ough)|mmyy"
            r"|card[ _-]?exp\w*")
SENSITIVE_KEY = re.compile(rf"^(?:card[ _-]?)?(?:{_CVV_KEY}|{_EXP_KEY})$", re.IGNORECASE)
_KEYED_VALUE = re.compile(
    rf"""(?P<key>\b(?:card[ _-]?)?(?:{_CVV_KEY}|{_EXP_KEY}))(?P<sep>["']?\s*[:=]\s*["']?\s*)"""
    r"(?P<value>[0-9][0-9/ .-]{0,9}[0-9]|[0-9])",
    re.IGNORECASE,
)
_NOISY = ("botocore", "boto3", "urllib3", "stripe", "aws_encryption_sdk", "s3transfer")
_guard = threading.local()
_engine_state: dict[str, Any] = {}


def _engine() -> Any | None:
    if "engine" not in _engine_state:
        try:
            _engine_state["engine"] = default_engine()
        except Exception:
            _engine_state["engine"] = None
    return _engine_state["engine"]


def _mask_runs(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        if brand_of(digits) is None or inside_uuid(text, m.start(), m.end()):
            return m.group()  # a contact or request id's digit groups are no card number
        return mask_pan(digits)

    return _PAN_RUN.sub(repl, text)


def _mask_keyed(text: str) -> str:
    """CVV and expiry values next to a key that names them, fully masked."""
    return _KEYED_VALUE.sub(lambda m: m["key"] + m["sep"] + re.sub(r"[0-9]", "*", m["value"]), text)


def redact_text(text: str) -> str:
    """``text`` with card data masked (PAN to first six and last four, other types fully)."""
    return _mask_keyed(_redact_text(text))


def _redact_text(text: str) -> str:
    if getattr(_guard, "busy", False):  # the engine itself logged: the IIN pass only, no recursion
        return _mask_runs(text)
    _guard.busy = True
    try:
        engine = _engine()
        if engine is not None:
            try:
                out, end = [], len(text)
                for span in sorted(engine.scan_text(text), key=lambda s: s.start, reverse=True):
                    if span.end <= end:
                        raw = text[span.start : span.end]
                        hidden = "*" * len(raw) if span.encoding else mask(span.type, raw)  # encoded: hide all
                        out.append(hidden + text[span.end : end])
                        end = span.start
                text = text[:end] + "".join(reversed(out))
            except Exception:  # noqa: S110 - the IIN pass below still runs
                pass
        return _mask_runs(text)
    finally:
        _guard.busy = False


def redact_value(value: Any) -> Any:
    """A JSON-ready copy of ``value`` with every string (and PAN-sized integer) redacted."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        text = str(value)
        return redact_text(text) if len(text) >= 13 and redact_text(text) != text else value
    if isinstance(value, dict):
        return {redact_text(str(k)): _masked(v) if _sensitive(k) else redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v) for v in value]
    return redact_text(str(value))


def _sensitive(key: Any) -> bool:
    return isinstance(key, str) and SENSITIVE_KEY.match(key.strip()) is not None


def _masked(value: Any) -> Any:
    """A value under a CVV or expiry key: every digit hidden, whatever its type."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict | list | tuple | set | frozenset):
        return redact_value(value) if not isinstance(value, dict) else {k: _masked(v) for k, v in value.items()}
    return re.sub(r"[0-9]", "*", str(value))


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Powertools JSON formatter that redacts the whole structured record before serialising it."""

    def serialize(self, log: dict[str, Any]) -> str:  # type: ignore[override]
        return super().serialize(redact_value(log))


class RedactingFilter(logging.Filter):
    """For plain stdlib handlers: redacts the message, its arguments and the traceback of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = redact_text(record.getMessage())
        except Exception:
            record.msg = redact_text(str(record.msg))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS:  # structured extras
                setattr(record, key, _masked(value) if _sensitive(key) else redact_value(value))
        return True


_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_state: dict[str, Any] = {}


def install() -> None:
    """Redact every log record at creation (all loggers, all handlers, late ones too) and filter the root logger.

    Idempotent."""
    if _state.get("installed"):
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg, record.args = redact_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)
    root = logging.getLogger()
    if not any(isinstance(f, RedactingFilter) for f in root.filters):
        root.addFilter(RedactingFilter())
    _state["installed"] = True


def quiet_libraries(level: int = logging.WARNING) -> None:
    """SDK debug logs print request parameters (a GenerateMac message, a Stripe form body): keep them off."""
    for name in _NOISY:
        logging.getLogger(name).setLevel(level)
    logging.getLogger("aws_encryption_sdk").setLevel(logging.CRITICAL)  # its failures are translated and logged by us
    install()
    flt = RedactingFilter()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)


def build_logger(service: str = "ivr", *, stream: IO[str] | None = None, level: str | int | None = None) -> Logger:
    """The IVR's Powertools Logger with the redacting formatter; library debug logging held at WARNING."""
    quiet_libraries()
    return Logger(service=service, stream=stream, level=level, logger_formatter=RedactingFormatter())
