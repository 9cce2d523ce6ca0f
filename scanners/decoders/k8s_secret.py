"""The values of a Kubernetes ``Secret``'s ``data:`` (and ``binaryData:``) map, base64 as the API stores them, read
under their keys: ``CARD_EXPIRY: MDYvMjg=`` reads ``CARD_EXPIRY: 06/28``, ``CARD_CVC: OTU3`` reads ``CARD_CVC: 957``.

A Secret's values are short (an expiry is 8 base64 characters, a code 4), far under the generic base64 decoder's
length floor, and alone they say nothing: the manifest's shape and the entry's key are what name them. The trigger
is the manifest's ``kind: Secret`` (YAML, as applied or as ``kubectl get secret -o yaml`` writes it, ``data`` before
``kind``) or ``"kind": "Secret"`` (``kubectl get secret -o json``); the document holding it is read (YAML: between
``---`` separators; JSON: ``REACH`` characters either side) for its ``data``/``binaryData`` maps:
- YAML: the ``data:`` line and the entries indented under it (``KEY: value``, the value bare or quoted);
- JSON: ``"data": {`` and the ``"KEY": "value"`` members up to its ``}``.
A map is one segment decoded line for line, from the ``kind`` line or the map, whichever comes first, to the other
(the segment holds its trigger's line): the manifest as written with each value replaced by its text
(``CARD_EXPIRY: 06/28``); a value is reported on its entry's line, and the record's detectors see the map's entries
together as they were written (a last four beside an expiry).
Keys are what Kubernetes allows (``[-._a-zA-Z0-9]+``); a value must be strict base64 (padding and all) that decodes to
printable UTF-8 text (a trailing line break, as ``echo`` leaves it, is dropped). ``stringData`` is plain text and is
read as it stands.

Limits: a block longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, b64_text, capped, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"""(?:^|[\s{,])["']?kind["']?[ \t]*:[ \t]*["']?Secret(?:["'\s,}]|$)""",)
REACH = 16384
_B64 = r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
_YAML_MAP = lazy_compile(r"^(?P<indent>[ \t]*)(?:data|binaryData):[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_YAML_ENTRY = lazy_compile(
    rf"""(?P<indent>[ \t]+)(?P<key>[-._a-zA-Z0-9]{{1,253}}):[ \t]+(?P<q>["']?)(?P<value>{_B64})(?P=q)[ \t]*(?:#.*)?"""
)
_JSON_MAP = lazy_compile(r'"(?:data|binaryData)"[ \t\r\n]*:[ \t\r\n]*\{')
_JSON_ENTRY = lazy_compile(
    rf'[ \t\r\n]*,?[ \t\r\n]*"(?P<key>[-._a-zA-Z0-9]{{1,253}})"[ \t\r\n]*:[ \t\r\n]*"(?P<value>{_B64})"'
)
_SEPARATOR = lazy_compile(r"^---", re.MULTILINE)
_KIND = lazy_compile(TRIGGERS[0], re.MULTILINE)


def _document(text: str, at: int) -> tuple[int, int]:
    """The YAML document holding ``text[at]``: between the ``---`` lines around it (``REACH`` either side at most)."""
    lo, hi = max(0, at - REACH), min(len(text), at + REACH)
    start = lo
    for m in _SEPARATOR.finditer(text, lo, at):
        start = m.end()
    after = _SEPARATOR.search(text, at, hi)
    return start, after.start() if after else hi


def yaml_entries(text: str, lo: int, hi: int) -> Iterator[list[tuple[int, int, str, str]]]:
    """Each ``data``/``binaryData`` map in ``text[lo:hi]``: its entries' ``(start, end, key, value)``."""
    for head in _YAML_MAP.finditer(text, lo, hi):
        indent = len(head["indent"].expandtabs())
        at, found = head.end() + 1, []
        while at < hi:
            end = text.find("\n", at, hi)
            end = hi if end < 0 else end
            line = text[at:end].rstrip("\r")
            if line.strip() and not line.lstrip().startswith("#"):
                m = _YAML_ENTRY.fullmatch(line)
                if m is None or len(m["indent"].expandtabs()) <= indent:
                    break
                found.append((at + m.start("key"), at + m.end("value") + len(m["q"]), m["key"], m["value"]))
            at = end + 1
        if found:
            yield found


def json_entries(text: str, lo: int, hi: int) -> Iterator[list[tuple[int, int, str, str]]]:
    """Each ``"data"``/``"binaryData"`` object in ``text[lo:hi]``: its members' ``(start, end, key, value)``."""
    for head in _JSON_MAP.finditer(text, lo, hi):
        at, found = head.end(), []
        while (m := _JSON_ENTRY.match(text, at, hi)) is not None:
            found.append((m.start("key") - 1, m.end("value") + 1, m["key"], m["value"]))
            at = m.end()
        if found:
            yield found


class K8sSecretDecoder(BoundedDecoder):
    id = "k8s_secret"
    priority = 33
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        pos = max(0, min(pos, end))
        kind = _KIND.search(text, pos, end)
        if kind is None:
            return
        at = text.index("kind", kind.start())
        lo, hi = _document(text, at)
        for entries in (*yaml_entries(text, lo, hi), *json_entries(text, lo, hi)):
            if (got := self._map(text, entries, at)) is not None:
                yield got

    def _map(self, text: str, entries: list[tuple[int, int, str, str]], kind: int) -> Decoded | None:
        """One map decoded as one segment, line for line, from the ``kind`` line or the map's first entry, whichever
        comes first, to the other's end (a segment holding its trigger's line): the manifest as written, each value
        replaced by its text."""
        s = text.rfind("\n", 0, min(kind, entries[0][0])) + 1
        e = text.find("\n", max(kind, entries[-1][1]))
        e = len(text) if e < 0 else e
        if over_limit(e - s, self.max_segment):
            return None
        out, at = [], s
        for _, end, _, value in entries:
            decoded = b64_text(value)
            if decoded is not None:
                v = text.rindex(value, 0, end)
                out += [text[at:v], decoded]
                at = v + len(value)
        if at == s:
            return None
        out.append(text[at:e])
        return Decoded(s, e, capped("".join(out), self.max_output), ("k8s_secret",), lines=True)


DECODER = K8sSecretDecoder
