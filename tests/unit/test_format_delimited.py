"""CSV/TSV header context: detection by content, and what each column's header lends to the cells below it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import is_pan, luhn_valid
from scanners.formats import delimited
from scanners.formats._csvcells import column_text
from scanners.formats._csvrows import Grid, as_rows
from scanners.formats.delimited import _row_runs, card_column, sniff, sniff_ids
from scanners.formats.examine import detect
from tests.unit.format_contract import scan_bytes

# Luhn-valid Visa/Mastercard numbers that are not published test cards (those are reported whatever their key)
VISA = next(f"4539148803436{n:03d}" for n in range(1000) if luhn_valid(f"4539148803436{n:03d}"))
MC = next(f"5425233430{n:06d}" for n in range(10**6) if luhn_valid(f"5425233430{n:06d}"))
MAESTRO12 = next(f"67593914094{n}" for n in range(10) if luhn_valid(f"67593914094{n}"))
KANJI_HEADER = "\u65e5\u4ed8,\u30ab\u30fc\u30c9\u756a\u53f7,\u6709\u52b9\u671f\u9650"  # date, card number, expiry
FRACTION = next(f"598014172026{n:05d}" for n in range(10**5) if is_pan(f"598014172026{n:05d}"))  # 17 digits


def found(tmp_path: Path, text: str, name: str = "export.dat") -> list[dict[str, Any]]:
    out = scan_bytes(tmp_path, text.encode(), name)
    assert all(c["status"] == "scanned" for c in out["coverage"]), out["coverage"]
    assert VISA not in repr(out) and MC not in repr(out)
    return [{"type": f["type"], **{k: v for k, v in f["location"].items() if k != "path"}} for f in out["findings"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("order_id,cvc,exp_month,exp_year,card\nA17,737,12,29,x\n",
                     [{"type": "cvv", "column": "cvc", "row": 2, "line": 2},
                      {"type": "expiry", "column": "exp_month", "row": 2, "line": 2}], id="cvc-and-month-year"),
        pytest.param(f"id\tamount\tcard_number\tsecurity_code\nA1\t5.00\t{VISA}\t0421\n",
                     [{"type": "pan", "column": "card_number", "row": 2, "line": 2},
                      {"type": "cvv", "column": "security_code", "row": 2, "line": 2}], id="tsv"),
        pytest.param("ref;expiry;pan\nB2;11/28;\nB3;;\nB4;0930;\n",
                     [{"type": "expiry", "column": "expiry", "row": 2, "line": 2},
                      {"type": "expiry", "column": "expiry", "row": 4, "line": 4}], id="semicolon-expiry"),
        pytest.param(f'note,cvv\n"two\nlines",123\nx,456\n"{MC}",\n',
                     [{"type": "cvv", "column": "cvv", "row": 2, "line": 3},  # the line its cell is on
                      {"type": "cvv", "column": "cvv", "row": 3, "line": 4},
                      {"type": "pan", "column": "note", "row": 4, "line": 5}], id="quoted-cell-spans-lines"),
        # an Excel export's notes cell spans lines: a finding is on the line its value is on (``_csvcells``)
        pytest.param(f'id,card_number,Observa\u00e7\u00f5es,cvv\r\n1,,"Cliente ligou.\r\nInformou cart\u00e3o {VISA}'
                     f', validade 09/28\r\nRetornar",123\r\n2,{MC},ok,456\r\n',
                     [{"type": "pan", "column": "Observa\u00e7\u00f5es", "row": 2, "line": 3},
                      {"type": "expiry", "column": "Observa\u00e7\u00f5es", "row": 2, "line": 3},
                      {"type": "cvv", "column": "cvv", "row": 2, "line": 4},
                      {"type": "pan", "column": "card_number", "row": 3, "line": 5},
                      {"type": "cvv", "column": "cvv", "row": 3, "line": 5}], id="notes-cell-spans-lines"),
        pytest.param("\ufeffcard_cvv|exp_year|exp_month\n999|2031|07\n",
                     [{"type": "cvv", "column": "card_cvv", "row": 2, "line": 2},
                      {"type": "expiry", "column": "exp_month", "row": 2, "line": 2}], id="bom-pipe-year-first"),
        # a header in another language names the column (``_csvroles``): French, Nordic, Spanish, Japanese
        pytest.param("Date;R\u00e9f;Validit\u00e9;S\u00e4kerhetskod\n2026-01-02;A1;09/28;737\n2026-01-03;A2;0629;\n",
                     [{"type": "expiry", "column": "Validit\u00e9", "row": 2, "line": 2},
                      {"type": "cvv", "column": "S\u00e4kerhetskod", "row": 2, "line": 2},
                      {"type": "expiry", "column": "Validit\u00e9", "row": 3, "line": 3}], id="french-nordic-headers"),
        pytest.param("Fecha,Fin de validit\u00e9,Udl\u00f8bsdato,Caducidad,\u6709\u52b9\u671f\u9650\n"
                     "2026-01-02,09/28,10/29,11/30,12/31\n",
                     [{"type": "expiry", "column": c, "row": 2, "line": 2}
                      for c in ("Fin de validit\u00e9", "Udl\u00f8bsdato", "Caducidad", "\u6709\u52b9\u671f\u9650")],
                     id="expiry-headers"),
        # negatives: ids, amounts and phones with Luhn-valid numbers stay quiet; a cvv column of words is quiet
        pytest.param(f"order_id,phone,card_last4,cvc\n{VISA},{MC},4242,n/a\n", [], id="id-and-phone-keys"),
        pytest.param("invoice,exp_month,exp_year\n1,13,2030\n2,12,1999999\n", [], id="not-a-date"),
        pytest.param(f"{KANJI_HEADER}\n2026-01-02,************{VISA[-4:]},09/28\n2026-01-03,,10/29\n",
                     [{"type": "expiry", "column": "\u6709\u52b9\u671f\u9650", "row": 3, "line": 3}],
                     id="kanji-header-masked-and-empty-card"),
        # Hindi and Arabic headers, Luhn-valid order numbers in the order column (quiet), an expiry beside a masked
        # card (quiet) and beside a full one (found)
        pytest.param(f"\u0911\u0930\u094d\u0921\u0930 \u0906\u0908\u0921\u0940,\u0915\u093e\u0930\u094d\u0921"
                     f" \u0928\u0902\u092c\u0930,\u0938\u092e\u093e\u092a\u094d\u0924\u093f,\u0938\u0940\u0935\u0940"
                     f"\u0935\u0940\n{MC},{VISA},09/28,123\n{VISA},************{MC[-4:]},10/29,\n",
                     [{"type": "pan", "column": "\u0915\u093e\u0930\u094d\u0921 \u0928\u0902\u092c\u0930", "row": 2,
                       "line": 2},
                      {"type": "expiry", "column": "\u0938\u092e\u093e\u092a\u094d\u0924\u093f", "row": 2, "line": 2},
                      {"type": "cvv", "column": "\u0938\u0940\u0935\u0940\u0935\u0940", "row": 2, "line": 2}],
                     id="hindi-header"),
        pytest.param(f"رقم الطلب;رقم البطاقة;تاريخ الانتهاء\n{MC};XXXX{VISA[-4:]};09/28\n",
                     [], id="arabic-header-order-and-masked-card"),
        # a month and year with a dot in an expiry column (German, Dutch, Polish exports) is an expiry; an amount or
        # a month 13 is not
        pytest.param("Betrag;G\u00fcltig bis;expiry\n05.28;05.28;13.28\n12,50;11.2029;\n",
                     [{"type": "expiry", "column": "G\u00fcltig bis", "row": 2, "line": 2},
                      {"type": "expiry", "column": "G\u00fcltig bis", "row": 3, "line": 3}], id="dotted-expiry"),
        pytest.param("Date;Validity;Remarque\n2026-01-02;09/28;voir 10/29\n", [], id="english-validity-is-no-header"),
        # digits of another script in a cell that spans lines: folded one for one, so each value keeps its line
        pytest.param('id,Notes,Card last 4\n1,"ok\nexpiry \uff10\uff18/\uff12\uff19\nCVV: \u0967\u0968\u0969",5147\n',
                     [{"type": "expiry", "column": "Notes", "row": 2, "line": 3},
                      {"type": "cvv", "column": "Notes", "row": 2, "line": 4}], id="script-digits-cell-spans-lines"),
        pytest.param('id,Notes,Card last 4\n1,"ok\nexp \u0660\u0668/\u0662\u0669 \u0628\u0637\u0627\u0642\u0629'
                     '\nfin",5147\n', [{"type": "expiry", "column": "Notes", "row": 2, "line": 3}],
                     id="arabic-indic-expiry-second-line"),
    ],
)
def test_header_context(text: str, expected: list[dict[str, Any]], tmp_path: Path) -> None:
    got = found(tmp_path, text)
    key = lambda d: (d["row"], d["type"], d["column"])  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)


@pytest.mark.parametrize(
    ("head", "delim"),
    [
        (b"order_id,cvc,exp\nA,1,2\n", ","),
        (b"Card Number\tCVV2\nx\ty\n", "\t"),
        (f"{KANJI_HEADER}\nA,1,2\n".encode(), ","),  # a header in Japanese
        ("Validit\u00e9;Montant\nA;1\n".encode("cp1252"), ";"),  # Windows-1252
        (b"a;b;card\n1;2;3\n", ";"),
        (b"id,amount,phone\n1,2,3\n", None),  # no card-ish column (its id columns: sniff_ids, read as text)
        (b"order_id,cvc,exp\nA,1\n", None),  # the next line does not have the header's field count
        (b"order_id,cvc,exp\n", None),  # a header alone: nothing to give context to
        (b"cvc 123 was entered, exp 12/29\nmore text, here\n", None),  # prose with commas is no header
        (b'{"card": "x", "cvc": 1}\n{"a": 2}\n', None),  # JSON lines
        (b"card,\x00\x01\x02\n", None),  # binary
    ],
)
def test_sniff(head: bytes, delim: str | None) -> None:
    assert sniff(head) == delim
    csv_format = detect(head) is not None and detect(head).name == "csv"  # type: ignore[union-attr]
    assert csv_format == (delim is not None or sniff_ids(head) is not None)


@pytest.mark.parametrize(
    ("name", "card"),
    [("cvc", True), ("Card Number", True), ("exp_month", True), ("expirationYear", True), ("card_cvv2", True),
     ("PAN", True), ("expiry", True), ("Validit\u00e9", True), ("Num\u00e9ro de carte", True), ("Caducidad", True),
     ("\u6709\u52b9\u671f\u9650", True), ("S\u00e4kerhetskod", True), ("Validity", False), ("Num\u00e9ro", False),
     ("amount", False), ("order_id", False), ("phone", False), ("expires_at", False),
     ("created", False)],
)
def test_card_column(name: str, card: bool) -> None:
    assert card_column(name) is card


def test_plain_text_lines_unchanged_without_card_header(tmp_path: Path) -> None:
    text = f"id,amount\n1,2\n3,note {MC}\n"
    assert found(tmp_path, text) == [{"type": "pan", "line": 3, "column": 8}]


@pytest.mark.parametrize(
    "cells",
    [["4111111111111111", "", "a\r\nb", "x\ny"], ["plain", "cells"], ["nul\x00inside", "4242"], [""], ["a\rb"]],
)
def test_column_text_is_name_value_lines_with_breaks_in_cells_as_spaces(cells: list[str]) -> None:
    expected = "\n".join(f"card: {v.replace(chr(13), ' ').replace(chr(10), ' ')}" for v in cells)
    assert column_text("card", cells) == expected



_CELL = st.text(alphabet=st.sampled_from(["a", "1", " ", '"', "\n", "\r", ",", ";", "é", "\x00"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(_CELL, max_size=4), max_size=12), ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"])),
       hint=st.sampled_from([1, 7, 64, 1 << 18]), delim=st.sampled_from([",", ";"]))
def test_row_runs_are_csv_reader_rows_on_their_lines(lines: list[list[str]], ends: list[str], hint: int,
                                                     delim: str) -> None:
    """Rows read in batches (split in C when a batch allows it, else by csv.reader) are csv.reader's rows, each
    starting on the line after the one csv.reader had reached before it."""
    ends += ["\n"] * len(lines)
    text = "h1,h2\n" + "".join(delim.join(cells) + end for cells, end in zip(lines, ends, strict=False))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    expected, reached = [], 0
    while (row := next(reader, None)) is not None:
        expected.append((reached + 1, row))
        reached = reader.line_num
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delimited, "READ_HINT", hint)
        runs = _row_runs(io.StringIO(text, newline=""), delim)
        got = [(line + i, row) for line, rows in runs for i, row in enumerate(as_rows(rows))]
    assert got == expected


SIGMA = "id,amount,card_brand,card_last4,card_exp_month,card_exp_year,card_fingerprint,description\n"


# A processor's card summary export (Stripe Sigma's charges: brand, last four, expiry month and year) names its card
# truncated, by its last four digits: a row's expiry is card metadata (PCI DSS: the expiry counts only with the full
# PAN), with or without a brand column or a masked number column, unless the row holds a full card number. A row
# whose card cell is a masked number names its card truncated the same way, with no last-four column.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(SIGMA + "ch_3Qx1,2500,visa,4242,7,2029,Xk29aQ7LmPz0cVb1,MOTO order 7731\n", [], id="sigma-row"),
        pytest.param("brand,last4,expiry\nmastercard,4444,09/28\n", [], id="brand-last4-expiry"),
        pytest.param(SIGMA + f"ch_3Qx2,2500,visa,{VISA[-4:]},7,2029,Xk29aQ7LmPz0cVb1,"
                     f"phone payment card {VISA} exp 07/29\n",
                     [{"type": "pan", "column": "description", "row": 2, "line": 2},
                      {"type": "expiry", "column": "description", "row": 2, "line": 2},
                      {"type": "expiry", "column": "card_exp_month", "row": 2, "line": 2}], id="row-with-number"),
        pytest.param("id,card_number,card_brand,card_last4,card_exp_month,card_exp_year\n"
                     "ch_1,************4242,visa,4242,7,2029\n", [], id="masked-number-column"),
        pytest.param("id,card_last4,card_exp_month,card_exp_year\nch_1,4242,7,2029\n", [], id="no-brand"),
        pytest.param(f"id,card_number,card_last4,card_exp_month,card_exp_year\nch_1,{VISA},{VISA[-4:]},7,2029\n",
                     [{"type": "pan", "column": "card_number", "row": 2, "line": 2},
                      {"type": "expiry", "column": "card_exp_month", "row": 2, "line": 2}], id="full-number-column"),
        pytest.param("order,masked_card,expiry\nA-1,************4242,07/29\nA-2,424242******4242,08/30\n"
                     "A-3,XXXX-XXXX-XXXX-5454,09/31\n", [], id="masked-column-without-last-four"),
        pytest.param(f"order,card,expiry\nA-1,************4242,07/29\nA-2,{VISA},08/30\nA-3,pending,09/31\n",
                     [{"type": "pan", "column": "card", "row": 3, "line": 3},
                      {"type": "expiry", "column": "expiry", "row": 3, "line": 3},
                      {"type": "expiry", "column": "expiry", "row": 4, "line": 4}], id="masked-rows-only"),
        pytest.param("order,card,expiry\nA-1,**42,07/29\n",
                     [{"type": "expiry", "column": "expiry", "row": 2, "line": 2}], id="too-short-a-mask"),
        pytest.param("ContactId,Attributes.cardNumber,Attributes.expiry\nc-1,411111XXXXXX1111,09/27\n"
                     "c-2,ending in 1111,09/27\n", [], id="connect-export-path-headers"),
        pytest.param(f"id\tcard_no\texp_mmyy\tbooking_ref\n1\tXXXX-XXXX-XXXX-{VISA[-4:]}\tMay 2029\t{VISA}\n"
                     f"2\tXXXX-XXXX-XXXX-{VISA[-4:]}\tMay 2029\tnote {VISA}\n",
                     [{"type": "pan", "column": "booking_ref", "row": 3, "line": 3},
                      {"type": "expiry", "column": "exp_mmyy", "row": 3, "line": 3}], id="id-column-number-is-no-card"),
        pytest.param("psp_reference,card_summary,expiry_date\n8535296650153317,1111,03/2030\n", [],
                     id="adyen-card-summary-column"),
        pytest.param("ticket,summary,expiry\nT-1,1111,03/30\n",
                     [{"type": "expiry", "column": "expiry", "row": 2, "line": 2}], id="a-summary-is-no-card"),
        pytest.param("id,card_brand,card_exp_month,card_exp_year\nch_1,visa,7,2029\n",
                     [{"type": "expiry", "column": "card_exp_month", "row": 2, "line": 2}], id="no-last-four"),
        # a card-number cell holding four digits and no card number names the card another way: its expiry is metadata
        pytest.param(f'Date\tCard Number\tExp\n2026-04-10\t=HYPERLINK("https://crm/x?id={VISA}")\t02/27\n'
                     f"2026-04-11\tx{VISA[-4:]}\t03/27\n2026-04-12\t{VISA[:6]}...{VISA[-4:]}\t04/27\n"
                     f"2026-04-13\t#### #### #### {VISA[-4:]}\t05/27\n2026-04-14\tcard ending {VISA[-4:]}\t06/27\n",
                     [], id="card-number-cell-without-number"),
        pytest.param(f'Datum;Kartennummer;G\u00fcltig bis\n2026-04-10;="************{VISA[-4:]}";02/27\n'
                     f'2026-04-11;="{VISA}";03/27\n', [{"type": "pan", "column": "Kartennummer", "row": 3, "line": 3},
                                                       {"type": "expiry", "column": "G\u00fcltig bis", "row": 3,
                                                        "line": 3}], id="excel-text-cells"),
        # a truncated card's row: a barcode or a long decimal in its notes is no stored card; its own number is
        pytest.param(f"Date;Num\u00e9ro de carte;Validit\u00e9;Notes\n2026-01-02;#### #### #### {VISA[-4:]};09/28;"
                     f"ok\n2026-01-03;**** **** **** {VISA[-4:]};10/28;pay\u00e9 {FRACTION[:2]}.{FRACTION[2:]}\n"
                     f"2026-01-04;XXXX-XXXX-XXXX-{VISA[-4:]};11/28;rappel {VISA}\n",
                     [{"type": "pan", "column": "Notes", "row": 4, "line": 4},
                      {"type": "expiry", "column": "Validit\u00e9", "row": 4, "line": 4}],
                     id="masked-card-beside-notes"),
        pytest.param(f"Date\tCard Number\tExp\n2026-05-04\t{MAESTRO12}\t09/26\n2026-05-05\tpending 42\t10/26\n"
                     f"2026-05-06\t\t11/26\n", [{"type": "pan", "column": "Card Number", "row": 2, "line": 2},
                                                {"type": "expiry", "column": "Exp", "row": 2, "line": 2},
                                                {"type": "expiry", "column": "Exp", "row": 3, "line": 3},
                                                {"type": "expiry", "column": "Exp", "row": 4, "line": 4}],
                     id="card-number-cell-whole-number-or-no-reference"),
        # a last-four column names the row's card (a Stripe Sigma export): another card in the note is a finding of
        # its own, the row's expiry stays the truncated card's; the note holding that card's own number keeps it
        pytest.param(f"id,card_brand,card_last4,card_exp_month,card_exp_year,description\n"
                     f"ch_1,Visa,{int(VISA[-4:]) ^ 1:04d},9,2027,agent typed card {VISA} by mistake\n"
                     f"ch_2,Visa,{VISA[-4:]},10,2028,agent typed card {VISA}\n",
                     [{"type": "pan", "column": "description", "row": 2, "line": 2},
                      {"type": "pan", "column": "description", "row": 3, "line": 3},
                      {"type": "expiry", "column": "card_exp_month", "row": 3, "line": 3}],
                     id="last-four-column-beside-notes"),
    ],
)
def test_card_summary_export(text: str, expected: list[dict[str, Any]], tmp_path: Path) -> None:
    got = found(tmp_path, text)
    key = lambda d: (d["row"], d["type"], d["column"])  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)


def test_grid_slices_and_columns_are_its_rows() -> None:
    """A grid's slices and columns are those of the rows it holds, with "" for columns past its width."""
    rows = [[f"r{r}c{c}" for c in range(3)] for r in range(7)]
    grid = Grid([cell for row in rows for cell in row], 3, 0, len(rows))
    part = grid[2:5]
    assert len(part) == 3 and as_rows(part) == rows[2:5]
    assert part.column(1) == [row[1] for row in rows[2:5]]
    assert part.column(4) == ["", "", ""]
    assert as_rows(grid[6:9]) == rows[6:] and len(grid[8:9]) == 0
