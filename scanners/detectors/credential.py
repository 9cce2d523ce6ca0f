"""Credentials (cloud keys, payment and chat tokens, private keys) found through detect-secrets' plugins.

Each curated plugin's regexes run only on lines where one of its triggers hit (see ``credential_plugins``);
detect-secrets' heuristic filters are not applied. The plugins' ``denylist`` is used rather than
``analyze_string``: ``findall`` loses offsets and, for patterns with a prefix group such as ``(ghp|gho)_``,
yields only the prefix. A value next to an ASCII letter or digit is part of a longer word and is dropped
(``xAKIA...``). AWS documentation keys (``...EXAMPLE``) are reported like any key: a credential is never a
"test card" (that mark is for published card numbers only).
The plugins (and detect-secrets) are loaded on the first ``find``; the triggers are plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.credential_plugins import TRIGGERS, Rule, build_rules, cloudtrail_key_id
from scanners.engine.finding import CardDataType, Span


def _alnum(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


class CredentialDetector(Detector):
    id: ClassVar[str] = "credential"
    priority: ClassVar[int] = 70
    type: ClassVar[CardDataType] = "credential"
    triggers: ClassVar[tuple[str, ...]] = TRIGGERS
    margin: ClassVar[int | None] = None
    ascii_only: ClassVar[bool] = True  # every key format is ASCII: the triggers see every line

    def __init__(self) -> None:
        self._rules: tuple[Rule, ...] | None = None  # detect-secrets loads on the first find, not at engine build

    def screen(self, text: str, start: int, end: int) -> bool:
        return not cloudtrail_key_id(text, end)  # every CloudTrail event names its caller's key id: never reported

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        if self._rules is None:
            self._rules = build_rules()
        endpos = len(text) if endpos is None else endpos
        seen: set[tuple[int, int]] = set()  # two plugins may name the same secret
        for rule in self._rules:
            if rule.gate.search(text, pos, endpos) is None:
                continue
            for pattern in rule.plugin.denylist:
                for m in pattern.finditer(text, pos, endpos):
                    where = rule.locate(m)
                    if where is None:
                        continue
                    start, end = where
                    if where in seen or (rule.bounded and (_alnum(text, start - 1) or _alnum(text, end))):
                        continue
                    seen.add(where)
                    yield Span(start, end, "credential", self.id, text[start:end], test_card=False)


DETECTOR = CredentialDetector
