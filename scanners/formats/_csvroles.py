"""The card-data role of a CSV header written in another language, for ``delimited``: the expiry, card-number and
security-code column names that exports of European, Latin American and Asian payment estates write (French, Spanish,
Portuguese, Italian, German, Dutch, Nordic, Polish, Turkish, Japanese, Chinese, Korean, Russian, Arabic, Hindi), with
their accents and whatever encoding the file came in (Windows-1252 or UTF-16 decode to the same letters).

A header is folded before it is read: accents dropped (``Validité`` -> ``validite``, ``Gültig bis`` -> ``gultigbis``,
``Udløbsdato`` -> ``udlobsdato``), lower-cased, punctuation and spaces gone (``Date d'expiration`` ->
``datedexpiration``, ``N° de carte`` -> ``ndecarte``); letters of other scripts are kept (``有効期限``).

``column_label`` gives the label a column's cells are scanned under: the header itself when the detectors' keywords
read it (``Exp``, ``Gültig bis``, ``Cryptogramme``, ``有効期限``), else the role's English word (``expiry``, ``cvv``):
``Validité: 09/27`` is scanned as ``expiry: 09/27``, its finding still names the ``Validité`` column; an id column
``idnames`` does not read (``envío``, ``fidelidad``, ``spedizione``) as its English name (``tracking_number``).

``header_keys`` reads a card summary's header in any of these languages: a last-four column (``últimos4``,
``derniers 4``, ``letzte4``) is the card named truncated, and a month and a year column (``mes``/``año``,
``mois``/``année``, ``Monat``/``Jahr``) beside a card's columns are its expiry month and year. An English expiry
phrase no expiry key reads (``Expires On``, a donor CRM's gift export; ``Date Expires``, ``Valid Until``, ``Good
Thru``, ``Credit Card Expiration``) names the card's expiry only beside a card's columns (alone it is as often a
membership's, a licence's or a certificate's date): ``cell_label`` then scans its cells as ``expiry``; so does an ERP's
valid-to column (SAP's ``DATBI`` beside ``CCNUM``; its valid-from ``DATAB`` is no expiry).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from scanners.cards.idnames import id_key
from scanners.cards.keyparse import norm
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
    r"|有効期限|有効期間|有效期(?:限|至)?|有效日期|到期日(?:期)?|유효기간|만료일|срокдействия"
    r"|(?:تاريخ)?(?:ال)?(?:انتهاء(?:ال)?(?:صلاحية)?|صلاحية)"  # Arabic: (date of) expiry (of validity), validity
    r"|समाप्ति(?:तिथि|तारीख|दिनांक)?|वैधता(?:तिथि)?|एक्सपायरी(?:डेट|तिथि)?)"  # Hindi: expiry (date), validity
    rf"(?:{_CARD})?")
_NUMBER = re.compile(
    r"(?:n|no|nr|num|numero|nummer)(?:de(?:la)?|do|da|di|della|del)?(?:carte|tarjeta|cartao|carta)(?:bancaire)?"
    r"|(?:kredit|bank|ec|debit)?kartennummer|kartennr|kaartnummer|numerkarty|kortnummer|kartnumarasi|kartno"
    r"|カード番号|卡号|卡號|信用卡号|银行卡号|카드번호|номеркарты"
    r"|رقم(?:ال)?بطاقة(?:ال)?(?:ائتمان(?:ية)?)?"  # Arabic: number of the (credit) card
    r"|(?:क्रेडिट|डेबिट)?कार्ड(?:नंबर|नम्बर|संख्या)")  # Hindi: (credit/debit) card number
_CVV = re.compile(
    r"(?:cryptogramme(?:visuel)?|codedesecurite|codigodeseguridad|codigodeseguranca|codicedisicurezza|codicecvv"
    r"|(?:karten)?prufnummer|(?:karten)?prufziffer|sicherheitscode|beveiligingscode|kaartverificatiecode"
    r"|sakerhetskod|sikkerhedskode|sikkerhetskode|turvakoodi|kodzabezpieczajacy|guvenlikkodu"
    r"|セキュリティコード|セキュリティーコード|安全码|安全碼|보안코드|кодбезопасности"
    r"|رمز(?:ال)?(?:أمان|امان|تحقق|حماية)"  # Arabic: security, verification, protection code
    r"|सीवीवी(?:कोड|नंबर)?|सुरक्षाकोड)"  # Hindi: CVV written in Devanagari, security code
    rf"(?:{_CARD})?")
# a card named by its last four digits: English, Spanish/Portuguese, French, German, Italian, Dutch
_LAST4 = re.compile(r"(?:card|tarjeta|carte|karte|carta|cartao|kaart)?(?:last4|lastfour|last4digits|lastfourdigits"
                    r"|lastdigits|ultimos4|ultimos4digitos|ultimoscuatro|derniers4|4derniers|derniers4chiffres"
                    r"|letzte4|letzte4ziffern|ultime4|ultime4cifre|laatste4|laatste4cijfers)|cardsummary")
# a month and a year column: read as a card's expiry only beside a card's columns (``header_keys``)
_EXP = r"(?:exp|expiry|expiration|card|cc|cardexp|cardexpiry)?"
_MONTH_WORD = re.compile(_EXP + r"(?:month|mm|mes|mois|monat|mese|maand)")
_YEAR_WORD = re.compile(_EXP + r"(?:year|yy|yyyy|ano|anio|annee|jahr|anno|jaar)")
# an English expiry phrase (folded) that ``Expiry.KEY`` does not read: a weak name, read beside a card's columns only
_EXPIRY_PHRASE = re.compile(
    r"(?:credit|debit|payment|bank)?(?:card|cc)?(?:exp|expiry|expiration|expires|expire|expiring|validthru"
    r"|validthrough|validuntil|validto|validtill|goodthru|goodthrough)(?:on|date|dt|end|mmyy|mmyyyy|yymm|yyyymm)?"
    r"|date(?:card)?expires")
# an ERP's name for a payment card's valid-to date (folded), read as its expiry beside a card's columns only (alone it
# is any record's validity): SAP ERP's payment card tables (``FPLTC``, ``VCKUN``, ``BSEGC``: ``CCNUM`` the number,
# ``DATAB`` valid from, ``DATBI`` valid to, a date as YYYYMMDD; the ``BAPICCARD`` structure's ``CC_VALID_T`` is an
# expiry key already) and SAP Business One's ``CardValid`` ("Credit Card Valid Until", tables ``RCT3``, ``OCRH``)
_VALID_TO = re.compile(r"datbi|cardvalid(?:until)?")
_CARD_NUMBER = re.compile(r"(?:card|cc|pan|creditcard|debitcard)(?:number|num|no|nr)?|pan")
# an id column that ``idnames.id_key`` does not read in its own language: a shipment's tracking number, a loyalty
# programme's member number, an order (``(numero)(de)`` in front, ``nr``/``nummer`` after)
_NO = r"(?:n|no|nr|num|numero)?(?:de|del|do|da|di)?"
_IDS = (("tracking_number", re.compile(_NO + r"(?:envio|seguimiento|rastreo|rastreio|expedition|suivi|spedizione"
                                       r"|tracciamento|verzending|zending|remessa)(?:nr|nummer|numero|no)?")),
        ("loyalty_number", re.compile(_NO + r"(?:fidelidad|fidelidade|fidelite|fedelta|fidelizacao|treue|loyaliteit"
                                      r"|programadefidelidad|cartefidelite|clubcard)"
                                      r"(?:nr|nummer|numero|no)?")),
        ("order_id", re.compile(_NO + r"(?:encomenda|bestelling|bestel|ordine|pedido|commande|zamowienia|zamowienie)"
                                r"(?:nr|nummer|numero|no)?")),  # Dutch ``Bestelnummer``, Polish ``Nr zamówienia``
        # an order number in Chinese, Japanese, Korean, Arabic (``رقم الطلب``) and Hindi (``ऑर्डर आईडी``)
        ("order_id", re.compile(r"订单(?:号|编号|id)|訂單(?:號|編號|id)|注文(?:番号|id|no)|주문(?:번호|id)"
                                r"|رقم(?:ال)?طلب|(?:ऑर्डर|आर्डर)(?:आईडी|नंबर|नम्बर|संख्या|id)")))
# What an export adds to a field's own name: a Salesforce custom field's API suffix (``CARD_EXPIRY__C``, a person
# account's ``__pc``: Data Loader writes API names, upper-cased) and a qualifier in parentheses after it (Zoho CRM's
# ``Card Expiry (Custom)``, ``Expiry (MM/YY)``, ``Amount (USD)``)
_ADDED = re.compile(r"(?i)(?<=[A-Za-z0-9])(?:__p?c|[ \t]*\([^()]{1,24}\))$")
_LIGATURES = str.maketrans({"ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
_NOT_LETTER = re.compile(r"[^\w\u0900-\u0dff]|_")  # Indic vowel signs are no ``\w`` but part of a word


@lru_cache(maxsize=256)
def field_name(name: str) -> str:
    """``name`` without what an export adds to a field's name (``_ADDED``): ``CARD_EXPIRY__C`` -> ``CARD_EXPIRY``,
    ``Card Expiry (Custom)`` -> ``Card Expiry``; a name that is nothing else stays whole."""
    return _ADDED.sub("", name.strip())


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
    if word is None and not id_key(name):  # ``envío: <digits>`` is scanned as ``tracking_number: <digits>``
        key = fold(name)
        return next((label for label, rx in _IDS if rx.fullmatch(key)), name)
    return name


# a card in French, Spanish, German, Italian and Portuguese headers (``N° carte``, ``Número de tarjeta``,
# ``Kartennummer``, ``Numero carta``, ``Número do cartão``: ``norm`` drops the ã)
_PAN_KEY = re.compile(r"(?:card|cc|pan|ccnum|creditcard|debitcard|primaryaccount|accountnumber|carte|tarjeta|karte"
                      r"|carta|carto)")


def card_column(name: str) -> bool:
    """A header field naming card data: a card number, security code, expiry date or expiry month/year (the header
    of a CSV export ``delimited`` reads by column, of an office or text table read by row)."""
    key = norm(field_name(name))  # ``CARD_EXPIRY__C``, ``Card Expiry (Custom)``
    return bool(
        Cvv.KEY.fullmatch(key) or Expiry.KEY.fullmatch(key) or Expiry.MONTH_KEY.fullmatch(key)
        or Expiry.YEAR_KEY.fullmatch(key) or _PAN_KEY.search(key) or role(name) is not None
    )


def card_number_column(name: str, key: str | None = None) -> bool:
    """A header naming the card number (``Card number``, ``CC No``, ``PAN``, ``Kartennummer``); ``key`` its
    ``norm`` key when the caller has it (``fold`` of the name else)."""
    return role(name) == "card number" or bool(_CARD_NUMBER.fullmatch(fold(name) if key is None else key))


def last_four(name: str) -> bool:
    """A header naming a card by its last four digits, in any of these languages (``card_last4``, ``últimos4``)."""
    return _LAST4.fullmatch(fold(name)) is not None


@lru_cache(maxsize=64)
def header_keys(names: tuple[str, ...], keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` (the header's ``norm`` keys) with a last-four column in any language as ``last4``, and a month and a
    year column as ``expmonth`` and ``expyear`` and an English expiry phrase (``Expires On``) as ``expiry`` when the
    header also names a card (a last-four or card-number column): a sales report's ``mes;año`` and a membership
    list's ``Expires On`` name no card and stay as they are."""
    folded = [fold(n) for n in names]
    last4 = [bool(_LAST4.fullmatch(f)) for f in folded]
    months = [i for i, f in enumerate(folded) if _MONTH_WORD.fullmatch(f)]
    years = [i for i, f in enumerate(folded) if _YEAR_WORD.fullmatch(f)]
    card = any(last4) or any(card_number_column(n, k) for n, k in zip(names, keys, strict=True))
    pair = len(months) == 1 and len(years) == 1 and card
    return tuple("last4" if last4[i] else "expmonth" if pair and i in months else "expyear" if pair and i in years
                 else "expiry" if card and (_EXPIRY_PHRASE.fullmatch(folded[i]) or _VALID_TO.fullmatch(folded[i]))
                 and not Expiry.KEY.fullmatch(k)
                 else k for i, k in enumerate(keys))


def pair_label(name: str, key: str) -> str:
    """The label a month or year column is scanned under: ``exp_month``/``exp_year`` for a column ``header_keys``
    read as one (``mes: 12, año: 2027`` is scanned as ``exp_month: 12, exp_year: 2027``), else ``name``."""
    return {"expmonth": "exp_month", "expyear": "exp_year"}.get(key, name) if key != norm(name) else name


def cell_label(name: str, key: str) -> str:
    """The label a column's cells are scanned under, given its key from ``header_keys``: ``expiry`` for an English
    expiry phrase read beside a card's columns (``Expires On: 08/2027`` is scanned as ``expiry: 08/2027``: the verb
    alone names no card), else ``column_label``."""
    return "expiry" if key == "expiry" != norm(name) else column_label(name)
