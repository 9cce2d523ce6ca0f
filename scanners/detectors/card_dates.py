"""A card's expiry date written right after its keyword, in the forms logs, forms and speech-to-text give it
(``12/30``, ``2030-12``, ``Feb 2027``, ``septiembre de 2033``, a keyed ``2712``), read into one ``MM/YY``."""

from __future__ import annotations

import re

from scanners.detectors.context import GAP, gap_ok
from scanners.detectors.months import FOREIGN_MONTH, month_number

# Card dates: MM/YY (``\\/``: PHP's json_encode; ``&#x2F;``: an HTML mail's slash escaped as the OWASP XSS
# prevention cheat sheet long advised, ``&#47;``/``&sol;``), MM/YYYY, MM-YY, MMYY, MM YY (as speech-to-text
# writes "twelve thirty"), YYYY-MM, "Feb 2027" (a month name in another language too: "septiembre de 2033", ``months``),
# YYMM (or EMV's and Apple Pay's YYMMDD) for years 21-39 where the digits are no MMYY, YYYYMM (a SOAP gateway's
# ``<Expiry>202706</Expiry>``; never an MMYYYY, whose month can't be 20) or YYYYMMDD (SAP's DATS type: a BAPI's
# ``CC_VALID_T = 20300331``), DD-MON-YY (Oracle's default date format), MM.YY after a keyword, MM/YY a digit at a
# time (``0 3 / 2 7``); never part of a longer date, time or version.
DATE_END = r"(?![A-Za-z0-9_]|[/.:\-][0-9]|\\/[0-9])"
_MONTH_NAME = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_ABBREV = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATE = re.compile(
    GAP + r"(?P<v>(?P<m1>0?[1-9]|1[0-2]) ?(?:\\?/|-|&#(?:[xX]0*2[fF]|0*47);|&sol;) ?(?P<y1>20[0-9]{2}|[0-9]{2})"
    r"|(?P<m2>0[1-9]|1[0-2]) ?(?P<y2>20[0-9]{2}|[0-9]{2})|(?P<y3>20[0-9]{2})(?:\\?/|-)(?P<m3>0[1-9]|1[0-2])"
    rf"|(?i:(?P<m4>{_MONTH_NAME}))\.?(?: ?[/\-] ?|[ ,]{{1,2}})(?P<y4>20[0-9]{{2}}|'?[0-9]{{2}}(?!,? ?[0-9]))"
    r"|(?P<y5>2[1-9]|3[0-9])(?P<m5>0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])?"
    r"|(?P<y7>20[0-9]{2})(?P<m7>0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])?"
    # Oracle's default date format (NLS_DATE_FORMAT DD-MON-RR) and its four-digit year: ``09-JAN-29``
    rf"|(?:0?[1-9]|[12][0-9]|3[01])-(?i:(?P<m10>{_MONTH_ABBREV}))-(?P<y10>20[0-9]{{2}}|[0-9]{{2}})"
    rf"|(?i:(?P<m6>{FOREIGN_MONTH}))\.?(?:[ ,]{{1,2}}(?:del? )?|[ \t]?[/\-][ \t]?)(?P<y6>20[0-9]{{2}})"
    # MM/YY a digit at a time, as a person types it spaced out or a form reads it back (``0 3 / 2 7``)
    r"|(?P<m9>0 [1-9]|1 [0-2]) ?(?:\\?/|-) ?(?P<y9>2 0 [0-9] [0-9]|[0-9] [0-9])"
    # the year and the month with their Chinese, Japanese or Korean units (``2028年11月``, ``2027년 9월``; the month
    # first: ``11月/2028年``); never a whole date (``2028年11月5日``): its day is no card's
    r"|(?:(?P<y11>20[0-9]{2}) ?[年년] ?(?P<m11>0?[1-9]|1[0-2]) ?[月월]"
    # (a two-digit year only after the slash, the card's MM/YY with its units: ``07月/27年``; an era's year comes
    # first, ``令和7年3月``)
    r"|(?P<m12>0?[1-9]|1[0-2]) ?[月월] ?(?:/? ?(?P<y12>20[0-9]{2})|/ ?(?P<y13>[0-9]{2})) ?[年년])"
    r"(?! ?[0-9]{1,2} ?[日일号號])"
    r"|(?P<m8>0[1-9]|1[0-2])\.(?P<y8>20[0-9]{2}|[0-9]{2}))"  # MM.YY: only ``dotted`` (last: no other form matches)
    + DATE_END,
    re.ASCII,
)


_KEYED = re.compile("[:=>\"']")


def date_at(text: str, at: int, fillers: frozenset[str], *, yymm: bool = False,
            prose: bool = False, dotted: bool = False) -> tuple[int, int, str] | None:
    """The card date right after a keyword ending at ``at``: (start, end, "MM/YY"). ``yymm``: the keyword names a
    whole date, so four digits that are no MMYY may be YYMM (ISO 8583's and several gateways' order: ``2712``) when
    they are the key's value (six or eight digits likewise: YYYYMM, YYYYMMDD), or in prose too with ``prose`` (the
    caller saw a card number beside it). ``dotted``: right after an expiry keyword, MM.YY and MM.YYYY too
    (``validade 12.27``, ``gültig bis 12.2027``, as European and Asian apps write it); elsewhere such digits are a
    version or a decimal."""
    m = _DATE.match(text, at)
    if m is None or not gap_ok(m["gap"], fillers):
        return None
    if (m["y5"] or m["y7"]) and not (yymm and (prose or not m["gap"] or _KEYED.search(m["gap"]))):
        return None  # YYMM, YYYYMM only as a key's value (``"ExpDate": "2712"``, ``<ExpDate>2712``, held), not in prose
    if m["m8"] and not dotted:
        return None
    named = m["m4"] or m["m10"]
    name = named and "janfebmaraprmayjunjulaugsepoctnovdec".index(named[:3].lower()) // 3 + 1
    spaced = m["m9"] and m["m9"][::2]  # (every other character: the digits)
    month = int(m["m1"] or m["m2"] or m["m3"] or m["m5"] or m["m7"] or m["m8"] or m["m11"] or m["m12"] or spaced
                or name or month_number(m["m6"]))
    year = (m["y1"] or m["y2"] or m["y3"] or m["y4"] or m["y5"] or m["y6"] or m["y7"] or m["y8"] or m["y10"]
            or m["y11"] or m["y12"] or m["y13"] or m["y9"][::2])
    return m.start("v"), m.end("v"), f"{month:02d}/{year[-2:]}"
