"""Readable renderings of a plan.

[`summary`][strengthmodel.plans.render.summary] gives a plain-text clinician summary
(also valid Markdown). It shows only what the plan records, in the order of the seven
steps. By default it shows ids, categories, dates and numbers only: every sensitive
field (names, contact details, the client's words and every other free text) appears
only when ``include_sensitive`` is true, so that a summary can be shared or logged
without exposing the client.
"""

from __future__ import annotations

from collections.abc import Callable

from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import progress
from strengthmodel.steps.assessment import Assessment
from strengthmodel.steps.process import Step

__all__ = ["summary"]

_HIDDEN = "[withheld]"


def summary(plan: Plan, *, include_sensitive: bool = False) -> str:
    """Render a plan as a plain-text (Markdown) summary, step by step.

    Args:
        plan: The plan.
        include_sensitive: Show the client's words, names, contact details and every
            other free text. Off by default: sensitive fields are shown as
            ``[withheld]``.

    Returns:
        The summary, ending with a newline.

    Examples:
        >>> from strengthmodel import PlanBuilder
        >>> builder = PlanBuilder("client-3", author="dr-lee")
        >>> text = summary(builder.add_concern("Can't sleep").build())
        >>> print(text.splitlines()[0])
        # Plan plan-1 for client-3 (revision 2)
    """

    def show(text: str | None) -> str:
        if text is None:
            return "-"
        return text if include_sensitive else _HIDDEN

    lines = [f"# Plan {plan.id} for {plan.client.pseudonym} (revision {plan.revision})", ""]
    report = progress(plan)
    lines += ["## Progress", ""]
    lines += [f"- {s.number}. {s.title}: {report[s].status.value.replace('-', ' ')}" for s in Step]

    def section(step: Step, body: list[str]) -> None:
        lines.extend(["", f"## {step.number}. {step.title}", ""])
        lines.extend(body or ["(nothing recorded yet)"])

    section(
        Step.LISTEN,
        [f"- Concern {c.id}: {show(c.text)}" for c in plan.concerns]
        + [
            f"- Session {s.id} on {s.held_on.isoformat()}: "
            f"{', '.join(sorted(st.value for st in s.steps))}"
            + (f" (alliance {s.alliance}/10)" if s.alliance is not None else "")
            for s in plan.sessions
        ],
    )
    meet = []
    if plan.stage is not None:
        meet.append(f"- Stage of change: {plan.stage.value}")
    if plan.readiness is not None:
        meet.append(
            f"- Readiness: importance {plan.readiness.importance}/10, "
            f"confidence {plan.readiness.confidence}/10"
        )
    meet += [
        f"- Readiness {r.id} on {r.rated_on.isoformat()}"
        + (f" for goal {r.goal_id}" if r.goal_id else "")
        + (f" for {show(r.behaviour)}" if r.behaviour else "")
        + (f": {r.stage.value}" if r.stage else ":")
        + (f", importance {r.importance}/10" if r.importance is not None else "")
        + (f", confidence {r.confidence}/10" if r.confidence is not None else "")
        for r in plan.readiness_ratings
    ]
    meet += [
        f"- Priority {p.rank}: {show(p.description)}"
        for p in sorted(plan.priorities, key=lambda p: p.rank)
    ]
    meet += [f"- Value {v.id}: {show(v.name)}" for v in plan.values]
    section(Step.MEET, meet)
    section(
        Step.STRENGTHS,
        [
            f"- Strength {s.id}: {show(s.name)} ({s.strength_kind.value}, {s.category.value}"
            + (f", {s.character_strength.label}" if s.character_strength else "")
            + (f", {s.domain.value}" if s.domain else "")
            + ")"
            for s in plan.strengths
        ],
    )
    section(
        Step.CHALLENGE,
        [
            f"- Challenge {c.id}: {show(c.description)} "
            f"(difficulty {c.difficulty}/5, {c.outcome.value})"
            for c in plan.challenges
        ],
    )
    section(
        Step.ASSESS,
        [
            f"- {a.instrument} v{a.instrument_version} on {a.completed_on.isoformat()}" + _scores(a)
            for a in plan.assessments
        ]
        + [
            f"- Life domains on {a.assessed_on.isoformat()}; priorities: "
            + (", ".join(d.value for d in a.priorities) or "none")
            for a in plan.domain_assessments
        ],
    )
    section(
        Step.GOALS,
        [
            f"- Goal {g.id}: {show(g.statement)} (weight {g.weight}, "
            f"{g.lifecycle.value}, level {g.latest.level if g.latest else g.baseline:+d})"
            for g in plan.goals
        ],
    )
    section(Step.STAY_WELL, _stay_well(plan, show))
    return "\n".join(lines) + "\n"


def _scores(a: Assessment) -> str:
    """The stored total, band and critical answers of an assessment, if recorded."""
    total = a.score()
    text = "" if total is None else f": total {total:g}"
    if a.band is not None:
        text += f" ({a.band})"
    if a.flags:
        text += f"; critical answers: {', '.join(f.item for f in a.flags)}"
    return text


def _stay_well(plan: Plan, reveal: Callable[[str | None], str]) -> list[str]:
    skills = {c.id: c for c in plan.coping_skills}
    body = []
    for t in plan.triggers:
        body.append(
            f"- Trigger {t.id}: {reveal(t.description)} "
            f"({t.category.value}, intensity {t.intensity}/5)"
        )
        ranked = sorted(
            plan.links_for(t.id), key=lambda link: skills[link.coping_skill_id].level.rung
        )
        body += [
            f"    - {link.coping_skill_id}: {reveal(skills[link.coping_skill_id].name)} "
            f"({skills[link.coping_skill_id].level.value}, efficacy {link.efficacy:.2f})"
            for link in ranked
        ]
    body += [
        f"- Warning sign {w.id}: {reveal(w.description)}; action {reveal(w.action)}"
        for w in plan.warning_signs
    ]
    body += [
        f"- Support {s.id}: {reveal(s.name)} ({s.role.value}); contact {reveal(s.contact)}"
        for s in plan.supports
    ]
    body += [
        f"- Safety step {a.id}: {reveal(a.description)} ({'done' if a.done else 'to do'})"
        for a in plan.safety_actions
    ]
    body += [f"- Reason for living {r.id}: {reveal(r.text)}" for r in plan.reasons_for_living]
    body += [f"- Daily {r.id}: {reveal(r.description)}" for r in plan.routine]
    body += [
        f"- Lapse {lapse.id} on {lapse.occurred_on.isoformat()}"
        + (f", trigger {lapse.trigger_id}" if lapse.trigger_id else "")
        + (" (became a relapse)" if lapse.became_relapse else "")
        for lapse in plan.lapses
    ]
    body += [
        f"- Resource {r.id}: {reveal(r.title)} ({r.category.value}, given "
        f"{r.given_on.isoformat()}"
        + (f", usefulness {r.usefulness}/10" if r.usefulness is not None else "")
        + ")"
        for r in plan.resources
    ]
    return body
