"""SubtitleCuesDecoder: SubRip and WebVTT cues read as the turns of a transcript, so a card number said over two cues
and an answer in the cue after its question are read, each reported on the line where it starts. Near misses: a
number whose cues are far apart, an account number after a question about an account, a lone cue."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.subtitle_cues import SubtitleCuesDecoder
from scanners.engine.core import Backend, Engine

D = SubtitleCuesDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
FIRST, LAST = f"{PAN[:4]} {PAN[4:8]}", f"{PAN[8:12]} {PAN[12:]}"


def srt(texts: list[str]) -> str:
    cues = [f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 2:02d},000\n{t}\n" for i, t in enumerate(texts)]
    return "\n".join(cues)


def vtt(texts: list[str]) -> str:
    cues = [f"00:{2 * i:02d}.000 --> 00:{2 * i + 2:02d}.000\n{t}\n" for i, t in enumerate(texts)]
    return "WEBVTT\n\n" + "\n".join(cues)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


POSITIVES = [
    ("srt split card", srt(["How can I help?", f"Okay the card number is {FIRST}", f"{LAST}.", "Thank you."]),
     {("pan", PAN, f"is {FIRST}")}),
    ("vtt expiry answer", vtt(["Sure, go ahead.", "And the expiry?", "09/27.", "Great."]),
     {("expiry", "09/27", "09/27.")}),
    ("two-line cue", srt(["Hello.", f"the card number is\n{FIRST}", f"{LAST}.", "Thanks."]),
     {("pan", PAN, f"{FIRST}\n")}),
    # words outside ASCII are joined as written: the number is still reported on its own cue, not an earlier one
    ("accented keyword", srt(["\u00bfAlgo m\u00e1s?", "S\u00ed, el c\u00f3digo de seguridad", "es 536.", "Gracias."]),
     {("cvv", "536", "es 536.")}),
    # an answer alone in its cue right after the question's, no period after it (the recogniser wrote none), in
    # another language too; the next cue starts another turn
    ("srt bare code answer", srt(["and the three digit security code on the back?", "486", "thanks, all done"]),
     {("cvv", "486", "486")}),
    ("srt bare code answer de", srt(["und die dreistellige Pr\u00fcfnummer hinten?", "486", "danke, alles erledigt"]),
     {("cvv", "486", "486")}),
    ("vtt bare date answer fr", vtt(["et la date d'expiration ?", "02/26", "merci"]), {("expiry", "02/26", "02/26")}),
]


# a bare code's cue is also read in the raw text, unencoded (detectors.blocks: a subtitle file's cue blocks)
_READ_RAW_TOO = {c[1] for c in POSITIVES if c[0].startswith("srt bare code answer")}


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_cues_are_read_as_turns(backend: Backend, text: str, found: set[tuple[str, str, str]]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.type in ("pan", "cvv", "expiry")]
    got = {(s.type, s.value, text.count("\n", 0, s.start) + 1) for s in spans}
    assert got == {(t, v, line_of(text, at)) for t, v, at in found}
    encodings = {(), ("subtitle_cues",)} if text in _READ_RAW_TOO else {("subtitle_cues",)}
    assert all(s.encoding in encodings for s in spans)


def test_a_turn_runs_on_over_cues_until_a_sentence_ends() -> None:
    text = srt(["Hi.", "the number", f"is {FIRST}", f"{LAST}.", "Bye."])
    segs = list(D.decode(text))
    assert all(f"is {FIRST} {LAST}." in s.text or FIRST not in s.text for s in segs)  # never cut short
    assert any(f'"transcript": "the number is {FIRST} {LAST}."' in s.text.split("\n") for s in segs)


NEGATIVES = [
    ("far apart", srt([f"Okay the card number is {FIRST}", "Hold on.", "Let me check.", f"{LAST}."])),
    ("account answer", vtt(["And the account number?", f"{PAN[:12]}.", "Thanks."])),
    ("bare number no question", srt(["room service please", "486", "thanks, all done"])),
    ("bare number other question", vtt(["which room are you in?", "486", "thanks"])),
]


def test_an_answer_cue_ends_its_turn_only_after_a_question() -> None:
    asked = list(D.decode(srt(["and the expiry?", "09/27", "thanks"])))
    assert any('"transcript": "09/27"' in s.text.split("\n") for s in asked)
    told = list(D.decode(srt(["the expiry", "09/27", "thanks"])))
    assert not any('"transcript": "09/27"' in s.text.split("\n") for s in told)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_stay_quiet(backend: Backend, text: str) -> None:
    assert [s.type for s in Engine(backend=backend).scan_text(text) if s.type in ("pan", "cvv", "expiry")] == []


def test_a_lone_cue_is_left_where_it_stands() -> None:
    assert list(D.decode(srt([f"card {PAN}"]))) == []
