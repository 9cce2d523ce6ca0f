"""A SQL INSERT logged by a database or an ORM and shipped in a JSON string (a pipeline's ``message``): MySQL's
general log puts an escaped tab right before ``INSERT`` (``Query\\tINSERT INTO …``), Django's SQL debug writes the
table and column names in double quotes, escaped there (``INSERT INTO \\"billing_card\\" (\\"number\\", …)``). The
values are named by their columns as in the plain log line; a column of another name lends nothing."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine

PAN = next("37096512345002" + d for d in "0123456789" if luhn_valid("37096512345002" + d))  # no published test card
MYSQL = f"2026-12-29T02:04:34.161Z\t526 Query\tINSERT INTO cards (number, cvv, exp) VALUES ('{PAN}', '6063', '09/29')"
DJANGO = (f'(0.552) INSERT INTO "billing_card" ("number", "exp", "user_id") VALUES (\'{PAN}\', \'12/31\', 846) '
          f'RETURNING "billing_card"."id"; args=(\'{PAN}\', \'12/31\', 846)')


@pytest.mark.parametrize(
    ("line", "types"),
    [(MYSQL, {"pan", "cvv", "expiry"}), (DJANGO, {"pan", "expiry"})],
    ids=["mysql-general-log", "django-sql-debug"],
)
def test_a_shipped_insert_names_its_values_as_the_plain_one_does(line: str, types: set[str]) -> None:
    assert {s.type for s in Engine().scan_text(line)} == types
    shipped = json.dumps({"message": line, "source_type": "kubernetes_logs"})
    assert {s.type for s in Engine().scan_text(shipped)} == types


def test_other_columns_lend_nothing() -> None:
    line = "2026-12-29T02:04:34.161Z\t526 Query\tINSERT INTO items (sku, qty, size) VALUES ('A-17', '6063', '09/29')"
    assert Engine().scan_text(json.dumps({"message": line})) == []
