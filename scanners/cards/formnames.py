"""How a ``key=value`` pair writes a card member's name (``detectors.card_summary`` reads last-four and BIN members
so): a constructor's argument or a logfmt pair (``last4='4242'``, ``last4=4242``), or a form field, URL-encoded or NVP,
whose name is a path that the member's name ends: Adyen's NVP API writes ``paymentResult.additionalData.cardSummary=``
and ``...additionalData.cardBin=``, Rails, PHP and Stripe's form bodies ``card[last4]=`` (the brackets also
percent-encoded: ``card%5Blast4%5D=``). A form writes its value unquoted right after the ``=``, so a path's member
holds a digit or a mask character there; a dotted name in code (``card.last4 = value``) is none. A log line that
prints a card object's members as words writes the name, a space and its digits (``cardLast4 4242 expMonth 3``).
"""

from __future__ import annotations

# A format string: ``{0}`` is the alternation of the member's names.
ARG = (r"(?:(?:(?<![A-Za-z0-9_.])|(?<=\\[ntr]))(?i:{0})(?:[ ]?=(?!=)|[ \t]+(?=[0-9]))"  # last4=4242, cardLast4 4242
       r"|(?:(?<=[.\[])|(?<=%5[Bb]))(?i:{0})(?:\]|%5[Dd])?=(?=[0-9*xX]))")  # a form path's last segment
