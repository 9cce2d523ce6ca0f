"""A log of form-encoded message webhooks read as the conversation it holds: one message a line, in the lines' order.

Twilio posts each inbound SMS to its webhook as an ``application/x-www-form-urlencoded`` body: the text in ``Body``,
the sender in ``From`` (``...&Body=vence+08%2F31&FromCountry=US&...&From=%2B15555550136&...``), and a web server's
access log or an app's log writes one request a line. A recording's transcription callback (``TranscriptionText``)
and a ``<Gather input="speech">`` callback (``SpeechResult``) carry ``From`` the same way. People write a card over
several messages (the number, then ``vence 08/31``; a number split in two), and the percent decoder reads each line's
``Body`` alone, so the rules that read a message with the ones before it (``detectors.conversation``,
``detectors.chat_split``) never see them together.

For a line whose message holds a digit and whose sender sent messages on the lines before it (at most ``MESSAGES``
of them, within ``REACH`` characters), the decoded text is those lines, one for one, each of the sender's messages as
the record such a rule reads, ``{"from": "<From>", "body": "<Body>"}``, and every other line left empty: one log
interleaves many people's conversations, and another sender's card is no card of this message's, nor does another
sender's message end this one's number. A value found there is reported on its
own line (``lines``). A value the percent decoder also finds in its line alone is reported once (the same value
found through fewer layers inside the line wins, ``engine.core``).

Limits: a line longer than ``max_segment`` characters, or a run of lines longer than that, is not read (noted);
decoded text is cut at ``max_output`` characters (noted).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, trigger_lines
from scanners.decoders.percent import unquote
from scanners.detectors.base import Decoded

MESSAGES = 8  # message lines before a line that may hold its conversation (as ``detectors.conversation`` reads)
REACH = 16384  # how far back they may start: a webhook's logged body spends hundreds of characters on each
_KEYS = r"(?:Body|TranscriptionText|(?:Unstable)?SpeechResult)"
# a message parameter of a form body whose value holds a digit (escaped or not)
TRIGGER = rf"[?&\"]{_KEYS}=[A-Za-z0-9%+._~*-]*[0-9]"
_TRIGGER = re.compile(TRIGGER, re.ASCII)
_MESSAGE = re.compile(rf"(?<=[?&\" \t]){_KEYS}=([A-Za-z0-9%+._~*/:,!'()-]*)", re.ASCII)
_FROM = re.compile(r"(?<=[?&\" \t])From=([A-Za-z0-9%+._~:@-]{1,64})(?![A-Za-z0-9%+._~:@-])", re.ASCII)


def _said(text: str, lo: int, hi: int) -> tuple[str, str] | None:
    """The sender and the message of the form body on the line ``text[lo:hi]``, both decoded; None for a line that
    holds no message with its sender."""
    m, who = _MESSAGE.search(text, lo, hi), _FROM.search(text, lo, hi)
    return None if m is None or who is None else (unquote(who[1]), unquote(m[1]))


class FormMessagesDecoder(BoundedDecoder):
    id = "form_messages"
    triggers = (TRIGGER,)

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, lo, hi in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            own = _said(text, lo, hi)
            if own is None or not any(c.isdigit() for c in own[1]):
                continue
            lines: list[tuple[str, str] | None] = [own]
            start, said_before = lo, 0
            while start > 0 and said_before < MESSAGES and lo - start < REACH:
                prev = text.rfind("\n", 0, start - 1) + 1
                if start - 1 - prev > REACH:
                    break  # a line that long is no logged webhook
                said = _said(text, prev, start - 1)
                said = said if said is not None and said[0] == own[0] else None
                lines.append(said)
                said_before += said is not None
                start = prev
            if not said_before:
                continue  # no earlier message of its sender: the line alone says all the percent decoder reads
            while lines[-1] is None:
                lines.pop()  # the lines before the sender's first message there
                start = text.find("\n", start) + 1
            if over_limit(hi - start, self.max_segment):
                continue
            decoded = "\n".join("" if said is None else json.dumps({"from": said[0], "body": said[1]},
                                                                    ensure_ascii=False) for said in reversed(lines))
            yield Decoded(start, hi, capped(decoded, self.max_output), (self.id, "percent"), lines=True)


DECODER = FormMessagesDecoder
