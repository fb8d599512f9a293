import pytest

import strengthmodel as sm


def test_plan_without_triggers_is_refused():
    """A plan with no triggers cannot be simulated."""
    empty = (
        sm.PlanBuilder("client-x", plan_id="plan-empty", author="dr-lee")
        .add_concern("Stuck")
        .build()
    )
    with pytest.raises(sm.SimulationError, match="plan-empty has no triggers"):
        sm.simulate(empty)


@pytest.mark.parametrize("given", ["plan.json", [], 42, None])
def test_not_a_plan_is_refused(given):
    """Anything but a plan or a sequence of plans raises SimulationError."""
    with pytest.raises(sm.SimulationError):
        sm.simulate(given)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("clients", 0, "clients: expected an integer from 1 to 100000000, got 0"),
        ("weeks", 2.5, "weeks: expected an integer from 1 to 5200, got 2.5"),
        ("seed", -1, "seed: expected an integer from 0 to 9223372036854775807, got -1"),
        ("chunk_size", True, "chunk_size: expected an integer from 1 to 100000000, got true"),
        ("workers", 0, "workers: expected an integer from 1 to 1024, got 0"),
    ],
)
def test_bad_options_are_validation_errors(plan, option, value, message):
    """Out-of-range options raise ValidationError naming the option."""
    with pytest.raises(sm.ValidationError) as caught:
        sm.simulate(plan, **{option: value})
    assert str(caught.value) == message


def test_parameters_must_be_simulation_parameters(plan):
    """A dict is not accepted in place of SimulationParameters."""
    with pytest.raises(sm.SimulationError, match="expected SimulationParameters, got dict"):
        sm.simulate(plan, parameters={"lapse_scale": 2})


def test_sweep_errors(plan):
    """Unknown names are SimulationErrors; bad values are ValidationErrors with paths."""
    with pytest.raises(sm.SimulationError, match="unknown parameter"):
        sm.sweep(plan, {"lapse_rate": [1.0]})
    with pytest.raises(sm.ValidationError, match=r"SimulationParameters\.lapse_scale"):
        sm.sweep(plan, {"lapse_scale": [-1.0]})
    with pytest.raises(sm.SimulationError, match="no points"):
        sm.sweep(plan, {"lapse_scale": []})


def test_fit_errors(plan):
    """A bad target or an unknown scale raise library errors."""
    with pytest.raises(sm.SimulationError, match="vary"):
        sm.fit(plan, target=[(10, 0.5)], vary=("mastery_gain",))
    with pytest.raises(sm.ValidationError, match="survival"):
        sm.fit(plan, target=[(10, 1.5)])
    with pytest.raises(sm.SimulationError):
        sm.fit(plan, target="curve.csv")  # type: ignore[arg-type]


def test_missing_optional_dependency_names_the_extra(monkeypatch):
    """Without an optional module, the error says which extra installs it."""
    import sys  # noqa: PLC0415 - only this test hides a module

    from strengthmodel.simulation._optional import require  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(sm.SimulationError, match=r"needs tqdm: pip install 'strengthmodel\[sim\]'"):
        require("tqdm")
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(sm.SimulationError, match=r"strengthmodel\[dask\]"):
        require("distributed")


def test_bad_observations_are_library_errors():
    """Observed first-lapse data that cannot be read raise SimulationError."""
    with pytest.raises(sm.SimulationError, match="as many observed flags"):
        sm.SurvivalTarget.from_observations([1, 2], [True])
    with pytest.raises(sm.SimulationError, match="numbers of weeks"):
        sm.SurvivalTarget.from_observations(["x"], [True])
    with pytest.raises(sm.SimulationError, match="above 0"):
        sm.SurvivalTarget.from_observations([0, 2], [True, False])
