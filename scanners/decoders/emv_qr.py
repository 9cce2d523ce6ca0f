"""EMVCo consumer-presented QR payloads as a wallet, a POS or a scanner logs them: base64 of binary BER-TLV
(``CPM payload=hQVDUFYwMWE1TwegAAAAAxAQVxNQ…``).

The EMV QR Code Specification for Payment Systems (Consumer-Presented Mode) opens every payload with the Payload
Format Indicator, tag ``85`` holding ``CPV01``; in base64 those bytes always begin ``hQVDUFYwM``, the trigger. The
application template (``61``) that follows holds the card's tags (``4F`` AID, ``57`` track 2 equivalent data, ``5A``
PAN, ``5F24`` expiry…). The run of base64 characters from the trigger is decoded and its bytes read as EMV TLV by
``emv_tlv.elements`` (one reading of the tags): one line per card element, in the words the detectors read. A payload
whose tags hold no valid card element (a tokenised wallet's, a bad Luhn) decodes to nothing.

Limits: runs longer than ``max_segment`` characters are not decoded (and noted, so the item is not reported clean).
"""

from __future__ import annotations

from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.decoders.base64 import b64_bytes
from scanners.decoders.emv_tlv import elements
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = ("hQVDUFYwM",)  # 85 05 "CPV0": the Payload Format Indicator's tag, length, value
_PAYLOAD = lazy_compile(r"(?<![A-Za-z0-9+/_-])hQVDUFYwM[A-Za-z0-9+/_-]*={0,2}")


class EmvQrDecoder(BoundedDecoder):
    id = "emv_qr"
    priority = 56
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        for run in _PAYLOAD.finditer(text, line_start, line_end):
            s, e = run.span()
            if e <= start or s >= end:
                continue
            if over_limit(e - s, self.max_segment):
                continue
            raw = b64_bytes(run.group())
            found = elements(raw.hex().upper()) if raw else []
            if found:
                yield Decoded(s, e, capped("\n".join(found), self.max_output), ("base64", "emv_tlv"))


DECODER = EmvQrDecoder
