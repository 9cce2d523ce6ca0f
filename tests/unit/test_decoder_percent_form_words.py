"""A form value's words joined by ``+`` (``scanners.decoders.percent``: ``WORDS_TRIGGERS``): application/x-www-form-
urlencoded writes a space as ``+``, so a Twilio ``<Gather input="speech">`` webhook logs ``SpeechResult=My+card+
number+is+<pan>.&Confidence=0.9``. The value is read with ``+`` as a space when it is a key's value of words and
numbers. Near misses: a base64 blob's ``+``, a phone's ``+`` (``%2B`` in a form, a bare ``+`` elsewhere), an order
number said the same way."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Backend, Engine

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
MAESTRO = luhn("67594112950")  # twelve digits, a Maestro range
SPOKEN = "+".join(WORDS[int(c)] for c in PAN).replace("zero", "oh")
GROUPED = "+".join(PAN[i : i + 4] for i in range(0, 16, 4))
PAIRS = "+".join(PAN[i : i + 2] for i in range(0, 16, 2))


def webhook(params: str) -> str:
    """An IVR app's log line of a ``<Gather>`` action request's form body."""
    return ("2024-04-22T23:04:33.326Z [ivr-speech] DEBUG gather-result CallSid=CA0123456789abcdef0123456789abcdef&"
            f"{params}&To=%2B16175550110&CallStatus=in-progress&Confidence=0.9172&Caller=%2B13035550123")


POSITIVES = [
    ("digits", webhook(f"SpeechResult=My+card+number+is+{PAN}."), ("pan", PAN)),
    ("twelve digits", webhook(f"SpeechResult=My+card+number+is+{MAESTRO}."), ("pan", MAESTRO)),
    ("grouped", webhook(f"SpeechResult=My+card+number+is+{GROUPED}."), ("pan", PAN)),
    ("spoken", webhook(f"SpeechResult=it%27s+{SPOKEN}"), ("pan", PAN)),
    ("spoken no escape", webhook(f"SpeechResult={SPOKEN}"), ("pan", PAN)),
    ("code", webhook("SpeechResult=the+security+code+is+388"), ("cvv", "388")),
    ("last field", f"hook body: Digits=&SpeechResult=My+card+number+is+{PAN}", ("pan", PAN)),
    # an SMS webhook's Body (Twilio: From, To, Body, ... form-urlencoded): a card read out in pairs after its word,
    # then a masked card's dashes
    ("pairs", webhook(f"Body=card+{PAIRS}.+card+on+file+XXXX-XXXX-XXXX-1666."), ("pan", PAN)),
    ("pairs after a label", webhook(f"Body=mi+tarjeta+es+{PAIRS}"), ("pan", PAN)),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("line", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_card_data_in_a_plus_encoded_form_value(backend: Backend, line: str, found: tuple[str, str]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(line) if s.type in ("pan", "cvv", "expiry")]
    assert [(s.type, s.value, s.encoding) for s in spans] == [(*found, ("percent",))]


B64 = "dGhpcyBpcyBub3QgYSBjYXJk+" + PAN + "+QUJDRGVmZ2hpams="  # digits between a blob's "+"
NEGATIVES = [
    ("order number", webhook(f"SpeechResult=my+order+number+is+{PAN}")),
    ("callback", webhook("SpeechResult=call+me+back+at+3035550123")),
    ("blob in a form", webhook(f"sig={B64}")),
    ("blob", f"token {B64} end"),
    ("phone in a form", webhook(f"Msg=call+from+%2B{PAN[:-1]}")),
    ("phone in text", f"agent note: customer called from +{PAN[:-1]} today"),
    ("not a value", f"note: my+card+is+{PAN[:-1]}+x9"),
    ("mixed piece", webhook(f"x=ab+{PAN}c")),
    ("pairs no card word", webhook(f"Body=call+me+{PAIRS}")),
    ("phone in pairs", webhook("Body=ma+carte+06+12+34+56+78")),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("line", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_stay_quiet(backend: Backend, line: str) -> None:
    assert [s.type for s in Engine(backend=backend).scan_text(line) if s.type in ("pan", "cvv", "expiry")] == []
