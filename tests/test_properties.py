"""Hypothesis properties over every record type and over whole plans."""

import math
from datetime import date

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel._fields import sensitive_fields
from strengthmodel._model import (
    BoolType,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
    FloatType,
    IdType,
    InstanceType,
    IntType,
    OptionalType,
    SequenceType,
    TextType,
    UnionType,
    describe,
)
from strengthmodel.plans.changes import RECORD_TYPES
from strengthmodel.plans.outcomes import AGREED
from strengthmodel.plans.render import summary
from strengthmodel.testing import lapses_for, plans, records
from tests.plan_settings import PLAN_SETTINGS

ALL_RECORDS = (
    *RECORD_TYPES,
    sm.Client,
    sm.Readiness,
    sm.Attainment,
    sm.GasScale,
    sm.CopingLink,
    sm.ItemResponse,
    sm.Score,
    sm.DomainEntry,
    sm.HistoryEntry,
    sm.AddRecord,
    sm.ReplaceRecord,
    sm.RemoveRecord,
    sm.LinkCoping,
    sm.UnlinkCoping,
    sm.SetStage,
    sm.SetReadiness,
    sm.RecordAttainment,
    sm.OpenPlan,
    sm.UpdateClient,
)


def invalid_values(kind: FieldType) -> st.SearchStrategy[object]:
    """Values that a field described by ``kind`` must refuse."""
    wrong_type = st.sampled_from([object(), b"bytes", ["list"], {"a": 1}])
    match kind:
        case IdType():
            return st.sampled_from(["", " leading", "has space", "x" * 65, "é-accent", 42, None])
        case OptionalType(inner):  # None is valid, so never offer it
            return invalid_values(inner).filter(lambda v: v is not None)
        case UnionType() | InstanceType():
            return st.integers()
        case SequenceType(container=container) if container is tuple:
            return st.sampled_from([[], ["x"], "text"]) | wrong_type
        case SequenceType():
            return st.sampled_from([set(), ["x"], "text"])
        case IntType(ge, le, declared):
            out_of_range = (
                [st.integers(max_value=int(ge) - 1), st.integers(min_value=int(le) + 1)]
                if declared
                else []  # an unbounded integer field accepts every integer
            )
            return st.one_of(*out_of_range, st.floats(), st.booleans(), st.text(), wrong_type)
        case FloatType(bounds):
            out_of_range = (
                [
                    st.floats(max_value=bounds[0], exclude_max=True, allow_nan=False),
                    st.floats(min_value=bounds[1], exclude_min=True, allow_nan=False),
                ]
                if bounds is not None
                else []  # an unbounded number field accepts every finite number
            )
            return st.one_of(
                *out_of_range,
                st.sampled_from([float("nan"), float("inf"), -float("inf"), 10**400]),
                st.booleans(),
                st.text(),
                wrong_type,
            )
        case TextType():
            return st.one_of(
                st.sampled_from(["", " ", "\t\n"]), st.integers(), st.floats(), wrong_type
            )
        case BoolType():
            return st.one_of(st.integers(), st.text(), st.none())
        case DateType():
            return st.one_of(st.datetimes(), st.text(), st.integers())
        case DateTimeType():
            return st.one_of(st.datetimes(timezones=st.none()), st.dates(), st.text())
        case EnumType(cls):
            return st.one_of(st.sampled_from([m.value for m in cls]), st.integers())
    return st.one_of(st.integers(), st.text(), wrong_type)  # a nested record


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[type, str, dict[str, object]]:
    """A valid record's fields with one field replaced by an invalid value."""
    cls = draw(st.sampled_from(ALL_RECORDS))
    record = draw(records(cls))
    field = draw(st.sampled_from(attrs.fields(cls)))
    bad = draw(invalid_values({f.name: f.type for f in describe(cls)}[field.name]))
    kwargs = {f.name: getattr(record, f.name) for f in attrs.fields(cls)}
    kwargs[field.name] = bad
    return cls, field.name, kwargs


@PLAN_SETTINGS
@given(plans())
def test_every_generated_plan_replays_to_itself(plan):
    """replay(plan.history) == plan for plans built by random valid change sequences."""
    note(repr(plan))
    assert replay_ok(plan)


def replay_ok(plan: sm.Plan) -> bool:
    rebuilt = sm.replay(plan.history)
    return rebuilt == plan and rebuilt.history == plan.history


@given(corrupted())
def test_invalid_field_values_are_refused_naming_the_field(case):
    """Out-of-range numbers, blank text, wrong types: ValidationError naming the field."""
    cls, name, kwargs = case
    with pytest.raises(sm.ValidationError) as error:
        cls(**kwargs)
    paths = [p.path for p in error.value.problems]
    assert any(
        path == f"{cls.__name__}.{name}" or path.startswith(f"{cls.__name__}.{name}[")
        for path in paths
    ), paths


@PLAN_SETTINGS
@given(plans(), st.sampled_from(["goals", "challenges", "coping_skills", "warning_signs"]))
def test_unknown_references_are_refused(plan, collection):
    """Adding a record that refers to a missing id raises UnknownReferenceError naming it."""
    missing = "zz-missing-id"
    record = {
        "goals": sm.Goal(id="new-goal", statement="x", strength_ids=(missing,)),  # type: ignore[arg-type]
        "challenges": sm.Challenge(id="new-ch", description="x", goal_id=missing),  # type: ignore[arg-type]
        "coping_skills": sm.CopingSkill(id="new-c", name="x", support_ids=(missing,)),  # type: ignore[arg-type]
        "warning_signs": sm.WarningSign(id="new-w", description="x", trigger_ids=(missing,)),  # type: ignore[arg-type]
    }[collection]
    if record.id in plan.ids():
        return
    with pytest.raises(sm.UnknownReferenceError) as error:
        sm.apply(plan, sm.AddRecord(record=record), author="dr-lee")
    assert [
        p.message.endswith(f"{missing!r}, which is not in the plan") for p in error.value.problems
    ] == [True]
    assert error.value.problems[0].path.startswith("record.")


@PLAN_SETTINGS
@given(plans(), st.integers(min_value=0, max_value=10_000))
def test_stale_revision_raises_conflict(plan, expected):
    """Any expected_revision other than the plan's revision raises ConflictError."""
    change = sm.SetStage(stage=None)
    if expected == plan.revision:
        assert (
            sm.apply(plan, change, expected_revision=expected, author="dr-lee").revision
            == plan.revision + 1
        )
    else:
        with pytest.raises(sm.ConflictError):
            sm.apply(plan, change, expected_revision=expected, author="dr-lee")


@given(st.data())
def test_generated_records_are_valid_and_hashable(data):
    """Every record strategy yields valid, hashable, equal-to-itself values."""
    for cls in ALL_RECORDS:
        record = data.draw(records(cls))
        assert record == attrs.evolve(record)
        assert hash(record) == hash(attrs.evolve(record))


def _sensitive_texts(plan: sm.Plan) -> set[str]:
    """Every sensitive text in the plan (client name, the client's words, contacts)."""
    found = {plan.client.name} if plan.client.name else set()
    for record in plan.records():
        for name in sensitive_fields(type(record)):
            value = getattr(record, name)
            if isinstance(value, str):
                found.add(value)
    for goal in plan.goals:
        found.update(a.note for a in goal.attainments if a.note)
    return found


MARKERS = st.integers(0, 10**9).map(lambda n: f"MARK{n:09d}X")


@PLAN_SETTINGS
@given(plans(sensitive_text=MARKERS))
def test_summaries_withhold_every_sensitive_text_unless_asked(plan):
    """summary(plan) shows no sensitive text by default, and the client's words when asked.

    Every sensitive text is a unique marker, so a chance match with a heading ("Strength")
    cannot pass for a leak.
    """
    hidden = summary(plan)
    shown = summary(plan, include_sensitive=True)
    assert "MARK" not in hidden
    for concern in plan.concerns:
        assert concern.text in shown


@PLAN_SETTINGS
@given(plans(), st.dates(date(1990, 1, 1), date(2200, 1, 1)))
def test_goal_attainment_counts_every_weighted_open_or_done_goal(plan, on):
    """goal_attainment over any plan: a finite T-score of the agreed goals, or our error."""
    counted = [g.id for g in plan.goals if g.weight and g.lifecycle in AGREED]
    if not counted:
        with pytest.raises(sm.ValidationError):
            sm.goal_attainment(plan, on)
        return
    result = sm.goal_attainment(plan, on)
    assert [g.goal_id for g in result.goals] == counted
    assert math.isfinite(result.t_score)
    assert math.isclose(result.change, result.t_score - result.baseline_t_score)
    assert sm.loads(sm.dumps(result), sm.GoalAttainment) == result


@PLAN_SETTINGS
@given(plans())
def test_next_steps_suggest_exactly_the_steps_not_yet_sufficient(plan):
    """Every step that is not sufficient is suggested once, with a criterion it misses."""
    report = sm.progress(plan)
    suggested = sm.next_steps(plan)
    assert {s.step for s in suggested} == {
        step for step, p in report.items() if p.status is not sm.StepStatus.SUFFICIENT
    }
    assert len(suggested) == len({s.step for s in suggested})
    for s in suggested:
        assert s.reason in report[s.step].missing


@given(plans(max_changes=15).flatmap(lambda p: st.tuples(st.just(p), lapses_for(p))))
def test_generated_lapses_fit_their_plan(pair):
    """lapses_for gives dated lapses that apply to the plan and replay with it."""
    plan, lapses = pair
    assert [lapse.occurred_on for lapse in lapses] == sorted(lapse.occurred_on for lapse in lapses)
    for lapse in lapses:
        plan = sm.apply(plan, sm.AddRecord(record=lapse), author="dr-lee")
    assert sm.replay(plan.history) == plan
    assert len(plan.lapses) >= len(lapses)
