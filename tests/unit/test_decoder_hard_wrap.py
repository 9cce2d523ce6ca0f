"""HardWrapDecoder: terminal text hard-wrapped at a common width (tmux ``capture-pane`` without ``-J``, screen's
hardcopy, ``fold -w``) is read with a card number the wrap cut joined again, reported on the row where it starts;
fixed-width records (card images, NACHA, BASE II, bank files), other widths and text that merely keeps within a width
are left alone."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.hard_wrap import HardWrapDecoder
from scanners.engine.core import Engine

D = HardWrapDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")
AMEX = luhn("37828224631000")
WORDS = "request served path=/v1/items status=ok user=anna region=eu-west latency=fast cache=miss "


def filler(i: int) -> str:
    """A log line of 29, 118, 207 or 296 characters, no digit at either end."""
    return f"2024-05-01T07:53:{i % 60:02d}Z INFO " + WORDS * (i % 4)


def wrap(lines: list[str], width: int) -> list[str]:
    """``lines`` as a terminal shows them ``width`` columns wide: every row of a longer line but its last full."""
    return [line[i : i + width] for line in lines for i in range(0, max(len(line), 1), width)]


def capture(template: str, pan: str, width: int, left: int, newline: str = "\n") -> tuple[str, int]:
    """A capture ``width`` wide around ``template`` (``{pad}`` and ``{pan}`` in it) whose card number is cut after
    ``left`` digits; with the index of the row the number starts on."""
    head = template.split("{pan}")[0].replace("{pad}", "")
    pad = "x" * ((width - left - len(head)) % width)
    line = template.replace("{pad}", pad).replace("{pan}", pan)
    before = wrap([filler(i) for i in range(8)], width)
    rows = [*before, *wrap([line], width), *wrap([filler(i) for i in range(8, 16)], width)]
    return newline.join(rows) + newline, len(before) + line.index(pan) // width


JSON = '{"ts": "2024-05-01T07:53:27Z", "msg": "gateway request", "req": {"id": "{pad}", "cardNumber": "{pan}", "n": 3}}'
KV = "2024-05-01T07:53:27Z DEBUG charge ok ref={pad} card={pan} exp=09/29 amount=12.00 currency=EUR"
CASES = [
    ("json-80", JSON, VISA, 80, 12, "\n"),
    ("json-80-one-digit-before", JSON, VISA, 80, 1, "\n"),
    ("json-80-one-digit-after", JSON, VISA, 80, 15, "\n"),
    ("amex-100", JSON, AMEX, 100, 7, "\n"),
    ("kv-120-crlf", KV, MC, 120, 9, "\r\n"),
    ("kv-132", KV, VISA, 132, 4, "\n"),
]


@pytest.mark.parametrize(("template", "pan", "width", "left", "newline"),
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_a_number_cut_by_the_wrap_is_found_on_its_first_row(template: str, pan: str, width: int, left: int,
                                                            newline: str) -> None:
    text, row = capture(template, pan, width, left, newline)
    assert pan not in text  # cut
    for engine in ENGINES:
        pans = {(text.count("\n", 0, s.start), s.value) for s in engine.scan_text(text) if s.type == "pan"}
        assert pans == {(row, pan)}


def test_the_joined_line_maps_its_rows() -> None:
    text, row = capture(JSON, VISA, 80, 6)
    (seg,) = D.decode(text)
    rows = text.split("\n")
    assert seg.encoding == ("hard_wrap",)
    assert VISA in seg.text
    assert text[seg.start : seg.end].split("\n") == rows[row - len(seg.line_starts) + 2 : row + 2]
    assert seg.line_starts == tuple(range(0, 80 * len(seg.line_starts), 80))


def records(width: int, n: int, pan: str, left: int, at: int) -> list[str]:
    """``n`` fixed-width records ``width`` wide (a sequence number, letters, an amount), the card number's digits
    ending record ``at`` and starting the next one."""
    rows = [f"{k:06d}" + "CARDHOLDER BATCH ENTRY".ljust(width - 16, ".") + f"{k * 37:010d}" for k in range(n)]
    rows[at] = rows[at][: width - left] + pan[:left]
    rows[at + 1] = pan[left:] + rows[at + 1][len(pan) - left :]
    return rows


NEAR_MISSES = [
    # fixed-width records, every row the width: 80-column card images, with a header and a trailer, and other widths
    ("card-images-80", records(80, 30, VISA, 8, 12)),
    ("card-images-80-header-trailer", ["HDR 20240501 BANKFILE", *records(80, 30, VISA, 8, 12), "TRL 000030"]),
    ("bank-file-100", records(100, 30, MC, 5, 20)),
    ("bank-file-120", records(120, 30, AMEX, 10, 3)),
    ("bank-file-132", records(132, 30, VISA, 3, 15)),
    ("nacha-94", records(94, 30, VISA, 6, 10)),
    ("base-ii-168", records(168, 30, VISA, 6, 10)),
    # a wrap at a width no terminal commonly has
    ("capture-81", capture(JSON, VISA, 81, 6)[0].splitlines()),
    # a row of the width among wider ones: no capture
    ("wider-row-near", [*capture(JSON, VISA, 80, 6)[0].splitlines(), "y" * 81]),
    # rows that merely keep within 80 columns: as many one to four columns short of it as at it
    ("within-80", [("k" * (76 + k % 4)) if k % 3 else "short" for k in range(24)] + records(80, 2, VISA, 8, 0)
     + ["end", "m" * 80, "tail", "n" * 80, "tail"]),
    # too few or too many digits across the break: no card number's length
    ("run-11", capture(JSON, "45320151128", 80, 5)[0].splitlines()),
    ("run-20", capture(JSON, VISA + "1234", 80, 16)[0].splitlines()),
]


@pytest.mark.parametrize("rows", [pytest.param(r, id=i) for i, r in NEAR_MISSES])
def test_what_it_leaves_alone(rows: list[str]) -> None:
    text = "\n".join(rows) + "\n"
    assert list(D.decode(text)) == []
    for engine in ENGINES:
        assert not [s for s in engine.scan_text(text) if s.type == "pan" and s.encoding]


def test_a_number_ending_a_full_row_is_still_read_alone() -> None:
    """A card number that ends exactly at the width, the next row starting with a date: the run across the row end is
    no card number's length, so the number is read on its row as it is."""
    text, row = capture("2024-05-01T07:53:27Z DEBUG charge ok ref={pad} card={pan}", VISA, 80, 16)
    assert VISA + "\n2024-" in text
    for engine in ENGINES:
        pans = {(text.count("\n", 0, s.start), s.value, s.encoding) for s in engine.scan_text(text) if s.type == "pan"}
        assert pans == {(row, VISA, ())}


STREAM = "2026/12/07/[$LATEST]e7026fa0cb8449cc04ee96b4914ac651"


def tail_event(message: str, width: int, cut: int = 0) -> list[str]:
    """An ``aws logs tail`` event of a Lambda stream as a terminal ``width`` wide shows it, the message padded so
    the first wrap falls ``cut`` characters into it (0: as it comes)."""
    head = f"2026-12-03T23:12:51.442406+00:00 {STREAM} 2026-12-03T23:12:51.442Z\t4fa950bf\tINFO\t"
    line = head + "x" * ((width - cut - len(head)) % width if cut else 0) + message
    return wrap([line], width)


def events(rows: list[str]) -> list[str]:
    end = f"2026-12-03T23:12:52.100000+00:00 {STREAM} END RequestId: 4fa950bf-6195-4267-bc6c-d5d77f6f8273"
    return [end[:90], *rows, end[:90]]


@pytest.mark.parametrize(("rows", "found"), [
    pytest.param(events(tail_event(f'charge {{"card_number": "{VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}"}}',
                                   100, 37)), {("pan", 2)}, id="grouped-cut-at-a-space"),
    pytest.param(events(tail_event(f"charge card {MC} cvv2=903.", 120, 31)), {("pan", 2), ("cvv", 3)},
                 id="keyword-cut"),
    pytest.param(events(tail_event(f"charge card {MC} expiry 09/29 CVC: 345.", 132, 31)),
                 {("pan", 2), ("expiry", 3), ("cvv", 3)}, id="expiry-keyword-cut"),
])
def test_a_wrapped_log_event_is_read_whole(rows: list[str], found: set[tuple[str, int]]) -> None:
    text = "\n".join(rows) + "\n"
    for engine in ENGINES:
        assert {(s.type, text.count("\n", 0, s.start)) for s in engine.scan_text(text)} == found


@pytest.mark.parametrize("rows", [
    # two events whose rows meet: the second starts with its time, so it is never joined to the first
    events([*tail_event(f"order {VISA[:8]}", 100, 0)[:1], tail_event(f"{VISA[8:]} ref", 100, 0)[0]]),
    # a row one column short of the width: no wrap
    events([tail_event("charge card 4532 0151", 100)[0][:99], f"{VISA[8:12]} {VISA[12:]} ok"]),
], ids=["next-event", "short-row"])
def test_wrapped_event_near_misses(rows: list[str]) -> None:
    text = "\n".join(rows) + "\n"
    for engine in ENGINES:
        assert not [s for s in engine.scan_text(text) if s.type == "pan"]
