"""A record that names its card by a payment token: ``detectors.card_summary`` reads such a token as a truncated-card
reference (``TOKEN_REF``), so an expiry beside it is card metadata unless the record also holds a full card number.
PCI DSS counts the expiry as cardholder data only when it is stored with the PAN; a record whose card is a token
(a test fixture's ``card_number: "tok_visa"``, a VCR cassette's form body ``card[number]=tok_visa&card[exp_month]=``,
a Stripe card object's ``"id": "card_1Mvo..."``) stores no PAN.

The token shapes, as the providers document them:
- Stripe: test tokens ``tok_visa``, ``tok_mastercard``, ``tok_chargeDeclined``; test PaymentMethods ``pm_card_visa``,
  ``pm_card_mastercard_debit``, ``pm_card_chargeDeclined``; object ids ``tok_``, ``pm_``, ``card_``, ``src_`` then
  an alphanumeric id (``card_1MvoiELkdIwHu7ixOeFh7EpD``); a ``card_`` id holds a digit, as Stripe's ids all do (a
  ``card_number`` or ``card_holder`` key is no id).
- Checkout.com: card tokens ``tok_`` and sources ``src_`` with 26 lower-case base-32 characters.
- Braintree: payment method nonces, in its SDKs' test values ``fake-valid-nonce``, ``fake-apple-pay-visa-nonce``,
  ``fake-three-d-secure-visa-full-authentication-nonce``.
- Square: card nonces ``cnon:card-nonce-ok`` and card-on-file ids ``ccof:`` (Web Payments SDK, Cards API).
- A member whose key names a payment method's token or nonce, a stored card's id or its recurring reference
  (``payment_method_token``, Braintree's ``paymentMethodNonce``, Adyen's ``storedPaymentMethodId`` and
  ``recurringDetailReference``), holding a value: the record's card is that token.

A token is a value, not part of a name: no letter, digit, ``_``, ``-``, ``.`` or ``$`` before it, none of ``_`` or
``-`` or an alphanumeric after it. A network token named as such (``network_token``, a DPAN) is a 16-digit number,
which ``holds_card_number`` may read as a card number: the record then still reports, as any with a full number does.
"""

from __future__ import annotations

import re

_VALUE_START = r"(?<![A-Za-z0-9_\-.$])"
_VALUE_END = r"(?![A-Za-z0-9_\-])"
TOKEN_REF = re.compile(
    _VALUE_START
    + r"(?:tok_(?:[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)|pm_(?:card_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*|[A-Za-z0-9]{14,})"
    r"|card_(?=[A-Za-z]*[0-9])[A-Za-z0-9]{14,}|src_[A-Za-z0-9]{14,}"
    r"|fake-[a-z0-9]+(?:-[a-z0-9]+)*-nonce|cnon:[A-Za-z0-9\-_]{6,}|ccof:[A-Za-z0-9\-_]{6,})"
    + _VALUE_END
)
# The key of a member that holds the record's token (quoted or bare, JSON, YAML, a form's ``key=``), then a value
_HOLDER_KEYS = (r"payment[_-]?method[_-]?(?:token|nonce)|stored[_-]?payment[_-]?method[_-]?id"
               r"|recurring[_-]?detail[_-]?reference")
TOKEN_KEY_REF = re.compile(
    rf"""(?<![A-Za-z0-9_])(?i:{_HOLDER_KEYS})\\*["']?[ \t]*[:=][ \t]*\\*["']?[A-Za-z0-9][A-Za-z0-9_\-:]{{3,}}"""
)
# Where every ``TOKEN_REF`` match begins; every ``TOKEN_KEY_REF`` match begins with one of these, lower-cased
TOKEN_WORDS = ("tok_", "pm_", "card_", "src_", "fake-", "cnon:", "ccof:")
TOKEN_KEY_WORDS = ("payment", "stored", "recurring")
TOKEN_PATTERNS = ((TOKEN_REF, TOKEN_WORDS), (TOKEN_KEY_REF, TOKEN_KEY_WORDS))  # each pattern with where it begins
TOKEN_SPOTS = (*TOKEN_WORDS, *TOKEN_KEY_WORDS)
