"""The words a speech-to-text word list holds right before a value: what the speaker said before the number.

Speech-to-text results repeat the transcript one word an object: Amazon Transcribe's ``items[].alternatives[]
.content``, Deepgram's ``words[].word`` (and ``punctuated_word``), Google Speech-to-Text's ``words[].word``,
AssemblyAI's ``words[].text``, Rev.ai's ``elements[].value`` (its spaces and commas elements of their own). A number
that is a word of its own there has its label in the words before it (``"content": "póliza"``, then ``"content":
"<n>"``), not before its own key: ``words_before`` gives them back as the prose they were (``número de póliza``),
for ``idkeys`` to read as it reads a transcript.
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# the key a word list writes every word under; Rev.ai's ``value`` only in an element typed as text (a name/value
# pair's ``value`` is a form's or an attribute's, no word: Shopify's ``note_attributes``)
_ELEMENT = r'\\?"type\\?"[ \t]*:[ \t]*\\?"(?:text|punct)\\?"[ \t]*,[ \t\r\n]*'
_MEMBER_BEFORE = re.compile(
    rf'\\?"(word|content|punctuated_word|text)\\?"[ \t]*:[ \t]*\\?"$|{_ELEMENT}\\?"(value)\\?"[ \t]*:[ \t]*\\?"$')
_WORDS = {
    key: lazy_compile(rf'{_ELEMENT if key == "value" else ""}\\?"{key}\\?"[ \t]*:[ \t]*\\?"'
                      r'((?:[^"\\{}]|\\u[0-9A-Fa-f]{4}){1,40})\\?"')
    for key in ("word", "content", "punctuated_word", "text", "value")
}  # (a word's letters may be JSON escapes: ``"n\\u00famero"``; compiled when a word list is first read)
_REACH = 720  # four words before the value: an Amazon Transcribe item takes some 130 characters, pretty-printed more
_COUNT = 4
# Keys that hold whole messages as often as words (a chat's ``text``, a form's ``value``): only the one-word strings
# right before the value are a word list's
_WORD_OR_MESSAGE = frozenset({"text", "value"})


def words_before(text: str, start: int) -> str | None:
    """The last words (up to four) of the word list before the value starting at ``start``, joined by spaces, when
    the value is a word list's word (``_MEMBER_BEFORE``: the key the list writes every word under), else None."""
    if start < 2 or text[start - 1] != '"':
        return None  # the common case: one character read
    m = _MEMBER_BEFORE.search(text, max(0, start - 64), start)
    if m is None:
        return None
    key = m.group(m.lastindex or 1)
    words = [w.group(1) for w in _WORDS[key].finditer(text, max(0, start - _REACH), m.start())]
    if key in _WORD_OR_MESSAGE:  # the words after the last string of more than one (AssemblyAI's utterance
        # text before its words; a chat's messages), Rev.ai's space elements left out
        words = [w for w in words[_last_phrase(words) + 1 :] if w.strip()]
    return " ".join(words[-_COUNT:]) if words else None


def _last_phrase(words: list[str]) -> int:
    """The index of the last string of ``words`` that holds more than one word, -1 for none."""
    return next((i for i in range(len(words) - 1, -1, -1) if " " in words[i].strip()), -1)
