"""The docs' interactive examples run and print what the pages say."""

import doctest
from datetime import date
from pathlib import Path

import pytest

import strengthmodel as sm
from strengthmodel.demo import demo_plan

PAGES = sorted(
    p for p in (Path(__file__).parents[1] / "docs").rglob("*.md") if ">>> " in p.read_text()
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples(page):
    """Every >>> example on a docs page gives the output shown."""
    plan = demo_plan()
    # Code fences end a Markdown example; doctest would read them as expected output.
    text = "\n".join(
        "" if line.strip().startswith("```") else line for line in page.read_text().splitlines()
    )
    globs = {"sm": sm, "date": date, "plan": plan, "graph": sm.CopingGraph.from_plan(plan)}
    test = doctest.DocTestParser().get_doctest(text, globs, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_pages_with_examples_are_covered():
    """The pages that teach with examples are all checked."""
    assert {p.name for p in PAGES} >= {
        "robust-plan.md",
        "goal-attainment-scaling.md",
        "reliable-change.md",
    }
