"""One parsed call, served. Modes: ``recording`` (suspend before card capture, resume on every exit, with the
contact's result code), ``validate`` (one decrypted entry; after the last one, the confirmation), ``choice`` (a
key at the confirmation, decline or duplicate menu; ``3`` at the confirmation cancels) and ``charge``
(``ivr.paying``). Returns Connect's answer map; raises for what ``ivr.answers.failure_answer`` must answer."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from ivr.answers import answer, log_failure, logger
from ivr.card import parse_amount, parse_card, parse_currency
from ivr.config import Services
from ivr.dialog import (
    RESULT_CODES,
    State,
    after,
    ask,
    fields,
    last4_ssml,
    plain,
    speak,
    start,
)
from ivr.entries import after_star, check, decrypt, entry, invalid
from ivr.errors import AuditError, DependencyError, EventError, ValidationError
from ivr.event import Call
from ivr.paying import charge
from ivr.prompts import Prompts, load
from ivr.recording import recording_types

METRIC_NAMESPACE = "spc/ivr"


def outcome_metric(code: str, contact_id: str) -> None:
    """One ``ContactOutcome`` count with dimension ``ResultCode``, as a CloudWatch embedded-metric-format log line
    (top-level ``_aws``), written through the IVR's logger."""
    emf = {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [{
        "Namespace": METRIC_NAMESPACE, "Dimensions": [["ResultCode"]],
        "Metrics": [{"Name": "ContactOutcome", "Unit": "Count"}]}]}
    logger.info("contact outcome", extra={"_aws": emf, "ResultCode": code, "ContactOutcome": 1,
                                          "contact_id": contact_id})


def process(call: Call, services: Services, deadline: float, info: dict[str, Any]) -> dict[str, str]:
    """Serve ``call`` before ``deadline`` (a ``services.clock`` time); ``info`` collects safe log fields."""
    p = load(call.language)
    info["language"] = p.language
    if call.mode == "recording":
        return recording(call, services, p)
    state = State.parse(call.params.get("state"))
    info["step"] = state.step
    if call.mode == "validate":
        return validate(call, services, p, state)
    if call.mode == "choice":
        return choice(call, services, p, state)
    return charge(call, services, p, state, deadline=deadline, info=info)


# -- recording -----------------------------------------------------------------------------------------------
def recording(call: Call, services: Services, p: Prompts) -> dict[str, str]:
    action = call.params.get("action", "")
    kinds = recording_types(call.params.get("recording"))
    ids = {"instance_id": call.instance_id, "contact_id": call.contact_id,
           "initial_contact_id": call.initial_contact_id}
    if action == "suspend":
        try:
            if services.recording is None:
                raise DependencyError("connect: no client for the recording API")
            services.recording.suspend(**ids, kinds=kinds)
        except DependencyError as exc:
            log_failure({"contact_id": call.contact_id, "step": "suspend-recording"}, exc)
            return answer("unavailable", speak(plain(p.text("recording_unavailable"))), next_step="transfer",
                          result_code="recording-unavailable")
        return answer("suspended", speak(ask(p, "card_number", 1, "")), next_step="card_number",
                      state=State().dump())
    if action != "resume":
        raise EventError("Details.Parameters.action: expected suspend or resume")
    code = call.params.get("result_code", "")
    code = code if code in RESULT_CODES else "internal-error"
    failed = services.recording.resume(**ids, kinds=kinds) if services.recording is not None else list(kinds)
    if failed:
        log_failure({"contact_id": call.contact_id, "step": "resume-recording"},
                    DependencyError("connect ResumeContactRecording failed for " + ",".join(failed)))
    outcome_metric(code, call.contact_id)
    try:
        services.audit.put_outcome(contact_id=call.contact_id, result_code=code, language=p.language)
    except AuditError as exc:
        log_failure({"contact_id": call.contact_id, "step": "outcome-record"}, exc)
    return answer("resumed" if not failed else "error", "", result_code=code)


# -- entries -------------------------------------------------------------------------------------------------
def validate(call: Call, services: Services, p: Prompts, state: State) -> dict[str, str]:
    field = call.params.get("field", "")
    postal = services.settings.postal_code_pattern is not None
    if field not in fields(postal):
        raise EventError("Details.Parameters.field: expected " + ", ".join(fields(postal)))
    try:
        value = after_star(decrypt(field, call, services))
        if value is None:
            again = replace(state, step=field)
            return answer("restart", speak(plain(p.text("restart")), ask(p, field, state.tries, state.brand)),
                          next_step=field, state=again.dump(), field=field)
        brand = check(field, value, services, state.brand)
        del value
    except ValidationError as exc:
        return invalid(p, state, field, exc.code)
    following = after(field, state, postal=postal)
    state = replace(state, brand=brand, step=following if following != "menu" else field, tries=1)
    if following == "menu":
        return confirmation(call, services, p, replace(state, redo=""))
    return answer("valid", speak(ask(p, following, 1, brand)), next_step=following, state=state.dump(),
                  field=field)


def confirmation(call: Call, services: Services, p: Prompts, state: State, *, lead: str = "") -> dict[str, str]:
    """All entries checked together, then "You are paying ... Press 1 to pay, 2 to use a different card, or 3 to
    cancel"."""
    currency = parse_currency(call.attributes.get("currency"), services.settings.currency)
    amount = parse_amount(call.attributes.get("amount_due"), limit=services.settings.amount_limit, currency=currency)
    try:
        card = parse_card(entry("card_number", call, services), entry("expiry", call, services),
                          entry("cvv", call, services), today=services.today())
    except ValidationError as exc:
        return invalid(p, state, exc.field, exc.code)
    text = p.text("confirm", amount=p.amount(amount, currency), brand=plain(p.brand(card.brand)),
                  last4=last4_ssml(card.last4))
    menu = replace(state, step="menu", menu="confirm", repeats=1 if lead else 0)
    return answer("confirm", speak(lead, text), next_step="menu", state=menu.dump())


def choice(call: Call, services: Services, p: Prompts, state: State) -> dict[str, str]:
    key = call.params.get("key", "").strip()
    key = key if key in ("1", "2") or (key == "3" and state.menu == "confirm") else ""
    if state.menu == "confirm":
        if key == "3":  # cancel: no charge attempt yet is the caller's abort; after a decline it stays declined
            code = "caller-aborted" if state.attempt == 1 else "declined"
            return answer("ended", speak(plain(p.text("aborted"))), result_code=code)
        if key == "1":
            return answer("confirmed", speak(plain(p.text("hold"))), next_step="charge",
                          state=replace(state, step="charge").dump())
        if key == "2":
            return answer("restart", speak(plain(p.text("restart")), ask(p, "card_number", 1, "")),
                          next_step="card_number", state=start(state).dump())
        if state.repeats == 0:
            return confirmation(call, services, p, state, lead=plain(p.text("confirm.repeat")))
        return answer("ended", speak(plain(p.text("no_choice"))), result_code="no-input")
    if state.menu == "declined":
        if key == "1":
            return answer("restart", speak(ask(p, "card_number", 1, "")), next_step="card_number",
                          state=start(state).dump())
        if key == "2" or state.repeats == 1:
            return answer("ended", speak(plain(p.text("ended"))), result_code="declined")
        return answer("repeat", speak(plain(p.text("confirm.repeat")), plain(p.text("declined.menu"))),
                      next_step="menu", state=replace(state, repeats=1).dump())
    if state.menu == "duplicate":
        if key == "1":
            return answer("confirmed", speak(plain(p.text("hold"))), next_step="charge",
                          state=replace(state, step="charge", dup_ok=True).dump())
        if key == "2" or state.repeats == 1:
            return answer("ended", speak(plain(p.text("duplicate.end"))), result_code="duplicate-suspected")
        return answer("repeat", speak(plain(p.text("confirm.repeat")), plain(p.text("duplicate.menu"))),
                      next_step="menu", state=replace(state, repeats=1).dump())
    raise EventError("Details.Parameters.state: expected an open menu (confirm, declined or duplicate)")
