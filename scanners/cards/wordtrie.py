"""A longest-first alternation of many literal words as a trie, for ``re``: ``"(?:" + "|".join(words sorted longest
first) + ")" + end`` tries every word at every position (``re`` checks each alternative's first character in turn),
while the trie's top-level alternatives each start with a distinct literal, so ``re`` skips ahead to those characters
and then follows one branch. The match is the same: the words that match at a position are prefixes of one another,
and the trie, greedy at each node, tries them longest first, backtracking to the next shorter when ``end`` fails."""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]


def _tree(words: Iterable[str]) -> _Node:
    root: _Node = {}
    for word in sorted(words):  # the same pattern in every process, whatever the order of a set of words
        node = root
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}  # a word ends here
    return root


def _below(node: _Node) -> str:
    """What may follow a node's character: its children, longest first, and nothing when a word ends there."""
    parts = [re.escape(c) + _below(child) for c, child in node.items() if c]
    if not parts:
        return ""
    if "" not in node:
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return "(?:" + "|".join(parts) + ")?"  # greedy: the longer words first


def longest_first(words: Iterable[str], end: str = "", alone: Iterable[str] = ()) -> str:
    """A pattern matching as ``(?:w1|w2|...)`` + ``end`` | ``[alone]`` does, the words sorted longest first: each
    word followed by ``end`` (a look-ahead), else one of ``alone`` (single characters) by itself."""
    root, singles = _tree(w for w in words if w), set(alone)
    parts = []
    for c in sorted(set(root) | singles, key=lambda c: (not c.isascii(), c)):  # the ASCII letters tried first
        node = root.get(c)
        if node is None:
            parts.append(re.escape(c))
        elif c in singles:  # a word, then the character alone: its words' end checked only for the longer ones
            longer = {k: v for k, v in node.items() if k}
            parts.append(re.escape(c) + (f"(?:{_below(longer)}{end}|)" if longer else ""))
        else:
            parts.append(re.escape(c) + _below(node) + end)
    return "|".join(parts)
