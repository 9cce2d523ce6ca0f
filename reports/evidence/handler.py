"""Lambda entry points of the evidence job (``sam/template.yaml``): the nightly run and the Distributed Map's
final step. Both run ``reports.evidence.job.run_evidence_job`` with the configuration from the environment."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reports.evidence.config import JobConfig
from reports.evidence.job import run_evidence_job, summary_of
from scanners.aws import default_clients
from scanners.engine.runtime import tune_allocator
from scanners.errors import ConfigError
from scanners.jobs.nightly import with_targets
from scanners.jobs.worker import merge, writer_results

RESERVE_SECONDS = 60  # of the Lambda's time kept for canary evaluation, controls, evidence, alert and checkpoints


def _deadline(context: Any) -> float | None:
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        return time.time() + float(context.get_remaining_time_in_millis()) / 1000 - RESERVE_SECONDS
    return None


def nightly(event: Mapping[str, Any] | None, context: Any) -> dict[str, Any]:
    """The scheduled run. Event: ``{"full": true}`` re-scans everything; ``{"targets": [...]}`` overrides them."""
    tune_allocator()
    config = JobConfig.from_env(os.environ)
    event = event or {}
    if event.get("targets"):
        config = replace(config, nightly=with_targets(config.nightly, event["targets"]))
    run = run_evidence_job(config, default_clients, full=bool(event.get("full")), deadline=_deadline(context))
    return summary_of(run)


def merge_step(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """The Distributed Map's final state: merge the batches, then the same evidence job (canaries, controls)."""
    s3 = default_clients("s3")
    details = (event.get("sweep") or event).get("ResultWriterDetails") if isinstance(event, Mapping) else None
    if details:
        merged = merge(writer_results(s3, details), s3=s3)
    elif isinstance(event, Mapping) and isinstance(event.get("results"), list):
        merged = merge(event["results"], s3=s3)
    else:
        raise ConfigError("event: expected ResultWriterDetails or a results list")
    config = JobConfig.from_env(os.environ, require_targets=False)
    targets = event.get("targets") or []
    if targets:
        config = replace(config, nightly=with_targets(config.nightly, targets))
    run_id = str(event.get("run_id") or "") or None
    run = run_evidence_job(config, default_clients, merged=merged, deadline=_deadline(context), run_id=run_id)
    return summary_of(run) | {"batches": run["batches"]}
