"""What the simulation reads from a plan, as arrays.

A plan is turned once into plain numpy arrays (triggers, their strategies in
safety-planning ladder order, skills, goals and pending challenges), so that the
engine never touches records and the inputs travel cheaply to worker processes.
Record ids are kept only as stable 32-bit hashes, which key the random streams (so a
trigger's exposure draws follow the trigger, whatever its position in the plan).
"""

from __future__ import annotations

import hashlib

import attrs
import numpy as np
from numpy.typing import NDArray

from strengthmodel.coping import CopingGraph
from strengthmodel.errors import SimulationError
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.challenges import ChallengeOutcome

__all__ = ["PlanInputs", "plan_inputs", "stable_key"]


def stable_key(text: str) -> int:
    """A stable 32-bit number for an id (the same on every machine and run).

    Examples:
        >>> stable_key("t1")
        936454778
    """
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


@attrs.frozen(kw_only=True, eq=False)
class PlanInputs:
    """A plan reduced to the arrays the engine needs (J triggers, K strategies at most).

    Attributes:
        plan_id: The plan's id.
        trigger_keys: Stream key of each trigger, shape (J,).
        intensity: Each trigger's intensity 1-5, shape (J,).
        efficacy: Efficacy of strategy k of trigger j, shape (J, K), 0 where none.
        has_link: Whether strategy slot (j, k) holds a strategy, shape (J, K).
        link_skill: Skill index of each strategy (0 where none), shape (J, K).
        link_keys: Stream key of each link, shape (J, K).
        mastery: Starting mastery of each skill, shape (S,).
        supports: How many supports each skill relies on, shape (S,).
        skill_keys: Stream key of each skill, shape (S,).
        confidence: Rated confidence 0-10, or None.
        goal_weights: GAS weight of each goal, shape (G,).
        goal_start: Starting level of each goal, shape (G,).
        challenge_goal: Goal index of each pending challenge (-1: none), shape (C,).
        challenge_difficulty: Difficulty of each pending challenge, shape (C,).
    """

    plan_id: str
    trigger_keys: NDArray[np.int64]
    intensity: NDArray[np.int64]
    efficacy: NDArray[np.float64]
    has_link: NDArray[np.bool_]
    link_skill: NDArray[np.int64]
    link_keys: NDArray[np.int64]
    mastery: NDArray[np.float64]
    supports: NDArray[np.int64]
    skill_keys: NDArray[np.int64]
    confidence: int | None
    goal_weights: NDArray[np.float64]
    goal_start: NDArray[np.float64]
    challenge_goal: NDArray[np.int64]
    challenge_difficulty: NDArray[np.float64]

    @property
    def triggers(self) -> int:
        """How many triggers (J)."""
        return len(self.intensity)


def plan_inputs(plan: Plan) -> PlanInputs:
    """Reduce a plan to the engine's arrays.

    Raises:
        SimulationError: The plan is not a ``Plan`` or has no triggers.
    """
    given: object = plan  # checked at run time: callers may pass anything
    if not isinstance(given, Plan):
        msg = f"expected a Plan to simulate, got {type(given).__name__}"
        raise SimulationError(msg)
    if not plan.triggers:
        msg = (
            f"plan {plan.id} has no triggers: the simulation needs at least one high-risk "
            "situation to expose clients to (add one with ops.add_trigger or "
            "PlanBuilder.add_trigger)"
        )
        raise SimulationError(msg)
    graph = CopingGraph.from_plan(plan)
    skills: dict[str, int] = {skill.id: index for index, skill in enumerate(plan.coping_skills)}
    ladders = [graph.strategies_for(trigger.id) for trigger in plan.triggers]
    width = max(1, *(len(ladder) for ladder in ladders))
    shape = (len(ladders), width)
    efficacy = np.zeros(shape)
    has_link = np.zeros(shape, dtype=bool)
    link_skill = np.zeros(shape, dtype=np.int64)
    link_keys = np.zeros(shape, dtype=np.int64)
    for j, (trigger, ladder) in enumerate(zip(plan.triggers, ladders, strict=True)):
        for k, strategy in enumerate(ladder):
            efficacy[j, k] = strategy.efficacy
            has_link[j, k] = True
            link_skill[j, k] = skills[strategy.coping_skill_id]
            link_keys[j, k] = stable_key(f"{trigger.id}\x00{strategy.coping_skill_id}")
    goals = {goal.id: index for index, goal in enumerate(plan.goals)}
    weights = np.array([goal.importance * goal.difficulty for goal in plan.goals], dtype=float)
    if weights.size and not weights.any():
        weights = np.ones_like(weights)
    start = np.array(
        [goal.attainments[-1].level if goal.attainments else goal.baseline for goal in plan.goals],
        dtype=float,
    )
    pending = [
        c
        for c in plan.challenges
        if c.outcome in (ChallengeOutcome.NOT_STARTED, ChallengeOutcome.ATTEMPTED)
    ]
    return PlanInputs(
        plan_id=str(plan.id),
        trigger_keys=np.array([stable_key(t.id) for t in plan.triggers], dtype=np.int64),
        intensity=np.array([t.intensity for t in plan.triggers], dtype=np.int64),
        efficacy=efficacy,
        has_link=has_link,
        link_skill=link_skill,
        link_keys=link_keys,
        mastery=np.array([s.mastery for s in plan.coping_skills], dtype=float),
        supports=np.array([len(s.support_ids) for s in plan.coping_skills], dtype=np.int64),
        skill_keys=np.array([stable_key(s.id) for s in plan.coping_skills], dtype=np.int64),
        confidence=plan.readiness.confidence if plan.readiness is not None else None,
        goal_weights=weights,
        goal_start=start,
        challenge_goal=np.array(
            [goals.get(c.goal_id, -1) if c.goal_id is not None else -1 for c in pending],
            dtype=np.int64,
        ),
        challenge_difficulty=np.array([c.difficulty for c in pending], dtype=float),
    )
