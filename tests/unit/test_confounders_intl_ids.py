"""Bank, slip and national numbers and other languages' order and customer numbers (round 20's look-alikes): each
named for its reason (its layout, its label) and quiet; the same digits, or a card after a label that is not
specific, still found. Values are built at run time (a ``?`` in a value becomes its Luhn check digit)."""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.cards.confounders import confounder
from scanners.cards.truncated import masked_forms
from scanners.engine.core import Engine
from tests.unit.test_confounders import _split
from tests.unit.test_format_delimited import found

ENGINE = {b: Engine(backend=b) for b in ("hyperscan", "re")}

# (class, text with the value between « », the same digits where the reason does not hold)
CASES = [
    ("boleto", "PagamentoService - linha digitável: 19207.96519 41012.381780 82647.595964 1 «3056930902590?»",
     "PagamentoService - pagamento: 1 «3056930902590?»"),
    ("boleto", "linha digit=E1vel: 72482.75841 14991.336685 28452.342816 5 «3056930902590?»", None),
    ("nfe_key", "chave de acesso: 3519 0812 3456 7800 0199 5500 1000 «4539 5787 6362 148?»",
     "chave: «4539 5787 6362 148?»"),
    ("clabe", "conta: CLABE «45395787636214860?»", "conta: «45395787636214860?»"),
    ("clabe", '{"clabe": "«45395787636214860?»"}', None),
    ("bank_account", "conta: IFSC SBIN0243083 A/c «4539578763621?»", "conta: SBIN0243083 card «4539578763621?»"),
    ("bank_account", "IFSC: HDFC0001234, Account No: «4539578763621?»", None),
]


def _pans(text: str) -> list[list[str]]:
    return [[s.value for s in engine.scan_text(text) if s.type == "pan"] for engine in ENGINE.values()]


@pytest.mark.parametrize(("kind", "marked", "control"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bank_numbers_are_named_and_quiet(kind: str, marked: str, control: str | None) -> None:
    text, start, end = _split(marked)
    digits = "".join(c for c in text[start:end] if c.isdigit())
    assert is_pan(digits), "each example must otherwise pass IIN + length + Luhn"
    ls = text.rfind("\n", 0, start) + 1
    assert confounder(text, start, end, digits, len(text[start:end].split())) == kind
    assert all(digits not in found for found in _pans(text))
    if control is not None:
        text, start, end = _split(control)
        assert all(digits in found for found in _pans(text)), ls


def _card() -> str:
    body = "453957876362148"
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


# Order and customer numbers and national ids named in other languages: quiet; a card named beside the same words
# (the customer's card) or after no id word stays a finding.
LABELS_QUIET = [
    "2026-07-27 08:28:48.489 INFO [ivr-pl-20] c.p.ivr.PagamentoService - zamówienie: {n}",
    "INFO\tPrzetwarzanie płatności zamówienie: {n}",
    "INFO\tBetaling verwerken bestelnummer: {n}",
    "klantnummer: {n}",
    "PagamentoService - n° client: {n}",
    "  <cliente>{n}</cliente>",
    "Elaborazione pagamento codice cliente: {n}",
    "Sipariş no: {n}",
    "müşteri no: {n}",
    "klient: {n}",
    "Hola,\n=E0=A4=91=E0=A4=B0=E0=A5=8D=E0=A4=A1=E0=A4=B0 =E0=A4=86=E0=A4=88=E0=A4=A1=\n=E0=A5=80: {n}\n",  # QP
    '{{"Content": "\\u0911\\u0930\\u094d\\u0921\\u0930 \\u0906\\u0908\\u0921\\u0940: {n}", "Id": "1"}}',  # ऑर्डर आईडी
    # national identity and tax numbers by their names (a CSV export's columns: below)
    "身份证号: {n}",
    "आधार: {n}",
    "رقم الهوية: {n}",
    "주민등록번호: {n}",
    '{{"cpf": "{n}", "nome": "Maria"}}',
    "PESEL: {n}",
    # the same labels in prose, no colon (red-team round 64): a resident id, Aadhaar with the Hindi "number" word,
    # France's SIRET, a Brazilian TEF's NSU (its sequence number) beside a masked card
    "2026-10-05T07:48:11.199Z INFO 身份证号 {n} 手机 13017023979",
    "2026-11-23T02:59:02.948Z INFO Aadhaar नंबर {n}",
    "2026-11-23T02:59:02.948Z INFO आधार नंबर {n}",
    "2026-12-19T17:39:06.419Z INFO SIRET {n} TVA FR18922974003",
    "2026-12-27T19:46:28.030Z INFO cartao mascarado 262872******5829 bandeira=Elo NSU={n}",
    "2026-12-11T10:52:10.353Z INFO 会员卡号 {n} 积分 14731",  # a membership card: a closed-loop programme's
]
LABELS_FOUND = [
    "número de tarjeta del cliente: {n}",
    "cartão do cliente: {n}",
    "Karte des Kunden: {n}",
    "numer karty: {n}",
    "płatność: {n}",
    "Hola,\n=E0=A4=95=E0=A4=BE=E0=A4=B0=E0=A5=8D=E0=A4=A1: {n}\n",  # कार्ड, quoted-printable: a card
    '{{"Content": "\\u0915\\u093e\\u0930\\u094d\\u0921: {n}", "Id": "1"}}',  # कार्ड: a card
    '{{"cpf": "12345678900", "cartao": "{n}"}}',
    "2026-11-23T02:59:02.948Z INFO कार्ड नंबर {n}",
    "2026-12-11T10:52:10.353Z INFO 卡号 {n} 会员 积分 14731",
    "INFO SIRET 48047724530287 carte {n}",
]


def test_an_aadhaar_in_devanagari_digits_is_quiet() -> None:
    """The Aadhaar label is honoured whatever script its digits are written in (red-team round 64)."""
    native = _card().translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    assert _pans(f"INFO Aadhaar नंबर {native[:4]} {native[4:8]} {native[8:12]} {native[12:]}") == [[], []]
    assert _pans(f"INFO कार्ड नंबर {native[:4]} {native[4:8]} {native[8:12]} {native[12:]}") != [[], []]


def test_a_siret_is_quiet() -> None:
    """A SIRET is 14 digits and passes Luhn by construction; one in the Diners 36 range stays quiet under its label."""
    siret = _valid("3612345678901")
    assert is_pan(siret)
    assert _pans(f"INFO SIRET {siret} TVA FR18922974003") == [[], []]
    assert _pans(f"INFO carte {siret}") == [[siret], [siret]]


@pytest.mark.parametrize("line", LABELS_QUIET)
def test_intl_order_and_customer_numbers_are_quiet(line: str) -> None:
    assert _pans(line.format(n=_card())) == [[], []]


@pytest.mark.parametrize("line", LABELS_FOUND)
def test_a_card_after_a_card_or_other_word_is_found(line: str) -> None:
    card = _card()
    assert _pans(line.format(n=card)) == [[card], [card]]


@pytest.mark.parametrize("mask", ["?"])
def test_a_lost_ellipsis_is_a_masked_card(mask: str) -> None:
    card = _card()
    line = f"kart numarası: {card[:6]}{mask}{card[-4:]} son kullanma tarihi 08/2033"
    assert masked_forms(line, 0, len(line)) == [(15, 26)]
    assert masked_forms(f"ref={card[:6]}?{card[-4:]}x", 0, 20) == []  # glued to a letter: no masked card
    # U+FFFD is what any broken byte leaves, inside an id as well: not read as a lost ellipsis
    assert masked_forms(f"kart: {card[:6]}\ufffd{card[-4:]}", 0, 17) == []


def test_a_folded_subject_is_read_whole_not_in_pieces() -> None:
    head, tail = "Confirmação 035", "2262441427347393"
    subject = (f"Subject: =?utf-8?b?{base64.b64encode(head.encode()).decode()}?=\n"
               f" =?utf-8?b?{base64.b64encode(tail.encode()).decode()}?=\n\nbody\n")
    assert _pans(subject) == [[], []]
    card = _card()
    split = (f"Subject: =?utf-8?b?{base64.b64encode(b'Karte ' + card[:8].encode()).decode()}?=\n"
             f" =?utf-8?b?{base64.b64encode(card[8:].encode()).decode()}?=\n\nbody\n")
    assert _pans(split) == [[card], [card]]
    alone = f"Subject: =?utf-8?b?{base64.b64encode(('Karte ' + card).encode()).decode()}?=\n\nbody\n"
    assert _pans(alone) == [[card], [card]]


def _valid(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


# A CSV export's national id column (China's 18-digit 身份证号, India's Aadhaar written in groups of four) is quiet
# although its digits pass a brand's IIN, length and Luhn; the row's card column is found.
@pytest.mark.parametrize(("header", "ident"), [
    ("订单号,客户,卡号,身份证号", _valid("62220219900307000")),
    ("ग्राहक,कार्ड नंबर,आधार", " ".join(textwrap.wrap(_valid("67593914094"), 4))),
], ids=["china-resident-id", "aadhaar"])
def test_a_national_id_column_is_quiet(header: str, ident: str, tmp_path: Path) -> None:
    assert is_pan(ident.replace(" ", ""))
    cells = ["1001", "x", _card(), ident][-len(header.split(",")):]
    pans = [f["column"] for f in found(tmp_path, f"{header}\n{','.join(cells)}\n", "export.csv") if f["type"] == "pan"]
    assert pans == [header.split(",")[-2]]


def test_an_airline_ticket_number_is_quiet() -> None:
    """A 13-digit e-ticket number (the airline's code, then ten digits) after a GDS's ticket word (``TKT``, ``ETKT``)
    or under its key is a ticket's; a 479 ticket (Shenzhen Airlines) reads as a 13-digit Visa (red-team round 78)."""
    ticket = _valid("479289123482")
    assert is_pan(ticket)
    for line in (f"INFO ZH ticket issued TKT {ticket} coupon 1 fare CNY5260", f"ETKT {ticket} issued",
                 f"tkt_no={ticket} pax=LOPEZ/OLGA"):
        assert _pans(line) == [[], []], line
    assert _pans(f"INFO card {ticket} coupon 1") == [[ticket], [ticket]]
