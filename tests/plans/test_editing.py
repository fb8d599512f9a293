"""One editing vocabulary: ops, the builder and the editor, updates, removals, conflicts."""

from __future__ import annotations

import inspect
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest

import strengthmodel as sm
from strengthmodel import ops

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def ticking(start: datetime = T0):
    """A clock that moves on a minute per call."""
    times = (start + timedelta(minutes=n) for n in range(10_000))
    return lambda: next(times)


def plan_with_goal() -> sm.Plan:
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee", at=T0)
    plan = ops.add_strength(plan, "Gardening", sm.StrengthCategory.SKILL, id="s1", author="dr-lee")
    return ops.add_goal(plan, "Walk daily", strength_ids=["s1"], id="g1", author="dr-lee")


def test_ops_is_a_real_module():
    """`import strengthmodel.ops` and `from strengthmodel.ops import ...` work."""
    code = "import strengthmodel.ops; from strengthmodel.ops import add_goal, update, remove"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert sm.ops is ops
    assert list(ops.OPERATIONS)[:3] == ["add_concern", "add_session", "set_stage"]
    assert {"update", "remove", "unlink_coping", "set_client"} <= set(ops.OPERATIONS)
    assert set(ops.OPERATIONS) | {"OPERATIONS"} == set(ops.__all__)


def _without(signature: inspect.Signature, *names: str) -> list[tuple[str, object, object]]:
    return [
        (p.name, p.kind, p.default) for p in signature.parameters.values() if p.name not in names
    ]


@pytest.mark.parametrize("name", list(ops.OPERATIONS))
def test_builder_and_editor_have_every_operation_with_its_arguments(name):
    """Same names, same parameters (minus what the builder or editor holds), same doc."""
    op = ops.OPERATIONS[name]
    signature = inspect.signature(op)
    builder_method = getattr(sm.PlanBuilder, name)
    editor_method = getattr(sm.Editor, name)
    assert _without(inspect.signature(builder_method), "self") == _without(
        signature, "plan", "author", "at"
    )
    assert _without(inspect.signature(editor_method), "self") == _without(signature, "author", "at")
    summary = (op.__doc__ or "").split("\n\n")[0].replace("\n", " ").strip()
    for method in (builder_method, editor_method):
        assert method.__doc__.replace("\n", " ").startswith(summary)
        assert f"strengthmodel.ops.{name}" in method.__doc__


def test_no_operation_is_missing_from_the_table():
    """Every public function of ops is in OPERATIONS; the builder has no other verbs."""
    functions = {
        n
        for n, v in vars(ops).items()
        if inspect.isfunction(v) and v.__module__ == ops.__name__ and not n.startswith("_")
    }
    assert functions == set(ops.OPERATIONS)
    extra = {n for n in dir(sm.PlanBuilder) if not n.startswith("_") and n not in ops.OPERATIONS}
    assert extra == {"apply", "build", "last_id", "plan"}


def test_generated_methods_are_up_to_date():
    """scripts/vocabulary.py --check: the generated modules match the operations."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "vocabulary.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_author_is_required_everywhere():
    """No silent default author: Plan.new, apply, every operation, builder and editor."""
    client = sm.Client(pseudonym="c1")
    with pytest.raises(TypeError, match="author"):
        sm.Plan.new(client)  # type: ignore[call-arg]
    plan = sm.Plan.new(client, author="dr-lee")
    with pytest.raises(TypeError, match="author"):
        sm.apply(plan, sm.SetStage(stage=None))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="author"):
        ops.add_concern(plan, "Stuck")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="author"):
        sm.PlanBuilder("c1")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="author"):
        sm.Editor()  # type: ignore[call-arg]
    for blank in ("", "   "):
        with pytest.raises(sm.ValidationError, match="author: expected non-empty text"):
            sm.Plan.new(client, author=blank)
        with pytest.raises(sm.ValidationError, match=r"author: expected a user id \(non-empty"):
            sm.Editor(author=blank)
    with pytest.raises(
        sm.ValidationError, match=r"author: expected a user id \(non-empty text\), got int"
    ):
        sm.Editor(author=7)  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="clock: expected a function"):
        sm.Editor(author="dr-lee", clock=T0)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(ops.OPERATIONS))
def test_every_operation_refuses_a_stale_revision_first(name):
    """A stale expected_revision raises ConflictError before any other check."""
    plan = plan_with_goal()
    with pytest.raises(sm.ConflictError) as caught:
        ops.OPERATIONS[name](plan, author="dr-lee", expected_revision=1)
    assert (caught.value.expected, caught.value.actual) == (1, 3)
    assert "revision 3" in str(caught.value)
    assert "revision 1" in str(caught.value)


def test_operations_check_their_plan_argument():
    """A non-plan first argument gets our error from every operation."""
    for op in ops.OPERATIONS.values():
        with pytest.raises(sm.ValidationError, match="plan: expected a Plan, got str"):
            op("plan-1", author="dr-lee")


def test_two_editors_one_conflict_and_a_retry():
    """Two clinicians edit the same plan; the stale edit is refused, the retry lands."""
    lee = sm.Editor(author="dr-lee", clock=ticking())
    kim = lee.bind(author="dr-kim")
    assert (lee.author, kim.author, kim.clock is lee.clock) == ("dr-lee", "dr-kim", True)
    plan = lee.new_plan(sm.Client(pseudonym="c1"))
    plan = lee.add_goal(plan, "Walk daily", id="g1", expected_revision=1)
    seen_by_kim = plan.revision  # both open the plan at revision 2
    plan = lee.rate_goal(plan, "g1", 0, date(2026, 3, 2), expected_revision=seen_by_kim)
    with pytest.raises(sm.ConflictError) as caught:
        kim.update(plan, "g1", importance=3, expected_revision=seen_by_kim)
    assert str(caught.value) == (
        "the plan is at revision 3, but the change was made against revision 2; "
        "reload the plan and apply the change again"
    )
    plan = kim.update(plan, "g1", importance=3, expected_revision=plan.revision)
    assert [(e.revision, e.author, type(e.change).__name__) for e in plan.history] == [
        (1, "dr-lee", "OpenPlan"),
        (2, "dr-lee", "AddRecord"),
        (3, "dr-lee", "RecordAttainment"),
        (4, "dr-kim", "ReplaceRecord"),
    ]
    goal = plan.get("g1", sm.Goal)
    assert (goal.importance, [a.level for a in goal.attainments]) == (3, [0])
    assert sm.replay(plan.history) == plan


def test_editor_is_immutable_and_hides_its_author():
    """Bind returns a new editor; the author never shows in the repr."""
    lee = sm.Editor(author="dr-lee")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        lee.author = "someone"  # type: ignore[misc]
    assert "dr-lee" not in repr(lee)
    assert lee.bind().author == "dr-lee"
    builder = lee.builder(lee.new_plan(sm.Client(pseudonym="c1")))
    plan = builder.add_concern("Stuck").build()
    assert [e.author for e in plan.history] == ["dr-lee", "dr-lee"]
    assert lee.apply(plan, sm.SetStage(stage=None)).history[-1].author == "dr-lee"


def test_builder_takes_expected_revision():
    """Builder calls accept expected_revision against the plan being built."""
    builder = sm.PlanBuilder("c1", author="dr-lee", clock=ticking())
    builder.add_concern("Stuck", expected_revision=1)
    with pytest.raises(sm.ConflictError):
        builder.add_concern("Again", expected_revision=1)
    with pytest.raises(sm.ConflictError):
        builder.apply(sm.SetStage(stage=None), expected_revision=1)
    assert builder.plan.revision == 2


def test_update_changes_fields_and_keeps_both_versions_in_the_history():
    """Update validates, records a ReplaceRecord and replays."""
    plan = plan_with_goal()
    updated = ops.update(
        plan,
        "g1",
        lifecycle=sm.GoalLifecycleStatus.COMPLETED,
        achievement=sm.GoalAchievementStatus.ACHIEVED,
        author="dr-kim",
        at=T0,
    )
    goal = updated.get("g1", sm.Goal)
    assert (goal.lifecycle, goal.achievement) == (
        sm.GoalLifecycleStatus.COMPLETED,
        sm.GoalAchievementStatus.ACHIEVED,
    )
    assert goal.statement == "Walk daily"
    change = updated.history[-1].change
    assert isinstance(change, sm.ReplaceRecord)
    assert change.record == goal
    assert plan.get("g1", sm.Goal).lifecycle is sm.GoalLifecycleStatus.PROPOSED
    assert sm.replay(updated.history) == updated


def test_update_refuses_bad_fields_with_paths():
    """Unknown fields, the id, no fields and invalid values are refused, naming them."""
    plan = plan_with_goal()
    with pytest.raises(sm.ValidationError) as caught:
        ops.update(plan, "g1", colour="red", id="g2", author="dr-lee")
    assert str(caught.value).splitlines() == [
        "2 problems:",
        "  - colour: goal records have no field 'colour'",
        "  - id: a record's id cannot change; add a new record and remove this one",
    ]
    with pytest.raises(sm.ValidationError, match="fields: expected at least one field"):
        ops.update(plan, "g1", author="dr-lee")
    with pytest.raises(sm.ValidationError, match=r"Goal.importance: expected an integer from 0"):
        ops.update(plan, "g1", importance=9, author="dr-lee")
    with pytest.raises(sm.ValidationError, match="refers to strength 'nope'"):
        ops.update(plan, "g1", strength_ids=("nope",), author="dr-lee")
    with pytest.raises(sm.UnknownRecordError):
        ops.update(plan, "g9", importance=1, author="dr-lee")
    with pytest.raises(sm.ValidationError, match="attainments: ratings change through rate_goal"):
        ops.update(plan, "g1", attainments=(), author="dr-lee")


def test_update_takes_a_list_for_a_tuple_field_as_add_does():
    """strength_ids=["s1"] works in update as in add_goal; the stored value is a tuple."""
    plan = plan_with_goal()
    plan = ops.add_strength(plan, "Humour", sm.StrengthCategory.SKILL, id="s2", author="a")
    plan = ops.update(plan, "g1", strength_ids=["s2", "s1"], author="a")
    assert plan.get("g1", sm.Goal).strength_ids == ("s2", "s1")
    plan = ops.add_session(plan, date(2026, 3, 2), [sm.Step.LISTEN], id="v1", author="a")
    plan = ops.update(plan, "v1", steps=[sm.Step.MEET, sm.Step.LISTEN], author="a")
    assert plan.get("v1", sm.Session).steps == frozenset({sm.Step.MEET, sm.Step.LISTEN})
    assert sm.loads(sm.dumps(plan), sm.Plan) == plan


def test_a_revision_from_the_future_is_not_called_stale():
    """expected_revision above the plan's revision gets its own advice."""
    with pytest.raises(sm.ConflictError) as caught:
        ops.add_concern(plan_with_goal(), "x", author="a", expected_revision=99)
    assert str(caught.value) == (
        "the plan is at revision 3, but the change was made against revision 99, "
        "which it has not reached; check the revision you pass"
    )


def test_update_a_support_phone_number_and_a_skill_mastery():
    """The everyday edits the issue names."""
    editor = sm.Editor(author="dr-lee", clock=ticking())
    plan = editor.new_plan(sm.Client(pseudonym="c1"))
    plan = editor.add_support(plan, "Ana", sm.SupportRole.HELP, contact="0100", id="ana")
    plan = editor.add_coping_skill(plan, "Walk it off", mastery=0.4, id="walk")
    plan = editor.update(plan, "ana", contact="0199")
    plan = editor.update(plan, "walk", mastery=0.75)
    assert plan.get("ana", sm.Support).contact == "0199"
    assert plan.get("walk", sm.CopingSkill).mastery == 0.75


def test_remove_names_the_referrers_and_takes_links_along():
    """Removal is refused while something refers to the record; links go with it."""
    plan = plan_with_goal()
    with pytest.raises(sm.ValidationError) as caught:
        ops.remove(plan, "s1", author="dr-lee")
    assert (
        str(caught.value) == "record_id: cannot remove strength 's1': goal 'g1' still refers to it"
    )
    plan = ops.add_trigger(plan, "Payday", sm.TriggerCategory.SOCIAL_PRESSURE, id="t1", author="a")
    plan = ops.add_coping_skill(plan, "Walk", id="k1", author="a")
    plan = ops.link_coping(plan, "t1", "k1", author="a")
    gone = ops.remove(plan, "t1", author="a")
    assert (gone.triggers, gone.coping_links) == ((), ())
    assert ops.unlink_coping(plan, "t1", "k1", author="a").coping_links == ()
    assert [g.id for g in ops.remove(plan, "g1", author="a").goals] == []


def test_same_day_rating_corrects_the_earlier_one():
    """A re-rating on the same day supersedes it; both changes stay in the history."""
    plan = plan_with_goal()
    plan = ops.rate_goal(plan, "g1", 0, date(2026, 3, 2), author="dr-lee")
    plan = ops.rate_goal(plan, "g1", 1, date(2026, 3, 2), note="mis-keyed", author="dr-lee")
    goal = plan.get("g1", sm.Goal)
    assert [(a.rated_on, a.level) for a in goal.attainments] == [(date(2026, 3, 2), 1)]
    ratings = [e.change for e in plan.history if isinstance(e.change, sm.RecordAttainment)]
    assert [r.attainment.level for r in ratings] == [0, 1]
    assert sm.replay(plan.history) == plan
    with pytest.raises(sm.ValidationError, match="on or after that day"):
        ops.rate_goal(plan, "g1", 2, date(2026, 3, 1), author="dr-lee")


def test_records_take_plain_string_ids_and_typed_ids_are_exported():
    """Goal(id="g1") works; the id types are plain strings at run time."""
    goal = sm.Goal(id="g1", statement="Walk", strength_ids=("s1",))
    assert goal.id == sm.GoalId("g1") == "g1"
    assert sm.StrengthId("s1") in goal.strength_ids


def test_an_enum_given_by_its_value_names_the_member_to_pass():
    """The message says which member to pass."""
    with pytest.raises(sm.ValidationError) as caught:
        sm.Trigger(id="t1", description="Rows", category="interpersonal-conflict")  # type: ignore[arg-type]
    assert str(caught.value).endswith(
        "got 'interpersonal-conflict': pass TriggerCategory.INTERPERSONAL_CONFLICT"
    )


def test_the_top_level_namespace_is_public_names_only():
    """dir(strengthmodel) lists __all__; helpers do not leak."""
    assert dir(sm) == sorted(sm.__all__)
    for leaked in ("version", "Any", "TYPE_CHECKING", "importlib", "annotations"):
        assert not hasattr(sm, leaked), leaked
    assert {"Editor", "Record", "sensitive_fields", "GoalId", "PlanId"} <= set(sm.__all__)
    assert sm.sensitive_fields(sm.Support) == (
        "name",
        "relation",
        "contact",
        "availability",
        "notes",
    )
    with pytest.raises(sm.ValidationError, match="cls: expected a record class, got str"):
        sm.sensitive_fields("Support")  # type: ignore[arg-type]


D = date(2026, 3, 2)

# One call of every operation, in an order in which each applies to the plan so far.
SCRIPT: list[tuple[str, tuple[object, ...], dict[str, object]]] = [
    ("add_concern", ("Stuck",), {"id": "k1"}),
    ("add_session", (D, [sm.Step.LISTEN]), {}),
    ("set_stage", (sm.StageOfChange.ACTION,), {}),
    ("set_readiness", (8, 5), {}),
    ("add_priority", ("Work",), {}),
    ("add_value", ("family",), {}),
    ("add_strength", ("Gardening", sm.StrengthCategory.SKILL), {"id": "s1"}),
    ("add_goal", ("Walk daily",), {"strength_ids": ["s1"], "id": "g1"}),
    ("add_readiness_rating", (D,), {"goal_id": "g1", "confidence": 6}),
    ("add_challenge", ("Walk to work",), {"goal_id": "g1", "id": "c1"}),
    ("record_challenge_outcome", ("c1", sm.ChallengeOutcome.DONE), {"done_on": D}),
    ("add_assessment", ("custom", "1", D, {"q1": 2}), {"custom": True}),
    (
        "administer",
        (sm.builtin_instrument("gad-7"), {f"gad7.{n}": 1 for n in range(1, 8)}, D),
        {},
    ),
    ("add_life_domain_assessment", (D, [sm.DomainEntry(domain=sm.LifeDomain.HEALTH)]), {}),
    ("rate_goal", ("g1", 0, D), {}),
    ("add_trigger", ("Payday", sm.TriggerCategory.SOCIAL_PRESSURE), {"id": "t1"}),
    ("add_warning_sign", ("Snapping",), {"trigger_ids": ["t1"]}),
    ("add_coping_skill", ("Walk it off",), {"id": "k2"}),
    ("link_coping", ("t1", "k2"), {"efficacy": 0.7}),
    ("add_support", ("Ana", sm.SupportRole.HELP), {"id": "ana"}),
    ("add_safety_action", ("Give the card to Ana",), {}),
    ("add_reason_for_living", ("My niece",), {}),
    ("add_routine_item", ("Walk at 8",), {}),
    ("add_lapse", (D,), {"trigger_id": "t1"}),
    ("add_resource", ("Sleep diary", sm.ResourceCategory.WORKSHEET, D), {}),
    ("update", ("ana",), {"contact": "0100"}),
    ("unlink_coping", ("t1", "k2"), {}),
    ("remove", ("k2",), {}),
    ("set_client", (sm.Client(pseudonym="c1", preferred_language="es"),), {}),
]


def test_the_script_calls_every_operation():
    """The script above is complete: a new operation must be added to it."""
    assert sorted(name for name, _, _ in SCRIPT) == sorted(ops.OPERATIONS)


def test_ops_builder_and_editor_give_the_same_plan():
    """The three forms of every operation record the same history, entry for entry."""
    client = sm.Client(pseudonym="c1")
    by_ops = sm.Plan.new(client, author="dr-lee", at=T0)
    editor = sm.Editor(author="dr-lee", clock=ticking(T0 + timedelta(minutes=1)))
    by_editor = sm.Plan.new(client, author="dr-lee", at=T0)
    builder = sm.PlanBuilder(
        plan=by_editor, author="dr-lee", clock=ticking(T0 + timedelta(minutes=1))
    )
    for minute, (name, args, kwargs) in enumerate(SCRIPT, start=1):
        at = T0 + timedelta(minutes=minute)
        by_ops = ops.OPERATIONS[name](by_ops, *args, author="dr-lee", at=at, **kwargs)
        by_editor = getattr(editor, name)(
            by_editor, *args, expected_revision=by_editor.revision, **kwargs
        )
        getattr(builder, name)(*args, expected_revision=builder.plan.revision, **kwargs)
    assert by_ops == by_editor == builder.build()
    assert by_ops.head_digest == by_editor.head_digest == builder.plan.head_digest
    assert by_ops.revision == len(SCRIPT) + 1


@pytest.mark.parametrize(
    ("operation", "arguments", "message"),
    [
        (
            "add_goal",
            {"statement": "Walk", "strength_ids": "strength-1"},
            (
                "strength_ids: expected a list of items, got text of 10 characters: "
                "pass a list, even of one item"
            ),
        ),
        (
            "add_coping_skill",
            {"name": "Call", "steps": "call Ana"},
            (
                "steps: expected a list of items, got text of 8 characters: "
                "pass a list, even of one item"
            ),
        ),
        (
            "add_warning_sign",
            {"description": "Sleeping badly", "trigger_ids": 3},
            "trigger_ids: expected a list of items, got int",
        ),
        (
            "add_assessment",
            {
                "instrument": "phq-9",
                "instrument_version": "1",
                "completed_on": date(2026, 4, 6),
                "responses": [1, 2],
            },
            "responses: expected Mapping, got a list of 2 items",
        ),
    ],
)
def test_text_is_never_a_list_of_letters(operation, arguments, message):
    """A string where a list of ids belongs is refused, not split into one-letter ids."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee")
    with pytest.raises(sm.ValidationError) as caught:
        getattr(sm.ops, operation)(plan, **arguments, author="dr-lee")
    assert str(caught.value) == message


def test_an_update_that_changes_nothing_makes_no_revision():
    """A form saved unchanged returns the same plan: the other clinician's save still applies."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee", at=T0)
    plan = ops.add_goal(plan, "Walk", id="g1", importance=2, author="dr-lee", at=T0)
    same = ops.update(plan, "g1", importance=2, author="dr-kim", at=T0, expected_revision=2)
    assert same is plan
    assert ops.update(plan, "g1", strength_ids=[], author="dr-kim", at=T0) is plan
    changed = ops.update(plan, "g1", importance=3, author="dr-kim", at=T0, expected_revision=2)
    assert changed.revision == 3
    with pytest.raises(sm.ConflictError):
        ops.update(changed, "g1", importance=3, author="dr-lee", at=T0, expected_revision=2)
    with pytest.raises(sm.ValidationError, match="author"):
        ops.update(plan, "g1", importance=2, author=" ", at=T0)
