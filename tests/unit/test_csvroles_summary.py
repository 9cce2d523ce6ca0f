"""A card summary's header in another language (``_csvroles.header_keys``, ``column_label``'s id columns): a
last-four column reads the file as columns, a month and a year column beside it are the card's expiry, and an order,
shipment or loyalty column's numbers are ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.cards.keyparse import norm
from scanners.formats._csvroles import column_label, header_keys, pair_label
from scanners.formats.delimited import sniff, sniff_ids
from tests.unit.format_contract import scan_bytes

VISA = next(f"4539148803436{n:03d}" for n in range(1000) if luhn_valid(f"4539148803436{n:03d}"))
ORDER = next(f"60119263595{n:05d}" for n in range(10**5) if is_pan(f"60119263595{n:05d}"))  # 16 digits
TRACKING = next(f"3712345678{n:05d}" for n in range(10**5) if is_pan(f"3712345678{n:05d}"))  # 15 digits
LOYALTY = next(f"62608881{n:04d}" for n in range(10**4) if luhn_valid(f"62608881{n:04d}"))  # 12 digits
HEADER = ("pedido;fecha;tel\u00e9fono;email;importe;moneda;marca;\u00faltimos4;mes;a\u00f1o;env\u00edo;iban;fidelidad;"
          "nota")


def keys(header: str) -> tuple[str, ...]:
    names = tuple(header.split(";"))
    return header_keys(names, tuple(map(norm, names)))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pedido;\u00faltimos4;mes;a\u00f1o", ("pedido", "last4", "expmonth", "expyear")),
        ("commande;derniers 4;mois;ann\u00e9e", ("commande", "last4", "expmonth", "expyear")),
        ("Bestellung;Letzte 4;Monat;Jahr", ("bestellung", "last4", "expmonth", "expyear")),
        ("ordine;ultime4;mese;anno", ("ordine", "last4", "expmonth", "expyear")),
        ("encomenda;\u00faltimos 4;m\u00eas;ano", ("encomenda", "last4", "expmonth", "expyear")),
        ("bestelling;laatste4;maand;jaar", ("bestelling", "last4", "expmonth", "expyear")),
        ("pedido;N\u00famero de tarjeta;mes;anio", ("pedido", "nmerodetarjeta", "expmonth", "expyear")),
        ("order;card_number;month;year", ("order", "cardnumber", "expmonth", "expyear")),
        ("id;last4;exp_month;exp_year", ("id", "last4", "expmonth", "expyear")),
        # near misses: a month and a year naming no card (a sales report), two months, a last-four alone stays
        ("fecha;mes;a\u00f1o;importe", ("fecha", "mes", "ao", "importe")),
        ("marca;mes;a\u00f1o", ("marca", "mes", "ao")),
        ("\u00faltimos4;mes;mes;a\u00f1o", ("last4", "mes", "mes", "ao")),
        ("pedido;\u00faltimos4;importe", ("pedido", "last4", "importe")),
        ("ultimos;mes;a\u00f1o", ("ultimos", "mes", "ao")),
    ],
)
def test_header_keys(header: str, expected: tuple[str, ...]) -> None:
    assert keys(header) == expected


def test_pair_label() -> None:
    assert pair_label("mes", "expmonth") == "exp_month" and pair_label("a\u00f1o", "expyear") == "exp_year"
    assert pair_label("exp_month", "expmonth") == "exp_month" and pair_label("mes", "mes") == "mes"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("env\u00edo", "tracking_number"), ("N\u00b0 de suivi", "tracking_number"), ("spedizione", "tracking_number"),
        ("zending", "tracking_number"), ("fidelidad", "loyalty_number"), ("Fid\u00e9lit\u00e9", "loyalty_number"),
        ("fidelidade", "loyalty_number"),
        # near misses: names ``idnames`` already reads, and other columns, stay as they are
        ("pedido", "pedido"), ("encomenda", "encomenda"), ("Sendungsnummer", "Sendungsnummer"), ("nota", "nota"),
        ("marca", "marca"), ("envoy", "envoy"), ("mes", "mes"),
    ],
)
def test_id_column_label(name: str, label: str) -> None:
    assert column_label(name) == label


@pytest.mark.parametrize(
    ("head", "delim"),
    [
        (f"{HEADER}\n1;2;3;4;5;6;7;8;9;10;11;12;13;14\n".encode("cp1252"), ";"),  # Windows-1252
        (f"{HEADER}\n1;2;3;4;5;6;7;8;9;10;11;12;13;14\n".encode(), ";"),
        (b"commande,derniers 4,montant\nA,1,2\n", ","),
        # near misses: a log line that looks like a header, a headerless export, a month and year naming no card
        (b"INFO;ultimos4;mes;ano\nWARN request retried after 3 attempts\n", None),
        (f"A-1;{VISA[-4:]};12;2029\nA-2;{VISA[-4:]};1;2030\n".encode(), None),
        ("fecha;mes;a\u00f1o;importe\n2026-01-02;1;2026;10\n".encode("cp1252"), None),
    ],
)
def test_sniff_summary_header(head: bytes, delim: str | None) -> None:
    assert sniff(head) == delim


def test_sales_report_month_year_stays_as_before() -> None:
    assert sniff_ids("pedido;mes;a\u00f1o;importe\n1;1;2026;10\n".encode("cp1252")) == ";"  # read as lines


def rows(*cells: tuple[str, str, str, str, str, str]) -> str:
    return "".join(f"{o};2026-01-02T09:30:26Z;+446126373255;c1@example.com;2038;USD;visa;{last};{m};{y};{t};"
                   f"FR2688743113135028779128355;{fid};ok\n" for o, last, m, y, t, fid in cells)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (rows((ORDER, VISA[-4:], "12", "2027", TRACKING, LOYALTY)), []),  # ids and a truncated card: quiet
        (rows(("112-8779790-2308768", VISA, "3", "2030", TRACKING, LOYALTY)),
         [{"type": "pan", "column": "\u00faltimos4", "row": 2}, {"type": "expiry", "column": "mes", "row": 2}]),
        (rows(("INV-2026-000001", f"{VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}", "7", "2031", "1ZGAVPO6755",
               LOYALTY), (ORDER, VISA[-4:], "1", "2029", TRACKING, LOYALTY)),
         [{"type": "pan", "column": "\u00faltimos4", "row": 2}, {"type": "expiry", "column": "mes", "row": 2}]),
    ],
)
def test_latin1_card_summary_export(body: str, expected: list[dict[str, Any]], tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, f"{HEADER}\n{body}".encode("cp1252"), "pedidos.csv")
    assert all(c["status"] == "scanned" for c in out["coverage"]), out["coverage"]
    assert VISA not in repr(out)
    got = [{"type": f["type"], "column": f["location"]["column"], "row": f["location"]["row"]} for f in out["findings"]]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
