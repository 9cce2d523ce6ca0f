"""PDF text runs: a ``TJ`` array's strings are read as one run, so a number or keyword cut by kerning adjustments
is found on its text line; a word gap (a quarter em) between two numbers keeps them apart, as every extractor
reads it. Lines and pages are located as the text layer numbers them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.cards.brands import luhn_valid
from scanners.formats.pdf import one_page
from tests.unit.detector_contract import masked_id
from tests.unit.format_contract import scan_bytes


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MAESTRO12 = luhn("67597754815")


def page(*lines: str) -> bytes:
    """A page whose text lines are ``lines`` (content-stream operands and operators), one ``T*`` apart."""
    body = " T*\n".join(lines)
    return one_page(f"BT /F1 10 Tf 72 740 Td 12 TL\n{body} T*\nET".encode("latin-1"))


@pytest.mark.parametrize(
    ("line", "found"),
    [
        # kerning inside a number, a keyword or an expiry: one run
        (f"[(Card {VISA[:6]}) -12 ({VISA[6:]} exp 09/27)] TJ", {"pan", "expiry"}),
        (f"[(cc: {VISA[:9]}) -80 ({VISA[9:]})] TJ", {"pan"}),
        (f"[(Kartennummer {VISA} g\\374ltig bis 0) -30 (5/29)] TJ", {"pan", "expiry"}),
        (f"[(card {VISA} secu) 15 (rity code 371)] TJ", {"pan", "cvv"}),
        # a 12-digit Maestro with its expiry said after it, as a receipt line writes it
        (f"(Please charge {MAESTRO12} \\(exp 2032-08\\) for the refund) Tj", {"pan", "expiry"}),
        # near misses: a word gap between two numbers (an order id and an amount), a 12-digit id with no card word
        (f"[(order {VISA[:8]}) -250 ({VISA[8:]})] TJ", set()),
        (f"(Please ship {MAESTRO12} \\(export 2032-08\\) today) Tj", set()),
    ],
    ids=masked_id,
)
def test_a_tj_array_is_one_text_run(tmp_path: Path, line: str, found: set[str]) -> None:
    out = scan_bytes(tmp_path, page("(Statement) Tj", "(See attached.) Tj", line), "statement.pdf")
    assert {f["type"] for f in out["findings"]} == found
    assert {(f["location"]["page"], f["location"]["line"]) for f in out["findings"]} <= {(1, 3)}


def pieces(y: int, *drawn: tuple[float, str]) -> str:
    """Text drawn one ``Tj`` per piece at (x, ``y``), each followed by ``T*``, as reportlab's text objects write."""
    return "\n".join(f"BT 1 0 0 1 {x} {y} Tm ({s}) Tj T* ET" for x, s in drawn)


def grouped(x: float, groups: list[str], gap: float) -> list[tuple[float, str]]:
    """Groups of digits in Helvetica 10 (a digit 5.56 wide), ``gap`` points apart."""
    out = []
    for g in groups:
        out.append((x, g))
        x += 5.56 * len(g) + gap
    return out


@pytest.mark.parametrize(
    ("drawn", "found"),
    [
        # four groups a space apart (2.78 points), and one digit a box each: one line, the card found
        ([(60, "Card number:"), *grouped(130, [VISA[i : i + 4] for i in range(0, 16, 4)], 2.78)], {"pan"}),
        ([(60, "Card No."), *grouped(120, list(VISA), 3.44)], {"pan"}),
        # pieces glued with no gap read as one word
        ([(60, "Card"), *grouped(84, [VISA[:7], VISA[7:]], 0)], {"pan"}),
        # near miss: an order id and an amount on one line stay two numbers
        ([(60, "Order"), (100, VISA[:8]), (160, VISA[8:])], set()),
    ],
    ids=masked_id,
)
def test_pieces_on_one_baseline_are_one_line(drawn: list[tuple[float, str]], found: set[str], tmp_path: Path) -> None:
    content = "BT /F1 10 Tf 12 TL ET\n" + pieces(700, *drawn) + "\n" + pieces(680, (60, "Thank you"))
    out = scan_bytes(tmp_path, one_page(content.encode("latin-1")), "invoice.pdf")
    assert {f["type"] for f in out["findings"]} == found
    assert {(f["location"]["page"], f["location"]["line"]) for f in out["findings"]} <= {(1, 1)}


def test_a_pypdf_without_its_font_metrics_reads_the_page_as_pypdf_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The widths come from pypdf's private ``_font`` module: without its ``Font``, the pieces stay pypdf's lines,
    the page is read (a card drawn whole is found), and no page is reported unreadable."""
    fonts = pytest.importorskip("pypdf.generic._font")
    monkeypatch.delattr(fonts, "Font")  # ``from pypdf.generic._font import Font`` fails, as in another release
    content = "BT /F1 10 Tf 12 TL ET\n" + pieces(700, (60, "Card number:"), (130, VISA)) + "\n"
    out = scan_bytes(tmp_path, one_page(content.encode("latin-1")), "invoice.pdf")
    assert {f["type"] for f in out["findings"]} == {"pan"}
    assert all(c["status"] == "scanned" for c in out["coverage"])


def table_by_column(rows: list[tuple[str, str, str]], by_column: bool) -> bytes:
    """A table (name, card, expiry) at baselines 16 points apart under a header, drawn column by column (every name,
    then every card, then every expiry, as some report writers do) or row by row."""
    cells = [(x, 700 - 16 * r, row[c]) for r, row in enumerate(rows) for c, x in enumerate((50, 200, 380))]
    cells.sort(key=lambda cell: (cell[0], -cell[1]) if by_column else (-cell[1], cell[0]))
    drawn = " ".join(f"1 0 0 1 {x} {y} Tm ({s}) Tj" for x, y, s in cells)
    return one_page(f"BT /F1 9 Tf 1 0 0 1 50 716 Tm (Cardholder) Tj 1 0 0 1 200 716 Tm (Card Number) Tj "
                    f"1 0 0 1 380 716 Tm (Expiry) Tj\n{drawn}\nET".encode("latin-1"))


@pytest.mark.parametrize("by_column", [True, False], ids=["drawn by column", "drawn by row"])
def test_a_table_drawn_column_by_column_reads_row_by_row(by_column: bool, tmp_path: Path) -> None:
    spaced = " ".join(VISA[i : i + 4] for i in range(0, 16, 4))
    rows = [("Maria Lopez", spaced, "12/30"), ("Chen Wei", "****  **** 1877", "08/29")]
    out = scan_bytes(tmp_path, table_by_column(rows, by_column), "report.pdf")
    # the card and its expiry on one line (2: under the header), the masked row's expiry quiet
    assert sorted((f["type"], f["location"]["line"]) for f in out["findings"]) == [("expiry", 2), ("pan", 2)]
