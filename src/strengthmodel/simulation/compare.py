"""Compare two plans on the same simulated clients (common random numbers).

Both arms share every client's draws and every trigger's weekly exposure draws, so a
plan compared with itself differs by exactly zero, and the paired per-client
differences give tight confidence intervals for what a change to a plan buys.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel.errors import SimulationError
from strengthmodel.plans.plan import Plan
from strengthmodel.simulation.parameters import SimulationParameters
from strengthmodel.simulation.results import SimulationResult, _pandas
from strengthmodel.simulation.run import simulate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "compare"]

_METRICS = (
    "lapse_risk",
    "relapse_risk",
    "mean_lapses",
    "mean_relapses",
    "final_self_efficacy",
    "final_gas_t",
)


class Comparison:
    """Plan B against plan A, client by client.

    Attributes:
        result: The simulation of both arms (plan 0 is A, plan 1 is B).
        confidence: Confidence level of the intervals.
    """

    def __init__(self, result: SimulationResult, *, confidence: float = 0.95) -> None:
        """Wrap a two-plan result (use [`compare`][strengthmodel.compare] to get one)."""
        if len(result.plan_ids) != 2:
            msg = f"a comparison needs two plans, got {len(result.plan_ids)}"
            raise SimulationError(msg)
        level: object = confidence
        if not (isinstance(level, float) and 0.0 < level < 1.0):
            msg = (
                "expected a confidence level between 0 and 1, got "
                f"{describe_value(confidence, number=True)}"
            )
            raise SimulationError(msg)
        self.result = result
        self.confidence = confidence

    def __repr__(self) -> str:
        """Sizes only."""
        return f"Comparison(clients={self.result.clients_per_plan}, weeks={self.result.weeks})"

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel.simulation._display import comparison_html

        return comparison_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    def _per_client(self, metric: str) -> NDArray[np.float64]:
        r = self.result
        if metric == "lapse_risk":
            return (~np.isnan(r.client_array("first_lapse_week"))).astype(float)
        if metric == "relapse_risk":
            return (~np.isnan(r.client_array("first_relapse_week"))).astype(float)
        return r.client_array(metric.removeprefix("mean_"))

    @property
    def differences(self) -> pd.DataFrame:
        """One row per outcome: A, B, the paired difference B - A and its interval.

        Columns ``metric`` (``lapse_risk``, ``relapse_risk``, ``mean_lapses``,
        ``mean_relapses``, ``final_self_efficacy``, ``final_gas_t``), ``a``, ``b``,
        ``difference``, ``lower``, ``upper`` (normal interval of the mean of the
        per-client differences). Rows whose outcome is undefined (no goals) are
        left out.
        """
        pd = _pandas()
        z = NormalDist().inv_cdf(0.5 + self.confidence / 2)
        rows: list[dict[str, Any]] = []
        n = self.result.clients_per_plan
        for metric in _METRICS:
            values = self._per_client(metric)
            if np.isnan(values).any():
                continue
            d = values[1] - values[0]
            mean = float(d.mean())
            half = z * float(d.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
            rows.append(
                {
                    "metric": metric,
                    "a": float(values[0].mean()),
                    "b": float(values[1].mean()),
                    "difference": mean,
                    "lower": mean - half,
                    "upper": mean + half,
                }
            )
        return pd.DataFrame(rows)

    def summary(self) -> pd.DataFrame:
        """The same as [`differences`][strengthmodel.Comparison.differences]."""
        return self.differences


def compare(
    plan_a: Plan,
    plan_b: Plan,
    *,
    clients: int = 1000,
    weeks: int = 52,
    seed: int = 0,
    parameters: SimulationParameters | None = None,
    executor: Executor | None = None,
    progress: bool = False,
    chunk_size: int | None = None,
    workers: int = 1,
    confidence: float = 0.95,
) -> Comparison:
    """Simulate two plans on the same clients and compare them pairwise.

    Takes the same options as [`simulate`][strengthmodel.simulate]. With common
    random numbers, ``compare(p, p)`` gives exactly zero difference.

    Args:
        plan_a: The reference plan.
        plan_b: The plan to compare with it.
        clients: Simulated clients (the same clients in both arms).
        weeks: Weeks to simulate.
        seed: The seed.
        parameters: The model's parameters.
        executor: Where to run chunks.
        progress: Show a progress bar on standard error.
        chunk_size: Clients per chunk of work.
        workers: Processes to run on, as for [`simulate`][strengthmodel.simulate].
        confidence: Confidence level of the intervals.

    Returns:
        The comparison; see [`Comparison.differences`][strengthmodel.Comparison.differences].

    Examples:
        >>> import strengthmodel as sm
        >>> from strengthmodel.demo import demo_plan
        >>> plan = demo_plan()
        >>> c = sm.compare(plan, plan, clients=100, weeks=10)
        >>> float(c.differences[["difference", "lower", "upper"]].abs().to_numpy().max())
        0.0
    """
    result = simulate(
        [plan_a, plan_b],
        clients=clients,
        weeks=weeks,
        seed=seed,
        parameters=parameters,
        executor=executor,
        progress=progress,
        chunk_size=chunk_size,
        workers=workers,
    )
    return Comparison(result, confidence=confidence)
