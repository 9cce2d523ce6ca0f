"""``keyparse.key_before`` reads the key of a ``key: value`` pair backwards as the regex it replaced found it."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards.keyparse import form_path, key_before, sign_before
from scanners.cards.pangroups import id_keyed
from tests.unit.detector_contract import masked_id

# a quote is ``"``, ``'``, escaped, or doubled as a CSV field holding JSON writes it (``""orderId"":""``)
_QUOTE = r"""\\?(?:""|["'])?"""
# a key's letters may be of any script (``Référence``); in ASCII text this is ``[A-Za-z][A-Za-z0-9_.\-]{0,40}``
# (PHP's print_r and var_dump close a key in a bracket, ``[order_id] =>``; an Erlang binary's key ends in ``>>`` and
# its value opens with ``<<``: ``<<"order_id">> => <<"4…">>``)
KEY_BEFORE = re.compile(
    rf"""{_QUOTE}([^\W\d_][\w.\-]{{0,40}}){_QUOTE}(?:\]|>>)?\s*(?:[:=]|=>)\s*(?:<<(?=\\|""|["']))?{_QUOTE}$""")
PIECES = [*"aZ_.-09:= \t\n\"'\\x{}[],/#", "é", "\u00a0", "\u2028", "orderId", '"order_id": "', "id=", '\\"seq\\":',
          " : ", "=>", ' => ', '{:order_id=>"', "k" * 45, "A1", "\u00ba", "\u20ac", "R\u00e9f\u00e9rence"]  # fmt: skip


def may_be_keyed(before: str) -> bool:
    """The cheap pre-check id_keyed made before (``sign_before`` replaced it)."""
    for end in (before, before[:-1]) if before.endswith("\n") else (before,):
        tail = end[:-2] if end.endswith('""') else end[:-1] if end.endswith(('"', "'")) else end
        tail = tail[:-1] if tail.endswith("\\") else tail
        if tail.rstrip().endswith((":", "=", "=>")):
            return True
    return False


def reference(text: str, lo: int, end: int) -> str | None:
    m = KEY_BEFORE.search(text, lo, end)
    return m.group(1) if m else None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join), st.integers(0, 200), st.integers(0, 200))
@example('{"orderId": "', 0, 13)
@example("x=\n", 0, 3)  # ``$`` before a final newline
@example('a:"\n', 0, 4)
@example("-.9ab : ", 0, 8)  # the key starts at its first letter
@example('"order_id": ""', 0, 14)  # doubled quotes: a CSV field holding JSON
@example('x,"{""orderId"":""', 0, 17)
@example("R\u00e9f\u00e9rence: ", 0, 11)  # a key in letters of any script
@example("\u20acabc: ", 0, 6)
@example('{:order_id=>"', 0, 13)  # Ruby's Hash#inspect
@example('{"order_id" => "', 0, 16)  # Ruby 3.4's
@example("a] : ", 0, 4)  # a key closed by a bracket (PHP's print_r)
@example("[order_id] => ", 0, 14)
def test_key_before_matches_the_regex(text: str, lo: int, end: int) -> None:
    end = min(end, len(text))
    lo = min(lo, end)
    assert key_before(text, lo, end) == reference(text, lo, end)
    assert (sign_before(text, lo, end) >= 0) == may_be_keyed(text[lo:end])


@pytest.mark.parametrize(
    ("text", "keyed"),
    [
        ('{"orderId": "4532015112830366"}', True),
        ('{"order_id":4532015112830366}', True),
        ("trace_id=4532015112830366", True),
        ('{"card": "4532015112830366"}', False),
        ('{"accountId": "4532015112830366"}', True),
        ('{"account": "4532015112830366"}', False),
        ('{"seq": {"N": "4532015112830366"}}', True),
        ("/v1/orders/4532015112830366", True),
        ("paid with 4532015112830366", False),
        ("R\u00e9f\u00e9rence: 4532015112830366", True),  # a French CSV export's column, read as its key
        ("Num\u00e9ro de carte: 4532015112830366", False),
        ("N\u00ba: 4532015112830366", False),
        ("Commande 4532015112830366, carte se terminant par 0366", True),  # the order word alone, as "order"
        ("Ihre Bestellung 4532015112830366", True),
        ("Carte 4532015112830366", False),
        ('data-state="{&quot;order_id&quot;: &quot;4532015112830366&quot;}"', True),  # JSON in an HTML attribute
        ('data-state="{&quot;card&quot;: &quot;4532015112830366&quot;}"', False),
        ('{"sub": "4532015112830366", "iat": 1700000000}', True),  # a JWT's subject claim
        ('{"sub_card": "4532015112830366"}', False),
        ("Took payment by phone: 4532015112830366", False),  # how the card was taken, not a phone number
        ("card read over the phone: 4532015112830366", False),
        ("paid via phone: 4532015112830366", False),
        ("customer phone: 4532015112830366", True),
        ('{"phone": "4532015112830366"}', True),
        ("host=pos-gw-1 9F26=4532015112830366 9F36=2691", True),  # EMV's application cryptogram, all digits
        ("9f37: 4532015112830366", True),
        ("5A=4532015112830366", False),  # the application PAN
        ("F26=4532015112830366", False),  # no tag: a key's letters
        ("X9F26=4532015112830366", False),
    ],
    ids=masked_id,
)
def test_id_keyed(text: str, keyed: bool) -> None:
    assert id_keyed(text, text.index("4532")) is keyed


def _luhn(body: str) -> str:
    total = sum(d - 9 if d > 9 else d for d in (int(c) * (1 + (i % 2 == 0)) for i, c in enumerate(reversed(body))))
    return body + str(-total % 10)


# A typed value is named by the member holding it: DynamoDB's ``{"N": ...}``, an Avro union's branch in Avro's JSON
# encoding (kafka-avro-console-consumer: ``{"long": n}``, ``{"string": "n"}``, ``{"bytes": "n"}``).
@pytest.mark.parametrize(
    ("before", "after", "keyed"),
    [
        ('{"raw":{"bytes":"', '"}}', False),
        ('{"card_number":{"string":"', '"}}', False),
        ('{"card_number": {"long": ', "}}", False),
        ('{"order_id":{"long":', "}}", True),
        ('{"order_id":{"string":"', '"}}', True),
        ('{"event_id":{"bytes":"', '"}}', True),
        ('{"seq": {"N": "', '"}}', True),
        ('{"size":{"bytes":', "}}", True),  # a byte count, not Avro's bytes (a JSON string)
        ('{"bytes":"', '"}', True),  # no member holds it: the key is read as written
    ],
)
def test_typed_value_named_by_its_member(before: str, after: str, keyed: bool) -> None:
    text = before + _luhn("514552115349535") + after
    assert id_keyed(text, len(before)) is keyed


# Ruby's Hash#inspect (before 3.4: ``{:key=>v}``, ``{"key"=>v}``; 3.4: ``{key: v}``, ``{"key" => v}``; a symbol that
# needs quotes: ``{:"order-id"=>v}``), PHP's and Perl's arrays (``'key' => v``): the hash rocket names the value.
@pytest.mark.parametrize(
    ("before", "keyed"),
    [
        ('params={:order_id=>"', True),
        ('params={:qty=>2, :order_id=>"', True),
        ('{"order_id"=>"', True),
        ('{"order_id" => "', True),
        ('{order_id: "', True),
        ('{:"order-id"=>"', True),
        ("['order_id' => '", True),
        ("{:transaction_id=>", True),
        ('params={:card_number=>"', False),
        ('{"pan" => "', False),
        ('{card: "', False),
        ("then => ", False),  # an arrow in prose names nothing that is an id ("total" is a counter name now)
        ('msg="', False),
    ],
)
def test_hash_rocket_names_the_value(before: str, keyed: bool) -> None:
    text = before + _luhn("453201511283036") + '", :qty=>2}'
    assert id_keyed(text, len(before)) is keyed


@pytest.mark.parametrize(
    ("before", "name"),
    [
        ("amount=1&metadata[order_id]", "metadata_order_id"),
        ("amount=1&metadata%5Border%5D", "metadata_order"),
        ("amount=1&metadata%5border%5d", "metadata_order"),
        ("amount=1&a[b][c]", "a_b__c"),
        # near misses: a plain key ending in "d" (the search is skipped), a bracket not at the end, a bare escape
        ("amount=1&order_id", None),
        ("amount=1&paid", None),
        ("amount=1&metadata[order]x", None),
        ("amount=1&%5D", None),
        ("]", None),
    ],
)
def test_form_path(before: str, name: str | None) -> None:
    """The bracketed field name before a form value's ``=``, and none for a plain key."""
    text = before + "=1"
    assert form_path(text, 0, len(before)) == name
