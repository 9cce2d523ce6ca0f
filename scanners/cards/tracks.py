"""Magnetic-stripe track grammar: track 1 ``%B<PAN>^<NAME>^<YYMM>...?`` and track 2 ``;<PAN>=<YYMM>...?``.

One copy for the track detector (``detectors.track``, which reports each track and its PAN) and for the PAN
confounders (``track_tail``): after a track's PAN come its expiry (YYMM), service code and discretionary data, one
run of digits that passes a brand's IIN and Luhn one time in ten (``;6011...=3002101024203156?``: a "Diners" number
``30021...``). Those digits are the track's, reported with it, never a second card number.

Sentinels are optional; track 2 may use ``D`` as separator (EMV tag 57). The PAN must be valid and the month 01-12.
Without a sentinel, track 2 needs the three-digit service code; a 12-digit PAN (Maestro) needs both sentinels, in
either track. A track between both sentinels may run longer than ISO 7813's 40 characters for track 2 (a test
harness's or emulator's fixed-length discretionary data after a 19-digit PAN): the sentinels and the PAN's
separator say what it is.

A hotel lock's key-card encoder writes room keys in track 2's shape (``keycard encoder=ONITY room=1053 write
track2=;105309...=2604...?``: the room, then the key's serial, 15 digits starting with 1). Those digits pass UATP's
IIN and length (1, 15 digits) and Luhn one time in ten; a UATP number in a track the line says a key-card encoder
writes is a room key (``key_card``). Any other brand's number there stays a card: an encoder may take a guest's
own payment card as the key, reading its track.
"""

from __future__ import annotations

import re

from scanners.cards.brands import brand_of, is_pan

TRACK = re.compile(
    r"(?P<s1>%)?B(?P<p1>[0-9]{12,19})\^[A-Za-z /.'\-]{0,26}\^[0-9]{2}(?P<m1>[0-9]{2})(?:[0-9 ]*[0-9])?(?P<e1>\?)?"
    r"|(?P<s2>;)?(?P<p2>[0-9]{12,19})(?P<sep>[=D])[0-9]{2}(?P<m2>[0-9]{2})(?P<d2>[0-9]*)F*(?P<e2>\?)?"
)
_MAX = {"1": 79, "2": 40}
_MAX_SENTINELLED = {"1": 79, "2": 48}
_SEPARATOR = re.compile(r"[0-9]{12}[=D^]")  # a separator after a PAN's digits (12 at least, track 2's shortest)


def track_number(m: re.Match[str]) -> str:
    """Which track a ``TRACK`` match is: "1" or "2"."""
    return "1" if m["p1"] else "2"


def valid_track(text: str, m: re.Match[str]) -> bool:
    """Not glued to a preceding token (unless a sentinel starts it), not too long, month 01-12, a real PAN."""
    t = track_number(m)
    before = text[m.start() - 1] if m.start() else " "
    glued = before.isascii() and (before.isalnum() or before == "_") and not m["s" + t]
    sentinelled = bool(m["s" + t] and m["e" + t])
    short = len(m["p" + t]) == 12 and not sentinelled  # a 12-digit PAN: both sentinels, in either track
    bare = t == "2" and not (sentinelled or m["s2"] or m["e2"] or len(m["d2"]) > 2)
    too_long, month = len(m.group()) > (_MAX_SENTINELLED if sentinelled else _MAX)[t], m["m" + t]
    return not (glued or bare or short or too_long or not "01" <= month <= "12") and is_pan(m["p" + t])


def track_tail(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` lies after the PAN of a track ``TRACK`` reads and ``valid_track`` accepts: in its expiry,
    service code and discretionary data (track 1: after the name's closing ``^``)."""
    lo = max(0, start - _MAX["1"])
    if text.find("=", lo, start) < 0 and text.find("^", lo, start) < 0 and text.find("D", lo, start) < 0:
        return False  # no track separator before it: what almost every number has (a find is ~5x the search's speed)
    if _SEPARATOR.search(text, lo, start) is None:
        return False  # ... nor one right after a PAN's digits
    # (a match cut at ``stop`` is longer than any track from before ``start``: too long, as uncut)
    at, stop = lo, min(len(text), start + 2 * _MAX["1"] + 2)
    while (m := TRACK.search(text, at, stop)) is not None and m.start() < start:
        if not valid_track(text, m):
            at = m.start() + 1
            continue
        if m.end("p" + track_number(m)) < start and end <= m.end():
            return True
        at = m.end()
    return False



# A key card, a room key or a key's or lock's encoder named on the track's line before it
_KEY_CARD = re.compile(r"(?i)(?<![a-z])(?:key[ _\-]?cards?|room[ _\-]?keys?|(?:key|lock)[ _\-]?encoders?)(?![a-z])")
_KEY_CARD_REACH = 160


def key_card(text: str, at: int, pan: str) -> bool:
    """``pan``, a track's number starting at ``at``, is UATP-shaped (1, 15 digits) on a line that names a key card, a
    room key or a lock's encoder before it: a hotel room key an encoder writes, no airline card."""
    brand = brand_of(pan)
    if brand is None or brand.name != "uatp":
        return False
    lo = text.rfind("\n", max(0, at - _KEY_CARD_REACH), at) + 1 or max(0, at - _KEY_CARD_REACH)
    return _KEY_CARD.search(text, lo, at) is not None


def track_confounder(text: str, start: int, end: int, digits: str) -> str | None:
    """The PAN candidate ``text[start:end]`` as a track holds it: a track's tail (``track_tail``: "track_data") or a
    room key's number right before its separator (``key_card``: "key_card"), or None."""
    if track_tail(text, start, end):
        return "track_data"
    return "key_card" if text[end : end + 1] in ("=", "D", "^") and key_card(text, start, digits) else None
