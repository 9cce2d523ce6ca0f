"""AsciicastDecoder: an asciinema recording read as the terminal showed it, so a card number typed one keystroke per
event or printed across two output events is found, on the line of the event where it starts; a number whole in one
event is left to the raw line, and the piece of a longer number alone is not reported (a 13-digit start read as a
short Visa). Events of the other stream, a line break in the stream, and arrays that are no events are not joined."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.asciicast import AsciicastDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = AsciicastDecoder()
PAN = _luhn("601100099013942")  # Discover, built at run time
GROUPED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))
DASHED = GROUPED.replace(" ", "-")
V2 = json.dumps({"version": 2, "width": 120, "height": 32, "timestamp": 1700000000, "env": {"SHELL": "/bin/zsh"}})
V3 = json.dumps({"version": 3, "term": {"cols": 80, "rows": 24, "type": "xterm-256color"}, "timestamp": 1700000000})
PROMPT = "\x1b[01;32m\u279c  \x1b[36mcheckout\x1b[00m "


def cast(events: list[tuple[str, str]], header: str = V2, eol: str = "\n") -> str:
    """A recording of ``(code, data)`` events (``#`` a v3 comment line), one a line after the header."""
    lines, t = [header], 0.0
    for code, data in events:
        t += 0.25
        lines.append("# " + data if code == "#" else json.dumps([round(t, 6), code, data]))
    return eol.join(lines) + eol


def typed(value: str, code: str = "o") -> list[tuple[str, str]]:
    return [(code, ch) for ch in value]


def _visa_with_short_start() -> str:
    """A 16-digit Visa whose first 13 digits are a Luhn-valid Visa 13 as well (the piece alone reads as a card)."""
    for n in range(100000):
        head = _luhn(f"4{n:011d}")
        if luhn_valid(head):
            return _luhn(head + "12")
    raise AssertionError("no such number")


VISA = _visa_with_short_start()


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (recording, what marks each event line a number starts on, the number as written)
POSITIVE = [
    pytest.param(cast([("o", "ok\r\n"), ("o", "card_number=" + PAN[:5]), ("o", PAN[5:] + " cvv=***\r\n")]),
                 json.dumps("card_number=" + PAN[:5]), PAN, id="split-plain"),
    pytest.param(cast([("o", "card_number=" + GROUPED[:7]), ("o", GROUPED[7:] + " ok\r\n")]),
                 json.dumps("card_number=" + GROUPED[:7]), GROUPED, id="split-space"),
    pytest.param(cast([("o", "card_number=" + DASHED[:15]), ("o", DASHED[15:] + "\r\n")]),
                 json.dumps("card_number=" + DASHED[:15]), DASHED, id="split-dash-after-separator"),
    pytest.param(cast([("o", PROMPT), *typed("echo "), *typed(PAN), ("o", "\r\n")]),
                 json.dumps(PAN[0]), PAN, id="keystroke-echo"),
    # asciinema rec --stdin: the keystrokes as input events, their echo as output events in between
    pytest.param(cast([*(e for ch in PAN for e in (("i", ch), ("o", ch))), ("i", "\r"), ("o", "\r\n")]),
                 (f'"i", "{PAN[0]}"', f'"o", "{PAN[0]}"'), PAN, id="input-and-echo"),
    # a number typed at a prompt that does not echo: only the input stream holds it
    pytest.param(cast([("o", "Card number: "), *typed(PAN, "i"), ("i", "\r"), ("o", "\r\nthanks\r\n")]),
                 json.dumps(PAN[0]), PAN, id="input-no-echo"),
    # v3: intervals, comments, markers and a resize between the pieces; CRLF line ends in the file
    pytest.param(cast([("o", "pan " + PAN[:8]), ("#", "resized"), ("r", "90x30"), ("m", ""), ("o", PAN[8:] + "\n")],
                      V3, "\r\n"), json.dumps("pan " + PAN[:8]), PAN, id="v3-comments-crlf"),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "marker", "written"), POSITIVE)
def test_the_card_is_found_on_the_line_of_its_first_event(
        backend: Backend, text: str, marker: str | tuple[str, ...], written: str) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    pans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]
    assert pans and all(s.encoding == ("asciicast",) for s in pans)
    markers = (marker,) if isinstance(marker, str) else marker
    assert {text[: s.start].count("\n") + 1 for s in pans} == {line_of(text, m) for m in markers}
    assert any(written in seg.text for seg in D.decode(text))


def test_the_piece_of_a_longer_number_is_not_reported_alone() -> None:
    first = "card_number=" + VISA[:13]
    text = cast([("o", first), ("o", VISA[13:] + " declined\r\n")])
    spans = [s for s in Engine().scan_text(text) if s.type == "pan"]
    assert [(s.encoding, text[: s.start].count("\n") + 1) for s in spans] == [(("asciicast",), 2)]
    # the same piece with no event going on from it is a card in its own right
    alone = cast([("o", first), ("o", "\r\n")])
    assert [s.encoding for s in Engine().scan_text(alone) if s.type == "pan"] == [()]


def test_every_window_on_the_line_yields_it_once() -> None:
    text = "head\n" + cast([("o", "x "), *typed(PAN), ("o", "\r\n")]) + "tail"
    whole = list(D.decode(text))
    assert len(whole) == 1
    middle = text.index(json.dumps(PAN[7]))
    assert list(D.decode(text, middle, middle + 3)) == whole
    assert list(D.decode(text, 0, 4)) == [] and list(D.decode(text, len(text) - 4)) == []


NEGATIVE = [
    # whole in one event: the raw line reads it (the decoder adds nothing)
    pytest.param(cast([("o", '{"card_number":"' + PAN + '"}\r\n'), ("o", "ok\r\n")]), id="one-event"),
    # a line break in the stream between the pieces: two terminal lines
    pytest.param(cast([("o", "order " + PAN[:8] + "\r\n"), ("o", PAN[8:] + " items\r\n")]), id="line-break"),
    pytest.param(cast([("o", "order " + PAN[:8]), ("o", "\r" + PAN[8:] + " items\r\n")]), id="carriage-return"),
    # an output piece, then input: two streams
    pytest.param(cast([("o", "ref " + PAN[:8]), ("i", PAN[8:]), ("o", "x\r\n")]), id="other-stream"),
    # the next event of the stream starts with no digit
    pytest.param(cast([("o", "ref " + PAN[:8]), ("o", " / " + PAN[8:] + "\r\n")]), id="no-digit-next"),
    # arrays that are no events: a two-letter code, a number as data, a line that is no event between
    pytest.param("\n".join(json.dumps([1.5, "ok", p]) for p in (PAN[:8], PAN[8:])), id="two-letter-code"),
    pytest.param("\n".join(json.dumps([1.5, "o", int(p)]) for p in (PAN[:8], PAN[8:])), id="number-data"),
    pytest.param(json.dumps([1.0, "o", "a " + PAN[:8]]) + "\nINFO done\n" + json.dumps([2.0, "o", PAN[8:]]),
                 id="other-line-between"),
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_what_it_leaves_alone(text: str) -> None:
    assert all(PAN not in seg.text for seg in D.decode(text))
    assert [s for s in Engine().scan_text(text) if s.encoding[-1:] == ("asciicast",)] == []


def test_limits() -> None:
    text = cast([("o", "card " + PAN[:8]), ("o", PAN[8:] + "\r\n")])
    assert list(AsciicastDecoder(max_segment=40).decode(text)) == []
    (seg,) = AsciicastDecoder(max_output=10).decode(text)
    assert seg.text == ("card " + PAN)[:10]
    # a terminal line of many events without a break is joined at most _MAX_EVENTS events each way
    long = cast([*typed("7" * 5000), ("o", "\r\n")])
    assert all(len(s.line_starts) <= 2 * 512 + 1 for s in D.decode(long))
