"""SpelledPanDetector: card numbers spelled out in words (LLM prompts, call transcripts)."""

import pytest

from scanners.detectors.spelled_pan import SpelledPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = SpelledPanDetector()

V = "4242424242424242"
W42 = "four two four two four two four two four two four two four two four two"
G42 = "four two four two, four two four two, four two four two, four two four two"
MC = "five five five five, five five five five, five five five five, four four four four"

H1 = "four two four two four two let me see four two four two four two four two four two"
H2 = "four, two, four, two, okay, four, two, four, two, sorry, four, two, four, two, hang on, four, two, four, two"

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("plain", f"my card number is {W42} thanks", [(W42, V)]),
    # a tab-separated export (PowerShell, Excel "Unicode text"): the next cell's number is no digit of the card
    ("tsv-cell", f"c0ffee\t+44 20 7946 0000\tDTMF digits captured {W42}\t100.00", [(W42, V)]),
    ("tsv-grouped-cell", f"c0ffee\t+61 2 9876 5432\tccnum={G42}\t12.00", [(G42, V)]),
    ("commas", f"caller: {G42}, thanks", [(G42, V)]),
    (
        "capitalised",
        "Four Two Four Two, four two four two, four two four two, four two four two.",
        [("Four Two Four Two, four two four two, four two four two, four two four two", V)],
    ),
    ("upper", W42.upper(), [(W42.upper(), V)]),
    (
        "hyphens",
        "four-one-one-one one-one-one-one one-one-one-one one-one-one-one",
        [("four-one-one-one one-one-one-one one-one-one-one one-one-one-one", "4111111111111111")],
    ),
    (
        "dash-groups",
        "four one one one - one one one one - one one one one - one one one one",
        [("four one one one - one one one one - one one one one - one one one one", "4111111111111111")],
    ),
    (
        "and",
        "four two four two and four two four two and four two four two and four two four two",
        [("four two four two and four two four two and four two four two and four two four two", V)],
    ),
    (
        "oh-for-zero",
        "six oh one one, one one one one, one one one one, one one one seven",
        [("six oh one one, one one one one, one one one one, one one one seven", "6011111111111117")],
    ),
    (
        "zero-word",
        "six zero one one one one one one one one one one one one one seven",
        [("six zero one one one one one one one one one one one one one seven", "6011111111111117")],
    ),
    (
        "double",
        "double five double five, double five double five, double five double five, double four double four",
        [
            (
                "double five double five, double five double five, double five double five, double four double four",
                "5555555555554444",
            )
        ],
    ),
    (
        "triple",
        "four one double one, triple one one, triple one one, one one one one",
        [("four one double one, triple one one, triple one one, one one one one", "4111111111111111")],
    ),
    (
        "mixed-digits",
        "4 2 four two, 4242, four two four two, 4 2 4 2",
        [("4 2 four two, 4242, four two four two, 4 2 4 2", V)],
    ),
    (
        "amex",
        "three seven eight two, eight two two four six three, one zero zero zero five",
        [("three seven eight two, eight two two four six three, one zero zero zero five", "378282246310005")],
    ),
    ("then-expiry", f"{MC}, one two, two five", [(MC, "5555555555554444")]),
    ("then-expiry-words", f"{MC} and the expiry is one two two five", [(MC, "5555555555554444")]),
    ("after-other-numbers", f"order 7 item 3, {G42}", [(G42, V)]),
    ("in-json", '{"transcript": "caller: it\'s ' + G42 + ', thanks"}', [(G42, V)]),
    ("two-lines", f"{W42}\n{MC}", [(W42, V), (MC, "5555555555554444")]),
    # a caller's hesitation between the digits stays inside the number
    ("hesitation", "it's " + H1, [(H1, V)]),
    ("hesitation-commas", "the number is " + H2, [(H2, V)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("prose", "one of the two three-day passes cost five hundred"),
    ("counting", "I counted one two three four five six seven eight nine ten"),
    ("countdown", "five four three two one liftoff"),
    ("luhn-invalid", "four two four two four two four two four two four two four two four one"),
    ("too-short", "four two four two four two four two four two four"),
    ("too-long", W42 + " four"),
    ("glued-word", "phone one two three four"),
    ("dangling-double", "four two four two four two four two four two four two four two four double"),
    ("double-double", "double double four two four two four two four two four two four two four two"),
    ("digits-only", "4242 4242 4242 4242"),
    ("teens", "fourteen twenty forty two forty two forty two forty two"),
    ("other-line", "four two four two four two four two\nfour two four two four two four two"),
    # a hesitation joins no phone number to a card's length; two words are no hesitation
    ("hesitation-phone", "call me on five five five let me see one two three four"),
    ("two-words-between", "four two four two four two four two okay and four two four two four two four two"),
]

_NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _mixed(pan: str, words: int) -> str:
    """The card's first ``words`` digits said as words, the rest as one numeral (speech-to-text switching)."""
    return " ".join(_NAMES[int(d)] for d in pan[:words]) + " " + pan[words:]


VISA, AMEX, DISC = "4111111111111111", "378282246310005", "6011111111111117"
MX4, MX6, MX8 = _mixed(VISA, 4), _mixed(AMEX, 6), _mixed(DISC, 8)
# words, then single numerals, then the rest as one numeral: "three seven eight two 8 2 2 4 6310005"
MXS = " ".join(_NAMES[int(d)] for d in AMEX[:4]) + " " + " ".join(AMEX[4:8]) + " " + AMEX[8:]
ORDER_ASKED = '{"Content": "Can I have your order number?", "ParticipantId": "AGENT"},\n{"Content": "sure '
# Digit words mixed with a long numeral, read only as a value set apart (mixed_words)
POSITIVE_CASES += [
    ("mixed-json-value", '{"cardNum": "' + MX4 + '", "cardExp": "1227"}', [(MX4, VISA)]),
    ("mixed-escaped-turn", '"message": "Caller said:\\n' + MX6 + '\\nexpiry 12/27"', [(MX6, AMEX)]),
    ("mixed-logfmt", "charge request card=" + MX8 + " cvc=123 ref=9", [(MX8, DISC)]),
    ("mixed-pretty-json", '      "pan": "' + MX6 + '",', [(MX6, AMEX)]),
    ("mixed-turn-filler", '"Content": "Sure it\'s ' + MX8 + '"', [(MX8, DISC)]),
    ("mixed-turn-sure", '      "Content": "sure ' + MXS + '",', [(MXS, AMEX)]),
    ("mixed-turn-yeah", '{"transcript": "Yeah, ' + MX4 + '"}', [(MX4, VISA)]),
    ("mixed-double-escaped", '{\\"pan\\": \\"' + MX4 + '\\", \\"exp\\": \\"1227\\"}', [(MX4, VISA)]),
    ("mixed-prose-line-end", "ops: caller read card " + MX6, [(MX6, AMEX)]),
    ("mixed-numeral-first", '{"pan": "' + DISC[:10] + " one one one one one seven" + '"}',
     [(DISC[:10] + " one one one one one seven", DISC)]),
    # "that's" or a scheme's name before it; the name of the card's next value said on after it (subtitle cues joined
    # into one turn: "… 16302 expiration date 12/26")
    ("mixed-thats-then-expiry", '"transcript": "so that\'s ' + MX6 + ' expiration date 12/26 all done"', [(MX6, AMEX)]),
    ("mixed-visa-then-code", '"transcript": "uh it\'s a visa ' + MX4 + ' the 3 digit code is 123"', [(MX4, VISA)]),
]
NEGATIVE_CASES += [
    ("mixed-prose-count", "one of 4111 stores had two 16-digit ids"),
    ("mixed-id-key", '{"orderId": "' + MX4 + '"}'),
    ("mixed-order-label", "order number is " + MX4),
    ("mixed-phone-key", '{"phone": "' + MX6 + '"}'),
    ("mixed-inside-prose", "we sold " + MX4 + " units today"),
    ("mixed-one-word", '{"pan": "four ' + VISA[1:] + '"}'),
    ("mixed-luhn-invalid", '{"pan": "' + MX4[:-1] + "2" + '"}'),
    ("mixed-sure-order-answer", ORDER_ASKED + MX4 + '", "ParticipantId": "CUSTOMER"}'),
    ("mixed-sure-in-prose", "I'm sure " + MX4 + " units shipped"),
    ("mixed-thats-then-other-words", "so that's " + MX4 + " units shipped"),
    ("mixed-visa-application", "visa application " + MX4 + " exp pending"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "spelled_pan" and s.test_card for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    found = [(s.start, s.end) for s in D.find(text)]
    assert found == []


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, POSITIVE_CASES)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    text = "card four two four two four two four two four two four two four two four two ok"
    contract.assert_odd_window(D, text, pos, endpos)
