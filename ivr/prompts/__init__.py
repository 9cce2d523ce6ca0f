"""What the caller hears, per language: one JSON data file per language in this folder (``en-US.json``,
``es-US.json``; adding a language is adding a file). Each file holds the prompts, the currency words (the one
currency table of the project) and the brand names. Amounts are spoken through SSML ``say-as`` cardinals so the
voice reads the numbers in its own language.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ivr.card import ZERO_DECIMAL
from ivr.errors import ConfigError

DEFAULT_LANGUAGE = "en-US"
_DIR = Path(__file__).resolve().parent
_CURRENCY_FORMS = 4  # singular, plural, minor singular, minor plural


def languages() -> tuple[str, ...]:
    """The language codes that have a data file."""
    return tuple(sorted(p.stem for p in _DIR.glob("*.json")))


@dataclass(frozen=True)
class Prompts:
    """One language's words."""

    language: str
    texts: dict[str, str]
    currencies: dict[str, tuple[str, str, str, str]]
    brands: dict[str, str]
    conjunction: str
    time_format: str
    ampm: tuple[str, str]

    def text(self, key: str, **values: str) -> str:
        """The plain sentence ``key`` with ``values`` filled in (values are escaped; SSML-safe)."""
        template = self.texts.get(key)
        if template is None:
            raise ConfigError(f"prompts {self.language}: expected a prompt named {key}")
        return template.format(**values)

    def has(self, key: str) -> bool:
        return key in self.texts

    def brand(self, brand: str) -> str:
        return self.brands.get(brand.lower(), brand)

    def currency_words(self, code: str) -> tuple[str, str, str, str] | None:
        return self.currencies.get(code.upper())

    def amount(self, amount: Decimal, currency: str) -> str:
        """SSML for an amount: "<cardinal>50</cardinal> dollars and <cardinal>20</cardinal> cents"."""
        code = currency.upper()
        words = self.currency_words(code)
        if amount.is_signed() or not amount.is_finite():
            raise ConfigError("amount: expected a positive finite amount")
        major = int(amount)
        minor = 0 if code.lower() in ZERO_DECIMAL else int((amount - major) * 100)

        def cardinal(n: int) -> str:
            return f'<say-as interpret-as="cardinal">{n}</say-as>'

        if words is None:  # unknown currency: spell the code
            return f'{cardinal(major)}.{minor:02d} <say-as interpret-as="characters">{escape(code)}</say-as>'
        one, many, minor_one, minor_many = (escape(w) for w in words)
        text = f"{cardinal(major)} {one if major == 1 else many}"
        if minor and minor_one:
            text += f" {escape(self.conjunction)} {cardinal(minor)} {minor_one if minor == 1 else minor_many}"
        return text

    def time(self, when: datetime) -> str:
        hour12 = when.hour % 12 or 12
        return self.time_format.format(
            hour12=hour12, hour24=when.hour, minute=when.minute, ampm=self.ampm[when.hour >= 12]
        ).strip()


def _validated(code: str, data: Any) -> Prompts:
    where = f"ivr/prompts/{code}.json"
    if not isinstance(data, dict) or data.get("language") != code:
        raise ConfigError(f"{where}: expected an object whose language is {code}")
    texts, currencies, brands = data.get("prompts"), data.get("currencies"), data.get("brands")
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise ConfigError(f"{where}: prompts: expected an object of strings")
    if not isinstance(currencies, dict) or not all(
        isinstance(v, list) and len(v) == _CURRENCY_FORMS and all(isinstance(w, str) for w in v)
        for v in currencies.values()
    ):
        raise ConfigError(f"{where}: currencies: expected CODE: [one, many, minor one, minor many]")
    if not isinstance(brands, dict):
        raise ConfigError(f"{where}: brands: expected an object of brand names")
    ampm = data.get("ampm", ["am", "pm"])
    return Prompts(
        language=code,
        texts=dict(texts),
        currencies={str(k).upper(): (v[0], v[1], v[2], v[3]) for k, v in currencies.items()},
        brands={str(k): str(v) for k, v in brands.items()},
        conjunction=str(data.get("and", "and")),
        time_format=str(data.get("time_format", "{hour24}:{minute:02d}")),
        ampm=(str(ampm[0]), str(ampm[1])),
    )


@functools.cache
def load(code: str | None = None) -> Prompts:
    """The prompts for ``code`` (``en-US`` when empty); an unknown language falls back to the default."""
    code = (code or DEFAULT_LANGUAGE).strip()
    if code not in languages():
        code = DEFAULT_LANGUAGE
    try:
        data = json.loads((_DIR / f"{code}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"ivr/prompts/{code}.json: expected a readable JSON file") from exc
    return _validated(code, data)
