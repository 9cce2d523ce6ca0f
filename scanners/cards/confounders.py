"""Numbers that pass IIN + length + Luhn but are not card numbers, each class with the reason a human would accept.

``confounder(text, start, end, digits, groups)`` names the class of a PAN candidate ``text[start:end]`` (``groups``:
how many digit groups it was written in) or returns None. Every rule looks at what the digits sit in (the token,
the characters before them, a label on the line, the shape of the line), never at a list of values:

- ``phone``: written right after ``+`` (or ``tel:``): E.164 international numbers are; card numbers never are.
- ``iban``: the groups follow an IBAN head (two-letter ISO country code and two check digits, grouped by four); or
  the digits lie in an IBAN that passes its mod-97 check, whatever its separators (``cards.bankids``).
- ``barcode``: labelled as an EAN/UPC/GTIN/ISBN/SKU barcode shortly before, in the same field; or a GTIN's length
  (12-14 digits, one run) right after the word "item" (``scanned item 4006381333931 qty 1``, ``item_code=…``) with
  no card word in the field.
- ``device_id``: labelled as an IMEI/MEID/ICCID/IMSI/ESN device or SIM identifier shortly before, in the same field
  (or by the word right before it: ``value=IMEISV <n>``, an IMEISV's 16 digits).
- ``uuid``: digit groups inside a UUID (``4be079fb-6171-4847-8325-4dcb2bec7c55``).
- ``dotnet_ticks``: a bare 18-digit value inside .NET ``DateTime.Ticks`` for the years 2020-2032, with no card label
  before it on the line.
- ``epoch_us``: a bare 16-digit value inside Unix epoch microseconds for 2015-2029, with no card label before it.
- ``decimal``: the integer or fractional part of a decimal number (``8.346552153898344``, ``4111...1.5``).
- ``blob``: digits inside a base64 or ciphertext blob (a long run of base64 characters with mixed-case letters,
  joined to the digits by ``+`` or ``/``), but for a path's segment after folders of words (``cards.pathsegments``).
- ``aws_account``: a 12-digit AWS account id where AWS writes one: in an ARN (``arn:aws:lambda:us-east-1:<id>:``), an
  ECR host, the path of an AWS endpoint URL (an SQS queue URL), a resource name right before its region
  (``cdk-hnb659fds-assets-<id>-us-east-1``), the ``account`` member of an EventBridge event, or before the log group
  of a CloudWatch Logs Insights ``@log`` field (``<id>:/aws/lambda/payments``, ``<id>:log-group:...``).
- ``hexdump``: digit groups in the hex column of a hex dump line (an offset, then at least six groups of bytes in
  hex: ``00000010: 3132 3334 3536 3738 ...``), which are bytes, not a number.
- ``account_number``: a 12-digit number that a turn, or the question it answers, calls an account, phone or other
  non-card number ("my account number is <n>"; "Can I get your account number?" then "Sure, it's <n>"; "What's
  the best callback number?"), or that the word "account" (``acct``) right before it names ("account
  594355519283"), with no card word before the label (a "card account number", a "primary account
  number") nor between the label and the number. Twelve digits is the shortest card number, issued only in some
  Maestro ranges, and a usual length of bank, utility and phone numbers; 13-19 digits called an account number stay
  findings (card statements print the card number as "Account Number").
  Also 12-13 digits under an account's key (``accountNumber``, ``account_no``, ``acctNo``, ``bankAccount``; no card
  word in it) in an object whose card number has a member of its own before it (``cardNumber``, ``card_no``,
  ``pan``: a bill-pay request's card, then the biller's account it pays): an object holds one card, and a short
  number is a bank's or utility's length. Where the account member is the card's (CyberSource's
  ``<card><accountNumber>``, Orbital's ``<AccountNum>``), no other member holds the card number
  (``cards.accountnumbers``). And any length that "account" names on an invoice (its heading says so) that names
  the card it was paid with in a field of its own ("Paid with card: …", masked or in numeric entities) ending in
  other last four: the customer's account with the biller; a card statement has no invoice heading.
- ``unlabelled_twelve``: a 12-digit number written as one run (or grouped after an id's letter prefix, ``GC-6145-...``)
  with no card word before it (``cards.shortpan``).
- ``id_prefixed``: 13-19 digits glued to an id's capital-letter prefix and its hyphen (``INV-<n>``, ``ORD-<n>-<n>``:
  an invoice's or an order's number; a card number is never written after one), or to a word in any case and a
  hyphen or underscore as an id key's value (``"run_id": "run-<n>"``, ``exec_<n>``), never a card word or a brand
  (``VISA-<n>``), unless a card key or, with no key, a card word labels the field. Twelve digits so prefixed fall
  under ``unlabelled_twelve``.
- ``boleto``, ``nfe_key``, ``clabe``, ``bank_account``, ``rf_reference``, ``bai2_reference``, ``mt940_reference``: a
  Brazilian payment slip's line or invoice key, a Mexican CLABE, an Indian account after its IFSC, an RF creditor
  reference, a bank statement's reference field (``cards.bankids``).
- ``fixed_width``: a NACHA/ACH fixed-width record (94-character lines of upper-case letters, digits and spaces):
  bank routing, account and amount columns, not cards; in a text that opens with a NACHA file header (``101``, a
  94-character record) also a record a few characters off its 94 (trailing blanks trimmed, a field overrun: adjacent
  numeric columns such as an ODFI routing number and a batch number form a Luhn-valid run by chance).
- ``int_array``: comma-joined groups that are a slice of a longer bracketed list of integers (a model's
  ``prompt_token_ids``: ``[128000, 882, 271, ...]``): the list has members on both sides of the candidate (or three
  on one side), so its numbers are an array's members, not a card said in groups (that is the whole list, a code
  after it at most).
- ``tracking``: a slice of a 20-22-digit grouped run that a tracking word names (``cards.tracking``).
- ``mime_boundary``: digits fenced by ``===`` and ``==``, a MIME boundary (``cards.layouts``).
- ``signed``, ``query_id``: a signed integer (``"query_id": -4…``), a Postgres csvlog line's last column
  (``cards.dbnumbers``).
- ``track_data``: the digits after a magnetic-stripe track's PAN (expiry, service code, discretionary data: track
  2 after its ``=`` or ``D``, track 1 after the name's ``^``) of a track ``cards.tracks`` accepts: the track's,
  reported with it, never a second card number; ``key_card``: a hotel room key's number in one (``cards.tracks``).
- ``journal_cursor``, ``access_log_fields``: a field of a systemd journal cursor, the numeric fields of an Envoy
  access log line (``cards.logfields``).
- ``register``: a register's value or a memory word of a crash report (an ``.ips`` thread state, an Android
  tombstone's register lines and memory rows: ``cards.crashdumps``).
- ``snmp_value``, ``gs1_element``, ``aws_resource``, ``web_vitals_id`` and more: a format's field (``formatfields``).
"""

from __future__ import annotations

import re

from scanners.cards.accountnumbers import account_number
from scanners.cards.bankids import bank_number
from scanners.cards.crashdumps import crash_register
from scanners.cards.dbnumbers import csvlog_query_id, signed_integer
from scanners.cards.formatfields import format_field
from scanners.cards.gtin import GTIN_LENGTHS, product_path_gtin
from scanners.cards.idnames import CARD_KEY
from scanners.cards.keyparse import key_before
from scanners.cards.layouts import in_dump_line, int_array_slice, mime_boundary, nacha_record
from scanners.cards.logfields import log_field
from scanners.cards.pathsegments import path_segment
from scanners.cards.shortpan import id_prefixed, unlabelled_twelve
from scanners.cards.textmemo import per_text
from scanners.cards.tracking import tracking_slice
from scanners.cards.tracks import track_confounder

_LABEL_REACH, _TOKEN_TAIL = 40, re.compile(r"^[0-9A-Za-z_]+")
# a previous space-separated key=value field (or Go's ``%+v`` ``Key:value`` field before another such key:
# ``{Imei:<n> Ccnum:<n>}``), or a sentence that ended: what the label holds before it is not this value's (a
# barcode's or device's key there names that field's number)
_FIELD_BEFORE = re.compile(r"\S=[^\s=]+\s+|[A-Za-z]:[^\s:]+[ \t]+(?=[A-Za-z_][\w.]*:)|[^\s.]\.\s+(?=[A-Z])")
# (the look-behind after the first letter: ``re`` skips ahead to a capital instead of trying it at every position)
_IBAN_HEAD = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Z][0-9]{2}(?: [A-Z0-9]{4})* ?$")
_BARCODE = re.compile(
    r"(?i)(?<![a-z])(?:ean(?:[-_ ]?1[38])?|upc(?:[-_ ]?a)?|gtin(?:[-_ ]?1[2-4])?|isbn|barcode|sku)(?![a-z])"
)
# A point-of-sale or warehouse log names what a scanner read as an item ("scanned item 4006381333931 qty 1"): a
# GTIN (EAN-13, UPC-A, GTIN-14) written as one run right after the word, unless a card word labels it too ("line
# item 2 4804 8929 9483 2", a number between and the digits grouped as a card's, stays a finding).
_ITEM = re.compile(r"(?i)(?<![a-z])item(?:[ _-]?(?:code|id|no|number))?[ \t]*[:=#]?[ \t]*[\"']?$")
_OWN_NUMBER = re.compile(r"[0-9]{8}")  # the labelled field's own number (a device id, a barcode: 8 digits or more)
_DEVICE = re.compile(r"(?i)(?<![a-z])(?:imei(?:sv)?|meid|iccid|imsi|esn|sim[ _-]?serial)(?![a-z])")
_DEVICE_LAST = re.compile(r"(?i)(?<![a-z])(?:imei(?:sv)?|meid|iccid|imsi)[ \t]?[:#]?[ \t]?$")
# Every barcode or device label holds one of these (a fast pre-check on ASCII labels; (?i) folds some non-ASCII
# letters to ASCII ones, so other labels go straight to the patterns).
_LABEL_NEEDLES = re.compile("ean|upc|gtin|isbn|barcode|sku|imei|meid|iccid|imsi|esn|sim")
_TICKS = (637134336000000000, 640921248000000000)  # DateTime(2020, 1, 1).Ticks .. DateTime(2032, 1, 1).Ticks
# 2015-01-01 .. 2030-01-01 in microseconds: a log's event times, not later (a card of IIN 142-208 reads as one)
_EPOCH_US = (1420070400000000, 1893456000000000)
# A card label shortly before a value outweighs its timestamp-like size (a label cannot hide a card).
_CARD_LABEL = re.compile(
    r"(?i)(?<![a-z])(?:card|pan|ccn?|credit|debit|visa|master ?card|amex|maestro|discover|jcb|unionpay)(?![a-z])"
)
_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_HEX_DASH = frozenset("0123456789abcdefABCDEF-")
_ARN_HEAD = re.compile(r"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:$")
_ENDPOINT_PATH = re.compile(r"\.amazonaws\.com(?:\.cn)?/$")
_LOG_GROUP_AFTER = (":/aws/", ":log-group:")  # CloudWatch Logs Insights' @log field: <account id>:<log group>
_REGION_AFTER = re.compile(r"-(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-[0-9](?![0-9A-Za-z])")
# An S3 server access log record's Request ID (16 characters, all digits now and then) is the field right before its
# Operation: SOAP.operation, REST.method.resource, WEBSITE.method.resource, BATCH.DELETE.OBJECT, S3.EXPIRE.OBJECT.
_S3_OPERATION = re.compile(r" (?:REST|WEBSITE|SOAP|BATCH|S3)\.[A-Z_]+(?:\.[A-Z_]+)* ")
_ACCOUNT_MEMBER = re.compile(r"""(?:"account"[ \t]*:[ \t]*"|\baccount=)$""")


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", max(0, start - 4096), start) + 1 or max(0, start - 4096)
    le = text.find("\n", end, end + 4096)
    return ls, (min(len(text), end + 4096) if le < 0 else le)


def _maybe_uuid_part(candidate: str) -> bool:
    """``candidate`` could lie inside a UUID: only hex digits and dashes, and no more than 12 without a dash."""
    return (len(candidate) <= 12 or "-" in candidate) and _HEX_DASH.issuperset(candidate)


def inside_uuid(text: str, start: int, end: int, *, ls: int = 0, le: int | None = None) -> bool:
    """``text[start:end]`` lies inside a UUID (8-4-4-4-12 hex digits) within ``text[ls:le]``."""
    if not _maybe_uuid_part(text[start:end]):
        return False
    stop = min(len(text) if le is None else le, end + 36)
    return any(m.start() <= start and end <= m.end() for m in _UUID.finditer(text, max(ls, start - 36), stop))


def after_plus(text: str, start: int) -> bool:
    """``text[start:]`` is written after ``+`` or ``tel:``, as international phone numbers are (a ``+`` that joins
    two base64 characters does not count)."""
    if start == 0 or text[start - 1] not in "Bb:+( ":
        return False  # what almost every number has before it: none of the endings below
    before = text[max(0, start - 5) : start]
    if before.endswith(("%2B", "%2b", "tel:")):
        return True
    plus = start - 1 if before.endswith("+") else start - 2 if before.endswith(("+(", "+ ")) else -1
    # a key's sign before the plus (``PHONE=+49…``, NVP and form fields) joins no base64: ``=`` only pads one's end
    return plus >= 0 and not (plus > 0 and text[plus - 1] in _B64 and text[plus - 1] != "=")


def _blob(text: str, start: int, end: int) -> bool:
    if not (text[start - 1 : start] in ("+", "/") or text[end : end + 1] in ("+", "/")):
        return False
    lo, hi = start, end
    while lo > 0 and text[lo - 1] in _B64 and start - lo < 512:
        lo -= 1
    while hi < len(text) and text[hi] in _B64 and hi - end < 512:
        hi += 1
    if hi - lo < 24:
        return False
    if path_segment(text, lo, start, end):  # an S3 key's folders and file name
        return False
    token = text[lo:hi]
    upper, lower = sum(c.isupper() for c in token), sum(c.islower() for c in token)
    # mixed case: three of each, or two of each in 16 other characters (a short random blob can draw few capitals)
    return upper >= 2 and lower >= 2 and (min(upper, lower) >= 3 or len(token) - (end - start) >= 16)


def in_blob(text: str, start: int, end: int) -> bool:
    """The digits ``text[start:end]`` lie inside a base64 or ciphertext blob (``blob`` above)."""
    return _blob(text, start, end)


def _decimal(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return (len(before) == 2 and before[1] == "." and before[0].isdigit()) or (
        len(after) == 2 and after[0] in ".eE" and (after[1].isdigit() or after[1] in "+-")
    )


def _aws_account(text: str, start: int, end: int, ls: int) -> bool:
    before = max(ls, start - 64)
    return bool(
        _ARN_HEAD.search(text, before, start)
        or text.startswith(".dkr.ecr.", end) or text.startswith(_LOG_GROUP_AFTER, end)
        or _ENDPOINT_PATH.search(text, before, start) or _REGION_AFTER.match(text, end)
        or _ACCOUNT_MEMBER.search(text, max(ls, start - 16), start)
    )


def _prefixed_id(text: str, start: int, label: str) -> bool:
    """The id-prefixed value at ``start`` (``id_prefixed``) is named by no card: the key before its prefix is no card
    key (``"invoice": "INV-…``, ``invoice=INV-…`` after a ``validate_card`` log call), or, with no key, no card word
    labels the field (``card: VISA-…`` stays a card)."""
    head = start - 1
    while head > 0 and "A" <= text[head - 1] <= "Z":
        head -= 1
    key = key_before(text, max(0, head - 48), head)
    if key is not None:
        return CARD_KEY.search(key.lower().replace("_", "").replace("-", "")) is None
    return _CARD_LABEL.search(label) is None


def _names_this(word: re.Pattern[str], label: str) -> bool:
    """A barcode's or device's word in ``label`` names the value after the label: no number of its own follows the
    word first ("phone IMEI 356389404513282. new card 2200 ...": the IMEI is the fifteen digits, not the card)."""
    ends = [m.end() for m in word.finditer(label)]
    return bool(ends) and _OWN_NUMBER.search(label, ends[-1]) is None


@per_text  # the PAN detector's windows and ``card_summary`` ask of the same candidates
def confounder(text: str, start: int, end: int, digits: str, groups: int) -> str | None:
    """The confounder class of the PAN candidate ``text[start:end]``, or None when it may be a card number."""
    if after_plus(text, start):
        return "phone"
    ls, le = _line(text, start, end)
    if (bank := bank_number(text, start, end, digits, ls=ls, le=le)) is not None:
        return bank  # an IBAN that passes its check, an RF reference, a boleto's digits, a CLABE... (``bankids``)
    if groups > 1 and _IBAN_HEAD.search(text, max(ls, start - 40), start):
        return "iban"
    if inside_uuid(text, start, end, ls=ls, le=le):
        return "uuid"
    if (track := track_confounder(text, start, end, digits)) is not None:
        return track  # "track_data", "key_card" (``cards.tracks``)
    if account_number(text, start, digits):
        return "account_number"
    label = text[(lo := max(ls, start - _LABEL_REACH)) : start]
    if lo > ls and text[lo - 1].isalnum():  # a token cut by the reach is no word (``...YmUPc8D`` holds no "upc")
        label = _TOKEN_TAIL.sub("", label)
    cut = max(label.rfind(","), label.rfind(";"), label.rfind("&"), label.rfind("|"), label.rfind("\t"))
    # a tab or line break escaped in a JSON string ("\\tticks=…", a CloudWatch message) parts fields as the raw one does
    if (esc := max(label.rfind("\\t"), label.rfind("\\n"))) >= 0:
        cut = max(cut, esc + 1)
    label = label[cut + 1 :]  # this field's label, not the previous field's
    # "ean=<n> card_number=<n>", "barcode <n>. Then: card <n>": after the last such field (each match's end is an
    # offset in the whole label: "gtin=<n> qty=1 ean <n>" keeps "ean ")
    whole, label = label, label[max((m.end() for m in _FIELD_BEFORE.finditer(label)), default=0) :]
    if len(digits) > 12 and id_prefixed(text, start) and _prefixed_id(text, start, label):
        return "id_prefixed"  # INV-<n>, ORD-<n>-<n>: an invoice's or order's number (twelve digits: below)
    if not whole.isascii() or _LABEL_NEEDLES.search(whole.lower()):
        if _names_this(_BARCODE, label):
            return "barcode"
        if _names_this(_DEVICE, label) or _DEVICE_LAST.search(whole):
            return "device_id"
    if groups == 1 and len(digits) in GTIN_LENGTHS and _ITEM.search(label) and not _CARD_LABEL.search(label):
        return "barcode"
    if groups == 1 and text[start - 1 : start] == "/" and product_path_gtin(text, start, end, digits):
        return "barcode"  # GET /p/<GTIN>?sku=…: a product page's GTIN (``cards.gtin``)
    if groups == 1:
        if signed_integer(text, start):
            return "signed"
        if csvlog_query_id(text, start, end, le):
            return "query_id"
        span = _TICKS if len(digits) == 18 else _EPOCH_US if len(digits) == 16 else None
        if span is not None and span[0] <= int(digits) < span[1] and not _CARD_LABEL.search(label):
            return "dotnet_ticks" if span is _TICKS else "epoch_us"
        if _decimal(text, start, end):
            return "decimal"
        if _blob(text, start, end):
            return "blob"
        if len(digits) == 12 and _aws_account(text, start, end, ls):
            return "aws_account"
        if len(digits) == 16 and _S3_OPERATION.match(text, end):
            return "s3_request_id"
        if len(digits) == 12 and unlabelled_twelve(text, start):
            return "unlabelled_twelve"
    elif len(digits) == 12 and id_prefixed(text, start) and unlabelled_twelve(text, start):
        return "unlabelled_twelve"
    if in_dump_line(text, end, ls, le):
        return "hexdump"
    if text.find("===", max(0, start - 22), start) >= 0 and mime_boundary(text, start, end):
        return "mime_boundary"
    if crash_register(text, start, end, ls, le):
        return "register"
    if (field := log_field(text, start, end, ls, le)) is not None:
        return field
    if nacha_record(text, ls, le):
        return "fixed_width"
    if groups > 1 and "," in text[start:end] and int_array_slice(text, start, end, ls):
        return "int_array"
    if tracking_slice(text, start, end):
        return "tracking"
    return format_field(text, start, end, ls, le)  # snmp_value, gs1_element, aws_resource... (``formatfields``)
