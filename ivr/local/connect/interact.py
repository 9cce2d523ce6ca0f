"""What the caller hears and presses in the local flow runner: prompts, menu keys and stored (card) entries.

Prompts of Get/Store customer input are interruptible: keys the caller has already typed are taken by the input
block (the scripted keypad is a caller who types ahead; ``collect`` documents ``#``, ``*`` and the timeouts).
A menu (Get customer input) takes one key; a stored entry ends on the terminator, at its maximum length, or
when the caller stops typing, and is encrypted the way Connect does when the block says so. Keys go into the
recording as tones while it is live, and as silence while it is suspended.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from ivr.connect_crypto import encrypt_customer_input
from ivr.errors import IvrError
from ivr.local.connect.actions import Keypad, collect, compare, error_branch, next_action, seconds
from ivr.local.connect.contact import CallResult, Contact

Emit = Callable[[str, str], None]
_TAG = re.compile(r"<[^>]+>")
SILENT_HANGUP = 5  # menu timeouts in a row after which the local caller hangs up


def _custom(params: Mapping[str, Any]) -> Mapping[str, Any]:
    custom = (params.get("InputValidation") or {}).get("CustomValidation") or {}
    return custom if isinstance(custom, Mapping) else {}


def say(call: Contact, result: CallResult, params: Mapping[str, Any], emit: Emit) -> None:
    """Play a prompt (text, SSML or a recorded prompt) and keep what the caller heard."""
    if "SSML" in params:
        ssml = call.resolve(str(params["SSML"]), escape=True)
        text = html.unescape(" ".join(_TAG.sub("", ssml).split()))
    elif params.get("PromptId") and not params.get("Text"):
        text = "[recorded prompt]"
        ssml = "<speak></speak>"
    else:
        text = call.resolve(str(params.get("Text") or ""))
        ssml = f"<speak>{html.escape(text)}</speak>"
    if not text:
        return
    result.heard.append(text)
    result.ssml.append(ssml)
    emit("say", text)
    if call.rec.active():
        call.audio.prompt(text)
    else:
        call.audio.silence(0.2)


def press(call: Contact, result: CallResult, pressed: str, emit: Emit) -> None:
    """Keys the caller pressed: counted, shown as dots, recorded as tones only while a recording is live."""
    result.keys_pressed += len(pressed)
    emit("keys", "".join("." if k.isdigit() else k for k in pressed))
    if call.rec.active():
        call.audio.keys(pressed)
    else:
        call.audio.suspended_keys(pressed)


def get_input(
    action: Mapping[str, Any],
    call: Contact,
    result: CallResult,
    keypad: Keypad,
    emit: Emit,
    *,
    flow_id: tuple[str, str],
    guard_card: bool,
) -> str | None:
    """``GetParticipantInput``; ``guard_card`` fails the call when this card prompt would play into a recording."""
    params: Mapping[str, Any] = action.get("Parameters") or {}
    tr: Mapping[str, Any] = action.get("Transitions") or {}
    ident = str(action["Identifier"])
    live = call.rec.active()
    if guard_card and live:
        result.outcome = "failed"
        result.stopped = f"card prompt at block {ident} played while {live} was active"
        emit("system", f"[call failed: {result.stopped}]")
        return None
    say(call, result, params, emit)
    first_s = seconds(params.get("InputTimeLimitSeconds"), 5.0)
    dtmf = params.get("DTMFConfiguration") or {}
    if str(params.get("StoreInput", "")).lower() != "true":
        key = keypad.press(first_s)
        if key is None:
            call.log(flow_id, ident, kind="GetParticipantInput", params={}, results="Timeout")
            call.silent += 1
            if call.silent >= SILENT_HANGUP:  # a caller who stays silent this long hangs up
                result.outcome = "caller hung up"
                emit("system", "[the caller hung up]")
                return None
            return error_branch(tr, "InputTimeLimitExceeded") or error_branch(tr, "NoMatchingError")
        call.silent = 0
        press(call, result, key, emit)
        call.log(flow_id, ident, kind="GetParticipantInput", params={}, results=key)
        return compare(key, tr, error="NoMatchingCondition")
    pressed, entry = collect(
        keypad,
        first_s=first_s,
        next_s=seconds(dtmf.get("InterdigitTimeLimitSeconds"), 5.0),
        terminator=str(dtmf.get("InputTerminationSequence") or "#"),
        max_len=int(seconds(_custom(params).get("MaximumLength"), 20)),
        cancel=str(dtmf.get("DisableCancelKey", "False")).lower() != "true",
    )
    if pressed:
        press(call, result, pressed, emit)
    value = entry or "Timeout"
    enc = params.get("InputEncryption")
    if isinstance(enc, dict) and entry:
        try:
            value = encrypt_customer_input(
                entry, key_id=str(enc.get("EncryptionKeyId")), certificate_pem=str(enc.get("Key")).encode()
            )
        except IvrError:
            return error_branch(tr, "NoMatchingError")
    call.stored = value
    call.log(flow_id, ident, kind="GetParticipantInput", params={"StoreInput": "True"}, results=value)
    return next_action(tr)
