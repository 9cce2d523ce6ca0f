"""Integer literals that are operands in minified JavaScript (red-team rounds 67 and 87, ``cards.jsliterals``): a
bare number assigned to a minified one- or two-letter name or returned, on a line with a minified function head, is
a constant of the code. A card under a name of its own, in a string literal or in a JSON blob in the bundle stays a
card, as does a bare number on a line of no code. Values are built at run time."""

import pytest

from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

E = Engine(backend="re")


VISA = luhn("453201511283036")
MC = luhn("538516204719805")
CHUNK = "(self.webpackChunk=self.webpackChunk||[]).push([[310],{54405:function(e,t,n){\"use strict\";"
IIFE = '!function(e,t){"use strict";var n=[3873487800,1138685001,2940131055],'


def pans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in E.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    "text",
    [
        CHUNK + f"n.d(t,{{Z:function(){{return {VISA}}}}});var r={MC},o=\"mfZNPPXPYI387n5uzPlsgyV2\"}}}}]);",
        IIFE + f'r={VISA},o="9589c39962eea622b482";function i(e){{return e*0.109%r}}t.v="7.20.76"}}(window,{{}});',
        CHUNK + f"var ab={VISA};return ab}}}}]);",
    ],
)
def test_minified_operand_quiet(text: str) -> None:
    assert pans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        CHUNK + f"var card={VISA},o=1;return card}}}}]);",  # a name of its own
        CHUNK + f"var r={{cardNumber:{VISA},cvc:123}};return r}}}}]);",  # a key that names it
        CHUNK + f'var r={{"pan":"{VISA}"}};return r}}}}]);',  # a string literal in a JSON blob
        CHUNK + f'var r={{"pan":{VISA}}};return r}}}}]);',  # a bare number under a JSON key
        CHUNK + f'var o="{VISA}";return o}}}}]);',  # a string literal
        f"var r={VISA},o=1;",  # no minified function head on the line: not known to be code
        f"order r={VISA}; status=ok",  # a log line
        f"function handle(event, ctx) {{ var r={VISA}; }}",  # readable code's head: not a minifier's
    ],
)
def test_still_a_card(text: str) -> None:
    assert pans(text) == [VISA]
