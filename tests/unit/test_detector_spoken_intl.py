"""SpokenIntlDetector and the copulas of CvvIntlDetector: card numbers and security codes spoken or written after
a label in Spanish, French, German and Portuguese, on both back ends; number words elsewhere stay quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.number_words import DIGITS
from scanners.engine.core import Engine


def _say(lang: str, digits: str) -> str:
    words = {d: w for w, d in reversed(DIGITS[lang].items())}  # the first word for each digit
    return " ".join(words[d] for d in digits)


CARD = "4111111111111111"
CASES = [
    ("es-cvv-digits", "el código de seguridad es 756", [("cvv", "756")]),
    ("fr-cvv-digits", "le cryptogramme est 756", [("cvv", "756")]),
    ("de-cvv-digits", "die Prüfnummer ist 756", [("cvv", "756")]),
    ("pt-cvv-digits", "o código de segurança é 756", [("cvv", "756")]),
    ("es-cvv-words", f"el código de seguridad es {_say('es', '756')}", [("cvv", "756")]),
    ("fr-cvv-words", f"le cryptogramme est {_say('fr', '3905')}", [("cvv", "3905")]),
    ("de-cvv-words", f"die Prüfnummer ist {_say('de', '321')}", [("cvv", "321")]),
    ("pt-cvv-words", f"o código de segurança é {_say('pt', '384')}", [("cvv", "384")]),
    ("es-double", "el código de seguridad es siete doble cinco", [("cvv", "755")]),
    ("es-pan", f"mi número de tarjeta es {_say('es', CARD)}", [("pan", CARD)]),
    ("fr-pan", f"mon numéro de carte est {_say('fr', CARD)}", [("pan", CARD)]),
    ("de-pan", f"meine Kartennummer ist {_say('de', CARD)}", [("pan", CARD)]),
    ("pt-pan", f"o número do cartão é {_say('pt', CARD)}", [("pan", CARD)]),
    # look-alikes: no label, a number that is no card, a JSON array of nulls, words of two languages
    # a hesitation between two digit words is passed over ("dos tres seis nueve a ver ocho")
    ("es-pan-hesitating", f"es el {_say('es', CARD[:6])} a ver {_say('es', CARD[6:11])} este {_say('es', CARD[11:])}",
     [("pan", CARD)]),
    ("pt-pan-hesitating", f"é {_say('pt', CARD[:8])} hum {_say('pt', CARD[8:])}", [("pan", CARD)]),
    ("de-pan-hesitating", f"also {_say('de', CARD[:4])} äh {_say('de', CARD[4:])}", [("pan", CARD)]),
    # each language's hesitation sounds and filler words, with the comma speech-to-text puts after them
    ("it-pan-hesitating", f"carta {_say('it', CARD[:2])} ehm, {_say('it', CARD[2:11])} allora, {_say('it', CARD[11:])}",
     [("pan", CARD)]),
    ("nl-pan-hesitating", f"het is {_say('nl', CARD[:2])} uhm, {_say('nl', CARD[2:])}", [("pan", CARD)]),
    ("pl-pan-hesitating", f"to jest {_say('pl', CARD[:2])} yyy, {_say('pl', CARD[2:8])} eee, {_say('pl', CARD[8:])}",
     [("pan", CARD)]),
    ("fr-pan-hesitating", f"carte {_say('fr', CARD[:2])} bah, {_say('fr', CARD[2:])}", [("pan", CARD)]),
    ("pt-pan-hesitating-ha", f"é {_say('pt', CARD[:2])} hã, {_say('pt', CARD[2:])}", [("pan", CARD)]),
    ("it-hesitation-ends-run", f"carta {_say('it', CARD[:15])} ehm", []),
    ("pl-hesitation-between-numbers", f"telefon {_say('pl', '612345')} yyy, zamówienie {_say('pl', '4321')}", []),
    # a code whose last words are also English ("sete zero zero": "zero zero")
    ("pt-cvv-words-zeros", "o cvv é sete zero zero", [("cvv", "700")]),
    ("it-cvv-words-zeros", "il cvv è sette zero zero", [("cvv", "700")]),
    ("en-cvv-two-zeros", "the cvv is zero zero", []),
    ("es-no-label", f"mi número de pedido es {_say('es', '756')}", []),
    # groups said as numerals among the words, an Amex-length group of five or six digits too
    ("de-pan-mixed-long-group", f"also die Nummer ist {CARD[:4]} {_say('de', CARD[4:10])} {CARD[10:]}",
     [("pan", CARD)]),
    ("es-pan-mixed-six", f"es el {_say('es', CARD[:4])} {CARD[4:10]} {_say('es', CARD[10:])}", [("pan", CARD)]),
    ("de-id-mixed-long-group", f"Kundennummer {CARD[:4]} {_say('de', CARD[4:10])} {CARD[10:]}", []),
    ("es-mixed-not-luhn", f"es el {_say('es', '4111')} 111111 {_say('es', '111112')}", []),
    # a hesitation joins no two numbers: a phone said in words, then a reference
    ("es-hesitation-between-numbers", f"llame al {_say('es', '612345')} a ver el pedido {_say('es', '4321')}", []),
    ("pt-hesitation-ends-run", f"é {_say('pt', CARD[:15])} hum", []),
    ("es-not-luhn", f"mi número de tarjeta es {_say('es', '4111111111111112')}", []),
    ("de-nulls", '{"a": [null, null, null, null]}', []),
    ("mixed-languages", "el código de seguridad es uno deux drei", []),
    ("de-long-code", "die Prüfnummer ist 123456", []),
    ("fr-postcode", "code postal est 75001", []),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_spoken_in_other_languages(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text)) == sorted(found)
