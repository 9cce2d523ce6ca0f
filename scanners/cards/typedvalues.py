"""Typed JSON: a value written one level below its name, under a key that gives only its type.

Several systems write a scalar as an object whose one member's key is the value's type, so the name that gives the
value its meaning is the key of that object, one level up:
- DynamoDB's attribute values (``"seq": {"N": "42"}``, ``{"S": "…"}``);
- Firestore's REST documents and their Data Access audit logs (``"fields": {"orderRef": {"integerValue": "4…"}}``:
  ``stringValue``, ``integerValue`` an int64 as a decimal string, ``doubleValue``);
- protobuf's JSON ``Struct`` value (``stringValue``, ``numberValue``);
- MongoDB's Extended JSON (``"orderId": {"$numberLong": "4…"}``: mongoexport, change streams; ``$numberDecimal``,
  ``$numberInt``, ``$numberDouble``), which ``keyparse.key_at`` reads without its ``$``;
- an Avro union's branch in Avro's JSON encoding (``"raw": {"bytes": "…"}``, ``{"long": …}``, ``{"string": "…"}``:
  kafka-avro-console-consumer, Schema Registry tooling; ``bytes`` only with a string, one character a byte: a
  number under it is a size);
- OpenTelemetry's OTLP/JSON ``AnyValue`` (``stringValue``, ``intValue`` as a decimal string or a bare number,
  ``doubleValue``; an ``arrayValue``'s ``values``, a list of AnyValues), Cloud Trace's ``AttributeValue`` too. An
  attribute is a ``KeyValue`` object, so the member owning the typed value is its ``value`` and the name is the
  sibling ``key`` (``{"key": "order.id", "value": {"intValue": "4…"}}``); a ``kvlistValue`` holds more such pairs.

``typed_owner(text, at)`` gives the member owning the typed value starting at ``at`` (its name and where its quoted
key starts), so that ``idkeys`` and ``detectors.structure`` read the name the record gives the value, the ``value``
member then being named by its sibling as a flat pair's is.
"""

from __future__ import annotations

import re

# The type keys (DynamoDB's, Firestore's, protobuf Struct's, OTLP's scalars, Extended JSON's, Avro's branches).
TYPE_KEYS = frozenset({
    "N", "S", "stringValue", "intValue", "integerValue", "doubleValue", "numberValue",
    "numberLong", "numberDecimal", "numberInt", "numberDouble", "long", "int", "string", "bytes"})
TYPE_NAMES = frozenset(k.lower() for k in TYPE_KEYS if len(k) > 1)  # as ``structure.norm`` writes them
# The owning member and its object's opening, then an OTLP ``arrayValue``'s list before the element (its earlier
# elements flat AnyValues), then the type key, read backwards from the value (a quote of it escaped when the record
# is a JSON string; members on lines of their own when pretty-printed).
_TYPED_BEFORE = re.compile(
    r'\\?"(?P<owner>[A-Za-z][A-Za-z0-9_.\-]{0,40})\\?"\s*:\s*\{\s*'
    r'(?:\\?"arrayValue\\?"\s*:\s*\{\s*\\?"values\\?"\s*:\s*\[\s*(?:\{[^{}\[\]]{0,120}\}\s*,\s*){0,16}\{\s*)?'
    r'\\?"(?:(?:N|S|stringValue|intValue|integerValue|doubleValue|numberValue|\$number(?:Long|Decimal|Int|Double)'
    r'|long|int|string)\\?"\s*:\s*\\?"?|bytes\\?"\s*:\s*\\?")$'
)
_REACH = 96  # the owner, its brace and the type key, indented (the scalar form); an array's elements: ``_ARRAY_REACH``
_ARRAY_REACH = 2200


def typed_owner(text: str, at: int) -> tuple[str, int] | None:
    """The key of the member owning the typed value that starts at ``at`` and the offset where that key's quote (or
    the backslash escaping it) starts, or None when the value is not a typed one."""
    m = _TYPED_BEFORE.search(text, max(0, at - _REACH), at)
    if m is None and "arrayValue" in text[max(0, at - _ARRAY_REACH) : at]:
        m = _TYPED_BEFORE.search(text, max(0, at - _ARRAY_REACH), at)
    return None if m is None else (m["owner"], m.start())
