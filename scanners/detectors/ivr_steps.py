"""Digits an IVR platform collected at an input step, named only by the step that collected them.

An IVR asks for one thing per input step and logs what the caller keyed in (or said) apart from the question:
- Twilio ``<Gather>``: the action callback is a form POST (``Digits=217&FinishedOnKey=%23&CallSid=CA...``, or
  ``SpeechResult=two+one+seven&Confidence=0.91`` for speech input) to the action URL the app chose, which names the
  step (``/twilio/gather?step=cvv``, ``/gather/expiry``); a Lambda logs the path and the body on one line;
  A Twilio Studio execution's context writes each Gather widget's ``Digits`` in the widget's object
  (``"widgets": {"gather_cvv": {"Digits": "217", ...}}``): with no step on the line, that object's key names it;
- Asterisk: ``Executing [s@ivr:3] Read("PJSIP/…", "CVV,custom/enter-security-code,3,,1,10")`` (app_read's first
  argument is the variable, the second the prompt), later on the same channel ``app_read.c: -- User entered '217'``
  (one ``DTMF end '2' received`` line per key may stand between); an AGI script's debug output writes each command
  and its answer on a line led by the channel: ``<PJSIP/t-1>AGI Rx << GET DATA enter-security-code 10000 4`` (the
  prompt is the step), then ``<PJSIP/t-1>AGI Tx >> 200 result=217``;
- a trace's or call log's name token and value token on one line: NICE CXone Studio's ``VARIABLE=CCCVV<TAB>
  VALUE=217``, a Nuance Recognizer call log's ``GRMR=session:security_code|…|RSLT=217`` (the grammar names the
  result);
- Cisco CVP VXML Server's activity log (session, time, element, category, action, description, comma-delimited)
  writes an element's datum as ``GetCVV,data,value,217``: the datum's name (``value``) and its element name it.
``inputs`` yields each collected value with the words of its step (lower case), for the detector to read against
the words that ask for a security code or an expiry date (``vocabulary``), as ``dialogue.keyed_answers`` does for an
Amazon Connect input block's prompt. A step that asks for something else (PIN, zip, account, amount) names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import enclosing_object
from scanners.cards.flowlog import block_words
from scanners.detectors.context import line_end, line_start
from scanners.lazy_re import lazy_compile

# A Twilio callback parameter, form-encoded (``Digits=217``) or as a logged object's member (``"Digits": "217"``,
# util.inspect's ``Digits: '217'``).
DIGITS = r"""(?:Digits|SpeechResult)\\?["']?[ \t]*[:=][ \t]*\\?["']?"""
_PARAM = lazy_compile(r"""(?P<k>Digits|SpeechResult)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?P<v>[^&"'\s\\,}]{1,200})""")
_BEFORE = frozenset("&?;=, \t{\"'")  # what stands before a parameter name (not ``numDigits=``)
# The step: the request path and query on the line (``/twilio/gather?step=cvv&attempt=1``), or a step-like member
# (``"step": "cvv"``).
_STEP = lazy_compile(
    r"""(?<![\w/.%])/[A-Za-z0-9_.~/-]*[A-Za-z0-9_](?:\?[A-Za-z0-9_.~%=&+-]*)?"""
    r"""|\b(?:step|stage|state|action|prompt)\\?["']?[ \t]*[:=][ \t]*\\?["']?[A-Za-z0-9_./ -]{1,80}"""
)
# Asterisk: app_read's answer, and the Read() that asked (its variable and prompt), on the same channel.
USER_ENTERED = r"User entered '[0-9]"
_ENTERED = lazy_compile(r"User entered '(?P<v>[0-9]{1,19})'")
_READ = lazy_compile(r"""Read\("(?P<chan>[^"\r\n]{0,120})", "(?P<args>[^"\r\n]{1,200})"\)""")
_CALL = lazy_compile(r"\[(?P<id>C-[0-9a-fA-F]{4,16})\]")  # the verbose log's call id: VERBOSE[2176][C-8e038c9a]
READ_REACH = 4000  # how far before an answer its Read() is looked for
_WIDGET_REACH = 400  # a widget's object: its few members
_SPEECH_TOKEN = lazy_compile(r"[A-Za-z']+|[0-9]+|%[0-9A-Fa-f]{2}|.")
_SEPARATORS = frozenset({"+", "-", ".", ",", "%20", "%2c", "%2e"})  # form-encoded spaces and punctuation


# Asterisk AGI's answer to a command, and the GET DATA command that asked (its prompt) on the same channel
AGI_RESULT = r"AGI Tx >> 200 result=[0-9]"
_AGI_RESULT = lazy_compile(r"AGI Tx >> 200 result=(?P<v>[0-9]{1,19})(?![0-9])")
_AGI_LINE = lazy_compile(r"AGI (?:Rx << (?P<cmd>[^\r\n]{0,200})|Tx >> 200 )")  # a command, or an answer
AGI_REACH = 2000  # how far before an answer its command is looked for (other channels' lines may stand between)
# A value token and the token naming it on its line (tab, pipe or space separated)
NAMED_VALUE = r"(?:VALUE|RSLT)=[0-9]"
_NAMED_VALUE = lazy_compile(r"(?<=[\t| ])(?:VALUE|RSLT)=(?P<v>[0-9]{1,19})(?![0-9])")
_TOKEN_NAME = lazy_compile(r"(?:^|(?<=[\t| ]))(?:VARIABLE|VAR|NAME|GRMR)=(?P<name>[^\t|\s]{1,120})")
# A CVP activity log's element datum: element, category ``data``, datum name, value (the line's last cell)
ELEMENT_DATA = r",data,[A-Za-z_]"  # (the name and value read in Python: a bounded repeat costs hyperscan)
_ELEMENT_DATA = lazy_compile(
    r"(?P<element>[A-Za-z_][\w.\-]{0,63}),data,(?P<name>[A-Za-z_][\w.\-]{0,63}),(?P<v>[0-9]{1,19})(?=\r?$)", re.M)
TRIGGERS = (DIGITS + "[0-9A-Za-z]", USER_ENTERED, AGI_RESULT, NAMED_VALUE, ELEMENT_DATA)  # where ``inputs`` reads
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_OBJECT_KEY = re.compile(r"""["']([A-Za-z_][\w.\-]{0,63})["'][ \t]*:[ \t\r\n]*$""")


def _name_words(*names: str) -> str:
    """Variable, element or grammar names as step words: ``GetCVV`` -> ``get cvv``."""
    return " ".join(_CAMEL.sub(" ", n) for n in names).lower()


def inputs(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, raw value, kind, step words) of each value collected at an input step on the lines of
    ``text[lo:hi]``; ``kind`` is ``digits`` (keyed in) or ``speech`` (form-encoded words: ``two+one+seven``)."""
    for m in _PARAM.finditer(text, lo, hi):
        if m.start() > 0 and text[m.start() - 1] not in _BEFORE:
            continue
        steps = _steps(text, m.start()) or _widget(text, m.start())
        if steps:
            kind = "digits" if m["k"] == "Digits" else "speech"
            if kind == "speech" or m["v"].isdigit():
                yield m.start("v"), m.end("v"), m["v"], kind, steps
    for m in _ENTERED.finditer(text, lo, hi):
        args = _read_args(text, m.start())
        if args:
            yield m.start("v"), m.end("v"), m["v"], "digits", args
    for m in _AGI_RESULT.finditer(text, lo, hi):
        if prompt := _agi_prompt(text, m.start()):
            yield m.start("v"), m.end("v"), m["v"], "digits", prompt
    for m in _NAMED_VALUE.finditer(text, lo, hi):
        names = [n["name"] for n in _TOKEN_NAME.finditer(text, line_start(text, m.start()), m.start())]
        if names:
            yield m.start("v"), m.end("v"), m["v"], "digits", _name_words(names[-1])
    for m in _ELEMENT_DATA.finditer(text, lo, hi):
        yield m.start("v"), m.end("v"), m["v"], "digits", _name_words(m["element"], m["name"])


def _widget(text: str, at: int) -> str:
    """The key of the object holding the member at ``at`` (a Studio widget: ``"gather_cvv": {"Digits": ...``)."""
    if text[at - 1 : at] not in "\"'" or (found := enclosing_object(text, at, reach=_WIDGET_REACH)) is None:
        return ""
    key = _OBJECT_KEY.search(text, max(0, found[0] - 80), found[0])
    return "" if key is None else key.group(1).lower()


def _agi_prompt(text: str, at: int) -> str:
    """The prompt of the GET DATA command an AGI answer at ``at`` answers: the channel's line before it, a command."""
    a = line_start(text, at)
    channel = text[a:at]
    for m in reversed(list(_AGI_LINE.finditer(text, max(0, a - AGI_REACH), a))):
        if text[line_start(text, m.start()) : m.start()] == channel:
            cmd = (m["cmd"] or "").split()  # (an answer: that command was answered already)
            return cmd[2].lower() if cmd[:2] == ["GET", "DATA"] and len(cmd) > 2 else ""
    return ""


def _steps(text: str, at: int) -> str:
    """The step words on the line of ``at``: its request path and query, or a step member, lower case."""
    a, b = line_start(text, at), line_end(text, at)
    return " ".join(s.group() for s in _STEP.finditer(text, a, b)).lower()


def _read_args(text: str, at: int) -> str:
    """The variable and prompt of the last ``Read()`` on the answer's channel before ``at`` (no answer between)."""
    a = line_start(text, at)
    call = _CALL.search(text, a, at)
    lo = max(0, a - READ_REACH)
    for m in reversed(list(_READ.finditer(text, lo, a))):
        line = text[line_start(text, m.start()) : m.start()]
        if call is not None and f"[{call['id']}]" not in line:
            continue  # another call's Read()
        for done in _ENTERED.finditer(text, m.end(), a):
            if call is None or f"[{call['id']}]" in text[line_start(text, done.start()) : done.start()]:
                return ""  # that Read() was answered already
        return m["args"].lower()
    return ""


def speech_numbers(raw: str, fillers: frozenset[str], words: dict[str, str]) -> tuple[int, int, str] | None:
    """(start, end, digits) within ``raw`` (a form-encoded speech result, ``my+security+code+is+two+one+seven``)
    when it holds only numbers (digits or ``words``), separators and ``fillers``."""
    first = last = -1
    digits = ""
    for t in _SPEECH_TOKEN.finditer(raw):
        tok = t.group()
        low = tok.lower()
        if tok.isdigit() or low in words:
            digits += tok if tok.isdigit() else words[low]
            first = t.start() if first < 0 else first
            last = t.end()
        elif low not in fillers if tok[0].isalpha() else low not in _SEPARATORS:
            return None
    return (first, last, digits) if digits else None


# A step that asks for something no card is: an account, order or member number, an amount, a menu choice, a zip.
_ID_STEP = lazy_compile(
    r"(?<![a-z])(?:acct|account(?!s/)|order|member|customer|invoice|policy|reference|ref|amount|menu|zip|postal)"
)  # (Twilio's REST paths name the project's ``/Accounts/AC…/``: no step)
_CARD_STEP = lazy_compile(r"(?<![a-z])(?:card|cc|pan|credit|debit)")
# How a collected value starts (``inputs``): what spares every other number the search for its step
_VALUE_START = re.compile(
    r"""(?:Digits\\?["']?[ \t]*[:=][ \t]*\\?["']?|User entered '|AGI Tx >> 200 result=|[\t| ](?:VALUE|RSLT)="""
    r"""|,data,[A-Za-z_][\w.\-]{0,63},)$"""
)
_FLOW_VALUE = re.compile(r'"Results\\?"[ \t]*:[ \t]*\\?"$')  # a Connect input block's keypad input
# What a Connect block that collects an id names (its prompts are prose: "press 1 for customer recording" names none).
_ID_BLOCK = lazy_compile(
    r"(?<![a-z])(?:acct|account|order|member|membership|invoice|policy|reference|ref|booking|customer (?:number|id))"
    r"(?![a-z])"
)


def keyed_at_id_step(text: str, start: int, digits: str) -> bool:
    """``digits`` (at ``start``) are keyed in whole at an input step that asks for an account, order or member
    number, an amount or a menu choice and names no card: an id, whatever its length, as a Connect input block's
    (``"Identifier": "CollectAccount"``: ``block_words``): any number keyed in whole at a step or block that names an
    id and no card is that id (``/gather?step=order_lookup … Digits=``, ``GET DATA enter-account-number`` then
    ``result=``, CVP's ``GetAccount,data,value,``)."""
    end = start + len(digits)
    quoted = text[start - 1 : start] == '"' and text[end : end + 1] in ('"', "\\")
    if quoted and _FLOW_VALUE.search(text, max(0, start - 24), start):
        words = block_words(text, start)
        return words is not None and _ID_BLOCK.search(words) is not None and _CARD_STEP.search(words) is None
    if not _VALUE_START.search(text, max(0, start - 80), start) or text[end : end + 1].isdigit():
        return False
    steps = next((step for s, _e, _v, _k, step in inputs(text, line_start(text, start), line_end(text, start))
                  if s == start), "")
    return _ID_STEP.search(steps) is not None and _CARD_STEP.search(steps) is None
