"""CefDecoder: ArcSight CEF records' escapes (``\\|`` in the header; ``\\=``, ``\\\\``, ``\\n``, ``\\r`` in the
extension) are read, so a value logged with its own ``=`` is found; a record without an escape is left alone."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.cef import CefDecoder
from scanners.engine.core import Backend, Engine

D = CefDecoder()
HEAD = r"<134>2024-05-01T08:02:54 host CEF:0|Acme\|Pay|IVR Gateway|2.1|604|Payment event|3|"


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("492906900679218")

CASES = [
    ("track2", rf"src=10.0.0.1 msg=terminal read ok track2\=;{PAN}\=27121010000000? pos\=90",
     f"src=10.0.0.1 msg=terminal read ok track2=;{PAN}=27121010000000? pos=90", {"track", "pan"}),
    ("percent-form", rf"msg=type\=card&card%5Bnumber%5D\={PAN}&card%5Bexp_month%5D\=12&card%5Bexp_year%5D\=2029"
     r"&card%5Bcvc%5D\=837",
     f"msg=type=card&card%5Bnumber%5D={PAN}&card%5Bexp_month%5D=12&card%5Bexp_year%5D=2029&card%5Bcvc%5D=837",
     {"pan", "expiry", "cvv"}),
    ("breaks-and-backslash", r"msg=note\nsecurity code\=837 path\=C:\\tmp",
     "msg=note\nsecurity code=837 path=C:\\tmp", {"cvv"}),
]


@pytest.mark.parametrize(("ext", "decoded"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_escapes_are_read(ext: str, decoded: str) -> None:
    text = HEAD + ext
    (seg,) = list(D.decode(text))
    assert seg.text == "CEF:0|Acme|Pay|IVR Gateway|2.1|604|Payment event|3|" + decoded
    assert (seg.start, seg.end, seg.encoding) == (text.index("CEF:"), len(text), ("cef",))


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("ext", "types"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_the_engine_finds_what_the_escapes_hid(backend: Backend, ext: str, types: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(HEAD + ext)} >= types


@pytest.mark.parametrize(
    "text",
    [
        HEAD.replace("\\|", "") + "src=10.0.0.1 msg=order shipped cs1=42",  # no escape
        r"CEF:0|Acme|Pay|1|2|only five fields\=|msg\=x",  # not a CEF header
        r"a log line: key\=value CEF-like",  # no CEF record
    ],
    ids=["no-escape", "short-header", "no-record"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text)) == []
