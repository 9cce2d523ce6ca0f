"""What is spoken after an approved charge: ``ivr.confirm.service``'s answer (English), or the language's
deterministic template from ``ivr.prompts``."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from ivr.answers import log_failure
from ivr.card import CardData
from ivr.config import Services
from ivr.confirm.service import confirmation
from ivr.dialog import last4_ssml, speak
from ivr.prompts import DEFAULT_LANGUAGE, Prompts


def template(p: Prompts, card: CardData, *, amount: Decimal, currency: str, reference: str) -> str:
    return speak(p.text(
        "approved", amount=p.amount(amount, currency), brand=escape(p.brand(card.brand)),
        last4=last4_ssml(card.last4), reference=f'<say-as interpret-as="characters">{escape(reference)}</say-as>',
    ))


def approval(services: Services, card: CardData, p: Prompts, *, amount: Decimal, currency: str, reference: str,
             deadline: float) -> tuple[str, str]:
    """(SSML, source) where source is the confirmation's own (``model``/``template``) or ``template``.
    The model writes English only: another language gets its template."""
    confirm = services.confirm or confirmation
    if p.language == DEFAULT_LANGUAGE:
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
    return template(p, card, amount=amount, currency=currency, reference=reference), "template"
