import codecs
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import luhn_valid
from scanners.detectors.pan import PanDetector
from scanners.engine import textio
from scanners.engine.pipeline import _Locator
from scanners.engine.sniff import sniff_encoding
from scanners.engine.textio import TextReader, column_at, count_breaks
from scanners.errors import BinaryContentError


def records(data: bytes, chunk: int = 1200, context: int = 100) -> tuple[TextReader, list]:
    reader = TextReader(
        io.BytesIO(data), source="file", location={"path": "x"}, chunk_chars=chunk, context=context
    )
    return reader, list(reader.records())


def own_hits(recs: list) -> list[tuple[int, str]]:
    """(line, digits) of every PAN, counted once per record's own range."""
    out = []
    for r in recs:
        for s in PanDetector().find(r.text):
            if s.start < r.report_from or (r.report_until is not None and s.start >= r.report_until):
                continue
            out.append((r.first_line + r.text.count("\n", 0, s.start), s.value))
    return out


def test_lines_and_bytes_counted() -> None:
    reader, recs = records(b"a\nb\nc")
    assert len(recs) == 1 and reader.lines == 3 and reader.bytes_read == 5


@pytest.mark.parametrize("at", range(1150, 1260, 7))
def test_pan_across_a_cut_in_a_huge_line_is_found_once(at: int) -> None:
    text = "x" * at + " 4111 1111 1111 1111 " + "y" * 3000
    _, recs = records(text.encode())
    assert len(recs) > 1
    assert own_hits(recs) == [(1, "4111111111111111")]


def test_line_numbers_survive_chunking() -> None:
    lines = [f"line {i} " + ("4111111111111111" if i in (3, 40, 77) else "nothing") for i in range(1, 101)]
    _, recs = records("\n".join(lines).encode(), chunk=500, context=100)
    assert [line for line, _ in own_hits(recs)] == [3, 40, 77]


def test_memory_is_bounded_for_a_huge_single_line() -> None:
    reader = TextReader(io.BytesIO(b"z" * 3_000_000), source="file", location={}, chunk_chars=1 << 16)
    assert max(len(r.text) for r in reader.records()) <= (1 << 16) + 2 * 256


@pytest.mark.parametrize("data", [b"\x00\x01\x02abc" * 100, bytes(range(32)) * 50])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryContentError, match="binary content"):
        records(data)


def test_utf16_with_bom_is_text() -> None:
    data = codecs.BOM_UTF16_LE + "card 4111111111111111\n".encode("utf-16-le")
    _, recs = records(data)
    assert own_hits(recs) == [(1, "4111111111111111")]


def test_invalid_utf8_is_counted_not_fatal() -> None:
    head = "café ok\n".encode() + b"x" * 9000 + b"\n"  # UTF-8 by its head, then a stray Latin-1 byte
    reader, recs = records(head + b"caf\xe9 4111111111111111\n", chunk=20000, context=1000)
    assert reader.encoding == "utf-8"
    assert reader.decode_errors == 1 and own_hits(recs) == [(3, "4111111111111111")]


def test_a_character_cut_off_by_the_end_of_the_stream_is_a_decode_error() -> None:
    reader, recs = records("café ok\ncard 4111111111111111 ".encode() + "é".encode()[:1])
    assert reader.encoding == "utf-8"
    assert reader.decode_errors == 1 and own_hits(recs) == [(2, "4111111111111111")]


def test_context_must_fit_in_chunk() -> None:
    with pytest.raises(ValueError, match="chunk_chars"):
        TextReader(io.BytesIO(b""), source="f", location={}, chunk_chars=100, context=100)


_CARD_LINE = "caller: José Müller – card 4111 1111 1111 1111 – merci\n"


@pytest.mark.parametrize(
    ("codec", "data", "encoding"),
    [
        ("utf-8", _CARD_LINE.encode("utf-8"), "utf-8"),
        ("utf-16-le no BOM", _CARD_LINE.encode("utf-16-le"), "utf-16-le"),
        ("utf-16-be no BOM", _CARD_LINE.encode("utf-16-be"), "utf-16-be"),
        ("utf-16 BOM", _CARD_LINE.encode("utf-16"), "utf-16"),
        ("windows-1252", _CARD_LINE.encode("cp1252"), "cp1252"),
        ("latin-1", _CARD_LINE.replace("–", "-").encode("latin-1") + b"\x81\n", "latin-1"),
        ("utf-32 BOM", _CARD_LINE.encode("utf-32"), "utf-32"),
        ("utf-32-le no BOM", _CARD_LINE.encode("utf-32-le"), "utf-32-le"),
        ("utf-32-be no BOM", _CARD_LINE.encode("utf-32-be"), "utf-32-be"),
        ("EBCDIC (code page 037)", _CARD_LINE.replace("–", "-").encode("cp037"), "cp037"),
        ("EBCDIC written as code page 500", _CARD_LINE.replace("–", "-").encode("cp500"), "cp037"),
    ],
)
def test_text_in_each_encoding_is_read_whole_and_named(codec: str, data: bytes, encoding: str) -> None:
    reader, recs = records(data * 3)
    assert reader.encoding == encoding, codec
    assert reader.decode_errors == 0
    assert [v for _, v in own_hits(recs)] == ["4111111111111111"] * 3
    assert "José Müller" in recs[0].text


def test_ebcdic_records_end_at_their_nl_bytes() -> None:
    lines = ["HEADER BATCH 0001", "CARD 4111 1111 1111 1111 AMOUNT 12.50", "TRAILER"]
    reader, recs = records("\x85".join(lines).encode("cp037") + b"\x15")  # NL (0x15) ends each record
    assert reader.encoding == "cp037"
    assert own_hits(recs) == [(2, "4111111111111111")]
    assert reader.lines == 3


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03" * 64, bytes(range(256)) * 8, b"PK\x03\x04\x00\x00" + b"\x00" * 60]
)
def test_binary_is_still_refused(data: bytes) -> None:
    with pytest.raises(BinaryContentError):
        records(data)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("a\nb\nc", 0, None, 2),
        ("a\r\nb\rc\n", 0, None, 3),  # CRLF, a lone CR and LF each once
        ("a\r\nb", 0, 2, 1),  # a CR whose LF lies past the end counts as a break of its own
        ("a\r\nb", 2, None, 1),
        ("no breaks", 0, None, 0),
        ("\r\r\n\n", 1, 3, 1),
    ],
)
def test_count_breaks(text: str, start: int, end: int | None, expected: int) -> None:
    assert count_breaks(text, start, end) == expected


_PIECES = ["a", " ", "\t", "\n", "\r", "\r\n", "é", "\U0001f389", "x" * 40, "4111 1111 1111 1111"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=120), context=st.sampled_from([1, 4, 16]),
       extra=st.integers(1, 90), block=st.sampled_from([1, 3, 64, 1 << 18]), mark=st.sampled_from([1, 5, 8192]),
       lf_only=st.booleans())
def test_records_tile_the_text_with_their_lines_and_columns(pieces: list[str], context: int, extra: int,
                                                            block: int, mark: int, lf_only: bool) -> None:
    """Whatever the block size: the records' own ranges tile the decoded text in order; each record is that range
    with at most ``context`` characters either side; its first line and column are those of its first character;
    each of its line marks gives the line of the character it marks, and the pipeline places every character of it
    on the line and column it would find counting from the record's first character."""
    text = "".join(p for p in pieces if not lf_only or "\r" not in p)  # lf_only: a text with line marks
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textio, "BLOCK", block)
        patch.setattr(textio, "MARK_EVERY", mark)
        reader = TextReader(io.BytesIO(text.encode()), source="f", location={}, chunk_chars=4 * context + extra,
                            context=context, first_line=5)
        recs = list(reader.records())
    at, own = 0, []
    for r in recs:
        end = len(r.text) if r.report_until is None else r.report_until
        start = at - r.report_from  # where r.text[0] sits in the text
        assert r.report_from <= context and len(r.text) - end <= context
        assert text[start : start + len(r.text)] == r.text
        split_crlf = text[start - 1 : start + 1] == "\r\n"  # a context starting on the \n of a \r\n: the \r's line
        assert r.first_line == 5 + count_breaks(text, 0, start) - split_crlf
        assert r.first_column == column_at(text, start)
        assert all(5 + count_breaks(text, 0, start + k) - (text[start + k - 1 : start + k + 1] == "\r\n") == line
                   for k, line in r.line_marks)
        assert not r.line_marks or "\r" not in r.text  # a mark could fall inside a \r\n
        marked, counted = _Locator(r), _Locator(replace(r, line_marks=()))
        assert all(marked(k) == counted(k) for k in range(len(r.text)))
        own.append(r.text[r.report_from : end])
        at += end - r.report_from
    assert "".join(own) == text and (recs[-1].report_until is None if recs else text == "")
    assert reader.lines == count_breaks(text) + (0 if text.endswith(("\n", "\r")) or not text else 1)


_CJK_LINES = [  # (codec, a log line in that language; the encoding sniff_encoding names)
    ("gb18030", "卡号: {pan}, 有效期 08/29, 安全码 417, 地址: 北京市朝阳区\n", "gb18030"),
    ("gbk", "卡号: {pan}, 有效期 08/29, 安全码 417, 地址: 北京市朝阳区\n", "gb18030"),
    ("euc_kr", "카드번호: {pan}, 유효기간 08/29, 보안코드 417, 주소: 서울특별시\n", "euc_kr"),
    # full-width digits and CJK punctuation (every CJK language writes them), more than the Hangul: still Korean
    ("euc_kr-fw", "카드번호：{pan}, 유효기간：２０３２년 １０월, 보안코드：４１７\n", "euc_kr"),
    ("euc_jp", "カード番号: {pan}, 有効期限 08/29, セキュリティコード 417\n", "euc_jp"),
    ("shift_jis", "カード番号: {pan}, 有効期限 08/29, セキュリティコード 417\n", "shift_jis"),
    ("big5", "卡號: {pan}, 有效期限 08/29, 安全碼 417, 地址: 台北市中正區\n", "big5"),
]


def _test_pan() -> str:
    body = "453914880300000"
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@pytest.mark.parametrize(("codec", "line", "encoding"), _CJK_LINES, ids=[c[0] for c in _CJK_LINES])
def test_legacy_cjk_files_are_read_in_their_code_page(codec: str, line: str, encoding: str) -> None:
    text = line.format(pan=_test_pan())
    reader, recs = records(("2026-01-02 INFO " + text).encode(codec.removesuffix("-fw")) * 3)
    assert reader.encoding == encoding
    assert reader.decode_errors == 0
    assert text.split(",")[1] in recs[0].text  # the keyword and its value, as written


_KANJI_LOG = [  # a Japanese log in kanji terms with little kana, and Chinese text the same rule must not take
    ("shift_jis", "[2024/03/02] 出荷完了 受注番号=181573 追跡番号=815216556094 郵便番号=678-4460\n", "shift_jis"),
    ("gb18030", "[2024/03/02] 发货完成 订单号=181573 运单号=815216556094 邮政编码=678446\n", "gb18030"),
    ("big5", "[2024/03/02] 出貨完成 訂單號=181573 追蹤號=815216556094 郵遞區號=678\n", "big5"),
]


@pytest.mark.parametrize(("codec", "line", "encoding"), _KANJI_LOG, ids=[c[0] for c in _KANJI_LOG])
def test_kanji_logs_are_read_in_their_code_page(codec: str, line: str, encoding: str) -> None:
    head = "[2024/03/02] カード番号 確認\n" if codec == "shift_jis" else ""  # one line of kana among forty
    assert sniff_encoding((head + line * 40).encode(codec)) == encoding


_FULL_WIDTH = "カード番号: １２３４ ５６７８, 有効期限 ０８／２９\n"


def test_full_width_digits_in_shift_jis_are_read_as_such() -> None:
    reader, recs = records(_FULL_WIDTH.encode("shift_jis") * 3)
    assert reader.encoding == "shift_jis" and "１２３４ ５６７８" in recs[0].text


@pytest.mark.parametrize(
    ("codec", "text"),
    [  # single-byte text with accents: some of it decodes strictly as Big5 or GBK, as isolated or paired ideographs
        ("cp1252", "téléphone: +33 1 23 45 67 89, numéro de carte expiré, échéance 08/29\n"),
        ("latin-1", "gültig bis 08/29, Prüfnummer 417, Straße\n"),
        ("iso-8859-2", "numer karty, data ważności 08/29, kod bezpieczeństwa 417\n"),
        ("cp1254", "kart numarası, son kullanma tarihi 08/29, güvenlik kodu 417\n"),
        ("cp1251", "номер карты, срок действия 08/29, код 417\n"),
        # a mail declaring its parts' charsets: left to the decoder that reads each part in its own
        ("euc_kr", "Content-Type: text/plain; charset=euc-kr\n\n카드번호: 유효기간 08/29 보안코드\n"),
    ],
)
def test_single_byte_text_is_not_read_as_cjk(codec: str, text: str) -> None:
    assert sniff_encoding((text * 20).encode(codec)) in ("cp1252", "latin-1", "iso-8859-2", "cp1254", "cp1251")


def _comp3(n: int) -> bytes:
    """A packed-decimal (COMP-3) field of 9 digits and its sign: NULs and control bytes among the text fields."""
    digits = f"{n:09d}C"
    return bytes(int(digits[i : i + 2], 16) for i in range(0, len(digits), 2))


def _card_master(pans: list[str]) -> bytes:
    """A mainframe card master sent in binary: 120-byte cp037 records without line ends, an account number glued
    to the PAN field, YYMM, a name, a packed amount."""
    recs = [(f"D{k:012d}{pan:<19}2703{'JANE SMITH':<26}").encode("cp037") + _comp3(k * 100)
            + f"USD20260302{'':40}".encode("cp037") for k, pan in enumerate(pans)]
    return b"".join(r.ljust(120, b"\x40") for r in recs)


def test_ebcdic_fixed_length_records_without_line_ends_are_read_one_a_line() -> None:
    pans = [_test_pan()] * 6
    data = _card_master(pans)
    assert b"\x00" in data and b"\x15" not in data
    reader, recs = records(data)
    assert reader.encoding == "cp037" and reader.lines == 6 and reader.bytes_read == len(data)
    assert reader.note is not None and "120 bytes" in reader.note
    assert [line[:13] for r in recs for line in r.text.split("\n")] == [f"D{k:012d}" for k in range(6)]
    assert recs[0].run_offsets == tuple(range(0, 720, 120))
    assert recs[0].run_lines == tuple((k, 1, 1) for k in range(1, 7))
    assert [s.value for r in recs for s in PanDetector().find(r.text)] == []  # glued to the account: record_pan's


def test_ebcdic_records_ended_by_nl_stay_lines() -> None:
    lines = [f"DTL{k:06d} CARD:{_test_pan()} EXP:0327".ljust(100) for k in range(20)]
    reader, recs = records("".join(line + "\x85" for line in lines).encode("cp037"), chunk=20000, context=100)
    assert reader.encoding == "cp037" and reader.note is None and reader.lines == 20
    assert own_hits(recs) == [(k + 1, _test_pan()) for k in range(20)]


def _sniffed(blob: bytes) -> str:
    try:
        return sniff_encoding(blob)
    except BinaryContentError:
        return "binary"


def test_random_and_compressed_bytes_are_not_ebcdic() -> None:
    import random
    import zlib

    rng = random.Random(7)
    blobs = [rng.randbytes(8192) for _ in range(50)]
    assert {_sniffed(blob) for blob in blobs} == {"binary"}
    # without NULs the control-byte share decides (random bytes sit near its bound): never EBCDIC
    assert "cp037" not in {_sniffed(bytes(b for b in blob if b)) for blob in blobs}
    assert _sniffed(zlib.compress(_card_master([_test_pan()] * 200), 9)) != "cp037"


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_western_text_is_not_ebcdic(codec: str) -> None:
    text = "Réf. commande: 12/03 — Müller, Ærøskøbing; façade à Zürich. " * 40
    assert sniff_encoding(text.encode(codec, "replace")) in ("cp1252", "latin-1")


def test_a_card_master_scan_finds_each_pan_and_expiry_at_its_byte_offset(tmp_path: Path) -> None:
    from tests.unit.format_contract import scan_bytes

    bodies = [f"45391488030{k}000" for k in range(3)] + [f"34182736450{k}91" for k in range(3)]
    pans = [next(body + c for c in "0123456789" if luhn_valid(body + c)) for body in bodies]  # Visa 16, Amex 15
    out = scan_bytes(tmp_path, _card_master(pans), "CARDMAST.DAT")
    found = sorted((f["type"], f["location"]["offset"], f["location"]["line"]) for f in out["findings"])
    assert found == sorted([("pan", 120 * k + 13, k + 1) for k in range(6)] + [("expiry", 120 * k + 32, k + 1)
                                                                           for k in range(6)])
