"""What researchers pass: numpy integers, workers everywhere, and grids written by hand."""

import numpy as np
import pytest

import strengthmodel as sm

pd = pytest.importorskip("pandas")  # the sim extra; skipped on a core-only install


def test_numpy_integers_are_the_same_numbers(plan):
    """A seed or a cohort size drawn with numpy gives the same run as the plain int."""
    seed = np.random.default_rng(1).integers(100)
    by_numpy = sm.simulate(plan, clients=np.int64(50), weeks=np.int32(4), seed=seed)
    by_int = sm.simulate(plan, clients=50, weeks=4, seed=int(seed))
    pd.testing.assert_frame_equal(by_numpy.clients, by_int.clients)
    assert by_numpy.seed == int(seed)
    assert type(by_numpy.seed) is int
    with pytest.raises(sm.ValidationError, match=r"^seed: expected an integer .*, got 1\.0$"):
        sm.simulate(plan, clients=5, weeks=2, seed=1.0)  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="got true"):
        sm.simulate(plan, clients=5, weeks=2, seed=True)


def test_compare_and_sweep_take_workers(plan, covered_plan):
    """workers=2 runs on the kept pool and gives the same tables as one process."""
    options = {"clients": 20_000, "weeks": 3, "seed": 5}
    one = sm.compare(plan, covered_plan, **options)
    two = sm.compare(plan, covered_plan, workers=2, **options)
    pd.testing.assert_frame_equal(one.differences, two.differences)
    grid = {"lapse_scale": [0.5, 2.0]}
    pd.testing.assert_frame_equal(
        sm.sweep(plan, grid, clients=300, weeks=3),
        sm.sweep(plan, grid, clients=300, weeks=3, workers=2),
    )


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        (
            {"lapse_scale": 1.0},
            (
                "grid['lapse_scale']: expected a list of values to try, got 1.0 (for one value, "
                "pass [1.0])"
            ),
        ),
        (
            {"lapse_scale": "12"},
            (
                "grid['lapse_scale']: expected a list of values to try, got text of 2 characters "
                "(for one value, pass it in a list)"
            ),
        ),
        ({}, "the grid is empty: give at least one parameter and its values"),
        (
            [("lapse_scale", [1.0])],
            "expected a grid: a mapping of parameter names to values, got list",
        ),
    ],
)
def test_grids_written_by_hand_get_clear_errors(plan, grid, message):
    with pytest.raises(sm.SimulationError) as caught:
        sm.sweep(plan, grid, clients=10, weeks=2)
    assert str(caught.value) == message


def test_targets_that_are_not_survival_curves_are_refused_with_their_values():
    with pytest.raises(sm.ValidationError) as caught:
        sm.SurvivalTarget.from_points([(12, 0.5), (52, 0.7)])
    assert str(caught.value) == (
        "SurvivalTarget.survival: expected a curve that never rises (a client who has "
        "lapsed stays lapsed), got (0.5, 0.7)"
    )
    with pytest.raises(sm.ValidationError) as caught:
        sm.SurvivalTarget.from_points([(12, 52), (0.7, 0.45)])  # columns, not points
    assert [str(p) for p in caught.value.problems] == [
        "SurvivalTarget.weeks: expected increasing whole weeks from 1, got (12, 0.7)",
        "SurvivalTarget.survival: expected shares from 0 to 1, got (52.0, 0.45)",
    ]


def test_a_fit_that_misses_its_target_does_not_report_success(plan):
    """An unreachable target: the optimizer converges, but the fit says it failed and why."""
    result = sm.fit(plan, target=[(4, 0.01)], vary=("lapse_scale",), clients=300)
    assert result.success is False
    assert result.error > 0.05
    assert "the target is not reached: error" in result.message
    assert "> tolerance 0.05" in result.message
    loose = sm.fit(plan, target=[(4, 0.01)], vary=("lapse_scale",), clients=300, tolerance=1)
    assert "the target is not reached" not in loose.message
    with pytest.raises(sm.SimulationError, match="expected a tolerance of 0 or more, got -1"):
        sm.fit(plan, target=[(4, 0.5)], tolerance=-1)


def test_two_versions_of_one_plan_get_distinct_legend_labels(plan):
    pytest.importorskip("matplotlib")
    without = sm.ops.unlink_coping(plan, "t1", "s2", author="tester")
    result = sm.compare(plan, without, clients=50, weeks=4).result
    ax = result.plot_survival()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "plan-sim (plan 0)",
        "plan-sim (plan 1)",
    ]


def test_a_parquet_file_says_how_to_run_it_again(plan, tmp_path):
    """read_parquet_metadata gives what simulate needs to repeat the run exactly."""
    pytest.importorskip("pyarrow")
    parameters = sm.SimulationParameters(lapse_scale=1.5)
    result = sm.simulate(plan, clients=40, weeks=6, seed=9, parameters=parameters)
    path = tmp_path / "clients.parquet"
    result.to_parquet(path)
    run = sm.SimulationResult.read_parquet_metadata(path)
    assert run == {
        "seed": 9,
        "weeks": 6,
        "clients": 40,
        "plan_ids": ["plan-sim"],
        "parameters": parameters,
    }
    again = sm.simulate(
        plan,
        clients=run["clients"],
        weeks=run["weeks"],
        seed=run["seed"],
        parameters=run["parameters"],
    )
    pd.testing.assert_frame_equal(again.clients, pd.read_parquet(path), check_categorical=False)
    other = tmp_path / "other.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(other)
    with pytest.raises(sm.SimulationError, match="no strengthmodel simulation metadata"):
        sm.SimulationResult.read_parquet_metadata(other)
