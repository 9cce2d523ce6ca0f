"""TurnPanDetector: card numbers split over speech and chat turns, or said in uneven digit groups."""

import json

import pytest

from scanners.cards.brands import is_pan
from scanners.detectors.turn_pan import TurnPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = TurnPanDetector()
V = "4929069006792183"  # a Luhn-valid Visa number made for these tests
W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
IRR = f"{V[:4]} {V[4:7]} {V[7:12]} {V[12:]}"
PAIRS = " ".join(V[i : i + 2] for i in range(0, 16, 2))
TRIPLES = " ".join(V[i : i + 3] for i in range(0, 16, 3))


def words(digits: str) -> str:
    return " ".join(W[int(c)] for c in digits)


def turns(parts: list[str], question: str = "Can I have the long card number please?", indent: int | None = None,
          who: str = "CUSTOMER") -> str:  # fmt: skip
    """A Contact Lens post-call transcript: the agent's question, then the customer's turns."""
    rows = [{"BeginOffsetMillis": 0, "Content": question, "Id": "t0", "ParticipantId": "AGENT"}]
    rows += [{"Content": p, "Id": f"t{i}", "ParticipantId": who} for i, p in enumerate(parts, 1)]
    return json.dumps({"Version": "1.1.0", "Channel": "VOICE", "Transcript": rows}, indent=indent)


def segments(parts: list[str], who: str = "CUSTOMER") -> str:
    """Real-time Contact Lens segments, one utterance a line."""
    return "\n".join(json.dumps({"Segments": [{"Utterance": {"ParticipantRole": who, "PartialContent": p}}]})
                     for p in parts)  # fmt: skip


def lens(parts: list[str]) -> str:
    """A Contact Lens analysis file, pretty-printed with each turn's metadata: a number's turns lie lines apart."""
    rows = [{"BeginOffsetMillis": 0, "Content": "Can I have the card number please?", "Id": "t0",
             "ParticipantId": "AGENT", "Sentiment": "NEUTRAL", "LoudnessScore": [70.1, 66.2, 71.3]}]
    rows += [{"BeginOffsetMillis": 1000 * i, "Content": p, "EndOffsetMillis": 1000 * i + 900, "Id": f"t{i}",
              "ParticipantId": "CUSTOMER", "Sentiment": "NEUTRAL", "LoudnessScore": [73.3, 64.8, 79.9]}
             for i, p in enumerate(parts, 1)]
    return json.dumps({"Version": "1.1.0", "Channel": "VOICE", "Transcript": rows}, indent=2)


CHAT = json.dumps({"Transcript": [{"Content": "card number?", "ParticipantRole": "AGENT"},
                                  {"Content": V[:8], "ParticipantRole": "CUSTOMER"},
                                  {"Content": V[8:], "ParticipantRole": "CUSTOMER"}]})  # fmt: skip

# The agent's question for the card number in each language callers are served in, and one for an order number
ASKED = {
    "de": "Wie lautet Ihre Kreditkartennummer?", "es": "¿Me puede dar el número de la tarjeta?",
    "fr": "Pouvez-vous me donner le numéro de carte ?", "pt": "Qual é o número do cartão?",
    "it": "Qual è il numero della carta?", "ja": "カード番号を教えてください",
}  # fmt: skip
ORDER = {
    "de": "Wie lautet Ihre Bestellnummer?", "es": "¿Cuál es el número de pedido?",
    "fr": "Quel est votre numéro de commande ?", "pt": "Qual é o número do pedido?",
    "it": "Qual è il numero dell'ordine?", "ja": "注文番号を教えてください",
}  # fmt: skip
def luhn(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


# One turn split unevenly by speech-to-text, asked for nothing (2-3-4-3-4 of a 16-digit card)
STT = f"{V[:2]} {V[2:5]} {V[5:9]} {V[9:12]} {V[12:]}"
UNEVEN = [V[:6], V[6:10], V[10:]]  # 6-4-6 over three turns: joined only after a question for the card number


def talk(rows: list[tuple[str, str]], indent: int | None = 2) -> str:
    """A Contact Lens analysis file of (speaker, turn) rows, each turn with a long ``LoudnessScore`` list."""
    turns_ = [{"BeginOffsetMillis": 1000 * i, "Content": said, "Id": f"t{i}", "ParticipantId": who,
               "Sentiment": "NEUTRAL", "LoudnessScore": [70.5 + k for k in range(40)]}
              for i, (who, said) in enumerate(rows)]
    return json.dumps({"Version": "1.1.0", "Channel": "VOICE", "Transcript": turns_}, indent=indent)


def dictated(first: str, back: str, then: str, who: str = "CUSTOMER", indent: int | None = 2) -> str:
    """The caller dictates the number in two halves; the agent's turn between them."""
    return talk([("CUSTOMER", "my account number is 12345678 thanks"), ("CUSTOMER", f"{first}{V[:4]} {V[4:8]}"),
                 ("AGENT", back), (who, f"{then}{V[8:12]} {V[12:]}"), ("AGENT", "thank you")], indent)


def rt(text: str) -> str:
    """The analysis file's turns as the real-time segments file writes them, on one line."""
    return json.dumps({"Segments": [{"Transcript": t} for t in json.loads(text)["Transcript"]]})


HALF = f"{V[:4]} {V[4:8]}"
# The first part announced, a backchannel, then the rest: as callers dictate it, in the languages callers are served in
DICTATED = [
    ("ok the first part is ", "mm-hmm, go on", "then "), ("the first eight digits are ", "uh-huh", "the rest is "),
    ("it starts with ", "got it", "next "), ("first four are ", "ok", "and "), ("the first half is ", "right", ""),
    ("der erste Teil ist ", "ja, weiter", "dann "), ("la primera parte es ", "vale", "luego "),
    ("la premi\u00e8re partie est ", "d'accord", "ensuite "), ("a primeira parte \u00e9 ", "sim", "depois "),
    ("la prima parte \u00e8 ", "va bene", "poi "), ("\u6700\u521d\u306e8\u6841\u306f", "\u306f\u3044", "\u6b21\u306f"),
]


def azure(utterances: list[str]) -> str:
    """Azure Speech real-time results, one a line: each utterance's ``DisplayText`` and its ``NBest`` readings (the
    lexical one in digit words)."""
    def reading(said: str) -> dict[str, object]:
        spoken = " ".join(words(t) if t.isdigit() else t for t in said.lower().replace(".", "").split())
        return {"Confidence": 0.9, "Lexical": spoken, "ITN": said.lower(), "MaskedITN": said.lower(), "Display": said}
    rows = ({"Id": f"{i:032x}", "RecognitionStatus": "Success", "Offset": 10**7 * i, "DisplayText": said,
             "NBest": [reading(said)]} for i, said in enumerate(utterances))
    return "".join(json.dumps(row) + "\n" for row in rows)


def _twice() -> str:
    """Eight digits that read twice over make a valid PAN: one utterance's two readings must not join."""
    return next(h for n in range(45320000, 45329999) if is_pan((h := str(n)) + h))


def raw(text: str) -> str:
    """The transcript written with its letters unescaped (``ensure_ascii=False``)."""
    return json.dumps(json.loads(text), ensure_ascii=False)


_AGAIN = [("AGENT", "Can I take the long card number please?"), ("CUSTOMER", f"it's {luhn(V[:6] + '123456789')}"),
          ("CUSTOMER", f"Okay it's {words(V[:8])}"), ("AGENT", "Mm-hm, go on."),
          ("CUSTOMER", f"{words(V[8:])}, that's it.")]

FR = ["z\u00e9ro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_FIRST = luhn(V[:6] + "123456789")
_FIRST_FR = " ".join(FR[int(c)] for c in _FIRST)  # another card, said in French


def again(*said: str) -> list[tuple[str, str]]:
    """``_AGAIN`` with the caller's ``said`` turns in place of its first whole number."""
    return [_AGAIN[0], *(("CUSTOMER", s) for s in said), *_AGAIN[2:]]


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("two-turns", turns([f"{V[:4]} {V[4:8]}.", f"{V[8:12]} {V[12:]}."]), [(f"{V[:4]} {V[4:8]}", V)]),
    ("four-turns", turns([f"{V[:4]}.", f"{V[4:8]}.", f"{V[8:12]}.", f"Yes, {V[12:]}."]), [(V[:4], V)]),
    ("words", turns([words(V[:8]), words(V[8:])]), [(words(V[:8]), V)]),
    ("pretty", turns([f"Sure, it's {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"], indent=2), [(f"{V[:4]} {V[4:8]}", V)]),
    ("lens-pretty-metadata", lens([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"]), [(f"{V[:4]} {V[4:8]}", V)]),
    ("lens-pretty-three-turns", lens([V[:4], f"{V[4:8]} {V[8:12]}", V[12:]]), [(V[:4], V)]),
    ("uneven-one-turn", turns([IRR]), [(IRR, V)]),
    ("stt-uneven-asked-nothing", lens([f"Yeah it's {STT} ."]).replace("the card number", "anything else"), [(STT, V)]),
    ("stt-uneven-transcribe", json.dumps({"results": {"transcripts": [{"transcript": f"sure, {STT}."}]}}),
     [(STT, V)]),
    ("segments-no-question", segments([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"]), [(f"{V[:4]} {V[4:8]}", V)]),
    ("chat", CHAT, [(V[:8], V)]),
    ("said-irregular", f"my card is {IRR}", [(IRR, V)]),
    ("said-pairs", f"card {PAIRS}", [(PAIRS, V)]),
    ("said-triples", f"Card number: {TRIPLES}.", [(TRIPLES, V)]),
    *((f"asked-{lang}-escaped", turns(UNEVEN, question=q), [(V[:6], V)]) for lang, q in ASKED.items()),
    *((f"asked-{lang}-raw", raw(turns(UNEVEN, question=q)), [(V[:6], V)]) for lang, q in ASKED.items()),
    *((f"dictated-{n}", dictated(*parts), [(HALF, V)]) for n, parts in enumerate(DICTATED)),
    *((f"dictated-{n}-raw", raw(dictated(*parts)), [(HALF, V)]) for n, parts in enumerate(DICTATED)),
    *((f"dictated-{n}-segments", rt(dictated(*parts)), [(HALF, V)]) for n, parts in enumerate(DICTATED[:3])),
    ("digits-backchannel-between", dictated("", "mm-hmm", "", indent=None), [(HALF, V)]),
    # a caller's lead words in the question's language (a speech-to-text result, a Contact Lens turn)
    ("lead-de", turns([f"ja das ist die {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"], question=ASKED["de"], indent=2),
     [(f"{V[:4]} {V[4:8]}", V)]),
    ("lead-fr", turns([f"oui donc {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"], question=ASKED["fr"]),
     [(f"{V[:4]} {V[4:8]}", V)]),
    ("lead-pt-raw", raw(turns([f"ent\u00e3o o n\u00famero \u00e9 {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"],
                              question=ASKED["pt"])), [(f"{V[:4]} {V[4:8]}", V)]),
    # the card named before the first digits ("the long number is", "die Kartennummer ist", "mon numéro de carte")
    ("lead-en-long-number", azure(["Can I take the long card number please.", f"The long number is {V[:4]} {V[4:8]}.",
                                   f"{V[8:12]} {V[12:]}."]), [(f"{V[:4]} {V[4:8]}", V)]),
    ("lead-de-card-word", turns([f"Die Kartennummer ist {V[:4]}", f"{V[4:8]} {V[8:12]} {V[12:]}"],
                                question=ASKED["de"]), [(V[:4], V)]),
    ("lead-fr-possessive-card", raw(turns([f"Mon num\u00e9ro de carte est {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"],
                                          question=ASKED["fr"])), [(f"{V[:4]} {V[4:8]}", V)]),
    ("lead-pt-card-word", raw(turns([f"O n\u00famero do cart\u00e3o \u00e9 {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"],
                                    question=ASKED["pt"])), [(f"{V[:4]} {V[4:8]}", V)]),
    ("azure-realtime", azure(["Can I take the long card number please.", f"It's {V[:4]} {V[4:8]}.",
                              f"{V[8:12]} {V[12:]}."]), [(f"{V[:4]} {V[4:8]}", V)]),
    # the caller gave a whole number first, then another in two turns, the agent's "mm-hm" between, "that's it" last
    ("after-a-whole-number-backchannel-closer", talk(_AGAIN), [(words(V[:8]), V)]),
    ("chat-the-rest", CHAT.replace(f'"{V[8:]}"', f'"{V[8:12]} {V[12:]} thats the rest"'), [(V[:8], V)]),
    ("chat-ok-between", CHAT.replace(f'"{V[8:]}"', f'"ok", "ParticipantRole": "AGENT"}}, {{"Content": "{V[8:]}"'),
     [(V[:8], V)]),
    # the whole number first in French words, or in a sentence with its CVV, or a remark of the caller's after it:
    # the caller still answers the agent's question
    ("after-a-whole-number-in-french", talk(again(f"sure, {_FIRST_FR}")), [(words(V[:8]), V)]),
    ("after-a-whole-number-and-cvv", talk(again(f"sure, {_FIRST}, the CVV is five two eight")), [(words(V[:8]), V)]),
    ("after-a-whole-number-and-a-remark", talk(again(f"it's {_FIRST}", "Callback booked for 05/31 at 3:00.")),
     [(words(V[:8]), V)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("after-a-whole-number-asked-order", talk([("AGENT", "What's your order number?"), *_AGAIN[1:]])),
    ("after-a-remark-asked-order", talk([("AGENT", "What's your order number?"), *again(
        f"it's {_FIRST}", "Callback booked for 05/31 at 3:00.")[1:]])),
    ("digits-after-the-closer", talk([*_AGAIN[:-1], ("CUSTOMER", f"{words(V[8:12])}, that's it, {words(V[12:])}")])),
    ("lens-pretty-other-speaker-between", lens([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"]).replace(
        '"CUSTOMER"', '"AGENT"', 1)),
    ("no-question", turns([f"{V[:4]} {V[4:7]}", f"{V[7:12]} {V[12:]}"], question="What is your account?")),
    (
        "other-speaker-between",
        CHAT.replace(f'"{V[8:]}"', f'"and the CVV?", "ParticipantRole": "AGENT"}}, {{"Content": "{V[8:]}"'),
    ),
    ("dictated-agent-reads-rest", dictated("ok the first part is ", "mm-hmm, go on", "then ", who="AGENT")),
    ("dictated-agent-asks-between", dictated("ok the first part is ", "and the security code?", "then ")),
    ("dictated-agent-digits-between", dictated("ok the first part is ", "ok 4 4", "then ")),
    ("dictated-other-words", dictated("ok the first part is ", "mm-hmm", "my order is ")),
    ("dictated-unannounced-words", dictated("my phone is ", "mm-hmm", "then ")),
    ("dictated-luhn-invalid", dictated("ok the first part is ", "mm-hmm", "then ").replace(V[12:], f"{V[12:15]}4")),
    ("other-participant", segments([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"]).replace("CUSTOMER", "AGENT", 1)),
    ("not-only-digits", turns([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]} is my order"])),
    ("luhn-invalid", turns([f"{V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:15]}4"])),
    ("segments-uneven", segments([f"{V[:4]} {V[4:7]}", f"{V[7:12]} {V[12:]}"])),
    ("segments-words", segments([words(V[:8]), words(V[8:])])),
    ("card-layout-one-turn", turns([f"{V[:4]} {V[4:8]} {V[8:12]} {V[12:]}"])),
    ("said-card-layout", f"card {V[:4]} {V[4:8]} {V[8:12]} {V[12:]}"),
    ("said-more-after", f"card {V[:4]} {V[4:7]} {V[7:12]} {V[12:]} then 12"),
    ("said-other-word", f"card ref {V[:4]} {V[4:7]} {V[7:12]} {V[12:]}"),
    ("said-scorecard", f"scorecard {V[:4]} {V[4:7]} {V[7:12]} {V[12:]}"),
    ("no-participant", "\n".join(json.dumps({"text": V[i : i + 4]}) for i in range(0, 16, 4))),
    ("uneven-asked-nothing", turns(UNEVEN, question="Okay, go ahead.")),
    ("stt-luhn-invalid", turns([STT[:-1] + str((int(STT[-1]) + 1) % 10)], question="Anything else?")),
    ("stt-order-answer", turns([STT], question="Can I have your order number?")),
    ("stt-phone-country-code", turns([f"44 20 {luhn('7946095')[:4]} {luhn('7946095')[4:]}"], question="Phone?")),
    ("stt-two-numbers", turns([f"{V[:3]} {V[3:7]} and {V[7:10]} {V[10:13]} {V[13:]}"], question="Anything else?")),
    ("stt-amount-date", turns([f"{V[:2]} {V[2:5]}.{V[5:7]} on 12/05/2024 {V[7:]}"], question="Anything else?")),
    ("stt-two-groups", turns([f"{V[:7]} {V[7:]}"], question="Anything else?")),
    ("azure-one-utterance-read-twice", azure(["Can I take the long card number please.", f"It's {_twice()}."])),
    ("azure-order", azure(["What's your order number?", f"It's {V[:4]} {V[4:8]}.", f"{V[8:12]} {V[12:]}."])),
    ("lead-de-order", turns([f"ja das ist die {V[:4]} {V[4:7]}", f"{V[7:12]} {V[12:]}"], question=ORDER["de"])),
    ("lead-de-other-word", turns([f"ja das ist meine {V[:4]} {V[4:8]}", f"{V[8:12]} {V[12:]}"], question=ORDER["de"])),
    ("lead-fr-possessive-no-card", turns([f"mon num\u00e9ro {V[:4]} {V[4:7]}", f"{V[7:12]} {V[12:]}"],
                                         question=ORDER["fr"])),
    ("lead-card-word-order", azure(["What's your order number?", f"The card number is {V[:4]} {V[4:7]}.",
                                    f"{V[7:12]} {V[12:]}."])),
    ("lead-fr-agent-rest", turns([f"oui donc {V[:4]} {V[4:8]}"], question=ASKED["fr"]).replace(
        "]}", f', {{"Content": "{V[8:12]} {V[12:]}", "Id": "t9", "ParticipantId": "AGENT"}}]}}')),
    *((f"order-{lang}-escaped", turns(UNEVEN, question=q)) for lang, q in ORDER.items()),
    *((f"order-{lang}-raw", raw(turns(UNEVEN, question=q))) for lang, q in ORDER.items()),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "turn_pan" for s in D.find(text))


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
    contract.assert_triggers_hit(D, [(c, t, [(v, d) for v, d in e]) for c, t, e in POSITIVE_CASES])


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, turns([V[:8], V[8:]]), pos, endpos)
