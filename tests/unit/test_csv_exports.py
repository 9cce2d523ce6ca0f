"""CSV exports of Windows and business applications whose header alone names a column: PowerShell ``Export-Csv``
(a ``#TYPE`` line before the header), Salesforce Data Loader (``CARD_EXPIRY__C``), a Zoho CRM export (``Card Expiry
(Custom)``), a Salesforce field history report (the row's ``Field / Event`` cell names its old and new values), a
Google Forms responses sheet (a question as a header). Expiry and CVV cells are found under their column's name; a
card-like number in an id column (``OrderId``, ``Order number``, ``Imei``) stays quiet. Values are built at run time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.cardvalues import luhn
from tests.unit.format_contract import scan_bytes

PAN = luhn("453914880343646")
OTHER = luhn("542523343012345")
ORDER = luhn("601195842996428")  # a Luhn-valid order number in a card's range
IMEI = luhn("49362978161346")  # an IMEI: Luhn-valid by definition, in a card's range
MASKED = "XXXX-XXXX-XXXX-" + PAN[-4:]
TYPE = "#TYPE System.Management.Automation.PSCustomObject"
PS_HEADER = '"CustomerId","Name","CardNumber","ExpMonth","ExpYear","Cvv","OrderId","Imei"'
HISTORY = '"Payment Method: ID","Field / Event","Old Value","New Value","Edited By"'
FORMS = "Timestamp,Email Address,Full name,Order number,How can we help?"


def _rows(n: int) -> str:
    return "".join(f'"{10000 + i}","Kai","{MASKED}","","","","{7000 + i}",""\r\n' for i in range(n))


def found(tmp_path: Path, text: str) -> list[tuple[str, str | None, int]]:
    out: dict[str, Any] = scan_bytes(tmp_path, text.encode(), "export.csv")
    assert all(c["status"] == "scanned" for c in out["coverage"]), out["coverage"]
    assert PAN not in repr(out) and ORDER not in repr(out)
    columns = [c if isinstance(c := f["location"].get("column"), str) else None  # a text line's: a character's
               for f in out["findings"]]
    return sorted((f["type"], c, f["location"]["line"]) for f, c in zip(out["findings"], columns, strict=True))


CASES = [
    # Export-Csv: the #TYPE line, then the quoted header; rows are file lines (the #TYPE line is line 1)
    ("export-csv", f'{TYPE}\r\n{PS_HEADER}\r\n{_rows(2)}"5","Kai","{PAN}","5","2029","310","{ORDER}","{IMEI}"\r\n',
     [("cvv", "Cvv", 5), ("expiry", "ExpMonth", 5), ("pan", "CardNumber", 5)]),
    ("export-csv-ids", f'{TYPE}\r\n{PS_HEADER}\r\n{_rows(3)}"5","Kai","{MASKED}","","","","{ORDER}","{IMEI}"\r\n',
     []),
    ("export-csv-cvv-masked", f'{TYPE}\r\n{PS_HEADER}\r\n"5","Kai","{MASKED}","","","***","{ORDER}",""\r\n', []),
    ("export-csv-order-masked", f'{TYPE}\r\n{PS_HEADER}\r\n"5","Kai","","","","","{MASKED}",""\r\n', []),
    # an id-only Export-Csv is read as lines: its header is the line after #TYPE, far above the row
    ("export-csv-id-lines", f'{TYPE}\r\n"OrderId","Imei","Amount"\r\n'
     + "".join(f'"{7000 + i}","","1.00"\r\n' for i in range(40)) + f'"{ORDER}","{IMEI}","2.00"\r\n', []),
    ("dataloader", f'"ID","NAME","CARD_NUMBER__C","CARD_EXPIRY__C","ORDER_NUMBER__C"\n"a0B1","Kai","{PAN}",'
     f'"06/2029","{ORDER}"\n', [("expiry", "CARD_EXPIRY__C", 2), ("pan", "CARD_NUMBER__C", 2)]),
    ("zoho", f"Record Id,Last Name,Card Number (Custom),Card Expiry (Custom)\nzcrm_1,Kai,{PAN},11/28\n",
     [("expiry", "Card Expiry (Custom)", 2), ("pan", "Card Number (Custom)", 2)]),
    ("field-history", f'{HISTORY}\n"a0B1","Status","Active","Inactive","Kai"\n"a0B2","Card Expiry","06/25","08/27",'
     f'"Kai"\n"a0B3","Order Number","{ORDER}","{luhn("379354508162306")}","Kai"\n"a0B4","Card Number","{PAN}",'
     f'"{OTHER}","Kai"\n',
     [("expiry", "New Value", 3), ("expiry", "Old Value", 3), ("pan", "New Value", 5), ("pan", "Old Value", 5)]),
    ("field-history-api", f'Id,Field,OldValue,NewValue\n1,Card_Expiry__c,06/25,08/27\n2,Order_Number__c,{ORDER},\n',
     [("expiry", "NewValue", 2), ("expiry", "OldValue", 2)]),
    ("google-forms", f"{FORMS}\r\n1/8/2025 8:10:07,c1@example.net,Kai,{ORDER},Call me\r\n"
     f"1/9/2025 8:10:07,c2@example.net,Kai,#3570,card {PAN} please\r\n", [("pan", None, 3)]),
]


# A Google Forms card question answered with two spaces between the groups: the row holds the whole card, so its
# expiry is no truncated card's metadata (as with one space); a licence-key export's Luhn-valid numeric keys in fours
KEYED = "Timestamp,Email Address,Card number,Expiration (MM/YY),CVV"
LICENSES = "Customer,Product,License Key,Activated,Order"


def _fours(number: str, sep: str) -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


CASES += [
    *((f"google-forms-{name}", f"{KEYED}\r\n1/8/2025 8:10:07,c1@example.net,{_fours(PAN, sep)},01/26,520\r\n",
       [("cvv", "CVV", 2), ("expiry", "Expiration (MM/YY)", 2), ("pan", "Card number", 2)])
      for name, sep in (("space", " "), ("two-spaces", "  "), ("dash", "-"))),
    ("license-keys", f"{LICENSES}\nKai,Pro,{_fours(ORDER, '-')},2026-01-25,#5495\nAnn,Team,{OTHER},2026-01-26,#5496\n",
     []),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_header_named_columns(tmp_path: Path, name: str, text: str, want: list[tuple[str, str | None, int]]) -> None:
    assert found(tmp_path, text) == want, name
