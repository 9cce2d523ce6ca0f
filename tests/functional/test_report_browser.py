"""The rendered report in a real browser (headless Chromium) and the PDF pages through poppler.

Fails on console messages or failed loads, on horizontal overflow, missing or empty sections, overlapping summary
cards or a wrong banner colour. Screenshots stay in the test's tmp dir; with ``SPC_UPDATE_SCREENSHOTS=1`` the
FAIL report's screenshot is copied to ``docs/screenshots/report.png``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests` is not an installed package
    sys.path.insert(0, str(ROOT))

from reports.model.sample import sample_canaries, sample_runs  # noqa: E402
from reports.render import build_report  # noqa: E402
from reports.signing import LocalSigner  # noqa: E402
from tests.functional.browser import pdftoppm, run_chromium  # noqa: E402

SECTIONS = ("verdict", "summary", "scope", "sources", "findings", "canaries", "controls", "requirements", "trend",
            "waivers", "methodology")
BANNER = {"leaks": "rgb(180, 35, 24)", "clean": "rgb(26, 127, 55)", "incomplete": "rgb(181, 71, 8)"}
PROBE = """<script>
(function () {
  var out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, sections: {},
             banner: getComputedStyle(document.querySelector('header.banner')).backgroundColor, overlaps: 0,
             wideTables: 0};
  SECTIONS_JSON.forEach(function (id) {
    var el = document.getElementById(id); out.sections[id] = el ? el.offsetHeight : -1;
  });
  var cards = Array.prototype.map.call(document.querySelectorAll('.card'),
                                       function (c) { return c.getBoundingClientRect(); });
  for (var i = 0; i < cards.length; i++) for (var j = i + 1; j < cards.length; j++) {
    var a = cards[i], b = cards[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.overlaps++;
  }
  var main = document.querySelector('main').getBoundingClientRect();
  document.querySelectorAll('main table').forEach(function (t) {
    if (t.getBoundingClientRect().right > main.right + 1) out.wideTables++;
  });
  var pre = document.createElement('pre'); pre.id = 'layout-probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>""".replace("SECTIONS_JSON", json.dumps(list(SECTIONS)))


def _runs(verdict: str) -> list[dict]:  # type: ignore[type-arg]
    if verdict == "clean":
        return sample_runs(3, leaks=False)
    if verdict == "incomplete":
        runs = sample_runs(3, leaks=False, gap_last=True)
        runs[-1]["canaries"] = sample_canaries(miss=["s3"])
        return runs
    return sample_runs(7, skip_nights=[2], gap_last=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One signed report per verdict; only the FAIL one has a PDF (shared by the PDF tests)."""
    root = tmp_path_factory.mktemp("browser")
    signer = LocalSigner(root / "key.pem")
    out = {}
    for verdict in BANNER:
        formats = ("html", "json", "pdf") if verdict == "leaks" else ("html",)
        model = build_report(_runs(verdict), root / verdict, formats=formats, signer=signer)
        assert model.verdict == verdict
        out[verdict] = root / verdict
    return out


def test_report_opens_in_chromium_without_console_errors(reports: dict[str, Path], tmp_path: Path) -> None:
    done = run_chromium((reports["leaks"] / "report.html").as_uri(), tmp_path, "--window-size=1280,2000",
                        "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    problems = [line for line in done.stderr.splitlines()
                if re.search(r"CONSOLE|Uncaught|net::ERR_|Failed to load|Refused to", line)]
    assert problems == []
    for section in SECTIONS:
        assert f'id="{section}"' in done.stdout
    assert "F-00001" in done.stdout and "<svg" in done.stdout


@pytest.mark.parametrize("verdict", list(BANNER))
def test_report_layout_in_chromium(reports: dict[str, Path], tmp_path: Path, verdict: str) -> None:
    probe = tmp_path / "probe.html"  # a copy with a measuring script; the report itself has no script
    probe.write_text((reports[verdict] / "report.html").read_text().replace("</body>", PROBE + "</body>"))
    done = run_chromium(probe.as_uri(), tmp_path, "--window-size=1280,2000", "--dump-dom")
    found = re.search(r'<pre id="layout-probe">(.*?)</pre>', done.stdout)
    assert found, done.stderr[-2000:]
    layout = json.loads(found.group(1).replace("&quot;", '"'))
    assert layout["scrollWidth"] <= layout["innerWidth"], "the page scrolls sideways"
    assert all(h > 0 for h in layout["sections"].values()), layout["sections"]
    assert layout["banner"] == BANNER[verdict]
    assert layout["overlaps"] == 0 and layout["wideTables"] == 0


def test_report_screenshot(reports: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    done = run_chromium((reports["leaks"] / "report.html").as_uri(), tmp_path, f"--screenshot={shot}",
                        "--window-size=1280,2000", "--hide-scrollbars")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1280, 2000)
        assert rgb.getpixel((20, 20)) == (180, 35, 24)  # the FAIL banner
        colours = rgb.resize((64, 100)).getcolors(maxcolors=64 * 100)
        assert colours is not None and len(colours) > 20  # text, tables and badges, not a blank page
    if os.environ.get("SPC_UPDATE_SCREENSHOTS") == "1":
        target = ROOT / "docs" / "screenshots" / "report.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)


def test_pdf_pages_render(reports: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    pdf = reports["leaks"] / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    done = subprocess.run([pdftoppm(), "-r", "40", "-png", str(pdf), str(tmp_path / "page")], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) > 1
    for page in pages:
        assert page.stat().st_size > 0
        with Image.open(page) as image:
            lo, hi = image.convert("L").getextrema()
            assert hi - lo > 100, f"{page.name} is blank"


def test_pdf_embeds_the_report_json(reports: dict[str, Path], tmp_path: Path) -> None:
    pdfdetach = str(Path(pdftoppm()).with_name("pdfdetach"))  # same poppler-utils package
    pdf = reports["leaks"] / "report.pdf"
    listing = subprocess.run([pdfdetach, "-list", str(pdf)], capture_output=True, text=True, timeout=60, check=False)
    assert "report.json" in listing.stdout, listing.stdout + listing.stderr
    out = tmp_path / "attached.json"
    subprocess.run([pdfdetach, "-save", "1", "-o", str(out), str(pdf)], capture_output=True, timeout=60, check=True)
    assert out.read_bytes() == (reports["leaks"] / "report.json").read_bytes()
