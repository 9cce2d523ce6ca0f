"""When a chat or SMS message was sent, read from the value its record writes the time in: Unix seconds (a WhatsApp
webhook's ``timestamp``, an Intercom part's ``created_at``), Slack's ``ts`` (seconds with microseconds), milliseconds,
an ISO 8601 time (Graph's ``createdDateTime``), an RFC 2822 date (Twilio's ``date_created``/``date_sent``) or a web
server's access-log time (``[25/May/2024:10:35:43 +0000]``).

The rules that join a card number written over consecutive messages of a conversation (``detectors.chat_split``,
``detectors.conversation``) read the time to tell the next message of a number (seconds or a minute or two later)
from a later, unrelated one.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

from scanners.lazy_re import lazy_compile

# the keys a message record writes its time in (lower-cased)
TIME_KEYS = frozenset({"timestamp", "ts", "created_at", "createddatetime", "date_created", "date_sent"})
_NUMBER = lazy_compile(r"[0-9]{9,13}(?:\.[0-9]{1,6})?")
_ACCESS_LOG = "%d/%b/%Y:%H:%M:%S %z"


def seconds(value: str) -> float | None:
    """The Unix time, in seconds, that ``value`` writes, or None when it writes none of the forms above."""
    value = value.strip()
    if _NUMBER.fullmatch(value) is not None:
        number = float(value)
        return number / 1000 if number > 1e11 else number  # milliseconds since the epoch
    try:
        if value[:4].isdigit() and value[4:5] == "-":
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        if value[:2].isdigit() and value[2:3] == "/":
            return datetime.strptime(value, _ACCESS_LOG).timestamp()
        if value[:1].isalpha() and "," in value[:5]:
            return parsedate_to_datetime(value).timestamp()
    except (ValueError, TypeError, IndexError):
        return None
    return None
