"""The flat string map Connect receives, the IVR's logger, and how a failure is logged and answered."""

from __future__ import annotations

import traceback
from typing import Any

from ivr.dialog import plain, speak
from ivr.errors import IvrError, PaymentError, PaymentRejected
from ivr.prompts import load
from ivr.redact import build_logger

logger = build_logger("ivr")


def answer(
    result: str,
    prompt: str,
    *,
    next_step: str = "end",
    state: str = "",
    result_code: str = "",
    field: str = "",
    reference: str = "",
    reason: str = "",
) -> dict[str, str]:
    """``prompt`` is SSML; ``message`` carries the same for flows written against the first protocol."""
    return {"result": result, "field": field, "message": prompt, "prompt": prompt, "next": next_step,
            "state": state, "result_code": result_code, "reference": reference, "reason": reason}


def failure_answer(exc: Exception, info: dict[str, Any]) -> dict[str, str]:
    """The answer for an exception raised while serving a call: logged, and the caller hears whether a charge
    may have been taken (``uncertain``) or certainly was not."""
    log_failure(info, exc)
    p = load(info.get("language"))
    if info.get("intent_sent") and not isinstance(exc, PaymentRejected):
        return answer("error", speak(plain(p.text("uncertain"))), result_code="uncertain")
    code = "payment-connector-error" if isinstance(exc, PaymentError) else "internal-error"
    return answer("error", speak(plain(p.text("not_charged"))), result_code=code)


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
