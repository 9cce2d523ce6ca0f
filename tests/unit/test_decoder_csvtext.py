"""A CSV table a decoder turned up is read under its header (``decoders._csvtext``): the expiry and security-code
cells of a row holding a card number are read as ``column: value``; card summaries and other tables stay quiet."""

from __future__ import annotations

import base64

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders._csvtext import with_columns
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

MAESTRO = next(f"67592751{n:04d}" for n in range(10**4) if luhn_valid(f"67592751{n:04d}"))
CARD = next(f"5135225879{n:06d}" for n in range(10**6) if luhn_valid(f"5135225879{n:06d}"))


@pytest.mark.parametrize(
    ("table", "appended"),
    [
        (f"name,card,exp\nWei Chen,{CARD},0529\n", ["exp: 0529"]),
        (f"name;card_number;card_exp;cvv\nAna;{CARD};05/29;123\n", ["card_exp: 05/29", "cvv: 123"]),
        (f"name\tcard\tValidité\r\nAna\t{CARD}\t2029-05\r\n", ["Validité: 2029-05"]),
        (f'"name","card","expiry"\n"Ana, B","{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}","05/29"\n',
         ["expiry: 05/29"]),
        (f"name,card_number,exp\nAna,{MAESTRO},2031-05\n", [f"card_number: {MAESTRO}", "exp: 2031-05"]),  # by column
        # near misses: a card summary (last four and expiry), no expiry column, no header, rows of another width
        (f"name,last4,exp\nWei Chen,{CARD[-4:]},0529\n", []),
        (f"name,card,amount\nWei Chen,{CARD},05.29\n", []),
        (f"Wei Chen,{CARD},0529\nAna,{CARD},0630\n", []),
        (f"name,card,exp\nWei Chen,{CARD}\n", []),
        ("exp\n0529\n", []),
        ("plain text, with commas\nand lines\n", []),
    ],
    ids=masked_id,
)
def test_with_columns(table: str, appended: list[str]) -> None:
    got = with_columns(table)
    assert got[: len(table)] == table
    assert got[len(table) :].split("\n")[1:] == appended


def test_a_mailed_csv_attachment_reports_its_expiry_on_the_base64_line() -> None:
    body = base64.b64encode(f"name,card,exp\nWei Chen,{CARD},0529\n".encode()).decode()
    mail = ("Content-Type: text/csv; name=\"failed.csv\"\nContent-Transfer-Encoding: base64\n\n"
            f"{body}\n")
    found = {(s.type, mail.count("\n", 0, s.start)) for s in Engine().scan_text(mail)}
    assert ("expiry", 3) in found and ("pan", 3) in found


def _attachment(table: str) -> str:
    """A mail with ``table`` as a base64 ``text/csv`` attachment, wrapped at 76 characters as MIME writes it (its
    first base64 line is the mail's fourth, line 3 counted from 0)."""
    body = base64.encodebytes(table.encode()).decode()
    return ("Content-Type: text/csv; name=\"calls.csv\"\nContent-Transfer-Encoding: base64\n\n" + body + "--b--\n")


def _cards(n: int) -> list[str]:
    return [next(f"51352258{k:02d}{m:06d}" for m in range(10**6) if luhn_valid(f"51352258{k:02d}{m:06d}"))
            for k in range(n)]


def test_each_expiry_of_a_wrapped_attachment_is_reported_once_on_its_own_line() -> None:
    rows = [f"2026-11-{k + 1:02d},{70000000 + k},{card},{k % 12 + 1:02d}/{28 + k % 4},{k}37.00"
            for k, card in enumerate(_cards(12))]
    rows.append(f"2026-11-30,70000099,{MAESTRO},12/27,132.00")  # 12 digits: a card number only by its column
    table = "date,ref,card_number,expiry,amount\n" + "\n".join(rows) + "\n"
    mail = _attachment(table)
    lines = mail.split("\n")
    spans = Engine().scan_text(mail)
    expiries = [(mail.count("\n", 0, s.start), s.value) for s in spans if s.type == "expiry"]
    assert len(expiries) == len(rows) == len({value for _, value in expiries})
    for k, row in enumerate(rows):  # the line its cell's characters are encoded on
        cell = table.index(row) + row.index(row.split(",")[3])
        first, last = 3 + cell * 4 // 3 // 76, 3 + (cell + 4) * 4 // 3 // 76
        assert expiries[k][0] in (first, last), lines[expiries[k][0]]
    maestro = [mail.count("\n", 0, s.start) for s in spans if s.type == "pan" and s.value == MAESTRO]
    assert maestro == [3 + table.index(MAESTRO) * 4 // 3 // 76]
