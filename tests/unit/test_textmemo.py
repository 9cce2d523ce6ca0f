"""``cards.textmemo.per_text``: a pure check's answers kept for the last text, never read for another text; and the
bare-run screen's phone drop (``pantriggers.bare_run_dropped``) agrees with ``window_pans``."""

from __future__ import annotations

from scanners.cards.pangroups import window_pans
from scanners.cards.pantriggers import bare_run_dropped
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


def test_bare_run_after_plus_is_dropped_and_never_reported() -> None:
    for text in ("call +4111111111111111 now", "tel:4111111111111111", "x %2B4111111111111111"):
        start = text.index("4111")
        end = start + 16
        assert bare_run_dropped(text.encode("ascii"), start, end)
        assert not list(window_pans(text, [(0, len(text))]))
    text = "card 4111111111111111 ok"
    assert not bare_run_dropped(text.encode("ascii"), 5, 21)
    assert [p[:3] for p in window_pans(text, [(0, len(text))])] == [(5, 21, "4111111111111111")]
