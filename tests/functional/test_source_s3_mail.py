"""Raw MIME mail in S3 (as an Amazon SES receipt rule's S3 action stores incoming mail: one object per message, keyed
by prefix and message id, no suffix): a binary attachment is read by its format as it is in a local ``.eml``,
located by bucket/key, ``attachment``, the mail's ``line`` and the format's own keys; a part that cannot be read
is never clean."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from typing import Any

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.pipeline import run_scan
from scanners.formats.canaries import CANARY_PAN, format_canaries
from scanners.formats.examine import registry
from scanners.sources.s3 import S3Source
from tests.unit.test_format_mail_attachments import body_line

BUCKET = "ses-inbound-mail"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def ses_mail(filename: str, data: bytes) -> bytes:
    """An incoming message as SES writes it to S3: its transport headers, CRLF line ends, the attachment base64."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Return-Path"] = "<billing@customer-shop.test>"
    msg["Received"] = "from mail.customer-shop.test by inbound-smtp.eu-west-1.amazonaws.com with SMTP id x1"
    msg["X-SES-Spam-Verdict"], msg["X-SES-Virus-Verdict"] = "PASS", "PASS"
    msg["From"], msg["To"], msg["Subject"] = "billing@customer-shop.test", "support@example.test", "Disputes"
    msg.set_content("Hello, the disputed orders are attached.\n")
    maintype, subtype = XLSX.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    msg.set_boundary("=_part_boundary_of_the_test")  # Python's own holds 19 random digits: now and then a card number
    return msg.as_bytes()


def xlsx(text: str) -> bytes:
    writer = next(f for f in registry() if f.name == "xlsx").canary
    assert writer is not None
    data = writer(text)
    assert data is not None
    return data


def scan(s3: Any, prefix: str) -> dict[str, Any]:
    return run_scan([S3Source(s3, BUCKET, prefix)], fingerprinter=LocalKeyFingerprinter(b"k" * 32)).to_dict()


def test_an_attachment_of_a_mail_object_is_read_by_its_format(s3: Any) -> None:
    canary = next(c for c in format_canaries().files if c.format == "xlsx")
    card = ses_mail("disputes.xlsx", canary.data)
    quiet = ses_mail("orders.xlsx", xlsx("refund for card 411111******1111 approved, order 20260114"))
    s3.put_object(Bucket=BUCKET, Key="inbound/0o1c2m3k4", Body=card)
    s3.put_object(Bucket=BUCKET, Key="inbound/9q8r7s6t5", Body=quiet)
    out = scan(s3, "inbound/")
    assert len(out["findings"]) == 1, [(f["type"], f["location"]) for f in out["findings"]]
    (finding,) = out["findings"]
    loc = finding["location"]
    assert finding["type"] == "pan"
    assert (loc["bucket"], loc["key"], loc["attachment"]) == (BUCKET, "inbound/0o1c2m3k4", "disputes.xlsx")
    assert loc["line"] == body_line(card, "disputes.xlsx")
    assert (loc["sheet"], loc["cell"]) == (canary.where["sheet"], canary.where["cell"])
    items = {(c["location"]["key"], c["location"].get("attachment")): c for c in out["coverage"]}
    assert {k for k in items if k[1]} == {("inbound/0o1c2m3k4", "disputes.xlsx"), ("inbound/9q8r7s6t5", "orders.xlsx")}
    assert items[("inbound/9q8r7s6t5", "orders.xlsx")]["location"]["line"] == body_line(quiet, "orders.xlsx")
    assert all(c["status"] == "scanned" for c in out["coverage"])
    assert out["summary"]["incomplete_items"] == 0
    assert CANARY_PAN not in repr(out)


def test_an_unreadable_attachment_of_a_mail_object_is_never_clean(s3: Any) -> None:
    canary = next(c for c in format_canaries().files if c.format == "xlsx")
    raw = ses_mail("disputes.xlsx", canary.data[: len(canary.data) // 2])  # the spreadsheet cut in half
    s3.put_object(Bucket=BUCKET, Key="cut/0a1b2c3d", Body=raw)
    out = scan(s3, "cut/")
    (part,) = [c for c in out["coverage"] if c["location"].get("attachment") == "disputes.xlsx"]
    assert part["status"] == "error" and part["reason"].startswith("base64/")  # a cut xlsx is a cut zip
    assert part["location"]["key"] == "cut/0a1b2c3d" and part["location"]["line"] == body_line(raw, "disputes.xlsx")
    assert out["verdict"] == "incomplete"
