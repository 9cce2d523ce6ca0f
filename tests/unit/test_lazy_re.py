"""``lazy_compile``: the same answers as ``re.compile``, compiled only when a method is first called."""

from __future__ import annotations

import re

import pytest

from scanners.lazy_re import lazy_compile

PATTERN = r"(?i)(?P<word>card|pan)[ :=]*(?P<digits>[0-9]{2,4})"
TEXT = "id 7, Card: 4242 then pan=12 and CARD 987 end"


def test_nothing_is_compiled_before_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = re.compile

    def counted(pattern: str, flags: int = 0) -> re.Pattern[str]:
        calls.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counted)
    lazy = lazy_compile(PATTERN)
    assert calls == [] and lazy.pattern == PATTERN
    lazy.search(TEXT)
    lazy.search(TEXT)
    lazy.findall(TEXT)
    assert calls == [PATTERN]  # once, then the compiled pattern's own methods


@pytest.mark.parametrize("first", ["search", "finditer", "sub"])
def test_every_method_answers_as_re_does(first: str) -> None:
    lazy, plain = lazy_compile(PATTERN, re.ASCII), re.compile(PATTERN, re.ASCII)
    getattr(lazy, first)(*(("x", TEXT) if first == "sub" else (TEXT,)))  # compiled by a different method each time
    for pos, endpos in ((0, len(TEXT)), (5, 30), (12, 13)):
        assert _same(lazy.search(TEXT, pos, endpos), plain.search(TEXT, pos, endpos))
        assert _same(lazy.match(TEXT, pos, endpos), plain.match(TEXT, pos, endpos))
        assert _same(lazy.fullmatch("pan 12"), plain.fullmatch("pan 12"))
        assert [m.span() for m in lazy.finditer(TEXT, pos, endpos)] == [
            m.span() for m in plain.finditer(TEXT, pos, endpos)]
        assert lazy.findall(TEXT, pos, endpos) == plain.findall(TEXT, pos, endpos)
    assert lazy.sub(lambda m: m["word"], TEXT, 2) == plain.sub(lambda m: m["word"], TEXT, 2)
    assert lazy.split(TEXT, 1) == plain.split(TEXT, 1)
    assert lazy.compiled() == plain


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groupdict() == b.groupdict())
