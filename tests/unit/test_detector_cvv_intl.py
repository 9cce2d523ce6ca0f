"""CvvIntlDetector: security-code labels in German, French, Spanish, Portuguese, Italian, Dutch, Polish, Turkish and
Indonesian, as keys, CSV-style columns and prose, on both back ends, and the English keyword with those languages'
copulas ("el cvv es 584", CvvDetector); numbers after other words stay quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.cvv_intl import CvvIntlDetector
from scanners.engine.core import Engine

CASES = [
    ("de-pruefziffer", "Prüfziffer: 123", ["123"]),
    ("de-json", '{"Kartenprüfnummer": "123"}', ["123"]),
    ("de-ascii", "Pruefziffer 123, Sicherheitscode 4567", ["123", "4567"]),  # the umlaut spelled out: as Prüfziffer
    ("de-check-digit", "IBAN Pruefziffer 7", []),  # a check digit is one digit
    ("de-sicherheitscode", "Sicherheitscode: 4567", ["4567"]),
    ("fr-cryptogramme", "cryptogramme visuel : 123", ["123"]),
    ("fr-code", "code de sécurité : 123", ["123"]),
    ("es", "código de seguridad 123", ["123"]),
    ("pt", "código de segurança: 123", ["123"]),
    ("it", "codice di sicurezza 123", ["123"]),
    ("it-copula", "il codice di sicurezza è 123", ["123"]),  # "è" folds to the filler "e", as Portuguese "é"
    ("it-copula-escaped", '{"msg": "il codice di sicurezza \\u00e8 123"}', ["123"]),
    ("pt-copula-escaped", '{"msg": "o c\\u00f3digo de seguran\\u00e7a \\u00e9 123"}', ["123"]),
    ("nl", "beveiligingscode 123", ["123"]),
    ("tr", "Kart güvenlik kodu (CVV2): 123", ["123"]),
    ("id", "kode keamanan 456", ["456"]),
    ("pl-ascii", "kod bezpieczenstwa 456", ["456"]),
    ("pl", "kod bezpieczeństwa: 456", ["456"]),
    ("it-camel-key", '{"codiceSicurezza": "456"}', ["456"]),
    ("es-camel-key", '{"codigoSeguridad": "456"}', ["456"]),
    ("pt-camel-key", '{"codigoSeguranca": "456"}', ["456"]),
    ("pt-cielo-xml", "<codigo-seguranca>456</codigo-seguranca>", ["456"]),
    ("tr-camel-xml", "<guvenlikKodu>456</guvenlikKodu>", ["456"]),
    # the umlaut spelled out; labels of other scripts in Latin letters (pinyin, Arabic, romaji) as keys
    ("de-ue-key", '{"Pruefziffer": "456"}', ["456"]),
    ("de-ue-text", "Kartenpruefnummer 456", ["456"]),
    ("zh-pinyin-key", '{"kahao": "x", "anquanma": "456"}', ["456"]),
    ("ar-latin-key", '{"ramz_alaman": "456"}', ["456"]),
    ("ja-romaji-xml", "<sekyuritikodo>456</sekyuritikodo>", ["456"]),
    # Nordic card forms: Danish, Norwegian, Swedish, Finnish; a Danish JSON key
    ("da-kontrolcifre", "kontrolcifre: 363", ["363"]),
    ("da-json-key", '{"kortnummer": "x", "kontrolcifre": "074"}', ["074"]),
    ("no-kontrollsiffer", "kontrollsiffer 123", ["123"]),
    ("sv-kontrollsiffror", "kontrollsiffror: 123", ["123"]),
    ("sv-sakerhetskod", "säkerhetskod: 123", ["123"]),
    ("fi-turvakoodi", "turvakoodi 123", ["123"]),
    # the code named by where it is printed and how many digits it has; French "crypto"
    ("fr-crypto", "crypto 746", ["746"]),
    ("fr-code-au-dos", "le code au dos c'est 571", ["571"]),
    ("fr-chiffres-au-dos", "les trois chiffres au dos de la carte sont 123", ["123"]),
    ("fr-code-verso", "code au verso : 123", ["123"]),
    ("fr-amex-recto", "code à 4 chiffres au recto 1234", ["1234"]),
    ("es-codigo-atras", "el código de atrás es 456", ["456"]),
    ("es-numeros-atras", "los tres números de atrás son 456", ["456"]),
    ("es-ascii-reverso", "los 3 digitos del reverso: 456", ["456"]),
    ("es-amex-frente", "código de 4 dígitos del frente 5577", ["5577"]),
    ("pt-numeros-tras", "os três números de trás são 974", ["974"]),
    ("pt-codigo-verso", "o código do verso é 974", ["974"]),
    ("pt-amex-frente", "código de 4 dígitos na frente 1234", ["1234"]),
    ("de-ziffern-hinten", "die drei Ziffern hinten sind 148", ["148"]),
    ("de-rueckseite", "Code auf der Rückseite: 148", ["148"]),
    ("de-amex-vorne", "4-stelliger Code vorne 3107", ["3107"]),
    ("de-dreistellig", "die dreistellige Prüfnummer hinten ist 148", ["148"]),
    ("it-retro", "le tre cifre sul retro 148", ["148"]),
    ("nl-achterkant", "de cijfers op de achterkant 148", ["148"]),
    ("escaped-json", '{"body": "os tr\\u00eas n\\u00fameros de tr\\u00e1s s\\u00e3o 974"}', ["974"]),
    # Polish: the code named by where it is ("kod z tyłu to 771", "on the back it is"), "kod CVV to"; escaped in JSON,
    # a form body, a quoted-printable mail
    ("pl-z-tylu", "kod z tyłu to 771", ["771"]),
    ("pl-z-tylu-karty", "kod z tyłu karty to 771", ["771"]),
    ("pl-z-tylu-ascii", "kod z tylu to 771", ["771"]),
    ("pl-odwrocie", "trzy cyfry na odwrocie karty: 771", ["771"]),
    ("pl-trzycyfrowy", "trzycyfrowy kod 771", ["771"]),
    ("pl-kod-cvv-to", "kod CVV to 771", ["771"]),
    ("pl-jest", "kod z tyłu jest 771", ["771"]),
    ("pl-json-escaped", '{"text": "kod z ty\\u0142u to 771"}', ["771"]),
    ("pl-form", "Type=sms&Text=kod+z+ty%C5%82u+to+771&MessageUUID=x", ["771"]),
    ("pl-qp", '<p class=3D"MsoNormal">Customer: kod z ty=C5=82u to 771</p>', ["771"]),
    # the English keyword with another language's copula: Spanish, Italian, Portuguese, French, German, Dutch
    ("es-cvv-es", "el cvv es 584", ["584"]),
    ("es-cvv-amex", "el cvv es 1923", ["1923"]),
    ("it-cvv-e", "il cvv è 295", ["295"]),
    ("it-cvv-e-csv", 'CASE-1,"Pago\nil cvv è 295",2024-01-23', ["295"]),
    ("pt-cvv-e", "o cvv é 743", ["743"]),
    ("pt-cvv-e-escaped", '{"text": "o cvv \\u00e9 743"}', ["743"]),
    ("fr-cvv-est", "le cvv est 743", ["743"]),
    ("de-cvv-ist", "der CVC ist 743", ["743"]),
    ("nl-cvc-is", "de cvc is 743", ["743"]),
    ("es-cvv-de-la-tarjeta", "el cvv de la tarjeta es 743", ["743"]),
    # look-alikes
    ("pl-z-tylu-short", "kod z tyłu to 12", []),
    ("pl-z-tylu-long", "kod z tyłu to 123456", []),
    ("pl-room", "pokój 771", []),
    ("pl-postcode", "kod pocztowy to 771", []),
    ("en-cvv-to", "update the CVV to 300 merchants", []),  # English "to" after an English keyword is no copula
    ("es-flight-es", "el vuelo es 584", []),
    ("it-camera-e", "la camera è 295", []),
    ("pt-cvv-long", "o cvv é 743210", []),
    ("fr-crypto-year", "crypto 2024", []),
    ("es-order-code", "el código de pedido es 123", []),
    ("es-children", "los tres niños 123", []),
    ("fr-back-pain", "mal au dos 123", []),
    ("de-one-digit", "Ziffer 3", []),
    ("es-postcode", "código postal 28001", []),
    ("de-back-long", "die Ziffern hinten 123456", []),
    ("de-order", "Bestellnummer: 123", []),
    ("fr-postcode", "code postal 75001", []),
    ("de-pruefziffer-long", "Prüfziffer 123456", []),
    ("tr-sms-otp", "güvenlik kodu 482113", []),
    ("it-copula-long", "il codice di sicurezza è 123456", []),
    ("it-copula-other-code", "il codice promozionale è 123", []),
    ("it-copula-escaped-other-code", '{"msg": "il codice promozionale \\u00e8 123"}', []),
    ("pt-camel-key-long", '{"codigoSeguranca": "456789"}', []),
    ("zh-pinyin-hint", '{"anquanma_hint": "see docs"}', []),
    ("de-ue-long", '{"Pruefziffer": "456789"}', []),
]


@pytest.mark.parametrize(("text", "codes"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_cvv_labels_in_other_languages(each_engine: Engine, text: str, codes: list[str]) -> None:
    assert sorted(s.value for s in each_engine.scan_text(text) if s.type == "cvv") == codes


def test_english_labels_are_the_english_detectors() -> None:
    assert list(CvvIntlDetector().find("cvv 123, security code 456")) == []
