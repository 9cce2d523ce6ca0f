"""loose_pan: a card number read in two uneven groups, its IIN first (6+10, 8+8, 6+9, 8+7, 6+8; 16 digits at most),
right after a card label in the callers' languages or as a message of its own; the same groups after an id's, an
order's or a phone's label, with other words between, or joining to an invalid number stay quiet."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.loose_pan import LoosePanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = LoosePanDetector()


def _card(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


V = _card("415246365324724")  # Visa, 16
V19 = _card("464780510000736750")  # Visa, 19
JCB = _card("358283185974988")  # JCB, 16
AMEX = _card("37158356128927")  # Amex, 15
DINERS = _card("3059580348737")  # Diners, 14
BAD = V[:-1] + str((int(V[-1]) + 1) % 10)  # Luhn-invalid


def split(digits: str, first: int, sep: str = " ") -> str:
    return digits[:first] + sep + digits[first:]


# (case, label, value, digits)
POSITIVE_CASES = [
    ("zendesk-body-6-10", '{"body": "card number ', split(V, 6), V),
    ("en-8-8", "card number ", split(JCB, 8), JCB),
    ("en-card-is-6-8", "ok the card is ", split(DINERS, 6), DINERS),
    ("en-my-card-number-is-8-7", "my card number is ", split(AMEX, 8), AMEX),
    ("es-6-9", "mi n\u00famero de tarjeta es ", split(AMEX, 6), AMEX),
    ("fr-numero-de-carte", "mon num\u00e9ro de carte est ", split(V, 6), V),
    ("fr-carte", "carte ", split(JCB, 8), JCB),
    ("it-carta-e", "il numero della carta \u00e8 ", split(JCB, 8), JCB),
    ("it-carta-json-escape", '"il numero della carta \\u00e8 ', split(V, 6), V),
    ("it-carta", "carta ", split(V, 6), V),
    ("pl-numer-karty-to", "numer karty to ", split(V, 6), V),
    ("nl-kaartnummer-is", "mijn kaartnummer is ", split(JCB, 8), JCB),
    ("de-kartennummer-ist", "meine Kartennummer ist ", split(V, 6), V),
    ("pt-numero-do-cartao", "o n\u00famero do cart\u00e3o \u00e9 ", split(JCB, 8), JCB),
    ("en-long-number", "the long number is ", split(AMEX, 8), AMEX),
    # a message of its own: the groups and a few opening words, no label
    ("alone-nl-het-is", '{"body": "het is ', split(JCB, 8), JCB),
    ("alone-pl-to-jest", '"text": "to jest ', split(V, 6), V),
    ("alone-es-la", '"content": "es la ', split(V, 6), V),
    ("alone-it-allora", '"body": "allora ', split(AMEX, 6), AMEX),
    ("alone-bare", '"text": "', split(JCB, 8), JCB),
]

NEGATIVE_CASES = [
    # an id's, an order's or a phone's label
    ("order-number", "order number " + split(V, 6)),
    ("policy-number-pl", "numer polisy " + split(V, 6)),
    ("account-number", "account number " + split(JCB, 8)),
    ("phone", "phone " + split(JCB, 8)),
    ("long-number-of-order", "the long number of the order is " + split(JCB, 8)),
    # other words between the label and the groups
    ("words-between", "card number ref " + split(V, 6)),
    ("words-between-es", "mi n\u00famero de tarjeta es el pedido " + split(V, 6)),
    # the groups join to an invalid number, or the issuer's number is not read first
    ("luhn-invalid", "card number " + split(BAD, 6)),
    ("four-first", "card number " + split(V, 4)),
    ("ten-first", "card number " + split(V, 10)),
    # longer than 16 digits: a 6+13 is a printed UnionPay's only (test_pan_groupings)
    ("visa19-six-thirteen", "mi n\u00famero de tarjeta es " + split(V19, 6)),
    ("alone-visa19", '{"body": "het is ' + split(V19, 6) + '"}'),
    # another card's word, a date and time, a phone number with its country code
    ("loyalty-card", "carte de fid\u00e9lit\u00e9 " + split(V, 6)),
    ("date-time", "card number 2025-01-28 10:32:00"),
    ("phone-country-code", "card number +44 7700 900123"),
    # no message of its own: other words before or after the groups, the IIN not read first
    ("alone-other-word", '{"body": "total ' + split(JCB, 8) + '"}'),
    ("alone-words-after", '{"body": "het is ' + split(JCB, 8) + ' voor de bestelling"}'),
    ("alone-four-first", '{"body": "het is ' + split(JCB, 4) + '"}'),
    ("alone-invalid", '{"body": "het is ' + split(BAD, 6) + '"}'),
]

# a few opening words, the groups, then the expiry named after them in the caller's language (the verb or the date's
# name): (case, text, value, digits)
NAMED_AFTER_CASES = [
    ("fr-elle-expire-en", "c'est le " + split(JCB, 8) + " elle expire en 08-32 le code au dos est 023", split(JCB, 8),
     JCB),
    ("pl-data-waznosci", "to jest " + split(V, 6) + " data wa\u017cno\u015bci 0531 kod z ty\u0142u to 935", split(V, 6),
     V),
    ("nl-vervaldatum", "het is " + split(V, 6) + " vervaldatum 11 / 29 de cvc is 941", split(V, 6), V),
    ("pt-vence-em", '"body": "\u00e9 ' + split(JCB, 8) + ' vence em 08-25 c\u00f3digo de seguran\u00e7a 488"',
     split(JCB, 8), JCB),
    ("it-scade-il", "allora " + split(JCB, 8) + " scade il 06 / 25 codice di sicurezza 038", split(JCB, 8), JCB),
    ("en-it-expires", '"text": "' + split(V, 6) + ' it expires August 2028 the code on the back is 793"', split(V, 6),
     V),
    ("en-expiry-date-is", "it's " + split(JCB, 8) + " expiry date is May 2032", split(JCB, 8), JCB),
    # (or nothing after them but the end of a quote inside a JSON string: a message of its own)
    ("alone-said-quote", '{"summary": "Customer said: \\"\u00e9 ' + split(JCB, 8) + '\\". Agent processed it."}',
     split(JCB, 8), JCB),
]
NAMED_AFTER_NEGATIVE_CASES = [
    ("order-then-expiry", "order number " + split(V, 6) + " vence el 06/27"),
    ("phone-then-expiry", "my phone number is " + split(JCB, 8) + " scade il 06/27"),
    ("phone-country-code-then-expiry", "+44 " + split(JCB, 8) + " vervaldatum 06/27"),
    ("iban-then-expiry", "IBAN NL91 ABNA 0417 1643 00 scade il 06/27"),
    ("invalid-then-expiry", "het is " + split(BAD, 6) + " vervaldatum 11 / 29"),
    ("said-quote-other-word", '{"summary": "Customer said: \\"total ' + split(JCB, 8) + '\\". Agent"}'),
]

POSITIVES = [pytest.param(label + value, value, digits, id=case) for case, label, value, digits in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def test_values_are_cards_of_their_brands_length() -> None:
    assert all(luhn_valid(d) for *_, d in POSITIVE_CASES) and not luhn_valid(BAD)


@pytest.mark.parametrize(("text", "value", "digits"), POSITIVES)
def test_finds(text: str, value: str, digits: str) -> None:
    assert [(text[s.start : s.end], s.value) for s in D.find(text)] == [(value, digits)]


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize(("text", "value", "digits"), [pytest.param(*c[1:], id=c[0]) for c in NAMED_AFTER_CASES])
def test_finds_groups_with_their_expiry_named_after(text: str, value: str, digits: str) -> None:
    assert [(text[s.start : s.end], s.value) for s in D.find(text) if s.type == "pan"] == [(value, digits)]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NAMED_AFTER_NEGATIVE_CASES])
def test_quiet_with_an_expiry_after(text: str) -> None:
    assert [s.value for s in D.find(text) if s.type == "pan"] == []


# an SMS webhook's form body, its message alone in ``text=`` (Vonage) or ``Text=`` (Plivo): another key is no message
FORM_CASES = [
    ("vonage-text", "GET /webhooks/inbound-sms?msisdn=44&to=44&text=" + split(JCB, 8, "+") + "&type=text", [JCB]),
    ("plivo-text", "POST /sms/inbound body=From=1&To=1&Type=sms&Text=%C3%A9+" + split(V, 6, "+") + "&Units=1", [V]),
    ("other-key", "GET /webhooks/inbound-sms?msisdn=44&ref=" + split(JCB, 8, "+") + "&type=text", []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(*c[1:], id=c[0]) for c in FORM_CASES])
def test_form_message_alone(each_engine: Engine, text: str, want: list[str]) -> None:
    assert [s.value for s in each_engine.scan_text(text) if s.type == "pan"] == want


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    texts = [label + value for _, label, value, _ in POSITIVE_CASES] + [t for _, t in NEGATIVE_CASES] + [
        t for _, t, _, _ in NAMED_AFTER_CASES]
    contract.assert_engine_finds_everything(D, texts, backend)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, [(case, label + value, [value]) for case, label, value, _ in POSITIVE_CASES] + [
        (case, text, [value]) for case, text, value, _ in NAMED_AFTER_CASES])
