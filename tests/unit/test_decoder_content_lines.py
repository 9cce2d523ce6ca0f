"""ContentLinesDecoder: an iCalendar or vCard content line folded at 75 octets (CRLF and a space or tab, RFC 5545
§3.1, RFC 6350 §3.2) is read unfolded and unescaped, so card data cut by a fold is found, each value on the physical
line where it starts; folded look-alikes outside a calendar or card (a YAML block, an indented log) are left alone."""

from __future__ import annotations

import base64

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.content_lines import MAX_PIECES, ContentLinesDecoder
from scanners.engine.core import Engine
from scanners.engine.limits import OUTPUT, collecting
from tests.unit.detector_contract import masked_id

D = ContentLinesDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
AMEX = luhn("37828224631000")
VCAL = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "DTSTART:20260313T140000Z"]
VCARD = ["BEGIN:VCARD", "VERSION:3.0", "FN:Ana Ruiz"]


def crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


# (head lines, the content line's physical lines, {type: line index in the content line's lines})
CASES = [
    ("ics-number-cut", VCAL, [f"DESCRIPTION:Customer asked us to retry.\\nCard number: {VISA[:4]}-{VISA[4:8]}",
                              f" -{VISA[8:12]}-{VISA[12:]}  Exp: 07-27  CVV: 492\\nPhone +44 20 7946 3967"],
     {"pan": 0, "expiry": 1, "cvv": 1}),
    ("ics-track-escaped", VCAL, [f"DESCRIPTION:Retry.\\ntrack2=\\;{VISA[:10]}", f" {VISA[10:]}=27041011745929?"],
     {"track": 0, "pan": 0}),
    ("ics-keyword-cut-tab", VCAL, [f"DESCRIPTION:Kartennummer {VISA} g\u00fc", "\tltig bis 12/32\\nPhone 0"],
     {"pan": 0, "expiry": 1}),
    ("vcf-code-after-fold", VCARD, [f"NOTE:Prefers phone payment. Card number: {AMEX}  Exp: 10-28  CVV: ", " 9547"],
     {"pan": 0, "expiry": 0, "cvv": 1}),
    ("vcf-expiry-cut", VCARD, [f"NOTE:Prefers phone payment. Kartennummer {VISA} g\u00fcltig bis 03-", " 29"],
     {"pan": 0, "expiry": 0}),
    ("vcf-escaped-comma", VCARD, [f"NOTE;CHARSET=UTF-8:card {VISA[:7]}", f" {VISA[7:]}\\, exp 09/31"],
     {"pan": 0, "expiry": 1}),
]


@pytest.mark.parametrize(("head", "lines", "found"), [pytest.param(c[1], c[2], c[3], id=c[0]) for c in CASES])
def test_a_folded_value_is_found_on_the_line_it_starts(head: list[str], lines: list[str],
                                                       found: dict[str, int]) -> None:
    text = crlf([*head, *lines, "END:VEVENT" if head is VCAL else "END:VCARD"])
    first = len(head)
    want = {(t, first + k) for t, k in found.items()}
    for engine in ENGINES:
        got = {(s.type, text.count("\n", 0, s.start)) for s in engine.scan_text(text)}
        assert got == want


def test_the_unfolded_line_is_unescaped_and_maps_its_lines() -> None:
    text = crlf([*VCARD, "NOTE:a\\, b\\;", " c\\\\d\\n", " e"])
    (seg,) = D.decode(text)
    assert seg.text == "NOTE:a, b;c\\d\ne"
    assert seg.line_starts == (0, 10, 14)
    assert len(seg.pieces) == 3


def test_a_utf8_letter_cut_by_the_fold_is_read_again() -> None:
    """A fold inside a two-byte letter makes the file no UTF-8: read as Windows-1252, the joined bytes are UTF-8."""
    raw = crlf([*VCARD, f"NOTE:Kartennummer {VISA} g", " ltig bis 03/29"]).encode()
    raw = raw.replace(b"NOTE:Kartennummer " + VISA.encode() + b" g", b"NOTE:Kartennummer " + VISA.encode() + b" g\xc3")
    raw = raw.replace(b"\r\n ltig", b"\r\n \xbcltig")
    (seg,) = D.decode(raw.decode("cp1252"))
    assert seg.text.endswith("g\u00fcltig bis 03/29")


@pytest.mark.parametrize(
    "text",
    [
        # a YAML block, an indented log line, a mail header folded (RFC 5322): no calendar or card around them
        f"DESCRIPTION: card {VISA[:9]}\n  {VISA[9:]}\n",
        f"ERROR: charge failed for {VISA[:6]}\n    {VISA[6:]} at line 3\n",
        f"Subject: refund for card {VISA[:8]}\r\n {VISA[8:]}\r\n",
        # after the calendar ended; an unfolded line; a continuation line with no property line before it
        crlf([*VCAL, "END:VEVENT", "END:VCALENDAR", f"NOTE:card {VISA[:8]}", f" {VISA[8:]}"]),
        crlf([*VCARD, f"NOTE:card {VISA[:8]}", f"X-NEXT:{VISA[8:]}"]),
        f" leading {VISA[:8]}\r\n {VISA[8:]}\r\n",
    ],
    ids=masked_id,
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # a number folded across lines of a calendar; the same digits as two numbers (a space kept: no fold)
        crlf([*VCAL, f"DESCRIPTION:ref {VISA[:8]}", f"  {VISA[8:]}"]),
        crlf([*VCARD, f"NOTE:order {VISA[:8]}", f"NOTE:order {VISA[8:]}"]),
    ],
    ids=masked_id,
)
def test_a_number_split_by_a_kept_space_or_two_properties_stays_quiet(text: str) -> None:
    for engine in ENGINES:
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == []


def test_a_line_of_too_many_pieces_is_cut_and_said_so() -> None:
    text = crlf([*VCARD, "NOTE:x", *[" y"] * (MAX_PIECES + 5)])
    with collecting() as limits:
        (seg,) = D.decode(text)
    assert OUTPUT in limits
    assert len(seg.pieces) == MAX_PIECES


def test_a_calendar_in_a_base64_mail_part_is_read_unfolded() -> None:
    """An invitation mailed as a ``text/calendar`` part: base64 first, then the folded line, each value on the mail
    line that holds its encoded characters."""
    ics = crlf([*VCAL, f"DESCRIPTION:Retry.\\nCard number: {VISA[:6]}", f" {VISA[6:]} exp 09/27", "END:VEVENT"])
    body = base64.encodebytes(ics.encode()).decode()
    mail = "Content-Type: text/calendar; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body
    for engine in ENGINES:
        got = {(s.type, s.encoding) for s in engine.scan_text(mail)}
        assert got == {("pan", ("base64", "content_lines")), ("expiry", ("base64", "content_lines"))}
