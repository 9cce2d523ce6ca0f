"""What every record-shape builder shares (``corpus_shapes``, ``shapes_more``): labels, the record a builder returns,
the seeded generator of card numbers and ids, and the realistic negative noise with the confounder classes."""

from __future__ import annotations

import base64
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from scanners.cards.brands import IIN_RANGES, brand_of, is_pan, luhn_valid
from scanners.cards.confounders import confounder

CORE, ENCODED = "core", "encoded"


@dataclass(frozen=True, slots=True)
class Label:
    path: str
    line: int
    type: str
    form: str
    shape: str
    brand: str = ""
    tier: str = CORE


@dataclass
class Item:
    """Lines of one record and the labels on them (line offsets from the record's first line)."""

    lines: list[str]
    labels: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # offset, type, form, brand, tier


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.brands: Counter[str] = Counter()

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def luhn(self, body: str) -> str:
        return next(body + d for d in "0123456789" if luhn_valid(body + d))

    def pan(self, lengths: Iterable[int] = range(12, 20)) -> tuple[str, str]:
        """A PAN from a random IIN row and length (one a reader could tell from a timestamp without a label)."""
        allowed = set(lengths)
        while True:
            row = self.rng.choice(IIN_RANGES)
            n = self.rng.choice(row.lengths)
            if n not in allowed:
                continue
            lo, hi = row.bounds
            head = str(self.rng.randint(lo, hi))[: n - 1]
            pan = self.luhn(head + self.digits(n - 1 - len(head)))
            brand = brand_of(pan)
            if brand is not None and is_pan(pan) and confounder(pan, 0, n, pan, 1) is None:
                return pan, brand.name

    def uuid(self) -> str:
        h = "".join(self.rng.choice("0123456789abcdef") for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def ts(self) -> str:
        return f"2026-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}T{self.rng.randint(0, 23):02d}:" \
               f"{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}.{self.rng.randint(0, 999):03d}Z"

    def valid_like(self, prefix: str, n: int) -> str:
        """A number that passes IIN + length + Luhn, for the confounders."""
        while True:
            s = self.luhn(prefix + self.digits(n - 1 - len(prefix)))
            if is_pan(s):
                return s


def grouped(pan: str, sep: str = " ") -> str:
    if len(pan) == 15:
        return sep.join((pan[:4], pan[4:10], pan[10:]))
    return sep.join(pan[i : i + 4] for i in range(0, len(pan), 4))


def mm_yy(g: Gen) -> tuple[int, int]:
    return g.rng.randint(1, 12), g.rng.randint(2026, 2034)


# -- confounders and noise (negatives) ---------------------------------------------------------------------------

def confounder_text(g: Gen) -> str:
    k = g.rng.randrange(12)
    if k == 0:
        return f"callback to +{g.valid_like('49', 13)} queued"
    if k == 1:
        return f"refund to IBAN DE{g.rng.randint(10, 99)} {grouped(g.valid_like('50', 18))}"
    if k == 2:
        return f"scanned EAN-13 {g.valid_like('40', 13)} at till {g.rng.randint(1, 9)}"
    if k == 3:
        return f"device registered, IMEI {g.valid_like('49', 15)}"
    if k == 4:
        return f"ticks={g.valid_like('6384', 18)} thread=7"
    if k == 5:
        return f"span start_us {g.valid_like('1800', 16)} end"
    if k == 6:
        return f"score {g.rng.randint(0, 9)}.{g.valid_like('34', 15)} ok"
    if k == 7:
        blob = base64.b64encode(g.rng.randbytes(12)).decode()
        return f"sig={blob[:10]}+{g.valid_like('4', 16)}/{blob[10:]}Qw=="
    if k == 8:
        return f"GET /promo?utm_source=mail&cid={g.rng.randint(100, 9999)} 200"
    if k == 9:
        return f"arn:aws:lambda:us-east-1:{g.valid_like('50', 12)}:function:pay-ivr invoked"
    if k == 10:
        return f'"orderId": "{g.valid_like("4", 16)}"'
    return f"latency {g.rng.random()!r} ms"


def noise_line(g: Gen) -> str:
    if g.rng.random() < 0.5:
        return confounder_text(g)
    return g.rng.choice([
        f"request {g.uuid()} took {g.rng.randint(1, 900)} ms",
        f"retry {g.rng.randint(1, 4)} of 5, queue depth {g.rng.randint(0, 5000)}",
        f"card ending {g.digits(4)} charged {g.rng.randint(1, 500)}.{g.rng.randint(0, 99):02d} USD",
        "CVV check passed, 3DS not required",
        f"session expires_in: {g.rng.randint(60, 3600)}",
    ])
