"""Waivers: accepted exceptions to a finding, each with a justification and an expiry.

A waivers file is JSON (``{"waivers": [...]}`` or a bare list) or TOML (``[[waivers]]`` tables). Each waiver names
the ``fingerprint`` it covers (optionally narrowed by ``source`` and ``type``), a ``justification``, an ``expires``
date (``YYYY-MM-DD``, last valid day) and optionally ``id`` and ``approved_by``. An expired waiver is still shown
in the report but no longer counts: the findings it named are ``new`` or ``known`` again.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reports.errors import ReportError

_FIELDS = frozenset({"id", "fingerprint", "source", "type", "justification", "expires", "approved_by"})


@dataclass(frozen=True, slots=True)
class Waiver:
    id: str
    fingerprint: str
    justification: str
    expires: date
    approved_by: str = ""
    source: str = ""
    type: str = ""

    def active(self, today: date) -> bool:
        return today <= self.expires

    def covers(self, finding: Mapping[str, Any]) -> bool:
        return (
            finding.get("fingerprint") == self.fingerprint
            and (not self.source or finding.get("source") == self.source)
            and (not self.type or finding.get("type") == self.type)
        )

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "id": self.id,
            "fingerprint": self.fingerprint,
            "source": self.source,
            "type": self.type,
            "justification": self.justification,
            "expires": self.expires.isoformat(),
            "approved_by": self.approved_by,
            "active": self.active(today),
        }


def _text(entry: Mapping[str, Any], name: str, where: str, *, required: bool) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ReportError(f"{where}.{name}: expected a non-empty string")
    return value.strip()


def parse_waiver(entry: Any, index: int) -> Waiver:
    """One waiver from its mapping; errors name the field, never echo its value."""
    where = f"waivers[{index}]"
    if not isinstance(entry, Mapping):
        raise ReportError(f"{where}: expected a table/object with fingerprint, justification and expires")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ReportError(f"{where}: unknown field(s) {', '.join(unknown)}; expected {', '.join(sorted(_FIELDS))}")
    raw_expiry = entry.get("expires")
    if isinstance(raw_expiry, date):  # TOML dates arrive parsed
        expires = raw_expiry
    else:
        try:
            expires = date.fromisoformat(str(raw_expiry))
        except ValueError as exc:
            raise ReportError(f"{where}.expires: expected a YYYY-MM-DD date") from exc
    fingerprint = _text(entry, "fingerprint", where, required=True)
    return Waiver(
        id=_text(entry, "id", where, required=False) or f"W-{index + 1:03d}",
        fingerprint=fingerprint,
        justification=_text(entry, "justification", where, required=True),
        expires=expires,
        approved_by=_text(entry, "approved_by", where, required=False),
        source=_text(entry, "source", where, required=False),
        type=_text(entry, "type", where, required=False),
    )


def parse_waivers(data: Any) -> list[Waiver]:
    """Waivers from ``{"waivers": [...]}`` (or a bare list); the format is ``reports/waivers.schema.json``."""
    if isinstance(data, Mapping):
        unknown = sorted(set(data) - {"waivers", "$schema", "version"})
        if unknown:
            raise ReportError(f"waivers file: unknown top-level field(s) {', '.join(unknown)}; expected waivers "
                              "(see reports/waivers.schema.json)")
        if "waivers" not in data:
            raise ReportError("waivers file: expected a top-level waivers list (see reports/waivers.schema.json)")
    entries = data.get("waivers", []) if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise ReportError("waivers: expected a list of waivers")
    waivers = [parse_waiver(entry, i) for i, entry in enumerate(entries)]
    ids = [w.id for w in waivers]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ReportError(f"waivers: duplicate id(s) {', '.join(duplicates)}")
    return waivers


def load_waivers(path: Path) -> list[Waiver]:
    """Read and validate a waivers file (``.toml`` or JSON)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"waivers file {path}: cannot be read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        kind = "TOML" if path.suffix == ".toml" else "JSON"
        raise ReportError(f"waivers file {path}: expected valid {kind} ({type(exc).__name__})") from exc
    return parse_waivers(data)


def waiver_for(finding: Mapping[str, Any], waivers: Sequence[Waiver], today: date) -> Waiver | None:
    """The first active waiver covering ``finding``."""
    for waiver in waivers:
        if waiver.active(today) and waiver.covers(finding):
            return waiver
    return None
