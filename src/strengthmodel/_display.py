"""Rich display in Jupyter: HTML and Markdown reprs of plans, graphs, reviews and results.

IPython shows an object with its ``_repr_html_`` (or ``_repr_markdown_``) when it has
one; the library's classes define those as one-line methods that call the functions
here, so this module holds every piece of markup in one place.

The output is safe by default, like every other output of the library:

- it shows ids, categories, statuses, dates and numbers only; sensitive text (names,
  contact details, the client's words) appears only through
  [`show`][strengthmodel.show] with ``include_sensitive=True``;
- every interpolated string is escaped with ``html.escape`` (quotes included), and the
  markup is well-formed XML, so it can be parsed as well as displayed;
- it is self-contained: a little inline CSS and inline SVG, no scripts, nothing loaded
  from the network. The coping graph is drawn with matplotlib when it is installed
  (the ``plot`` extra), else shown as a table of triggers and their ranked strategies.
"""

from __future__ import annotations

import html
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import sensitive_fields
from strengthmodel.errors import StrengthModelError
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import StepProgress, StepStatus, next_steps, progress
from strengthmodel.plans.registry import REGISTRY
from strengthmodel.steps.process import Step

if TYPE_CHECKING:
    from strengthmodel.coping import CopingGraph
    from strengthmodel.findings import Finding
    from strengthmodel.measures.instruments import InstrumentScore
    from strengthmodel.plans.outcomes import GoalAttainment
    from strengthmodel.simulation import Comparison, SimulationResult

__all__ = [
    "Shown",
    "comparison_html",
    "coping_graph_html",
    "finding_html",
    "findings_html",
    "findings_markdown",
    "goal_attainment_html",
    "instrument_score_html",
    "plan_html",
    "plan_markdown",
    "show",
    "simulation_result_html",
    "step_progress_html",
    "step_progress_markdown",
]

# Scoped to the output's root element (class "sm"), so nothing leaks into the page; colours
# keep their meaning on light and dark notebook themes.
_STYLE: Final = (
    "<style>"
    ".sm{font-family:system-ui,sans-serif;font-size:13px;line-height:1.4}"
    ".sm table.grid{border-collapse:collapse;margin:4px 0;font-size:inherit;display:table}"
    ".sm th,.sm td{border:1px solid #8884;padding:2px 8px;text-align:left}"
    ".sm .num{text-align:right;font-variant-numeric:tabular-nums}"
    ".sm code{white-space:nowrap}"
    ".sm .badges{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}"
    ".sm .badge{border-radius:10px;padding:1px 9px;border:1px solid #8886;white-space:nowrap}"
    ".sm .count{padding:1px 6px;border-bottom:1px solid #8886}"
    ".sm .sufficient{background:#1b9e7733}"
    ".sm .in-progress{background:#e6ab0240}"
    ".sm .not-started{background:#8881}"
    ".sm .concern{background:#d9020233}"
    ".sm .warning{background:#e6ab0240}"
    ".sm .info{background:#3b82f626}"
    ".sm .muted{opacity:.7}"
    "</style>"
)

_STATUS_TEXT: Final = {
    StepStatus.SUFFICIENT: "sufficient",
    StepStatus.IN_PROGRESS: "in progress",
    StepStatus.NOT_STARTED: "not started",
}

_PALETTE: Final = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


# Characters that neither XML 1.0 nor HTML allows in text: control characters (tab and
# line breaks aside), lone surrogates and the noncharacters U+FFFE and U+FFFF.
_UNSAFE_CHARS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _e(value: object) -> str:
    """Escape any value for HTML text and attributes (quotes included).

    Characters no document may hold become U+FFFD, so the markup always parses.
    """
    return html.escape(_UNSAFE_CHARS.sub("\ufffd", str(value)), quote=True)


def _root(title: str, body: Iterable[str]) -> str:
    """Wrap a repr's body in the scoped root element, with its heading."""
    return f'<div class="sm">{_STYLE}<strong>{_e(title)}</strong>{"".join(body)}</div>'


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table of already-escaped cells; ``numeric`` are the right-aligned columns."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    # A class of its own keeps host styles for bare tables (table:not([class])) off it.
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _number(value: float | None, digits: int = 2) -> str:
    """A number for a table: fixed decimals, ``n/a`` when missing."""
    if value is None or math.isnan(value):
        return "n/a"
    if type(value) is int:
        return str(value)
    return f"{value:.{digits}f}"


# --- plans -------------------------------------------------------------------------------


def _badge(item: StepProgress) -> str:
    status = item.status
    tip = f"{item.step.title}: {_STATUS_TEXT[status]}"
    if item.missing:
        tip += f"; missing: {'; '.join(item.missing)}"
    return (
        f'<span class="badge {status.value}" title="{_e(tip)}">'
        f"{item.step.number} {_e(item.step.title)}</span>"
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


MAX_RECORD_ROWS: Final = 200
"""The most records a plan's display lists by id (the counts cover them all)."""


def _text_cell(record: object, include_sensitive: bool) -> str:
    """A record's text when asked for, "withheld" when not, "-" when it has none."""
    if include_sensitive:
        text = _label(record)
        return "-" if text is None else _e(text)
    if sensitive_fields(type(record)):
        return '<span class="muted">withheld</span>'
    return "-"


def plan_html(plan: Plan, *, include_sensitive: bool = False) -> str:
    """A plan as HTML: pseudonym, revision, step badges, record counts, what to do next.

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
            f"<div>Next: <b>{first.step.number}. {_e(first.step.title)}</b> "
            f'<span class="muted">({_e(first.reason)})</span></div>'
        )
    else:
        upcoming = "<div>Every step is sufficient.</div>"
    counts = _counts(plan)
    total = sum(n for name, n in counts if name != "coping_links")
    table = (
        '<div class="badges">'
        + "".join(
            f'<span class="count">{_e(name.replace("_", " "))} <b>{n}</b></span>'
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
                _e(record.kind),
                f"<code>{_e(record.id)}</code>",
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
            + _table(("kind", "id", "text"), rows)
            + more
            + "</details>"
        )
    stage = "" if plan.stage is None else f", stage: {_e(plan.stage.value)}"
    meta = (
        f"<div>client <code>{_e(plan.client.pseudonym)}</code>, revision {plan.revision}"
        f"{stage}</div>"
    )
    # A critical answer is stored as a flag (SM108): shown first, by ids only.
    flagged = [(a.id, ", ".join(f.item for f in a.flags)) for a in plan.assessments if a.flags]
    concern = (
        '<div role="alert"><b>Safety concern:</b> '
        + "; ".join(
            f"assessment <code>{_e(aid)}</code> has a critical answer ({_e(items)})"
            for aid, items in flagged
        )
        + ". Follow up now.</div>"
        if flagged
        else ""
    )
    return _root(
        f"Plan {plan.id}",
        (concern, meta, f'<div class="badges">{badges}</div>', upcoming, table, records),
    )


def _md(value: object) -> str:
    from strengthmodel.rendering import markdown_escape  # noqa: PLC0415 - small, loaded on use

    return markdown_escape(value)


def plan_markdown(plan: Plan) -> str:
    """A plan as Markdown: the same summary as the HTML, without any record text."""
    report = progress(plan)
    lines = [
        f"**Plan {_md(plan.id)}**, client `{plan.client.pseudonym}`, revision {plan.revision}",
        "",
        "| step | status |",
        "|---|---|",
        *(f"| {s.number}. {_md(s.title)} | {_STATUS_TEXT[report[s].status]} |" for s in Step),
        "",
    ]
    suggestions = next_steps(plan)
    if suggestions:
        first = suggestions[0]
        lines.append(f"Next: {first.step.number}. {_md(first.step.title)} ({_md(first.reason)})")
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
    rows = [("met", _e(text)) for text in item.met] + [
        ("missing", _e(text)) for text in item.missing
    ]
    return _root(
        f"Step {item.step.number}: {item.step.title}",
        (
            f'<div class="badges">{_badge(item)}</div>',
            _table(("", "criterion"), rows) if rows else "",
        ),
    )


def step_progress_markdown(item: StepProgress) -> str:
    """One step's status with the criteria met and missing, as Markdown."""
    lines = [
        f"**Step {item.step.number}: {_md(item.step.title)}** ({_STATUS_TEXT[item.status]})",
        "",
        *(f"- [x] {_md(text)}" for text in item.met),
        *(f"- [ ] {_md(text)}" for text in item.missing),
    ]
    return "\n".join(lines) + "\n"


# --- the coping graph --------------------------------------------------------------------


_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
# matplotlib styles every element of the page ("*{...}") from inside its SVG; the same
# properties set on the root are inherited by the drawing alone.
_SVG_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)


def _figure_svg(figure: Any) -> str:  # noqa: ANN401 - matplotlib ships its own types
    """A matplotlib figure as inline SVG: text as text, no metadata, no XML prologue."""
    import matplotlib as mpl  # noqa: PLC0415 - optional

    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "strengthmodel"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    svg = _SVG_STYLE.sub("", _SVG_METADATA.sub("", text[text.index("<svg") :]))
    return svg.replace("<svg ", '<svg style="stroke-linejoin:round;stroke-linecap:butt" ', 1)


def _graph_svg(graph: CopingGraph, *, include_sensitive: bool) -> str | None:
    """The coping graph's ladder drawing as SVG, or None without matplotlib."""
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    # A bare Figure, not pyplot: a repr must not leave a figure for the notebook to show.
    figure = Figure(figsize=(10, 4.5))
    graph.plot(figure.add_subplot(), include_sensitive=include_sensitive)
    return _figure_svg(figure)


def coping_graph_html(
    graph: CopingGraph, *, include_sensitive: bool = False, draw: bool | None = None
) -> str:
    """The coping graph: coverage, the ladder drawing, and each trigger's strategies.

    Args:
        graph: The coping graph.
        include_sensitive: Label triggers, coping skills, strengths and supports with
            their descriptions and names instead of their ids.
        draw: Draw the graph as SVG (needs matplotlib); by default, when matplotlib is
            installed. Without the drawing, the table of strategies is shown open.
    """
    plan = graph.plan
    coverage = graph.coverage()
    summary = (
        f"<div>{coverage.triggers} triggers, {coverage.covered} with a strategy, "
        f"{coverage.reaching_a_person} reaching a person; "
        f"{graph.graph.number_of_nodes()} nodes, {graph.graph.number_of_edges()} edges</div>"
    )
    svg = None
    if draw is not False and graph.graph.number_of_nodes():
        svg = _graph_svg(graph, include_sensitive=include_sensitive)
        if svg is None and draw:
            msg = "drawing the coping graph needs matplotlib: pip install 'strengthmodel[plot]'"
            raise StrengthModelError(msg)
    skills: dict[str, str] = {c.id: c.name for c in plan.coping_skills}
    rows = []
    for trigger in plan.triggers:
        strategies = graph.strategies_for(trigger.id)
        name = f"<code>{_e(trigger.id)}</code>"
        if include_sensitive:
            name += f" {_e(trigger.description)}"
        ranked = (
            "<ol>"
            + "".join(
                f"<li><code>{_e(s.coping_skill_id)}</code>"
                + (f" {_e(skills[s.coping_skill_id])}" if include_sensitive else "")
                + f' <span class="muted">({_e(s.level.value)}, {s.score:.2f})</span></li>'
                for s in strategies
            )
            + "</ol>"
            if strategies
            else '<span class="badge warning">no strategy</span>'
        )
        rows.append((name, _e(trigger.category.value), str(trigger.intensity), ranked))
    table = (
        _table(("trigger", "category", "intensity", "strategies, in order"), rows, numeric=(2,))
        if rows
        else '<div class="muted">No triggers yet.</div>'
    )
    body: tuple[str, ...]
    if svg is not None:
        body = (
            summary,
            f"<div>{svg}</div>",
            f"<details><summary>strategies</summary>{table}</details>",
        )
    else:
        body = (summary, table)
    return _root(f"Coping graph of plan {plan.id}", body)


# --- the review ---------------------------------------------------------------------------


def _finding_row(finding: Finding) -> tuple[str, ...]:
    severity = finding.severity.value
    return (
        f'<span class="badge {_e(severity)}">{_e(severity)}</span>',
        f"<code>{_e(finding.code)}</code>",
        " ".join(f"<code>{_e(r)}</code>" for r in finding.records),
        _e(finding.message),
    )


def findings_html(findings: Sequence[Finding]) -> str:
    """The review's findings as a table: severity, code, records, message."""
    if not findings:
        return _root("Review: no findings", ())
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    tally = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    return _root(
        f"Review: {len(findings)} findings ({tally})",
        (_table(("severity", "code", "records", "message"), [_finding_row(f) for f in findings]),),
    )


def _cell(value: object) -> str:
    """Text for a Markdown table cell: escaped, with its pipes escaped too."""
    return _md(value).replace("|", "\\|")


def findings_markdown(findings: Sequence[Finding]) -> str:
    """The review's findings as a Markdown table."""
    if not findings:
        return "**Review: no findings**\n"
    lines = [
        f"**Review: {len(findings)} findings**",
        "",
        "| severity | code | records | message |",
        "|---|---|---|---|",
        *(
            f"| {f.severity.value} | {_md(f.code)} | {_md(', '.join(f.records))} | "
            f"{_cell(f.message)} |"
            for f in findings
        ),
    ]
    return "\n".join(lines) + "\n"


def finding_html(finding: Finding) -> str:
    """One finding, as a one-row table."""
    return _root(
        f"Finding {finding.code}",
        (_table(("severity", "code", "records", "message"), [_finding_row(finding)]),),
    )


# --- scores and outcomes ------------------------------------------------------------------


def instrument_score_html(score: InstrumentScore) -> str:
    """An instrument's total, band, subscales, critical answers and missing items."""
    parts = [
        f"<div>total <b>{_number(score.total)}</b>"
        + (f", band <b>{_e(score.band)}</b>" if score.band is not None else "")
        + f' <span class="muted">(edition {_e(score.edition)})</span></div>'
    ]
    if score.subscales:
        parts.append(
            _table(
                ("subscale", "score"),
                [(_e(s.id), _number(s.value)) for s in score.subscales],
                numeric=(1,),
            )
        )
    if score.flags:
        parts.append(
            _table(
                ("critical item", "answer", "why it matters"),
                [
                    (
                        f'<span class="badge concern">{_e(f.item)}</span>',
                        str(f.value),
                        _e(f.reason or ""),
                    )
                    for f in score.flags
                ],
                numeric=(1,),
            )
        )
    if score.missing:
        parts.append(f"<div>unanswered: {_e(', '.join(score.missing))}</div>")
    if score.signature:
        parts.append(f"<div>signature items: {_e(', '.join(score.signature))}</div>")
    return _root(f"Score of {score.instrument}", parts)


def goal_attainment_html(result: GoalAttainment) -> str:
    """A GAS result: T-score, baseline and change, and each goal's part in it."""
    head = (
        f"<div>T-score <b>{result.t_score:.1f}</b> (baseline {result.baseline_t_score:.1f}, "
        f"change {result.change:+.1f}; ρ = {result.rho:g})</div>"
    )
    table = _table(
        ("goal", "weight", "baseline", "level"),
        [
            (f"<code>{_e(g.goal_id)}</code>", str(g.weight), f"{g.baseline:+d}", f"{g.level:+d}")
            for g in result.goals
        ],
        numeric=(1, 2, 3),
    )
    return _root(f"Goal attainment on {result.on.isoformat()}", (head, table))


# --- simulation ---------------------------------------------------------------------------


def _survival_svg(curves: Any, labels: Sequence[str], weeks: int, event: str) -> str:  # noqa: ANN401 - a pandas DataFrame
    """Kaplan-Meier step curves with their bands, drawn as plain SVG (no matplotlib).

    ``labels`` has one legend entry per plan, in the order of the ``plan`` column.
    """
    width, height, left, right, top, bottom = 520, 260, 48, 150, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(week: float) -> float:
        return left + plot_w * week / max(weeks, 1)

    def y(share: float) -> float:
        return top + plot_h * (1.0 - share)

    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="share of clients without a {_e(event)}, by week">'
        ),
        (
            f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
            'stroke="#888" stroke-width="1"/>'
        ),
    ]
    parts.extend(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y(share):.1f}" y2="{y(share):.1f}" '
        'stroke="#8883"/>'
        f'<text x="{left - 4}" y="{y(share) + 4:.1f}" font-size="10" text-anchor="end" '
        f'fill="currentColor">{share:g}</text>'
        for share in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    parts.extend(
        f'<text x="{x(week):.1f}" y="{top + plot_h + 14}" font-size="10" '
        f'text-anchor="middle" fill="currentColor">{week}</text>'
        for week in range(0, weeks + 1, max(1, math.ceil(weeks / 5)))
    )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" font-size="11" '
        'text-anchor="middle" fill="currentColor">week</text>'
        f'<text x="12" y="{top + plot_h / 2:.1f}" font-size="11" text-anchor="middle" '
        f'fill="currentColor" transform="rotate(-90 12 {top + plot_h / 2:.1f})">'
        f"share without a {_e(event)}</text>"
    )
    for p, label in enumerate(labels):
        colour = _PALETTE[p % len(_PALETTE)]
        curve = curves[curves["plan"] == p]
        weeks_ = [float(w) for w in curve["week"]]
        surv = [float(s) for s in curve["survival"]]
        low = [float(v) for v in curve["lower"]]
        high = [float(v) for v in curve["upper"]]
        line = _step_points(weeks_, surv)
        band = _step_points(weeks_, high) + _step_points(weeks_, low)[::-1]
        if band:
            parts.append(
                f'<path d="M{_path(band, x, y)} Z" fill="{colour}" fill-opacity="0.18" '
                'stroke="none"/>'
            )
        if line:
            parts.append(
                f'<path d="M{_path(line, x, y)}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        legend_y = top + 14 + 16 * p
        parts.append(
            f'<line x1="{left + plot_w + 10}" x2="{left + plot_w + 26}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="3"/>'
            f'<text x="{left + plot_w + 30}" y="{legend_y}" font-size="11" '
            f'fill="currentColor">{_e(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _path(
    points: Sequence[tuple[float, float]],
    x: Callable[[float], float],
    y: Callable[[float], float],
) -> str:
    return " L".join(f"{x(a):.1f},{y(b):.1f}" for a, b in points)


def _step_points(weeks: Sequence[float], values: Sequence[float]) -> list[tuple[float, float]]:
    """The corners of a right-continuous step function (missing values skipped)."""
    points: list[tuple[float, float]] = []
    for week, value in zip(weeks, values, strict=True):
        if math.isnan(value):
            continue
        if points:
            points.append((week, points[-1][1]))  # hold the previous value until now
        points.append((week, value))
    return points


_SUMMARY_COLUMNS: Final = (
    ("clients", "clients", 0),
    ("lapse_risk", "lapse risk", 3),
    ("relapse_risk", "relapse risk", 3),
    ("mean_lapses", "mean lapses", 2),
    ("median_weeks_to_lapse", "median weeks to lapse", 0),
    ("final_self_efficacy", "final self-efficacy", 3),
    ("final_gas_t", "final GAS T", 1),
)


def simulation_result_html(result: SimulationResult) -> str:
    """A simulation's headline figures per plan and its lapse survival curves."""
    summary = result.summary()
    rows = [
        (
            f"<code>{_e(plan_id)}</code>",
            *(
                _number(_float(summary[column].iloc[p]), digits)
                for column, _, digits in _SUMMARY_COLUMNS
            ),
        )
        for p, plan_id in enumerate(result.plan_ids)
    ]
    table = _table(
        ("plan", *(label for _, label, _ in _SUMMARY_COLUMNS)),
        rows,
        numeric=tuple(range(1, len(_SUMMARY_COLUMNS) + 1)),
    )
    svg = _survival_svg(result.survival("lapse"), result.plan_ids, result.weeks, "lapse")
    title = (
        f"Simulation: {len(result.plan_ids)} plans x {result.clients_per_plan} clients, "
        f"{result.weeks} weeks, seed {result.seed}"
    )
    return _root(title, (table, f"<div>{svg}</div>"))


def _float(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


_METRIC_LABELS: Final = {
    "lapse_risk": "lapse risk",
    "relapse_risk": "relapse risk",
    "mean_lapses": "mean lapses",
    "mean_relapses": "mean relapses",
    "final_self_efficacy": "final self-efficacy",
    "final_gas_t": "final GAS T-score",
}


def comparison_html(comparison: Comparison) -> str:
    """Plan B against plan A: each outcome's paired difference, and the survival curves."""
    result = comparison.result
    level = f"{comparison.confidence:.0%}"
    rows = [
        (
            _e(_METRIC_LABELS.get(str(row["metric"]), str(row["metric"]))),
            _number(_float(row["a"]), 3),
            _number(_float(row["b"]), 3),
            _number(_float(row["difference"]), 3),
            f"{_number(_float(row['lower']), 3)} to {_number(_float(row['upper']), 3)}",
        )
        for row in comparison.differences.to_dict("records")
    ]
    a, b = result.plan_ids
    table = _table(
        (
            "outcome",
            f"A <code>{_e(a)}</code>",
            f"B <code>{_e(b)}</code>",
            "B - A",
            f"{level} interval",
        ),
        rows,
        numeric=(1, 2, 3, 4),
    )
    svg = _survival_svg(result.survival("lapse"), (f"A {a}", f"B {b}"), result.weeks, "lapse")
    title = (
        f"Comparison: {result.clients_per_plan} paired clients, {result.weeks} weeks, "
        f"seed {result.seed}"
    )
    return _root(title, (table, f"<div>{svg}</div>"))


# --- asking to reveal ---------------------------------------------------------------------


@attrs.frozen
class Shown:
    """An object to display with its sensitive text: what [`show`][strengthmodel.show] returns.

    Attributes:
        value: The object shown.
        include_sensitive: Whether its sensitive text is shown.
    """

    value: object
    include_sensitive: bool = False

    def __repr__(self) -> str:
        """The object's own repr: the text stays out of plain-text output."""
        return repr(self.value)

    def _repr_html_(self) -> str:
        from strengthmodel.coping import CopingGraph  # noqa: PLC0415 - networkx on use

        if isinstance(self.value, Plan):
            return plan_html(self.value, include_sensitive=self.include_sensitive)
        if isinstance(self.value, CopingGraph):
            return coping_graph_html(self.value, include_sensitive=self.include_sensitive)
        method = getattr(self.value, "_repr_html_", None)
        if method is None:
            return f"<pre>{_e(repr(self.value))}</pre>"
        return str(method())


def show(value: object, *, include_sensitive: bool = False) -> Shown:
    """Display a plan or coping graph in Jupyter, with its sensitive text if asked.

    Plans and coping graphs show ids, statuses and numbers when they are the last
    expression of a cell; ``show(plan, include_sensitive=True)`` also shows each
    record's text (a concern's words, a goal's statement) and ``show(graph,
    include_sensitive=True)`` labels the drawing with names and descriptions. Other
    objects display as they would on their own.

    Args:
        value: What to display.
        include_sensitive: Show names, contact details and the client's words.

    Returns:
        An object that Jupyter displays (its plain repr is the value's own).

    Examples:
        >>> import strengthmodel as sm
        >>> builder = sm.PlanBuilder("client-1", author="clinician-1")
        >>> plan = builder.add_concern("Can't sleep").build()
        >>> "Can&#x27;t sleep" in sm.show(plan, include_sensitive=True)._repr_html_()
        True
        >>> "sleep" in sm.show(plan)._repr_html_()
        False
    """
    flag: object = include_sensitive
    if type(flag) is not bool:
        from strengthmodel.errors import Problem, ValidationError  # noqa: PLC0415

        raise ValidationError(
            [
                Problem(
                    "include_sensitive",
                    f"expected True or False, got {describe_value(include_sensitive)}",
                )
            ]
        )
    return Shown(value, include_sensitive)
