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
import enum
import types
import typing
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from strengthmodel._fields import (
    Record,
    field_bounds,
    field_max_length,
    field_unique,
    sensitive_fields,
)
from strengthmodel.client import Client
from strengthmodel.errors import ValidationError
from strengthmodel.ids import ID_PATTERN, CopingSkillId, LapseId, SupportId, TriggerId
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import (
    RECORD_TYPES,
    AddRecord,
    AnyChange,
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
from strengthmodel.steps.assessment import (
    Assessment,
    DomainEntry,
    ItemResponse,
    LifeDomainAssessment,
)
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.engagement import Priority, Readiness, StageOfChange
from strengthmodel.steps.goals import Attainment, Goal
from strengthmodel.steps.listening import Session
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import CopingLink, Lapse
from strengthmodel.steps.strengths import (
    CharacterStrength,
    LifeDomain,
    Strength,
    StrengthCategory,
)

__all__ = [
    "clients",
    "ids",
    "lapses_for",
    "plans",
    "records",
    "texts",
]

R = TypeVar("R", bound=Record)

# Hypothesis takes naive bounds and attaches the time zone itself.
_NAIVE_MIN = datetime(1990, 1, 1)  # noqa: DTZ001
_NAIVE_MAX = datetime(2100, 1, 1)  # noqa: DTZ001


def ids() -> st.SearchStrategy[str]:
    """Well-formed record ids (``ID_PATTERN``)."""
    return st.from_regex(ID_PATTERN, fullmatch=True)


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


def _for_annotation(  # noqa: C901, PLR0911 - one branch per supported annotation
    annotation: object, field: attrs.Attribute[Any], *, sensitive: bool = False
) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(annotation, typing.NewType):
        return ids()
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        inner = st.one_of([_for_annotation(m, field, sensitive=sensitive) for m in members])
        return st.none() | inner if len(members) < len(args) else inner
    if origin is tuple:
        items = _for_annotation(args[0], field, sensitive=sensitive)
        return st.lists(items, max_size=3, unique=field_unique(field)).map(tuple)
    if origin is frozenset:
        return st.frozensets(_for_annotation(args[0], field, sensitive=sensitive), max_size=3)
    bounds = field_bounds(field)
    if annotation is int:
        lo, hi = bounds if bounds is not None else (-(2**31), 2**31)
        return st.integers(int(lo), int(hi))
    if annotation is float:
        lo, hi = bounds if bounds is not None else (-1e9, 1e9)
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    if annotation is str:
        make = _sensitive_texts if sensitive else texts
        return make(min(field_max_length(field), 40))
    if annotation is bool:
        return st.booleans()
    if annotation is date:
        return st.dates(date(1990, 1, 1), date(2100, 12, 31))
    if annotation is datetime:
        return st.datetimes(_NAIVE_MIN, _NAIVE_MAX, timezones=st.just(UTC))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return records(annotation)
    msg = f"no strategy for {annotation!r}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


def _strengths() -> st.SearchStrategy[Strength]:
    def pair(category: StrengthCategory) -> st.SearchStrategy[CharacterStrength | None]:
        if category is StrengthCategory.CHARACTER:
            return st.sampled_from(CharacterStrength)
        return st.none()

    return st.sampled_from(StrengthCategory).flatmap(
        lambda category: _derived(
            Strength, category=st.just(category), character_strength=pair(category)
        )
    )


def _challenges() -> st.SearchStrategy[Challenge]:
    return st.sampled_from(ChallengeOutcome).flatmap(
        lambda outcome: _derived(
            Challenge,
            outcome=st.just(outcome),
            done_on=(st.none() | st.dates()) if outcome is ChallengeOutcome.DONE else st.none(),
        )
    )


def _attainment_runs() -> st.SearchStrategy[tuple[Attainment, ...]]:
    days = st.lists(st.integers(0, 3000), max_size=4, unique=True).map(sorted)
    return days.flatmap(
        lambda offsets: st.tuples(
            *[
                _derived(Attainment, rated_on=st.just(date(2020, 1, 1) + timedelta(days=d)))
                for d in offsets
            ]
        )
    )


def _domain_entries() -> st.SearchStrategy[tuple[DomainEntry, ...]]:
    domains = st.lists(st.sampled_from(LifeDomain), min_size=1, max_size=4, unique=True)

    def entries(chosen: list[LifeDomain]) -> st.SearchStrategy[tuple[DomainEntry, ...]]:
        ranks = st.permutations([1, 2, 3, 4, None, None, None, None])
        return ranks.flatmap(
            lambda order: st.tuples(
                *[
                    _derived(DomainEntry, domain=st.just(d), priority=st.just(order[i]))
                    for i, d in enumerate(chosen)
                ]
            )
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
    RemoveRecord: {"record_id": ids},
    Session: {"steps": lambda: st.frozensets(st.sampled_from(Step), min_size=1)},
    Goal: {"attainments": _attainment_runs},
    LifeDomainAssessment: {"entries": _domain_entries},
}


def _derived(cls: type[R], **given: st.SearchStrategy[Any]) -> st.SearchStrategy[R]:
    """Build ``cls`` from strategies for each field; keep only valid combinations."""
    hints = typing.get_type_hints(cls)
    overrides = _FIELD_OVERRIDES.get(cls, {})
    sensitive = set(sensitive_fields(cls))
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(typing.cast("Any", cls)):
        if field.name in given:
            fields[field.name] = given[field.name]
        elif field.name in overrides:
            fields[field.name] = overrides[field.name]()
        else:
            fields[field.name] = _for_annotation(
                hints[field.name], field, sensitive=field.name in sensitive
            )
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
    special = _SPECIAL.get(cls)
    return typing.cast("st.SearchStrategy[R]", special()) if special else _derived(cls)


def clients() -> st.SearchStrategy[Client]:
    """Valid clients."""
    return records(Client)


def _ticks(start: datetime) -> Callable[[int], datetime]:
    return lambda n: start + timedelta(minutes=n)


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    max_changes: int = 25,
    sensitive_text: st.SearchStrategy[str] | None = None,
) -> Plan:
    """Valid plans, each built by applying a random sequence of valid changes.

    Every plan has a real history: ``replay(plan.history) == plan``. The changes
    cover every change type: adding, replacing and removing records of every kind,
    coping links, stage and readiness, goal ratings and client updates.

    Args:
        draw: Supplied by Hypothesis.
        max_changes: The most changes after the opening.
        sensitive_text: Draw every sensitive text (each field marked ``sensitive``,
            and every history author) from this strategy instead of arbitrary text.
            Give it recognisable markers to check that an output leaks none of them
            (texts of at most 40 characters fit every sensitive field).

    Examples:
        A test that no summary shows a sensitive text::

            markers = st.integers(0, 10**6).map(lambda n: f"SECRET{n}")

            @given(plans(sensitive_text=markers))
            def test_no_leak(plan):
                assert "SECRET" not in summary(plan)
    """
    token = _SENSITIVE_TEXT.set(sensitive_text)
    try:
        start = draw(st.datetimes(_NAIVE_MIN, _NAIVE_MAX, timezones=st.just(UTC)))
        clock = _ticks(start)
        author = _sensitive_texts(12)
        plan = Plan.new(draw(clients()), plan_id=draw(ids()), author=draw(author), at=clock(0))
        count = draw(st.integers(0, max_changes))
        for tick in range(1, count + 1):
            action = draw(st.sampled_from(_ACTIONS))
            change = action(draw, plan)
            if change is None:
                continue
            plan = apply(plan, change, author=draw(author), at=clock(tick))
    finally:
        _SENSITIVE_TEXT.reset(token)
    return plan


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


def _retarget(draw: st.DrawFn, plan: Plan, record: R) -> R:
    """Point a record's references at records the plan holds (or drop them)."""
    pools: dict[str, list[str]] = {
        "strength_ids": [s.id for s in plan.strengths],
        "support_ids": [s.id for s in plan.supports],
        "trigger_ids": [t.id for t in plan.triggers],
        "coping_tried": [c.id for c in plan.coping_skills],
        "helped_by": [c.id for c in plan.coping_skills],
    }
    single: dict[str, list[str]] = {
        "goal_id": [g.id for g in plan.goals],
        "priority_id": [p.id for p in plan.priorities],
        "trigger_id": [t.id for t in plan.triggers],
        "source_concern_id": [c.id for c in plan.concerns],
        "source_session_id": [s.id for s in plan.sessions],
    }
    changes: dict[str, Any] = {}
    for field in attrs.fields(typing.cast("Any", type(record))):
        if field.name in pools:
            pool = pools[field.name]
            changes[field.name] = tuple(
                draw(st.lists(st.sampled_from(pool), unique=True, max_size=3)) if pool else ()
            )
        elif field.name in single:
            pool = single[field.name]
            changes[field.name] = draw(st.none() | st.sampled_from(pool)) if pool else None
    return _with(record, **changes) if changes else record


def _add(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    cls = draw(st.sampled_from(RECORD_TYPES))
    record = _retarget(draw, plan, draw(records(cls)))
    record = _with(record, id=plan.next_id(cls.kind))
    if isinstance(record, Priority):  # ranks are unique in a plan: take the next one
        record = _with(record, rank=1 + max((p.rank for p in plan.priorities), default=0))
    if isinstance(record, Goal):
        record = _with(record, attainments=())
    return AddRecord(record=record)


def _replace(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    existing = list(plan.records())
    if not existing:
        return None
    old = draw(st.sampled_from(existing))
    new = _retarget(draw, plan, draw(records(type(old))))
    new = _with(new, id=old.id)
    if isinstance(old, Priority):  # keep the rank, which is unique in the plan
        new = _with(new, rank=old.rank)
    return ReplaceRecord(record=new)


def _remove(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    free = [r.id for r in plan.records() if not plan.referrers(r.id)]
    return RemoveRecord(record_id=draw(st.sampled_from(free))) if free else None


def _link(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    if not plan.triggers or not plan.coping_skills:
        return None
    link = CopingLink(
        trigger_id=draw(st.sampled_from([t.id for t in plan.triggers])),
        coping_skill_id=draw(st.sampled_from([c.id for c in plan.coping_skills])),
        efficacy=draw(st.floats(0, 1)),
    )
    return LinkCoping(link=link)


def _unlink(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    if not plan.coping_links:
        return None
    link = draw(st.sampled_from(plan.coping_links))
    return UnlinkCoping(trigger_id=link.trigger_id, coping_skill_id=link.coping_skill_id)


def _rate(draw: st.DrawFn, plan: Plan) -> AnyChange | None:
    if not plan.goals:
        return None
    goal = draw(st.sampled_from(plan.goals))
    last = goal.latest.rated_on if goal.latest else date(2020, 1, 1)
    day = last + timedelta(days=draw(st.integers(1, 60)))
    return RecordAttainment(
        goal_id=goal.id,
        attainment=Attainment(rated_on=day, level=draw(st.integers(-2, 2))),
    )


def _stage(draw: st.DrawFn, plan: Plan) -> SetStage:
    del plan
    return SetStage(stage=draw(st.none() | st.sampled_from(StageOfChange)))


def _readiness(draw: st.DrawFn, plan: Plan) -> SetReadiness:
    del plan
    return SetReadiness(readiness=draw(st.none() | records(Readiness)))


def _client(draw: st.DrawFn, plan: Plan) -> UpdateClient:
    del plan
    return UpdateClient(client=draw(clients()))


_ACTIONS: tuple[Callable[[st.DrawFn, Plan], AnyChange | None], ...] = (
    _add,
    _add,
    _add,
    _add,
    _replace,
    _remove,
    _link,
    _link,
    _unlink,
    _rate,
    _stage,
    _readiness,
    _client,
)
