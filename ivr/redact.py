"""Last line of defence for logs: PAN-shaped text is masked in messages, extra keys and tracebacks.

The IVR never logs card values on purpose; this catches accidents. Redaction uses the shared detection engine
(``scanners.engine.core.default_engine``) when it loads, and always a cheap IIN-range pass over 13-19 digit runs
(separators allowed) so a detector gap or an engine failure still masks PANs. Event logging is pinned off: the
handler never logs the Connect event, whatever ``POWERTOOLS_LOGGER_LOG_EVENT`` says.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import IO, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from scanners.cards.brands import brand_of
from scanners.cards.masking import mask, mask_pan

_PAN_RUN = re.compile(r"(?<![0-9])[0-9](?:[ \-.]?[0-9]){12,18}(?![0-9])")
_NOISY = ("botocore", "boto3", "urllib3", "stripe", "aws_encryption_sdk", "s3transfer")
_guard = threading.local()
_engine_state: dict[str, Any] = {}


def _engine() -> Any | None:
    if "engine" not in _engine_state:
        try:
            from scanners.engine.core import default_engine

            _engine_state["engine"] = default_engine()
        except Exception:
            _engine_state["engine"] = None
    return _engine_state["engine"]


def _mask_runs(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        return mask_pan(digits) if brand_of(digits) is not None else m.group()

    return _PAN_RUN.sub(repl, text)


def redact_text(text: str) -> str:
    """``text`` with card data masked (PAN to first six and last four, other types fully)."""
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
        return {redact_text(str(k)): redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v) for v in value]
    return redact_text(str(value))


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
        return True


def quiet_libraries(level: int = logging.WARNING) -> None:
    """SDK debug logs print request parameters (a GenerateMac message, a Stripe form body): keep them off."""
    for name in _NOISY:
        logging.getLogger(name).setLevel(level)
    logging.getLogger("aws_encryption_sdk").setLevel(logging.CRITICAL)  # its failures are translated and logged by us
    flt = RedactingFilter()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)


def build_logger(service: str = "ivr", *, stream: IO[str] | None = None, level: str | int | None = None) -> Logger:
    """The IVR's Powertools Logger with the redacting formatter; library debug logging held at WARNING."""
    quiet_libraries()
    return Logger(service=service, stream=stream, level=level, logger_formatter=RedactingFormatter())
