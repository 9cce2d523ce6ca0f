"""Rendering: autoescaping that really applies, strict templates, self-contained HTML, Markdown escaping, refusal."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from jinja2 import StrictUndefined, UndefinedError

from reports.errors import CardDataInReport, ReportError
from reports.model.core import build_model
from reports.model.sample import sample_controls, sample_runs
from reports.render import environment, human_bytes, md_escape, parse_formats, render_all, render_html, render_md
from scanners.cards.brands import TEST_PANS
from scanners.engine.core import default_engine

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script>|*pwn*'


def hostile_model():  # type: ignore[no-untyped-def]
    runs = sample_runs(2)
    runs[-1]["findings"].append({"type": "pan", "detector": "pan", "source": "s3", "masked": "411111******1111",
                                 "location": {"bucket": "audit", "key": HOSTILE, "line": 1}, "fingerprint": "ee"})
    runs[-1]["scope"]["run_by"] = HOSTILE
    return build_model(runs, now=NOW)


def test_autoescape_applies_to_the_html_template_and_its_partials() -> None:
    env = environment()
    assert env.autoescape("report.html.j2") is True  # type: ignore[operator]
    assert env.autoescape("partials/findings.html.j2") is True  # type: ignore[operator]
    assert env.autoescape("report.md.j2") is False  # type: ignore[operator]
    html = render_html(hostile_model())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_templates_are_strict_about_undefined_names() -> None:
    assert environment().undefined is StrictUndefined
    incomplete = SimpleNamespace(verdict="clean", banner="PASS")
    with pytest.raises(UndefinedError):
        environment().get_template("report.html.j2").render(report=incomplete, pdf=False, pdf_limit=1)
    with pytest.raises(UndefinedError):
        environment().get_template("report.md.j2").render(report=incomplete)


def test_html_is_self_contained() -> None:
    html = render_html(build_model(sample_runs(3, skip_nights=[1]), now=NOW))
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
    for attr, value in re.findall(r"\b(href|src|xlink:href|action)\s*=\s*[\"']([^\"']*)", html, re.I):
        assert value.startswith("#"), (attr, value)
    assert not re.search(r"url\((?!#)", html)
    assert "@import" not in html
    assert not re.search(r"\b(?:https?|ftp):|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.I)
    assert "@media print" in html and "<svg" in html


def test_html_has_every_section() -> None:
    html = render_html(build_model(sample_runs(2), now=NOW))
    for anchor in ("verdict", "summary", "scope", "sources", "findings", "canaries", "controls", "requirements",
                   "trend", "waivers", "methodology", "integrity"):
        assert f'id="{anchor}"' in html


def test_markdown_escapes_table_breakers_and_html() -> None:
    md = render_md(hostile_model())
    assert "<script>" not in md
    assert "&lt;script&gt;" in md and r"\|\*pwn\*" in md


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", r"a\|b"), ("*x*", r"\*x\*"), ("<b>", "&lt;b&gt;"), ("line\nbreak", "line break"), ("`c`", r"\`c\`"),
    ("[l](u)", r"\[l\](u)"), ("back\\slash", "back\\\\slash"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


@pytest.mark.parametrize(("n", "text"), [(0, "0 B"), (999, "999 B"), (1500, "1.5 KB"), (5_312_000, "5.3 MB"),
                                         (7.5e9, "7.5 GB")])
def test_human_bytes(n: float, text: str) -> None:
    assert human_bytes(n) == text


def test_render_refuses_card_data_and_never_names_the_value() -> None:
    pan = sorted(TEST_PANS)[0]
    runs = sample_runs(1)
    controls = sample_controls()
    controls[0]["evidence"] = {"note": f"card {pan} seen in a tag"}
    model = build_model(runs, controls=controls, now=NOW)
    for formats in (["html"], ["md"], ["json"]):
        with pytest.raises(CardDataInReport) as err:
            render_all(model, formats, default_engine())
        assert pan not in str(err.value) and pan[-4:] not in str(err.value)
        assert "nothing was written" in str(err.value)


def test_render_json_uses_the_scan_vocabulary() -> None:
    model = build_model(sample_runs(2, leaks=False), now=NOW)
    files = render_all(model, ["json"], default_engine())
    doc = json.loads(files["report.json"])
    assert doc["verdict"] == "clean" and doc["banner"] == "PASS"
    assert {s["type"] for s in doc["sources"]} == {"cloudwatch", "s3", "bedrock", "recordings"}


@pytest.mark.parametrize("value", ["", "html,docx", "pdf;md", ",,"])
def test_parse_formats_rejects_unknown(value: str) -> None:
    with pytest.raises(ReportError, match="--format: expected"):
        parse_formats(value)


def test_parse_formats_normalises() -> None:
    assert parse_formats(" HTML,md,html ") == ("html", "md")


def test_short_fingerprint_drops_the_shared_scheme() -> None:
    from reports.render import short_fingerprint

    assert short_fingerprint("hmac-sha256:0123456789abcdef0123") == "0123456789abcdef"
    assert short_fingerprint("abc") == "abc"
