"""Simulating plans over cohorts of clients: a relapse-prevention model.

A documented stochastic model of how a plan plays out week by week (after Marlatt &
Gordon 1985 and Witkiewitz & Marlatt 2004; every equation and parameter is on the
explanation page "The simulation model"): exposure to the plan's triggers, coping in
safety-planning ladder order (an assumption of the model), lapses, relapses as clusters
of lapses, mastery and self-efficacy that learn, and goals read out on the Goal
Attainment Scale.

Needs the ``sim`` extra (pandas, scipy, pyarrow, tqdm, matplotlib) for results;
the engine itself needs only numpy.
"""

from __future__ import annotations

from strengthmodel.simulation.compare import Comparison, compare
from strengthmodel.simulation.engine import BLOCK_SIZE
from strengthmodel.simulation.fit import FitResult, SurvivalTarget, fit
from strengthmodel.simulation.parameters import SimulationParameters
from strengthmodel.simulation.results import SimulationResult
from strengthmodel.simulation.run import shutdown_workers, simulate
from strengthmodel.simulation.sweep import sweep

__all__ = [
    "BLOCK_SIZE",
    "Comparison",
    "FitResult",
    "SimulationParameters",
    "SimulationResult",
    "SurvivalTarget",
    "compare",
    "fit",
    "shutdown_workers",
    "simulate",
    "sweep",
]
