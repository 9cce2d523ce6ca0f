"""Recent charges by keyed card fingerprint and amount, so a caller who calls back is not charged twice.

One DynamoDB item per (HMAC fingerprint of the PAN, amount, currency) in the idempotency table (partition key
``id``, TTL attribute ``expiration``): ``pending`` is written just before the PaymentIntent is sent (with its
idempotency key and PaymentMethod id, which let a later call resolve an uncertain outcome), ``succeeded`` after
Stripe approved, removed after a decline. No card data: the key holds a keyed HMAC (PCI DSS 3.5.1.1), never the
PAN, last four or expiry.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ivr.errors import DependencyError
from scanners.aws import error_name

LedgerStatus = Literal["pending", "succeeded"]


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    status: LedgerStatus
    at: float  # epoch seconds: when the charge was sent (pending) or taken (succeeded)
    contact_id: str
    attempt: str
    payment_method_id: str = ""
    payment_intent_id: str = ""


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

    def get(self, key: str) -> LedgerEntry | None:
        """The entry, or None when there is none or it is older than the window."""
        try:
            item = self._db.get_item(TableName=self._table, Key={"id": {"S": key}}, ConsistentRead=True).get("Item")
        except Exception as exc:
            raise DependencyError(f"dynamodb GetItem {self._table}: {error_name(exc)}") from exc
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

    def _put(self, key: str, status: LedgerStatus, at: float, fields: dict[str, str]) -> None:
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
