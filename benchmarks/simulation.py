"""Simulation engine against a Mesa 3 agent-based twin of the same model, in one run.

The twin (one Mesa agent per client, Python's ``random`` for draws, strategies tried one
after another, exposure decided by one draw per client, trigger and week) implements
the same equations as ``docs/explanation/simulation.md`` except goals, which do not
feed back into lapses. The benchmark:

1. checks that both agree statistically on 10,000 clients over 52 weeks: mean lapses,
   mean relapses, lapse risk and mean week of first lapse, each within 3 standard
   errors of the difference;
2. reports client-weeks per second for Mesa and for the engine on one core, and for
   the engine on two cores (a thread pool; ``workers=2``, its first call, which starts
   the library's process pool, and later calls, which reuse it; a process pool of the
   caller's), each the best of ``--repeat`` rounds; numpy's raw draw rate and the draw
   bounds (one uniform per client, trigger and week, the earlier scheme; two per
   exposure, the current one); the load average before and after;
3. reports the peak RSS of 1,000,000 clients x 52 weeks in a fresh process.

Reference plan: 20 triggers (intensities 1-5), 2 strategies each, 10 coping skills.
Run: ``python benchmarks/simulation.py [--clients N] [--repeat R] [--skip-million]``
(needs the ``sim`` and ``bench`` extras; not run in CI).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime

import mesa
import numpy as np

import strengthmodel as sm
from strengthmodel.simulation.inputs import PlanInputs, plan_inputs


def reference_plan(triggers: int = 20) -> sm.Plan:
    """20 triggers with 2 strategies each, 10 skills (every third relies on a friend)."""
    builder = sm.PlanBuilder(
        "client-bench",
        plan_id="plan-bench",
        clock=lambda: datetime(2026, 1, 1, tzinfo=UTC),
        author="dr-lee",
    )
    categories = list(sm.TriggerCategory)
    builder.add_support("Friend", sm.SupportRole.HELP, id="friend")
    for s in range(10):
        supports = ["friend"] if s % 3 == 0 else []
        builder.add_coping_skill(
            f"Skill {s}", mastery=0.3 + 0.05 * s, support_ids=supports, id=f"s{s}"
        )
    for j in range(triggers):
        builder.add_trigger(f"Trigger {j}", categories[j % 8], intensity=1 + j % 5, id=f"t{j}")
        builder.link_coping(f"t{j}", f"s{j % 10}", efficacy=0.5)
        builder.link_coping(f"t{j}", f"s{(j + 3) % 10}", efficacy=0.7)
    return builder.build()


# The Mesa twin --------------------------------------------------------------------------


class ClientAgent(mesa.Agent):
    """One simulated client, stepping through a week at a time."""

    def __init__(self, model: TwinModel) -> None:
        super().__init__(model)
        p, inputs, rng = model.params, model.inputs, model.random
        self.draw = rng

        def beta(mean: float) -> float:
            if not p.heterogeneity:
                return mean
            mu = min(max(mean, 1e-6), 1 - 1e-6)
            phi = p.probability_concentration
            return rng.betavariate(mu * phi, (1 - mu) * phi)

        multiplier = rng.gammavariate(p.rate_shape, 1 / p.rate_shape) if p.heterogeneity else 1.0
        start = p.initial_self_efficacy if inputs.confidence is None else inputs.confidence / 10
        self.self_efficacy = beta(start)
        self.mastery = [beta(float(m)) for m in inputs.mastery]
        self.p_exposure = []
        self.lapse_p = []
        self.strategies: list[list[tuple[int, float]]] = []
        for j, intensity in enumerate(inputs.intensity):
            rate = p.exposure_rates[intensity - 1] * p.exposure_scale * multiplier
            self.p_exposure.append(1 - math.exp(-rate))
            self.lapse_p.append(
                beta(min(1.0, p.lapse_probabilities[intensity - 1] * p.lapse_scale))
            )
            ladder = []
            for k in range(inputs.efficacy.shape[1]):
                if inputs.has_link[j, k]:
                    skill = int(inputs.link_skill[j, k])
                    n = int(inputs.supports[skill])
                    available = 1 - (1 - p.support_availability) ** n if n else 1.0
                    ladder.append((skill, beta(float(inputs.efficacy[j, k])) * available))
            self.strategies.append(ladder)
        self.window: deque[int] = deque([0] * p.relapse_window, maxlen=p.relapse_window)
        self.in_relapse = False
        self.quiet = 0
        self.lapses = 0
        self.relapses = 0
        self.first_lapse = 0

    def step(self) -> None:
        """One week: exposures, coping tried in ladder order, lapses, learning, relapse."""
        p, rng = self.model.params, self.draw
        se = self.self_efficacy
        se_factor = 1 - p.self_efficacy_weight + p.self_efficacy_weight * se
        successes = [0] * len(self.mastery)
        week_lapses = 0
        for j, ladder in enumerate(self.strategies):
            if rng.random() >= self.p_exposure[j]:
                continue
            for skill, efficacy in ladder:
                skill_factor = 1 - p.mastery_weight + p.mastery_weight * self.mastery[skill]
                if rng.random() < efficacy * skill_factor * se_factor:
                    successes[skill] += 1
                    break
            else:
                craving = min(
                    1.0, self.lapse_p[j] * (1 + p.lapse_self_efficacy_weight * (1 - 2 * se))
                )
                if rng.random() < craving:
                    week_lapses += 1
        for skill, count in enumerate(successes):
            self.mastery[skill] = 1 - (1 - self.mastery[skill]) * (1 - p.mastery_gain) ** count
        total = sum(successes)
        self.self_efficacy = (1 - (1 - se) * (1 - p.self_efficacy_gain) ** total) * (
            1 - p.self_efficacy_loss
        ) ** week_lapses
        self.lapses += week_lapses
        if week_lapses and not self.first_lapse:
            self.first_lapse = self.model.week
        self.window.append(week_lapses)
        self.quiet = 0 if week_lapses else self.quiet + 1
        if self.in_relapse and self.quiet >= p.relapse_window:
            self.in_relapse = False
        if not self.in_relapse and sum(self.window) >= p.relapse_lapses:
            self.relapses += 1
            self.in_relapse = True


class TwinModel(mesa.Model):
    """The cohort: one agent per client."""

    def __init__(
        self, inputs: PlanInputs, params: sm.SimulationParameters, clients: int, seed: int
    ) -> None:
        super().__init__(seed=seed)
        self.inputs = inputs
        self.params = params
        self.week = 0
        for _ in range(clients):
            ClientAgent(self)

    def step(self) -> None:
        """Advance every client by one week."""
        self.week += 1
        self.agents.do("step")


# Measurements ---------------------------------------------------------------------------


def _stats(
    lapses: np.ndarray, relapses: np.ndarray, first: np.ndarray
) -> dict[str, tuple[float, float]]:
    """Mean and standard error of each compared outcome."""
    n = len(lapses)
    lapsed = first[first > 0]
    risk = (first > 0).astype(float)
    return {
        "mean lapses": (lapses.mean(), lapses.std(ddof=1) / math.sqrt(n)),
        "mean relapses": (relapses.mean(), relapses.std(ddof=1) / math.sqrt(n)),
        "lapse risk": (risk.mean(), risk.std(ddof=1) / math.sqrt(n)),
        "first-lapse week": (lapsed.mean(), lapsed.std(ddof=1) / math.sqrt(len(lapsed))),
    }


def run_mesa(
    inputs: PlanInputs, params: sm.SimulationParameters, clients: int, weeks: int
) -> tuple[dict[str, tuple[float, float]], float]:
    """Run the twin; return its statistics and client-weeks per second of CPU time."""
    start = time.process_time()
    model = TwinModel(inputs, params, clients, seed=1)
    for _ in range(weeks):
        model.step()
    seconds = time.process_time() - start
    agents = list(model.agents)
    lapses = np.array([a.lapses for a in agents], dtype=float)
    relapses = np.array([a.relapses for a in agents], dtype=float)
    first = np.array([a.first_lapse for a in agents], dtype=float)
    return _stats(lapses, relapses, first), clients * weeks / seconds


def run_engine(
    plan: sm.Plan, clients: int, weeks: int, **options: object
) -> tuple[sm.SimulationResult, float, float]:
    """Run the engine; return the result and client-weeks per second (wall, and CPU)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = sm.simulate(plan, clients=clients, weeks=weeks, **options)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return result, clients * weeks / wall, clients * weeks / cpu


def best_engine(
    plan: sm.Plan, clients: int, weeks: int, repeat: int, **options: object
) -> tuple[float, float, float]:
    """The best wall and CPU rates of ``repeat`` runs, and the cores the best run got.

    Cores are CPU seconds of this process per wall second (child processes excluded).
    """
    rates = [run_engine(plan, clients, weeks, **options)[1:] for _ in range(repeat)]
    wall, cpu = max(rates)
    return wall, max(r[1] for r in rates), wall / cpu


def client_draw_seconds(inputs: PlanInputs, params: sm.SimulationParameters) -> float:
    """CPU seconds per client for the engine's start-of-run client draws (best of 5).

    These (Beta and Gamma draws per client, link, trigger and skill) cost the same in
    any scheme; they are part of the draw bound below.
    """
    from strengthmodel.simulation.engine import _initial_state  # noqa: PLC0415

    times = []
    for _ in range(5):
        start = time.process_time()
        _initial_state(inputs, params, seed=0, blocks=range(4))
        times.append(time.process_time() - start)
    return min(times) / (4 * sm.simulation.BLOCK_SIZE)


def exposures_per_client_week(inputs: PlanInputs, params: sm.SimulationParameters) -> float:
    """Expected exposures per client and week: sum over triggers of E[1 - exp(-u r)].

    With u ~ Gamma(shape k, scale 1/k), E[exp(-u r)] = (1 + r / k)^-k.
    """
    rates = np.asarray(params.exposure_rates)[inputs.intensity - 1] * params.exposure_scale
    k = params.rate_shape
    return float(np.sum(1.0 - (1.0 + rates / k) ** -k))


def raw_draw_rate(seconds: float = 1.0) -> float:
    """Uniform doubles per CPU second from numpy's PCG64 on one core (1,024 at a time)."""
    generator = np.random.Generator(np.random.PCG64(0))
    buffer = np.empty(1024)
    count = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for _ in range(1000):
            generator.random(out=buffer)
        count += 1000 * 1024
    return count / (time.process_time() - start)


_MILLION = """
import resource, time
import strengthmodel as sm
from simulation import reference_plan
start = time.perf_counter()
sm.simulate(reference_plan(), clients=1_000_000, weeks=52, seed=0)
seconds = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, seconds)
"""


def speed(
    plan: sm.Plan,
    inputs: PlanInputs,
    params: sm.SimulationParameters,
    args: argparse.Namespace,
    mesa_rate: float,
) -> None:
    """Measure and print the engine's speed against Mesa and the draw bounds."""
    n, weeks, repeat = args.speed_clients, args.weeks, args.repeat
    one_core, one_core_cpu, _ = best_engine(plan, n, weeks, repeat, seed=0, workers=1)
    with ThreadPoolExecutor(max_workers=2) as threads_pool:
        threads, _, thread_cores = best_engine(
            plan, n, weeks, repeat, seed=0, executor=threads_pool
        )
    sm.simulation.shutdown_workers()  # the first workers=2 call starts the library's pool
    first_call = run_engine(plan, n, weeks, seed=0, workers=2)[1]
    workers, _, _ = best_engine(plan, n, weeks, repeat, seed=0, workers=2)  # the kept pool
    sm.simulation.shutdown_workers()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        run_engine(plan, 2 * sm.simulation.BLOCK_SIZE, 2, seed=0, executor=pool)  # warm up
        processes, _, _ = best_engine(plan, n, weeks, repeat, seed=0, executor=pool)
    # Draw bounds: the draws alone, at numpy's raw rate, and the client draws (Beta and
    # Gamma) every scheme makes at the start.
    draws = raw_draw_rate()
    exposures = exposures_per_client_week(inputs, params)
    per_client = client_draw_seconds(inputs, params)
    uniforms = 2 * exposures + inputs.triggers / weeks  # per client-week
    old_bound = 1 / (inputs.triggers / draws + per_client / weeks)
    new_bound = 1 / (uniforms / draws + per_client / weeks)
    client_bound = weeks / per_client
    print(f"\nSpeed (client-weeks per second, best of {repeat}; CPU seconds where said):")
    print(f"  Mesa twin (1 core, CPU)          {mesa_rate:14,.0f}")
    print(
        f"  engine, 1 core (CPU)             {one_core_cpu:14,.0f}"
        f"   {one_core_cpu / mesa_rate:6.1f}x Mesa"
    )
    print(f"  engine, 1 core (wall)            {one_core:14,.0f}")
    print(
        f"  engine, 2 threads (wall)         {threads:14,.0f}   {threads / one_core:6.2f}x 1 core"
        f" (it got {thread_cores:.2f} cores)"
    )
    print(
        f"  engine, workers=2, first (wall)  {first_call:14,.0f}"
        f"   {first_call / one_core:6.2f}x 1 core (the call starts the library's pool)"
    )
    print(
        f"  engine, workers=2, later (wall)  {workers:14,.0f}   {workers / one_core:6.2f}x 1 core"
        " (the pool the library kept)"
    )
    print(
        f"  engine, 2 processes (wall)       {processes:14,.0f}"
        f"   {processes / one_core:6.2f}x 1 core (a warm pool)"
    )
    print(f"  numpy raw draws (1 core)         {draws:14,.0f} doubles/s")
    print(
        f"  client draws alone               {client_bound:14,.0f}"
        f"   ({per_client * 1e6:.2f} us per client, over {weeks} weeks)"
    )
    print(
        f"  bound, 1 draw per trigger-week   {old_bound:14,.0f}"
        f"   the earlier scheme (engine at {one_core_cpu / old_bound:.0%} of it)"
    )
    print(
        f"  bound, 2 draws per exposure      {new_bound:14,.0f}"
        f"   this scheme ({uniforms:.2f} uniforms per client-week;"
        f" engine at {one_core_cpu / new_bound:.0%} of it)"
    )
    best_two = max(threads, processes, workers)
    print(
        f"  targets: >= 30x Mesa: {one_core_cpu / mesa_rate >= 30} (1 core, CPU); "
        f">= 10M on 2 cores: {best_two >= 1e7} ({best_two:,.0f})"
    )


def main() -> None:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients", type=int, default=10_000, help="clients for the agreement check"
    )
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument(
        "--speed-clients", type=int, default=200_000, help="clients for engine speed"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds per speed figure")
    parser.add_argument(
        "--skip-million", action="store_true", help="skip the 1,000,000-client RSS run"
    )
    args = parser.parse_args()

    plan = reference_plan()
    inputs = plan_inputs(plan)
    params = sm.SimulationParameters()
    print(f"Reference plan: {inputs.triggers} triggers, 2 strategies each; {args.weeks} weeks")

    load_before = os.getloadavg()[0]
    result, _, _ = run_engine(plan, args.clients, args.weeks, seed=0)
    engine = _stats(
        result.client_array("lapses")[0],
        result.client_array("relapses")[0],
        np.nan_to_num(result.client_array("first_lapse_week")[0]),
    )
    mesa_runs = [run_mesa(inputs, params, args.clients, args.weeks) for _ in range(args.repeat)]
    mesa_stats, mesa_rate = mesa_runs[0][0], max(rate for _, rate in mesa_runs)
    print(f"\nAgreement on {args.clients} clients (engine vs Mesa twin):")
    agree = True
    for name, (mean_e, se_e) in engine.items():
        mean_m, se_m = mesa_stats[name]
        z = (mean_e - mean_m) / math.sqrt(se_e**2 + se_m**2)
        agree &= abs(z) < 3
        print(f"  {name:<18} engine {mean_e:8.4f}  mesa {mean_m:8.4f}  z {z:+.2f}")
    print(f"  all within 3 standard errors: {agree}")

    speed(plan, inputs, params, args, mesa_rate)
    print(
        f"  load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f} (2 cores)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak RSS of this process: {peak:,.0f} MB")
    if not args.skip_million:
        out = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", _MILLION],
            capture_output=True,
            text=True,
            check=True,
            cwd=__file__.rsplit("/", 1)[0],
        ).stdout.split()
        rss, seconds = int(out[0]) / 1024, float(out[1])
        print(
            f"1,000,000 clients x 52 weeks (default, 1 core): {seconds:.1f} s, "
            f"peak RSS {rss:,.0f} MB "
            f"(limit 2,048 MB: {rss <= 2048})"
        )


if __name__ == "__main__":
    main()
