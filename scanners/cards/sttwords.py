"""The words a speech-to-text word list holds right before a value: what the speaker said before the number.

Speech-to-text results repeat the transcript one word an object: Amazon Transcribe's ``items[].alternatives[]
.content``, Deepgram's ``words[].word`` (and ``punctuated_word``), Google Speech-to-Text's ``words[].word``. A number
that is a word of its own there has its label in the words before it (``"content": "póliza"``, then ``"content":
"<n>"``), not before its own key: ``words_before`` gives them back as the prose they were (``número de póliza``),
for ``idkeys`` to read as it reads a transcript.
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

_MEMBER_BEFORE = re.compile(r'\\?"(word|content|punctuated_word)\\?"[ \t]*:[ \t]*\\?"$')
_WORDS = {
    key: lazy_compile(rf'\\?"{key}\\?"[ \t]*:[ \t]*\\?"((?:[^"\\{{}}]|\\u[0-9A-Fa-f]{{4}}){{1,40}})\\?"')
    for key in ("word", "content", "punctuated_word")
}  # (a word's letters may be JSON escapes: ``"n\\u00famero"``; compiled when a word list is first read)
_REACH = 720  # four words before the value: an Amazon Transcribe item takes some 130 characters, pretty-printed more
_COUNT = 4


def words_before(text: str, start: int) -> str | None:
    """The last words (up to four) of the word list before the value starting at ``start``, joined by spaces, when
    the value is a word list's word (``_MEMBER_BEFORE``: the key the list writes every word under), else None."""
    if start < 2 or text[start - 1] != '"':
        return None  # the common case: one character read
    m = _MEMBER_BEFORE.search(text, max(0, start - 24), start)
    if m is None:
        return None
    words = [w.group(1) for w in _WORDS[m.group(1)].finditer(text, max(0, start - _REACH), m.start())]
    return " ".join(words[-_COUNT:]) if words else None
