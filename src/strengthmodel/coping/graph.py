"""The coping graph's index and queries: does a relapse-prevention plan hold?

[`CopingGraph`][strengthmodel.CopingGraph] is a read-only view derived from a plan (the
plan stays the only source of truth). Its queries run on a small index of plain dicts
built from the plan (each coping skill by id, each trigger's links in the order they
were made); the networkx ``DiGraph`` is built only when an export or a caller asks for
it ([`CopingGraph.graph`][strengthmodel.CopingGraph.graph]).

Strategies for a trigger are ranked on the safety-planning ladder (Stanley & Brown 2012):
coping alone first, then people and places that distract, asking for help,
professionals, and crisis services; within a rung, by efficacy x mastery. A coping skill
is taken to need every strength and support it draws on, so losing any one of them loses
the skill: that is what
[`single_points_of_failure`][strengthmodel.CopingGraph.single_points_of_failure] looks
for, in time linear in the plan.
"""

from __future__ import annotations

import functools
import itertools
import typing
from typing import Any

from strengthmodel._describe import describe_value
from strengthmodel._fields import trusted
from strengthmodel.coping import draw, export, ideas
from strengthmodel.coping.results import (
    COPING_SKILL,
    STRENGTH,
    SUPPORT,
    TRIGGER,
    Coverage,
    LevelCount,
    SinglePointOfFailure,
    Strategy,
    Suggestion,
)
from strengthmodel.errors import Problem, UnknownRecordError, ValidationError
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.staying_well import CopingLevel, CopingSkill, Trigger

if typing.TYPE_CHECKING:  # only for annotations: networkx and matplotlib load lazily
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = ["CopingGraph"]

_new = object.__new__
_set = object.__setattr__
# Enum members hash in Python (by name), which dominated the queries' profile; members are
# singletons, so their id() is a faster key for the same lookup.
_RUNG_BY_ID: dict[int, int] = {id(level): level.rung for level in CopingLevel}


class CopingGraph:
    """The trigger / coping skill / strength / support network of a plan.

    Build it with [`CopingGraph.from_plan`][strengthmodel.CopingGraph.from_plan]; it
    never changes the plan. Queries use a plain index of the plan; the networkx graph
    ([`graph`][strengthmodel.CopingGraph.graph]) is built on first use, for exports.

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> graph = CopingGraph.from_plan(demo_plan())
        >>> [s.coping_skill_id for s in graph.strategies_for("trigger-evenings")]
        ['coping-sanding', 'coping-call-sister']
        >>> graph.uncovered()
        ()
    """

    __slots__ = ("_deps", "_links", "_nx", "_plan", "_reach", "_skills", "_unused")

    def __init__(self, plan: Plan) -> None:
        """Derive the graph from ``plan``."""
        if not isinstance(plan, Plan):
            raise ValidationError([Problem("plan", f"expected Plan, got {type(plan).__name__}")])
        self._plan = plan
        self._skills: dict[str, CopingSkill] = {c.id: c for c in plan.coping_skills}
        self._links: dict[str, list[tuple[str, float]]] = {t.id: [] for t in plan.triggers}
        for link in plan.coping_links:
            self._links[link.trigger_id].append((link.coping_skill_id, link.efficacy))
        self._deps: dict[str, frozenset[str]] | None = None
        self._reach: dict[str, bool] | None = None
        self._unused: tuple[str, ...] | None = None
        self._nx: nx.DiGraph[str] | None = None

    @classmethod
    def from_plan(cls, plan: Plan) -> CopingGraph:
        """Derive the coping graph of a plan."""
        return cls(plan)

    def __repr__(self) -> str:
        """Counts only (labels may be sensitive)."""
        plan = self._plan
        nodes = (
            len(plan.triggers)
            + len(plan.warning_signs)
            + len(plan.coping_skills)
            + len(plan.strengths)
            + len(plan.supports)
        )
        edges = (
            len(plan.coping_links)
            + sum(len(c.strength_ids) + len(c.support_ids) for c in plan.coping_skills)
            + sum(len(w.trigger_ids) for w in plan.warning_signs)
        )
        return f"CopingGraph(plan={plan.id!r}, nodes={nodes}, edges={edges})"

    def _display_html_(self, *, include_sensitive: bool) -> str:
        from strengthmodel.coping._display import coping_graph_html  # noqa: PLC0415 - on use

        return coping_graph_html(self, include_sensitive=include_sensitive)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    @property
    def graph(self) -> nx.DiGraph[str]:
        """The networkx graph (frozen), built on first use; see `coping.export.to_networkx`.

        Nodes are record ids with primitive attributes only (``kind``, and ``level``,
        ``rung``, ``mastery``, ``intensity``... by kind); edges are trigger
        ``handled-by`` coping skill (with its ``efficacy``), coping skill ``draws-on``
        strength, coping skill ``relies-on`` support, warning sign ``signals`` trigger.
        """
        if self._nx is None:
            self._nx = export.to_networkx(self._plan)
        return self._nx

    @property
    def plan(self) -> Plan:
        """The plan the graph was derived from."""
        return self._plan

    # --- queries ----------------------------------------------------------------------

    def _trigger_links(self, trigger_id: str) -> list[tuple[str, float]]:
        links = self._links.get(trigger_id)
        if links is None:
            raise UnknownRecordError(trigger_id, TRIGGER)
        return links

    def strategies_for(self, trigger_id: str) -> tuple[Strategy, ...]:
        """The coping skills that handle a trigger, in the order to try them.

        Ladder order first (internal coping, social distraction, asking for help,
        professionals, crisis services), then efficacy x mastery, highest first; ties
        keep the order the links were made in.

        Raises:
            UnknownRecordError: The plan has no trigger with that id.
        """
        skills = self._skills
        ranked = []
        for position, (skill_id, efficacy) in enumerate(self._trigger_links(trigger_id)):
            skill = skills[skill_id]
            score = efficacy * skill.mastery
            # The hot path of the queries: a trusted record (every part comes from a valid
            # plan) set field by field, several times cheaper than the checked constructor.
            strategy = _new(Strategy)
            _set(strategy, "coping_skill_id", skill_id)
            _set(strategy, "level", skill.level)
            _set(strategy, "efficacy", efficacy)
            _set(strategy, "mastery", skill.mastery)
            _set(strategy, "score", score)
            # (rung, -score, position): ladder order, best first, ties in link order.
            ranked.append((_RUNG_BY_ID[id(skill.level)], -score, position, strategy))
        ranked.sort()
        return tuple(item[3] for item in ranked)

    def _reaches_a_person(self, trigger_id: str) -> bool:
        if self._reach is None:
            skills = self._skills
            self._reach = {
                t: any(skills[skill_id].support_ids for skill_id, _ in links)
                for t, links in self._links.items()
            }
        return self._reach[trigger_id]

    def uncovered(
        self, min_strategies: int = 1, *, require_person: bool = False
    ) -> tuple[str, ...]:
        """Triggers with fewer strategies than asked, in plan order.

        Args:
            min_strategies: How many strategies each trigger should have.
            require_person: Also report triggers none of whose strategies relies on a
                person or service (the stricter check: the safety-planning ladder ends
                with people, professionals and crisis services).

        Raises:
            ValidationError: ``min_strategies`` is not an integer from 0.
        """
        if type(min_strategies) is not int or min_strategies < 0:
            raise ValidationError(
                [
                    Problem(
                        "min_strategies",
                        "expected an integer from 0, got "
                        f"{describe_value(min_strategies, number=True)}",
                    )
                ]
            )
        links = self._links
        return tuple(
            t.id
            for t in self._plan.triggers
            if len(links[t.id]) < min_strategies
            or (require_person and not self._reaches_a_person(t.id))
        )

    def _dependencies(self) -> dict[str, frozenset[str]]:
        # Each coping skill's dependencies: losing any one of them loses the skill.
        if self._deps is None:
            self._deps = {
                c.id: frozenset((*c.strength_ids, *c.support_ids)) for c in self._plan.coping_skills
            }
        return self._deps

    def single_points_of_failure(self) -> tuple[SinglePointOfFailure, ...]:
        """Coping skills, strengths and supports whose loss strands some trigger.

        A trigger is stranded when it has at least one strategy now and would have none:
        its only coping skill is lost, or a strength or support that every one of its
        coping skills needs is lost. Computed in one pass over the links (no removing
        and re-checking each node).

        Returns:
            One entry per such record, in plan order (coping skills, strengths,
            supports), each naming the triggers it would strand.
        """
        deps = self._dependencies()
        strands: dict[str, list[str]] = {}
        for t in self._plan.triggers:
            skills = {skill_id for skill_id, _ in self._links[t.id]}
            if not skills:
                continue
            if len(skills) == 1:
                (only,) = skills
                strands.setdefault(only, []).append(t.id)
            shared = functools.reduce(frozenset.intersection, (deps[s] for s in skills))
            for dependency in shared:
                strands.setdefault(dependency, []).append(t.id)
        if not strands:
            return ()
        plan = self._plan
        order = itertools.chain(
            ((c.id, COPING_SKILL) for c in plan.coping_skills),
            ((s.id, STRENGTH) for s in plan.strengths),
            ((p.id, SUPPORT) for p in plan.supports),
        )
        return tuple(
            trusted(
                SinglePointOfFailure,
                {"record_id": rid, "record_kind": kind, "strands": tuple(strands[rid])},
            )
            for rid, kind in order
            if rid in strands
        )

    def unused_strengths(self) -> tuple[str, ...]:
        """Strengths that no coping skill and no goal draws on, in plan order."""
        if self._unused is None:
            plan = self._plan
            used = {s for c in plan.coping_skills for s in c.strength_ids}
            used.update(s for g in plan.goals for s in g.strength_ids)
            self._unused = tuple(s.id for s in plan.strengths if s.id not in used)
        return self._unused

    def coverage(self) -> Coverage:
        """A summary of how well the triggers are covered (serializable)."""
        plan = self._plan
        links = self._links
        triggers = plan.triggers
        covered = sum(1 for t in triggers if links[t.id])
        people = sum(1 for t in triggers if self._reaches_a_person(t.id))
        total = len(triggers)
        # Counted by the levels' ids (see _RUNG_BY_ID): the same counts, faster keys.
        links_per_level = dict.fromkeys(_RUNG_BY_ID, 0)
        skills = self._skills
        for link in plan.coping_links:
            links_per_level[id(skills[link.coping_skill_id].level)] += 1
        skills_per_level = dict.fromkeys(_RUNG_BY_ID, 0)
        for c in plan.coping_skills:
            skills_per_level[id(c.level)] += 1
        levels = tuple(
            trusted(
                LevelCount,
                {
                    "level": level,
                    "coping_skills": skills_per_level[id(level)],
                    "links": links_per_level[id(level)],
                },
            )
            for level in CopingLevel
        )
        values: dict[str, Any] = {
            "triggers": total,
            "covered": covered,
            "reaching_a_person": people,
            "share_covered": covered / total if total else 1.0,
            "share_reaching_a_person": people / total if total else 1.0,
            "mean_strategies": len(plan.coping_links) / total if total else 0.0,
            "levels": levels,
        }
        return trusted(Coverage, values)

    def suggestions(
        self, trigger_id: str, *, include_sensitive: bool = False
    ) -> tuple[Suggestion, ...]:
        """Coping ideas for a trigger, built from the strengths the plan does not use.

        Each unused strength gives one idea on a rung of the ladder (a character
        strength an idea of its own, a skill something to do alone, a friend someone to
        get in touch with, a place somewhere to go...). Ideas on rungs the trigger has
        no strategy on yet come first, then ladder order. For interpersonal triggers,
        ideas that bring in other people come before solitary ones on the same footing.
        They are starting points to talk over with the client, not advice; the ideas and
        their order are in [`coping.ideas`][strengthmodel.coping.ideas], for clinicians
        to review.

        Args:
            trigger_id: The trigger.
            include_sensitive: Name each strength by its name (sensitive) in the idea
                and the reason, instead of by its id.

        Raises:
            UnknownRecordError: The plan has no trigger with that id.
        """
        links = self._trigger_links(trigger_id)
        unused = self.unused_strengths()
        if not unused:
            return ()
        plan = self._plan
        wanted = set(unused)
        return ideas.suggest(
            (s for s in plan.strengths if s.id in wanted),
            {self._skills[skill_id].level for skill_id, _ in links},
            interpersonal=plan.get(trigger_id, Trigger).category.is_interpersonal,
            include_sensitive=include_sensitive,
        )

    # --- exports (strengthmodel.coping.export) and drawing (strengthmodel.coping.draw) ---

    def node_link(self, *, include_sensitive: bool = False) -> dict[str, Any]:
        """The graph as node-link JSON data (``edges="edges"``), for D3 and friends.

        Args:
            include_sensitive: Give every node a ``label`` with its description or name.
                Off by default: nodes carry ids, categories and numbers only.
        """
        return export.node_link(self._plan, include_sensitive=include_sensitive, graph=self.graph)

    def graphml(self, *, include_sensitive: bool = False) -> str:
        """The graph as GraphML text.

        Args:
            include_sensitive: Give every node a ``label`` with its description or name.
                Off by default: nodes carry ids, categories and numbers only.
        """
        return export.graphml(self._plan, include_sensitive=include_sensitive, graph=self.graph)

    def dot(self, *, include_sensitive: bool = False) -> str:
        """The graph as Graphviz DOT text, left to right in ladder layers (no networkx).

        Args:
            include_sensitive: Label nodes with their descriptions and names instead
                of their ids.
        """
        return export.dot(self._plan, include_sensitive=include_sensitive)

    def mermaid(self, *, include_sensitive: bool = False) -> str:
        """The graph as a Mermaid flowchart, for docs and Markdown (no networkx).

        Args:
            include_sensitive: Label nodes with their descriptions and names instead
                of their ids.
        """
        return export.mermaid(self._plan, include_sensitive=include_sensitive)

    def plot(self, ax: Axes | None = None, *, include_sensitive: bool = False) -> Axes:
        """Draw the graph with matplotlib, the safety-planning ladder as columns.

        Columns from left to right: warning signs, triggers, coping skills on each rung
        of the ladder (internal coping to crisis services), strengths, supports. Needs
        the ``plot`` extra (matplotlib).

        Args:
            ax: The axes to draw on (a new figure's if not given).
            include_sensitive: Label with descriptions and names instead of ids.

        Returns:
            The axes drawn on.

        Raises:
            StrengthModelError: matplotlib is not installed.
        """
        return draw.plot(self._plan, ax, include_sensitive=include_sensitive, graph=self.graph)
