"""A product's GTIN in a shop's URL path: ``GET /p/5641885547287?sku=…`` (red-team round 57).

Shops address a product page by its GTIN (EAN-13, UPC-A, GTIN-14) under a short product segment (``/p/``, ``/ip/``,
``/dp/``: the longer ``/product/`` and ``/item/`` are id collections already, ``idnames``). A GTIN ends in the GS1
check digit (weights 3 and 1 from the right), which a card number passes only one time in ten; a 12-14-digit run
that is the whole segment after such a product path and passes it is the product's, not a card. (The GS1 check alone
quiets nothing: a rule that did lost real 13-digit cards, README.)"""

from __future__ import annotations

import re

GTIN_LENGTHS = (12, 13, 14)
_PRODUCT_PATH = re.compile(r"/(?:p|ip|dp|gp/product)/$")
_SEGMENT_END = re.compile(r"(?:[/?#&\"' \t]|$)")


def gs1_valid(digits: str) -> bool:
    """``digits`` ends in its GS1 check digit (the body weighted 3, 1, 3... from the right)."""
    body = digits[:-1]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == int(digits[-1])


def product_path_gtin(text: str, start: int, end: int, digits: str) -> bool:
    """``text[start:end]`` (one run, ``digits``) is a GTIN: the whole segment after a product path, GS1-valid."""
    return (len(digits) in GTIN_LENGTHS and _PRODUCT_PATH.search(text, max(0, start - 12), start) is not None
            and _SEGMENT_END.match(text, end) is not None and gs1_valid(digits))
