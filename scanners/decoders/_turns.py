"""Spoken words written back as a transcript's turns, one ``"transcript": "..."`` line each, for the decoders that
join words a speech or subtitle format keeps apart (``stt_words``: one JSON object a word; ``subtitle_cues``: one
cue a few words), with where each line of the source segment starts in the decoded text (``Decoded.line_starts``),
so a value is reported on the line where its first word stands."""

from __future__ import annotations

import json
from collections.abc import Sequence


def transcript(pieces: Sequence[tuple[int, str, bool]]) -> tuple[str, list[tuple[int, int]]]:
    """``pieces``: (where the piece stands in the source, its words, whether its turn ends after it). The turns as
    lines, and (source position, decoded offset) of each piece."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    size, open_turn = 0, False
    for at, said, ends in pieces:
        piece = json.dumps(said, ensure_ascii=False)[1:-1]  # as said: no escape layer
        lead = " " if open_turn else '"transcript": "'
        out.append(lead + piece)
        marks.append((at, size + len(lead)))
        size += len(lead) + len(piece)
        open_turn = True
        if ends:
            out.append('"\n')
            size, open_turn = size + 2, False
    if open_turn:
        out.append('"')
    return "".join(out), marks


def line_starts(text: str, s: int, e: int, marks: Sequence[tuple[int, int]], size: int) -> tuple[int, ...]:
    """Where each line of ``text[s:e]`` starts in the decoded text: at the first piece standing on it or after it
    (``size``, the decoded text's length, when none does)."""
    starts: list[int] = []
    k, line = 0, s
    while line <= e:
        while k < len(marks) and marks[k][0] < line:
            k += 1
        starts.append(marks[k][1] if k < len(marks) else size)
        stop = text.find("\n", line, e)
        line = e + 1 if stop < 0 else stop + 1
    return tuple(starts)
