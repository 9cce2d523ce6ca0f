"""References in a bank's cash-management statement files that pass a card's IIN, length and Luhn checks by chance,
each named by the field the layout puts them in (``bankids.bank_number`` asks ``statement_reference``):

- ``bai2_reference``: the bank reference or customer reference field of a BAI2 transaction detail record (``16,<type
  code>,<amount>,<funds type>,[availability fields],<bank reference>,<customer reference>,<text>``), also where an
  ``88`` continuation record carries them on. The funds type says how many availability fields come first (``V``: a
  value date and time; ``S``: three amounts; ``D``: a count, then a day and an amount for each). The text field after
  them is free text, where a person may write a card number: it is read as any text is.
- ``mt940_reference``: a SWIFT MT940/MT942 statement's references: a ``:61:`` statement line's reference for the
  account owner and, after ``//``, the account servicing institution's reference (``6!n[4!n]2a[1!a]15d1!a3!c[16x]
  [//16x]``); the ``:20:`` and ``:21:`` references and the ``:25:`` account; and in a structured ``:86:`` field
  (the German banks' DK layout) a SEPA reference that opens a subfield ``?20``-``?29`` or ``?60``-``?63``: the
  end-to-end (``EREF+``), customer (``KREF+``) and mandate (``MREF+``) references and the creditor's and debtor's
  identifiers (``CRED+``, ``DEBT+``). The remittance text (``SVWZ+``) and the other subfields are free text.
"""

from __future__ import annotations

from scanners.lazy_re import lazy_compile

# A :61: statement line up to the candidate: value date, entry date, D/C mark, funds code, amount, the transaction
# type (N, F or S and three characters), then the owner's reference, or that and ``//`` before the bank's.
_MT61_HEAD = lazy_compile(r":61:[0-9]{6}(?:[0-9]{4})?R?[CD][A-Z]?[0-9]+,?[0-9]*[NFS][A-Z0-9]{3}(?:[^\n/]{0,16}//)?")
_MT_REFERENCE_TAGS = (":20:", ":21:", ":25:")
_SEPA_REFERENCES = frozenset({"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+"})
_BAI_FUNDS_FIXED = {"": 0, "0": 0, "1": 0, "2": 0, "Z": 0, "V": 2, "S": 3}
_BAI_RECORD = lazy_compile(r"16,[0-9]{3},")
_BAI_CONTINUED = 8  # 88 continuation records looked back over for their 16 record


def _bai_fields(record: str) -> list[str]:
    """A physical BAI2 record's fields (its ``/`` ends it)."""
    return record.rstrip("\r").removesuffix("/").split(",")


def _bai_reference(text: str, start: int, end: int, ls: int, le: int) -> bool:
    """``text[start:end]`` fills the bank or customer reference field of a BAI2 16 record or its 88 continuation."""
    if text[start - 1 : start] != "," or text[end : end + 1] not in (",", "/", "\r", "\n", ""):
        return False
    lines = [text[ls:le]]
    head = ls
    while lines[0].startswith("88,") and len(lines) <= _BAI_CONTINUED and head > 0:
        prev = text.rfind("\n", 0, head - 1) + 1
        lines.insert(0, text[prev : head - 1])
        head = prev
    if not _BAI_RECORD.match(lines[0]):
        return False
    before: list[str] = []  # the fields of the records before the candidate's line
    for line in lines[:-1]:
        before += _bai_fields(line)[1:] if before else _bai_fields(line)
    at = text.count(",", ls, start)
    if before:
        at += len(before) - 1  # an 88 record's first field (after its code) carries on the record's next one
    fields = before or _bai_fields(lines[0])
    funds = fields[3] if len(fields) > 3 else ""
    if funds == "D":
        if len(fields) < 5 or not fields[4].isdigit():
            return False
        refs = 5 + 2 * int(fields[4])
    elif funds in _BAI_FUNDS_FIXED:
        refs = 4 + _BAI_FUNDS_FIXED[funds]
    else:
        return False
    # (a BAI2 file names the account, an 03 record, before its first 16 record: a CSV row of that shape is no BAI2)
    return at in (refs, refs + 1) and (text.startswith("03,") or text.find("\n03,", 0, ls) >= 0)


def _mt940_reference(text: str, start: int, ls: int) -> bool:
    """``text[start:]`` opens a reference field of an MT940/MT942 statement (the module doc)."""
    if text[start - 5 : start] in _SEPA_REFERENCES:
        sub = text[start - 8 : start - 5]
        return len(sub) == 3 and sub[0] == "?" and sub[1] in "26" and sub[2].isdigit()
    if text.startswith(":61:", ls):
        return _MT61_HEAD.fullmatch(text, ls, start) is not None
    return start - ls == 4 and text.startswith(_MT_REFERENCE_TAGS, ls)


def statement_reference(text: str, start: int, end: int, *, ls: int, le: int) -> str | None:
    """The class of the PAN candidate ``text[start:end]`` on the line ``text[ls:le]`` when a statement file's layout
    puts it in a reference field (see the module doc), or None."""
    first = text[ls : ls + 1]
    if first in ("1", "8") and _bai_reference(text, start, end, ls, le):
        return "bai2_reference"
    if (first == ":" or text[start - 1 : start] == "+") and _mt940_reference(text, start, ls):
        return "mt940_reference"
    return None
