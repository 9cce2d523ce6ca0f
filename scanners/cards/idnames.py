"""Whether a key, column, slot or label name names an id-, time- or phone-like value and no card: an id word, no
card word (a gift or loyalty card's reference aside), and an account word only as ``accountId``; a URL path's
collection (``id_collection``: ``/payments/<id>``) also by the resource it names. ``idkeys`` and ``idfar`` find the
name that owns a value; this module judges the name."""

from __future__ import annotations

import re
from functools import lru_cache

from scanners.cards.iso8583 import non_card_key
from scanners.cards.shortpan import CARD_WORD_INTL
from scanners.cards.tokennames import token_name
from scanners.lazy_re import lazy_compile

_KEY_PUNCT = str.maketrans("", "", "_.- ")


def flat_key(name: str) -> str:
    """A key's name in lower case without ``_.-`` and spaces: ``account_No`` -> ``accountno``."""
    return name.lower().translate(_KEY_PUNCT)


_ID_KEY = re.compile(  # (``nb``: ISO 20022's abbreviated number, ``ChqNb``, ``ElctrncSeqNb``: a cheque's, an entry's)
    r"(?:id|ids|uuid|guid|time|timestamp|epoch|millis|(?:time|epoch)[un]s|nanos?|seq|offset|nonce|no|num|nb"
    r"|bytes|size|r[e\u00e9]fs?|rrn|stan)$"
    r"|bestell|rechnung|auftrag|kunden|buchung|sendung"  # German order, invoice, job, customer, booking, shipment
    r"|pedido|factura|fatura|commande|facture"  # Spanish and Portuguese order and invoice, French the same
    r"|encomenda|ordine|fattura|factuur"  # Portuguese order, Italian order and invoice, Dutch invoice
    # Polish order (zamówienie), Turkish order (sipariş), Dutch order and customer (bestelnummer, klantnummer), the
    # customer of French, Spanish, Portuguese, Italian (client, cliente) and Polish (klient) records, Turkish customer
    # (müşteri) and the national identity numbers a record names by label: Turkish T.C. kimlik, India's Aadhaar
    r"|zam[o\u00f3]wieni|sipari[s\u015f]|bestel|klant|klient|client|m[u\u00fc][s\u015f]teri|kimlik|aadhaa?r"
    # national identity and tax numbers by their names: Brazil's CPF and CNPJ, Poland's PESEL, Italy's codice
    # fiscale, Germany's Steuer-ID, and as the whole name Spain's DNI/NIE/NIF, France's NIR, the Dutch BSN, Mexico's
    # CURP and RFC, Chile's RUT; in other scripts China's 身份证 (身份證), Japan's マイナンバー and 個人番号, Korea's
    # 주민등록번호, India's आधार, an Arabic national or identity number (الرقم القومي/الوطني, رقم الهوية)
    r"|cpf|cnpj|pesel|codicefiscale|steuerid|^(?:dni|nie|nif|nir|bsn|curp|rfc|rut)(?:no|nr|num|numero)?$"
    r"|\u8eab\u4efd\u8bc1|\u8eab\u4efd\u8b49|\u30de\u30a4\u30ca\u30f3\u30d0\u30fc|\u500b\u4eba\u756a\u53f7"
    r"|\uc8fc\ubbfc\ub4f1\ub85d|\u0906\u0927\u093e\u0930"
    r"|\u0627\u0644\u0631\u0642\u0645\u0627\u0644(?:\u0642\u0648\u0645\u064a|\u0648\u0637\u0646\u064a)"
    r"|\u0627\u0644\u0647\u0648\u064a\u0629"
    r"|order|invoice|trace|span|request|correlation|session|imei|iccid|msisdn|imsi|phone|mobile|tracking|serial"
    r"|duration|elapsed|latency|sequence"  # measurements (OpenTelemetry "durationNano", X-Ray) and counters
    r"|partitionkey$"  # a stream's record key (Kinesis, Event Hubs), hashed to a shard, like a Kafka offset's partition
    r"|^nsu(?:host|sitef|tef)?$"  # a Brazilian acquirer's or TEF's NSU (Número Sequencial Único): a sequence number
    r"|scn$|lsn$"  # a database log's position: Oracle's System Change Number, a log sequence number
    r"|mrn$"  # a patient's medical record number
    # a medicine's code in a national register: Greece's EOF code (an EAN-13 barcode, ``<drug eof="…"/>``), Germany's
    # PZN, the US NDC (and the NDC a phone number's national destination code)
    r"|^(?:eof|pzn|ndc)(?:code|barcode|number|num|no|nr)?$"
    # a gateway's payment reference (Realex pasref, ISO 8583 RRN and STAN); French Référence, Spanish referencia
    r"|r[e\u00e9]f[e\u00e9]ren[cz]|authcode|approvalcode|txn|^tx$"  # (``tx``: a transaction, as analytics tags key it)
    r"|^e2e$"  # a SEPA credit transfer's or direct debit's end-to-end id (``E2E``; ``EndToEndId`` ends in ``id``)
    r"|uetr$"  # SWIFT gpi's Unique End-to-end Transaction Reference (ISO 20022 ``<UETR>``)
    r"|intent$"  # a Stripe PaymentIntent or SetupIntent (``payment_intent``, ``setup_intent``): an object's id
    r"|e?tkt(?:no|nr|num|number)?$|^tkne$"  # an airline ticket's number as a GDS abbreviates it (TKT, ETKT, TKNE)
    r"|confirmation|booking|reservation|ticket|case|claim|shipment|parcel|gtin|ean|upc|isbn|owner|awsaccount"
    r"|fedex|usps|dhl|^ups(?:no|nr|num|number)?$"  # a carrier's name keys its tracking number (``fedex=<n>``)
    # an item's barcode (a library's Codabar item barcode, whose check digit is Luhn's), a shipment's manifest,
    # waybill or consignment note, a GS1 SSCC or a warehouse's licence plate number (LPN): a label's number
    r"|barcode|manifest|waybill|consignment|billoflading|sscc|^lpn$"
    r"|loyalty|member|rewards?|voucher|policy|snowflake"  # a programme's member, an insurance policy, a snowflake id
    r"|discord|tweet|guild|ssn$|^sin$|idnum(?:ber)?$"  # a chat's snowflake id, a social security or an identity number
    r"|fingerprint|hash|digest|checksum|etag|md5|sha1|sha256"  # a hash (a card fingerprint) all digits by chance
    r"|resourceversion|revision$"  # an object's version: Kubernetes' resourceVersion, etcd's mod_revision
    r"|pinbl(?:oc)?k"  # a PIN block (ISO 9564: the PIN enciphered with the PAN, 16 hex digits): all digits by chance
    r"|s/n$"  # a serial number's abbreviation (``S/N``, ``device S/N``)
    # a software licence's key (a licence-key export's ``License Key`` column, ``licence_no``) and the keys a product
    # is activated or registered with: numeric ones are grouped in fours as a card is, and pass Luhn one time in ten
    r"|licen[cs]e|(?:product|activation|registration|serial|software|cd)key"
    # the ids a customer quotes, in English and as French, Spanish, Portuguese, Italian and German records name them:
    # a contract's or an insurance policy's number (póliza, apólice, Police, polizza), a subscriber's, a member's
    # (membre, miembro, membro, sócio, adhérent, Mitglied), a case or transaction (Vorgang), a claim (dossier,
    # expediente, sinistre, siniestro, sinistro, Schaden), a shipment's tracking (seguimiento, rastreio),
    # France's company numbers (SIRET, SIREN)
    r"|contra(?:c?t)|vertrag|insurance|assurance|versicherung|assicura|p[o\u00f3]li[cz]|abonn|subscriber|suscript"
    r"|assinante|membre|miembro|membro|s[o\u00f3]cio|adh[e\u00e9]rent|mitglied|vorgang|dossier|expediente|sinistr"
    r"|siniestro|schaden|seguimiento|rastreio|rastreamento|refer[e\u00ea]ncia|siret|siren"
    # ... a case (caso, expediente, protocolo and chamado: a Brazilian ticket; pratica, segnalazione), a member
    # (afiliado, associado, matrícula, tessera), a booking (prenotazione), a subscription
    # (abbonamento); Dutch and Polish the same: a policy (polis, polisa), a member (lidnummer, lidmaatschap,
    # członkowski), a case or ticket (zaaknummer, melding, zgłoszenie, sprawa), a customer relation (relatienummer),
    # a reference (referentie), an insurance (verzekering, ubezpieczenie), a booking (boeking, reservering,
    # rezerwacja), a sequence (volgnummer), a contract (umowa), an invoice (faktura), an order (zlecenie), a
    # shipment (przesyłka, paczka), a subscriber (abonent), a ticket (bilet)
    r"|caso(?:number|num|no|nr)$|protocolo|chamado|pratica|segnalazion|afiliad|associad|matr[i\u00ed]cula|tessera"
    r"|prenotazion|abbonament|polis(?!h)|lid(?:nummer|nr)|lidmaatschap|cz[l\u0142]onk|zaak(?:nummer|nr)"
    r"|melding|zg[l\u0142]oszeni|sprawy|relatie(?:nummer|nr)|referentie|verzekering|ubezpiecz|boeking|reservering"
    r"|rezerwacj|volgnummer|umow[ay]|faktur|zleceni|przesy[l\u0142]k|paczk|abonent|bilet|r[e\u00e9]servation"
    # a customer and a transaction name ids only with a number word: "Customer:" is a transcript's speaker, and
    # ``transaction`` may hold a whole object
    r"|(?:customer|transaction|transacci[o\u00f3]n|transa[c\u00e7][a\u00e3]o|transakcj[ia])(?:number|num|no|nr|nb|code)$"
    r"|^(?:sub|jti)$"  # a JWT's subject (a user's or account's id) and token id claims (RFC 7519)
    # the parties of a call as a CDR or SIP log names them (3GPP ``calledPartyNumber``, a mediation export's
    # ``called_number``, ``dialed_digits``, E.164 numbers written without their plus): phone numbers
    r"|(?:called|calling|dialled|dialed|redirecting|connected|originating|terminating)(?:party)?"
    r"(?:number|num|no|nr|address|digits|msisdn)$|(?:called|calling)party$|e164"
    # ... and as a contact centre names them: the ANI (the caller's number) and DNIS (the number dialled), a caller's
    # number, and Amazon Connect's contact record ``CustomerEndpoint.Address`` / ``SystemEndpoint.Address`` (the
    # endpoint's Type is TELEPHONE_NUMBER: an E.164 number, written without its plus in flattened attributes)
    r"|^(?:ani|dnis)$|caller(?:number|num|no|nr|address|msisdn)$|(?:customer|system)endpoint(?:address)?$"
    # a bank's identifiers that are no card's: a routing or sort code, an IBAN or its BBAN, a Mexican CLABE, a
    # SEPA direct debit's mandate (``MndtId``, German ``Mandatsreferenz``); an identifier of a person or provider
    # by its name (NPPES ``identifiers[].identifier``, a KYC ``document_number``, a passport's number)
    r"|routing|sortcode|iban|bban|clabe|mandat(?:e|s)?(?:id|ref|reference|referenz|number|num|no|nr)?$|identifier$|document(?:number|num|no|nr)s?$|passport"
)
# A time unit ending the key as a word of its own (``ts``, ``created_ts``, ``timestampMs``, ``ingest_us``), never a
# word's last letters: ``Results`` (where Connect flow logs write the caller's keypad input), ``items``, ``digits``.
_UNIT_WORD = re.compile(r"(?:^|[_.\- ]|(?<=[a-z0-9])(?=[A-Z]))(?:[Tt][Ss]|TS|[Mm][Ss]|MS|(?:ts|TS|Ts)?[UuNn][Ss])$")
# A counter's or measurement's last word as a word of its own (Prometheus and OpenMetrics name a counter
# ``*_total`` and its base unit ``*_bytes``, a summary ``*_count`` and ``*_sum``; ``rx_bytes_total``, ``eventCount``,
# ``Packets``): a quantity, never a card number. (Not a word's last letters: ``account``, ``discount``.)
_COUNTER_WORD = re.compile(
    r"(?:^|[_.\- ]|(?<=[a-z0-9])(?=[A-Z]))(?i:total|count|counter|sum|bytes|octets|packets|pkts)s?$")
# A card word: a name holding one names no id (``idfar`` asks it of a Lex account slot too).
CARD_KEY = re.compile(r"card|^pan|pan$|^cc|ccnum|credit|debit")
# A reference to a gift, loyalty or store card (``gift_card_ref``, ``loyaltyCardReference``): those programmes' cards
# are closed-loop (no payment card), and the name's last word says the value is a reference to one. A payment's or
# a card's own reference (``paymentReference``, ``cardRef``) may hold the card number itself: it stays a card word.
_PROGRAMME_REF = re.compile(
    r"(?i:gift|loyalty|membership|member|rewards?|voucher|store)[A-Za-z0-9_.\- ]{0,12}?"
    r"(?:(?<![A-Za-z])(?:ref|Ref|REF)|(?<=[a-z0-9])Ref)(?:erence|ERENCE)?[sS]?$"
)
# An English word that ends in "id" is no id key (``Caller said: 4…``, ``paid:``, ``valid:``): the name's last word,
# lower case or capitalised, is that word. An id's "id" is a word of its own (``orderId``, ``customer_id``, ``ID``)
# or glued to a noun (``orderid``, ``userid``); short ids (``mid``, ``sid``, ``kid``, ``aid``) are none of these words.
_LAST_WORD = re.compile(r"(?:^|(?<=[^A-Za-z])|(?<=[a-z])(?=[A-Z]))([A-Z]?[a-z]+)$")
_ID_ENDING_WORDS = frozenset({
    "said", "paid", "prepaid", "repaid", "unpaid", "overpaid", "underpaid", "postpaid", "laid", "mislaid", "maid",
    "raid", "braid", "afraid", "valid", "invalid", "void", "avoid", "squid", "android", "fluid", "liquid", "solid",
    "rapid", "humid", "acid", "hybrid", "vivid", "rigid", "timid", "candid", "stupid", "lucid", "placid", "splendid",
    "orchid", "pyramid", "forbid", "amid"
})
# a card word too, unless the key ends in "id" (accountId); ``accNo`` abbreviates "account number" as ``acctNo`` does
# (UnionPay's gateway API, acp/UPOP, sends the card number as ``accNo`` beside ``accType=01``, a bank card)
_ACCOUNT_KEY = re.compile(r"payment|acct|account|^acc(?:no|num|nr|number)$")
# The party that services or owns an account (ISO 20022's ``AcctSvcrRef``, ``AcctOwnrTxId``: the reference the bank
# servicing the account gave an entry) names no account's number: its account word goes before ``_ACCOUNT_KEY`` asks.
_ACCOUNT_PARTY = re.compile(r"acct(?:svcr|ownr)|accountservicer")
# A closed-loop programme's card (a gift, loyalty, member or store card), a gift or coupon code (a query string's
# ``gift=<n>``) or a customer's account with the business: their numbers are no payment card's, unless a scheme's
# word says it is one (a Visa gift card, a prepaid card). (No "stored value": Amazon Connect's Store customer input
# block writes the digits it captured, a card number too, as ``"StoredValue"``.) A CRM's account (``crm_account``) is
# the customer's record with the business.
PROGRAMMES = r"gift|loyalty|member(?:ship)?|rewards?|store|club|shop|points"  # the words before a programme's "card"
_PROGRAMME_CARD = re.compile(
    rf"(?:{PROGRAMMES})[ _.\-]?card|(?:customer|crm)[ _.\-]?account|gift|coupon|voucher"
)
# A programme's name as a cell or label writes it (``Tesco Clubcard``, ``Gift card``): words, no digits
PROGRAMME_NAME = r"[A-Za-z][A-Za-z .&'\-]{1,40}"
_SCHEME_WORD = lazy_compile(r"visa|master|amex|discover|prepaid|debit|credit|payment")
# An account a bank, custodian, broker or carrier keeps, named by its kind (``BANK_ACCOUNT_NUM``, ``CustodyAccount``,
# a DFI account, a number port's ``LosingCarrierAccountNumber``, German ``Bankkonto``) on a flat key: its number is
# that account's, never a card's. A bare "account number" (or "primary account", "card account", German
# ``Kontonummer``) names a card's number in card systems and stays a card word (``_ACCOUNT_KEY``).
_NON_CARD_ACCOUNT = re.compile(
    r"(?:bank|custody|custodian|brokerage|broker|securities|depot|demat|checking|chequing|savings|deposit|dda|ach"
    r"|eft|bacs|dfi|wire|carrier|subscriber|telecom|wireless|utility|escrow|loan|mortgage|nostro|vostro)"
    r"(?:account|acct|acc)(?:number|num|no|nr|ids?)?$|^bankkonto(?:nummer|nr|no)?$"
)


_DIGIT = re.compile(r"\d")
# A PAN named by what was done to it (``masked_pan``, ``truncated_pan``, ``encryptedPan``, ``decrypted_pan``): its
# letters end in "dpan" by the participle's d, no device PAN (``token_name``); a full number under it is a card's.
_DONE_PAN = lazy_compile(r"[A-Za-z](?:ed|ED)[_.\- ]?(?:pan|Pan|PAN)s?$")
_INTL_CARD = re.compile(CARD_WORD_INTL)


def id_key(name: str) -> bool:
    """A key, column or slot name that names an id-, time- or phone-like value and no card.

    A pure function of the name, asked thousands of times per scan for a log's few dozen key names: answered from a
    cache, except for a name holding a digit (a headerless CSV's first row is read as its header: card data is never
    kept past its scan)."""
    return _id_key(name) if _DIGIT.search(name) else _known_id_key(name)


# A name whose last word is ``Value`` (OTA's ``HotelReservationID ResID_Value="…"``): the words before it name it
_VALUE_WORD = re.compile(r"(?<=[A-Za-z0-9])[_.\-]?(?:[Vv]alue|VALUE)$")


# A name's index among its like (``LOYALTY_ACCOUNT_ID_7``, ``order-ref-2``: a numbered constant or variable): no
# part of what it names
_NAME_INDEX = re.compile(r"(?<=[A-Za-z])[_\-][0-9]{1,3}$")


def _id_key(name: str) -> bool:
    if _named_id(name):
        return True
    bare = _VALUE_WORD.sub("", name)
    if bare != name and _named_id(bare):
        return True
    unnumbered = _NAME_INDEX.sub("", name)
    return unnumbered != name and _named_id(unnumbered)


def programme_card(name: str) -> bool:
    """A label or cell that names a closed-loop programme's card (``Gift card applied``, ``Tesco Clubcard``), no
    scheme's word in it (a Visa gift card stays a card)."""
    lowered = name.lower()
    return _PROGRAMME_CARD.search(lowered) is not None and _SCHEME_WORD.search(lowered) is None


def names_scheme(name: str) -> bool:
    """A label or cell holding a scheme's word or a payment card's kind (``Visa Gift Card``, ``prepaid``, ``debit``):
    whatever else it names, its card may be a payment card."""
    return _SCHEME_WORD.search(name.lower()) is not None


def _named_id(name: str) -> bool:
    if _PROGRAMME_REF.search(name) or (name[:1] in "dDfFbB" and non_card_key(name)):
        return True  # a programme's reference, an ISO 8583 element that is no card (DE037, the RRN)
    if token_name(name) and not _DONE_PAN.search(name):
        return True  # an EMV payment token (a DPAN, a network token): no Account Data (``tokennames``)
    lowered = name.lower()
    # (a scheme word in the name's last segment only: ``payment.giftCard`` is a gift card in a payment's object)
    if _PROGRAMME_CARD.search(lowered) and not _SCHEME_WORD.search(lowered.rsplit(".", 1)[-1]):
        return True
    if (word := _LAST_WORD.search(name)) and word.group(1).lower() in _ID_ENDING_WORDS:
        return False  # "said", "paid", "valid": an English word that ends in "id"
    key = flat_key(name)  # ASCII letters, digits and ``_.-`` (and spaces in prose): letters, digits
    if _NON_CARD_ACCOUNT.search(key) and not CARD_KEY.search(key):
        return True  # a bank's, custodian's or carrier's account (``_NON_CARD_ACCOUNT``)
    if not (_ID_KEY.search(key) or _UNIT_WORD.search(name) or _COUNTER_WORD.search(name)) or CARD_KEY.search(key) or (
            _INTL_CARD.search(key)):
        return False  # (a card word in another language too: "número de tarjeta del cliente")
    if _INTL_CARD.search(lowered):
        return False  # ... a word of its own in a label of words ("numéro de carte client": the flat key glues it)
    if _ACCOUNT_KEY.search(key) and _ACCOUNT_PARTY.search(key):
        key = _ACCOUNT_PARTY.sub("", key)
    return not _ACCOUNT_KEY.search(key) or key.endswith(("id", "ids", "intent")) or "awsaccount" in key  # aws_account


_known_id_key = lru_cache(maxsize=4096)(_id_key)  # names without a digit only (``id_key``)

# The collection a REST path's numeric segment belongs to (``/api/v1/payments/<id>/status``, ``/track/<id>``): the
# segment is that resource's id. ``id_key``'s names are collections too (``/orders/<id>``, ``/tracking/<id>``). A
# card's own collections stay open (``/cards/<n>``, ``/tokens/<n>``, ``/pans/<n>``, ``/payment-methods/<n>``), and so
# do accounts (a card's number is its primary account number).
_ID_COLLECTIONS = frozenset({
    "payment", "payments", "transaction", "transactions", "refund", "refunds", "charge", "charges", "dispute",
    "disputes", "chargeback", "chargebacks", "payout", "payouts", "settlement", "settlements", "receipt", "receipts",
    "track", "package", "packages", "delivery", "deliveries", "customer", "customers", "user", "users", "item",
    "items", "product", "products", "cart", "carts", "basket", "baskets", "subscription", "subscriptions", "return",
    "returns",
})  # fmt: skip


def id_collection(name: str) -> bool:
    """A URL path segment's name (the segment before a value) that names the value a resource's id."""
    return flat_key(name) in _ID_COLLECTIONS or id_key(name)
