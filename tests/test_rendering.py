"""The client page and clinician summary, checked as text and in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from strengthmodel.rendering import markdown_escape
from strengthmodel.testing import plans, texts

EVIL = "<img src=x onerror=alert(1)>"
CLIENT_HEADINGS = [
    "My strengths",
    "My goals",
    "My challenges this week",
    "My warning signs",
    "What I do, in this order",
    "1. Things I can do on my own",
    "2. People and places that take my mind off things",
    "3. People I can ask for help",
    "4. Professionals I can contact",
    "5. Crisis lines and emergency services",
    "Making my surroundings safe",
    "My reasons for living",
    "My daily routine",
]
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail(f"{names[0]} is required in CI (.ci/run installs it)")
    pytest.skip(f"{names[0]} is not installed")
    raise AssertionError  # unreachable: skip raises


def browser(tmp_path: Path, html: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a page written to ``tmp_path``."""
    chromium = _tool("chromium", "chromium-browser")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    profile = tmp_path / "profile"
    return subprocess.run(
        [chromium, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def print_pdf(tmp_path: Path, html: str) -> Path:
    pdf = tmp_path / "page.pdf"
    browser(tmp_path, html, f"--print-to-pdf={pdf}")
    assert pdf.exists()
    return pdf


def pages(pdf: Path) -> tuple[int, str]:
    """The page count and the page size line of a PDF."""
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE)[1]  # type: ignore[index]
    return count, size


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def evil_plan() -> sm.Plan:
    plan = sm.Plan.new(sm.Client(pseudonym="c1", preferred_language="es-MX"), author="dr-lee")
    plan = sm.ops.add_coping_skill(plan, EVIL, id="skill-1", author="dr-lee")
    return sm.ops.add_support(
        plan, EVIL, sm.SupportRole.CRISIS, contact="<b>999</b>", id="s1", author="dr-lee"
    )


@pytest.fixture(scope="module")
def client_html() -> str:
    return sm.render(demo_plan(), include_sensitive=True)


def test_client_page_prints_on_one_letter_page_with_sections_in_ladder_order(tmp_path, client_html):
    """Chromium prints the demo safety plan on one page, headings in ladder order."""
    pdf = print_pdf(tmp_path, client_html)
    count, size = pages(pdf)
    assert (count, size.endswith("(letter)")) == (1, True)
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    # A long heading may wrap: match the line that starts it.
    found = [
        next(i for i, line in enumerate(lines) if len(line) > 5 and h.startswith(line))
        for h in CLIENT_HEADINGS
    ]
    assert found == sorted(found)
    assert "Local crisis line 116 123" in lines


def test_client_page_prints_on_one_a4_page(tmp_path, client_html):
    """On A4 paper the same page also fits on one page."""
    a4 = client_html.replace("@page { margin: 10mm; }", "@page { size: A4; margin: 10mm; }")
    assert a4 != client_html
    count, size = pages(print_pdf(tmp_path, a4))
    assert (count, size.endswith("(A4)")) == (1, True)


def test_markup_in_records_shows_as_text_in_the_browser(tmp_path):
    """A record whose text is an <img onerror> tag is printed as text, never run."""
    html = sm.render(evil_plan(), include_sensitive=True)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = pdf_text(print_pdf(tmp_path, html))
    assert EVIL in text
    assert "<b>999</b>" in text
    dom = browser(tmp_path, html, "--dump-dom").stdout
    assert "<img" not in dom
    assert "<b>" not in dom


def test_html_is_self_contained_with_csp_lang_and_headings(client_html):
    """No scripts or external requests; a CSP meta tag, lang, and one h1."""
    html = client_html
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html
    assert "<script" not in html
    assert re.search(r"""(src|href)=""", html) is None
    assert "http://" not in html
    assert "https://" not in html
    assert html.count("<h1>") == 1
    assert re.findall(r"<h[23][^>]*>([^<]*)</h[23]>", html) == [
        h.replace("'", "&#39;") for h in CLIENT_HEADINGS
    ]
    assert '<html lang="es-MX">' in sm.render(evil_plan(), include_sensitive=True)


def test_client_page_requires_sensitive_content_explicitly():
    """Rendering the client page without include_sensitive=True is refused."""
    with pytest.raises(sm.ValidationError, match="include_sensitive=True"):
        sm.render(demo_plan())
    with pytest.raises(sm.ValidationError, match="expected 'html' or 'markdown'"):
        sm.render(demo_plan(), format="pdf", include_sensitive=True)  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="expected 'client' or 'clinician'"):
        sm.render(demo_plan(), audience="family")  # type: ignore[arg-type]


def _headings(tokens: list) -> list[str]:
    return [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in {"h2", "h3"}
    ]


def test_markdown_client_page_parses_as_commonmark_with_the_same_sections():
    """The Markdown page has the same headings, and markup in records stays text."""
    md = MarkdownIt("commonmark").enable("table")
    text = sm.render(demo_plan(), format="markdown", include_sensitive=True)
    assert _headings(md.parse(text)) == CLIENT_HEADINGS
    evil = sm.render(evil_plan(), format="markdown", include_sensitive=True)
    assert _raw_html(md.parse(evil)) == []
    html = md.render(evil)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<strong>&lt;b&gt;999&lt;/b&gt;</strong>" in html


def test_clinician_summary_has_progress_findings_t_scores_and_coverage():
    """The clinician summary shows the demo's findings, T-scores and coverage, no names."""
    plan = demo_plan()
    text = sm.render(plan, format="markdown", audience="clinician", today=date(2026, 7, 1))
    md = MarkdownIt("commonmark").enable("table")
    assert _headings(md.parse(text)) == [
        "Progress through the seven steps",
        "Review findings",
        "Goal Attainment Scaling T-scores",
        "Goals",
        "Coping coverage",
    ]
    rendered = md.render(text)
    assert "<td>2026-03-23</td>\n<td>30.4</td>\n<td>37.7</td>\n<td>+7.4</td>" in rendered
    assert "<td>2026-04-06</td>\n<td>30.4</td>\n<td>45.1</td>\n<td>+14.7</td>" in rendered
    assert "- **SM109** (warning)" in text
    assert "2 of 2 triggers have a coping strategy (100%)" in text
    html = sm.render(plan, audience="clinician", today=date(2026, 7, 1))
    for secret in [plan.client.name, plan.goals[0].statement, plan.supports[0].contact]:
        assert secret
        assert secret not in text
        assert secret not in html
    assert "<td>45.1</td>" in html


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_changes=12))
def test_every_generated_plan_renders_in_both_formats(plan):
    """Any valid plan renders for both audiences and formats; the Markdown parses."""
    md = MarkdownIt("commonmark").enable("table")
    for kind in ("html", "markdown"):
        for audience in ("client", "clinician"):
            page = sm.render(
                plan,
                format=kind,
                audience=audience,
                include_sensitive=True,
                today=date(2026, 1, 1),
            )
            if kind == "markdown":
                assert _raw_html(md.parse(page)) == []


def _raw_html(tokens: list) -> list[str]:
    found = [t.content for t in tokens if t.type.startswith("html_")]
    for token in tokens:
        found += _raw_html(token.children or [])
    return found


@settings(max_examples=300)
@given(texts(max_length=30))
def test_markdown_escape_always_reads_back_as_the_same_text(text):
    """Escaped text parses (CommonMark) to exactly that text: no markup, no loss."""
    md = MarkdownIt("commonmark")
    for line in (f"Say: {markdown_escape(text)}", f"- {markdown_escape(text)}"):
        inline = next(t for t in md.parse(line) if t.type == "inline")
        assert {c.type for c in inline.children or []} <= {"text", "text_special"}
        read = "".join(c.content for c in inline.children or [])
        expected = " ".join(text.replace("\0", "\ufffd").split())
        prefix = "Say: " if line.startswith("Say") else ""
        assert read == (prefix + expected).strip()
