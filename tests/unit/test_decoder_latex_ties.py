"""LatexTiesDecoder: digit groups joined by LaTeX ties (``~``, a non-breaking space) read as spaced groups, so the PAN
detector judges them as a number typed with spaces. Both back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.decoders.latex_ties import LatexTiesDecoder
from scanners.engine.core import Engine

D = LatexTiesDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
VISA, AMEX = "4111111111111111", "378282246310005"


def _tied(pan: str, sizes: tuple[int, ...] = (4, 4, 4, 4)) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(pan[i : i + n])
        i += n
    return "~".join(out)


CASES = [
    ("texttt", "Card: \\texttt{" + _tied(VISA) + "}\\\\", {"pan"}),
    ("amex-bare", "Amex " + _tied(AMEX, (4, 6, 5)) + " on file", {"pan"}),
    ("tabular-cell", "Jane Doe & " + _tied(VISA) + " & 08/29 \\\\", {"pan"}),
    # near misses: not Luhn; a masked number; a range of pages
    ("not-luhn", "Card: \\texttt{" + _tied(VISA[:-1] + "2") + "}", set()),
    ("masked", "Card: \\texttt{4111~XXXX~XXXX~1111}", set()),
    ("pages", "see pp.~12~14", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_tied_groups_read_as_spaced(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_segment_is_the_run_with_ties_as_spaces() -> None:
    text = "Card: \\texttt{" + _tied(VISA) + "}"
    (got,) = list(D.decode(text))
    assert (got.start, got.end) == (text.index("4111"), text.index("}"))
    assert got.text == _tied(VISA).replace("~", " ")
    assert got.same_places
