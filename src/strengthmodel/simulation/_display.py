"""Rich display of simulation results and comparisons (HTML with inline SVG).

The survival curves are drawn as plain SVG from the result's own tables: no matplotlib.
Plans appear by id; the simulation holds no client text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from strengthmodel._html import escape, number, root, table

if TYPE_CHECKING:
    from strengthmodel.simulation.compare import Comparison
    from strengthmodel.simulation.results import SimulationResult

__all__ = ["comparison_html", "simulation_result_html"]

_PALETTE: Final = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


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
            f'aria-label="share of clients without a {escape(event)}, by week">'
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
        f"share without a {escape(event)}</text>"
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
            f'fill="currentColor">{escape(label)}</text>'
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
            f"<code>{escape(plan_id)}</code>",
            *(
                number(_float(summary[column].iloc[p]), digits)
                for column, _, digits in _SUMMARY_COLUMNS
            ),
        )
        for p, plan_id in enumerate(result.plan_ids)
    ]
    figures = table(
        ("plan", *(label for _, label, _ in _SUMMARY_COLUMNS)),
        rows,
        numeric=tuple(range(1, len(_SUMMARY_COLUMNS) + 1)),
    )
    svg = _survival_svg(result.survival("lapse"), result.plan_ids, result.weeks, "lapse")
    title = (
        f"Simulation: {len(result.plan_ids)} plans x {result.clients_per_plan} clients, "
        f"{result.weeks} weeks, seed {result.seed}"
    )
    return root(title, (figures, f"<div>{svg}</div>"))


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
            escape(_METRIC_LABELS.get(str(row["metric"]), str(row["metric"]))),
            number(_float(row["a"]), 3),
            number(_float(row["b"]), 3),
            number(_float(row["difference"]), 3),
            f"{number(_float(row['lower']), 3)} to {number(_float(row['upper']), 3)}",
        )
        for row in comparison.differences.to_dict("records")
    ]
    a, b = result.plan_ids
    differences = table(
        (
            "outcome",
            f"A <code>{escape(a)}</code>",
            f"B <code>{escape(b)}</code>",
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
    return root(title, (differences, f"<div>{svg}</div>"))
