"""The doctor's pure parts (Stripe key modes, exit codes, the table) and the raw-card refusal the IVR and the
doctor both recognise, as tables."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from ivr.doctor import Check, Target, exit_code, stripe_key
from ivr.doctor_cli import render
from ivr.errors import PaymentNotEnabled, PaymentRejected
from ivr.local.stripe.emulator import raw_card_message
from ivr.payments.stripe_gateway import RAW_CARD_PREREQUISITE, _translate, raw_card_refused

_stripe: Any = stripe


@pytest.mark.parametrize(
    ("exc", "refused"),
    [
        (_stripe.InvalidRequestError(raw_card_message("sk_test_x"), None, http_status=400), True),
        (_stripe.InvalidRequestError(raw_card_message("sk_live_x"), None, http_status=400), True),
        (_stripe.InvalidRequestError("No such PaymentMethod: 'pm_1'", "payment_method", code="resource_missing",
                                     http_status=400), False),
        (_stripe.InvalidRequestError(raw_card_message("sk_test_x"), None, code="parameter_unknown",
                                     http_status=400), False),
        (_stripe.AuthenticationError("Invalid API Key provided: sk_test_****"), False),
        (_stripe.APIError("raw card data"), False),
    ],
)
def test_raw_card_refusal_is_recognised(exc: stripe.StripeError, refused: bool) -> None:
    assert raw_card_refused(exc) is refused
    translated = _translate(exc, "create PaymentMethod")
    assert isinstance(translated, PaymentNotEnabled) is refused
    if refused:
        assert isinstance(translated, PaymentRejected) and translated.prerequisite == RAW_CARD_PREREQUISITE
        assert "raw card data" in str(translated) and "stripe.com" not in str(translated)


@pytest.mark.parametrize(
    ("key", "expect", "status", "words"),
    [
        ("sk_test_abcdefghijklmnop", "test", "ok", "secret key, test mode"),
        ("rk_live_abcdefghijklmnop", "live", "ok", "restricted key, live mode"),
        ("sk_live_abcdefghijklmnop", "test", "problem", "live-mode key; this stage expects test"),
        ("pk_test_abcdefghijklmnop", None, "problem", "not a Stripe secret or restricted key"),
        ("whsec_abcdefghijklmnopqr", None, "problem", "not a Stripe secret or restricted key"),
    ],
)
def test_stripe_key_kind_and_mode(key: str, expect: str | None, status: str, words: str) -> None:
    target = Target("prod", expect_mode=expect, values={"stripe/secret-key": key})
    check = stripe_key(lambda name: None, target)  # type: ignore[arg-type,return-value]
    assert check.status == status and words in check.detail
    assert key not in check.detail + check.fix


@pytest.mark.parametrize(
    ("statuses", "code"),
    [(("ok", "ok"), 0), (("ok", "skipped"), 0), (("ok", "unknown"), 2), (("unknown", "problem"), 1), ((), 0)],
)
def test_exit_code(statuses: tuple[Any, ...], code: int) -> None:
    assert exit_code([Check(f"c{i}", s, "d") for i, s in enumerate(statuses)]) == code


def test_table_shows_a_fix_only_for_failures() -> None:
    table = render([Check("ssm /spc/p/a", "ok", "present", "never shown"),
                    Check("ssm /spc/p/b", "problem", "missing", "aws ssm put-parameter --name /spc/p/b")])
    assert "never shown" not in table and "fix: aws ssm put-parameter --name /spc/p/b" in table
    assert "FAIL" in table and table.endswith("2 checks: 1 problem(s), 0 not checked")
