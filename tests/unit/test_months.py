"""Month names in other languages after an expiry label or verb, a spoken security code in another language that
starts with a zero word, and labels whose accented letter is JSON-escaped, on both back ends; dates in prose, an
offer's date, a day-named date and a code after no label stay quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.months import month_number
from scanners.engine.core import Engine

CASES = [
    ("es-verb", '{"inputTranscript": "caduca el septiembre 2033"}', [("expiry", "septiembre 2033")]),
    ("pt-verb-de", '{"inputTranscript": "vence em setembro de 2033"}', [("expiry", "setembro de 2033")]),
    ("fr-verb", "elle expire en mars 2031", [("expiry", "mars 2031")]),
    ("fr-card", "ma carte expire le février 2031", [("expiry", "février 2031")]),
    ("de-verb", "gültig bis März 2031", [("expiry", "März 2031")]),
    ("it-verb", "scade a marzo 2031", [("expiry", "marzo 2031")]),
    ("nl-label", "vervaldatum maart 2031", [("expiry", "maart 2031")]),
    ("pt-label", "validade abril 2028", [("expiry", "abril 2028")]),
    ("de-upper", "Ablaufdatum: MÄRZ 2031", [("expiry", "MÄRZ 2031")]),
    ("de-folded", "Ablaufdatum: Maerz 2031", [("expiry", "Maerz 2031")]),
    ("fr-unaccented", "date de validite: aout 2030", [("expiry", "aout 2030")]),
    ("en-label", "expiry: septiembre 2033", [("expiry", "septiembre 2033")]),
    ("es-card-digits", "mi tarjeta vence el 09/33", [("expiry", "09/33")]),
    ("de-cvv-zero", "die Prüfnummer ist null neun neun", [("cvv", "null neun neun")]),
    ("es-cvv-zero", "el código de seguridad es cero siete dos", [("cvv", "cero siete dos")]),
    ("de-escaped", '{"t": "die Pr\\u00fcfnummer ist f\\u00fcnf neun sechs"}', [("cvv", None)]),
    ("pt-escaped", '{"t": "o c\\u00f3digo de seguran\\u00e7a \\u00e9 dois quatro seis"}', [("cvv", None)]),
    ("de-escaped-month", '{"t": "g\\u00fcltig bis M\\u00e4rz 2031"}', [("expiry", None)]),
    # look-alikes
    ("es-prose", "Nos vemos en septiembre 2033", []),
    ("es-prose-el", "la reunión es el septiembre 2033", []),
    ("de-offer", "Das Angebot ist gültig bis März 2031.", []),
    ("es-offer", "la oferta caduca el septiembre 2033", []),
    ("es-day", "vence el 30 de septiembre de 2033", []),
    ("es-verb-digits", "caduca el 09/33", []),
    ("it-day", "scadenza 30 marzo 2031", []),
    ("de-no-label", "wir sehen uns null neun neun", []),
    ("de-escaped-prose", '{"t": "f\\u00fcr die Pr\\u00fcfung am Montag"}', []),
]


@pytest.mark.parametrize(("text", "spans"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_other_languages(each_engine: Engine, text: str, spans: list[tuple[str, str | None]]) -> None:
    found = [(s.type, text[s.start : s.end]) for s in each_engine.scan_text(text)]
    # a decoded span covers its escaped segment: only its type is compared
    assert [(t, v if want is not None else None) for (t, v), (_, want) in zip(found, spans, strict=False)] == spans
    assert len(found) == len(spans)


@pytest.mark.parametrize(
    ("name", "number"),
    [("septiembre", 9), ("setembro", 9), ("März", 3), ("MÄRZ", 3), ("marco", 3), ("août", 8), ("mei", 5),
     ("setiembre", 9), ("Jänner", 1), ("dicembre", 12)],
)
def test_month_number(name: str, number: int) -> None:
    assert month_number(name) == number
