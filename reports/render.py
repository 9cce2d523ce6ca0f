"""Render a report model to HTML, Markdown, JSON and PDF, refuse card data, write and sign the directory.

Templates live in the ``templates`` package and see one object, ``report`` (a ``ReportModel``). Autoescaping is
on for ``*.html``/``*.html.j2``/``*.xml`` names (the compound extension must be named: Jinja's default only looks at
the last one) and undefined names raise. Every rendered text is scanned with the detection engine before anything
is written; a report that would contain card data raises ``CardDataInReport`` and leaves the directory untouched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports.controls import ControlResult
from reports.errors import CardDataInReport, ReportError
from reports.exports import exports
from reports.model.core import ReportModel, build_model
from reports.model.waivers import Waiver, load_waivers
from reports.signing import (
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    LocalSigner,
    Signer,
    key_fingerprint,
    run_binding,
    sign_directory,
)
from scanners.engine.core import Engine, default_engine

EXPORTS = exports()
FORMATS = ("html", "md", "json", "pdf", *EXPORTS)
FILES = {"html": "report.html", "md": "report.md", "json": "report.json", "pdf": "report.pdf"} | {
    name: e.file for name, e in EXPORTS.items()}
PDF_HINT = "PDF not written: WeasyPrint is not installed (pip install 'smart-payment-caller[pdf]' and its system " \
           "libraries pango and harfbuzz); the other formats were written"
PDF_MAX_FINDINGS = 200
SECTIONS = (("summary", "Summary"), ("scope", "Scope"), ("sources", "Sources"), ("findings", "Findings"),
            ("canaries", "Canaries"), ("controls", "Controls"), ("requirements", "PCI DSS"), ("trend", "Trend"),
            ("waivers", "Waivers"), ("methodology", "Methodology"))
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "})


def template_dir() -> Path:
    import templates

    return Path(templates.__file__).parent


def md_escape(value: Any) -> str:
    """Text safe inside a Markdown table cell: no markup, no raw HTML, no line breaks."""
    return str(value).translate(_MD_SPECIAL)


def human_bytes(value: Any) -> str:
    size = float(value or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"  # pragma: no cover


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir())),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "xml"), default_for_string=True,
                                     default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["bytes"] = human_bytes
    env.filters["num"] = lambda n: f"{int(n):,}"
    env.filters["short_fp"] = short_fingerprint
    css = (template_dir() / "report.css").read_text(encoding="utf-8")
    env.globals["css"] = Markup(css)  # noqa: S704 -- our own packaged stylesheet, not input
    env.globals["sections"] = SECTIONS
    return env


def render_html(report: ReportModel, *, pdf: bool = False, pdf_limit: int = PDF_MAX_FINDINGS) -> str:
    return environment().get_template("report.html.j2").render(report=report, pdf=pdf, pdf_limit=pdf_limit)


def render_md(report: ReportModel) -> str:
    return environment().get_template("report.md.j2").render(report=report)


def render_json(report: ReportModel) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("external resources are not allowed in a report")


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there but pango/harfbuzz are not
        return False
    return True


def render_pdf(html: str, attachment: str) -> bytes:
    """PDF/A-3b of ``html`` with ``attachment`` (the report JSON) embedded; nothing is fetched."""
    try:
        from weasyprint import HTML, Attachment
    except ImportError as exc:
        raise ReportError("format pdf: WeasyPrint is not installed (pip install 'smart-payment-caller[pdf]')") from exc
    document = HTML(string=html, base_url=None, url_fetcher=_no_fetch)
    data = document.write_pdf(
        pdf_variant="pdf/a-3b",
        attachments=[Attachment(string=attachment, name="report.json", description="Machine-readable report")],
    )
    return bytes(data)


def refuse_card_data(name: str, text: str, engine: Engine) -> None:
    """Raise ``CardDataInReport`` when ``text`` holds card data (the message names kinds, never values)."""
    spans = engine.scan_text(text)
    if spans:
        kinds = ", ".join(sorted({s.type for s in spans}))
        raise CardDataInReport(f"{name}: would contain {len(spans)} card-data value(s) ({kinds}); nothing was written")


def render_all(report: ReportModel, formats: Sequence[str], engine: Engine) -> dict[str, bytes]:
    """File name -> bytes for each format, after every text has passed the card-data check."""
    out: dict[str, bytes] = {}
    as_json = render_json(report)
    texts = {"html": lambda: render_html(report), "md": lambda: render_md(report), "json": lambda: as_json}
    for fmt in formats:
        if fmt in texts:
            text = texts[fmt]()
            refuse_card_data(FILES[fmt], text, engine)
            out[FILES[fmt]] = text.encode("utf-8")
        elif fmt in EXPORTS:
            text = EXPORTS[fmt].render(report)
            refuse_card_data(FILES[fmt], text, engine)
            out[FILES[fmt]] = text.encode("utf-8")
    if "pdf" in formats and pdf_available():
        html = render_html(report, pdf=True)
        refuse_card_data("report.pdf (page content)", html, engine)
        refuse_card_data("report.pdf (embedded report.json)", as_json, engine)
        out[FILES["pdf"]] = render_pdf(html, as_json)
    return out


def parse_formats(value: str | Sequence[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (value.split(",") if isinstance(value, str) else value) if f.strip()]
    if items == ["all"]:
        return FORMATS
    if not items or any(f not in FORMATS for f in items):
        raise ReportError(f"--format: expected a comma-separated subset of {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def default_signer() -> LocalSigner:
    """The local signing key: ``$SPC_SIGNING_KEY`` or ``~/.config/spc/signing.pem`` (created on first use)."""
    path = os.environ.get("SPC_SIGNING_KEY") or str(Path.home() / ".config" / "spc" / "signing.pem")
    return LocalSigner(Path(path))


def read_previous(previous: Path | None) -> Mapping[str, Any] | None:
    """The previous report's JSON (for history), or None when there is none."""
    if previous is None:
        return None
    path = previous / FILES["json"]
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"--previous {previous}: report.json is unreadable or not JSON") from exc
    return data if isinstance(data, dict) else None


def short_fingerprint(fingerprint: str, width: int = 16) -> str:
    """The first hex digits of a fingerprint, without the ``hmac-sha256:`` scheme every one of them shares."""
    return fingerprint.partition(":")[2][:width] if ":" in fingerprint else fingerprint[:width]


def build_report(
    runs: Sequence[Mapping[str, Any]],
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    signer: Signer | None = None,
    previous: Path | None = None,
    waivers: Path | Sequence[Waiver] | None = None,
    controls: Sequence[ControlResult | Mapping[str, Any]] | None = None,
    engine: Engine | None = None,
    now: datetime | None = None,
    remediated: Callable[[Mapping[str, Any]], str] | None = None,
    prepared_by: str | None = None,
    approved_by: str | None = None,
    annotations: Sequence[Mapping[str, Any]] = (),
) -> ReportModel:
    """Build, render, check, write and sign a report directory; returns the model.

    ``pdf`` is skipped (see ``PDF_HINT``) when WeasyPrint cannot be loaded; every other format is still written.

    Raises ``CardDataInReport`` (nothing written) when a rendered file would hold card data, ``ReportError`` for
    bad input, ``SigningError`` when the key cannot be used.
    """
    formats = parse_formats(formats)
    out_dir = Path(out_dir)
    if previous is not None and previous.resolve() == out_dir.resolve():
        raise ReportError("--previous: expected the previous report's directory, not the output directory")
    engine = engine or default_engine()
    waiver_list = load_waivers(waivers) if isinstance(waivers, Path) else list(waivers or ())
    chained = previous is not None and (previous / MANIFEST).exists()
    signer = signer or default_signer()
    model = build_model(runs, waivers=waiver_list, controls=controls, previous_report=read_previous(previous),
                        signed=True, chained=chained, engine=engine, now=now, remediated=remediated,
                        prepared_by=prepared_by, approved_by=approved_by, annotations=annotations,
                        signer_fingerprint=key_fingerprint(signer.public_key_pem()))
    files = render_all(model, formats, engine)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in (*FILES.values(), MANIFEST, SIGNATURE, PUBLIC_KEY):
            (out_dir / name).unlink(missing_ok=True)  # a stale file from an earlier render must not be signed
        for name, data in files.items():
            (out_dir / name).write_bytes(data)
    except OSError as exc:
        raise ReportError(f"--out {out_dir}: cannot write the report ({exc.strerror})") from exc
    sign_directory(out_dir, signer, previous=previous, created_by=model.scope.generated_by, files=list(files),
                   binding=run_binding(runs))
    return model
