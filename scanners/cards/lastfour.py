"""More ways a record writes its card's last four digits, read by ``detectors.card_summary`` beside "ending in": a
last-four member's name written as a word before its digits, as a summary string, a transcript or a log message puts
it (``"card_summary": "last4 4242 expiry 12/27"``; Stripe's ``last4``, Square's ``last_4``, Braintree's ``last-4``,
``lastFour``, ``last_four_digits``, also glued to a prefix: ``cardLast4 4242``; or a command's two quoted arguments,
Redis MONITOR's ``"last4" "4242"``), and the phrases "ends with 4242",
"final digits 4242", "final four 4242". The span holds the four digits, so an expiry written right after them is read
as that card's even where the record quotes another card's full number (``card_summary._attached``).

An expiry written as a ``key=value`` field of its own (``masked_card=XXXX4242 expiry=12/2027 card_number=...``) is
no phrase about the masked card before it: it is a sibling field of the record, and a record that holds a full card
number holds its expiry with it (``own_field``).
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# The name or phrase, then a space, colon, equals or number sign or two, then the four digits as the whole number;
# or the name and the digits as two quoted arguments of a command, as Redis MONITOR prints an HSET's field and value
# (``"HSET" "session:…" "last4" "4242" "exp" "1227"``: the arguments after the key are field/value pairs).
# No letter-boundary before ``last``: a member's prefix may be glued to it (``cardLast4``, ``pan_last4``).
LAST_FOUR = re.compile(
    r"(?i:last[ _-]?(?:4|four)(?:[ _-]?digits)?|(?<![^\W\d_])ends? with|(?<![^\W\d_])final (?:(?:4|four) )?digits"
    r"|(?<![^\W\d_])final (?:4|four))(?:[ \t:=#]{1,3}|\\?\" \\?\")(?:(?i:is|are) )?[0-9]{4}(?![0-9])")
LAST_FOUR_WORDS = ("last", "ends", "final")  # where every ``LAST_FOUR`` match begins (in lower case)
# A ``key=value`` field's key at the expiry's keyword: a logfmt line's, a form's or a key=value log message's
_FIELD = lazy_compile(r"[A-Za-z][A-Za-z0-9_.\-]*=(?!=)")


def own_field(text: str, at: int) -> bool:
    """The expiry whose keyword begins at ``at`` is written as a ``key=value`` field of its own (``expiry=12/2027``),
    a sibling of the masked card's field rather than a phrase about that card (``last4 4242 expiry 12/27``)."""
    return _FIELD.match(text, at) is not None
