"""Parameter sweeps: one simulation per point of a grid, on any executor.

Each grid point is an independent task, so a sweep spreads over a local process pool,
threads, or a Dask cluster (``distributed.Client.get_executor()``) unchanged; every
point uses the same seed, so points differ only by their parameters (common random
numbers across the grid).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import attrs

from strengthmodel._describe import describe_value, looks_like_a_field_name
from strengthmodel.errors import SimulationError
from strengthmodel.plans.plan import Plan
from strengthmodel.simulation.engine import BLOCK_SIZE, run_chunk
from strengthmodel.simulation.inputs import PlanInputs, plan_inputs
from strengthmodel.simulation.parameters import SimulationParameters
from strengthmodel.simulation.results import SimulationResult, _pandas
from strengthmodel.simulation.run import (
    MAX_CLIENTS,
    MAX_WEEKS,
    MAX_WORKERS,
    check_int,
    checked_parameters,
    kept_pool,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["sweep"]


def _point(
    inputs: PlanInputs, params: SimulationParameters, clients: int, weeks: int, seed: int
) -> dict[str, Any]:
    """Simulate one grid point serially and return its summary row."""
    chunk = run_chunk(
        inputs,
        params,
        seed=seed,
        weeks=weeks,
        clients=clients,
        first_block=0,
        last_block=math.ceil(clients / BLOCK_SIZE),
    )
    result = SimulationResult.from_chunks(
        plan_ids=(inputs.plan_id,),
        chunks=[[chunk]],
        clients=clients,
        weeks=weeks,
        seed=seed,
        parameters=params,
    )
    row: dict[str, Any] = result.summary().iloc[0].to_dict()
    return row


def _shown_name(name: object) -> str:
    """A grid key: named when it is written like a parameter (a typo), else described."""
    return repr(name) if looks_like_a_field_name(name) else f"({describe_value(name)})"


def sweep(
    plan: Plan,
    grid: Mapping[str, Sequence[Any]],
    *,
    executor: Executor | None = None,
    clients: int = 1000,
    weeks: int = 52,
    seed: int = 0,
    parameters: SimulationParameters | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Simulate a plan at every point of a parameter grid.

    Args:
        plan: The plan.
        grid: Parameter name to the values to try, e.g.
            ``{"lapse_scale": [0.5, 1, 2], "self_efficacy_loss": [0.1, 0.3]}``; every
            combination is run (the Cartesian product, in the order given).
        executor: Where to run the points (any ``concurrent.futures.Executor``); in
            this process when not given.
        clients: Simulated clients per point.
        weeks: Weeks to simulate.
        seed: The seed (the same for every point).
        parameters: The parameters the grid varies (default: ``SimulationParameters()``).
        workers: Without an ``executor``, run the points on this many processes (the
            pool [`simulate`][strengthmodel.simulate] keeps between calls); 1, the
            default, runs them in this process. The table is the same either way.

    Returns:
        One row per grid point: the grid's columns, then the columns of
        [`SimulationResult.summary`][strengthmodel.SimulationResult.summary].

    Raises:
        SimulationError: An unknown parameter name or an empty grid.
        ValidationError: A grid value is not allowed for its parameter.

    Examples:
        >>> import strengthmodel as sm
        >>> from strengthmodel.demo import demo_plan
        >>> table = sm.sweep(demo_plan(), {"lapse_scale": [0.5, 2.0]}, clients=300, weeks=26)
        >>> bool(table["lapse_risk"].is_monotonic_increasing)
        True
    """
    pd = _pandas()
    clients = check_int("clients", clients, 1, MAX_CLIENTS)
    weeks = check_int("weeks", weeks, 1, MAX_WEEKS)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    workers = check_int("workers", workers, 1, MAX_WORKERS)
    base = checked_parameters(parameters)
    given: object = grid
    if not isinstance(given, Mapping):
        msg = f"expected a grid: a mapping of parameter names to values, got {type(given).__name__}"
        raise SimulationError(msg)
    if not given:
        raise SimulationError("the grid is empty: give at least one parameter and its values")
    known = {f.name for f in attrs.fields(SimulationParameters)}
    unknown = sorted(set(grid) - known)
    if unknown:
        msg = (
            f"unknown parameter(s) {', '.join(map(_shown_name, unknown))}; "
            f"expected names of SimulationParameters fields"
        )
        raise SimulationError(msg)
    for name, values in grid.items():
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            shown = describe_value(values, number=True)
            kind: object = type(values)
            one = f"[{shown}]" if kind in (int, float) else "it in a list"
            msg = (
                f"grid[{name!r}]: expected a list of values to try, got {shown} "
                f"(for one value, pass {one})"
            )
            raise SimulationError(msg)
    names = list(grid)
    points = [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]
    if not points:
        raise SimulationError("the grid has no points (a parameter has no values)")
    variants = [attrs.evolve(base, **point) for point in points]
    inputs = plan_inputs(plan)
    if executor is None and workers > 1 and len(variants) > 1:
        executor = kept_pool(workers)
    if executor is None:
        rows = [_point(inputs, p, clients, weeks, seed) for p in variants]
    else:
        futures = [executor.submit(_point, inputs, p, clients, weeks, seed) for p in variants]
        rows = [f.result() for f in futures]
    return pd.DataFrame([{**point, **row} for point, row in zip(points, rows, strict=True)])
