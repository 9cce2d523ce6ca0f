"""Numbers an observability format names as no card's (red-team round 85): the sample value of a Prometheus text
exposition line (``name{labels} value [timestamp]``: a histogram's ``_bucket``, a summary's ``_sum``, a gauge with
labels) and a Kubernetes object's ``resourceVersion``. Each quiet case has a control that stays a card: a card in a
label's value, a card word as the metric's name, a bare ``word number`` line that no exposition names. Values are
built at run time."""

import pytest

from scanners.cards.metriclines import sample_value
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

E = Engine(backend="re")


VISA = luhn("458017655445142")
MC = luhn("524315781293986")


def pans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in E.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    "text",
    [
        f'http_request_duration_seconds_bucket{{le="+Inf",route="/pay"}} {VISA}\n',
        f'http_request_duration_seconds_bucket{{le="0.1",route="/pay"}} {VISA} 1765904880000\n',
        f"http_request_duration_seconds_sum {VISA}\n",
        f'queue_depth{{queue="settle"}} {MC}\n',
        f'# TYPE rpc_latency histogram\nrpc_latency_bucket{{le="1"}} {VISA} # {{trace_id="abc"}} 1 1765904880.1\n',
        f'{{"kind":"Event","objectRef":{{"resource":"configmaps","resourceVersion":"{VISA}"}}}}',
        f'{{"kv":{{"key":"L3BheQ==","mod_revision":"{MC}"}}}}',
    ],
)
def test_quiet(text: str) -> None:
    assert pans(text) == []


@pytest.mark.parametrize(
    ("text", "card"),
    [
        (f'payment_failures_total{{card="{VISA}",reason="declined"}} 8\n', VISA),
        (f'checkout_total{{route="/pay",pan="{MC}"}} 3\n', MC),
        (f"card_number_total {VISA}\n", VISA),
        (f'card_hits{{route="/pay"}} {VISA}\n', VISA),
        (f"mem_free {VISA}\n", VISA),
        (f"INFO charged {VISA} ok\n", VISA),
        (f'{{"resource":"secrets","card_version":"1","card":"{MC}"}}', MC),
    ],
)
def test_stays_a_card(text: str, card: str) -> None:
    assert card in pans(text)


def test_only_the_value_position() -> None:
    line = f'x_bucket{{le="1"}} {VISA} {MC}'
    assert sample_value(line, line.index(VISA))
    assert not sample_value(line, line.index(MC))  # a timestamp's place: not the sample's value
    assert not sample_value(f"x_bucket{{le=\"1\"}} {VISA} tail", len('x_bucket{le="1"} '))  # words after: no sample
