"""Review a plan like a linter: what the seven steps leave unbalanced or unsafe.

[`review`][strengthmodel.review] returns [`Finding`][strengthmodel.Finding]s, each with a
stable code, a severity, a plain-language message, the records involved, and the
framework that motivates it. The rules are in [`RULES`][strengthmodel.findings.RULES]; each
is documented on the docs' findings page. A finding is a prompt for clinical judgment,
never a verdict: the library reports, the clinician decides.

The source names the risk these rules guard against: a plan that looks only at strengths
can leave harmful patterns unaddressed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import attrs

from strengthmodel._fields import Record, check_argument
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.graph import CopingGraph
from strengthmodel.measures.instruments import BUILTIN_INSTRUMENTS, builtin_instrument
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.readiness import goal_stage
from strengthmodel.steps.assessment import Assessment
from strengthmodel.steps.engagement import StageOfChange
from strengthmodel.steps.goals import Goal
from strengthmodel.steps.staying_well import CopingLevel, Lapse, SupportRole

__all__ = [
    "DEFAULT_LAPSE_WINDOW",
    "DEFAULT_REVIEW_INTERVAL",
    "MAX_DIFFICULTY_FOR_STAGE",
    "REPEATED_FAILURES",
    "RULES",
    "Finding",
    "Findings",
    "Rule",
    "Severity",
    "review",
]

DEFAULT_REVIEW_INTERVAL = timedelta(days=90)
"""How long a plan may go without a session before SM109 reports it."""

DEFAULT_LAPSE_WINDOW = timedelta(days=90)
"""How far back a lapse counts as recent (SM112, SM113)."""

REPEATED_FAILURES = 2
"""How many recent lapses a coping skill must have been tried in to be reported (SM113)."""

MAX_DIFFICULTY_FOR_STAGE: dict[StageOfChange, int] = {
    StageOfChange.PRECONTEMPLATION: 1,
    StageOfChange.CONTEMPLATION: 1,
    StageOfChange.PREPARATION: 2,
    StageOfChange.ACTION: 3,
    StageOfChange.MAINTENANCE: 3,
}
"""The hardest goal difficulty (0-3) that suits each stage of change (SM105).

These caps are this library's heuristic, not a published rule: the Transtheoretical
Model says which processes suit each stage, and the source asks for easy, achievable
goals first; turning that into a number per stage is our choice.
"""


class Severity(enum.Enum):
    """How much a finding matters."""

    INFO = "info"
    """Worth knowing; often fine as it is."""
    WARNING = "warning"
    """Probably a gap in the plan."""
    CONCERN = "concern"
    """A safety-relevant gap: look at it now."""


@attrs.frozen(kw_only=True)
class Finding(Record):
    """One thing the review noticed.

    Attributes:
        code: The rule's stable code (``"SM101"``).
        severity: How much it matters.
        message: What was found, in plain language (ids only, no client words).
        records: The ids of the records involved.
        framework: The published framework that motivates the rule.
    """

    kind = "finding"

    code: str
    severity: Severity
    message: str
    records: tuple[str, ...] = ()
    framework: str

    def _repr_html_(self) -> str:
        from strengthmodel._display import finding_html  # noqa: PLC0415 - on use

        return finding_html(self)


class Findings(list[Finding]):
    """What [`review`][strengthmodel.review] returns: a list of findings.

    A plain ``list`` in every way, except that Jupyter shows it as a table of severity,
    code, records and message.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        from strengthmodel._display import findings_html  # noqa: PLC0415 - on use

        return findings_html(self)

    def _repr_markdown_(self) -> str:
        from strengthmodel._display import findings_markdown  # noqa: PLC0415 - on use

        return findings_markdown(self)


@attrs.frozen(kw_only=True)
class Rule:
    """A review rule: its code, name, severity and source.

    Attributes:
        code: Stable code; never reused for another rule.
        name: Short name, for filters and docs.
        severity: The severity of its findings.
        framework: The published framework behind it.
    """

    code: str
    name: str
    severity: Severity
    framework: str


MARLATT = "Relapse prevention (Marlatt & Gordon 1985)"
STANLEY_BROWN = "Safety planning (Stanley & Brown 2012)"
WELLNESS = "Wellness plans: warning signs with an action plan (after Copeland)"
STRENGTHS_MODEL = "The Strengths Model (Rapp & Goscha 2012)"
TTM = (
    "Stages of change (Prochaska & DiClemente 1983); the difficulty caps are this "
    "library's heuristic"
)
BALANCE = "Strength-based therapy's balance risk: strengths must not hide harms"
PHQ = "Critical items: PHQ-9 item 9 needs follow-up (Kroenke, Spitzer & Williams 2001)"

RULES: tuple[Rule, ...] = (
    Rule(code="SM101", name="trigger-without-coping", severity=Severity.WARNING, framework=MARLATT),
    Rule(
        code="SM102",
        name="no-professional-or-crisis-contact",
        severity=Severity.CONCERN,
        framework=STANLEY_BROWN,
    ),
    Rule(
        code="SM103",
        name="warning-sign-without-action",
        severity=Severity.WARNING,
        framework=WELLNESS,
    ),
    Rule(
        code="SM104",
        name="goal-without-strength",
        severity=Severity.WARNING,
        framework=STRENGTHS_MODEL,
    ),
    Rule(code="SM105", name="goal-too-hard-for-stage", severity=Severity.WARNING, framework=TTM),
    Rule(
        code="SM106",
        name="challenge-without-goal",
        severity=Severity.INFO,
        framework=STRENGTHS_MODEL,
    ),
    Rule(
        code="SM107",
        name="strengths-without-risk-plan",
        severity=Severity.CONCERN,
        framework=BALANCE,
    ),
    Rule(
        code="SM108",
        name="critical-answer",
        severity=Severity.CONCERN,
        framework=PHQ,
    ),
    Rule(
        code="SM109", name="plan-not-reviewed", severity=Severity.WARNING, framework=STANLEY_BROWN
    ),
    Rule(
        code="SM110",
        name="severe-trigger-without-person",
        severity=Severity.INFO,
        framework=STANLEY_BROWN,
    ),
    Rule(code="SM111", name="unused-strength", severity=Severity.INFO, framework=STRENGTHS_MODEL),
    Rule(
        code="SM112",
        name="lapse-trigger-without-coping",
        severity=Severity.CONCERN,
        framework=MARLATT,
    ),
    Rule(
        code="SM113",
        name="coping-skill-failed-repeatedly",
        severity=Severity.WARNING,
        framework=MARLATT,
    ),
    Rule(
        code="SM114",
        name="crisis-skill-relies-on-distraction",
        severity=Severity.WARNING,
        framework=STANLEY_BROWN,
    ),
)
"""Every review rule, in code order."""

_BY_CODE = {rule.code: rule for rule in RULES}


@attrs.frozen
class _Context:
    plan: Plan
    graph: CopingGraph
    today: date
    interval: timedelta
    lapse_window: timedelta = DEFAULT_LAPSE_WINDOW

    def recent_lapses(self) -> tuple[Lapse, ...]:
        """Lapses on or before today and within the lapse window."""
        return tuple(
            lapse
            for lapse in self.plan.lapses
            if timedelta(0) <= self.today - lapse.occurred_on <= self.lapse_window
        )


def _finding(code: str, message: str, records: tuple[str, ...]) -> Finding:
    rule = _BY_CODE[code]
    return Finding(
        code=code,
        severity=rule.severity,
        message=message,
        records=records,
        framework=rule.framework,
    )


def _has_safety_contact(plan: Plan) -> bool:
    return any(s.role.is_service for s in plan.supports)


def _sm101(ctx: _Context) -> Iterator[Finding]:
    for trigger_id in ctx.graph.uncovered():
        yield _finding(
            "SM101", f"Trigger {trigger_id!r} has no coping skill linked to it.", (trigger_id,)
        )


def _sm102(ctx: _Context) -> Iterator[Finding]:
    plan = ctx.plan
    risks = tuple(t.id for t in plan.triggers) + tuple(w.id for w in plan.warning_signs)
    if risks and not _has_safety_contact(plan):
        yield _finding(
            "SM102",
            "The stay-well plan lists triggers or warning signs but no professional or "
            "crisis contact to turn to when coping alone is not enough.",
            risks,
        )


def _sm103(ctx: _Context) -> Iterator[Finding]:
    for w in ctx.plan.warning_signs:
        if w.action is None:
            yield _finding(
                "SM103", f"Warning sign {w.id!r} has no action: what to do when it shows.", (w.id,)
            )


def _open_goals(plan: Plan) -> Iterator[Goal]:
    return (g for g in plan.goals if g.lifecycle.is_open)


def _sm104(ctx: _Context) -> Iterator[Finding]:
    for g in _open_goals(ctx.plan):
        if not g.strength_ids:
            yield _finding(
                "SM104", f"Goal {g.id!r} draws on none of the client's strengths.", (g.id,)
            )


def _sm105(ctx: _Context) -> Iterator[Finding]:
    # Each goal against its own stage (stages are behaviour-specific), else the overall one.
    for g in _open_goals(ctx.plan):
        own = goal_stage(ctx.plan, g.id, on=ctx.today, overall=False)
        stage = own or ctx.plan.stage
        if stage is None:
            continue
        limit = MAX_DIFFICULTY_FOR_STAGE[stage]
        if g.difficulty > limit:
            whose = "for this goal" if own is not None else "overall"
            yield _finding(
                "SM105",
                f"Goal {g.id!r} has difficulty {g.difficulty}, hard for a client in "
                f"{stage.value} {whose} (up to {limit} suits this stage); consider a "
                "smaller step.",
                (g.id,),
            )


def _sm106(ctx: _Context) -> Iterator[Finding]:
    for c in ctx.plan.challenges:
        if c.goal_id is None:
            yield _finding("SM106", f"Challenge {c.id!r} is tied to no goal.", (c.id,))


def _sm107(ctx: _Context) -> Iterator[Finding]:
    plan = ctx.plan
    risks = tuple(c.id for c in plan.concerns) + tuple(t.id for t in plan.triggers)
    addressed = bool(plan.goals or plan.coping_links)
    if plan.strengths and risks and not addressed:
        yield _finding(
            "SM107",
            f"The plan lists {len(plan.strengths)} strengths, but the concerns and triggers "
            "it records have no goal and no coping skill addressing them yet.",
            risks,
        )


def _has_safety_plan(plan: Plan) -> bool:
    """A professional or crisis contact and at least one coping skill (Stanley & Brown)."""
    return _has_safety_contact(plan) and bool(plan.coping_skills)


def _critical_items(assessment: Assessment) -> tuple[str, ...]:
    """Items flagged as critical, stored or found again.

    The flags stored with the assessment count, and for a built-in instrument of the
    same edition, so do those its responses flag when scored again.
    """
    items = [f.item for f in assessment.flags]
    if assessment.instrument in BUILTIN_INSTRUMENTS:
        instrument = builtin_instrument(assessment.instrument)
        if instrument.edition == assessment.instrument_version:
            try:
                score = instrument.score({r.item: r.value for r in assessment.responses})
            except ValidationError:
                score = None  # responses that no longer score: the stored flags still count
            if score is not None:
                items += [f.item for f in score.flags]
    return tuple(dict.fromkeys(items))


def _sm108(ctx: _Context) -> Iterator[Finding]:
    # Never silenced: a critical answer is reported whatever else the plan holds; only
    # the advice differs with whether a safety plan exists.
    plan = ctx.plan
    safety_plan = _has_safety_plan(plan)
    for a in plan.assessments:
        items = _critical_items(a)
        if not items:
            continue
        answers = "a critical answer" if len(items) == 1 else "critical answers"
        on = ", ".join(items)
        if safety_plan:
            advice = "review the safety plan with the client now."
        else:
            advice = (
                "the plan has no safety plan (a professional or crisis contact and a coping "
                "skill); make one with the client now."
            )
        yield _finding("SM108", f"Assessment {a.id!r} has {answers} ({on}): {advice}", (a.id,))


def _sm109(ctx: _Context) -> Iterator[Finding]:
    plan = ctx.plan
    dates = [s.held_on for s in plan.sessions]
    if not dates and plan.history:
        dates = [plan.history[0].at.date()]
    if not dates:
        return
    last = max(dates)
    if ctx.today - last > ctx.interval:
        yield _finding(
            "SM109",
            f"No session since {last.isoformat()} ({(ctx.today - last).days} days, more than "
            f"{ctx.interval.days}): review the plan with the client.",
            (plan.id,),
        )


def _sm110(ctx: _Context) -> Iterator[Finding]:
    alone = set(ctx.graph.uncovered(require_person=True)) - set(ctx.graph.uncovered())
    for t in ctx.plan.triggers:
        if t.id in alone and t.intensity >= 4:
            yield _finding(
                "SM110",
                f"Trigger {t.id!r} hits hard (intensity {t.intensity}) but every coping skill "
                "for it is used alone; add a person or service to turn to.",
                (t.id,),
            )


def _sm111(ctx: _Context) -> Iterator[Finding]:
    for strength_id in ctx.graph.unused_strengths():
        yield _finding(
            "SM111",
            f"Strength {strength_id!r} is not used by any coping skill or goal yet.",
            (strength_id,),
        )


def _sm112(ctx: _Context) -> Iterator[Finding]:
    linked = {link.trigger_id for link in ctx.plan.coping_links}
    recent = ctx.recent_lapses()
    for t in ctx.plan.triggers:
        lapses = tuple(lapse.id for lapse in recent if lapse.trigger_id == t.id)
        if lapses and t.id not in linked:
            count = f"{len(lapses)} lapse{'s' if len(lapses) > 1 else ''}"
            yield _finding(
                "SM112",
                f"Trigger {t.id!r} was involved in {count} in the last "
                f"{ctx.lapse_window.days} days but has no coping skill linked to it.",
                (t.id, *lapses),
            )


def _sm113(ctx: _Context) -> Iterator[Finding]:
    recent = ctx.recent_lapses()
    for c in ctx.plan.coping_skills:
        lapses = tuple(lapse.id for lapse in recent if c.id in lapse.coping_tried)
        if len(lapses) >= REPEATED_FAILURES:
            yield _finding(
                "SM113",
                f"Coping skill {c.id!r} was tried in {len(lapses)} lapses in the last "
                f"{ctx.lapse_window.days} days without preventing them; review how it is "
                "used, or add another strategy.",
                (c.id, *lapses),
            )


def _sm114(ctx: _Context) -> Iterator[Finding]:
    distraction = {s.id for s in ctx.plan.supports if s.role is SupportRole.DISTRACTION}
    for c in ctx.plan.coping_skills:
        relied = tuple(s for s in c.support_ids if s in distraction)
        if c.level is CopingLevel.CRISIS and relied:
            yield _finding(
                "SM114",
                f"Coping skill {c.id!r} is on the crisis rung but relies on "
                f"{', '.join(repr(s) for s in relied)}, a support for social distraction; "
                "in a crisis the ladder turns to crisis services.",
                (c.id, *relied),
            )


_CHECKS: dict[str, Callable[[_Context], Iterator[Finding]]] = {
    "SM101": _sm101,
    "SM102": _sm102,
    "SM103": _sm103,
    "SM104": _sm104,
    "SM105": _sm105,
    "SM106": _sm106,
    "SM107": _sm107,
    "SM108": _sm108,
    "SM109": _sm109,
    "SM110": _sm110,
    "SM111": _sm111,
    "SM112": _sm112,
    "SM113": _sm113,
    "SM114": _sm114,
}


def review(
    plan: Plan,
    *,
    today: date | None = None,
    review_interval: timedelta = DEFAULT_REVIEW_INTERVAL,
    ignore: frozenset[str] = frozenset(),
    lapse_window: timedelta = DEFAULT_LAPSE_WINDOW,
) -> Findings:
    """Review a plan and list what it leaves unbalanced or unsafe.

    Args:
        plan: The plan.
        today: The date to judge staleness against (today if not given).
        review_interval: How long a plan may go without a session (SM109).
        ignore: Codes of rules to skip (``{"SM111"}``).
        lapse_window: How far back a lapse counts as recent (SM112, SM113).

    Returns:
        The findings, in rule order, then plan order.

    Raises:
        ValidationError: ``ignore`` names an unknown code, or ``review_interval`` or
            ``lapse_window`` is not positive.

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> [f.code for f in review(demo_plan(), today=date(2026, 7, 1))]
        ['SM109', 'SM111']
    """
    check_argument("plan", plan, Plan)
    if today is not None:
        check_argument("today", today, date, exact=True)
    check_argument("review_interval", review_interval, timedelta)
    check_argument("ignore", ignore, frozenset, set, tuple, list)
    unknown = sorted(set(ignore) - set(_CHECKS))
    if unknown:
        raise ValidationError(
            [Problem("ignore", f"unknown rule codes {unknown}; see strengthmodel.findings.RULES")]
        )
    if review_interval <= timedelta(0):
        raise ValidationError(
            [Problem("review_interval", f"expected a positive timedelta, got {review_interval!r}")]
        )
    if lapse_window <= timedelta(0):
        raise ValidationError(
            [Problem("lapse_window", f"expected a positive timedelta, got {lapse_window!r}")]
        )
    ctx = _Context(
        plan=plan,
        graph=CopingGraph(plan),
        today=today if today is not None else date.today(),  # noqa: DTZ011 - a local calendar date
        interval=review_interval,
        lapse_window=lapse_window,
    )
    return Findings(
        finding for code, check in _CHECKS.items() if code not in ignore for finding in check(ctx)
    )
