"""Id labels in free text and other languages: the words right before a Luhn-valid number with a card's prefix
name it an order's, a customer's, a policy's, a contract's ... number (``idphrases``, ``idnames``), also when an
encoding escaped them, when a speech-to-text word list holds them one word an object, or when the number is a
WhatsApp user's phone number, a SIRET, an IBAN read aloud. Each table holds the id that must stay quiet and the card
that must still be found under a card word (a card word wins: "numéro de carte client", "Kartennummer")."""

from __future__ import annotations

import json

import pytest

from scanners.cards.bankids import mod97_valid
from scanners.cards.idnames import id_key
from scanners.cards.idphrases import decoded_before, phrase_name
from scanners.cards.sttwords import words_before
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id

ID = luhn_id("4656590", 16)  # a policy, customer or order number that is also a valid Visa number
ID19 = luhn_id("6297617", 19)
PHONE = luhn_id("491516", 13)  # a German mobile number without its "+", Luhn-valid by chance
SIRET = luhn_id("4728350", 14)  # a SIRET is Luhn-valid by design
_G = " ".join(ID[i : i + 4] for i in range(0, 16, 4))


def pans(engine: Engine, text: str) -> list[str]:
    return [s.value for s in engine.scan_text(text) if s.type == "pan"]


PROSE_CASES = [
    # ids: the number word first (Spanish, Portuguese, French), a German compound, English nouns
    ("es-policy", f"Hablé con el cliente. número de póliza {ID}. cita el 9/27.", []),
    ("es-customer", f"número de cliente {_G}", []),
    ("pt-policy", f"Falei com o cliente. número da apólice {ID}.", []),
    ("pt-customer", f"Re: número do cliente {ID}", []),
    ("pt-order", f"tudo certo número do pedido {ID19}", []),
    ("fr-customer", f"Appel entrant. numéro client {ID}. carte se terminant par 6966", []),
    ("fr-contract", f"numéro de contrat {_G}", []),
    ("fr-order-abbrev", f"n° de commande {ID}", []),
    ("es-two-words", f"número de póliza del cliente {ID}", []),
    ("es-code", f"código de cliente {ID}", []),
    ("fr-ref-colon", f"N° autorisation : 020193   Réf. transaction : {ID}", []),
    ("fr-n-transaction", f"N° transaction : {ID}", []),
    ("de-insurance", f"Kunde angerufen. Versicherungsnummer {ID}. Zimmer 808.", []),
    ("de-contract-colon", f"Vertragsnummer: {ID}", []),
    ("de-abbrev", f"Kunden-Nr. {ID}", []),
    # the noun first, the number's abbreviation after it (a French payment terminal's log, Latin-1 or UTF-8)
    ("fr-noun-first", f"2024-04-14T18:55:20.670Z Commande n° {ID} montant 45,00 EUR tél +33708579443", []),
    ("es-noun-first", f"pedido nº {ID}", []),
    # a key-and-value Markdown table (a model's answer): the row's first cell names the value
    ("md-row-order", f"| Field | Value |\n|---|---|\n| Order | {ID} |", []),
    ("md-row-order-first-line", f"| Order ID | {ID} |", []),
    ("md-row-order-json", json.dumps({"text": f"| Field | Value |\n|---|---|\n| Order | {ID} |"}), []),
    ("de-noun-first", f"Bestellung Nr. {ID}", []),
    ("de-case", f"\\pard Vorgang {ID}, Telefon +81-3-6792-0910\\par", []),
    # Dutch compounds, Polish "numer"/"nr" with the noun in the genitive, Italian "numero"/"codice"
    ("nl-policy", f"polisnummer {ID}", []),
    ("nl-customer", f"mijn klantnummer is {ID}", []),
    ("nl-member", f"lidnummer {ID}", []),
    ("nl-case", f"zaaknummer {ID}", []),
    ("nl-relation", f"relatienummer: {ID}", []),
    ("pl-policy", f"numer polisy {ID}", []),
    ("pl-policy-json", json.dumps({"text": f"numer polisy {ID}"}, ensure_ascii=False), []),
    ("pl-customer", f"numer klienta {ID}", []),
    ("pl-contract", f"numer umowy {ID}", []),
    ("pl-invoice", f"nr faktury {ID}", []),
    ("pl-ticket", f"numer zgłoszenia {ID}", []),
    ("pl-order-abbrev", f"nr zamówienia {ID}", []),
    ("it-policy", f"numero polizza {ID}", []),
    ("it-policy-di", f"numero di polizza {ID}", []),
    ("it-customer-code", f"codice cliente {ID}", []),
    ("it-case", f"numero pratica {ID}", []),
    ("pt-protocol", f"número do protocolo {ID}", []),
    ("es-member", f"número de afiliado {ID}", []),
    ("en-customer-number", f"customer number {ID}", []),
    ("en-contract", f"contract number {ID}", []),
    ("en-transaction", f"transaction number {ID}", []),
    ("en-seq", f"<Data>Terminal 97402172 heartbeat ok, seq {ID}, imei 350633058919790</Data>", []),
    ("fr-siret", f"Tél. magasin : +49 30 34242510   Siret : {SIRET}", []),
    ("zh-order-equals", f"2024-03-02 00:14:39 信息 订单号={ID19}", []),
    # cards: a card word in the label, an account (a card's primary account number), a speaker, no label
    ("pl-card", f"numer karty to {ID}", [ID]),
    ("pl-card-label", f"numer karty {ID}", [ID]),
    ("nl-card", f"kaartnummer {ID}", [ID]),
    ("it-card", f"numero carta {ID}", [ID]),
    ("pl-polish-word", f"polish {ID}", [ID]),
    ("es-card", f"número de tarjeta {ID}", [ID]),
    ("es-card-of-customer", f"número de tarjeta del cliente {ID}", [ID]),
    ("pt-card", f"número do cartão {ID}", [ID]),
    ("fr-card", f"numéro de carte {ID}", [ID]),
    ("fr-card-client", f"numéro de carte client {ID}", [ID]),
    ("fr-card-client-colon", f"Numéro de carte client : {ID}", [ID]),
    ("fr-card-ref", f"réf. carte {ID}", [ID]),
    ("de-card", f"Kartennummer {ID}", [ID]),
    ("de-card-abbrev", f"Karten-Nr. {ID}", [ID]),
    ("fr-card-noun-first", f"carte n° {ID}", [ID]),
    ("md-row-card", f"| Field | Value |\n|---|---|\n| Card number | {ID} |", [ID]),
    ("md-row-card-json", json.dumps({"text": f"| Field | Value |\n|---|---|\n| Card number | {ID} |"}), [ID]),
    ("es-card-noun-first", f"tarjeta nº {ID}", [ID]),
    ("de-card-noun-first", f"Karte Nr. {ID}", [ID]),
    ("de-credit-card-colon", f"Kreditkartennummer: {ID}", [ID]),
    ("de-account", f"Kontonummer {ID}", [ID]),
    ("es-account", f"número de cuenta {ID}", [ID]),
    ("en-account", f"account number {ID}", [ID]),
    ("en-card", f"card number {ID}", [ID]),
    ("es-security-code", f"código de seguridad {ID}", [ID]),
    ("es-number-is", f"el número es {ID}", [ID]),
    ("en-speaker", f"customer: {_G}", [ID]),
    ("en-card-seq", f"card seq {ID}", [ID]),
    ("en-transaction-key", f"transaction: {ID}", [ID]),
    ("ja-card-equals", f"カード番号={ID}", [ID]),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in PROSE_CASES])
def test_an_id_label_in_prose_names_the_number(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


ENCODED_CASES = [
    ("json-escaped-es", json.dumps({"text": f"Llamada entrante. número de póliza {ID}. x"}), []),
    ("json-escaped-fr", json.dumps({"text": f"Appel entrant. numéro client {ID}."}), []),
    ("form-en", f"FromCity=NEW+YORK&Body=policy+number+{ID}&From=x", []),
    ("form-pt", f"FromCity=NEW+YORK&Body=n%C3%BAmero+da+ap%C3%B3lice+{ID}&From=x", []),
    ("form-pl", f"Type=sms&Text=numer+polisy+{ID}&MessageUUID=x", []),
    ("json-escaped-pl", json.dumps({"text": f"numer zgłoszenia {ID}"}), []),
    ("form-de", f"message=Geburtsdatum+21%2F09%2F1977.+Kundennummer+{ID}.&_wpcf7=698", []),
    ("qp-fr", f"Appel entrant. num=C3=A9ro client {ID}.", []),
    ("json-escaped-card", json.dumps({"text": f"número de tarjeta {ID}"}), [ID]),
    ("form-card", f"FromCity=NEW+YORK&Body=card+number+{ID}&From=x", [ID]),
    ("form-card-pt", f"Body=n%C3%BAmero+do+cart%C3%A3o+{ID}&From=x", [ID]),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in ENCODED_CASES])
def test_an_escaped_id_label_names_the_number(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


def _spelled(digits: str, words: tuple[str, ...]) -> str:
    return " ".join(words[int(d)] for d in digits)


EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
PT = ("zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove")
DE = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"lexical": "policy number  {_spelled(ID, EN)}",', []),
        (f'"Lexical": "customer id {_spelled(ID, EN)}"', []),
        (f'"lexical": "número da apólice  {_spelled(ID, PT)}",', []),
        (f'"Lexical": "kundennummer {_spelled(ID, DE)}"', []),
        (f'"lexical": "card number  {_spelled(ID, EN)}",', [ID]),
        (f'"lexical": "número do cartão  {_spelled(ID, PT)}",', [ID]),
    ],
)
def test_an_id_label_names_a_spoken_number(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


def _transcribe_items(words: list[str]) -> str:
    return json.dumps({"items": [
        {"start_time": "1.0", "end_time": "1.2", "alternatives": [{"confidence": "0.9", "content": w}],
         "type": "pronunciation"} for w in words]})


def _deepgram_words(words: list[str]) -> str:
    return json.dumps({"words": [{"word": w, "start": 1.0, "end": 1.2, "confidence": 0.9, "punctuated_word": w}
                                 for w in words]})


def _google_words(words: list[str]) -> str:
    return json.dumps({"words": [{"startOffset": "1s", "endOffset": "2s", "word": w} for w in words]}, indent=2)


def _assemblyai_words(words: list[str]) -> str:
    """An AssemblyAI utterance: its whole text, then its words under ``text`` too."""
    items = [{"text": w, "start": 100, "end": 200, "confidence": 0.9, "speaker": "B"} for w in words]
    return json.dumps({"utterances": [{"confidence": 0.95, "speaker": "B", "text": " ".join(words), "words": items}]})


def _revai_elements(words: list[str]) -> str:
    """A Rev.ai monologue: text elements under ``value``, the spaces between them elements of their own."""
    elements: list[dict[str, object]] = []
    for w in words:
        elements += [{"type": "text", "value": w, "ts": 1.0, "end_ts": 1.2, "confidence": 0.9},
                     {"type": "punct", "value": " "}]
    return json.dumps({"monologues": [{"speaker": 1, "elements": elements[:-1]}]})


@pytest.mark.parametrize("shape", [_transcribe_items, _deepgram_words, _google_words, _assemblyai_words,
                                   _revai_elements])
@pytest.mark.parametrize(
    ("words", "quiet"),
    [
        (["número", "de", "póliza", ID], True),
        (["numéro", "de", "contrat", ID], True),
        (["order", "number", ID], True),
        (["número", "de", "tarjeta", ID], False),
        (["my", "card", "number", "is", ID], False),
        (["yes", ID], False),
    ],
)
def test_a_word_lists_words_name_the_number(each_engine: Engine, shape: object, words: list[str], quiet: bool) -> None:
    text = shape(words)  # type: ignore[operator]
    assert (pans(each_engine, text) == []) is quiet


WHATSAPP = {
    "object": "whatsapp_business_account",
    "entry": [{"id": "118722855660571", "changes": [{"value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "168511805464741"},
        "contacts": [{"profile": {"name": "Emily Clark"}, "wa_id": PHONE}],
        "messages": [{"from": PHONE, "id": "wamid.ZTIxNDY5MzViYTRk", "timestamp": "1723093021", "type": "text",
                      "text": {"body": "auth code AGKQJX"}}]}, "field": "messages"}]}],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(WHATSAPP), []),  # a webhook's incoming message: wa_id and from are the user's phone number
        (json.dumps({"messaging_product": "whatsapp", "to": PHONE, "type": "text", "text": {"body": "hi"}}), []),
        # a card in the message's body, a card-to-card transfer's parties: found
        (json.dumps(WHATSAPP).replace("auth code AGKQJX", f"my card {ID}"), [ID]),
        (json.dumps({"from": ID, "to": "nobody", "amount": 10}), [ID]),
    ],
)
def test_a_whatsapp_party_is_a_phone_number(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


def _iban(country: str, bban: str) -> str:
    return next(f"{country}{c:02d}{bban}" for c in range(100) if mod97_valid(f"{country}{c:02d}{bban}"))


def test_an_iban_read_aloud_is_no_card() -> None:
    iban = _iban("DE", "617101549105386432")
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    engine = Engine()
    assert pans(engine, f"refund to iban {grouped.lower()}") == []
    assert pans(engine, f"Refund to IBAN {grouped}.") == []
    wrong = grouped.lower().replace(iban[2:4].lower(), f"{(int(iban[2:4]) + 1) % 100:02d}", 1)
    found = pans(engine, f"refund to iban {wrong}")  # a check that fails: no IBAN, its card-like digits stay open
    assert found == pans(engine, f"refund to {wrong}")


@pytest.mark.parametrize(
    ("name", "is_id"),
    [("Versicherungsnummer", True), ("Vertragsnummer", True), ("Mitgliedsnummer", True), ("póliza number", True),
     ("apólice number", True), ("contrat number", True), ("transaction ref", True), ("customer number", True),
     ("Siret", True), ("SIREN", True), ("Vorgang", True),
     ("customer", False), ("transaction", False), ("carte client", False), ("numéro de carte client", False),
     ("Kartennummer", False), ("tarjeta number", False), ("cuenta number", False), ("account number", False)],
)
def test_id_nouns_of_other_languages(name: str, is_id: bool) -> None:
    assert id_key(name) is is_id


@pytest.mark.parametrize(
    ("before", "name"),
    [("número de póliza ", "póliza number"), ("numéro client ", "client number"),
     ("Réf. transaction ", "transaction ref"), ("n° dossier ", "dossier number"),
     ("Versicherungsnummer ", "Versicherungsnummer"), ("Kunden-Nr. ", "Kunden-Nr."),
     ("Commande n° ", "Commande number"), ("Bestellung Nr. ", "Bestellung number"),
     ("el número es ", None), ("pay now ", None)],
)
def test_phrase_name(before: str, name: str | None) -> None:
    assert phrase_name(before, 0, len(before)) == name


def test_decoded_before_and_words_before() -> None:
    assert decoded_before("Body=n%C3%BAmero+de+cliente+", 28) == "Body=número de cliente "
    assert decoded_before('"num\\u00e9ro client ', 20) == '"numéro client '
    assert decoded_before("order number ", 13) is None
    items = _deepgram_words(["order", "number", ID])
    assert words_before(items, items.rindex(ID)) == "order number"
    assert words_before(f'"value": "{ID}"', 10) is None
    # chat messages under ``text`` are no word list: the message before the number names nothing in it
    chat = json.dumps([{"text": "what is your order number?"}, {"text": ID}])
    assert words_before(chat, chat.rindex(ID)) is None
    # a name/value pair's ``value`` is an attribute's, no Rev.ai word: the one before names nothing (Shopify's
    # ``note_attributes``: ``{"name":"gift","value":"no"},{"name":"card","value":"<card number>"}``)
    pairs = json.dumps([{"name": "gift", "value": "no"}, {"name": "card", "value": ID}])
    assert words_before(pairs, pairs.rindex(ID)) is None
    pretty = json.dumps({"elements": [{"type": "text", "value": "policy"}, {"type": "punct", "value": " "},
                                      {"type": "text", "value": "number"}, {"type": "text", "value": ID}]}, indent=2)
    assert words_before(pretty, pretty.rindex(ID)) == "policy number"
