"""Digits that are a whole segment of a path: an object key or URL path whose folders before the digits are words
and date parts (``CallRecordings/2026/12/07/<n>_199ed302.wav``, a call recording named by the card keyed in). Such a
token is no piece of base64 (``confounders``' ``blob``), though it is a long run of base64's characters with capitals
and small letters joined to the digits by ``/``: a blob's pieces between slashes are no run of words."""

from __future__ import annotations

import re

# A path's folder: a word (``CallRecordings``, ``recordings``; CamelCase words of three letters or more) or a date part
_FOLDER = re.compile(r"[A-Za-z][a-z]{2,}(?:[A-Z][a-z]{2,})*|[0-9]{1,4}")


def path_segment(text: str, lo: int, start: int, end: int) -> bool:
    """``text[start:end]`` follows ``/`` and ends its segment (a name's end after it: ``.``, ``_``, ``-``, ``/``, a
    blank or the text's end), and the folders in ``text[lo:start]`` are all words or date parts."""
    after = text[end : end + 1]
    if text[start - 1 : start] != "/" or (after and (after.isalnum() or after in "+=")):
        return False
    folders = [f for f in text[lo : start - 1].split("/") if f]
    return bool(folders) and all(_FOLDER.fullmatch(f) for f in folders)
