"""Patterns searched from their quote (``speech_turns.turn_keys`` adding an escaping backslash) find what the patterns
with their leading optional backslash found, in every window of plain, escaped and doubly escaped JSON, a backslash
at a window's edge or left inside the previous match; and ``form_dates`` skips only windows no field name is in."""

from __future__ import annotations

import re

import pytest

from scanners.detectors.field_dates import _NAME, _NAME_CORE
from scanners.detectors.form_dates import form_dates
from scanners.detectors.owned_dates import _NAMED_CORE, _NAMED_VALUE
from scanners.detectors.speech_turns import turn_keys

TEXTS = [
    '[{"key": "card[exp_month]", "value": "1"}, {"key": "card[exp_year]", "value": "2029"}]',
    '{\\"name\\": \\"exp_month\\", \\"value\\": \\"12\\"}, {\\"Name\\": \\"exp_year\\", \\"Value\\": 2030}',
    '{\\\\"KEY\\\\": \\\\"cc-exp-month\\\\", \\\\"VALUE\\\\": \\\\"7\\\\"}',
    '\\"value\\":\\"3\\"\\"value\\": 4 "vAlUe" : "55" "values": "6" "value":"77777"',
    '"name": "a"\\"key": "b\\"" \\\\"key":"c" \'key\': "d"',
]
PAIRS = [(_NAMED_VALUE, _NAMED_CORE), (_NAME, _NAME_CORE)]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("full", "core"), PAIRS)
def test_core_finds_the_full_patterns_spans(text: str, full: re.Pattern[str], core: re.Pattern[str]) -> None:
    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1, 3):
            assert list(turn_keys(core, text, lo, hi)) == [m.span() for m in full.finditer(text, lo, hi)]


FORM = "post_data=card{o}exp_year{c}=2029&card{o}number{c}=4242&card{o}exp_month{c}=5"


@pytest.mark.parametrize(("text", "found"), [
    (FORM.format(o="[", c="]"), True),
    (FORM.format(o="%5B", c="%5D"), True),
    (FORM.format(o="%5b", c="%5d"), True),
    (FORM.format(o="_", c=""), False),  # exp_ without a bracket before it: no field name
    ('{"card": {"exp_month": 5, "exp_year": 2029}}', False),
])
def test_form_fields_need_their_bracket(text: str, found: bool) -> None:
    assert bool(list(form_dates(text, 0, len(text)))) is found
