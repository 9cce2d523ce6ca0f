"""The detectors, discovered from this folder: every module except the declared helpers holds one detector class.

Adding a detector = one file here (with its class) plus its table test. Each module names its class in
``DETECTOR``; ``Detector.priority`` orders them (the first reporter of a span wins de-duplication, so the PAN
detector comes first). ``tests/unit/test_registry.py`` fails when a file here is neither a detector nor a helper.
"""

from __future__ import annotations

from functools import cache

from scanners.detectors.base import Detector
from scanners.extensions import modules_of

# Modules that hold shared code, not a detector.
HELPERS = frozenset(
    {"base", "card_dates", "card_forms", "card_objects", "card_summary", "chatlog", "companions", "contact_attributes",
     "context", "conversation", "credential_plugins", "date_objects", "date_subject", "dateparts", "dialogue",
     "digit_words", "blocks", "threads",
     "dump_owners", "field_dates", "form_dates",
     "intl_words", "ivr_steps", "layout", "mixed_words", "months", "monthyear", "number_words", "prose_dates",
     "records", "speech_turns", "spoken", "spoken_digits", "structure", "credential_nvp", "verb_company", "chat_split",
     "line_split", "truncated_refs", "turns", "vocabulary", "weak_labels", "dictation", "bare_codes", "held_values",
     "owned_dates", "role_lines", "split_turns"}
)  # fmt: skip


@cache
def detector_classes() -> tuple[type[Detector], ...]:
    """Every detector class declared in this folder, by priority then module name."""
    found: list[tuple[int, str, type[Detector]]] = []
    for module in modules_of(__name__, skip=HELPERS):
        cls = getattr(module, "DETECTOR", None)
        name = module.__name__.rpartition(".")[2]
        if not (isinstance(cls, type) and issubclass(cls, Detector)):
            raise TypeError(f"scanners/detectors/{name}.py: expected DETECTOR = <a Detector subclass>")
        found.append((cls.priority, name, cls))
    return tuple(cls for _, _, cls in sorted(found, key=lambda t: t[:2]))


def default_detectors() -> list[Detector]:
    """A fresh instance of every discovered detector."""
    return [cls() for cls in detector_classes()]
