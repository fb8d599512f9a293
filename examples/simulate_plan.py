"""What does a second strategy for the riskiest trigger buy? A simulation study.

Simulates the demo client's plan with and without the "call my sister" strategy for its
riskiest trigger, on the same 5,000 simulated clients (common random numbers), and
prints the paired differences. With ``--plot FILE`` it also draws the two lapse-free
curves (the image in the simulation tutorial is made this way:
``python examples/simulate_plan.py --plot docs/images/simulate-survival.png``).

Needs the ``sim`` extra: ``pip install 'strengthmodel[sim]'``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def plans() -> tuple[sm.Plan, sm.Plan, str]:
    """The plan without and with a second strategy for its riskiest trigger."""
    with_help = demo_plan()
    riskiest = max(with_help.triggers, key=lambda t: t.intensity)
    without_help = sm.apply(
        with_help,
        sm.UnlinkCoping(trigger_id=riskiest.id, coping_skill_id="coping-call-sister"),
        author="researcher",
    )
    return without_help, with_help, riskiest.id


def main(plot: Path | None = None) -> sm.Comparison:
    """Compare the two plans; print the differences; optionally save the plot."""
    without_help, with_help, riskiest = plans()
    comparison = sm.compare(without_help, with_help, clients=5000, weeks=52, seed=2026)
    print(f"Riskiest trigger: {riskiest}")
    print("B (with 'call my sister') minus A (without), 5000 clients, 52 weeks:")
    table = comparison.differences.set_index("metric")
    for metric, row in table.iterrows():
        print(
            f"  {metric:<20} A {row['a']:7.3f}  B {row['b']:7.3f}  "
            f"B-A {row['difference']:+.3f} [{row['lower']:+.3f}, {row['upper']:+.3f}]"
        )
    lapse = table.loc["lapse_risk"]
    assert lapse["upper"] < 0, "the second strategy should lower the lapse risk"
    with tempfile.TemporaryDirectory(prefix="strengthmodel-") as folder:
        saved = Path(folder) / "clients.parquet"
        comparison.result.to_parquet(saved)
        run = sm.SimulationResult.read_parquet_metadata(saved)
        print(
            f"Saved one row per client; to run it again: seed {run['seed']}, "
            f"{run['clients']} clients x {run['weeks']} weeks, plans {run['plan_ids']}"
        )
    if plot is not None:
        import matplotlib as mpl  # noqa: PLC0415 - only for the picture
        from matplotlib.figure import Figure  # noqa: PLC0415

        mpl.use("Agg")
        ax = comparison.result.plot_survival(labels=["without 'call my sister'", "with it"])
        ax.set_title("Share of simulated clients without a lapse")
        figure = ax.figure  # the Figure the Axes is drawn on (matplotlib types it loosely)
        assert isinstance(figure, Figure)
        figure.savefig(plot, dpi=100, bbox_inches="tight", metadata={"Software": None})
        print(f"Wrote {plot}")
    return comparison


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", type=Path, help="save the survival plot (PNG) here")
    main(parser.parse_args().plot)
