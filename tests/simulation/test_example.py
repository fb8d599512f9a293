import runpy
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "simulate_plan.py"


def test_example_draws_the_tutorial_plot(tmp_path, capsys):
    """The example behind the tutorial's image runs, lowers lapse risk and writes a PNG."""
    module = runpy.run_path(str(EXAMPLE))
    out = tmp_path / "survival.png"
    comparison = module["main"](out)
    printed = capsys.readouterr().out
    assert printed.startswith("Riskiest trigger: trigger-evenings\n")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    row = comparison.differences.set_index("metric").loc["lapse_risk"]
    assert round(row["difference"], 3) == -0.142
