"""Decoders of encoded segments (base64 and gzip, percent, JSON escapes, HTML entities) for the scan engine."""

from __future__ import annotations

from scanners.decoders._common import MAX_OUTPUT_CHARS, MAX_SEGMENT_CHARS, BoundedDecoder
from scanners.decoders.base64 import Base64Decoder
from scanners.decoders.html_entity import HtmlEntityDecoder
from scanners.decoders.json_escape import JsonEscapeDecoder
from scanners.decoders.percent import PercentDecoder
from scanners.detectors.base import Decoder

DEFAULT_DECODERS: tuple[Decoder, ...] = (
    PercentDecoder(),
    JsonEscapeDecoder(),
    HtmlEntityDecoder(),
    Base64Decoder(),
)

__all__ = [
    "DEFAULT_DECODERS",
    "MAX_OUTPUT_CHARS",
    "MAX_SEGMENT_CHARS",
    "Base64Decoder",
    "BoundedDecoder",
    "HtmlEntityDecoder",
    "JsonEscapeDecoder",
    "PercentDecoder",
]
