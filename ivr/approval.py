"""What is spoken after an approved charge: ``ivr.confirm.service``'s answer, or a deterministic template."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from ivr.answers import log_failure
from ivr.card import CardData
from ivr.config import ConfirmFn, Services

CURRENCY_WORDS = {"usd": "dollars", "gbp": "pounds", "eur": "euros", "cad": "Canadian dollars"}


def default_confirm() -> ConfirmFn | None:
    try:
        from ivr.confirm.service import confirmation
    except ImportError:
        return None
    return confirmation


def approval(services: Services, card: CardData, *, amount: Decimal, currency: str, reference: str,
             deadline: float) -> tuple[str, str]:
    """(SSML, source) where source is the confirmation's own (``model``/``template``) or ``template``."""
    confirm = services.confirm or default_confirm()
    if confirm is not None:
        try:
            result = confirm(
                amount=amount, currency=currency, brand=card.brand, last4=card.last4, reference=reference,
                deadline_s=max(0.0, deadline - services.clock()), bedrock=services.bedrock,
                model_id=services.settings.model_id, prompt_log=services.prompt_log,
            )
            ssml = getattr(result, "ssml", None)
            if isinstance(ssml, str) and ssml.startswith("<speak>"):
                return ssml, str(getattr(result, "source", "model"))
        except Exception as exc:
            log_failure({"step": "confirmation"}, exc)
    words = CURRENCY_WORDS.get(currency, currency.upper())
    return (f"<speak>Thank you. Your payment of {escape(str(amount))} {escape(words)} on your card ending in "
            f'<say-as interpret-as="digits">{card.last4}</say-as> has been approved. Your reference is '
            f'<say-as interpret-as="characters">{escape(reference)}</say-as>.</speak>'), "template"
