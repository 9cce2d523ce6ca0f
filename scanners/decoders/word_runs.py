"""A WordprocessingML paragraph read as Word renders it: ``document.xml`` pasted into a ticket, logged by a document
service or kept as a flat ``.xml`` holds a paragraph's text in runs (``<w:r>…<w:t>4111 </w:t></w:r>``), a new run
wherever the formatting changes, so a number typed with its groups bold, or edited digit by digit under track
changes, sits in several ``<w:t>`` elements (ECMA-376 Part 1, 17.3.3). A ``.docx`` file itself is read by
``formats.docx``, which joins a paragraph's runs the same way.

The trigger is a digit, blanks or not, closing a ``<w:t>``. Each ``<w:p>`` on the line (or the line's text from the
trigger's paragraph start to its end, for a paragraph continued on the next line) is decoded as its ``<w:t>`` texts
in order, ``<w:tab/>`` a tab, ``<w:noBreakHyphen/>`` a hyphen, XML entities unescaped; only a paragraph with digits in
two runs or more is decoded (a whole number in one run is read in place).

Limits: a paragraph is read within its line; lines longer than ``max_segment`` characters are not decoded (noted);
decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"[0-9][ \t]*</w:t>",)
_TRIGGER = re.compile(TRIGGERS[0])
_PARAGRAPH = lazy_compile(r"<w:p(?=[ >])(?:(?!</w:p>).)*")
_PIECE = lazy_compile(r"<w:t(?:[ \t][^>]*)?>([^<]*)</w:t>|<w:(tab|noBreakHyphen)/>")
_DIGIT = lazy_compile("[0-9]")
_SIGNS = {"tab": "\t", "noBreakHyphen": "-"}


class WordRunsDecoder(BoundedDecoder):
    id = "word_runs"
    priority = 31
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            for para in _PARAGRAPH.finditer(text, s, e):
                pieces = [m.group(1) if m.group(1) is not None else _SIGNS[m.group(2)]
                          for m in _PIECE.finditer(text, para.start(), para.end())]
                if sum(1 for p in pieces if _DIGIT.search(p)) < 2:
                    continue
                decoded = "".join(pieces)
                decoded = html.unescape(decoded) if "&" in decoded else decoded
                yield Decoded(para.start(), para.end(), capped(decoded, self.max_output), ("word_runs",))


DECODER = WordRunsDecoder
