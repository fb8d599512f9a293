import pytest

import strengthmodel as sm
from strengthmodel.cli import main


@pytest.fixture
def plan_file(tmp_path, plan):
    path = tmp_path / "plan.json"
    path.write_text(sm.dumps(plan), encoding="utf-8")
    return path


def test_simulate_prints_a_summary_and_writes_parquet(plan_file, tmp_path, capsys):
    """The command prints the summary table and writes one row per client."""
    pd = pytest.importorskip("pandas")
    out = tmp_path / "results.parquet"
    weekly = tmp_path / "weekly.csv"
    args = [str(plan_file), "--clients", "300", "--weeks", "12", "--seed", "4"]
    status = main(["simulate", *args, "--out", str(out), "--weekly", str(weekly)])
    captured = capsys.readouterr()
    assert status == 0
    lines = captured.out.splitlines()
    assert lines[0] == "Simulated 300 clients for 12 weeks (seed 4), plan plan-sim"
    assert [line.split()[0] for line in lines[1:8]] == [
        "lapse_risk",
        "relapse_risk",
        "mean_lapses",
        "mean_relapses",
        "median_weeks_to_lapse",
        "final_self_efficacy",
        "final_gas_t",
    ]
    assert lines[-2:] == [f"Wrote {out}", f"Wrote {weekly}"]
    expected = sm.simulate(sm.loads(plan_file.read_text(), sm.Plan), clients=300, weeks=12, seed=4)
    pd.testing.assert_frame_equal(
        pd.read_parquet(out), expected.clients, check_categorical=False, check_dtype=False
    )
    assert len(pd.read_csv(weekly)) == 12


def test_simulate_reads_parameters(plan_file, tmp_path, capsys):
    """--parameters loads SimulationParameters saved as JSON."""
    params = tmp_path / "params.json"
    params.write_text(sm.dumps(sm.SimulationParameters(lapse_scale=0.0)), encoding="utf-8")
    args = [str(plan_file), "--clients", "50", "--weeks", "5", "--parameters", str(params)]
    assert main(["simulate", *args, "--no-progress"]) == 0
    assert "  lapse_risk              0\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--clients", "ten"], "--clients: expected a whole number, got text of 3 characters"),
        (["--weeks", "0"], "--weeks: expected an integer from 1 to 5200, got 0"),
    ],
)
def test_bad_numbers_exit_2_with_one_line(plan_file, capsys, extra, message):
    """A bad number is one line on stderr and exit status 2."""
    assert main(["simulate", str(plan_file), "--no-progress", *extra]) == 2
    err = capsys.readouterr().err
    assert err == f"strengthmodel: error: {message}\n"


def test_bad_files_exit_2_with_one_line(plan_file, tmp_path, capsys):
    """A missing file, an invalid plan or parameters, a plan without triggers: one line, 2."""
    none = tmp_path / "none.json"
    assert main(["simulate", str(none), "--no-progress"]) == 2
    assert capsys.readouterr().err == f"strengthmodel: error: {none}: no such file\n"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "strengthmodel.plan", "version": 1}', encoding="utf-8")
    assert main(["simulate", str(bad), "--no-progress"]) == 2
    assert capsys.readouterr().err == (
        f"strengthmodel: error: {bad}: not a valid plan (4 problems; first: $.id: required "
        f"key missing); see: strengthmodel validate {bad}\n"
    )
    params = tmp_path / "params.json"
    params.write_text('{"format": "strengthmodel.plan", "version": 1}', encoding="utf-8")
    assert main(["simulate", str(plan_file), "--no-progress", "--parameters", str(params)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"strengthmodel: error: {params}: $.format: expected ")
    assert err.count("\n") == 1
    empty = tmp_path / "empty.json"
    empty.write_text(
        sm.dumps(sm.PlanBuilder("c", author="dr-lee").add_concern("Stuck").build()),
        encoding="utf-8",
    )
    assert main(["simulate", str(empty), "--no-progress"]) == 2
    assert "has no triggers" in capsys.readouterr().err
