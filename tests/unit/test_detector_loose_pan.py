"""LoosePanDetector: a card number in irregular groups right after a card key or word."""

import re

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.loosegroups import COMPANIONS, companions_follow
from scanners.detectors.loose_pan import LoosePanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = LoosePanDetector()


def _card(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


V = _card("411111111111111")
M = _card("545454545454545")
AMEX = _card("37828224631000")
DINERS = _card("3056930902590")


def grouped(digits: str, sizes: list[int], sep: str) -> str:
    out, at = [], 0
    for n in sizes:
        out.append(digits[at : at + n])
        at += n
    return sep.join(out)


G1 = grouped(V, [2, 4, 4, 2, 4], "- ")
G2 = grouped(AMEX, [3, 5, 2, 3, 2], "  ")
G3 = grouped(M, [3, 2, 2, 5, 3, 1], " ")
G4 = grouped(V, [5, 4, 4, 3], " - ")
G5 = grouped(DINERS, [4, 3, 2, 5], "- ")
G6 = grouped(V, [5, 4, 4, 3], " ")
G7 = grouped(V, [2, 4, 4, 4, 2], " ")
DOTTED = grouped(V, [2] * 8, ".")
DOTTED_AMEX = grouped(AMEX, [2] * 7 + [1], ".")
PAIRS = grouped(V, [2] * 8, " ")


def _printed_then_digit() -> tuple[str, str]:
    """A 14-digit Diners number in its 4-6-4 print layout and a digit after which the 15 digits are Luhn-valid too."""
    for body in range(3056930902500, 3056930902600):
        pan = _card(str(body))
        tail = next((d for d in "0123456789" if luhn_valid(pan + d)), None)
        if tail is not None:
            return grouped(pan, [4, 6, 4], "-"), tail
    raise AssertionError("no such number")


PRINTED, NEXT_DIGIT = _printed_then_digit()

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("json-card-key", '"ccNum": "' + G1 + '",', [(G1, V)]),
    ("prose-card-word", "caller read card " + G2, [(G2, AMEX)]),
    ("logfmt-card-key", "card_number=" + G3 + " cvv=123", [(G3, M)]),
    ("debug-key", '"card_number_debug": "' + G4 + '",', [(G4, V)]),
    ("label-line", "Card: " + G5 + "\\nExpiry: 12/30", [(G5, DINERS)]),
    ("card-is", "customer's card is " + G6 + " exp 0826, can you retry?", [(G6, V)]),
    ("card-number-is", "Card number is " + G3 + ", expires 12-31", [(G3, M)]),
    ("card-on-file", "New card on file " + G7 + " exp 06/2027", [(G7, V)]),
    ("card-instead", "Please charge my card instead: " + G3 + " exp 08/2033", [(G3, M)]),
    ("cc-prose", "cc " + G2 + " cvv 242", [(G2, AMEX)]),
    ("table-cell", "|Card|" + G3 + "|\\n|Expiry|02/2026|", [(G3, M)]),
    # an expiry written with the groups' separator is no group of the card; it is reported with it
    ("dash-date-after", "card is " + G3 + " 01-28 cvc 325", [(G3, M), ("01-28", "01/28")]),
    ("mmyy-after", "card is " + G3 + " 0829 cvc 325", [(G3, M), ("0829", "08/29")]),
    ("slash-date-after", "card is " + G3 + " 07/30 cvc 987", [(G3, M), ("07/30", "07/30")]),
    # no label, but its expiry and a named security code follow
    ("companions-follow", "Took payment by phone: " + G3 + " 07/30 cvc 987", [(G3, M), ("07/30", "07/30")]),
    ("companions-in-parens", "Caller read out " + G3 + " (exp 10-32, CVC 490) - retry", [(G3, M)]),
    ("companions-in-words", "Here it is again: " + G3 + ", expires March 2032, security code 928.", [(G3, M)]),
    # split once at an odd point, or in fours with a longer tail, dots too; named by an expiry or a code after it
    ("one-split-exp-word", "tenant called, " + grouped(V, [4, 12], " ") + " valid thru 0732",
     [(grouped(V, [4, 12], " "), V)]),
    ("one-split-exp-date-word", "pmt by phone " + grouped(M, [5, 11], " ") + " EXP DATE 04/25",
     [(grouped(M, [5, 11], " "), M)]),
    ("dots-odd-tail-iso-month", "pd over phone w/ " + grouped(V, [4, 4, 8], ".") + " exp: 2028-03",
     [(grouped(V, [4, 4, 8], "."), V)]),
    ("one-split-named-code", "paid " + grouped(AMEX, [7, 8], " ") + " CID-4902", [(grouped(AMEX, [7, 8], " "), AMEX)]),
    ("code-after-slash", "deposit " + grouped(AMEX, [10, 5], " ") + " / cvc-5776",
     [(grouped(AMEX, [10, 5], " "), AMEX)]),
    ("x-date-then-code", "tenant called, " + grouped(V, [4, 4, 8], ".") + " x 0329, cvv 867",
     [(grouped(V, [4, 4, 8], "."), V), ("0329", "03/29")]),  # the expiry after its "x" too (``companions``)
    ("hl7-break-before-exp", "NTE|1|P|pay bal " + grouped(M, [4, 4, 8], "-") + "\\.br\\EXP 0627",
     [(grouped(M, [4, 4, 8], "-"), M)]),
    ("scheme-name", "RM VISA " + grouped(V, [4, 4, 8], " "), [(grouped(V, [4, 4, 8], " "), V)]),
    ("card-hash", "NP.card# " + grouped(M, [5, 5, 6], " ") + " sec code-915", [(grouped(M, [5, 5, 6], " "), M)]),
    ("cc-info", "CC INFO " + grouped(V, [4, 4, 8], "-"), [(grouped(V, [4, 4, 8], "-"), V)]),
    ("cc-no", "cc no " + grouped(V, [9, 7], " ") + " valid thru 02/32", [(grouped(V, [9, 7], " "), V)]),
    ("card-no-dot-pairs", "Card no. " + PAIRS + " good thru 07/29.", [(PAIRS, V)]),
    # the card named in another language, a copula or a colon between: Spanish, French, Portuguese, German
    ("tarjeta", "te paso la tarjeta: " + G3, [(G3, M)]),
    ("tarjeta-es", "nº tarjeta " + PAIRS + " el código de atrás es 041", [(PAIRS, V)]),
    ("carte-pairs", "voici ma carte " + PAIRS, [(PAIRS, V)]),
    ("carte-est-le", "Mon numéro de carte est le " + G3 + ".", [(G3, M)]),
    ("cb", "Client donne sa CB " + G2 + " date d'expiration 8/29", [(G2, AMEX)]),
    ("cartao-escaped", '"body": "meu cart\\u00e3o \\u00e9 ' + G6 + '"', [(G6, V)]),
    ("cartao", "Cartão: " + G6, [(G6, V)]),
    ("kartennummer-ist", "Meine Kartennummer ist " + G5 + ".", [(G5, DINERS)]),
    ("kartennr", "Kartennr. " + G3 + ".", [(G3, M)]),
    # "the number is" in a conversation about a card: an article before it, or the words open a message or chat line
    ("nummer-ist", "also die Nummer ist " + G3, [(G3, M)]),
    ("numero-e-pairs", "o número é " + PAIRS, [(PAIRS, V)]),
    ("numero-es-escaped", '"body": "el n\\u00famero es ' + G2 + '"', [(G2, AMEX)]),
    ("numero-colon", "le numéro : " + PAIRS, [(PAIRS, V)]),
    ("chat-line-opens", "(04:49:50) Marie Dupont: Nummer ist " + G6, [(G6, V)]),
    ("the-number-is", "ok the number is " + G7, [(G7, V)]),
    # a scheme's name as speech-to-text writes it; the sign for "number" after a card word; a JSON string's "\n"
    ("visa-lower-case", "uh it's a visa " + G7, [(G7, V)]),
    ("carte-n-degree", "carte n\u00b0 " + PAIRS + ". rendez-vous le 7/15.", [(PAIRS, V)]),
    ("cartao-n-ordinal", "cart\u00e3o n\u00ba " + PAIRS + " vencimento 07/27.", [(PAIRS, V)]),
    ("json-line-break", '"Note": "done.\\nCard no. ' + G3 + ' good thru 2030"', [(G3, M)]),
    # a last digit that counts the next code's digits is not the card's
    ("counts-code-digits", "card number " + G3 + " 3 digit code on the back is 357.", [(G3, M)]),
    ("zaehlt-stellen", "Zahlung mit Karte " + G2 + " 4-stelliger Code vorne 8321.", [(G2, AMEX)]),
    # a message of its own: the groups alone, or after a few words that open an answer, ending the message
    ("sms-body-alone", '"body": "' + G3 + '",', [(G3, M)]),
    ("sms-body-pairs", '"body": "ok its ' + PAIRS + '",', [(PAIRS, V)]),
    ("chat-use-this-one", '"text": "customer in chat says: use this one ' + G3 + '"', [(G3, M)]),
    ("speech-its-period", '"display": "it\'s ' + G7 + '."', [(G7, V)]),
    ("speech-cest-le", '"itn": "alors c\'est le ' + G3 + '",', [(G3, M)]),
    ("html-paragraph", '"content": "<p>' + G6 + '</p>"', [(G6, V)]),
    ("cue-line", "00:00:09,693 --> 00:00:12,636\n" + G3 + "\n", [(G3, M)]),
    # named by paying with it, by the card's details taken, or followed by its expiry named in words or in another
    # language
    ("paying-with", "I tried paying with " + G3 + " three times and it keeps failing.", [(G3, M)]),
    ("card-details-over-phone", "took card details over phone - " + PAIRS + ".", [(PAIRS, V)]),
    ("exp-month-name", "it's " + G3 + " expiration date February 2030 all done", [(G3, M)]),
    ("date-d-expiration", "alors c'est le " + G3 + " date d'expiration 05/30 le code", [(G3, M)]),
    ("good-thru", "over phone " + PAIRS + " good thru 1130 amex code 7142.", [(PAIRS, V)]),
    ("gueltig-bis", "ja " + G3 + " g\u00fcltig bis 03/30", [(G3, M)]),
    # a card written in dotted pairs (an odd last digit for 15): no IPv4 address's four groups
    ("dotted-pairs", "cust gave card as " + DOTTED + ", exp 11/29", [(DOTTED, V)]),
    ("dotted-pairs-odd-tail", "card: " + DOTTED_AMEX, [(DOTTED_AMEX, AMEX)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("id-key", '"orderId": "' + G1 + '",'),
    ("dotted-pairs-no-card-word", "oid " + DOTTED + " reached"),
    ("dotted-address-then-pairs", "card host " + DOTTED[:11] + " " + DOTTED[12:]),  # an IPv4 address, then pairs
    ("dotted-single-arcs", "card " + grouped(V, [1, 1, 2, 2, 2, 2, 2, 2, 2], ".")),  # an OID's single-digit arcs
    ("no-card-word", "total " + G3),
    ("phone-key", '"phone": "' + G2 + '"'),
    ("print-grouping-is-pans-job", "card " + grouped(V, [4, 4, 4, 4], " ")),
    ("luhn-invalid", "card " + grouped(V[:-1] + str((int(V[-1]) + 1) % 10), [2, 4, 4, 2, 4], "- ")),
    ("slash-follows", "card " + G3 + "/12"),
    ("too-short", "card " + grouped(V[:11], [3, 5, 3], "  ")),
    ("date-no-code", "Took payment by phone: " + G3 + " 07/30"),
    ("code-word-no-date", "ref " + G3 + " cvc 987"),
    ("unnamed-code", "ticket " + G3 + " 07/30 ref 987"),
    ("other-label-word", "scorecard is " + G3),
    ("print-grouping-before-date", "card is " + grouped(V, [4, 4, 4, 4], " ") + " 01-28"),
    # two digit runs with nothing that names a card: ids, a phone and an account
    ("one-split-unnamed", "parent paid by phone " + grouped(V, [8, 8], " ")),
    ("one-split-bare-date", "shipped " + grouped(V, [4, 12], " ") + " 07/30"),
    ("exp-word-glued", "batch " + grouped(V, [4, 12], " ") + " expected 0732"),
    ("two-dots", "card " + grouped(V, [4, 4, 8], "..")),
    ("other-word-with-cc", "acc " + grouped(V, [4, 12], " ")),
    ("split-once-label-only", "card " + grouped(V, [4, 12], " ") + " approved"),
    # a card in its print layout, then a number of the next words: never one longer number ("pan" reads the card)
    ("printed-then-digit", "CC: " + PRINTED + " " + NEXT_DIGIT + " digit code on the back is 627."),
    # another card's word, or a phone read out in pairs after the card word
    ("loyalty-card", "carte de fidélité " + PAIRS),
    ("gift-tarjeta", "tarjeta regalo " + G3),
    ("phone-pairs", "ma carte 06 12 34 56 78"),
    # an id's number names its kind between the article and the word, or before it; a phone said in pairs
    ("order-number-is", "the order number is " + G3),
    ("numero-do-pedido", "o número do pedido é " + PAIRS),
    ("kundennummer-ist", "die Kundennummer ist " + G6),
    ("phone-number-is", "my phone number is " + PAIRS),
    ("numero-phone-pairs", "le numéro : 06 12 34 56 78"),
    ("number-mid-sentence", "call about number is " + G3 + " later"),
    ("fidelite-n-degree", "carte de fid\u00e9lit\u00e9 n\u00b0 " + PAIRS),
    ("visa-word-between", "visa application ref " + G7),
    # no message of its own: other words before the groups, more after them, an id's name, one-digit or wide groups
    ("alone-after-other-word", '"body": "total ' + G3 + '"'),
    ("alone-five-openers", '"body": "ok so yes it is ' + G3 + '"'),
    ("alone-words-after", '"body": "' + G3 + ' is my reference"'),
    ("alone-order-word", '"body": "order ' + G3 + '"'),
    ("alone-id-key", '"orderRef": "' + G3 + '"'),
    ("alone-one-digit-group", '"body": "' + grouped(M, [3, 1, 3, 5, 3, 1], " ") + '"'),
    ("alone-wide-spaces", '"body": "' + grouped(M, [3, 2, 2, 5, 3, 1], "  ") + '"'),
    ("alone-too-long", '"body": "' + G3 + ' 12"'),
    ("alone-bullet", "- " + G3),
    ("paying-luhn-invalid", "paying with " + grouped(V[:-1] + str((int(V[-1]) + 1) % 10), [5, 4, 4, 3], " ")),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


def _companion_forms() -> list[str]:
    """The expiry and named code forms ``loosegroups.COMPANIONS`` reads, after a value that ends in digit groups."""
    dates = ["07/30", "07-30", "0730", "7/30", "07/2030", "exp 07/30", "expires 07-2030", "July 2030", "Jul. 30"]
    codes = ["cvc 987", "CVV2: 987", "cid 9876", "security code 987", "the 3 digits on the back are 987"]
    leads = [" ", "  ", ", ", " (", "\t"]
    ends = ["", ")", ","]
    return [lead + d + end + " " + c for lead in leads for d in dates for end in ends for c in codes]


@pytest.mark.parametrize("tail", _companion_forms())
def test_companions_trigger_follows_the_pattern(tail: str) -> None:
    text = "note " + G3 + tail + " ok"
    hit = companions_follow(text, len("note " + G3))
    assert hit == (re.search(COMPANIONS, text) is not None)
    assert COMPANIONS in D.triggers
    if hit:
        assert spans(text)[0] == (G3, M)


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.detector == "loose_pan" for s in D.find(text))


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
    contract.assert_odd_window(D, '{"card": "' + G1 + '", "pan": "' + G2 + '"}', pos, endpos)
