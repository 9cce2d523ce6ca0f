"""A gateway client's log: the request with the full card as one event (a line opening with its time stamp), the
gateway's response naming the card truncated (BIN and last four, a masked number, Adyen's ``cardSummary``) with its
expiry as the next event. The response's expiry is card metadata (``card_summary._log_event``): the request above is
another record, reported on its own line. A response event that holds the full card itself, on its line or on the
continuation lines below it, keeps its expiry reported; so does the Stripe CLI's transcript (no time stamps:
``test_card_summary``)."""

from __future__ import annotations

import pytest

from scanners.engine.core import Backend, Engine


def _luhn(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(body)))
    return body + str(-total % 10)


PAN = _luhn("490764339702725")
BIN, LAST4 = PAN[:6], PAN[-4:]
MASKED = BIN + "******" + LAST4
T1, T2 = "2026-11-14T02:32:09.528Z DEBUG ", "2026-11-14T02:43:54.840Z DEBUG "

# (case, request event, response event): every request holds PAN, its expiry (and a code)
GATEWAYS = [
    ("checkout-com",
     T1 + f'cko POST /payments {{"source": {{"type": "card", "number": "{PAN}", "expiry_month": 11, '
     '"expiry_year": 2028, "cvv": "037"}, "amount": 59047}',
     T2 + f'cko 201 {{"id":"pay_1","status":"Authorized","source":{{"type":"card","expiry_month":11,'
     f'"expiry_year":2028,"scheme":"Visa","last4":"{LAST4}","bin":"{BIN}","cvv_check":"Y"}}}}'),
    ("braintree-result",
     T1 + "braintree http POST /transactions body: transaction[amount]=856.60&transaction[credit_card][number]="
     f"{PAN}&transaction[credit_card][expiration_date]=11%2F2028&transaction[credit_card][cvv]=014",
     T2 + f"braintree result status=authorized id=jexbfgp0 cvv_response_code=M bin={BIN} last_4={LAST4} "
     "expiration_date=11/2028"),
    ("converge-xml",  # the request pretty-printed below its event's first line
     T1 + f"converge request\n<txn>\n<ssl_card_number>{PAN}</ssl_card_number>\n<ssl_exp_date>1128</ssl_exp_date>\n"
     "<ssl_cvv2cvc2>483</ssl_cvv2cvc2>\n</txn>",
     T2 + f"converge response <txn><ssl_result>0</ssl_result><ssl_card_number>{MASKED}</ssl_card_number>"
     "<ssl_exp_date>1128</ssl_exp_date><ssl_cvv2_response>M</ssl_cvv2_response></txn>"),
    ("adyen-summary",
     T1 + f'adyen POST /v71/payments {{"paymentMethod":{{"type":"scheme","number":"{PAN}","expiryMonth":"11",'
     '"expiryYear":"2028","cvc":"629"}}',
     T2 + f'adyen response {{"pspReference":"2659868933232881","resultCode":"Authorised","additionalData":'
     f'{{"cardSummary":"{LAST4}","expiryDate":"11/2028","cardBin":"{BIN}"}}}}'),
    ("syslog-stamps",
     f"Nov 14 02:32:09 pay1 app[311]: charge card={PAN} exp=11/28 cvv=037",
     f"Nov 14 02:32:10 pay1 app[311]: result bin={BIN} last4={LAST4} exp=11/28"),
    ("bracketed-stamps",
     f"[2026-11-14 02:32:09,528] INFO charge card={PAN} exp=11/28 cvv=037",
     f"[2026-11-14 02:32:10,101] INFO result bin={BIN} last4={LAST4} exp=11/28"),
]


def _findings(text: str, backend: Backend, lo: int, hi: int) -> list[str]:
    return [s.type for s in Engine(backend=backend).scan_text(text) if lo <= s.start < hi]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "sent", "response"), GATEWAYS, ids=[c[0] for c in GATEWAYS])
def test_a_response_event_names_its_card_truncated(case: str, sent: str, response: str, backend: Backend) -> None:
    text = f"{sent}\n{response}\n"
    at = len(sent) + 1
    assert "expiry" in _findings(text, backend, 0, at)  # the request is reported
    assert _findings(text, backend, at, len(text)) == []


REPORTED = [
    # the response event holds the full card itself: on its line, on a continuation line below its first
    ("full-card-on-the-line", T2 + f'charge {{"number": "{PAN}", "last4": "{LAST4}", "exp_month": 11, '
     '"exp_year": 2028}'),
    ("full-card-below", T2 + f'charge {{"last4": "{LAST4}", "exp_month": 11, "exp_year": 2028}}\n'
     f"  request card[number]={PAN}"),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), REPORTED, ids=[c[0] for c in REPORTED])
def test_an_event_holding_the_full_card_keeps_its_expiry(case: str, text: str, backend: Backend) -> None:
    assert "expiry" in _findings(text, backend, 0, len(text))
