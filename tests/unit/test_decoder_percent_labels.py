"""A form key escaped as UTF-8 or written with "+" for its spaces, before a plain 3-4 digit code
(``scanners.decoders.percent``: ``VALUED_TRIGGERS``): the key is decoded with its value so a label of another
language or script names the code (red-team round 84: ``&%E3%82%BB…%83%89=576``, セキュリティコード=576). A key that
names no code, or a longer number, says nothing."""

from urllib.parse import quote_plus

import pytest

from scanners.decoders.percent import PercentDecoder
from scanners.engine.core import Backend, Engine

LABELS = ["セキュリティコード", "código de segurança", "codice di sicurezza", "güvenlik kodu", "Kartenprüfnummer",
          "رمز الأمان"]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("label", LABELS)
def test_an_escaped_label_names_its_plain_code(backend: Backend, label: str) -> None:
    line = f"POST /checkout order=77&{quote_plus(label)}=576 HTTP/1.1"
    assert [(s.value, s.encoding) for s in Engine(backend=backend).scan_text(line) if s.type == "cvv"] == [
        ("576", ("percent",))]


@pytest.mark.parametrize("line", [
    "GET /promo?promo+code=123 HTTP/1.1",  # another code's key
    "POST /x q=a&order+number=482",
    f"POST /x {quote_plus('セキュリティコード')}=57612",  # not a 3-4 digit code
    f"GET /search?q={quote_plus('東京タワー')}&page=2",  # an escaped search, no code
])
def test_other_keys_and_values_stay_quiet(line: str) -> None:
    assert [s for s in Engine().scan_text(line) if s.type == "cvv"] == []


def test_the_key_is_decoded_with_its_value() -> None:
    assert [d.text for d in PercentDecoder().decode("a=1&codice+di+sicurezza=358\n")] == ["codice di sicurezza=358"]
