"""Amazon Connect entry point: ``lambda_handler(event, context) -> dict[str, str]`` (wiring only).

``Details.Parameters.mode`` is ``recording`` (``action`` suspend or resume), ``validate`` (decrypt and check one
``field``, never charge), ``choice`` (a ``key`` at a menu) or ``charge`` (see ``ivr.process`` and
``ivr.paying``). The answer is a flat string map: ``result``, ``next`` (what the flow does next), ``prompt``
(SSML; also in ``message``), ``state`` (kept by the flow for the next call), ``result_code`` (the contact's end
code), ``field``, ``reference`` and ``reason``. Every call is answered, inside Connect's 8 s budget, and no
answer or log line carries a card value.

Amazon Connect's ``DISCONNECTED`` contact events reach the same function through EventBridge
(``ivr.disconnect``): a contact that ended without an outcome (the caller hung up) gets one.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from ivr.answers import failure_answer, log_failure, logger
from ivr.config import Services, build_services
from ivr.disconnect import contact_ended, is_contact_event
from ivr.event import budget, parse_event
from ivr.process import process

_state: dict[str, Services] = {}
_lock = threading.Lock()


def configure(services: Services | None) -> None:
    """Install the collaborators (tests, the local stack); ``None`` rebuilds them from the environment."""
    with _lock:
        _state.pop("services", None)
        if services is not None:
            _state["services"] = services


def _services() -> Services:
    with _lock:
        if "services" not in _state:
            _state["services"] = build_services()
        return _state["services"]


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, str]:
    if is_contact_event(event):  # EventBridge (asynchronous): an exception makes Lambda deliver it again
        return contact_ended(event, _services())
    try:
        services = _services()
    except Exception as exc:
        return failure_answer(exc, {"step": "init"})
    return handle(event, context, services)


def handle(event: Any, context: Any, services: Services) -> dict[str, str]:
    """Answer one Connect invocation; never raises."""
    started = services.clock()
    deadline = started + budget(context)
    info: dict[str, Any] = {"contact_id": None, "mode": None}
    try:
        call = parse_event(event)
        info.update(contact_id=call.contact_id, mode=call.mode, language=call.language)
        result = process(call, services, deadline, info)
    except Exception as exc:
        result = failure_answer(exc, info)
    elapsed_ms = round((services.clock() - started) * 1000)
    logger.info("ivr call answered", extra={**info, "result": result["result"], "field": result["field"],
                                            "next": result["next"], "result_code": result["result_code"],
                                            "reason": result["reason"], "elapsed_ms": elapsed_ms})
    return result


if os.environ.get("AWS_EXECUTION_ENV", "").startswith("AWS_Lambda_"):  # pragma: no cover - real Lambda init
    try:
        _services()
    except Exception as _exc:
        log_failure("init", _exc)
