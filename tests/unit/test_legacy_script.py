"""A file in a single-byte code page of a non-Latin script is read in it (its card, expiry and CVV words found, the
code page named in its coverage); Western and Central European files keep their reading."""

import io
import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine.core import Engine
from scanners.engine.legacy_script import legacy_script
from scanners.engine.sniff import sniff_encoding
from scanners.engine.textio import TextReader


def _test_pan() -> str:
    body = "453914880300000"
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _thai_digits(s: str) -> str:
    return s.translate({ord(d): 0x0E50 + int(d) for d in "0123456789"})


_RUSSIAN = ["ИНН 770123456789 заказ N 123456789, тел. +7 (912) 345-67-89",
            "Номер карты: {pan} / Срок действия: 08/29 / Код CVV: 417", "платёж отклонён, повторите попытку позже"]
_ARABIC = ["هاتف \u200e+966 512 3456\u200e رقم الطلب 1234567890",
           "رقم البطاقة: \u200e{pan}\u200f تاريخ الانتهاء: 08/29 رمز التحقق: 417",
           "تم رفض الدفع، يرجى المحاولة مرة أخرى"]
_HEBREW = ["מספר כרטיס: {pan} תוקף: 08/29 קוד אבטחה: 417", "בעל הכרטיס: ישראל ישראלי, התשלום נדחה, נסו שוב מאוחר יותר"]
_GREEK = ["Αριθμός κάρτας: {pan} Ημερομηνία λήξης: 08/29 κωδικός ασφαλείας: 417",
          "Η πληρωμή απορρίφθηκε, παρακαλώ δοκιμάστε ξανά αργότερα"]
_THAI = ["วันที่ 3/4/2568 โทร 081-2345678", "หมายเลขบัตร {pan} วันหมดอายุ 08/29 รหัส CVV 417",
         "การชำระเงินถูกปฏิเสธ กรุณาลองใหม่อีกครั้ง"]
_THAI_DIGITS = ["วันที่ 3/4/2568 โทร 081-2345678", "หมายเลขบัตร {thai_pan} วันหมดอายุ ๐๘/๒๙ รหัส CVV ๔๑๗",
                "หมายเลขบัตร {pan} วันหมดอายุ 08/29 รหัส CVV 417"]

_CASES = [  # (name, lines, code page written in, code page expected)
    ("Russian in Windows-1251", _RUSSIAN, "cp1251", "cp1251"),
    ("Russian in KOI8-R", _RUSSIAN, "koi8-r", "koi8-r"),
    ("Arabic in Windows-1256, LRM/RLM around the card", _ARABIC, "cp1256", "cp1256"),
    ("Hebrew in Windows-1255", _HEBREW, "cp1255", "cp1255"),
    ("Greek in Windows-1253", _GREEK, "cp1253", "cp1253"),
    ("Thai in TIS-620", _THAI, "tis-620", "tis-620"),
    ("Thai with Thai digits in TIS-620", _THAI_DIGITS, "tis-620", "tis-620"),
    ("Thai in code page 874 with its quotes", [*_THAI, "“ชื่อลูกค้า” …"], "cp874", "cp874"),
]


def _log(lines: list[str], pan: str) -> str:
    return "".join(f"2026-01-0{n % 9 + 1} 10:00:0{n % 10} INFO {line}\n" for n, line in enumerate(lines)).format(
        pan=pan, thai_pan=_thai_digits(pan))


@pytest.mark.parametrize(("name", "lines", "codec", "expected"), _CASES, ids=[c[0] for c in _CASES])
def test_a_non_latin_file_is_read_in_its_code_page(name: str, lines: list[str], codec: str, expected: str) -> None:
    pan = _test_pan()
    text = _log(lines, pan)
    data = text.encode(codec)
    assert sniff_encoding(data) == expected, name
    reader = TextReader(io.BytesIO(data), source="file", location={"path": "x"})
    records = list(reader.records())
    assert reader.encoding == expected and reader.decode_errors == 0 and expected in (reader.note or "")
    assert "".join(r.text for r in records) == text  # every word as written
    spans = Engine().scan_text(text)
    assert {s.type for s in spans} >= {"pan", "expiry", "cvv"} or name.startswith(("Arabic", "Hebrew", "Greek"))
    hit = next(s for s in spans if s.type == "pan" and s.value == pan)
    first = min(text.find(p) % len(text) for p in (pan, _thai_digits(pan)))
    assert hit.start == first  # one byte, one character: positions stay right


@pytest.mark.parametrize(("codec", "lines"), [("cp1251", _RUSSIAN), ("koi8-r", _RUSSIAN), ("tis-620", _THAI)])
def test_the_expiry_and_cvv_words_are_found(codec: str, lines: list[str]) -> None:
    pan = _test_pan()
    data = _log(lines, pan).encode(codec)
    reader = TextReader(io.BytesIO(data), source="file", location={"path": "x"})
    text = "".join(r.text for r in reader.records())
    assert {"pan", "expiry", "cvv"} <= {s.type for s in Engine().scan_text(text)}


_WESTERN = [  # near misses: Latin-script text with accents keeps its reading
    ("French", "Numéro de carte: {pan}, expiration 08/29, cryptogramme 417, titulaire: François Lefèvre, à Noël",
     "cp1252", "cp1252"),
    ("German", "Kartennummer: {pan}, gültig bis 08/29, Prüfziffer 417, Jürgen Müller, Größe, Straße", "cp1252",
     "cp1252"),
    ("Portuguese", "Número do cartão: {pan}, validade 08/29, código de segurança 417, João Conceição, ação",
     "cp1252", "cp1252"),
    ("Polish", "numer karty: {pan}, data ważności 08/29, kod bezpieczeństwa 417, Łukasz Żółć", "cp1250", "cp1250"),
    ("Czech", "Číslo karty: {pan}, platnost do 08/29, ověřovací kód 417, Jiří Dvořák, Šťastný, příští", "cp1250",
     "cp1250"),
    ("Turkish", "Kart Numarası: {pan}, son kullanma 08/29, güvenlik kodu 417, Şükrü Ağaoğlu, İzmir", "cp1254",
     "cp1254"),
    ("currency and quotes", "Amount £12.50 «card» {pan} — “paid” … ±3 °C, ¥400, €7 ×2", "cp1252", "cp1252"),
]


@pytest.mark.parametrize(("name", "line", "codec", "expected"), _WESTERN, ids=[c[0] for c in _WESTERN])
def test_latin_script_files_keep_their_reading(name: str, line: str, codec: str, expected: str) -> None:
    data = _log([line] * 3, _test_pan()).encode(codec)
    assert legacy_script(data) is None, name
    assert sniff_encoding(data) == expected, name


def test_random_high_bytes_are_no_script() -> None:
    rng = random.Random(54)
    for _ in range(50):
        noise = bytes(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x100))) for _ in range(600))
        assert legacy_script(noise) is None


def test_a_mail_declaring_its_charsets_is_left_to_its_decoder() -> None:
    mail = "Content-Type: text/plain; charset=koi8-r\n\n" + _log(_RUSSIAN, _test_pan())
    assert legacy_script(mail.encode("koi8-r")) is None
