"""Errors raised by the IVR package.

Messages name the field or the dependency and what was expected; they never contain a card value, a ciphertext
or a secret. Foreign exceptions (botocore, stripe, the Encryption SDK) are translated once, where they cross
into ``ivr``, with ``raise ... from exc``.
"""

from __future__ import annotations

from typing import Literal

Field = Literal["card_number", "expiry", "cvv", "postal_code", "amount", "currency"]
CARD_FIELDS: tuple[Field, ...] = ("card_number", "expiry", "cvv")


class IvrError(Exception):
    """Base class for every error the IVR raises on purpose."""


class CardsFileError(IvrError):
    """A cards file line is not ``PAN MMYY CVV`` (the message names the line, never its content)."""


class ConfigError(IvrError):
    """A setting is missing or malformed (names the environment variable and what was expected)."""


class DependencyError(IvrError):
    """An AWS dependency (Secrets Manager, SSM, KMS, S3, DynamoDB) failed; names service and error code."""


class DecryptionError(IvrError):
    """A Connect ciphertext could not be decrypted: wrong key, tampered, or not an Encryption SDK message."""


class EventError(IvrError):
    """The Connect event is malformed (names the missing or invalid parameter)."""


class ValidationError(IvrError):
    """A caller entry or the amount failed validation.

    ``field`` is the entry at fault and ``code`` a short machine reason (``luhn``, ``length``, ``past``...).
    """

    def __init__(self, field: Field, code: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field: Field = field
        self.code = code


class NoEntry(IvrError):
    """Connect stored the literal ``Timeout``: the caller entered nothing."""


class PaymentError(IvrError):
    """The payment provider could not complete the charge (not a decline)."""


class PaymentUnavailable(PaymentError):
    """Transient: network error, timeout, rate limit or a 5xx. A retry with the same key is safe."""


class PaymentRejected(PaymentError):
    """Permanent: authentication, idempotency conflict or an invalid request."""


class PaymentNotEnabled(PaymentRejected):
    """The Stripe account lacks a capability the IVR needs (raw card data APIs); ``prerequisite`` names it."""

    def __init__(self, message: str, prerequisite: str) -> None:
        super().__init__(message)
        self.prerequisite = prerequisite


class AuditError(IvrError):
    """The audit record or prompt log could not be written."""


class ChargeInFlight(IvrError):
    """The contact's charge was sent moments ago and its outcome is not known yet: deliver the event again."""


class ContactNotFoundError(IvrError):
    """No live contact has this id (Connect answers ResourceNotFoundException)."""


class KeypadError(IvrError):
    """Scripted keys hold something a telephone keypad cannot send."""


class FlowRunError(IvrError):
    """The flow cannot be run locally (names the action and what is wrong, never a caller entry)."""
