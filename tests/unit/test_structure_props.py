"""The fast paths of ``detectors.structure`` and ``held_values`` and the pipeline's line/column locator agree with
plain reference implementations (a full ``_IMMEDIATE`` search and a character-by-character bracket walk; ``textio``
from text[0]).

Strategies draw only structure: keys, brackets, quotes and blanks, never card data."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors import dump_owners, held_values, structure
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.engine.finding import Record
from scanners.engine.pipeline import _Locator
from scanners.engine.textio import column_at, count_breaks

PIECES = [
    '"', '\\"', "{", "}", "[", "]", ":", " ", "\t", "\n", "\r", "=", "<", ">", "'", ",", "&", "?", ";",
    "cvv", "value", "exp", "card", "x" * 70, " " * 30, '"cvv": ', '"value": {', '"originalValue": "',
    '"expiry": {', "<CardCode ", 'cvv="', "card[cvc]=", "123", "\u00e9", '"resolvedValues": [\\"', "  \n  ",
    "VALUE", "Values", '"cvvValue": "',
    "k" * 20, '"cardSecurityCodeValueForTheOnlyCardOnFileInThisAccount1": "',
    "card:'", " slots: { cvv: { value: '", '\\"' + "k" * 64 + '\\": ',
    "originalValue=", " Value = ", "(", ")", "Slot Cvv: ", "cvv=Slot(", "resolvedValues=[",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join)
fast = settings(max_examples=400, deadline=None)


def parent_reference(text: str, i: int, lo: int) -> tuple[str, int] | None:
    depth = 0
    while i > lo:
        i -= 1
        if text[i] in "}]":
            depth += 1
        elif text[i] in "{[":
            if depth == 0:
                m = structure._PARENT.search(text, max(lo, i - 80), i)
                if m is None and text[i] == "{" and text[max(lo, i - 80) : i].rstrip(" \t\r\n")[-1:] in ("[", ","):
                    continue  # an array's element with no key of its own: passed through to the array's key
                return (m["key"] or m["bare"], m.start()) if m else None
            depth -= 1
    return None


def owner_keys_reference(text: str, at: int, depth: int = 4) -> list[str]:
    lo = max(0, at - structure.REACH)
    m = structure._IMMEDIATE.search(text, max(lo, at - 260), at)
    if m is None:
        return []
    member = m["json"] or m["bare"]  # a quoted key, or a bare one before a single-quoted value (util.inspect)
    keys = [structure.norm(member or m["form"] or m["tag"] or m["attr"])]
    if m["outer"]:
        keys.append(structure.norm(m["outer"]))
    if member is None:
        return keys
    i = m.start()
    while len(keys) < depth and (parent := parent_reference(text, i, lo)) is not None:
        keys.append(structure.norm(parent[0]))
        i = parent[1]
    return keys


def owned_by_reference(text: str, at: int, wanted: re.Pattern[str]) -> bool:
    for key in owner_keys_reference(text, at):
        if key not in structure.GENERIC:
            return wanted.fullmatch(key) is not None
    return False


def dump_owned_by_reference(text: str, at: int, wanted: re.Pattern[str]) -> bool:
    """A Java or .NET object dump's member (``originalValue=``, ``OriginalValue = ``): its object keys decide."""
    keys = [structure.norm(k) for k in dump_owners.object_keys(text, at)]
    key = next((k for k in keys if k not in structure.GENERIC), None)
    return key is not None and wanted.fullmatch(key) is not None


def held_values_reference(text: str, pos: int, endpos: int, wanted: re.Pattern[str]) -> list[int]:
    return [
        m.end()
        for m in held_values._HOLDER.finditer(text, max(0, pos - 40), endpos)
        if m.end() >= pos
        and (
            dump_owned_by_reference(text, m.end(), wanted)
            if "=" in m.group() and m.group()[-1] not in "\"'"
            else owned_by_reference(text, m.end(), wanted)
        )
    ]


@fast
@given(texts, st.data())
def test_held_values_match_the_reference(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for wanted in (Cvv.KEY, Expiry.KEY):
        found = list(held_values.held_values(text, pos, endpos, wanted))
        assert found == held_values_reference(text, pos, endpos, wanted)


@fast
@given(texts, st.data())
def test_owner_keys_match_the_reference(text: str, data: st.DataObject) -> None:
    for at in data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=8)):
        for depth in (1, 2, 4):
            assert structure.owner_keys(text, at, depth) == owner_keys_reference(text, at, depth)
        for wanted in (Cvv.KEY, Expiry.KEY):
            assert structure.owned_by(text, at, wanted) == owned_by_reference(text, at, wanted)


def test_owner_keys_reach_through_holders() -> None:
    text = '{"card": {"cvv": {"value": {"originalValue": "123"}}}}'
    at = text.index("123")
    assert structure.owner_keys(text, at) == ["originalvalue", "value", "cvv", "card"]
    assert structure.owned_by(text, at, Cvv.KEY)
    assert not structure.owned_by(text, at, Expiry.KEY)
    assert structure.owned_by(text.replace("cvv", "expiry"), at + 3, Expiry.KEY)  # a new text: no stale cache


@fast
@given(
    st.lists(st.sampled_from(["a", "bc ", "\n", "\r\n", "\r", "\n\r", "xyz"]), max_size=60).map("".join),
    st.data(),
    st.integers(1, 5),
)
def test_locator_matches_textio(text: str, data: st.DataObject, first_column: int) -> None:
    record = Record(text=text, source="file", location={"path": "p"}, first_line=3, first_column=first_column)
    locate = _Locator(record)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=12))
    offsets = [o for o in offsets if text[o - 1 : o + 1] != "\r\n"]  # a span never starts inside a CRLF
    for offset in sorted(offsets) + offsets:  # ascending (the usual case), then in any order
        loc = locate(offset)
        assert loc["line"] == 3 + count_breaks(text, 0, offset)
        assert loc["column"] == column_at(text, offset, first_column)
