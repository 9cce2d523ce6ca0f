"""The card-data roles of CSV headers in other languages (``_csvroles``) and the truncated card a row names
(``_csvcards.card_tails``, ``holds_named_card``)."""

from __future__ import annotations

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.cards.idnames import id_key
from scanners.formats._csvcards import card_tails, holds_named_card, names_card
from scanners.formats._csvroles import column_label, fold, role
from tests.unit.detector_contract import masked_id

VISA = next(f"4539148803436{n:03d}" for n in range(1000) if luhn_valid(f"4539148803436{n:03d}"))
MAESTRO12 = next(f"67594211{n:04d}" for n in range(10000) if luhn_valid(f"67594211{n:04d}"))
OTHER = next(f"5425233430{n:06d}" for n in range(10**6) if luhn_valid(f"5425233430{n:06d}"))
BARCODE = next(f"449788608{n:04d}" for n in range(10**4) if is_pan(f"449788608{n:04d}"))  # 13 digits, Luhn-valid
FRACTION = next(f"598014172026{n:05d}" for n in range(10**5) if is_pan(f"598014172026{n:05d}"))  # 17 digits


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Validit\u00e9", "expiry"), ("Date d'expiration", "expiry"), ("Date de validit\u00e9", "expiry"),
        ("Fin de validit\u00e9", "expiry"), ("Vencimiento", "expiry"), ("Caducidad", "expiry"),
        ("Fecha de expiraci\u00f3n", "expiry"), ("Validade", "expiry"), ("Data de validade", "expiry"),
        ("Scadenza", "expiry"), ("Data di scadenza", "expiry"), ("Ablaufdatum", "expiry"),
        ("G\u00fcltig bis", "expiry"), ("Verfallsdatum", "expiry"),
        ("Geldig tot", "expiry"), ("Vervaldatum", "expiry"), ("Udl\u00f8bsdato", "expiry"),
        ("Data wa\u017cno\u015bci", "expiry"), ("\u6709\u52b9\u671f\u9650", "expiry"), ("\u6709\u6548\u671f", "expiry"),
        ("\uc720\ud6a8\uae30\uac04", "expiry"), ("Validit\u00e9 carte", "expiry"),
        ("Num\u00e9ro de carte", "card number"), ("N\u00b0 de carte", "card number"),
        ("N\u00famero de tarjeta", "card number"), ("N\u00famero do cart\u00e3o", "card number"),
        ("Numero carta", "card number"), ("Kartennummer", "card number"),
        ("\u30ab\u30fc\u30c9\u756a\u53f7", "card number"), ("\uce74\ub4dc\ubc88\ud638", "card number"),
        ("\u041d\u043e\u043c\u0435\u0440 \u043a\u0430\u0440\u0442\u044b", "card number"),
        ("Cryptogramme", "cvv"), ("C\u00f3digo de seguridad", "cvv"), ("Pr\u00fcfnummer", "cvv"),
        ("C\u00f3digo de seguran\u00e7a", "cvv"), ("S\u00e4kerhetskod", "cvv"),
        ("\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u30b3\u30fc\u30c9", "cvv"),
        # Arabic and Hindi: expiry date, card number, security code (CVV written in Devanagari)
        ("\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0627\u0646\u062a\u0647\u0627\u0621", "expiry"),
        ("\u0631\u0642\u0645 \u0627\u0644\u0628\u0637\u0627\u0642\u0629", "card number"),
        ("\u0631\u0645\u0632 \u0627\u0644\u0623\u0645\u0627\u0646", "cvv"),
        ("\u0938\u092e\u093e\u092a\u094d\u0924\u093f", "expiry"),
        ("\u0915\u093e\u0930\u094d\u0921 \u0928\u0902\u092c\u0930", "card number"),
        ("\u0938\u0940\u0935\u0940\u0935\u0940", "cvv"),
        # near misses: English words, other columns, a bare "number" or "date"
        ("\u0631\u0642\u0645 \u0627\u0644\u0647\u0627\u062a\u0641", None),  # Arabic: phone number
        ("\u0924\u093e\u0930\u0940\u0916", None), ("\u0915\u093e\u0930\u094d\u0921", None),  # Hindi: date, card
        ("Validity", None), ("Date", None), ("Num\u00e9ro", None), ("Notes", None), ("Montant", None), ("Carte", None),
        ("Date de cr\u00e9ation", None), ("Code postal", None), ("Exp", None), ("R\u00e9f\u00e9rence", None),
    ],
)
def test_role(name: str, expected: str | None) -> None:
    assert role(name) == expected


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Validit\u00e9", "expiry"),
        # the detectors' keywords read these as they are: kept (the Nordic expiry and code words since round 84)
        ("Udl\u00f8bsdato", "Udl\u00f8bsdato"), ("S\u00e4kerhetskod", "S\u00e4kerhetskod"),
        ("G\u00fcltig bis", "G\u00fcltig bis"), ("Date d'expiration", "Date d'expiration"), ("Scadenza", "Scadenza"),
        ("Cryptogramme", "Cryptogramme"), ("\u6709\u52b9\u671f\u9650", "\u6709\u52b9\u671f\u9650"),
        ("Num\u00e9ro de carte", "Num\u00e9ro de carte"), ("Notes", "Notes"), ("Exp", "Exp"),
        # an order number in Dutch, Polish, Chinese, Japanese, Korean, Arabic and Hindi: an id column (the Dutch and
        # Polish names are id keys as they are, ``idnames``: their cells are scanned under their own name)
        ("Bestelnummer", "Bestelnummer"), ("Nr zam\u00f3wienia", "Nr zam\u00f3wienia"),
        ("\u8ba2\u5355\u53f7", "order_id"),
        ("\u6ce8\u6587\u756a\u53f7", "order_id"), ("\uc8fc\ubb38\ubc88\ud638", "order_id"),
        ("\u0631\u0642\u0645 \u0627\u0644\u0637\u0644\u0628", "order_id"),
        ("\u0911\u0930\u094d\u0921\u0930 \u0906\u0908\u0921\u0940", "order_id"),
        # near misses: an order's date or status is no id
        ("\u8ba2\u5355\u65e5\u671f", "\u8ba2\u5355\u65e5\u671f"), ("\u6ce8\u6587\u65e5", "\u6ce8\u6587\u65e5"),
        ("Besteldatum", "Besteldatum"),
    ],
)
def test_column_label(name: str, label: str) -> None:
    assert column_label(name) == label
    if label == name and name in ("Bestelnummer", "Nr zam\u00f3wienia"):
        assert id_key(name)


def test_fold_keeps_other_scripts_whole() -> None:
    assert fold("\u30ab\u30fc\u30c9\u756a\u53f7") == "\u30ab\u30fc\u30c9\u756a\u53f7"  # the voicing mark stays
    assert fold("N\u00b0 de carte") == "ndecarte"


@pytest.mark.parametrize(
    ("row", "held"),
    [
        (["2026-01-02", f"#### #### #### {VISA[-4:]}", "09/28", f"rappel {VISA}"], True),  # the card's own number
        # another card in a note: a finding of its own, not the truncated card's number beside its expiry
        (["2026-01-02", f"**** **** **** {VISA[-4:]}", "09/28", f"note {OTHER}"], False),
        (["2026-01-02", "", "09/28", f"ok {BARCODE}"], True),  # no card named: any whole number counts, as before
        # near misses beside a truncated card: a receipt's barcode, a decimal's long fraction
        (["2026-01-02", f"#### #### #### {VISA[-4:]}", "09/28", f"ok {BARCODE}"], False),
        (["2026-01-02", f"XXXX-XXXX-XXXX-{VISA[-4:]}", "09/28", f"pay\u00e9 {FRACTION[:2]}.{FRACTION[2:]}"], False),
        (["2026-01-02", f"**** **** **** {VISA[-4:]}", "09/28", "ok"], False),
    ],
)
def test_holds_named_card(row: list[str], held: bool) -> None:
    assert holds_named_card("\t".join(row), card_tails(row, (1,))) is held


def _grouped(number: str, sep: str, sizes: tuple[int, ...] = (4, 4, 4, 4)) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at:at + size])
        at += size
    return sep.join(parts)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # a whole card number, its groups apart with an en dash, a narrow no-break space or behind Excel's text
        # prefix: the card itself (judged by the PAN detector), not a truncated card's stand-in
        (_grouped(VISA, "\u2013"), False),
        (_grouped(VISA, "\u202f"), False),
        ("'" + _grouped(VISA, " "), False),
        ("'" + _grouped(VISA, "\u2013"), False),
        (_grouped(VISA, "\u00a0"), False),
        (VISA, False),
        # ... or kept as text by Excel's formula ``="…"``, a 12-digit Maestro too (the PAN detector finds it by its
        # column; its expiry beside it stays reported)
        (f'="{VISA}"', False),
        (f'="{MAESTRO12}"', False),
        # near misses that stay a truncated card's cell: masked, last four only, a link
        (f'="**** {VISA[-4:]}"', True),
        (f'="{VISA[-4:]}"', True),
        (f"**** **** **** {VISA[-4:]}", True),
        (f"\u2022\u2022\u2022\u2022\u2013{VISA[-4:]}", True),
        (f"'x{VISA[-4:]}", True),
    ],
    ids=masked_id,
)
def test_names_card_reads_a_whole_number_in_other_dashes(cell: str, names: bool) -> None:
    assert names_card(["2026-01-02", cell, "09/28"], (1,)) is names


def test_holds_named_card_reads_other_dashes() -> None:
    row = ["2026-01-02", f"xxxx{VISA[-4:]}", "09/28", f"note {_grouped(VISA, chr(0x2013))}"]
    assert holds_named_card("\t".join(row), card_tails(row, (1,)))
