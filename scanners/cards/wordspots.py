"""Where each of many words begins in a lower-cased stretch, found in one pass: ``card_summary`` asks for 27 words
(``last``, ``masked``, ``ending``, "termina en"...) in every stretch it reads and finds few (940 of 21,816 word and
stretch pairs on the record-shapes corpus), and a substring search per word read each stretch 27 times (a tenth of
that corpus's scan time went to them, 116 ms against 13 ms for one hyperscan pass over the same stretches).

With hyperscan (the engine's prefilter library) one block scan of a literal database reports every occurrence of the
ASCII words, overlapping ones too; a stretch's other characters are a ``?`` each in the bytes scanned, so offsets
agree and no ASCII word is found across one. The non-ASCII words ("últim") are then searched in a non-ASCII stretch
alone. Without hyperscan every word is searched for. Either way each word's starts come in increasing order, the
same starts."""

from __future__ import annotations

import re
import threading
from typing import Any


def _searched(lowered: str, words: tuple[str, ...], spots: dict[str, list[int]]) -> dict[str, list[int]]:
    """``spots`` with each of ``words``' starts in ``lowered`` (overlapping occurrences too) added."""
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            spots.setdefault(word, []).append(at)
            at = lowered.find(word, at + 1)
    return spots


class WordSpots:
    """The starts of ``words`` in a lower-cased text, by word (a word the text does not hold has none). The literal
    database is compiled at the first call (a run that never asks pays nothing at start-up) and scanned under a
    lock: hyperscan's scratch space serves one scan at a time."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self._words = tuple(dict.fromkeys(words))
        self._ascii = tuple(w for w in self._words if w.isascii())
        self._other = tuple(w for w in self._words if not w.isascii())
        self._lock = threading.Lock()
        self._db: list[Any] = []  # [the database, or None without hyperscan], once compiled

    def _database(self) -> Any:
        if not self._db:
            try:
                import hyperscan  # type: ignore[import-not-found,unused-ignore]
            except ImportError:
                self._db.append(None)
            else:
                db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                db.compile(expressions=[re.escape(w).encode() for w in self._ascii], ids=list(range(len(self._ascii))),
                           elements=len(self._ascii), flags=[0] * len(self._ascii))
                self._db.append(db)
        return self._db[0]

    def __call__(self, lowered: str) -> dict[str, list[int]]:
        with self._lock:
            if (db := self._database()) is None:
                return _searched(lowered, self._words, {})
            spots: dict[str, list[int]] = {}
            words = self._ascii

            def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
                spots.setdefault(words[index], []).append(end - len(words[index]))

            ascii_text = lowered.isascii()
            db.scan(lowered.encode("ascii") if ascii_text else lowered.encode("ascii", "replace"),
                    match_event_handler=on_match)
        for starts in spots.values():
            starts.sort()  # (reported by end: one word's ends and starts rise together; sorted to be sure)
        return spots if ascii_text else _searched(lowered, self._other, spots)
