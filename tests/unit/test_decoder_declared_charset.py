"""Base64 and quoted-printable mail bodies are read in the charset their part declares: the bytes a transfer
encoding carries are text in that charset (EUC-KR, GB2312, Windows-1256, ISO-8859-9...), not UTF-8, so the card
number in a base64 body is found and a keyword in it names its CVV or expiry. Bytes that are no text in the declared
charset, or a body outside any declared part, are read as before. Both back ends agree."""

from __future__ import annotations

import base64
import quopri

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.mime_charset import DeclaredCharsets
from scanners.engine.core import Engine

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


def _pan(prefix: str, length: int) -> str:
    body = prefix + "0" * (length - len(prefix) - 1)
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


PAN = _pan("5425233430", 16)


def _mail(body: str, charset: str, cte: str) -> str:
    """A one-part message whose ``text/plain`` body, in ``charset``, is written base64 (76-character lines) or
    quoted-printable, as mail archives hold it (ASCII: the file reads as UTF-8)."""
    raw = body.encode(charset)
    if cte == "base64":
        b64 = base64.b64encode(raw).decode("ascii")
        encoded = "\r\n".join(b64[i : i + 76] for i in range(0, len(b64), 76))
    else:
        encoded = quopri.encodestring(raw.replace(b"\r\n", b"\n")).decode("ascii").replace("\n", "\r\n")
    return (
        f'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: {cte}\r\n\r\n{encoded}\r\n"
    )


# (id, body, charset, transfer encoding, expected (type, value) besides the PAN)
CASES = [
    ("euc-kr base64", f"안녕하세요,\r\n\r\n카드번호: {PAN}, 보안코드 417\r\n유효기간 08/29\r\n", "euc-kr", "base64",
     {("cvv", "417"), ("expiry", "08/29")}),
    ("gb2312 base64", f"您好，\r\n\r\n卡号: {PAN}, 安全码 417, 有效期 08/29\r\n", "gb2312", "base64",
     {("cvv", "417"), ("expiry", "08/29")}),
    ("windows-1256 base64", f"مرحبا\r\n\r\nرقم البطاقة: {PAN}\r\nرمز الأمان 417\r\n", "windows-1256", "base64",
     {("cvv", "417")}),
    ("windows-1256 quoted-printable", f"رقم البطاقة: {PAN}\r\nرمز الأمان 417\r\n", "windows-1256",
     "quoted-printable", {("cvv", "417")}),
    ("iso-8859-9 quoted-printable", f"Kart numarası: {PAN}\r\nSon kullanma tarihi 08/29\r\n", "iso-8859-9",
     "quoted-printable", {("expiry", "08/29")}),
    ("iso-8859-2 quoted-printable", f"numer karty: {PAN}, data ważności 08/29\r\n", "iso-8859-2", "quoted-printable",
     {("expiry", "08/29")}),
    ("euc-kr quoted-printable", f"카드번호: {PAN}, 유효기간 08/29, 보안코드 417\r\n", "euc-kr", "quoted-printable",
     {("expiry", "08/29"), ("cvv", "417")}),
    ("gb2312 quoted-printable", f"卡号: {PAN}, 有效期 08/29, 安全码 417\r\n", "gb2312", "quoted-printable",
     {("expiry", "08/29"), ("cvv", "417")}),
    # a 7-bit charset: its escape sequences shift to JIS X 0208 and back, the keyword is ASCII bytes
    ("iso-2022-jp base64", f"カード番号: {PAN}, 有効期限 08 / 29, セキュリティコード 417\r\n", "iso-2022-jp", "base64",
     {("expiry", "08/29"), ("cvv", "417")}),
    ("iso-2022-jp quoted-printable", f"カード番号: {PAN}, 有効期限 08/29\r\n", "iso-2022-jp", "quoted-printable",
     {("expiry", "08/29")}),
]


@pytest.mark.parametrize(("body", "charset", "cte", "expected"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
@pytest.mark.parametrize("engine", ENGINES, ids=("hyperscan", "re"))
def test_body_read_in_its_declared_charset(engine: Engine, body: str, charset: str, cte: str,
                                           expected: set[tuple[str, str]]) -> None:
    found = {(s.type, s.value) for s in engine.scan_text(_mail(body, charset, cte))}
    assert ("pan", PAN) in found
    assert found >= expected


def test_the_layer_names_the_charset() -> None:
    text = _mail(f"카드번호: {PAN}\r\n", "euc-kr", "base64")
    (pan,) = [s for s in ENGINES[1].scan_text(text) if s.type == "pan"]
    assert pan.encoding == ("base64", "euc_kr")


# Bodies read as before: no declared part around them, or bytes that are no text in the declared charset.
NEGATIVES = [
    ("no header", base64.b64encode(f"카드번호: {PAN}\r\n".encode("euc-kr")).decode("ascii")),
    ("bytes not euc-kr", 'Content-Type: text/plain; charset="euc-kr"\r\n\r\n'
     + base64.b64encode(b"\xff\xfe\xfd " + PAN.encode("ascii") + b" \xff\xff").decode("ascii")),
    ("header after the body", base64.b64encode(f"카드번호: {PAN}\r\n".encode("euc-kr")).decode("ascii")
     + '\r\n\r\nContent-Type: text/plain; charset="euc-kr"\r\n\r\nhello\r\n'),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=n) for n, t in NEGATIVES])
def test_bodies_left_as_they_were(text: str) -> None:
    assert [d for d in Base64Decoder().decode(text, 0, len(text)) if d.encoding != ("base64",)] == []


def test_codec_at_follows_the_parts() -> None:
    text = ('Content-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=euc-kr\r\n'
            "\r\nAAAA\r\n--zz\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nBBBB\r\n--zz--\r\n")
    declared = DeclaredCharsets()
    assert declared.codec_at(text, text.index("AAAA")) == "euc_kr"
    assert declared.codec_at(text, text.index("BBBB")) == "gb2312"
    assert declared.codec_at(text, text.index("--zz--") + 3) is None
    assert declared.codec_at(text, 3) is None


# Lines the quoted-printable decoder leaves alone: logfmt values in hex, a single escape, no digit after.
QP_NEGATIVES = [
    "colour=FFAA00 count=12",
    "ratio=E3 1",
    "caf=E9 ouvert",
    "=C0=AF=C8=BF only words here",
]


@pytest.mark.parametrize("text", QP_NEGATIVES)
def test_qp_lines_left_alone(text: str) -> None:
    from scanners.decoders.quoted_printable import QuotedPrintableDecoder

    assert list(QuotedPrintableDecoder().decode(text, 0, len(text))) == []
