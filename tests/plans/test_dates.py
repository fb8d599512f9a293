"""The date a plan is judged on: the caller's, else the day of its latest change."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import strengthmodel as sm
from strengthmodel.cli import main
from strengthmodel.plans.dates import as_of, last_changed_on

SRC = Path(__file__).parents[2] / "src" / "strengthmodel"


def clock(*moments: datetime) -> Callable[[], datetime]:
    """A clock that returns the given moments, one per change."""
    ticks: Iterator[datetime] = iter(moments)
    return lambda: next(ticks)


def stale_plan() -> sm.Plan:
    """A session on 10 January, then an edit on 1 May (late evening UTC), and no session since."""
    return (
        sm.PlanBuilder(
            "c1",
            author="clinician-1",
            clock=clock(
                datetime(2026, 1, 10, 9, tzinfo=UTC),  # opening
                datetime(2026, 1, 10, 9, 30, tzinfo=UTC),  # session
                datetime(2026, 5, 1, 23, 59, tzinfo=UTC),  # strength
            ),
        )
        .add_session(date(2026, 1, 10), [sm.Step.LISTEN])
        .add_strength("Walker", sm.StrengthCategory.SKILL, id="s1")
        .build()
    )


def test_last_changed_on_is_the_utc_date_of_the_newest_history_entry():
    """The newest entry's `at`, as a UTC calendar date."""
    plan = stale_plan()
    assert last_changed_on(plan) == date(2026, 5, 1)
    assert as_of(plan, None) == date(2026, 5, 1)
    assert as_of(plan, date(2026, 2, 1)) == date(2026, 2, 1)


def test_as_of_refuses_what_is_not_a_date():
    """A datetime or a string is refused with our error, naming `today`."""
    plan = stale_plan()
    with pytest.raises(sm.ValidationError, match=r"today: expected date, got a date and time"):
        as_of(plan, datetime(2026, 5, 1, tzinfo=UTC))  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match=r"today: expected date, got text of"):
        sm.review(plan, today="2026-05-01")  # type: ignore[arg-type]


def test_review_defaults_to_the_date_of_the_latest_change():
    """Without `today`, SM109 counts from the last session to the latest change: 111 days."""
    plan = stale_plan()
    [finding] = sm.review(plan, ignore={"SM111"})
    assert finding.message == (
        "No session since 2026-01-10 (111 days, more than 90): review the plan with the client."
    )
    assert sm.review(plan) == sm.review(plan, today=date(2026, 5, 1))
    assert sm.review(plan, today=date(2026, 2, 1), ignore={"SM111"}) == []


def test_ignore_accepts_any_iterable_of_codes_but_not_a_string():
    """Sets, frozensets, lists, tuples and generators all work; a bare string is refused."""
    plan = stale_plan()
    expected = sm.review(plan, ignore=frozenset({"SM111"}))
    assert [f.code for f in expected] == ["SM109"]
    for ignore in ({"SM111"}, ["SM111"], ("SM111",), (c for c in ["SM111"]), {"SM111": 1}):
        assert sm.review(plan, ignore=ignore) == expected
    with pytest.raises(sm.ValidationError, match=r"ignore: expected an iterable of rule codes"):
        sm.review(plan, ignore="SM111")
    with pytest.raises(sm.ValidationError, match=r"ignore: expected an iterable of rule codes"):
        sm.review(plan, ignore=111)  # type: ignore[arg-type]
    with pytest.raises(
        sm.ValidationError, match=r"ignore: expected rule codes as str, got \['int'\]"
    ):
        sm.review(plan, ignore=[111])  # type: ignore[list-item]


def test_clinician_summary_defaults_to_the_date_of_the_latest_change():
    """The clinician page reviews the plan as of its latest change unless told otherwise."""
    pytest.importorskip("jinja2")
    plan = stale_plan()
    page = sm.render(plan, format="markdown", audience="clinician")
    assert page == sm.render(plan, format="markdown", audience="clinician", today=date(2026, 5, 1))
    assert "No session since 2026-01-10 (111 days" in page


def test_cli_review_defaults_to_the_date_of_the_latest_change(tmp_path, capsys):
    """`strengthmodel review` without --today judges the plan on its latest change's date."""
    path = tmp_path / "plan.json"
    path.write_text(sm.dumps(stale_plan()))
    assert main(["review", str(path), "--fail-on", "never"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "SM109 warning: No session since 2026-01-10 (111 days, more than 90): "
        "review the plan with the client. [plan-1]"
    )


def test_clinical_logic_never_reads_the_wall_clock():
    """Review, progress, readiness, rendering and the coping graph never call the clock."""
    clinical = [
        SRC / "findings.py",
        SRC / "rendering.py",
        SRC / "plans" / "progress.py",
        SRC / "plans" / "readiness.py",
        SRC / "plans" / "outcomes.py",
        SRC / "plans" / "render.py",
        SRC / "plans" / "dates.py",
        *sorted((SRC / "coping").glob("*.py")),
    ]
    clocks = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("time", "time")}
    offenders = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in clinical
        if path.exists()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in clocks
    ]
    assert offenders == []
