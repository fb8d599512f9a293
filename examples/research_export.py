"""De-identify a plan for research, and check that what research needs is unchanged.

Run: python examples/research_export.py
"""

from __future__ import annotations

import secrets
import tempfile
from datetime import date
from pathlib import Path

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def main() -> sm.Plan:
    """Export the demo plan de-identified; compare review, coverage and T-score."""
    plan = demo_plan()
    key = secrets.token_bytes(32)  # in practice: read it from a file kept apart
    research = sm.deidentify(plan, key=key)
    shift = sm.date_shift(plan, key=key)

    on = date(2026, 4, 27)
    before = sm.goal_attainment(plan, on).t_score
    after = sm.goal_attainment(research, on + shift).t_score
    print(f"client {plan.client.pseudonym} -> {research.client.pseudonym}")
    print(f"GAS T-score on the (shifted) date: {before:.2f} -> {after:.2f}")
    print("review codes:", [f.code for f in sm.review(research, today=on + shift)])
    coverage = sm.CopingGraph(research).coverage()
    print(f"triggers covered: {coverage.covered} of {coverage.triggers}")

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "research.json"
        out.write_text(sm.dumps(research), encoding="utf-8")
        text = out.read_text(encoding="utf-8")
        assert "Robin" not in text
        assert "+44 7700" not in text
        print(f"wrote {len(text)} characters; no name, number or client words in them")
    return research


if __name__ == "__main__":
    main()
