"""A second labelled corpus, built from the record shapes a Connect + Lambda + Stripe + Bedrock system writes.

One builder per real record shape (``SHAPES``): Lambda text logs, contact trace records, Lex V2 events, Contact
Lens transcripts, Bedrock Converse invocation logs, Stripe webhooks and form request dumps, gateway XML dialects,
CSV exports, a mail archive (quoted-printable), Firehose records (base64), hex payload dumps, files written in
UTF-16LE without a BOM and in Windows-1252, and the shapes of ``shapes_more`` (DynamoDB stream records, API Gateway
access logs, Contact Lens answers to the agent's questions, Markdown tables in model answers, more gateway XML).
Shared parts (labels, the generator, the noise) are in ``shapes_common``. PANs are drawn from every row and length
of the IIN table (``scanners/cards/iin.json``), so recall is reported per brand as well as per shape.

Noise is realistic and negative, and holds the confounder classes as values that pass IIN + length + Luhn:
international phone numbers, IBANs in groups, EAN barcodes, IMEIs, .NET ticks, epoch microseconds, decimal
fractions, digit runs in base64 blobs, ``cid=`` URL parameters, AWS account ids in ARNs, NACHA fixed-width records
and order ids.

Labels (path, line, type, form, shape, brand, tier) never hold a card value. Tiers: ``core`` = plainly written card
data (100 % recall expected), ``encoded`` = encodings and Unicode forms (>= 90 %).
``generate(out_dir, records=..., seed=...)`` is deterministic for a seed.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.shapes_common import CORE, ENCODED, Gen, Item, Label, grouped, mm_yy, noise_line
from tests.benchmarks.shapes_more import MORE_SHAPES

# -- one builder per record shape ----------------------------------------------------------------------------------

def lambda_text(g: Gen, plant: bool) -> Item:
    rid = g.uuid()
    lines = [f"START RequestId: {rid} Version: $LATEST"]
    labels: list[tuple[int, str, str, str, str]] = []
    body = noise_line(g)
    if plant:
        pan, brand = g.pan()
        sep = g.rng.choice(["", " ", "-"])
        body = f"payment attempt card={grouped(pan, sep) if sep else pan} amount=12.50"
        labels.append((1, "pan", "lambda_plain", brand, CORE))
    lines += [f"{g.ts()}\t{rid}\tINFO\t{body}", f"END RequestId: {rid}",
              f"REPORT RequestId: {rid}\tDuration: {g.rng.randint(1, 900)}.12 ms\tMax Memory Used: 91 MB"]
    return Item(lines, labels)


def contact_trace_record(g: Gen, plant: bool) -> Item:
    attrs = {"intent": "pay", "phone": f"+1{g.digits(10)}", "note": noise_line(g)}
    labels = []
    if plant:
        pan, brand = g.pan()
        m, y = mm_yy(g)
        attrs |= {"card_number": pan, "card_expiry": f"{m:02d}/{y % 100:02d}", "cvv": g.digits(3)}
        labels = [(0, "pan", "ctr_attributes", brand, CORE), (0, "expiry", "ctr_attributes", "", CORE),
                  (0, "cvv", "ctr_attributes", "", CORE)]
    rec = {"AWSAccountId": g.valid_like("50", 12), "ContactId": g.uuid(), "Channel": "VOICE",
           "CustomerEndpoint": {"Address": f"+{g.valid_like('49', 13)}", "Type": "TELEPHONE_NUMBER"},
           "Attributes": attrs, "InitiationTimestamp": g.ts()}
    return Item([json.dumps(rec)], labels)


def lex_event(g: Gen, plant: bool) -> Item:
    """A Lex V2 code-hook event, pretty-printed: slot values nested below their slot names."""
    slots: dict[str, object] = {"Amount": {"value": {"originalValue": "twelve", "interpretedValue": "12"}}}
    m, y = mm_yy(g)
    cvv = g.digits(3)
    if plant:
        slots["CardCvv"] = {"shape": "Scalar", "value": {"originalValue": cvv, "interpretedValue": cvv,
                                                          "resolvedValues": [cvv]}}
        slots["CardExpiry"] = {"shape": "Scalar", "value": {"interpretedValue": f"{y}-{m:02d}"}}
    text = json.dumps({"sessionId": g.uuid(), "inputTranscript": noise_line(g), "sessionState": {"intent": {
        "name": "Pay", "slots": slots}}}, indent=2)
    lines = text.splitlines()
    # the CVV in the value objects (its resolvedValues list item too, on a line of its own: the slot owns it),
    # the expiry in its interpretedValue
    owned = {f'"originalValue": "{cvv}"': "cvv", f'"interpretedValue": "{cvv}"': "cvv",
             f'"interpretedValue": "{y}-{m:02d}"': "expiry"}
    labels = [(i, kind, "lex_slot_nested", "", CORE) for i, line in enumerate(lines) if plant
              for needle, kind in owned.items() if needle in line]
    labels += [(i, "cvv", "lex_slot_nested", "", CORE) for i, line in enumerate(lines) if plant
               and line.strip() == f'"{cvv}"']
    return Item(lines, labels)


_SPOKEN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def contact_lens(g: Gen, plant: bool) -> Item:
    content = "I would like to pay my bill please"
    labels = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        k = g.rng.randrange(3)
        if k == 0:
            content = f"sure it is {', '.join(pan[i:i + 4] for i in range(0, len(pan), 4))}"
        elif k == 1:
            words = [_SPOKEN[int(d)] if i % 2 else d for i, d in enumerate(pan)]
            content = f"my card number is {' '.join(words)}"
        else:
            content = f"the number is {grouped(pan)}"
        labels.append((0, "pan", ("lens_comma", "lens_mixed_spelled", "lens_grouped")[k], brand, CORE))
    seg = {"Transcript": [{"ParticipantId": "CUSTOMER", "Id": g.uuid(), "Content": content,
                           "BeginOffsetMillis": g.rng.randint(0, 90000), "Sentiment": "NEUTRAL"}]}
    return Item([json.dumps(seg)], labels)


def bedrock_converse(g: Gen, plant: bool) -> Item:
    text = "Write a short confirmation for the caller."
    labels = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        text = f"Caller details:\n{pan}\nexp {g.rng.randint(1, 12):02d}/{g.rng.randint(27, 33)}"
        labels = [(0, "pan", "converse_escaped_newline", brand, CORE), (0, "expiry", "converse_escaped_newline", "",
                                                                        CORE)]
    rec = {"timestamp": g.ts(), "accountId": g.valid_like("50", 12), "modelId": "anthropic.claude-3-haiku",
           "input": {"inputBodyJson": {"messages": [{"role": "user", "content": [{"text": text}]}]},
                     "inputTokenCount": g.rng.randint(10, 900)}, "requestId": g.uuid()}
    return Item([json.dumps(rec)], labels)


def stripe_webhook(g: Gen, plant: bool) -> Item:
    card: dict[str, object] = {"brand": "visa", "last4": g.digits(4), "funding": "credit"}
    if plant:
        pan, brand = g.pan(range(13, 20))
        m, y = mm_yy(g)
        card |= {"number": pan, "exp_month": m, "exp_year": y}
    created = g.rng.randint(1_700_000_000, 1_800_000_000)
    event = {"id": f"evt_{g.digits(12)}", "type": "charge.succeeded", "created": created,
             "data": {"object": {"amount": g.rng.randint(100, 90000), "payment_method_details": {"card": card}}}}
    lines = json.dumps(event, indent=2).splitlines()
    labels = []
    if plant:
        for i, line in enumerate(lines):
            if '"number"' in line:
                labels.append((i, "pan", "stripe_webhook_pretty", brand, CORE))
            if '"exp_month"' in line:  # month and year on lines of their own: the date starts at the month
                labels.append((i, "expiry", "stripe_webhook_pretty", "", CORE))
    return Item(lines, labels)


def stripe_form_dump(g: Gen, plant: bool) -> Item:
    if not plant:
        order = g.digits(8)
        return Item([f"POST /v1/payment_intents amount=1250&currency=usd&confirm=true&metadata[order]={order}"])
    pan, brand = g.pan(range(13, 20))
    m, y = mm_yy(g)
    body = (f"type=card&card[number]={pan}&card[exp_month]={m}&card[exp_year]={y}&card[cvc]={g.digits(3)}")
    if g.rng.random() < 0.5:
        body = body.replace("[", "%5B").replace("]", "%5D")
    return Item([f"POST /v1/payment_methods {body}"], [(0, "pan", "stripe_form", brand, CORE),
                                                      (0, "expiry", "stripe_form", "", CORE),
                                                      (0, "cvv", "stripe_form", "", CORE)])


def gateway_xml(g: Gen, plant: bool) -> Item:
    if not plant:
        return Item(["<createTransactionResponse><messages><resultCode>Ok</resultCode></messages>",
                     f"<transId>{g.digits(11)}</transId></createTransactionResponse>"])
    pan, brand = g.pan(range(13, 20))
    m, y = mm_yy(g)
    if g.rng.random() < 0.5:  # Authorize.net
        lines = ["<creditCard>", f"  <cardNumber>{pan}</cardNumber>", f"  <expirationDate>{y}-{m:02d}</expirationDate>",
                 f"  <cardCode>{g.digits(3)}</cardCode>", "</creditCard>"]
        labels = [(1, "pan", "xml_authnet", brand, CORE), (2, "expiry", "xml_authnet", "", CORE),
                  (3, "cvv", "xml_authnet", "", CORE)]
    else:  # CyberSource
        lines = ["<card>", f"  <accountNumber>{pan}</accountNumber>",
                 f"  <expirationMonth>{m:02d}</expirationMonth>", f"  <expirationYear>{y}</expirationYear>",
                 f"  <cvNumber>{g.digits(3)}</cvNumber>", "</card>"]
        labels = [(1, "pan", "xml_cybersource", brand, CORE), (2, "expiry", "xml_cybersource", "", CORE),
                  (4, "cvv", "xml_cybersource", "", CORE)]
    return Item(lines, labels)


def csv_export(g: Gen, plant: bool) -> Item:
    """A row under ``CSV_HEADER``: the CVV column's meaning is only in the header; ``order_id`` holds Luhn-valid ids."""
    cells = [g.uuid(), g.luhn("4" + g.digits(14)), g.ts(), f"{g.rng.randint(1, 900)}.00", "settled"]
    if plant:
        pan, brand = g.pan(range(13, 20))
        labels = [(0, "pan", "csv_column", brand, CORE)]
        cvc = ""
        if g.rng.random() < 0.5:
            cvc = g.digits(g.rng.choice([3, 4]))
            labels.append((0, "cvv", "csv_header_cvc", "", CORE))
        return Item([",".join([*cells, grouped(pan, g.rng.choice([" ", "-", ""])) or pan, cvc])], labels)
    return Item([",".join([*cells, f"************{g.digits(4)}", ""])])


CSV_HEADER = "settlement_id,order_id,created,amount,status,card_number,cvc"


def mail_archive(g: Gen, plant: bool) -> Item:
    head = ["From billing@example.com Tue Mar  4 10:00:00 2026", "Subject: receipt",
            "Content-Transfer-Encoding: quoted-printable", ""]
    if not plant:
        return Item([*head, "Thanks for your payment =E2=80=93 see you soon.", ""])
    pan, brand = g.pan(range(13, 20))
    shown = grouped(pan)
    cut = g.rng.randint(4, len(shown) - 3)
    return Item([*head, f"Card on file: {shown[:cut]}=", f"{shown[cut:]} thanks", ""],
                [(4, "pan", "mail_qp_soft_break", brand, ENCODED)])


def firehose(g: Gen, plant: bool) -> Item:
    inner = {"level": "INFO", "msg": noise_line(g)}
    labels = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        inner["msg"] = f"charge card {pan}"
        labels = [(0, "pan", "firehose_base64", brand, ENCODED)]
    data = base64.b64encode(json.dumps(inner).encode()).decode()
    arrived = g.rng.randint(1_700_000_000_000, 1_800_000_000_000)
    return Item([json.dumps({"recordId": g.uuid(), "approximateArrivalTimestamp": arrived,
                             "data": data})], labels)


def hex_dump(g: Gen, plant: bool) -> Item:
    if not plant:
        return Item([f"payload sha256={g.rng.randbytes(32).hex()} len=32"])
    pan, brand = g.pan(range(13, 20))
    return Item([f"raw payload={f'card={pan}'.encode().hex()} len={len(pan) + 5}"],
                [(0, "pan", "hex_ascii", brand, ENCODED)])


# shape -> (relative path, builder, encoding the file is written in)
Builder = Callable[[Gen, bool], Item]
SHAPES: dict[str, tuple[str, Builder, str]] = {
    "lambda_text": ("lambda/pay-ivr.log", lambda_text, "utf-8"),
    "contact_trace_record": ("connect/ctr.jsonl", contact_trace_record, "utf-8"),
    "lex_event": ("lex/codehook-events.log", lex_event, "utf-8"),
    "contact_lens": ("connect/lens-transcripts.jsonl", contact_lens, "utf-8"),
    "bedrock_converse": ("bedrock/invocations.jsonl", bedrock_converse, "utf-8"),
    "stripe_webhook": ("stripe/webhooks.log", stripe_webhook, "utf-8"),
    "stripe_form_dump": ("stripe/requests.log", stripe_form_dump, "utf-8"),
    "gateway_xml": ("gateway/transactions.xml", gateway_xml, "utf-8"),
    "csv_export": ("exports/settlements.csv", csv_export, "utf-8"),
    "mail_archive": ("mail/billing.mbox", mail_archive, "utf-8"),
    "firehose": ("firehose/records.jsonl", firehose, "utf-8"),
    "hex_dump": ("debug/payloads.log", hex_dump, "utf-8"),
    "utf16_no_bom": ("windows/ivr-utf16.log", lambda_text, "utf-16-le"),
    "windows_1252": ("windows/ivr-cp1252.log", lambda_text, "cp1252"),
    **MORE_SHAPES,
}


def nacha_file(g: Gen, n: int) -> list[str]:
    """A NACHA ACH file: 94-character records whose account columns hold card-shaped numbers."""
    lines = ["101 091000019 1234567891603040000A094101BANK OF EXAMPLE        EXAMPLE CO             ".ljust(94)]
    for _ in range(n):
        acct = g.valid_like("4", 16)
        line = ("627" + "09100001" + "8" + acct.ljust(17) + f"{g.rng.randint(1, 99999):010d}" + "ID" + g.digits(13)
                + "JANE Q CUSTOMER".ljust(22)).ljust(78) + "0" + "09100001" + g.digits(7)
        lines.append(line)
    return lines


def generate(out_dir: Path, *, records: int = 60, seed: int = 11, plant_rate: float = 0.4) -> list[Label]:
    """Write ``out_dir/<shape files>`` (``records`` records per shape) and return the labels."""
    g = Gen(seed)
    labels: list[Label] = []
    for shape, (rel, builder, encoding) in SHAPES.items():
        lines: list[str] = [CSV_HEADER] if builder is csv_export else []
        for _ in range(records):
            item = builder(g, g.rng.random() < plant_rate)
            if encoding != "utf-8" and shape != "lambda_text":
                item.lines = [x.replace("INFO", "INFO \u00e9t\u00e9") for x in item.lines]  # non-ASCII text too
            for offset, typ, form, brand, tier in item.labels:
                recoded = encoding != "utf-8"  # a whole file in another encoding: an encoded form
                labels.append(Label(rel, len(lines) + offset + 1, typ, f"{shape}:{form}" if recoded else form, shape,
                                    brand, ENCODED if recoded else tier))
            lines += item.lines
            if g.rng.random() < 0.5 and builder is not csv_export:  # an export holds rows only
                lines.append(noise_line(g))
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    (out_dir / "bank").mkdir(exist_ok=True)
    (out_dir / "bank" / "ach-batch.txt").write_text("\n".join(nacha_file(g, records)) + "\n")
    return labels


@dataclass
class Score:
    found: Counter[tuple[str, str]] = field(default_factory=Counter)  # (axis, key) -> found labels
    total: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed: list[Label] = field(default_factory=list)
    false_positives: list[tuple[str, int, str]] = field(default_factory=list)

    def recall(self, axis: str, key: str) -> float:
        return self.found[axis, key] / self.total[axis, key] if self.total[axis, key] else 1.0

    def table(self, axis: str) -> str:
        keys = sorted(k for a, k in self.total if a == axis)
        rows = [f"  {key:<34} {self.found[axis, key]:>5}/{self.total[axis, key]:<5} {self.recall(axis, key):>7.1%}"
                for key in keys]
        return f"recall by {axis}:\n" + "\n".join(rows)


def score(labels: list[Label], hits: Iterable[tuple[str, int, str]]) -> Score:
    """A label is found when a hit has its path, line and type; a hit on no label is a false positive."""
    hit_keys = set(hits)
    label_keys = {(lb.path, lb.line, lb.type) for lb in labels}
    out = Score()
    for lb in labels:
        ok = (lb.path, lb.line, lb.type) in hit_keys
        for axis, key in (("tier", lb.tier), ("shape", lb.shape), ("brand", lb.brand), ("form", lb.form)):
            if key:
                out.total[axis, key] += 1
                out.found[axis, key] += ok
        if not ok:
            out.missed.append(lb)
    out.false_positives = sorted(h for h in hit_keys if h not in label_keys)
    return out
