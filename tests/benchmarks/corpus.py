"""A seeded, deterministic generator of a realistic labelled log corpus.

``generate(out_dir, mb=60, seed=7)`` writes ``out_dir/corpus/`` (JSON-lines service logs, plain-text logs, a
CSV export and a gzipped JSON-lines archive) and, next to it, ``out_dir/labels.jsonl``: one row per planted
item, ``{"path", "line", "type", "form"}`` (path relative to ``corpus/``, line 1-based in the decompressed
text). Labels never hold card values; the returned ``Labels`` keeps them in memory (hidden from repr) for
hygiene checks.

Noise is built to be negative: every 13-19 digit number in it fails IIN+length+Luhn, except ``orderId`` /
``order_id`` values in JSON, random like real ids (the PAN detector ignores whole values of id keys).

CLI: ``python -m tests.benchmarks.corpus --out DIR --mb 60 --seed 7``.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import math
import random
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from scanners.cards.brands import TEST_PANS, brand_of, is_pan, luhn_valid

CORPUS_DIR = "corpus"
LABELS_FILE = "labels.jsonl"
MANIFEST_FILE = "manifest.json"
MAX_FILE_BYTES = 8 << 20
SHARES = {"json": 0.70, "text": 0.15, "csv": 0.05, "gz": 0.10}
PLAIN, VARIANT, SPELLED = "plain", "variant", "spelled"
# form -> (file kind it is planted in, accuracy tier). Tiers: plain = plainly written (100 % recall expected),
# variant = other separators, Unicode and encodings (>= 95 %), spelled = spelled-out digits (measured).
_FORM_TABLE = (
    ("json", PLAIN, "json_plain json_spaces json_dashes json_key cvv_json cvv_card_cvc exp_json_split"
     " exp_json card_dump_json track1 track2 cred_aws cred_stripe_live cred_stripe_test cred_pem"),
    ("json", VARIANT, "json_multi_space json_dots json_slashes nbsp unicode_space zero_width every_digit"
     " fullwidth unicode_digits base64 base64_gzip percent json_escape html_entities array_split json_adjacent"),
    ("json", SPELLED, "spelled"),
    ("text", PLAIN, "text_plain text_spaces text_dashes cvv_kv cvv_words exp_mm_yy exp_mm_yyyy exp_mmyy"
     " exp_month_name card_dump_text track1_text track2_text cred_aws_text cred_stripe_text cred_pem_text"
     " text_xml"),
    ("text", VARIANT, "text_dots text_percent text_html text_fullwidth"),
    ("text", SPELLED, "text_spelled"),
    ("csv", PLAIN, "csv_plain csv_spaces csv_dashes"),
    ("gz", PLAIN, "gzip_plain gzip_spaces gzip_dashes gzip_track2 gzip_cvv"),
    ("gz", VARIANT, "gzip_base64"),
)
FORMS: dict[str, tuple[str, str]] = {n: (k, tier) for k, tier, names in _FORM_TABLE for n in names.split()}
TIERS: dict[str, str] = {name: tier for name, (_, tier) in FORMS.items()} | {"sad_pan": PLAIN}

# (name, length, IIN prefixes): every brand and length the issue names.
SPECS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("visa16", 16, ("4",)),
    ("visa13", 13, ("4",)),
    ("visa19", 19, ("4",)),
    ("mc51-55", 16, ("51", "52", "53", "54", "55")),
    ("mc2-series", 16, tuple(map(str, range(2221, 2721)))),
    ("mc2221", 16, ("2221",)),
    ("mc2720", 16, ("2720",)),
    ("amex", 15, ("34", "37")),
    ("discover6011", 16, ("6011",)),
    ("discover644-649", 16, tuple(map(str, range(644, 650)))),
    ("discover65", 16, ("65",)),
    ("discover622", 16, tuple(map(str, range(622126, 622926)))),
    ("discover19", 19, ("6011", "65")),
    ("jcb", 16, tuple(map(str, range(3528, 3590)))),
    ("jcb19", 19, ("3528", "3589")),
    ("diners14", 14, ("36", "38", "300", "305")),
    ("unionpay19", 19, ("6210", "6250", "6270", "6282")),
    ("unionpay16", 16, ("6212", "6240")),
    ("maestro", 16, ("6759", "5018", "5020", "6304")),
    ("maestro18", 18, ("6759",)),
    ("mir", 16, ("2200", "2201", "2202", "2203", "2204")),
    ("troy", 16, ("9792",)),
)
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
NAMES = ("José Álvarez", "Zoë Müller", "Łukasz Wójcik", "Søren Kjærgård", "李雷", "Анна Петрова",
         "Ayşe Yılmaz", "Chloé Dupont 🎉", "Nguyễn Văn An", "Björn Ångström")
LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")
SERVICES = ("checkout", "payments-api", "ivr-confirm", "orders", "notifier", "ledger")
UNI_SPACES = ("\u2009", "\u202f", "\u3000", "\u2002", "\u2007", "\u205f")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
UNI_DIGIT_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE)
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _js(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _m(key: str, value: str) -> str:
    """A JSON member with a properly quoted string value."""
    return f"{_js(key)}:{_js(value)}"


def groups_of(n: int) -> list[int]:
    """Usual grouping of an n-digit PAN: Amex 4-6-5, Diners 4-6-4, else fours with a shorter tail."""
    if n == 15:
        return [4, 6, 5]
    if n == 14:
        return [4, 6, 4]
    return [4] * (n // 4) + ([n % 4] if n % 4 else [])


@dataclass(frozen=True, slots=True)
class Planted:
    """What a form plants: a JSON member list, text message or CSV cell, plus (type, value, form) labels."""

    fragment: str = field(repr=False)
    labels: list[tuple[str, str, str | None]] = field(repr=False)
    after: list[str] = field(default_factory=list, repr=False)  # extra text lines (PEM body)


class _Forms:
    """Building blocks and one ``f_<form>`` builder per planted form."""

    def __init__(self, rng: random.Random, test_pans: tuple[str, ...]) -> None:
        self.rng = rng
        self.test_pans = test_pans
        self.n_pans = 0

    # -- primitives ------------------------------------------------------------------------------------------
    def digits(self, n: int) -> str:
        return f"{self.rng.randrange(10**n):0{n}d}" if n > 0 else ""

    def hex(self, n: int) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def uuid(self) -> str:
        h = self.hex(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def xray(self) -> str:
        return f"1-{self.hex(8)}-{self.hex(24)}"

    def phone(self) -> str:
        a, b, c = self.rng.randint(201, 989), self.rng.randint(200, 999), self.digits(4)
        return self.rng.choice((f"+1-{a}-{b}-{c}", f"({a}) {b}-{c}", f"+1 {a} {b} {c}"))

    @staticmethod
    def luhn_complete(body: str) -> str:
        return next(body + d for d in "0123456789" if luhn_valid(body + d))

    def pan_for(self, spec: tuple[str, int, tuple[str, ...]]) -> str:
        _, length, prefixes = spec
        while True:
            p = self.rng.choice(prefixes)
            pan = self.luhn_complete(p + self.digits(length - len(p) - 1))
            if brand_of(pan) is not None:
                return pan

    def pan(self) -> str:
        """The next planted PAN: brands in turn, a quarter of them published test numbers."""
        self.n_pans += 1
        if self.rng.random() < 0.25:
            return self.rng.choice(self.test_pans)
        return self.pan_for(SPECS[self.n_pans % len(SPECS)])

    def fmt(self, pan: str, sep: str | tuple[str, ...]) -> str:
        out, i = [], 0
        for size in groups_of(len(pan)):
            out.append(pan[i : i + size])
            i += size
        if isinstance(sep, str):
            return sep.join(out)
        return out[0] + "".join(self.rng.choice(sep) + g for g in out[1:])

    def spelled(self, pan: str) -> str:
        r = self.rng
        words = [("oh" if d == "0" and r.random() < 0.3 else WORDS[int(d)]) for d in pan]
        style = r.randrange(3)
        if style == 0:
            text = " ".join(words)
        else:
            parts, i = [], 0
            for size in groups_of(len(pan)):
                parts.append(("-" if style == 2 else " ").join(words[i : i + size]))
                i += size
            text = ", ".join(parts)
        return text[0].upper() + text[1:] if r.random() < 0.3 else text

    def expiry(self) -> tuple[int, int]:
        return self.rng.randint(1, 12), self.rng.randint(2025, 2033)

    def cvv(self, pan: str | None) -> str:
        return self.digits(4) if pan and pan[:2] in ("34", "37") else self.digits(3)

    def one(self, fragment: str, pan: str) -> Planted:
        return Planted(fragment, [("pan", pan, None)])

    def say(self, pan_text: str) -> str:
        return self.rng.choice(
            (
                "payment failed for card {p}, retrying",
                "customer pasted {p} into the notes field",
                "charge card={p} amount=12.00",
                "update billing: number {p} saved",
            )
        ).format(p=pan_text)

    def with_pan(self, fragment: str, typ: str, value: str, key: str = "card") -> Planted:
        """A CVV/expiry fragment, half the time next to a PAN (labelled ``sad_pan``)."""
        if self.rng.random() < 0.5:
            return Planted(fragment, [(typ, value, None)])
        pan = self.pan()
        sep = "," if fragment.startswith('"') else " "
        lead = _m(key, pan) if sep == "," else f"{key}={pan}"
        return Planted(lead + sep + fragment, [("pan", pan, "sad_pan"), (typ, value, None)])

    # -- JSON, plain tier -----------------------------------------------------------------------------------
    def f_json_plain(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(pan)), pan)

    def f_json_spaces(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.fmt(pan, " "))), pan)

    def f_json_dashes(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.fmt(pan, "-"))), pan)

    def f_json_key(self) -> Planted:
        pan = self.pan()
        key = self.rng.choice(("card_number", "pan", "cc_number", "cardNumber", "primary_account_number"))
        return self.one(_m(key, pan), pan)

    def f_cvv_json(self) -> Planted:
        pan = self.pan() if self.rng.random() < 0.5 else None
        cvv = self.cvv(pan)
        member = _m(self.rng.choice(("cvv", "cvv2", "cvc", "security_code")), cvv)
        if pan is None:
            return Planted(member, [("cvv", cvv, None)])
        return Planted(_m("card", pan) + "," + member, [("pan", pan, "sad_pan"), ("cvv", cvv, None)])

    def f_cvv_card_cvc(self) -> Planted:
        cvv = self.digits(4)
        return self.with_pan(_m("card_cvc", cvv), "cvv", cvv, key="card_number")

    def f_exp_json_split(self) -> Planted:
        mm, yyyy = self.expiry()
        raw = (
            f'"exp_month":{mm},"exp_year":{yyyy}'
            if self.rng.random() < 0.6
            else f'"exp_month":"{mm:02d}","exp_year":"{yyyy}"'
        )
        return self.with_pan(raw, "expiry", raw)

    def f_exp_json(self) -> Planted:
        mm, yyyy = self.expiry()
        value = self.rng.choice(
            (f"{mm:02d}/{yyyy % 100:02d}", f"{mm:02d}/{yyyy}", f"{mm:02d}{yyyy % 100:02d}")
        )
        return self.with_pan(
            _m(self.rng.choice(("expiry", "card_expiry", "expiration_date", "exp")), value), "expiry", value
        )

    def f_card_dump_json(self) -> Planted:
        pan, (mm, yyyy) = self.pan(), self.expiry()
        cvv = self.cvv(pan)
        exp = f'"exp_month":{mm},"exp_year":{yyyy}'
        frag = f'"card":{{"number":{_js(pan)},{exp},"cvc":{_js(cvv)}}}'
        return Planted(frag, [("pan", pan, None), ("expiry", exp, None), ("cvv", cvv, None)])

    def track(self, kind: str) -> tuple[str, str]:
        pan, (mm, yyyy), r = self.pan(), self.expiry(), self.rng
        yymm, svc = f"{yyyy % 100:02d}{mm:02d}", r.choice(("101", "201", "121", "221"))
        if kind == "track1":
            name = r.choice(("DOE/JOHN", "SMITH/JANE A", "GARCIA/MARIA", "LEE/KIM MR"))
            return pan, f"%B{pan}^{name}^{yymm}{svc}{self.digits(r.randint(8, 14))}?"
        return pan, f";{pan}={yymm}{svc}{self.digits(r.randint(5, 10))}?"

    def tracked(self, kind: str, text: bool) -> Planted:
        pan, raw = self.track(kind)
        frag = (
            f"msr swipe data {raw} received"
            if text
            else _m(kind if self.rng.random() < 0.7 else "swipe", raw)
        )
        return Planted(frag, [("track", raw, None), ("pan", pan, None)])

    def f_track1(self) -> Planted:
        return self.tracked("track1", False)

    def f_track2(self) -> Planted:
        return self.tracked("track2", False)

    def aws_key(self) -> str:
        return "AK" + "IA" + "".join(self.rng.choice(_B32) for _ in range(16))

    def stripe_key(self, mode: str) -> str:
        n = self.rng.choice((24, 32, 99))
        return "sk_" + mode + "_" + "".join(self.rng.choice(_ALNUM) for _ in range(n))

    def pem_header(self) -> str:
        return "-----BEGIN " + self.rng.choice(("RSA ", "EC ", "")) + "PRIVATE KEY-----"

    def f_cred_aws(self) -> Planted:
        key = self.aws_key()
        return Planted(_m("aws_access_key_id", key), [("credential", key, None)])

    def f_cred_stripe_live(self) -> Planted:
        key = self.stripe_key("live")
        return Planted(_m("stripe_key", key), [("credential", key, None)])

    def f_cred_stripe_test(self) -> Planted:
        key = self.stripe_key("test")
        return Planted(_m("stripe_secret", key), [("credential", key, None)])

    def f_cred_pem(self) -> Planted:
        head = self.pem_header()
        body = _b64(self.rng.randbytes(48))
        pem = f"{head}\n{body}\n{head.replace('BEGIN', 'END')}"
        return Planted(_m("private_key", pem), [("credential", head, None)])

    # -- JSON, variant tier ---------------------------------------------------------------------------------
    def sep_form(self, sep: str | tuple[str, ...]) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.fmt(pan, sep))), pan)

    def f_json_multi_space(self) -> Planted:
        return self.sep_form(("  ", "   ", "    "))

    def f_json_dots(self) -> Planted:
        return self.sep_form(".")

    def f_json_slashes(self) -> Planted:
        return self.sep_form("/")

    def f_nbsp(self) -> Planted:
        return self.sep_form("\u00a0")

    def f_unicode_space(self) -> Planted:
        return self.sep_form(self.rng.choice(UNI_SPACES))

    def f_zero_width(self) -> Planted:
        pan = self.pan()
        zw = self.rng.choice(ZERO_WIDTH)
        text = self.fmt(pan, zw) if self.rng.random() < 0.5 else zw.join(pan)
        return self.one(_m("msg", self.say(text)), pan)

    def f_every_digit(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.rng.choice((" ", "-", ".")).join(pan))), pan)

    def unicode_digits(self, pan: str, zero: int) -> str:
        text = "".join(chr(zero + int(d)) for d in pan)
        if self.rng.random() < 0.5:
            return text
        out, i = [], 0
        for size in groups_of(len(pan)):
            out.append(text[i : i + size])
            i += size
        return self.rng.choice((" ", "\u3000", "-")).join(out)

    def f_fullwidth(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.unicode_digits(pan, 0xFF10))), pan)

    def f_unicode_digits(self) -> Planted:
        pan = self.pan()
        return self.one(_m("msg", self.say(self.unicode_digits(pan, self.rng.choice(UNI_DIGIT_ZEROS)))), pan)

    def inner(self, pan: str) -> bytes:
        shown = pan if self.rng.random() < 0.6 else self.fmt(pan, " ")
        if self.rng.random() < 0.5:
            return json.dumps({"card": shown, "amount": self.rng.randint(100, 99999)}).encode()
        return f"number={shown}&amount={self.rng.randint(1, 999)}.00&currency=USD".encode()

    def f_base64(self) -> Planted:
        pan = self.pan()
        return self.one(_m(self.rng.choice(("payload", "body", "data")), _b64(self.inner(pan))), pan)

    def f_base64_gzip(self) -> Planted:
        pan = self.pan()
        return self.one(_m("payload_gz", _b64(gzip.compress(self.inner(pan), mtime=0))), pan)

    def percent(self, pan: str) -> str:
        style = self.rng.randrange(3)
        if style == 0:
            return self.fmt(pan, "%20")
        if style == 1:
            return self.fmt(pan, "+")
        return "".join(f"%{ord(c):02X}" for c in self.fmt(pan, self.rng.choice(("", " "))))

    def f_percent(self) -> Planted:
        pan = self.pan()
        return self.one(_m("url", f"/v1/pay?card={self.percent(pan)}&amount=12.00"), pan)

    def f_json_escape(self) -> Planted:
        pan = self.pan()
        text = pan if self.rng.random() < 0.6 else self.fmt(pan, " ")
        raw = "".join(f"\\u{ord(c):04x}" for c in text)
        return self.one(f'"card_number":"{raw}"', pan)

    def html(self, pan: str) -> str:
        style = self.rng.randrange(3)
        if style == 0:
            return "".join(f"&#{ord(c)};" for c in pan)
        if style == 1:
            return "".join(f"&#x{ord(c):x};" for c in self.fmt(pan, " "))
        return self.fmt(pan, "&nbsp;")

    def f_html_entities(self) -> Planted:
        pan = self.pan()
        return self.one(_m("html", f"<tr><td>Card</td><td>{self.html(pan)}</td></tr>"), pan)

    def f_array_split(self) -> Planted:
        pan = self.pan()
        style, key = self.rng.randrange(3), self.rng.choice(("card_digits", "pan_groups", "cardNumberParts"))
        if style == 0:
            parts, i = [], 0
            for size in groups_of(len(pan)):
                parts.append(pan[i : i + size])
                i += size
            arr = json.dumps(parts, separators=(",", ":"))
        elif style == 1:
            arr = json.dumps(list(pan), separators=(",", ":"))
        else:
            arr = json.dumps([int(d) for d in pan], separators=(",", ":"))
        return self.one(f"{_js(key)}:{arr}", pan)

    def f_json_adjacent(self) -> Planted:
        """A PAN right after another number, e.g. ``qty 12 4111 1111 1111 1111``."""
        pan = self.pan()
        shown = self.fmt(pan, self.rng.choice(("", " ", "-")))
        return self.one(_m("msg", f"line item {self.rng.randint(1, 99)} {shown} added"), pan)

    def f_spelled(self) -> Planted:
        pan = self.pan()
        lead = self.rng.choice(("my card number is", "the number on the card is", "card number", "it's"))
        return self.one(_m("transcript", f"caller: {lead} {self.spelled(pan)}, thanks"), pan)

    # -- plain text logs ------------------------------------------------------------------------------------
    def f_text_plain(self) -> Planted:
        pan = self.pan()
        return self.one(self.say(pan), pan)

    def f_text_spaces(self) -> Planted:
        pan = self.pan()
        return self.one(self.say(self.fmt(pan, " ")), pan)

    def f_text_dashes(self) -> Planted:
        pan = self.pan()
        return self.one(self.say(self.fmt(pan, "-")), pan)

    def f_text_dots(self) -> Planted:
        pan = self.pan()
        return self.one(self.say(self.fmt(pan, ".")), pan)

    def f_text_percent(self) -> Planted:
        pan = self.pan()
        return self.one(f'proxy "GET /pay?card={self.percent(pan)}&amount=9.99 HTTP/1.1" 302', pan)

    def f_text_html(self) -> Planted:
        pan = self.pan()
        return self.one(f"rendered receipt <td>{self.html(pan)}</td>", pan)

    def f_text_fullwidth(self) -> Planted:
        pan = self.pan()
        return self.one(self.say(self.unicode_digits(pan, self.rng.choice((0xFF10, *UNI_DIGIT_ZEROS)))), pan)

    def f_text_spelled(self) -> Planted:
        pan = self.pan()
        return self.one(f"transcript turn 3 caller: card number {self.spelled(pan)}", pan)

    def f_text_xml(self) -> Planted:
        pan = self.pan()
        tag = self.rng.choice(("cardNumber", "PAN", "AccountNumber"))
        return self.one(f"soap request <{tag}>{pan}</{tag}><Amount>12.00</Amount>", pan)

    def f_cvv_kv(self) -> Planted:
        cvv = self.digits(3)
        return self.with_pan(f"debug {self.rng.choice(('cvv=', 'cvv2: ', 'CVC=', 'cvc '))}{cvv}", "cvv", cvv)

    def f_cvv_words(self) -> Planted:
        cvv = self.digits(3)
        lead = self.rng.choice(("security code", "card verification code:", "csc", "CVV2 is"))
        return self.with_pan(f"note {lead} {cvv}", "cvv", cvv)

    def exp_text(self, value: str) -> Planted:
        lead = self.rng.choice(("exp", "exp:", "EXP", "expiry", "expiration date", "exp date"))
        return self.with_pan(f"note {lead} {value}", "expiry", value)

    def f_exp_mm_yy(self) -> Planted:
        mm, yyyy = self.expiry()
        return self.exp_text(f"{mm:02d}/{yyyy % 100:02d}")

    def f_exp_mm_yyyy(self) -> Planted:
        mm, yyyy = self.expiry()
        return self.exp_text(f"{mm:02d}/{yyyy}")

    def f_exp_mmyy(self) -> Planted:
        mm, yyyy = self.expiry()
        return self.exp_text(f"{mm:02d}{yyyy % 100:02d}")

    def f_exp_month_name(self) -> Planted:
        mm, yyyy = self.expiry()
        value = f"{self.rng.choice((MONTHS, MONTHS_LONG))[mm - 1]} {yyyy}"
        lead = self.rng.choice(("valid thru", "VALID THRU", "expiration:", "expiry"))
        return self.with_pan(f"note {lead} {value}", "expiry", value)

    def f_card_dump_text(self) -> Planted:
        pan, (mm, yyyy) = self.pan(), self.expiry()
        cvv, exp = self.cvv(pan), f"{mm:02d}/{yyyy % 100:02d}"
        return Planted(
            f"card dump number={self.fmt(pan, ' ')} exp={exp} cvv={cvv}",
            [("pan", pan, None), ("expiry", exp, None), ("cvv", cvv, None)],
        )

    def f_track1_text(self) -> Planted:
        return self.tracked("track1", True)

    def f_track2_text(self) -> Planted:
        return self.tracked("track2", True)

    def f_cred_aws_text(self) -> Planted:
        key = self.aws_key()
        return Planted(f"boto config aws_access_key_id={key}", [("credential", key, None)])

    def f_cred_stripe_text(self) -> Planted:
        key = self.stripe_key(self.rng.choice(("live", "test")))
        return Planted(f"stripe init api_key={key}", [("credential", key, None)])

    def f_cred_pem_text(self) -> Planted:
        head = self.pem_header()
        body = [_b64(self.rng.randbytes(48)) for _ in range(3)]
        return Planted(
            f"loaded signing key {head}", [("credential", head, None)], [*body, head.replace("BEGIN", "END")]
        )

    # -- CSV (the fragment is the card cell) and gzip -------------------------------------------------------
    def f_csv_plain(self) -> Planted:
        pan = self.pan()
        return self.one(pan, pan)

    def f_csv_spaces(self) -> Planted:
        pan = self.pan()
        return self.one(self.fmt(pan, " "), pan)

    def f_csv_dashes(self) -> Planted:
        pan = self.pan()
        return self.one(self.fmt(pan, "-"), pan)

    def f_gzip_plain(self) -> Planted:
        return self.f_json_plain()

    def f_gzip_spaces(self) -> Planted:
        return self.f_json_spaces()

    def f_gzip_dashes(self) -> Planted:
        return self.f_json_dashes()

    def f_gzip_track2(self) -> Planted:
        return self.f_track2()

    def f_gzip_cvv(self) -> Planted:
        return self.f_cvv_json()

    def f_gzip_base64(self) -> Planted:
        return self.f_base64()


@dataclass(frozen=True, slots=True)
class Label:
    path: str
    line: int
    type: str
    form: str
    value: str = field(default="", repr=False, compare=False)  # canonical planted value; never written

    @property
    def tier(self) -> str:
        return TIERS[self.form]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "type": self.type, "form": self.form}


@dataclass
class Labels:
    root: Path  # the corpus directory (label paths are relative to it)
    rows: list[Label] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def planted_pans(self) -> set[str]:
        return {r.value for r in self.rows if r.type == "pan" and r.value}

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as fh:
            for row in self.rows:
                fh.write(json.dumps(row.to_dict(), sort_keys=True) + "\n")

    @classmethod
    def load(cls, out_dir: Path) -> Labels:
        rows = [Label(**json.loads(x)) for x in (out_dir / LABELS_FILE).read_text().splitlines() if x]
        return cls(out_dir / CORPUS_DIR, rows)


class Hit(NamedTuple):
    """One reported item, reduced to what scoring needs (``masked`` is safe to print)."""

    path: str
    line: int
    type: str
    detector: str = ""
    masked: str = ""


def hits_from_scan(doc: dict[str, Any], root: Path) -> list[Hit]:
    """Hits from the JSON of ``spc scan --format json`` (paths made relative to the corpus directory)."""
    out = []
    for f in doc.get("findings", []):
        loc = f.get("location", {})
        out.append(Hit(relative(loc.get("path", ""), root), int(loc.get("line") or 0), f["type"],
                       f.get("detector", ""), f.get("masked", "")))
    return out


def relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


@dataclass
class Score:
    """Recall per (form, type) and per tier, and the hits matching no label (false positives)."""

    found: Counter[tuple[str, str]] = field(default_factory=Counter)
    total: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed: list[Label] = field(default_factory=list)
    false_positives: list[Hit] = field(default_factory=list)

    def recall(self, tier: str | None = None) -> tuple[int, int]:
        keys = [k for k in self.total if tier is None or TIERS[k[0]] == tier]
        return sum(self.found[k] for k in keys), sum(self.total[k] for k in keys)

    def table(self) -> str:
        rows = [f"{'form':<18} {'type':<10} {'tier':<8} {'found':>6} {'total':>6} {'recall':>7}"]
        for form, typ in sorted(self.total, key=lambda k: (TIERS[k[0]], k)):
            n, t = self.found[form, typ], self.total[form, typ]
            rows.append(f"{form:<18} {typ:<10} {TIERS[form]:<8} {n:>6} {t:>6} {n / t:>7.1%}")
        for tier in (PLAIN, VARIANT, SPELLED):
            n, t = self.recall(tier)
            if t:
                rows.append(f"{'TOTAL ' + tier:<38} {n:>6} {t:>6} {n / t:>7.1%}")
        rows.append(f"false positives: {len(self.false_positives)}")
        return "\n".join(rows)


def score(labels: Labels, hits: Iterable[Hit], types: Collection[str] | None = None) -> Score:
    """A label is found when a hit has the same path, line and type; a hit matching no label is an FP."""
    hit_keys: dict[tuple[str, int, str], Hit] = {}
    for h in hits:
        if types is None or h.type in types:
            hit_keys.setdefault((h.path, h.line, h.type), h)
    label_keys = set()
    result = Score()
    for row in labels.rows:
        if types is not None and row.type not in types:
            continue
        key = (row.path, row.line, row.type)
        label_keys.add(key)
        result.total[row.form, row.type] += 1
        if key in hit_keys:
            result.found[row.form, row.type] += 1
        else:
            result.missed.append(row)
    result.false_positives = [h for k, h in hit_keys.items() if k not in label_keys]
    return result


def _test_pans() -> tuple[str, ...]:
    return tuple(sorted(p for p in TEST_PANS if is_pan(p)))


class _Noise(_Forms):
    """Negative lines: ids, timestamps, phones, digests, IMEIs, versions, masked and non-card numbers."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng, _test_pans())
        self.ms = 1_741_900_000_000 + rng.randrange(10**9)

    def tick(self) -> tuple[str, int]:
        self.ms += self.rng.randint(1, 400)
        ts = datetime.fromtimestamp(self.ms / 1000, UTC).isoformat(timespec="milliseconds")
        return ts.replace("+00:00", "Z"), self.ms

    def non_pan(self, lo: int, hi: int, first: str = "123456789") -> str:
        """A random number of lo..hi digits that is not a PAN."""
        while True:
            n = self.rng.randint(lo, hi)
            s = self.rng.choice(first) + self.digits(n - 1)
            if not is_pan(s):
                return s

    def luhn_no_iin(self) -> str:
        """Luhn-valid, 13-19 digits, outside every IIN range."""
        while True:
            head = self.rng.choice(("1", "7", "9", "0", "31", "32", "33", "80", "88"))
            s = self.luhn_complete(head + self.digits(self.rng.randint(13, 19) - len(head) - 1))
            if brand_of(s) is None:
                return s

    def luhn_invalid(self) -> str:
        pan = self.pan_for(self.rng.choice([s for s in SPECS if s[1] == 16]))  # 4x4 groups: no sub-window
        return pan[:-1] + str((int(pan[-1]) + self.rng.randint(1, 9)) % 10)

    def imei(self) -> str:
        while True:
            s = self.luhn_complete(self.rng.choice(("35", "86", "01", "49", "99")) + self.digits(12))
            if not is_pan(s):
                return s

    def iccid(self) -> str:
        """SIM serial: 19 digits starting 89 (telecom), Luhn-valid, outside every card IIN."""
        return self.luhn_complete("89" + self.digits(16))

    def masked(self) -> str:
        last4 = self.digits(4)
        return (
            "************" + last4
            if self.rng.random() < 0.5
            else f"{self.rng.choice(('424242', '555555', '378282'))}******{last4}"
        )

    def message(self) -> str:
        r, k = self.rng, self.rng.randrange(24)
        if k < 4:
            return f"GET /api/v2/orders/{self.non_pan(12, 16)} status=200 in {r.randint(2, 900)}ms"
        if k < 6:
            amount = f"{r.randint(1, 900)}.{r.randint(0, 99):02d}"
            return f"payment authorized amount={amount} currency=USD card={self.masked()}"
        if k == 6:
            return f"card {self.masked()} declined: insufficient_funds"
        if k == 7:
            return f"device registered imei {self.imei()}"
        if k == 8:
            return f"artifact sha256:{self.hex(64)} uploaded"
        if k == 9:
            return f"client version {self.version()} on android {r.randint(9, 15)}"
        if k == 10:
            return f"settlement batch ref {self.luhn_no_iin()} closed"
        if k == 11:
            bad = self.luhn_invalid()
            return f"card token check failed for {self.fmt(bad, ' ') if r.random() < 0.3 else bad}"
        if k == 12:
            return f"maintenance window {self.date()} to {self.date()}"
        if k == 13:
            return f"profile updated for {r.choice(NAMES)}"
        if k == 14:
            beat = json.dumps({'event': 'heartbeat', 'seq': r.randint(1, 99999)})
            return f"webhook payload {_b64(beat.encode())}"
        if k == 15:
            return f"search /search?q=blue%20shoes%20size%20{r.randint(5, 13)}&page={r.randint(1, 40)}"
        if k == 16:
            return f"rendered <b>Total:</b> &pound;{r.randint(1, 999)}.00 &amp; VAT"
        if k == 17:
            return f"callback to {self.phone()} queued"
        if k == 18:
            return f"xray segment {self.xray()} closed"
        if k == 19:
            a, b = r.choice(WORDS[2:]), r.choice(WORDS[2:])
            return f"caller said: I'd like to pay {a} hundred and {b} dollars"
        if k == 20:
            return f"lambda arn:aws:lambda:us-east-1:{self.non_pan(12, 12)}:function:checkout-api invoked"
        if k == 21:
            return f"upstream {self.ip()}:8443 answered in {r.randint(1, 900)}ms"
        return f"retry {r.randint(1, 4)} of 5 after {r.randint(10, 990)}ms, queue depth {r.randint(0, 5000)}"

    def ip(self) -> str:
        return f"10.0.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"

    def version(self) -> str:
        return f"{self.rng.randint(1, 15)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 9)}"

    def date(self) -> str:
        y, m, d = self.rng.randint(2019, 2031), self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.rng.choice((f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}", f"{d:02d}.{m:02d}.{y}"))

    def record(self, with_msg: bool = True) -> dict[str, Any]:
        r = self.rng
        ts, ms = self.tick()
        order: Any = r.choice("123456789") + self.digits(r.randint(11, 15))
        rec: dict[str, Any] = {
            "ts": ts,
            "epoch_ms": ms,
            "level": r.choice(LEVELS),
            "service": r.choice(SERVICES),
            "request_id": self.uuid(),
            r.choice(("orderId", "order_id")): int(order) if r.random() < 0.3 else order,
        }
        if r.random() < 0.5:
            rec["trace_id"] = self.hex(32)
        else:
            rec["xray_trace_id"] = self.xray()
        rec["phone"] = self.phone()
        rec["latency_ms"] = round(r.uniform(0.2, 900.0), 2)
        extra = r.randrange(12)
        if extra == 0:
            rec["imei"] = self.imei()
        elif extra == 10:
            rec["iccid"] = self.iccid()
        elif extra == 11:
            rec["ingest_us"] = ms * 1000 + r.randrange(1000)
        elif extra == 1:
            rec["sha256"] = self.hex(64)
        elif extra == 2:
            rec["card_masked"], rec["last4"] = self.masked(), self.digits(4)
        elif extra == 3:
            rec["client_version"] = self.version()
        if with_msg:
            rec["msg"] = self.message()
        return rec

    def json_line(self, fragment: str | None = None) -> str:
        rec = self.record(with_msg=fragment is None)
        ascii_only = self.rng.random() < 0.3  # some loggers escape non-ASCII as \\uXXXX
        line = json.dumps(rec, ensure_ascii=ascii_only, separators=(",", ":"))
        return line if fragment is None else line[:-1] + "," + fragment + "}"

    def text_prefix(self) -> str:
        ts, _ = self.tick()
        r = self.rng
        return (
            f"{ts} {r.choice(LEVELS):<5} {r.choice(SERVICES)}[{r.randint(100, 65000)}] "
            f"request_id={self.uuid()} order={self.non_pan(12, 16)}"
        )

    def text_line(self) -> str:
        if self.rng.random() < 0.2:
            r = self.rng
            when = datetime.fromtimestamp(self.tick()[1] / 1000, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
            return (
                f'{self.ip()} - - [{when}] "GET /api/orders?page={r.randint(1, 99)}'
                f' HTTP/1.1" {r.choice((200, 200, 304, 404, 500))} {r.randint(80, 90000)} "-" "Mozilla/5.0"'
            )
        return f"{self.text_prefix()} latency={self.rng.randint(1, 900)}ms {self.message()}"

    def csv_row(self, card: str | None = None) -> list[str]:
        r = self.rng
        ts, _ = self.tick()
        note = r.choice(("", "gift", "repeat customer", "priority", "refund requested"))
        return [
            self.non_pan(12, 16),
            ts,
            f"{r.randint(1, 900)}.{r.randint(0, 99):02d}",
            r.choice(("USD", "EUR", "GBP")),
            self.phone(),
            card if card is not None else r.choice(("", self.masked())),
            r.choice(("succeeded", "failed", "refunded")),
            note,
        ]


CSV_HEADER = "order_id,created_at,amount,currency,customer_phone,card,status,note"


def _csv(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells)


class _Writer:
    def __init__(self, gen: _Noise, root: Path, labels: Labels, plant_rate: float) -> None:
        self.gen, self.root, self.labels, self.plant_rate = gen, root, labels, plant_rate
        self.cycles: dict[str, Iterator[str]] = {}
        self.manifest: dict[str, Any] = {}

    def _next_form(self, kind: str) -> str:
        if kind not in self.cycles:
            names = [n for n, (k, _) in FORMS.items() if k == kind]
            self.gen.rng.shuffle(names)
            self.cycles[kind] = _cycle(names)
        return next(self.cycles[kind])

    def _lines(self, kind: str, rel: str, budget: int) -> Iterator[str]:
        gen, written, lineno = self.gen, 0, 0
        if kind == "csv":
            lineno, written = 1, len(CSV_HEADER) + 1
            yield CSV_HEADER
        while written < budget:
            if gen.rng.random() < self.plant_rate:
                form = self._next_form(kind)
                planted = getattr(gen, "f_" + form)()
                if kind == "csv":
                    lines = [_csv(gen.csv_row(planted.fragment))]
                elif kind == "text":
                    lines = [f"{gen.text_prefix()} {planted.fragment}", *planted.after]
                else:
                    lines = [gen.json_line(planted.fragment)]
                for typ, value, sub in planted.labels:
                    if typ == "expiry" and _truncated_only(lines[0], planted):
                        continue  # the expiry of a record naming its card truncated: metadata (PCI DSS)
                    self.labels.rows.append(Label(rel, lineno + 1, typ, sub or form, value))
            elif kind == "csv":
                lines = [_csv(gen.csv_row())]
            elif kind == "text":
                lines = [gen.text_line()]
            else:
                lines = [gen.json_line()]
            for line in lines:
                lineno += 1
                written += len(line.encode()) + 1
                yield line
        self.manifest[rel] = {"text_bytes": written, "lines": lineno}

    def write(self, kind: str, rel: str, budget: int) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(line + "\n" for line in self._lines(kind, rel, budget)).encode()
        if kind == "gz":
            with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                gz.write(data)
        else:
            path.write_bytes(data)
        self.manifest[rel]["disk_bytes"] = path.stat().st_size


def _truncated_only(line: str, planted: Planted) -> bool:
    """The record names its card by a masked number and holds no full one: PCI DSS counts an expiry as cardholder
    data only with the full PAN, so the expiry planted there is card metadata, not a label."""
    return '"card_masked"' in line and not any(typ in ("pan", "track") for typ, _, _ in planted.labels)


def _cycle(names: list[str]) -> Iterator[str]:
    while True:
        yield from names


def generate(out_dir: Path, *, mb: float, seed: int, plant_rate: float = 0.01) -> Labels:
    """Write the corpus under ``out_dir/corpus`` and ``out_dir/labels.jsonl``; return the labels."""
    out_dir = Path(out_dir)
    root = out_dir / CORPUS_DIR
    root.mkdir(parents=True, exist_ok=True)
    labels = Labels(root)
    writer = _Writer(_Noise(random.Random(seed)), root, labels, plant_rate)
    total = int(mb * 1_000_000)
    plan: list[tuple[str, str, int]] = []
    for kind, share in SHARES.items():
        budget = int(total * share)
        n = max(1, math.ceil(budget / MAX_FILE_BYTES))
        for i in range(n):
            rel = {
                "json": f"app/checkout-{i + 1:02d}.jsonl",
                "text": f"text/payments-{i + 1:02d}.log",
                "csv": f"export/orders-{i + 1:02d}.csv",
                "gz": f"archive/{i:06d}.gz",
            }[kind]
            plan.append((kind, rel, budget // n))
    for kind, rel, budget in plan:
        writer.write(kind, rel, budget)
    labels.write(out_dir / LABELS_FILE)
    manifest = {
        "seed": seed,
        "mb": mb,
        "plant_rate": plant_rate,
        "labels": len(labels),
        "text_bytes": sum(f["text_bytes"] for f in writer.manifest.values()),
        "lines": sum(f["lines"] for f in writer.manifest.values()),
        "files": writer.manifest,
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return labels


def single_line_noise(seed: int, size: int) -> str:
    """About ``size`` characters of ASCII JSON log records joined by commas, with no newline (no card data)."""
    gen, parts, n = _Noise(random.Random(seed)), [], 0
    while n < size:
        rec = json.dumps(gen.record(), ensure_ascii=True, separators=(",", ":"))
        parts.append(rec)
        n += len(rec) + 1
    return ",".join(parts)


def sample_pans(seed: int, n: int) -> list[str]:
    """``n`` generated (not published test) PANs of rotating brands."""
    gen = _Forms(random.Random(seed), ())
    return [gen.pan_for(SPECS[i % len(SPECS)]) for i in range(n)]


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = Path(out_dir) / MANIFEST_FILE
    return json.loads(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.corpus", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="output directory (corpus/ and labels.jsonl)")
    ap.add_argument("--mb", type=float, default=60.0, help="size of the decompressed text in MB (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plant-rate", type=float, default=0.01, help="share of lines carrying card data")
    args = ap.parse_args(argv)
    labels = generate(args.out, mb=args.mb, seed=args.seed, plant_rate=args.plant_rate)
    m = read_manifest(args.out) or {}
    print(
        f"{m.get('text_bytes', 0) / 1e6:.1f} MB, {m.get('lines', 0)} lines, {len(labels)} labels"
        f" -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
