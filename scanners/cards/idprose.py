"""Id words in prose before a value, and the other names a value gets without a key sign before it.

``idkeys`` reads a value's key when a sign (``:``, ``=``) comes before it; a value written after words instead is
named here: an id word in prose (``order number 4…``, ``transaction id 4…``, ``Bestellnr. 4…``, ``numéro de
commande 4…``), a key-and-value table row's label cell (``| Order | 4…``), a label in another language's word order
(``idphrases``). A closed-loop programme's word before a card label keeps it that programme's (``gift card number``).
"""

from __future__ import annotations

import re

from scanners.cards.idnames import programme_card
from scanners.cards.idphrases import phrase_name

# Prose that names an id before it (``transaction id 4054…``, ``order ref 4335…``, ``your order number is 4…``,
# ``rrn 6072…``: a retrieval reference number): the word before the id word too, or the words of a camel-case key
# pasted into a message (``pspReference 5582…``: the id word starts with a capital after them), or an ISO 20022
# element's name in Pascal case on a bank statement's line (``AcctSvcrRef 6313…``: the account servicer's reference).
_PROSE_BEFORE = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=\\[tnr]))((?:[A-Za-z]{2,30}(?:[ _-]|\\T\\)"
    r"|(?:[a-z][A-Za-z0-9]|[A-Z][a-z])[A-Za-z0-9]{0,28}(?=[A-Z]))?"
    r"(?i:id|r[e\u00e9]f\.?|reference|number|no\.?|nbr\.?|order|invoice|ticket|booking|rrn|stan"
    r"|(?:bestell|rechnungs|auftrags|kunden|buchungs|sendungs)(?:nr\.?|nummer)"
    # Spanish, Portuguese and French "order / invoice number" (the accent raw or JSON-escaped: n\u00famero)
    r"|n(?:[u\u00fa]|\\u00[fF][aA])mero d[eo] (?:pedido|factura|fatura|reserva)"
    r"|num(?:[e\u00e9]|\\u00[eE]9)ro de (?:commande|facture|r[e\u00e9]servation)"
    # the order or invoice word alone, as "order" and "invoice" are (French mail: "Commande 4…, carte se terminant par")
    r"|commande|facture|pedido|encomenda|factura|fatura|bestellung|rechnung|auftrag|ordine|fattura|bestelling|factuur"
    r"|confirmation|tracking|shipment|parcel|session|aws[ _-]account|member|membership|policy|voucher|loyalty|rewards"
    r"|(?:gift|loyalty|rewards?|member(?:ship)?|club|points|store)[ _-]?card|customer[ _-]account"
    # a SEPA direct debit's mandate reference as a bank statement prints it ("LASTSCHRIFT Mandat 3901…")
    r"|mandat|mandate|mandatsreferenz|e2e"  # ... and its end-to-end id ("E2E 4218…")
    # France's company and establishment numbers as invoices and records print them ("SIRET 4804…": INSEE's 14-digit
    # id, Luhn-valid by construction, a card's length)
    r"|siret|siren"
    # a device's serial number, a POS terminal's or card reader's ("serial 4…", "S/N 4…"): "card serial" stays a card;
    # an event's sequence number ("heartbeat ok, seq 4…")
    r"|serial|s/n|seq|sequence"
    # an airline ticket as a GDS and its logs abbreviate it ("TKT 4792…", "ETKT 1252…", Amadeus' SSR "TKNE 0572…")
    r"|e?tkt|tkne))(?:[ \t]+(?i:is|was|ist|war|es|era|est|\u00e9|\\u00e9))?[ \t\u00a0]+$"
)  # "order number is 4…": the words before the id word name it (a card number stays one: a card word). An
# abbreviation keeps its period: "ref. 4…", "réf. 4…" (French), "No. 4…", "Bestellnr. 4…", "Rechnungsnr. 4…" (German
# order, invoice, job, customer, booking and shipment numbers); a full word's period ends a sentence ("invoice. 4…").
# "die Bestellnummer ist 4…", "el número de pedido es 4…": the same in German, Spanish, Portuguese and French.
# A JSON escape before the words is no letter of theirs: "…\\tINFO\\tinvoice 4…" (a CloudWatch export's message).
# HL7 writes "&" as ``\T\``: "Card\T\No 4…" names the card's number.
# A closed-loop programme's word right before a card label the patterns above read (``gift card number 6…``,
# ``asked about gift_card_number 6…``, ``Gift card no.: 6…``), with the word before it: ``idnames`` reads the whole
# name, so that a scheme's word keeps an open-loop card a card (``Visa gift card number 4…``).
_PROGRAMME_BEFORE = re.compile(
    r"(?:(?<![A-Za-z0-9])[A-Za-z]{2,30}[ _-])?(?<![A-Za-z0-9])(?i:gift|loyalty|member(?:ship)?|rewards?|store)[ _-]?$"
)
# How every id word of ``_PROSE_BEFORE`` ends (lower case, ASCII): a word before a value that ends in none of these
# spares the pattern's search (each start in 48 characters tried against every id word).
_PROSE_ENDINGS = (
    "id", "ref", "ref.", "reference", "number", "no", "no.", "nbr", "nbr.", "order", "invoice", "ticket", "booking",
    "rrn", "stan", "nr", "nr.", "confirmation", "tracking", "shipment", "parcel", "session", "account", "member",
    "membership", "policy", "voucher", "loyalty", "rewards", "card", "nummer", "pedido", "factura", "fatura", "reserva",
    "commande", "facture", "reservation", "encomenda", "bestellung", "rechnung", "auftrag", "ordine", "fattura",
    "bestelling", "factuur", "serial", "s/n", "seq", "sequence", "mandat", "mandate", "referenz", "e2e", "siret",
    "siren", "tkt", "tkne",
)  # fmt: skip
_VERBS = re.compile(r"[ \t]+(?:is|was|ist|war|es|era|est|\\u00e9)$")


def _prose_tail(text: str, lo: int, start: int) -> bool:
    """The ASCII ``text[lo:start]`` may end as ``_PROSE_BEFORE`` needs: an id word's ending, then spaces (and its verb,
    "is", "ist", "es", "est", a JSON-escaped "é"..., between). Keep both lists in step with ``_PROSE_BEFORE``."""
    words = text[lo:start].rstrip(" \t\u00a0").lower()
    if words.endswith(_PROSE_ENDINGS):
        return True
    verb = _VERBS.search(words)
    return verb is not None and words[: verb.start()].endswith(_PROSE_ENDINGS)


# A key-and-value text table's row (a model's Markdown answer "| Field | Value |", a Jira table): the row's first
# cell names the value in the second, as a key would (``| Order | 4…|``, ``| Card number | 4…|`` stays a card's).
_ROW_LABEL = re.compile(r"(?:^|\n|\\n)[ \t]*\|?[ \t]*([A-Za-z][\w .#/-]{0,40}?)[ \t]*\|[ \t]*$")


# A line's label of words before its colon (``Gift card applied: 6034…``, ``Loyalty card used: 6…``, a CSV loyalty
# export's ``Tesco Clubcard card_number: 6340…`` as ``formats._csvcards`` labels it): the words name the value, not
# the last one alone that a key reader takes (``applied``, ``card_number``).
_LINE_LABEL = re.compile(r"(?:^|\n|\\n)[ \t]*([A-Za-z][A-Za-z _\-]{2,40}?)[ \t]*$")


def programme_label(text: str, lo: int, sign: int) -> str | None:
    """The label of words that opens the line and ends at the key sign ``sign`` when it names a closed-loop
    programme's card (``idnames.programme_card``), or None."""
    m = _LINE_LABEL.search(text, max(0, lo - 16), sign)
    return m.group(1) if m is not None and " " in m.group(1) and programme_card(m.group(1)) else None


def programme_named(text: str, lo: int, m: re.Match[str]) -> str:
    """The name ``m.group(1)`` (a card label or an id word), with the programme's words right before it when a card
    label is a gift, loyalty, member or store card's (``_PROGRAMME_BEFORE``)."""
    found = m.group(1)
    if "ard" not in found or (p := _PROGRAMME_BEFORE.search(text, lo, m.start(1))) is None:
        return found  # ("ard": a card word's letters, "card" and "CARD" alike)
    return p.group() + found


# A payment card's expiry or code said after the number in its sentence ("… 536, cvv 123", "… expires 12/28")
_CODE_AFTER = re.compile(
    r"[0-9][0-9 .\-]{10,30}[^.;!?\n]{0,60}?(?<![A-Za-z])(?i:cvv2?|cvc2?|csc|security code|exp(?:ires|iry|iration)?"
    r"|valid (?:thru|through|until)|good thru)(?![A-Za-z])")


def unsigned_name(text: str, lo: int, start: int, ascii_before: bool) -> str | None:
    """The name of a value no key sign precedes: an id word in prose (``order number 4…``), a key-and-value table
    row's label cell (``| Order | 4…``), a label in another language's order (``número de póliza 4…``,
    ``Versicherungsnummer 4…``: ``idphrases``)."""
    spaced = start > 0 and text[start - 1] in " \t\u00a0"
    if spaced and (not ascii_before or _prose_tail(text, lo, start)) and (m := _PROSE_BEFORE.search(text, lo, start)):
        name = programme_named(text, lo, m)
        # "my loyalty card is 6391 …": a closed-loop card, unless its expiry or code follows (a payment card's)
        return None if "ard" in m.group(1) and programme_card(name) and _CODE_AFTER.match(text, start) else name
    if text[lo:start].rstrip(" \t").endswith("|") and (row := _ROW_LABEL.search(text, max(0, start - 64), start)):
        return row.group(1)
    return phrase_name(text, lo, start) if spaced else None
