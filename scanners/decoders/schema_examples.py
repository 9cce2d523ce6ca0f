"""A schema property's example read under the property's name: an OpenAPI (or JSON Schema) document in YAML gives
each property its own mapping under ``properties:``, the value lines below its name (OpenAPI's Schema Object:
``example``, ``default``), so a detector reading ``example: "410"`` sees no name:

    properties:
      cvv:
        type: string
        example: "410"

The lines from the property's name to its example are one segment, decoded line for line with the ``example`` (or
``default``) key written as the property's name (``cvv: "410"``), so the value is read as a ``cvv`` key's on its own
line. Only a property of a ``properties`` mapping is read (an ``example`` elsewhere is a media type's or a
parameter's, named otherwise); the mapping is read as ``cards.yamlmaps`` reads one.

Limits: a line longer than ``max_segment`` characters is skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.yamlmaps import mapping
from scanners.decoders._common import BoundedDecoder, capped, over_limit, trigger_lines
from scanners.detectors.base import Decoded

TRIGGERS = (r"""^[ \t]+(?:example|default):[ \t]*["']?[0-9]""",)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
_KEY = re.compile(r"[ \t]+(?P<key>example|default):")
_BARE_KEY = re.compile(r"""(?P<q>["']?)(?P<name>[A-Za-z_][\w-]{0,40})(?P=q):[ \t]*\r?$""")


class SchemaExamplesDecoder(BoundedDecoder):
    id = "schema_examples"
    priority = 36
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            key = _KEY.match(text, s)
            found = None if key is None else mapping(text, key.start("key"))
            prop = None if found is None else found[0]
            name = None if prop is None else _BARE_KEY.match(text, prop.start("key"), _end(text, prop.end()))
            if key is None or prop is None or name is None:
                continue
            outer = mapping(text, prop.start("key"))
            if outer is None or outer[0] is None or outer[0]["key"].strip("\"'") != "properties":
                continue
            start = prop.start()
            if over_limit(e - start, self.max_segment):
                continue
            lines = text[start : key.start("key")] + name["name"] + text[key.end("key") : e]
            yield Decoded(start, e, capped(lines, self.max_output), ("schema_examples",), lines=True)


def _end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


DECODER = SchemaExamplesDecoder
