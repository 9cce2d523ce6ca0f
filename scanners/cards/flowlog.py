"""Amazon Connect flow logs: the record a Get / Store customer input block writes names what it collected, by its
prompt and by the label the flow's designer gave the block, and holds what the caller keyed in (``Results``). The
detectors read a keyed-in code or date by it (``detectors.dialogue.flow_inputs``, ``ivr_steps``), and the PAN check
a twelve-digit entry (``cards.shortpan``).
"""

from __future__ import annotations

from scanners.cards.elements import enclosing_object
from scanners.lazy_re import lazy_compile

# The prompts (``Parameters.Text``, ``TextToSpeech``, ``SSML``, an audio prompt's ``PromptLocation``), the block's
# label (``Identifier``: ``CollectExpiry``, ``get_cvv``), and what the caller keyed in (``Results``): any member order
FLOW_RESULT = r'Results\\?"[ \t]*:[ \t]*\\?"'
_INPUT_BLOCK = lazy_compile(
    r'"ContactFlowModuleType\\?"[ \t]*:[ \t]*\\?"(?:Get|Store)(?:User|Customer|Participant)Input'
)
_PROMPT = lazy_compile(
    r'"(?:Text|SSML|TextToSpeech|Identifier|PromptText|PromptName|PromptLocation)\\?"[ \t]*:[ \t]*\\?"'
    r'(?P<p>[^"\\]{1,300})'
)
_WORD_BREAK = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_./:+-]+")  # camel case, separators
_BLOCK_KIND = lazy_compile(r"(?:get|store) (?:customer|user|participant) input")  # a block's default label


def block_words(text: str, at: int) -> str | None:
    """The words (lower case) naming what the Connect input block whose flow-log record holds ``at`` collected: its
    prompts and its label as written and split into words (``CollectExpiry``: ``collect expiry``), without a default
    label's (``Get customer input``); None when ``at`` is in no input block's record."""
    bounds = enclosing_object(text, at)
    if bounds is None or _INPUT_BLOCK.search(text, *bounds) is None:
        return None
    said = " | ".join(f"{p['p']} | {_WORD_BREAK.sub(' ', p['p'])}" for p in _PROMPT.finditer(text, *bounds))
    return _BLOCK_KIND.sub(" ", said.lower())
