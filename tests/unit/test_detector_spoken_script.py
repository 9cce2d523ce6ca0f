"""Card numbers, security codes and dates said in the languages ``spoken_digits`` and ``months`` added (Italian,
Dutch, Polish, Turkish, Hindi, Arabic, Japanese, Chinese, Korean), with some groups said as numerals, and read out
by pairs in French, on both back ends; digit words with no card, no label or a number that fails its check stay
quiet."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.detectors.number_words import DIGITS, FRENCH_PAIRS, PAIR_TRIGGER, TRIGGER, pair_runs
from scanners.detectors.spoken_digits import SCRIPTS
from scanners.engine.core import Engine


def _luhn(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _say(lang: str, digits: str, sep: str = " ") -> str:
    words = {d: w for w, d in reversed(DIGITS[lang].items())}  # the first word for each digit
    return sep.join(words[d] for d in digits)


def _pairs(digits: str) -> str:
    words = {f"{n:02d}": w for w, n in reversed(FRENCH_PAIRS.items())}
    return " ".join(words[digits[i : i + 2]] for i in range(0, len(digits), 2))


VISA = "4111111111111111"
UNIONPAY = _luhn("624068401584619521")  # 19 digits
MIXED = f'"Content": "{VISA[:4]} {_say("es", VISA[4:8])} {VISA[8:12]} {_say("es", VISA[12:])}"'
CASES = [
    *((f"{lang}-pan", f'"Content": "{_say(lang, VISA)}",', [("pan", VISA)])
      for lang in ("it", "nl", "pl", "tr", "hi", "ar", "ja", "zh", "ko", "ru")),
    ("ru-asr-19", f'asr lang=ru text="клиент: номер карты {_say("ru", UNIONPAY)}"', [("pan", UNIONPAY)]),
    ("zh-pan-19", f'"Content": "{_say("zh", UNIONPAY)}",', [("pan", UNIONPAY)]),
    ("ja-pan-unspaced", f'"Content": "{_say("ja", UNIONPAY, "")}",', [("pan", UNIONPAY)]),
    ("es-mixed", MIXED, [("pan", VISA)]),
    ("ko-mixed", f'"Content": "{VISA[:4]} {_say("ko", VISA[4:8])} {VISA[8:12]} {_say("ko", VISA[12:])}"',
     [("pan", VISA)]),
    ("hi-mixed", f'"Content": "{VISA[:4]} {_say("hi", VISA[4:8])} {VISA[8:12]} {_say("hi", VISA[12:])}"',
     [("pan", VISA)]),
    ("fr-pairs", f'"Content": "{_pairs(VISA)}"', [("pan", VISA)]),
    ("fr-pairs-odd", f'"Content": "{_pairs(UNIONPAY[:18])} {_say("fr", UNIONPAY[18])}"', [("pan", UNIONPAY)]),
    ("it-cvv", f"codice di sicurezza {_say('it', '071')}", [("cvv", "071")]),
    ("nl-cvv", f"beveiligingscode {_say('nl', '615')}", [("cvv", "615")]),
    ("tr-cvv", f"güvenlik kodu {_say('tr', '635')}", [("cvv", "635")]),
    ("pl-cvv", f"kod CVV2 {_say('pl', '308')}", [("cvv", "308")]),
    ("ar-cvv", f"رمز الأمان {_say('ar', '676')}", [("cvv", "676")]),
    ("hi-cvv", f"सीवीवी {_say('hi', '896')}", [("cvv", "896")]),
    ("zh-cvv", f"安全码 {_say('zh', '306')}", [("cvv", "306")]),
    ("ja-cvv", f"セキュリティコード {_say('ja', '917')}", [("cvv", "917")]),
    ("ko-cvv-words", f"CVC 번호 {_say('ko', '266')}", [("cvv", "266")]),
    ("ko-cvv-digits", "CVC 번호 546", [("cvv", "546")]),
    ("tr-month", "son kullanma tarihi Mayıs 2029", [("expiry", "Mayıs 2029")]),
    ("pl-month", "data ważności grudzień 2030", [("expiry", "grudzień 2030")]),
    ("ar-month", "تاريخ الانتهاء يناير 2031", [("expiry", "يناير 2031")]),
    ("hi-month", "समाप्ति तिथि मार्च 2028", [("expiry", "मार्च 2028")]),
    ("ko-month", "유효기간 5월 2027", [("expiry", "5월 2027")]),
    ("ja-month", "有効期限 12月 2027", [("expiry", "12月 2027")]),
    ("zh-month", "有效期 五月 2027", [("expiry", "五月 2027")]),
    # look-alikes: a number that fails its check, a code with no label, prose holding digit words
    ("tr-not-luhn", f'"Content": "{_say("tr", VISA[:-1] + "2")}"', []),
    ("zh-not-luhn", f'"Content": "{_say("zh", VISA[:-1] + "2")}"', []),
    ("ar-no-label", f"رقم الطلب {_say('ar', '676')}", []),
    ("ko-no-label", f"주문 {_say('ko', '266')}", []),
    ("ja-prose", "一石二鳥、三日坊主、五月雨", []),
    ("ru-not-luhn", f'"Content": "{_say("ru", VISA[:-1] + "2")}"', []),
    ("ru-prose", "один два три, раз два три: мы пришли в семь или восемь", []),
    ("ko-prose", "이 사람은 일 년 동안 사 일 일했습니다", []),
    ("fr-prose", "il a vingt-deux ans et sa sœur trente et un, leur père soixante-dix", []),
    ("fr-pairs-not-luhn", f'"Content": "{_pairs(VISA[:-2] + "12")}"', []),
    ("es-mixed-not-luhn", MIXED.replace(VISA[12:13], str((int(VISA[12]) + 1) % 10), 1), []),
    ("pl-month-prose", "widzimy się w grudzień 2030", []),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_spoken_in_more_languages(each_engine: Engine, text: str, found: list[tuple[str, str]]) -> None:
    spans = each_engine.scan_text(text)  # a date by what was said, a number or code by its digits
    assert sorted((s.type, text[s.start : s.end] if s.type == "expiry" else s.value) for s in spans) == sorted(found)


@given(st.sampled_from([lang for lang in DIGITS if lang not in SCRIPTS]), st.text("0123456789", min_size=3, max_size=6))
def test_the_trigger_names_every_latin_run(lang: str, digits: str) -> None:
    said = _say(lang, digits if digits[0] != "0" else "1" + digits[1:])
    ascii_said = "".join(c if c.isascii() else "?" for c in said)  # as the engine hands the trigger a line
    assert re.search(TRIGGER, ascii_said, re.ASCII)


@given(st.text("0123456789", min_size=16, max_size=16))
def test_the_pair_trigger_names_every_pair_run(digits: str) -> None:
    said = _pairs(digits)
    if pair_runs(said, 0, len(said)):
        ascii_said = "".join(c if c.isascii() else "?" for c in said)
        assert re.search(PAIR_TRIGGER, ascii_said, re.ASCII)
