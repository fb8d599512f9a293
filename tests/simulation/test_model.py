import math

import numpy as np
import pytest

import strengthmodel as sm
from tests.simulation.conftest import base_builder


def _closed_form(params: sm.SimulationParameters) -> tuple[float, float]:
    """Weekly P(at least one lapse) and expected lapses for the base plan, by hand."""
    se = params.initial_self_efficacy
    se_factor = 1 - params.self_efficacy_weight + params.self_efficacy_weight * se
    craving = 1 + params.lapse_self_efficacy_weight * (1 - 2 * se)

    def skill(mastery: float) -> float:
        return 1 - params.mastery_weight + params.mastery_weight * mastery

    q1 = 0.6 * skill(0.6) * se_factor  # breathing, relies on nobody
    q2 = 0.8 * skill(0.8) * se_factor * params.support_availability  # call Sam
    p_t1 = (1 - math.exp(-params.exposure_rates[3])) * (1 - q1) * (1 - q2)
    p_t1 *= params.lapse_probabilities[3] * craving
    p_t2 = (1 - math.exp(-params.exposure_rates[2])) * params.lapse_probabilities[2] * craving
    return 1 - (1 - p_t1) * (1 - p_t2), p_t1 + p_t2


def test_closed_form_weekly_lapse_rate(plan):
    """With the dynamics off, the weekly lapse rate is within 3 standard errors of the formula."""
    params = sm.SimulationParameters().without_dynamics()
    clients, weeks = 4000, 52
    result = sm.simulate(plan, clients=clients, weeks=weeks, seed=7, parameters=params)
    expected, expected_lapses = _closed_form(params)
    assert expected == pytest.approx(0.024448, abs=1e-6)
    observed = result.weekly["lapse_rate"].mean()
    se = math.sqrt(expected * (1 - expected) / (clients * weeks))
    assert abs(observed - expected) < 3 * se
    assert abs(result.weekly["mean_lapses"].mean() - expected_lapses) < 3 * math.sqrt(
        expected_lapses / (clients * weeks)
    )
    # Without learning, self-efficacy and mastery stay where they started.
    assert set(result.clients["final_self_efficacy"]) == {0.5}


def test_closed_form_survival_is_geometric(plan):
    """With the dynamics off, the share without a lapse at week t is (1 - P)^t."""
    params = sm.SimulationParameters().without_dynamics()
    result = sm.simulate(plan, clients=4000, weeks=26, seed=3, parameters=params)
    expected, _ = _closed_form(params)
    curve = result.survival("lapse")
    at_26 = curve.loc[curve["week"] == 26].iloc[0]
    truth = (1 - expected) ** 26
    assert abs(at_26["survival"] - truth) < 3 * math.sqrt(truth * (1 - truth) / 4000)
    assert at_26["lower"] < at_26["survival"] < at_26["upper"]


def test_compare_plan_with_itself_is_exactly_zero(plan):
    """Common random numbers: compare(p, p) differs by exactly zero, interval included."""
    comparison = sm.compare(plan, plan, clients=500, weeks=20, seed=11)
    table = comparison.differences
    assert list(table["metric"]) == [
        "lapse_risk",
        "relapse_risk",
        "mean_lapses",
        "mean_relapses",
        "final_self_efficacy",
        "final_gas_t",
    ]
    assert (table[["difference", "lower", "upper"]].to_numpy() == 0.0).all()


def test_adding_a_coping_link_lowers_lapse_risk(plan, covered_plan):
    """A strategy for the uncovered trigger lowers lapse risk; the paired interval is below 0."""
    comparison = sm.compare(plan, covered_plan, clients=2000, weeks=52, seed=5)
    row = comparison.differences.set_index("metric").loc["lapse_risk"]
    assert row["difference"] < 0
    assert row["upper"] < 0
    assert row["b"] < row["a"]


def test_coupling_is_monotone_without_dynamics(plan, covered_plan):
    """Without dynamics, no client lapses more often in the richer plan (nested lapse regions)."""
    params = sm.SimulationParameters().without_dynamics()
    result = sm.simulate([plan, covered_plan], clients=1000, weeks=30, seed=2, parameters=params)
    lapses = result.client_array("lapses")
    assert (lapses[1] <= lapses[0]).all()
    assert lapses[1].sum() < lapses[0].sum()


def test_plans_share_client_draws(plan):
    """The same plan listed twice gives identical rows (common random numbers)."""
    result = sm.simulate([plan, plan], clients=300, weeks=10, seed=4)
    values = result.client_array("final_self_efficacy")
    np.testing.assert_array_equal(values[0], values[1])


def test_goals_move_with_challenges(plan):
    """Finishing the challenge moves goal g1 from -1 towards 0, raising the T-score."""
    params = sm.SimulationParameters(lapse_setback=0.0, progress_per_difficulty=0.5)
    result = sm.simulate(plan, clients=500, weeks=52, seed=1, parameters=params)
    weekly = result.weekly
    # One goal at level -1 has T = 40; at level 0, T = 50.
    assert weekly["gas_t_q50"].iloc[0] == pytest.approx(40.05)
    assert set(np.round(result.clients["final_gas_t"], 6)) <= {40.0, 50.0}
    assert weekly["gas_t_mean"].iloc[-1] > weekly["gas_t_mean"].iloc[0]


def test_relapse_is_a_cluster_of_lapses(plan):
    """Relapse needs relapse_lapses lapses within relapse_window weeks."""
    params = sm.SimulationParameters(lapse_scale=3.0)
    result = sm.simulate(plan, clients=1000, weeks=52, seed=9, parameters=params)
    clients = result.clients
    relapsed = clients[clients["relapses"] > 0]
    assert len(relapsed) > 0
    assert (relapsed["lapses"] >= 2).all()
    assert (relapsed["first_relapse_week"] >= relapsed["first_lapse_week"]).all()
    one = sm.SimulationParameters(lapse_scale=3.0, relapse_lapses=1)
    single = sm.simulate(plan, clients=1000, weeks=52, seed=9, parameters=one).clients
    assert (single["first_relapse_week"].isna() == single["first_lapse_week"].isna()).all()


@pytest.mark.parametrize("goals", [1, 5, 6])
def test_t_scores_use_the_library_formula(goals):
    """Weekly T-scores are gas_t_score of the levels, with few goals (table) or many."""
    builder = base_builder()
    for g in range(goals):
        builder.add_goal(f"Goal {g}", importance=1 + g % 3, difficulty=1 + g % 2, baseline=-1)
    plan = builder.build()
    params = sm.SimulationParameters(lapse_setback=0.0, challenge_rate=0.0)
    result = sm.simulate(plan, clients=50, weeks=3, seed=0, parameters=params)
    weights = [g.importance * g.difficulty for g in plan.goals]
    expected = sm.gas_t_score([-1] * len(plan.goals), weights)
    np.testing.assert_allclose(result.client_array("final_gas_t")[0], expected, rtol=0, atol=1e-12)
