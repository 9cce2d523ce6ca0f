"""Numbers a column, key or token format names as no card's (red-team round 75): a ``barcode`` column or key (a
library's Codabar item barcode, whose check digit is Luhn's), a shipment's ``manifest``, a counter named as
Prometheus names one (``rx_bytes_total``, ``eventCount``), a Google Play order id (``GPA.dddd-dddd-dddd-ddddd``)
and an AppsFlyer id's random part (``<epoch ms>-<19 digits>``). Each quiet case has a control that stays a card: a
card column or key beside them, the same digits without the format. Values are built at run time."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.idnames import id_key
from scanners.engine.core import Engine

E = Engine(backend="re")


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


DINERS = luhn("3005151566356")  # a Codabar item barcode of institution 0051: 14 digits in the Diners range
VISA = luhn("453201511283036")
VISA19 = luhn("409523123456789847")
DISC17 = luhn("6011465777812345")  # 17 digits: a Play order id's 4-4-4-5 grouping
PLAY = f"{DISC17[:4]}-{DISC17[4:8]}-{DISC17[8:12]}-{DISC17[12:]}"


def pans(text: str) -> list[str]:
    return [text[s.start : s.end].replace("-", "") for s in E.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    "text",
    [
        f"isbn13\tissn\tbarcode\ttitle\n9786264287616\t9185-4775\t{DINERS}\tCollected essays vol 9\n",
        f"isbn13,barcode,title\n9780000000002,{DINERS},Book\n",
        f'{{"item":{{"barcode":"{DINERS}","shelf":"QA76"}}}}',
        f"checkout barcode={DINERS} patron=21234000012345",
        f"epoch_ms,uplink_rx_bytes_total\n1793920000000,{VISA}\n",
        f'{{"metric":"ingest","packets_total":{VISA},"eventCount":{VISA}}}',
        f"2026-11-06T00:00:00.000Z INFO putaway lpn=00397294468894163579 loc=A11-94 manifest={VISA} qty=11",
        f"lpn,manifest,qty\n00397294468894163579,{VISA},11\n",
        f'INFO purchase {{"sku":"gems_500","receipt":"GPA.{PLAY}","txn":"93"}}',
        f"renewal order GPA.{PLAY}..0 acknowledged",
        f"GET /af/postback?appsflyer_id=1794441234567-{VISA19}&idfa=A4CBDED4 HTTP/1.1",
        f'{{"af_id":"1699999123456-{VISA19}"}}',
    ],
)
def test_quiet(text: str) -> None:
    assert pans(text) == []


@pytest.mark.parametrize(
    ("text", "card"),
    [
        (f"isbn13,barcode,card_number\n9780000000002,{DINERS},{VISA}\n", VISA),
        (f"card\tbarcode\n{VISA}\t{DINERS}\n", VISA),
        (f"checkout barcode={DINERS} card={VISA}", VISA),
        (f'{{"barcode":"{DINERS}","pan":"{VISA}"}}', VISA),
        (f"COD capture manifest={DINERS} card={VISA} amount=42.00", VISA),
        (f"epoch_ms,card_number\n1793920000000,{VISA}\n", VISA),
        (f'{{"card":"{PLAY}"}}', DISC17),  # the grouping without the GPA. prefix
        (f"card_number={VISA19}", VISA19),
    ],
)
def test_card_stays(text: str, card: str) -> None:
    assert pans(text) == [card]


@pytest.mark.parametrize("name", ["barcode", "item_barcode", "rx_bytes_total", "eventCount", "Total", "manifest"])
def test_names_no_card(name: str) -> None:
    assert id_key(name)


@pytest.mark.parametrize("name", ["card_count", "card_barcode", "account", "discount", "payment_total", "pan"])
def test_names_stay_open(name: str) -> None:
    assert not id_key(name)
