"""Hypothesis round trips: digits encoded each way inside random text are found, decoded and located."""

from __future__ import annotations

import base64
import gzip
import re
import unicodedata
from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.decoders import default_decoders
from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.html_entity import HtmlEntityDecoder
from scanners.decoders.json_escape import JsonEscapeDecoder
from scanners.decoders.percent import PercentDecoder
from scanners.detectors.base import Decoder
from tests.unit.test_decoders import WHOLE_RUNS

DIGITS = st.text(alphabet="0123456789", min_size=13, max_size=19)
SEP = st.sampled_from(["", " ", "-"])
TEXT_CHARS = st.characters(exclude_categories=("Cc", "Cs"))


def around(exclude: str = "") -> st.SearchStrategy[str]:
    return st.text(alphabet=TEXT_CHARS.filter(lambda c: c not in exclude), max_size=30)


def digits_of(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdecimal())


def groups(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def assert_found(decoder: Decoder, prefix: str, encoded: str, suffix: str, digits: str, *, exact: bool) -> None:
    text = f"{prefix} {encoded} {suffix}"
    a, b = len(prefix) + 1, len(prefix) + 1 + len(encoded)
    hits = [
        seg
        for seg in decoder.decode(text, 0, len(text))
        if seg.start <= a and b <= seg.end and digits in digits_of(seg.text)
    ]
    assert hits, "the encoded digits were not found"
    if exact:
        assert (hits[0].start, hits[0].end) == (a, b)


@given(
    digits=DIGITS,
    sep=SEP,
    label=st.sampled_from(["", "card ", '{"pan": "', "PAN=", "échéance "]),
    urlsafe=st.booleans(),
    pad=st.booleans(),
    packed=st.booleans(),
    prefix=around(),
    suffix=around(),
)
@settings(max_examples=150, deadline=None)
def test_base64_round_trip(
    digits: str, sep: str, label: str, urlsafe: bool, pad: bool, packed: bool, prefix: str, suffix: str
) -> None:
    raw = f"{label}{groups(digits, sep)} ok".encode()
    if packed:
        raw = gzip.compress(raw, mtime=0)
    encoded = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    encoded = encoded if pad else encoded.rstrip("=")
    assert_found(Base64Decoder(), prefix, encoded, suffix, digits, exact=True)


PERCENT_FORMS: list[Callable[[str], str]] = [
    lambda d: "".join(f"%{ord(c):02X}" for c in d),
    lambda d: groups(d, "%20"),
    lambda d: groups(d, "+"),
    lambda d: groups(d, "%C2%A0"),
    lambda d: "card%3D" + d,
    lambda d: groups(d, "%252D"),
]


@given(digits=DIGITS, form=st.sampled_from(PERCENT_FORMS), prefix=around(), suffix=around())
@settings(max_examples=150, deadline=None)
def test_percent_round_trip(digits: str, form: Callable[[str], str], prefix: str, suffix: str) -> None:
    encoded = form(digits)
    if "%25" in encoded:  # double encoded: one layer peeled, the digits are still there between escapes
        digits = digits[:4]
    assert_found(PercentDecoder(), prefix, encoded, suffix, digits, exact=True)


JSON_FORMS: list[Callable[[str], str]] = [
    lambda d: "".join(f"\\u{ord(c):04x}" for c in d),
    lambda d: "".join(f"\\u{ord(c):04X}" for c in d),
    lambda d: groups(d, "\\u00a0"),
    lambda d: groups(d, "\\u200b"),
    lambda d: "".join(f"\\uff1{c}" for c in d),
    lambda d: groups(d, "\\/"),
]


@given(digits=DIGITS, form=st.sampled_from(JSON_FORMS), prefix=around("\\"), suffix=around("\\"))
@settings(max_examples=150, deadline=None)
def test_json_escape_round_trip(digits: str, form: Callable[[str], str], prefix: str, suffix: str) -> None:
    assert_found(JsonEscapeDecoder(), prefix, form(digits), suffix, digits, exact=False)


HTML_FORMS: list[Callable[[str], str]] = [
    lambda d: "".join(f"&#{ord(c)};" for c in d),
    lambda d: "".join(f"&#x{ord(c):x};" for c in d),
    lambda d: groups(d, "&nbsp;"),
    lambda d: groups(d, "&#160;"),
    lambda d: "&quot;" + d + "&quot;",
]


@given(digits=DIGITS, form=st.sampled_from(HTML_FORMS), prefix=around("&"), suffix=around("&"))
@settings(max_examples=150, deadline=None)
def test_html_entity_round_trip(digits: str, form: Callable[[str], str], prefix: str, suffix: str) -> None:
    assert_found(HtmlEntityDecoder(), prefix, form(digits), suffix, digits, exact=False)


FRAGMENTS = st.sampled_from(
    [
        "%3",
        "%34",
        "%20",
        "+",
        "4111",
        "1111 ",
        "\\u0034",
        "\\u00a0",
        "\\",
        '"',
        "&#52;",
        "&nbsp;",
        "&",
        ";",
        "NDEx",
        "MTEx",
        "MDAw",
        "H4sI",
        "//4",
        "AAAA",
        "=",
        "/",
        "-",
        "_",
        " ",
        "\n",
        "é",
        "\u00a0",
        "eyJ",
        base64.b64encode(b"4111 1111 1111 1111").decode(),
    ]
)
MIXED = st.lists(FRAGMENTS | st.text(max_size=8), max_size=40).map("".join)
# The characters a base64, hex or percent run is made of: a run touching the window may start with characters that
# do not decode (``eyJ`` glued before a base64 body), so its decodable part may start after the window's end.
_RUN_BODY = re.compile(r"[A-Za-z0-9+/=_%-]*")


@given(text=MIXED, pos=st.integers(-5, 400), endpos=st.none() | st.integers(-5, 400))
@example(text="eyJ" + base64.b64encode(b"4111 1111 1111 1111").decode(), pos=0, endpos=1)
@settings(max_examples=300, deadline=None)
def test_decoders_never_raise_and_stay_in_their_window(text: str, pos: int, endpos: int | None) -> None:
    lo = max(0, min(pos, len(text) if endpos is None else max(0, min(endpos, len(text)))))
    hi = len(text) if endpos is None else max(0, min(endpos, len(text)))
    for decoder in default_decoders():
        for seg in decoder.decode(text, pos, endpos):
            # a block of lines (a QP paragraph, a hex dump) and a run (base64, hex, percent...) are yielded whole to
            # any window touching them (the engine clips a long line's window: a run crossing its edge is still read)
            if "\n" in text[seg.start : seg.end] or decoder.id in WHOLE_RUNS:
                assert seg.start < seg.end
                assert seg.start <= hi or _RUN_BODY.fullmatch(text[hi : seg.start])
                assert lo <= seg.end or _RUN_BODY.fullmatch(text[seg.end : lo])
            else:
                assert lo <= seg.start < seg.end <= hi
            assert seg.encoding[0] == decoder.id
            assert seg.text != text[seg.start : seg.end]


@given(text=MIXED)
@settings(max_examples=300, deadline=None)
def test_a_decoder_yields_only_on_lines_where_a_trigger_matches(text: str) -> None:
    """The engine calls decoders only around trigger hits (and, for a decoder that is not ``ascii_only``, on every
    line holding a non-ASCII character): a yield elsewhere would differ between back ends."""
    for decoder in default_decoders():
        rx = [re.compile(t, re.ASCII | re.MULTILINE) for t in decoder.triggers]
        for seg in decoder.decode(text):
            line_start = text.rfind("\n", 0, seg.start) + 1
            line_end = text.find("\n", seg.end)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            if not decoder.ascii_only:
                assert not line.isascii(), decoder.id
                continue
            ascii_line = line.encode("ascii", "replace").decode()
            assert any(r.search(ascii_line) for r in rx), decoder.id
