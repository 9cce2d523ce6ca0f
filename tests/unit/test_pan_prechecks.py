"""The cheap exits of the PAN path skip a pattern's search only where the pattern cannot match."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards import confounders, idkeys, idprose

# the IBAN head pattern as written before its look-behind moved after the first letter
IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4})* ?$")
PROSE_PIECES = [
    *"aZ .\t\u00a0_-\\n", "id", "ref", "Ref.", "reference", "NUMBER", "no.", "order", "Invoice", "bestellnr.",
    "aws account", "gift card", "customer_account", "membership", " is", " WAS", "\tis ", "said", "tracking",
    "your ", "pspReference", "\\t", "Bestellnummer", " ist", " WAR", "n\\u00famero de pedido", "numero do fatura",
    "numero de reserva", "num\\u00e9ro de commande", " es", " est", " era", " \\u00e9",
    "commande", "Votre ", "Bestellung", "fattura", "factuur",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=12).map("".join))
@example("your order number is ")
@example("transaction ID\u00a0")
@example("ref. ")
@example("die Bestellnummer ist ")
@example("el n\\u00famero de pedido es ")
def test_prose_precheck_keeps_every_match(before: str) -> None:
    for end in range(len(before) + 1):
        lo = max(0, end - 48)
        piece = before[lo:end]
        if end and before[end - 1] in " \t\u00a0" and piece.isascii() and idprose._PROSE_BEFORE.search(before, lo, end):
            assert idprose._prose_tail(before, lo, end)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="AB12 x\n-\u00e9GB0", max_size=24), st.integers(0, 24), st.integers(0, 24))
@example("GB29 NWBK 6016 ", 0, 15)
@example("xGB29 ", 1, 6)
def test_iban_head_as_before(text: str, pos: int, end: int) -> None:
    end = min(end, len(text))
    pos = min(pos, end)
    old, new = IBAN_HEAD.search(text, pos, end), confounders._IBAN_HEAD.search(text, pos, end)
    assert (old and old.span()) == (new and new.span())


@given(st.text(alphabet='AROA12:"\\ principalIdx', max_size=60))
@example('"principalId": "AROAEXAMPLEID12345678:')
def test_principal_guard_keeps_every_match(before: str) -> None:
    start = len(before)
    if idkeys._PRINCIPAL.search(before, max(0, start - 48), start):
        assert before[start - 1] == ":" and before[start - 2] in idkeys._SESSION_END
