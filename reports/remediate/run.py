"""Composition of ``spc trace`` and ``spc remediate``: the run file, the account check, the clients, the record."""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.errors import RemediationError
from reports.remediate.apply import now_iso, overall, remediate_item
from reports.remediate.content import Matcher
from reports.remediate.items import Keep, Run, load_run, select
from reports.remediate.record import KIND, write_record
from reports.remediate.steps import Context, is_local
from reports.render import default_signer
from reports.signing import LocalSigner, Signer
from reports.trace import Tracer
from scanners.aws import ClientFactory, default_clients, error_name
from scanners.cards.fingerprint import Fingerprinter, KmsFingerprinter, LocalKeyFingerprinter
from scanners.engine.core import default_engine


@dataclass
class TraceOptions:
    run: Path
    findings: list[str] = field(default_factory=list)
    keep: Keep | None = None


def identity(clients: ClientFactory, run: Run) -> str:
    """Who runs this (caller ARN); refuses a run file made in another account than the credentials'."""
    try:
        me = clients("sts").get_caller_identity()
    except Exception as exc:
        raise RemediationError(f"credentials: cannot identify the AWS account ({error_name(exc)})") from exc
    if run.account and me.get("Account") != run.account:
        raise RemediationError(f"{run.path}: scope.account {run.account} does not match the credentials' account "
                               f"{me.get('Account')}; use credentials for the account that was scanned")
    return str(me.get("Arn") or "unknown")


def trace(opts: TraceOptions, clients: ClientFactory = default_clients) -> list[dict[str, Any]]:
    run = load_run(opts.run)
    known = {str(f["fingerprint"]) for f in run.findings}
    for fp in opts.findings:
        if fp not in known:
            raise RemediationError(f"--finding {fp}: expected a fingerprint of a finding in {run.path}")
    identity(clients, run)
    tracer = Tracer(clients, run.account)
    out = [tracer.trace(f) for f in run.findings if (not opts.findings or str(f["fingerprint"]) in opts.findings)
           and (opts.keep is None or opts.keep(f))]
    if default_engine().contains_card_data(repr(out)):
        raise RemediationError("trace output: it would hold card data; nothing was printed")
    return out


def fingerprinter(args: argparse.Namespace, clients: ClientFactory) -> Fingerprinter:
    if getattr(args, "kms_key_id", None):
        return KmsFingerprinter(clients("kms"), args.kms_key_id)
    return LocalKeyFingerprinter.from_path(getattr(args, "key_file", None), create=False)


def _quarantine(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    bucket, _, prefix = value.removeprefix("s3://").partition("/")
    if not value.startswith("s3://") or not bucket:
        raise RemediationError("--quarantine: expected s3://BUCKET/PREFIX")
    return bucket, prefix


def remediate(
    args: argparse.Namespace, *, record_id: str, clients: ClientFactory = default_clients,
    signer: Signer | None = None, keep: Keep | None = None,
) -> tuple[dict[str, Any], Path | None]:
    """Plan or apply; on ``--apply`` the signed record is written to ``args.out``. Returns (record, its path)."""
    run = load_run(args.run)
    items, unsupported = select(run, args.finding, args.all, keep)
    started, who = now_iso(), identity(clients, run)
    engine = default_engine()
    ctx = Context(clients, Matcher(engine, fingerprinter(args, clients)), run.scanned_at, bool(args.apply),
                  quarantine=_quarantine(args.quarantine), bypass_governance=bool(args.bypass_governance),
                  local=is_local(clients("sts")))
    results = [remediate_item(item, ctx) for item in items]
    record: dict[str, Any] = {
        "kind": KIND, "version": 1, "id": record_id, "mode": "apply" if args.apply else "plan",
        "run": {"file": run.path.name, "run_id": run.data.get("run_id"), "account": run.account,
                "scanned_at": run.scanned_at.isoformat(),
                "sha256": hashlib.sha256(run.path.read_bytes()).hexdigest()},
        "ran_by": who, "started": started, "finished": now_iso(),
        "options": {"quarantine": args.quarantine, "bypass_governance": bool(args.bypass_governance)},
        "findings": [{k: f.get(k) for k in ("fingerprint", "type", "source", "masked", "location")}
                     for item in items for f in item.findings],
        "items": results, "unsupported": unsupported, "status": overall(results, unsupported, bool(args.apply)),
    }
    if not args.apply:
        return record, None
    if signer is None:
        signer = LocalSigner(args.signing_key) if getattr(args, "signing_key", None) else default_signer()
    return record, write_record(args.out, record, signer, engine)
