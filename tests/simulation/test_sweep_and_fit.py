from concurrent.futures import ThreadPoolExecutor

import pytest

import strengthmodel as sm


def test_sweep_runs_the_grid_in_order(plan):
    """One row per grid point, the grid's columns first; more lapse risk with a higher scale."""
    grid = {"lapse_scale": [0.5, 2.0], "self_efficacy_loss": [0.0, 0.5]}
    table = sm.sweep(plan, grid, clients=400, weeks=26, seed=3)
    assert list(table.columns[:3]) == ["lapse_scale", "self_efficacy_loss", "plan_id"]
    assert table[["lapse_scale", "self_efficacy_loss"]].to_numpy().tolist() == [
        [0.5, 0.0],
        [0.5, 0.5],
        [2.0, 0.0],
        [2.0, 0.5],
    ]
    assert table["lapse_risk"].iloc[2] > table["lapse_risk"].iloc[0]


def test_sweep_on_an_executor_matches_serial(plan):
    """A sweep on a thread pool gives the serial table exactly."""
    pd = pytest.importorskip("pandas")
    grid = {"exposure_scale": [0.5, 1.0, 1.5]}
    serial = sm.sweep(plan, grid, clients=300, weeks=20)
    with ThreadPoolExecutor(max_workers=2) as pool:
        parallel = sm.sweep(plan, grid, clients=300, weeks=20, executor=pool)
    pd.testing.assert_frame_equal(serial, parallel, check_exact=True)


def test_fit_recovers_a_known_lapse_scale(plan):
    """Data simulated with lapse_scale 1.8 (seed 1) gives back about 1.8 (fitted with seed 2)."""
    truth = sm.SimulationParameters(lapse_scale=1.8)
    data = sm.simulate(plan, clients=3000, weeks=52, seed=1, parameters=truth)
    target = sm.SurvivalTarget.from_result(data)
    found = sm.fit(plan, target=target, vary=("lapse_scale",), clients=3000, seed=2)
    assert found.parameters.lapse_scale == pytest.approx(1.8, rel=0.1)
    assert found.error < 0.02
    assert found.parameters.exposure_scale == 1.0
    assert len(found.fitted) == 52


def test_fit_both_scales_matches_a_published_curve(plan):
    """Fitting both scales to a two-point curve moves away from the start and gets close."""
    found = sm.fit(plan, target=[(12, 0.85), (52, 0.55)], clients=1000, seed=0)
    assert found.success
    assert found.target.weeks == (12, 52)
    assert found.error < 0.015
    assert found.fitted[1] == pytest.approx(0.55, abs=0.02)
    scales = (found.parameters.exposure_scale, found.parameters.lapse_scale)
    assert scales != pytest.approx((1.0, 1.0), abs=0.05)


def test_target_from_observations():
    """Observed first-lapse weeks with censoring become a Kaplan-Meier target."""
    target = sm.SurvivalTarget.from_observations([2, 4, 4, 6], [True, True, False, False])
    assert target.weeks == (1, 2, 3, 4, 5, 6)
    assert target.survival == pytest.approx((1.0, 0.75, 0.75, 0.5, 0.5, 0.5))
