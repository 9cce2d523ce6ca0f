"""ShortCardRowsDecoder: a 12-digit card number (Maestro) is a card only with a reason; its expiry and code in the
next fields of a row are one (a DMS CSV without a header, a driver's ``Failing row contains (...)``). The number,
the expiry and the code are reported on the row's line; twelve digits without them stay quiet. Both back ends
agree."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.decoders.short_card_rows import TRIGGERS, short_card_row
from scanners.engine.core import Engine


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
MAESTRO = luhn("67590000001")
NOT_A_CARD = luhn("12345678901")  # no card IIN
UUID = "610d8ca8-bd4f-4356-8959-91e8ac000000"

CASES = [
    ("dms-csv-no-header", f"I,2024-07-27 22:43:42.123456,8841,{UUID},{MAESTRO},0231,960,1901.22,+14155550100",
     {"pan", "expiry", "cvv"}),
    ("jdbc-failing-row", f"  Detail: Failing row contains (8841, {UUID}, {MAESTRO}, 01/31, 924).",
     {"pan", "expiry", "cvv"}),
    ("pipe-dump", f"{MAESTRO}|02/2031|9241", {"pan", "expiry", "cvv"}),
    ("unpadded-dash-date", f"I,8841,{MAESTRO},2-31,960", {"pan", "expiry", "cvv"}),  # as ``rowfields`` reads a row
    # near misses: no code after the date, no date, a number without a card IIN, digits running on, an amount
    ("date-without-code", f"I,8841,{MAESTRO},0231,,1901.22", set()),
    ("code-without-date", f"I,8841,{MAESTRO},960,1901.22", set()),
    ("not-a-card-iin", f"I,8841,{NOT_A_CARD},0231,960", set()),
    ("part-of-a-longer-number", f"I,9{MAESTRO},0231,960", set()),
    ("code-is-an-amount", f"I,8841,{MAESTRO},0231,960.50", set()),
    ("month-and-long-year-unseparated", f"I,8841,{MAESTRO},022031,960", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_short_card_rows(name: str, text: str, want: set[str]) -> None:
    got = [sorted((f.type, f.start, f.end) for f in engine.scan_text(text)) for engine in ENGINES]
    assert {t for t, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_short_card_row_writes_a_keyed_record() -> None:
    assert short_card_row(f"x,{MAESTRO},0231,960") == (
        '{"card_number": "' + MAESTRO + '", "card_expiry": "0231", "card_cvv": "960"}')
    assert short_card_row(f"x,{NOT_A_CARD},0231,960") is None


_FIELD = st.text(alphabet="0123456789abcXYZ_.-/: ,;|\t", max_size=8)


@example(before="I,8841,", lead="6", body="7590000001", sep1=",", exp="0231", sep2=",", code="960", after=",1.5")
@settings(max_examples=300, deadline=None)
@given(before=_FIELD, lead=st.sampled_from("0123456789"), body=st.text(alphabet="0123456789", min_size=10,
                                                                    max_size=10),
       sep1=st.sampled_from([",", " ", "\t", " | ", ";", ", "]),
       exp=st.sampled_from(["0231", "02/31", "12/2031", "2-31", "1331"]), sep2=st.sampled_from([",", " ", "|", ",  "]),
       code=st.text(alphabet="0123456789", min_size=3, max_size=4), after=_FIELD)
def test_the_trigger_follows_the_row(before: str, lead: str, body: str, sep1: str, exp: str, sep2: str, code: str,
                                     after: str) -> None:
    """Every row the decoder reads is one its trigger fires on (the trigger is anchored on a field's first digit and
    on the leading digits of the ranges issued at twelve digits)."""
    line = f"{before}{luhn(lead + body)}{sep1}{exp}{sep2}{code}{after}"
    if short_card_row(line) is not None:
        assert re.search(TRIGGERS[0], line, re.M), "a row the decoder reads escapes its trigger"
