"""What a Connect input block collected, named by the block's label (``Identifier``) or prompt in its flow-log
record: an expiry or a security code keyed in at a block that asks for one; a number keyed in at a block that names
an account, order or member number and no card is that id. And an id named by a bracketed form key, percent-encoded
or not (``metadata%5Border%5D=``), or by the label cell of its HTML table row (``<tr><td>Ref</td><td>``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanners.engine.core import Engine

UNIONPAY_81 = "8171902344551208"  # Luhn-valid, in UnionPay's 81xx range: a card number by its digits alone
UNIONPAY_81_B = "8120440188337691"


def flow_record(block: str, label: str, result: str, indent: int | None = None, **parameters: str) -> str:
    """One Amazon Connect flow-log record as CloudWatch Logs holds it."""
    record: dict[str, object] = {
        "ContactId": "6f1e7a52-33d4-4c1e-9b0e-2f5d0c8a4e11",
        "ContactFlowId": "arn:aws:connect:us-east-1:123456789012:instance/1a2b/contact-flow/3c4d",
        "ContactFlowName": "MOTO-Payment", "ContactFlowModuleType": block, "Identifier": label,
        "Timestamp": "2026-12-05T10:14:03.221Z", "Results": result}  # fmt: skip
    if parameters:
        record["Parameters"] = parameters
    return json.dumps(record, indent=indent)


def _utf8(record: str) -> str:
    """A record as Connect writes it: UTF-8, no ``\\u`` escapes."""
    return json.dumps(json.loads(record), ensure_ascii=False)


def _of(engine: Engine, text: str, kind: str) -> list[str]:
    return [s.value for s in engine.scan_text(text) if s.type == kind]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(flow_record("StoreUserInput", "CollectExpiry", "0929"), ["09/29"], id="label-camel"),
        pytest.param(flow_record("GetUserInput", "collect_expiration_date", "1130", indent=2), ["11/30"], id="snake"),
        pytest.param(flow_record("GetUserInput", "Get expiry", "09/29"), ["09/29"], id="slash"),
        pytest.param(flow_record("StoreUserInput", "CardExpMMYY", "072031"), ["07/31"], id="mmyyyy"),
        pytest.param(flow_record("GetUserInput", "0b6c7d7e-8c1f-4f2a-9d55-3a1f6e2b9c40", "0428",
                                 Text="Please enter the expiration date on your card, month then year."),
                     ["04/28"], id="prompt-text"),
        pytest.param(flow_record("GetUserInput", "Get customer input", "0428",
                                 PromptLocation="s3://acme-prompts/en-US/enter-card-expiry.wav"), ["04/28"],
                     id="audio-prompt"),
        # a prompt in another language (``Parameters.Text``), in any script
        *(pytest.param(_utf8(flow_record("StoreUserInput", "Captura", "0331", Text=words)), ["03/31"],
                       id=f"prompt-{lang}")
          for lang, words in (("hi", "समाप्ति तिथि"), ("zh", "有效期"), ("it", "data di scadenza"), ("ko", "유효기간"),
                              ("ja", "有効期限"), ("nl", "vervaldatum"), ("tr", "son kullanma tarihi"),
                              ("ar", "تاريخ الانتهاء"), ("pt", "Digite a validade do cartão"))),
        pytest.param(flow_record("StoreUserInput", "Captura", "0331", Text="Digite o número do pedido"), [],
                     id="prompt-pt-order"),
        pytest.param(flow_record("StoreUserInput", "CollectPassportExpiry", "0929"), [], id="passport"),
        pytest.param(flow_record("StoreUserInput", "CollectAccount", "0929"), [], id="account-block"),
        pytest.param(flow_record("StoreUserInput", "CollectDateOfBirth", "0929"), [], id="birth-date"),
        pytest.param(flow_record("PlayPrompt", "CollectExpiry", "0929"), [], id="no-input-block"),
        pytest.param(flow_record("StoreUserInput", "CollectExpiry", "1329"), [], id="no-month"),
        pytest.param(flow_record("StoreUserInput", "CollectExpiryMonth", "09"), [], id="month-alone"),
    ],
)
def test_an_expiry_keyed_in_at_a_block_named_for_it(each_engine: Engine, text: str, found: list[str]) -> None:
    assert _of(each_engine, text, "expiry") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(flow_record("StoreUserInput", "CollectCvv", "837"), ["837"], id="cvv"),
        pytest.param(flow_record("GetUserInput", "get_security_code", "4021"), ["4021"], id="security-code"),
        pytest.param(flow_record("StoreUserInput", "CollectPin", "8372"), [], id="pin"),
        pytest.param(flow_record("StoreUserInput", "CollectZipCode", "837"), [], id="zip"),
    ],
)
def test_a_code_keyed_in_at_a_block_named_for_it(each_engine: Engine, text: str, found: list[str]) -> None:
    assert _of(each_engine, text, "cvv") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(flow_record("StoreUserInput", "CollectAccount", UNIONPAY_81), [], id="account"),
        pytest.param(flow_record("GetUserInput", "GetOrderNumber", UNIONPAY_81_B, indent=2), [], id="order"),
        pytest.param(flow_record("StoreUserInput", "member_id", UNIONPAY_81), [], id="member"),
        pytest.param(flow_record("StoreUserInput", "CollectCard", UNIONPAY_81), [UNIONPAY_81], id="card"),
        pytest.param(flow_record("StoreUserInput", "CollectCardAccount", UNIONPAY_81), [UNIONPAY_81], id="card-acct"),
        pytest.param(flow_record("GetUserInput", "CollectAccount", UNIONPAY_81,
                                 Text="Please enter your credit card number, press the pound key when complete."),
                     [UNIONPAY_81], id="card-prompt"),
        pytest.param(flow_record("GetUserInput", "Get customer input", UNIONPAY_81), [UNIONPAY_81], id="default"),
        pytest.param(flow_record("SetAttributes", "CollectAccount", UNIONPAY_81), [UNIONPAY_81], id="no-input-block"),
        pytest.param(flow_record("StoreUserInput", "CollectAccount", "4111111111111111"), ["4111111111111111"],
                     id="test-card"),
    ],
)
def test_a_number_keyed_in_at_a_block_named_for_an_id(each_engine: Engine, text: str, found: list[str]) -> None:
    assert _of(each_engine, text, "pan") == found


POST = "2026-12-05T10:14:03Z DEBUG stripe: message='Post details' post_data=amount=1250&currency=usd&{}={}&x=1"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(POST.format("metadata%5Border%5D", UNIONPAY_81), [], id="encoded-order"),
        pytest.param(POST.format("metadata[order_id]", UNIONPAY_81), [], id="order-id"),
        pytest.param(POST.format("metadata%5bbooking_ref%5d", UNIONPAY_81), [], id="lower-hex"),
        pytest.param(POST.format("card%5Bnumber%5D", UNIONPAY_81), [UNIONPAY_81], id="card-number"),
        pytest.param(POST.format("card%5Breference%5D", UNIONPAY_81), [UNIONPAY_81], id="card-word-wins"),
        pytest.param(POST.format("payment_method_data%5Bcard%5D%5Bnumber%5D", UNIONPAY_81), [UNIONPAY_81],
                     id="nested-card"),
        pytest.param(POST.format("metadata%5Bnote%5D", UNIONPAY_81), [UNIONPAY_81], id="no-id-word"),
    ],
)
def test_a_bracketed_form_key_names_an_id(each_engine: Engine, text: str, found: list[str]) -> None:
    assert _of(each_engine, text, "pan") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(f"<tr><td>Ref</td><td>{UNIONPAY_81}</td><td>•••• 4242</td></tr>", [], id="ref-row"),
        pytest.param(f'<tr class="r"><th>Order no.</th><td class="v">{UNIONPAY_81}</td></tr>', [], id="th-label"),
        pytest.param(f"<tr><td><b>Booking reference:</b></td><td>{UNIONPAY_81}</td></tr>", [], id="bold-label"),
        pytest.param(f"<tr><td>Card</td><td>{UNIONPAY_81}</td></tr>", [UNIONPAY_81], id="card-row"),
        pytest.param(f"<tr><td>Visa</td><td>Ref</td><td>{UNIONPAY_81}</td></tr>", [UNIONPAY_81], id="third-cell"),
        pytest.param(f"<tr><td>Jane Roe</td><td>{UNIONPAY_81}</td></tr>", [UNIONPAY_81], id="a-name"),
    ],
)
def test_the_label_cell_of_a_table_row_names_an_id(each_engine: Engine, text: str, found: list[str]) -> None:
    assert _of(each_engine, text, "pan") == found


REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "connect-flows"
if not REAL.is_dir():
    REAL = Path("/work/shared/realworld/connect-flows")  # a worktree under /work/wt


def _real_input_blocks() -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for path in sorted(REAL.glob("*.json")) if REAL.is_dir() else []:
        try:
            flow = json.loads(path.read_text())
        except ValueError:
            continue  # sample_ab_test.json is not valid JSON in its source
        blocks += [a for a in flow.get("Actions", []) if a.get("Type") == "GetParticipantInput"]
    return blocks


def test_real_input_blocks_keep_a_card_and_name_no_expiry(each_engine: Engine) -> None:
    """The input blocks of real Connect flow exports (AWS's samples: menus, a callback number, secure card input),
    logged as flow-log records with their own identifier (a UUID) and prompt: a card number keyed in at any of them
    stays a card number (no prompt names an id) and four digits are no expiry (none asks for one)."""
    blocks = _real_input_blocks()
    if not blocks:
        pytest.skip("../shared/realworld/connect-flows/ is not here")
    for block in blocks:
        prompt = str(block.get("Parameters", {}).get("Text", ""))
        record = flow_record("GetUserInput", block["Identifier"], UNIONPAY_81, Text=prompt)
        assert _of(each_engine, record, "pan") == [UNIONPAY_81], prompt
        assert _of(each_engine, flow_record("GetUserInput", block["Identifier"], "0929", Text=prompt), "expiry") == []
