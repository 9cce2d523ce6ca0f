"""Digit groups some of which are emphasised in Markdown or Slack mrkdwn: ``**4736** 7379 **9910** 0886``,
``card 2589 *7103* 1318 *7550*``, ``_4111_ 1111``, ``~~4111~~``: the reader sees one number, so the segment is read
with the emphasis marks dropped, ``4736 7379 9910 0886``.

A segment is a run of digit groups joined by blanks where each group, or a few groups together (Slack's
``card *4514 1676* 1234 3207``), may be wrapped in one to two ``*``, ``_`` or ``~`` (the same mark on both sides);
at least one is wrapped. The marks are dropped only there, so a masked number
(``4111 **** **** 1111``), a product ``4 * 1111`` or a glob stays as written. The trigger is a wrapped group of 3 to
6 digits (or up to four of them) next to another group, so prose and logs rarely fire it.

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at
``max_output``.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_MARK = r"(?:\*\*?|__?|~~?)"
_RUN = r"[0-9]{3,6}(?: [0-9]{3,6}){0,3}"  # what one pair of marks wraps: a group, or a few
TRIGGERS = (
    rf"[0-9][ \t]+{_MARK}{_RUN}{_MARK}(?:[^0-9A-Za-z_]|$)",
    rf"(?:^|[^0-9A-Za-z_*~]){_MARK}{_RUN}{_MARK}[ \t]+[*_~]{{0,2}}[0-9]",
)
# a group, bare, or groups wrapped in one mark repeated on both sides
_GROUP = r"(?:(?P<m{n}>\*\*?|__?|~~?)[0-9]{{1,7}}(?: [0-9]{{1,7}}){{0,3}}(?P=m{n})|[0-9]{{1,7}})"
_REGION = lazy_compile(
    rf"(?<![0-9A-Za-z_*~]){_GROUP.format(n=0)}(?:[ \t]{{1,2}}{_GROUP.format(n=1)}){{2,7}}(?![0-9A-Za-z_*~])"
)
_WRAPPED = lazy_compile(r"(\*\*?|__?|~~?)([0-9]{1,7}(?: [0-9]{1,7}){0,3})\1")


def drop_marks(text: str) -> str:
    """``text`` with the emphasis marks around its digit groups dropped where a run of groups has some (``_REGION``)."""
    return _REGION.sub(lambda m: _WRAPPED.sub(r"\2", m.group()), text)


class EmphasisGroupsDecoder(BoundedDecoder):
    id = "emphasis_groups"
    priority = 33
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for lo, hi in window_lines(text, pos, endpos):
            if over_limit(hi - lo, self.max_segment):
                continue
            for m in _REGION.finditer(text, lo, hi):
                raw = m.group()
                decoded = _WRAPPED.sub(r"\2", raw)
                if decoded != raw:
                    yield Decoded(m.start(), m.end(), capped(decoded, self.max_output), ("emphasis_groups",))


DECODER = EmphasisGroupsDecoder
