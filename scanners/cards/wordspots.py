"""Where each of many literals begins in a stretch, found in one pass. ``card_summary`` asks, in every stretch it
reads, for 27 words in its lower case (``last``, ``masked``, ``ending``, "termina en"...) and for 44 literals as it is
written (the marks a mask run begins with, the dots of ``424242...4242``, the leads of ``x4242``), and finds few: 940
of 21,816 word and stretch pairs on the record-shapes corpus. A substring search per literal read each stretch once
per literal; ``_refs`` over that corpus's 808 stretches took 372 ms so, 153 ms with the two passes.

With hyperscan (the engine's prefilter library) one block scan of a literal database reports every occurrence of the
ASCII literals, overlapping ones too; a stretch's other characters are a ``?`` each in the bytes scanned, so offsets
agree. In a non-ASCII stretch the literals that hold a ``?`` (``424242?4242``: an ellipsis lost to a charset) and the
non-ASCII ones ("últim", a bullet) are then searched for instead. Without hyperscan every literal is searched for.
Either way each literal's starts come in increasing order, the same starts."""

from __future__ import annotations

import re
import threading
from typing import Any

# Characters searched before the database is compiled: hyperscan's first compile in a process costs 30-45 ms (its
# compiler's set-up; the engine loads its own database compiled), what the searches cost over about 0.7 MB of
# stretches. A small batch never pays it; a large run pays it once.
WARM = 1 << 20


def _searched(text: str, words: tuple[str, ...], spots: dict[str, list[int]]) -> dict[str, list[int]]:
    """``spots`` with each of ``words``' starts in ``text`` (overlapping occurrences too) added."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            spots.setdefault(word, []).append(at)
            at = text.find(word, at + 1)
    return spots


class WordSpots:
    """The starts of ``words`` (literals) in a text, by word (a word the text does not hold has none). The literal
    database is compiled once ``warm`` characters have been searched (``WARM``) and scanned under a lock: hyperscan's
    scratch space serves one scan at a time."""

    def __init__(self, words: tuple[str, ...], warm: int = WARM) -> None:
        self._words, self._warm, self._read = tuple(dict.fromkeys(words)), warm, 0
        self._ascii = tuple(w for w in self._words if w.isascii())
        self._other = tuple(w for w in self._words if not w.isascii() or "?" in w)  # (see the module doc)
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

    def __call__(self, text: str) -> dict[str, list[int]]:
        with self._lock:
            self._read += len(text)
            if (db := self._database() if self._read > self._warm else None) is not None:
                spots: dict[str, list[int]] = {}
                words = self._ascii

                def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
                    spots.setdefault(words[index], []).append(end - len(words[index]))

                ascii_text = text.isascii()
                db.scan(text.encode("ascii") if ascii_text else text.encode("ascii", "replace"),
                        match_event_handler=on_match)
        if db is None:
            return _searched(text, self._words, {})
        for starts in spots.values():
            starts.sort()  # (reported by end: one word's ends and starts rise together; sorted to be sure)
        if ascii_text:
            return spots
        for word in self._other:
            spots.pop(word, None)
        return _searched(text, self._other, spots)
