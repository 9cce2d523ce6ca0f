"""CorrectedPanDetector: a card number whose last group the writer corrects later in the sentence."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.corrected_pan import CorrectedPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract
from tests.unit.cardvalues import luhn

D = CorrectedPanDetector()


def _wrong(pan: str, at: int = -1) -> str:
    """``pan`` with its digit at ``at`` changed: no longer Luhn-valid."""
    i = at % len(pan)
    return pan[:i] + str((int(pan[i]) + 3) % 10) + pan[i + 1 :]


def _grouped(digits: str, sizes: list[int]) -> str:
    out, at = [], 0
    for n in sizes:
        out.append(digits[at : at + n])
        at += n
    return " ".join(out)


V = luhn("453950716358008")
M = luhn("528970259905194")
AMEX = luhn("37828224631000")
MAESTRO = luhn("50389049636099720")  # 18 digits, printed 4-4-4-4-2
MAESTRO17 = luhn("6282847021218915")  # 17 digits, printed 4-4-4-4-1
BV, BM, BA, BMA, BM17 = _wrong(V), _wrong(M), _wrong(AMEX), _wrong(MAESTRO), _wrong(MAESTRO17)
GV, GM = _grouped(BV, [4, 4, 4, 4]), _grouped(BM, [4, 4, 4, 4])
GA, GMA, GM17 = _grouped(BA, [4, 6, 5]), _grouped(BMA, [4, 4, 4, 4, 2]), _grouped(BM17, [4, 4, 4, 4, 1])
# a written number that a wrong last group leaves a card (then ``pan`` reports it as written)
VALID = _grouped(V, [4, 4, 4, 4])
OTHER = next(str(n).zfill(4) for n in range(10000) if not luhn_valid(BV[:-4] + str(n).zfill(4)))

POSITIVE_CASES = [
    ("en-sorry-i-mean", f"charged card {GV} (sorry I mean - last block is {V[-4:]})", [(GV, V)]),
    ("en-scratch-that", f"pmt taken on card {GM} (scratch that - last block is {M[-4:]}).", [(GM, M)]),
    ("es", f"cobro con tarjeta {GV} (me equivoqu\u00e9 - el \u00faltimo bloque es {V[-4:]}) venc", [(GV, V)]),
    ("es-json-escaped", f'"cobro con tarjeta {GV} (me equivoqu\\u00e9 - el \\u00faltimo bloque es {V[-4:]})"',
     [(GV, V)]),
    ("fr", f"carte {GV} (pardon, le dernier bloc est {V[-4:]})", [(GV, V)]),
    ("fr-count-first", f"carte {GV}, pardon, les quatre derniers chiffres sont {V[-4:]}", [(GV, V)]),
    ("de", f"Karte {GV} (Entschuldigung, der letzte Block ist {V[-4:]})", [(GV, V)]),
    ("de-letzter", f"Karte {GV} (sorry - letzter Block ist {V[-4:]})", [(GV, V)]),
    ("pt", f"cart\u00e3o {GV} (desculpe, o \u00faltimo bloco \u00e9 {V[-4:]})", [(GV, V)]),
    ("last-four-next-sentence", f"card {GV}. Sorry, the last four are {V[-4:]}.", [(GV, V)]),
    ("i-mean-ellipsis", f"card {GV} I mean ...{V[-4:]}", [(GV, V)]),
    ("correction-ellipsis", f"card {GV} correction: ...{V[-4:]}", [(GV, V)]),
    ("run", f"card {BV} sorry, last four digits are {V[-4:]}", [(BV, V)]),
    ("amex-last-group", f"amex {GA} sorry last group is {AMEX[-5:]}", [(GA, AMEX)]),
    ("two-digit-group", f"card {GMA} (sorry I mean - last block is {MAESTRO[-2:]})", [(GMA, MAESTRO)]),
    ("one-digit-group", f"card {GM17} (scratch that - last block is {MAESTRO17[-1:]}).", [(GM17, MAESTRO17)]),
]
NEGATIVE_CASES = [
    ("order-number", f"order {GV} (sorry - last block is {V[-4:]})"),
    ("phone-number", "call me at 555 123 4567 (sorry, last four are 4568)"),
    ("written-valid", f"card {VALID} (sorry - last block is {OTHER})"),
    ("corrected-invalid", f"card {GV} (sorry - last block is {OTHER})"),
    ("another-number-between", f"card {GV} and 12 more (sorry - last block is {V[-4:]})"),
    ("too-far", f"card {GV} " + "and then we talked about the weather for a long while, " * 2 + f"last four {V[-4:]}"),
    ("next-line", f"card {GV}\nsorry, the last four are {V[-4:]}"),
    ("two-digits-for-a-four", f"card {GV} (sorry - last block is {V[-2:]})"),
    ("no-group-named", f"card {GV} (sorry I mean {V[-4:]})"),
]
POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


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
    contract.assert_odd_window(D, f"card {GV} (sorry - last block is {V[-4:]})", pos, endpos)
