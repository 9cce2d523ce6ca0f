"""A card number typed over adjacent table columns, one digit group a column: a re-keying sheet's
``Karte 1;Karte 2;Karte 3;Karte 4`` (a CSV export), a Markdown table's ``Card (1) | … | Card (4)``, an HTML table's
``<th>`` cells so named. The header is the evidence the cells are one number: columns named by a card word and
their part's number, 1, 2, 3 (and on), side by side. A card kept as its BIN, its middle digits and its last four in
three columns side by side (``bin,mid,last4``, ``iin,middle,last_four``: a "tokenisation lite" schema that stores the
whole number all the same) is such a run too. Cells of any other table (years, amounts, codes, an order number
typed over columns) stay apart.

``part_run`` finds such a run of columns in a header; ``joined`` reads one row's cells of the run as the number a
reader sees: digit groups joined by a space, only when every cell is digits, the first a card's first group (4 to 6
digits) and the whole as long as a card number. The PAN detector then judges it as any written number (IIN range,
Luhn, grouping), so a row of masked cells (``••••``) or a Luhn-invalid number stays quiet.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH
from scanners.cards.keyparse import norm
from scanners.cards.summarynames import BIN_NAMES, LAST4_NAMES
from scanners.lazy_re import lazy_compile

# a card word (en, de, fr, es, it, pt), an optional "number", an optional "part", then the part's number
_PART = lazy_compile(
    r"(?:credit|debit)?(?:card|karte|carte|tarjeta|carta|cartao|cc|pan)"
    r"(?:number|num|no|nr|nummer|numero)?(?:part|teil|group|gruppe|block|partie|parte|grupo)?(?P<n>[1-5])"
)
# a BIN column, the middle digits' column, the last four's (``summarynames``' names): one card number's three parts
_SPLIT = (lazy_compile(f"(?i:{BIN_NAMES})"), lazy_compile(r"(?i:(?:card[_-]?|pan[_-]?)?mid(?:dle)?(?:[_-]?digits)?)"),
          lazy_compile(f"(?i:{LAST4_NAMES})"))
MIN_PARTS = 3  # a 12- to 19-digit number in groups of 4 to 6 takes three columns at least (Amex: 4-6-5)


def part_of(name: str) -> tuple[str, int] | None:
    """``(stem, part number)`` of a column or key named by a card word and its part's number (``Karte 2`` ->
    ``("karte", 2)``, ``cardPart1`` -> ``("cardpart", 1)``), or None."""
    key = norm(name)
    return None if (m := _PART.fullmatch(key)) is None else (key[: m.start("n")], int(m["n"]))


def part_run(names: Sequence[str]) -> tuple[int, int] | None:
    """``(first, stop)``: the columns ``names[first:stop]`` name a card number's parts 1, 2, 3… in order (at least
    ``MIN_PARTS``), or its BIN, middle digits and last four (``_SPLIT``), or None."""
    for first in range(len(names) - 2):
        if all(name.fullmatch(n.strip()) for name, n in zip(_SPLIT, names[first : first + 3], strict=True)):
            return first, first + 3
    parts = [str(p[1]) if (p := part_of(n)) is not None else "" for n in names]
    for first, n in enumerate(parts):
        if n != "1":
            continue
        stop = first + 1
        while stop < len(parts) and parts[stop] == str(stop - first + 1):
            stop += 1
        if stop - first >= MIN_PARTS:
            return first, stop
    return None


def joined(cells: Sequence[str]) -> str | None:
    """One row's cells of a part run as one grouped number (``4111 1111 1111 1111``), or None when a cell holds
    anything but digits, the first is no card's first group or the whole is no card number's length."""
    groups = [c.strip() for c in cells]
    groups = groups[:-1] if groups and not groups[-1] else groups  # a short card leaves its last part empty
    if not groups or not all(g.isascii() and g.isdigit() for g in groups) or not 4 <= len(groups[0]) <= 6:
        return None
    return " ".join(groups) if MIN_LENGTH <= sum(map(len, groups)) <= MAX_LENGTH else None
