"""``strengthmodel simulate --workers N``: the same results, on N processes."""

import pytest

import strengthmodel as sm
from strengthmodel.cli import main


def test_workers_give_the_same_results(tmp_path, plan):
    pd = pytest.importorskip("pandas")
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(sm.dumps(plan), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"clients-{workers}.parquet"
        args = ["--clients", "20000", "--weeks", "6", "--seed", "3", "--workers", workers]
        assert main(["simulate", str(plan_file), *args, "--out", str(out), "--no-progress"]) == 0
        outputs.append(pd.read_parquet(out))
    pd.testing.assert_frame_equal(outputs[0], outputs[1])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "--workers: expected a whole number, got text of 3 characters"),
        ("0", "--workers: expected"),
    ],
)
def test_bad_workers_get_one_line(tmp_path, plan, capsys, value, message):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(sm.dumps(plan), encoding="utf-8")
    assert main(["simulate", str(plan_file), "--workers", value, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("strengthmodel: error: ")
    assert message in err
    assert len(err.splitlines()) == 1


def test_output_files_must_be_parquet_or_csv(tmp_path, plan, capsys):
    """An output named otherwise is refused before anything runs (no Parquet in a .txt)."""
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(sm.dumps(plan), encoding="utf-8")
    out = tmp_path / "res.txt"
    assert main(["simulate", str(plan_file), "--out", str(out), "--no-progress"]) == 2
    assert capsys.readouterr().err == (
        f"strengthmodel: error: --out: expected a file ending in .parquet or .csv, "
        f"got {str(out)!r}\n"
    )
    assert not out.exists()


def test_a_missing_output_folder_is_named(tmp_path, plan, capsys):
    pytest.importorskip("pandas")
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(sm.dumps(plan), encoding="utf-8")
    args = ["--clients", "20", "--weeks", "2", "--no-progress", "--out"]
    assert main(["simulate", str(plan_file), *args, str(tmp_path / "nodir" / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("strengthmodel: error: ")
    assert "None" not in err
    assert "nodir" in err
