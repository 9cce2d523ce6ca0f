"""What makes an expiry keyword's value no card date, for the expiry detectors (``monthyear``, ``weak_labels``,
``expiry_intl``, ``labels_intl``, ``companions``): a verb keyword ("expires", "valid until") away from any card word or
card number (``about_a_card``), a unit of time after the number (a duration), the expiry of a record that names its
card truncated (unless a card number in any grouping leads to its keyword: ``number_given_before``), or of something
else that expires named on the date's line (a licence, a token, a voucher; ``Gutschein``, ``cupón``, ``abonnement``,
``senha``: ``other_subject``), or of a closed-loop programme's card the line names as the date's subject (a gift,
loyalty, club or store card, a hotel's key card: ``programme_card_date``)."""

from __future__ import annotations

import re

from scanners.cards.brands import is_pan
from scanners.cards.idkeys import id_keyed
from scanners.cards.idnames import PROGRAMMES, names_scheme
from scanners.detectors.card_summary import holds_card_number, truncated_card
from scanners.detectors.digit_words import NUMBER_WORD, spelled_digits
from scanners.detectors.verb_company import card_ends_before
from scanners.detectors.vocabulary import Cvv
from scanners.lazy_re import lazy_compile

# "expires", "valid until" (gültig bis, caduca, vence, expire en, scade, verloopt) name a card's date only after a card
# word (Karte, tarjeta...) or number in the same sentence ("Visa ending 4242 expires 12/30"); a token expires too.
_VERB = re.compile(r"(?i)expir(?:es|ing|ed|e.(?:le|en|fin))|valid[ _\-]?until|g.ltig.bis|caduca|vence|scade|verloopt"
                   r"|l(?:.|\\u00e4)uft.ab|laeuft.ab|v(?:.|\\u00e1)lid[oa].(?:at(?:\\u00e9|.)?|hasta)"
                   r"|val(?:able|ide).jusqu(?:'\\u00e0)?|expira"
                   r"|wa(?:[^\sa-y0-9]|\\u017c)na.do")  # "ä", "á", "é", "à", "ż" escaped in JSON too
# (French "CB", carte bancaire, in capitals only: "N° CB : 4970 ...")
_CARD_WORDS = (
    "card|visa|master ?card|amex|discover|maestro|debit|credit|tarjeta|carte|karte|cart.o|carta|kaart|kart[ayu\u0119]"
    "|(?-i:CB)")  # (Polish karta, karty, kartę; Indonesian kartu)
_CARD_BEFORE = lazy_compile(rf"(?<![a-z])(?i:{_CARD_WORDS})(?![a-z])[^.;!?\n]*$")
_PAN_CELL = lazy_compile(r"(?<=>)[0-9]{12,19}(?=<)")  # a table cell holding a card number
# a card number in the verb's sentence, or ending the one before it ("card 4111 ...; expires 06/27"); its groups
# may be dotted ("card number 2204.1499.8153.8122, expires 06/31"), and a dot after it ends no sentence then; or
# joined by slashes or pipes ("卡号：6xxx/xxxx/xxxx/xxxx/xxx expires 06.32")
_NUMBER_BEFORE = lazy_compile(
    r"(?<![0-9])[0-9](?:(?:[ \-/]?| \| |\.(?=[0-9]{3,6}(?![0-9])))[0-9]){11,18}(?=[^.;!?\n0-9]*$|[.;][ \t]{1,2}$)")
# a card number in words ending right before it ("it's four one one one ... one, expires June 2030": speech-to-text;
# its groups may be cut by commas, "four one one one, one one ..."),
# or before "and it" ("... eight six and it expires 05 31": a Contact Lens segment)
_SPELLED_BEFORE = lazy_compile(
    rf"(?<![A-Za-z]){NUMBER_WORD}(?:(?:,? |-){NUMBER_WORD}){{11,18}}"
    r"(?=[^.;!?\n0-9A-Za-z]*(?:(?:and|it|it's|that|which)[^.;!?\n0-9A-Za-z]+){0,2}$)"
)
_SPELLED_REACH = 200
# the end of the verb's clause: a card number before it names the card too (a dot between digits ends none: a dotted
# card number, "tokenize failed for expires 07/26, card 5486.3627.8950.6926")
_CLAUSE_END = lazy_compile(r"[;!?\n]|\.(?![0-9])")
_DOTTED = lazy_compile(r"(?<![0-9.])[0-9]{4}(?:\.[0-9]{4,6}){2,3}(?:\.[0-9]{1,5})?(?![0-9]|\.[0-9])")
# A number followed by a unit of time is a duration (``expires 1200 seconds``), never a card date; a unit word that
# starts a card-data label is none (``exp 03/27 sec code 123``: an agent's "sec code" is the security code).
_DURATION = re.compile(r"[ \t]*((?i:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?))(?![A-Za-z0-9_])")


def about_a_card(text: str, s: int, e: int) -> bool:
    """The keyword ``text[s:e]`` may name a card's date: not a verb (``expires``), or a verb that is no key
    (``expires_in``) after a card word in its sentence, after a card number in it or ending the one before it (not
    one an id's key names: a certificate's ``serial=``, an ``order_id=``), or before a card number in its clause."""
    if not _VERB.fullmatch(text, s, e):
        return True
    if text[e : e + 1] == "_":
        return False
    lo = max(0, s - 64)
    if _CARD_BEFORE.search(text, lo, s) is not None or any(
        is_pan(re.sub("[ .|/-]", "", m.group())) and not id_keyed(text, m.start())  # ``serial=4…``: no card
        for m in _NUMBER_BEFORE.finditer(text, lo, s)
    ) or any(is_pan(spelled_digits(m.group()) or "")
             for m in _SPELLED_BEFORE.finditer(text, max(0, s - _SPELLED_REACH), s)):
        return True
    hi = min(len(text), e + 64)  # "expires 06/27 card 4111 ...": a card number after the date, no id
    hi = m.start() if (m := _CLAUSE_END.search(text, e, hi)) else hi
    if holds_card_number(text, e, hi) or any(is_pan(d.group().replace(".", "")) for d in _DOTTED.finditer(text, e, hi)):
        return True
    return text[s - 1 : s] == ">" and _table_names_a_card(text, s)


_TABLE_REACH = 400


def _table_names_a_card(text: str, s: int) -> bool:
    """An HTML cell's verb (``<td>Expires</td>``): a card word or a card number in the table's rows before it (a
    receipt's "Card number" row), not past the table's start."""
    lo = max(0, s - _TABLE_REACH)
    lo = max(lo, text.rfind("<table", lo, s), text.rfind("</table", lo, s))
    return _CARD_WORD.search(text, lo, s) is not None or any(
        is_pan(m.group()) for m in _PAN_CELL.finditer(text, lo, s))


# What else expires (a licence, a passport, a domain, a token, a warranty...): named on the date's line before it or
# just after it, with no card word or card number on that line, the date is that thing's, not a card's.
_SUBJECT = lazy_compile(
    r"(?i)(?<![a-z])(?:licen[cs]e|passport|domain|token|cookie|session|subscription|warranty|guarantee|insurance"
    r"|policy|offer|promo(?:tion)?|coupon|voucher|certificate|cert|document|permit|registration|lease"
    r"|contract|membership|trial|password|secret|api[ _-]?key|food|product|batch"
    # the same in Spanish, French, German and Portuguese (a subscription, offer, coupon, password, passport, licence,
    # membership, guarantee, contract, policy, voucher)
    r"|suscripci[o\u00f3]n|oferta|promoci[o\u00f3]n|cup[o\u00f3]n|contrase[n\u00f1]a|pasaporte|licencia"
    r"|membres[i\u00ed]a|garant[i\u00ed]a|p[o\u00f3]liza|contrato|abonnement|offre|passeport|permis"
    r"|adh[e\u00e9]sion|garantie|contrat|mot de passe|abo|angebot|gutschein|passwort|kennwort|reisepass"
    r"|(?:personal)?ausweis"
    r"|f(?:\u00fc|ue|u)hrerschein|lizenz|mitgliedschaft|testphase|vertrag|rabatt|assinatura|cupom|senha|passaporte"
    r"|licen[c\u00e7]a|ap[o\u00f3]lice"
    # Indonesian (a passport, insurance, policy, subscription, warranty, certificate, licence, contract, package,
    # coupon); a passport, an ID card in Hebrew, Chinese, Japanese, Korean; Vietnamese (a contract, a passport,
    # insurance, a promotion)
    r"|paspor|asuransi|polis|langganan|garansi|sertifikat|lisensi|kontrak|paket|kupon"
    "|דרכון|תעודת|רישיון|护照|護照|身份[证證]|パスポート|여권|hợp\\sđồng|hộ\\schiếu|bảo\\shiểm|khuyến\\smãi"
    # a coupon, points (a loyalty programme's) in Chinese, Japanese and Korean: 优惠券有效期, ポイント有効期限
    "|[优優]惠券|[积積]分|クーポン|ポイント|쿠폰|포인트)(?![a-z])"
)
_CARD_WORD = re.compile(rf"(?i)(?<![a-z])(?:{_CARD_WORDS}|cc|pan|cvv|cvc)(?![a-z])")
SUBJECT_REACH = 64
# ``_SUBJECT``'s one-word names: on ASCII text it matches one of them exactly where a whole run of letters (lower
# cased) is one; "api" may start a two-word name, so a run of it leaves the answer to the regex.
_SUBJECT_WORDS = frozenset(
    {"licence", "license", "passport", "domain", "token", "cookie", "session", "subscription", "warranty",
     "guarantee", "insurance", "policy", "offer", "promo", "promotion", "coupon", "voucher", "certificate", "cert",
     "document", "permit", "registration", "lease", "contract", "membership", "trial", "password", "secret",
     "apikey", "food", "product", "batch", "oferta", "pasaporte", "licencia", "contrato", "abonnement", "offre",
     "passeport", "permis", "garantie", "contrat", "abo", "angebot", "gutschein", "passwort", "kennwort", "reisepass",
     "ausweis", "personalausweis", "fuehrerschein", "lizenz", "mitgliedschaft", "testphase", "vertrag", "rabatt",
     "assinatura", "cupom",
     "senha", "passaporte", "suscripcion", "promocion", "cupon", "contrasena", "membresia", "garantia", "poliza",
     "adhesion", "fuhrerschein", "licenca", "apolice", "paspor", "asuransi", "polis", "langganan", "garansi",
     "sertifikat", "lisensi", "kontrak", "paket", "kupon"}
)  # fmt: skip
_LETTERS = re.compile("[a-z]+")


def _names_subject(text: str, lo: int, hi: int) -> bool:
    """``_SUBJECT`` matches in ``text[lo:hi]``: on ASCII text, read from its runs of letters (a regex of 30
    case-insensitive words tried at every letter costs about ten times more)."""
    base = lo - 1 if lo > 0 else 0  # the character before lo goes along: the look-behind sees it
    piece = text[base:hi]
    if not piece.isascii():
        return _SUBJECT.search(text, lo, hi) is not None
    runs = _LETTERS.findall(piece.lower())
    if base < lo and runs and piece[0].isalpha():
        del runs[0]  # a run through the character before lo: no match starts inside it
    if "api" in runs or "mot" in runs:  # "api key", "mot de passe": two words
        return _SUBJECT.search(text, lo, hi) is not None
    return not _SUBJECT_WORDS.isdisjoint(runs)


# The clause right before a date: from the last comma, semicolon, sentence end or line break within 40 characters.
_CLAUSE = re.compile(r"(?:[,;!?\n]|\.\s|\\n)?((?:(?![,;!?\n]|\.\s|\\n).){0,40})\Z", re.DOTALL)


def clause_subject(text: str, at: int) -> bool:
    """The clause that leads to the date names something else that expires and no card, by word or number ("customer
    prefers voucher valid until 12/27"): that date is the voucher's, whatever card the record holds elsewhere. So too a
    security code's label (``labels_intl``: a coupon's "security code", ``クーポンのセキュリティコード``)."""
    m = _CLAUSE.search(text, max(0, at - 41), at)
    lo = m.start(1) if m else at
    return _names_subject(text, lo, at) and _CARD_WORD.search(text, lo, at) is None and not holds_card_number(
        text, lo, at)


def other_subject(text: str, at: int) -> bool:
    """The date at ``at`` belongs to something else that expires (see ``_SUBJECT``): named in the clause before it, or
    on its line when the line names no card."""
    lo = text.rfind("\n", max(0, at - SUBJECT_REACH), at) + 1 or max(0, at - SUBJECT_REACH)
    hi = text.find("\n", at, at + SUBJECT_REACH)
    hi = min(len(text), at + SUBJECT_REACH) if hi < 0 else hi
    if not _names_subject(text, lo, hi):
        return False
    if clause_subject(text, at):
        return True
    line_lo = text.rfind("\n", max(0, at - 400), at) + 1
    line_hi = text.find("\n", at, at + 400)
    line_hi = min(len(text), at + 400) if line_hi < 0 else line_hi
    return _CARD_WORD.search(text, line_lo, line_hi) is None and not holds_card_number(text, line_lo, line_hi)


# A closed-loop programme's card (a gift, loyalty, member, club, store or points card; a hotel room's key card) named
# by its words (``idnames.PROGRAMMES``, the names ``idnames.programme_card`` reads in keys): no payment card's word
_PROGRAMME_CARD = lazy_compile(
    rf"(?i)(?<![a-z])(?:{PROGRAMMES}|(?:room[ _-]?)?key)[ _.\-]?card(?![a-z])")
_PROGRAMME_REACH = 80
_SCHEME_REACH = 24  # "Visa gift card", "prepaid gift card": a scheme's word right before the programme's words


def programme_card_date(text: str, at: int) -> bool:
    """The date at ``at`` is a closed-loop card's ("gift card GC-2135 balance 365.00 valid thru 08/27"): the last card
    word before it on its line is a programme card's, no scheme's word comes right before that name ("Visa gift
    card"), and the line holds no card number. A gift card's validity is no payment card's expiry."""
    lo = text.rfind("\n", max(0, at - _PROGRAMME_REACH), at) + 1 or max(0, at - _PROGRAMME_REACH)
    programme = next(reversed(list(_PROGRAMME_CARD.finditer(text, lo, at))), None)  # the last before the date
    if programme is None or names_scheme(text[max(lo, programme.start() - _SCHEME_REACH) : at]):
        return False
    if _CARD_WORD.search(text, programme.end(), at) is not None:
        return False  # another card named after it ("gift card declined, card exp 08/27")
    hi = text.find("\n", at, at + 400)
    return not holds_card_number(text, lo, min(len(text), at + 400) if hi < 0 else hi)


def no_card_date(text: str, start: int, end: int) -> bool:
    """The date ``text[start:end]`` is no card data: a duration (a unit of time follows), the expiry of a record
    that names its card truncated and holds no full card number (``card_summary.truncated_card``), or the expiry of
    something else named on its line (``other_subject``)."""
    unit = _DURATION.match(text, end)
    if unit is not None and not Cvv.LOWER.match(text[unit.start(1) : unit.start(1) + 16].lower()):
        return True
    return (truncated_card(text, start) and not number_given_before(text, start)) or other_subject(
        text, start) or programme_card_date(text, start)


# A card number given right before a date's keyword, after a card word, in any grouping a caller or an agent writes
# ("CB 24 32 88 48 ...", "tarjeta 5255 171 5606 787 57", "card# 4576/6383/5946/9072", "Kartennr. 5066 9942 2906 1444
# (Entschuldigung - letzter Block ist 1449) gültig bis", wrapped onto the next line of a letter): the date is that
# card's, whatever truncated card the record names elsewhere ("tarjeta 531780XXXXXX8972" after it).
_GIVEN = lazy_compile(
    rf"(?<![A-Za-z])(?i:{_CARD_WORDS}|kartennr)(?![A-Za-z])[^0-9\n*X]{{0,24}}?"
    r"(?P<n>[0-9]{1,8}(?:(?:[ /.\-]|\r?\n[ \t]*)[0-9]{1,8}){0,9})(?![0-9*X])"
    r"(?:[ \t]*\([^()\n]{0,80}\)){0,2}(?:[^0-9\n]|\r?\n){0,60}$")
_GIVEN_REACH = 240
_KEYWORD_GAP = 24  # "… sechs, sechs läuft ab 0228": the keyword between the number said in words and its date


def number_given_before(text: str, at: int) -> bool:
    """A card word then 12-19 digits in groups (see ``_GIVEN``) lead to the date at ``at``, past its keyword; or a
    card number said in words ends right before that keyword (``verb_company.card_ends_before``)."""
    lo = max(0, at - _GIVEN_REACH)
    while (m := _GIVEN.search(text, lo, at)) is not None:
        if 12 <= sum(c.isdigit() for c in m["n"]) <= 19:
            return True
        lo = m.start() + 1
    return card_ends_before(text, at, _KEYWORD_GAP)  # or said in words right before the date's keyword
