"""Card data under the field names and in the value formats of business systems, and the near misses there that must
stay quiet: SAP's ``CC_VALID_T`` (a DATS, YYYYMMDD), Oracle's DD-MON-YY dates, custom fields (Dynamics 365's
publisher prefix and glued lower-case words, ``new_cardexpiry``; Salesforce's ``__c`` suffix), ``cid`` in a query
string beside the card's number or expiry, a Siebel bind variable bound to a card column; T-SQL's ``@OrderNumber=N'…'``,
an IIS W3C log's port beside the client's IPv4 address, Serilog's ``@sp``/``@tr``/``@i`` ids."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn
from tests.unit.detector_contract import masked_id

PAN = luhn("601199" + "2407153" + "51")  # Discover, 16 digits
ORDER = luhn("601195" + "8429964" + "28")  # a Luhn-valid order number in a card's range
MAESTRO = luhn("50384671468")  # twelve digits
ENGINE = Engine()


def _found(text: str, kind: str) -> list[str]:
    return [s.value for s in ENGINE.scan_text(text) if s.type == kind]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (f"        CC_NUMBER  = {PAN}\n        CC_VALID_T = 20300331\n", "03/30"),  # a BAPI's ORDER_CCARD
        ("ORDER_CCARD-CC_VALID_T = 20291130", "11/29"),
        ('{"DATBI_CC": "20281031"}', "10/28"),
        (f"p_card_instrument.card_number={PAN} expiration_date=09-JAN-29 card_issuer=VISA", "01/29"),
        ("card expiry: 31-Dec-2030", "12/30"),
        ('{"new_cardnumber": null, "new_cardexpiry": "02/26", "versionnumber": 7}', "02/26"),
        ('{"cr123_creditcardexpiry": "02/26"}', "02/26"),
        ("CARDEXPIRY=0226", "02/26"),
        ('{"Card_Expiry__c": "06/27", "Reason__c": "x"}', "06/27"),
        ('{"ns__Expiry_Date__c": "06/27"}', "06/27"),
    ],
    ids=masked_id,
)
def test_business_expiry_is_found(text: str, date: str) -> None:
    assert _found(text, "expiry") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "        CC_VALID_F = 20240101\n",  # the card's "Valid from"
        "exp 20300331 was paid",  # eight digits in prose: no key's value
        '{"discardexp": "02/26"}',  # "card" inside another word
        '{"Card_Last4__c": "4242"}',
        "created=09-JAN-29",
    ],
)
def test_business_near_miss_dates_stay_quiet(text: str) -> None:
    assert _found(text, "expiry") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"new_cardcvv": "123", "x": 1}', "123"),
        ('{"Card_CVV__c": "123", "x": 1}', "123"),
        (f"GET /pay orderId=4330723&card={PAN}&ccexp=0229&cid=313 443", "313"),
        ("GET /pay?cid=313&exp_month=02&exp_year=2029 443", "313"),
    ],
    ids=masked_id,
)
def test_business_code_is_found(text: str, code: str) -> None:
    assert _found(text, "cvv") == [code]


@pytest.mark.parametrize(
    "text",
    [
        "GET /promo?cid=313&utm_source=newsletter 443",  # a lone cid: a campaign id
        "GET /pay?cid=313&card=visa 443",  # a card's brand, no number
        "GET /pay?cid=313&orderId=4330723 443",
    ],
)
def test_a_query_cid_without_a_card_stays_quiet(text: str) -> None:
    assert _found(text, "cvv") == []


def test_a_siebel_bind_variable_bound_to_a_card_column_is_a_card() -> None:
    head = "ObjMgrSqlLog\tDetail\t4\taa688ad6cb0414b1:0\t2024-03-09 07:47:24\t"
    text = (f"{head}INSERT INTO SIEBEL.S_PTY_PAY_PRFL (ROW_ID, CC_NUM, CC_TYPE_CD, PARTY_ID) VALUES (:1, :2, :3, :4)\n"
            f"{head}Bind variable 1: 1-3A4F\n{head}Bind variable 2: {MAESTRO}\n")
    assert _found(text, "pan") == [MAESTRO]
    other = text.replace("Bind variable 2:", "Bind variable 4:")  # PARTY_ID: no card's column
    assert _found(other, "pan") == []


@pytest.mark.parametrize(
    "text",
    [
        f"      <value>exec dbo.usp_GetOrder @OrderNumber=N'{ORDER}'</value>",
        f"exec dbo.usp_GetOrder @OrderNumber = N'{ORDER}'",
        f'{{"@t":"2024-03-23T00:59:10.3192400Z","@mt":"HTTP","@tr":"8aab02bafc01ec52e0f2c6269eab00d5","@sp":"{ORDER}"}}',
        f'{{"@t":"2024-03-23T00:59:10.3192400Z","@mt":"x","@i":"{ORDER}"}}',
    ],
    ids=masked_id,
)
def test_ids_of_business_systems_stay_quiet(text: str) -> None:
    assert _found(text, "pan") == []


@pytest.mark.parametrize(
    "text",
    [
        f"exec sp_executesql N'UPDATE c SET n=@CardNumber',N'@CardNumber nvarchar(20)',@CardNumber=N'{PAN}'",
        f'{{"@t":"2024-03-23T00:59:10Z","@mt":"Card {{Pan}}","@m":"Card {PAN}"}}',  # the rendered message
    ],
    ids=masked_id,
)
def test_cards_beside_those_ids_stay_found(text: str) -> None:
    assert _found(text, "pan") == [PAN]


def test_an_iis_port_and_client_address_are_no_card() -> None:
    # the s-port, cs-username "-" and c-ip of a W3C line, after a query value that ends in "cc" (a hex word)
    base = "2024-03-22 09:16:32 10.0.0.4 POST /css/site.min.css v=0bbec950cfa717cc 443 - {ip} Contoso-POS/7.2 - 302 0"
    ips = [f"91.144.{a}.{b}" for a in range(100, 256) for b in range(10, 100)]
    glued = next(ip for ip in ips if luhn("443" + ip.replace(".", "")[:-1]) == "443" + ip.replace(".", ""))
    assert _found(base.format(ip=glued), "pan") == []
