"""DataFrames of plans: typed tables per collection, and a caseload row per plan."""

from __future__ import annotations

import collections
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from strengthmodel.plans.registry import REGISTRY
from strengthmodel.testing import plans

pd = pytest.importorskip("pandas")  # the `analysis` extra

MARK = "\u27eamark"
markers = st.integers(0, 10**9).map(lambda n: f"{MARK}{n}\u27eb")
TODAY = date(2026, 7, 1)

TABLES = [
    "concerns",
    "sessions",
    "priorities",
    "values",
    "strengths",
    "challenges",
    "assessments",
    "assessment_responses",
    "assessment_scores",
    "assessment_flags",
    "domain_assessments",
    "life_domain_assessment_entries",
    "goals",
    "goal_attainments",
    "triggers",
    "warning_signs",
    "coping_skills",
    "supports",
    "safety_actions",
    "reasons_for_living",
    "routine",
    "lapses",
    "readiness_ratings",
    "resources",
    "coping_links",
]


def test_frames_has_one_table_per_collection_and_nested_list():
    """Tables follow the registry's order, with child tables after their parents."""
    tables = sm.frames(demo_plan())
    assert list(tables) == TABLES
    assert {r.collection for r in REGISTRY} <= set(tables)
    assert {name: len(t) for name, t in tables.items() if len(t)} == {
        "concerns": 2,
        "sessions": 1,
        "priorities": 2,
        "values": 1,
        "strengths": 4,
        "challenges": 1,
        "domain_assessments": 1,
        "life_domain_assessment_entries": 3,
        "goals": 2,
        "goal_attainments": 2,
        "triggers": 2,
        "warning_signs": 1,
        "coping_skills": 3,
        "supports": 2,
        "safety_actions": 1,
        "reasons_for_living": 1,
        "routine": 1,
        "coping_links": 3,
    }


def test_goal_table_columns_are_typed_and_withhold_sensitive_text():
    """Goals: nullable ints, categoricals in enum order, dates, tuples; no statement."""
    goals = sm.frames(demo_plan())["goals"]
    assert dict(goals.dtypes.astype(str)) == {
        "plan_id": "string",
        "id": "string",
        "due": "datetime64[us]",
        "importance": "Int64",
        "difficulty": "Int64",
        "baseline": "Int64",
        "strength_ids": "object",
        "priority_id": "string",
        "lifecycle": "category",
        "achievement": "category",
        "has_scale": "boolean",
    }
    assert goals["lifecycle"].cat.categories.tolist() == [s.value for s in sm.GoalLifecycleStatus]
    assert goals["id"].tolist() == ["goal-rhythm", "goal-work"]
    assert goals["importance"].tolist() == [3, 2]
    assert goals["has_scale"].tolist() == [True, True]
    ratings = sm.frames(demo_plan())["goal_attainments"]
    assert ratings.columns.tolist() == ["plan_id", "goal_id", "rated_on", "level"]
    assert ratings["goal_id"].tolist() == ["goal-rhythm", "goal-rhythm"]


def test_moments_dates_and_missing_values():
    """Dates are midnight datetimes, missing values are <NA>/NaT, never NaN in an int column."""
    plan = (
        sm.PlanBuilder(
            "client-1", author="clinician-1", clock=lambda: datetime(2026, 1, 5, tzinfo=UTC)
        )
        .add_session(date(2026, 1, 5), steps={sm.Step.LISTEN, sm.Step.MEET})
        .add_session(date(2026, 1, 12), [sm.Step.GOALS], alliance=8)
        .build()
    )
    sessions = sm.frames(plan)["sessions"]
    assert sessions["held_on"].tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12")]
    assert sessions["alliance"].dtype == "Int64"
    assert sessions["alliance"].isna().tolist() == [True, False]
    assert sessions["steps"].tolist() == [("listen", "meet"), ("goals",)]


def test_sensitive_columns_only_on_request():
    """include_sensitive adds the text columns, and only it does."""
    plan = demo_plan()
    hidden = sm.frames(plan)
    shown = sm.frames(plan, include_sensitive=True)
    assert "statement" not in hidden["goals"]
    assert shown["goals"]["statement"].dtype == "string"
    assert set(shown["supports"].columns) - set(hidden["supports"].columns) == {
        "name",
        "relation",
        "contact",
        "availability",
        "notes",
    }
    assert "scale_expected" in shown["goals"]
    with pytest.raises(sm.ValidationError, match="include_sensitive: expected True or False"):
        sm.frames(plan, include_sensitive=1)  # type: ignore[arg-type]
    with pytest.raises(
        sm.ValidationError, match="plan: expected a Plan or an iterable of plans, got str"
    ):
        sm.frames("plan")  # type: ignore[arg-type]


def test_frames_of_many_plans_stack_their_records_plan_after_plan():
    """Given several plans, each table holds all their records, keyed by plan_id."""
    other = (
        sm.PlanBuilder(
            "client-2", plan_id="plan-2", author="a", clock=lambda: datetime(2026, 1, 5, tzinfo=UTC)
        )
        .add_concern("x")
        .build()
    )
    tables = sm.frames([demo_plan(), other])
    assert tables["concerns"]["plan_id"].tolist() == ["plan-demo", "plan-demo", "plan-2"]
    assert tables["concerns"]["id"].tolist() == [
        *sm.frames(demo_plan())["concerns"]["id"],
        "concern-1",
    ]
    assert tables["goal_attainments"]["plan_id"].tolist() == ["plan-demo", "plan-demo"]
    assert list(sm.frames(iter([other]))) == TABLES
    with pytest.raises(
        sm.ValidationError, match="plan: expected a Plan or an iterable of plans, got int"
    ):
        sm.frames(3)  # type: ignore[arg-type]
    with pytest.raises(
        sm.ValidationError, match=r"plan\[1\]: expected Plan, got text of 1 character"
    ):
        sm.frames([other, "x"])  # type: ignore[list-item]


def test_empty_plan_gives_empty_tables_with_the_same_columns():
    """An empty plan's tables have no rows but the same typed columns."""
    empty = sm.frames(
        sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=datetime(2026, 1, 1, tzinfo=UTC))
    )
    full = sm.frames(demo_plan())
    for name in TABLES:
        assert len(empty[name]) == 0
        assert dict(empty[name].dtypes.astype(str)) == dict(full[name].dtypes.astype(str))


def test_caseload_row_of_the_demo_plan():
    """The demo plan's caseload row has exact progress, counts, GAS, findings and coverage."""
    table = sm.caseload([demo_plan()], today=TODAY)
    row = table.iloc[0]
    assert row["plan_id"] == "plan-demo"
    assert row["client"] == "client-demo"
    assert row["revision"] == 34
    assert row["opened"] == pd.Timestamp("2026-04-06 09:00", tz="UTC")
    assert row["stage"] == "preparation"
    assert [
        row[s] for s in ("listen", "meet", "strengths", "challenge", "assess", "goals", "stay_well")
    ] == ["sufficient"] * 7
    assert row["steps_sufficient"] == 7
    assert (row["n_concerns"], row["n_goals"], row["n_coping_links"]) == (2, 2, 3)
    assert round(row["gas_t"], 2) == 45.09
    assert round(row["gas_baseline_t"], 2) == 30.36
    assert row["gas_goals"] == 2
    assert (row["findings_info"], row["findings_warning"], row["findings_concern"]) == (1, 1, 0)
    assert (row["coping_triggers"], row["coping_covered"]) == (2, 2)
    assert (row["share_covered"], row["share_reaching_a_person"]) == (1.0, 0.5)
    assert row["single_points_of_failure"] == 2
    assert table["listen"].cat.ordered
    assert table["listen"].cat.categories.tolist() == ["not-started", "in-progress", "sufficient"]


def test_caseload_of_an_empty_plan_and_of_nothing():
    """A plan with no goals has a missing T-score; no plans give no rows, same columns."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=datetime(2026, 1, 1, tzinfo=UTC))
    table = sm.caseload([plan], today=TODAY)
    assert table["gas_t"].isna().tolist() == [True]
    assert table["gas_goals"].tolist() == [0]
    assert table["steps_sufficient"].tolist() == [0]
    nothing = sm.caseload([], today=TODAY)
    assert nothing.shape == (0, table.shape[1])
    assert dict(nothing.dtypes.astype(str)) == dict(table.dtypes.astype(str))


def test_caseload_refuses_what_is_not_a_plan():
    """A non-plan item is named by its position."""
    with pytest.raises(sm.ValidationError, match=r"plans\[1\]: expected Plan, got an integer"):
        sm.caseload([demo_plan(), 3])  # type: ignore[list-item]
    with pytest.raises(sm.ValidationError, match="on: expected date"):
        sm.caseload([demo_plan()], on=datetime(2026, 1, 1, tzinfo=UTC))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plans(max_changes=30, sensitive_text=markers), min_size=1, max_size=3))
def test_caseload_agrees_with_progress_review_and_goal_attainment(items):
    """Each row is what progress, review, goal_attainment and the coping graph say."""
    on = date(2027, 1, 1)
    table = sm.caseload(items, on=on, today=TODAY)
    for position, plan in enumerate(items):
        row = table.iloc[position]
        report = sm.progress(plan)
        assert [row[s.value.replace("-", "_")] for s in sm.Step] == [
            report[s].status.value for s in sm.Step
        ]
        counts = collections.Counter(f.severity.value for f in sm.review(plan, today=TODAY))
        assert [row[f"findings_{s.value}"] for s in sm.Severity] == [
            counts[s.value] for s in sm.Severity
        ]
        try:
            gas = sm.goal_attainment(plan, on)
        except sm.ValidationError:
            assert pd.isna(row["gas_t"])
        else:
            assert row["gas_t"] == pytest.approx(gas.t_score, abs=1e-9)
            assert row["gas_change"] == pytest.approx(gas.change, abs=1e-9)
        coverage = sm.CopingGraph.from_plan(plan).coverage()
        if coverage.triggers:
            assert row["share_covered"] == coverage.share_covered
        else:
            assert pd.isna(row["share_covered"])
            assert pd.isna(row["mean_strategies"])
    for frame in (table, *sm.frames(items[0]).values()):
        assert MARK not in frame.to_csv()


def test_caseload_without_today_judges_each_plan_on_its_latest_change():
    """No wall clock: each row's findings are review(plan) with its own default date."""
    early = sm.PlanBuilder(
        "c1", author="a", clock=lambda: datetime(2026, 1, 5, tzinfo=UTC)
    ).add_goal("Walk", lifecycle=sm.GoalLifecycleStatus.ACTIVE, id="g1")
    late = sm.PlanBuilder(
        "c2", plan_id="plan-2", author="a", clock=lambda: datetime(2026, 9, 5, tzinfo=UTC)
    ).add_goal("Walk", lifecycle=sm.GoalLifecycleStatus.ACTIVE, id="g1")
    items = [early.build(), late.build(), demo_plan()]
    table = sm.caseload(items)
    for position, plan in enumerate(items):
        counts = collections.Counter(f.severity.value for f in sm.review(plan))
        assert [table.iloc[position][f"findings_{s.value}"] for s in sm.Severity] == [
            counts[s.value] for s in sm.Severity
        ]
    assert table.equals(sm.caseload(items))


def test_caseload_of_one_plan_is_one_row():
    """A single plan is accepted, as frames() accepts one; text is refused clearly."""
    plan = demo_plan()
    assert sm.caseload(plan, today=TODAY).equals(sm.caseload([plan], today=TODAY))
    with pytest.raises(
        sm.ValidationError, match="expected a Plan or an iterable of plans, got str"
    ):
        sm.caseload("plan.json")


def test_a_plan_without_triggers_has_no_coverage_shares():
    """Shares of zero triggers are missing (<NA>), not 1.0."""
    plan = sm.PlanBuilder("c1", author="a").add_concern("Stuck").build()
    row = sm.caseload(plan).iloc[0]
    assert row["coping_triggers"] == 0
    assert [pd.isna(row[c]) for c in ("share_covered", "share_reaching_a_person")] == [True, True]
    assert pd.isna(row["mean_strategies"])


def test_sample_plans_can_mark_their_sensitive_text():
    """sample_plans(sensitive_text=...) draws every sensitive text from the strategy."""
    from hypothesis import strategies as st  # noqa: PLC0415

    from strengthmodel.testing import sample_plans  # noqa: PLC0415

    markers = st.integers(0, 10**6).map(lambda n: f"SECRET{n}")
    caseload = sample_plans(5, seed=3, sensitive_text=markers)
    texts = [
        getattr(record, name)
        for plan in caseload
        for record in plan.records()
        for name in sm.sensitive_fields(type(record))
        if isinstance(getattr(record, name), str)
    ]
    assert texts
    assert all(text.startswith("SECRET") for text in texts)
    assert "SECRET" not in sm.caseload(caseload).to_csv()
