"""Numbers that are fields of a layout no card is written in, for ``confounders``: a hex dump's line (an offset,
then byte groups: ``hexdump``), a NACHA/ACH file's 94-character records (``fixed_width``), and a slice of a
bracketed list of integers (``int_array``: a model's ``prompt_token_ids``), and a MIME boundary's digits
(``mime_boundary``: Python's ``email`` package writes ``===============<19 random digits>==``).
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# An offset (a multiple of 8) and at least six byte groups: "4111 1111 1111 1111" is no dump line.
_DUMP_LINE = re.compile(
    r"[ \t|]*(?:0x)?[0-9A-Fa-f]{3,7}[08][:|]?[ \t]+(?:[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?: {1,2}|$)){6,}"
)
_NACHA = re.compile(r"[156789][0-9A-Z ]{93}")
_NACHA_RECORD = lazy_compile(r"[156789][0-9A-Z ]*\r?")  # a record of a NACHA file, its length aside
_NACHA_SLACK = 8  # how far a NACHA file's record may stray from 94 characters


def in_dump_line(text: str, end: int, ls: int, le: int) -> bool:
    """The line ``text[ls:le]`` is a hex dump's and the number ending at ``end`` lies in its byte groups."""
    dump = _DUMP_LINE.match(text, ls, le)
    return dump is not None and end <= dump.end()


def mime_boundary(text: str, start: int, end: int) -> bool:
    """The digits ``text[start:end]`` lie in a run of digits between ``===`` and ``==``: a MIME boundary as Python's
    ``email`` package makes it (15 ``=``, a random 19-digit number, ``==``), in its ``boundary=`` parameter and on its
    delimiter lines (``--===============…==``, ``…==--``); no card number is written fenced by ``=``."""
    lo, hi = start, end
    while lo > 0 and text[lo - 1].isdigit():
        lo -= 1
    while hi < len(text) and text[hi].isdigit():
        hi += 1
    return text[max(0, lo - 3) : lo] == "===" and text[hi : hi + 2] == "=="


def dump_line(text: str, ls: int, le: int) -> bool:
    """The line ``text[ls:le]`` is a hex dump's (its ASCII column may end in a ``=`` that breaks nothing)."""
    return _DUMP_LINE.match(text, ls, le) is not None


def nacha_record(text: str, ls: int, le: int) -> bool:
    """The line ``text[ls:le]`` is a NACHA record: 94 characters of its alphabet, or a record of a NACHA file a few
    characters off its 94."""
    return (le - ls == 94 and _NACHA.fullmatch(text, ls, le) is not None) or _nacha_file_record(text, ls, le)


_INTS = re.compile(r"[0-9, \t]*")
_MEMBER_AFTER = lazy_compile(r"[ \t]*,[ \t]*[0-9]")
_MEMBERS_AFTER = lazy_compile(r"(?:[ \t]*,[ \t]*[0-9]+){3}")


def int_array_slice(text: str, start: int, end: int, ls: int) -> bool:
    """``text[start:end]`` lies in a ``[`` list of integers that holds members on both sides of it, or three or more
    on one (a card number said in groups then its code, ``[4111, 1111, 1111, 1111, 123]``, stays a card)."""
    lb = text.rfind("[", ls, start)
    if lb < 0 or _INTS.fullmatch(text, lb + 1, start) is None:
        return False
    before = text.count(",", lb + 1, start)
    return (before >= 1 and _MEMBER_AFTER.match(text, end) is not None) or before >= 3 or (
        _MEMBERS_AFTER.match(text, end) is not None)


def _nacha_file_record(text: str, ls: int, le: int) -> bool:
    """The line ``text[ls:le]`` is a record of a NACHA file (the text opens with its ``101`` file header, a
    94-character record) written a few characters off its 94 (blanks trimmed or padded, a field overrun)."""
    return (text.startswith("101") and _NACHA.fullmatch(text, 0, 94) is not None and text[94:95] in ("\n", "\r")
            and abs(le - ls - 94) <= _NACHA_SLACK and _NACHA_RECORD.fullmatch(text, ls, le) is not None)
