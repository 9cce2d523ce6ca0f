"""Numbers a database log writes that pass the card checks by chance, each with the reason a human would accept
(``confounders`` names them):

- ``signed``: a digit run written with a minus sign as a value (``"query_id": -4…``, ``offset=-4…``, a CSV cell
  ``,-4…``, a URL path's segment ``/cart/-4…``, a quoted value ``"ga_screen_id": "-3…"`` as Firebase, Segment or a
  SQLite JSON column writes a 64-bit id): a signed integer, such as the 64-bit query id Postgres' jsonlog writes. A
  card number is never negative; a dash between words or groups (``ref-4…``, ``card - 4…``, ``"card-4…"``, a range
  or a date) is no sign, nor a dash after a blank alone (``card -4…``: a note's bullet).
- ``query_id``: the last column of a Postgres csvlog line (PostgreSQL 14 on): the query id after the backend type
  (``"client backend"``) and the parallel leader's pid (empty for a client backend), a 64-bit hash of the statement.
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# A value's minus sign: right after a key's colon or equals sign, an opening bracket, a field's comma or a URL path's
# slash (``/v1/cart/-6…``), also as the first character of the value's quoted string (``"ga_screen_id": "-3…"``: a
# number JSON encoders quote to keep its 64 bits)
_SIGNED = lazy_compile(r"(?:[:=,\[(][ \t]*[\"']?|/)-$")
# A csvlog line's backend_type column (Postgres' own backend types, and a background worker's type, which ends in the
# same words: "parallel worker", "logical replication launcher"), then leader_pid, then the query id ending the line
_QUERY_ID_BEFORE = re.compile(
    r',"(?:[a-z_]+[ -])*(?:backend|worker|launcher|writer|walsender|walreceiver|walwriter|walsummarizer|checkpointer'
    r'|archiver|logger|startup|scheduler)",[0-9]*,-?$'
)


def signed_integer(text: str, start: int) -> bool:
    """The digits at ``start`` follow a minus sign written as a value's sign (``signed`` above)."""
    return start > 0 and text[start - 1] == "-" and _SIGNED.search(text, max(0, start - 8), start) is not None


def csvlog_query_id(text: str, start: int, end: int, le: int) -> bool:
    """``text[start:end]`` is the query id column ending a Postgres csvlog line (``le``: the line's end)."""
    return (end == le or text[end:le] == "\r") and _QUERY_ID_BEFORE.search(text, max(0, start - 64), start) is not None
