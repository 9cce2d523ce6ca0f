"""More ways a record writes its card truncated, read by ``detectors.card_summary`` beside its mask runs: what
gateways, wallets, CRMs and log statements print instead of the number.

- the BIN and the last four digits joined by dots or an ellipsis (``424242...4242``, ``42424242…4242``), as card
  dashboards and payment logs print a stored card; also the ellipsis lost to a charset that has none (a Latin-5 or
  Latin-1 mail writes ``424242?4242``; not U+FFFD, which any broken byte of an id leaves);
- one mask character glued to the last four digits (``x4242``, ``X4242``, ``*4242``, ``•4242``), as bank
  statements, receipts and wallets name a card ("Visa x4242");
- number signs as the mask (``#### #### #### 4242``, ``############4242``, ``4242 42## #### 4242``): eight at
  least, or two after four to six or eight leading digits, so a Markdown heading before a year (``#### 2024``) is
  none.

A card number a record holds is read as the PAN detector reads one (``holds_grouping``): its digits one run, or in
groups a card is printed in; an invoice's ``INV-20240611-73345120`` is no card.
"""

from __future__ import annotations

import re

from scanners.cards.panchain import plausible_grouping

# Possessive runs and no nested repeats: each pattern reads a stretch in one pass.
# A match's first character comes first, its boundary after it: ``re`` then skips to the next digit (x, X, * or
# bullet), where a leading look-behind was tried at every position (?, x and * are in almost every stretch: 2x and
# 4x the time on record shapes)
_DOTS = re.compile(r"[0-9](?<![0-9A-Za-z.][0-9])(?:[0-9]{5}|[0-9]{7})(?:\.{2,4}+|[\u2026?])[0-9]{4}(?![0-9A-Za-z?])")
_ONE = re.compile(r"[xX*\u2022](?<![0-9A-Za-z_*\u2022][xX*\u2022])[0-9]{4}(?![0-9A-Za-z_])")
_HASHES = re.compile(r"(?<![0-9A-Za-z#])((?:[0-9]{4}[ \-]?)?[0-9]{0,4}+)(#++(?:[ \-]?#++)*+)[ \-]?[0-9]{4}(?![0-9])")
DOT_NEEDLES = ("..", "\u2026", "?")  # the dots or ellipsis of every ``_DOTS`` match, 6 or 8 digits after its start
_NEEDLES = ((_ONE, ("x", "X", "*", "\u2022")), (_HASHES, ("##",)))  # every match holds one
ONE_LEADS = tuple(mask + digit for mask in "xX*" for digit in "0123456789")  # how every ASCII ``_ONE`` match begins
_SEPARATORS = re.compile(r"  |[ \-.]")  # two spaces between groups are one separator, as one is


def masked_forms(text: str, a: int, b: int, spots: dict[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """The spans of the truncated card numbers above in ``text[a:b]``; a pattern is run only when the stretch holds
    what every one of its matches holds. ``spots``, if known: where each of ``DOT_NEEDLES`` and ``ONE_LEADS`` starts
    in ``text[a:b]``; ``_ONE`` is then tried only there (its matches never overlap: ``finditer``'s own), unless a
    bullet may lead one."""
    found = _dots(text, a, b, spots)
    for rx, needles in _NEEDLES:
        if rx is _ONE and spots is not None and text.find("\u2022", a, b) < 0:
            leads = sorted(a + at for lead in ONE_LEADS for at in spots.get(lead, ()))
            found += (m.span() for at in leads if (m := _ONE.match(text, at, b)) is not None)
        elif any(text.find(needle, a, b) >= 0 for needle in needles):
            found += (m.span() for m in rx.finditer(text, a, b) if rx is not _HASHES or _hash_mask(m))
    return found


def _dots(text: str, a: int, b: int, spots: dict[str, list[int]] | None) -> list[tuple[int, int]]:
    """``_DOTS``'s matches in ``text[a:b]``, tried only 6 and 8 characters before each dot pair, ellipsis or ``?``:
    a match starts where a run of digits does, so its matches never overlap and are exactly the ones ``finditer``
    gives, found here without trying the pattern at every digit of the stretch (ids and timestamps: 10x the time)."""
    starts: set[int] = set()
    for needle in DOT_NEEDLES:
        if spots is not None:
            starts.update(s for at in spots.get(needle, ()) for s in (a + at - 6, a + at - 8))
            continue
        at = text.find(needle, a, b)
        while at >= 0:
            starts.update((at - 6, at - 8))
            at = text.find(needle, at + 1, b)
    return [m.span() for s in sorted(starts) if s >= a and (m := _DOTS.match(text, s, b)) is not None]


def _hash_mask(m: re.Match[str]) -> bool:
    """Eight number signs at least, or two after four to six or eight leading digits (PCI DSS's widest BIN), two of
    them side by side (a mask writes its hidden digits as a run: ``4242# #0000`` is none, and ``_NEEDLES`` holds)."""
    lead = len(m.group(1).replace(" ", "").replace("-", ""))
    signs = m.group(2).count("#")
    return "##" in m.group(2) and (signs >= 8 if lead == 0 else lead in (4, 5, 6, 8) and signs >= 2)


def holds_grouping(number: str) -> bool:
    """``number`` (digits and the separators between them) is written as a card is: one run, or groups a card is
    printed in (fours with a shorter tail, Amex's 4-6-5)."""
    sizes = [len(group) for group in _SEPARATORS.split(number)]
    return len(sizes) == 1 or plausible_grouping(sizes)
