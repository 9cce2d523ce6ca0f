"""Month names in the languages whose expiry labels ``vocabulary`` knows (Spanish, Portuguese, French, German, Italian,
Dutch), as a caller says a card's date to a voice bot or a form prints it: ``caduca el septiembre 2033``, ``vence em
setembro de 2033``, ``expire en mars 2031``, ``gültig bis März 2031``, ``scadenza marzo 2031``. Data only:
``card_dates.date_at`` reads a name with a four-digit year after an expiry keyword, as it reads ``Feb 2027``.

Each name is written with its accents and without them (``março``/``marco``, ``août``/``aout``, ``März``/``Maerz``
/``Marz``), and a name the English alternation already reads (``april``, ``september``...) is left to it.
"""

from __future__ import annotations

import re
import unicodedata

_NAMES = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_VARIANTS = {"setiembre": 9, "jänner": 1, "maerz": 3}  # Spanish (Peru, Uruguay), Austrian German, German folded
_ENGLISH = frozenset({"april", "august", "september", "november", "december"})


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii())


NUMBER: dict[str, int] = dict(_VARIANTS)
for _line in _NAMES.values():
    for _i, _name in enumerate(_line.split(), 1):
        NUMBER[_name] = NUMBER[_folded(_name)] = _i
for _name in [n for n in NUMBER if not n.isascii()]:
    NUMBER[_name.upper()] = NUMBER[_name]  # a non-ASCII letter does not fold under re.ASCII (MÄRZ)
# A regex alternation of the names, longest first (``marzo`` before ``mars``; ``re.ASCII`` folds ASCII letters only)
FOREIGN_MONTH = "|".join(sorted((n for n in NUMBER if n not in _ENGLISH), key=lambda n: (-len(n), n)))


def month_number(name: str) -> int:
    """The number of a month name in any of these languages (any case)."""
    return NUMBER[name.lower()]


_SENTENCE_START = re.compile(r"""(?:^|[.;:!?"'>\n])[ \t]*(?:[^\W\d_]+[ \t]+)?$""")


def named_month(text: str, verb: int, start: int, end: int) -> bool:
    """A verb starting at ``verb`` begins its sentence (or follows one word: a pronoun, ``elle expire le``) and the
    date ``text[start:end]`` after it is a month named with a four-digit year (``caduca el septiembre 2033``): a
    caller's answer about the card a voice bot asked for. Something else that expires is named before the verb
    (``Das Angebot ist gültig bis März 2031``) or names its day (``vence el 30 de septiembre de 2033``)."""
    if not (text[start].isalpha() and text[end - 4 : end].isdigit()):
        return False
    return _SENTENCE_START.search(text, max(0, verb - 40), verb) is not None
