"""MimeCharsetDecoder: an 8-bit mail part is read in the charset its ``Content-Type`` declares, so a keyword in
Japanese, Chinese, Korean or Cyrillic names its value even when the message as a whole was read as Windows-1252 or
Latin-1 (its parts mix charsets). Lines outside such a part, or that the file reading already gave right, stay as
they are. Both back ends agree."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.mime_charset import MimeCharsetDecoder, _headers
from scanners.engine.core import Engine
from scanners.engine.sniff import sniff_encoding

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


def _pan(prefix: str, length: int) -> str:
    body = prefix + "0" * (length - len(prefix) - 1)
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


PAN = _pan("4539148803", 16)


def _mail(body: str, charset: str, *, declared: str | None = None, extra: str = "") -> str:
    """A two-part message: an 8-bit ``text/plain`` part in ``charset`` (declared as ``declared``), then ``extra``,
    as the file reader turns its bytes into text (Windows-1252 or Latin-1 when they are no UTF-8)."""
    head = (
        'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
        f"Content-Type: text/plain; charset={declared or charset}\nContent-Transfer-Encoding: 8bit\n\n"
    ).encode("ascii")
    raw = head + body.encode(charset) + b"\n\n--b1\n" + extra.encode("ascii") + b"--b1--\n"
    return raw.decode(sniff_encoding(raw))


# (id, message, expected (type, value) besides the PAN, layer)
CASES = [
    ("shift_jis", _mail(f"お客様のカード番号 {PAN} 有効期限 01/29", "shift_jis", declared="Shift_JIS"),
     {("expiry", "01/29")}, "shift_jis"),
    ("euc-jp", _mail(f"カード番号 {PAN} 有効期限 03/28", "euc_jp", declared="EUC-JP"), {("expiry", "03/28")}, "euc_jp"),
    ("iso-2022-jp-quoted", _mail(f"カード番号 {PAN} 有効期限 11/27", "iso2022_jp", declared='"ISO-2022-JP"'),
     {("expiry", "11/27")}, None),  # 7-bit: the line reads as ASCII, left to the plain scan (no non-ASCII char)
    ("gb2312", _mail(f"卡号 {PAN} 有效期 09/27", "gb2312"), {("expiry", "09/27")}, "gb2312"),
    ("big5", _mail(f"卡號 {PAN} 有效期限 08/29", "big5"), {("expiry", "08/29")}, "big5"),
    ("euc-kr", _mail(f"카드번호 {PAN} 유효기간 12/27", "euc_kr", declared="EUC-KR"), {("expiry", "12/27")}, "euc_kr"),
    ("koi8-r", _mail(f"Карта {PAN} срок действия 05/28", "koi8_r", declared="KOI8-R"), {("expiry", "05/28")},
     "koi8-r"),
    ("windows-1251", _mail(f"Карта {PAN} срок действия 06/28", "cp1251", declared="windows-1251"),
     {("expiry", "06/28")}, "cp1251"),
]


@pytest.mark.parametrize(("text", "expected", "layer"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
@pytest.mark.parametrize("engine", ENGINES, ids=("hyperscan", "re"))
def test_part_read_in_its_declared_charset(engine: Engine, text: str, expected: set[tuple[str, str]],
                                          layer: str | None) -> None:
    found = [s for s in engine.scan_text(text) if s.type != "pan"]
    if layer is None:  # a 7-bit charset escapes its text in ASCII: nothing for this decoder to read
        assert not any(s.encoding for s in found)
        return
    assert {(s.type, s.value) for s in found} >= expected
    assert all(s.encoding == (layer,) for s in found if (s.type, s.value) in expected)


D = MimeCharsetDecoder()


# Lines this decoder must leave alone.
NEGATIVES = [
    # the file read as UTF-8 already: its Japanese text is what the part says
    ("utf8-file", "Content-Type: text/plain; charset=Shift_JIS\n\n有効期限 01/29 番号 123\n"),
    # no declared charset, or one the file reading already gives
    ("no-header", "有効期限 01/29 番号 123\n".encode("shift_jis").decode("latin-1")),
    ("latin1-declared", "Content-Type: text/plain; charset=iso-8859-1\n\nG\xfcltig bis 01/29\n"),
    # the line lies in the next part, whose header declares no charset
    ("next-part", "Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain; charset=koi8-r\n\n"
     "hello\n--zz\nContent-Type: application/octet-stream\n\n\xe9\xe8 123 456\n--zz--\n"),
    # still in the headers: no blank line after the Content-Type yet
    ("in-headers", "Content-Type: text/plain; charset=koi8-r\nX-Note: \xe9\xe8 123 456\n\nbody\n"),
    # a codec that is no text encoding, an unknown one, a line with fewer than three digits
    ("rot13", "Content-Type: text/plain; charset=rot13\n\n\xe9\xe8 123 456\n"),
    ("unknown", "Content-Type: text/plain; charset=x-unknown-9\n\n\xe9\xe8 123 456\n"),
    ("few-digits", "Content-Type: text/plain; charset=koi8-r\n\n\xe9\xe8 12\n"),
    # bytes the declared charset does not hold
    ("bad-bytes", "Content-Type: text/plain; charset=utf-8\n\n\xff\xfe 123 456\n"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=n) for n, t in NEGATIVES])
def test_lines_left_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []


def test_a_value_is_reported_on_its_own_line() -> None:
    text = _mail(f"ご注文ありがとうございます\nカード番号 {PAN}\n有効期限 07/29\n", "shift_jis")
    (expiry,) = [s for s in ENGINES[1].scan_text(text) if s.type == "expiry"]
    assert text[expiry.start : expiry.end].endswith("07/29") and text.count("\n", 0, expiry.start) == 9


@pytest.mark.parametrize("header", ["Content-Type", "content-type", "CONTENT-TYPE", "content-Type"])
def test_the_header_is_read_in_the_cases_mail_writes_it(header: str) -> None:
    """The plain searches that spare a chunk with no header must let every usual spelling through."""
    text = _mail(f"カード番号 {PAN} 有効期限 04/29", "shift_jis").replace("Content-Type", header)
    text = text.replace("Content-Transfer", header[:8] + "Transfer")  # no other header spelled the usual way
    assert {(s.type, s.encoding) for s in ENGINES[1].scan_text(text)} >= {("expiry", ("shift_jis",))}


@pytest.mark.parametrize(("text", "starts"), [
    ("Content-Type: text/plain; charset=koi8-r\n", [0]),
    ("x\ncontent-type: text/html\nCONTENT-TYPE: text/plain\n", [2, 26]),
    ("x\r\ncONTENT-TYPE: text/plain\n", [3]),
    ('{"Content-Type": "text/plain"}\n x Content-Type: text/plain\n', []),  # not line-initial
    ("Content-Type: image/png\nContent-Disposition: inline\n", []),  # no text/* part
    ("\nContent-type: text/plain\n\nContent-Length: 4\n", [1]),
])  # fmt: skip
def test_headers_are_line_initial_text_parts(text: str, starts: list[int]) -> None:
    assert [m.start() for m in _headers(text)] == starts
