"""Encoded runs longer than the engine's window around their trigger hits (``engine.core.LINE_REACH``): a 9 KB
percent-encoded form body, a hex dump of a long payload, an escaped JSON string, HTML entities, octal escapes. The
card sits deep inside the run, far from where the run starts; each decoder reads the run whole from any window
that touches it (as ``test_decoder_base64_long`` checks for base64), never only the runs inside the window."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scanners.decoders.hex import HexDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import SEGMENT, collecting
from tests.unit.test_card_summary import _luhn

PAN = _luhn("411111111111111")  # the published Visa test number, check digit computed


def _entities(s: str) -> str:
    return "".join(f"&#{ord(c)};" for c in s)


def _json_u(s: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in s)


def _octal(s: str) -> str:
    return "".join(f"\\{ord(c):03o}" for c in s)


def _percent(s: str) -> str:
    return "".join(f"%{ord(c):02X}" for c in s)


# each builder: ``pad`` characters of plain text before the card, encoded together with it as one run
BUILDERS: dict[str, Callable[[int], str]] = {
    "hex": lambda pad: '{"payload": "' + ("x" * pad + f" card {PAN} exp 12/29 ").encode().hex() + '"}',
    "json_escape": lambda pad: '{"body": "' + "lorem ipsum " * (pad // 12) + "card number " + _json_u(PAN) + '"}',
    "html_entity": lambda pad: "<p>" + _entities("a" * pad + " card number " + PAN) + "</p>",
    "octal": lambda pad: 'msg="' + _octal("z" * pad + " card " + PAN) + '"',
    "percent": lambda pad: "GET /pay?note=" + _percent("q" * pad + " card " + PAN) + " HTTP/1.1",
}


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("pad", [10, 3000, 9000, 40000])
@pytest.mark.parametrize("decoder", sorted(BUILDERS))
def test_card_deep_inside_a_long_run_is_found(decoder: str, pad: int, backend: Backend) -> None:
    line = BUILDERS[decoder](pad)
    with collecting() as reached:
        spans = Engine(backend=backend).scan_text(f"first line\n{line}\nlast line\n")
    assert not reached
    assert [s for s in spans if s.type == "pan" and s.value == PAN and s.encoding[:1] == (decoder,)]


def test_a_hex_run_over_the_segment_limit_is_a_coverage_reason() -> None:
    line = BUILDERS["hex"](3000)
    with collecting() as reached:
        spans = Engine(decoders=[HexDecoder(max_segment=2048)]).scan_text(line)
    assert reached == {SEGMENT}
    assert not [s for s in spans if s.encoding]
