"""Scan results as text, JSON or SARIF 2.1.0. Only masked values and keyed fingerprints ever reach output.

Names (paths, keys, groups, streams) arrive already scanned and masked by the pipeline (``NameGuard``); text
output also escapes control and bidirectional-override characters in them (``escape``), so a file name holding a
newline or U+202E cannot forge a line of the report. JSON and SARIF escape control characters by construction.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from scanners import __version__
from scanners.engine.finding import Finding
from scanners.engine.pipeline import ScanResult

RULES = {
    "pan": "Primary account number (card number)",
    "track": "Magnetic-stripe track data",
    "cvv": "Card verification code (CVV/CVC)",
    "expiry": "Card expiry date",
    "credential": "Credential or secret key",
}


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def escape(name: str) -> str:
    """``name`` with control, line-separator and bidi characters escaped (``\\xNN``, ``\\uNNNN``; ``\\`` doubled)."""
    name = name.replace("\\", "\\\\")
    return _UNSAFE.sub(lambda m: _escaped(m.group()), name)


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def where(location: Any) -> str:
    return _where(location, escape)


def _where(location: Any, esc: Any = str) -> str:
    loc = {k: esc(v) if isinstance(v, str) else v for k, v in dict(location).items()}
    if "path" in loc:
        head = str(loc["path"])
    elif "bucket" in loc:
        head = f"s3://{loc['bucket']}/{loc.get('key', loc.get('prefix', ''))}"
    elif "log_group" in loc:
        head = f"{loc['log_group']} {loc.get('log_stream', '')} @{loc.get('timestamp', '')}"
    else:
        head = " ".join(f"{k}={v}" for k, v in loc.items() if k not in ("line", "column"))
    if "name_field" in loc:
        head += f" (in the {loc['name_field']} name)"
    if "line" in loc:
        head += f":{loc['line']}"
    if "offset_seconds" in loc:
        head += f" @{loc['offset_seconds']}s"
    return head


def write_text(result: ScanResult, out: TextIO) -> None:
    for f in result.findings:
        extra = " (test card)" if f.test_card else ""
        enc = f" via {'>'.join(f.encoding)}" if f.encoding else ""
        out.write(f"{where(f.location)}  {f.type:<10} {f.masked}  [{f.detector}{enc}]{extra}\n")
    lines = []
    for c in result.coverage:
        if not c.complete:
            lines.append(f"{where(c.location)}  NOT SCANNED ({c.status}): {escape(c.reason or '')}")
    s = result.summary()
    excluded = f"  test cards left out: {s['test_cards_excluded']}" if s["test_cards"] == "excluded" else ""
    if result.canaries is not None:
        found = sum(1 for c in result.canaries if c["status"] == "found")
        excluded += f"  canaries found: {found}/{len(result.canaries)}"
    lines.append(
        f"verdict: {result.verdict}  findings: {s['findings']}  items: {len(result.coverage)} "
        f"({s['incomplete_items']} not fully scanned)  bytes: {s['bytes_scanned']}{excluded}"
    )
    out.write("\n".join(lines) + "\n")


_STREAM = "\x00spc-stream-{}\x00"


def _streamed(doc: Any, lists: Sequence[Iterable[Any]], out: TextIO) -> None:
    """``doc`` as indented JSON where each value ``_STREAM.format(i)`` is the list ``lists[i]``, written item by
    item (one compact line each), so a long list is never held as one string."""
    rest = json.dumps(doc, indent=2)
    for i, items in enumerate(lists):
        head, rest = rest.split(json.dumps(_STREAM.format(i)), 1)
        out.write(head + "[")
        first = True
        for item in items:
            out.write(("\n    " if first else ",\n    ") + json.dumps(item))
            first = False
        out.write("\n  ]" if not first else "]")
    out.write(rest + "\n")


def write_json(result: ScanResult, out: TextIO) -> None:
    """The run JSON, findings and coverage streamed (a run with 200k findings is never held as one string)."""
    doc = result.to_dict(findings=_STREAM.format(0), coverage=_STREAM.format(1))
    _streamed(doc, [(f.to_dict() for f in result.findings), (c.to_dict() for c in result.coverage)], out)


def _sarif_location(f: Finding) -> dict[str, Any]:
    loc = dict(f.location)
    if "path" in loc:
        uri = str(loc["path"])
    elif "bucket" in loc:
        uri = f"s3://{loc['bucket']}/{loc.get('key', '')}"
    else:
        return {"logicalLocations": [{"fullyQualifiedName": _where(loc), "kind": f.source}]}
    region: dict[str, Any] = {}
    if "line" in loc:
        region["startLine"] = loc["line"]
    if "column" in loc:
        region["startColumn"] = loc["column"]
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def write_sarif(result: ScanResult, out: TextIO) -> None:
    detectors = sorted({f.detector for f in result.findings} | set(result.detectors))
    rules = [{"id": d, "shortDescription": {"text": RULES.get(d, d)}} for d in detectors]
    results = (
        {
            "ruleId": f.detector,
            "level": "error",
            "message": {
                "text": f"{RULES.get(f.type, f.type)}: {f.masked}" + (" (test card)" if f.test_card else "")
            },
            "locations": [_sarif_location(f)],
            "partialFingerprints": {"spcFingerprint/v1": f.fingerprint},
            "properties": {"type": f.type, "test_card": f.test_card, "encoding": list(f.encoding)},
        }
        for f in result.findings
    )
    notes = [
        {"level": "warning", "message": {"text": f"{_where(c.location)} not scanned ({c.status}): {c.reason}"}}
        for c in result.coverage
        if not c.complete
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "spc", "version": __version__, "rules": rules}},
                "results": _STREAM.format(0),
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
                "properties": {"verdict": result.verdict},
            }
        ],
    }
    _streamed(doc, [results], out)


Writer = Callable[[ScanResult, TextIO], None]
WRITERS: dict[str, Writer] = {"text": write_text, "json": write_json, "sarif": write_sarif}


def _rendered(writer: Writer) -> Callable[[ScanResult], str]:
    def render(result: ScanResult) -> str:
        buf = io.StringIO()
        writer(result, buf)
        return buf.getvalue()

    return render


to_text, to_json, to_sarif = (_rendered(w) for w in (write_text, write_json, write_sarif))
FORMATS = {name: _rendered(w) for name, w in WRITERS.items()}
