"""AnsiEscapesDecoder: a line read without its ANSI escape sequences, so a card number cut by inverse video (a Jest
diff), or coloured so that a sequence's final letter is glued to its first digit, is found; written with the raw
escape character or as a string escape. A cursor move between digits does not join them, and lines where no sequence
is followed by a digit are left to the raw reading."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.ansi_escapes import AnsiEscapesDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = AnsiEscapesDecoder()
PAN = _luhn("356600202036050")  # JCB, built at run time
GROUPED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))
ESC = "\x1b"


def jest(esc: str) -> str:
    return f'    Received: {esc}[31m"{esc}[7m{PAN[:12]}{esc}[27m{PAN[12:]}"{esc}[39m'


# (line, types that must be found through the decoder)
POSITIVE = [
    pytest.param(jest(ESC), {"pan"}, id="jest-inverse-inside"),
    pytest.param(json.dumps({"log": jest(ESC) + "\n", "stream": "stdout", "time": "2024-01-20T11:22:41.130856Z"}),
                 {"pan"}, id="jest-json-u001b"),
    pytest.param(jest("\\x1b"), {"pan"}, id="python-repr-x1b"),
    pytest.param(jest("\\033"), {"pan"}, id="octal-033"),
    pytest.param(jest("\\e"), {"pan"}, id="shell-e"),
    pytest.param(f"card_number={ESC}[32m{PAN}{ESC}[39m cvv={ESC}[32m123{ESC}[39m exp={ESC}[32m12/29{ESC}[39m",
                 {"pan", "cvv", "expiry"}, id="coloured-values"),
    pytest.param(f"card {ESC}[1m{GROUPED[:4]}{ESC}[0m {GROUPED[5:]}", {"pan"}, id="bold-first-group"),
    pytest.param(f"pan: {GROUPED[:9]}{ESC}[0m{ESC}[1;38;5;208m{GROUPED[9:]}{ESC}[K", {"pan"}, id="sequences-in-a-row"),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("line", "types"), POSITIVE)
def test_the_values_are_found_in_the_line_as_shown(backend: Backend, line: str, types: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = f"head\n{line}\ntail"
    spans = Engine(backend=backend).scan_text(text)
    assert {s.type for s in spans if s.encoding[-1:] == ("ansi",)} == types
    assert all(text[: s.start].count("\n") == 1 for s in spans)
    (seg,) = D.decode(text)
    assert (seg.start, seg.end) == (5, 5 + len(line)) and "[7m" not in seg.text and "[32m" not in seg.text


NEGATIVE = [
    # a cursor move between the pieces: the terminal shows them apart
    pytest.param(f"ref {PAN[:8]}{ESC}[5C{PAN[8:]}", id="cursor-forward"),
    pytest.param(f"ref {PAN[:8]}{ESC}[12;40H{PAN[8:]}", id="cursor-position"),
    # sequences before letters or after digits only: the raw line is read as it is
    pytest.param(f"{ESC}[1mcard{ESC}[0m {PAN}{ESC}[0m ok", id="no-digit-after"),
    pytest.param(f"order {PAN[:8]}{ESC}[0m", id="sequence-after-digits"),
    # an escape written as text that is no escape sequence
    pytest.param(f"ref {PAN[:8]}\\x1b{PAN[8:]}", id="no-csi"),
]


@pytest.mark.parametrize("line", NEGATIVE)
def test_what_it_leaves_alone(line: str) -> None:
    assert all(PAN not in seg.text for seg in D.decode(line))
    assert [s for s in Engine().scan_text(line) if s.encoding[-1:] == ("ansi",)] == []


def test_limits() -> None:
    line = jest(ESC)
    assert list(AnsiEscapesDecoder(max_segment=20).decode(line)) == []
    (seg,) = AnsiEscapesDecoder(max_output=10).decode(line)
    assert len(seg.text) == 10
