"""Run a cohort: split it into chunks of blocks, run them anywhere, merge in block order.

[`simulate`][strengthmodel.simulate] is the entry point. Work is split into chunks of
whole blocks (see [`BLOCK_SIZE`][strengthmodel.simulation.engine.BLOCK_SIZE]); chunks
run in this process or on any ``concurrent.futures.Executor`` (threads, processes, or a
Dask cluster through ``distributed.Client.get_executor()``), and their results are merged
in block order, so the result is the same bit for bit however the work was split. Without
an executor, chunks run in the calling thread, or with ``workers`` > 1 on a pool of that
many processes that the library starts on first use and keeps for later calls (threads
help less: the engine makes many short numpy calls, and threads spend time handing the
interpreter lock to each other).
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import os
import sys
import threading
import typing
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

import numpy as np

from strengthmodel._describe import describe_value
from strengthmodel.errors import Problem, SimulationError, ValidationError
from strengthmodel.plans.plan import Plan
from strengthmodel.simulation._optional import require
from strengthmodel.simulation.engine import BLOCK_SIZE, ChunkResult, run_chunk
from strengthmodel.simulation.inputs import PlanInputs, plan_inputs
from strengthmodel.simulation.parameters import SimulationParameters
from strengthmodel.simulation.results import SimulationResult

__all__ = ["MAX_CLIENTS", "MAX_WEEKS", "shutdown_workers", "simulate"]

MAX_CLIENTS = 100_000_000
"""The largest cohort one call simulates."""
MAX_WEEKS = 5200
"""The longest horizon, in weeks (a hundred years)."""

_DEFAULT_CHUNK = 4 * BLOCK_SIZE
MAX_WORKERS = 1024


# The process pools that ``workers`` > 1 runs on, by size, with the process that started
# them (a forked child must not use its parent's pool). Kept between calls: starting a
# spawned pool and importing the engine in it takes about a second, more than a whole
# run of 100,000 clients.
_POOLS: dict[int, tuple[int, ProcessPoolExecutor]] = {}
_POOLS_LOCK = threading.Lock()


def kept_pool(workers: int) -> ProcessPoolExecutor:
    """The library's pool of ``workers`` processes: started on first use, then reused."""
    with _POOLS_LOCK:
        kept = _POOLS.get(workers)
        if kept is None or kept[0] != os.getpid():
            context = multiprocessing.get_context("spawn")  # safe whatever threads run
            kept = (os.getpid(), ProcessPoolExecutor(workers, mp_context=context))
            _POOLS[workers] = kept
        return kept[1]


def _drop_pool(workers: int, pool: ProcessPoolExecutor) -> None:
    """Forget ``pool`` (broken: a worker died) so that the next call starts a new one."""
    with _POOLS_LOCK:
        if _POOLS.get(workers, (0, None))[1] is pool:
            del _POOLS[workers]
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown_workers() -> None:
    """Stop the worker processes that ``simulate(..., workers=N)`` keeps between calls.

    The first call with ``workers`` > 1 starts a pool of that many processes (about a
    second); later calls with the same ``workers`` reuse it, so repeated runs pay the
    start-up once. The pools are stopped when the interpreter exits, or by this function
    (to free their memory earlier); a later call starts a new pool.

    Examples:
        >>> from strengthmodel.simulation import shutdown_workers
        >>> shutdown_workers()  # nothing to stop: no pool was started
    """
    with _POOLS_LOCK:
        pools = [pool for pid, pool in _POOLS.values() if pid == os.getpid()]
        _POOLS.clear()
    for pool in pools:
        pool.shutdown(wait=True)


atexit.register(shutdown_workers)


def check_int(name: str, value: object, low: int, high: int) -> int:
    """Return ``value`` if it is an integer from ``low`` to ``high``; else a ValidationError.

    A numpy integer (a seed drawn with numpy) is the same number and is taken as a plain
    ``int``; ``bool`` and floats, even whole ones, are refused.
    """
    if isinstance(value, np.integer):
        value = int(value)
    if type(value) is not int or not low <= value <= high:
        raise ValidationError(
            [
                Problem(
                    name,
                    f"expected an integer from {low} to {high}, got "
                    f"{describe_value(value, number=True)}",
                )
            ]
        )
    return value


def checked_parameters(parameters: SimulationParameters | None) -> SimulationParameters:
    """The parameters given, or the defaults; anything else is a SimulationError."""
    given: object = parameters
    if given is None:
        return SimulationParameters()
    if not isinstance(given, SimulationParameters):
        msg = f"expected SimulationParameters, got {type(given).__name__}"
        raise SimulationError(msg)
    return given


def _as_plans(plan_or_plans: Plan | Sequence[Plan]) -> tuple[Plan, ...]:
    given: object = plan_or_plans  # checked at run time: callers may pass anything
    if isinstance(given, Plan):
        return (given,)
    if isinstance(given, str | bytes) or not isinstance(given, Sequence):
        msg = f"expected a Plan or a sequence of plans, got {type(given).__name__}"
        raise SimulationError(msg)
    if not given:
        raise SimulationError("expected at least one plan to simulate, got none")
    return tuple(typing.cast("Sequence[Plan]", given))


def simulate(
    plan_or_plans: Plan | Sequence[Plan],
    *,
    clients: int = 1000,
    weeks: int = 52,
    seed: int = 0,
    parameters: SimulationParameters | None = None,
    executor: Executor | None = None,
    progress: bool = False,
    chunk_size: int | None = None,
    workers: int = 1,
) -> SimulationResult:
    """Simulate a cohort of clients following each plan, week by week.

    The model (after Marlatt & Gordon 1985 and Witkiewitz & Marlatt 2004) is stated in
    full on the explanation page "The simulation model". Every plan is simulated with
    the same clients and the same random draws (common random numbers), so differences
    between plans are differences the plans make.

    Args:
        plan_or_plans: A plan, or a sequence of plans to simulate side by side.
        clients: Simulated clients per plan.
        weeks: Weeks to simulate.
        seed: The seed; the same seed gives the same result, bit for bit, whatever
            the executor or chunk size.
        parameters: The model's parameters (default: ``SimulationParameters()``).
        executor: Where to run chunks (any ``concurrent.futures.Executor``); when not
            given, in this process, or on ``workers`` processes.
        progress: Show a progress bar on standard error (needs ``tqdm``).
        chunk_size: Clients per chunk of work, rounded up to whole blocks of
            ``BLOCK_SIZE`` (default 4 blocks). Has no effect on the result.
        workers: Without an ``executor``: 1 (the default) runs the chunks one after
            another in the calling thread; more runs them on a pool of that many
            processes (about 1.9x on two cores), which the first such call starts
            (about a second) and later calls reuse until the interpreter exits or
            [`shutdown_workers`][strengthmodel.simulation.run.shutdown_workers] is
            called. A script must then guard its entry point with
            ``if __name__ == "__main__":``. Has no effect on the result.

    Returns:
        The per-client and weekly results.

    Raises:
        ValidationError: ``clients``, ``weeks``, ``seed``, ``chunk_size`` or
            ``workers`` is out of range.
        SimulationError: No plan, something that is not a plan, a plan without
            triggers, or parameters that are not ``SimulationParameters``.

    Examples:
        >>> import strengthmodel as sm
        >>> from strengthmodel.demo import demo_plan
        >>> result = sm.simulate(demo_plan(), clients=200, weeks=26, seed=1)
        >>> len(result.clients), len(result.weekly)
        (200, 26)
    """
    plans = _as_plans(plan_or_plans)
    clients = check_int("clients", clients, 1, MAX_CLIENTS)
    weeks = check_int("weeks", weeks, 1, MAX_WEEKS)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    chunk = _DEFAULT_CHUNK if chunk_size is None else chunk_size
    chunk = check_int("chunk_size", chunk, 1, MAX_CLIENTS)
    workers = check_int("workers", workers, 1, MAX_WORKERS)
    params = checked_parameters(parameters)
    inputs = [plan_inputs(plan) for plan in plans]
    blocks = math.ceil(clients / BLOCK_SIZE)
    per_chunk = math.ceil(chunk / BLOCK_SIZE)
    tasks = [
        (p, first, min(first + per_chunk, blocks))
        for p in range(len(inputs))
        for first in range(0, blocks, per_chunk)
    ]
    if executor is None and min(workers, len(tasks)) > 1:
        pool = kept_pool(workers)
        try:
            results = _run(tasks, inputs, params, seed, weeks, clients, pool, progress)
        except BrokenProcessPool:  # a worker died (killed, out of memory): one retry
            _drop_pool(workers, pool)
            pool = kept_pool(workers)
            results = _run(tasks, inputs, params, seed, weeks, clients, pool, progress)
    else:
        results = _run(tasks, inputs, params, seed, weeks, clients, executor, progress)
    return SimulationResult.from_chunks(
        plan_ids=tuple(i.plan_id for i in inputs),
        chunks=results,
        clients=clients,
        weeks=weeks,
        seed=seed,
        parameters=params,
    )


def _run(  # noqa: PLR0917 - internal: passes the call's options through
    tasks: list[tuple[int, int, int]],
    inputs: list[PlanInputs],
    params: SimulationParameters,
    seed: int,
    weeks: int,
    clients: int,
    executor: Executor | None,
    progress: bool,
) -> list[list[ChunkResult]]:
    """Run every task; return each plan's chunk results in block order."""
    bar = _progress_bar(len(inputs) * clients * weeks) if progress else None
    by_plan: list[list[ChunkResult]] = [[] for _ in inputs]

    def done(plan: int, result: ChunkResult) -> None:
        by_plan[plan].append(result)
        if bar is not None:
            bar.update(result.clients.shape[1] * weeks)

    if executor is None:
        for plan, first, last in tasks:
            done(
                plan,
                run_chunk(
                    inputs[plan],
                    params,
                    seed=seed,
                    weeks=weeks,
                    clients=clients,
                    first_block=first,
                    last_block=last,
                ),
            )
    else:
        futures: list[tuple[int, Future[ChunkResult]]] = [
            (
                plan,
                executor.submit(
                    run_chunk,
                    inputs[plan],
                    params,
                    seed=seed,
                    weeks=weeks,
                    clients=clients,
                    first_block=first,
                    last_block=last,
                ),
            )
            for plan, first, last in tasks
        ]
        for plan, future in futures:
            done(plan, future.result())
    if bar is not None:
        bar.close()
    for chunks in by_plan:
        chunks.sort(key=lambda c: c.first_block)
    return by_plan


class _Bar(Protocol):
    """What the progress bar must do (tqdm does it)."""

    def update(self, n: int) -> object: ...  # pragma: no cover

    def close(self) -> None: ...  # pragma: no cover


def _progress_bar(total: int) -> _Bar:
    tqdm = require("tqdm").tqdm
    bar: _Bar = tqdm(
        total=total, unit=" client-weeks", unit_scale=True, file=sys.stderr, leave=False
    )
    return bar
