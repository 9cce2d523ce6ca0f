"""A card summary's rows, for ``delimited`` (a CSV export) and ``_tablerows`` (an office table): what a header's
columns are (``header_roles``: normalised keys, the year column, the expiry date columns, whether the header names its
card by the last four digits, the id columns), and a row's expiry cells emptied when it names its card truncated and
holds no full number of it (``metadata_row``): PCI DSS counts an expiry only when it is stored with the PAN. One copy,
so a CSV row and a sheet's row are judged alike. ``expiry_column``: a header naming a whole expiry date, whose cells
``delimited`` and ``xlsx`` read as a month and year.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scanners.cards.idnames import id_key
from scanners.cards.keyparse import norm
from scanners.detectors.vocabulary import Expiry
from scanners.formats._csvcards import card_tails, holds_named_card
from scanners.formats._csvroles import column_label, header_keys, role

_MONTH, _YEAR = Expiry.MONTH_KEY, Expiry.YEAR_KEY
# A processor's card summary export (Stripe Sigma's ``charges``: card_brand, card_last4, card_exp_month,
# card_exp_year, card_fingerprint) names its card truncated, by its last four digits, as its card object does
# (``scanners.detectors.card_summary``), and so does a row whose card column holds a masked number
# (``****4242``) or other digits (``_csvcards``): a row's expiry is card metadata unless the row holds a card number.
_LAST4_COLUMN = re.compile(r"(?:card)?(?:last4|lastfour|last4digits|lastfourdigits|lastdigits)|cardsummary")
_WHOLE_NUMBER = re.compile(r"[0-9][0-9 \-]*")
_LAST_PART = re.compile(r"[.:/]")  # a path's separators in a header: Attributes.expiry, card/exp


@lru_cache(maxsize=64)
def header_roles(names: tuple[str, ...]) -> tuple[tuple[str, ...], int | None, tuple[int, ...], bool, frozenset[int]]:
    """``(norm keys, the year column, the date columns, whether a card summary, the id columns)`` of a header: once
    per file (and width), not once per batch of rows."""
    keys = header_keys(names, tuple(norm(n) for n in names))  # ``últimos4``, ``mes``/``año``: ``_csvroles``
    year = next((i for i, k in enumerate(keys) if _YEAR.fullmatch(k)), None)
    dates = tuple(i for i, n in enumerate(names) if _date_column(n) or _date_column(keys[i]))
    ids = frozenset(i for i, n in enumerate(names) if dates and id_key(column_label(n)))  # a booking number: no card
    return keys, year, dates, bool(dates) and _card_summary(keys), ids


def _date_column(name: str) -> bool:
    """A header naming an expiry date, month or year, also as the last part of a path (a Connect contact search
    export's ``Attributes.expiry``)."""
    return role(name) == "expiry" or any(Expiry.KEY.fullmatch(k) or _MONTH.fullmatch(k) or _YEAR.fullmatch(k)
                                         for k in {norm(name), norm(_LAST_PART.split(name)[-1])})


@lru_cache(maxsize=256)
def expiry_column(name: str) -> bool:
    return role(name) == "expiry" or bool(Expiry.KEY.fullmatch(norm(name)))  # Exp, Expiry, Ablaufdatum, Validité


def _card_summary(keys: tuple[str, ...]) -> bool:
    """The header names a card by its last four digits."""
    return any(map(_LAST4_COLUMN.fullmatch, keys))


def metadata_row(row: list[str], dates: tuple[int, ...], ids: frozenset[int], cards: tuple[int, ...]) -> list[str]:
    """A card summary's row with its date cells emptied, unless it holds a full card number (of the card it names
    truncated, ``_csvcards``; an id column's whole value is no card, as the PAN detector reads it)."""
    joined = "\t".join(v for i, v in enumerate(row) if not (i in ids and _WHOLE_NUMBER.fullmatch(v.strip())))
    keep = holds_named_card(joined, card_tails(row, cards))
    return row if keep else [("" if i in dates else v) for i, v in enumerate(row)]
