"""History speed: building a plan by `apply`, `replay` and `loads`, per change, at three sizes.

For histories of 100, 1,000 and 10,000 changes (a realistic mix: records of every step
added, goals rated, coping links made, some records replaced and removed), times
building the plan change by change with `apply`, rebuilding it with `replay`, and
loading its JSON with `loads` (which parses, decodes, verifies the hash chain and
replays the history to check the snapshot). Prints the cost per change and the ratio of
the per-change cost at each size to the cost at 100 changes: a linear algorithm keeps
that ratio near 1.

Also reports what the integrity check costs on `loads`: the time of `replay` (hash
chain plus re-applying every change) as a share of `loads`.

Run: ``python benchmarks/history.py [--rounds N] [--markdown]``.
"""

from __future__ import annotations

import argparse
import itertools
from datetime import UTC, date, datetime, timedelta

from _timing import median_seconds

import strengthmodel as sm

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def changes(count: int) -> list[sm.plans.changes.AnyChange]:  # noqa: C901 - one branch per kind of change
    """A deterministic, realistic sequence of ``count`` changes after the opening."""
    out: list[sm.plans.changes.AnyChange] = []
    strengths: list[str] = []
    triggers: list[str] = []
    skills: list[str] = []
    goals: list[tuple[str, int]] = []
    for n in itertools.count():
        if len(out) >= count:
            break
        step = n % 10
        if step == 0:
            sid = f"s{n}"
            strengths.append(sid)
            out.append(
                sm.AddRecord(
                    record=sm.Strength(id=sid, name="Steady", category=sm.StrengthCategory.SKILL)  # type: ignore[arg-type]
                )
            )
        elif step == 1:
            tid = f"t{n}"
            triggers.append(tid)
            out.append(
                sm.AddRecord(
                    record=sm.Trigger(
                        id=tid,  # type: ignore[arg-type]
                        description="Evenings",
                        category=sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES,
                    )
                )
            )
        elif step == 2:
            kid = f"k{n}"
            skills.append(kid)
            out.append(
                sm.AddRecord(
                    record=sm.CopingSkill(id=kid, name="Walk", strength_ids=(strengths[-1],))  # type: ignore[arg-type]
                )
            )
        elif step == 3:
            out.append(
                sm.LinkCoping(
                    link=sm.CopingLink(trigger_id=triggers[-1], coping_skill_id=skills[-1])  # type: ignore[arg-type]
                )
            )
        elif step == 4:
            gid = f"g{n}"
            goals.append((gid, 0))
            out.append(
                sm.AddRecord(
                    record=sm.Goal(id=gid, statement="Walk daily", strength_ids=(strengths[-1],))  # type: ignore[arg-type]
                )
            )
        elif step == 5:
            gid, ratings = goals[-1]
            goals[-1] = (gid, ratings + 1)
            out.append(
                sm.RecordAttainment(
                    goal_id=gid,  # type: ignore[arg-type]
                    attainment=sm.Attainment(
                        rated_on=date(2026, 1, 5) + timedelta(days=ratings), level=0
                    ),
                )
            )
        elif step == 6:
            out.append(sm.AddRecord(record=sm.Concern(id=f"c{n}", text="Sleep")))  # type: ignore[arg-type]
        elif step == 7:
            out.append(
                sm.ReplaceRecord(
                    record=sm.Concern(id=f"c{n - 1}", text="Sleep, better now")  # type: ignore[arg-type]
                )
            )
        elif step == 8:
            out.append(sm.RemoveRecord(record_id=f"c{n - 2}"))  # type: ignore[arg-type]
        else:
            out.append(sm.SetStage(stage=sm.StageOfChange.ACTION))
    return out


def build(sequence: list[sm.plans.changes.AnyChange]) -> sm.Plan:
    """Apply every change in turn, as an app would."""
    plan = sm.Plan.new(sm.Client(pseudonym="bench"), author="bench", at=T0)
    for n, change in enumerate(sequence, start=1):
        plan = sm.apply(plan, change, author="bench", at=T0 + timedelta(seconds=n))
    return plan


def main() -> None:
    """Time apply, replay and loads at three sizes and print per-change costs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rows = []
    for size in (100, 1_000, 10_000):
        sequence = changes(size)
        plan = build(sequence)
        text = sm.dumps(plan)
        assert sm.replay(plan.history) == plan
        assert sm.loads(text, sm.Plan) == plan
        rounds = max(1, args.rounds if size < 10_000 else args.rounds // 2)
        t_apply = median_seconds(lambda s=sequence: build(s), rounds, warmup=1)
        t_replay = median_seconds(lambda p=plan: sm.replay(p.history), rounds, warmup=1)
        t_loads = median_seconds(lambda t=text: sm.loads(t, sm.Plan), rounds, warmup=1)
        rows.append((size, t_apply, t_replay, t_loads, len(text)))
    base = {
        name: rows[0][i] / rows[0][0] for i, name in ((1, "apply"), (2, "replay"), (3, "loads"))
    }
    header = (
        "| changes | apply per change | ratio to 100 | replay per change | ratio to 100 "
        "| replay total | loads per change | ratio to 100 | integrity share of loads |"
    )
    print(header)
    print("|" + " --- |" * 9)
    for size, t_apply, t_replay, t_loads, _ in rows:
        per = {"apply": t_apply / size, "replay": t_replay / size, "loads": t_loads / size}
        print(
            f"| {size:,} | {per['apply'] * 1e6:.1f} µs | {per['apply'] / base['apply']:.2f}x "
            f"| {per['replay'] * 1e6:.1f} µs | {per['replay'] / base['replay']:.2f}x "
            f"| {t_replay:.3f} s | {per['loads'] * 1e6:.1f} µs "
            f"| {per['loads'] / base['loads']:.2f}x | {t_replay / t_loads:.0%} |"
        )


if __name__ == "__main__":
    main()
