"""The exposure scheme: geometric gaps give the distributions of weekly Bernoulli draws.

Until the speed-up, the engine drew one uniform number per client, trigger and week to
decide exposure. It now draws, at each exposure, the gap to the next one (geometric, by
inverse transform). The model is the same; the random streams are not, so the outcomes
are compared as distributions with the old engine's, recorded in
``data/bernoulli_scheme.json`` (20,000 clients, 52 weeks, seed 2026).
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

import strengthmodel as sm
from strengthmodel.simulation.engine import _next_exposure

RECORDED = json.loads((Path(__file__).parent / "data" / "bernoulli_scheme.json").read_text())
SCENARIOS = {
    "default": sm.SimulationParameters(),
    "lapse_scale_3": sm.SimulationParameters(lapse_scale=3.0),
}


def _pooled(a: list[int], b: list[int], least: int = 20) -> np.ndarray:
    """A 2 x bins table of two histograms, neighbouring bins pooled to >= least each."""
    width = max(len(a), len(b))
    table = np.zeros((2, width), dtype=np.int64)
    table[0, : len(a)], table[1, : len(b)] = a, b
    columns, current = [], np.zeros(2, dtype=np.int64)
    for column in table.T:
        current = current + column
        if current.min() >= least:
            columns.append(current)
            current = np.zeros(2, dtype=np.int64)
    if current.any():
        columns[-1] = columns[-1] + current
    return np.array(columns).T


@pytest.fixture(scope="module")
def new_scheme():
    from tests.simulation.conftest import base_builder  # noqa: PLC0415 - fixture helper

    plan = base_builder().build()
    results = {}
    for name, params in SCENARIOS.items():
        result = sm.simulate(
            plan, clients=RECORDED["clients"], weeks=RECORDED["weeks"], seed=7, parameters=params
        )
        lapses = result.client_array("lapses")[0].astype(int)
        relapses = result.client_array("relapses")[0].astype(int)
        first = np.nan_to_num(result.client_array("first_lapse_week")[0]).astype(int)
        se = result.client_array("final_self_efficacy")[0]
        results[name] = {
            "lapses": np.bincount(lapses).tolist(),
            "relapses": np.bincount(relapses).tolist(),
            "first_lapse_week": np.bincount(first, minlength=53).tolist(),
            "final_self_efficacy_deciles": np.histogram(se, bins=10, range=(0, 1))[0].tolist(),
        }
    return results


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize(
    "outcome", ["lapses", "relapses", "first_lapse_week", "final_self_efficacy_deciles"]
)
def test_same_distribution_as_the_bernoulli_scheme(new_scheme, scenario, outcome):
    """Chi-square test of homogeneity, old engine against new, at the 0.1% level."""
    stats = pytest.importorskip("scipy.stats")
    table = _pooled(RECORDED["scenarios"][scenario][outcome], new_scheme[scenario][outcome])
    assert table.shape[1] >= 2
    assert table.sum() == 2 * RECORDED["clients"]
    assert stats.chi2_contingency(table).pvalue > 0.001


def test_geometric_gap_matches_weekly_bernoulli_trials():
    """The gap has P(G = g) = (1 - p)^(g - 1) p with p = 1 - exp(-rate), at 20 weeks."""
    rate = 0.2
    p = -math.expm1(-rate)
    uniform = np.random.default_rng(1).random(200_000)
    weeks = _next_exposure(uniform, np.full(len(uniform), 1 / rate), 0)
    counts = np.bincount(weeks, minlength=21)[1:21]
    expected = len(uniform) * (1 - p) ** np.arange(20) * p
    chi2 = float((((counts - expected) ** 2) / expected).sum())
    assert chi2 < 45.3  # the 0.1% point of chi-square with 20 degrees of freedom
    assert weeks.min() == 1


def test_gap_edge_cases():
    """Rate 0 is never exposed; an infinite rate or U = 0 is exposed the next week."""
    uniform = np.array([0.0, 0.5, 0.999999])
    never = _next_exposure(uniform, np.full(3, np.inf), 10)
    assert never.tolist() == [32767, 32767, 32767]
    always = _next_exposure(uniform, np.zeros(3), 10)
    assert always.tolist() == [11, 11, 11]
    assert _next_exposure(np.array([0.0]), np.array([1.0]), 3).tolist() == [4]
