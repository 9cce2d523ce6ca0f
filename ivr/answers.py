"""The flat string map Connect receives, the IVR's logger, and how a failure is logged and answered."""

from __future__ import annotations

import traceback
from typing import Any
from xml.sax.saxutils import escape

from ivr.card import spoken as spoken_invalid
from ivr.errors import CARD_FIELDS, IvrError, PaymentRejected, ValidationError
from ivr.redact import build_logger

NOT_CHARGED = "Sorry, we can't take your payment right now, and your card has not been charged."
UNCERTAIN = "Sorry, we couldn't confirm your payment. Please don't pay again until we have contacted you."

logger = build_logger("ivr")


def speak(text: str) -> str:
    return f"<speak>{escape(text)}</speak>"


def answer(result: str, message: str, *, field: str = "", reference: str = "", reason: str = "") -> dict[str, str]:
    return {"result": result, "field": field, "message": message, "reference": reference, "reason": reason}


def failure_answer(exc: Exception, info: dict[str, Any]) -> dict[str, str]:
    """The answer for an exception raised while serving a call (logged unless it is the caller's entry)."""
    if isinstance(exc, ValidationError):
        if exc.field in CARD_FIELDS:
            return answer("invalid", speak(spoken_invalid(exc)), field=exc.field, reason=exc.code)
        # amount or currency: the contact was set up wrongly, not the caller's fault
        log_failure(info, exc)
        return answer("error", speak(NOT_CHARGED))
    log_failure(info, exc)
    if isinstance(exc, PaymentRejected):
        return answer("error", speak(NOT_CHARGED))
    return answer("error", speak(UNCERTAIN if info.get("charge_started") else NOT_CHARGED))


def log_failure(where: Any, exc: BaseException) -> None:
    """Our own errors carry safe messages; a foreign error's message may hold input, so only its type and frames."""
    extra: dict[str, Any] = dict(where) if isinstance(where, dict) else {"step": where}
    extra["error_type"] = type(exc).__name__
    if isinstance(exc, IvrError):
        extra["error"] = str(exc)
        cause = exc.__cause__
        if cause is not None:
            extra["cause_type"] = type(cause).__name__
        logger.warning("ivr call failed", extra=extra)
    else:
        extra["frames"] = "".join(traceback.format_tb(exc.__traceback__))
        logger.error("ivr call failed unexpectedly", extra=extra)
