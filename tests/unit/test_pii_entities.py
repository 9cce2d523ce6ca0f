"""A PII detector's entity names its value by a sibling ``type`` (``structure._TYPE_SIBLING``): Bedrock Guardrails'
``piiEntities[]`` (``{"match": "06/27", "type": "CREDIT_DEBIT_CARD_EXPIRY", "action": "ANONYMIZED"}``), either
member order, escaped inside a JSON string too; a ``Value`` member named the same way. Only a card type names it:
a phone, a date or the card number's type lends a 3-4 digit match nothing."""

from __future__ import annotations

import json

import pytest

from scanners.engine.core import Backend, Engine


def _trace(*entities: dict[str, str]) -> str:
    policy = {"sensitiveInformationPolicy": {"piiEntities": list(entities)}}
    return json.dumps({"trace": {"guardrailTrace": {"action": "INTERVENED", "inputAssessments": [policy]}}})


CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("guardrail-expiry-cvv", _trace({"match": "06/27", "type": "CREDIT_DEBIT_CARD_EXPIRY", "action": "ANONYMIZED"},
                                    {"match": "123", "type": "CREDIT_DEBIT_CARD_CVV", "action": "ANONYMIZED"}),
     [("expiry", "06/27"), ("cvv", "123")]),
    ("guardrail-long-year", _trace({"match": "11/2031", "type": "CREDIT_DEBIT_CARD_EXPIRY", "action": "BLOCKED"}),
     [("expiry", "11/31")]),
    ("type-first", _trace({"type": "CREDIT_DEBIT_CARD_CVV", "match": "4417", "action": "ANONYMIZED"}),
     [("cvv", "4417")]),
    ("escaped-in-message", json.dumps({"message": _trace({"match": "508", "type": "CREDIT_DEBIT_CARD_CVV"})}),
     [("cvv", "508")]),
    ("value-named-by-entity-type", '{"entityType": "CREDIT_CARD_SECURITY_CODE", "value": "771"}', [("cvv", "771")]),
    # near misses: another entity type, the card number's type, a match with no type
    ("phone", _trace({"match": "555", "type": "PHONE", "action": "ANONYMIZED"}), []),
    ("date-time", _trace({"match": "06/27", "type": "DATE_TIME", "action": "ANONYMIZED"}), []),
    ("pin", _trace({"match": "4417", "type": "PIN", "action": "BLOCKED"}), []),
    ("number-type", _trace({"match": "123", "type": "CREDIT_DEBIT_CARD_NUMBER", "action": "ANONYMIZED"}), []),
    ("no-type", '{"match": "123", "score": 0.9}', []),
    ("type-in-nested-object", '{"match": "123", "meta": {"type": "CREDIT_DEBIT_CARD_CVV"}}', []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_pii_entity_named_by_type(backend: Backend, text: str, want: list[tuple[str, str]]) -> None:
    got = [(s.type, s.value) for s in Engine(backend=backend).scan_text(text)]
    assert sorted(got) == sorted(want)
