"""A CSV table a decoder turned up (a mail's base64 ``text/csv`` attachment, an export gzipped and base64-encoded
into a log), read as a CSV is: its header names the columns, so an expiry or security-code cell is read under its
column's name, as ``formats.delimited`` reads a CSV file. Decoded as plain text, ``name,card,exp`` then
``Wei Chen,<card>,0529`` holds the card number (the PAN detector reads it alone) but not the expiry: its key is on
another line.

``with_columns`` appends, after the decoded text, ``exp: 0529`` for each expiry and security-code cell (the
header's ``Expiry.KEY``, ``Cvv.KEY`` or another language's name for it, ``_csvroles.role``) of each row that holds a
whole card number (``card_summary.holds_card_number``, or a card-number column's whole value: a 12-digit Maestro):
PCI DSS counts an expiry stored with the PAN, and a card summary's rows (a last four and its expiry) stay what
they are. Nothing is appended to a text that is no table: one
header line of two or more names, no cell of it a number, the rows as wide as the header.
"""

from __future__ import annotations

import csv
import io
import re

from scanners.cards.brands import is_pan
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.structure import norm
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.formats._csvcards import number_columns
from scanners.formats._csvroles import role

_DELIMITERS = ",;\t|"
_HEADER_CHARS = 400  # a header line longer than this is no export's header
_MAX_ROWS = 2000  # rows read of one decoded table (the decoded text itself is bounded by the decoder's output cap)
_SEPARATORS = re.compile(r"[ \-.]")
_NAME = re.compile(r"[^\W\d][\w .\-/()#°']{0,60}")  # a column name: starts with a letter


def _card_data_column(name: str) -> bool:
    key = norm(name)
    return bool(Expiry.KEY.fullmatch(key) or Cvv.KEY.fullmatch(key)) or role(name) in ("expiry", "cvv")


def with_columns(text: str) -> str:
    """``text`` with its expiry and security-code cells appended as ``column: value`` lines when it is a CSV table
    whose header names such a column (see the module doc); else ``text`` itself."""
    first = text.find("\n")
    if not 0 < first <= _HEADER_CHARS:
        return text
    header_line = text[:first].rstrip("\r")
    delim = max(_DELIMITERS, key=header_line.count)
    if delim not in header_line:
        return text
    header = [h.strip().strip('"') for h in header_line.split(delim)]
    if not all(_NAME.fullmatch(h) for h in header):
        return text
    wanted = [i for i, h in enumerate(header) if _card_data_column(h)]
    if not wanted or len(wanted) == len(header):
        return text
    cards = number_columns(tuple(header))
    lines: list[str] = []
    for k, row in enumerate(csv.reader(io.StringIO(text[first + 1 :]), delimiter=delim)):
        if k >= _MAX_ROWS:
            break
        if len(row) != len(header):
            continue
        joined = "\t".join(row)
        if holds_card_number(joined, 0, len(joined)) or any(is_pan(_SEPARATORS.sub("", row[i])) for i in cards):
            lines.extend(f"{header[i]}: {row[i].strip()}" for i in wanted if row[i].strip())
    return text if not lines else text + "\n" + "\n".join(lines)
