"""Score outcomes: Goal Attainment Scaling, reliable change, and an instrument.

Run it with ``python examples/outcomes.py``. Everything in it is fictional.
"""

from __future__ import annotations

from datetime import date

import numpy as np

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def main() -> None:
    """Print the outcome measures for the demo client and a small cohort."""
    # Goal Attainment Scaling: a worked example, then the demo plan over time.
    print("GAS worked example:", sm.gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6]))
    plan = demo_plan()
    for day in (date(2026, 3, 2), date(2026, 3, 23), date(2026, 4, 6)):
        result = sm.goal_attainment(plan, day)
        print(f"  {day}: T = {result.t_score:.1f} (change {result.change:+.1f})")

    # A synthetic cohort of 5 clients x 3 goals, scored at once.
    rng = np.random.default_rng(7)
    levels = rng.integers(-2, 3, size=(5, 3))
    print("Cohort T-scores:", gas_t_score_rounded(levels))

    # Reliable change on illustrative values from Evans, Margison & Barkham (1998).
    cut = sm.clinical_cutoffs(
        clinical_mean=1.81,
        clinical_sd=0.53,
        functional_mean=0.72,
        functional_sd=0.57,
        higher_is_better=False,
    )
    before = np.array([1.9, 2.1, 1.7, 1.5])
    after = np.array([1.1, 1.7, 1.6, 2.2])
    categories = sm.classify_change(
        before, after, sd=0.53, reliability=0.89, cutoff=cut.c, higher_is_better=False
    )
    print(f"Cut-off c = {cut.c:.4f}; categories: {categories.tolist()}")

    # An instrument, recorded in the plan and rescored from its stored responses.
    phq9 = sm.builtin_instrument("phq-9")
    answers = dict(zip((i.id for i in phq9.items), [2, 2, 1, 1, 0, 1, 1, 0, 1], strict=True))
    plan = sm.ops.administer(plan, phq9, answers, date(2026, 4, 6), id="phq-1", author="dr-lee")
    score = sm.rescore(plan.get("phq-1", sm.Assessment), phq9)
    print(f"PHQ-9: total {score.total:g}, band {score.band}, flags {[f.item for f in score.flags]}")
    print(f"Attribution: {phq9.attribution}")


def gas_t_score_rounded(levels: np.ndarray) -> list[float]:
    """T-scores of a cohort with equal weights, rounded for printing."""
    return [round(float(t), 1) for t in np.atleast_1d(sm.gas_t_score(levels))]


if __name__ == "__main__":
    main()
