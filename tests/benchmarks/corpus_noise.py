"""A third corpus, negatives only: the records AWS services and Stripe write on their own, with every id, counter,
timestamp and account number they carry, and no card data at all. Any finding on it is a false alarm.

One builder per record shape, modelled on each service's documented log format: CloudTrail events, VPC flow logs
(version 2), ALB access logs, Lambda START/END/REPORT lines, API Gateway access logs, S3 server access logs,
DynamoDB stream records (typed values, composite keys), Stripe events (with the card object Stripe really sends:
brand, last4, exp_month, exp_year, fingerprint), EventBridge events, Java stack traces and nginx access logs.

``python -m tests.benchmarks.corpus_noise --out DIR --mb 20 --seed 1`` writes ``DIR/aws-noise.log``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2")


class Noise:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def hexs(self, n: int) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def digits(self, n: int) -> str:
        return str(self.r.randint(1, 9)) + "".join(self.r.choice("0123456789") for _ in range(n - 1))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128)))

    def ip(self) -> str:
        return ".".join(str(self.r.randint(1, 254)) for _ in range(4))

    def epoch(self) -> int:
        return 1_733_000_000 + self.r.randint(0, 30_000_000)

    def iso(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.epoch())) + f".{self.r.randint(0, 999):03d}Z"

    def clf(self) -> str:
        return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.epoch()))

    def region(self) -> str:
        return self.r.choice(REGIONS)

    def s3_key(self) -> str:
        day = time.strftime("%Y/%m/%d", time.gmtime(self.epoch()))
        return self.r.choice((f"in/{day}/{self.uuid()}.json", f"exports/{day}/part-{self.r.randint(0, 99999):05d}.gz",
                              f"uploads/{self.epoch()}-{self.hexs(8)}.csv"))


def cloudtrail(n: Noise) -> str:
    account = n.digits(12)
    return json.dumps({
        "eventVersion": "1.08", "eventTime": n.iso(), "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
        "userIdentity": {"type": "AssumedRole", "principalId": f"AROA{n.hexs(16).upper()}:session",
                         "arn": f"arn:aws:sts::{account}:assumed-role/reader/session", "accountId": account,
                         "accessKeyId": "ASIA" + n.hexs(16).upper()},
        "awsRegion": n.region(), "sourceIPAddress": n.ip(), "userAgent": "aws-sdk-java/2.20.0",
        "requestParameters": {"bucketName": f"logs-{account}-{n.region()}", "key": n.s3_key()},
        "additionalEventData": {"bytesTransferredOut": n.r.randint(1, 10**9)}, "requestID": n.hexs(16).upper(),
        "eventID": n.uuid(), "readOnly": True, "recipientAccountId": account, "eventCategory": "Data",
    })  # fmt: skip


def vpc_flow(n: Noise) -> str:
    start = n.epoch()
    return (f"2 {n.digits(12)} eni-{n.hexs(17)} {n.ip()} {n.ip()} {n.r.randint(1, 65535)} {n.r.randint(1, 65535)} 6 "
            f"{n.r.randint(1, 999)} {n.r.randint(40, 10**7)} {start} {start + 60} ACCEPT OK")


def alb(n: Noise) -> str:
    return (f"https {n.iso()} app/pay-alb/{n.hexs(16)} {n.ip()}:{n.r.randint(1024, 65535)} {n.ip()}:80 0.001 0.012 "
            f"0.000 200 200 {n.r.randint(10, 9999)} {n.r.randint(10, 99999)} "
            f'"GET https://api.example.com:443/v1/orders/{n.digits(n.r.randint(8, 16))}?page={n.r.randint(1, 50)} '
            f'HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            f"arn:aws:elasticloadbalancing:{n.region()}:{n.digits(12)}:targetgroup/pay/{n.hexs(16)} "
            f'"Root=1-{n.hexs(8)}-{n.hexs(24)}" "-" "-" 0 {n.iso()} "forward" "-" "-" "{n.ip()}:80" "200" "-" "-"')


def lambda_lines(n: Noise) -> str:
    rid = n.uuid()
    return n.r.choice((
        f"START RequestId: {rid} Version: $LATEST",
        f"END RequestId: {rid}",
        f"REPORT RequestId: {rid}\tDuration: {n.r.uniform(1, 900):.2f} ms\tBilled Duration: {n.r.randint(1, 900)} ms"
        f"\tMemory Size: 512 MB\tMax Memory Used: {n.r.randint(60, 500)} MB"
        f"\tInit Duration: {n.r.uniform(100, 900):.2f} ms",
        f"{n.iso()}\t{rid}\tINFO\tprocessed batch size={n.r.randint(1, 500)} lag_ms={n.r.randint(0, 99999)}"
        f" seq={n.digits(n.r.randint(18, 24))}",
    ))  # fmt: skip


def api_gateway(n: Noise) -> str:
    return json.dumps({
        "requestId": n.uuid(), "ip": n.ip(), "requestTime": n.clf(), "httpMethod": "POST", "routeKey": "POST /v1/pay",
        "status": n.r.choice((200, 201, 400, 402, 500)), "protocol": "HTTP/1.1",
        "responseLength": n.r.randint(10, 9999),
        "integrationLatency": n.r.randint(1, 2999), "extendedRequestId": n.hexs(4) + "=",
    })  # fmt: skip


def s3_access(n: Noise) -> str:
    key = n.s3_key()
    return (f"{n.hexs(64)} pay-exports [{n.clf()}] {n.ip()} arn:aws:iam::{n.digits(12)}:user/exporter "
            f"{n.hexs(16).upper()} REST.GET.OBJECT {key} \"GET /pay-exports/{key} HTTP/1.1\" 200 - "
            f"{n.r.randint(1, 10**8)} {n.r.randint(1, 10**8)} {n.r.randint(1, 999)} {n.r.randint(1, 99)} \"-\" "
            f"\"aws-cli/2.15.0\" - {n.hexs(40)}= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
            f"pay-exports.s3.{n.region()}.amazonaws.com TLSv1.2 - -")


def dynamodb_stream(n: Noise) -> str:
    return json.dumps({
        "eventID": n.hexs(32), "eventName": "MODIFY", "eventSource": "aws:dynamodb", "awsRegion": n.region(),
        "dynamodb": {"ApproximateCreationDateTime": n.epoch(),
                     "Keys": {"pk": {"S": f"ORDER#{n.digits(n.r.randint(10, 16))}"},
                              "sk": {"S": f"INVOICE#{n.digits(14)}"}},
                     "NewImage": {"total": {"N": str(n.r.randint(1, 99999))}, "ts": {"N": str(n.epoch() * 1000)},
                                  "seq": {"N": n.digits(n.r.randint(12, 19))}},
                     "SequenceNumber": n.digits(21), "SizeBytes": n.r.randint(50, 999)},
        "eventSourceARN": f"arn:aws:dynamodb:{n.region()}:{n.digits(12)}:table/orders/stream/2026-01-01T00:00:00.000",
    })  # fmt: skip


def stripe_event(n: Noise) -> str:
    card = {"brand": n.r.choice(("visa", "mastercard", "amex")), "country": "US", "exp_month": n.r.randint(1, 12),
            "exp_year": n.r.randint(2026, 2034), "fingerprint": n.hexs(16), "funding": "credit",
            "last4": n.digits(4)}
    return json.dumps({
        "id": "evt_" + n.hexs(24), "object": "event", "api_version": "2024-06-20", "created": n.epoch(),
        "data": {"object": {"id": "pi_" + n.hexs(24), "amount": n.r.randint(100, 99999), "currency": "usd",
                            "customer": "cus_" + n.hexs(14), "latest_charge": "ch_" + n.hexs(24),
                            "metadata": {"order_id": n.digits(n.r.randint(8, 16)), "contact_id": n.uuid()},
                            "payment_method_details": {"card": card, "type": "card"}}},
        "livemode": False, "request": {"id": "req_" + n.hexs(14), "idempotency_key": n.uuid()},
        "type": "payment_intent.succeeded",
    })  # fmt: skip


def eventbridge(n: Noise) -> str:
    return json.dumps({
        "version": "0", "id": n.uuid(), "detail-type": "Object Created", "source": "aws.s3", "account": n.digits(12),
        "time": n.iso(), "region": n.region(), "resources": [f"arn:aws:s3:::pay-in-{n.digits(12)}-{n.region()}"],
        "detail": {"object": {"key": n.s3_key(), "size": n.r.randint(1, 10**7), "sequencer": n.hexs(18).upper()},
                   "request-id": n.hexs(16).upper()},
    })  # fmt: skip


def java_trace(n: Noise) -> str:
    return "\n".join((
        f"{n.iso()} ERROR [http-nio-8080-exec-{n.r.randint(1, 200)}] c.e.PaymentService - charge failed "
        f"order={n.digits(n.r.randint(10, 19))}",
        "java.lang.IllegalStateException: timeout after 30000 ms",
        f"\tat com.example.PaymentService.charge(PaymentService.java:{n.r.randint(10, 999)})",
        f"\tat jdk.internal.reflect.GeneratedMethodAccessor{n.r.randint(1, 999)}.invoke(Unknown Source)",
    ))  # fmt: skip


def nginx(n: Noise) -> str:
    return (f'{n.ip()} - - [{n.clf()}] "GET /track?order_id={n.digits(n.r.randint(10, 19))}&t={n.epoch() * 1000}'
            f'&sid={n.hexs(32)} HTTP/1.1" 200 {n.r.randint(100, 99999)} "https://shop.example.com/p/{n.digits(7)}" '
            '"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)"')


SHAPES: dict[str, Callable[[Noise], str]] = {
    f.__name__: f
    for f in (cloudtrail, vpc_flow, alb, lambda_lines, api_gateway, s3_access, dynamodb_stream, stripe_event,
              eventbridge, java_trace, nginx)
}  # fmt: skip


def generate(out: Path, *, mb: float, seed: int) -> Path:
    """Write ``out/aws-noise.log`` (``mb`` MB of records, shapes drawn in turn at random) and return its path."""
    noise, path = Noise(seed), Path(out) / "aws-noise.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    target, written = int(mb * 1e6), 0
    builders = list(SHAPES.values())
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            line = noise.r.choice(builders)(noise) + "\n"
            written += f.write(line)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(generate(args.out, mb=args.mb, seed=args.seed))


if __name__ == "__main__":
    main()
