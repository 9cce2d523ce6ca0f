"""An expiry decoded from a segment is judged in the record it was written in, as a plain one is
(``card_summary``): the card-metadata judgement of the text around the segment, not only of the decoded text.

A decoder hands the engine one segment at a time, and a segment holds a value and its key at most: a form body's
``masked_pan=424242%2A%2A%2A%2A%2A%2A4242&expiry=12%2F27`` (a Lambda function URL event's base64 ``body``, read
once decoded) is percent-decoded field by field, so ``expiry=12/27`` reaches the expiry detector without the masked
card beside it. Here, after a text's segments are scanned, an expiry found in one of them is dropped when the record
around the segment names its card truncated and holds no full card number (``card_summary.truncated_object``), and no
card number was decoded inside that record either (a sibling field's percent-encoded PAN: the record holds it).

Only a segment decoded in place, a value's token inside its record (its decoder declares ``in_place``; the span's
first encoding names the decoder), is judged so: a decoder that puts a record back together (a container log's split
line, a model's streamed answer, SQL binds, a DynamoDB item) gives the record whole, so the decoded text's own
judgement stands (the pieces alone misread a split card number's first four digits as a last four).
"""

from __future__ import annotations

from functools import cache

from scanners.decoders import decoder_classes
from scanners.detectors.card_summary import truncated_object
from scanners.engine.finding import Span


@cache
def _in_place() -> frozenset[str]:
    """The ids of the decoders that decode in place (a span's first encoding names its decoder)."""
    return frozenset(cls.id for cls in decoder_classes() if cls.in_place)


def judged_in_records(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (offsets into ``text``) without the decoded expiry dates that are card metadata in ``text``."""
    in_place = _in_place()
    if not any(s.type == "expiry" and s.encoding[:1] and s.encoding[0] in in_place for s in spans):
        return spans
    cards = [s.start for s in spans if s.type == "pan"]
    kept = []
    for s in spans:
        if s.type == "expiry" and s.encoding[:1] and s.encoding[0] in in_place and (
                record := truncated_object(text, s.start)) is not None and not any(
                record[0] <= at < record[1] for at in cards):
            continue
        kept.append(s)
    return kept
