"""Digit groups joined by LaTeX ties: ``~`` is LaTeX's non-breaking space, so a card number written in a ``.tex``
source to keep its groups on one line (``Card: \\texttt{4111~1111~1111~1111}``) renders as ``4111 1111 1111 1111``.

The trigger is three digit groups (2 to 6 digits) joined by single ties; the segment is the whole run of groups and
ties, each tie read as a space (``same_places``: a value is reported where it stands). The PAN detector then judges
the number (Luhn, IIN, grouping) as it judges one typed with spaces.

Limits: lines longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"[0-9]{2,6}~[0-9]{2,6}~[0-9]",)
_TRIGGER = re.compile(TRIGGERS[0])
_RUN = lazy_compile(r"(?<![0-9A-Za-z_])[0-9]+(?:~[0-9]+){2,}")


class LatexTiesDecoder(BoundedDecoder):
    id = "latex_ties"
    priority = 32
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            for m in _RUN.finditer(text, s, e):
                decoded = capped(m.group().replace("~", " "), self.max_output)
                yield Decoded(m.start(), m.end(), decoded, ("latex_ties",), same_places=True)


DECODER = LatexTiesDecoder
