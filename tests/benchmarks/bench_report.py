"""Evidence-report rendering speed: HTML for 100,000 findings, and a PDF of about 20 pages.

``python -m tests.benchmarks.bench_report [--findings 100000] [--pdf-rows 160] [--repeat 1]``

Prints figures only (targets: HTML for 100,000 findings <= 10 s, a 20-page PDF <= 10 s); no assertions. Each
step is timed on its own: building the model, rendering HTML, the card-data check of the rendered HTML (which
``spc report`` always runs), and Markdown/JSON for comparison. The PDF lists ``--pdf-rows`` findings.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from reports.model.core import build_model
from reports.model.sample import sample_runs
from reports.render import refuse_card_data, render_html, render_json, render_md, render_pdf
from scanners.engine.core import default_engine


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--pdf-rows", type=int, default=160)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    engine = default_engine()
    runs = sample_runs(30, findings=args.findings)
    total = sum(len(r["findings"]) for r in runs)

    t_model, model = timed(lambda: build_model(runs, engine=engine), args.repeat)
    t_html, html = timed(lambda: render_html(model), args.repeat)
    t_check, _ = timed(lambda: refuse_card_data("report.html", html, engine), args.repeat)
    t_md, md = timed(lambda: render_md(model), args.repeat)
    t_json, as_json = timed(lambda: render_json(model), args.repeat)
    print(f"HTML report, {len(model.findings):,} findings listed ({total:,} in 30 runs):")
    print(f"  model            {t_model:6.2f} s")
    print(f"  render HTML      {t_html:6.2f} s   {len(html) / 1e6:6.1f} MB")
    print(f"  card-data check  {t_check:6.2f} s")
    print(f"  total HTML       {t_model + t_html + t_check:6.2f} s   (target <= 10 s)")
    print(f"  Markdown         {t_md:6.2f} s   {len(md) / 1e6:6.1f} MB")
    print(f"  JSON             {t_json:6.2f} s   {len(as_json) / 1e6:6.1f} MB")

    import weasyprint  # noqa: F401 -- imported before timing: a one-off cost of the process, not of a PDF

    pdf_model = build_model(sample_runs(30, findings=2_000), engine=engine)
    pdf_html = render_html(pdf_model, pdf=True, pdf_limit=args.pdf_rows)
    pdf_json = render_json(pdf_model)
    t_pdf, pdf = timed(lambda: render_pdf(pdf_html, pdf_json), args.repeat)
    from weasyprint import HTML

    pages = len(HTML(string=pdf_html).render().pages)  # counted apart from the timed write
    print(f"PDF/A-3b with the report JSON attached, {args.pdf_rows} finding rows:")
    print(f"  {pages} pages    {t_pdf:6.2f} s   {len(pdf) / 1e6:6.2f} MB   (target <= 10 s for 20 pages)")


if __name__ == "__main__":
    main()
