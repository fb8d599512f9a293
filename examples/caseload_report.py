"""A caseload report: where 24 synthetic clients' plans stand, as one pandas table.

Draws a reproducible synthetic caseload (``strengthmodel.testing.sample_plans``), turns it
into one row per plan with ``sm.caseload`` and prints how many steps each plan has made
sufficient, the review's findings by severity, and the Goal Attainment Scaling change of
the plans with agreed goals. With ``--csv FILE`` it also writes the table (no sensitive
text is in it). The same in a notebook: ``examples/notebooks/caseload-outcomes.ipynb``.

Needs pandas and Hypothesis: ``pip install 'strengthmodel[analysis,test]'``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import strengthmodel as sm
from strengthmodel.testing import sample_plans


def main(csv: Path | None = None) -> object:
    """Build the caseload table, print a summary, optionally write it as CSV."""
    table = sm.caseload(sample_plans(24, seed=3), today=date(2026, 7, 1))
    print(f"{len(table)} plans, {len(table.columns)} columns")
    steps = table["steps_sufficient"].value_counts().sort_index()
    print("steps sufficient:", ", ".join(f"{k}: {v} plans" for k, v in steps.items()))
    totals = table[["findings_concern", "findings_warning", "findings_info"]].sum()
    print("findings:", ", ".join(f"{k.removeprefix('findings_')} {v}" for k, v in totals.items()))
    gas = table["gas_change"].dropna()
    print(f"GAS T-score change, {len(gas)} plans with agreed goals: mean {gas.mean():+.1f}")
    assert len(table) == 24
    if csv is not None:
        table.to_csv(csv, index=False)
        print(f"Wrote {csv}")
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="write the caseload table (CSV) here")
    main(parser.parse_args().csv)
