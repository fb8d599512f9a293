"""Is this relapse-prevention plan robust? The coping graph and the review.

Run it with ``python examples/coping_graph.py [--png graph.png]``. Everything in it is
fictional. With ``--png`` (and the ``plot`` extra) it also draws the graph.
"""

from __future__ import annotations

import argparse
from datetime import date

import strengthmodel as sm
from strengthmodel.demo import demo_plan


def main(argv: list[str] | None = None) -> None:
    """Query the demo plan's coping graph, review it, strengthen it, review again."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--png", help="draw the graph to this PNG file (needs matplotlib)")
    args = parser.parse_args(argv)

    plan = demo_plan()
    graph = sm.CopingGraph.from_plan(plan)
    print("Strategies for the lonely evenings, in the order to try them:")
    for s in graph.strategies_for("trigger-evenings"):
        print(f"  {s.coping_skill_id:20} {s.level.value:15} efficacy x mastery = {s.score:.2f}")
    print("Triggers with fewer than two strategies:", graph.uncovered(2))
    print("Triggers that reach no person or service:", graph.uncovered(require_person=True))
    for point in graph.single_points_of_failure():
        print(f"Losing {point.record_kind} {point.record_id!r} strands {list(point.strands)}")
    for idea in graph.suggestions("trigger-pub"):
        print(f"Idea from {idea.strength_id}: {idea.idea} ({idea.reason})")

    today = date(2026, 5, 1)
    print("\nReview:")
    for finding in sm.review(plan, today=today):
        print(f"  {finding.code} [{finding.severity.value}] {finding.message}")

    # Act on the review: a second strategy for the pub, relying on a person.
    plan = (
        sm.PlanBuilder(plan=plan, author="clinician-01")
        .add_coping_skill(
            "Go to the woodshop instead",
            level=sm.CopingLevel.SOCIAL_DISTRACTION,
            strength_ids=["strength-woodshop"],
            support_ids=["support-sister"],
            mastery=0.5,
            id="coping-woodshop",
        )
        .link_coping("trigger-pub", "coping-woodshop", efficacy=0.6)
        .build()
    )
    graph = sm.CopingGraph.from_plan(plan)
    print("\nAfter adding a second strategy:")
    print("  single points of failure:", [p.record_id for p in graph.single_points_of_failure()])
    print("  findings:", [f.code for f in sm.review(plan, today=today)])
    print(f"  coverage: {graph.coverage().share_reaching_a_person:.0%} of triggers reach a person")
    print("\nMermaid:\n" + graph.mermaid())
    if args.png:
        import matplotlib as mpl  # noqa: PLC0415 - only with --png (the plot extra)
        from matplotlib.figure import Figure  # noqa: PLC0415

        mpl.use("Agg")
        ax = graph.plot()
        figure = ax.figure  # the Figure the Axes is drawn on (matplotlib types it loosely)
        assert isinstance(figure, Figure)
        figure.savefig(args.png, dpi=120, bbox_inches="tight")
        print(f"Drew the graph to {args.png}")


if __name__ == "__main__":
    main()
