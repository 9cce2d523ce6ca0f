import io
import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.pan import PanDetector
from scanners.engine.legacy_latin import legacy_latin
from scanners.engine.sniff import sniff_encoding
from scanners.engine.textio import TextReader


def _test_pan() -> str:
    body = "453914880300000"
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _log(lines: list[str]) -> str:
    return "".join(f"2026-01-0{n % 9 + 1} 10:00:0{n % 10} INFO [ivr] {line}\n" for n, line in enumerate(lines))


_POLISH = ["numer karty: {pan}, data ważności 08/29", "kod bezpieczeństwa CVV2 417, posiadacz: Łukasz Żółć",
           "płatność odrzucona, spróbuj ponownie"]
_CZECH = ["Číslo karty: {pan}, platnost do 08/29", "ověřovací kód 417, držitel: Jiří Dvořák, Šťastný",
          "platba zamítnuta, zkuste to znovu"]
_HUNGARIAN = ["Kártyaszám: {pan}, lejárat 08/29", "biztonsági kód 417, kártyabirtokos: Szűcs Győző",
              "a fizetés elutasítva, őrizze meg"]
_ROMANIAN = ["Număr card: {pan}, data expirării 08/29", "cod de securitate 417, titular: Ţăranu Bălănescu",
             "plată respinsă, încercaţi din nou"]
_CROATIAN = ["Broj kartice: {pan}, vrijedi do 08/29", "sigurnosni kod 417, vlasnik: Đurđa Čačić",
             "plaćanje odbijeno, pokušajte ponovno"]
_TURKISH = ["Kart Numarası: {pan}, son kullanma tarihi 08/29", "güvenlik kodu 417, kart sahibi: Şükrü Ağaoğlu",
            "ödeme reddedildi, İzmir şubesi, sipariş no 7731"]
# a Turkish log of a multinational code base quoting Portuguese field names, as the round-20 estate does
_TURKISH_MIXED = ["kart numarası: {pan}, taksit: 3", "conta: agência 8492", "sipariş no: 7731, linha digitável"]

_FRENCH = ["Numéro de carte: {pan}, date d'expiration 08/29", "cryptogramme 417, titulaire: François Lefèvre",
           "paiement refusé, réessayez à Noël, œuvre, garçon, à bientôt"]
_GERMAN = ["Kartennummer: {pan}, gültig bis 08/29", "Prüfziffer 417, Inhaber: Jürgen Müller, Größe",
           "Zahlung abgelehnt, Straße, Übermittlung"]
_SPANISH = ["Número de tarjeta: {pan}, fecha de caducidad 08/29", "código de seguridad 417, titular: José Peña Muñoz",
            "¿Cuál es el problema? ¡Sí! pago nº 5, 1ª cuota, señal"]
_PORTUGUESE = ["Número do cartão: {pan}, validade 08/29", "código de segurança 417, titular: João Conceição",
               "transação recusada, ação pendente, pães, avô"]
_ITALIAN = ["Numero della carta: {pan}, scadenza 08/29", "codice di sicurezza 417, città: Forlì",
            "pagamento rifiutato, perché così, più tardi"]
_NORDIC = ["Kortnummer: {pan}, udløbsdato 08/29", "sikkerhedskode 417, kortholder: Søren Ærø, Åse Bjørnstad",
           "säkerhetskod, kortinnehavare: Åsa Öberg, Västerås"]
_ICELANDIC = ["Kortanúmer: {pan}, gildir til 08/29", "öryggiskóði 417, korthafi: Þórður Ýmisson",
              "það er gætt að greiðslu, við höfum hafnað henni"]
_CATALAN = ["Número de targeta: {pan}, caducitat 08/29", "col·lecció de pagaments, titular: Pere Martí",
            "pagament denegat, intel·ligència"]
_MIXED_WESTERN = [*_FRENCH[:2], *_GERMAN[1:], *_SPANISH[1:], _PORTUGUESE[1], _ITALIAN[2], _NORDIC[1]]
_POUNDS = ["Amount £12.50 charged, card {pan}", "fee £1, total £13.50, 20 % off", "refund £3 - ¥400 - €7"]

_CASES = [  # (name, lines, code page written in, code page expected)
    ("Polish in Windows-1250", _POLISH, "cp1250", "cp1250"),
    ("Polish in ISO-8859-2", _POLISH, "iso-8859-2", "iso-8859-2"),
    ("Czech in Windows-1250", _CZECH, "cp1250", "cp1250"),
    ("Czech in ISO-8859-2", _CZECH, "iso-8859-2", "iso-8859-2"),
    ("Hungarian in Windows-1250", _HUNGARIAN, "cp1250", "cp1250"),
    ("Hungarian in ISO-8859-2 (the same bytes: read alike)", _HUNGARIAN, "iso-8859-2", "cp1250"),
    ("Romanian in Windows-1250", _ROMANIAN, "cp1250", "cp1250"),
    ("Croatian in Windows-1250", _CROATIAN, "cp1250", "cp1250"),
    ("Turkish in Windows-1254", _TURKISH, "cp1254", "cp1254"),
    ("Turkish in ISO-8859-9 (the same bytes: read alike)", _TURKISH, "iso-8859-9", "cp1254"),
    ("Turkish quoting Portuguese", _TURKISH_MIXED, "cp1254", "cp1254"),
    ("French in Windows-1252", _FRENCH, "cp1252", "cp1252"),
    ("German in Windows-1252", _GERMAN, "cp1252", "cp1252"),
    ("Spanish in Windows-1252", _SPANISH, "cp1252", "cp1252"),
    ("Portuguese in Windows-1252", _PORTUGUESE, "cp1252", "cp1252"),
    ("Italian in Windows-1252", _ITALIAN, "cp1252", "cp1252"),
    ("Danish, Norwegian, Swedish in Windows-1252", _NORDIC, "cp1252", "cp1252"),
    ("Icelandic in Windows-1252", _ICELANDIC, "cp1252", "cp1252"),
    ("Catalan in Windows-1252", _CATALAN, "cp1252", "cp1252"),
    ("Western languages mixed in one log", _MIXED_WESTERN, "cp1252", "cp1252"),
    ("currency signs in Windows-1252", _POUNDS, "cp1252", "cp1252"),
    ("German in Latin-1", _GERMAN, "latin-1", "cp1252"),
]


@pytest.mark.parametrize(("name", "lines", "codec", "expected"), _CASES, ids=[c[0] for c in _CASES])
def test_a_single_byte_file_is_read_in_its_code_page(name: str, lines: list[str], codec: str, expected: str) -> None:
    pan = _test_pan()
    text = _log(lines).format(pan=pan)
    data = text.encode(codec)
    assert sniff_encoding(data) == expected, name
    reader = TextReader(io.BytesIO(data), source="file", location={"path": "x"})
    records = list(reader.records())
    assert reader.encoding == expected and reader.decode_errors == 0
    if expected == codec:
        assert records[0].text == text  # every word as written
    hit = next(s for s in PanDetector().find(records[0].text) if s.value == pan)
    assert hit.start == data.index(pan.encode())  # one byte, one character: positions stay right


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("Latin-1 with a byte Windows-1252 leaves undefined", _log(_GERMAN).encode("latin-1") + b"\x81\n", "latin-1"),
        ("one Turkish letter", "Kart numarası: 08/29\n".encode("cp1254"), "cp1252"),
        ("one Polish letter", "data ważna: 08/29\n".encode("cp1250"), "cp1252"),
        ("Turkish holding a byte Windows-1254 leaves undefined: read as before", _log(_TURKISH).encode("cp1254")
         + b"\x8d\n", "latin-1"),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_near_misses_and_undefined_bytes(name: str, data: bytes, expected: str) -> None:
    assert sniff_encoding(data) == expected, name


def test_random_high_bytes_stay_windows_1252() -> None:
    rng = random.Random(20)
    for _ in range(50):
        noise = bytes(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x100))) for _ in range(600))
        assert legacy_latin(noise) is None
        assert legacy_latin(bytes(rng.randrange(0x80, 0x100) for _ in range(600))) is None
        assert legacy_latin(bytes(rng.randrange(0xA0, 0x100) for _ in range(600))) is None  # no C1 byte


def test_a_mail_declaring_its_charsets_is_left_to_its_decoder() -> None:
    mail = "Content-Type: text/plain; charset=iso-8859-2\n\n" + _log(_POLISH)
    assert legacy_latin(mail.encode("iso-8859-2")) is None
