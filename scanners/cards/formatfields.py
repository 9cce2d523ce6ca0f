"""Numbers a record format names by its own syntax, with no key word beside them (red-team round 67).

Each format is recognised by its whole syntax around the number, never by the number:

- ``snmp_value``: an snmpwalk/snmpget line's numeric value, typed by net-snmp as ``Counter32``, ``Counter64``,
  ``Gauge32``, ``Unsigned32``, ``INTEGER`` or ``Timeticks`` after the OID and `` = ``
  (``IF-MIB::ifHCInOctets.24 = Counter64: <n>``): a counter, gauge or integer (a ``STRING:`` value stays open).
- ``sdp_origin``: the session id and version of an SDP origin line (RFC 4566 ``o=<user> <sess-id> <sess-version>
  IN IP4 <address>``): numbers the offerer draws.
- ``gs1_element``: an element string's value after its Application Identifier in parentheses, in a string that also
  holds a GTIN under ``(01)``, its fixed 14 digits closed by the next AI (``(01)0…(17)260410(10)LOT98771(21)<serial>``,
  GS1 General Specifications' human-readable form): a serial, lot or other GS1 field. (The GTIN's check digit is not
  asked: a label printer's or a log's typo in it leaves the string's syntax as plain.)
- ``chain_amount``: the ``value`` of an Ethereum transaction record (``blockNumber``, ``gas`` and a ``0x`` hash in
  its object, Etherscan's API shape): an amount in wei.
- ``aws_resource``: a resource id inside an ARN (``arn:aws:states:…:execution:settle:run-<n>``), and the execution
  name of a Step Functions StartExecution request (``"stateMachineArn": …, "name": "settle-<n>-<n>"``, as CloudTrail
  records it). An S3 ARN's object key is a file's name and stays open, as any object key does.
- ``build_qualifier``: the qualifier after an artifact's name and version (``app-2.6.31-<n>.jar``, Maven's
  ``<artifactId>-<version>-<qualifier>``): a build's number or time stamp. (A version's first part has at most three
  digits: a date's year before a number, ``2026.12.07-<n>``, stays open.)
- ``swift_account``: the account line of an MT103's ordering customer or beneficiary field (``:50K:/<n>``,
  ``:59:/<n>``) in a message's text block ``{4:``.
- ``play_order_id``: a Google Play order id (``GPA.dddd-dddd-dddd-ddddd``, a subscription's renewal adding
  ``..<n>``): its digits after the ``GPA.`` prefix, grouped 4-4-4-5 as no card's are (red-team round 75).
- ``appsflyer_id``: the random part of an AppsFlyer device id (``<epoch ms>-<19 digits>``: the install's time in
  milliseconds, 2011-2039, a hyphen, then 19 random digits, the whole id a token of its own).
- ``web_vitals_id``: the random part of a web-vitals metric id, ``v<N>-<epoch ms>-<13 digits>`` (``generateUniqueID``
  in GoogleChrome/web-vitals: ``v5-${Date.now()}-${Math.floor(Math.random() * (9e12 - 1)) + 1e12}``; Sentry's and
  Datadog's RUM SDKs vendor it): the version letter, the 13-digit time and the 13-digit draw make the token, whatever
  key holds it.
- ``replay_prefix``: the text of an rrweb session recording's input event that a later event of the same input
  extends (``"source":5,"text":"4111…"``, one event per keystroke): the number typed so far, the card reported at
  its full value (``cards.replays``).
- ``record_column``: a number in an id column of a typed record file (a clearing file's merchant id, terminal id or
  retrieval reference number under ``DTL``): a column where a chance share of the values are card numbers
  (``cards.tokencols``; red-team round 83).
- ``js_operand``: an integer literal assigned to a one- or two-letter name or returned on a line of minified
  JavaScript (``function(e,t,n){…var r=<n>,o=…``; ``cards.jsliterals``, red-team rounds 67 and 87).
"""

from __future__ import annotations

import re

from scanners.cards.jsliterals import js_operand
from scanners.cards.replays import HEAD, INPUT, extended
from scanners.cards.tokencols import record_column

_REACH = 160
_SNMP_TYPED = re.compile(r" = (?:Counter32|Counter64|Gauge32|Unsigned32|INTEGER|Timeticks): \(?$")
_SDP_ORIGIN = re.compile(r"o=\S+ [0-9]+ [0-9]+ IN IP[46] \S+[ \t\r]*$")
_GS1_AI = re.compile(r"\([0-9]{2,4}\)$")
_GS1_GTIN = re.compile(r"\(01\)[0-9]{14}\([0-9]{2,4}\)")
_TX_VALUE = re.compile(r'"value"[ \t]*:[ \t]*"?$')
_TX_MEMBERS = ('"blockNumber"', '"gas', '"0x')
_ARN = re.compile(r"arn:aws[a-z-]*:(?!s3:)[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:[^\s\"'\\,;]*$")
_EXECUTION_NAME = re.compile(r'"name"[ \t]*:[ \t]*"[A-Za-z0-9_-]*$')
_ARTIFACT_VERSION = re.compile(r"[A-Za-z][A-Za-z0-9_]*-v?[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,4}-$")
_SWIFT_ACCOUNT = re.compile(r":(?:50[AFK]?|59[AF]?):/$")
_PLAY_ORDER = re.compile(r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{5}(?:\.\.[0-9]{1,4})?(?![0-9A-Za-z-])")
_EPOCH_MS_BEFORE = re.compile(r"(?<![0-9A-Za-z.\-])(1[3-9][0-9]{11}|2[01][0-9]{11})-$")
_APPSFLYER_TAIL = re.compile(r"[0-9]{19}(?![0-9A-Za-z-])")
_REPLAY_HEAD = re.compile(HEAD + "$")
_WEB_VITALS_ID = re.compile(r"(?<![A-Za-z0-9_-])v[0-9]{1,2}-1[0-9]{12}-$")


def format_field(text: str, start: int, end: int, ls: int, le: int) -> str | None:
    """The format field (see above) the number ``text[start:end]`` on the line ``text[ls:le]`` stands in, or None."""
    before = text[start - 1 : start]
    lo = max(ls, start - _REACH)
    if before in " (" and _SNMP_TYPED.search(text, lo, start):
        return "snmp_value"
    if before == " " and text.startswith("o=", ls) and _SDP_ORIGIN.match(text, ls, le):
        return "sdp_origin"
    if before == ")" and _GS1_AI.search(text, max(ls, start - 6), start) and _gs1_string(text, start, ls, le):
        return "gs1_element"
    if before in '":' and _TX_VALUE.search(text, max(ls, start - 16), start):
        record = text[max(ls, start - 600) : min(le, end + 600)]
        if all(member in record for member in _TX_MEMBERS):
            return "chain_amount"
    if before in ":/-_" and text.find("arn:aws", lo, start) >= 0 and _ARN.search(text, lo, start):
        return "aws_resource"
    if before in "-_" and _EXECUTION_NAME.search(text, max(ls, start - 80), start) and (
            text.find('"stateMachineArn"', max(ls, start - 600), min(le, end + 600)) >= 0):
        return "aws_resource"
    if before == "-" and _ARTIFACT_VERSION.search(text, max(ls, start - 64), start):
        return "build_qualifier"
    if before == "." and text.startswith("GPA.", start - 4) and _PLAY_ORDER.match(text, start, le):
        return "play_order_id"
    if before == "-" and _APPSFLYER_TAIL.match(text, start, le) and _EPOCH_MS_BEFORE.search(
            text, max(ls, start - 15), start):
        return "appsflyer_id"
    if before == "/" and text.startswith(":", ls) and _SWIFT_ACCOUNT.match(text, ls, start) and (
            text.rfind("{4:", max(0, ls - 4096), ls) >= 0):
        return "swift_account"
    if before == "-" and end - start == 13 and _WEB_VITALS_ID.search(text, max(ls, start - 18), start) and (
            not text[end : end + 1].isalnum()):
        return "web_vitals_id"
    if before == '"' and _REPLAY_HEAD.search(text, max(ls, start - 32), start) and (
            (m := INPUT.match(text, text.rfind('"source"', ls, start))) is not None and m.end("text") == end
            and extended(text, m.end(), m["id"], m["text"])):
        return "replay_prefix"
    if before in " \t" and "A" <= text[ls : ls + 1] <= "Z" and record_column(text, start, end, ls):
        return "record_column"
    if before in "= " and js_operand(text, start, end, ls):
        return "js_operand"
    return None


def _gs1_string(text: str, start: int, ls: int, le: int) -> bool:
    """The element string around ``start`` (no blank in it) holds a GTIN under AI ``(01)``, the next AI after it."""
    head = max(text.rfind(" ", ls, start), text.rfind("\t", ls, start)) + 1 or ls
    tail = min((i for i in (text.find(" ", start, le), text.find("\t", start, le)) if i >= 0), default=le)
    return _GS1_GTIN.search(text, max(head, ls), tail) is not None
