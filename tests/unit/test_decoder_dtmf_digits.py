"""DtmfDigitsDecoder: a number keyed on the phone and logged one DTMF digit per line or event (Asterisk's full log
and AMI events, FreeSWITCH's log and event-socket events, SIP INFO dtmf-relay traces, RFC 4733 event summaries) is
joined per channel, so a card number is found on its first digit's line; menu choices, short runs, entries cut by
``#`` or a long gap, and numbers that are no card stay quiet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from scanners.decoders.dtmf_digits import GAP_LINES, DtmfDigitsDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import OUTPUT, SEGMENT, collecting
from tests.unit.test_card_summary import _luhn

D = DtmfDigitsDecoder()
PAN = _luhn("492906900679218")
PAN2 = _luhn("51051051051051")  # a second caller's card, keyed at the same time
UUID = "fac18661-6471-4e65-9102-9d411322ed1b"
DIGIT_LINE = r"DTMF begin|DTMF end|RECV DTMF|Digit: |Signal=|\"event\"|\"digit\"|RFC2833 from"
Form = Callable[[str, str], list[str]]  # (digit, channel) -> the lines one key press writes


def asterisk(d: str, chan: str) -> list[str]:
    head = f"[2024-04-25 10:32:19] DTMF[5556][C-{chan}] channel.c: DTMF"
    return [f"{head} begin '{d}' received on PJSIP/trunk-{chan}",
            f"{head} end '{d}' received on PJSIP/trunk-{chan}, duration 87 ms"]


def asterisk_end_only(d: str, chan: str) -> list[str]:
    return asterisk(d, chan)[1:]


def ami(d: str, chan: str) -> list[str]:
    common = (f"Channel: PJSIP/trunk-{chan}\r\nChannelState: 6\r\nUniqueid: 1713610972.{chan}\r\n"
              f"Linkedid: 1713610972.{chan}\r\nDigit: {d}\r\n")
    return [f"Event: DTMFBegin\r\nPrivilege: dtmf,all\r\n{common}Direction: Received\r\n\r",
            f"Event: DTMFEnd\r\nPrivilege: dtmf,all\r\n{common}DurationMs: 115\r\nDirection: Received\r\n\r"]


def ami_old(d: str, chan: str) -> list[str]:
    head = f"Event: DTMF\nPrivilege: dtmf,all\nChannel: SIP/trunk-{chan}\nUniqueid: 1413610972.{chan}\nDigit: {d}\n"
    return [f"{head}Direction: Received\nBegin: Yes\nEnd: No\n", f"{head}Direction: Received\nBegin: No\nEnd: Yes\n"]


def freeswitch(d: str, chan: str) -> list[str]:
    return [f"{UUID[:-len(chan)]}{chan} 2024-04-16 08:33:35.275022 [DEBUG] switch_rtp.c:7856 RTP RECV DTMF {d}:1396"]


def esl(d: str, chan: str) -> list[str]:
    return [f"Event-Name: DTMF\nCore-UUID: 6aa9fd35-008d\nEvent-Date-Local: 2024-04-27%2010%3A13%3A00\n"
            f"Unique-ID: {UUID[:-len(chan)]}{chan}\nCaller-Caller-ID-Number: %2B16469446157\n"
            f"DTMF-Digit: {d.replace('#', '%23').replace('*', '%2A')}\nDTMF-Duration: 1190\nDTMF-Source: RTP\n"]


def sip(d: str, chan: str) -> list[str]:
    info = (f"U 2024/04/28 01:06:04.570475 10.0.0.5:5060 -> 10.0.1.9:5060\r\nINFO sip:ivr@10.0.1.5:5060 SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK1c42\r\nCall-ID: {chan}@10.95.95.234\r\nCSeq: 682 INFO\r\n"
            f"Content-Type: application/dtmf-relay\r\nContent-Length: 24\r\n\r\nSignal={d}\r\nDuration=160\r\n")
    ok = (f"U 2024/04/28 01:06:04.580000 10.0.1.9:5060 -> 10.0.0.5:5060\r\nSIP/2.0 200 OK\r\n"
          f"Call-ID: {chan}@10.95.95.234\r\nCSeq: 682 INFO\r\nContent-Length: 0\r\n")
    return [info, ok]


def rtp(d: str, chan: str) -> list[str]:
    record = {"call_id": f"{chan}@10.2.3.4", "ssrc": f"0x{chan}", "rtp_ts": 325048329, "payload_type": 101,
              "event": "0123456789*#".index(d), "volume": 10}
    # a start packet, then the end packet sent three times (RFC 4733 2.5.1.4), all with the event's timestamp
    return [json.dumps({**record, "end": False, "duration": 400})] + [json.dumps({**record, "end": True})] * 3


def sip_flat(d: str, chan: str) -> list[str]:
    """The SIP INFO message flattened onto one log line, headers and body joined by `` | ``."""
    return [f"INFO sip:ivr@10.0.0.5 SIP/2.0 | Call-ID: {chan}@10.95.95.234 | CSeq: 100 INFO | "
            f"Content-Type: application/dtmf-relay | Signal={'0123456789*#'.index(d)} | Duration=160"]


def dtmf_event(d: str, chan: str) -> list[str]:
    return [json.dumps({"eventType": "dtmf", "conversationId": f"{UUID[:-len(chan)]}{chan}", "digit": d,
                        "durationMs": 153}, separators=(",", ":"))]


def rfc2833_debug(d: str, chan: str) -> list[str]:
    """Asterisk's ``rtp set debug on``: the packets of one press (two, then the end three times) share its ts."""
    head = f"Got  RTP RFC2833 from   10.0.{int(chan[:2], 16)}.7:10000 (type 101, seq 01047{{}}, ts 325048329, len 4"
    event = f"event {'0123456789*#'.index(d):08d}"
    return [head.format(i) + f", mark 0, {event}, end {int(i > 1)}, duration 00{160 * (i + 1)})" for i in range(5)]


FORMS: dict[str, Form] = {"asterisk": asterisk, "asterisk-end-only": asterisk_end_only, "ami": ami,
                          "ami-old": ami_old, "freeswitch": freeswitch, "esl": esl, "sip-info": sip, "rfc4733": rtp,
                          "sip-info-flat": sip_flat, "dtmf-event-json": dtmf_event, "rfc2833-debug": rfc2833_debug}


def keyed(form: Form, *entries: tuple[str, str]) -> list[str]:
    """The lines of the entries ``(digits, channel)`` keyed at the same time, their presses interleaved."""
    lines: list[str] = ["-- Executing [s@ivr-pay:3] Read(\"CARD,enter-card-number,19,,1,10\") in new stack"]
    stamp = 0
    for i in range(max(len(digits) for digits, _ in entries)):
        for digits, chan in entries:
            if i < len(digits):
                stamp += 1
                lines += [line.replace("325048329", str(325048329 + 160 * stamp)) for line in form(digits[i], chan)]
    return lines


def text_of(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def first_digit_line(text: str) -> int:
    """The line number (from 0) of the first digit keyed: the card's, keyed first."""
    return next(i for i, line in enumerate(text.split("\n")) if re.search(DIGIT_LINE, line))


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_each_channel_is_joined_in_order(form: Form) -> None:
    text = text_of(keyed(form, (PAN, "aa5e8489"), (PAN2 + "#", "556fb7d5")))
    segs = list(D.decode(text))
    assert sorted(s.text for s in segs) == sorted([PAN, PAN2])
    assert all(s.encoding == ("dtmf",) and len(s.line_starts) == text.count("\n", s.start, s.end) + 1 for s in segs)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_the_card_is_reported_on_its_first_digits_line(backend: Backend, form: Form) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = text_of(keyed(form, (PAN + "#", "aa5e8489"), ("1" + "#", "556fb7d5")))
    found = {(s.type, s.value[-4:], text.count("\n", 0, s.start)) for s in Engine(backend=backend).scan_text(text)}
    assert found == {("pan", PAN[-4:], first_digit_line(text))}


# (id, lines) that hold no card number keyed
QUIET = [
    ("menu-choices", keyed(asterisk, ("1", "aa5e8489")) + keyed(asterisk, ("3#", "aa5e8489"))),
    ("phone-number", keyed(freeswitch, ("4155550123#", "aa5e8489"))),
    ("short-run", keyed(esl, (PAN[:11], "aa5e8489"))),
    ("not-luhn", keyed(sip, (PAN[:-1] + str((int(PAN[-1]) + 1) % 10), "aa5e8489"))),
    ("cut-by-hash", keyed(rtp, (PAN[:8] + "#" + PAN[8:], "aa5e8489"))),
    ("cut-by-star", keyed(ami, (PAN[:8] + "*" + PAN[8:], "aa5e8489"))),
    ("long-gap", keyed(freeswitch, (PAN[:8], "aa5e8489")) + ["other"] * (GAP_LINES + 1)
     + keyed(freeswitch, (PAN[8:], "aa5e8489"))),
    ("two-channels", [line for d, d2 in zip(PAN[::2], PAN[1::2], strict=True)
                      for line in freeswitch(d, "aa5e8489") + freeswitch(d2, "556fb7d5")]),
    ("json-event-no-rtp", [json.dumps({"event": int(d), "user": 7}) for d in PAN]),
    ("rtp-start-packets-only", [json.dumps({"ssrc": "0x1", "payload_type": 101, "event": int(d), "end": False})
                                for d in PAN]),
    ("sip-accept-header", [f"INFO sip:a@b SIP/2.0\nAccept: application/dtmf-relay\nCall-ID: x{i}\n\nhello {d}\n"
                           for i, d in enumerate(PAN)]),
]


@pytest.mark.parametrize("lines", [pytest.param(lines, id=n) for n, lines in QUIET])
def test_what_stays_quiet(lines: list[str]) -> None:
    text = text_of(lines)
    assert [s for s in Engine(backend="re").scan_text(text) if s.type == "pan"] == []


def test_short_runs_and_cut_entries_yield_no_segment() -> None:
    for name in ("menu-choices", "phone-number", "short-run", "cut-by-hash", "long-gap", "two-channels"):
        assert list(D.decode(text_of(dict(QUIET)[name]))) == [], name


def test_every_window_on_the_run_yields_it_and_others_nothing() -> None:
    text = "unrelated\n" + text_of(keyed(asterisk, (PAN, "aa5e8489")))
    (seg,) = list(D.decode(text))
    lines = text.split("\n")
    at = 0
    for line in lines:
        got = list(D.decode(text, at, at + len(line)))
        assert got == ([seg] if "DTMF begin" in line else []), line
        at += len(line) + 1


def test_limits() -> None:
    text = text_of(keyed(asterisk, (PAN, "aa5e8489")))
    with collecting() as noted:
        assert list(DtmfDigitsDecoder(max_segment=100).decode(text)) == []
    assert noted == {SEGMENT}
    with collecting() as noted:
        (seg,) = list(DtmfDigitsDecoder(max_output=4).decode(text))
    assert seg.text == PAN[:4] and noted == {OUTPUT}


def test_rfc2833_lines_naming_no_stream_join_until_the_timestamp_goes_back() -> None:
    """``rtp: RFC2833 event 4 (end) ... ts=8000`` names no call: two entries, each from ts 8000, are two numbers."""
    lines = []
    for digits in (PAN, PAN2):
        lines.append("-- Executing [s@ivr-pay:3] Read(\"CARD,enter-card-number,19,,1,10\") in new stack")
        lines += [f"rtp: RFC2833 event {d} (end) ssrc=0x{i:08x} ts={8000 + 160 * i} dur=960 vol=10 pt=101"
                  for i, d in enumerate(digits)]
    text = text_of(lines)
    assert [(text.count("\n", 0, s.start), s.text) for s in D.decode(text)] == [(1, PAN), (len(PAN) + 2, PAN2)]


def test_dtmf_events_at_a_new_prompt_are_a_new_entry() -> None:
    """A callback number keyed straight after the card, its events naming their ``prompt``, is not joined to it."""
    lines = [dtmf_event(d, "aa5e8489")[0] for d in PAN]
    lines += [dtmf_event(d, "aa5e8489")[0][:-1] + ',"prompt":"callback"}' for d in "4155550123"]
    assert [s.text for s in D.decode(text_of(lines))] == [PAN]
