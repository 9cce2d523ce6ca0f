"""A model's answer put back together from its token log probabilities: with ``logprobs=true`` the OpenAI Chat
Completions API (and vLLM's and other compatible servers) return ``"logprobs": {"content": [{"token": "4",
"logprob": -0.01, "bytes": [52], "top_logprobs": [...]}, ...]}``, one element per generated token in order, and an
evaluation harness or a gateway that stores the choice stores the answer as that list: a card number the model wrote
is cut into 1-3 digit tokens.

The segment is the array; the decoded text is each element's ``token`` joined in order (the alternatives in
``top_logprobs`` are not read): the completion's text, which the engine reads as it reads ``message.content``.

Limits: an array longer than ``max_segment`` characters, or that is no valid JSON (a cut line), is not decoded;
decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded

TRIGGER = r'"logprobs"[ \t]*:[ \t]*\{[ \t]*"content"[ \t]*:[ \t]*\[[ \t]*\{[ \t]*"token"'
_ARRAY = re.compile(r'"logprobs"[ \t]*:[ \t]*\{[ \t]*"content"[ \t]*:[ \t]*(?=\[[ \t]*\{[ \t]*"token")')
_JSON = json.JSONDecoder()


def joined_tokens(text: str, at: int) -> tuple[str, int] | None:
    """The tokens of the array opening at ``at`` joined, and where the array ends; None when it is no array of
    objects each with a string ``token``."""
    try:
        items, end = _JSON.raw_decode(text, at)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("token"), str) for i in items):
        return None
    return "".join(i["token"] for i in items), end


class LogprobTokensDecoder(BoundedDecoder):
    id = "logprob_tokens"
    priority = 25
    triggers = (TRIGGER,)
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, lo, hi = line_bounds(text, pos, endpos)
        for m in _ARRAY.finditer(text, lo, hi):  # an array is read whole by any window touching it
            stop = min(hi, m.end() + self.max_segment)
            found = joined_tokens(text[:stop], m.end())
            if found is None and stop < hi:
                over_limit(hi - m.end(), self.max_segment)  # noted: an array too long to read (or cut)
            elif found is not None and found[0] and m.end() < end and found[1] > start:
                yield Decoded(m.end(), found[1], capped(found[0], self.max_output), ("logprob_tokens",))

DECODER = LogprobTokensDecoder
