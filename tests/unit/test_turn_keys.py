"""Fast forms of two regex scans give the regexes' own answers: turn keys found from their quote
(``speech_turns.turn_keys``), passing over Transcribe's word items as ``word_item`` does key by key, and the
other-subject words read from runs of letters (``monthyear._names_subject``)."""

from __future__ import annotations

import random
import re

from scanners.detectors.date_subject import _SUBJECT, _names_subject
from scanners.detectors.speech_turns import TURN, TURN_KEY, turn_keys, word_item
from scanners.detectors.turns import KEY

_PIECES = ['"', "\\", '\\"', "text", "Content", "PartialContent", "transcript", '": "', '":"', " ", ":", "\t", "x",
           '"text": "', '\\"text\\": \\"', "Partial", "1"]  # fmt: skip
_WORDS = ["licence", "License", "PASSPORT", "token", "Cookie", "api key", "api_key", "API-KEY", "apikey", "api", "key",
          "promo", "promotion", "cert", "certs", "xtoken", "tokens", "batch", "\u00e9", "\u017fession", " ", "_", "-",
          "1", "\n", "a", "exp 12/30"]  # fmt: skip


def _cases(pieces: list[str], seed: int, n: int) -> list[tuple[str, int, int]]:
    rng, out = random.Random(seed), []
    for _ in range(n):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "_", "x"]) for _ in range(rng.randint(1, 10)))
        lo = rng.randint(0, len(text))
        out.append((text, lo, rng.randint(lo, len(text))))
    return out


def test_turn_keys_from_their_quote_are_the_regex_matches() -> None:
    pairs = [(re.compile(r'\\?"' + TURN), TURN_KEY), (re.compile(r'\\?"(?:Partial)?' + TURN), KEY)]
    matched = 0
    for text, lo, hi in _cases(_PIECES, 3, 20000):
        for full, core in pairs:
            expected = [m.span() for m in full.finditer(text, lo, hi)]
            assert list(turn_keys(core, text, lo, hi)) == expected, (text, lo, hi)
            matched += bool(expected) and text[expected[0][0]] == "\\"
    assert matched > 100  # escaped keys (a backslash first) were among them


# Transcribe's word items beside turns: an item type near a key (or 200 characters away: the reach), objects' braces
_ITEM_PIECES = ['"Content": "', '"content": "', '"transcript": "', '\\"Content\\": \\"', '"Type": "pronunciation"',
                '"type": "punctuation"', '"Type": "other"', "ype", "{", "}", ", ", "4", " " * 60, " " * 150, "x" * 90]


def test_turn_keys_pass_over_word_items_as_word_item_does() -> None:
    items = kept = 0
    for text, lo, hi in _cases(_ITEM_PIECES, 5, 20000):
        found = [m.span() for m in re.compile(r'\\?"' + TURN).finditer(text, lo, hi)]
        expected = [(s, e) for s, e in found if not word_item(text, s, e)]
        assert list(turn_keys(TURN_KEY, text, lo, hi)) == expected, (text, lo, hi)
        items, kept = items + len(found) - len(expected), kept + len(expected)
    assert items > 1000 and kept > 1000  # keys passed over as items and keys kept, both


def test_subject_words_from_runs_of_letters_are_the_regex_answer() -> None:
    found = 0
    for text, lo, hi in _cases(_WORDS, 4, 20000):
        expected = _SUBJECT.search(text, lo, hi) is not None
        assert _names_subject(text, lo, hi) == expected, (text, lo, hi)
        found += expected
    assert 1000 < found < 19000
