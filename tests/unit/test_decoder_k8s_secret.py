"""K8sSecretDecoder: a Kubernetes Secret's ``data``/``binaryData`` values, base64 however short, read under their keys
(YAML as applied or as ``kubectl get -o yaml`` orders it, and ``kubectl get -o json``); a ConfigMap, a Secret's
``stringData``, a value that is no base64 text, and base64 outside a Secret stay as they are."""

from __future__ import annotations

import base64

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.k8s_secret import K8sSecretDecoder
from scanners.engine.core import Backend, Engine

D = K8sSecretDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


PAN = luhn("442618167278743")
DATA = (f"  CARD_NUMBER: {b64(PAN)}\n  CARD_EXPIRY: {b64('06/28')}\n  CARD_CVC: \"{b64('957')}\"\n"
        f"  API_BASE: {b64('https://api.example.com/v1')}\n")
APPLIED = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: smoke\ntype: Opaque\ndata:\n{DATA}"
KUBECTL = f"apiVersion: v1\ndata:\n{DATA}kind: Secret\nmetadata:\n  name: smoke\n"
EXP_NL = b64("06/28\n")  # as ``echo`` writes it
JSON = ('{\n    "apiVersion": "v1",\n    "data": {\n'
        f'        "CARD_CVC": "{b64("957")}",\n        "CARD_EXPIRY": "{EXP_NL}",\n'
        f'        "CARD_NUMBER": "{b64(PAN)}"\n    }},\n    "kind": "Secret",\n    "type": "Opaque"\n}}\n')
ONE_LINE = f'{{"apiVersion":"v1","data":{{"CARD_CVC":"{b64("957")}","CARD_EXPIRY":"{b64("06/28")}"}},"kind":"Secret"}}'
MULTI = f"---\napiVersion: v1\nkind: ConfigMap\ndata:\n  A: abcd\n---\n{APPLIED}"


# (manifest, {(line, type)} the engine reports)
CASES = [
    ("applied", APPLIED, {(7, "pan"), (8, "expiry"), (9, "cvv")}),
    ("kubectl-yaml", KUBECTL, {(3, "pan"), (4, "expiry"), (5, "cvv")}),
    ("kubectl-json", JSON, {(4, "cvv"), (5, "expiry"), (6, "pan")}),
    ("one-line-json", ONE_LINE, {(1, "cvv"), (1, "expiry")}),
    ("after-a-configmap", MULTI, {(13, "pan"), (14, "expiry"), (15, "cvv")}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_secret_values_are_read_under_their_keys(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    found = Engine(backend=backend).scan_text(text)
    assert {(text[: s.start].count("\n") + 1, s.type) for s in found} == want


def test_the_segment_is_the_manifest_as_written_with_each_value_read() -> None:
    (seg,) = list(D.decode(APPLIED, APPLIED.index("kind"), APPLIED.index("\nmetadata")))
    assert seg.lines and seg.encoding == ("k8s_secret",)
    assert seg.text.count("\n") == APPLIED[seg.start : seg.end].count("\n")
    assert "  CARD_EXPIRY: 06/28\n" in seg.text and '  CARD_CVC: "957"' in seg.text


@pytest.mark.parametrize(
    "text",
    [
        APPLIED.replace("kind: Secret", "kind: ConfigMap"),  # a ConfigMap's data is plain text
        APPLIED.replace("data:", "stringData:"),  # read as it stands
        "kind: Secret\nmetadata:\n  name: x\n",  # no data
        # unpadded
        APPLIED.replace(b64(PAN), b64(PAN)[:-2]).replace(b64("06/28"), "MDYvMjg").replace(b64("957"), "OTU"),
        f"kind: Secret\ndata:\n  BLOB: {base64.b64encode(bytes(range(0, 24))).decode()}\n",  # binary
    ],
    ids=["configmap", "string-data", "no-data", "bad-padding", "binary"],
)
def test_what_it_leaves_alone(text: str) -> None:
    segs = list(D.decode(text, 0, len(text)))
    assert all(PAN not in s.text and "06/28" not in s.text and "957" not in s.text for s in segs)


def test_a_crlf_manifest_is_read(each_engine: Engine) -> None:
    text = APPLIED.replace("\n", "\r\n")
    assert {s.type for s in each_engine.scan_text(text)} == {"pan", "expiry", "cvv"}


def test_last_four_beside_an_expiry_in_a_secret_stays_quiet(each_engine: Engine) -> None:
    """The map is read as written: a last four under ``CARD_NUMBER`` names the record's card, as in plain YAML."""
    text = APPLIED.replace(b64(PAN), b64(PAN[-4:])).replace(f"  CARD_CVC: \"{b64('957')}\"\n", "")
    assert each_engine.scan_text(text) == []
