"""Calibrate the model: fit exposure and lapse scales to a time-to-first-lapse curve.

The target is a survival curve (the share of clients still without a lapse, week by
week): from observed times to first lapse (Kaplan-Meier, with censoring), from a
published curve given as points, or from another simulation. ``scipy.optimize``
searches the scales on a log scale; every evaluation uses the same seed (common random
numbers), so the objective is deterministic.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from concurrent.futures import Executor

import attrs
import numpy as np
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel.errors import Problem, SimulationError, ValidationError
from strengthmodel.plans.plan import Plan
from strengthmodel.simulation._optional import require
from strengthmodel.simulation.engine import SUMS
from strengthmodel.simulation.parameters import SimulationParameters
from strengthmodel.simulation.results import SimulationResult, kaplan_meier, survival_curve
from strengthmodel.simulation.run import checked_parameters, simulate

__all__ = ["FitResult", "SurvivalTarget", "fit"]

_SCALES = ("exposure_scale", "lapse_scale")
_SIMPLEX_STEP = 0.5  # in log scale


@attrs.frozen(kw_only=True)
class SurvivalTarget:
    """A time-to-first-lapse curve to fit: the share without a lapse at given weeks.

    Attributes:
        weeks: Weeks (1 or more), increasing.
        survival: Share of clients still without a lapse at each week, 0 to 1.
    """

    weeks: tuple[int, ...]
    survival: tuple[float, ...]

    def __attrs_post_init__(self) -> None:
        """Check the curve."""
        for name in ("weeks", "survival"):
            if type(getattr(self, name)) is not tuple:
                got = type(getattr(self, name)).__name__
                problem = Problem(f"SurvivalTarget.{name}", f"expected a tuple, got {got}")
                raise ValidationError([problem])
        problems = []
        if not self.weeks or len(self.weeks) != len(self.survival):
            problems.append(
                Problem("weeks", "expected one or more weeks, as many as survival values")
            )
        if any(type(w) is not int or w < 1 for w in self.weeks) or list(self.weeks) != sorted(
            set(self.weeks)
        ):
            problems.append(
                Problem(
                    "weeks",
                    "expected increasing whole weeks from 1, got "
                    f"{describe_value(self.weeks, number=True)}",
                )
            )
        shares: tuple[object, ...] = self.survival
        if any(
            not isinstance(s, float | int) or not math.isfinite(s) or not 0 <= s <= 1
            for s in shares
        ):
            problems.append(
                Problem(
                    "survival",
                    "expected shares from 0 to 1, got "
                    f"{describe_value(self.survival, number=True)}",
                )
            )
        elif any(later > earlier for earlier, later in itertools.pairwise(self.survival)):
            problems.append(
                Problem(
                    "survival",
                    "expected a curve that never rises (a client who has lapsed stays "
                    f"lapsed), got {describe_value(self.survival, number=True)}",
                )
            )
        if problems:
            raise ValidationError(Problem(f"SurvivalTarget.{p.path}", p.message) for p in problems)

    @classmethod
    def from_points(cls, points: Sequence[tuple[int, float]]) -> SurvivalTarget:
        """A published curve as ``(week, share without a lapse)`` points.

        Examples:
            >>> SurvivalTarget.from_points([(12, 0.7), (52, 0.4)]).weeks
            (12, 52)
        """
        try:
            weeks, survival = zip(*points, strict=True)
            shares = tuple(float(s) for s in survival)
        except (TypeError, ValueError) as error:
            raise SimulationError("expected (week, share without a lapse) pairs") from error
        return cls(weeks=tuple(weeks), survival=shares)

    @classmethod
    def from_observations(
        cls, weeks: Sequence[float], observed: Sequence[bool], *, horizon: int | None = None
    ) -> SurvivalTarget:
        """Observed times to first lapse, with censoring (Kaplan-Meier).

        Args:
            weeks: Per client, the week of the first lapse, or the last week followed
                when no lapse was seen.
            observed: Per client, whether a lapse was seen (False: censored).
            horizon: The last week of the curve (default: the longest time given).
        """
        try:
            times = np.asarray(weeks, dtype=float)
            seen = np.asarray(observed, dtype=bool)
        except (TypeError, ValueError) as error:
            msg = "expected numbers of weeks and true/false observed flags"
            raise SimulationError(msg) from error
        if times.ndim != 1 or times.shape != seen.shape or not len(times):
            raise SimulationError("expected as many observed flags as weeks, at least one")
        if not np.all(np.isfinite(times)) or np.any(times <= 0):
            raise SimulationError("expected weeks above 0")
        last = math.ceil(times.max()) if horizon is None else horizon
        if type(last) is not int or last < 1:
            msg = (
                f"expected a horizon of 1 week or more, got {describe_value(horizon, number=True)}"
            )
            raise SimulationError(msg)
        grid = np.arange(1, last + 1, dtype=float)
        surv, _, _ = kaplan_meier(times, seen, grid)
        return cls(weeks=tuple(range(1, last + 1)), survival=tuple(float(s) for s in surv))

    @classmethod
    def from_result(cls, result: SimulationResult, *, plan: int = 0) -> SurvivalTarget:
        """The lapse-free curve of a simulation (for example, to check a fit)."""
        times = result.client_array("first_lapse_week")[plan]
        grid = np.arange(1, result.weeks + 1, dtype=float)
        surv, _, _ = survival_curve(times, result.weeks, grid)
        return cls(weeks=tuple(range(1, result.weeks + 1)), survival=tuple(float(s) for s in surv))


@attrs.frozen(kw_only=True)
class FitResult:
    """The outcome of [`fit`][strengthmodel.fit].

    Attributes:
        parameters: The fitted parameters (the input parameters with the fitted scales).
        error: Root mean square difference between the fitted and target curves.
        success: Whether the fit reached the target: the optimizer converged and the
            error is at most the ``tolerance`` given to [`fit`][strengthmodel.fit].
        message: The optimizer's message, and why the fit failed when it did.
        evaluations: How many simulations the fit ran.
        target: The target curve.
        fitted: The fitted model's survival at the target's weeks.
    """

    parameters: SimulationParameters
    error: float
    success: bool
    message: str
    evaluations: int
    target: SurvivalTarget
    fitted: tuple[float, ...]


def _with_scales(base: SimulationParameters, scales: dict[str, float]) -> SimulationParameters:
    return attrs.evolve(
        base,
        exposure_scale=scales.get("exposure_scale", base.exposure_scale),
        lapse_scale=scales.get("lapse_scale", base.lapse_scale),
    )


def _as_target(target: object) -> SurvivalTarget:
    if isinstance(target, SurvivalTarget):
        return target
    if isinstance(target, SimulationResult):
        return SurvivalTarget.from_result(target)
    if isinstance(target, Sequence) and not isinstance(target, str | bytes):
        return SurvivalTarget.from_points(target)
    msg = (
        f"expected a SurvivalTarget, (week, share) points or a SimulationResult, "
        f"got {type(target).__name__}"
    )
    raise SimulationError(msg)


def fit(
    plan: Plan,
    *,
    target: SurvivalTarget | Sequence[tuple[int, float]] | SimulationResult,
    vary: Sequence[str] = _SCALES,
    clients: int = 2000,
    seed: int = 0,
    parameters: SimulationParameters | None = None,
    executor: Executor | None = None,
    bounds: tuple[float, float] = (0.01, 50.0),
    tolerance: float = 0.05,
) -> FitResult:
    """Fit the exposure and lapse scales so the time-to-first-lapse curve matches a target.

    Minimises the root mean square difference between the simulated share without a
    lapse and the target, at the target's weeks, over the logarithm of each scale
    (``scipy.optimize.minimize_scalar`` for one scale, Nelder-Mead for two).

    With only times to first lapse the two scales are nearly interchangeable (the
    hazard depends mostly on their product); fit one (``vary=("lapse_scale",)``)
    unless you have a reason to fit both.

    Args:
        plan: The plan.
        target: The curve to match.
        vary: Which scales to fit: ``exposure_scale``, ``lapse_scale`` or both.
        clients: Simulated clients per evaluation.
        seed: The seed (the same for every evaluation).
        parameters: The starting parameters (default: ``SimulationParameters()``).
        executor: Where to run each evaluation's chunks.
        bounds: Lowest and highest value of a scale.
        tolerance: The largest error (root mean square difference of the shares
            without a lapse) that counts as reaching the target; above it, or with a
            scale stuck at a bound, ``success`` is false and ``message`` says why.

    Returns:
        The fitted parameters and the fit's error.

    Raises:
        SimulationError: Bad target, unknown scale name, or bad bounds.
    """
    optimize = require("scipy.optimize")

    goal = _as_target(target)
    names = tuple(vary)
    if not names or len(set(names)) != len(names) or not set(names) <= set(_SCALES):
        msg = f"expected vary to name one or both of {', '.join(_SCALES)}"
        raise SimulationError(msg)
    low, high = bounds
    if not (0 < low < high <= 100):
        msg = (
            "expected bounds 0 < low < high <= 100, got "
            f"{describe_value(low, number=True)} and {describe_value(high, number=True)}"
        )
        raise SimulationError(msg)
    given: object = tolerance
    if (
        not isinstance(given, float | int)
        or isinstance(given, bool)
        or not (math.isfinite(given) and given >= 0)
    ):
        msg = f"expected a tolerance of 0 or more, got {describe_value(tolerance, number=True)}"
        raise SimulationError(msg)
    base = checked_parameters(parameters)
    weeks = goal.weeks[-1]
    index = np.asarray(goal.weeks) - 1
    wanted = np.asarray(goal.survival)
    evaluations = 0

    def curve(logs: NDArray[np.float64]) -> NDArray[np.float64]:
        nonlocal evaluations
        evaluations += 1
        values = {n: float(np.clip(np.exp(x), low, high)) for n, x in zip(names, logs, strict=True)}
        result = simulate(
            plan,
            clients=clients,
            weeks=weeks,
            seed=seed,
            parameters=_with_scales(base, values),
            executor=executor,
        )
        lapse_free = result._weekly_sums[0, :, SUMS.index("lapse_free")] / clients  # noqa: SLF001 - same package
        return np.asarray(lapse_free[index], dtype=float)

    def loss(logs: NDArray[np.float64]) -> float:
        return float(np.sqrt(np.mean((curve(logs) - wanted) ** 2)))

    start = np.log([getattr(base, n) or 1.0 for n in names])
    bounds_log = (math.log(low), math.log(high))
    if len(names) == 1:
        found = optimize.minimize_scalar(
            lambda x: loss(np.array([x])),
            bounds=bounds_log,
            method="bounded",
            options={"xatol": 1e-3},
        )
        best = np.array([found.x])
    else:
        # With common random numbers the loss is a fine step function: start from a wide
        # simplex (a factor of about 1.6 on each scale), or the search never moves.
        first = np.clip(start, *bounds_log)
        simplex = np.clip(
            np.vstack([first, first + np.eye(len(names)) * _SIMPLEX_STEP]), *bounds_log
        )
        found = optimize.minimize(
            loss,
            first,
            method="Nelder-Mead",
            bounds=[bounds_log] * len(names),
            options={"xatol": 1e-2, "fatol": 1e-5, "initial_simplex": simplex, "maxfev": 200},
        )
        best = np.asarray(found.x)
    fitted_values = {
        n: float(np.clip(np.exp(x), low, high)) for n, x in zip(names, best, strict=True)
    }
    fitted = curve(best)
    error = float(np.sqrt(np.mean((fitted - wanted) ** 2)))
    reasons = [str(found.message)]
    if error > tolerance:
        reasons.append(f"the target is not reached: error {error:.4g} > tolerance {tolerance:g}")
    stuck = [n for n, v in fitted_values.items() if math.isclose(v, low) or math.isclose(v, high)]
    if stuck:
        reasons.append(f"{', '.join(stuck)} at a bound of {bounds!r}")
    return FitResult(
        parameters=_with_scales(base, fitted_values),
        error=error,
        success=bool(found.success) and error <= tolerance and not stuck,
        message="; ".join(reasons),
        evaluations=evaluations,
        target=goal,
        fitted=tuple(float(v) for v in fitted),
    )
