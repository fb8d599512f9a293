"""A plan page for the client and a summary for the clinician, as HTML or Markdown.

[`render`][strengthmodel.render] fills Jinja2 templates shipped in the package
(``strengthmodel/templates``) with a plain view of the plan. The client page speaks in the
first person and follows the safety-planning ladder (Stanley & Brown 2012) in order:
strengths, goals and what "expected" looks like (Goal Attainment Scaling, Kiresuk &
Sherman 1968), this week's challenges, warning signs, then what I do (things I can do on
my own; people and places that take my mind off things; people I can ask for help;
professionals; crisis lines, with numbers), making my surroundings safe, reasons for
living and the daily routine (wellness-plan sections, after Copeland). The clinician
summary adds progress per step, the review's findings, Goal Attainment Scaling T-scores
over time and the coping graph's coverage.

The HTML is one self-contained file: no JavaScript, no external requests (a restrictive
Content-Security-Policy), ``lang`` from the client's preferred language, semantic headings
and print styles that fit a typical safety plan on one A4 or Letter page. Every value is
escaped (HTML autoescaping; Markdown backslash escapes), so text such as
``<img src=x onerror=alert(1)>`` shows as text. Needs the ``render`` extra (Jinja2).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import check_argument
from strengthmodel._html import markdown_escape
from strengthmodel.coping import CopingGraph
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.findings import review
from strengthmodel.plans.outcomes import goal_attainment
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import progress
from strengthmodel.steps.challenges import ChallengeOutcome
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import CopingLevel, SupportRole

if TYPE_CHECKING:
    import jinja2

__all__ = ["LADDER", "markdown_escape", "render"]

Format = Literal["html", "markdown"]
Audience = Literal["client", "clinician"]

_WITHHELD = "[withheld]"

LADDER: tuple[tuple[str, str, CopingLevel, SupportRole | None], ...] = (
    ("on-my-own", "Things I can do on my own", CopingLevel.INTERNAL, None),
    (
        "distraction",
        "People and places that take my mind off things",
        CopingLevel.SOCIAL_DISTRACTION,
        SupportRole.DISTRACTION,
    ),
    ("ask-for-help", "People I can ask for help", CopingLevel.ASK_FOR_HELP, SupportRole.HELP),
    (
        "professionals",
        "Professionals I can contact",
        CopingLevel.PROFESSIONAL,
        SupportRole.PROFESSIONAL,
    ),
    ("crisis", "Crisis lines and emergency services", CopingLevel.CRISIS, SupportRole.CRISIS),
)
"""The client page's rungs, in order: (anchor, heading, coping level, support role)."""


@attrs.frozen
class Item:
    """One line of a section: its text, details under it, and a contact number."""

    text: str
    details: tuple[str, ...] = ()
    contact: str | None = None


@attrs.frozen
class Section:
    """A titled list of items (and sub-sections, for the ladder)."""

    anchor: str
    title: str
    items: tuple[Item, ...] = ()
    parts: tuple[Section, ...] = ()
    empty: str = "Nothing here yet."


def _client_sections(plan: Plan) -> list[Section]:
    open_challenges = [
        c
        for c in plan.challenges
        if c.outcome in {ChallengeOutcome.NOT_STARTED, ChallengeOutcome.ATTEMPTED}
    ]
    rungs = []
    for number, (anchor, title, level, role) in enumerate(LADDER, start=1):
        items = [Item(s.name, s.steps) for s in plan.coping_skills if s.level is level]
        items += [
            Item(
                s.name,
                tuple(x for x in (s.relation, s.availability) if x),
                s.contact,
            )
            for s in plan.supports
            if s.role is role
        ]
        empty = "Nothing here yet."
        if level is CopingLevel.CRISIS:
            empty = "In an emergency, call your local emergency number."
        rungs.append(Section(anchor, f"{number}. {title}", tuple(items), empty=empty))
    return [
        Section(
            "strengths",
            "My strengths",
            tuple(
                Item(s.name, (s.how_it_helps,) if s.how_it_helps else ()) for s in plan.strengths
            ),
        ),
        Section(
            "goals",
            "My goals",
            tuple(
                Item(
                    g.statement,
                    tuple(
                        x
                        for x in (
                            f"What \u201cexpected\u201d looks like: {g.scale.expected}"
                            if g.scale
                            else None,
                            f"By {g.due.isoformat()}" if g.due else None,
                        )
                        if x
                    ),
                )
                for g in plan.goals
                if g.lifecycle.is_open
            ),
        ),
        Section(
            "challenges",
            "My challenges this week",
            tuple(
                Item(c.description, (f"By {c.due.isoformat()}",) if c.due else ())
                for c in open_challenges
            ),
        ),
        Section(
            "warning-signs",
            "My warning signs",
            tuple(
                Item(w.description, (f"When I notice it: {w.action}",) if w.action else ())
                for w in plan.warning_signs
            ),
        ),
        Section("what-i-do", "What I do, in this order", parts=tuple(rungs)),
        Section(
            "safe-surroundings",
            "Making my surroundings safe",
            tuple(Item(a.description, ("Done",) if a.done else ()) for a in plan.safety_actions),
        ),
        Section(
            "reasons",
            "My reasons for living",
            tuple(Item(r.text) for r in plan.reasons_for_living),
        ),
        Section(
            "routine",
            "My daily routine",
            tuple(Item(r.description, (r.when,) if r.when else ()) for r in plan.routine),
        ),
    ]


def _gas_over_time(plan: Plan) -> tuple[list[dict[str, Any]], str | None]:
    days = sorted({a.rated_on for g in plan.goals for a in g.attainments})
    rows: list[dict[str, Any]] = []
    for day in days:
        try:
            result = goal_attainment(plan, day)
        except ValidationError as error:
            return [], error.problems[0].message
        rows.append(
            {
                "on": day.isoformat(),
                "baseline": f"{result.baseline_t_score:.1f}",
                "t_score": f"{result.t_score:.1f}",
                "change": f"{result.change:+.1f}",
            }
        )
    return rows, None if rows else "no ratings yet"


def _clinician_context(
    plan: Plan, *, include_sensitive: bool, today: date | None
) -> dict[str, Any]:
    def show(text: str | None) -> str | None:
        if text is None:
            return None
        return text if include_sensitive else _WITHHELD

    report = progress(plan)
    coverage = CopingGraph(plan).coverage()
    gas_rows, gas_note = _gas_over_time(plan)
    return {
        "steps": [
            {
                "number": s.number,
                "title": s.title,
                "status": report[s].status.value.replace("-", " "),
                "missing": report[s].missing,
            }
            for s in Step
        ],
        "findings": review(plan, today=today),
        "gas": gas_rows,
        "gas_note": gas_note,
        "coverage": coverage,
        "share_covered": f"{coverage.share_covered:.0%}",
        "share_person": f"{coverage.share_reaching_a_person:.0%}",
        "mean_strategies": f"{coverage.mean_strategies:.1f}",
        "goals": [
            {
                "id": g.id,
                "statement": show(g.statement),
                "weight": g.weight,
                "baseline": g.baseline,
                "level": g.latest.level if g.latest else None,
                "lifecycle": g.lifecycle.value,
            }
            for g in plan.goals
        ],
        "stage": plan.stage.value if plan.stage else None,
        "readiness": plan.readiness,
        "client_name": show(plan.client.name),
    }


def _environment(format: Format) -> jinja2.Environment:  # noqa: A002 - the public keyword
    try:
        import jinja2  # noqa: PLC0415 - optional dependency, loaded on first use
    except ImportError as error:  # pragma: no cover - the render extra is installed in tests
        msg = "rendering needs Jinja2: pip install 'strengthmodel[render]'"
        raise ImportError(msg) from error
    loader = jinja2.PackageLoader("strengthmodel", "templates")
    if format == "html":
        return jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    # Markdown has no autoescaping of its own: every value is escaped on output instead.
    return jinja2.Environment(
        loader=loader,
        autoescape=False,  # noqa: S701 - HTML escaping is wrong for Markdown; finalize escapes
        finalize=markdown_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _one_of(value: object, allowed: set[str]) -> bool:
    """Whether ``value`` is one of ``allowed`` (a plain str: unhashable values are not)."""
    return type(value) is str and value in allowed


def render(
    plan: Plan,
    *,
    format: Format = "html",  # noqa: A002 - the natural name for callers
    audience: Audience = "client",
    include_sensitive: bool = False,
    today: date | None = None,
) -> str:
    """Render a plan as a client page or a clinician summary, in HTML or Markdown.

    Args:
        plan: The plan.
        format: ``"html"`` (one self-contained file) or ``"markdown"`` (CommonMark).
        audience: ``"client"`` (the client's own plan, in the first person) or
            ``"clinician"`` (progress, findings, T-scores, coverage).
        include_sensitive: Show the client's words, names and contact details. The
            client page is made of them, so it requires ``True``; the clinician summary
            shows ``[withheld]`` in their place without it.
        today: The date the clinician summary's review judges the plan on. Defaults
            to the date (UTC) of the plan's latest change, never the wall clock, so the
            same plan always renders the same page.

    Returns:
        The page.

    Raises:
        ValidationError: An unknown format or audience, or a client page without
            ``include_sensitive=True``.

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> page = render(demo_plan(), include_sensitive=True)
        >>> page.startswith("<!DOCTYPE html>"), '<html lang="en">' in page
        (True, True)
        >>> print(render(demo_plan(), format="markdown", include_sensitive=True).splitlines()[0])
        # My plan
    """
    check_argument("plan", plan, Plan)
    check_argument("include_sensitive", include_sensitive, bool)
    if today is not None:
        check_argument("today", today, date, exact=True)
    if not _one_of(format, {"html", "markdown"}):
        raise ValidationError(
            [
                Problem(
                    "format",
                    "expected 'html' or 'markdown', got "
                    f"{describe_value(format, codes=('html', 'markdown'))}",
                )
            ]
        )
    if not _one_of(audience, {"client", "clinician"}):
        raise ValidationError(
            [
                Problem(
                    "audience",
                    "expected 'client' or 'clinician', got "
                    f"{describe_value(audience, codes=('client', 'clinician'))}",
                )
            ]
        )
    if audience == "client" and not include_sensitive:
        raise ValidationError(
            [
                Problem(
                    "include_sensitive",
                    "the client page shows the client's own words and contacts; "
                    "pass include_sensitive=True to render it",
                )
            ]
        )
    context: dict[str, Any] = {
        "plan": plan,
        "lang": plan.client.preferred_language,
        "title": "My plan" if audience == "client" else f"Plan {plan.id}: clinician summary",
    }
    if audience == "client":
        context["sections"] = _client_sections(plan)
    else:
        context.update(_clinician_context(plan, include_sensitive=include_sensitive, today=today))
    suffix = "html" if format == "html" else "md"
    template = _environment(format).get_template(f"{audience}.{suffix}.j2")
    return template.render(context)
