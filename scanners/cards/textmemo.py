"""Answers of a pure check of a text's value, kept for the last text asked about.

Several detectors ask the same question of the same candidate in one text: the PAN detector's windows and
``card_summary`` both ask ``confounders.confounder`` and ``idkeys.id_keyed`` of every card number they read (the
record-shapes corpus: 3,246 of 30,009 confounder calls and 2,945 of 17,384 id-key calls were asked before). A check
wrapped here answers such a question again from a dict kept for the last text (the same object: a text's answers
are never read for another). The dict is replaced with its text as one tuple, so threads never mix two texts.
Also kept so: the key owning a value (``structure.owner``, asked by the CVV and expiry detectors) and the date an
answer holds (``monthyear``'s answer reader, asked by several answer routes over one record's windows).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def per_text(check: Callable[Concatenate[str, P], R]) -> Callable[Concatenate[str, P], R]:
    """``check(text, *args)`` (pure; hashable ``args``, given by position) with its answers kept for the last text."""
    memo: list[tuple[str, dict[object, R]]] = [("", {})]

    @wraps(check)
    def remembered(text: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            return check(text, *args, **kwargs)
        memo_text, answers = memo[0]
        if memo_text is not text:
            answers = {}
            memo[0] = (text, answers)
        elif args in answers:
            return answers[args]
        answer = answers[args] = check(text, *args, **kwargs)
        return answer

    return remembered
