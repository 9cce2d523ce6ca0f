"""Bedrock model-invocation log records: the prompt and the output text, whatever the body shape.

A record (``schemaType: ModelInvocationLog``) carries ``requestId``, ``modelId`` and two sections: ``input``
(``inputBodyJson`` or ``inputBodyS3Path``) and ``output`` (``outputBodyJson`` or ``outputBodyS3Path``).
Bodies follow each model's API: ``prompt``/``inputText``, ``messages[].content`` (a string or blocks with
``text``, ``toolUse.input``, ``toolResult``), ``system``; ``generation``, ``outputs[].text``,
``content[].text``, ``choices[].message.content``, ``results[].outputText``, Converse
``output.message.content``. Streamed output is a list of chunks whose deltas are joined first, so a card
number split across chunks is whole again.

Nothing is dropped on purpose: every string and integer of a section is scanned. Free-text fields
(``TEXT_KEYS``) go in as written; other values as ``key: value``, so detectors see the field name.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

NOT_A_SOURCE = "parsing of Bedrock invocation records"

TEXT_KEYS = frozenset(
    {"text", "prompt", "inputText", "system", "content", "generation", "completion", "outputText",
     "generated_text", "output_text", "partial_json", "thinking", "reasoningText"}
)
SECTIONS = (("input", "inputBodyJson", "inputBodyS3Path"), ("output", "outputBodyJson", "outputBodyS3Path"))
_METADATA = frozenset({"inputContentType", "outputContentType", "inputBodyS3Path", "outputBodyS3Path"})
# Where one streamed chunk keeps its piece of the generated text, in the shapes of the common model APIs.
_DELTAS: tuple[tuple[str | int, ...], ...] = (
    ("delta", "text"), ("delta", "partial_json"), ("delta", "thinking"),
    ("contentBlockDelta", "delta", "text"),
    ("choices", 0, "delta", "content"), ("choices", 0, "text"), ("outputs", 0, "text"),
    ("generation",), ("outputText",), ("completion",), ("text",),
)

_Skip = set[tuple[int, str | int]]


@dataclass(frozen=True, slots=True)
class Part:
    """The scannable text of one section and the S3 address of its offloaded body, if any."""

    name: str  # "input" or "output"
    text: str = field(repr=False)
    s3_path: str | None = None


def load_record(line: str | bytes) -> dict[str, Any]:
    """One invocation record; ``ValueError`` (``JSONDecodeError``) when it is not a JSON object."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("invocation record: expected a JSON object")
    return record


def record_id(record: dict[str, Any]) -> dict[str, str]:
    return {"request_id": str(record.get("requestId") or ""), "model_id": str(record.get("modelId") or "")}


def parts(record: dict[str, Any]) -> Iterator[Part]:
    """The input part (with ``requestMetadata``) and the output part of a record."""
    for name, body_key, path_key in SECTIONS:
        section = record.get(name)
        out: list[str] = []
        if isinstance(section, dict):
            for key, value in section.items():
                if key == body_key:
                    out.append(body_text(value, streamed=name == "output"))
                elif key not in _METADATA and not key.endswith("TokenCount"):
                    _walk(value, key, out, set())
        elif section is not None:
            _walk(section, name, out, set())
        if name == "input" and record.get("requestMetadata"):
            _walk(record["requestMetadata"], "requestMetadata", out, set())
        path = section.get(path_key) if isinstance(section, dict) else None
        yield Part(name, "\n".join(s for s in out if s), path if isinstance(path, str) and path else None)


def body_text(body: Any, *, streamed: bool = False) -> str:
    """Scannable text of a request or response body: a parsed JSON value, or the text of a non-JSON body.

    ``streamed``: an output body that is a list of objects is a stream; its deltas are joined into one text.
    """
    if isinstance(body, str) and body.lstrip()[:1] in ("{", "["):
        with contextlib.suppress(ValueError):  # a body logged as a JSON string
            body = json.loads(body)
    out: list[str] = []
    skip: _Skip = set()
    if streamed and isinstance(body, list) and body and all(isinstance(chunk, dict) for chunk in body):
        out.append("".join(_delta(chunk, skip) for chunk in body))
    _walk(body, None, out, skip)
    return "\n".join(s for s in out if s)


def _get(node: Any, step: str | int) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and len(node) > step else None
    return node.get(step) if isinstance(node, dict) else None


def _delta(chunk: dict[str, Any], skip: _Skip) -> str:
    """The piece of generated text in one streamed chunk (marked so the walk does not repeat it)."""
    for path in _DELTAS:
        parent: Any = chunk
        for step in path[:-1]:
            parent = _get(parent, step)
        value = _get(parent, path[-1])
        if isinstance(value, str):
            skip.add((id(parent), path[-1]))
            return value
    return ""


def _walk(node: Any, key: str | int | None, out: list[str], skip: _Skip) -> None:
    if isinstance(node, str):
        out.append(node if key is None or key in TEXT_KEYS else f"{key}: {node}")
    elif isinstance(node, int) and not isinstance(node, bool):
        out.append(f"{key}: {node}" if isinstance(key, str) else str(node))
    elif isinstance(node, dict):
        for k, v in node.items():
            if (id(node), k) not in skip:
                _walk(v, k, out, skip)
    elif isinstance(node, list):
        for item in node:
            _walk(item, key, out, skip)
