"""Recent charges by keyed card fingerprint and amount, so a caller who calls back is not charged twice.

One DynamoDB item per (HMAC fingerprint of the PAN, amount, currency) in the idempotency table (partition key
``id``, TTL attribute ``expiration``): ``pending`` is written just before the PaymentIntent is sent (with its
idempotency key and PaymentMethod id, which let a later call resolve an uncertain outcome), ``succeeded`` after
Stripe approved, removed after a decline. No card data: the key holds a keyed HMAC (PCI DSS 3.5.1.1), never the
PAN, last four or expiry.

Beside it, one item per contact (``contact#<ContactId>``) says how that contact's last charge stands: ``sent``
just before its PaymentIntent goes to Stripe, ``settled`` with the result code once its outcome is known. A
contact that ends without running the flow to its end (``ivr.disconnect``) reads it: a charge sent and never
settled is in flight or uncertain, and keeps that code rather than becoming a hang-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ivr.errors import DependencyError
from scanners.aws import error_name

LedgerStatus = Literal["pending", "succeeded"]
ContactChargeStatus = Literal["sent", "settled"]


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    status: LedgerStatus
    at: float  # epoch seconds: when the charge was sent (pending) or taken (succeeded)
    contact_id: str
    attempt: str
    payment_method_id: str = ""
    payment_intent_id: str = ""


@dataclass(frozen=True, slots=True)
class ContactCharge:
    """How one contact's last charge stands: ``sent`` (outcome not known yet) or ``settled`` with its code."""

    status: ContactChargeStatus
    at: float  # epoch seconds of the last change
    attempt: str
    result_code: str = ""


class ChargeLedger:
    """Reads and writes ledger items; every failure is a ``DependencyError`` naming the operation."""

    def __init__(
        self, dynamodb: Any, table: str, *, window_s: float = 1800.0, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = dynamodb
        self._table = table
        self.window_s = window_s
        self._clock = clock

    def __repr__(self) -> str:
        return f"ChargeLedger(table={self._table!r}, window_s={self.window_s})"

    @staticmethod
    def key(fingerprint: str, amount_minor: int, currency: str) -> str:
        return f"charge#{fingerprint}#{amount_minor}#{currency.lower()}"

    @staticmethod
    def contact_key(contact_id: str) -> str:
        return f"contact#{contact_id}"

    def _item(self, key: str) -> dict[str, Any] | None:
        try:
            item = self._db.get_item(TableName=self._table, Key={"id": {"S": key}}, ConsistentRead=True).get("Item")
        except Exception as exc:
            raise DependencyError(f"dynamodb GetItem {self._table}: {error_name(exc)}") from exc
        return dict(item) if item else None

    def get(self, key: str) -> LedgerEntry | None:
        """The entry, or None when there is none or it is older than the window."""
        item = self._item(key)
        if not item:
            return None

        def s(name: str) -> str:
            return str(item.get(name, {}).get("S", ""))

        status = s("status")
        try:
            at = float(item.get("at", {}).get("N", "0"))
        except ValueError:
            at = 0.0
        if status not in ("pending", "succeeded") or self._clock() - at > self.window_s:
            return None
        return LedgerEntry(
            "pending" if status == "pending" else "succeeded", at, s("contact_id"), s("attempt"),
            s("payment_method_id"), s("payment_intent_id"),
        )

    def contact_charge(self, contact_id: str) -> ContactCharge | None:
        """The contact's last charge, or None when it sent none (or its item expired)."""
        item = self._item(self.contact_key(contact_id))
        if not item:
            return None
        status = str(item.get("status", {}).get("S", ""))
        try:
            at = float(item.get("at", {}).get("N", "0"))
        except ValueError:
            at = 0.0
        if status not in ("sent", "settled"):
            return None
        return ContactCharge("sent" if status == "sent" else "settled", at,
                             str(item.get("attempt", {}).get("S", "")), str(item.get("result_code", {}).get("S", "")))

    def charge_sent(self, contact_id: str, attempt: str) -> None:
        """Before a PaymentIntent is sent: its outcome is unknown until ``charge_settled``."""
        self._put(self.contact_key(contact_id), "sent", self._clock(), {"attempt": attempt})

    def charge_settled(self, contact_id: str, attempt: str, result_code: str) -> None:
        self._put(self.contact_key(contact_id), "settled", self._clock(),
                  {"attempt": attempt, "result_code": result_code})

    def _put(self, key: str, status: LedgerStatus | ContactChargeStatus, at: float, fields: dict[str, str]) -> None:
        item: dict[str, Any] = {
            "id": {"S": key},
            "status": {"S": status},
            "at": {"N": f"{at:.3f}"},
            "expiration": {"N": str(int(at + self.window_s + 3600))},
            **{k: {"S": v} for k, v in fields.items() if v},
        }
        try:
            self._db.put_item(TableName=self._table, Item=item)
        except Exception as exc:
            raise DependencyError(f"dynamodb PutItem {self._table}: {error_name(exc)}") from exc

    def pending(self, key: str, *, contact_id: str, attempt: str, payment_method_id: str) -> None:
        self._put(key, "pending", self._clock(),
                  {"contact_id": contact_id, "attempt": attempt, "payment_method_id": payment_method_id})

    def succeeded(self, key: str, *, contact_id: str, attempt: str, payment_intent_id: str,
                  at: float | None = None) -> None:
        self._put(key, "succeeded", self._clock() if at is None else at,
                  {"contact_id": contact_id, "attempt": attempt, "payment_intent_id": payment_intent_id})

    def clear(self, key: str) -> None:
        try:
            self._db.delete_item(TableName=self._table, Key={"id": {"S": key}})
        except Exception as exc:
            raise DependencyError(f"dynamodb DeleteItem {self._table}: {error_name(exc)}") from exc
