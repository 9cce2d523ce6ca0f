"""A gateway XML ``<number>`` element is a generic holder named by its parent element (Realex / Global Payments:
``<card><number>`` holds the card number, ``<cvn><number>`` the security code, on the line below ``<cvn>`` when the
request is pretty-printed). ``keyparse.xml_parent`` finds the parent past closed siblings; the CVV detector reads a
``<number>`` under a security-code element. Both back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.cards.keyparse import xml_parent
from scanners.engine.core import Engine

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN, CVV = "4263971921001307", "217"


def _realex(cvn: str, indent: str = "\n    ") -> str:
    return (
        f'<request type="auth" timestamp="20261205101500">{indent}<merchantid>acme</merchantid>{indent}'
        f'<amount currency="EUR">1999</amount>{indent}<card>{indent}<number>{PAN}</number>{indent}'
        f"<expdate>0528</expdate>{indent}<chname>Jo Bloggs</chname>{indent}<type>VISA</type>{indent}{cvn}"
        f"{indent}</card>{indent}<sha1hash>{'a3' * 20}</sha1hash>\n</request>"
    )


CASES = [
    ("realex-pretty", _realex(f"<cvn>\n      <number>{CVV}</number>\n      <presind>1</presind>\n    </cvn>"),
     {"pan", "expiry", "cvv"}),
    ("realex-one-line", _realex(f"<cvn><number>{CVV}</number><presind>1</presind></cvn>", ""),
     {"pan", "expiry", "cvv"}),
    ("payment-data-cvn", f"<paymentdata>\n  <cvn>\n    <number>{CVV}</number>\n  </cvn>\n</paymentdata>", {"cvv"}),
    ("security-code-parent", f"<SecurityCode>\n  <Number>{CVV}</Number>\n</SecurityCode>", {"cvv"}),
    # near misses: a number under an order, an invoice, a phone; a CVN element closed before the number
    ("order-number", f"<order>\n  <number>{CVV}</number>\n  <items>4</items>\n</order>", set()),
    ("card-issue-number", f"<card>\n  <issueno>1</issueno>\n  <number>{CVV}</number>\n</card>", set()),
    ("cvn-closed-before", f"<cvn>\n  <presind>2</presind>\n</cvn>\n<invoice>\n  <number>{CVV}</number>\n</invoice>",
     set()),
    ("cvn-result", f"<response>\n  <cvnresult>M</cvnresult>\n  <number>{CVV}</number>\n</response>", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_number_element_named_by_parent(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0]} == want, name
    assert got[0] == got[1]


PARENTS = [
    ("direct", "<cvn><number>", "cvn"),
    ("past-closed-siblings", "<card>\n <type>VISA</type>\n <expdate>0528</expdate>\n <number>", "card"),
    ("past-empty-element", '<card><date month="05" year="2028"/><number>', "card"),
    ("past-nested-sibling", "<card><cvn><number>1</number></cvn><number>", "card"),
    ("attributes", '<cvn kind="x">\n<number>', "cvn"),
    ("none", "<number>", None),
    ("all-closed", "<a>1</a><b>2</b><number>", None),
]


@pytest.mark.parametrize(("name", "text", "want"), PARENTS, ids=[p[0] for p in PARENTS])
def test_xml_parent(name: str, text: str, want: str | None) -> None:
    assert xml_parent(text, text.rindex("<number>")) == want, name
