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
