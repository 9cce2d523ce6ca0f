"""WordRunsDecoder: a WordprocessingML paragraph (``document.xml`` text in a log, a ticket or a flat ``.xml``) is read
as Word renders it, its ``<w:t>`` runs joined; separate paragraphs (table cells among them) are never joined. Both
back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.decoders.word_runs import WordRunsDecoder
from scanners.engine.core import Engine

D = WordRunsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
VISA, MC, AMEX = "4111111111111111", "5500000000000004", "378282246310005"
_BOLD = "<w:rPr><w:b/></w:rPr>"


def _run(text: str, props: str = "") -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{props}<w:t{space}>{text}</w:t></w:r>"


def _para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _groups(pan: str, sizes: tuple[int, ...] = (4, 4, 4, 4), tail: str = " ") -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(pan[i : i + n] + tail)
        i += n
    return out


CASES = [
    ("bold-groups", _para(_run("Card: "), *(_run(g, _BOLD) for g in _groups(VISA))), {"pan"}),
    ("digit-runs", _para(*(_run(d) for d in MC)), {"pan"}),
    ("amex-groups", "<w:body>" + _para(*(_run(g) for g in _groups(AMEX, (4, 6, 5)))) + "</w:body>", {"pan"}),
    ("tab-between", _para(_run("Card"), "<w:r><w:tab/></w:r>", *(_run(g, _BOLD) for g in _groups(VISA))), {"pan"}),
    ("nb-hyphens", _para(*(_run(g, _BOLD) + "<w:r><w:noBreakHyphen/></w:r>" for g in _groups(VISA, tail=""))),
     {"pan"}),
    # near misses: paragraphs (and so table cells) are separate values; masked; not Luhn
    ("two-paragraphs", _para(_run(VISA[:8] + " ")) + _para(_run(VISA[8:])), set()),
    ("table-cells", "<w:tr>" + "".join(f"<w:tc>{_para(_run(g))}</w:tc>" for g in _groups(VISA, tail="")) + "</w:tr>",
     set()),
    ("masked", _para(*(_run(g) for g in _groups("XXXXXXXXXXXX1111"))), set()),
    ("not-luhn", _para(*(_run(d) for d in VISA[:-1] + "2")), set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_runs_of_a_paragraph_join(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_paragraph_text_is_its_runs_in_order() -> None:
    text = "<w:body>" + _para(_run("Card: "), _run("4111 ", _BOLD), _run("1111&amp;")) + "</w:body>"
    (got,) = list(D.decode(text))
    assert text[got.start : got.end].startswith("<w:p>")
    assert got.text == "Card: 4111 1111&"
    assert got.encoding == ("word_runs",)


def test_one_run_with_digits_is_read_in_place() -> None:
    assert list(D.decode(_para(_run("Card: "), _run("4111 1111 1111 1111")))) == []
