"""More record shapes for the second labelled corpus: DynamoDB stream records as a Lambda logs them (attribute values
wrapped in their type), API Gateway access logs with a percent-encoded query string, Contact Lens post-call output
where the caller answers the agent's question with the code or the date, a Bedrock Converse answer holding a
Markdown table, and the XML dialects of more gateways (Realex, Elavon, Moneris). Each builder writes the record as
the service writes it and a negative twin when nothing is planted."""

from __future__ import annotations

import json

from tests.benchmarks.shapes_common import CORE, ENCODED, Gen, Item, grouped, mm_yy, noise_line

_SPOKEN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def dynamodb_stream(g: Gen, plant: bool) -> Item:
    """A Lambda's log line of a DynamoDB stream event: every attribute value wrapped in its type (``{"S": ...}``)."""
    image: dict[str, object] = {"orderId": {"S": g.uuid()}, "amount": {"N": str(g.rng.randint(100, 90000))},
                                "ttl": {"N": str(g.rng.randint(1_700_000_000, 1_800_000_000))}}
    labels: list[tuple[int, str, str, str, str]] = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        m, y = mm_yy(g)
        image |= {"pan": {"S": pan}, "cvv": {"S": g.digits(3)}, "exp_month": {"N": str(m)}, "exp_year": {"N": str(y)}}
        labels = [(0, kind, "dynamodb_wrapped", brand if kind == "pan" else "", CORE) for kind in ("pan", "cvv",
                                                                                                  "expiry")]
    event = {"Records": [{"eventID": g.uuid(), "eventName": "INSERT", "dynamodb": {
        "ApproximateCreationDateTime": g.rng.randint(1_700_000_000, 1_800_000_000), "NewImage": image,
        "SequenceNumber": g.digits(21), "SizeBytes": g.rng.randint(40, 400), "StreamViewType": "NEW_IMAGE"}}]}
    return Item([f"{g.ts()}\t{g.uuid()}\tINFO\tevent {json.dumps(event)}"], labels)


def apigw_access(g: Gen, plant: bool) -> Item:
    """An API Gateway access log line (CLF): the query string percent-encodes the expiry's slash."""
    ip = ".".join(str(g.rng.randint(1, 254)) for _ in range(4))
    query = f"order={g.uuid()}&utm_source=mail&cid={g.rng.randint(100, 9999)}"
    labels: list[tuple[int, str, str, str, str]] = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        m, y = mm_yy(g)
        query = f"card_number={pan}&cvc={g.digits(3)}&exp={m:02d}%2F{y % 100:02d}"
        labels = [(0, "pan", "apigw_query", brand, CORE), (0, "cvv", "apigw_query", "", CORE),
                  (0, "expiry", "apigw_query_encoded", "", ENCODED)]
    return Item([f'{ip} - - [04/Dec/2026:10:{g.rng.randint(10, 59)}:00 +0000] "GET /prod/pay?{query} HTTP/1.1" 200 '
                 f"{g.rng.randint(10, 900)} {g.uuid()}"], labels)


def _turn(g: Gen, who: str, content: str) -> dict[str, object]:
    begin = g.rng.randint(0, 90000)
    return {"BeginOffsetMillis": begin, "Content": content, "EndOffsetMillis": begin + g.rng.randint(500, 4000),
            "Id": g.uuid(), "LoudnessScore": [round(g.rng.uniform(60, 80), 2) for _ in range(3)],
            "ParticipantId": who, "Sentiment": "NEUTRAL"}


def lens_dialogue(g: Gen, plant: bool) -> Item:
    """Contact Lens post-call output: the agent asks for the security code or the expiry date, the customer answers."""
    turns = [_turn(g, "AGENT", "Thank you for calling, how can I help?"),
             _turn(g, "CUSTOMER", f"I want to pay invoice {g.digits(6)}")]
    labels: list[tuple[int, str, str, str, str]] = []
    if plant:
        code = g.digits(3)
        spoken = " ".join(_SPOKEN[int(d)] for d in code) if g.rng.random() < 0.5 else code
        m, y = mm_yy(g)
        date = g.rng.choice([f"{m:02d}/{y % 100:02d}", f"{_MONTHS[m - 1]} {y}"])
        turns += [_turn(g, "AGENT", "And the three digit security code on the back?"),
                  _turn(g, "CUSTOMER", f"Sure, it's {spoken}."),
                  _turn(g, "AGENT", "Thanks. And the expiry date?"), _turn(g, "CUSTOMER", date)]
        labels = [(0, "cvv", "lens_answer", "", CORE), (0, "expiry", "lens_answer", "", CORE)]
    else:
        turns += [_turn(g, "AGENT", "What is the postcode on the account?"), _turn(g, "CUSTOMER", g.digits(4)),
                  _turn(g, "AGENT", "How many seats?"), _turn(g, "CUSTOMER", f"{g.rng.randint(2, 9)}")]
    return Item([json.dumps({"Version": "1.1.0", "Channel": "VOICE", "Transcript": turns})], labels)


def converse_table(g: Gen, plant: bool) -> Item:
    """A Bedrock Converse invocation log whose model answer holds a Markdown table (rows JSON-escaped)."""
    rows = [["Invoice", "Amount", "Due"], ["---", "---", "---"],
            [g.digits(6), f"{g.rng.randint(1, 900)}.00", f"{g.rng.randint(1, 28)} days"]]
    labels: list[tuple[int, str, str, str, str]] = []
    if plant:
        pan, brand = g.pan(range(13, 20))
        m, y = mm_yy(g)
        rows = [["Card", "CVV", "Expiry"], ["---", "---", "---"], [grouped(pan), g.digits(3), f"{m:02d}/{y % 100:02d}"]]
        labels = [(0, kind, "converse_markdown_table", brand if kind == "pan" else "", CORE) for kind in ("pan", "cvv",
                                                                                                          "expiry")]
    table = "\n".join("| " + " | ".join(r) + " |" for r in rows)
    rec = {"timestamp": g.ts(), "modelId": "anthropic.claude-3-haiku", "requestId": g.uuid(),
           "output": {"outputBodyJson": {"output": {"message": {"role": "assistant", "content": [
               {"text": f"Here is the summary:\n\n{table}\n\n{noise_line(g)}"}]}}}}}
    return Item([json.dumps(rec)], labels)


def gateway_dialects(g: Gen, plant: bool) -> Item:
    """Realex (``<cvn><number>``), Elavon (``ssl_cvv2cvc2``, MMYY) and Moneris (``expdate`` as YYMM) requests."""
    if not plant:
        return Item([f"<response><result>00</result><authcode>{g.digits(6)}</authcode><pasref>{g.digits(14)}</pasref>"
                     "</response>"])
    pan, brand = g.pan(range(13, 20))
    m, y = mm_yy(g)
    cvv, k = g.digits(3), g.rng.randrange(3)
    if k == 0:
        lines = ["<request type=\"auth\">", f"  <card><number>{pan}</number><expdate>{m:02d}{y % 100:02d}</expdate>",
                 f"  <cvn><number>{cvv}</number><presind>1</presind></cvn></card>", "</request>"]
        where = {1: ("pan", "expiry"), 2: ("cvv",)}
    elif k == 1:
        lines = ["<txn>", f"  <ssl_card_number>{pan}</ssl_card_number>", f"  <ssl_exp_date>{m:02d}{y % 100:02d}"
                 "</ssl_exp_date>", f"  <ssl_cvv2cvc2>{cvv}</ssl_cvv2cvc2>", "</txn>"]
        where = {1: ("pan",), 2: ("expiry",), 3: ("cvv",)}
    else:
        lines = ["<request><purchase>", f"  <pan>{pan}</pan>", f"  <expdate>{y % 100:02d}{m:02d}</expdate>",
                 f"  <cvd_info><cvd_indicator>1</cvd_indicator><cvd_value>{cvv}</cvd_value></cvd_info>",
                 "</purchase></request>"]
        where = {1: ("pan",), 2: ("expiry",), 3: ("cvv",)}
    form = ("xml_realex", "xml_elavon", "xml_moneris_yymm")[k]
    return Item(lines, [(i, kind, form, brand if kind == "pan" else "", CORE) for i, kinds in where.items()
                        for kind in kinds])


# shape -> (relative path, builder, encoding the file is written in)
MORE_SHAPES = {
    "dynamodb_stream": ("lambda/stream-consumer.log", dynamodb_stream, "utf-8"),
    "apigw_access": ("apigw/access.log", apigw_access, "utf-8"),
    "lens_dialogue": ("connect/lens-post-call.jsonl", lens_dialogue, "utf-8"),
    "converse_table": ("bedrock/converse-answers.jsonl", converse_table, "utf-8"),
    "gateway_dialects": ("gateway/requests.xml", gateway_dialects, "utf-8"),
}
