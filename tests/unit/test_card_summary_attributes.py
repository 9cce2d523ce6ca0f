"""Masked-card names and name/value attribute objects (``scanners.cards.summarynames``, read by ``card_summary`` and
``idnames``).

- A key that names a masked or truncated card (``masked_pan``, ``truncated_pan``...) holding a whole card number is
  a failed masking step: the number is a PAN and its record's expiry is cardholder data (a DynamoDB stream record's
  ``NewImage`` as the rows write it). A masked value under the same key keeps the expiry card metadata.
- A contact attribute written as a name and a value (Amazon Connect Streams' ``getAttributes()``, AWS's
  ``[{"Key": ..., "Value": ...}]`` lists, an array of ``{"name", "value"}``) is one member of its record: an expiry
  beside a last four only is metadata, beside a full card number under any key it stays reported.
"""

import base64
import json

import pytest

from scanners.cards.idnames import id_key
from scanners.engine.core import Backend, Engine


def _luhn(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("453914880343646")
LAST4 = PAN[-4:]
MASKED = PAN[:6] + "******" + LAST4
# a KMS/ESDK ciphertext as Connect's encrypt-input block writes it: a kilobyte, so the collection's braces lie
# further than an object is looked for
CIPHER = "AYADe" + base64.b64encode(bytes(range(256)) * 3).decode()


def _ddb(masked_key: str, masked_value: str) -> str:
    """A DynamoDB stream record of a payment audit table, as Lambda receives it."""
    image = {"pk": {"S": "CONTACT#a9719f88"}, masked_key: {"S": masked_value}, "expiry": {"S": "10/29"},
             "amount": {"N": "12000"}, "brand": {"S": "visa"}, "ttl": {"N": "1830153768"}}
    return json.dumps({"eventID": "8d415ae8", "eventName": "INSERT", "eventSource": "aws:dynamodb",
                       "dynamodb": {"Keys": {"pk": {"S": "CONTACT#a9719f88"}}, "NewImage": image,
                                    "SequenceNumber": "619554481662232545356"}})


def _streams(card: dict[str, str]) -> str:
    """An agent desktop's screen-pop log line: the contact's attributes as Connect Streams' getAttributes() gives
    them, each ``{"name": ..., "value": ...}`` under its own name."""
    attributes = {"customerName": "K. Okafor", "card_last4": LAST4, "card_expiry": "12/27", "encrypted_pan": CIPHER,
                  "callback": "+16940124315", **card}
    return json.dumps({"event": "onConnecting", "contactId": "37743adb",
                       "attributes": {k: {"name": k, "value": v} for k, v in attributes.items()}})


def _pairs(card: dict[str, str], name: str = "name", value: str = "value") -> str:
    """The same attributes as a list of name/value (or AWS Key/Value) objects."""
    attributes = {"card_last4": LAST4, "card_expiry": "12/27", "encrypted_pan": CIPHER, **card}
    return json.dumps({"Attributes": [{name: k, value: v} for k, v in attributes.items()]})


MASKED_NAMES = ["masked_pan", "maskedPan", "masked_card_number", "pan_masked", "truncated_pan", "card_mask", "last4",
                "MaskedCardNumber"]
METADATA = [
    *[(f"ddb-{key}-masked", _ddb(key, MASKED)) for key in ("masked_pan", "maskedPan", "truncated_pan")],
    ("ddb-last4", _ddb("last4", LAST4)),
    ("ddb-stars-only", _ddb("masked_pan", "************" + LAST4)),
    ("streams-long-cipher", _streams({})),
    ("streams-short", _streams({"encrypted_pan": "AYADeHzf"})),
    ("name-value-array", _pairs({})),
    ("key-value-list", _pairs({}, "Key", "Value")),
    ("name-value-capitals", _pairs({}, "Name", "Value")),
    ("bare-array", json.dumps([{"name": "card_last4", "value": LAST4}, {"name": "card_expiry", "value": "12/27"}])),
    ("escaped-in-message", json.dumps({"message": "screen pop " + _pairs({}, "Key", "Value")})),
    ("connect-contact-data", json.dumps({"Details": {"ContactData": {"Attributes": {
        "card_last4": LAST4, "card_expiry": "12/27"}}}})),
    ("lex-session-attributes", json.dumps({"sessionState": {"sessionAttributes": {
        "cardLast4": LAST4, "cardExpiry": "12/27"}}})),
]
REPORTED = [  # (case, text): the PAN and the expiry are both reported
    *[(f"ddb-{key}-full", _ddb(key, PAN)) for key in MASKED_NAMES],
    ("streams-decrypted-after-cipher", _streams({"card_number": PAN})),
    ("streams-decrypted-short", _streams({"encrypted_pan": "AYADeHzf", "decrypted_pan": PAN})),
    ("name-value-array-pan", _pairs({"pan": PAN})),
    ("key-value-list-pan", _pairs({"card_number": PAN}, "Key", "Value")),
    ("key-value-masked-name-full", _pairs({"masked_pan": PAN}, "Key", "Value")),
    ("bare-array-pan", json.dumps([{"name": "card_last4", "value": LAST4}, {"name": "card_expiry", "value": "12/27"},
                                   {"name": "card_number", "value": PAN}])),
]


def _found(text: str, backend: Backend) -> list[str]:
    return sorted(s.type for s in Engine(backend=backend).scan_text(text))


@pytest.mark.parametrize("name", [*MASKED_NAMES, "encrypted_pan", "decryptedPan", "TRUNCATED_PAN"])
def test_a_masked_card_name_is_no_id_nor_token(name: str) -> None:
    assert not id_key(name)


@pytest.mark.parametrize("name", ["dpan", "device_dpan", "storedDpan", "network_token", "order_id", "invoice_number"])
def test_token_and_id_names_stay_ids(name: str) -> None:
    assert id_key(name)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), METADATA, ids=[c[0] for c in METADATA])
def test_an_expiry_beside_a_last_four_attribute_is_metadata(case: str, text: str, backend: Backend) -> None:
    assert _found(text, backend) == []


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), REPORTED, ids=[c[0] for c in REPORTED])
def test_a_full_card_number_keeps_its_expiry(case: str, text: str, backend: Backend) -> None:
    assert _found(text, backend) == ["expiry", "pan"]
