"""Meta's data export (Facebook, Instagram, Messenger "Download your information" JSON) writes each UTF-8 byte of a
non-ASCII character as a ``\\u00XX`` escape: the JSON decoder reads such runs back as UTF-8 (``json_escape``), so a
code in Arabic-Indic digits, a card number split by ideographic spaces, middle dots or struck-through digits reads
as written. Near misses: Latin-1 text that is no UTF-8 stays as it is, and a mojibake name with no number beside it
reports nothing."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.json_escape import JsonEscapeDecoder, utf8_read
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn
from tests.unit.detector_contract import masked_id

J = JsonEscapeDecoder()



PAN = luhn("601100099990132")
GROUPS = [PAN[i : i + 4] for i in range(0, 16, 4)]


def meta(text: str) -> str:
    """``text`` as a Meta export writes a string: every UTF-8 byte of a non-ASCII character a ``\\u00XX`` escape."""
    return "".join("".join(f"\\u00{b:02x}" for b in c.encode()) if ord(c) > 0x7F else c for c in text)


def message(text: str) -> str:
    return f'    {{"sender_name": "Acme Store", "timestamp_ms": 1718000000000, "content": "{meta(text)}"}},'


# (what was typed, the types the engine reports)
TYPED = [
    (f"card: {chr(0x3000).join(GROUPS)}", {"pan"}),  # ideographic spaces
    (f"card {' '.join(''.join(chr(0xE50 + int(c)) for c in g) for g in GROUPS)}", {"pan"}),  # Thai digits
    (f"card {' '.join(''.join(c + chr(0x336) for c in g) for g in GROUPS)}", {"pan"}),  # struck through
    (f"card {chr(0xFEFF).join(GROUPS)}", {"pan"}),  # byte order marks between groups
    ("and the / CSC \u0668\u0669\u0663 thanks", {"cvv"}),  # Arabic-Indic digits
    ("\u0631\u0642\u0645 \u0627\u0644\u0628\u0637\u0627\u0642\u0629: " + "\u2013".join(GROUPS), {"pan"}),
]


@pytest.mark.parametrize(("typed", "types"), TYPED, ids=masked_id)
def test_the_export_reads_as_typed(typed: str, types: set[str]) -> None:
    line = message(typed)
    assert json.loads(line.strip().rstrip(","))["content"] != typed  # what the export holds is mojibake
    assert any(typed in seg.text for seg in J.decode(line))


@pytest.mark.parametrize(("typed", "types"), TYPED, ids=masked_id)
def test_the_engine_finds_it(each_engine: Engine, typed: str, types: set[str]) -> None:
    spans = each_engine.scan_text(message(typed))
    assert {s.type for s in spans} == types
    assert all(s.encoding[0] == "json_escape" for s in spans)


def test_latin1_text_that_is_no_utf8_stays() -> None:
    for text in ("\u00e9t\u00e9 \u00e0 Z\u00fcrich", "\u00c3 la carte", "caf\u00e9\u00a9"):
        assert utf8_read(text) == text
    assert utf8_read("Jos\u00c3\u00a9 M\u00c3\u00bcller") == "Jos\u00e9 M\u00fcller"


def test_a_name_without_a_number_reports_nothing(each_engine: Engine) -> None:
    assert each_engine.scan_text(message("Hi, this is Jos\u00e9 M\u00fcller from Z\u00fcrich, order 1234")) == []
