import json

import numpy as np
import pytest

import strengthmodel as sm
from tests.simulation.conftest import base_builder


@pytest.fixture(scope="module")
def result():
    return sm.simulate(base_builder().build(), clients=800, weeks=26, seed=21)


def test_repr_shows_sizes_only(result):
    """The repr names sizes, never plan content."""
    assert repr(result) == "SimulationResult(plans=1, clients=800, weeks=26, seed=21)"


def test_clients_table(result):
    """One row per client with the documented columns; censored weeks are missing."""
    table = result.clients
    assert list(table.columns) == [
        "plan",
        "plan_id",
        "client",
        "lapses",
        "relapses",
        "first_lapse_week",
        "first_relapse_week",
        "final_self_efficacy",
        "final_mastery",
        "final_gas_t",
    ]
    assert len(table) == 800
    assert list(table["client"][:3]) == [0, 1, 2]
    assert str(table["first_lapse_week"].dtype) == "Int64"
    never = table["lapses"] == 0
    assert table.loc[never, "first_lapse_week"].isna().all()
    assert table.loc[~never, "first_lapse_week"].between(1, 26).all()


def test_weekly_table(result):
    """One row per week; quantiles are ordered; lapse_free falls."""
    weekly = result.weekly
    assert list(weekly["week"]) == list(range(1, 27))
    assert (weekly["self_efficacy_q05"] <= weekly["self_efficacy_q50"]).all()
    assert (weekly["self_efficacy_q50"] <= weekly["self_efficacy_q95"]).all()
    assert weekly["lapse_free"].is_monotonic_decreasing
    assert weekly["lapse_free"].iloc[-1] == pytest.approx(
        result.clients["first_lapse_week"].isna().mean()
    )


def test_survival_is_kaplan_meier(result):
    """With everyone followed to the horizon, Kaplan-Meier equals the share without a lapse."""
    curve = result.survival("lapse")
    assert list(curve.columns) == ["plan", "plan_id", "week", "survival", "lower", "upper"]
    assert curve["survival"].iloc[0] == 1.0
    np.testing.assert_allclose(curve["survival"].iloc[1:], result.weekly["lapse_free"], atol=1e-12)
    assert (curve["lower"] <= curve["survival"]).all()
    assert (curve["survival"] <= curve["upper"]).all()
    relapse = result.survival("relapse")
    assert (relapse["survival"].to_numpy() >= curve["survival"].to_numpy()).all()


def test_unknown_event_is_a_library_error(result):
    """A misspelt event raises SimulationError."""
    with pytest.raises(sm.SimulationError, match=r"unknown event \(text of 6 characters\)"):
        result.survival("lapses")  # type: ignore[arg-type]


def test_summary(result):
    """The summary's risks agree with the clients table."""
    row = result.summary().iloc[0]
    clients = result.clients
    assert row["clients"] == 800
    assert row["lapse_risk"] == clients["first_lapse_week"].notna().mean()
    assert row["mean_lapses"] == clients["lapses"].mean()


def test_plots_return_axes(result):
    """plot_survival and plot_weekly draw on matplotlib Axes and return them."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plt = pytest.importorskip("matplotlib.pyplot")
    ax = result.plot_survival(labels=["base"])
    assert ax.get_ylabel() == "share without a lapse"
    assert ax.get_legend().get_texts()[0].get_text() == "base"
    ax = result.plot_weekly("self_efficacy")
    assert ax.get_ylabel() == "self efficacy"
    with pytest.raises(sm.SimulationError):
        result.plot_weekly("nope")
    plt.close("all")


def test_parquet_and_csv(result, tmp_path):
    """Tables write to Parquet (with the run's parameters in the metadata) and CSV."""
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    result.to_parquet(tmp_path / "clients.parquet")
    back = pd.read_parquet(tmp_path / "clients.parquet")
    assert len(back) == 800
    assert back["lapses"].sum() == result.clients["lapses"].sum()
    meta = pq.read_schema(tmp_path / "clients.parquet").metadata[b"strengthmodel.simulation"]
    saved = json.loads(meta)
    assert saved["seed"] == 21
    assert sm.from_dict(saved["parameters"], sm.SimulationParameters) == result.parameters
    result.to_csv(tmp_path / "weekly.csv", table="weekly")
    assert len(pd.read_csv(tmp_path / "weekly.csv")) == 26
    with pytest.raises(sm.SimulationError):
        result.to_csv(tmp_path / "x.csv", table="daily")
