"""Realistic user code that must type-check under mypy --strict (not run by pytest)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import strengthmodel as sm
from strengthmodel.ids import GoalId, StrengthId


def build() -> sm.Plan:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    plan = sm.Plan.new(sm.Client(pseudonym="c-1"), author="dr-a", at=at)
    plan = sm.ops.add_strength(
        plan, "Gardening", sm.StrengthCategory.INTEREST, id="s1", author="dr-a", at=at
    )
    goal = sm.Goal(
        id=GoalId("g1"),
        statement="Grow tomatoes",
        strength_ids=(StrengthId("s1"),),
        importance=2,
        difficulty=1,
    )
    plan = sm.apply(
        plan, sm.AddRecord(record=goal), expected_revision=plan.revision, author="dr-lee"
    )
    found: sm.Goal = plan.get("g1", sm.Goal)
    weight: int = found.weight
    assert weight == 2
    return (
        sm.PlanBuilder(plan=plan, author="dr-a")
        .rate_goal("g1", 0, date(2026, 2, 1))
        .add_trigger("Heatwave", sm.TriggerCategory.NEGATIVE_PHYSICAL_STATES)
        .build()
    )


def report(plan: sm.Plan) -> list[str]:
    out: list[str] = []
    for step, progress in sm.progress(plan).items():
        status: sm.StepStatus = progress.status
        out.append(f"{step.number} {status.value} {len(progress.missing)}")
    out.extend(suggestion.reason for suggestion in sm.next_steps(plan))
    return out


def handle(plan: sm.Plan) -> sm.Plan | None:
    try:
        return sm.apply(
            plan, sm.SetStage(stage=sm.StageOfChange.ACTION), expected_revision=0, author="dr-lee"
        )
    except sm.ConflictError as error:
        print(error.expected, error.actual)  # noqa: T201
    except sm.ValidationError as error:
        for problem in error.problems:
            print(problem.path, problem.message)  # noqa: T201
    return None


def outcomes(plan: sm.Plan) -> float:
    t: float = sm.gas_t_score([-2, 0, 1], [3, 2, 1])
    change: sm.ReliableChange = sm.reliable_change(1.8, 1.2, sd=0.53, reliability=0.89)
    category: sm.ChangeCategory = sm.classify_change(
        1.8, 1.2, sd=0.53, reliability=0.89, cutoff=1.28, higher_is_better=False
    )
    phq9: sm.Instrument = sm.builtin_instrument("phq-9")
    score: sm.InstrumentScore = phq9.score({item.id: 0 for item in phq9.items})
    attainment: sm.GoalAttainment = sm.goal_attainment(plan, date(2026, 3, 1))
    graph = sm.CopingGraph.from_plan(plan)
    strategies: tuple[sm.Strategy, ...] = graph.strategies_for("t1")
    findings: list[sm.Finding] = sm.review(plan, today=date(2026, 3, 1))
    findings += sm.review(plan, ignore={"SM111"})  # any iterable of codes type-checks
    text: str = sm.dumps(plan)
    again: sm.Plan = sm.loads(text, sm.Plan)
    del category, score, strategies, findings, again
    return t + change.index + attainment.t_score


def study(plan: sm.Plan, better: sm.Plan) -> float:
    import attrs  # noqa: PLC0415 - kept local to this example

    params = attrs.evolve(sm.SimulationParameters(), lapse_scale=1.2)
    result: sm.SimulationResult = sm.simulate(
        plan, clients=500, weeks=26, seed=3, parameters=params
    )
    lapses = result.client_array("lapses")
    comparison: sm.Comparison = sm.compare(plan, better, clients=500)
    target = sm.SurvivalTarget.from_points([(12, 0.7), (26, 0.5)])
    fitted: sm.FitResult = sm.fit(plan, target=target, vary=("lapse_scale",))
    problems: tuple[sm.Problem, ...] = ()
    try:
        sm.simulate(plan, clients=0)
    except sm.ValidationError as error:
        problems = error.problems
    return float(lapses.mean()) + fitted.error + len(comparison.differences) + len(problems)


def exchange(plan: sm.Plan) -> sm.Plan:
    bundle: dict[str, object] = sm.to_fhir(plan, include_sensitive=True)
    page: str = sm.render(plan, format="markdown", audience="clinician", today=date(2026, 3, 1))
    del page
    return sm.from_fhir(bundle, author="importer")


def research_export(plan: sm.Plan, key: bytes) -> sm.Plan:
    research: sm.Plan = sm.deidentify(plan, key=key, placeholder="[gone]")
    shift: timedelta = sm.date_shift(plan, key=key)
    stage: sm.StageOfChange | None = sm.goal_stage(research, "g1", on=date(2026, 3, 1) + shift)
    lapses: tuple[sm.Lapse, ...] = research.lapses
    resources: tuple[sm.Resource, ...] = research.resources
    ratings: tuple[sm.ReadinessRating, ...] = research.readiness_ratings
    direction: sm.Direction | None = sm.builtin_instrument("phq-9").items[0].direction
    del stage, lapses, resources, ratings, direction
    return sm.ops.add_lapse(
        research, date(2026, 3, 2) + shift, became_relapse=False, author="dr-lee"
    )


def caseload(plans: list[sm.Plan], path: str) -> int:
    with open(path, "wb") as out:  # noqa: PTH123 - what users write
        written: int = sm.dump_lines(plans, out)
    with open(path, "rb") as stream:  # noqa: PTH123
        back: list[sm.Plan] = list(sm.iter_loads(stream))
    goals: list[sm.Goal] = list(sm.iter_loads([b"{}"], sm.Goal))
    line: int | None = None
    try:
        list(sm.iter_loads([b"{}"]))
    except sm.ValidationError as error:
        line = error.line
    return written + len(back) + len(goals) + (line or 0)


def notebook(plans: list[sm.Plan]) -> int:
    html: str = plans[0]._repr_html_()
    shown: str = sm.show(plans[0], include_sensitive=True)._repr_html_()
    findings: sm.Findings = sm.review(plans[0], today=date(2026, 3, 1))
    first: list[sm.Finding] = findings[:1]
    tables = sm.frames(plans, include_sensitive=False)
    table = sm.caseload(plans, on=date(2026, 3, 1), today=date(2026, 3, 1))
    return len(html) + len(shown) + len(first) + len(tables["goals"]) + len(table)
