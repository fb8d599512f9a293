"""Coping graph speed and scaling, against a plain-dict implementation in the same run.

For plans of 20, 200 and 2,000 triggers (3 strategies each, two coping skills per
trigger, 1.5 strengths per trigger, a support for every fourth skill) and for a caseload
of 10,000 typical plans (20 triggers, 40 coping skills), times "build the graph and answer
every query": ranked strategies for every trigger, uncovered triggers (plain and requiring
a person), single points of failure, unused strengths, coverage, and suggestions for one
trigger. The plain-dict version answers the same queries from dicts built from the plan,
without networkx; both give the same answers (checked).

Run: ``python benchmarks/graph.py [--rounds N] [--caseload N] [--markdown]``.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from datetime import UTC, datetime
from typing import Any

from _timing import median_seconds

import strengthmodel as sm
from strengthmodel.ids import CopingSkillId, PlanId, StrengthId, SupportId, TriggerId


def make_plan(triggers: int, *, seed: int = 0) -> sm.Plan:
    """A plan snapshot with ``triggers`` triggers and three strategies for each."""
    skills = 2 * triggers
    strengths = tuple(
        sm.Strength(
            id=StrengthId(f"s{i}"), name=f"Strength {i}", category=sm.StrengthCategory.SKILL
        )
        for i in range(triggers * 3 // 2)
    )
    supports = tuple(
        sm.Support(id=SupportId(f"p{i}"), name=f"Support {i}", role=sm.SupportRole.HELP)
        for i in range(max(1, skills // 4))
    )
    levels = list(sm.CopingLevel)
    coping = tuple(
        sm.CopingSkill(
            id=CopingSkillId(f"c{i}"),
            name=f"Coping {i}",
            level=levels[(i + seed) % 5],
            strength_ids=(StrengthId(f"s{(i * 7 + seed) % len(strengths)}"),),
            support_ids=(SupportId(f"p{i // 4}"),) if i % 4 == 0 else (),
            mastery=((i * 3 + seed) % 10) / 10,
        )
        for i in range(skills)
    )
    trigger_records = tuple(
        sm.Trigger(
            id=TriggerId(f"t{i}"),
            description=f"Trigger {i}",
            category=list(sm.TriggerCategory)[i % 8],
            intensity=1 + i % 5,
        )
        for i in range(triggers)
    )
    links = tuple(
        sm.CopingLink(
            trigger_id=TriggerId(f"t{i}"),
            coping_skill_id=CopingSkillId(f"c{(2 * i + k * 7 + seed) % skills}"),
            efficacy=((i + k) % 10) / 10,
        )
        for i in range(triggers)
        for k in range(3)
    )
    # Built through its history, as every plan is (opening, then one change per record).
    at = datetime(2026, 1, 1, tzinfo=UTC)
    plan = sm.Plan.new(
        sm.Client(pseudonym=f"client-{seed}"),
        plan_id=PlanId(f"plan-{triggers}-{seed}"),
        author="bench",
        at=at,
    )
    records = (*strengths, *supports, *coping, *trigger_records)
    for record in records:
        plan = sm.apply(plan, sm.AddRecord(record=record), author="bench", at=at)
    for link in links:
        plan = sm.apply(plan, sm.LinkCoping(link=link), author="bench", at=at)
    return plan


def with_library(plan: sm.Plan) -> tuple[Any, ...]:
    """Build the CopingGraph and answer every query."""
    graph = sm.CopingGraph.from_plan(plan)
    strategies = [[s.coping_skill_id for s in graph.strategies_for(t.id)] for t in plan.triggers]
    points = [(p.record_id, p.strands) for p in graph.single_points_of_failure()]
    cover = graph.coverage()
    ideas = graph.suggestions(plan.triggers[0].id) if plan.triggers else ()
    return (
        strategies,
        graph.uncovered(),
        graph.uncovered(require_person=True),
        points,
        graph.unused_strengths(),
        (cover.covered, cover.reaching_a_person),
        len(ideas),
    )


def with_dicts(plan: sm.Plan) -> tuple[Any, ...]:
    """The same queries from plain dicts, without networkx."""
    skills = {c.id: c for c in plan.coping_skills}
    deps = {c.id: frozenset((*c.strength_ids, *c.support_ids)) for c in plan.coping_skills}
    links: dict[str, list[tuple[str, float]]] = {t.id: [] for t in plan.triggers}
    for link in plan.coping_links:
        links[link.trigger_id].append((link.coping_skill_id, link.efficacy))
    strategies = [
        [
            skill
            for skill, _ in sorted(
                links[t.id],
                key=lambda pair: (skills[pair[0]].level.rung, -pair[1] * skills[pair[0]].mastery),
            )
        ]
        for t in plan.triggers
    ]
    reaches = {t.id: any(skills[s].support_ids for s, _ in links[t.id]) for t in plan.triggers}
    uncovered = tuple(t.id for t in plan.triggers if not links[t.id])
    no_person = tuple(t.id for t in plan.triggers if not links[t.id] or not reaches[t.id])
    strands: dict[str, list[str]] = {}
    for t in plan.triggers:
        ids = {s for s, _ in links[t.id]}
        if not ids:
            continue
        if len(ids) == 1:
            strands.setdefault(next(iter(ids)), []).append(t.id)
        for dep in functools.reduce(frozenset.intersection, (deps[s] for s in ids)):
            strands.setdefault(dep, []).append(t.id)
    order = (
        [c.id for c in plan.coping_skills]
        + [s.id for s in plan.strengths]
        + [p.id for p in plan.supports]
    )
    points = [(rid, tuple(strands[rid])) for rid in order if rid in strands]
    used = {s for c in plan.coping_skills for s in c.strength_ids}
    used.update(s for g in plan.goals for s in g.strength_ids)
    unused = tuple(s.id for s in plan.strengths if s.id not in used)
    covered = sum(1 for t in plan.triggers if links[t.id])
    people = sum(1 for t in plan.triggers if reaches[t.id])
    return (strategies, uncovered, no_person, points, unused, (covered, people), len(unused))


def run(rounds: int, caseload: int) -> list[dict[str, Any]]:
    """Time both implementations at each size, and over a caseload."""
    rows = []
    for size in (20, 200, 2000):
        plan = make_plan(size)
        assert with_library(plan) == with_dicts(plan), size
        n = max(3, rounds // (size // 20))
        ours = median_seconds(lambda p=plan: with_library(p), n)
        plain = median_seconds(lambda p=plan: with_dicts(p), n)
        rows.append({"case": f"{size} triggers", "triggers": size, "ours": ours, "plain": plain})
    plans = [make_plan(20, seed=seed) for seed in range(caseload)]
    for p in plans[:50]:
        assert with_library(p) == with_dicts(p)
    start = time.perf_counter()
    for p in plans:
        with_library(p)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for p in plans:
        with_dicts(p)
    plain = time.perf_counter() - start
    rows.append(
        {
            "case": f"caseload of {caseload:,} plans",
            "triggers": 20 * caseload,
            "ours": ours,
            "plain": plain,
        }
    )
    return rows


def report(rows: list[dict[str, Any]], *, markdown: bool) -> str:
    """Render the timings, ratios and per-trigger costs."""
    lines = []
    if markdown:
        lines += [
            "| case | CopingGraph (ms) | plain dicts (ms) | ratio | µs per trigger (ours) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
    for row in rows:
        per = row["ours"] / row["triggers"] * 1e6
        cells = (
            row["case"],
            f"{row['ours'] * 1000:.3f}",
            f"{row['plain'] * 1000:.3f}",
            f"{row['ours'] / row['plain']:.2f}x",
            f"{per:.1f}",
        )
        if markdown:
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(
                f"{cells[0]:28} ours {cells[1]:>10} ms  plain {cells[2]:>10} ms  "
                f"ratio {cells[3]:>6}  {cells[4]:>6} µs/trigger"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--caseload", type=int, default=10_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    print(report(run(args.rounds, args.caseload), markdown=args.markdown))


if __name__ == "__main__":
    sys.exit(main())
