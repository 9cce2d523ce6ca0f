"""Card data a record names by its structure rather than a keyword beside the value, and the ids that look like
cards: a CSV's English expiry phrase beside a card column (``Expires On``), an expiry element holding a full date in
a card's element (OPERA's ``<CreditCard><expirationDate>2031-06-30``), a FHIR extension's ``value[x]`` named by its
``url``; and quiet: a FHIR identifier named by its ``system``, a GDS remark's ``BOOKING NBR``, OTA's
``ResID_Value``. Each row is the shape as its system writes it, and near misses that must stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.idnames import id_key
from scanners.cards.keyparse import norm
from scanners.engine.core import Engine
from scanners.formats._csvroles import cell_label, header_keys
from tests.unit.detector_contract import masked_id
from tests.unit.format_contract import scan_bytes


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA, MC = luhn("445419988862718"), luhn("555000112233445")
DASHED = "-".join(VISA[i : i + 4] for i in range(0, 16, 4))


def keys(header: str) -> tuple[str, ...]:
    names = tuple(header.split(","))
    return header_keys(names, tuple(map(norm, names)))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Credit Card Number,Expires On,CVV2", ("creditcardnumber", "expiry", "cvv2")),
        ("card_number,Date Expires", ("cardnumber", "expiry")),
        ("Card Number,Valid Until", ("cardnumber", "expiry")),
        ("Card Number,Good Thru", ("cardnumber", "expiry")),
        ("CC Number,Credit Card Expiration", ("ccnumber", "expiry")),
        ("last4,Expires On", ("last4", "expiry")),  # a card summary: its date is metadata (``delimited``)
        # near misses: keys ``Expiry.KEY`` reads stay as they are; no card column, no card expiry
        ("Card Number,Expiry Date", ("cardnumber", "expirydate")),
        ("Card Number,Exp. Date", ("cardnumber", "expdate")),
        ("Member,Membership No,Expires On", ("member", "membershipno", "expireson")),
        ("Name,Valid Until", ("name", "validuntil")),
        ("Card Number,Expiresd", ("cardnumber", "expiresd")),
        # an ERP's card valid-to column beside its card number: SAP's payment card tables, BAPICCARD, Business One
        ("CCINS,CCNUM,DATAB,DATBI,CCNAME", ("ccins", "ccnum", "datab", "expiry", "ccname")),
        ("CC_NUMBER,CC_VALID_F,CC_VALID_T", ("ccnumber", "ccvalidf", "ccvalidt")),  # an expiry key already
        ("CardNumber,CardValid", ("cardnumber", "expiry")),
        # near misses: the same names beside no card (a condition record's, a cost centre's validity)
        ("KSCHL,VAKEY,DATAB,DATBI", ("kschl", "vakey", "datab", "datbi")),
        ("KOSTL,DATBI,DATAB", ("kostl", "datbi", "datab")),
    ],
)
def test_english_expiry_phrases_beside_a_card(header: str, expected: tuple[str, ...]) -> None:
    assert keys(header) == expected


def test_cell_label() -> None:
    assert cell_label("Expires On", "expiry") == "expiry" and cell_label("Expires On", "expireson") == "Expires On"
    assert cell_label("Expiry", "expiry") == "Expiry"


@pytest.mark.parametrize(
    ("csv", "expiries"),
    [
        (f'"Name","Credit Card Number","Expires On","CVV2"\n"ADA","{DASHED}","12/2032","774"\n"BO","","",""\n', 1),
        (f"Name,Card Number,Date Expires\nADA,{MC},0931\n", 1),
        # near misses: a membership's date; a card summary's date (a masked number, no full one)
        ('"Member","Membership No","Expires On"\n"ADA","1234","12/2032"\n', 0),
        ("Name,Card Number,Expires On\nADA,************4242,12/2032\n", 0),
        # an SAP payment card extract (``FPLTC``): the valid-to date as YYYYMMDD, the month's last day, row by row
        (f"MANDT|BELNR|CCINS|CCNUM|DATBI|CCNAME\n100|7558289216|VISA|{VISA}|20290430|ADA\n"
         "100|1328995839|DISC|************9429|20301231|BO\n", 1),
        # near misses: the valid-from date; a condition record's validity
        (f"MANDT|CCINS|CCNUM|DATAB|CCNAME\n100|VISA|{VISA}|20260401|ADA\n", 0),
        ("MANDT|KSCHL|VAKEY|DATAB|DATBI\n100|PR00|4711|20260101|20291231\n", 0),
    ],
    ids=masked_id,
)
def test_csv_expires_on_column(tmp_path: Path, csv: str, expiries: int) -> None:
    out = scan_bytes(tmp_path, csv.encode(), "export.csv")
    found = [f for f in out["findings"] if f["type"] == "expiry"]
    assert len(found) == expiries, found


def test_sap_extract_as_text(tmp_path: Path) -> None:
    """The SAP extract saved as a ``.txt`` download (read as delimited text by the CSV-text decoder)."""
    text = f"MANDT|CCINS|CCNUM|DATAB|DATBI\n100|VISA|{VISA}|20260401|20290430\n100|MC|{MC}|20260401|20310531\n"
    out = scan_bytes(tmp_path, text.encode(), "FPLTC_extract.txt")
    assert sorted((f["type"], f["location"]["line"]) for f in out["findings"] if f["type"] != "pan") == [
        ("expiry", 2), ("expiry", 3)]


# (text, types found) on both back ends
RECORDS = [
    # OPERA OXI / OWS: a card's expiration as an xs:date, the month's last day
    (f'<CreditCard cardType="VA">\n  <cardNumber>{VISA}</cardNumber>\n  <expirationDate>2031-06-30</expirationDate>\n'
     "</CreditCard>", {"pan", "expiry"}),
    ("<c:CreditCard>\n  <c:expirationDate>2031-06-30</c:expirationDate>\n</c:CreditCard>", {"expiry"}),
    ("<PaymentCard><ExpireDate>2029-04-30</ExpireDate></PaymentCard>", {"expiry"}),
    ("<Payment><cardExpiryDate>2030-05-31</cardExpiryDate></Payment>", {"expiry"}),
    # a FHIR extension's value, named by its url (a part's name, a canonical URL), pretty-printed and on one line
    ('{\n  "extension": [\n    {\n      "url": "number",\n      "valueString": "' + MC + '"\n    },\n    {\n'
     '      "url": "expiry",\n      "valueString": "06/2027"\n    },\n    {\n      "url": "cvv",\n'
     '      "valueString": "238"\n    }\n  ]\n}', {"pan", "expiry", "cvv"}),
    ('{"extension": [{"url": "http://example.org/fhir/StructureDefinition/card-expiry", "valueDate": "2027-06-30"},'
     ' {"url": "http://example.org/fhir/StructureDefinition/cvv", "valueInteger": 238}]}', {"expiry", "cvv"}),
]
QUIET = [
    # an expiry element holding a full day outside a card's element: a membership, a gift card, a policy
    "<Membership><expirationDate>2031-06-30</expirationDate></Membership>",
    "<GiftCard><expirationDate>2031-06-30</expirationDate></GiftCard>",
    "<Payment><giftCardExpiryDate>2030-05-31</giftCardExpiryDate></Payment>",
    # a FHIR extension whose url names something else, a plain ``value`` a url does not name
    '{"extension": [{"url": "http://example.org/fhir/StructureDefinition/visit-count", "valueInteger": 238}]}',
    '{"url": "cvv", "value": "238"}',
    # a FHIR identifier named by its system: a medical record number, HL7's identifier systems, an OID
    '{\n  "identifier": [\n    {\n      "system": "https://hospital.example.org/fhir/sid/mrn",\n'
    f'      "value": "{VISA}"\n    }}\n  ]\n}}',
    f'{{"identifier": [{{"system": "urn:oid:2.16.840.1.113883.19.5", "value": "{MC}"}}]}}',
    f'{{"identifier": [{{"system": "https://example.org/patients/mrn", "value": "{MC}"}}]}}',
    # a GDS remark's booking number (``NBR``: number), OTA's reservation id
    f"ENTRY: 5.S*UD3 INVOICE 5771808 BOOKING NBR {VISA}",
    f"Booking Nbr: {VISA}",
    f'<HotelReservationID ResID_Type="10" ResID_Value="{VISA}"/>',
]
STILL_CARDS = [
    # the same digits where no id names them: a card's system, a card's number abbreviated, a card's value
    (f'{{"identifier": [{{"system": "https://example.org/credit-card", "value": "{MC}"}}]}}', {"pan"}),
    (f"ENTRY: 5.S*UD1 CARD NBR {VISA}", {"pan"}),
    (f'<PaymentCard CardNumber="{VISA}" CardValue="x"/>', {"pan"}),
]


@pytest.mark.parametrize(("text", "types"), RECORDS + STILL_CARDS, ids=masked_id)
def test_record_types_found(each_engine: Engine, text: str, types: set[str]) -> None:
    found = {s.type for s in each_engine.scan_text(f"before\n{text}\nafter")}
    assert found == types, f"missing {sorted(types - found)}, extra {sorted(found - types)}"


@pytest.mark.parametrize("text", QUIET, ids=masked_id)
def test_look_alikes_stay_quiet(each_engine: Engine, text: str) -> None:
    assert [s.type for s in each_engine.scan_text(f"before\n{text}\nafter")] == []


@pytest.mark.parametrize(
    ("name", "is_id"),
    [("ResID_Value", True), ("OrderIdValue", True), ("mrn", True), ("patient_mrn", True), ("BOOKING NBR", True),
     ("CardValue", False), ("StoredValue", False), ("value", False), ("card_value", False)],
)
def test_value_word_and_mrn_names(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id
