"""The words that name a security code (``Cvv``) or an expiry date (``Expiry``): a keyword pattern for text (a
hyperscan-safe trigger) and the same for lower-cased ASCII text, fast pre-check needles, the filler words that may
stand between a keyword and its value, the normalised keys (``structure.norm``) that own such a value, and the words
of a question that asks for it (``dialogue``).

Vendor spellings carry their source: ``cv2`` (Opayo), ``cvv2cvc2`` (Elavon's ``ssl_cvv2cvc2``), ``ccexp`` (NMI),
``ccvv`` (PayU India), ``expire_month`` (PayPal), ``XpryDt`` (ISO 20022), ``DE014`` (ISO 8583), ``5F24`` (EMV).

Labels in other languages, as payment pages, Connect/Lex prompts and mails in Europe and Latin America write them
(German, French, Spanish, Portuguese, Italian, Dutch): in a trigger each non-ASCII letter is a ``.`` (the bytes a
trigger sees hold one ``?`` for it; the detectors' ``re`` reads the real letter), and in a normalised key it is gone
(``structure.norm`` keeps ASCII letters and digits: ``Prüfziffer`` -> ``prfziffer``).
A Japanese label (有効期限, セキュリティコード) is all non-ASCII, so no ASCII trigger can name it: the ``japanese``
detector, which is not ``ascii_only``, is handed every line that holds a non-ASCII character whole.
"""

from __future__ import annotations

import re
from typing import ClassVar

from scanners.detectors.context import FILLERS
from scanners.detectors.spoken import BACK_CODE

# The words a flow or an app puts after the name of what the caller keyed in: Connect's "Store customer input"
# attributes (``ExpiryDateInput``, ``cvv_entered``), a collected or raw value, a string copy (``expiryStr``)
_TAKEN_WORDS = ("input", "dtmf", "raw", "entered", "captured", "collected", "value", "str", "string", "text", "digits")
# An agent's note of what the caller gave: "CVV given: 442", "cvv provided - 442", "sec code confirmed 442"
_GIVEN_WORDS = ("given", "provided", "supplied", "confirmed")
_TAKEN = rf"(?:[ _.\-]?(?:{'|'.join(_TAKEN_WORDS)}))?"  # one such word glued to the keyword, taken into it
# ``weak_labels``: in a card's record. ``SeriesCode`` is OpenTravel's name for the code (``PaymentCard@SeriesCode``,
# ``<SeriesCode>``), a product's or a document's series elsewhere. ``V-code`` is the hotel and travel trade's name for
# it (front-desk and PMS notes, PNR remarks: "EXP 08/25 V-code 153"), a verification code of any kind elsewhere
_CVV_WEAK = r"|verification[ _-]?(?:code|value)|security[ _-]?(?:number|no)|series[_-]?code|v-?code"
_CVV = (  # the code given to a gateway's check first: ``cvc_check_input`` holds it, ``cvc_check`` a result
    r"cv[vc]2?[ _-]?check[ _-]?(?:input|entered|digits|raw|dtmf|captured|collected)"
    r"|cv(?:number|num)|cv[vcdn]2?(?:cv[vcdn]2?)?|cv2|csc2?|cav2|{cid}|_cid|sec(?:urity|\.)?[ _-]?code"
    rf"|card[ _-]?(?:verification|validation|security|code)|{BACK_CODE}"
    r"|amex[ _-]?(?:security[ _-]?)?code"  # what callers call an Amex card's CID
    r"|cardsecval|verificationstr2"  # Chase Orbital's <CardSecVal>, First Data GGE4/Payeezy's <VerificationStr2>
    r"|ccvv"  # PayU India's ``cc`` prefix (ccnum, ccname, ccexpmon) glued onto ``cvv``, sharing its ``c``
)
_EXPIRY = (  # every alternative starts with a literal: ``re`` skips ahead to it; whole-date suffixes (expiryMMYY,
    # ExpiryMonthYear) before the month ones, which would take their first letters
    r"exp(?:iry|iration)?[ _.\-]?(?:mm[ _.\-/]?yy(?:yy)?|month[ _.\-]?year)"
    # the date's month or year named after the date (NestPay's ``Ecom_Payment_Card_ExpDate_Month``, ``expDateYear``)
    r"|exp(?:iry|iration)?[ _.\-]?date[ _.\-]?(?:month|year)"
    r"|exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|mo|mm|m|year|yr|yyyy|yy|y))?|expir(?:es|ing|ed)"
    r"|expire[ _.\-]?(?:date|month|year)|expire"  # bare: GMO-PG's key, or a verb (``weak_labels``)
    r"|valid[ _\-]?(?:thr(?:u|ough)|until)|good[ _\-]?thr(?:u|ough)|xpry[ _]?dt"
    r"|ccexp(?:[ _.\-]?(?:date|dt|d|month|mon|mo|m|year|yr|y))?"
    r"|de0?14|5f24"  # ISO 8583's data element 14 (YYMM) and EMV's tag 5F24 (YYMMDD)
    # SAP's payment card "Valid To" (a DATS, YYYYMMDD): the BAPI field (BAPICCARD-CC_VALID_T), its data element
    # (DATBI_CC) and the ORDERS IDoc's E1EDK36-EXDATBI; ``CC_VALID_F`` is the card's "Valid from"
    r"|cc[ _]?valid[ _]?t|datbi[ _]?cc|exdatbi"
    r"|mm ?\\?/ ?yy"  # the date's template as its label (``MM/YY: 08-29``; ``\/``: JSON): ``expiry`` wants it a label
)
# Labels in other languages (``Intl``): their own trigger and detectors (``cvv_intl``, ``expiry_intl``), so that the
# English keyword search, run on every window, pays nothing for them (in one pattern they slowed it by half).
# Every alternative starts with a literal; a non-ASCII letter is a ``.``.
_N_FR = "(?:[34]|trois|quatre)"  # how many digits the code has, in French, Spanish and Portuguese
_N_ES_PT = "(?:[34]|tres|tr.s|cuatro|quatro)"
# where the code is, in Spanish ("de atrás", "del reverso", "del frente") and Portuguese ("de trás", "do verso", "na
# frente"), an accented letter a ``.``
_WHERE_ES_PT = (
    "(?:de[ ](?:la[ ]parte[ ]de[ ])?(?:atr.s|detr.s|tr.s)|atr.s|detr.s|(?:del|do|da|no|na|al|en[ ]el)[ ]"
    "(?:reverso|dorso|verso|frente)|(?:de|da|na)[ ]parte[ ]de[ ]tr.s)"
)
_CVV_INTL = (
    r"kartenpr.f(?:ziffer|nummer)|pr.f(?:ziffer|nummer)|sicherheitscode|cryptogramme(?:[ _-]visuel)?"
    r"|code[ _-]de[ _-]s.curit.|c.digo[ _-]?(?:de[ _-])?segur(?:idad|an.a)|codice[ _-]?(?:di[ _-])?sicurezza"
    r"|beveiligingscode|g.venlik[ _-]?kodu|kode[ _-]keamanan"  # Turkish, Indonesian; a camelCase key (codiceSicurezza)
    r"|kod[ _-]?bezpiecze.stwa"  # Polish (kod bezpieczeństwa)
    r"|(?:karten)?pruef(?:ziffer|nummer)"  # German with the umlaut spelled out, as ASCII-only keys write it
    # the labels of other scripts written in Latin letters, as keys and element names are: Chinese pinyin (安全码),
    # Arabic (رمز الأمان), Japanese romaji (セキュリティコード)
    r"|anquan[ _-]?ma|ramz[ _-]?al[ _-]?aman|sekyuri?t[iy][ _-]?ko-?do"
    # French "crypto", what people call the cryptogramme (a year after it is none: ``cvv_intl``)
    r"|crypto"
    # the code named by where it is printed and how many digits it has, as callers, agents and customers write it:
    # on the back, or on an Amex card's front ("le code au dos", "les trois chiffres au dos", "code à 4 chiffres au
    # recto"; "el código de atrás", "los tres números de atrás", "código de 4 dígitos del frente", "os três números de
    # trás", "código do verso"; "die drei Ziffern hinten", "Code auf der Rückseite", "4-stelliger Code vorne"; "codice
    # sul retro"; "cijfers op de achterkant")
    rf"|(?:code|chiffres|num.ros)(?:[ ].[ ]{_N_FR}[ ]chiffres)?[ ]au[ ](?:dos|verso|recto)"
    rf"|code[ ].[ ]{_N_FR}[ ]chiffres"
    rf"|(?:c.digo|n.meros|d.gitos)(?:[ ]de[ ]{_N_ES_PT}[ ]d.gitos)?[ ]{_WHERE_ES_PT}|c.digo[ ]de[ ]{_N_ES_PT}[ ]d.gitos"
    r"|(?:ziffern|code|nummer)[ ](?:hinten|vorne?|auf[ ]der[ ](?:r.ckseite|rueckseite|vorderseite))"
    r"|(?:[34]|drei|vier)[ -]?stellige[nr]?[ ](?:code|nummer|zahl|sicherheitscode|pr.fnummer|pr.fziffer)"
    r"(?:[ ](?:hinten|vorne?|auf[ ]der[ ](?:r.ckseite|rueckseite|vorderseite)))?"
    r"|(?:codice|cifre|numeri)[ ](?:sul|nel)[ ]retro|(?:code|cijfers)[ ]op[ ]de[ ](?:achterkant|voorkant)"
    # Polish: "kod z tyłu (karty)", "trzy cyfry z tyłu", "kod na odwrocie karty", "trzycyfrowy kod"
    # and "kod CVV to 771" (the English keyword reads no "to" after it: "set the CVV to 300")
    r"|(?:kod|cyfry|numer)[ ](?:z[ ]ty.u|na[ ](?:odwrocie|rewersie))|(?:trzy|cztero)cyfrowy[ ]kod|kod[ ]cv[cv]2?"
    # Nordic card forms: Danish "kontrolcifre", Norwegian "kontrollsiffer", Swedish "kontrollsiffror", "säkerhetskod",
    # Finnish "turvakoodi"
    r"|kontrol(?:cifre|lsiffer|lsiffror)|s.kerhetskod|turvakoodi"
)
_UE = r"(?:.|\\u00fc)"  # "ü", also as a JSON string escapes it (a Contact Lens turn: ``g\u00fcltig bis 08/30``)
_AE, _AA = r"(?:.|\\u00e4)", r"(?:.|\\u00e1)"  # "ä", "á" so too (``l\u00e4uft ab 07/26``, ``v\u00e1lido``)
_EXPIRY_INTL = (
    rf"ablauf(?:datum|[ _.\-]?(?:monat|jahr))?|g{_UE}ltig[ _\-]bis|verfall(?:s?datum)?|date[ _\-]de[ _\-]validite?"
    r"|fecha[ _\-]de[ _\-](?:vencimiento|caducidad|expiraci.n)|caducidad|data[ _\-]de[ _\-]validade"
    r"|validade|scadenza|vervaldatum|geldig[ _\-]tot"
    r"|venc(?:imiento|imento)"  # Spanish, Portuguese (vencimento)
    r"|.ch.ance"  # French "échéance" (also written "echeance"): a French bank's or CRM's label for the card's date
    r"|son[ _\-]?kullanma(?:[ _\-]?tarihi)?|data[ _\-]?waznosci|berlaku[ _\-](?:hingga|sampai)"  # Turkish, Indonesian
    # Indonesian "masa berlaku" (validity period: its date is the card's "valid thru"), "tanggal kedaluwarsa" (expiry
    # date; also spelled "kadaluarsa", "kadaluwarsa"), Malay "tarikh luput"
    r"|masa[ _\-]berlaku|tanggal[ _\-]k[ae]daluw?arsa|tarikh[ _\-]luput"
    r"|caduca|vence|expire[ _\-](?:le|en|fin)|scade|verloopt"  # the verbs: "(it) expires (in)" (``date_subject._VERB``)
    r"|wa[^\sa-y0-9]na[ _\-]do"  # Polish "ważna do" (valid until: "karta", feminine), "wazna do"; never "wanna do"
    # more verbs: "läuft ab" (runs out), "válido até", "válida hasta", "valable jusqu'à" (its "'à" the gap's: "à" reads
    # as "a", ``context``; a trigger cannot end on an accented letter; escaped in JSON it is the keyword's, as a gap
    # holds no digit), "expira" (Spanish, Portuguese)
    rf"|l{_AE}uft[ _\-]ab|laeuft[ _\-]ab|v{_AA}lid[oa][ _\-](?:at(?:e|\\u00e9)?|hasta)"
    r"|val(?:able|ide)[ _\-]jusqu(?:'\\u00e0)?|expira"
    r"|gueltig[ _\-]bis"  # German with the umlaut spelled out
    r"|date[ _\-]d.[ ]?expiration"  # French (date d'expiration): its MM.YY as the other labels' here
    # in Latin letters: Chinese pinyin (有效期), Japanese romaji (有効期限), Arabic (تاريخ الانتهاء), Korean (유효기간)
    r"|youxiao[ _\-]?qi|yuu?kou?[ _\-]?kigen|tarikh[ _\-]?al[ _\-]?intiha|yuhyo[ _\-]?gigan"
    # Nordic: Danish "udløbsdato", Norwegian "utløpsdato", Swedish "utgångsdatum", Finnish "voimassaoloaika"
    r"|udl.bsdato|utl.psdato|utg.ngsdatum|voimassaoloaika"
)
# A receipt's or terminal log's abbreviations, only with their dot (which ends the keyword): German "Verf." and
# "Verf.Dat." (Verfall, Verfallsdatum), "gült. bis" (gültig bis); Spanish "Vto." (vencimiento); Spanish and Portuguese
# "Venc." (vencimiento, vencimento); Portuguese "Val." (validade); Italian "Scad." (scadenza)
_EXPIRY_ABBREV = rf"(?:verf|vto|venc|val|scad)\.(?:[ \t]?dat\.)?|g{_UE}lt\.[ \t]?bis\b"


JAPANESE_CVV = "セキュリティー?コード"
JAPANESE_EXPIRY = "有効期限"


class Cvv:
    KEYWORD: ClassVar[str] = "(?i:" + _CVV.format(cid=r"\bcid") + _CVV_WEAK + ")"
    # for lower-cased ASCII text (``\bcid`` as a look-behind after the c: no word character before it)
    ASKED: ClassVar[re.Pattern[str]] = re.compile("(?:" + _CVV.format(cid=r"c(?<![a-z0-9_]c)id") + ")", re.ASCII)
    LOWER: ClassVar[re.Pattern[str]] = re.compile(f"(?:{ASKED.pattern}{_CVV_WEAK})", re.ASCII)
    NEEDLES: ClassVar[tuple[str, ...]] = ("cv", "csc", "cav2", "cid", "secur", "verif", "valid", "code", "back")
    INTL: ClassVar[str] = f"(?i:{_CVV_INTL})"  # a trigger
    INTL_LOWER: ClassVar[re.Pattern[str]] = re.compile(f"(?:{_CVV_INTL})", re.ASCII)
    # an agent's or a bot's question for the code, in English or another language ("¿y el código de seguridad de
    # atrás?", "et le cryptogramme au dos ?", "und die dreistellige Prüfnummer hinten?"), for lower-cased text
    QUESTION: ClassVar[re.Pattern[str]] = re.compile(f"{ASKED.pattern}|{_CVV_INTL}", re.ASCII)
    INTL_NEEDLES: ClassVar[tuple[str, ...]] = (  # none an English word holds: most windows here are whole lines
        "fziffer", "fnummer", "heitscode", "crypto", "code de s", "code_de_s", "code-de-s", "digo", "sicurezza",
        "beveiliging", "venlik", "keamanan", "bezpiecze", "pruef", "anquan", "ramz", "sekyur", " au dos", " au verso",
        " au recto", " chiffres", "meros ", "gitos ", "hinten", "vorne", "ckseite", "rseite", "stellig", " retro",
        " achterkant", " voorkant", " z ty", "odwrocie", "rewersie", "cyfrowy", "kod cv", "kontrol",
        "kerhetskod", "turvakoodi")  # fmt: skip
    FILLERS: ClassVar[frozenset[str]] = FILLERS | {
        "digit", "digits", "three", "four", "back", "security", "verification", "validation", "of", "card's", "that",
        *_TAKEN_WORDS, *_GIVEN_WORDS}  # Connect attributes: cvv_input, cvvCaptured
    # the copula between a label in another language and its value: "el código de seguridad es 756", "le
    # cryptogramme est 756", "die Prüfnummer ist 756", "o código de segurança é 756" (``é`` folds to ``e``)
    # (and the plural's: "les trois chiffres au dos sont 123", "die drei Ziffern hinten sind 123", "os três números de
    # trás são 974", ``ã`` folded to ``a``; French "c'est": "c", "est"; "de la tarjeta", "der Karte"; Polish "to" and
    # "jest": "kod z tyłu karty to 771"; "della carta", "van de kaart"); ``COPULAS`` after an English keyword: "el cvv
    # es 584"
    INTL_FILLERS: ClassVar[frozenset[str]] = FILLERS | {
        "es", "est", "ist", "lautet", "e", "son", "sont", "sind", "sao", "c", "de", "la", "del", "da", "do", "der",
        "tarjeta", "carte", "karte", "cartao", "to", "jest", "karty", "della", "carta", "van", "kaart"}  # fmt: skip
    COPULAS: ClassVar[frozenset[str]] = INTL_FILLERS - {"to"}  # after an English keyword: "set the CVV to 300"
    KEY: ClassVar[re.Pattern[str]] = re.compile(
        r"(?:billing)?(?:card|payment|pmt|cc)?(?:cvv2?|ccvv|cvc2?|cv2|cvv2cvc2|csc2?|cid|cav2|cvd|cvn|cvnumber|cvv2val|sec(?:urity)?code"
        r"|cardcode|cardsecval|verificationstr2|verificationvalue|verificationnumber|verificationcode|validationcode"
        r"|kartenprfnummer|kartenprfziffer|prfziffer|prfnummer|sicherheitscode|cryptogramme|cryptogrammevisuel"
        r"|codedescurit|c(?:o)?digo(?:de)?seguridad|c(?:o)?digo(?:de)?segurana|codigo(?:de)?seguranca|codice(?:di)?sicurezza"
        r"|beveiligingscode|g(?:u)?venlikkodu|kodbezpiecze(?:n)?stwa|(?:karten)?pruef(?:ziffer|nummer)"
        r"|anquanma|ramzalaman|sekyuri?t[iy]kodo|kontrol(?:cifre|lsiffer|lsiffror)|skerhetskod|turvakoodi)"
        rf"(?:value|val|code|number|no)?(?:{'|'.join(_TAKEN_WORDS)})?"
    )


class Expiry:
    KEYWORD: ClassVar[str] = rf"(?i:(?:{_EXPIRY}){_TAKEN})(?:\b|_)"  # a trigger
    # for ``re`` with ASCII word breaks: a letter of any script goes on the word ("d'expiration décembre" is
    # "expiration" and a month, not "expiration d")
    WORD: ClassVar[str] = rf"(?i:(?:{_EXPIRY}){_TAKEN})(?:\b(?u:(?![^\W\d_]))|_)"
    LOWER: ClassVar[re.Pattern[str]] = re.compile(rf"(?:(?:{_EXPIRY}){_TAKEN})(?:\b(?u:(?![^\W\d_]))|_)", re.ASCII)
    NEEDLES: ClassVar[tuple[str, ...]] = (
        "exp", "thr", "until", "xpry", "de014", "de14", "5f24", "mm/", "mm /", "mm\\/", "valid_t", "validt", "valid t",
        "datbi")
    INTL: ClassVar[str] = rf"(?i:(?:{_EXPIRY_INTL})(?:\b|_)|{_EXPIRY_ABBREV})"  # a trigger
    INTL_LOWER: ClassVar[re.Pattern[str]] = re.compile(rf"(?:{_EXPIRY_INTL})(?:\b|_)|{_EXPIRY_ABBREV}", re.ASCII)
    INTL_NEEDLES: ClassVar[tuple[str, ...]] = (
        "ablauf", "ltig", "verfall", "validit", "validade", "venc", "caduc", "scad", "verval", "geldig", "kullanma",
        "berlaku", "waznosci", "expire", "verloop", "ch\u00e9ance", "cheance", "verf", "vto.", "val.", "lt. bis",
        "lt.bis", "youxiao", "kigen", "intiha", "gigan", "d'expiration", "d\u2019expiration", "uft ab", "uft_ab",
        "uft-ab", "lido", "lida", "jusqu", "expira", "na do", "na_do", "na-do", "daluwarsa", "daluarsa", "luput",
        "bsdato", "psdato", "ngsdatum", "voimassaolo")
    # the prepositions and articles between a verb in another language and its date: "caduca el septiembre 2033",
    # "vence em setembro de 2033", "scade a marzo 2031", "expire en mars 2031" (taken into its keyword)
    INTL_FILLERS: ClassVar[frozenset[str]] = FILLERS | {"el", "em", "en", "a", "il", "im", "am", "op", "au", "na"}
    FILLERS: ClassVar[frozenset[str]] = FILLERS | {
        "date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru", "in", "at", "end",
        "mmyy", "yymm", "digit", *_TAKEN_WORDS}
    KEY: ClassVar[re.Pattern[str]] = re.compile(
        r"(?:(?:billing)?(?:card|cc))?(?:exp|expiry|expiration|expire|expires|validthru|validthrough|xpry)(?:date|dt)?"
        rf"(?:mmyy|yymm|monthyear|{'|'.join(_TAKEN_WORDS)})?"
        r"|de0?14"  # ISO 8583's data element 14 named by its number (jPOS's ``<field id="14" value="2712"/>``)
        r"|ccvalidt|datbicc|exdatbi"  # SAP's payment card "Valid To" (``_EXPIRY``)
        r"|ablaufdatum|gltigbis|verfallsdatum|verfalldatum|datedexpiration|datedevalidit|fechadevencimiento"
        r"|vencimento|datadevencimento"
        r"|fechadecaducidad|fechadeexpiracin|fechadeexpiracion|vencimiento|caducidad|validade|datadevalidade"
        r"|(?:datede)?(?:finde)?validite?"  # French "Validité", "Fin de validité" (a card's "valid until")
        r"|scadenza|datadiscadenza|vervaldatum|geldigtot|echeance|datedecheance"
        r"|sonkullanma(?:tarihi)?|data(?:waznosci|wanoci)"  # Turkish, Polish (dataWaznosci, data_ważności)
        r"|gueltigbis|youxiaoqi|yuu?kou?kigen|tarikhalintiha|yuhyogigan"  # in Latin letters (_EXPIRY_INTL)
        r"|udlbsdato|utlpsdato|utgngsdatum|voimassaoloaika"  # Nordic (their letters ø, å gone)
    )
    # the month and the year of the date under keys of their own (``exp_month``, ``cc_exp_year``: table headers)
    MONTH_KEY: ClassVar[re.Pattern[str]] = re.compile(
        r"(?:card|cc)?(?:exp|expiry|expiration|ablauf)(?:date)?(?:month|mon|mo|mm|m|monat)")
    YEAR_KEY: ClassVar[re.Pattern[str]] = re.compile(
        r"(?:card|cc)?(?:exp|expiry|expiration|ablauf)(?:date)?(?:year|yr|yyyy|yy|y|jahr)")
    # "and the expiry date?", "when does the card expire?"
    ASKED: ClassVar[re.Pattern[str]] = re.compile(r"(?<![a-z])(?:expir|exp\b|valid (?:thru|through|until))", re.ASCII)
