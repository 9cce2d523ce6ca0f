"""PartKeysDecoder: a card number kept in sibling keys, one part each (a Connect contact record's ``cardPart1`` and
``cardPart2`` attributes), is read as one number only when the keys name a card's parts in order, side by side, and
the parts join into a card number; other numbered keys, parts apart or out of order, masked parts and numbers that
fail Luhn stay quiet. Values are built at run time."""

from __future__ import annotations

import pytest

from scanners.cards.cardparts import part_of
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn as _luhn

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))

MC = _luhn("513440123456932")
AMEX = _luhn("37828224631000")
A, B = MC[:8], MC[8:]
BAD = MC[:-1] + str((int(MC[-1]) + 1) % 10)  # the same digits failing Luhn


def _ctr(attributes: str) -> str:
    """A Connect contact trace record as Kinesis Firehose writes it: one JSON object a line."""
    return ('{"AWSContactTraceRecordFormatVersion": "2017-03-10", "Attributes": {"lang": "en-US", ' + attributes
            + ', "amount": "167.38"}, "Channel": "VOICE", "ContactId": "6b4b6428-10e6-5860-ab75-8b3dc84ba72c"}')


CASES = [
    ("ctr-card-part", _ctr(f'"cardPart1": "{A}", "cardPart2": "{B}"'), {"pan"}),
    ("snake-number-parts", f"card_number_1={MC[:6]}&card_number_2={MC[6:12]}&card_number_3={MC[12:]}", {"pan"}),
    ("amex-two-parts", _ctr(f'"panPart1": "{AMEX[:7]}", "panPart2": "{AMEX[7:]}"'), {"pan"}),
    ("escaped-json", _ctr(f'"lambdaResult": "{{\\"cardPart1\\": \\"{A}\\", \\"cardPart2\\": \\"{B}\\"}}"'), {"pan"}),
    # near misses: keys naming no card, parts out of order or apart, a part masked, Luhn failing, one part only
    ("order-parts", _ctr(f'"orderPart1": "{A}", "orderPart2": "{B}"'), set()),
    ("reversed", _ctr(f'"cardPart2": "{A}", "cardPart1": "{B}"'), set()),
    ("apart", _ctr(f'"cardPart1": "{A}", "amount": "12", "cardPart2": "{B}"'), set()),
    ("other-stems", _ctr(f'"cardPart1": "{A}", "panPart2": "{B}"'), set()),
    ("masked-part", _ctr(f'"cardPart1": "{A}", "cardPart2": "****{B[4:]}"'), set()),
    ("not-luhn", _ctr(f'"cardPart1": "{BAD[:8]}", "cardPart2": "{BAD[8:]}"'), set()),
    ("one-part", _ctr(f'"cardPart1": "{A}"'), set()),
    ("two-whole-cards", _ctr(f'"card1": "{MC}", "card2": "{MC}"'), {"pan"}),  # each found alone, never joined
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_parts_join_under_part_keys(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0] if t == "pan"} == want, name
    assert all(v in (MC, AMEX) for t, _, _, v in got[0] if t == "pan"), name
    assert got[0] == got[1]


@pytest.mark.parametrize(("name", "part"), [("cardPart1", ("cardpart", 1)), ("card_number_2", ("cardnumber", 2)),
                                             ("Karte 3", ("karte", 3)), ("orderPart1", None), ("card", None)])
def test_part_of(name: str, part: tuple[str, int] | None) -> None:
    assert part_of(name) == part
