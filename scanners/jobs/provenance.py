"""Run provenance: who read the data (STS caller identity), where, over which window, with which exact build.

``provenance(clients, ...)`` returns the JSON-ready ``provenance`` object of a run document (docs/run-json.md):
``caller_arn``, ``account``, ``region``, ``window`` (ISO 8601 start/end), ``tool`` (name, version, ``build``),
``detectors`` and ``decoders`` (each id with a content version), ``rules_sha256`` and ``recorded`` (ISO 8601).

The build id is ``$SPC_BUILD_ID`` when the deployment sets one (CI: the commit or image digest), else the VCS
revision of the checkout the code runs from, plus always ``source_sha256``: a digest of the package's own source
files, so two installs of the same version that differ in any line are told apart. A caller identity that cannot
be read is recorded as ``not recorded (<error code>)``, never guessed.
"""

from __future__ import annotations

import hashlib
import inspect
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

import scanners
from scanners.aws import ClientFactory, error_name
from scanners.engine.core import Engine, default_engine

NOT_RECORDED = "not recorded"
_PACKAGES = ("scanners", "ivr", "reports", "templates")
_SOURCE_SUFFIXES = (".py", ".json", ".j2", ".css")


def iso(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else NOT_RECORDED


def from_ms(value: int | float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value / 1000, UTC)


def caller_identity(clients: ClientFactory) -> dict[str, str]:
    """``caller_arn`` and ``account`` from STS GetCallerIdentity; ``not recorded (<code>)`` on error.

    The ARN names the principal; the ``UserId`` is left out (for an IAM user it is an access-key-shaped id, and an
    emulator answers with AWS's documentation example key, which the report's card-data check rightly refuses)."""
    try:
        out = clients("sts").get_caller_identity()
    except (ClientError, BotoCoreError) as exc:
        missing = f"{NOT_RECORDED} ({error_name(exc)})"
        return {"caller_arn": missing, "account": missing}
    return {"caller_arn": str(out.get("Arn") or NOT_RECORDED), "account": str(out.get("Account") or NOT_RECORDED)}


def _files(root: Path) -> Iterable[Path]:
    for name in _PACKAGES:
        base = root / name
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*") if p.suffix in _SOURCE_SUFFIXES and p.is_file())


def source_sha256(root: Path | None = None) -> str:
    """SHA-256 over the relative names and bytes of the project's source files (the installed build's identity)."""
    root = root or Path(scanners.__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in _files(root):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def vcs_revision(start: Path | None = None) -> str | None:
    """The git commit checked out above ``start`` (a worktree's ``.git`` file is followed), or None."""
    here = (start or Path(scanners.__file__)).resolve()
    for folder in (here, *here.parents):
        dot = folder / ".git"
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if not text.startswith("gitdir:"):
                return None
            git_dir = (folder / text.removeprefix("gitdir:").strip()).resolve()
        elif dot.is_dir():
            git_dir = dot
        else:
            continue
        return _resolve_head(git_dir)
    return None


def _resolve_head(git_dir: Path) -> str | None:
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not head.startswith("ref:"):
        return head or None
    ref = head.removeprefix("ref:").strip()
    common = git_dir
    if (git_dir / "commondir").is_file():
        common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()).resolve()
    for base in (git_dir, common):
        if (base / ref).is_file():
            return (base / ref).read_text(encoding="utf-8").strip() or None
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref:
                return sha
    return None


def build(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``build`` (``$SPC_BUILD_ID``, else ``git:<revision>``, else ``sha256:<source digest>``) and ``source_sha256``."""
    env = os.environ if environ is None else environ
    digest = source_sha256()
    revision = vcs_revision()
    build_id = env.get("SPC_BUILD_ID") or (f"git:{revision}" if revision else f"sha256:{digest[:16]}")
    return {"build": build_id, "vcs_revision": revision or NOT_RECORDED, "source_sha256": digest}


def _versioned(parts: Iterable[Any]) -> list[dict[str, str]]:
    out = []
    for part in parts:
        try:
            source = inspect.getsource(type(part))
        except (OSError, TypeError):
            source = type(part).__qualname__
        out.append({"id": str(part.id), "version": hashlib.sha256(source.encode()).hexdigest()[:12]})
    return out


def provenance(
    clients: ClientFactory,
    *,
    region: str | None = None,
    start_ms: int | None = None,
    end_ms: int | None = None,
    engine: Engine | None = None,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The provenance object of one run (see the module docstring)."""
    engine = engine or default_engine()
    env = os.environ if environ is None else environ
    detectors = _versioned(engine.detectors)
    decoders = _versioned(engine.decoders)
    rules = hashlib.sha256(repr((detectors, decoders)).encode()).hexdigest()
    return {
        **caller_identity(clients),
        "region": region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or NOT_RECORDED,
        "window": {"start": iso(from_ms(start_ms)), "end": iso(from_ms(end_ms))},
        "tool": {"name": "spc", "version": scanners.__version__, **build(env), "backend": engine.backend},
        "detectors": detectors, "decoders": decoders, "rules_sha256": rules,
        "recorded": iso(now or datetime.now(UTC)),
    }


__all__ = ["NOT_RECORDED", "build", "caller_identity", "provenance", "source_sha256", "vcs_revision"]
