"""How far each of the seven steps has got, and what to do next.

Each step has a *started* test (any material at all) and a list of criteria; a step
is ``SUFFICIENT`` when every criterion holds, ``IN_PROGRESS`` when it has started,
and ``NOT_STARTED`` otherwise. The criteria are the library's reading of what the
source asks of each step; the table is in the docs ("The seven steps"). They report,
they never block: any step can be worked on at any time.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from strengthmodel._fields import Record, check_argument
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.registry import KINDS_OF_STEP
from strengthmodel.steps.goals import GoalLifecycleStatus
from strengthmodel.steps.process import PREREQUISITES, Step
from strengthmodel.steps.strengths import StrengthKind

__all__ = ["CRITERIA", "NextStep", "StepProgress", "StepStatus", "next_steps", "progress"]


class StepStatus(enum.Enum):
    """How far a step has got."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    SUFFICIENT = "sufficient"


@attrs.frozen(kw_only=True)
class StepProgress(Record):
    """The status of one step, with the criteria met and those still missing.

    Attributes:
        step: The step.
        status: Its status.
        met: The criteria that hold.
        missing: The criteria that do not hold yet.
    """

    kind = "step-progress"

    step: Step
    status: StepStatus
    met: tuple[str, ...]
    missing: tuple[str, ...]

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel.plans._display import step_progress_html  # noqa: PLC0415 - on use

        return step_progress_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    def _repr_markdown_(self) -> str:
        from strengthmodel.plans._display import step_progress_markdown  # noqa: PLC0415 - on use

        return step_progress_markdown(self)


@attrs.frozen(kw_only=True)
class NextStep(Record):
    """A suggestion of what to work on next, and why.

    Attributes:
        step: The step suggested.
        reason: Why (the first criterion it still misses).
        ready: Whether the steps it builds on are sufficient already.
    """

    kind = "next-step"

    step: Step
    reason: str
    ready: bool


Check = Callable[[Plan], bool]


def _open_or_done(plan: Plan) -> tuple[object, ...]:
    return tuple(
        g for g in plan.goals if g.lifecycle.is_open or g.lifecycle is GoalLifecycleStatus.COMPLETED
    )


def _started(step: Step, plan: Plan) -> bool:
    """Whether a record of one of the step's kinds (see the registry) has started it.

    Meeting the client also starts with the plan's own stage or readiness, which are
    values of the plan rather than records.
    """
    if step is Step.MEET and (plan.stage is not None or plan.readiness is not None):
        return True
    return any(
        kind.starts(record)
        for kind in KINDS_OF_STEP[step]
        for record in getattr(plan, kind.collection)
    )


CRITERIA: dict[Step, tuple[tuple[str, Check], ...]] = {
    Step.LISTEN: (
        ("at least one concern recorded in the client's words", lambda p: bool(p.concerns)),
        ("at least one session recorded", lambda p: bool(p.sessions)),
    ),
    Step.MEET: (
        # Overall, or for a goal or behaviour (ReadinessRating): either meets the client.
        (
            "stage of change recorded",
            lambda p: p.stage is not None or any(r.stage for r in p.readiness_ratings),
        ),
        (
            "readiness (importance and confidence) rated",
            lambda p: (
                p.readiness is not None
                or any(
                    r.importance is not None and r.confidence is not None
                    for r in p.readiness_ratings
                )
            ),
        ),
        ("at least one client priority ranked", lambda p: bool(p.priorities)),
    ),
    Step.STRENGTHS: (
        (
            "at least one internal strength",
            lambda p: any(s.strength_kind is StrengthKind.INTERNAL for s in p.strengths),
        ),
        (
            "at least one external strength",
            lambda p: any(s.strength_kind is StrengthKind.EXTERNAL for s in p.strengths),
        ),
        (
            "at least one strength says how it helps with the current difficulties",
            lambda p: any(s.how_it_helps for s in p.strengths),
        ),
    ),
    Step.CHALLENGE: (
        (
            "at least one challenge tied to a goal",
            lambda p: any(c.goal_id is not None for c in p.challenges),
        ),
        (
            "at least one challenge draws on a strength",
            lambda p: any(c.strength_ids for c in p.challenges),
        ),
    ),
    Step.ASSESS: (
        (
            "a life-domain strengths assessment with at least one domain filled in",
            lambda p: any(not e.is_empty for a in p.domain_assessments for e in a.entries),
        ),
        (
            "at least one life domain prioritised (1-4)",
            lambda p: any(a.priorities for a in p.domain_assessments),
        ),
    ),
    Step.GOALS: (
        (
            "at least one open or completed goal",
            lambda p: bool(_open_or_done(p)),
        ),
        (
            "at least one goal has its five attainment levels described",
            lambda p: any(g.scale is not None for g in p.goals),
        ),
        ("at least one goal has a weight above zero", lambda p: any(g.weight for g in p.goals)),
        ("at least one goal draws on a strength", lambda p: any(g.strength_ids for g in p.goals)),
    ),
    Step.STAY_WELL: (
        ("at least one trigger identified", lambda p: bool(p.triggers)),
        (
            "every trigger has at least one coping skill",
            lambda p: (
                bool(p.triggers)
                and {t.id for t in p.triggers} <= {link.trigger_id for link in p.coping_links}
            ),
        ),
        (
            "at least one warning sign with an action",
            lambda p: any(w.action for w in p.warning_signs),
        ),
        (
            "at least one professional or crisis contact",
            lambda p: any(s.role.is_service for s in p.supports),
        ),
        (
            "every trigger involved in a lapse has a coping skill",
            lambda p: (
                bool(p.triggers)
                and {lapse.trigger_id for lapse in p.lapses if lapse.trigger_id is not None}
                <= {link.trigger_id for link in p.coping_links}
            ),
        ),
    ),
}
"""Each step's criteria for ``SUFFICIENT``: (description, test) pairs."""


def _step_progress(plan: Plan, step: Step) -> StepProgress:
    results = [(text, check(plan)) for text, check in CRITERIA[step]]
    met = tuple(text for text, ok in results if ok)
    missing = tuple(text for text, ok in results if not ok)
    if not missing:
        status = StepStatus.SUFFICIENT
    elif _started(step, plan):
        status = StepStatus.IN_PROGRESS
    else:
        status = StepStatus.NOT_STARTED
    return StepProgress(step=step, status=status, met=met, missing=missing)


def progress(plan: Plan) -> dict[Step, StepProgress]:
    """Report each step's status, with the criteria met and missing.

    Args:
        plan: The plan.

    Returns:
        One entry per step, in the source's order.

    Examples:
        >>> from strengthmodel import Client, Plan
        >>> report = progress(Plan.new(Client(pseudonym="c1"), author="dr-lee"))
        >>> report[Step.LISTEN].status
        <StepStatus.NOT_STARTED: 'not-started'>
        >>> report[Step.LISTEN].missing
        ("at least one concern recorded in the client's words", 'at least one session recorded')
    """
    check_argument("plan", plan, Plan)
    return {step: _step_progress(plan, step) for step in Step}


def next_steps(plan: Plan) -> tuple[NextStep, ...]:
    """Suggest what to work on next, without forbidding any order.

    Every step that is not yet sufficient is suggested. Steps whose prerequisites
    (see [`PREREQUISITES`][strengthmodel.steps.process.PREREQUISITES]) are already
    sufficient come first, steps already in progress before those not started, then
    in the source's order.

    Examples:
        >>> from strengthmodel import Client, Plan
        >>> plan = Plan.new(Client(pseudonym="c1"), author="dr-lee")
        >>> [s.step.value for s in next_steps(plan)][:2]
        ['listen', 'meet']
    """
    check_argument("plan", plan, Plan)
    report = progress(plan)
    suggestions = []
    for step, item in report.items():
        if item.status is StepStatus.SUFFICIENT:
            continue
        ready = all(report[need].status is StepStatus.SUFFICIENT for need in PREREQUISITES[step])
        suggestions.append(NextStep(step=step, reason=item.missing[0], ready=ready))
    suggestions.sort(
        key=lambda s: (
            not s.ready,
            report[s.step].status is not StepStatus.IN_PROGRESS,
            s.step.number,
        )
    )
    return tuple(suggestions)
