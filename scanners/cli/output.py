"""Scan results as text, JSON or SARIF 2.1.0. Only masked values and keyed fingerprints ever reach output.

Names (paths, keys, groups, streams) arrive already scanned and masked by the pipeline (``NameGuard``); text
output also escapes control and bidirectional-override characters in them (``escape``), so a file name holding a
newline or U+202E cannot forge a line of the report. JSON and SARIF escape control characters by construction.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from scanners import __version__
from scanners.engine.finding import Finding
from scanners.engine.pipeline import ScanResult
from scanners.lazy_re import lazy_compile

RULES = {
    "pan": "Primary account number (card number)",
    "track": "Magnetic-stripe track data",
    "cvv": "Card verification code (CVV/CVC)",
    "expiry": "Card expiry date",
    "credential": "Credential or secret key",
}
# SARIF rule metadata: (full description, help, security-severity 0-10 as GitHub code scanning reads it)
RULE_HELP = {
    "pan": ("A full card number (Luhn-valid, known brand) stored in cleartext.", "PCI DSS 3.5.1: PAN must be "
            "unreadable wherever it is stored. Remove the value, stop the code path that wrote it, and follow the "
            "incident procedure (12.10.7).", "8.0"),
    "track": ("Magnetic-stripe track 1 or 2 data.", "PCI DSS 3.3.1.1: full track data must not be kept after "
              "authorization. Delete it and find the source.", "9.5"),
    "cvv": ("A card security code next to card context.", "PCI DSS 3.3.1.2: card verification codes must not be "
            "kept after authorization. Delete it and find the source.", "9.0"),
    "expiry": ("A card expiry date next to card context.", "Expiry dates are account data: keep them only with a "
               "documented need and protect them with the PAN.", "5.0"),
    "credential": ("A credential or secret key (cloud keys, API tokens, private keys).", "PCI DSS 8.6.2: secrets "
                   "must not be hard-coded. Rotate the credential and move it to a secret store.", "7.5"),
}


def _when(ms: Any) -> str:
    """Epoch milliseconds (CloudWatch) as ISO 8601 UTC; anything else as given."""
    if isinstance(ms, int | float) and not isinstance(ms, bool):
        return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return str(ms or "")

_INNER = ("version_id", "member", "part", "sheet", "cell", "page", "paragraph", "row_group", "offset", "column", "row")


_UNSAFE = lazy_compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


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
        head = f"{loc['log_group']} {loc.get('log_stream', '')} @{_when(loc.get('timestamp'))}"
    else:
        head = " ".join(f"{k}={v}" for k, v in loc.items() if k not in ("line", "column"))
    if "name_field" in loc:
        head += f" (in the {loc['name_field']} name)"
    if "line" in loc:
        head += f":{loc['line']}"
    # a binary item's text run: its byte offset, and the column inside it (scanners.engine.textruns); with a line
    # (line-structured text, scanners.engine.runlines) the column is the line's, left out as for text files
    run_column = "offset" in loc and "line" not in loc
    inner = [f"{k}={loc[k]}" for k in _INNER if k in loc and (k != "column" or "row" in loc or run_column)]
    if inner:  # where inside an archive, workbook, document or columnar file (scanners.formats)
        head += f" [{' '.join(inner)}]"
    if "offset_seconds" in loc:
        head += f" @{loc['offset_seconds']}s"
    return head


def test_label(f: Finding) -> str:
    """What a published test value is called: a test card, or a vendor's documentation example credential."""
    return "documentation example key" if f.type == "credential" else "test card"


def write_text(result: ScanResult, out: TextIO) -> None:
    for f in result.findings:
        extra = f" ({test_label(f)})" if f.test_card else ""
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


def file_uri(path: str) -> str:
    """A valid RFC 3986 URI for a file path: absolute paths as ``file:///``, relative ones percent-encoded."""
    if PureWindowsPath(path).drive:
        return "file:///" + quote(PureWindowsPath(path).as_posix(), safe="/:")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(PurePosixPath(path).as_posix(), safe="/")


def _uri(loc: dict[str, Any]) -> str | None:
    if "path" in loc:
        return file_uri(str(loc["path"]))
    if "bucket" in loc:
        return f"s3://{quote(str(loc['bucket']), safe='')}/{quote(str(loc.get('key', '')), safe='/')}"
    return None


def stable_fingerprint(f: Finding) -> str:
    """Rule + location + keyed value fingerprint: the same on every machine that shares the fingerprint key
    (``SPC_FINGERPRINT_KEY`` from the CI secret store), different for the same value at two locations."""
    where_ = _uri(dict(f.location)) or where(f.location)
    return hashlib.sha256(f"{f.detector}|{where_}|{f.fingerprint}".encode()).hexdigest()


def _sarif_location(f: Finding) -> dict[str, Any]:
    loc = dict(f.location)
    uri = _uri(loc)
    if uri is None:
        return {"logicalLocations": [{"fullyQualifiedName": _where(loc), "kind": f.source}]}
    region: dict[str, Any] = {}
    if "line" in loc:
        region["startLine"] = loc["line"]
    # a run's own column is no text column, and a CSV finding's column is the header's name
    if isinstance(loc.get("column"), int) and ("line" in loc or "offset" not in loc):
        region["startColumn"] = loc["column"]
    if "offset" in loc:  # a text run of a binary file: where the run starts, or with a line where the finding does
        region["byteOffset"] = loc["offset"]
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _rule(d: str) -> dict[str, Any]:
    full, help_text, severity = RULE_HELP.get(d, (RULES.get(d, d), "Remove the value and find its source.", "5.0"))
    return {"id": d, "name": d.title() + "InCleartext", "shortDescription": {"text": RULES.get(d, d)},
            "fullDescription": {"text": full}, "help": {"text": help_text, "markdown": help_text},
            "defaultConfiguration": {"level": "error"},
            "properties": {"security-severity": severity, "tags": ["security", "pci-dss", "card-data"],
                           "precision": "high" if d in ("pan", "track", "credential") else "medium"}}


def write_sarif(result: ScanResult, out: TextIO, *, files_only: bool = False) -> None:
    """SARIF 2.1.0, results streamed. ``files_only`` (format ``sarif-files``, for GitHub code scanning) keeps only
    results with a file location and says how many others were left out."""
    detectors = sorted({f.detector for f in result.findings} | set(result.detectors))
    rules = [_rule(d) for d in detectors]
    left_out = sum(1 for f in result.findings if "path" not in f.location) if files_only else 0
    results = (
        {
            "ruleId": f.detector,
            "level": "note" if f.test_card else "error",
            "message": {
                "text": f"{RULES.get(f.type, f.type)}: {f.masked}" + (f" ({test_label(f)})" if f.test_card else "")
            },
            "locations": [_sarif_location(f)],
            "partialFingerprints": {"spcLocationValue/v2": stable_fingerprint(f)},
            "properties": {"type": f.type, "test_card": f.test_card, "encoding": list(f.encoding),
                           "value_fingerprint": f.fingerprint},
        }
        for f in result.findings
        if not files_only or "path" in f.location
    )
    notes = [
        {"level": "warning", "message": {"text": f"{_where(c.location)} not scanned ({c.status}): {c.reason}"}}
        for c in result.coverage
        if not c.complete
    ]
    if left_out:
        notes.append({"level": "warning", "message": {"text": f"{left_out} result(s) "
                      "without a file location (S3, CloudWatch, Bedrock, recordings) left out; see the json or "
                      "sarif format"}})
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


def write_sarif_files(result: ScanResult, out: TextIO) -> None:
    write_sarif(result, out, files_only=True)


Writer = Callable[[ScanResult, TextIO], None]
WRITERS: dict[str, Writer] = {"text": write_text, "json": write_json, "sarif": write_sarif,
                              "sarif-files": write_sarif_files}


def _rendered(writer: Writer) -> Callable[[ScanResult], str]:
    def render(result: ScanResult) -> str:
        buf = io.StringIO()
        writer(result, buf)
        return buf.getvalue()

    return render


to_text, to_json, to_sarif, to_sarif_files = (_rendered(w) for w in (write_text, write_json, write_sarif,
                                                               write_sarif_files))
FORMATS = {name: _rendered(w) for name, w in WRITERS.items()}
