"""Regular expressions compiled on first use, for module-level patterns most scans never run.

Every ``spc`` process compiles its detectors' and decoders' patterns at import: about 600 of them, most of its
start-up CPU. ``lazy_compile`` keeps a pattern as its source until a line needs it. It is used for module-level patterns
that none of the benchmark corpora (the 54 MB logs, the record shapes, the 20 MB corpus) ever runs: about 270
of them (digits spoken in French pairs or another script, SQL dumps, object dumps, MIME headers, IVR flows...), 0.23 G
instructions of an empty ``spc scan``'s 1.55 G. A pattern such scans do run stays a plain ``re.compile``: deferred,
every pool worker would compile it again instead of the parent once before the fork.

Threads may race to compile the same pattern first; each gets an equal compiled pattern, so the race is harmless.

The first call of any method compiles the pattern and binds the compiled pattern's methods on the instance, so later
calls go straight to ``re`` (no extra Python frame).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["LazyPattern", "lazy_compile"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class LazyPattern:
    """A ``re.Pattern[str]``'s matching methods and ``pattern``; compiled when one of the methods is first called."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if not yet); its methods replace this object's from now on."""
        found: re.Pattern[str] | None = vars(self).get("_compiled")
        if found is None:
            found = re.compile(self.pattern, self.flags)
            vars(self).update({name: getattr(found, name) for name in _METHODS}, _compiled=found)
        return found

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled().split(string, maxsplit)


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return LazyPattern(pattern, flags)
