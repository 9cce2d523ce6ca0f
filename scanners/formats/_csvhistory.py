"""A field history export, for ``delimited``: each row records one change of one field, the field named in a cell of
the row and its values in the cells after it. Salesforce writes it so in a field history report (``Field / Event``,
``Old Value``, ``New Value``) and through the API or Data Loader (``Field``, ``OldValue``, ``NewValue``: the field's
API name, ``Card_Expiry__c``); audit trails of other CRMs and ERPs do the same (``Field Name``, ``Previous Value``).
A value's column names no field: the row's field cell does, so ``"Card Expiry","06/25","08/27"`` holds two expiry
dates and ``"Order Number","<n>","<n>"`` two order numbers.

``history_columns`` finds the field column and the value columns of such a header; ``row_labels`` gives each row's
label for its value cells: its field cell when that is a field's name (``_csvroles.field_name`` reads an API name's
suffix away), else the value column's own name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scanners.cards.keyparse import norm
from scanners.formats._csvroles import field_name

_FIELD = re.compile(r"(?:changed)?field(?:name|label|event|changed)?")
_VALUE = re.compile(r"(?:old|new|original|previous|prior|current)value")
_LABEL = re.compile(r"[^\W\d][\w .#\-/()]{0,63}")  # a field's name or label: a letter first, no sentence


@lru_cache(maxsize=64)
def history_columns(names: tuple[str, ...]) -> tuple[int, tuple[int, ...]] | None:
    """``(the field column, the value columns)`` of a field history header, or None: one column naming the field
    and at least one naming a value (old or new)."""
    keys = [norm(n) for n in names]
    fields = [i for i, k in enumerate(keys) if _FIELD.fullmatch(k)]
    values = tuple(i for i, k in enumerate(keys) if _VALUE.fullmatch(k))
    return (fields[0], values) if len(fields) == 1 and values else None


def row_labels(fields: list[str], column: str) -> list[str]:
    """The label each row's value cell is read under: the row's field cell (``fields``) when it names a field, else
    ``column`` (a row recording an event, not a field: ``Created.``)."""
    return [field_name(f) if _LABEL.fullmatch(f.strip()) else column for f in fields]
