"""The card-data role of a CSV header written in another language, for ``delimited``: the expiry, card-number and
security-code column names that exports of European, Latin American and Asian payment estates write (French, Spanish,
Portuguese, Italian, German, Dutch, Nordic, Polish, Turkish, Japanese, Chinese, Korean, Russian), with their accents
and whatever encoding the file came in (Windows-1252 or UTF-16 decode to the same letters).

A header is folded before it is read: accents dropped (``Validité`` -> ``validite``, ``Gültig bis`` -> ``gultigbis``,
``Udløbsdato`` -> ``udlobsdato``), lower-cased, punctuation and spaces gone (``Date d'expiration`` ->
``datedexpiration``, ``N° de carte`` -> ``ndecarte``); letters of other scripts are kept (``有効期限``).

``column_label`` gives the label a column's cells are scanned under: the header itself when the detectors' keywords
read it (``Exp``, ``Gültig bis``, ``Cryptogramme``, ``有効期限``), else the role's English word (``expiry``, ``cvv``):
``Validité: 09/27`` is scanned as ``expiry: 09/27``, its finding still names the ``Validité`` column.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from scanners.detectors.intl_words import LABEL
from scanners.detectors.vocabulary import Cvv, Expiry

_CARD = r"(?:de(?:la)?|do|da|di|della|del)?(?:carte|tarjeta|cartao|carta|karte|kaart|karty|kort|kart)"
_EXPIRY = re.compile(
    r"(?:(?:date)?(?:de)?(?:fin)?(?:de)?validite|datedexpiration|dateexpiration|(?:datede|date)?echeance"
    r"|valablejusqu(?:au|a)?"  # French
    r"|(?:fecha)?(?:de)?(?:vencimiento|caducidad|expiracion)|validohasta|validahasta"  # Spanish
    r"|(?:data)?(?:de)?(?:validade|vencimento)|validoate|validaate"  # Portuguese
    r"|(?:data)?(?:di)?scadenza|validafino(?:al|a)?"  # Italian
    r"|ablaufdatum|ablauf|gultigbis|gultigkeit|gultigkeitsdatum|verfallsdatum|verfalldatum|verfall"  # German
    r"|geldigtot|geldigheid|vervaldatum"  # Dutch
    r"|utgangsdatum|utgangsdato|giltigtill|udlobsdato|gyldigtil|voimassa|viimeinenvoimassaolopaiva"  # Nordic
    r"|datawaznosci|waznosc|waznado|platnostdo|sonkullanmatarihi|sonkullanma"  # Polish, Czech, Turkish
    r"|有効期限|有効期間|有效期(?:限|至)?|有效日期|到期日(?:期)?|유효기간|만료일|срокдействия)"
    rf"(?:{_CARD})?")
_NUMBER = re.compile(
    r"(?:n|no|nr|num|numero|nummer)(?:de(?:la)?|do|da|di|della|del)?(?:carte|tarjeta|cartao|carta)(?:bancaire)?"
    r"|(?:kredit|bank|ec|debit)?kartennummer|kartennr|kaartnummer|numerkarty|kortnummer|kartnumarasi|kartno"
    r"|カード番号|卡号|卡號|信用卡号|银行卡号|카드번호|номеркарты")
_CVV = re.compile(
    r"(?:cryptogramme(?:visuel)?|codedesecurite|codigodeseguridad|codigodeseguranca|codicedisicurezza|codicecvv"
    r"|(?:karten)?prufnummer|(?:karten)?prufziffer|sicherheitscode|beveiligingscode|kaartverificatiecode"
    r"|sakerhetskod|sikkerhedskode|sikkerhetskode|turvakoodi|kodzabezpieczajacy|guvenlikkodu"
    r"|セキュリティコード|セキュリティーコード|安全码|安全碼|보안코드|кодбезопасности)"
    rf"(?:{_CARD})?")
_LIGATURES = str.maketrans({"ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
_NOT_LETTER = re.compile(r"[\W_]")


def fold(name: str) -> str:
    """``name`` lower-cased without accents, spaces or punctuation (see the module doc)."""
    lowered = name.lower().translate(_LIGATURES)
    return _NOT_LETTER.sub("", "".join(map(_bare, lowered)))


def _bare(char: str) -> str:
    """A Latin letter without its accent (``é`` -> ``e``); any other character as it is (a kana's voicing mark is
    part of the letter: ``ド`` stays)."""
    if char < "\u00c0" or char > "\u024f":
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


@lru_cache(maxsize=256)
def role(name: str) -> str | None:
    """``expiry``, ``card number`` or ``cvv`` for a header in another language naming that column, else None."""
    key = fold(name)
    for word, rx in (("expiry", _EXPIRY), ("card number", _NUMBER), ("cvv", _CVV)):
        if rx.fullmatch(key):
            return word
    return None


@lru_cache(maxsize=256)
def column_label(name: str) -> str:
    """The label a column's cells are scanned under: ``name``, or its role's English word when no keyword of the
    detectors reads ``name`` (a card number needs none: the PAN detector reads the number itself)."""
    word = role(name)
    lowered = name.lower()
    if word == "expiry" and not (Expiry.LOWER.search(lowered) or Expiry.INTL_LOWER.search(lowered)
                                 or LABEL.search(name)):
        return word
    if word == "cvv" and not (Cvv.LOWER.search(lowered) or Cvv.INTL_LOWER.search(lowered) or LABEL.search(name)):
        return word
    return name
