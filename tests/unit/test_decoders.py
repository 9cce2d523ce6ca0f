"""Decoder tables: encoded input -> segments (offsets, layers, digits found), negatives, limits, triggers."""

from __future__ import annotations

import base64
import gzip
import json
import quopri
import random
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders import default_decoders
from scanners.decoders._common import BoundedDecoder, inflate
from scanners.decoders.adf_paragraphs import AdfParagraphsDecoder
from scanners.decoders.ansi_escapes import AnsiEscapesDecoder
from scanners.decoders.asciicast import AsciicastDecoder
from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.binlog_rows import BinlogRowsDecoder
from scanners.decoders.box_tables import BoxTablesDecoder
from scanners.decoders.byte_array import ByteArrayDecoder
from scanners.decoders.cef import CefDecoder
from scanners.decoders.cfn_params import CfnParamsDecoder
from scanners.decoders.char_arrays import CharArraysDecoder
from scanners.decoders.code_bytes import CodeBytesDecoder
from scanners.decoders.column_objects import ColumnObjectsDecoder
from scanners.decoders.concat_literals import ConcatLiteralsDecoder
from scanners.decoders.content_lines import ContentLinesDecoder
from scanners.decoders.corrections import CorrectionsDecoder
from scanners.decoders.dashed_tables import DashedTablesDecoder
from scanners.decoders.decimal_bytes import DecimalBytesDecoder
from scanners.decoders.digit_underscores import DigitUnderscoresDecoder
from scanners.decoders.dom_text_nodes import DomTextNodesDecoder
from scanners.decoders.dtmf_digits import DtmfDigitsDecoder
from scanners.decoders.dtmf_tones import DIGIT_TONES, DtmfTonesDecoder
from scanners.decoders.dynamodb_json import DynamodbJsonDecoder
from scanners.decoders.ebcdic_hex import EbcdicHexDecoder
from scanners.decoders.emphasis_groups import EmphasisGroupsDecoder
from scanners.decoders.emv_qr import EmvQrDecoder
from scanners.decoders.emv_tlv import EmvTlvDecoder
from scanners.decoders.escaped_groups import EscapedGroupsDecoder
from scanners.decoders.form_messages import FormMessagesDecoder
from scanners.decoders.gdb_bytes import GdbBytesDecoder
from scanners.decoders.hard_wrap import HardWrapDecoder
from scanners.decoders.hesitations import HesitationsDecoder
from scanners.decoders.hex import HexDecoder
from scanners.decoders.hexdump import HexDumpDecoder
from scanners.decoders.html_entity import HtmlEntityDecoder
from scanners.decoders.inline_tags import InlineTagsDecoder
from scanners.decoders.json_escape import JsonEscapeDecoder
from scanners.decoders.k8s_secret import K8sSecretDecoder
from scanners.decoders.latex_ties import LatexTiesDecoder
from scanners.decoders.logprob_tokens import LogprobTokensDecoder
from scanners.decoders.mime_charset import MimeCharsetDecoder
from scanners.decoders.mime_words import MimeWordsDecoder
from scanners.decoders.name_value import NameValueDecoder
from scanners.decoders.nginx_escapes import NginxEscapesDecoder
from scanners.decoders.notebook_tables import NotebookTablesDecoder
from scanners.decoders.object_dump import ObjectDumpDecoder
from scanners.decoders.ocr_letters import OcrLettersDecoder
from scanners.decoders.octal import OctalDecoder
from scanners.decoders.od_chars import OdCharsDecoder
from scanners.decoders.part_keys import PartKeysDecoder
from scanners.decoders.partial_lines import PartialLinesDecoder
from scanners.decoders.percent import PercentDecoder
from scanners.decoders.php_serialized import PhpSerializedDecoder
from scanners.decoders.pickle_text import PickleTextDecoder
from scanners.decoders.plist import PlistDecoder
from scanners.decoders.quoted_printable import QuotedPrintableDecoder
from scanners.decoders.redis_replies import RedisRepliesDecoder
from scanners.decoders.resp_commands import RespCommandsDecoder
from scanners.decoders.revai_elements import RevaiElementsDecoder
from scanners.decoders.rich_text_runs import RichTextRunsDecoder
from scanners.decoders.schema_examples import SchemaExamplesDecoder
from scanners.decoders.short_card_rows import ShortCardRowsDecoder
from scanners.decoders.sql_binds import SqlBindsDecoder
from scanners.decoders.sql_params import SqlParamsDecoder
from scanners.decoders.sql_rows import SqlRowsDecoder
from scanners.decoders.stream_deltas import StreamDeltasDecoder
from scanners.decoders.stream_events import StreamEventsDecoder
from scanners.decoders.stream_units import StreamUnitsDecoder
from scanners.decoders.stt_words import SttWordsDecoder
from scanners.decoders.subtitle_cues import SubtitleCuesDecoder
from scanners.decoders.table_parts import TablePartsDecoder
from scanners.decoders.trace_ascii import TraceAsciiDecoder
from scanners.decoders.transcribe_items import TranscribeItemsDecoder
from scanners.decoders.unicode_digits import _FOLDABLE, UnicodeDigitsDecoder, _fold_table
from scanners.decoders.wal2json_arrays import Wal2jsonArraysDecoder
from scanners.decoders.word_runs import WordRunsDecoder
from scanners.decoders.wrapped_groups import WrappedGroupsDecoder
from scanners.detectors.base import Decoded, Decoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import OUTPUT, SEGMENT, collecting
from scanners.errors import ConfigError
from tests.unit.cardvalues import luhn_id

VISA = "4111111111111111"  # test PAN
MC = "5555555555554444"  # test PAN
AMEX = "378282246310005"  # test PAN
_RNG = random.Random(7)


def b64(data: str | bytes, *, urlsafe: bool = False, pad: bool = True) -> str:
    raw = data.encode() if isinstance(data, str) else data
    out = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return out if pad else out.rstrip("=")


def gz(data: str) -> bytes:
    return gzip.compress(data.encode(), mtime=0)


def digits_of(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdecimal())


def decode_all(decoder: Decoder, text: str) -> list[Decoded]:
    return list(decoder.decode(text, 0, len(text)))


# (decoder, line, [(encoded substring, layers, digits the decoded text must contain or None)])
Row = tuple[Decoder, str, list[tuple[str, tuple[str, ...], str | None]]]
B, P, J, H = Base64Decoder(), PercentDecoder(), JsonEscapeDecoder(), HtmlEntityDecoder()
X, Q, OC = HexDecoder(), QuotedPrintableDecoder(), OctalDecoder()
_HEX = f"card {VISA}".encode().hex()
_HEX_SPACED = " ".join(f"{b:02X}" for b in VISA.encode())
_HEX_ESC = "".join(f"\\x{b:02x}" for b in f"pan={MC}".encode())
_HEX_U16 = f"pan {AMEX}".encode("utf-16-le").hex()
# hex of a whole sentence: a grouped card number (spaces are 20, dashes 2d), its date and code, one of each layout
_GROUPED = {sep: sep.join(VISA[i : i + 4] for i in range(0, 16, 4)) for sep in " -"}
_HEX_SENTENCE = f"Card: {_GROUPED[' ']} Exp: 05/31 CVC: 557".encode().hex()
_HEX_SENTENCE_DASH = f"Kartennummer {_GROUPED['-']} g\u00fcltig bis 0531".encode().hex().upper()
_HEX_SENTENCE_SPACED = " ".join(f"{b:02x}" for b in f"pan {_GROUPED[' ']}".encode())
_HEX_SENTENCE_ESC = "".join(f"\\x{b:02x}" for b in f"card {_GROUPED['-']} ok".encode())
_HEX_SENTENCE_U16 = f"card {_GROUPED[' ']}".encode("utf-16-le").hex()
_HEX_JSON = ('{"pan": "' + MC + '", "cvc": "087"}').encode().hex()


def nsdata_words(raw: bytes) -> str:
    """The bytes as an iOS NSData description writes them: words of four bytes, the last shorter."""
    return " ".join(raw.hex()[i : i + 8] for i in range(0, 2 * len(raw), 8))


_NSDATA = nsdata_words(('{"pan": "' + VISA + '"}').encode())  # 26 bytes: six words and a half
_NSDATA_FRONT = nsdata_words(f"{MC} paid 12.50 EUR".encode()[:16])  # iOS 13: long data shown by its ends
_NSDATA_BACK = nsdata_words(f"{MC} paid 12.50 EUR".encode()[-8:])
_QP_SOFT = "Card: 4111 1111 11=\n11 1111 thanks"
_QP_CRLF = "Card number: 5555 5555 5555=\r\n 4444 ok"
_QP_SPOKEN = (
    "my card number is four one one one =\none one one one one one one one one one one one, expiry zero one =\n"
    "three two, code one two thr=\nee. Thanks =E2=80=93 bye.")
_TRUNC_GZ = b64(gz("".join(f"pan={VISA} order {i}\n" for i in range(300)))[:300])
_SHIFTED = b64(f"xx card {VISA} ok")
_JSON_MC = b64('{"pan":"' + MC + '"}')
_GZ_JSON = b64(gz('{"pan": "' + VISA + '"}'))
_JWT_HEAD = b64('{"alg":"HS256"}', urlsafe=True, pad=False)
_JWT_BODY = b64('{"pan":"' + VISA + '"}', urlsafe=True, pad=False)

POSITIVE: list[Row] = [
    (B, f"msg={b64(f'card {VISA}')} end", [(b64(f"card {VISA}"), ("base64",), VISA)]),
    (
        B,
        f"tok {b64(f'{VISA} paid 10€', urlsafe=True, pad=False)}",
        [(b64(f"{VISA} paid 10€", urlsafe=True, pad=False), ("base64",), VISA)],
    ),
    (B, '{"data":"' + _JSON_MC + '"}', [(_JSON_MC, ("base64",), MC)]),
    (B, f"body={_GZ_JSON};", [(_GZ_JSON, ("base64", "gzip"), VISA)]),
    (B, f"two {b64(gz('card ') + gz(AMEX))} members", [(b64(gz("card ") + gz(AMEX)), ("base64", "gzip"), AMEX)]),
    (B, f"trunc {_TRUNC_GZ}", [(_TRUNC_GZ, ("base64", "gzip"), VISA)]),
    (B, f"u16 {b64(f'pan {VISA}'.encode('utf-16'))}", [(b64(f"pan {VISA}".encode("utf-16")), ("base64",), VISA)]),
    (
        B,
        f"powershell -EncodedCommand {b64(f'echo {VISA}'.encode('utf-16-le'))}",
        [(b64(f"echo {VISA}".encode("utf-16-le")), ("base64",), VISA)],
    ),
    (B, f"cut {b64(f'card {VISA} tail')[:-3]}", [(b64(f"card {VISA} tail")[:-3], ("base64",), VISA)]),
    (B, f"/v1/tokens/{b64(VISA, urlsafe=True, pad=False)}", [(b64(VISA, urlsafe=True, pad=False), ("base64",), VISA)]),
    (B, f"{_SHIFTED[1:]} rest", [(_SHIFTED[4:], ("base64",), VISA)]),
    (B, f"Bearer {_JWT_HEAD}.{_JWT_BODY}.c2lnbmF0dXJl", [(_JWT_BODY, ("base64",), VISA)]),
    (
        P,
        "GET /pay?card=4917%206100%200000%200000%20003&x=1",
        [("?card=4917%206100%200000%200000%20003", ("percent",), "4917610000000000003")],
    ),
    (P, f"q=card%3D{VISA}&r=1", [(f"q=card%3D{VISA}", ("percent",), VISA)]),
    (
        P,
        "v=" + "".join(f"%{ord(c):02X}" for c in VISA),
        [("v=" + "".join(f"%{ord(c):02X}" for c in VISA), ("percent",), VISA)],
    ),
    (P, "card=4111+1111+1111+1111&b=2", [("card=4111+1111+1111+1111", ("percent",), VISA)]),
    (P, "x=4111%C2%A01111%C2%A01111%C2%A01111 ", [("x=4111%C2%A01111%C2%A01111%C2%A01111", ("percent",), VISA)]),
    (P, "x=4111%A01111%A01111%A01111", [("x=4111%A01111%A01111%A01111", ("percent",), VISA)]),
    (P, "x=4111%25201111%25201111%25201111", [("x=4111%25201111%25201111%25201111", ("percent",), None)]),
    # a body encoded twice (re-encoded on a retry): its first layer, whose ``%3D`` the next pass reads
    (P, f"retry body=card%255Bnumber%255D%253D{VISA}",
     [(f"body=card%255Bnumber%255D%253D{VISA}", ("percent",), None)]),
    # a JSON string's escaped break before the value: its letter is not part of the token
    (
        P,
        '"message": "Caller said:\\r\\n' + "".join(f"%{ord(c):02X}" for c in VISA) + '\\nexp"',
        [("".join(f"%{ord(c):02X}" for c in VISA), ("percent",), VISA)],
    ),
    (P, "a\\t%34%31%31%31 b", [("%34%31%31%31", ("percent",), "4111")]),
    (P, "an%34%31%31%31 b", [("an%34%31%31%31", ("percent",), "4111")]),  # no backslash: the token is whole
    (
        J,
        r'{"msg":"' + "".join(f"\\u{ord(c):04x}" for c in VISA) + '"}',
        [('"msg":"' + "".join(f"\\u{ord(c):04x}" for c in VISA), ("json_escape",), VISA)],  # with its key
    ),
    (
        J,
        r'{"msg":"card 4111\u00a01111\u00a01111\u00a01111","x":1}',
        [(r'"msg":"card 4111\u00a01111\u00a01111\u00a01111', ("json_escape",), VISA)],
    ),
    (J, r'"4111\u200b1111\u200b1111\u200b1111"', [(r"4111\u200b1111\u200b1111\u200b1111", ("json_escape",), VISA)]),
    (
        J,
        '"' + "".join(f"\\uff1{c}" for c in VISA) + '"',
        [("".join(f"\\uff1{c}" for c in VISA), ("json_escape",), VISA)],
    ),
    (J, r'{"d":"4111\/1111\/1111\/1111"}', [(r'"d":"4111\/1111\/1111\/1111', ("json_escape",), VISA)]),
    # a tab typed between the groups of a chat message, escaped in its JSON string (Slack's "text")
    (
        J,
        r'{"text":"card\t4111\t1111\t1111\t1111"}',
        [(r'"text":"card\t4111\t1111\t1111\t1111', ("json_escape",), VISA)],
    ),
    (
        J,
        r'{"m":"{\"card\":\"\u0034111111111111111\"}"}',
        [(r'"m":"{\"card\":\"\u0034111111111111111\"}', ("json_escape",), VISA)],
    ),
    (
        J,
        r'"\ud83d\udcb3 \u0034111111111111111 \ud800"',
        [(r"\ud83d\udcb3 \u0034111111111111111 \ud800", ("json_escape",), VISA)],
    ),
    (
        H,
        "<td>" + "".join(f"&#{ord(c)};" for c in VISA) + "</td>",
        [("".join(f"&#{ord(c)};" for c in VISA), ("html_entity",), VISA)],
    ),
    (
        H,
        "<b>" + "".join(f"&#x{ord(c):x};" for c in AMEX) + "</b>",
        [("".join(f"&#x{ord(c):x};" for c in AMEX), ("html_entity",), AMEX)],
    ),
    (H, "<p>4111&nbsp;1111&nbsp;1111&nbsp;1111</p>", [("4111&nbsp;1111&nbsp;1111&nbsp;1111", ("html_entity",), VISA)]),
    (
        H,
        f"<i>&quot;pan&quot;: &quot;{VISA}&quot;</i>",
        [(f"&quot;pan&quot;: &quot;{VISA}&quot;", ("html_entity",), VISA)],
    ),
    (H, "<i>&#52&#49&#49&#49 1111 1111 1111</i>", [("&#52&#49&#49&#49 1111 1111 1111", ("html_entity",), VISA)]),
    (
        H,
        "<i>&amp;#52;&amp;#49;&amp;#49;&amp;#49;</i>",
        [("&amp;#52;&amp;#49;&amp;#49;&amp;#49;", ("html_entity",), None)],
    ),
]

POSITIVE += [
    (
        P,
        "POST /v1/x type=card&card%5Bcvc%5D=314&card%5Bexp_month%5D=12 HTTP/1.1",
        [("type=card&card%5Bcvc%5D=314&card%5Bexp_month%5D=12", ("percent",), "314")],
    ),
    # encodeURI and Python's quote leave "/", ":" and "," alone: the value is one token with its key
    (P, "q=%7B%22exp%22:%2212/27%22,%22cvc%22:%22314%22%7D&x=1",
     [("q=%7B%22exp%22:%2212/27%22,%22cvc%22:%22314%22%7D", ("percent",), "1227314")]),
    (P, "GET /pay?note=exp%2012/27 HTTP/1.1", [("?note=exp%2012/27", ("percent",), "1227")]),
    # a date's separator with its spaces around it, in a browser's form body
    (P, "cvc=1&exp-date=06%20%2F%2032&x=1", [("&exp-date=06%20%2F%2032", ("percent",), "0632")]),
    (P, "cvc=1&exp-date=06+%2F+2032&x=1", [("&exp-date=06+%2F+2032", ("percent",), "062032")]),
    (P, "cvc=1&exp-date=06+-+32&x=1", [("&exp-date=06+-+32", ("percent",), "0632")]),
    (P, "cvc=1&exp-date=06%20-%2032&x=1", [("&exp-date=06%20-%2032", ("percent",), "0632")]),
    # encodeURIComponent and form encoders leave "*" alone: a masked card's asterisks stay in the message's segment
    (P, "stringValue: payment%20ok%20card%3D4242%20****%20****%204242%20exp%3D12%2F27 end",
     [("payment%20ok%20card%3D4242%20****%20****%204242%20exp%3D12%2F27", ("percent",), "424242421227")]),
    (X, f"payload={_HEX} len=21", [(_HEX, ("hex",), VISA)]),
    (X, f"dump: {_HEX_SPACED}", [(_HEX_SPACED, ("hex",), VISA)]),
    (X, f"dump: {_HEX_SPACED.replace(' ', ':')}", [(_HEX_SPACED.replace(" ", ":"), ("hex",), VISA)]),
    (X, f'print("{_HEX_ESC}")', [(_HEX_ESC, ("hex",), MC)]),
    (X, f"u16 {_HEX_U16}", [(_HEX_U16, ("hex",), AMEX)]),
    (X, f'"message": "{_HEX_SENTENCE}"', [(_HEX_SENTENCE, ("hex",), VISA + "0531557")]),
    (X, f"blob={_HEX_SENTENCE_DASH}", [(_HEX_SENTENCE_DASH, ("hex",), VISA + "0531")]),
    (X, f"dump: {_HEX_SENTENCE_SPACED}", [(_HEX_SENTENCE_SPACED, ("hex",), VISA)]),
    (X, f'print("{_HEX_SENTENCE_ESC}")', [(_HEX_SENTENCE_ESC, ("hex",), VISA)]),
    (X, f"u16 {_HEX_SENTENCE_U16}", [(_HEX_SENTENCE_U16, ("hex",), VISA)]),
    # hex of ASCII in a database dump's binary literal: MySQL's 0x (``_binary 0x``), a pg_dump COPY row's bytea
    # (``\\x``, its backslash escaped), psql's bytea output (``\x``), SQLite's X'...'
    (X, f"INSERT INTO `t` VALUES (1,0x{VISA.encode().hex()},'12/27');", [(VISA.encode().hex(), ("hex",), VISA)]),
    (X, f"(2,_binary 0x{_HEX},NULL)", [(_HEX, ("hex",), VISA)]),
    (X, f"7\t\\\\x{_HEX_JSON}\t\\N", [(_HEX_JSON, ("hex",), MC + "087")]),
    (X, f" id | \\x{_HEX_JSON}", [(_HEX_JSON, ("hex",), MC + "087")]),
    (X, f"INSERT INTO c VALUES(3,X'{_HEX}',NULL);", [(_HEX, ("hex",), VISA)]),
    # an iOS NSData description (``NSLog(@"%@", data)``): words of four bytes in angle brackets, or since iOS 13
    # ``{length = N, bytes = 0x… }``, data longer than 24 bytes shown by its first 16 and last 8
    (X, f"ShopApp[7327] <Notice>: request body <{_NSDATA}>", [(_NSDATA, ("hex",), VISA)]),
    (X, f"body {{length = 26, bytes = 0x{_NSDATA} }}", [(_NSDATA, ("hex",), VISA)]),
    (X, f"body {{length = 29, bytes = 0x{_NSDATA_FRONT} ... {_NSDATA_BACK} }}",
     [(_NSDATA_FRONT, ("hex",), MC)]),
    (Q, f"<td>pan=3D{VISA}</td>", [(f"<td>pan=3D{VISA}</td>", ("quoted_printable",), VISA)]),
    (Q, "Subject: order\n" + _QP_SOFT + "\nBye", [(_QP_SOFT, ("quoted_printable",), VISA)]),
    (Q, "Hi\r\n" + _QP_CRLF + "\r\nBye", [(_QP_CRLF, ("quoted_printable",), MC)]),
    (Q, '<td class=3D"label">Expires</td><td class=3D"value" style=3D"text-ali=\ngn:right">09/27</td>',
     [('<td class=3D"label">Expires</td><td class=3D"value" style=3D"text-ali=\ngn:right">09/27</td>',
       ("quoted_printable",), "0927")]),
    (Q, "Hi\nsecurity code=\n 314, thanks =E2=80=94 Ann\nBye",
     [("security code=\n 314, thanks =E2=80=94 Ann", ("quoted_printable",), "314")]),
    # a soft break inside the keyword (an encoder breaks lines at 76 characters, inside a word too)
    (Q, "Hi\ndata di scadenza 09/27, codice di sicu=\nrezza 314\nBye",
     [("data di scadenza 09/27, codice di sicu=\nrezza 314", ("quoted_printable",), "0927314")]),
    # the value's line after a soft break holds no "=" of its own: its window still reads the paragraph
    (Q, "Hi\n>> card 4111 exp July 2028 cardSecurityCode is =\n173\nBye",
     [(">> card 4111 exp July 2028 cardSecurityCode is =\n173", ("quoted_printable",), "2028173")]),
    # a voicemail transcript: soft breaks after a spoken digit, or inside the word after one
    (Q, "Transcript:\n" + _QP_SPOKEN + "\n--", [(_QP_SPOKEN, ("quoted_printable",), None)]),
    (Q, "=34=31=31=31 1111 1111 1111", [("=34=31=31=31 1111 1111 1111", ("quoted_printable",), VISA)]),
    (Q, "4111=201111=201111=201111", [("4111=201111=201111=201111", ("quoted_printable",), VISA)]),
]

def test_a_percent_decoded_value_is_reported_at_its_own_place() -> None:
    # a form body decoded whole for its keys: each value at its place in the body, not at the body's start
    pan = "%20".join(VISA[i : i + 4] for i in range(0, 16, 4))
    text = f"POST /v1/x amount=5&card%5Bnumber%5D={pan}&card%5Bcvc%5D=314 HTTP/1.1"
    spans = {s.type: s for s in Engine(backend="re").scan_text(text) if s.encoding == ("percent",)}
    assert text[spans["cvv"].start : spans["cvv"].end] == "314"
    assert text[spans["pan"].start : spans["pan"].end] == pan


_EBCDIC_REC = f"D1945542 {VISA} 000009086486"
POSITIVE.append(
    (EbcdicHexDecoder(), f"rec {_EBCDIC_REC.encode('cp037').hex().upper()}",
     [(_EBCDIC_REC.encode("cp037").hex().upper(), ("ebcdic hex",), VISA)])
)

NEGATIVE: list[tuple[str, Decoder, str]] = [
    ("hex-sha256", X, "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ok"),
    ("hex-digits-number", X, "ts 1733312345678901 and 303132"),
    ("hex-random", X, "ct=" + _RNG.randbytes(32).hex() + "3031323334353637"),
    ("hex-glued", X, "id=x34313131313131313131313131313131"),
    # a literal's prefix glued to a word: no literal (``ab0x``, ``idx``)
    ("hex-prefix-glued", X, "v=ab0x34313131313131313131313131313131 idx34313131313131313131"),
    ("hex-odd", X, "v=3431313131313131313131313131313"),
    # hex of a date, a time or a short number: no four-and-four digit groups
    ("hex-date-time", X, "v=" + b"2025-12-05 10:11:12 order 123".hex()),
    ("hex-grouped-glued", X, "id=x" + b"card 4111 1111".hex()),
    ("hex-grouped-random", X, "ct=" + _RNG.randbytes(24).hex() + "31323334203536373839"),
    # NSData of random bytes (an APNs device token, a digest) with a digit run inside; a digest or a UUID in brackets
    ("nsdata-token", X, f"didRegister token <{nsdata_words(_RNG.randbytes(14) + b'123456' + _RNG.randbytes(12))}>"),
    ("nsdata-token-ios13", X, f"{{length = 32, bytes = 0x{nsdata_words(_RNG.randbytes(13) + b'987654')} ... }}"),
    ("nsdata-digest", X, "sha <9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08>"),
    ("nsdata-uuid", X, "peripheral <550e8400-e29b-41d4-a716-446655440000> rssi -63 ts 3031323334"),
    # words of four bytes outside an NSData description: git short hashes, a table of numbers
    ("nsdata-unbracketed", X, "commits 31323334 35363738 39303132 ok"),
    ("qp-no-digit", Q, "Content-Type: text/html; charset=3Dutf-8 and caf=C3=A9"),
    ("qp-kv", Q, "a=1 b=2 c=300"),
    ("qp-letter-no-digit-after", Q, "12 items for caf=C3=A9 and cr=C3=A8me br=FBl=E9e"),
    # logfmt: a uuid led by 3d<digit> (the =3D trigger) and an order number led by 20 (an encoded space)
    ("qp-logfmt", Q, "INFO request_id=3d1a2b3c-0000 order=20606550635332 latency=12ms"),
    ("qp-equals-line", Q, "total = 42 ="),
    ("qp-word-ending-in-one", Q, "Regards from someone =\nat the office"),
    ("sha256", B, "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ok"),
    ("sha1-upper", B, "commit 2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12"),
    ("uuid", B, "id=550e8400-e29b-41d4-a716-446655440000 ID=550E8400-E29B-41D4-A716-446655440000"),
    ("trace-id", B, "trace=1-5759e988-bd862e3fe1be46a994272793 span=00f067aa0ba902b7"),
    ("digits", B, f'{{"orderId": "1136933878997956", "latency": 0.2550690257394217, "n": {VISA}}}'),
    ("identifiers", B, "java.lang.NullPointerException at AbstractSingletonProxyFactoryBean.getObject"),
    ("path", B, "/usr/local/lib/python3.11/site-packages/botocore/httpchecksum.py"),
    ("words", B, "the quick brown fox jumps over the lazy dog internationalization"),
    ("jwt-binary", B, "eyJ." + ".".join(b64(_RNG.randbytes(24), urlsafe=True, pad=False) for _ in range(2))),
    ("random-bytes", B, "blob=" + b64(_RNG.randbytes(48))),
    ("png", B, "img=" + b64(b"\x89PNG\r\n\x1a\n" + _RNG.randbytes(40))),
    ("invalid-utf8", B, "x=" + b64(b"card \xc3\x28\xa0\xa1\xe2\x28\xa1 " + VISA.encode() + b"\xf0\x28\x8c\x28")),
    ("too-short", B, "x=" + b64("4111 11")),
    ("truncated-short", B, "x=" + b64(f"card {VISA}")[:11]),
    ("bad-gzip", B, "x=H4sIAAAAAAAAA" + b64(_RNG.randbytes(30))),
    ("gzip-of-binary", B, "x=" + b64(gzip.compress(_RNG.randbytes(64), mtime=0))),
    ("pct-no-digit", P, "path=a%2Fb%2Fc name=John%20Smith 100% sure"),
    ("pct-malformed", P, "x=%ZZ4111%G11111 y=%4"),
    ("pct-controls", P, "x=%01%02%03%04%05%06%07%08%30%31"),
    ("phone", P, "+1-984-563-3879 and 12+34"),
    ("base64-plus", P, "sig=f66xOcj635+4772781185993634/q0s6tIQw=="),
    ("json-no-digit", J, r'{"m":"caf\u00e9 au lait \/ \"quoted\""}'),
    ("json-bad-escape", J, r'{"m":"4\uZZZZ1111 \x34"}'),
    ("json-controls", J, r'"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0030"'),
    ("html-no-digit", H, "<p>AT&amp;T &lt;b&gt; caf&eacute; 2024</p>"),
    ("html-surrogates", H, "<p>&#xD800;&#xD800;&#xD800;&#48;</p>"),
    ("html-plain", H, f"<p>{VISA} &</p>"),
]


def _pos_id(row: Row) -> str:
    return f"{row[0].id}-{POSITIVE.index(row)}"


@pytest.mark.parametrize("row", POSITIVE, ids=_pos_id)
def test_decodes_table(row: Row) -> None:
    decoder, line, expected = row
    got = decode_all(decoder, line)
    assert len(got) == len(expected)
    for seg, (encoded, layers, digits) in zip(got, expected, strict=True):
        start = line.index(encoded)
        assert (seg.start, seg.end, seg.encoding) == (start, start + len(encoded), layers)
        assert seg.text != line[seg.start : seg.end]
        if digits is not None:
            found = digits in digits_of(seg.text)
            assert found, "decoded text lacks the expected digits"


@pytest.mark.parametrize(("decoder", "line"), [pytest.param(d, t, id=n) for n, d, t in NEGATIVE])
def test_negatives_yield_nothing(decoder: Decoder, line: str) -> None:
    assert decode_all(decoder, line) == []


ALL_LINES = [row[1] for row in POSITIVE] + [line for _, _, line in NEGATIVE]


@pytest.mark.parametrize("decoder", default_decoders(), ids=lambda d: d.id)
def test_no_decoder_reports_outside_its_triggers(decoder: Decoder) -> None:
    """What a decoder yields on a line, some trigger of it matches on that line (so both back ends agree)."""
    rx = [re.compile(t, re.ASCII | re.MULTILINE) for t in decoder.triggers]
    for i, line in enumerate(ALL_LINES):
        if decode_all(decoder, line) and (decoder.ascii_only or line.isascii()):  # else the line is given whole
            assert any(r.search(line) for r in rx), f"line {i}"


def test_json_double_escaped_digit_peels_one_layer() -> None:
    (seg,) = decode_all(J, r'"\\u0034 x"')
    assert seg.text == r"\u0034 x"


# --- windows, limits, errors -------------------------------------------------------------------------------
# Decoders that read a run whole from any window touching it: the engine clips a long line's window around each
# trigger hit (``engine.core.LINE_REACH``), and a run crossing the edge must not be cut or skipped.
WHOLE_RUNS = frozenset({"ansi", "base64", "char_arrays", "code_bytes", "concat_literals", "ebcdic_hex", "emv_qr",
                        "emv_tlv", "hex", "html_entity", "json_escape", "logprob_tokens", "ocr_letters",
                        "nginx_escapes", "octal", "percent", "revai_elements",
                        "sql_binds", "sql_params", "sql_rows", "stream_deltas", "stt_words", "transcribe_items",
                        "wal2json_arrays"})


@pytest.mark.parametrize("decoder", default_decoders(), ids=lambda d: d.id)
def test_windows_and_bad_offsets(decoder: Decoder) -> None:
    rows = [row for row in POSITIVE if row[0].id == decoder.id]
    line = rows[0][1]
    text = f"head\n{line}\ntail"
    got = list(decoder.decode(text))
    assert got and all(text[s.start : s.end] in line for s in got)
    assert list(decoder.decode(text, 5, 5 + len(line))) == got
    assert list(decoder.decode(text, 0, 4)) == []
    assert list(decoder.decode(text, len(text) - 4)) == []
    assert list(decoder.decode(text, -50, 10**9)) == got
    assert list(decoder.decode(text, 10**9, 3)) == []
    first = got[0]
    if "\n" in text[first.start : first.end]:
        return  # a block of lines (a hex dump) is yielded whole to any window touching it
    if decoder.id in WHOLE_RUNS:  # a run is read whole by any window touching it (the engine clips long lines)
        middle = (first.start + first.end) // 2
        assert first in decoder.decode(text, middle, middle + 1)
        assert first in decoder.decode(text, first.end - 2, first.end - 1)
        return
    assert first.start not in [s.start for s in decoder.decode(text, first.start + 1, 5 + len(line))]
    assert first.end not in [s.end for s in decoder.decode(text, 5, first.end - 1)]


@pytest.mark.parametrize("decoder", default_decoders(), ids=lambda d: d.id)
def test_segments_over_the_size_cap_are_not_decoded_and_say_so(decoder: Decoder) -> None:
    rows = [row for row in POSITIVE if row[0].id == decoder.id]
    line = rows[0][1]
    assert isinstance(decoder, BoundedDecoder)
    with collecting() as noted:
        assert decode_all(decoder, line)
    assert noted == set()
    with collecting() as noted:
        assert decode_all(type(decoder)(max_segment=8), line) == []
    assert noted == {SEGMENT}  # the item is reported incomplete, never clean


@pytest.mark.parametrize("decoder", default_decoders(), ids=lambda d: d.id)
def test_decoded_text_over_the_output_cap_is_cut_and_says_so(decoder: Decoder) -> None:
    rows = [row for row in POSITIVE if row[0].id == decoder.id]
    line = rows[0][1]
    assert isinstance(decoder, BoundedDecoder)
    with collecting() as noted:
        decode_all(type(decoder)(max_output=4), line)
    assert OUTPUT in noted  # cut (a form or JSON key may come on top), so the item is reported incomplete


def test_decoded_text_is_cut_at_max_output() -> None:
    line = f"x={b64('card ' + VISA + ' ' + 'y' * 500)}"
    (seg,) = decode_all(Base64Decoder(max_output=40), line)
    assert len(seg.text) == 40
    (pct,) = decode_all(PercentDecoder(max_output=5), "q=%34%31%31%31%31%31%31")
    assert pct.text == "q=41111"  # the value is cut; its key comes along whole


def test_gzip_bomb_is_cut_not_inflated() -> None:
    text_bomb = gzip.compress(b"A" * (16 << 20), compresslevel=9, mtime=0)
    zero_bomb = gzip.compress(bytes(16 << 20), compresslevel=9, mtime=0)
    assert len(inflate(text_bomb, 4096) or b"") == 4096
    (seg,) = decode_all(Base64Decoder(max_output=4096), f"x={b64(text_bomb)}")
    assert seg.encoding == ("base64", "gzip")
    assert len(seg.text) == 4096
    assert decode_all(Base64Decoder(max_output=4096), f"x={b64(zero_bomb)}") == []


@pytest.mark.parametrize("data", [b"", b"\x1f\x8b", b"\x1f\x8b\x08\x00garbage", gz("ok")[:10]])
def test_inflate_of_malformed_data_is_none(data: bytes) -> None:
    assert inflate(data, 100) is None


@pytest.mark.parametrize("field", ["max_segment", "max_output"])
@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10"])
def test_bad_limits_name_the_field(field: str, value: object) -> None:
    for cls in (Base64Decoder, PercentDecoder, JsonEscapeDecoder, HtmlEntityDecoder):
        with pytest.raises(ConfigError, match=f"^{field} must be a positive integer$"):
            cls(**{field: value})  # type: ignore[arg-type]


def test_default_decoders_are_bounded_instances() -> None:
    ids = [d.id for d in default_decoders()]
    assert sorted(ids) == ["adf_paragraphs", "ansi", "asciicast", "base64", "binlog_rows", "box_tables", "byte_array",
                           "cef",
                           "cfn_params", "char_arrays", "code_bytes", "column_objects", "concat_literals",
                           "content_lines", "corrections", "dashed_table", "decimal_bytes", "dom_text_nodes",
                           "dtmf_digits",
                           "dtmf_tones", "dynamodb_json", "ebcdic_hex",
                           "emphasis_groups", "emv_qr", "emv_tlv", "escaped_groups", "form_messages", "gdb_bytes",
                           "hard_wrap",
                           "hesitations", "hex", "hexdump", "html_entity",
                           "inline_tags", "json_escape",
                           "k8s_secret", "latex_ties", "logprob_tokens", "mime_charset", "mime_words", "name_value",
                           "nginx_escapes", "notebook_table",
                           "object_dump",
                           "ocr_letters", "octal", "od_chars", "part_keys",
                           "partial_lines", "percent", "php_serialized", "pickle_text", "plist", "quoted_printable",
                           "redis_replies", "resp_commands", "revai_elements", "rich_text_runs", "schema_examples",
                           "short_card_rows", "sql_binds",
                           "sql_params", "sql_rows", "stream_deltas", "stream_events", "stream_units", "stt_words",
                           "subtitle_cues",
                           "table_parts", "trace_ascii", "transcribe_items", "underscores", "unicode",
                           "wal2json_arrays", "word_runs", "wrapped_groups"]
    assert all(isinstance(d, BoundedDecoder) and d.margin is None for d in default_decoders())


# --- triggers ----------------------------------------------------------------------------------------------

TRIGGERS = [pytest.param(d, t, id=f"{d.id}-{i}") for d in default_decoders() for i, t in enumerate(d.triggers)]


@pytest.mark.parametrize(("decoder", "pattern"), TRIGGERS)
def test_trigger_compiles_with_re(decoder: Decoder, pattern: str) -> None:
    assert pattern.isascii()
    re.compile(pattern, re.ASCII)
    re.compile(pattern, re.ASCII | re.MULTILINE)


def _hyperscan_db(patterns: list[str], flags: int) -> Callable[[str], bool]:
    hyperscan = pytest.importorskip("hyperscan")
    db = hyperscan.Database()
    db.compile(
        expressions=[p.encode() for p in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[flags] * len(patterns),
    )

    def matches(line: str) -> bool:
        hits: list[int] = []
        db.scan(line.encode("ascii", "replace"), match_event_handler=lambda *a: hits.append(a[0]))
        return bool(hits)

    return matches


@pytest.mark.parametrize(("decoder", "pattern"), TRIGGERS)
def test_trigger_compiles_with_hyperscan(decoder: Decoder, pattern: str) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    _hyperscan_db([pattern], hyperscan.HS_FLAG_DOTALL)
    _hyperscan_db([pattern], hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_SOM_LEFTMOST)


@pytest.mark.parametrize("row", POSITIVE, ids=_pos_id)
def test_a_trigger_matches_every_positive_line(row: Row) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    decoder, line, _ = row
    if not decoder.ascii_only:  # the engine gives it every non-ASCII line whole: that is its trigger
        assert not line.isascii()
        return
    assert any(re.search(t, line, re.ASCII | re.MULTILINE) for t in decoder.triggers)
    hs = _hyperscan_db(list(decoder.triggers), hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_SOM_LEFTMOST)
    assert hs(line)


def test_triggers_stay_quiet_on_plain_log_lines() -> None:
    lines = [
        '{"ts": "2024-05-29T07:25:43.012Z", "epoch_ms": 1623347347957, "id": "76e86e7d-4902-42f7-9bc9-ba658e2d16fd",'
        ' "orderId": "1136933878997956", "phone": "+1-984-563-3879", "latency": 0.2550690257394217}',
        "GET /api/v1/payments/charge?limit=50&offset=100 200 12ms user_agent=Mozilla/5.0",
        "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 loaded /var/task/handler/config.json",
    ]
    for line in lines:
        for decoder in default_decoders():
            assert not any(re.search(t, line, re.ASCII | re.MULTILINE) for t in decoder.triggers), decoder.id


# --- through the engine ------------------------------------------------------------------------------------

ENGINE_LINES = [
    pytest.param(f"msg={b64(f'card {VISA}')} end", ("base64",), id="base64"),
    pytest.param(f"body={_GZ_JSON};", ("base64", "gzip"), id="base64-gzip"),
    pytest.param("GET /pay?card=4111%201111%201111%201111&x=1", ("percent",), id="percent"),
    pytest.param(r'{"m":"\u0034\u0031\u0031\u0031\u00a01111\u00a01111\u00a01111"}', ("json_escape",), id="json"),
    pytest.param(r'{"text":"card\t4111\t1111\t1111\t1111"}', ("json_escape",), id="json-tab"),
    pytest.param("<td>&#52;&#49;&#49;&#49;&nbsp;1111&nbsp;1111&nbsp;1111</td>", ("html_entity",), id="html"),
    pytest.param(f"x {b64('pan=4111%201111%201111%201111')} y", ("base64", "percent"), id="base64-percent"),
    pytest.param(f"retry body=card%255Bnumber%255D%253D{VISA}", ("percent", "percent"), id="percent-twice"),
    pytest.param(f"café {b64(f'card {VISA}')}", ("base64",), id="non-ascii-line"),
]


@pytest.mark.parametrize(("line", "layers"), ENGINE_LINES)
def test_engine_finds_the_pan_through_the_decoders_on_both_back_ends(line: str, layers: tuple[str, ...]) -> None:
    from scanners.detectors.pan import PanDetector
    from scanners.engine.core import Engine

    pytest.importorskip("hyperscan")
    results = []
    for backend in ("re", "hyperscan"):
        spans = Engine([PanDetector()], default_decoders(), backend=backend).scan_text(f"head\n{line}\ntail")
        results.append([(s.start, s.end, s.type, s.encoding) for s in spans])
    assert results[0] == results[1]
    assert [(t, enc) for _, _, t, enc in results[0]] == [("pan", layers)]


# --- base64 wrapped in lines of one width (MIME 76, PEM 64) ----------------------------------------------------


def _wrapped(body: str, width: int = 76, eol: str = "\n") -> str:
    encoded = base64.b64encode(body.encode()).decode()
    return eol.join(encoded[i : i + width] for i in range(0, len(encoded), width))


@pytest.mark.parametrize(
    ("body", "width", "eol"),
    [
        ("x" * 50 + f"card {VISA} thanks", 76, "\n"),  # the card split by the first line break
        ("x" * 170 + f"card {VISA}", 76, "\n"),  # split by the third, a short last line
        ("x" * 60 + f"card {MC} end", 76, "\r\n"),  # CRLF mail
        ("y" * 40 + f"pan={AMEX};", 64, "\n"),  # PEM width
        ("z" * (105 - len(f"card {VISA} ok")) + f"card {VISA} ok", 76, "\n"),  # a last line of 64: no PEM line
    ],
    ids=["mime-76", "last-line", "crlf", "pem-64", "last-line-64"],
)
def test_wrapped_base64_block_decodes_whole(body: str, width: int, eol: str) -> None:
    block = _wrapped(body, width, eol)
    text = f"Content-Transfer-Encoding: base64{eol}{eol}{block}{eol}--b--{eol}"
    segments = decode_all(B, text)
    assert [(text[s.start : s.end], s.text) for s in segments] == [(block, body)]
    for line_start in (text.index(block), text.index(block) + width + len(eol)):  # any window touching it
        assert [s.text for s in B.decode(text, line_start, line_start + width)] == [body]


# A value in a wrapped block is reported on the line its encoded characters start on (a mail's HTML part: the card
# on the second line, the code on the third), whatever the text before it holds (UTF-8 letters) or the line ends.
@pytest.mark.parametrize(
    ("head", "eol", "width"),
    [("<p>Please process</p><table><tr><td>Card</td>", "\n", 76), ("<p>Bitte prüfen – danke</p>" * 2, "\r\n", 76),
     ("<p>" + "x" * 50 + "</p>", "\n", 64)],
    ids=["ascii", "utf8-crlf", "pem"],
)
def test_value_in_a_wrapped_block_is_reported_on_its_line(
    each_engine: Engine, head: str, eol: str, width: int
) -> None:
    body = head.ljust(3 * width // 4 + 2, " ") + f"<td>{VISA}</td></tr><tr><td>Security code</td><td>418</td></tr>"
    block = _wrapped(body, width, eol)
    text = f"Content-Type: text/html{eol}Content-Transfer-Encoding: base64{eol}{eol}{block}{eol}--b--{eol}"
    first = text.count("\n", 0, text.index(block))
    lines = {s.type: text.count("\n", 0, s.start) - first for s in each_engine.scan_text(text)}
    encoded = base64.b64encode(body.encode()).decode()
    where = {kind: (len(encoded[: len(body[:body.index(v)].encode()) * 4 // 3]) // width)
             for kind, v in (("pan", VISA), ("cvv", "418"))}
    assert lines == where


def _form_b64(body: str, width: int | None, key: str = "bt_payload") -> str:
    """A webhook's raw form body: base64 (wrapped at ``width`` as Ruby's ``encode64`` writes it, or not) put in a
    form field, percent-encoded (``%0A``, ``%2B``, ``%2F``, ``%3D``)."""
    encoded = base64.b64encode(body.encode()).decode()
    if width:
        encoded = "".join(encoded[i : i + width] + "\n" for i in range(0, len(encoded), width))
    return f"bt_signature={'ab12' * 10}%7C{'cd34' * 10}&{key}={quote(encoded, safe='')}"


_NOTIFICATION = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<notification><kind>transaction_settled</kind><subject><transaction>'
    "<id>a3fa4366</id><credit-card><number>{}</number></credit-card><custom-fields><ref>~~??>>~~</ref>"
    "</custom-fields></transaction></subject></notification>\n"
)


@pytest.mark.parametrize("width", [60, 76, 64, None], ids=["ruby-60", "mime-76", "pem-64", "one-line"])
@pytest.mark.parametrize("key", ["bt_payload", "payload"])
def test_base64_in_a_percent_encoded_form_field(width: int | None, key: str) -> None:
    for pan in (VISA, MC, AMEX):
        body = _NOTIFICATION.format(pan)
        line = _form_b64(body, width, key)
        assert "%2B" in line or "%2F" in line or "%0A" in line
        for backend in ("re", "hyperscan"):
            spans = Engine(backend=backend).scan_text(f"POST /webhooks/braintree\n{line}\nok")
            assert [(x.type, x.value, x.encoding) for x in spans if x.type == "pan"] == [
                ("pan", pan, ("percent", "base64"))]


def test_wrapped_block_whose_first_line_follows_a_key() -> None:
    body = f"card {VISA} and more text to fill the block " * 3
    lines = base64.b64encode(body.encode()).decode()
    block = "\n".join(lines[i : i + 60] for i in range(0, len(lines), 60))
    text = f"log bt_payload={block}\nend"
    assert [(text[x.start : x.end], x.text) for x in B.decode(text)] == [(block, body)]
    # a run that ends a key's line and a next line of another width: separate values, the run decodes alone
    other = f"log payload={lines[:60]}\n{lines[60:100]}xyz!\nend"
    assert all(len(x.text) <= 45 for x in B.decode(other))


def test_lines_of_equal_width_that_are_separate_values_decode_alone() -> None:
    values = [b64(f"id-{i:040d}") for i in range(3)] + [b64(f"card {VISA} ok")]
    text = "\n".join(values)
    assert any(VISA in s.text for s in decode_all(B, text))



# --- hex dumps (xxd, hexdump -C, od, tcpdump -X, Wireshark) ----------------------------------------------------

HD = HexDumpDecoder()
PAYLOAD = (
    f"POST /pay HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ncard={VISA}&exp=1230\n"
).encode()


def _ascii(chunk: bytes) -> str:
    return "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)


def xxd(data: bytes) -> str:
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        groups = " ".join(chunk[j : j + 2].hex() for j in range(0, len(chunk), 2))
        rows.append(f"{i:08x}: {groups:<39}  {_ascii(chunk)}")
    return "\n".join(rows)


def hexdump_c(data: bytes) -> str:
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        left, right = " ".join(f"{b:02x}" for b in chunk[:8]), " ".join(f"{b:02x}" for b in chunk[8:])
        rows.append(f"{i:08x}  {left:<23}  {right:<23}  |{_ascii(chunk)}|")
    return "\n".join(rows) + f"\n{len(data):08x}"


def od(data: bytes) -> str:
    rows = [f"{i:06x} {' '.join(f'{b:02x}' for b in data[i:i + 16]):<47}  >{_ascii(data[i:i + 16])}<"
            for i in range(0, len(data), 16)]
    return "\n".join(rows)


def tcpdump(data: bytes) -> str:
    return "\n".join("\t0x" + line.replace(": ", ":  ", 1)[4:] for line in xxd(data).splitlines())


def wireshark(data: bytes) -> str:
    rows = [f"{i:04x}   {' '.join(f'{b:02x}' for b in data[i:i + 16]):<47}   {_ascii(data[i:i + 16])}"
            for i in range(0, len(data), 16)]
    return "\n".join(rows)


LAYOUTS: list[Callable[[bytes], str]] = [xxd, hexdump_c, od, tcpdump, wireshark]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
def test_block_decodes_to_the_payload(layout: Callable[[bytes], str]) -> None:
    dump = layout(PAYLOAD)
    text = f"DEBUG request dump follows\n{dump}\nDEBUG done\n"
    (segment,) = list(HD.decode(text))
    assert text[segment.start : segment.end].strip("\n") in dump
    assert segment.text == PAYLOAD.decode()
    middle = text.index(dump) + len(dump) // 2  # any window touching the block yields the whole block
    assert [s.text for s in HD.decode(text, middle, middle + 1)] == [PAYLOAD.decode()]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_engine_finds_the_card_cut_by_line_ends(layout: Callable[[bytes], str], backend: Backend) -> None:
    text = f"payload:\n{layout(PAYLOAD)}\n"
    spans = Engine(backend=backend).scan_text(text)
    assert any(s.type == "pan" and s.value == VISA and s.encoding == ("hexdump",) for s in spans)
    assert any(s.type == "expiry" and s.value == "12/30" for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        xxd(b"no digits here at all, only words and punctuation....."),  # no trigger
        "00000000: 3132 3334\n",  # one line is no block
        "2026 12 04 31 32 33 job done\n2027 01 05 31 32 33 next\n",  # offsets that do not follow on
        xxd(bytes(range(256))[::7] * 3),  # binary bytes
    ],
    ids=["words", "one-line", "not-a-dump", "binary"],
)
def test_no_segment(text: str) -> None:
    assert list(HD.decode(text)) == []


POSITIVE.append((HD, xxd(PAYLOAD), [(xxd(PAYLOAD), ("hexdump",), VISA)]))
# curl --trace-ascii rows (more cases in test_decoder_trace_ascii.py)
_TRACE = f"=> Send data, 76 bytes (0x4c)\n0000: {'x' * 52}card={VISA[:7]}\n0040: {VISA[7:]}"
POSITIVE.append((TraceAsciiDecoder(), _TRACE, [(_TRACE, ("trace_ascii",), VISA)]))
# od -c cells and gdb x/xb rows (more cases in test_decoder_od_chars.py, test_decoder_gdb_bytes.py)
_OD = "\n".join(f"{i:07o}" + "".join(f"{c:>4}" for c in f"card={VISA} ok"[i : i + 16]) for i in (0, 16))
POSITIVE.append((OdCharsDecoder(), _OD, [(_OD, ("od_chars",), VISA)]))
_XB = "\n".join(f"0x7ffd1000{i:04x} <buf+{i}>:" + "".join(f"\t0x{ord(c):02x}" for c in VISA[i : i + 8])
                for i in (0, 8))
POSITIVE.append((GdbBytesDecoder(), _XB, [(_XB, ("gdb_bytes",), VISA)]))
# one sender's form-encoded SMS webhooks as a conversation (more cases in test_decoder_form_messages.py)
_SMS = "\n".join(f'POST /sms body="To=US&Body={b}&From=%2B14655550136"' for b in (f"card+{VISA}", "exp+12%2F27"))
POSITIVE.append((FormMessagesDecoder(), _SMS, [(_SMS, ("form_messages", "percent"), VISA)]))
# octal byte escapes (a C literal, a wire dump), a key written plainly before them comes along
_OCT = "".join(f"\\{ord(c):03o}" for c in VISA)
POSITIVE.append((OC, f'wire >> "card {_OCT}"', [(f'wire >> "card {_OCT}', ("octal",), VISA)]))
POSITIVE.append((OC, "cvv " + "".join(f"\\{b:03o}" for b in "Prüf 123".encode()),
                 [("cvv " + "".join(f"\\{b:03o}" for b in "Prüf 123".encode()), ("octal",), "123")]))
# the backslash doubled: a pg_dump COPY row of a bytea column, an SQL bytea literal ("preceded by two backslashes")
_OCT2 = "".join(f"\\\\{ord(c):03o}" for c in MC)
POSITIVE.append((OC, f"7\t{_OCT2}\tmigrated", [(f"7\t{_OCT2}", ("octal",), MC)]))
POSITIVE.append((OC, f"INSERT INTO vault VALUES (7, '{_OCT2}'::bytea);",
                 [(f"INSERT INTO vault VALUES (7, '{_OCT2}", ("octal",), MC)]))
NEGATIVE += [
    ("octal-doubled-path", OC, "C:\\\\060\\\\build\\\\061 done"),
    ("octal-ansi-colours", OC, "\\033[1;31mERROR\\033[0m code 123456"),
    ("octal-two-digits", OC, "x=\\060\\061 y=\\101\\102\\103"),
    ("octal-controls", OC, "\\000\\001\\002\\003\\060\\061\\062\\004\\005\\006\\007\\010"),
]
# nginx's default log escaping of a JSON request body (more cases in test_decoder_nginx_escapes.py)
_NGX = '{\\x22pan\\x22:\\x22' + VISA + '\\x22,\\x22cvv\\x22:\\x22123\\x22}'
POSITIVE.append((NginxEscapesDecoder(), f'10.0.0.7 - - "POST /pay HTTP/1.1" 200 "{_NGX}"',
                 [(_NGX[1:-1], ("nginx_escapes",), VISA)]))
NEGATIVE += [
    ("nginx-no-digit-beside", NginxEscapesDecoder(), '"GET /?q=\\x22hello\\x22 HTTP/1.1" 200'),
]
# an 8-bit KOI8-R mail part in a file read as Latin-1: the line is read in the part's declared charset
_KOI8 = f"Карта {VISA} срок действия 05/28".encode("koi8_r").decode("latin-1")
POSITIVE.append((MimeCharsetDecoder(), "Content-Type: text/plain; charset=KOI8-R\n\n" + _KOI8,
                 [(_KOI8, ("koi8-r",), VISA + "0528")]))


# A streamed model answer, one Bedrock event per piece (more cases in test_decoder_stream_deltas.py).
SD = StreamDeltasDecoder()
_STREAM = json.dumps({"output": {"outputBodyJson": [{"type": "content_block_delta", "delta": {"text": p}}
                                                    for p in ("card ", VISA[:8], VISA[8:])]}})
_STREAM_SEGMENT = _STREAM[_STREAM.index('"card ') : _STREAM.index(f'"{VISA[8:]}"') + len(VISA) - 8 + 2]
POSITIVE.append((SD, _STREAM, [(_STREAM_SEGMENT, ("stream",), VISA)]))
# The same answer logged one event per line (more cases in test_decoder_stream_events.py).
_EVENTS = "\n".join(json.dumps({"type": "content_block_delta", "delta": {"text": p}})
                    for p in ("card ", VISA[:8], VISA[8:]))
POSITIVE.append((StreamEventsDecoder(), _EVENTS, [(_EVENTS, ("stream",), VISA)]))
# A stream's units joined per stream id, Kafka producer chunks (more cases in test_decoder_stream_units.py).
_CHUNKS = "\n".join(f"CreateTime:1796558995872\tOffset:8109161{i}\tHeaders:msg-id:3d81f2d9,chunk:{i + 1}/3\t{p}"
                     for i, p in enumerate(("card ", VISA[:7], VISA[7:])))
POSITIVE.append((StreamUnitsDecoder(), _CHUNKS, [(_CHUNKS, ("stream",), VISA)]))
NEGATIVE.append(("stream-units-two-streams", StreamUnitsDecoder(),
                 "\n".join(f"Headers:msg-id:{k},chunk:1/2\t{p}" for k, p in (("a", VISA[:7]), ("b", VISA[7:])))))
NEGATIVE.append(("stream-events-whole-answers", StreamEventsDecoder(),
                 "\n".join(json.dumps({"generation": p, "stop_reason": "stop"})
                           for p in ("card " + VISA[:8], VISA[8:]))))


# A journald JSON export's MESSAGE written as its bytes (more cases in test_decoder_byte_array.py).
BA = ByteArrayDecoder()
_BYTES = str(list(f"captured card {VISA}\x1b[0m".encode()))
POSITIVE.append((BA, f'{{"_PID": "4242", "MESSAGE": {_BYTES}, "PRIORITY": "6"}}', [(_BYTES, ("byte_array",), VISA)]))
NEGATIVE.append(("byte-array-readings", BA, '{"latency_ms": [12, 250, 3, 0, 7, 19, 1, 2, 4, 8, 300]}'))

# A card number written in source code as its bytes, its characters, or digit literals joined (more cases in
# test_decoder_code_bytes.py, test_decoder_char_arrays.py, test_decoder_concat_literals.py).
_CB = "pan[16] = {" + ", ".join(f"0x{ord(c):02x}" for c in VISA) + "};"
POSITIVE.append((CodeBytesDecoder(), _CB, [(_CB, ("code_bytes",), VISA)]))
NEGATIVE.append(("code-bytes-key", CodeBytesDecoder(), "key[8] = {0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x9c, 0x01};"))
_CA = "char[] pan = {" + ", ".join(f"'{c}'" for c in VISA) + "};"
POSITIVE.append((CharArraysDecoder(), _CA, [(_CA, ("char_arrays",), VISA)]))
NEGATIVE.append(("char-arrays-letters", CharArraysDecoder(), "char[] name = {'a', 'l', 'i', 'c', 'e', '1', '2'};"))
_CL = f'PAN = "{VISA[:6]}" + "{VISA[6:9]}" + "{VISA[9:]}"'
POSITIVE.append((ConcatLiteralsDecoder(), _CL, [(_CL, ("concat_literals",), VISA)]))
NEGATIVE.append(("concat-version", ConcatLiteralsDecoder(), 'v = "1" + "." + "2" + "." + "30" + "." + "4444444"'))

# A terminal recording's events joined (more cases in test_decoder_asciicast.py), and a line read without its ANSI
# escape sequences (more in test_decoder_ansi_escapes.py).
_CAST = "\n".join(json.dumps([t, "o", p]) for t, p in ((0.5, "card " + VISA[:6]), (0.9, VISA[6:] + "\r\n")))
POSITIVE.append((AsciicastDecoder(), _CAST, [(_CAST, ("asciicast",), VISA)]))
NEGATIVE.append(("asciicast-line-break", AsciicastDecoder(),
                 "\n".join(json.dumps([t, "o", p]) for t, p in ((0.5, VISA[:6] + "\r\n"), (0.9, VISA[6:])))))
_JEST = f'Received: "\x1b[7m{VISA[:12]}\x1b[27m{VISA[12:]}"'
POSITIVE.append((AnsiEscapesDecoder(), _JEST, [(_JEST, ("ansi",), VISA)]))
NEGATIVE.append(("ansi-after-digits", AnsiEscapesDecoder(), f"\x1b[1mcard\x1b[0m {VISA}\x1b[0m"))

# Spoken digits as Transcribe items, one word per item (more cases in test_decoder_transcribe_items.py).
TI = TranscribeItemsDecoder()
_ITEMS = json.dumps({"results": {"transcripts": [{"transcript": ""}], "items": [
    {"start_time": "1.0", "end_time": "1.1", "alternatives": [{"confidence": "0.9", "content": w}],
     "type": "pronunciation"} for w in ["card", *VISA]]}})
_ITEMS_SEGMENT = _ITEMS[_ITEMS.index('{"start_time"') : _ITEMS.rindex("}]}") + 1]
POSITIVE.append((TI, _ITEMS, [(_ITEMS_SEGMENT, ("transcribe_items",), None)]))

# A speech-to-text output's words, one object each (more cases in test_decoder_stt_words.py).
_WORDS = json.dumps({"words": [{"word": w, "start": 1.0} for w in ["card", VISA[:8], VISA[8:]]]})
POSITIVE.append((SttWordsDecoder(), _WORDS, [(_WORDS[_WORDS.index('{"word"') : -2], ("stt_words",), VISA)]))
# Rev.ai elements read as turns; an ADF paragraph's text nodes joined (test_decoder_revai_elements.py,
# test_decoder_adf_paragraphs.py).
_REV = json.dumps({"monologues": [{"speaker": 1, "elements": [{"type": "text", "value": w, "ts": 1.0} if w else
                                                              {"type": "punct", "value": " "}
                                                              for w in ["card", "", VISA[:8], "", VISA[8:]]]}]})
POSITIVE.append((RevaiElementsDecoder(), _REV,
                 [(_REV[_REV.index('{"type"') : _REV.rindex("}]}]}") + 1], ("revai_elements",), VISA)]))
_ADF = json.dumps({"type": "paragraph", "content": [{"type": "text", "text": "card " + VISA[:8]},
                                                    {"type": "text", "text": VISA[8:], "marks": [{"type": "em"}]}]})
POSITIVE.append((AdfParagraphsDecoder(), _ADF,
                 [(_ADF[_ADF.index("[") : _ADF.rindex("]") + 1], ("adf_paragraphs",), VISA)]))
# Subtitle cues read as turns (more cases in test_decoder_subtitle_cues.py).
_CUES = f"1\n00:00:01,000 --> 00:00:02,000\ncard {VISA[:8]}\n\n2\n00:00:02,000 --> 00:00:03,000\n{VISA[8:]}.\n\n"
POSITIVE.append((SubtitleCuesDecoder(), _CUES, [(_CUES[_CUES.index("card") : -2], ("subtitle_cues",), VISA)]))

# A DynamoDB stream image with maps (more cases in test_decoder_dynamodb_json.py).
DJ = DynamodbJsonDecoder()
_IMAGE = '{"NewImage": {"card": {"M": {"pan": {"S": "' + VISA + '"}}}}}'
POSITIVE.append((DJ, _IMAGE, [(_IMAGE, ("dynamodb",), VISA)]))

# A PHP var_dump over lines (more cases in test_decoder_object_dump.py).
OD = ObjectDumpDecoder()
_VAR_DUMP = 'array(2) {\n  ["pan"]=>\n  string(16) "' + VISA + '"\n  ["exp_month"]=>\n  int(12)\n}'
POSITIVE.append((OD, _VAR_DUMP, [(_VAR_DUMP, ("object_dump",), VISA)]))

# PostgreSQL's bind parameters named by the statement's columns (more cases in test_decoder_sql_binds.py).
SB = SqlBindsDecoder()
_DETAIL = "DETAIL:  parameters: $1 = '" + VISA + "', $2 = '217'"
POSITIVE.append((SB, "LOG:  execute <unnamed>: INSERT INTO v (pan, cvc) VALUES ($1, $2)\n" + _DETAIL,
                 [(_DETAIL, ("sql_binds",), VISA)]))

# A statement's values logged as one list beside it (more cases in test_decoder_sql_params.py).
_SEQUELIZE = 'Executing (default): INSERT INTO "Cards" ("pan","cvc") VALUES ($1,$2); "' + VISA + '", "217"'
POSITIVE.append((SqlParamsDecoder(), _SEQUELIZE, [(_SEQUELIZE, ("sql_params",), VISA)]))

# An extended INSERT's rows named by its columns (more cases in test_decoder_sql_rows.py).
SR = SqlRowsDecoder()
_ROWS = "INSERT INTO v (pan, cvc) VALUES ('" + VISA + "', '217'), ('x', '318');"
POSITIVE.append((SR, _ROWS, [(_ROWS, ("sql_rows",), VISA)]))

# A binlog row event's values in column order (more cases in test_decoder_cdc_rows.py).
_BINLOG = ("### INSERT INTO `pay`.`cards`\n### SET\n###   @1=7\n###   @2='" + VISA + "'\n###   @3='0531'\n"
           "###   @4='217'\n###   @5=12.50")
POSITIVE.append((BinlogRowsDecoder(), _BINLOG, [(_BINLOG, ("binlog_rows",), VISA)]))

# A wal2json format-version-1 change's values beside its column names (more cases in test_decoder_cdc_rows.py).
_WAL2JSON = ('{"change": [{"kind": "insert", "columnnames": ["pan", "cvv"], "columntypes": ["text", "text"], '
             '"columnvalues": ["' + VISA + '", "217"]}]}')
POSITIVE.append((Wal2jsonArraysDecoder(), _WAL2JSON, [(_WAL2JSON, ("wal2json_arrays",), VISA)]))

# A card number keyed on the phone, one DTMF digit a log line (more cases in test_decoder_dtmf_digits.py).
_DTMF = "\n".join(f"[2024-04-25 10:32:19] DTMF[5556][C-aa5e8489] channel.c: DTMF end '{d}' received on PJSIP/t-01, "
                  "duration 87 ms" for d in VISA)
POSITIVE.append((DtmfDigitsDecoder(), _DTMF, [(_DTMF, ("dtmf",), VISA)]))

# A card number keyed on the phone, its tones named in an ACS RecognizeCompleted event (test_decoder_dtmf_tones.py).
_TONES = ('{"operationContext":"collect-card-number","dtmfResult":{"tones":["'
          + '","'.join(DIGIT_TONES[int(d)] for d in VISA) + '"]}}')
POSITIVE.append((DtmfTonesDecoder(), _TONES, [(_TONES[_TONES.index("["):_TONES.index("]") + 1], ("dtmf_tones",),
                                              VISA)]))

# A 12-digit card number with its expiry and code in the next fields (more cases in test_decoder_short_card_rows.py).
_MAESTRO12 = next(f"67590000001{c}" for c in "0123456789" if luhn_valid(f"67590000001{c}"))
_SHORT_ROW = f"I,2024-07-27 22:43:42.123456,8841,{_MAESTRO12},0231,960,1901.22"
POSITIVE.append((ShortCardRowsDecoder(), _SHORT_ROW, [(_SHORT_ROW, ("short_card_rows",), _MAESTRO12)]))

# Card data typed with non-ASCII digits, spaces or punctuation: the line folded to ASCII (its only trigger is the
# non-ASCII character the engine gives it the line for).
U = UnicodeDigitsDecoder()
_FULL = "ＣＶＶ：８３７　ｅｘｐ　１２／２７"  # as a CJK input method types it
_ARABIC = "cvv \u0668\u0663\u0667 exp \u0661\u0662/\u0662\u0667"
_SPACES = "card\u00a04929\u20090690\u202f0679\u00a02183 cvv\u00a0837"
_ZERO_WIDTH = "cvv 8\u200b3\u200b7 exp 12\u221227"
UNICODE_ROWS: list[tuple[str, str, str]] = [
    (_FULL, "CVV:837 exp 12/27", "837"),
    (_ARABIC, "cvv 837 exp 12/27", "837"),
    (_SPACES, "card 4929 0690 0679 2183 cvv 837", "4929069006792183"),
    (_ZERO_WIDTH, "cvv 837 exp 12-27", "837"),
]
for _line, _, _digits in UNICODE_ROWS:
    POSITIVE.append((U, _line, [(_line, ("unicode",), _digits)]))
NEGATIVE += [
    ("unicode-ascii", U, f"cvv 837 {VISA}"),
    ("unicode-unchanged", U, "caf\u00e9 \u00fcber 837 \u4f1a\u8a08 1234"),
    ("unicode-few-digits", U, "\uff21\uff22\uff23 \uff11\uff12"),
]

# A card number as OCR reads it, O for 0 and l for 1, after its card word (more in test_decoder_ocr_letters.py).
_OCR = "Karte / Card: " + f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}".replace("0", "O").replace("1", "l")
POSITIVE.append((OcrLettersDecoder(), _OCR, [(_OCR, ("ocr_letters",), AMEX)]))
NEGATIVE.append(("ocr-letters-no-card-word", OcrLettersDecoder(), _OCR.replace("Karte / Card", "Beleg-Nr")))


@pytest.mark.parametrize(("line", "folded"), [(line, folded) for line, folded, _ in UNICODE_ROWS])
def test_unicode_lines_fold_to_ascii(line: str, folded: str) -> None:
    (seg,) = decode_all(U, line)
    assert (seg.start, seg.end, seg.text) == (0, len(line), folded)


def test_every_folded_character_is_foldable() -> None:
    """``_FOLDABLE`` (the window pre-check) finds every character the fold table maps: a window it passes over holds
    no line that folding could change."""
    missed = [hex(code) for code in _fold_table() if _FOLDABLE.fullmatch(chr(code)) is None]
    assert missed == []


def test_fold_table_reads_every_code_point() -> None:
    """The fold table, built from ``re``'s classes in C, is the one a reading of every code point's category gives
    (decimal digits Nd to their value, spaces Zs to a space, dashes Pd to '-', dressed digits No to their value;
    then the fixed forms), in code order."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd":
            table[code] = str(unicodedata.decimal(char))
        elif category == "Zs":
            table[code] = " "
        elif category == "Pd":
            table[code] = "-"
        elif category == "No" and unicodedata.digit(char, None) is not None and (
            code < 0x1000 or 0x2000 <= code < 0x2800 or 0x1F100 <= code < 0x1F10B
        ):  # a single digit in typographic dress (superscript, circled...), Latin typography's blocks only
            table[code] = str(unicodedata.digit(char))
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    table.update({0x2212: "-", 0x2044: "/", 0x2215: "/", 0x3000: " "})
    table.update({ord(char): "" for char in "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\u061c\u200e\u200f"
                  "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
    assert list(_fold_table().items()) == list(table.items())


@pytest.mark.parametrize(
    "text",
    [
        "caf\u00e9 \u00fcber 837 \u4f1a\u8a08 1234\n\u00e9\u00e9 4111",  # nothing to fold: passed over
        f"n\u00e9 12\n{_SPACES}\nemoji \U0001f600 123",  # one line folds among lines that do not
        f"{_FULL}\n{_ARABIC}\n{_ZERO_WIDTH}",
        "x\u00a0" + "y" * 40 + "\n\u2010" + "12" * 30,  # a folded space with no digit near; a dash before digits
    ],
)
def test_window_precheck_changes_no_segment(text: str) -> None:
    """A whole window decodes to what its lines decode to one by one (the pre-check only skips windows that give
    nothing), and a window too long to fold still notes the limit."""
    lines, at = [], 0
    for line in text.split("\n"):
        lines += [(seg.start + at, seg.end + at, seg.text) for seg in decode_all(U, line)]
        at += len(line) + 1
    assert [(seg.start, seg.end, seg.text) for seg in decode_all(U, text)] == lines
    with collecting() as noted:
        assert list(UnicodeDigitsDecoder(max_segment=8).decode("caf\u00e9 \u00fcber gro\u00df")) == []
    assert noted == {SEGMENT}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_finds_cvv_and_expiry_typed_in_full_width(backend: Backend) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    spans = Engine(backend=backend).scan_text(f"pan {VISA} {_FULL}\nnotes: \u4f1a\u8a08 \uff11\uff12\uff13\n")
    assert {(s.type, s.encoding) for s in spans} == {("pan", ()), ("cvv", ("unicode",)), ("expiry", ("unicode",))}


# EMV chip data in hex (a terminal's log, ISO 8583 field 55): the card tags read where they stand.
EMV = EmvTlvDecoder()
_TRACK2 = VISA + "D2712101" + "0" * 13 + "F"  # 19 bytes: PAN, D, YYMM, service code, discretionary data, padding
_TLV = "9F2608A1B2C3D4E5F60718" + "5A08" + VISA + "5F2403271231" + "5713" + _TRACK2 + "9F3602001A"
_TLV_SPACED = "5F24 03 27 12 31"
POSITIVE.append((EMV, f"EMV ARQC data: {_TLV}", [(_TLV, ("emv_tlv",), VISA)]))
POSITIVE.append((EMV, f"  {_TLV_SPACED}", [(_TLV_SPACED, ("emv_tlv",), "1227")]))


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value) // 2:02X}{value}"


def apdu_trace(hexstr: str) -> str:
    """A response as an NFC reader's trace writes it: every byte pair apart."""
    return " ".join(hexstr[i : i + 2] for i in range(0, len(hexstr), 2))


def read_record(track: str) -> str:
    """READ RECORD's response: record template 70 holding track 2 equivalent data and the cardholder name, SW 9000."""
    return tlv("70", tlv("57", track) + tlv("5F20", b"CARDHOLDER".hex().upper()) + "9F1F04C149CD7F") + "9000"


_APDU_VISA = apdu_trace(read_record(_TRACK2))
_APDU_AMEX = apdu_trace(read_record(AMEX + "D2712101" + "0" * 13))  # 15 digits: the D shares a byte (``5D``)
POSITIVE.append((EMV, f"NfcReader: << {_APDU_VISA}", [(_APDU_VISA, ("emv_tlv",), VISA)]))
POSITIVE.append((EMV, f"NfcReader: << {_APDU_AMEX}", [(_APDU_AMEX, ("emv_tlv",), AMEX)]))
# a tag dump's line: the tag, its length in parentheses, the value's bytes spaced (an odd PAN padded with F)
UPI19 = luhn_id("621483", 19)
_NAMED_5A = "5A  (08) " + apdu_trace(AMEX + "F")
_NAMED_5F24 = "5F24 (03) 27 12 31"
POSITIVE.append((EMV, f"[12:09:03.597]   {_NAMED_5A}", [(_NAMED_5A, ("emv_tlv",), AMEX)]))
POSITIVE.append((EMV, f"  {_NAMED_5F24}  Application Expiration Date", [(_NAMED_5F24, ("emv_tlv",), "1227")]))
_NAMED_19 = "5A  (10) " + apdu_trace(UPI19 + "F")  # ten bytes, the length printed in decimal
POSITIVE.append((EMV, f"  {_NAMED_19}", [(_NAMED_19, ("emv_tlv",), UPI19)]))
NEGATIVE += [
    ("emv-random-hex", EMV, "ct=" + _RNG.randbytes(40).hex().upper() + "5A0812345678"),
    ("emv-bad-luhn", EMV, "5A084111111111111112"),
    ("emv-bad-month", EMV, "5F2403271331"),
    ("emv-glued", EMV, "x5A084111111111111111"),
    # an APDU trace: a track whose PAN fails Luhn, a 57 13 followed by digits and no separator, SELECT PPSE
    ("emv-apdu-bad-luhn", EMV, "<< " + apdu_trace(read_record(VISA[:-1] + "2D2712101" + "0" * 13 + "F"))),
    ("emv-apdu-no-separator", EMV, "<< 70 15 57 13 41 11 11 11 11 11 11 11 27 12 10 10 00 00 00 90 00"),
    ("emv-named-bad-luhn", EMV, "5A  (08) " + apdu_trace(AMEX[:-1] + "6F")),
    ("emv-named-length-short", EMV, "5A  (08) " + apdu_trace(VISA[:12])),
    ("emv-named-length-not-the-bytes", EMV, "5A  (09) " + apdu_trace(AMEX + "F")),
    ("emv-named-other-tag", EMV, "9F26 (08) " + apdu_trace(VISA)),
    ("emv-apdu-select", EMV, ">> 00 A4 04 00 0E 32 50 41 59 2E 53 59 53 2E 44 44 46 30 31 00"),
]
# the same tags in an EMVCo consumer-presented QR payload: base64 of the binary TLV (more in test_decoder_emv_qr.py)
_CPM = b64(bytes.fromhex(tlv("85", b"CPV01".hex()) + tlv("61", tlv("4F", "A0000000031010") + tlv("5A", VISA))))
POSITIVE.append((EmvQrDecoder(), f"QRScanner: CPM payload={_CPM}", [(_CPM, ("base64", "emv_tlv"), VISA)]))


def test_emv_elements_are_named_for_the_detectors() -> None:
    (seg,) = decode_all(EMV, _TLV)
    assert seg.text.splitlines() == [f"card number {VISA}", "card expiry 12/27", _TRACK2]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_reads_pan_expiry_and_track_from_emv_hex(backend: Backend) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    spans = Engine(backend=backend).scan_text(f"2026-01-01T00:00:00Z EMV ARQC data: {_TLV}\n")
    assert {(s.type, s.encoding) for s in spans} == {(t, ("emv_tlv",)) for t in ("pan", "expiry", "track")}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_reads_an_apdu_trace_and_an_nsdata_body(backend: Backend) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    token = nsdata_words(_RNG.randbytes(14) + b"123456" + _RNG.randbytes(12))
    text = (f"NfcReader: << {_APDU_VISA}\nShopApp <Debug>: request body <{_NSDATA}>\n"
            f"ShopApp <Notice>: device token <{token}>\nNfcReader: >> 00 B2 01 0C 00\n")
    spans = Engine(backend=backend).scan_text(text)
    got = {(text[: s.start].count("\n") + 1, s.type, s.encoding) for s in spans}
    assert got == {(1, "pan", ("emv_tlv",)), (1, "track", ("emv_tlv",)), (2, "pan", ("hex",))}


def test_a_value_in_a_qp_paragraph_is_reported_on_the_line_it_starts_on() -> None:
    body = ("<table><tr><td>Card</td><td>receipt =E2=80=93 thanks</td></tr><tr><td class=3D\"label\">Order</=\n"
            "td><td>shipped</td></tr><tr><td class=3D\"label\">CVV</td><td class=3D\"va=\n"
            "lue\">314</td></tr></table>\n")
    (seg,) = decode_all(Q, body)
    assert seg.line_starts == (0, seg.text.index("td><td>shipped"), seg.text.index("lue"))
    (cvv,) = [s for s in Engine().scan_text(body) if s.type == "cvv"]
    assert body.count("\n", 0, cvv.start) == 2 and body[cvv.start : cvv.end].startswith("lue")


def _hex_entities(value: str) -> str:
    return "".join(f"&#x{ord(c):x};" if c.isdigit() else c for c in value)


# An element whose content is all entities is named only by its attributes: the segment opens at its tag, so that
# the expiry and CVV detectors read class="exp" or id="cc-csc" as they do in plain markup; other classes stay quiet.
ENTITY_ELEMENT_CASES = [
    ("class-exp", f'<span class="exp">{_hex_entities("05/28")}</span>', [("expiry", "05/28")]),
    ("class-expiry-td", f'<td class="expiry">{_hex_entities("11/29")}</td>', [("expiry", "11/29")]),
    ("id-cc-exp-decimal", '<td id="cc-exp">&#48;&#53;&#47;&#50;&#56;</td>', [("expiry", "05/28")]),
    ("name-exp-date", f'<div name="exp-date">{_hex_entities("03/27")}</div>', [("expiry", "03/27")]),
    ("class-cvv", f'<span class="cvv">{_hex_entities("073")}</span>', [("cvv", "073")]),
    ("autocomplete-cc-csc", f'<span autocomplete="cc-csc">{_hex_entities("4821")}</span>', [("cvv", "4821")]),
    # look-alikes
    ("class-expired", f'<span class="expired">{_hex_entities("05/28")}</span>', []),
    ("class-export", f'<span class="export">{_hex_entities("05/28")}</span>', []),
    ("no-attribute", f"<span>{_hex_entities('05/28')}</span>", []),
    ("class-qty", f'<span class="qty">{_hex_entities("073")}</span>', []),
    # an XML element's name names its content as a key does, with its parent when the value sits in attributes
    ("xml-cardCode", f"<cardCode>{_hex_entities('123')}</cardCode>", [("cvv", "123")]),
    ("xml-cvc-decimal", "<cvc>&#52;&#53;&#54;</cvc>", [("cvv", "456")]),
    ("xml-expirationDate", f"<expirationDate>{_hex_entities('2029-12')}</expirationDate>", [("expiry", "12/29")]),
    ("xml-after-closing-tag", f"</cardNumber><cardCode>{_hex_entities('321')}</cardCode>", [("cvv", "321")]),
    (
        "xml-date-attributes",
        f'<expiryDate><date month="{_hex_entities("05")}" year="{_hex_entities("2028")}"/></expiryDate>',
        [("expiry", "05/28")],
    ),
    # look-alikes: elements that name something else, HTML's own elements
    ("xml-orderId", f"<orderId>{_hex_entities('123')}</orderId>", []),
    ("xml-date-no-parent-key", f'<date month="{_hex_entities("05")}" year="{_hex_entities("2028")}"/>', []),
    ("xml-quantity", f"<quantity>{_hex_entities('123')}</quantity>", []),
    ("html-td", f"<td>{_hex_entities('123')}</td>", []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in ENTITY_ELEMENT_CASES])
def test_entity_element_named_by_its_attributes(
    each_engine: Engine, text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan") == expected


def test_entity_segment_opens_at_a_tag_with_attributes_only() -> None:
    text = f'<b>x</b><span class="exp">{_hex_entities("05/28")}</span>'
    (got,) = HtmlEntityDecoder().decode(text)
    assert text[got.start : got.end].startswith('<span class="exp">') and got.text == '<span class="exp">05/28'
    (bare,) = HtmlEntityDecoder().decode(f"<p>{_hex_entities('05/28')}</p>")
    assert bare.start == 3 and bare.text == "05/28"
    (xml,) = HtmlEntityDecoder().decode(f"<a1><expiry>{_hex_entities('05/28')}</expiry>")
    assert xml.start == 0 and xml.text == "<a1><expiry>05/28"


# Digit groups in inline HTML elements (more cases in test_decoder_inline_tags.py); table cells stay apart.
IT = InlineTagsDecoder()
_SPANS = "</span><span>".join((VISA[:4], VISA[4:8], VISA[8:12], VISA[12:]))
_BOLD = "</b> <b class=\"d\">".join((MC[:4], MC[4:8], MC[8:12], MC[12:]))
POSITIVE.append((IT, f'<div class="pan"><span>{_SPANS}</span></div>', [(_SPANS, ("inline_tags",), VISA)]))
POSITIVE.append((IT, f"<p>card <b>{_BOLD}</b> ok</p>", [(_BOLD, ("inline_tags",), MC)]))
NEGATIVE += [
    ("inline-table-cells", IT, "<tr><td>4111</td><td>1111</td><td>1111</td><td>1111</td></tr>"),
    ("inline-divs", IT, "<div>4111</div><div>1111</div>"),
    ("inline-one-element", IT, "<span>4111 1111 1111 1111</span>"),
    ("inline-text-between", IT, "<b>12</b> items at <b>34</b>"),
]

# Digit groups over table cells under a header naming card parts, emphasised groups, Slack rich_text runs (more
# cases in test_decoder_table_parts.py and test_decoder_emphasis_groups.py).
TP, EG, RT = TablePartsDecoder(), EmphasisGroupsDecoder(), RichTextRunsDecoder()
_TH = "".join(f"<th>Karte {i}</th>" for i in range(1, 5))
_TDS = "</td><td>".join((VISA[:4], VISA[4:8], VISA[8:12], VISA[12:]))
POSITIVE.append((TP, f"<table><tr>{_TH}</tr><tr><td>{_TDS}</td></tr></table>", [(_TDS, ("table_parts",), VISA)]))
_EM = f"**{VISA[:4]}** {VISA[4:8]} **{VISA[8:12]}** {VISA[12:]}"
POSITIVE.append((EG, f"card {_EM} ok", [(_EM, ("emphasis_groups",), VISA)]))
_RT = '", "bold": true}, {"type": "text", "text": "'.join((f"card {VISA[:4]} ", f"{VISA[4:8]} ", VISA[8:]))
POSITIVE.append((RT, f'{{"elements": [{{"type": "text", "text": "{_RT}"}}]}}', [(_RT, ("rich_text_runs",), VISA)]))
NEGATIVE += [
    ("parts-no-header", TP, f"<table><tr><td>{_TDS}</td></tr></table>"),
    ("emphasis-masked", EG, "card 4111 **** **** 1111"),
    ("rich-text-one-element", RT, f'{{"elements": [{{"type": "text", "text": "{VISA[:4]}"}}]}}'),
]

# An rrweb snapshot's text nodes read as drawn (more cases in test_decoder_dom_text_nodes.py); blocks stay apart.
DT = DomTextNodesDecoder()
_DT = '"}]}, {"type": 2, "tagName": "span", "childNodes": [{"type": 3, "textContent": "'.join(
    (VISA[:4], VISA[4:8], VISA[8:12], VISA[12:]))
_DT_NODE = f'{{"type": 2, "tagName": "span", "childNodes": [{{"type": 3, "textContent": "{_DT}"}}]}}'
POSITIVE.append((DT, f'{{"type": 2, "data": {{"node": {{"type": 2, "tagName": "div", "childNodes": [{_DT_NODE}]}}}}}}',
                 [(_DT, ("dom_text_nodes",), VISA)]))
NEGATIVE.append(("dom-cells", DT, '{"node": {"tagName": "tr", "childNodes": [{"tagName": "td", "childNodes": '
                 '[{"type": 3, "textContent": "4111"}]}, {"tagName": "td", "childNodes": [{"type": 3, "textContent": '
                 '"1111"}]}]}}'))


@pytest.mark.parametrize("line", [line for _, d, line in NEGATIVE if d is IT])
def test_inline_tags_keep_cells_and_blocks_apart(line: str) -> None:
    assert decode_all(IT, line) == []


def _qp(text: str, charset: str = "utf-8") -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


# A keyword whose own letters are escaped (a German or Japanese mail body in quoted-printable) names the value only
# once decoded: the line is read decoded when such a letter comes before a digit on it.
QP_KEYWORD_CASES = [
    ("de-utf8", f"Kartennummer: {VISA} " + _qp("gültig bis 09/31 Prüfnummer 344"),
     {("expiry", "09/31"), ("cvv", "344")}),
    ("de-latin1", f"Karte {VISA} " + _qp("gültig bis 09/31 Prüfnummer 344", "latin-1"),
     {("expiry", "09/31"), ("cvv", "344")}),
    ("ja-utf8-soft-broken", _qp("有効期限 12/29 セキュリティコード 123"), {("expiry", "12/29"), ("cvv", "123")}),
    # a soft break between a keyword's words or right after its escaped letter, the value on the next line
    ("de-break-after-escape", f"Kartennummer {VISA} g=C3=BC=\r\nltig bis 07/32", {("expiry", "07/32")}),
    ("de-break-before-word", f"> Kartennummer {VISA} g=C3=BCltig =\r\nbis 12/2031", {("expiry", "12/31")}),
    ("en-break-before-space", f"card {VISA} security=\r\n code 0112", {("cvv", "0112")}),
    # the label's "=" escaped with a space on each side: the value is read decoded ("Expiry =3D 08/27")
    ("eq-spaced-label", f"fund. Card=3D{VISA}\nExpiry =3D 08/27\n", {("expiry", "08/27")}),
    # look-alikes: escaped letters with no card keyword, or a keyword with no value after it
    ("eq-spaced-count", f"fund. Card=3D{VISA}\nitems =3D 12 of 27\n", set()),
    ("greeting-soft-broken", "Gr=C3=BC=\r\n=C3=9Fe, Bestellung 4711 vom 12/29", set()),
    ("order-soft-broken", f"Kartennummer {VISA} Bestell=\r\n nummer 0112", set()),
    ("cafe-price", "caf=C3=A9 au lait 12 =E2=82=AC", set()),
    ("greeting-order-date", _qp("Grüße, Bestellung 4711 vom 12/29"), set()),
    ("keyword-no-value", _qp("Prüfnummer der Bestellung: 2 Artikel, 344 g"), set()),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in QP_KEYWORD_CASES])
def test_qp_encoded_keyword_names_its_value(each_engine: Engine, text: str, expected: set[tuple[str, str]]) -> None:
    assert {(s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan"} == expected


def test_spoken_card_data_in_a_soft_broken_transcript_is_read_decoded() -> None:
    from scanners.engine.core import Engine

    text = "Content-Transfer-Encoding: quoted-printable\n\nTranscript:\n" + _QP_SPOKEN + "\n--\n"
    for backend in ("re", "hyperscan"):
        found = {(s.type, s.encoding) for s in Engine(backend=backend).scan_text(text)}
        assert {("pan", ("quoted_printable",)), ("expiry", ("quoted_printable",))} <= found


# RFC 2047 encoded-words in a mail header, adjacent words joined (more cases in test_decoder_mime_words.py).
MW = MimeWordsDecoder()
_MW_Q = "=?UTF-8?Q?Karte_4111_1111_?= =?UTF-8?Q?1111_1111_g=C3=BCltig_bis_05/29?="
_MW_B = "=?iso-8859-1?B?" + b64(f"carte {MC} échéance 05/29".encode("latin-1")) + "?="
POSITIVE.append((MW, f"Subject: {_MW_Q}", [(_MW_Q, ("mime_word",), VISA)]))
POSITIVE.append((MW, f"Subject: {_MW_B} ok", [(_MW_B, ("mime_word",), MC)]))
NEGATIVE += [
    ("mime-word-no-digits", MW, "Subject: =?UTF-8?Q?Zahlung_=E2=80=93_Karte?="),
    ("mime-word-unknown-charset", MW, f"Subject: =?x-mac-unknown?Q?card_{VISA}?="),
    ("mime-word-bad-escape", MW, f"Subject: =?UTF-8?Q?card_{VISA}=G1?="),
    ("mime-word-unclosed", MW, f"Subject: =?UTF-8?Q?card_{VISA}"),
]


def _ses_in_json(levels: int, body: str) -> str:
    """A mail with a base64 HTML part as SES puts it in SNS's "Message", then wrapped in ``levels - 2`` more JSON
    strings (an SQS "body", a log record): each level escapes the one inside."""
    part = base64.encodebytes(body.encode()).decode().replace("\n", "\r\n")
    mail = "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    inner: str = json.dumps({"notificationType": "Received", "content": mail + part})
    for _ in range(levels - 1):
        inner = json.dumps({"Type": "Notification", "Message": inner})
    return "INFO Received event: " + inner


# A mail in SES in SNS in SQS logged as JSON: the levels of JSON escaping above its base64 part are peeled in one
# step, so it is read within the engine's depth; the finding names every level.
@pytest.mark.parametrize("levels", [1, 2, 3, 4])
def test_ses_mail_in_nested_json_is_read(each_engine: Engine, levels: int) -> None:
    text = _ses_in_json(levels, f"<p>Payment details: card {VISA} valid thru 07/29 security code 418</p>")
    found = {(s.type, s.value, s.encoding) for s in each_engine.scan_text(text)}
    layers = ("json_escape",) * levels + ("base64",)
    assert {("pan", VISA, layers), ("expiry", "07/29", layers), ("cvv", "418", layers)} <= found


@pytest.mark.parametrize("levels", [1, 3])
def test_ses_mail_without_card_data_stays_quiet(each_engine: Engine, levels: int) -> None:
    text = _ses_in_json(levels, "<p>Your order 20260711 has shipped; reference 448812, call 0800 123 456</p>")
    assert each_engine.scan_text(text) == []


@pytest.mark.parametrize("encoded", [True, False])
def test_an_expiry_beside_a_masked_card_in_a_percent_encoded_message_stays_quiet(each_engine: Engine,
                                                                                  encoded: bool) -> None:
    """The masked card's asterisks are in the decoded message with its expiry (an OTLP attribute's ``stringValue``);
    the same message with a full card number reports both."""
    message = "payment ok card={card} exp=12/27 auth_code=123456"
    quote = (lambda s: s.replace(" ", "%20").replace("=", "%3D").replace("/", "%2F")) if encoded else (lambda s: s)
    quiet = f'"stringValue": "{quote(message.format(card="4242 **** **** 4242"))}"'
    assert each_engine.scan_text(quiet) == []
    full = f'"stringValue": "{quote(message.format(card=" ".join([VISA[i:i + 4] for i in range(0, 16, 4)])))}"'
    assert {s.type for s in each_engine.scan_text(full)} >= {"pan", "expiry"}


# A container log line the runtime split, CRI partial records (more cases in test_decoder_partial_lines.py).
_CRI_SPLIT = f"2024-05-01T07:53:27.8Z stdout P card {VISA[:7]}\n2024-05-01T07:53:27.8Z stdout F {VISA[7:]}"
POSITIVE.append((PartialLinesDecoder(), _CRI_SPLIT, [(_CRI_SPLIT, ("partial_lines",), VISA)]))
NEGATIVE.append(("partial-lines-whole-records", PartialLinesDecoder(),
                 f"2024-05-01T07:53:27Z stdout F card {VISA[:7]}\n2024-05-01T07:53:27Z stdout F {VISA[7:]}"))

# A card number cut by a terminal's hard wrap at 80 columns, among other wrapped lines; fixed-width records, every
# row 80 wide, are no capture (more cases in test_decoder_hard_wrap.py).
_WRAPPED = f"{'x' * 74}card {VISA[0]}\n{VISA[1:]} exp 09/29"
POSITIVE.append((HardWrapDecoder(), "\n".join(["a" * 80, "bc", _WRAPPED, "d" * 80, "ef"]),
                 [(_WRAPPED, ("hard_wrap",), VISA)]))
NEGATIVE.append(("hard-wrap-fixed-records", HardWrapDecoder(),
                 "\n".join(["r" * 80, "r" * 80, "r" * 79 + VISA[0], VISA[1:] + "r" * 65, "r" * 80])))

# A letter's paragraph wrapped at a word inside a grouped card number (more cases in test_decoder_wrapped_groups.py).
_PARAGRAPH = f"    Please charge my card {VISA[:4]} {VISA[4:8]}\n    {VISA[8:12]} {VISA[12:]} today."
POSITIVE.append((WrappedGroupsDecoder(), f"Dear team,\n{_PARAGRAPH}\n", [(_PARAGRAPH, ("wrapped_groups",), VISA)]))
NEGATIVE.append(("wrapped-groups-csv", WrappedGroupsDecoder(), f"a,b\nx,{VISA[:4]} {VISA[4:8]}\n{VISA[8:12]},y"))

# A card typed over two lines of one chat message, the breaks JSON-escaped (more cases in
# test_decoder_escaped_groups.py).
_ESCAPED_LINES = f"card:\\n{VISA[:4]} {VISA[4:8]}\\n{VISA[8:12]} {VISA[12:]}"
POSITIVE.append((EscapedGroupsDecoder(), f'{{"content":"{_ESCAPED_LINES}\\nthanks"}}',
                 [(_ESCAPED_LINES, ("escaped_groups",), VISA)]))
NEGATIVE.append(("escaped-groups-no-card-word", EscapedGroupsDecoder(),
                 f'{{"content":"items:\\n{VISA[:4]} {VISA[4:8]}\\n{VISA[8:12]} {VISA[12:]}"}}'))

# A completion stored only as its logprobs token list (more cases in test_decoder_logprob_tokens.py).
_TOKENS = "[" + ",".join(f'{{"token":"{VISA[i : i + 2]}","logprob":-0.1}}' for i in range(0, 16, 2)) + "]"
POSITIVE.append((LogprobTokensDecoder(), f'{{"logprobs":{{"content":{_TOKENS},"refusal":null}}}}',
                 [(_TOKENS, ("logprob_tokens",), VISA)]))
NEGATIVE.append(("logprob-tokens-cut", LogprobTokensDecoder(), f'{{"logprobs":{{"content":{_TOKENS[:-30]}'))

# An iCalendar content line folded inside a card number (more cases in test_decoder_content_lines.py).
_ICS_FOLDED = f"DESCRIPTION:Customer called.\\nCard {VISA[:9]}\r\n {VISA[9:]}\\, exp 09/27"
POSITIVE.append((ContentLinesDecoder(), f"BEGIN:VCALENDAR\r\n{_ICS_FOLDED}",
                 [(_ICS_FOLDED, ("content_lines",), VISA + "0927")]))
NEGATIVE.append(("content-lines-yaml-block", ContentLinesDecoder(), f"DESCRIPTION: card {VISA[:9]}\n  {VISA[9:]}"))

# An ArcSight CEF record's escaped "=" (more cases in test_decoder_cef.py).
_CEF = f"CEF:0|Acme|Pay|2.1|604|Payment event|3|msg=read ok track2\\=;{VISA}\\=2712101?"
POSITIVE.append((CefDecoder(), f"<134>host {_CEF}", [(_CEF, ("cef",), VISA)]))
NEGATIVE.append(("cef-no-escape", CefDecoder(), f"CEF:0|Acme|Pay|2.1|604|Payment event|3|msg=card ending {VISA[-4:]}"))

# Developer artefacts (more cases in test_decoder_digit_underscores.py, _k8s_secret.py, _cfn_params.py and
# _notebook_tables.py): a ``_``-split numeric literal, a Secret's base64 value, a parameter's default, a notebook row.
_UNDERSCORES = "long pan = " + "_".join(VISA[i : i + 4] for i in range(0, 16, 4)) + "L; // cvv 123 exp 11/28"
POSITIVE.append((DigitUnderscoresDecoder(), _UNDERSCORES, [(_UNDERSCORES, ("underscores",), VISA)]))
NEGATIVE.append(("underscores-identifier", DigitUnderscoresDecoder(),
                 "def test_" + "_".join(VISA[i : i + 4] for i in range(0, 16, 4)) + "_declines():"))
# A card number said as numerals with a hesitation between groups (more cases in test_decoder_hesitations.py)
_HESITANT = f"my card number is {VISA[:4]} uh, {VISA[4:8]} {VISA[8:12]} um, {VISA[12:]}"
POSITIVE.append((HesitationsDecoder(), _HESITANT, [(_HESITANT, ("hesitations",), VISA)]))
NEGATIVE.append(("hesitations-none", HesitationsDecoder(), f"um, the order {VISA[:8]} arrived, uh, at 12:30"))
_SECRET = f"kind: Secret\ndata:\n  CARD_NUMBER: {b64(VISA)}"
POSITIVE.append((K8sSecretDecoder(), _SECRET, [(_SECRET, ("k8s_secret",), VISA)]))
# a NUMERIC card column in a Debezium change event (decimal.handling.mode=precise): base64 of the integer's bytes
_DEC = b64(int(MC).to_bytes(7, "big"))
_DEBEZIUM = f'{{"before": null, "after": {{"id": 7, "card_number": "{_DEC}"}}, "op": "c"}}'
POSITIVE.append((DecimalBytesDecoder(), _DEBEZIUM, [(f'"card_number": "{_DEC}"', ("decimal_bytes",), MC)]))
NEGATIVE += [
    ("decimal-amount", DecimalBytesDecoder(), f'{{"after": {{"amount": "{_DEC}"}}}}'),  # no card key
    ("decimal-span", DecimalBytesDecoder(), f'{{"span": "{_DEC}"}}'),
    ("decimal-not-luhn", DecimalBytesDecoder(),
     f'{{"card_number": "{b64((int(MC) + 1).to_bytes(7, "big"))}"}}'),
    ("decimal-short", DecimalBytesDecoder(), f'{{"pan": "{b64((1234).to_bytes(6, "big"))}"}}'),
]
NEGATIVE.append(("k8s-configmap", K8sSecretDecoder(), f"kind: ConfigMap\ndata:\n  CARD_NUMBER: {b64(VISA)}"))
_CFN = f"Parameters:\n  SmokeTestCard:\n    Type: String\n    Default: '{VISA}'"
POSITIVE.append((CfnParamsDecoder(), _CFN, [(_CFN, ("cfn_params",), VISA)]))
NEGATIVE.append(("cfn-state-default", CfnParamsDecoder(), "States:\n  Check:\n    Default: '06/28'"))
_NV_VALUE = '    value: "174"'  # (more cases in test_decoder_name_value.py)
_NV = f"  - name: SMOKE_CARD_0_CVV\n{_NV_VALUE}"
_SCHEMA = 'properties:\n  cvv:\n    type: string\n    example: "410"'  # (more in test_decoder_schema_examples.py)
POSITIVE.append((SchemaExamplesDecoder(), _SCHEMA, [(_SCHEMA[12:], ("schema_examples",), "410")]))
NEGATIVE.append(("schema-example-no-properties", SchemaExamplesDecoder(), 'parameters:\n  cvv:\n    example: "410"'))
POSITIVE.append((NameValueDecoder(), _NV, [(_NV, ("name_value",), "174")]))
_PK = f'cardPart1": "{VISA[:8]}", "cardPart2": "{VISA[8:]}'  # (more cases in test_decoder_part_keys.py)
POSITIVE.append((PartKeysDecoder(), '{"Attributes": {"' + _PK + '"}}', [(_PK, ("part_keys",), VISA)]))
NEGATIVE.append(("part-keys-order", PartKeysDecoder(), _PK.replace("cardPart", "orderPart")))
NEGATIVE.append(("name-value-other-item", NameValueDecoder(), '  - name: CARD_CVV\n  - name: PORT\n    value: "174"'))
_NB_ROW = f'       "0  {VISA}  2028-06  123\\n",'
_NB = f'      "text/plain": [\n       "   card  exp  cvv\\n",\n{_NB_ROW}\n      ]'
POSITIVE.append((NotebookTablesDecoder(), _NB, [(_NB_ROW, ("notebook_table",), VISA)]))
NEGATIVE.append(("notebook-headless", NotebookTablesDecoder(), f'      "text/plain": [\n{_NB_ROW}\n      ]'))
# sqlcmd result text, its rows one block (more cases in test_decoder_dashed_tables.py)
_SQLCMD_ROW = f"    41 {VISA}   11/27  \n    42 NULL               NULL   "
_SQLCMD = f"    Id CardNumber         ExpDate\n------ ------------------ -------\n{_SQLCMD_ROW}\n\n(1 rows affected)"
POSITIVE.append((DashedTablesDecoder(), _SQLCMD, [(_SQLCMD_ROW, ("dashed_table",), "1127")]))
NEGATIVE.append(("dashed-no-card-column", DashedTablesDecoder(), "Job  Exp\n---- -----\nsync 11/27"))
# sqlite3 .mode box: the table's block of lines read as ASCII (more cases in test_decoder_box_tables.py)
_BOX = (f"┌────┬──────────────────┬─────┐\n│ id │ card_number      │ cvc │\n├────┼──────────────────┼─────┤\n"
        f"│ 1  │ {VISA} │ 583 │\n└────┴──────────────────┴─────┘")
POSITIVE.append((BoxTablesDecoder(), _BOX, [(_BOX, ("box_tables",), VISA)]))
NEGATIVE.append(("box-prose", BoxTablesDecoder(), "status 200 OK │ latency 583 ms"))

# Messages in flight (more cases in test_decoder_php_serialized.py and _redis_replies.py): a PHP serialized job in a
# queue payload's JSON, a Redis hash as redis-cli prints it.
_PHP = 's:10:\\"cardNumber\\";s:16:\\"' + VISA + '\\";s:3:\\"cvc\\";s:3:\\"123\\";}'
_PHP = 'O:12:\\"App\\\\ChargeJob\\":2:{' + _PHP
POSITIVE.append((PhpSerializedDecoder(), '{"data":{"command":"' + _PHP + '"}}', [(_PHP, ("php_serialized",), VISA)]))
NEGATIVE.append(("php-serialized-list", PhpSerializedDecoder(), 'a:2:{i:0;d:1.5;i:1;N;}";s:'))
_HASH = f' 1) "name"\n 2) "charge"\n 3) "card"\n 4) "{VISA}"'
POSITIVE.append((RedisRepliesDecoder(), f"127.0.0.1:6379> HGETALL job:1\n{_HASH}", [(_HASH, ("redis_replies",), VISA)]))
NEGATIVE.append(("redis-list", RedisRepliesDecoder(), '1) "1200"\n2) "Charge"\n3) "1700000000000"'))
# An Apple XML property list read as JSON, each value under its key (more cases in test_decoder_plist.py).
_PLIST = f'<plist version="1.0">\n<dict>\n\t<key>cardNumber</key>\n\t<string>{VISA}</string>\n</dict>\n</plist>'
POSITIVE.append((PlistDecoder(), f'<?xml version="1.0" encoding="UTF-8"?>\n{_PLIST}', [(_PLIST, ("plist",), VISA)]))
NEGATIVE.append(("plist-no-root", PlistDecoder(), f"<dict><key>cardNumber</key><string>{VISA}</string></dict>"))
# Serializations of the data side (more cases in test_decoder_resp_commands.py, _pickle_text.py, _column_objects.py):
# a Redis command in an append-only file, a protocol-0 pickle, a pandas frame written column by column.
_RESP = f"*6\r\n$4\r\nHSET\r\n$5\r\npay:1\r\n$4\r\ncard\r\n$16\r\n{VISA}\r\n$3\r\ncvv\r\n$3\r\n123"
POSITIVE.append((RespCommandsDecoder(), _RESP + "\r", [(_RESP, ("resp_commands",), VISA)]))
NEGATIVE.append(("resp-counter", RespCommandsDecoder(), "*3\r\n$6\r\nINCRBY\r\n$7\r\nstock:1\r\n$2\r\n-1\r"))
_P0 = f"(dp0\nVcard\np1\nV{VISA}\np2\nsVcvv\np3\nV123\np4\ns."
POSITIVE.append((PickleTextDecoder(), _P0, [(_P0, ("pickle_text",), VISA)]))
NEGATIVE.append(("pickle-list-of-lines", PickleTextDecoder(), "(lp0\nVone\np1\naVtwo\np2\na."))
_COLUMN = f'"card": {{\n        "0": null,\n        "1": {VISA}\n    }}'
POSITIVE.append((ColumnObjectsDecoder(), "{\n    " + _COLUMN + "\n}", [(_COLUMN, ("column_objects",), VISA)]))
NEGATIVE.append(("column-nested", ColumnObjectsDecoder(), '{"cvv": {"0": {"code": "123"}}}'))


# A WordprocessingML paragraph's runs joined (more cases in test_decoder_word_runs.py); LaTeX ties read as spaces.
_WRUNS = "".join(f'<w:r><w:t xml:space="preserve">{VISA[k : k + 4]} </w:t></w:r>' for k in range(0, 16, 4))
POSITIVE.append((WordRunsDecoder(), f"<w:p>{_WRUNS}</w:p>", [(f"<w:p>{_WRUNS}", ("word_runs",), VISA)]))
_TIES = "~".join(VISA[k : k + 4] for k in range(0, 16, 4))
POSITIVE.append((LatexTiesDecoder(), f"Card: \\texttt{{{_TIES}}}", [(_TIES, ("latex_ties",), VISA)]))
# A digit the caller corrects while reading out (more cases in test_decoder_corrections.py): read as the one meant.
_WRONG = str((int(VISA[7]) + 3) % 10)
_SAID = " ".join([*VISA[:7], f"{_WRONG}, no wait, {VISA[7]} not {_WRONG},", *VISA[8:]])
POSITIVE.append((CorrectionsDecoder(), f"card is {_SAID}", [(f"card is {_SAID}", ("corrections",), VISA)]))
