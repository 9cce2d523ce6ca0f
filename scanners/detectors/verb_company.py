"""Two more ways an expiry verb (``expires``, ``valid thru``) names a card's date (``weak_labels.verb_names_card``).

- A card number ends the sentence right before the verb's, and the verb's sentence goes on from it: speech-to-text
  put a period inside one sentence ("It is <n>. and it expires on 08/2032", "It is <n>., expires 12/2027", "<n>. It
  expires on 0432"). The digits must pass IIN, length and Luhn: an order number said before "it expires" names none.
- The verb is written as a field's label (``VERB_LABEL``): Markdown model output listing what a caller gave
  (``- **Expires:** 05/28``, ``*Expires*: 05/28``, ``__Expires__: 05/28``) or a table's row (``| Expires | 05/28 |``);
  ``weak_labels`` then asks for a whole card number in the list or table it belongs to.
"""

from __future__ import annotations

import re

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan_ascii

_SAID_BEFORE = re.compile(
    r"(?<![0-9])(?P<n>[0-9](?:[ \-]?[0-9]){11,18})[.,]{1,2}[ \t]{1,2}(?:[Aa]nd[ \t]+)?(?:[Ii]t(?:'s)?[ \t]+)?$")
VERB_LABEL = re.compile(r"(?:\*{1,2}|_{1,2})?[ \t]*:|[ \t]*\|")
LABEL_LEAD = " \t*_|-"  # what may stand before such a label on its line: a bullet, emphasis, a table's pipe


def number_just_said(text: str, s: int) -> bool:
    """A card number ends the sentence just before ``s``, the verb's sentence going on from it."""
    m = _SAID_BEFORE.search(text, max(0, s - 48), s)
    digits = "" if m is None else m["n"].replace(" ", "").replace("-", "")
    return MIN_LENGTH <= len(digits) <= MAX_LENGTH and is_pan_ascii(digits)
