"""PlistDecoder: an Apple XML property list read as JSON line for line, each value under its ``<key>`` and within its
``<dict>`` (round 32: ``~/Library/Preferences`` plists, ``plutil -convert xml1`` exports). A card's expiry on its own
``<string>`` line is found on that line; a masked or last-four card's dict keeps its expiry quiet, and so do dates,
versions and values under keys that name nothing of a card."""

from __future__ import annotations

import base64

import pytest

from scanners.decoders.plist import PlistDecoder, as_json
from scanners.engine.core import Engine
from tests.unit.test_id_labels import luhn_id

D = PlistDecoder()
PAN = luhn_id("3580482", 16)
PAN2 = luhn_id("5433478", 16)
MASKED = PAN[:6] + "******" + PAN[-4:]
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n')
TAIL = "</dict>\n</plist>\n"


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def plist(*members: str) -> str:
    """A pretty plist (tabs, one element a line, as ``plutil`` writes it) of ``members``: each ``key=value`` pair a
    ``<key>`` and a ``<string>``, a ``{`` opening a nested dict under the key before it, a ``}`` closing it."""
    lines, depth = [], 1
    for member in members:
        if member == "}":
            depth -= 1
            lines.append("\t" * depth + "</dict>")
        elif member.endswith("{"):
            lines += ["\t" * depth + f"<key>{member[:-1]}</key>", "\t" * depth + "<dict>"]
            depth += 1
        else:
            key, _, value = member.partition("=")
            lines += ["\t" * depth + f"<key>{key}</key>", "\t" * depth + value]
    return HEAD + "\n".join(lines) + "\n" + TAIL


def s(value: str) -> str:
    return f"<string>{value}</string>"


SAVED = plist("orderNumber=" + s("SO90372186"), "savedCard3{", "cardNumber=" + s(PAN), "expiration=" + s("02/30"),
              "lastUsed=<date>2026-11-08T10:00:00Z</date>", "}", "installDate=<integer>1771863762</integer>")
ONE_LINE = ('2026-05-15 02:46:52 ShopApp[7327] <Notice>: prefs <?xml version="1.0"?><plist version="1.0"><dict>'
            f"<key>card</key><dict><key>number</key>{s(PAN)}<key>expiry</key>{s('0930')}</dict></dict></plist>")
ARRAY = plist("cards=<array>\n\t\t<dict>\n\t\t\t<key>pan</key>\n\t\t\t" + s(PAN) + "\n\t\t\t<key>exp</key>\n\t\t\t"
              + s("11/29") + "\n\t\t</dict>\n\t\t<dict>\n\t\t\t<key>pan</key>\n\t\t\t" + s(PAN2)
              + "\n\t\t\t<key>exp</key>\n\t\t\t" + s("04/31") + "\n\t\t</dict>\n\t</array>")
NUMBERS = plist("card{", "cardNumber=" + s(PAN), "expMonth=<integer>7</integer>", "expYear=<integer>2030</integer>",
                "}")
SHORT_DATA = plist("card{", "cardNumber=" + s(PAN), f"cardExpiry=<data>{b64('02/30')}</data>", "}")
LONG_DATA = plist("pendingPayment=<data>\n\t" + b64(f'{{"cardNumber": "{PAN}", "amount": "870.44"}}') + "\n\t</data>")

# (case, plist, {(line, type)} the engine reports)
FOUND = [
    ("preferences", SAVED, {(10, "pan"), (12, "expiry")}),
    ("crlf", SAVED.replace("\n", "\r\n"), {(10, "pan"), (12, "expiry")}),
    ("one-line-in-a-log", ONE_LINE, {(1, "pan"), (1, "expiry")}),
    ("array-of-dicts", ARRAY, {(9, "pan"), (11, "expiry"), (15, "pan"), (17, "expiry")}),
    ("integer-month-and-year", NUMBERS, {(8, "pan"), (10, "expiry")}),  # reported on the month's line
    ("short-data-expiry", SHORT_DATA, {(8, "pan"), (10, "expiry")}),
    ("long-data-once", LONG_DATA, {(7, "pan")}),  # the base64 decoder's, not twice
]
QUIET = [
    ("masked-card", plist("savedCard{", "maskedCardNumber=" + s(MASKED), "expiration=" + s("02/30"), "}")),
    ("last-four", plist("card{", "last4=" + s(PAN[-4:]), "expiry=" + s("09/28"), "brand=" + s("visa"), "}")),
    ("dates-and-versions", plist("lastUsed=<date>2026-11-08T10:00:00Z</date>", "appVersion=" + s("02/30"),
                                 "build=<integer>1771863762</integer>", "supportPhone=" + s("+1 415 555 0001"))),
    ("token-expiry", plist("card{", "token=" + s("tok_1PqR7sT2uVwX"), "expiration=" + s("02/30"), "}")),
]


def _lines(text: str, engine: Engine) -> set[tuple[int, str]]:
    return {(text[: f.start].count("\n") + 1, f.type) for f in engine.scan_text(text)}


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in FOUND])
def test_values_are_read_under_their_keys(each_engine: Engine, text: str, want: set[tuple[int, str]]) -> None:
    assert _lines(text, each_engine) == want


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_a_dict_without_a_card_number_keeps_its_date_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_keeps_lines_one_for_one() -> None:
    for text in (SAVED, ONE_LINE, ARRAY, LONG_DATA, SAVED.replace("\n", "\r\n")):
        (seg,) = D.decode(text, text.index("<plist"), text.index("<plist") + 10)
        assert seg.lines and seg.encoding == ("plist",)
        assert seg.text.count("\n") == text[seg.start : seg.end].count("\n")
    assert '"expiration": "02/30",' in as_json(SAVED) and '"savedCard3": {' in as_json(SAVED)


@pytest.mark.parametrize(
    "text",
    [
        "<dict><key>expiration</key><string>02/30</string></dict>",  # no plist root
        "a plist file: com.shop.app.plist\n",  # the word
    ],
    ids=["no-root", "word"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []


def test_entities_and_line_breaks_inside_values() -> None:
    text = plist("note=" + s("a &amp; b&#10;c\nd \"q\""), "cardExpiry=" + s("02/30"))
    out = as_json(text[text.index("<plist") :])
    assert '"note": "a & b c\nd \\"q\\"",' in out
    assert out.count("\n") == text[text.index("<plist") :].count("\n")


def test_a_plist_cut_short_is_read_to_the_end() -> None:
    text = SAVED[: SAVED.index("</dict>")]
    assert _lines(text, Engine()) == {(10, "pan"), (12, "expiry")}


def test_a_closed_plist_over_the_limit_is_skipped() -> None:
    assert list(PlistDecoder(max_segment=64).decode(SAVED, SAVED.index("<plist"), SAVED.index("<plist") + 9)) == []
