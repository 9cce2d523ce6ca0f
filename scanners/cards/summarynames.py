"""The names and phrases by which a record names its card truncated, read by ``detectors.card_summary``, and the
name/value attribute objects that write such a name as a value.

- Last-four and masked-card names (``LAST4_NAMES``): Stripe's ``last4``, ``last_four``, ``pan_last4``, ``masked_pan``,
  ``truncated_card_number``, PayPal's ``last_digits``, Adyen's ``cardSummary``, Mercado Pago's ``lastFourDigits``,
  Braintree's kebab case (``last-4``, ``masked-number``). Such a name is no id nor payment token (``idnames``:
  ``masked_pan``'s letters end in "dpan" only by accident), so a whole card number under it, the masking step having
  failed, is a card number, and its record, holding that number, does not name its card truncated.
- "ending in" and "last four digits" in English, Spanish, Portuguese, French, German and Italian (``ENDING``).
- Attribute objects (``is_pair``): a name and a value as two members of one object, as Amazon Connect Streams'
  ``contact.getAttributes()`` returns each contact attribute (``"card_last4": {"name": "card_last4", "value":
  "4242"}``), as AWS writes tags and attributes as a list (``[{"Key": "card_last4", "Value": "4242"}]``) and as
  agent desktops log them (``{"name": "card_last4", "value": "4242"}`` in an array). Such an object is one member of
  a record, not a record: the record is the collection around it (``collection``), found further away than
  an object is looked for (a ciphertext attribute beside it runs to a kilobyte), and a last-four name as the name
  member's value (``named``) names the record's card truncated as the key would. The two members may share a prefix
  (``variable_name``/``variable_value``: ``PREFIXED_NAME``, ``PREFIXED_VALUE``); the name may be a label of words
  (``PAIR_NAME``).
"""

from __future__ import annotations

import re

from scanners.cards.elements import OBJECT_REACH, enclosing_object
from scanners.lazy_re import lazy_compile

# Adyen's additionalData writes the last four as ``cardSummary`` (beside ``cardBin``), PayPal's card as ``last_digits``,
# Mercado Pago's as ``lastFourDigits``; Braintree's XML writes kebab case (``<last-4>``, ``<masked-number>``).
LAST4_NAMES = ("(?:(?:card|pan|acct|account|dynamic)[_-]?)?last[_-]?(?:(?:4|four)(?:[_-]?digits)?|digits)"
               "|(?:masked|truncated)[_-]?(?:card(?:[_-]?(?:pan|number))?|pan|number)|card[_-]?summary")
# The BIN (Braintree's ``bin``, Adyen's ``cardBin``, Saleor's ``firstDigits``).
BIN_NAMES = r"(?:card[_-]?|issuer[_-]?)?(?:bin|iin)|first[_-]?(?:(?:6|six|8|eight)(?:[_-]?digits)?|digits)"
# "ending in" and "last four digits" in English, Spanish, Portuguese, French, German and Italian ("endet auf 4242").
ENDING = re.compile(
    r"(?<![^\W\d_])(?i:ending(?: in| with)?|ends in|last (?:4|four)(?: digits)?"
    r"|termina(?:da|do|nte)? (?:en|em|con)|acaba(?:da|do)? en|com final|(?:se )?termin(?:e|ant) par|finissant par"
    r"|finisce con|end(?:et|end) (?:auf|mit)|endziffern"
    r"|[uú]ltim(?:[oa]s|e) (?:4|cuatro|quatro|quattro)(?: d[ií]gitos| cifre)?(?: son| s[aã]o| sono)?"
    r"|derniers chiffres(?: sont)?|letzten? (?:4|vier)(?: ziffern)?(?: sind| lauten)?)[ :#]{1,3}[0-9]{4}(?![0-9])")
ENDING_WORDS = ("ending", "ends in", "last", "termin", "acaba", "com final", "finiss", "finisce", "endet", "endend",
                "endziff", "últim", "ultim", "derniers", "letzt")  # where every ``ENDING`` match begins
# A last-four name as a quoted value, where ``card_summary`` tries its member keys (the word, the key holding it, its
# quote); ``named`` then asks that a name or key member holds it.
NAMED = re.compile(rf"""["'](?i:{LAST4_NAMES})\\*["']""")
_NAME_BEFORE = re.compile(r"""(?<![A-Za-z0-9_])(?:[Nn]ame|[Kk]ey|NAME|KEY)\\*["']?[ \t]*[:=][ \t]*\\*$""")
# An object whose first member is an attribute's name, key or value, holding no object of its own
_PAIR = re.compile(r"""\{[ \t]*\\*["'](?:[Nn]ame|[Kk]ey|[Vv]alue|NAME|KEY|VALUE)\\*["'][ \t]*:""")
_PRETTY_PAIR = lazy_compile(r"""\{[ \t\r\n]*\\*["'](?:[Nn]ame|[Kk]ey|[Vv]alue|NAME|KEY|VALUE)\\*["'][ \t]*:""")
# A name/value pair's members may share a prefix (Zoom Contact Center's engagement variables: ``{"variable_name":
# "global_custom.card_cvv", "variable_value": "734"}``): the value member is the pair's ``Value``, named by its
# sibling ``…_name`` as a ``Value`` by its ``Name``.
PREFIXED_VALUE = re.compile(r"[A-Za-z]{1,24}(?:_[Vv]alue|Value)")
PREFIXED_NAME = "[A-Za-z]{1,24}_[Nn]ame|[a-z]{1,24}Name"
# The name member's value: an identifier, or a label of a few words (Shopify's order ``note_attributes`` and line item
# ``properties``, ``{"name": "Security code", "value": "123"}``, name what a merchant's form asked for)
PAIR_NAME = r"[A-Za-z_][\w.-]{0,63}(?: [\w.-]{1,32}){0,4}"
_KEYED = re.compile(r"""[A-Za-z0-9_.\-]*\\*["'][ \t]*:[ \t]*\{""")  # the rest of a key, and the brace its value opens
_WIDE = 4 * OBJECT_REACH  # how far the collection around an attribute object is looked for either side


def named(text: str, start: int) -> bool:
    """The quoted last-four name at ``start`` is the value of a name or key member (``"Key": "card_last4"``)."""
    return _NAME_BEFORE.search(text, max(0, start - 16), start) is not None


def is_pair(text: str, lo: int, hi: int, *, pretty: bool = False) -> bool:
    """The object ``text[lo:hi]`` is an attribute's name and value (see the module doc); ``pretty``: its members may
    be on lines of their own (a HAR's ``params``, as Chrome DevTools writes them)."""
    return (_PRETTY_PAIR if pretty else _PAIR).match(text, lo, hi) is not None and text.find("{", lo + 1, hi) < 0


def collection(text: str, lo: int, hi: int, *,
               pretty: bool = False) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """When the object ``text[lo:hi]`` is an attribute pair: the object around it (its record, up to ``_WIDE`` away)
    and the stretch of that record within ``OBJECT_REACH`` of the pair, where a last-four reference names the card."""
    if not lo or not is_pair(text, lo, hi, pretty=pretty) or (wide := enclosing_object(text, lo, reach=_WIDE)) is None:
        return None
    return wide, (max(wide[0], lo - OBJECT_REACH), min(wide[1], lo + OBJECT_REACH))


def keyed_pair(text: str, at: int) -> tuple[int, int] | None:
    """The attribute pair whose key holds ``at`` (``"card_expiry": {"name": "card_expiry", "value": ...}``): the key
    names the same attribute, so its record is the pair's."""
    if (m := _KEYED.match(text, at)) is None or (pair := enclosing_object(text, m.end())) is None:
        return None
    return pair if is_pair(text, *pair) else None


# A brand word naming the truncated card (``Visa ending in 4242``, Stripe's ``"brand": "visa"``): the card number held
# in full beside it is that card only when it is of that brand (a network that also carries another's cards: both).
_BRAND_WORD = re.compile(
    r"(?i)(?<![a-z])(visa|master ?card|amex|american express|discover|diners(?: club)?|jcb|maestro|union ?pay)"
    r"(?![a-z])")
_CARRIES = {"mastercard": ("mastercard", "maestro"), "maestro": ("maestro", "mastercard"),
            "discover": ("discover", "diners", "unionpay"), "dinersclub": ("diners",), "americanexpress": ("amex",)}


def named_brands(text: str, lo: int, hi: int) -> frozenset[str]:
    """The brands (``brands.Brand.name``) that brand words in ``text[lo:hi]`` name; empty when none does."""
    words = {m[1].lower().replace(" ", "") for m in _BRAND_WORD.finditer(text, lo, hi)}
    return frozenset(b for w in words for b in _CARRIES.get(w, (w,)))
