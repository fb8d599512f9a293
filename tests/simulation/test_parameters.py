import attrs
import pytest

import strengthmodel as sm


def test_defaults_are_the_documented_ones():
    """The defaults match the table on the explanation page."""
    p = sm.SimulationParameters()
    assert p.exposure_rates == (0.02, 0.05, 0.1, 0.2, 0.35)
    assert p.lapse_probabilities == (0.04, 0.08, 0.12, 0.2, 0.3)
    assert (p.relapse_lapses, p.relapse_window) == (2, 8)
    assert (p.self_efficacy_gain, p.self_efficacy_loss, p.mastery_gain) == (0.03, 0.3, 0.05)


def test_bad_values_raise_validation_error_with_paths():
    """Every bad field is reported with its path."""
    with pytest.raises(sm.ValidationError) as caught:
        sm.SimulationParameters(lapse_scale=-1, relapse_window=0, heterogeneity="yes")
    assert [p.path for p in caught.value.problems] == [
        "SimulationParameters.lapse_scale",
        "SimulationParameters.relapse_window",
        "SimulationParameters.heterogeneity",
    ]


def test_intensity_tables_need_five_values():
    """exposure_rates and lapse_probabilities have one value per intensity 1 to 5."""
    with pytest.raises(sm.ValidationError) as caught:
        sm.SimulationParameters(exposure_rates=(0.1, 0.2))
    assert str(caught.value) == (
        "SimulationParameters.exposure_rates: expected 5 numbers (intensity 1 to 5), got 2"
    )


def test_probabilities_are_bounded():
    """A lapse probability above 1 is refused."""
    with pytest.raises(sm.ValidationError, match=r"lapse_probabilities"):
        sm.SimulationParameters(lapse_probabilities=(0.1, 0.2, 0.3, 0.4, 1.5))


def test_evolve_validates():
    """attrs.evolve builds a validated variant."""
    with pytest.raises(sm.ValidationError):
        attrs.evolve(sm.SimulationParameters(), support_availability=2.0)


def test_round_trip_through_json():
    """Parameters save and load losslessly with the library's codec."""
    p = sm.SimulationParameters(lapse_scale=1.5, exposure_rates=[1, 2, 3, 4, 5])
    assert p.exposure_rates == (1.0, 2.0, 3.0, 4.0, 5.0)
    text = sm.dumps(p)
    assert text.startswith('{"format":"strengthmodel.simulation-parameters","version":')
    assert sm.loads(text, sm.SimulationParameters) == p


def test_without_dynamics():
    """The closed-form variant switches off learning, the AVE and heterogeneity only."""
    p = sm.SimulationParameters(lapse_scale=2.0).without_dynamics()
    assert (p.mastery_gain, p.self_efficacy_gain, p.self_efficacy_loss) == (0.0, 0.0, 0.0)
    assert p.heterogeneity is False
    assert p.lapse_scale == 2.0


def test_every_parameter_is_documented():
    """Each field appears in the parameter table of the explanation page."""
    from pathlib import Path  # noqa: PLC0415 - only this test reads the docs

    page = Path(__file__).parents[2] / "docs" / "explanation" / "simulation.md"
    text = page.read_text(encoding="utf-8")
    missing = [
        f.name for f in attrs.fields(sm.SimulationParameters) if f"| `{f.name}` |" not in text
    ]
    assert missing == []


def test_json_schema():
    """Parameters have a JSON Schema like every record, with their bounds."""
    schema = sm.json_schema(sm.SimulationParameters)
    assert schema["properties"]["lapse_scale"]["maximum"] == 100
