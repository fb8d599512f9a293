"""Caseload table speed: ``caseload`` over 10,000 plans, against a loop of public calls.

A caseload of ``--plans`` plans (10,000 by default) cycles through a pool of distinct
synthetic plans drawn with ``strengthmodel.testing.sample_plans`` (``--pool``, plans of 0
to 60 changes) plus the demo plan. Times, in one run:

- ``caseload(plans)``: one row per plan (progress, counts, GAS, findings, coverage);
- the same figures from a plain loop of public calls per plan (``progress``, ``review``,
  ``goal_attainment``, ``CopingGraph.coverage`` and ``single_points_of_failure``), which
  is what a user would write without ``caseload``; both give the same figures (checked);
- ``frames(plans)``: the record tables of the whole caseload, in one call.

Wall time is the median of ``--rounds`` runs; CPU time (this process only, which other
jobs on a shared machine disturb less) is the median of as many more.

Run: ``python benchmarks/caseload.py [--plans N] [--pool N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import time
from collections.abc import Callable
from datetime import date

from _timing import median_seconds

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from strengthmodel.testing import sample_plans

TODAY = date(2026, 7, 1)


def loop(plans: list[sm.Plan]) -> list[tuple[object, ...]]:
    """The caseload's figures, one public call at a time."""
    rows = []
    for plan in plans:
        report = sm.progress(plan)
        findings = collections.Counter(f.severity for f in sm.review(plan, today=TODAY))
        try:
            gas: float | None = sm.goal_attainment(plan, date.max).t_score
        except sm.ValidationError:
            gas = None
        graph = sm.CopingGraph.from_plan(plan)
        coverage = graph.coverage()
        rows.append(
            (
                tuple(report[s].status.value for s in sm.Step),
                tuple(findings[s] for s in sm.Severity),
                gas,
                coverage.share_covered,
                len(graph.single_points_of_failure()),
            )
        )
    return rows


def timed(func: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall time and median CPU time (this process) of ``func``, after one warmup."""
    wall = median_seconds(func, rounds, warmup=1)
    cpu = []
    for _ in range(rounds):
        start = time.process_time()
        func()
        cpu.append(time.process_time() - start)
    return wall, statistics.median(cpu)


def main() -> None:
    """Time the caseload table and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--pool", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    pool = [*sample_plans(args.pool, seed=0), demo_plan()]
    drawn = time.perf_counter() - start
    plans = [pool[i % len(pool)] for i in range(args.plans)]
    records = sum(sum(1 for _ in p.records()) for p in plans) / len(plans)
    print(f"pool: {len(pool)} plans drawn in {drawn:.1f} s; {records:.1f} records per plan")

    table = sm.caseload(plans, today=TODAY)
    expected = loop(plans[: len(pool)])
    for position, row in enumerate(expected):
        got = table.iloc[position]
        assert tuple(got[s.value.replace("-", "_")] for s in sm.Step) == row[0]
        assert tuple(got[f"findings_{s.value}"] for s in sm.Severity) == row[1]
        assert (row[2] is None) == bool(got.isna()["gas_t"])
        assert row[2] is None or abs(got["gas_t"] - row[2]) < 1e-9
        assert (got["share_covered"], got["single_points_of_failure"]) == row[3:]

    fast, fast_cpu = timed(lambda: sm.caseload(plans, today=TODAY), args.rounds)
    slow, slow_cpu = timed(lambda: loop(plans), args.rounds)
    tables, tables_cpu = timed(lambda: sm.frames(plans), args.rounds)
    rows = sum(len(t) for t in sm.frames(plans).values())
    n = len(plans)
    print(f"caseload({n:,} plans): {fast:.2f} s wall, {fast_cpu:.2f} s CPU")
    print(f"  {fast_cpu / n * 1e6:.0f} us CPU per plan")
    print(f"loop of public calls: {slow:.2f} s wall, {slow_cpu:.2f} s CPU")
    print(f"  {slow_cpu / fast_cpu:.2f}x the caseload's CPU time")
    print(f"frames({n:,} plans): {tables:.2f} s wall, {tables_cpu:.2f} s CPU")
    print(f"  {rows:,} rows in 25 tables")


if __name__ == "__main__":
    main()
