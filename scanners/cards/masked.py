"""Masked card numbers, as ``detectors.card_summary`` reads a truncated card: a run of mask characters (``*``, ``x``,
``X``, bullets, also as JSON escapes, HTML entities or quoted-printable, across its soft line breaks too) and the last
four digits, after none or four to six or eight leading digits (``************4242``, ``424242******4242``,
``XXXX-XXXX-XXXX-4242``). A JSON escape may be escaped again, in a JSON string that holds JSON (a WireMock mapping's
``equalToJson``, a Postman raw body: ``\\\\u2022``), and bullets may be lost to a charset that has none, each written
``?`` (a PDF or an export encoded as Latin-1 with replacement): four at least in a run. A group of four digits in
Markdown bold (``**1234** 5678``) is no mask's lead."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A run of mask characters as typed, or of bullets as JSON escapes, HTML entities or quoted-printable write them;
# the number of mask characters is counted after the match (``_UNIT``).
# Possessive runs and an atomic sequence: a long run of stars or x's splits into runs one way only (no backtracking).
_RUN = (r"(?:\*{2,}+|x{2,}+|X{2,}+|\?{4,}+|[\u2022\u25cf]++|(?:\\{1,2}u(?:2022|25[cC][fF]))++"
        r"|(?:&(?:bull|#8226|#x2022);)++|(?:=E2(?:=\r?\n)?=(?:80(?:=\r?\n)?=A2|97(?:=\r?\n)?=8F)(?:=\r?\n)?)++)")
# The mask and last four digits; the leading digits before it are read by ``_leading``.
_MASK_TAIL = re.compile(rf"(?>(?:{_RUN}[ \-]?){{1,8}})[0-9]{{4}}(?![0-9])")
_UNIT = re.compile(r"[*xX?\u2022\u25cf]|\\{1,2}u(?:2022|25[cC][fF])|&(?:bull|#8226|#x2022);|=E2(?:=\r?\n)?=(?:80|97)")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# How every mask run begins (a quoted-printable bullet's first byte, a soft break after it or not)
MARKS = ("**", "xx", "XX", "????", "\u2022", "\u25cf", "\\u2022", "\\u25", "\\\\u2022", "\\\\u25", "&bull;", "&#8226;",
         "&#x2022;", "=E2=")


def masked_spans(text: str, a: int, b: int, spots: dict[str, list[int]] | None = None) -> Iterator[tuple[int, int]]:
    """Masked card numbers in ``text[a:b]``: a mask run and the last four digits, matched where a run begins (found
    by plain substring searches, or given as ``spots``: each of ``MARKS``' starts in ``text[a:b]``, overlapping ones
    too; a regex search for its first characters would try every position), then its leading digits read back from
    it (``_leading``). Four mask characters at least, or two after four to six or eight leading digits; nothing glued
    to a letter or digit before it."""
    b = min(b, len(text))
    begins: set[int] = set()
    for mark in MARKS:
        if spots is not None:  # each mark's occurrences one after another, as the searches below find them
            after = a
            for at in spots.get(mark, ()):
                if a + at >= after:
                    begins.add(a + at)
                    after = a + at + len(mark)
            continue
        at = text.find(mark, a, b)
        while at >= 0:
            begins.add(at)
            at = text.find(mark, at + len(mark), b)
    done = a
    for start in sorted(begins):
        if start < done:
            continue
        if (m := _MASK_TAIL.match(text, start, b)) is None:
            done = start
            while done < b and text[done] in "*xX?\u2022\u25cf":
                done += 1  # a later start inside this run fails alike: the runs are possessive
            continue
        done = m.end()
        if (lead := _leading(text, a, start)) is None or (lead > 0 and text[lead - 1] in _ALNUM):
            continue
        if _bold(text, lead, start, m.end()):
            continue
        if len(_UNIT.findall(text, start, m.end() - 4)) >= (2 if lead < start else 4):
            yield lead, m.end()


def _bold(text: str, lead: int, start: int, end: int) -> bool:
    """The mask beginning at ``start`` is the Markdown bold of a group of four digits around it (``**1234** 5678`` and
    ``1234 **5678**``, ``lead`` and ``end`` the masked number's bounds): every digit is there, none masked."""
    if start == lead + 4 and lead >= 2 and text.startswith("**", lead - 2) and text.startswith("** ", start):
        return True
    return end == start + 6 and text.startswith("**", end)


def _leading(text: str, a: int, start: int) -> int | None:
    """Where the first four to six or eight digits of a masked number whose mask begins at ``start`` begin (PCI DSS v4
    lets a BIN-8 card show eight), in one run or in groups (``4242 42** **** 4242``); ``start`` when fewer than four
    lead; None when seven or more than eight do (no truncation PCI DSS allows)."""
    at = start - 1 if start > a and text[start - 1] in " -" else start
    count = 0
    while count <= 8:
        group = at
        while group > a and text[group - 1] in "0123456789":
            group -= 1
        count, at = count + at - group, group
        if not (count and at - 1 > a and text[at - 1] in " -" and text[at - 2] in "0123456789"):
            break
        at -= 1
    if count < 4:
        return start
    return at if count in (4, 5, 6, 8) else None
