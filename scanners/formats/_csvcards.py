"""The card-number column of a CSV export, for ``delimited``: a row whose card-number or last-four cell holds four
digits in a run names its card there (an Excel text prefix ``'`` or formula ``="…"``, and an en dash or a narrow
no-break space between the groups are read as a hyphen or space are), and when the row holds no full card number
(``card_summary.holds_card_number``) that cell is what an export writes instead of the number (a masked card,
``x4242``, a CRM link ``=HYPERLINK("https://crm/x?id=...")``, a token): the row's expiry is card metadata, as PCI DSS
counts an expiry only when it is stored with the PAN. A row whose card cell is empty or holds words or a few digits
only (``pending``, ``**42``) names no card: its expiry stays reported. In a row that names its card truncated, a full
number counts only when it ends in that card's last four (``holds_named_card``). A loyalty or gift programme's export
names the programme each row's card belongs to (``programme_labels``): its card column holds no payment card."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from scanners.cards.brands import is_test_pan
from scanners.cards.idnames import PROGRAMME_NAME, names_scheme, programme_card
from scanners.cards.keyparse import norm
from scanners.decoders.unicode_digits import fold
from scanners.detectors.card_summary import NUMBER, SEPARATORS, holds_card_number, masked_number
from scanners.formats._csvroles import last_four, role
from scanners.lazy_re import lazy_compile

# A header naming the card number, as ``structure.norm`` writes it: ``Card Number``, ``cc_num``, ``PAN``, ``Masked
# Card``, ``Kartennummer``, ``N° carte``, ``Número de tarjeta``, ``Numero carta``, ``Número do cartão``.
_NUMBER_COLUMN = lazy_compile(
    r"(?:masked|truncated)?(?:credit|debit)?(?:card|cc)(?:number|num|no|nr)?|(?:masked)?pan|primaryaccountnumber"
    r"|karten?nummer|n(?:u?mero)?(?:de|do)?(?:carte|tarjeta|carta|carto)")
_WORDS = lazy_compile(r"[ \t]*" + PROGRAMME_NAME)  # a programme's name: ``Tesco Clubcard``, ``Gift card``
_FOUR_DIGITS = lazy_compile("[0-9]{4}")  # a last four, a masked number's visible digits, an id
# the number itself, judged by the PAN detector by its column
_WHOLE_NUMBER = lazy_compile(r"[0-9](?:(?:  |[ \-])?[0-9]){11,}")  # groups a space, two or a hyphen apart


@lru_cache(maxsize=64)
def number_columns(names: tuple[str, ...]) -> tuple[int, ...]:
    """The columns of a header that name the card: its number (``Numéro de carte``) or its last four digits
    (``card_last4``, a Stripe Sigma export's), once per file and width."""
    return tuple(i for i, name in enumerate(names)
                 if _NUMBER_COLUMN.fullmatch(norm(name)) or role(name) == "card number" or last_four(name))


def programme_labels(label: str, fields: tuple[str, ...], c: int,
                     column: Callable[[int], list[str]]) -> list[str] | None:
    """The labels of card-number column ``c``'s cells (``label``: the column's; ``column``: a column's cells) when
    rows name a closed-loop programme's card: the cell before names one (``Tesco Clubcard,6340…``, ``Gift card,
    6006…``), or the table is a programme's (``programme_column``) and some row's programme cell names one, so that
    every row whose programme cell is a name with no scheme's word holds a programme's card (``Starbucks Card`` beside
    ``Tesco Clubcard``). Such a row's number is scanned under the programme's name too (``Tesco Clubcard card_number``)
    or as a loyalty card's (``loyalty card card_number``), which ``idnames`` reads as no payment card; None when no
    row's is. A row whose programme cell holds a scheme's word (``Visa Gift Card``) keeps its column's label."""
    before = column(c - 1) if c else []
    at = programme_column(fields, c)
    names = column(at) if at is not None else []
    if not any(map(_programme_cell, names)):
        names = []  # no row says the table is a closed-loop programme's: a brand alone names no programme
    if not names and not any(map(_programme_cell, before)):
        return None
    return [_row_label(label, b, n) for b, n in zip(before or [""] * len(names), names or [""] * len(before),
                                                    strict=True)]


def _row_label(label: str, before: str, name: str) -> str:
    """A card-number cell's label in its row: the programme the cell before names, or the programme column's name."""
    if _programme_cell(before):
        return f"{before.strip()} {label}"
    # (the programme's name is left out: a long one would push the card word past the reach of the value's key)
    return f"loyalty card {label}" if _programme_name(name) else label


# A loyalty or gift programme's table by its header (``program,card_number,member_id,points_balance,pin``): a
# column that names each row's programme, a column of what only a programme's account holds (points, a tier, a member
# number, a gift card's PIN or balance), and a card column named by no payment word. A card issuer's rewards export
# (``card_number`` beside ``points_balance``) has the last two too, so the programme column is needed, and
# ``programme_labels`` wants a row of it that names a closed-loop card by its words.
_PROGRAMME_COLUMN = lazy_compile(r"(?:loyalty|gift|member(?:ship)?)?program(?:me)?(?:name)?")
_ACCOUNT_COLUMN = lazy_compile(
    r"(?:loyalty|reward|rewards)?points(?:balance)?|(?:points|gift|giftcard|stored|card)?balance|(?:loyalty)?tier"
    r"|member(?:ship)?(?:id|number|num|no|nr)?|(?:card|giftcard)?pin(?:code)?|stamps")
_PLAIN_CARD_COLUMN = lazy_compile(r"card(?:number|num|no|nr)?")


@lru_cache(maxsize=64)
def programme_column(fields: tuple[str, ...], c: int) -> int | None:
    """The column naming each row's programme when ``fields`` are a programme's table's (``_PROGRAMME_COLUMN``) and
    card column ``c`` is named by no payment word; None otherwise (a ``credit_card_number`` or ``PAN`` column)."""
    names = [norm(f) for f in fields]
    if not _PLAIN_CARD_COLUMN.fullmatch(names[c]) or not any(map(_ACCOUNT_COLUMN.fullmatch, names)):
        return None
    return next((i for i, n in enumerate(names) if _PROGRAMME_COLUMN.fullmatch(n)), None)


def _programme_name(cell: str) -> bool:
    """A cell of words (a programme's name, no digits) with no scheme's word (``Visa Gift Card`` may be a card)."""
    return _WORDS.fullmatch(cell) is not None and not names_scheme(cell)


@lru_cache(maxsize=256)
def _programme_cell(cell: str) -> bool:
    """A cell of words (a programme's name, no digits) that names a closed-loop programme's card."""
    return bool(cell) and _WORDS.fullmatch(cell) is not None and programme_card(cell)


def names_card(row: list[str], columns: tuple[int, ...]) -> bool:
    """The row's card-number cell holds four digits in a run and is no whole number of a card's length (a 12-digit
    Maestro the PAN detector finds by its column is a card number ``holds_card_number`` does not read as one)."""
    return any(i < len(row) and _FOUR_DIGITS.search(row[i]) is not None
               and _WHOLE_NUMBER.fullmatch(_text_cell(_as_ascii(row[i]).strip())) is None for i in columns)


def _text_cell(cell: str) -> str:
    """A cell Excel keeps as text: ``'0012…`` or the formula ``="0012…"`` (a CSV export's way to keep leading zeros
    and all of a long number's digits) as its value."""
    if cell.startswith('="') and cell.endswith('"') and len(cell) > 3:
        return cell[2:-1]
    return cell.removeprefix("'")


def _as_ascii(text: str) -> str:
    """``text`` with other scripts' digits, spaces and dashes as ASCII: an export writes a card's groups apart with
    an en dash or a narrow no-break space (``4111–1111–…``) as often as with a hyphen or a space."""
    return text if text.isascii() else fold(text)


_TAIL = lazy_compile(r"([0-9]{4})[^0-9]*$")  # the visible last four of a truncated card (``**** **** **** 4242``)


def card_tails(row: list[str], columns: tuple[int, ...]) -> frozenset[str]:
    """The last four digits of the card a row names truncated: in its card-number cells (``names_card``) and in any
    cell that is a masked number as a whole."""
    return frozenset(m[1] for i, cell in enumerate(row) if (i in columns or masked_number(cell))
                     and (m := _TAIL.search(cell)) is not None)


def holds_named_card(joined: str, tails: frozenset[str]) -> bool:
    """``joined`` (a row's cells) holds a whole card number. When the row names its card truncated (``tails``), only
    that card's own number counts (it ends in those last four): the row's expiry is the truncated card's, and another
    card in a note (``Informou número do cartão: …``) is a finding of its own, not that card's number stored beside
    its expiry; a receipt's EAN/UPC barcode or a decimal's long fraction beside it is none either."""
    if not tails:
        return holds_card_number(joined, 0, len(joined))
    joined = _as_ascii(joined)  # read and judged in ASCII: a card grouped with en dashes is the same card
    for m in NUMBER.finditer(joined):  # as ``holds_card_number`` reads them
        if SEPARATORS.sub("", m[0])[-4:] in tails and holds_card_number(joined, *m.span()):
            return True
    return False


def test_rows(cards: tuple[int, ...], column: Callable[[int], list[str]], first_row: int) -> frozenset[int]:
    """The rows (numbered from ``first_row``) whose card-number cell holds a published test card: the CVV and expiry
    in their other columns are that test card's (``engine.testowners``)."""
    return frozenset(first_row + i for c in cards for i, cell in enumerate(column(c))
                     if is_test_pan(cell.strip().replace(" ", "").replace("-", "")))  # as a number is grouped
