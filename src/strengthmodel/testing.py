"""Hypothesis strategies for every public record and for whole plans with histories.

Use them in your own tests, as we do in ours::

    from hypothesis import given
    from strengthmodel.testing import plans

    @given(plans())
    def test_my_export_accepts_any_plan(plan): ...

Record strategies are derived from the same annotations and field metadata that
validation reads (so a new field or bound is picked up automatically), with a few
hand-written pieces where fields depend on each other. [`plans`][strengthmodel.testing.plans]
builds a plan by applying a random sequence of valid changes, so every generated plan
has a real history. Requires the ``hypothesis`` package (in the ``test`` extra).
"""

from __future__ import annotations

import contextvars
import functools
import operator
import string
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import attrs
import hypothesis
from hypothesis import strategies as st

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record
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
    RecordType,
    SequenceType,
    TextType,
    UnionType,
    describe,
    inner,
)
from strengthmodel.client import Client
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import ID_MAX_LENGTH, CopingSkillId, LapseId, SupportId, TriggerId
from strengthmodel.measures.instruments import BUILTIN_INSTRUMENTS, Flag, builtin_instrument
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import (
    AddRecord,
    AnyChange,
    AnyRecord,
    LinkCoping,
    OpenPlan,
    RecordAttainment,
    RemoveRecord,
    ReplaceRecord,
    SetReadiness,
    SetStage,
    UnlinkCoping,
    UpdateClient,
)
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.registry import OWNERS, RECORD_TYPES, REGISTRY, references_of
from strengthmodel.steps.assessment import (
    Assessment,
    DomainEntry,
    ItemResponse,
    LifeDomainAssessment,
    Score,
    assessment_from_score,
)
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.engagement import PersonalValue, Priority, Readiness, StageOfChange
from strengthmodel.steps.goals import (
    Attainment,
    GasScale,
    Goal,
    GoalAchievementStatus,
    GoalLifecycleStatus,
)
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import (
    CopingLink,
    CopingSkill,
    Lapse,
    ReasonForLiving,
    RoutineItem,
    SafetyAction,
    Support,
    SupportRole,
    Trigger,
    WarningSign,
)
from strengthmodel.steps.strengths import (
    CharacterStrength,
    LifeDomain,
    Strength,
    StrengthCategory,
    StrengthKind,
)

__all__ = [
    "clients",
    "complete_plans",
    "ids",
    "lapses_for",
    "large_plans",
    "plans",
    "records",
    "sample_plans",
    "shared_plans",
    "texts",
]

R = TypeVar("R", bound=Record)

# Hypothesis takes naive bounds and attaches the time zone itself.
_NAIVE_MIN = datetime(1990, 1, 1)  # noqa: DTZ001
_NAIVE_MAX = datetime(2100, 1, 1)  # noqa: DTZ001


_ID_FIRST = string.ascii_letters + string.digits
_ID_REST = _ID_FIRST + "._:-"
# Drawn from alphabets rather than from ID_PATTERN as a regex: the same ids, several
# times faster to draw (generating plans draws thousands of them).
_IDS = st.builds(
    operator.add, st.sampled_from(_ID_FIRST), st.text(_ID_REST, max_size=ID_MAX_LENGTH - 1)
)


def ids() -> st.SearchStrategy[str]:
    """Well-formed record ids (matching ``strengthmodel.ids.ID_PATTERN``)."""
    return _IDS


@functools.cache
def texts(max_length: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text of at most ``max_length`` characters, any Unicode but surrogates."""
    alphabet = st.characters(exclude_categories=["Cs"])
    return st.text(alphabet, min_size=1, max_size=max_length).filter(str.strip)


# While plans(sensitive_text=...) draws, every sensitive text comes from that strategy.
_SENSITIVE_TEXT: contextvars.ContextVar[st.SearchStrategy[str] | None] = contextvars.ContextVar(
    "sensitive_text", default=None
)


@st.composite
def _sensitive_texts(draw: st.DrawFn, max_length: int) -> str:
    chosen = _SENSITIVE_TEXT.get()
    return draw(chosen if chosen is not None else texts(max_length))


def _for_type(kind: FieldType) -> st.SearchStrategy[Any]:  # noqa: C901, PLR0911, PLR0912 - one branch per kind of field
    """Valid values of one field description (see `strengthmodel._model`)."""
    match kind:
        case IdType():
            return ids()
        case OptionalType(item):
            return st.none() | _for_type(item)
        case UnionType(members) | InstanceType(members):
            return st.one_of([_for_member(m) for m in members])
        case SequenceType(item, container, unique) if container is tuple:
            return st.lists(_for_type(item), max_size=3, unique=unique).map(tuple)
        case SequenceType(item):
            return st.frozensets(_for_type(item), max_size=3)
        case IntType(ge, le, declared):
            lo, hi = (ge, le) if declared else (-(2**31), 2**31)
            return st.integers(int(lo), int(hi))
        case FloatType(bounds):
            lo, hi = bounds if bounds is not None else (-1e9, 1e9)
            return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        case TextType(max_length, pattern, sensitive):
            if pattern is not None:
                return st.from_regex(pattern, fullmatch=True)
            make = _sensitive_texts if sensitive else texts
            return make(min(max_length, 40))
        case BoolType():
            return st.booleans()
        case DateType():
            return st.dates(date(1990, 1, 1), date(2100, 12, 31))
        case DateTimeType():
            return st.datetimes(_NAIVE_MIN, _NAIVE_MAX, timezones=st.just(UTC))
        case EnumType(cls):
            return st.sampled_from(cls)
        case RecordType(cls):
            return records(cls)
    typing.assert_never(kind)


def _for_member(member: type) -> st.SearchStrategy[Any]:
    if issubclass(member, Record):
        return records(member)
    return st.from_type(member)  # pragma: no cover - every union in the library is of records


def _strengths() -> st.SearchStrategy[Strength]:
    def pair(category: StrengthCategory) -> st.SearchStrategy[CharacterStrength | None]:
        if category is StrengthCategory.CHARACTER:
            return st.sampled_from(CharacterStrength)
        return st.none()

    @functools.cache
    def of(category: StrengthCategory) -> st.SearchStrategy[Strength]:
        return _derived(Strength, category=st.just(category), character_strength=pair(category))

    return st.sampled_from(StrengthCategory).flatmap(of)


def _challenges() -> st.SearchStrategy[Challenge]:
    @functools.cache
    def of(outcome: ChallengeOutcome) -> st.SearchStrategy[Challenge]:
        done = outcome is ChallengeOutcome.DONE
        return _derived(
            Challenge,
            outcome=st.just(outcome),
            done_on=(st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)))
            if done
            else st.none(),
        )

    return st.sampled_from(ChallengeOutcome).flatmap(of)


def _attainment_runs() -> st.SearchStrategy[tuple[Attainment, ...]]:
    @functools.cache
    def on(offset: int) -> st.SearchStrategy[Attainment]:
        return _derived(Attainment, rated_on=st.just(date(2020, 1, 1) + timedelta(days=offset)))

    days = st.lists(st.integers(0, 3000), max_size=4, unique=True).map(sorted)
    return days.flatmap(lambda offsets: st.tuples(*[on(d) for d in offsets]))


def _domain_entries() -> st.SearchStrategy[tuple[DomainEntry, ...]]:
    domains = st.lists(st.sampled_from(LifeDomain), min_size=1, max_size=4, unique=True)

    @functools.cache
    def entry(domain: LifeDomain, priority: int | None) -> st.SearchStrategy[DomainEntry]:
        return _derived(DomainEntry, domain=st.just(domain), priority=st.just(priority))

    def entries(chosen: list[LifeDomain]) -> st.SearchStrategy[tuple[DomainEntry, ...]]:
        ranks = st.permutations([1, 2, 3, 4, None, None, None, None])
        return ranks.flatmap(
            lambda order: st.tuples(*[entry(d, order[i]) for i, d in enumerate(chosen)])
        )

    return domains.flatmap(entries)


_SPECIAL: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Strength: _strengths,
    Challenge: _challenges,
}

_FIELD_OVERRIDES: dict[type, dict[str, Callable[[], st.SearchStrategy[Any]]]] = {
    Client: {
        "pseudonym": ids,
        "preferred_language": lambda: st.sampled_from(["en", "es", "es-MX", "fr-CA", "zh-Hant"]),
    },
    Assessment: {
        "instrument": ids,
        "instrument_version": lambda: st.from_regex(r"[0-9][0-9.]{0,5}", fullmatch=True),
    },
    ItemResponse: {"item": ids},
    Score: {"name": ids},
    Flag: {"item": ids},
    RemoveRecord: {"record_id": ids},
    Session: {"steps": lambda: st.frozensets(st.sampled_from(Step), min_size=1)},
    Goal: {"attainments": _attainment_runs},
    LifeDomainAssessment: {"entries": _domain_entries},
}


def _derived(cls: type[R], **given: st.SearchStrategy[Any]) -> st.SearchStrategy[R]:
    """Build ``cls`` from strategies for each field; keep only valid combinations."""
    described = {f.name: f.type for f in describe(cls)}
    overrides = _FIELD_OVERRIDES.get(cls, {})
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(typing.cast("Any", cls)):
        if field.name in given:
            fields[field.name] = given[field.name]
        elif field.name in overrides:
            fields[field.name] = overrides[field.name]()
        else:
            fields[field.name] = _for_type(described[field.name])
    built = st.fixed_dictionaries(fields).map(lambda kw: _try(cls, kw))
    return typing.cast("st.SearchStrategy[R]", built.filter(lambda r: r is not None))


def _try(cls: type[R], kwargs: dict[str, Any]) -> R | None:
    try:
        return cls(**kwargs)
    except ValidationError:
        # Cross-field rules (each item once, priorities unique, ...) are rare misses.
        return None


def records(cls: type[R]) -> st.SearchStrategy[R]:
    """Valid instances of any record class (``records(Goal)``).

    References to other records are well-formed ids but not checked against a plan:
    use [`plans`][strengthmodel.testing.plans] for records that live in a plan.
    """
    found = _RECORDS.get(cls)
    if found is None:  # built once per class: building strategies is slow
        special = _SPECIAL.get(cls)
        found = special() if special else _derived(cls)
        _RECORDS[cls] = found
    return typing.cast("st.SearchStrategy[R]", found)


_RECORDS: dict[type, st.SearchStrategy[Any]] = {}


def clients() -> st.SearchStrategy[Client]:
    """Valid clients."""
    return records(Client)


# --- whole plans --------------------------------------------------------------------
#
# A plan is generated the way a clinician builds one: first its shape (which steps are
# worked on, how many records of each kind), then the records in an order that lets
# references exist (strengths and supports before the skills and goals that draw on
# them, triggers before warning signs, goals before challenges and ratings), with
# edits interleaved (replacements, removals that are allowed, ratings, stage changes,
# links made and unmade), in sessions of a few changes by one author on one day.
# Every change goes through ``apply``, so the history is the plan.

# Each task kind: its step, the fewest and most per plan (before scaling), and the
# task kinds it waits for (at least one done, or none left to do).
_TASKS: dict[str, tuple[Step, int, int, tuple[str, ...]]] = {
    "concern": (Step.LISTEN, 1, 2, ()),
    "session": (Step.LISTEN, 1, 3, ()),
    "stage": (Step.MEET, 0, 2, ()),
    "readiness": (Step.MEET, 0, 2, ()),
    "priority": (Step.MEET, 0, 3, ()),
    "value": (Step.MEET, 0, 2, ()),
    "strength": (Step.STRENGTHS, 1, 4, ()),
    "challenge": (Step.CHALLENGE, 1, 3, ("goal", "strength")),
    "assessment": (Step.ASSESS, 0, 2, ()),
    "domains": (Step.ASSESS, 1, 2, ()),
    "goal": (Step.GOALS, 1, 3, ("strength", "priority")),
    "rating": (Step.GOALS, 0, 5, ("goal",)),
    "trigger": (Step.STAY_WELL, 1, 3, ()),
    "warning": (Step.STAY_WELL, 0, 2, ("trigger",)),
    "support": (Step.STAY_WELL, 0, 2, ()),
    "coping": (Step.STAY_WELL, 1, 3, ("strength", "support")),
    "link": (Step.STAY_WELL, 1, 5, ("trigger", "coping")),
    "safety": (Step.STAY_WELL, 0, 2, ()),
    "reason": (Step.STAY_WELL, 0, 2, ()),
    "routine": (Step.STAY_WELL, 0, 2, ()),
}

_INTERNAL_CATEGORIES = tuple(
    c for c in StrengthCategory if c.strength_kind is StrengthKind.INTERNAL
)
_EXTERNAL_CATEGORIES = tuple(
    c for c in StrengthCategory if c.strength_kind is StrengthKind.EXTERNAL
)
_SERVICE_ROLES = tuple(r for r in SupportRole if r.is_service)
_OPEN_OR_DONE = tuple(
    s for s in GoalLifecycleStatus if s.is_open or s is GoalLifecycleStatus.COMPLETED
)


@attrs.frozen
class _Config:
    """What a plan strategy was asked for (validated by the public functions)."""

    min_changes: int
    max_changes: int
    steps: frozenset[Step]
    complete: bool
    min_authors: int = 1
    max_authors: int = 3
    rotate: bool = False  # authors take turns, session by session
    session_length: int = 8  # the most changes in one sitting
    scale: int = 1  # multiplies the most records of each kind
    long_texts: bool = False
    sensitive_text: st.SearchStrategy[str] | None = None


class _Build:
    """The plan being built: applies changes within the budget, with author and time."""

    def __init__(self, draw: st.DrawFn, config: _Config, *, finish: bool) -> None:
        self.draw = draw
        self.config = config
        self.finish = finish
        count = draw(st.integers(config.min_authors, config.max_authors))
        authors = _authors() if config.sensitive_text is None else config.sensitive_text
        self.team = draw(st.lists(authors, min_size=count, max_size=count, unique=True))
        self.now = draw(st.datetimes(_NAIVE_MIN, _NAIVE_MAX, timezones=st.just(UTC)))
        self.sessions = 0
        self.author = self.team[0]
        self.left = 0  # changes left in the current sitting
        self.plan = Plan.new(draw(clients()), plan_id=draw(ids()), author=self.author, at=self.now)
        self.used = 0
        self.full = False
        self.drawn: dict[type, list[Record]] = {}

    @property
    def today(self) -> date:
        return self.now.date()

    def reserve(self, plan: Plan) -> int:
        """How many changes completing ``plan`` still takes (0 unless finishing)."""
        return len(_completion(plan, self.config.steps)) if self.finish else 0

    def offer(self, change: AnyChange | None) -> bool:
        """Apply ``change`` if it fits the budget; False (and the plan unchanged) if not."""
        if change is None:
            return False
        if self.left == 0:  # a new sitting: another day, maybe another author
            self.sessions += 1
            self.now += timedelta(days=self.draw(st.integers(1, 28)))
            self.left = self.draw(st.integers(1, self.config.session_length))
            if self.config.rotate:
                self.author = self.team[self.sessions % len(self.team)]
            else:
                self.author = self.draw(st.sampled_from(self.team))
        at = self.now + timedelta(minutes=self.draw(st.integers(1, 20)))
        new = apply(
            self.plan,
            change,
            author=self.author,
            at=at,
            expected_revision=self.plan.revision,
        )
        if self.used + 1 + self.reserve(new) > self.config.max_changes:
            self.full = True
            return False
        self.plan, self.now = new, at
        self.used += 1
        self.left -= 1
        return True

    def new(self, cls: type[R], **fields: object) -> R:
        """A new record of ``cls`` for this plan: fresh id, references into the plan."""
        drawn = self.drawn.setdefault(cls, [])
        if self.config.scale > 1 and drawn and self.draw(st.integers(0, 3)):
            # Large plans reuse the content of earlier records (most of the time): drawing
            # every field of hundreds of records would exceed what Hypothesis can draw.
            record = typing.cast("R", drawn[self.draw(st.integers(0, len(drawn) - 1))])
        else:
            record = self.draw(_content(cls))
            if self.config.long_texts:
                record = _lengthen(self.draw, record)
            drawn.append(record)
        return _retarget(self.draw, self.plan, record, id=self.plan.next_id(cls.kind), **fields)


def _authors() -> st.SearchStrategy[str]:
    """Author ids, as apps record them (a user id, not a name)."""
    return st.builds(
        operator.add,
        st.sampled_from(string.ascii_lowercase),
        st.text(string.ascii_lowercase + string.digits + ".-", max_size=15),
    )


def _shape(draw: st.DrawFn, config: _Config, *, finish: bool) -> dict[str, int]:
    """How many of each task: the steps worked on, and records per kind."""
    worked = {
        step for step in Step if step in config.steps and (finish or draw(st.integers(0, 4)) > 0)
    }
    counts: dict[str, int] = {}
    for kind, (step, low, high, _) in _TASKS.items():
        if step in worked:
            counts[kind] = draw(st.integers(low, high * config.scale))
    return counts


def _ready(counts: dict[str, int], done: dict[str, int]) -> list[str]:
    return [
        kind
        for kind, left in counts.items()
        if left and all(done.get(need) or not counts.get(need) for need in _TASKS[kind][3])
    ]


def _build(draw: st.DrawFn, config: _Config) -> Plan:
    token = _SENSITIVE_TEXT.set(config.sensitive_text)
    try:
        return _build_plan(draw, config)
    finally:
        _SENSITIVE_TEXT.reset(token)


def _build_plan(draw: st.DrawFn, config: _Config) -> Plan:
    can_finish = len(_completion(_EMPTY, config.steps)) <= config.max_changes
    finish = config.complete or (can_finish and draw(st.booleans()))
    build = _Build(draw, config, finish=finish)
    counts = _shape(draw, config, finish=finish)
    done: dict[str, int] = {}
    edits = _edits_for(config.steps)
    while not build.full and (ready := _ready(counts, done)):
        kind = ready[draw(st.integers(0, len(ready) - 1))]
        counts[kind] -= 1
        if build.offer(_TASK_CHANGES[kind](build)):
            done[kind] = done.get(kind, 0) + 1
        if draw(st.integers(0, 2)) == 2:  # an edit after about a third of the tasks
            build.offer(draw(st.sampled_from(edits))(build))
    padding = [_add_any, *edits]  # records first: a long history of stage changes tests little
    while build.used + build.reserve(build.plan) < config.min_changes:
        if not build.offer(draw(st.sampled_from(padding))(build)):
            build.offer(UpdateClient(client=draw(clients())))
    if finish:
        for action in _completion(build.plan, config.steps):
            if not build.offer(action(build)):  # pragma: no cover - the reserve is exact
                msg = "internal error: a completing change did not apply"
                raise AssertionError(msg)
    return build.plan


# --- the records each task adds -----------------------------------------------------


def _concern(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Concern))


def _session(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Session, held_on=b.today))


def _stage(b: _Build) -> AnyChange:
    return SetStage(stage=b.draw(st.none() | st.sampled_from(StageOfChange)))


def _readiness(b: _Build) -> AnyChange:
    return SetReadiness(readiness=b.draw(st.none() | records(Readiness)))


def _priority(b: _Build) -> AnyChange | None:
    taken = {p.rank for p in b.plan.priorities}
    free = [rank for rank in range(1, 101) if rank not in taken]
    return AddRecord(record=b.new(Priority, rank=free[0])) if free else None


def _value(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(PersonalValue))


def _strength(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Strength))


def _challenge(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Challenge))


def _assessment(b: _Build) -> AnyChange:
    if b.draw(st.booleans()):
        return AddRecord(record=b.new(Assessment))
    # A built-in instrument, scored: its critical items can raise review findings.
    instrument = builtin_instrument(b.draw(st.sampled_from(BUILTIN_INSTRUMENTS)))
    values: list[int | None] = [o.value for o in instrument.options]
    if b.draw(st.booleans()):
        values.append(None)  # forms left part blank: recorded unscored, still flagged
    answers = {i.id: b.draw(st.sampled_from(values)) for i in instrument.items}
    record = assessment_from_score(
        b.plan.next_id(Assessment.kind), instrument, answers, b.today, allow_unscored=True
    )
    if _SENSITIVE_TEXT.get() is not None:
        # A flag's reason is sensitive text like any other.
        flags = tuple(attrs.evolve(f, reason=b.draw(_sensitive_texts(40))) for f in record.flags)
        record = attrs.evolve(record, flags=flags)
    return AddRecord(record=record)


def _domains(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(LifeDomainAssessment))


def _goal(b: _Build) -> AnyChange:
    goal = b.new(Goal)
    if b.draw(st.booleans()):  # most ratings arrive one by one, as RecordAttainment
        goal = _with(goal, attainments=())
    return AddRecord(record=goal)


def _rating(b: _Build) -> AnyChange | None:
    if not b.plan.goals:
        return None
    goal = b.draw(st.sampled_from(b.plan.goals))
    last = goal.latest.rated_on if goal.latest else b.today - timedelta(days=1)
    day = last + timedelta(days=b.draw(st.integers(1, 60)))
    note = b.draw(st.none() | _sensitive_texts(40))
    level = b.draw(st.integers(-2, 2))
    return RecordAttainment(
        goal_id=goal.id, attainment=Attainment(rated_on=day, level=level, note=note)
    )


def _trigger(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Trigger))


def _warning(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(WarningSign))


def _support(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Support))


def _coping(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(CopingSkill))


def _link(b: _Build) -> AnyChange | None:
    if not b.plan.triggers or not b.plan.coping_skills:
        return None
    link = CopingLink(
        trigger_id=b.draw(st.sampled_from(b.plan.triggers)).id,
        coping_skill_id=b.draw(st.sampled_from(b.plan.coping_skills)).id,
        efficacy=b.draw(st.floats(0, 1)),
    )
    return LinkCoping(link=link)


def _safety(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(SafetyAction))


def _reason(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(ReasonForLiving))


def _routine(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(RoutineItem))


_TASK_CHANGES: dict[str, Callable[[_Build], AnyChange | None]] = {
    "concern": _concern,
    "session": _session,
    "stage": _stage,
    "readiness": _readiness,
    "priority": _priority,
    "value": _value,
    "strength": _strength,
    "challenge": _challenge,
    "assessment": _assessment,
    "domains": _domains,
    "goal": _goal,
    "rating": _rating,
    "trigger": _trigger,
    "warning": _warning,
    "support": _support,
    "coping": _coping,
    "link": _link,
    "safety": _safety,
    "reason": _reason,
    "routine": _routine,
}

# The record kind each task above adds. Every other kind of the registry gets a generic
# task (0 to 2 records of it, references into the plan), so a kind added to the registry
# is generated without an edit here.
_TASK_RECORDS: dict[str, type[AnyRecord]] = {
    "concern": Concern,
    "session": Session,
    "priority": Priority,
    "value": PersonalValue,
    "strength": Strength,
    "challenge": Challenge,
    "assessment": Assessment,
    "domains": LifeDomainAssessment,
    "goal": Goal,
    "trigger": Trigger,
    "warning": WarningSign,
    "support": Support,
    "coping": CopingSkill,
    "safety": SafetyAction,
    "reason": ReasonForLiving,
    "routine": RoutineItem,
}


def _generic_task(cls: type[AnyRecord]) -> Callable[[_Build], AnyChange | None]:
    def add(b: _Build) -> AnyChange:
        return AddRecord(record=b.new(cls))

    return add


for _kind in REGISTRY:
    if _kind.cls not in _TASK_RECORDS.values():
        _TASKS[_kind.kind] = (_kind.step, 0, 2, ())
        _TASK_CHANGES[_kind.kind] = _generic_task(_kind.cls)
        _TASK_RECORDS[_kind.kind] = _kind.cls

# --- edits between tasks ------------------------------------------------------------


def _replace(b: _Build) -> AnyChange | None:
    existing = list(b.plan.records())
    if not existing:
        return None
    old = b.draw(st.sampled_from(existing))
    keep = {"rank": old.rank} if isinstance(old, Priority) else {}  # ranks are unique
    new = _retarget(b.draw, b.plan, b.draw(_content(type(old))), id=old.id, **keep)
    if b.config.long_texts:
        new = _lengthen(b.draw, new)
    return ReplaceRecord(record=new)


def _remove(b: _Build) -> AnyChange | None:
    free = [r.id for r in b.plan.records() if not b.plan.referrers(r.id)]
    return RemoveRecord(record_id=b.draw(st.sampled_from(free))) if free else None


def _unlink(b: _Build) -> AnyChange | None:
    if not b.plan.coping_links:
        return None
    link = b.draw(st.sampled_from(b.plan.coping_links))
    return UnlinkCoping(trigger_id=link.trigger_id, coping_skill_id=link.coping_skill_id)


def _outcome(b: _Build) -> AnyChange | None:
    if not b.plan.challenges:
        return None
    challenge = b.draw(st.sampled_from(b.plan.challenges))
    outcome = b.draw(st.sampled_from(ChallengeOutcome))
    done_on = b.today if outcome is ChallengeOutcome.DONE else None
    reflection = b.draw(st.none() | _sensitive_texts(40))
    updated = _with(challenge, outcome=outcome, done_on=done_on, reflection=reflection)
    return ReplaceRecord(record=updated)


def _lifecycle(b: _Build) -> AnyChange | None:
    if not b.plan.goals:
        return None
    goal = b.draw(st.sampled_from(b.plan.goals))
    updated = _with(
        goal,
        lifecycle=b.draw(st.sampled_from(GoalLifecycleStatus)),
        achievement=b.draw(st.none() | st.sampled_from(GoalAchievementStatus)),
    )
    return ReplaceRecord(record=updated)


def _client(b: _Build) -> AnyChange:
    return UpdateClient(client=b.draw(clients()))


def _add_any(b: _Build) -> AnyChange | None:
    kinds = [r.cls for r in REGISTRY if r.step in b.config.steps]
    if not kinds:
        return None
    cls = b.draw(st.sampled_from(kinds))
    if cls is Priority:
        return _priority(b)
    return AddRecord(record=b.new(cls))


_EDITS: tuple[tuple[Step | None, Callable[[_Build], AnyChange | None]], ...] = (
    (Step.MEET, _stage),
    (None, _replace),
    (None, _replace),
    (None, _remove),
    (None, _add_any),
    (Step.GOALS, _rating),
    (Step.GOALS, _lifecycle),
    (Step.CHALLENGE, _outcome),
    (Step.STAY_WELL, _link),
    (Step.STAY_WELL, _unlink),
    (Step.MEET, _readiness),
    (None, _client),
)


def _edits_for(steps: frozenset[Step]) -> list[Callable[[_Build], AnyChange | None]]:
    return [edit for step, edit in _EDITS if step is None or step in steps]


# --- completing every step ------------------------------------------------------------
#
# What a plan still needs to be sufficient on the given steps (the criteria of
# ``strengthmodel.progress``), as a list of changes to make in order. Its length is
# exactly the number of changes completion takes, so the budget can hold it back.

Action = Callable[[_Build], AnyChange | None]


def _completion(plan: Plan, steps: frozenset[Step]) -> list[Action]:  # noqa: C901, PLR0912
    actions: list[Action] = []
    if Step.LISTEN in steps:
        if not plan.concerns:
            actions.append(_concern)
        if not plan.sessions:
            actions.append(_session)
    if Step.MEET in steps:
        if plan.stage is None:
            actions.append(_set_some_stage)
        if plan.readiness is None:
            actions.append(_rate_readiness)
        if not plan.priorities:
            actions.append(_priority)
    strengths = bool(plan.strengths)
    if Step.STRENGTHS in steps:
        kinds = {s.strength_kind for s in plan.strengths}
        helps = any(s.how_it_helps for s in plan.strengths)
        if StrengthKind.INTERNAL not in kinds:
            actions.append(_internal_strength)
        if StrengthKind.EXTERNAL not in kinds:
            actions.append(_external_strength)
        if not helps and len(kinds) == len(StrengthKind):
            actions.append(_say_how_it_helps)
        strengths = True
    goals = bool(plan.goals)
    if Step.GOALS in steps and not _goals_done(plan):
        if not strengths:
            actions.append(_internal_strength)
            strengths = True
        actions.append(_complete_goal)
        goals = True
    if Step.CHALLENGE in steps and not (
        any(c.goal_id for c in plan.challenges) and any(c.strength_ids for c in plan.challenges)
    ):
        if not strengths:
            actions.append(_internal_strength)
        if not goals:
            actions.append(_complete_goal)
        actions.append(_complete_challenge)
    if Step.ASSESS in steps and not (
        any(not e.is_empty for a in plan.domain_assessments for e in a.entries)
        and any(a.priorities for a in plan.domain_assessments)
    ):
        actions.append(_complete_domains)
    if Step.STAY_WELL in steps:
        actions.extend(_stay_well_completion(plan))
    return actions


def _stay_well_completion(plan: Plan) -> list[Action]:
    actions: list[Action] = []
    unlinked: set[str] = {t.id for t in plan.triggers}
    unlinked -= {link.trigger_id for link in plan.coping_links}
    if not plan.triggers:
        actions.append(_trigger)
        unlinked = {"new"}
    if unlinked and not plan.coping_skills:
        actions.append(_coping)
    actions.extend(_link_unlinked for _ in unlinked)
    if not any(w.action for w in plan.warning_signs):
        actions.append(_warning_with_action)
    if not any(s.role.is_service for s in plan.supports):
        actions.append(_service)
    return actions


def _goals_done(plan: Plan) -> bool:
    goals = plan.goals
    return (
        any(g.lifecycle in _OPEN_OR_DONE for g in goals)
        and any(g.scale is not None for g in goals)
        and any(g.weight for g in goals)
        and any(g.strength_ids for g in goals)
    )


def _set_some_stage(b: _Build) -> AnyChange:
    return SetStage(stage=b.draw(st.sampled_from(StageOfChange)))


def _rate_readiness(b: _Build) -> AnyChange:
    return SetReadiness(readiness=b.draw(records(Readiness)))


def _strength_in(b: _Build, categories: tuple[StrengthCategory, ...]) -> AnyChange:
    category = b.draw(st.sampled_from(categories))
    character = (
        b.draw(st.sampled_from(CharacterStrength))
        if category is StrengthCategory.CHARACTER
        else None
    )
    record = b.new(
        Strength,
        category=category,
        character_strength=character,
        how_it_helps=b.draw(_sensitive_texts(40)),
    )
    return AddRecord(record=record)


def _internal_strength(b: _Build) -> AnyChange:
    return _strength_in(b, _INTERNAL_CATEGORIES)


def _external_strength(b: _Build) -> AnyChange:
    return _strength_in(b, _EXTERNAL_CATEGORIES)


def _say_how_it_helps(b: _Build) -> AnyChange:
    strength = b.draw(st.sampled_from(b.plan.strengths))
    return ReplaceRecord(record=_with(strength, how_it_helps=b.draw(_sensitive_texts(40))))


def _complete_goal(b: _Build) -> AnyChange:
    goal = b.new(
        Goal,
        scale=b.draw(records(GasScale)),
        importance=b.draw(st.integers(1, 3)),
        difficulty=b.draw(st.integers(1, 3)),
        lifecycle=b.draw(st.sampled_from(_OPEN_OR_DONE)),
        attainments=(),
    )
    if not goal.strength_ids:
        goal = _with(goal, strength_ids=(b.draw(st.sampled_from(b.plan.strengths)).id,))
    return AddRecord(record=goal)


def _complete_challenge(b: _Build) -> AnyChange:
    challenge = b.new(Challenge, goal_id=b.draw(st.sampled_from(b.plan.goals)).id)
    if not challenge.strength_ids:
        strength = b.draw(st.sampled_from(b.plan.strengths))
        challenge = _with(challenge, strength_ids=(strength.id,))
    return AddRecord(record=challenge)


def _complete_domains(b: _Build) -> AnyChange:
    entry = _with(
        b.draw(records(DomainEntry)), current_status=b.draw(_sensitive_texts(40)), priority=1
    )
    return AddRecord(record=b.new(LifeDomainAssessment, entries=(entry,)))


def _link_unlinked(b: _Build) -> AnyChange:
    linked = {link.trigger_id for link in b.plan.coping_links}
    trigger = next(t for t in b.plan.triggers if t.id not in linked)
    link = CopingLink(
        trigger_id=trigger.id,
        coping_skill_id=b.draw(st.sampled_from(b.plan.coping_skills)).id,
        efficacy=b.draw(st.floats(0, 1)),
    )
    return LinkCoping(link=link)


def _warning_with_action(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(WarningSign, action=b.draw(_sensitive_texts(40))))


def _service(b: _Build) -> AnyChange:
    return AddRecord(record=b.new(Support, role=b.draw(st.sampled_from(_SERVICE_ROLES))))


_EMPTY = Plan.new(Client(pseudonym="empty"), at=datetime(2000, 1, 1, tzinfo=UTC), author="dr-lee")


# --- helpers ------------------------------------------------------------------------


@st.composite
def lapses_for(
    draw: st.DrawFn,
    plan: Plan,
    *,
    max_size: int = 6,
    start: date = date(2026, 1, 1),
    max_gap_days: int = 60,
) -> tuple[Lapse, ...]:
    """Lapses that fit a plan, in date order: ready to add with ``AddRecord``.

    Each names one of the plan's triggers (or none), coping skills tried and that
    helped, and supports turned to; ids are free in the plan; dates start at ``start``
    and are 0 to ``max_gap_days`` apart. Lapse histories to calibrate a simulation
    against, or to test code that reads lapses.

    Args:
        draw: Supplied by Hypothesis.
        plan: The plan the lapses are for.
        max_size: The most lapses.
        start: The earliest date.
        max_gap_days: The longest gap between two lapses, in days.
    """
    triggers = [t.id for t in plan.triggers]
    skills = [c.id for c in plan.coping_skills]
    supports = [s.id for s in plan.supports]

    def some(pool: Sequence[str]) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(pool), unique=True, max_size=3))) if pool else ()

    taken = plan.ids()
    day = start
    out: list[Lapse] = []
    for number in range(1, draw(st.integers(0, max_size)) + 1):
        day += timedelta(days=draw(st.integers(0, max_gap_days)))
        lapse_id = f"lapse-{number}"
        while lapse_id in taken:
            lapse_id += "x"
        out.append(
            Lapse(
                id=LapseId(lapse_id),
                occurred_on=day,
                trigger_id=TriggerId(draw(st.sampled_from(triggers))) if triggers else None,
                coping_tried=tuple(CopingSkillId(c) for c in some(skills)),
                helped_by=tuple(CopingSkillId(c) for c in some(skills)),
                support_ids=tuple(SupportId(s) for s in some(supports)),
                became_relapse=draw(st.booleans()),
            )
        )
    return tuple(out)


def _with(record: R, **changes: object) -> R:
    """``attrs.evolve`` for any record, typed (mypy cannot evolve a union of classes)."""
    evolve: Callable[..., R] = attrs.evolve
    return evolve(record, **changes)


def _reference_fields() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Reference fields by name, to the collections they point into, from the registry.

    Fields holding a tuple of ids, then fields holding one optional id.
    """
    many: dict[str, tuple[str, ...]] = {}
    one: dict[str, tuple[str, ...]] = {}
    for cls in RECORD_TYPES:
        kinds = {f.name: f.type for f in describe(cls)}
        for name, id_type in references_of(cls):
            target = many if isinstance(kinds[name], SequenceType) else one
            target[name] = OWNERS[id_type]
    return many, one


_MANY_REFERENCES, _ONE_REFERENCE = _reference_fields()


def _retarget(draw: st.DrawFn, plan: Plan, record: R, **extra: object) -> R:
    """Point a record's references at records the plan holds (or drop them)."""
    changes: dict[str, object] = {}
    for field in attrs.fields(typing.cast("Any", type(record))):
        if field.name in _MANY_REFERENCES:
            pool = [r.id for c in _MANY_REFERENCES[field.name] for r in getattr(plan, c)]
            changes[field.name] = tuple(
                draw(st.lists(st.sampled_from(pool), unique=True, max_size=3)) if pool else ()
            )
        elif field.name in _ONE_REFERENCE:
            pool = [r.id for c in _ONE_REFERENCE[field.name] for r in getattr(plan, c)]
            changes[field.name] = draw(st.none() | st.sampled_from(pool)) if pool else None
    changes.update(extra)
    return _with(record, **changes) if changes else record


def _content(cls: type[R]) -> st.SearchStrategy[R]:
    """Records of ``cls`` whose id and references are placeholders, to be set by the plan.

    Cheaper than [`records`][strengthmodel.testing.records]: no ids drawn only to be
    replaced.
    """
    found = _CONTENT.get(cls)
    if found is None:
        if cls in _SPECIAL:
            found = records(cls)
        else:
            placeholders: dict[str, st.SearchStrategy[Any]] = {"id": st.just("placeholder")}
            for field in attrs.fields(typing.cast("Any", cls)):
                if field.name in _MANY_REFERENCES:
                    placeholders[field.name] = st.just(())
                elif field.name in _ONE_REFERENCE:
                    placeholders[field.name] = st.none()
            found = _derived(cls, **placeholders)
        _CONTENT[cls] = found
    return typing.cast("st.SearchStrategy[R]", found)


_CONTENT: dict[type, st.SearchStrategy[Any]] = {}


def _long_text(draw: st.DrawFn, length: int) -> str:
    """Text of exactly ``length`` characters, cheap to draw (a short text repeated)."""
    seed = draw(texts(8))
    return (seed * (length // len(seed) + 1))[:length]


def _lengthen(draw: st.DrawFn, record: R) -> R:
    """Fill some of a record's text fields up to their longest allowed length."""
    overrides = _FIELD_OVERRIDES.get(type(record), {})
    changes: dict[str, object] = {}
    for field in describe(type(record)):
        kind, _ = inner(field.type)
        if (
            field.name in overrides or not isinstance(kind, TextType) or kind.pattern
        ):  # codes keep their drawn form
            continue
        if draw(st.booleans()):
            changes[field.name] = _long_text(draw, kind.max_length)
    return _with(record, **changes) if changes else record


# --- the public plan strategies -------------------------------------------------------


def _steps(steps: Iterable[Step] | None) -> frozenset[Step]:
    if steps is None:
        return frozenset(Step)
    try:
        chosen: frozenset[object] = frozenset(steps)
    except TypeError:
        chosen = frozenset({steps})
    strangers = [s for s in chosen if not isinstance(s, Step)]
    if strangers:
        raise ValidationError(
            [
                Problem(
                    "steps",
                    "expected Step members, got "
                    f"{describe_value(strangers[0], codes=[m.value for m in Step])}",
                )
            ]
        )
    return typing.cast("frozenset[Step]", chosen)


def _checked(config: _Config) -> _Config:
    """Refuse counts a plan cannot meet, listing every problem."""
    problems: list[Problem] = []
    for name in ("min_changes", "max_changes"):
        value = getattr(config, name)
        if type(value) is not int or value < 0:
            problems.append(
                Problem(
                    name, f"expected an integer from 0, got {describe_value(value, number=True)}"
                )
            )
    if not problems and config.min_changes > config.max_changes:
        problems.append(
            Problem(
                "min_changes",
                f"expected at most max_changes={config.max_changes}, got {config.min_changes}",
            )
        )
    needed = len(_completion(_EMPTY, config.steps))
    if not problems and config.complete and config.max_changes < needed:
        problems.append(
            Problem(
                "max_changes",
                f"a plan sufficient on {len(config.steps)} steps takes at least {needed} "
                f"changes, got max_changes={config.max_changes}",
            )
        )
    if problems:
        raise ValidationError(problems)
    return config


def plans(
    *,
    min_changes: int = 0,
    max_changes: int = 60,
    steps: Iterable[Step] | None = None,
    complete: bool = False,
    sensitive_text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Plan]:
    """Valid plans as real sessions build them, each with its full history.

    Each plan's shape is drawn first (which steps are worked on, how many records of
    each kind), then its records are added in an order that lets references exist
    (strengths and supports before the coping skills and goals that draw on them,
    triggers before warning signs and links, goals before challenges and ratings),
    with edits in between: replacements, removals that are allowed, goal ratings,
    stage and readiness changes, links made and unmade, challenge outcomes, client
    updates. Changes come in sittings of a few changes, each by one of a small team of
    authors on one day. Every change goes through [`apply`][strengthmodel.apply], so
    ``replay(plan.history) == plan`` always holds.

    About half the plans are then completed (see ``complete``); in a fixed sample of
    300, most plans have coping links and goal ratings (the distribution is in the
    docs, "Test your code with generated plans"). Shrinking removes records, edits
    and steps, down to a plan with no changes at all.

    Args:
        min_changes: The fewest changes after the opening.
        max_changes: The most changes after the opening.
        steps: The steps whose records the plan may hold (all seven if not given).
            Records of other steps appear only when completing a step needs them (a
            goal's strength).
        complete: Make every plan sufficient on each of ``steps`` (see
            [`progress`][strengthmodel.progress]).
        sensitive_text: Draw every sensitive text (each field marked ``sensitive``,
            and every history author) from this strategy instead of arbitrary text.
            Give it recognisable markers to check that an output leaks none of them
            (texts of at most 40 characters fit every sensitive field).

    Returns:
        A strategy for plans.

    Raises:
        ValidationError: A count is negative or not an integer, ``min_changes`` is
            above ``max_changes``, ``steps`` holds something else than a
            [`Step`][strengthmodel.Step], or ``complete`` asks for more changes than
            ``max_changes`` allows.

    Examples:
        >>> from strengthmodel import Step
        >>> strategy = plans(steps={Step.GOALS}, max_changes=10)
        >>> plans(min_changes=5, max_changes=2)
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: min_changes: expected at most max_changes=2, got 5
    """
    config = _Config(
        min_changes=min_changes,
        max_changes=max_changes,
        steps=_steps(steps),
        complete=complete,
        sensitive_text=sensitive_text,
    )
    return st.composite(_build)(_checked(config))


def complete_plans(
    *,
    min_changes: int = 0,
    max_changes: int = 60,
    steps: Iterable[Step] | None = None,
) -> st.SearchStrategy[Plan]:
    """Plans sufficient on every step (or on each of ``steps``), every time.

    The same plans as [`plans`][strengthmodel.testing.plans] with ``complete=True``:
    whatever the edits did, the last sitting adds what each step still misses.

    Raises:
        ValidationError: As [`plans`][strengthmodel.testing.plans].
    """
    return plans(min_changes=min_changes, max_changes=max_changes, steps=steps, complete=True)


def shared_plans(  # noqa: PLR0913 - the options of plans(), and the authors
    *,
    min_authors: int = 2,
    max_authors: int = 4,
    min_changes: int = 0,
    max_changes: int = 60,
    steps: Iterable[Step] | None = None,
    complete: bool = False,
) -> st.SearchStrategy[Plan]:
    """Plans edited by several authors taking turns, as in an app with many editors.

    Sittings are short (one to three changes) and the authors take turns, so each
    history has at least ``min_authors`` distinct authors; every change is applied
    with ``expected_revision``, as a careful app does.

    Raises:
        ValidationError: As [`plans`][strengthmodel.testing.plans], or the author
            counts are not ``1 <= min_authors <= max_authors``.
    """
    if not (
        type(min_authors) is int and type(max_authors) is int and 1 <= min_authors <= max_authors
    ):
        raise ValidationError(
            [
                Problem(
                    "min_authors",
                    "expected 1 <= min_authors <= max_authors, got "
                    f"{describe_value(min_authors, number=True)} and "
                    f"{describe_value(max_authors, number=True)}",
                )
            ]
        )
    config = _checked(
        _Config(
            min_changes=min_changes,
            max_changes=max_changes,
            steps=_steps(steps),
            complete=complete,
            min_authors=min_authors,
            max_authors=max_authors,
            rotate=True,
            session_length=3,
        )
    )
    # Sittings of at most three changes: every author has had a turn after this many.
    turns = 3 * (max_authors - 1)
    if config.max_changes < turns:
        raise ValidationError(
            [
                Problem(
                    "max_changes",
                    f"{max_authors} authors taking turns need at least {turns} changes, "
                    f"got max_changes={config.max_changes}",
                )
            ]
        )
    config = attrs.evolve(config, min_changes=max(config.min_changes, turns))
    return st.composite(_build)(config)


def large_plans(
    *,
    min_changes: int = 100,
    max_changes: int = 200,
    complete: bool = False,
) -> st.SearchStrategy[Plan]:
    """Plans near the limits: many records, texts at their longest allowed length.

    Up to ten times as many records of each kind as [`plans`][strengthmodel.testing.plans]
    draws, and about half of the text fields filled to their maximum length. Slow to
    generate: use them in a few tests with few examples.

    Raises:
        ValidationError: As [`plans`][strengthmodel.testing.plans].
    """
    config = _Config(
        min_changes=min_changes,
        max_changes=max_changes,
        steps=frozenset(Step),
        complete=complete,
        scale=10,
        long_texts=True,
    )
    return st.composite(_build)(_checked(config))


def sample_plans(
    count: int,
    *,
    seed: int = 0,
    max_changes: int = 60,
    complete: bool = False,
    sensitive_text: st.SearchStrategy[str] | None = None,
) -> list[Plan]:
    """Draw a synthetic caseload: ``count`` plans from [`plans`][strengthmodel.testing.plans].

    For notebooks, examples and benchmarks, outside any test: the same ``seed`` gives
    the same plans. Hypothesis starts with small plans and grows them, so a caseload
    holds plans of every size, from empty to ``max_changes`` changes. Each plan is
    numbered, as in a real caseload: ``plan-0001`` for the client ``client-0001``, and
    so on (the drawn history is replayed under those ids).

    Args:
        count: How many plans, from 1 to 10,000.
        seed: The seed.
        max_changes: The most changes after each plan's opening.
        complete: Make every plan sufficient on all seven steps.
        sensitive_text: Draw every sensitive text (and every author) from this strategy,
            as in [`plans`][strengthmodel.testing.plans]: recognisable markers let you
            check that a report or export shows no client text.

    Returns:
        The plans.

    Raises:
        ValidationError: ``count`` is out of range, or as [`plans`][strengthmodel.testing.plans].

    Examples:
        >>> caseload = sample_plans(5, seed=1)
        >>> len(caseload), caseload == sample_plans(5, seed=1)
        (5, True)
        >>> [(p.id, p.client.pseudonym) for p in caseload[:2]]
        [('plan-0001', 'client-0001'), ('plan-0002', 'client-0002')]
    """
    if type(count) is not int or not 1 <= count <= 10_000:
        raise ValidationError(
            [
                Problem(
                    "count",
                    "expected an integer from 1 to 10000, got "
                    f"{describe_value(count, number=True)}",
                )
            ]
        )
    if type(seed) is not int:
        raise ValidationError(
            [Problem("seed", f"expected an integer, got {describe_value(seed, number=True)}")]
        )
    strategy = plans(max_changes=max_changes, complete=complete, sensitive_text=sensitive_text)
    found: list[Plan] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(strategy)
    def draw(plan: Plan) -> None:
        found.append(plan)

    while len(found) < count:
        before = len(found)
        draw()
        if len(found) == before:  # pragma: no cover - the space of plans is not exhausted
            break
    return [_numbered(plan, number) for number, plan in enumerate(found[:count], start=1)]


def _numbered(plan: Plan, number: int) -> Plan:
    """Replay a plan's history under the id ``plan-NNNN`` and pseudonym ``client-NNNN``."""
    pseudonym = f"client-{number:04d}"
    opening = plan.history[0]
    client = (
        attrs.evolve(plan.history[0].change.client, pseudonym=pseudonym)
        if isinstance(plan.history[0].change, OpenPlan)
        else Client(pseudonym=pseudonym)
    )
    out = Plan.new(client, plan_id=f"plan-{number:04d}", author=opening.author, at=opening.at)
    for entry in plan.history[1:]:
        change = entry.change
        if isinstance(change, UpdateClient):
            change = UpdateClient(client=attrs.evolve(change.client, pseudonym=pseudonym))
        out = apply(out, change, author=entry.author, at=entry.at)
    return out
