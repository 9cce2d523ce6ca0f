"""MIME base64 (76-character lines) stored in a JSON string, its line breaks the escapes ``\\r\\n`` or ``\\n`` (a
webhook's attachment, Java's ``getMimeEncoder``): the block decodes whole, from any of its pieces; escaped line breaks
between pieces of unequal or odd width (ordinary text, separate values) glue nothing."""

from __future__ import annotations

import base64
import json

import pytest

from scanners.decoders._escaped_wrap import escaped_block
from scanners.decoders.base64 import Base64Decoder
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id

PAN = luhn_id("5358", 16)
B = Base64Decoder()
CSV = f"date,customer,card,exp,cvv\r\n2026-11-05,A. Kim,{PAN},04/29,333\r\n"


def mime(body: str, width: int = 76) -> list[str]:
    encoded = base64.b64encode(body.encode()).decode()
    return [encoded[i : i + width] for i in range(0, len(encoded), width)]


def attachment(lines: list[str], eol: str = "\r\n") -> str:
    """A webhook's JSON record with the lines joined by ``eol`` (JSON escapes it)."""
    return json.dumps({"filename": "refunds.csv", "contentType": "text/csv", "content": eol.join(lines)})


LONG = "x" * 100 + f" card {PAN} exp 04/29 " + "y" * 100
CASES = [  # (id, line, decoded body, line width)
    ("crlf-csv", attachment(mime(CSV)), CSV, 76),
    ("lf", attachment(mime(LONG), "\n"), LONG, 76),
    ("pem-64", attachment(mime(LONG, 64)), LONG, 64),
    ("json-in-json", json.dumps({"body": attachment(mime(LONG))}), LONG, 76),  # the breaks escaped twice: \\r\\n
    ("trailing-break", attachment([*mime(LONG), ""]), LONG, 76),
]


@pytest.mark.parametrize(("line", "body", "width"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_block_with_escaped_breaks_decodes_whole_from_any_piece(line: str, body: str, width: int) -> None:
    pieces = mime(body, width)
    for piece in pieces:  # a window on each piece
        at = line.index(piece)
        got = [s for s in B.decode(line, at, at + len(piece)) if body in s.text]
        assert len(got) == 1 and line[got[0].start : got[0].end].startswith(pieces[0])


def test_engine_finds_card_expiry_and_code_of_the_csv(each_engine: Engine) -> None:
    found = {(s.type, s.value) for s in each_engine.scan_text(f"ok\n{attachment(mime(CSV))}\nok")}
    assert {t for t, _ in found} == {"pan", "expiry", "cvv"} and ("pan", PAN) in found


def _text(lines: list[str], eol: str = "\\r\\n") -> str:
    return '{"note": "' + eol.join(lines) + '"}'


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (_text(["A" * 76, "B" * 76, "C" * 20]), (10, 10 + 76 + 4 + 76 + 4 + 20)),
        (_text(["A" * 76, "B" * 72, "C" * 20]), None),  # unequal widths
        (_text(["A" * 50, "B" * 50, "C" * 20]), None),  # no multiple of four
        (_text(["A" * 32, "B" * 32, "C" * 20]), None),  # too short for a wrapped line
        (_text(["A" * 76, "B" * 80]), None),  # a last line longer than the others
        (_text(["A" * 76]), None),  # one line
        (_text(["A" * 76, "B" * 76], "\\n")[:-2] + '\\r\\nCCCC"}', None),  # two kinds of break
        (_text(["A" * 74 + "==", "B" * 76]), None),  # padding in a full line
        (_text(["Content-Transfer-Encoding: base64", "", "A" * 76, "B" * 20]), None),  # a mail: json_escape's
    ],
    ids=["block", "unequal", "odd-width", "short", "long-last", "one-line", "mixed-breaks", "padded", "mail-part"],
)
def test_escaped_block_bounds(text: str, want: tuple[int, int] | None) -> None:
    s = text.index("A")
    e = s + len(text[s:].split("\\")[0])
    assert escaped_block(text, s, e, 40) == want


def test_separate_values_of_one_width_still_decode() -> None:
    lines = [base64.b64encode(f"id-{i:054d}".encode()).decode() for i in range(2)] + [
        base64.b64encode(f"card {PAN}".encode()).decode()]
    text = _text(lines, "\\n")
    assert any(PAN in s.text for s in B.decode(text, 0, len(text)))
