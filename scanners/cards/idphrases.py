"""Id labels in prose that ``idkeys``' English patterns do not read, and id labels whose letters an encoding hides.

- A Romance language's "number of the <noun>", the number word first: ``número de póliza``, ``numéro client``,
  ``número da apólice``, ``nº de contrato``, ``n° dossier``, ``Réf. transaction``, ``código de cliente``, ``codice
  cliente``; one or two words after it (``número de póliza del cliente``); so too Polish, its noun in the genitive
  (``numer polisy``, ``nr zamówienia``, ``numer klienta``).
- The noun first and the number's abbreviation after it: ``Commande n° 4…``, ``pedido nº 4…``, ``Bestellung Nr. 4…``
  (``carte n°``, ``tarjeta nº`` stay a card's number: ``id_key`` judges the noun).
- A German or Dutch compound that ends in the number word: ``Versicherungsnummer``, ``Vertragsnummer``,
  ``Kunden-Nr.``, ``polisnummer``, ``klantnummer``, and ``Vorgang`` (a case or transaction) alone.
- Any label a JSON string, a form body or a quoted-printable mail body escaped: ``n\\u00famero de p\\u00f3liza``,
  ``policy+number+``, ``n%C3%BAmero+de+cliente+``, ``num=C3=A9ro client`` (``decoded_before``: the text before the
  value, decoded, for ``idkeys`` to read again).

``phrase_name`` returns the label as an English key for ``idnames.id_key`` to judge (``número de póliza`` ->
``póliza number``, ``Réf. transaction`` -> ``transaction ref``; a compound whole): an id word names an id (cliente,
póliza, contrat, Versicherung), a card word a card (``número de tarjeta``, ``numéro de carte client``,
``Kartennummer``), and an account (``número de cuenta``, ``Kontonummer``) names no id, as "account number" does not.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

# The number word (or a reference's or code's) that opens a label, accents raw; a period may end an abbreviation
_HEAD = (
    r"(?P<number>n[u\u00fa]mero|num[e\u00e9]ro|numer|n[u\u00fa]m\.?|n\.?[\u00ba\u00b0]|nr\.?)"
    r"|(?P<ref>r[e\u00e9]f(?:[e\u00e9]rence|erencia|er[e\u00ea]ncia)?\.?)|(?P<code>c[o\u00f3]digo|codice|code)"
    r"|(?P<id>identifiant|identificador)"
)
_PARTICLE = r"(?:de la|de|do|da|dos|das|del|du|des|di|della)"
_WORD = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]{3,30}"  # Latin-1 and Latin Extended-A (Polish ł, ż, ę)
_SPACE = r"[ \u00a0]"
_VERB = r"(?:[ \t]+(?:is|es|est|\u00e9|ist|era|was|lautet))?[ \t\u00a0]*$"
_PHRASE = re.compile(
    rf"(?i)(?:(?:{_HEAD})(?:(?<=[.\u00ba\u00b0]){_SPACE}?|{_SPACE})"
    rf"(?:{_PARTICLE}{_SPACE}|d')?(?P<name>{_WORD}(?:{_SPACE}(?:{_PARTICLE}{_SPACE})?{_WORD})?)"
    # German: a compound ending in the number word (written whole, or hyphened and abbreviated), a case
    rf"|(?P<compound>[A-Za-z\u00c4\u00d6\u00dc\u00e4\u00f6\u00fc\u00df]{{3,40}}?(?:-?nummer|-?nr\.)|vorgang)"
    rf"|(?P<noun>{_WORD}){_SPACE}(?:n\.?[\u00ba\u00b0]|nr\.|n[u\u00fa]m\.)){_VERB}"
)
# What the window, lower-cased, must hold for ``_PHRASE`` to match: a head's letters (a cheap first test)
_HEAD_NEEDLES = re.compile(
    r"n[u\u00fa]mero|num[e\u00e9]ro|numer[ \u00a0]|n[u\u00fa]m[. ]|[\u00ba\u00b0]|nr[. \u00a0]|r[e\u00e9]f|c[o\u00f3]d"
    r"|ident"
)
_COMPOUND_NEEDLES = ("nummer", "nr.", "vorgang")
_NOUN_NEEDLES = ("\u00ba", "\u00b0", "nr.", "num.", "n\u00fam.")  # the abbreviation after a noun-first label
_HEAD_LETTERS = frozenset("nNrRcCiI")  # how every head begins
# A word's first letter: where a label may open (``_PHRASE`` is tried there only, not at every character)
_WORD_START = re.compile(r"(?<![^\W\d_])[^\W\d_]")
_WORDS_BACK = 6  # a label's words: its head, a particle, two words, a particle between, a verb


def phrase_name(text: str, lo: int, start: int) -> str | None:
    """The label of ``_PHRASE`` that ends right before ``start`` (``lo``: how far back to read) as a key name
    (see the module doc), or None."""
    low = text[lo:start].lower()
    compound = any(needle in low for needle in _COMPOUND_NEEDLES + _NOUN_NEEDLES)  # a label may open at any word
    if not compound and not _HEAD_NEEDLES.search(low):
        return None  # the common case: no head's letters before the value
    starts = [w.start() for w in _WORD_START.finditer(text, lo, start)][-_WORDS_BACK:]
    m = next(
        (m for at in starts if (compound or text[at] in _HEAD_LETTERS) and (m := _PHRASE.match(text, at, start))),
        None,
    )
    if m is None:
        return None
    if m["compound"] is not None:
        return m["compound"]
    if m["noun"] is not None:
        return f"{m['noun']} number"
    kind = next(k for k in ("number", "ref", "code", "id") if m[k] is not None)
    return f"{m['name']} {kind}"  # "póliza number", "transaction ref": the noun and what the label is of it


_U_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
_QP_RUN = re.compile(r"(?:=[0-9A-F]{2}|=\r?\n)+")  # UTF-8 bytes as quoted-printable escapes, soft line breaks
# a UTF-8 letter's two bytes or a soft line break: quoted-printable, not a key's ``=`` before two capitals or digits
_QP_HINT = re.compile(r"=(?:[C-E][0-9A-F]=[89AB][0-9A-F]|\r?\n)")
_JSON_SPACE = re.compile(r"\\[nrt]")
_REACH = 160  # an escaped label's characters take up to six each (``\\u00fa``), a form's three (``%C3%BA``)


def unescape_u(before: str) -> str:
    """JSON's ``\\uXXXX`` escapes in ``before`` as the characters they stand for."""
    return _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), before)


def unquote_qp(before: str) -> str:
    """Quoted-printable escapes (UTF-8 bytes) and soft line breaks in ``before`` as the text they stand for."""
    return _QP_RUN.sub(lambda m: bytes.fromhex(re.sub(r"=\r?\n|=", "", m.group())).decode("utf-8", "replace"), before)


def decoded_before(text: str, start: int) -> str | None:
    """The text before ``start`` decoded when an encoding escaped it (JSON ``\\uXXXX`` escapes and escaped line
    breaks, a form body's ``+`` and ``%XX``, quoted-printable ``=XX``), else None: what a reader sees before the
    value."""
    before = text[max(0, start - _REACH) : start]
    decoded = before
    if "\\u" in decoded or "\\n" in decoded or "\\t" in decoded:
        decoded = _JSON_SPACE.sub(" ", unescape_u(decoded))
    if before.endswith("+"):
        decoded = unquote_plus(decoded)
    elif "=" in decoded and _QP_HINT.search(decoded):
        decoded = unquote_qp(decoded)
    return decoded if decoded != before else None
