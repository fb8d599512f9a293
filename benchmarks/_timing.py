"""Timing shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(
    func: Callable[[], object],
    rounds: int,
    *,
    warmup: int = 2,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Median time of ``func`` over ``rounds`` runs, after ``warmup`` runs.

    ``clock`` is wall time by default; pass ``time.process_time`` on a shared machine,
    where other processes preempt long operations more often than short ones and wall
    time would bias ratios against the slower side.
    """
    for _ in range(warmup):
        func()
    times = []
    for _ in range(rounds):
        start = clock()
        func()
        times.append(clock() - start)
    return statistics.median(times)
