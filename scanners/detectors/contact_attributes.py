"""Amazon Connect contact attributes of a payment flow: what lends a weak security-code name its card.

A contact flow stores what the caller keyed in as contact attributes, and Connect hands them to every Lambda it
invokes (``{"Details": {"ContactData": {"Attributes": {...}}}}``) and writes them in the contact trace record
(``"Attributes": {...}``). A ``verificationCode`` attribute of a contact whose record names a payment (its flow,
``"ContactFlowName": "Inbound-Payments"``, the attributes beside it, ``"PaymentStatus"``, or the Lambda logging it,
``"service": "payment-ivr"``) is the caller's card verification code (the CVC, "card verification code"). A flow that
checks a caller by a one-time code names it (``otp``, ``sms``, ``mfa``, ``login``, ``cognito``, ``passcode``...):
such a record keeps the code quiet, as does a record naming no payment.
"""

from __future__ import annotations

from scanners.detectors.context import line_end, line_start
from scanners.lazy_re import lazy_compile

# The attributes map opened before the key on its line, no object closed between: ``"Attributes": {"a": "1", ``
_ATTRIBUTES = lazy_compile(r"""["']Attributes\\?["'][ \t]*:[ \t]*\{[^{}]*$""")
_ATTRIBUTES_REACH = 600  # from the map's opening brace to the key: a dozen attributes
_RECORD_REACH = 4000  # the record's line around the key, each way
_PAYMENT = lazy_compile(r"(?i)payment")  # PaymentStatus, payment-ivr, Inbound-Payments, collect_payment
# A one-time code's flow: sent by SMS, a login's or a sign-up's check, Cognito's custom challenge
_ONE_TIME = lazy_compile(
    r"(?:(?<![A-Za-z])(?i:otp|one[ _-]?time|sms|text[ _-]?message|mfa|2fa|two[ _-]?factor|login|log[ _-]?in"
    r"|sign[ _-]?(?:in|up)|cognito|passcode|totp|authenticat[a-z]*|verify[ _-]?(?:phone|email|identity))"
    r"|(?<=[a-z])(?:Otp|OTP|Sms|SMS|Mfa|MFA|Login|LogIn|SignIn|SignUp|Passcode|Cognito))(?![a-z])")


def payment_contact_attribute(text: str, s: int, e: int) -> bool:
    """The key ``text[s:e]`` is a member of a Connect contact's ``Attributes`` map, in a record (its line) that
    names a payment and no one-time code (see the module's docstring)."""
    lo = line_start(text, s)
    if _ATTRIBUTES.search(text, max(lo, s - _ATTRIBUTES_REACH), s) is None:
        return False
    lo, hi = max(lo, s - _RECORD_REACH), min(line_end(text, e), e + _RECORD_REACH)
    return _PAYMENT.search(text, lo, hi) is not None and _ONE_TIME.search(text, lo, hi) is None
