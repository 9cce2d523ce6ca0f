"""TablePartsDecoder and the CSV reader: a card number typed over adjacent table cells is read as one number only
when the header names the cells as a card's parts (``Card (1)`` .. ``Card (4)``, ``Karte 1`` ..); tables of years,
amounts and codes, an order number over cells and masked rows stay quiet. Values are built at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.cards.cardparts import joined, part_run
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn as _luhn
from tests.unit.format_contract import scan_bytes

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))



PAN = _luhn("453914880343646")
MC = _luhn("542523343012345")
G, M = [PAN[i : i + 4] for i in range(0, 16, 4)], [MC[i : i + 4] for i in range(0, 16, 4)]


def _md(header: list[str], row: list[str]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header), "| " + " | ".join(row) + " |"])


def _html(header: list[str], row: list[str]) -> str:
    th = "".join(f"<th>{h}</th>" for h in header)
    td = "".join(f"<td class=xl65>{v}</td>" for v in row)
    return f"<table>\n<tr>{th}</tr>\n<tr>{td}</tr>\n</table>"


PARTS = ["Name", "Card (1)", "Card (2)", "Card (3)", "Card (4)", "Exp"]
CASES = [
    ("md-card-parts", _md(PARTS, ["Kai", *G, "—"]), {"pan"}),
    ("md-karte", _md(["Kunde", "Karte 1", "Karte 2", "Karte 3", "Karte 4"], ["Kai", *M]), {"pan"}),
    ("html-th-parts", _html(["Name", "Karte 1", "Karte 2", "Karte 3", "Karte 4"], ["Kai", *G]), {"pan"}),
    # near misses: no part header, years, amounts, masked cells, not Luhn, letters in a cell
    ("md-years", _md(["Name", "Y1", "Y2", "Y3", "Y4"], ["Kai", *G]), set()),
    ("md-order-parts", _md(["Name", "Order (1)", "Order (2)", "Order (3)", "Order (4)"], ["Kai", *G]), set()),
    ("md-masked", _md(PARTS, ["Kai", "••••", "••••", "••••", G[3], "—"]), set()),
    ("md-not-luhn", _md(PARTS, ["Kai", G[0], G[1], G[2], G[3][:3] + str((int(G[3][3]) + 1) % 10), "—"]), set()),
    ("md-no-header", "| Kai | " + " | ".join(G) + " |", set()),
    ("html-no-header", "<table><tr><td>Kai</td>" + "".join(f"<td>{g}</td>" for g in G) + "</tr></table>", set()),
    ("html-amounts", _html(["Item", "Q1", "Q2", "Q3", "Q4"], ["Sales", *G]), set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_cells_join_under_a_parts_header(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0] if t == "pan"} == want, name
    assert got[0] == got[1]


@pytest.mark.parametrize(
    ("names", "run"),
    [(["Name", "Karte 1", "Karte 2", "Karte 3", "Karte 4", "Exp"], (1, 5)), (["CC1", "CC2", "CC3"], (0, 3)),
     (["Card Number Part 1", "Card Number Part 2", "Card Number Part 3", "Card Number Part 4"], (0, 4)),
     (["Card 1", "Card 2"], None), (["Card 1", "Card 3", "Card 2", "Card 4"], None),
     (["Year 1", "Year 2", "Year 3"], None), (["Card (2)", "Card (3)", "Card (4)"], None),
     # a card kept as its BIN, middle digits and last four, side by side (not apart, not out of order)
     (["id", "bin", "mid", "last4", "exp"], (1, 4)), (["card_bin", "middle_digits", "last_four"], (0, 3)),
     (["bin", "last4", "mid"], None), (["bin", "amount", "mid", "last4"], None), (["mid", "bin", "last4"], None)],
)
def test_part_run(names: list[str], run: tuple[int, int] | None) -> None:
    assert part_run(names) == run


def test_joined_reads_digits_only() -> None:
    assert joined(G) == " ".join(G)
    assert joined([*G[:3], G[3], ""]) == " ".join(G)
    assert joined(["••••", *G[1:]]) is None
    assert joined(["12", *G[1:]]) is None  # no card's first group
    assert joined(G[:2]) is None  # too short


def test_csv_columns_join(tmp_path: Path) -> None:
    order = _luhn("4" + "1234567890123")
    rows = ["Name;Karte 1;Karte 2;Karte 3;Karte 4;Gültig bis;Bestellnr", f"Kai;{';'.join(G)};05/31;{order}",
            "Bo;2019;2020;2021;2022;01/30;123", f"Al;••••;••••;••••;{G[3]};—;5"]
    out = scan_bytes(tmp_path, ("\r\n".join(rows) + "\r\n").encode(), "rekey.csv")
    pans = [(f["location"]["row"], f["location"]["column"]) for f in out["findings"] if f["type"] == "pan"]
    assert pans == [(2, "Karte 1")]
    assert PAN not in repr(out)


def test_csv_bin_middle_last_four_columns_join(tmp_path: Path) -> None:
    """A "tokenisation lite" export keeps the whole card as its BIN, middle digits and last four: the row whose three
    cells join into a card number is reported; a row with the middle empty, or one whose digits fail Luhn, is not."""
    bad = MC[:-1] + str((int(MC[-1]) + 1) % 10)
    rows = ["id,bin,mid,last4,exp", f"1,{PAN[:6]},,{PAN[-4:]},", f"2,{PAN[:6]},{PAN[6:12]},{PAN[12:]},03/28",
            f"3,{bad[:6]},{bad[6:12]},{bad[12:]},04/29"]
    out = scan_bytes(tmp_path, ("\n".join(rows) + "\n").encode(), "card_parts.csv")
    pans = [f["location"]["row"] for f in out["findings"] if f["type"] == "pan"]
    assert pans == [3]
    assert PAN not in repr(out)
