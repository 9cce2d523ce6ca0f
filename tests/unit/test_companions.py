"""Expiry and code written right after a card number with no keyword (``scanners.detectors.companions``), reported
by the PAN detector: found in the shapes card dumps use, never without the card number right before."""

import pytest

from scanners.detectors.pan import PanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = PanDetector()
V = "4111111111111111"

# (case, text, [(type, value)] reported besides the PAN)
CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("space", f"{V} 12/30 123", [("expiry", "12/30"), ("cvv", "123")]),
    ("pipes-grouped", "4111 1111 1111 1111|12/2030|123", [("expiry", "12/30"), ("cvv", "123")]),
    ("mmyy-with-code", f"{V},1230,123", [("expiry", "12/30"), ("cvv", "123")]),
    ("tabs-dash-4-digit-code", f"{V}\t\t12-30\t1234", [("expiry", "12/30"), ("cvv", "1234")]),
    ("semicolons-one-digit-month", f"{V}; 4/31; 999", [("expiry", "04/31"), ("cvv", "999")]),
    ("date-only", f"{V} 12/30", [("expiry", "12/30")]),
    # a LaTeX tabular row: cells end at an ampersand between blanks
    ("latex-tabular-row", f"Jane Doe & {V} & 08/29 & 123 \\\\", [("expiry", "08/29"), ("cvv", "123")]),
    ("latex-tabular-no-card", "Order & 4111111111111112 & 08/29 & 123 \\\\", []),
    # a case comment sets the date off the card number with a spaced slash ("card on file <card> / 05/28")
    ("spaced-slash-date", f"card on file {V} / 05/28", [("expiry", "05/28")]),
    ("spaced-slash-date-code", f"{V} / 05/28 / 123", [("expiry", "05/28")]),
    ("spaced-slash-no-card", "order 4111111111111112 / 05/28", []),
    ("spaced-slash-full-date", f"{V} / 01/02/2026", []),
    ("spaced-slash-ratio", f"{V} / 3", []),
    ("amount-after-date", f"{V} 12/30 123.45 USD", [("expiry", "12/30")]),
    ("mmyy-without-code", f"{V} 1230 thanks", []),
    ("full-date", f"{V} 12/30/2026", []),
    ("time-not-code", f"{V} 12/30 12:45", [("expiry", "12/30")]),
    ("month-13", f"{V} 13/30 123", []),
    ("word-between", f"{V} on 12/30 123", []),
    ("no-card", "order 4111111111111112 12/30 123", []),
    # a sentence: "and" or an expiry word before the date, a word naming the code before it ("code" only here)
    ("and-month-name-back-code", "its 4929 0690 0679 2183 and oct 31, back code 612", [("expiry", "10/31"),
                                                                                     ("cvv", "612")]),
    ("expires-month-year-code", "my card is 3429 087978 70715, expires Dec 2029, code 4777", [("expiry", "12/29"),
                                                                                            ("cvv", "4777")]),
    ("date-code-word", f"{V} 12/30, code 123", [("expiry", "12/30"), ("cvv", "123")]),
    # an agent's "x" before the date names it the expiry in any form (MMYY alone, a year-month)
    ("x-date", f"new card on file {V} x 10/30", [("expiry", "10/30")]),
    ("x-mmyy", "new card on file 4111 1111 1111 1111 x 1129", [("expiry", "11/29")]),
    ("x-upper-mmyy", f"NP.pd over phone w/ {V} X 0432", [("expiry", "04/32")]),
    ("x-year-month", "RM pd over phone w/ 4111.1111.1111.1111 x 2031-03", [("expiry", "03/31")]),
    ("x-year-month-then-code", f"{V} x 2030-03, CVC: 669", [("expiry", "03/30"), ("cvv", "669")]),
    ("x-mmyy-month-13", f"{V} x 1329", []),
    ("x-full-date", f"{V} x 2031-03-15", []),
    ("x-year-month-19xx", f"{V} x 1999-03", []),
    ("x-five-digits", f"{V} x 11290", []),
    ("x-mmyy-year-00", f"{V} x 1200", []),
    ("x-mmyy-no-card", "order 4111111111111112 x 1129", []),
    ("x-dimensions", f"{V} box 1129 x 1030", []),
    ("mmyy-without-x", f"{V} 1129", []),
    ("date-and-code", f"{V}, 12/30 and code 1234", [("expiry", "12/30"), ("cvv", "1234")]),
    ("and-date", f"{V} and 12/30", [("expiry", "12/30")]),
    ("promo-code-no-date", f"{V}, promo code 1234", []),
    ("error-code-after-date", f"{V} 12/30 error code 500", [("expiry", "12/30")]),
    ("status-code-after-date", f"{V} 12/30, status code 200", [("expiry", "12/30")]),
    ("day-and-year", f"{V} and oct 31 2026", []),
    ("day-without-card", "on oct 31, code 612 shipped", []),
    # after an expiry word a prompt may part month and year by a space ("expiry 06 27"); bare "code" names the CVV
    ("expiry-month-space-year-code", f"Caller said: {V}, expiry 06 27, code 123.", [("expiry", "06/27"),
                                                                                  ("cvv", "123")]),
    ("month-space-year-without-expiry-word", f"{V} 06 27 code 123", []),
    ("expiry-month-space-year-promo-code", f"{V}, expiry 06 27, promo code 123", [("expiry", "06/27")]),
    ("expiry-month-space-year-zip-code", f"{V}, expiry 06 27, zip code 12345", [("expiry", "06/27")]),
    ("expiry-month-13-space-year", f"{V}, expiry 13 27, code 123", []),
    # a DTMF buffer: "#" ends each keyed entry (card number, expiry, code)
    ("dtmf-buffer-hash", f"WARN\tDTMF buffer={V}#0327#123#", [("expiry", "03/27"), ("cvv", "123")]),
    ("dtmf-buffer-hash-date-only", f"DTMF buffer={V}#03/27#", [("expiry", "03/27")]),
    ("dtmf-hash-mmyy-without-code", f"DTMF buffer={V}#0327", []),
    ("hash-then-ticket-number", f"{V}#12345", []),
    # a keypad entry (Connect's GetUserInput "Results"): "*" between the fields as the prompt asks, "#" ending it
    ("keyed-star-separated", f'"Results": "{V}*0726*041#", "Parameters"', [("expiry", "07/26"), ("cvv", "041")]),
    ("keyed-star-no-hash", f'"Results": "{V}*0726*0413"', [("expiry", "07/26"), ("cvv", "0413")]),
    ("keyed-star-date-only", f'"Results": "{V}*0726#"', [("expiry", "07/26")]),
    ("keyed-hash-then-star", f'"Results": "{V}#0726*041#"', [("expiry", "07/26"), ("cvv", "041")]),
    ("keyed-star-month-13", f'"Results": "{V}*1326*041#"', []),
    ("keyed-star-longer-number", f'"Results": "{V}*072612#"', []),
    ("keyed-star-more-fields", f'"Results": "{V}*0726*041*9"', []),
    ("star-product", f"{V} * 0726 * 041", []),
    # a date keyed after the card number with a joining word, in a prompt or a transcript
    ("then-mmyy", f'"text": "Caller (DTMF): {V} then 1232"', [("expiry", "12/32")]),
    ("followed-by-mmyy", f"Caller keyed {V} followed by 0927", [("expiry", "09/27")]),
    ("and-then-mmyy-then-code", f"DTMF {V} and then 0927, then 123", [("expiry", "09/27"), ("cvv", "123")]),
    ("then-month-13", f"{V} then 1332", []),
    ("then-year-implausible", f"{V} then 1299", []),
    ("then-duration", f"{V} then 1230 minutes", []),
    ("then-five-digits", f"{V} then 12345", []),
    ("then-no-card", "order 4111111111111112 then 1232", []),
    ("phone-then-number", "call 4155550123 then 1232", []),
    # an HTML table row's next cell: a DataFrame's to_html in a notebook's JSON string (line breaks as \n), one line
    ("html-next-cell", f"<tr><td>{V}</td><td>12/30</td></tr>", [("expiry", "12/30")]),
    ("html-next-cell-json-string", f'"    <tr>\\n      <td>{V}</td>\\n      <td>12/30</td>\\n    </tr>\\n",',
     [("expiry", "12/30")]),
    ("html-cells-spaced", f"<td>{V}</td>  <td>12/30</td>", [("expiry", "12/30")]),
    ("html-cell-ratio-not-date", f"<td>{V}</td><td>0.7510</td>", []),
    ("html-cell-later-column", f"<td>{V}</td><td>EUR</td><td>12/30</td>", []),
    ("html-cell-no-card", "<td>4111111111111112</td><td>12/30</td>", []),
    # a decimal comma goes on with an amount (a German or French export: Datum;Kartennummer;Ablauf;Betrag)
    ("semicolons-decimal-comma-amount", f"05.11.2026;{V};02/30;813,00", [("expiry", "02/30")]),
    ("pipes-decimal-comma-amount", f"{V}|02/30|813,5|EUR", [("expiry", "02/30")]),
    ("space-decimal-comma-amount", f"{V} 02/30 1813,00 EUR", [("expiry", "02/30")]),
    ("semicolons-code-then-amount", f"{V};02/30;813;12,00", [("expiry", "02/30"), ("cvv", "813")]),
    ("bare-commas-code-then-cents", f"{V},0230,813,45", [("expiry", "02/30"), ("cvv", "813")]),
    # a card record packed in one delimited value: Paytm's cardInfo (saveCardId|cardNo|cvv|expDate, MMYYYY), the
    # code first or a glued MMYYYY first
    ("paytm-card-info", f'"cardInfo": "|{V}|123|062029", "authMode"', [("cvv", "123"), ("expiry", "06/29")]),
    ("packed-code-then-mmyy", f"{V}|4321|0629", [("cvv", "4321"), ("expiry", "06/29")]),
    ("packed-code-then-slash-date", f"{V};123;06/2029", [("cvv", "123"), ("expiry", "06/29")]),
    ("packed-mmyyyy-then-code", f"{V}:062029:123", [("expiry", "06/29"), ("cvv", "123")]),
    ("packed-separators-differ", f"{V}|123;062029", []),
    ("packed-code-then-year", f"{V}|250|2029", []),
    ("packed-code-then-month-13", f"{V}|123|132029", []),
    ("packed-code-then-full-date", f"{V}|123|06/28/2029", []),
    ("packed-code-then-longer-number", f"{V}|123|06202912", []),
    ("packed-amount-then-order-id", f"{V}|1500|2029061512", []),
    ("packed-no-card", "|4111111111111112|123|062029", []),
    # a headerless export's row (AWS DMS CDC CSV, Redshift UNLOAD): the card number a whole field, its expiry the
    # next fields: the month and a four-digit year, or MMYY alone (a card's year, 20-49), then the code if digits
    ("dms-month-year-code", f"I,2026-03-02 00:05:42.000000,729774,{V},07,2031,840", [("expiry", "07/31"),
                                                                                     ("cvv", "840")]),
    ("dms-month-year-empty-code", f"U,2026-03-02 00:05:42.000000,729774,{V},7,2031,", [("expiry", "07/31")]),
    ("dms-month-year-line-end", f"D,2026-03-02 00:05:42.000000,729774,{V},11,2029", [("expiry", "11/29")]),
    ("unload-mmyy-field", f"5205818|2026-03-02 00:07:06|2359.66|{V}|1032||N", [("expiry", "10/32")]),
    ("unload-mmyy-line-end", f"5205818|2359.66|{V}|0427", [("expiry", "04/27")]),
    ("fields-card-not-a-field", f"card={V},07,2031,840", []),
    ("fields-delimiters-differ", f"7,{V}|07|2031", []),
    ("fields-year-two-digits", f"7,{V},07,31,", []),
    ("fields-year-19xx", f"7,{V},07,1999,", []),
    ("fields-year-then-date", f"7,{V},07,2031-05-01", []),
    ("fields-month-13", f"7,{V},13,2031,", []),
    ("unload-mmyy-year-out-of-range", f"5205818|{V}|1011||N", []),
    ("unload-mmyy-then-word", f"5205818|{V}|1032 units|N", []),
    ("fields-no-card", "7,4111111111111112,07,2031,840", []),
]


def _found(text: str, backend: Backend = "re") -> list[tuple[str, str]]:
    spans = Engine(backend=backend).scan_text(text)
    return [(s.type, s.value) for s in spans if s.type != "pan"]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_companions(case: str, text: str, expected: list[tuple[str, str]], backend: Backend) -> None:
    assert _found(text, backend) == expected


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_window_gives_the_same_answer_as_the_whole_text(case: str, text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in CASES], backend)


# A chat writes the expiry by its month's name after the card number; a calendar date (a day, then a year) is none.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card: 4929 0690 0679 2183, Mar 30, 824", [("expiry", "03/30"), ("cvv", "824")]),
        ("card 4929069006792183, September 2027, 1234", [("expiry", "09/27"), ("cvv", "1234")]),
        ("card 4929069006792183 Sept 2027", [("expiry", "09/27")]),
        ("charged 4929069006792183, Mar 30, 2026", []),
    ],
)
def test_an_expiry_by_month_name_after_the_card_number(text: str, expected: list[tuple[str, str]]) -> None:
    for backend in ("hyperscan", "re"):
        assert [f for f in _found(text, backend) if f[0] != "pan"] == expected
