"""EmphasisGroupsDecoder, inline tags between bare groups, Slack rich_text runs, and the middle dot and `` | `` as
group separators: a card number with every other group emphasised (Markdown ``**``, Slack mrkdwn ``*``, HTML
``<b>``, one rich_text element a group) reads as one number; masked numbers, products, table rows and values that
fail the card checks stay quiet. Values are built at run time; both back ends give the same spans."""

from __future__ import annotations

import json

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn as _luhn

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))



PAN = _luhn("453914880343646")
AMEX = _luhn("37828224631001")
G = [PAN[i : i + 4] for i in range(0, 16, 4)]
A = [AMEX[:4], AMEX[4:10], AMEX[10:]]
BAD = [*G[:3], G[3][:3] + str((int(G[3][3]) + 1) % 10)]


def _alt(groups: list[str], mark: str) -> str:
    return " ".join(f"{mark}{g}{mark}" if i % 2 else g for i, g in enumerate(groups))


def _rich(groups: list[str]) -> str:
    elements = [{"type": "text", "text": "card "}] + [
        {"type": "text", "text": g + " ", **({"style": {"bold": True}} if i % 2 else {})} for i, g in enumerate(groups)]
    return json.dumps({"blocks": [{"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": elements}]}]}, indent=4)


def _rich_halves(groups: list[str]) -> str:
    """Slack's composer: the first two groups bold in one element, the rest plain in the next, one per line."""
    elements = [{"type": "text", "text": "card "},
                {"type": "text", "text": " ".join(groups[:2]), "style": {"bold": True}},
                {"type": "text", "text": " " + " ".join(groups[2:])}]
    head = '{"blocks": [{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [\n'
    return head + ",\n".join("    " + json.dumps(e) for e in elements) + "\n]}]}]}"


CASES = [
    ("mrkdwn-bold-two-groups", f'"text": "card *{G[0]} {G[1]}* {G[2]} {G[3]}",', {"pan"}),
    ("mrkdwn-strike-last-two", f'"text": "card {G[0]} {G[1]} ~{G[2]} {G[3]}~",', {"pan"}),
    ("slack-rich-text-halves", _rich_halves(G), {"pan"}),
    ("mrkdwn-two-groups-not-luhn", f'"text": "card *{BAD[0]} {BAD[1]}* {BAD[2]} {BAD[3]}",', set()),
    ("slack-rich-halves-not-luhn", _rich_halves(BAD), set()),
    ("md-bold", f"- my card number is {_alt(G, '**')} – pls process today", {"pan"}),
    ("mrkdwn-bold", f'"text": "card {_alt(G, "*")}",', {"pan"}),
    ("md-bold-first", " ".join(f"**{g}**" if i % 2 == 0 else g for i, g in enumerate(G)), {"pan"}),
    ("underscore-amex", f"card {_alt(A, '_')}", {"pan"}),
    ("html-b-between", f"<p>please charge my visa {G[0]} <b>{G[1]}</b> {G[2]} <b>{G[3]}</b></p>", {"pan"}),
    ("html-b-amex", f"<p>new card {A[0]} <b>{A[1]}</b> {A[2]} ok</p>", {"pan"}),
    ("slack-rich-text", _rich(G), {"pan"}),
    ("middot", "here is the card " + "\u00b7".join(G), {"pan"}),
    ("pipe", "card " + " | ".join(G), {"pan"}),
    ("table-cell-whole", "| Card | CVV |\n| --- | --- |\n| " + " ".join(G) + " | 141 |", {"pan"}),
    # near misses
    ("md-bold-not-luhn", f"card {_alt(BAD, '**')}", set()),
    ("masked-stars", f"card {G[0]} **** **** {G[3]}", set()),
    ("product", f"{G[0]} * {G[1]} * {G[2]} = total", set()),
    ("slack-rich-not-luhn", _rich(BAD), set()),
    ("table-row-pipes", "| Kai | " + " | ".join(G) + " |", set()),
    ("middot-not-luhn", "card " + "\u00b7".join(BAD), set()),
    ("pipe-years", "2019 | 2020 | 2021 | 2022", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_emphasised_groups_join(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0] if t == "pan"} == want, name
    assert got[0] == got[1]


def test_rich_text_value_on_its_element_line() -> None:
    text = _rich(G)
    (pan,) = [f for f in ENGINES[0].scan_text(text) if f.type == "pan"]
    assert text.rfind("\n", 0, pan.start) == text.rfind("\n", 0, text.index(f'"{G[0]} "'))
