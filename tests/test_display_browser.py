"""The reprs in a real headless browser: markup in records shows as text, and badges render."""

from __future__ import annotations

from datetime import UTC, datetime

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from tests.test_rendering import browser

EVIL = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>"


def page(*reprs: str) -> str:
    """A notebook-like page around some reprs."""
    body = "".join(f"<div class='output'>{r}</div>" for r in reprs)
    head = '<meta charset="utf-8"><title>ok</title>'
    return f'<!doctype html><html lang="en"><head>{head}</head><body>{body}</body></html>'


def test_reprs_render_in_chromium_with_record_text_as_text(tmp_path):
    """Chromium keeps the page title and shows the hostile texts literally, badges included."""
    plan = (
        sm.PlanBuilder(
            "client-1", author="clinician-1", clock=lambda: datetime(2026, 1, 5, tzinfo=UTC)
        )
        .add_concern(EVIL)
        .add_trigger(EVIL, sm.TriggerCategory.SOCIAL_PRESSURE, id="t1")
        .add_coping_skill(EVIL, id="c1")
        .link_coping("t1", "c1", efficacy=0.5)
        .build()
    )
    html = page(
        sm.show(plan, include_sensitive=True)._repr_html_(),
        sm.show(sm.CopingGraph.from_plan(plan), include_sensitive=True)._repr_html_(),
        demo_plan()._repr_html_(),
    )
    dom = browser(tmp_path, html, "--dump-dom").stdout
    assert "<title>ok</title>" in dom
    assert "<img" not in dom
    assert "<b>bold</b>" not in dom
    assert "&lt;img src=x onerror=" in dom
    assert dom.count('class="badge sufficient"') == 7
    assert "1 Listen" in dom
