"""Review a plan like a linter: what the seven steps leave unbalanced or unsafe.

[`review`][strengthmodel.review] returns [`Finding`][strengthmodel.Finding]s, each with a
stable code, a severity, a plain-language message, the records involved, and the
framework that motivates it. The rules are in [`RULES`][strengthmodel.findings.RULES];
each is declared by one decorator on its check function, whose docstring is the rule's
entry on the docs' findings page (generated from the table). A finding is a prompt for
clinical judgment, never a verdict: the library reports, the clinician decides.

The source names the risk these rules guard against: a plan that looks only at strengths
can leave harmful patterns unaddressed.
"""

from __future__ import annotations

import enum
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Final

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, check_argument
from strengthmodel.coping import CopingGraph
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.plans.dates import as_of
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
    "ordered",
    "reference_markdown",
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


@functools.total_ordering
class Severity(enum.Enum):
    """How much a finding matters; severities compare in this order (INFO < CONCERN).

    Examples:
        >>> Severity.WARNING >= Severity.INFO, max(Severity)
        (True, <Severity.CONCERN: 'concern'>)
    """

    INFO = "info"
    """Worth knowing; often fine as it is."""
    WARNING = "warning"
    """Probably a gap in the plan."""
    CONCERN = "concern"
    """A safety-relevant gap: look at it now."""

    def __lt__(self, other: object) -> bool:
        """Order by how much the finding matters (only among severities)."""
        if type(other) is not Severity:
            return NotImplemented
        return _SEVERITY_RANK[self] < _SEVERITY_RANK[other]


_SEVERITY_RANK: Final = {severity: rank for rank, severity in enumerate(Severity)}


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

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel._review_display import finding_html  # noqa: PLC0415 - on use

        return finding_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)


class Findings(list[Finding]):
    """What [`review`][strengthmodel.review] returns: a list of findings.

    A plain ``list`` in every way, except that Jupyter shows it as a table of severity,
    code, records and message.
    """

    __slots__ = ()

    @property
    def safety_concern(self) -> bool:
        """Whether a finding comes from a safety rule (one ``ignore=`` cannot skip: SM108)."""
        return any(not _REGISTRY[f.code].silenceable for f in self if f.code in _REGISTRY)

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel._review_display import findings_html  # noqa: PLC0415 - on use

        return findings_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    def _repr_markdown_(self) -> str:
        from strengthmodel._review_display import findings_markdown  # noqa: PLC0415 - on use

        return findings_markdown(self)


_Check = Callable[["_Context"], Iterator[Finding]]
"""A rule's check: reads the review context, yields its findings in plan order."""


@attrs.frozen(kw_only=True)
class Rule:
    """A review rule: its code, name, severity, source, documentation and check.

    Each rule is declared by one decorator on its check function in this module, so
    its table row, its documentation (the check's docstring, which is also its entry on
    the docs' findings page) and its logic sit together.

    Attributes:
        code: Stable code; never reused for another rule.
        name: Short name, for filters and docs.
        severity: The severity of its findings.
        framework: The published framework behind it.
        description: What it reports and why, in Markdown (the docs' findings page).
        check: The function that finds it: given the review's context, it yields the
            findings in plan order.
        urgency: Clinical priority among rules of the same severity: findings of a rule
            with higher urgency come first (0 for most rules).
        silenceable: Whether ``review(plan, ignore=...)`` may skip it. A safety rule
            (``False``) is never skipped: asking to is an error.
    """

    code: str
    name: str
    severity: Severity
    framework: str
    description: str = attrs.field(repr=False)
    check: _Check = attrs.field(repr=False, eq=False)
    urgency: int = 0
    silenceable: bool = True


_REGISTRY: dict[str, Rule] = {}
_CODE_SHAPE: Final = re.compile(r"SM[0-9]{3}")


def _rule(  # noqa: PLR0913 - the rule's table row
    code: str,
    name: str,
    severity: Severity,
    framework: str,
    *,
    urgency: int = 0,
    silenceable: bool = True,
) -> Callable[[_Check], _Check]:
    """Declare a review rule on its check function (one decorator per rule).

    The check's docstring is the rule's description: its first line says what is
    reported, the rest why, ending with the records a finding names.

    Args:
        code: The rule's stable code (``"SM1nn"``), unique.
        name: Its short name.
        severity: The severity of its findings.
        framework: The published framework behind it.
        urgency: Its clinical priority among rules of the same severity.
        silenceable: Whether ``ignore=`` may skip it (``False`` for safety rules).

    Returns:
        A decorator that registers the check and returns it unchanged.

    Raises:
        ValueError: The code is taken already or the check has no docstring (a
            programming error in this module, caught on import).
    """

    def register(check: _Check) -> _Check:
        if code in _REGISTRY:
            msg = f"rule code {code} is declared twice"
            raise ValueError(msg)
        if not check.__doc__:
            msg = f"rule {code} needs a docstring: it is the rule's documentation"
            raise ValueError(msg)
        _REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            framework=framework,
            description=inspect.cleandoc(check.__doc__).replace("\n\n", "\n", 1),
            check=check,
            urgency=urgency,
            silenceable=silenceable,
        )
        return check

    return register


MARLATT = "Relapse prevention (Marlatt & Gordon 1985)"
STANLEY_BROWN = "Safety planning (Stanley & Brown 2012)"
WELLNESS = "Wellness plans: warning signs with an action plan (after Copeland)"
STRENGTHS_MODEL = "The Strengths Model (Rapp & Goscha 2012)"
TTM = (
    "Stages of change (DiClemente et al. 1991; Prochaska, DiClemente & Norcross 1992); "
    "the difficulty caps are this "
    "library's heuristic"
)
BALANCE = "Strength-based therapy's balance risk: strengths must not hide harms"
PHQ = "Critical items: PHQ-9 item 9 needs follow-up (Kroenke, Spitzer & Williams 2001)"


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
    declared = _REGISTRY[code]
    return Finding(
        code=code,
        severity=declared.severity,
        message=message,
        records=records,
        framework=declared.framework,
    )


def _has_safety_contact(plan: Plan) -> bool:
    return any(s.role.is_service for s in plan.supports)


@_rule("SM101", "trigger-without-coping", Severity.WARNING, MARLATT)
def _sm101(ctx: _Context) -> Iterator[Finding]:
    """A trigger has no coping skill linked to it.

    Relapse prevention rests on having a coping response ready for each high-risk
    situation; an effective response raises self-efficacy and lowers the chance of a
    lapse. Records: the trigger.
    """
    for trigger_id in ctx.graph.uncovered():
        yield _finding(
            "SM101", f"Trigger {trigger_id!r} has no coping skill linked to it.", (trigger_id,)
        )


@_rule("SM102", "no-professional-or-crisis-contact", Severity.CONCERN, STANLEY_BROWN, urgency=50)
def _sm102(ctx: _Context) -> Iterator[Finding]:
    """The plan lists triggers or warning signs but no professional or crisis contact.

    No support has the role of a professional or a crisis service. The safety-planning
    ladder ends with professionals, agencies and crisis lines for when coping alone and
    with friends is not enough. Records: the triggers and warning signs.
    """
    plan = ctx.plan
    risks = tuple(t.id for t in plan.triggers) + tuple(w.id for w in plan.warning_signs)
    if risks and not _has_safety_contact(plan):
        yield _finding(
            "SM102",
            "The stay-well plan lists triggers or warning signs but no professional or "
            "crisis contact to turn to when coping alone is not enough.",
            risks,
        )


@_rule("SM103", "warning-sign-without-action", Severity.WARNING, WELLNESS)
def _sm103(ctx: _Context) -> Iterator[Finding]:
    """A warning sign has no action.

    Early warning signs are useful only with a plan for what to do when they show.
    Records: the warning sign.
    """
    for w in ctx.plan.warning_signs:
        if w.action is None:
            yield _finding(
                "SM103", f"Warning sign {w.id!r} has no action: what to do when it shows.", (w.id,)
            )


def _open_goals(plan: Plan) -> Iterator[Goal]:
    return (g for g in plan.goals if g.lifecycle.is_open)


@_rule("SM104", "goal-without-strength", Severity.WARNING, STRENGTHS_MODEL)
def _sm104(ctx: _Context) -> Iterator[Finding]:
    """An open goal (proposed to on-hold) draws on none of the client's strengths.

    In the Strengths Model, goals are reached by using the person's strengths and
    resources. Records: the goal.
    """
    for g in _open_goals(ctx.plan):
        if not g.strength_ids:
            yield _finding(
                "SM104", f"Goal {g.id!r} draws on none of the client's strengths.", (g.id,)
            )


@_rule("SM105", "goal-too-hard-for-stage", Severity.WARNING, TTM)
def _sm105(ctx: _Context) -> Iterator[Finding]:
    """An open goal's difficulty is above what suits the client's stage of change for it.

    The stage **for that goal** is its latest `ReadinessRating` with a stage on or before
    the review date, else the plan's overall stage. The difficulty suits it up to 1 in
    precontemplation and contemplation, 2 in preparation, 3 in action and maintenance
    (`MAX_DIFFICULTY_FOR_STAGE`). Easy, achievable goals come first; a smaller step may fit
    better. The stages are Prochaska & DiClemente's; **the caps are this library's
    heuristic**, not a published rule: the Transtheoretical Model says which processes of
    change suit each stage, not how hard a goal may be. Records: the goal.
    """
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


@_rule("SM106", "challenge-without-goal", Severity.INFO, STRENGTHS_MODEL)
def _sm106(ctx: _Context) -> Iterator[Finding]:
    """A challenge is tied to no goal.

    In the personal recovery plan, each step serves a goal. Records: the challenge.
    """
    for c in ctx.plan.challenges:
        if c.goal_id is None:
            yield _finding("SM106", f"Challenge {c.id!r} is tied to no goal.", (c.id,))


@_rule("SM107", "strengths-without-risk-plan", Severity.CONCERN, BALANCE)
def _sm107(ctx: _Context) -> Iterator[Finding]:
    """The plan lists strengths and risks, but nothing addresses the risks.

    It records concerns or triggers, but has no goal and no coping link addressing them.
    The source warns that a plan looking only at strengths can leave harmful patterns
    unaddressed. Records: the concerns and triggers.
    """
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
    """The items an assessment stores as flagged critical answers.

    The stored flags are the whole truth: an assessment of a built-in instrument cannot
    be built or loaded without exactly the flags its responses raise, and one of a custom
    instrument carries the flags its definition raised when it was scored. The review
    never rescores, so nothing about the other answers can hide a flag.
    """
    return tuple(dict.fromkeys(f.item for f in assessment.flags))


@_rule("SM108", "critical-answer", Severity.CONCERN, PHQ, urgency=100, silenceable=False)
def _sm108(ctx: _Context) -> Iterator[Finding]:
    """A completed assessment has a critical answer (for PHQ-9, item 9 above 0).

    The answer is a flag stored with the assessment. Every assessment of a built-in
    instrument carries exactly the flags its answers raise (however many other items are
    blank; answers outside the options, unknown editions and misspelt ids are refused when
    recorded or loaded), and one of your own instrument carries those its definition
    raised when `administer` scored it. **It is never silenced**: `review(plan,
    ignore={"SM108"})` is refused, and a complete safety plan does not hide it. The message
    names the assessment and the items; when the plan has a safety plan (a professional or
    crisis contact and a coping skill) it says to review it with the client now, and when
    it has none it says so. Follow up now, whatever the total score. Records: the
    assessment.
    """
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


@_rule("SM109", "plan-not-reviewed", Severity.WARNING, STANLEY_BROWN)
def _sm109(ctx: _Context) -> Iterator[Finding]:
    """No session has been recorded for longer than the review interval.

    The interval is 90 days unless `review_interval` says otherwise; with no sessions, the
    plan's opening date counts. A safety or relapse-prevention plan is a living document,
    reviewed and revised with the client. Records: the plan.
    """
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


@_rule("SM110", "severe-trigger-without-person", Severity.INFO, STANLEY_BROWN)
def _sm110(ctx: _Context) -> Iterator[Finding]:
    """A trigger of intensity 4 or 5 has strategies, but every one is used alone.

    None of them relies on a person or service. The ladder moves to people when coping
    alone is not enough. Records: the trigger.
    """
    alone = set(ctx.graph.uncovered(require_person=True)) - set(ctx.graph.uncovered())
    for t in ctx.plan.triggers:
        if t.id in alone and t.intensity >= 4:
            yield _finding(
                "SM110",
                f"Trigger {t.id!r} hits hard (intensity {t.intensity}) but every coping skill "
                "for it is used alone; add a person or service to turn to.",
                (t.id,),
            )


@_rule("SM111", "unused-strength", Severity.INFO, STRENGTHS_MODEL)
def _sm111(ctx: _Context) -> Iterator[Finding]:
    """A strength is used by no coping skill and no goal.

    `CopingGraph.suggestions` turns unused strengths into coping ideas to talk over.
    Records: the strength.
    """
    for strength_id in ctx.graph.unused_strengths():
        yield _finding(
            "SM111",
            f"Strength {strength_id!r} is not used by any coping skill or goal yet.",
            (strength_id,),
        )


@_rule("SM112", "lapse-trigger-without-coping", Severity.CONCERN, MARLATT, urgency=30)
def _sm112(ctx: _Context) -> Iterator[Finding]:
    """A trigger involved in a recent lapse still has no coping skill linked to it.

    Recent means within the last 90 days (`lapse_window`). After a lapse, relapse
    prevention asks what coping response would have helped in that high-risk situation;
    without one, the next lapse is likelier to become a relapse. Records: the trigger and
    the recent lapses.
    """
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


@_rule("SM113", "coping-skill-failed-repeatedly", Severity.WARNING, MARLATT)
def _sm113(ctx: _Context) -> Iterator[Finding]:
    """A coping skill was tried in two or more recent lapses without preventing them.

    Two is `REPEATED_FAILURES`; recent means within the last 90 days (`lapse_window`). The
    skill may need practice (mastery), a different moment, or another strategy beside it.
    Records: the coping skill and the lapses.
    """
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


@_rule("SM114", "crisis-skill-relies-on-distraction", Severity.WARNING, STANLEY_BROWN)
def _sm114(ctx: _Context) -> Iterator[Finding]:
    """A coping skill on the crisis rung relies on a support for social distraction.

    In the safety-planning ladder, people and places that distract come early; in a crisis
    the plan turns to crisis lines and emergency services. Records: the coping skill and
    the supports.
    """
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


RULES: tuple[Rule, ...] = tuple(sorted(_REGISTRY.values(), key=lambda r: r.code))
"""Every review rule, in code order."""

_SEVERITY_MEANING = {
    Severity.INFO: "worth knowing; often fine as it is",
    Severity.WARNING: "probably a gap in the plan",
    Severity.CONCERN: "a safety-relevant gap: look at it now",
}


_PAGE_INTRO = """\
<!-- Generated from the rules in strengthmodel/findings.py by scripts/findings-reference;
do not edit. -->

`strengthmodel.review(plan)` reports findings like a linter. Each has a stable code (never
reused for another rule), a severity, a message that names records by id (never the
client's words), the records involved, and the framework that motivates it. A finding is
a prompt for clinical judgment, not a verdict. Findings come most urgent first: by
severity, then clinical priority (SM108 leads), then code. Skip rules with
`review(plan, ignore={"SM111"})`; a safety rule (SM108) cannot be skipped, and asking to
is an error. Rules that depend on the date (SM105, SM109, SM112,
SM113) judge the plan on `today`, which defaults to the date of the plan's latest change,
never the wall clock: the same plan always gives the same findings."""


def reference_markdown() -> str:
    """The findings reference page (``docs/reference/findings.md``), from the rule table.

    Regenerate the page with ``scripts/findings-reference``; a test keeps it in sync.

    Returns:
        The page, in Markdown.
    """
    lines = [
        "# Review findings",
        "",
        _PAGE_INTRO,
        "",
        "| severity | meaning |",
        "| --- | --- |",
        *(f"| `{s.value}` | {meaning} |" for s, meaning in _SEVERITY_MEANING.items()),
    ]
    for r in RULES:
        lines += [
            "",
            f"## {r.code} {r.name}",
            "",
            f"Severity: **{r.severity.value}**. Framework: {r.framework}."
            + ("" if r.silenceable else " Cannot be skipped with `ignore`."),
            "",
            r.description,
        ]
    return "\n".join(lines) + "\n"


def _codes(name: str, codes: object) -> frozenset[str]:
    """Rule codes from any iterable of strings; a lone string is refused, not split."""
    if isinstance(codes, str | bytes) or not isinstance(codes, Iterable):
        raise ValidationError(
            [
                Problem(
                    name,
                    f"expected an iterable of rule codes such as {{'SM111'}}, got "
                    f"{type(codes).__name__}",
                )
            ]
        )
    items = tuple(codes)
    wrong = sorted({type(code).__name__ for code in items if type(code) is not str})
    if wrong:
        raise ValidationError([Problem(name, f"expected rule codes as str, got {wrong}")])
    return frozenset(items)


def review(
    plan: Plan,
    *,
    today: date | None = None,
    review_interval: timedelta = DEFAULT_REVIEW_INTERVAL,
    ignore: Iterable[str] = (),
    lapse_window: timedelta = DEFAULT_LAPSE_WINDOW,
) -> Findings:
    """Review a plan and list what it leaves unbalanced or unsafe.

    Args:
        plan: The plan.
        today: The date to judge the plan on (sessions due, recent lapses, a goal's
            stage). Defaults to the date (UTC) of the plan's latest change, never the
            wall clock, so the same plan always gives the same findings; pass
            ``date.today()`` to judge it as of now.
        review_interval: How long a plan may go without a session (SM109).
        ignore: Codes of rules to skip: any iterable of codes (``{"SM111"}``,
            ``["SM109", "SM111"]``), not a single string.
        lapse_window: How far back a lapse counts as recent (SM112, SM113).

    Returns:
        The findings, most urgent first: by severity (concern first), then clinical
        priority (a critical answer, SM108, leads), then rule code, then plan order.

    Raises:
        ValidationError: ``today`` is not a ``date``, ``ignore`` is a string, holds a
            non-string, names an unknown code or a safety rule that cannot be skipped
            (SM108), or ``review_interval`` or
            ``lapse_window`` is not positive.

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> [f.code for f in review(demo_plan(), today=date(2026, 7, 1))]
        ['SM109', 'SM111']
    """
    check_argument("plan", plan, Plan)
    on = as_of(plan, today)
    check_argument("review_interval", review_interval, timedelta)
    skipped = _codes("ignore", ignore)
    unknown = sorted(skipped - _REGISTRY.keys())
    if unknown:
        # A code-shaped value is quoted (it is the library's vocabulary, misspelt or from a
        # later version); anything else is described, since it may be text typed by mistake.
        named = ", ".join(
            repr(code) if _CODE_SHAPE.fullmatch(code) else describe_value(code) for code in unknown
        )
        raise ValidationError(
            [Problem("ignore", f"unknown rule codes ({named}); see strengthmodel.findings.RULES")]
        )
    kept = sorted(code for code in skipped if not _REGISTRY[code].silenceable)
    if kept:
        raise ValidationError(
            [
                Problem(
                    "ignore",
                    f"{', '.join(kept)} cannot be skipped: a critical answer needs follow-up "
                    "whatever else the plan holds",
                )
            ]
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
        today=on,
        interval=review_interval,
        lapse_window=lapse_window,
    )
    return ordered(finding for r in RULES if r.code not in skipped for finding in r.check(ctx))


def ordered(findings: Iterable[Finding]) -> Findings:
    """Findings most urgent first: by severity, then the rule's urgency, then rule order.

    Within one rule, findings keep their plan order. This is the order of every output
    that lists findings (the review, the command line, the clinician page, notebooks), so
    a critical answer (SM108) always leads.

    Args:
        findings: Findings in rule order, then plan order (as the rules yield them).

    Returns:
        The same findings, most urgent first.
    """
    rank = {r.code: (-_SEVERITY_RANK[r.severity], -r.urgency, i) for i, r in enumerate(RULES)}
    fallback = (0, 0, len(RULES))
    return Findings(sorted(findings, key=lambda f: rank.get(f.code, fallback)))
