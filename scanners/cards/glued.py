"""Card numbers glued to a word character where the structure, not the character, makes the digits a whole field.

The PAN detectors never read a digit run glued to a letter or ``_`` (``INV4111...``, ``ord_4111...``: a piece of an
id). Two structures say otherwise, each recognisable without looking at the digits:

- An object key or file name (an S3 key in a server access log or an Inventory CSV, a path, an attachment name):
  ``_`` separates the words of a name, so a digit run between ``_``, ``/`` or ``-`` (also URL-encoded: ``%2F``,
  ``%5F``) and ``_``, ``.``, ``-``, ``/`` or the name's end is a whole token of it. Only in a token that reads as a
  path or a file name (a ``/`` or ``%2F`` before the digits, or a file extension closing it); 13 to 19 digits (a
  12-digit run in an object key is an AWS account id first: CloudTrail, Config and load-balancer log keys hold one);
  never glued to a letter (hex digests, base64, ``INV...`` ids). Companions: the expiry segment right after the
  number (``<pan>_0327.json``, MMYY) and a security-code segment later in the name (``_cvv123``, ``-cvc2_1234``).
  Not where an id word starts the segment (``invoices/invoice_<n>.pdf``: ``idkeys`` reads it as a key), nor where a
  hex digest follows the digits (``…/2023-01-01/<n>_948d972f9d82e02cec85_72.png``: Slack's avatar URLs, an upload
  named by its id and its content's hash; a card number's own name has its expiry and code there, never a hash), nor
  where the segment's word names the record the file holds (``dialpad/call_<n>_transcript.json``, ``meeting_<n>``,
  ``recording-<n>``, ``session_<n>``: a call's, a meeting's or a session's id, as an id word names an id), nor in a
  composite id that is a URL path's whole segment (``/media/<n>_<owner id>``: two long numbers glued by ``_``).
- A fixed-width record (acquirer chargeback and retrieval files, mainframe extracts): lines of one length whose
  column 1 holds an upper-case record-type letter, the PAN field right after it (the digits, padded with spaces to
  the field's width, or a full 19-digit field glued to the next one), and the expiry as YYMM right after the PAN
  field. Only when a neighbouring line is a record of the same length, or when the line reads as a record on its own
  (a legacy settlement or batch file whose card records sit between records of other types and lengths): written in
  upper-case letters, digits and spaces only, at least 40 characters, and the PAN padded with spaces to the 19-digit
  field's width at least, with fields after the padding. The type may be two letters (``DR``, ``CB``). A NACHA
  entry record leads with a digit; an id in prose or JSON is not at a line's start or holds other characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from scanners.cards.brands import is_pan_ascii
from scanners.cards.confounders import confounder
from scanners.cards.idkeys import near_id_keyed
from scanners.lazy_re import lazy_compile

Kind = Literal["pan", "expiry", "cvv"]
KEY_TRIGGERS = (
    r"_[1-9][0-9]{12}",  # a name's word separator before the digits
    r"[0-9]{13}_",  # ... or after them
    r"%2[Ff][1-9][0-9]{12}",  # a URL-encoded slash before them (a key in an S3 access log's key field)
    r"%5[Ff][1-9][0-9]{12}",  # a URL-encoded underscore
    r"[0-9]{13}%5[Ff]",
)
RECORD_TRIGGERS = (
    r"^[A-Z]{1,2}[1-9][0-9]{11}",
    r"^[A-Z]{1,2}0[0-9]{23}",  # a zero-filled account before a PAN
    r"^[0-9]{1,3}(?:CARD|PAN)[1-9][0-9]{11}",  # a numbered record type, then its tag naming the card
)
KEY_REACH = 64  # how far past the card number a security-code segment of the same name can end
PAN_FIELD = 19  # the width of a PAN field that no padding ends: the longest card number

_ENCODED = ("%2F", "%2f", "%5F", "%5f")
_KEY_PAN = lazy_compile(
    r"(?:(?<=[_/\-])|(?<=%2[Ff])|(?<=%5[Ff]))([1-9][0-9]{12,18})(?![0-9])"
    r"(?=[_.\-/]|%2[Ff]|%5[Ff]|[\s\"'<>(),;|=?&\\]|$)"
)
# A hex digest glued after the digits by ``_`` (a letter in it: no other number's digits)
_DIGEST_AFTER = lazy_compile(r"_(?=[0-9]{0,63}[a-f])[0-9a-f]{16,64}(?![0-9A-Za-z])")
# A composite id, a URL path's whole segment: ``/media/<media id>_<owner id>`` (Instagram's media ids, the Graph API's
# ``<page id>_<post id>``): two long numbers glued by ``_``, no file extension; a card's name glues its expiry (four
# digits) or a code segment there, never another id
_COMPOSITE = lazy_compile(r"(?:(?<=/)[0-9]{13,19}_[0-9]{8,20}|(?<=/)[0-9]{8,20}_[0-9]{13,19})(?=[/?#\s\"']|$)")
# A record's name before the number in its segment: the number is that call's, meeting's, recording's... id
_RECORD_BEFORE = lazy_compile(
    r"(?<![A-Za-z0-9])(?i:call|meeting|recording|conversation|session|chat|transcript|interaction|voicemail|ticket"
    r"|case|job|message|thread)[_\-]$")
_TOKEN_END = frozenset(" \t\r\n\"'<>(),;|=?&\\[]{}`")
_EXTENSION = lazy_compile(r"\.[A-Za-z][A-Za-z0-9]{1,4}$")
_SEGMENT_SEP = r"(?:[_.\-/]|%2[Ff]|%5[Ff])"
_EXPIRY_SEGMENT = lazy_compile(rf"{_SEGMENT_SEP}(?:(?i:exp(?:iry)?)[_\-]?)?((?:0[1-9]|1[0-2])[0-9]{{2}})(?=[_.\-/%]|$)")
_CODE_SEGMENT = lazy_compile(rf"{_SEGMENT_SEP}(?i:cvv2?|cvc2?|csc|cid)[_\-]?([0-9]{{3,4}})(?=[_.\-/%]|$)")
_RECORD = lazy_compile(r"^[A-Z]{1,2}([0-9]{12,})( {0,10})", re.MULTILINE)
# A print stream's or extract's record led by a numbered type and a tag that names the card (``30CARD<pan>    0730``
# beside ``30SEPA<iban>``, ``10<account><name>``): the tag names the field as a key would, the PAN padded to its field
# or ending the line. (The field after it is left alone: such files write an expiry as MMYY or YYMM alike.)
_TAGGED = lazy_compile(r"^[0-9]{1,3}(?:CARD|PAN)([0-9]{12,19})(?= |\r?$)", re.MULTILINE)
_TAGGED_LINE = lazy_compile(r"[A-Z0-9 ]{16,}")
_RECORD_LINE = lazy_compile(r"[A-Z0-9 ]{40,}")  # a record on its own: upper-case letters, digits and spaces
_PADDING = lazy_compile(r" +(?=[A-Z0-9])")  # a field's padding, another field after it
_YYMM = lazy_compile(r"[0-9]{2}(?:0[1-9]|1[0-2])")


def _token(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = start, end
    while lo > 0 and start - lo < 256 and text[lo - 1] not in _TOKEN_END:
        lo -= 1
    while hi < len(text) and hi - end < 256 and text[hi] not in _TOKEN_END:
        hi += 1
    return lo, hi


def _glued(text: str, start: int, end: int) -> bool:
    """Joined to its name by ``_`` or an encoded separator (bare ``/``, ``-`` and ``.`` are the PAN detector's)."""
    return (
        text[start - 1] == "_"
        or text[start - 3 : start] in _ENCODED
        or (end < len(text) and text[end] == "_")
        or text[end : end + 3] in _ENCODED
    )


def key_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """(start, end, type, value, pan digits) of each card number glued into an object key or file name, and of its
    expiry and code segments, for card numbers starting from ``pos - KEY_REACH`` up to ``endpos``'s line end."""
    hi = text.find("\n", endpos)
    for m in _KEY_PAN.finditer(text, max(0, pos - KEY_REACH), len(text) if hi < 0 else hi):
        start, end = m.span(1)
        if start >= endpos:
            return
        digits = m[1]
        if not _glued(text, start, end) or not is_pan_ascii(digits):
            continue
        lo, top = _token(text, start, end)
        head = text[lo:start]
        if "/" not in head and "%2f" not in head.lower() and not _EXTENSION.search(text, end, top):
            continue  # not a path or a file name
        if _COMPOSITE.match(text, start if text[start - 1] == "/" else text.rfind("/", lo, start) + 1):
            continue
        if (confounder(text, start, end, digits, 1) or _DIGEST_AFTER.match(text, end) or near_id_keyed(text, start)
                or _RECORD_BEFORE.search(text, max(lo, start - 16), start)):
            continue
        yield start, end, "pan", digits, digits
        if (e := _EXPIRY_SEGMENT.match(text, end, top)) is not None:
            yield e.start(1), e.end(1), "expiry", f"{e[1][:2]}/{e[1][2:]}", digits
        if (c := _CODE_SEGMENT.search(text, end, min(top, end + KEY_REACH))) is not None:
            yield c.start(1), c.end(1), "cvv", c[1], digits


def _line_len(text: str, ls: int) -> int:
    le = text.find("\n", ls)
    le = len(text) if le < 0 else le
    return le - ls - (1 if le > ls and text[le - 1] == "\r" else 0)


def _is_record(text: str, ls: int, start: int, end: int) -> bool:
    """The line at ``ls`` and a neighbouring line are records of one length, each led by an upper-case letter; or
    the line alone reads as a record whose PAN ``text[start:end]`` is padded with spaces to the field's width at
    least, another field after the padding."""
    n = _line_len(text, ls)
    if n < 40:
        return False
    pad = _PADDING.match(text, end, ls + n)
    if pad is not None and pad.end() - start >= PAN_FIELD and _RECORD_LINE.fullmatch(text, ls, ls + n):
        return True
    nxt = text.find("\n", ls) + 1
    if 0 < nxt < len(text) and text[nxt].isupper() and _line_len(text, nxt) == n:
        return True
    if ls >= 2:
        prev = text.rfind("\n", 0, ls - 1) + 1
        return text[prev].isupper() and _line_len(text, prev) == n
    return False


def _field_at(text: str, at: int) -> tuple[int, int] | None:
    """(end of the PAN, where the field after it starts) of the PAN field starting at ``at`` and ending a digit run:
    a card number padded with spaces, or a full 19-digit field with its YYMM glued after it."""
    end = at
    while end < len(text) and text[end].isdigit():
        end += 1
    if end - at == PAN_FIELD + 4 and _YYMM.match(text, at + PAN_FIELD) and is_pan_ascii(text[at : at + PAN_FIELD]):
        return at + PAN_FIELD, at + PAN_FIELD
    if 12 <= end - at <= PAN_FIELD and text[end : end + 1] == " " and is_pan_ascii(text[at:end]):
        pad = _PADDING.match(text, end)
        return end, end if pad is None else pad.end()
    return None


def _after_account(text: str, ls: int, kind: int, run_end: int) -> tuple[int, int, int] | None:
    """(start, end, field end) of the PAN field that ends the digit run ``text[ls + kind:run_end]`` of a record led
    by a ``kind``-letter type, after an account number glued before it (a mainframe extract's numeric fields touch):
    the column where it starts must start such a field in the records of the same type and length next to it too
    (each of them, at least one), as a number's tail is a valid card number in about one case of twenty."""
    n = _line_len(text, ls)
    if n < 40:
        return None
    neighbours = []
    nxt = text.find("\n", ls) + 1
    if 0 < nxt < len(text) and _line_len(text, nxt) == n and text.startswith(text[ls : ls + kind], nxt):
        neighbours.append(nxt)
    prev = text.rfind("\n", 0, ls - 1) + 1 if ls >= 2 else -1
    if prev >= 0 and _line_len(text, prev) == n and text.startswith(text[ls : ls + kind], prev):
        neighbours.append(prev)
    if not neighbours:
        return None
    first = ls + kind + 1  # at least one digit of the account number before the PAN
    for start in (*range(max(first, run_end - PAN_FIELD), run_end - 11), run_end - PAN_FIELD - 4):
        if start < first or (field := _field_at(text, start)) is None:
            continue
        col = start - ls
        if all(text[other + col - 1].isdigit() and _field_at(text, other + col) for other in neighbours):
            return start, field[0], field[1]
    return None


def record_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """(start, end, type, value, pan digits) of the PAN field and the YYMM after it in each fixed-width record that
    starts in ``text[pos:endpos]`` (a record cut by ``pos`` is read from its start)."""
    ls, hi = text.rfind("\n", 0, pos) + 1, text.find("\n", endpos)
    yield from _tagged_pans(text, ls, endpos, len(text) if hi < 0 else hi)
    for m in _RECORD.finditer(text, ls, len(text) if hi < 0 else hi):  # the whole line: its padding decides
        if m.start() >= endpos:
            return
        start, digits = m.start(1), m[1]
        if len(digits) > PAN_FIELD and (after := _after_account(text, m.start(), len(m[0]) - len(m[1] + m[2]),
                                                                  m.end(1))) is not None:
            start, end, field_end = after
            digits = text[start:end]
            if not confounder(text, start, end, digits, 1):
                yield from _record_card(text, start, end, field_end, digits)
            continue
        if m[2] and len(digits) <= PAN_FIELD:
            field_end = m.end(2)
        elif len(digits) >= PAN_FIELD + 4:
            digits, field_end = digits[:PAN_FIELD], start + PAN_FIELD
        else:
            continue
        end = start + len(digits)
        if not is_pan_ascii(digits) or not _is_record(text, m.start(), start, end):
            continue
        if not confounder(text, start, end, digits, 1):
            yield from _record_card(text, start, end, field_end, digits)


def _tagged_pans(text: str, ls: int, endpos: int, hi: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """The PAN of each record led by a numbered type and a card tag (``_TAGGED``) that starts in ``[ls, endpos)``."""
    for m in _TAGGED.finditer(text, ls, hi):
        if m.start() >= endpos:
            return
        start, end, digits = m.start(1), m.end(1), m[1]
        le = text.find("\n", end)
        le = len(text) if le < 0 else le - (text[le - 1] == "\r")
        if is_pan_ascii(digits) and _TAGGED_LINE.fullmatch(text, m.start(), le) and not confounder(
                text, start, end, digits, 1):
            yield start, end, "pan", digits, digits


def _record_card(
    text: str, start: int, end: int, field_end: int, digits: str
) -> Iterator[tuple[int, int, Kind, str, str]]:
    """A record's card number, then its expiry when the field after it holds YYMM."""
    yield start, end, "pan", digits, digits
    if _YYMM.match(text, field_end) is not None:
        yymm = text[field_end : field_end + 4]
        yield field_end, field_end + 4, "expiry", f"{yymm[2:]}/{yymm[:2]}", digits
