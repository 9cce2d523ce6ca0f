"""RecordPanDetector: fixed-width records whose record-type letter touches the PAN field, the YYMM after it."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.record_pan import RecordPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = RecordPanDetector()

V16 = "4532015112830366"
AMEX = "378282246310005"
V19 = "4918123456789012346"
TAIL = "000000012345826" + "74837261536475869708192" + "MOTO    20260302" + "4837" + " " * 34


def record(pan: str, yymm: str = "2703") -> str:
    return f"D{pan:<19}{yymm}{TAIL}"


BLANK = f"D{'':19}0000{TAIL}"
HEADER = f"H{'ACQUIRER-CB':<20}{'20260302':8}{'':87}"
NACHA_BATCH = "5200ACME TRAVEL LTD                    1234567890PPDPAYMENTS         261205   1021000020000001"
NACHA_ENTRY = f"6220210000211{'98765432101':<17}0000004200{'84213377':<15}{'JANE SMITH':<22}  0{'021000020000001':15}"

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("padded-16", "\n".join([BLANK, record(V16), BLANK]), [("pan", V16), ("expiry", "2703")]),
    ("padded-15", "\n".join([record(AMEX, "2912"), BLANK]), [("pan", AMEX), ("expiry", "2912")]),
    ("full-field-19", "\n".join([BLANK, record(V19, "3001")]), [("pan", V19), ("expiry", "3001")]),
    ("no-expiry", "\n".join([record(V16, "0000"), BLANK]), [("pan", V16)]),
    ("crlf", "\r\n".join([BLANK, record(V16), BLANK]), [("pan", V16), ("expiry", "2703")]),
    # a record that reads as one on its own: upper case, digits and spaces, the PAN padded to the field's width
    ("single-line", record(V16), [("pan", V16), ("expiry", "2703")]),
    # a legacy batch file: card records between NACHA-style records of other lengths, amount after the padding
    (
        "batch-between-other-records",
        "\n".join([NACHA_BATCH, f"D{V16:<19}    0000004200AUTH482913{'0' * 14}", NACHA_ENTRY]),
        [("pan", V16)],
    ),
    ("wide-pan-field", f"D{V16:<37}0000004200AUTH482913{'0' * 14}", [("pan", V16)]),  # a 36-wide field
    ("two-letter-type", "\n".join([f"DR{AMEX:<19}    0000012550AUTH009341{'0' * 14}", NACHA_ENTRY]), [("pan", AMEX)]),
    # a bill print stream: a numbered record type, then a tag naming the card (the field after it, MMYY or YYMM,
    # left alone), beside a direct debit's record of the same type; lines of any length
    (
        "numbered-type-card-tag",
        "\n".join([f"10{'4451275280278577'}PRIYA COHEN{'':19}20261104", f"30CARD{V16:<20}0730", "30SEPADE7087305547"]),
        [("pan", V16)],
    ),
    ("numbered-type-pan-tag-line-end", f"300PAN{AMEX}\r\n10ACCOUNT", [("pan", AMEX)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("single-line-mixed-case", f"D{V16:<19}2703 Refund requested by customer at branch"),
    ("single-line-unpadded", f"D{V16} 27030000000123458267483726153647"),
    ("single-line-padding-ends-it", f"D{V16:<40}"),
    ("id-in-prose", f"Ticket D{V16}    raised for the customer, see notes\n"),
    ("id-in-json", f'{{"ref": "D{V16}", "note": "{"X" * 40}"}}'),
    ("hex-word", f"D{V16}ABCDEF0123456789ABCDEF0123456789"),
    ("three-letter-word", f"ABC{V16:<19}    0000004200AUTH482913{'0' * 14}"),
    ("nacha-entry", NACHA_ENTRY.replace("98765432101      ", f"{V16} ")),  # 94 characters, led by its type 6
    ("ragged-lines", "\n".join([record(V16).replace("MOTO", "moto"), BLANK + "EXTRA"])),
    ("short-lines", f"D{V16} 2703 ok\nD{V16} 2703 ok"),
    ("id-in-text", f"invoice INV{V16} paid\n{'x' * 60}"),
    ("lower-case-type", "\n".join([BLANK, "d" + record(V16)[1:], BLANK])),
    ("luhn-invalid", "\n".join([BLANK, record("4532015112830367"), BLANK])),
    ("numbered-type-other-tag", f"30SEPA{V16:<20}0730\n30ACCT{V16:<20}0730"),
    ("numbered-type-card-tag-mixed-case", f"30CARD{V16:<20}0730 paid by Jane"),
    ("numbered-type-card-tag-glued-on", f"30CARD{V16}0730 PAID"),
    ("card-tag-inside-a-line", f"ID 30CARD{V16:<20}0730"),
    ("glued-too-short", "\n".join([BLANK, f"D{V16}{'0' * 6}{TAIL}{'   '}", BLANK])),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_pan_field_and_the_expiry_after_it(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(D.find(text))
    assert [(s.type, text[s.start : s.end]) for s in found] == expected
    assert all(s.detector == "record_pan" for s in found)


def test_expiry_value_is_month_and_year() -> None:
    assert [s.value for s in D.find("\n".join([BLANK, record(V16, "2703")])) if s.type == "expiry"] == ["03/27"]


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_the_records_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == [expected[0][1]], text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.detector == "record_pan"] == [], text
    assert engine.scan_text("\n".join([HEADER, BLANK, BLANK])) == []


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, "\n".join([BLANK, record(V16), record(V19)]), pos, endpos)


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def not_luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if not luhn_valid(body + c))


# A mainframe card master: type, a 12-digit account number glued to the PAN field, YYMM, name, amount
ACCOUNTS = ["770753166334", "000000482913", "102938475610", "558201937746"]
PANS = [luhn("453201511283036"), luhn("37144963539843"), luhn("601100099990001"), luhn("491812345678901234")]


def master(acct: str, pan: str, yymm: str = "2703", name: str = "JANE SMITH") -> str:
    return f"D{acct}{pan:<19}{yymm}{name:<26}USD20260302{'':40}"


MASTER = "\n".join(master(a, p) for a, p in zip(ACCOUNTS, PANS, strict=True))
ACCOUNT_NEGATIVES = [
    pytest.param(master(ACCOUNTS[0], PANS[0]), id="one-record-no-neighbour-to-confirm-the-column"),
    pytest.param("\n".join(master(a, not_luhn(p[:-1])) for a, p in zip(ACCOUNTS, PANS, strict=True)),
                 id="ids-whose-tails-are-no-card-numbers"),
    pytest.param("\n".join([master(ACCOUNTS[0], PANS[0]), master(ACCOUNTS[1][:9], PANS[0] + "123")]),
                 id="neighbour-holds-no-card-number-in-that-column"),
    pytest.param("\n".join([master(ACCOUNTS[0], PANS[0]), "H" + master(ACCOUNTS[1], PANS[1])[1:]]),
                 id="neighbour-of-another-record-type"),
]


def test_a_pan_glued_after_an_account_number_is_read_by_its_column() -> None:
    found = [(s.type, MASTER[s.start : s.end]) for s in D.find(MASTER)]
    assert found == [kind for p in PANS for kind in (("pan", p), ("expiry", "2703"))]
    contract.assert_windows_match_whole(D, MASTER)


def test_a_full_19_digit_field_glued_to_its_expiry_after_an_account_number() -> None:
    text = "\n".join(master(a, PANS[3], "3001") for a in ACCOUNTS[:2])
    assert [(s.type, text[s.start : s.end]) for s in D.find(text)] == [("pan", PANS[3]), ("expiry", "3001")] * 2


@pytest.mark.parametrize("text", ACCOUNT_NEGATIVES)
def test_an_account_number_alone_is_not_read_as_a_pan(text: str) -> None:
    assert [s for s in D.find(text) if s.start > 6] == []  # the account's own reading (a PAN after the type) aside


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_pans_after_accounts_led_by_zeros(backend: Backend) -> None:
    found = [MASTER[s.start : s.end] for s in Engine(backend=backend).scan_text(MASTER) if s.type == "pan"]
    assert found == PANS
