"""Card-shaped numbers a key or label names as something else (round 24's look-alikes, ``cards.tokennames``): EMV
payment tokens (a DPAN, a network token), closed-loop gift cards and vouchers, snowflake ids, identity numbers; and a
card keyed as a bare ``reference`` beside its expiry or code, which stays a finding. Each table holds the quiet rows
and the near misses that must still be found (a generic ``token``, a card word, a card object). Values are built at
run time (Luhn)."""

from __future__ import annotations

import pytest

from scanners.cards.idkeys import id_keyed
from scanners.cards.idnames import id_key
from scanners.cards.tokennames import card_reference, token_name
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id
from tests.unit.test_id_labels import luhn_id

ENGINE = {b: Engine(backend=b) for b in ("hyperscan", "re")}
VISA = luhn_id("4895577", 16)  # a network token is a Luhn-valid number in the scheme's range
MASTER = luhn_id("5272444", 16)
GIFT = luhn_id("6035440", 16)  # a closed-loop gift card in the 60 range (the wide Maestro and RuPay rows admit it)
GIFT19 = luhn_id("6006490", 19)
SNOWFLAKE = luhn_id("4059491", 19)  # an 18-19-digit snowflake id that happens to pass IIN and Luhn
AADHAAR = luhn_id("6304", 12)


def _grouped(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


QUIET = [
    '{{"level": "INFO", "message": "tokenized", "dpan": "{v}", "order_id": "8812"}}',
    '{{"networkToken": "{v}", "retries": "2"}}',
    '{{"Attributes": {{"network_token": "{v}", "iban": "x"}}}}',
    "INFO\tabc\tpayment.networkToken={v}",
    "INFO\tabc\torder.dpan={v}",
    "message='Post details' post_data=amount=100&metadata%5Bnetwork_token%5D={v}&payment_method=pm_1",
    "amount=100&metadata[dpan]={v}&currency=usd",
    '{{"text": "device token (DPAN) {v}", "ts": "1700000000.123456"}}',
    "> Device token (DPAN) {v}",
    "> Network token {v}",
    "Caller said: network token {v}; item 12",
    "    <description>networkToken {v} accountNumber XXXX1234</description>",
    '{{"device_account_number": "{v}"}}',
    '{{"payment_token": "{v}"}}',
    "token_pan={v}",
]


@pytest.mark.parametrize("line", QUIET, ids=masked_id)
def test_payment_tokens_are_quiet(line: str) -> None:
    for value in (VISA, MASTER):
        text = line.format(v=value)
        for engine in ENGINE.values():
            assert value not in [s.value for s in engine.scan_text(text) if s.type == "pan"]


FOUND = [
    '{{"token": "{v}"}}',  # a vault token is commonly Luhn-invalid: a valid one here may be a card stored by mistake
    '{{"card_token": "{v}"}}',
    '{{"fpan": "{v}"}}',  # the funding PAN: the card itself
    '{{"card_number": "{v}", "dpan": "x"}}',
    "card {v}, network token pending",
    '{{"visa_gift_card": "{v}"}}',  # a scheme's gift card is a payment card
    '{{"message": "{v}"}}',  # a log's message key holds whatever was logged
    "message {v}",  # 16 digits: no snowflake's length
    '{{"message": "Collected card details", "reference": "{v}", "exp": "12/2027", "cvc": "123", "x": "1"}}',
    '{{"message": "Collected card details", "reference": "{g}", "exp": "0930", "iban": "DE17"}}',
    '{{"reference": "{v}", "exp": "2026-05", "ts": "1712090531.383192"}}',
    '{{"reference": "{v}", "cvc": "6163", "customer_phone": "(617) 301-0453"}}',
]


@pytest.mark.parametrize("line", FOUND, ids=masked_id)
def test_cards_beside_token_words_are_found(line: str) -> None:
    text = line.format(v=VISA, g=_grouped(VISA))
    for engine in ENGINE.values():
        assert VISA in [s.value.replace(" ", "") for s in engine.scan_text(text) if s.type == "pan"]


CLOSED_LOOP_QUIET = [
    "INFO\tabc\tpayment.voucher_code={v}",
    "INFO\tabc\tpayment.giftCard={v}",
    "INFO\tabc\tpayment.voucher_code={g}",
    "    <description>voucher_code {v} bic COBADEFFXXX</description>",
    "    <description>voucher_code {g} masked_card 411111******1111</description>",
    "gift card code: {v}",
    "loyalty_number {v}",
]


@pytest.mark.parametrize("line", CLOSED_LOOP_QUIET, ids=masked_id)
def test_closed_loop_cards_are_quiet(line: str) -> None:
    for value in (GIFT, GIFT19):
        text = line.format(v=value, g=_grouped(value))
        for engine in ENGINE.values():
            assert [s for s in engine.scan_text(text) if s.type == "pan"] == []


ID_QUIET = [
    ("INFO\tabc\tcontact.discord_user={s}", SNOWFLAKE),
    ('{{"discord_user": "{s}", "bic": "BNPAFRPP"}}', SNOWFLAKE),
    ('{{"text": "message {s}", "ts": "1700000000.123456"}}', SNOWFLAKE),
    ("Caller asked about message {s}; caller ANI", SNOWFLAKE),
    ('{{"tweet_status": "{s}"}}', SNOWFLAKE),
    ("INFO\tabc\tcontact.ssn={a}", AADHAAR),
    ('{{"sin": "{a}", "iin": "4111"}}', AADHAAR),
    ('{{"text": "my ID number is {a}", "ts": "1"}}', AADHAAR),
]


@pytest.mark.parametrize(("line", "value"), ID_QUIET, ids=masked_id)
def test_named_ids_are_quiet(line: str, value: str) -> None:
    text = line.format(s=value, a=_grouped(value))
    for engine in ENGINE.values():
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == []


# A dialogue's ``User:`` speaker label names who speaks, not a snowflake's user (round 68: a Bedrock Titan prompt
# ``"inputText": "User: <19-digit UnionPay> 08/31 781\nBot:"``); without another speaker's turn it stays a label.
UNIONPAY19 = luhn_id("626762", 19)
SPEAKER_FOUND = [
    '{{"inputText": "User: {v} 08/31 781\\nBot:", "textGenerationConfig": {{"maxTokenCount": 512}}}}',
    '{{"inputText": "User: {v}\\nBot:"}}',
    "Assistant: What is the card number?\nUser: {v}",
    '{{"prompt": "Bot: Hi.\\nuser: {v}"}}',
]


@pytest.mark.parametrize("line", SPEAKER_FOUND, ids=masked_id)
def test_speaker_label_is_no_snowflake_name(line: str) -> None:
    text = line.format(v=UNIONPAY19)
    for engine in ENGINE.values():
        assert UNIONPAY19 in [s.value for s in engine.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize("line", ["User: {v}", '{{"text": "discord user: {v}", "bot": "x"}}'], ids=masked_id)
def test_user_label_alone_stays_a_snowflake_name(line: str) -> None:
    text = line.format(v=UNIONPAY19)
    for engine in ENGINE.values():
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == []


def test_names() -> None:
    assert all(token_name(n) for n in ("dpan", "networkToken", "metadata_network_token", "device_token", "tokenPan"))
    assert not any(token_name(n) for n in ("token", "card_token", "fpan", "tokens", "expandable", "panel"))
    assert id_key("payment.giftCard") and id_key("payment.voucher_code") and not id_key("visa.gift_card_payment")
    text = f'"reference": "{VISA}"'
    assert card_reference(text, text.index(VISA), "reference")  # a slice that stops at the value: unsure
    text += ', "iccid": "1", "ts": "2"}'
    assert not card_reference(text, text.index(VISA), "reference") and id_keyed(text, text.index(VISA))


# Compound keys that name the card's own number (round 32: an Android Intent's ``extras=Bundle[{card_pan=…}]``): the
# d of "card" before "pan" is no DPAN's. Each key in each shape an app logs it: a Bundle's toString, JSON, a label.
SERIES2 = luhn_id("2495266", 16)  # a 2-series Mastercard
DISCOVER = luhn_id("6011027", 16)
CARD_KEYS = ["card_pan", "cardPan", "card-pan", "CARD_PAN", "CardPan", "cardpan", "CARDPAN", "creditCardPan",
             "card_pan_number", "pan_number", "card_no", "cardNo"]
KEY_SHAPES = [
    "D ActivityManager: Intent {{ act=com.shop.PAY (has extras) }} extras=Bundle[{{{k}={v}, card_exp=0426, amount=4}}]",
    '{{"{k}": "{v}", "amount": "4.20"}}',
    "{k}: {v}",
]


@pytest.mark.parametrize("shape", KEY_SHAPES, ids=["bundle", "json", "label"])
@pytest.mark.parametrize("key", CARD_KEYS)
def test_compound_card_keys_keep_their_number(key: str, shape: str) -> None:
    assert not token_name(key) and not id_key(key)
    for value in (SERIES2, DISCOVER):
        text = shape.format(k=key, v=value)
        for engine in ENGINE.values():
            assert value in [s.value for s in engine.scan_text(text) if s.type == "pan"]


# DPAN names (a word of its own, or glued in one case) stay payment tokens; the id, token, hash and truncated keys the
# same Bundles carry stay quiet with the values they hold.
DPAN_KEYS = ["dpan", "DPAN", "dPan", "device_dpan", "storedDpan", "walletDPAN", "TOKEN_DPAN", "tokendpan", "order.dpan"]
QUIET_MEMBERS = [
    "card_id=8812", "card_token=tok_1PqR7sT2uVwX", "pan_hash=9f2c1a0be4d35c7a81f0e2d4b6a89c17",
    f"pan_last4={SERIES2[-4:]}", f"masked_pan={SERIES2[:6]}******{SERIES2[-4:]}",
    f"card_last4={DISCOVER[-4:]}",
]


@pytest.mark.parametrize("shape", KEY_SHAPES, ids=["bundle", "json", "label"])
@pytest.mark.parametrize("key", DPAN_KEYS)
def test_dpan_keys_stay_tokens(key: str, shape: str) -> None:
    assert token_name(key) and id_key(key)
    text = shape.format(k=key, v=SERIES2)
    for engine in ENGINE.values():
        assert SERIES2 not in [s.value for s in engine.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize("member", QUIET_MEMBERS, ids=masked_id)
def test_id_token_and_truncated_members_stay_quiet(member: str) -> None:
    text = f"D PayActivity: extras=Bundle[{{{member}, amount=422.50}}]"
    for engine in ENGINE.values():
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == []
