"""Operations: every way to change a plan, each a function of the plan.

Every operation takes the plan first and returns the new plan; the plan it is given
is left untouched. Each records one change in the history (see
[`apply`][strengthmodel.apply]) and takes three keyword-only arguments:

- ``author`` (required): who makes the change, a user id rather than a name;
- ``at``: when (now, UTC, if not given; pass it for reproducible histories);
- ``expected_revision``: the revision the caller last saw. When it differs from the
  plan's revision the operation raises [`ConflictError`][strengthmodel.ConflictError]
  before doing anything else, which is how an app with several editors avoids
  overwriting someone else's change.

The verbs say what they do:

- ``add_*`` adds a record (its ``id`` defaults to the first free ``kind-N``);
- [`update`][strengthmodel.ops.update] changes fields of a record,
  [`remove`][strengthmodel.ops.remove] removes one (refused, naming the referrers,
  while other records refer to it);
- ``set_*`` sets a plan-level value (the stage of change, readiness, the client);
- the clinical verbs carry logic of their own: [`rate_goal`][strengthmodel.ops.rate_goal],
  [`administer`][strengthmodel.ops.administer], [`link_coping`][strengthmodel.ops.link_coping]
  and [`unlink_coping`][strengthmodel.ops.unlink_coping],
  [`record_challenge_outcome`][strengthmodel.ops.record_challenge_outcome].

[`PlanBuilder`][strengthmodel.PlanBuilder] and [`Editor`][strengthmodel.Editor] expose
the same operations under the same names (generated from
[`OPERATIONS`][strengthmodel.ops.OPERATIONS]), holding the plan or the author for you.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import attrs

from strengthmodel._describe import describe_value, looks_like_a_field_name
from strengthmodel._fields import check_argument
from strengthmodel.client import Client
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import (
    AssessmentId,
    ChallengeId,
    ConcernId,
    CopingSkillId,
    GoalId,
    LapseId,
    PriorityId,
    ReadinessRatingId,
    ReasonForLivingId,
    ResourceId,
    RoutineItemId,
    SafetyActionId,
    SessionId,
    StrengthId,
    SupportId,
    TriggerId,
    ValueId,
    WarningSignId,
    is_valid_id,
)
from strengthmodel.measures.instruments import (
    BUILTIN_INSTRUMENTS,
    Instrument,
    builtin_instrument,
    builtin_spelling,
)
from strengthmodel.plans.apply import apply, check_expected_revision, next_entry
from strengthmodel.plans.changes import (
    AddRecord,
    AnyRecord,
    LinkCoping,
    RecordAttainment,
    RemoveRecord,
    ReplaceRecord,
    SetReadiness,
    SetStage,
    UnlinkCoping,
    UpdateClient,
)
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.registry import id_prefix
from strengthmodel.steps.assessment import (
    Assessment,
    DomainEntry,
    LifeDomainAssessment,
    assessment_from_score,
    custom_assessment,
    edition_problem,
)
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.engagement import (
    PersonalValue,
    Priority,
    Readiness,
    ReadinessRating,
    StageOfChange,
)
from strengthmodel.steps.goals import Attainment, GasScale, Goal, GoalLifecycleStatus
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import (
    CopingLevel,
    CopingLink,
    CopingSkill,
    Lapse,
    ReasonForLiving,
    Resource,
    ResourceCategory,
    RoutineItem,
    SafetyAction,
    Support,
    SupportRole,
    Trigger,
    TriggerCategory,
    TriggerSource,
    WarningSign,
)
from strengthmodel.steps.strengths import (
    CharacterStrength,
    Evidence,
    LifeDomain,
    Strength,
    StrengthCategory,
)

T = TypeVar("T")
P = ParamSpec("P")

__all__ = [
    "OPERATIONS",
    "add_assessment",
    "add_challenge",
    "add_concern",
    "add_coping_skill",
    "add_goal",
    "add_lapse",
    "add_life_domain_assessment",
    "add_priority",
    "add_readiness_rating",
    "add_reason_for_living",
    "add_resource",
    "add_routine_item",
    "add_safety_action",
    "add_session",
    "add_strength",
    "add_support",
    "add_trigger",
    "add_value",
    "add_warning_sign",
    "administer",
    "link_coping",
    "rate_goal",
    "record_challenge_outcome",
    "remove",
    "set_client",
    "set_readiness",
    "set_stage",
    "unlink_coping",
    "update",
]

_TABLE: dict[str, Callable[..., Plan]] = {}

OPERATIONS: Mapping[str, Callable[..., Plan]] = MappingProxyType(_TABLE)
"""Every operation by name: the seven steps in order, then the generic ones.

[`PlanBuilder`][strengthmodel.PlanBuilder] and [`Editor`][strengthmodel.Editor] have
one method per entry, with the same name and arguments (a test holds them to it).
"""


def _operation(op: Callable[Concatenate[Plan, P], Plan]) -> Callable[Concatenate[Plan, P], Plan]:
    """Register ``op`` in the table, checking the plan and its revision before anything else."""

    @functools.wraps(op)
    def checked(plan: Plan, /, *args: P.args, **kwargs: P.kwargs) -> Plan:
        check_expected_revision(plan, cast("int | None", kwargs.get("expected_revision")))
        return op(plan, *args, **kwargs)

    _TABLE[op.__name__] = checked
    return checked


def _add(
    plan: Plan,
    record: AnyRecord,
    author: str,
    at: datetime | None,
    expected_revision: int | None,
) -> Plan:
    return apply(
        plan, AddRecord(record=record), author=author, at=at, expected_revision=expected_revision
    )


# Step 1: listen -------------------------------------------------------------------


@_operation
def add_concern(
    plan: Plan,
    /,
    text: str,
    *,
    reflection: str | None = None,
    raised_on: date | None = None,
    id: str | None = None,  # noqa: A002 - the record field is called id
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a concern in the client's own words (step 1).

    Examples:
        >>> from strengthmodel import Client
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_concern(plan, "I can't sleep since the move", author="dr-lee")
        >>> plan.concerns[0].id
        'concern-1'
    """
    record = Concern(
        id=ConcernId(id or plan.next_id(id_prefix(Concern))),
        text=text,
        reflection=reflection,
        raised_on=raised_on,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_session(
    plan: Plan,
    /,
    held_on: date,
    steps: Iterable[Step],
    *,
    notes: str | None = None,
    alliance: int | None = None,
    feedback: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a session, the steps it worked on and the feedback given (step 1)."""
    record = Session(
        id=SessionId(id or plan.next_id(id_prefix(Session))),
        held_on=held_on,
        steps=frozenset(steps),
        notes=notes,
        alliance=alliance,
        feedback=feedback,
    )
    return _add(plan, record, author, at, expected_revision)


# Step 2: meet the client where they are ---------------------------------------------


@_operation
def set_stage(
    plan: Plan,
    /,
    stage: StageOfChange | None,
    *,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record the client's stage of change (step 2)."""
    return apply(
        plan, SetStage(stage=stage), author=author, at=at, expected_revision=expected_revision
    )


@_operation
def set_readiness(
    plan: Plan,
    /,
    importance: int,
    confidence: int,
    *,
    assessed_on: date | None = None,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record how important the change is to the client and how confident they are (step 2)."""
    readiness = Readiness(importance=importance, confidence=confidence, assessed_on=assessed_on)
    return apply(
        plan,
        SetReadiness(readiness=readiness),
        author=author,
        at=at,
        expected_revision=expected_revision,
    )


@_operation
def add_readiness_rating(
    plan: Plan,
    /,
    rated_on: date,
    *,
    goal_id: str | None = None,
    behaviour: str | None = None,
    stage: StageOfChange | None = None,
    importance: int | None = None,
    confidence: int | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Rate the stage of change and readiness for one goal or behaviour, on a date (step 2).

    Examples:
        >>> from strengthmodel import Client
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_goal(plan, "Cut down", id="g1", author="dr-lee")
        >>> plan = add_readiness_rating(plan, date(2026, 2, 1), goal_id="g1",
        ...     stage=StageOfChange.PREPARATION, confidence=6, author="dr-lee")
        >>> plan.readiness_ratings[0].stage.value
        'preparation'
    """
    record = ReadinessRating(
        id=ReadinessRatingId(id or plan.next_id(id_prefix(ReadinessRating))),
        rated_on=rated_on,
        goal_id=cast("GoalId | None", goal_id),
        behaviour=behaviour,
        stage=stage,
        importance=importance,
        confidence=confidence,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_priority(
    plan: Plan,
    /,
    description: str,
    *,
    rank: int | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add a client priority; ``rank`` defaults to the next free rank (step 2)."""
    if rank is None:
        rank = 1 + max((p.rank for p in plan.priorities), default=0)
    record = Priority(
        id=PriorityId(id or plan.next_id(id_prefix(Priority))), description=description, rank=rank
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_value(
    plan: Plan,
    /,
    name: str,
    *,
    description: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add something that matters to the client (step 2)."""
    record = PersonalValue(
        id=ValueId(id or plan.next_id(id_prefix(PersonalValue))), name=name, description=description
    )
    return _add(plan, record, author, at, expected_revision)


# Step 3: focus on strengths ---------------------------------------------------------


@_operation
def add_strength(
    plan: Plan,
    /,
    name: str,
    category: StrengthCategory,
    *,
    character_strength: CharacterStrength | None = None,
    domain: LifeDomain | None = None,
    evidence: Evidence = Evidence.SELF_REPORT,
    how_it_helps: str | None = None,
    identified_on: date | None = None,
    source_concern_id: str | None = None,
    source_session_id: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a strength, internal or external (step 3).

    Examples:
        >>> from strengthmodel import Client, StrengthKind
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_strength(plan, "Kind to others", StrengthCategory.CHARACTER,
        ...     character_strength=CharacterStrength.KINDNESS, author="dr-lee")
        >>> plan.strengths[0].strength_kind
        <StrengthKind.INTERNAL: 'internal'>
    """
    record = Strength(
        id=StrengthId(id or plan.next_id(id_prefix(Strength))),
        name=name,
        category=category,
        character_strength=character_strength,
        domain=domain,
        evidence=evidence,
        how_it_helps=how_it_helps,
        identified_on=identified_on,
        source_concern_id=cast("ConcernId | None", source_concern_id),
        source_session_id=cast("SessionId | None", source_session_id),
    )
    return _add(plan, record, author, at, expected_revision)


# Step 4: challenge ------------------------------------------------------------------


@_operation
def add_challenge(
    plan: Plan,
    /,
    description: str,
    *,
    goal_id: str | None = None,
    strength_ids: Iterable[str] = (),
    difficulty: int = 1,
    responsible: str | None = None,
    due: date | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Set a growth task that uses the client's strengths (step 4)."""
    record = Challenge(
        id=ChallengeId(id or plan.next_id(id_prefix(Challenge))),
        description=description,
        goal_id=cast("GoalId | None", goal_id),
        strength_ids=_ids("strength_ids", strength_ids, StrengthId),
        difficulty=difficulty,
        responsible=responsible,
        due=due,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def record_challenge_outcome(
    plan: Plan,
    /,
    challenge_id: str,
    outcome: ChallengeOutcome,
    *,
    done_on: date | None = None,
    reflection: str | None = None,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record how a challenge went (step 4)."""
    current = plan.get(challenge_id, Challenge)
    updated = attrs.evolve(current, outcome=outcome, done_on=done_on, reflection=reflection)
    return apply(
        plan,
        ReplaceRecord(record=updated),
        author=author,
        at=at,
        expected_revision=expected_revision,
    )


# Step 5: assess strengths -----------------------------------------------------------


@_operation
def add_assessment(
    plan: Plan,
    /,
    instrument: str,
    instrument_version: str,
    completed_on: date,
    responses: Mapping[str, int | None],
    *,
    scores: Mapping[str, float] | None = None,
    custom: bool = False,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a completed instrument, named by id, with its responses (step 5).

    A built-in instrument (``"phq-9"``, ``"gad-7"``, ...) is recorded through its own
    definition, as [`administer`][strengthmodel.ops.administer] does: answers that are
    not among its options are refused, critical answers are flagged however many other
    items are blank, and the scores are computed (or left out when more items are blank
    than the instrument allows). ``scores``, if given, must be the computed ones. An id
    that only resembles a built-in one (``"PHQ-9"``) is refused with the right spelling,
    and so is an edition the library does not have.

    Any other instrument is refused unless ``custom=True`` says it is your own: its
    responses and ``scores`` are stored as given and nothing is flagged, so prefer
    ``administer`` with your own [`Instrument`][strengthmodel.Instrument].

    Raises:
        ValidationError: As above, one problem per bad answer or score.

    Examples:
        >>> from strengthmodel import Client
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_assessment(plan, "phq-9", "1", date(2026, 2, 1), {"phq9.9": 2},
        ...                       author="dr-lee")
        >>> [(f.item, f.value) for f in plan.assessments[0].flags], plan.assessments[0].scores
        ([('phq9.9', 2)], ())
    """
    check_argument("instrument", instrument, str)
    check_argument("instrument_version", instrument_version, str)
    check_argument("responses", responses, Mapping)
    check_argument("scores", scores, Mapping, type(None))
    check_argument("custom", custom, bool)
    assessment_id = id or plan.next_id(id_prefix(Assessment))
    if instrument in BUILTIN_INSTRUMENTS and not custom:
        definition = builtin_instrument(instrument)
        if instrument_version != definition.edition:
            raise ValidationError([edition_problem(definition)])
        record = assessment_from_score(
            assessment_id, definition, responses, completed_on, allow_unscored=True
        )
        _check_given_scores(record, scores)
    elif custom or builtin_spelling(instrument) is not None:
        # A misspelt built-in id is refused by custom_assessment, with the right spelling.
        record = custom_assessment(
            assessment_id, instrument, instrument_version, responses, completed_on, scores=scores
        )
    else:
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    "not a built-in instrument (built-in: "
                    f"{', '.join(BUILTIN_INSTRUMENTS)}); for your own instrument pass "
                    "custom=True, or administer its Instrument definition so that its "
                    "critical items are flagged",
                )
            ]
        )
    return _add(plan, record, author, at, expected_revision)


def _check_given_scores(record: Assessment, scores: Mapping[str, float] | None) -> None:
    """Scores a caller passed for a built-in instrument: they must be the computed ones."""
    if scores is None:
        return
    computed = {s.name: s.value for s in record.scores}
    problems = [
        Problem(
            f"scores[{name!r}]" if is_valid_id(name) else "scores",
            "computed from the responses: leave scores out for a built-in instrument",
        )
        for name, value in scores.items()
        if type(name) is not str or computed.get(name) != value or type(value) is bool
    ]
    if problems:
        raise ValidationError(problems)


@_operation
def administer(
    plan: Plan,
    /,
    instrument: Instrument,
    responses: Mapping[str, int | None],
    completed_on: date,
    *,
    allow_unscored: bool = False,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Score a completed instrument and record it, responses and scores (step 5).

    See [`assessment_from_score`][strengthmodel.assessment_from_score]: with
    ``allow_unscored=True``, responses with more blank items than the instrument allows
    are recorded without scores (their critical answers still flagged) instead of
    refused.

    Raises:
        ValidationError: The responses do not fit the instrument; a refusal for blank
            items says when a critical answer was given.

    Examples:
        >>> from strengthmodel import Client, builtin_instrument
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = administer(plan, builtin_instrument("gad-7"),
        ...     {f"gad7.{n}": 1 for n in range(1, 8)}, date(2026, 2, 1), author="dr-lee")
        >>> [(s.name, s.value) for s in plan.assessments[0].scores]
        [('total', 7.0)]
    """
    record = assessment_from_score(
        id or plan.next_id(id_prefix(Assessment)),
        instrument,
        responses,
        completed_on,
        allow_unscored=allow_unscored,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_life_domain_assessment(
    plan: Plan,
    /,
    assessed_on: date,
    entries: Iterable[DomainEntry],
    *,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a life-domain strengths assessment (step 5, Rapp & Goscha 2012)."""
    record = LifeDomainAssessment(
        id=AssessmentId(id or plan.next_id(id_prefix(LifeDomainAssessment))),
        assessed_on=assessed_on,
        entries=_items("entries", entries),
    )
    return _add(plan, record, author, at, expected_revision)


# Step 6: set achievable goals -------------------------------------------------------


@_operation
def add_goal(
    plan: Plan,
    /,
    statement: str,
    *,
    measure: str | None = None,
    target: str | None = None,
    due: date | None = None,
    scale: GasScale | None = None,
    importance: int = 2,
    difficulty: int = 1,
    baseline: int = -1,
    strength_ids: Iterable[str] = (),
    priority_id: str | None = None,
    lifecycle: GoalLifecycleStatus = GoalLifecycleStatus.PROPOSED,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Set a goal in the client's words, with its scale and weight (step 6)."""
    record = Goal(
        id=GoalId(id or plan.next_id(id_prefix(Goal))),
        statement=statement,
        measure=measure,
        target=target,
        due=due,
        scale=scale,
        importance=importance,
        difficulty=difficulty,
        baseline=baseline,
        strength_ids=_ids("strength_ids", strength_ids, StrengthId),
        priority_id=cast("PriorityId | None", priority_id),
        lifecycle=lifecycle,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def rate_goal(
    plan: Plan,
    /,
    goal_id: str,
    level: int,
    rated_on: date,
    *,
    note: str | None = None,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Rate a goal on its Goal Attainment Scale, -2 to +2 (step 6).

    Ratings come on or after the day of the goal's latest rating; a rating on the same
    day corrects the latest one (the history keeps both changes).
    """
    change = RecordAttainment(
        goal_id=GoalId(goal_id),
        attainment=Attainment(rated_on=rated_on, level=level, note=note),
    )
    return apply(plan, change, author=author, at=at, expected_revision=expected_revision)


# Step 7: stay well ------------------------------------------------------------------


@_operation
def add_trigger(
    plan: Plan,
    /,
    description: str,
    category: TriggerCategory,
    *,
    source: TriggerSource = TriggerSource.EXTERNAL,
    intensity: int = 3,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Identify a high-risk situation (step 7, Marlatt & Gordon 1985)."""
    record = Trigger(
        id=TriggerId(id or plan.next_id(id_prefix(Trigger))),
        description=description,
        category=category,
        source=source,
        intensity=intensity,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_warning_sign(
    plan: Plan,
    /,
    description: str,
    *,
    trigger_ids: Iterable[str] = (),
    action: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record an early warning sign and what to do when it shows (step 7)."""
    record = WarningSign(
        id=WarningSignId(id or plan.next_id(id_prefix(WarningSign))),
        description=description,
        trigger_ids=_ids("trigger_ids", trigger_ids, TriggerId),
        action=action,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_coping_skill(
    plan: Plan,
    /,
    name: str,
    *,
    level: CopingLevel = CopingLevel.INTERNAL,
    steps: Iterable[str] = (),
    strength_ids: Iterable[str] = (),
    support_ids: Iterable[str] = (),
    mastery: float = 0.5,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add a coping skill on a rung of the safety-planning ladder (step 7)."""
    record = CopingSkill(
        id=CopingSkillId(id or plan.next_id(id_prefix(CopingSkill))),
        name=name,
        steps=_items("steps", steps),
        level=level,
        strength_ids=_ids("strength_ids", strength_ids, StrengthId),
        support_ids=_ids("support_ids", support_ids, SupportId),
        mastery=mastery,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def link_coping(
    plan: Plan,
    /,
    trigger_id: str,
    coping_skill_id: str,
    *,
    efficacy: float = 0.5,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Say that a coping skill handles a trigger, and how well (step 7).

    Linking a pair that is already linked sets its efficacy: the link keeps its place,
    and the history keeps both values (to remove it, use
    [`unlink_coping`][strengthmodel.ops.unlink_coping]).
    """
    link = CopingLink(
        trigger_id=TriggerId(trigger_id),
        coping_skill_id=CopingSkillId(coping_skill_id),
        efficacy=efficacy,
    )
    return apply(
        plan, LinkCoping(link=link), author=author, at=at, expected_revision=expected_revision
    )


@_operation
def add_support(
    plan: Plan,
    /,
    name: str,
    role: SupportRole,
    *,
    relation: str | None = None,
    contact: str | None = None,
    availability: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add a person or service the client can turn to (step 7)."""
    record = Support(
        id=SupportId(id or plan.next_id(id_prefix(Support))),
        name=name,
        role=role,
        relation=relation,
        contact=contact,
        availability=availability,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_safety_action(
    plan: Plan,
    /,
    description: str,
    *,
    done: bool = False,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add a step that makes the environment safe (step 7, Stanley & Brown 2012)."""
    record = SafetyAction(
        id=SafetyActionId(id or plan.next_id(id_prefix(SafetyAction))),
        description=description,
        done=done,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_reason_for_living(
    plan: Plan,
    /,
    text: str,
    *,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record something that matters most to the client (step 7)."""
    record = ReasonForLiving(
        id=ReasonForLivingId(id or plan.next_id(id_prefix(ReasonForLiving))), text=text
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_routine_item(
    plan: Plan,
    /,
    description: str,
    *,
    when: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Add part of the daily wellness routine (step 7)."""
    record = RoutineItem(
        id=RoutineItemId(id or plan.next_id(id_prefix(RoutineItem))),
        description=description,
        when=when,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_lapse(
    plan: Plan,
    /,
    occurred_on: date,
    *,
    trigger_id: str | None = None,
    coping_tried: Iterable[str] = (),
    helped_by: Iterable[str] = (),
    support_ids: Iterable[str] = (),
    became_relapse: bool = False,
    reflection: str | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record a lapse, or a relapse, with what was tried and what helped (step 7).

    Examples:
        >>> from strengthmodel import Client, TriggerCategory
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_trigger(plan, "Payday", TriggerCategory.URGES_AND_TEMPTATIONS, id="t1",
        ...                    author="dr-lee")
        >>> plan = add_lapse(plan, date(2026, 3, 2), trigger_id="t1", author="dr-lee")
        >>> plan.lapses[0].id, plan.lapses[0].became_relapse
        ('lapse-1', False)
    """
    record = Lapse(
        id=LapseId(id or plan.next_id(id_prefix(Lapse))),
        occurred_on=occurred_on,
        trigger_id=cast("TriggerId | None", trigger_id),
        coping_tried=_ids("coping_tried", coping_tried, CopingSkillId),
        helped_by=_ids("helped_by", helped_by, CopingSkillId),
        support_ids=_ids("support_ids", support_ids, SupportId),
        became_relapse=became_relapse,
        reflection=reflection,
    )
    return _add(plan, record, author, at, expected_revision)


@_operation
def add_resource(
    plan: Plan,
    /,
    title: str,
    category: ResourceCategory,
    given_on: date,
    *,
    goal_id: str | None = None,
    usefulness: int | None = None,
    id: str | None = None,  # noqa: A002
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Record education, a resource or a tool given to the client (step 7).

    Examples:
        >>> from strengthmodel import Client, ResourceCategory
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_resource(plan, "Sleep diary", ResourceCategory.WORKSHEET,
        ...                     date(2026, 2, 1), usefulness=7, author="dr-lee")
        >>> plan.resources[0].id, plan.resources[0].usefulness
        ('resource-1', 7)
    """
    record = Resource(
        id=ResourceId(id or plan.next_id(id_prefix(Resource))),
        title=title,
        category=category,
        given_on=given_on,
        goal_id=cast("GoalId | None", goal_id),
        usefulness=usefulness,
    )
    return _add(plan, record, author, at, expected_revision)


# Any record ----------------------------------------------------------------------


@_operation
def update(
    plan: Plan,
    record_id: str,
    /,
    *,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
    **fields: Any,  # noqa: ANN401 - each record type has its own fields
) -> Plan:
    """Change fields of a record: mark a goal achieved, raise a skill's mastery, ...

    The record is rebuilt with the new values and checked like any record, so a value
    out of range is refused with its path; the change is a
    [`ReplaceRecord`][strengthmodel.ReplaceRecord] in the history, holding the whole
    new record (the history shows both versions). A record's ``id`` cannot change:
    add a new record and remove the old one instead; a goal's ratings change through
    [`rate_goal`][strengthmodel.ops.rate_goal]. A list is accepted for a field that
    holds a tuple (``strength_ids=["s1"]``), as the ``add_*`` operations accept one.
    An update that changes nothing returns the plan as it is: no new revision, so a
    form saved unchanged never makes another clinician's save conflict.

    Args:
        plan: The plan.
        record_id: The record to change.
        author: Who makes the change.
        at: When.
        expected_revision: The revision the caller last saw.
        **fields: The fields to change and their new values.

    Raises:
        UnknownRecordError: The plan holds no record with that id.
        ValidationError: No field was given, a name is not a field of the record (or
            is ``id``), or a new value is invalid.

    Examples:
        >>> from strengthmodel import Client, Goal, GoalLifecycleStatus, Plan
        >>> plan = add_goal(Plan.new(Client(pseudonym="c1"), author="dr-lee"),
        ...                 "Walk daily", id="g1", author="dr-lee")
        >>> plan = update(plan, "g1", lifecycle=GoalLifecycleStatus.ACTIVE, importance=3,
        ...               author="dr-lee")
        >>> goal = plan.get("g1", Goal)
        >>> goal.lifecycle.value, goal.importance, plan.revision
        ('active', 3, 3)
        >>> update(plan, "g1", importance=7, author="dr-lee")
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: Goal.importance: expected an integer from 0 to 3, ...
    """
    record = plan.get(record_id)
    if not fields:
        raise ValidationError([Problem("fields", "expected at least one field to change")])
    current = {f.name: getattr(record, f.name) for f in attrs.fields(type(record))}
    problems = [
        Problem(
            name if looks_like_a_field_name(name) else "fields",
            f"{record.kind} records have no field "
            + (repr(name) if looks_like_a_field_name(name) else f"({describe_value(name)})"),
        )
        for name in fields
        if name not in current
    ]
    if "id" in fields:
        problems.append(
            Problem("id", "a record's id cannot change; add a new record and remove this one")
        )
    if isinstance(record, Goal) and "attainments" in fields:
        problems.append(
            Problem("attainments", "ratings change through rate_goal, which keeps them in order")
        )
    if problems:
        raise ValidationError(problems)
    # A list for a tuple field, or a set for a frozenset field, is the same collection.
    for name, value in fields.items():
        if isinstance(current[name], tuple) and type(value) is list:
            fields[name] = tuple(value)
        elif isinstance(current[name], frozenset) and type(value) in {list, set}:
            fields[name] = frozenset(value)
    replacement = attrs.evolve(record, **fields)
    change = ReplaceRecord(record=replacement)
    if _same(replacement, record):
        # Nothing changes: no revision is made (a form saved as it was must not make
        # another clinician's save conflict). The author and time are checked as apply would.
        next_entry(plan, change, author=author, at=at)
        return plan
    return apply(plan, change, author=author, at=at, expected_revision=expected_revision)


def _same(a: AnyRecord, b: AnyRecord) -> bool:
    """Equal field by field, with values of the same types (in Python ``1 == 1.0 == True``)."""
    names = [f.name for f in attrs.fields(type(a))]
    return a == b and all(type(getattr(a, n)) is type(getattr(b, n)) for n in names)


@_operation
def remove(
    plan: Plan,
    record_id: str,
    /,
    *,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Remove a record; coping links to or from it go with it.

    Refused while other records refer to it, naming them: remove or update those
    first. The history keeps the record as it was.

    Raises:
        UnknownRecordError: The plan holds no record with that id.
        ValidationError: Other records still refer to it.

    Examples:
        >>> from strengthmodel import Client, Plan, StrengthCategory
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> plan = add_strength(plan, "Gardening", StrengthCategory.SKILL, id="s1",
        ...                     author="dr-lee")
        >>> plan = add_goal(plan, "Walk daily", strength_ids=["s1"], id="g1", author="dr-lee")
        >>> remove(plan, "s1", author="dr-lee")
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: record_id: cannot remove strength 's1': goal 'g1' ...
        >>> [g.id for g in remove(plan, "g1", author="dr-lee").goals]
        []
    """
    return apply(
        plan,
        RemoveRecord(record_id=record_id),
        author=author,
        at=at,
        expected_revision=expected_revision,
    )


@_operation
def unlink_coping(
    plan: Plan,
    /,
    trigger_id: str,
    coping_skill_id: str,
    *,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Say that a coping skill no longer handles a trigger (step 7).

    Raises:
        UnknownRecordError: The plan holds no such link.
    """
    change = UnlinkCoping(
        trigger_id=TriggerId(trigger_id), coping_skill_id=CopingSkillId(coping_skill_id)
    )
    return apply(plan, change, author=author, at=at, expected_revision=expected_revision)


@_operation
def set_client(
    plan: Plan,
    /,
    client: Client,
    *,
    author: str,
    at: datetime | None = None,
    expected_revision: int | None = None,
) -> Plan:
    """Replace the client's details (pseudonym, name, language)."""
    return apply(
        plan, UpdateClient(client=client), author=author, at=at, expected_revision=expected_revision
    )


def _ids(name: str, values: Iterable[str], kind: Callable[[str], T]) -> tuple[T, ...]:
    """Turn plain strings into typed ids (the same strings at run time)."""
    return tuple(kind(value) for value in _items(name, values))


def _items(name: str, values: Iterable[T]) -> tuple[T, ...]:
    """A list or tuple (any iterable) of items as a tuple; text is not a list of letters.

    Raises:
        ValidationError: ``values`` is text, a mapping, or not iterable.
    """
    if isinstance(values, str | bytes):
        raise ValidationError(
            [
                Problem(
                    name,
                    f"expected a list of items, got text of {len(values)} characters: "
                    "pass a list, even of one item",
                )
            ]
        )
    if isinstance(values, Mapping) or not isinstance(values, Iterable):
        raise ValidationError(
            [Problem(name, f"expected a list of items, got {type(values).__name__}")]
        )
    return tuple(values)
