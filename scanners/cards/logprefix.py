"""The prefix a log writes before every line of a message, so that keys of one pretty-printed object still read as
neighbours across its lines (``monthyear.across_lines``).

A CloudWatch Logs export (the console's download, ``aws logs get-log-events`` written out, ``aws logs tail``) puts
each event's time before it, ``<ISO time> <message>`` (``tail`` adds the log stream, a Lambda's is
``YYYY/MM/DD/[$LATEST]<hex>``); a Lambda function that prints ``json.dumps(event, indent=2)`` makes one event a
line, so every line of the object gets its own time. Lambda's runtimes write their own prefix before a logged
line: Python's ``[LEVEL]\\t<time>\\t<request id>\\t``, Node's ``<time>\\t<request id>\\tLEVEL\\t``; an export may put
its time before that. ``LINE_PREFIX`` matches one such prefix (or an export's time before a runtime's).
"""

from __future__ import annotations

import re

_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]{1,9})?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
_REQUEST = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_LEVEL = r"(?:\[[A-Z]{4,8}\]|[A-Z]{4,8})"
_STREAM = r"[0-9]{4}/[0-9]{2}/[0-9]{2}/\[[^\]\s]{1,40}\][0-9a-f]{8,64}"
_ONE = (rf"(?:\[[A-Z]{{4,8}}\]\t)?{_TIME}(?:\t{_REQUEST}(?:\t{_LEVEL})?)?[ \t]"
        rf"(?:{_STREAM}[ \t])?")
LINE_PREFIX = re.compile(rf"(?:{_ONE}){{1,2}}")
_AFTER_BREAK = re.compile(rf"\n{LINE_PREFIX.pattern}")


def without_line_prefixes(text: str, at: int, piece: str) -> str:
    """``piece`` (text after ``text[at]``, spanning line breaks) with the log prefix of each line it starts dropped,
    when the line holding ``at`` starts with such a prefix too (a prefix every line repeats); else ``piece``."""
    if "\n" not in piece:
        return piece
    if LINE_PREFIX.match(text, text.rfind("\n", 0, at) + 1) is None:
        return piece
    return _AFTER_BREAK.sub("\n", piece)
