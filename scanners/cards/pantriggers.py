"""The PAN detector's trigger side: the hyperscan patterns that wake it and the checks of a hit before its window.

The trigger patterns are built from the IIN table (``iin_led``) or spelled for the groupings only a printed card
uses (``PRINTED_13``, ``PRINTED_19``). Most hits land on a bare run of digits that is no card, or on a card number
``window_pans`` drops anyway; ``needs_window`` and ``bare_run_dropped`` (and their numpy batch, ``panscreen``) tell
those apart from the text around the hit alone, so the detector reads a window only where a card may be reported.
Kept apart from ``pangroups``, which reads the windows: these run before it, on every hit.
"""

from __future__ import annotations

import re

from scanners.cards.brands import IIN_RANGES, MAX_LENGTH, MIN_LENGTH, is_pan_ascii, is_test_pan, shortest_by_prefix
from scanners.cards.confounders import after_plus
from scanners.cards.idkeys import near_id_keyed
from scanners.cards.pangroups import ASCII_SEP, glued_after, glued_before

_JOIN_CHARS = frozenset(" \t-./,|")  # a character that may join a digit run to the next group (see ASCII_SEP)
_JOINED_BEFORE = re.compile(rf"[0-9]{ASCII_SEP}$")

# The PAN trigger for ``pangroups._printed`` groups: 13 digits under the IINs that issue them (Visa 4, Maestro 50
# and 56-69), a space or dash between groups and no digit after the last (``_printed`` then wants one separator
# throughout). The no-digit end lets hyperscan drop a candidate early (the trigger pass over the logs corpus, best
# of 5: 0.41-0.43 s without any 4-3-3-3 trigger, 0.42 s with this one, 0.43-0.46 s with the groups of a space or a
# dash spelled apiece).
PRINTED_13 = r"[4-6][0-9]{3}[ -][0-9]{3}[ -][0-9]{3}[ -][0-9]{3}(?:[^0-9]|$)"

# The PAN trigger for UnionPay's 6+13 (``panchain.UNIONPAY_19``): its IIN 62, one space or dash, 13 digits, no digit.
PRINTED_19 = r"62[0-9]{4}[ -][0-9]{13}(?:[^0-9]|$)"

# A trigger hit's digits and the whole run they open: the token boundary the trigger matched before them, the run
# of ASCII digits (read on past the hit), and no separator joining it to a following digit group.
_BARE_RUN = re.compile(rf"[^0-9]*+([0-9]++)(?!{ASCII_SEP}[0-9])")


def needs_window(text: str, start: int, end: int) -> bool:
    """False when a trigger hit ``text[start:end]`` on a bare run of ASCII digits can yield no PAN: the whole run
    (read on past the hit) is no card number and no separator joins it to other digits, so the only candidate it
    could be part of is itself. Any other hit (grouped digits, non-ASCII nearby) needs its window."""
    m = _BARE_RUN.match(text, start)
    if m is None:
        return True  # joined to a following group
    start, run_end = m.span(1)
    # The hit's digits are all of one run (its last character may be the end check of a bounded trigger).
    if run_end < end - 1 or (run_end if run_end < end else end) - start < MIN_LENGTH - 2:
        return True
    if run_end - start <= MAX_LENGTH and is_pan_ascii(text[start:run_end]):
        return True
    if not text[start - 6 if start > 6 else 0 : run_end + 6].isascii():
        return True  # Unicode digits or separators around it: the Unicode path decides
    return (
        start > 0
        and text[start - 1] in _JOIN_CHARS
        and _JOINED_BEFORE.search(text, max(0, start - 6), start) is not None
    )


def bare_run_dropped(data: bytes, start: int, end: int) -> bool:
    """True when ``window_pans`` certainly does not report the bare run of digits ``data[start:end]`` (an IIN-range,
    Luhn-valid number no separator joins to other digits): glued to a word, written after ``+`` (a phone number:
    ``confounders.after_plus``, asked first there), or the whole value of an id-like key and no test card. Judged on the
    bytes (one per character) when the key's reach holds no ``?`` (there the bytes are the text); False when unsure.
    ``near_id_keyed`` reads 48 characters back and one more for a look-behind; the names further away
    (``idfar.far_id_keyed``: a CSV header, a Lex slot) are left to ``window_pans``."""
    lo = max(0, start - 49)
    piece = data[lo : end + 1]
    if b"?" in piece:
        return False
    text, s, e = piece.decode("ascii"), start - lo, end - lo
    if glued_before(text, s) or glued_after(text, e) or after_plus(text, s):
        return True
    return not is_test_pan(text[s:e]) and near_id_keyed(text, s)


def _heads(prefixes: list[str]) -> str:
    """Two-digit prefixes as one alternation: ``4[0-9]|5[06789]``."""
    firsts: dict[str, str] = {}
    for p in sorted(prefixes):
        firsts[p[0]] = firsts.get(p[0], "") + p[1]
    return "|".join(f"{d}[{s}]" if len(s) < 10 else f"{d}[0-9]" for d, s in sorted(firsts.items()))


def iin_led() -> tuple[str, ...]:
    """Contiguous-run triggers from the IIN table: runs led by an issued IIN. Lengths are kept out of one
    alternation (hyperscan runs length-mixed alternations several times slower): 13+ digits under any IIN but the
    1-series; exactly 12 digits where a 12-digit PAN is issued; the 1-series (UATP, legacy JCB, GPN) only at the
    lengths issued under it, so epoch timestamps (13 and 16 digits from 1) never wake Python."""
    shortest = shortest_by_prefix()
    out = [rf"(?:{_heads([p for p in shortest if p[0] != '1'])})[0-9]{{11}}"]
    twelve = [p for p, n in shortest.items() if n == MIN_LENGTH]
    if twelve:
        out.append(rf"(?:{_heads(twelve)})[0-9]{{{MIN_LENGTH - 2}}}(?:[^0-9]|$)")
    ones = [r for r in IIN_RANGES if r.lo[0] == "1"]
    for n in sorted({n for r in ones for n in r.lengths if len(r.lo) == 1}):
        out.append(rf"1[0-9]{{{n - 1}}}(?:[^0-9]|$)")  # broad 1-series rows (UATP): their exact lengths
    narrow = [r for r in ones if len(r.lo) >= 4]  # legacy JCB, GPN: every length from their shortest on
    if narrow:
        heads = "|".join(sorted({r.lo[:4] for r in narrow}))
        out.append(rf"(?:{heads})[0-9]{{{min(n for r in narrow for n in r.lengths) - 4}}}")
    return tuple(out)
