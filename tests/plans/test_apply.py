"""apply and replay: every change type, conflicts, refusals, exact replay."""

from datetime import UTC, date, datetime, timedelta

import pytest

from strengthmodel import (
    AddRecord,
    Attainment,
    Client,
    ConflictError,
    CopingLevel,
    CopingLink,
    LinkCoping,
    OpenPlan,
    Plan,
    Readiness,
    RecordAttainment,
    RemoveRecord,
    ReplaceRecord,
    SetReadiness,
    SetStage,
    StageOfChange,
    Strength,
    StrengthCategory,
    Trigger,
    TriggerCategory,
    UnknownRecordError,
    UnlinkCoping,
    UpdateClient,
    ValidationError,
    apply,
    ops,
    replay,
)
from strengthmodel.plans.changes import GENESIS_DIGEST, HistoryEntry, chain_entry

AT = datetime(2026, 1, 1, 9, tzinfo=UTC)


def later(n: int) -> datetime:
    return AT + timedelta(minutes=n)


@pytest.fixture
def plan() -> Plan:
    p = Plan.new(Client(pseudonym="c1"), author="dr-a", at=AT)
    p = ops.add_strength(
        p, "Carpentry", StrengthCategory.SKILL, id="s1", at=later(1), author="dr-lee"
    )
    p = ops.add_trigger(
        p,
        "Evenings",
        TriggerCategory.NEGATIVE_EMOTIONAL_STATES,
        id="t1",
        at=later(2),
        author="dr-lee",
    )
    p = ops.add_coping_skill(
        p, "Sand wood", strength_ids=["s1"], id="c1", at=later(3), author="dr-lee"
    )
    return ops.link_coping(p, "t1", "c1", efficacy=0.6, at=later(4), author="dr-lee")


def test_apply_is_pure_and_records_history(plan):
    """Apply returns a new plan one revision on, with the entry; the old plan is unchanged."""
    new = apply(plan, SetStage(stage=StageOfChange.ACTION), author="dr-b", at=later(9))
    assert (plan.revision, new.revision) == (5, 6)
    assert plan.stage is None
    assert new.stage is StageOfChange.ACTION
    entry = new.history[-1]
    assert (entry.revision, entry.author, entry.at) == (6, "dr-b", later(9))
    assert entry.change == SetStage(stage=StageOfChange.ACTION)


def test_stale_revision_raises_conflict(plan):
    """expected_revision must equal the plan's revision (optimistic concurrency)."""
    assert apply(plan, SetStage(stage=None), expected_revision=5, author="dr-lee").revision == 6
    with pytest.raises(ConflictError) as error:
        apply(plan, SetStage(stage=None), expected_revision=4, author="dr-lee")
    assert (error.value.expected, error.value.actual) == (4, 5)
    assert str(error.value) == (
        "the plan is at revision 5, but the change was made against revision 4; "
        "reload the plan and apply the change again"
    )


def test_add_refuses_duplicate_ids(plan):
    """Adding a record whose id exists is refused with a clear message."""
    dup = Trigger(id="s1", description="x", category=TriggerCategory.SOCIAL_PRESSURE)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="the plan already has a record with id 's1'"):
        apply(plan, AddRecord(record=dup), author="dr-lee")


def test_replace_keeps_position_and_kind(plan):
    """Replace swaps a record in place and refuses to change its kind or invent an id."""
    new = Strength(id="s1", name="Fine carpentry", category=StrengthCategory.SKILL)  # type: ignore[arg-type]
    replaced = apply(plan, ReplaceRecord(record=new), author="dr-lee")
    assert replaced.strengths == (new,)
    wrong_kind = Trigger(id="s1", description="x", category=TriggerCategory.SOCIAL_PRESSURE)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="record 's1' is a strength, not a trigger"):
        apply(plan, ReplaceRecord(record=wrong_kind), author="dr-lee")
    ghost = Strength(id="s9", name="x", category=StrengthCategory.SKILL)  # type: ignore[arg-type]
    with pytest.raises(UnknownRecordError):
        apply(plan, ReplaceRecord(record=ghost), author="dr-lee")


def test_remove_refuses_while_referenced_and_cascades_links(plan):
    """A referenced record cannot be removed; removing a trigger drops its coping links."""
    with pytest.raises(ValidationError) as error:
        apply(plan, RemoveRecord(record_id="s1"), author="dr-lee")
    assert str(error.value) == (
        "record_id: cannot remove strength 's1': coping-skill 'c1' still refers to it"
    )
    removed = apply(plan, RemoveRecord(record_id="t1"), author="dr-lee")
    assert removed.triggers == ()
    assert removed.coping_links == ()
    with pytest.raises(UnknownRecordError):
        apply(plan, RemoveRecord(record_id="nope"), author="dr-lee")


def test_link_updates_efficacy_and_unlink_removes(plan):
    """Linking an existing pair updates its efficacy; unlinking a missing pair is refused."""
    relinked = apply(
        plan,
        LinkCoping(link=CopingLink(trigger_id="t1", coping_skill_id="c1", efficacy=0.9)),
        author="dr-lee",
    )  # type: ignore[arg-type]
    assert [link.efficacy for link in relinked.coping_links] == [0.9]
    unlinked = apply(plan, UnlinkCoping(trigger_id="t1", coping_skill_id="c1"), author="dr-lee")  # type: ignore[arg-type]
    assert unlinked.coping_links == ()
    with pytest.raises(UnknownRecordError):
        apply(unlinked, UnlinkCoping(trigger_id="t1", coping_skill_id="c1"), author="dr-lee")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="refers to trigger 't9'"):
        apply(
            plan,
            LinkCoping(link=CopingLink(trigger_id="t9", coping_skill_id="c1")),
            author="dr-lee",
        )  # type: ignore[arg-type]


def test_record_attainment_appends_in_date_order(plan):
    """Goal ratings append in date order; an earlier rating is refused."""
    p = ops.add_goal(plan, "Up by 9", id="g1", author="dr-lee")
    p = ops.rate_goal(p, "g1", 0, date(2026, 2, 1), author="dr-lee")
    p = ops.rate_goal(p, "g1", 1, date(2026, 3, 1), note="Most days", author="dr-lee")
    assert [(a.rated_on.month, a.level) for a in p.goals[0].attainments] == [(2, 0), (3, 1)]
    with pytest.raises(ValidationError, match="was last rated on 2026-03-01"):
        apply(
            p,
            RecordAttainment(
                goal_id="g1", attainment=Attainment(rated_on=date(2026, 2, 28), level=2)
            ),
            author="dr-lee",
        )  # type: ignore[arg-type]
    with pytest.raises(UnknownRecordError):
        ops.rate_goal(p, "s1", 0, date(2026, 4, 1), author="dr-lee")


def test_stage_readiness_and_client_updates(plan):
    """SetStage, SetReadiness and UpdateClient replace those fields (None clears)."""
    p = apply(plan, SetReadiness(readiness=Readiness(importance=9, confidence=4)), author="dr-lee")
    assert (p.readiness.importance, p.readiness.confidence) == (9, 4)  # type: ignore[union-attr]
    assert apply(p, SetReadiness(readiness=None), author="dr-lee").readiness is None
    p = apply(
        p, UpdateClient(client=Client(pseudonym="c1", preferred_language="es")), author="dr-lee"
    )
    assert p.client.preferred_language == "es"


def test_a_plan_is_opened_once(plan):
    """OpenPlan is only ever the first change."""
    with pytest.raises(ValidationError, match="a plan is opened only once"):
        apply(plan, OpenPlan(plan_id="p2", client=Client(pseudonym="c2")), author="dr-lee")  # type: ignore[arg-type]


def test_non_changes_are_refused(plan):
    """Anything that is not a change is refused with our error, not a KeyError."""
    with pytest.raises(ValidationError, match="expected a plan change, got Strength"):
        apply(plan, plan.strengths[0], author="dr-lee")  # type: ignore[arg-type]


def test_replay_rebuilds_exactly_and_prefixes_give_past_revisions(plan):
    """replay(history) == plan; replaying a prefix gives the plan at that revision."""
    assert replay(plan.history) == plan
    at_three = replay(plan.history[:3])
    assert at_three.revision == 3
    assert [t.id for t in at_three.triggers] == ["t1"]
    assert at_three.coping_skills == ()


def test_replay_refuses_broken_histories(plan):
    """Empty histories, missing openings, skipped revisions and invalid changes are refused."""
    with pytest.raises(ValidationError, match="starts by opening a plan"):
        replay(())
    with pytest.raises(ValidationError, match="starts by opening a plan"):
        replay(plan.history[1:])
    skipped = (plan.history[0], plan.history[2])
    with pytest.raises(ValidationError, match=r"history\[1\].revision: expected 2, got 3"):
        replay(skipped)
    # Skipping the strength makes the coping skill's reference dangle.
    entries = (plan.history[0], *plan.history[2:])
    renumbered: list[HistoryEntry] = []
    previous = GENESIS_DIGEST
    for i, e in enumerate(entries):
        entry = chain_entry(previous, revision=i + 1, at=e.at, author=e.author, change=e.change)
        renumbered.append(entry)
        previous = entry.digest
    with pytest.raises(ValidationError) as error:
        replay(renumbered)
    assert str(error.value).startswith("history[2].change.record.strength_ids[0]: ")


def test_ladder_level_stored(plan):
    """Coping skills default to the internal rung."""
    assert plan.coping_skills[0].level is CopingLevel.INTERNAL
