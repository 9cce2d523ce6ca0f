"""``cards.textmemo.per_text``: a pure check's answers kept for the last text, never read for another text."""

from __future__ import annotations

from scanners.cards.textmemo import per_text


def test_answers_kept_for_the_last_text_only() -> None:
    asked: list[tuple[str, int]] = []

    @per_text
    def check(text: str, at: int) -> str:
        asked.append((text, at))
        return text[at]

    text = "".join(["ab", "cd"])
    assert check(text, 1) == "b" and check(text, 1) == "b" and check(text, 2) == "c"
    assert asked == [(text, 1), (text, 2)]
    other = "".join(["xy", "zw"])  # another text: its own answers
    assert check(other, 1) == "y" and check(text, 1) == "b"
    assert len(asked) == 4  # the first text's answers went with it
    assert check(text, at=1) == "b" and len(asked) == 5  # asked by keyword: not kept

