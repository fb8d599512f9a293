"""Rich display of plans, step progress and goal attainment (HTML and Markdown).

The records' ``_repr_html_``, ``_repr_markdown_`` and ``_display_html_`` methods call the
functions here. They show ids, categories, statuses, dates and numbers only; a record's
text (a concern's words, a goal's statement) appears only through
[`show`][strengthmodel.show] with ``include_sensitive=True``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Final

from strengthmodel._fields import sensitive_fields
from strengthmodel._html import escape, markdown_escape, root, table
from strengthmodel.plans.progress import StepProgress, StepStatus, next_steps, progress
from strengthmodel.plans.registry import REGISTRY
from strengthmodel.steps.process import Step

if TYPE_CHECKING:
    from strengthmodel.plans.outcomes import GoalAttainment
    from strengthmodel.plans.plan import Plan

__all__ = [
    "MAX_RECORD_ROWS",
    "goal_attainment_html",
    "plan_html",
    "plan_markdown",
    "step_progress_html",
    "step_progress_markdown",
]

_STATUS_TEXT: Final = {
    StepStatus.SUFFICIENT: "sufficient",
    StepStatus.IN_PROGRESS: "in progress",
    StepStatus.NOT_STARTED: "not started",
}

MAX_RECORD_ROWS: Final = 200
"""The most records a plan's display lists by id (the counts cover them all)."""


def _badge(item: StepProgress) -> str:
    status = item.status
    tip = f"{item.step.title}: {_STATUS_TEXT[status]}"
    if item.missing:
        tip += f"; missing: {'; '.join(item.missing)}"
    return (
        f'<span class="badge {status.value}" title="{escape(tip)}">'
        f"{item.step.number} {escape(item.step.title)}</span>"
    )


def _counts(plan: Plan) -> list[tuple[str, int]]:
    """(collection, count) for each collection that holds records, in plan order."""
    counts = [(r.collection, len(getattr(plan, r.collection))) for r in REGISTRY]
    counts.append(("coping_links", len(plan.coping_links)))
    return [(name, n) for name, n in counts if n]


def _label(record: object) -> str | None:
    """The record's first sensitive text (a concern's words, a goal's statement)."""
    for name in sensitive_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, str):
            return value
    return None


def _text_cell(record: object, include_sensitive: bool) -> str:
    """A record's text when asked for, "withheld" when not, "-" when it has none."""
    if include_sensitive:
        text = _label(record)
        return "-" if text is None else escape(text)
    if sensitive_fields(type(record)):
        return '<span class="muted">withheld</span>'
    return "-"


def _safety_concern(plan: Plan) -> str:
    """The alert for critical answers (stored as flags, SM108), by ids only; or nothing."""
    flagged = [(a.id, ", ".join(f.item for f in a.flags)) for a in plan.assessments if a.flags]
    if not flagged:
        return ""
    return (
        '<div role="alert"><b>Safety concern:</b> '
        + "; ".join(
            f"assessment <code>{escape(aid)}</code> has a critical answer ({escape(items)})"
            for aid, items in flagged
        )
        + ". Follow up now.</div>"
    )


def plan_html(plan: Plan, *, include_sensitive: bool = False) -> str:
    """A plan as HTML: pseudonym, revision, step badges, record counts, what to do next.

    A safety concern (a critical answer in an assessment) comes first, before anything else.

    Args:
        plan: The plan.
        include_sensitive: Also list each record with its text (a concern's words, a
            goal's statement, a support's name). Off by default: records are listed by
            id only.
    """
    report = progress(plan)
    badges = "".join(_badge(report[step]) for step in Step)
    suggestions = next_steps(plan)
    if suggestions:
        first = suggestions[0]
        upcoming = (
            f"<div>Next: <b>{first.step.number}. {escape(first.step.title)}</b> "
            f'<span class="muted">({escape(first.reason)})</span></div>'
        )
    else:
        upcoming = "<div>Every step is sufficient.</div>"
    counts = _counts(plan)
    total = sum(n for name, n in counts if name != "coping_links")
    tally = (
        '<div class="badges">'
        + "".join(
            f'<span class="count">{escape(name.replace("_", " "))} <b>{n}</b></span>'
            for name, n in counts
        )
        + "</div>"
        if counts
        else '<div class="muted">No records yet.</div>'
    )
    records = ""
    if total:
        rows = [
            (
                escape(record.kind),
                f"<code>{escape(record.id)}</code>",
                _text_cell(record, include_sensitive),
            )
            for record in itertools.islice(plan.records(), MAX_RECORD_ROWS)
        ]
        more = (
            f'<div class="muted">and {total - MAX_RECORD_ROWS} more</div>'
            if total > MAX_RECORD_ROWS
            else ""
        )
        records = (
            f"<details><summary>{total} records by id</summary>"
            + table(("kind", "id", "text"), rows)
            + more
            + "</details>"
        )
    stage = "" if plan.stage is None else f", stage: {escape(plan.stage.value)}"
    meta = (
        f"<div>client <code>{escape(plan.client.pseudonym)}</code>, revision {plan.revision}"
        f"{stage}</div>"
    )
    return root(
        f"Plan {plan.id}",
        (
            _safety_concern(plan),
            meta,
            f'<div class="badges">{badges}</div>',
            upcoming,
            tally,
            records,
        ),
    )


def plan_markdown(plan: Plan) -> str:
    """A plan as Markdown: the same summary as the HTML, without any record text."""
    report = progress(plan)
    md = markdown_escape
    lines = [
        f"**Plan {md(plan.id)}**, client `{plan.client.pseudonym}`, revision {plan.revision}",
        "",
        "| step | status |",
        "|---|---|",
        *(f"| {s.number}. {md(s.title)} | {_STATUS_TEXT[report[s].status]} |" for s in Step),
        "",
    ]
    suggestions = next_steps(plan)
    if suggestions:
        first = suggestions[0]
        lines.append(f"Next: {first.step.number}. {md(first.step.title)} ({md(first.reason)})")
    else:
        lines.append("Every step is sufficient.")
    counts = _counts(plan)
    if counts:
        lines += [
            "",
            "Records: " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts),
        ]
    return "\n".join(lines) + "\n"


def step_progress_html(item: StepProgress) -> str:
    """One step's status with the criteria met and missing."""
    rows = [("met", escape(text)) for text in item.met] + [
        ("missing", escape(text)) for text in item.missing
    ]
    return root(
        f"Step {item.step.number}: {item.step.title}",
        (
            f'<div class="badges">{_badge(item)}</div>',
            table(("", "criterion"), rows) if rows else "",
        ),
    )


def step_progress_markdown(item: StepProgress) -> str:
    """One step's status with the criteria met and missing, as Markdown."""
    md = markdown_escape
    lines = [
        f"**Step {item.step.number}: {md(item.step.title)}** ({_STATUS_TEXT[item.status]})",
        "",
        *(f"- [x] {md(text)}" for text in item.met),
        *(f"- [ ] {md(text)}" for text in item.missing),
    ]
    return "\n".join(lines) + "\n"


def goal_attainment_html(result: GoalAttainment) -> str:
    """A GAS result: T-score, baseline and change, and each goal's part in it."""
    head = (
        f"<div>T-score <b>{result.t_score:.1f}</b> (baseline {result.baseline_t_score:.1f}, "
        f"change {result.change:+.1f}; ρ = {result.rho:g})</div>"
    )
    goals = table(
        ("goal", "weight", "baseline", "level"),
        [
            (
                f"<code>{escape(g.goal_id)}</code>",
                str(g.weight),
                f"{g.baseline:+d}",
                f"{g.level:+d}",
            )
            for g in result.goals
        ],
        numeric=(1, 2, 3),
    )
    return root(f"Goal attainment on {result.on.isoformat()}", (head, goals))
