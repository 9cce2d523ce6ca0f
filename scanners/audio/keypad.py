"""Keypad entries: DTMF key presses grouped into what the caller typed, labelled as card data where they fit.

An entry is a run of digits ended by ``#``, ``*``, a letter key or a pause over ``MAX_PAUSE`` seconds; a run
longer than a card number that starts with a valid PAN is cut after it (and after an MMYY that follows). After
a PAN entry, a 4-digit MMYY entry followed by a 3-4 digit one is the expiry and the CVV; otherwise an entry as
long as the brand's CVV is the CVV, or an MMYY entry the expiry. Digits are kept out of ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scanners.audio.dtmf import Tone
from scanners.cards.brands import brand_of, is_pan

MAX_PAUSE = 1.5  # seconds between presses that still belong to one entry


@dataclass(frozen=True, slots=True)
class Entry:
    digits: str = field(repr=False)
    starts: tuple[float, ...]
    label: str = "keypad"


def entries(tones: list[Tone]) -> list[Entry]:
    """Key presses grouped into entries, labelled as card number, expiry and CVV where they fit."""
    out: list[Entry] = []
    digits: list[Tone] = []
    for i, tone in enumerate(tones):
        if tone.key.isdigit():
            digits.append(tone)
        end = i + 1 == len(tones) or not tone.key.isdigit()
        if not end and tones[i + 1].start - tone.start - tone.duration > MAX_PAUSE:
            end = True
        if end and digits:
            out.extend(_split(Entry("".join(t.key for t in digits), tuple(t.start for t in digits))))
            digits = []
    return _label(out)


def _split(entry: Entry) -> list[Entry]:
    """Cut a run typed without terminators after a leading PAN (and an MMYY after it)."""
    if len(entry.digits) <= 19:
        return [entry]
    for n in (16, 15, 19, 14, 13, 17, 18):
        if is_pan(entry.digits[:n]):
            rest = Entry(entry.digits[n:], entry.starts[n:])
            cut = 4 if len(rest.digits) in (7, 8) and _mmyy(rest.digits[:4]) else len(rest.digits)
            tail = [Entry(rest.digits[:cut], rest.starts[:cut]), Entry(rest.digits[cut:], rest.starts[cut:])]
            return [Entry(entry.digits[:n], entry.starts[:n])] + [e for e in tail if e.digits]
    return [entry]


def _mmyy(digits: str) -> bool:
    return len(digits) == 4 and 1 <= int(digits[:2]) <= 12


def _label(found: list[Entry]) -> list[Entry]:
    out = list(found)
    for i, entry in enumerate(found):
        if not is_pan(entry.digits):
            continue
        brand = brand_of(entry.digits)
        cvv_lengths = (brand.cvv_length,) if brand else (3, 4)
        out[i] = Entry(entry.digits, entry.starts, "card number")
        nxt = found[i + 1 : i + 3]
        if len(nxt) == 2 and _mmyy(nxt[0].digits) and len(nxt[1].digits) in (3, 4):
            out[i + 1], out[i + 2] = Entry(*_as_expiry(nxt[0])), Entry(nxt[1].digits, nxt[1].starts, "cvv")
        elif nxt and len(nxt[0].digits) in cvv_lengths:
            out[i + 1] = Entry(nxt[0].digits, nxt[0].starts, "cvv")
        elif nxt and _mmyy(nxt[0].digits):
            out[i + 1] = Entry(*_as_expiry(nxt[0]))
    return out


def _as_expiry(entry: Entry) -> tuple[str, tuple[float, ...], str]:
    return f"{entry.digits[:2]}/{entry.digits[2:]}", entry.starts, "expiry"
