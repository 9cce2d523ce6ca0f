"""ExpiryIntlDetector: expiry labels in German, French, Spanish, Portuguese, Italian, Dutch, Turkish and
Indonesian, as keys and in prose, on both back ends; a receipt's abbreviations with their dot (``Verf.``, ``gült.
bis``, ``Vto.``, ``Venc.``, ``Val.``, ``Scad.``) beside a card number, quiet beside a truncated one or with no card;
German prose dates that are no card's (a contract, an offer valid until, a voucher's full date), an invoice's due
date, a Turkish best-before date and an Indonesian promotion's duration, package's duration or passport's date stay
quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.date_subject import no_card_date
from scanners.detectors.expiry_intl import ExpiryIntlDetector
from scanners.engine.core import Engine

VISA = "4111111111111111"  # a published test card
MASKED = VISA[:6] + "******" + VISA[-4:]

_WORDS = {"de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"],
          "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]}


def said(digits: str, lang: str, sep: str = " ") -> str:
    """The digits said one by one in the language's words, as speech-to-text writes a caller."""
    return sep.join(_WORDS[lang][int(d)] for d in digits)


CASES = [
    ("de-key", "Ablaufdatum: 09/27", ["09/27"]),
    ("de-json", '{"Kartennummer": "4111111111111111", "Ablaufdatum": "09/27"}', ["09/27"]),
    ("de-month-year", "Ablauf Monat: 08, Ablauf Jahr: 2031", ["08/31"]),
    ("de-gueltig-bis-card", f"Ihre Karte {VISA} gültig bis 09/27", ["09/27"]),
    ("de-verfallsdatum", "Verfallsdatum 09/2027", ["09/27"]),
    ("fr-expiration", "date d'expiration 09/27", ["09/27"]),
    ("fr-validite", "date de validité : 09/27", ["09/27"]),
    ("es-vencimiento", "fecha de vencimiento 09/27", ["09/27"]),
    ("es-caducidad", "fecha de caducidad: 09/27", ["09/27"]),
    ("pt", "validade 09/27", ["09/27"]),
    ("it", "scadenza 09/27", ["09/27"]),
    ("nl", "vervaldatum 09/27", ["09/27"]),
    ("tr-son-kullanma-tarihi", "Kart son kullanma tarihi: 08/29", ["08/29"]),
    ("id-berlaku-hingga", "kartu berlaku hingga 09/28", ["09/28"]),
    # Indonesian "masa berlaku" (validity period), "tanggal kedaluwarsa"; Malay "tarikh luput"; a chat's line after
    # the card's
    ("id-masa-berlaku-card", f"nomor kartu: {VISA}, masa berlaku 05/27, kode CVV 014", ["05/27"]),
    ("id-masa-berlaku-yyyy", f"nomor kartu: {VISA}, masa berlaku 03/2028", ["03/28"]),
    ("id-masa-berlaku-code-after", "[18/03/2026, 23:29:08] Budi: masa berlaku 06/29 kode CVV 876", ["06/29"]),
    ("id-tanggal-kedaluwarsa", f"nomor kartu {VISA} tanggal kedaluwarsa 05/27", ["05/27"]),
    ("id-tanggal-kadaluarsa", "tanggal kadaluarsa: 05/27", ["05/27"]),
    ("ms-tarikh-luput", f"nombor kad {VISA} tarikh luput 11/28", ["11/28"]),
    ("de-verf-receipt", f"Terminal 6806 Betrag 71,86 EUR Karte {VISA} Verf. 04/31", ["04/31"]),
    ("de-verf-dat-colon", f"Karte {VISA} Verf.Dat.: 04/31", ["04/31"]),
    ("de-verfall", f"Karte {VISA} Verfall 04/31", ["04/31"]),
    ("de-ablauf", f"Karte {VISA} Ablauf: 04/31", ["04/31"]),
    ("de-gueltig-abbrev", f"Karte {VISA} gült. bis 04/31", ["04/31"]),
    ("es-vto", f"Tarjeta {VISA} Vto. 04/31", ["04/31"]),
    ("pt-venc", f"Cartão {VISA} Venc. 04/2031", ["04/31"]),
    ("pt-val", f"Cartão {VISA} Val.: 04/31", ["04/31"]),
    ("it-scad", f"Carta {VISA} Scad. 04/31", ["04/31"]),
    # MM.YY and MM.YYYY right after a keyword (a European app's date), spaced or dashed; camelCase keys
    ("pt-dotted", f"número do cartão: {VISA}, validade 12.27, código de segurança 123", ["12/27"]),
    ("de-dotted-yyyy", f"Kartennummer: {VISA}, gültig bis 12.2027", ["12/27"]),
    ("nl-dotted", "vervaldatum 09.28", ["09/28"]),
    ("it-dotted", "data di scadenza 09.2028", ["09/28"]),
    ("tr-dotted", "son kullanma tarihi 09.28", ["09/28"]),
    ("pt-json-dotted", '{"validade": "12.2027"}', ["12/27"]),
    ("nl-spaced", "vervaldatum 09 / 28", ["09/28"]),
    ("pt-dashed-yyyy", "validade 09-2028", ["09/28"]),
    ("tr-camel-key", '{"sonKullanmaTarihi": "11/2027"}', ["11/27"]),
    ("tr-xml", "<sonKullanmaTarihi>11.27</sonKullanmaTarihi>", ["11/27"]),
    ("pl-ascii-camel-key", "<dataWaznosci>05/28</dataWaznosci>", ["05/28"]),
    # the umlaut spelled out; labels of other scripts in Latin letters (pinyin, romaji, Arabic, Korean) as keys
    ("de-ue", f"Karte {VISA} gueltig bis 05/28", ["05/28"]),
    ("zh-pinyin-key", '{"youxiaoqi": "05/28"}', ["05/28"]),
    ("ja-romaji-xml", "<yukokigen>05.28</yukokigen>", ["05/28"]),
    ("ja-romaji-long-key", '{"yuukou_kigen": "05/2028"}', ["05/28"]),
    ("ar-latin-key", '{"tarikh_alintiha": "05-2028"}', ["05/28"]),
    ("ko-latin-key", '{"yuhyogigan": "05/28"}', ["05/28"]),
    ("fr-dotted", f"numéro de carte: {VISA}, date d'expiration 05.28", ["05/28"]),
    ("fr-dotted-curly", f"numéro de carte: {VISA}, date d\u2019expiration 05.2028", ["05/28"]),
    # more verbs after a card; a verb alone in its message with its date ("läuft ab 06-27", a chat message)
    ("de-laeuft-ab-card", f"Karte {VISA} läuft ab 06-27", ["06/27"]),
    ("de-laeuft-ab-escaped", f'{{"body": "Karte {VISA} l\\u00e4uft ab 07/26"}}', ["07/26"]),
    ("fr-valable-card", f"carte {VISA} valable jusqu'à 5/28", ["05/28"]),
    ("pt-valido-ate-card", f"cartão {VISA} válido até 03/2027", ["03/27"]),
    ("es-valida-hasta-card", f"tarjeta {VISA} válida hasta 03/27", ["03/27"]),
    ("pt-expira-card", f"cartão {VISA} expira em 03/27", ["03/27"]),
    ("pt-vencimento", "vencimento 07/28", ["07/28"]),
    ("fr-valable-card-escaped", f'{{"body": "carte {VISA} valable jusqu\'\\u00e0 4/31"}}', ["04/31"]),
    ("pt-valido-ate-card-escaped", f'{{"body": "cart\\u00e3o {VISA} v\\u00e1lido at\\u00e9 03/2027"}}', ["03/27"]),
    ("pt-vence-em-card", f"cartão {VISA} vence em 03/2031", ["03/31"]),
    ("chat-line-after-card", f"(03:47:02) John Smith: {VISA}\n(03:48:31) John Smith: läuft ab 1/27", ["01/27"]),
    # a card number said in words right before the verb: its date, whatever truncated card the transcript names
    ("de-said-card-laeuft-ab", f"ja das ist die {said(VISA, 'de', ', ')} läuft ab 0228 und", ["02/28"]),
    ("es-said-card-vence-month", f"es el {said(VISA, 'es')} vence mayo de 2025 perfecto", ["05/25"]),
    ("de-said-card-truncated-before", f"Karte endet auf 7928 ja das ist die {said(VISA, 'de')} gültig bis 0330",
     ["03/30"]),
    # the date asked for in a run of speech, answered right after the question's mark
    ("es-asked-answered", f"la tarjeta es {VISA} ¿y la fecha de vencimiento? 06/27 CVC: 656", ["06/27"]),
    ("de-asked-answered", f"ja das ist die {VISA} und das Ablaufdatum? 02/26 perfekt", ["02/26"]),
    # look-alikes
    ("de-said-id-laeuft-ab", f"Vertrag {said(VISA[:-1] + '2', 'de')} läuft ab 0228", []),
    ("de-said-card-words-between", f"ja {said(VISA, 'de')} und der Vertrag läuft ab 0228", []),
    ("es-asked-other-date", "¿y la fecha de la cita? 06/27", []),
    ("de-laeuft-ab-alone", "läuft ab 06-27", []),  # a verb names a card's date only beside a card (``weak_labels``)
    ("es-deadline", "vence el plazo el 05/03", []),
    ("fr-voucher-full-date", "valable jusqu'au 12/05/2027", []),
    ("es-verb-other-words", "vence 12/28 la promoción", []),
    ("de-verb-subject", "Das Abo läuft ab 06/27", []),
    ("pt-verb-key", '{"expira": "03/27"}', []),
    ("de-verf-truncated-card", f"Betrag 71,86 EUR Karte {MASKED} Verf. 04/31", []),
    ("val-no-card", "Val. 12/33 ratio", []),
    ("vto-invoice", "Factura 2291 Vto. 04/31", []),
    ("de-verfuegbar", "Verfügbar 04/31", []),
    ("de-contract", "Der Vertrag läuft bis 09/27 ab.", []),
    ("de-gueltig-bis-offer", "Das Angebot ist gültig bis 09/27.", []),
    ("de-voucher-full-date", "Ablaufdatum des Gutscheins: 30.09.2027", []),
    ("es-invoice-due-date", "fecha de vencimiento de la factura: 30/09/2027", []),
    ("de-duration", "Ablaufdatum in 12 Monaten", []),
    ("tr-food-full-date", "Son kullanma tarihi: 30.09.2027", []),
    ("id-promo-duration", "promo berlaku hingga 12 hari", []),
    ("id-masa-berlaku-duration", "masa berlaku paket 30 hari", []),
    ("id-masa-berlaku-passport", "Paspor masa berlaku 12/2030", []),
    ("id-masa-berlaku-promo", "masa berlaku promo hingga 12/26", []),
    ("id-masa-berlaku-full-date", "masa berlaku 30/09/2027", []),
    # a dotted number after no keyword, or a longer one after a keyword: a version, a decimal, a full date
    ("dotted-version", "app version 12.27 released", []),
    ("dotted-decimal", "Betrag 12.27 EUR", []),
    ("dotted-three-parts", "validade 12.27.1", []),
    ("dotted-month-13", "validade 13.27", []),
    ("zh-pinyin-duration", '{"youxiaoqi": "30 days"}', []),
    # Nordic card forms: Danish (as a form dump's line, a JSON key), Norwegian, Swedish, Finnish
    ("da-udlobsdato", "    udløbsdato: 08-2031", ["08/31"]),
    ("da-json-key", '{"kortnummer": "x", "udløbsdato": "04-2032"}', ["04/32"]),
    ("no-utlopsdato", "utløpsdato 09/27", ["09/27"]),
    ("sv-utgangsdatum", "utgångsdatum: 09/27", ["09/27"]),
    ("fi-voimassaoloaika", "voimassaoloaika 09/27", ["09/27"]),
    ("fr-contract-dotted", "la date d'expiration du contrat 12.27", []),
    # MMYY said digit by digit in the label's language, as speech-to-text writes it
    ("pt-spelled-digits", "vencimento zero dois dois oito", ["02/28"]),
    ("de-spelled-digits", "Ablaufdatum null eins zwei acht", ["01/28"]),
    ("es-spelled-digits", "fecha de vencimiento cero seis dos cinco", ["06/25"]),
    ("fr-spelled-digits", "date d'expiration zéro six deux cinq", ["06/25"]),
    ("pt-spelled-five-digits", "vencimento zero dois dois oito nove", []),
    ("pt-spelled-month-13", "vencimento um três dois oito", []),
    ("de-spelled-year-past", "Ablaufdatum null eins eins neun", []),
    ("es-spelled-no-label", "la oferta vence cero ocho tres uno", []),
    # month and year said apart by a slash or a dash, the year in four digits, or a month's name then the year's
    # digits (Azure's lexical form)
    ("fr-spelled-slash", "date d'expiration  quatre / trois un", ["04/31"]),
    ("es-spelled-slash", "fecha de caducidad  cero uno / dos seis", ["01/26"]),
    ("pt-spelled-slash-yyyy", "vencimento  zero quatro / dois zero dois oito", ["04/28"]),
    ("de-spelled-slash-yyyy", "Ablaufdatum  null fünf / zwei null drei null", ["05/30"]),
    ("de-month-spelled-year", "Ablaufdatum dezember zwei null zwei sechs", ["12/26"]),
    ("pt-spelled-duration", "vencimento em dois dias", []),
    ("fr-spelled-three-years", "date d'expiration  trois / deux", []),
    ("es-spelled-slash-month-13", "fecha de caducidad  uno tres / dos seis", []),
    ("de-spelled-slash-dangling", "Ablaufdatum  null fünf /", []),
]


@pytest.mark.parametrize(("text", "dates"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_expiry_labels_in_other_languages(each_engine: Engine, text: str, dates: list[str]) -> None:
    assert sorted(s.value for s in each_engine.scan_text(text) if s.type == "expiry") == dates


def test_english_labels_are_the_english_detectors() -> None:
    assert list(ExpiryIntlDetector().find("expiry 09/27, exp_month 12, exp_year 2030")) == []


@pytest.mark.parametrize(
    "line", ["Personalausweis gültig bis: 01.2031", "5008;;Jürgen Müller;Personalausweis gültig bis: 09.2031;;;7,55"])
def test_an_id_cards_date_is_no_card_date(line: str) -> None:
    at = line.index(":") + 2  # (in a CSV under a card table's header "gültig bis" names a card: the subject decides)
    assert no_card_date(line, at, at + 7)
