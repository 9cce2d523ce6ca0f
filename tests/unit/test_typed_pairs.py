"""Values named by a sibling member rather than by their own key, and values written under a key that gives only their
type: OpenTelemetry's OTLP/JSON attributes (``{"key": "payment.card.cvv", "value": {"stringValue": "514"}}``, an
``intValue`` as a string or a number, an ``arrayValue``, a ``kvlistValue``), Shopify's order ``note_attributes`` and
line item ``properties`` (``{"name": "Security code", "value": "306"}``), WooCommerce's ``meta_data`` (``{"id": …,
"key": "_billing_card_cvv", "value": "321"}``) and Firestore's typed fields (``"orderRef": {"integerValue": "4…"}``).
The name gives the value its meaning both ways: a card, CVV or expiry name makes it card data, an id's name keeps a
Luhn-valid number quiet."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scanners.engine.core import Engine
from tests.unit.test_variable_names import luhn_number

VISA = luhn_number("4539120", 16)
MC = luhn_number("5420366", 16)


def _attr(key: str, kind: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": {kind: value}}


def _otlp(*attrs: dict[str, Any], indent: int | None = None) -> str:
    record = {"timeUnixNano": "1727308538340678049", "severityNumber": 9, "severityText": "INFO",
              "body": {"stringValue": "card captured"},
              "attributes": [_attr("code.function", "stringValue", "collect"), _attr("thread.id", "intValue", "8"),
                             *attrs],
              "traceId": "4c18f309a4d43e014160d4ac0ff21f36", "spanId": "bb3ada3faca47941", "flags": 1}
    doc = {"resourceLogs": [{"resource": {"attributes": [_attr("service.name", "stringValue", "ivr-collector")]},
                             "scopeLogs": [{"scope": {"name": "io.opentelemetry.python"}, "logRecords": [record]}]}]}
    return json.dumps(doc, indent=indent, separators=None if indent else (",", ":"))


def _span(*attrs: dict[str, Any]) -> str:
    span = {"traceId": "4498617b7a4c1f1ab2c5d18e9f0c2b11", "spanId": "a1b2c3d4e5f60718", "name": "POST /pay",
            "kind": 2, "attributes": [_attr("http.request.method", "stringValue", "POST"), *attrs],
            "events": [], "status": {"code": 0}}
    return json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}, separators=(",", ":"))


def _shopify(*pairs: tuple[str, str], where: str = "note_attributes") -> str:
    listed = [{"name": "delivery_date", "value": "2025-06-14"}, *({"name": n, "value": v} for n, v in pairs)]
    order: dict[str, Any] = {"id": 5789232970899, "email": "rosa@example.net", "note": "Gift wrap please"}
    if where == "note_attributes":
        order["note_attributes"] = listed
    else:
        order["line_items"] = [{"id": 19386657887635, "sku": "SKU-BM9XU", "properties": listed}]
    return json.dumps({"orders": [order]}, indent=2)


def _woo(*pairs: tuple[str, str]) -> str:
    meta = [{"id": 34778, "key": "_wc_order_attribution_source_type", "value": "typein"},
            *({"id": 50991 + i, "key": k, "value": v} for i, (k, v) in enumerate(pairs))]
    return json.dumps([{"id": 727, "status": "processing", "customer_note": "", "meta_data": meta}], indent=4)


def _firestore(fields: dict[str, dict[str, Any]], indent: int | None = None) -> str:
    write = {"update": {"name": "projects/pay/databases/(default)/documents/payments/f74d37f6", "fields": {
        "orderId": {"stringValue": "7975207096"}, "amount": {"doubleValue": 659.1}, **fields}}}
    entry = {"protoPayload": {"methodName": "google.firestore.v1.Firestore.Commit", "request": {"writes": [write]}}}
    return json.dumps(entry, indent=indent)


CASES = [
    # OTLP attributes: a card name makes the value card data, wherever the value's type puts it
    ("otlp-cvv", _otlp(_attr("payment.card.cvv", "stringValue", "514")), [("cvv", "514")]),
    ("otlp-cvv-int-string", _otlp(_attr("payment.card.cvv", "intValue", "514")), [("cvv", "514")]),
    ("otlp-cvv-int-number", _otlp(_attr("payment.card.cvv", "intValue", 514)), [("cvv", "514")]),
    ("otlp-cvv-pretty", _otlp(_attr("payment.card.cvv", "stringValue", "514"), indent=2), [("cvv", "514")]),
    ("otlp-expiry", _otlp(_attr("payment.card.expiry", "stringValue", "07/29")), [("expiry", "07/29")]),
    ("otlp-cvv-array", _otlp({"key": "payment.card.cvv", "value": {"arrayValue": {"values": [
        {"stringValue": "none"}, {"stringValue": "514"}]}}}), [("cvv", "514")]),
    ("otlp-cvv-kvlist", _otlp({"key": "payment.card", "value": {"kvlistValue": {"values": [
        _attr("brand", "stringValue", "visa"), _attr("cvv", "stringValue", "514")]}}}), [("cvv", "514")]),
    ("otlp-pan", _otlp(_attr("payment.card.number", "stringValue", VISA)), [("pan", VISA)]),
    ("otlp-cvv-escaped", json.dumps({"log": _otlp(_attr("payment.card.cvv", "stringValue", "514"))}), [("cvv", "514")]),
    ("span-cvv", _span(_attr("card.security_code", "intValue", "5140")), [("cvv", "5140")]),
    # ... an id's name keeps a Luhn-valid number quiet; a name that is no card's gives a code-like number nothing
    ("otlp-order-id", _otlp(_attr("order.id", "intValue", VISA)), []),
    ("otlp-order-id-number", _otlp(_attr("order.id", "intValue", int(VISA))), []),
    ("otlp-order-id-pretty", _otlp(_attr("order.id", "intValue", VISA), indent=2), []),
    ("otlp-order-ids-array", _otlp({"key": "order.ids", "value": {"arrayValue": {"values": [
        {"intValue": "17"}, {"intValue": VISA}]}}}), []),
    ("otlp-order-id-escaped", json.dumps({"log": _otlp(_attr("order.id", "intValue", VISA))}), []),
    ("span-message-id", _span(_attr("messaging.message.id", "stringValue", MC)), []),
    ("otlp-status", _otlp(_attr("http.response.status_code", "intValue", "503")), []),
    ("otlp-cvv-flag-then-status", _otlp(_attr("payment.card.cvv_present", "boolValue", True),
                                        _attr("http.response.status_code", "intValue", "503")), []),
    ("otlp-expiry-name-elsewhere", _otlp(_attr("payment.card.expiry", "stringValue", "redacted"),
                                         _attr("retry.delay_ms", "intValue", "1229")), []),
    # Shopify: a merchant's label of words names the value
    ("shopify-security-code", _shopify(("Security code", "306")), [("cvv", "306")]),
    ("shopify-card-expiry", _shopify(("Card expiry", "02-33")), [("expiry", "02/33")]),
    ("shopify-cvv", _shopify(("CVV", "306")), [("cvv", "306")]),
    ("shopify-property-cvc", _shopify(("Card CVC", "6513"), where="properties"), [("cvv", "6513")]),
    ("shopify-card-number", _shopify(("Card number", VISA)), [("pan", VISA)]),
    ("shopify-order-ref", _shopify(("Order Ref", VISA)), []),
    ("shopify-gift-message", _shopify(("Gift message", "306")), []),
    # WooCommerce meta_data: a checkout field of the billing section is stored as ``_billing_<field>``
    ("woo-billing-cvv", _woo(("_billing_card_cvv", "321")), [("cvv", "321")]),
    ("woo-billing-expiry", _woo(("_billing_card_expiry", "2032-01")), [("expiry", "01/32")]),
    ("woo-cc-cvv", _woo(("cc_cvv", "321")), [("cvv", "321")]),
    ("woo-transaction-id", _woo(("_transaction_id", VISA)), []),
    ("woo-session-pages", _woo(("_wc_order_attribution_session_pages", "321")), []),
    ("woo-billing-expiry-alone", _woo(("_billing_expiry", "2032-01")), []),  # a billing period's, not a card's
    # Firestore's typed fields: the field's name, one level up, names the value
    ("firestore-order-ref", _firestore({"orderRef": {"integerValue": VISA}}), []),
    ("firestore-order-ref-pretty", _firestore({"orderRef": {"integerValue": VISA}}, indent=2), []),
    ("firestore-cvc", _firestore({"cvc": {"integerValue": "146"}}), [("cvv", "146")]),
    ("firestore-card", _firestore({"cardNumber": {"stringValue": VISA}}), [("pan", VISA)]),
    ("firestore-quantity", _firestore({"quantity": {"integerValue": "146"}}), []),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_typed_pairs(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text)) == sorted(found)
