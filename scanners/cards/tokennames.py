"""Names that say a card-shaped number is something else: a payment token, a closed-loop card, a snowflake id; and
the one id name that a card object overrides (a ``reference`` member beside the card's expiry or code).

- Payment tokens (``token_name``, ``token_labelled``): an EMV payment token (a network token, a wallet's device
  account number or DPAN) is 16 digits in a scheme's range and passes Luhn by design, yet PCI SSC's FAQ "How does PCI
  DSS apply to EMVCo Payment Tokens?" says a Payment Token outside the Token Service Provider's environment is not
  Account Data (https://www.pcisecuritystandards.org/faq/articles/Frequently_Asked_Question/How-does-PCI-DSS-apply-to-
  EMVCo-Payment-Tokens/). So a value whose key or label names it such a token (``"dpan":``, ``networkToken=``,
  ``metadata[network_token]=``, "device token (DPAN) 4…", "device account number 4…") is no finding. A generic
  ``token`` names none of these: a vault's token is commonly Luhn-invalid by design, so a Luhn-valid number under
  ``token`` or ``card_token`` is as likely a card number stored by mistake, and stays a finding (``token_id`` is an
  id key as any ``*_id`` is).
- Closed-loop cards said in prose (``closed_loop_labelled``): "voucher_code 6035…", "gift card code 7777…", as a
  key (``payment.voucher_code=``) ``idnames`` reads them; the number is the programme's, whichever brand row its
  digits fall in (the wide Maestro and RuPay rows admit the 60 range of gift cards).
- Snowflake ids in prose (``snowflake_labelled``): 17-19 digits written as one run right after the word that names a
  chat or social platform's object ("message 1234…", "channel", "guild", "tweet", "user"): Discord's and Twitter's
  ids are 64-bit snowflakes, 17-19 decimal digits; a card said after "message" is not written that way.
- A tokenisation service's token object (``token_object_value``): a generic ``value`` member of a token's data
  object whose token object declares its type, as First Data/Fiserv Payeezy answers with its TransArmor or Data
  Vault token (``"token": {"token_type": "FDToken", "token_data": {"value": "<n>"}}``; a token-based purchase sends
  it back with the card's type and expiry beside the value). Such tokens keep the card's length and may pass Luhn;
  the value is the token the service issued for the card, not the card's number. A bare ``"token": "<n>"`` declares
  nothing and stays a finding (above).
- ``card_reference``: a bare ``reference`` (or ``ref``) member is an id, unless the same flat object goes on with the
  card's expiry or code (``"reference": "4…", "exp": "12/27", "cvc": "123"``): then it is a card object whose number
  a developer keyed as the payment's reference. (``shortpan.in_card_object`` does not answer it: ``idkeys`` rules the
  id key first, and a plain ``exp`` member is none of its expiry keys.)
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

_PUNCT = str.maketrans("", "", "_.- []")
# (the key lower-cased, its punctuation dropped: ``metadata_network_token`` -> ``metadatanetworktoken``)
_TOKEN_KEY = re.compile(
    r"(?:network|device|payment|digital|wallet|scheme)tokens?(?:pan|number|value)?$|^dpans?"
    r"|(?:device|digital)accountnumber$|tokenpan$"
)
# A DPAN as the name's last word, read on the name as written: a word of its own (``device_dpan``, ``storedDpan``,
# ``walletDPAN``, ``dPan``) or glued in one case to the word before (``tokendpan``), but never the last letter of
# "card" before "pan" (``card_pan``, ``cardPan``, ``card-pan``, ``cardpan``, ``CARDPAN``): that names the card's
# own number, the d being card's.
_DPAN_END = re.compile(
    r"(?:(?<![A-Za-z])|(?<=[a-z])(?=D))(?:dpan|Dpan|DPAN|dPan)s?$"
    r"|(?<![Cc][Aa][Rr])(?:(?<=[a-z])dpans?|(?<=[A-Z])DPANS?)$"
)
_TOKEN_LABEL = re.compile(
    r"(?i)(?<![a-z0-9])(?:(?:network|device|payment|digital|wallet)[ _-]?tokens?(?:[ _-]?(?:pan|number|no\.?))?"
    r"(?:[ \t]*\((?:dpan|dan)\))?|d-?pan|device[ _-]account[ _-]number|token[ _-]pan)"
    r"(?:[ \t]+(?:is|was))?[ \t]*[:=#]?[ \t]*$"
)
_CLOSED_LOOP_LABEL = re.compile(
    r"(?i)(?<![a-z0-9])(?:gift[ _-]?card|voucher|coupon|loyalty|rewards?)[ _-]?(?:code|number|no\.?|num|pin)"
    r"(?:[ \t]+(?:is|was))?[ \t]*[:=#]?[ \t]*$"
)
_SCHEME_BEFORE = lazy_compile(r"(?i)(?<![a-z])(?:visa|master ?card|amex|discover|prepaid|debit|credit|payment)[ _-]?$")
_SNOWFLAKE_LABEL = re.compile(
    r"(?i)(?<![a-z0-9])(?:message|msg|channel|guild|tweet|status|snowflake|discord(?:[ _-]?user)?|user)"
    r"(?:[ _-]?id)?[ \t]*[:=#]?[ \t]*$"
)
_SNOWFLAKE_RUN = re.compile(r"[0-9]{17,19}(?![0-9])")
_REACH = 48  # characters before the value, as ``idkeys.near_id_keyed`` reads
_REFERENCE = frozenset({"ref", "reference", "referenz", "referencia", "r\u00e9f\u00e9rence", "referentie"})
_VALUE = lazy_compile(r"[0-9 \-]*")
_MONTH_YEAR = r"(?:0?[1-9]|1[0-2])[/\-](?:20)?[0-9]{2}|20[0-9]{2}-(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])[0-9]{2}"
# the rest of the value, then later members of the same flat object (no brace; a line break only before a key), one
# of them the card's expiry (a month and year as its value) or its code (3 or 4 digits)
_EXPIRY_OR_CODE_AFTER = lazy_compile(
    r"""[0-9 \-]*\\?["']?(?:[^{}\n]|\n(?=[ \t]*["']))"""
    r"""{0,100}?["'](?i:exp(?:iry|ires|iration)?(?:[_ ]?date)?|valid(?:[_ ]?thru)?)["'][ \t]*:[ \t]*["']?"""
    rf"""(?:{_MONTH_YEAR})(?![0-9])"""
    r"""|[0-9 \-]*\\?["']?(?:[^{}\n]|\n(?=[ \t]*["'])){0,100}?["'](?i:cvc2?|cvv2?|csc|security_?code)["'][ \t]*:"""
    r"""[ \t]*["']?[0-9]{3,4}(?![0-9])"""
)


def token_name(name: str) -> bool:
    """A key, column or slot name that names an EMV payment token (``dpan``, ``networkToken``, ``device_token``)."""
    return (
        _TOKEN_KEY.search(name.lower().translate(_PUNCT)) is not None
        or _DPAN_END.search(name.rstrip("[]_.- ")) is not None
    )


def _labelled(label: re.Pattern[str], text: str, start: int) -> bool:
    return label.search(text, max(0, start - _REACH), start) is not None


# A word every match of ``_TOKEN_LABEL``, ``_CLOSED_LOOP_LABEL`` holds: looked for first, as a search led by a
# look-behind tries every position (the record-shapes corpus: 7.9 ms of its 6,444 quiet searches, 4.2 ms so)
_TOKEN_WORDS = ("token", "pan", "account")
_CLOSED_LOOP_WORDS = ("gift", "voucher", "coupon", "loyalty", "reward")


def _may_hold(text: str, start: int, words: tuple[str, ...]) -> bool:
    """The ``_REACH`` characters before ``start`` hold one of ``words`` in any case, or a character other than ASCII
    (a case-insensitive ``re`` reads ``ı`` as ``i``, the Kelvin sign as ``k``; ``str.lower`` may not)."""
    piece = text[max(0, start - _REACH) : start]
    if not piece.isascii():
        return True
    low = piece.lower()
    return any(w in low for w in words)


def token_labelled(text: str, start: int) -> bool:
    """Prose names the value at ``start`` a payment token ("network token 4…", "device token (DPAN) 4…")."""
    return _may_hold(text, start, _TOKEN_WORDS) and _labelled(_TOKEN_LABEL, text, start)


def closed_loop_labelled(text: str, start: int) -> bool:
    """Prose names the value at ``start`` a gift card's, voucher's or loyalty programme's code or number, and no
    scheme's word comes right before the label (a "Visa gift card number" is a payment card's)."""
    if not _may_hold(text, start, _CLOSED_LOOP_WORDS):
        return False
    m = _CLOSED_LOOP_LABEL.search(text, max(0, start - _REACH), start)
    return m is not None and _SCHEME_BEFORE.search(text, max(0, m.start() - 24), m.start()) is None


# A dialogue's speaker label: ``User:`` leading a turn (a line, a JSON string, or after an escaped ``\n``) in a text
# that holds another speaker's turn too (Amazon Titan's documented prompt ``User: ...\nBot:``; ``Assistant:``,
# ``AI:``, ``Agent:``): the word names who speaks, not whose id the number is.
_SPEAKER_USER = re.compile(r'(?i)(?:^|\n|\\n|")[ \t]*user:[ \t]*$')
_OTHER_SPEAKER = lazy_compile(r'(?i)(?:^|\n|\\n|")[ \t]*(?:bot|assistant|ai|agent|model):')


def snowflake_labelled(text: str, start: int) -> bool:
    """A 17-19-digit run at ``start`` right after a chat or social object's word ("message 1234…"), but for a
    dialogue's ``User:`` speaker label (``_SPEAKER_USER``)."""
    return (
        _SNOWFLAKE_RUN.match(text, start) is not None and _labelled(_SNOWFLAKE_LABEL, text, start)
        and not (_labelled(_SPEAKER_USER, text, start) and _OTHER_SPEAKER.search(text) is not None)
    )


def named_not_card(text: str, start: int) -> bool:
    """Prose right before ``start`` names the value a payment token, a closed-loop card's number or a snowflake id."""
    return token_labelled(text, start) or closed_loop_labelled(text, start) or snowflake_labelled(text, start)


def card_reference(text: str, start: int, found: str) -> bool:
    """The key ``found`` of the value at ``start`` is a bare ``reference`` (its object path aside: ``payment.ref``)
    and the value's object goes on with the card's expiry or code: a card object's number, not an id."""
    last = re.split(r"[.\[\]]", found.lower().rstrip("]"))[-1]
    if last not in _REFERENCE:
        return False
    if (value := _VALUE.match(text, start)) is None or (len(text) - value.end() == 1 and text[-1] in "\"'"):
        return True  # a slice one character past the value (``pantriggers.bare_run_dropped``): unsure, no id
    return _EXPIRY_OR_CODE_AFTER.match(text, start) is not None


# The token's data object and the value member in it, flat members before it (``"type": "visa"``); quotes may be
# escaped (a response logged inside a JSON string)
_TOKEN_DATA_VALUE = lazy_compile(
    r"""\\?"(?i:token[_-]?data|token)\\?"\s*:\s*\{(?:[^{}\[\]]{0,300}?,)?\s*\\?"value\\?"\s*:\s*\\?"$""")
# the token object's type member, a sibling of the data object before it or after it (no brace between)
_TOKEN_TYPE_BEFORE = lazy_compile(
    r"""\\?"(?i:token[_-]?type)\\?"\s*:\s*\\?"[A-Za-z0-9_ .\-]{1,40}\\?"\s*,[^{}\[\]]{0,200}$""")
_TOKEN_TYPE_AFTER = lazy_compile(r"""\}[^{}\[\]]{0,200}?\\?"(?i:token[_-]?type)\\?"\s*:""")
_TOKEN_REACH = 400


def token_object_value(text: str, start: int, member: str | None) -> bool:
    """The value at ``start`` (``member``: its key) is the ``value`` of a token's data object whose token object
    declares the token's type (``"token_type": "FDToken"``)."""
    if member is None or member.lower() != "value":
        return False  # the common case: one key read
    m = _TOKEN_DATA_VALUE.search(text, max(0, start - _TOKEN_REACH), start)
    if m is None:
        return False
    if _TOKEN_TYPE_BEFORE.search(text, max(0, m.start() - 240), m.start()) is not None or (
            _TOKEN_TYPE_BEFORE.search(text, m.start(), start) is not None):  # a sibling, or a member of its own
        return True
    close = text.find("}", start, start + _TOKEN_REACH)
    return close >= 0 and _TOKEN_TYPE_AFTER.match(text, close) is not None
