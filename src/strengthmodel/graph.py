"""The coping graph: does a relapse-prevention plan hold?

[`CopingGraph`][strengthmodel.CopingGraph] is a read-only view derived from a plan (the
plan stays the only source of truth), backed by a networkx ``DiGraph``:

- nodes: triggers, warning signs, coping skills, strengths and supports, keyed by their
  record ids, with primitive attributes only (``kind``, and ``level``, ``rung``,
  ``mastery``, ``intensity``... by kind); records are looked up in the plan, not copied;
- edges: trigger ``handled-by`` coping skill (with its ``efficacy``), coping skill
  ``draws-on`` strength, coping skill ``relies-on`` support, warning sign ``signals``
  trigger.

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
import textwrap
import typing
from typing import TYPE_CHECKING, Any

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.errors import (
    Problem,
    StrengthModelError,
    UnknownRecordError,
    ValidationError,
)
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.staying_well import CopingLevel, CopingSkill, Trigger
from strengthmodel.steps.strengths import CharacterStrength, Strength, StrengthCategory

if TYPE_CHECKING:  # networkx and matplotlib load lazily; see the package docstring
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = [
    "CopingGraph",
    "Coverage",
    "LevelCount",
    "SinglePointOfFailure",
    "Strategy",
    "Suggestion",
]

TRIGGER = "trigger"
WARNING_SIGN = "warning-sign"
COPING_SKILL = "coping-skill"
STRENGTH = "strength"
SUPPORT = "support"


@attrs.frozen(kw_only=True)
class Strategy(Record):
    """A coping skill that handles a trigger, and how good a bet it is.

    Attributes:
        coping_skill_id: The coping skill.
        level: Its rung on the safety-planning ladder.
        efficacy: How well it works against this trigger, 0-1.
        mastery: How well the client can use it, 0-1.
        score: efficacy x mastery.
    """

    kind = "strategy"

    coping_skill_id: str
    level: CopingLevel
    efficacy: float = attrs.field(metadata=meta(bounds=(0, 1)))
    mastery: float = attrs.field(metadata=meta(bounds=(0, 1)))
    score: float = attrs.field(metadata=meta(bounds=(0, 1)))


@attrs.frozen(kw_only=True)
class SinglePointOfFailure(Record):
    """A coping skill, strength or support whose loss leaves triggers with no strategy.

    Attributes:
        record_id: The coping skill, strength or support.
        record_kind: ``"coping-skill"``, ``"strength"`` or ``"support"``.
        strands: The triggers that would be left with no strategy, in plan order.
    """

    kind = "single-point-of-failure"

    record_id: str
    record_kind: str
    strands: tuple[str, ...]


@attrs.frozen(kw_only=True)
class LevelCount(Record):
    """How much of the plan sits on one rung of the ladder.

    Attributes:
        level: The rung.
        coping_skills: Coping skills on it.
        links: Trigger-to-coping links to coping skills on it.
    """

    kind = "level-count"

    level: CopingLevel
    coping_skills: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    links: int = attrs.field(metadata=meta(bounds=(0, 2**53)))


@attrs.frozen(kw_only=True)
class Coverage(Record):
    """A summary of how well the plan's triggers are covered.

    Attributes:
        triggers: Number of triggers.
        covered: Triggers with at least one strategy.
        reaching_a_person: Triggers with a strategy that relies on a person or service.
        share_covered: ``covered / triggers`` (1.0 when there are no triggers).
        share_reaching_a_person: ``reaching_a_person / triggers`` (1.0 when none).
        mean_strategies: Strategies per trigger, on average (0.0 when none).
        levels: Coping skills and links per rung, in ladder order.
    """

    kind = "coverage"

    triggers: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    covered: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    reaching_a_person: int = attrs.field(metadata=meta(bounds=(0, 2**53)))
    share_covered: float = attrs.field(metadata=meta(bounds=(0, 1)))
    share_reaching_a_person: float = attrs.field(metadata=meta(bounds=(0, 1)))
    mean_strategies: float = attrs.field(metadata=meta(bounds=(0, 2**53)))
    levels: tuple[LevelCount, ...]


@attrs.frozen(kw_only=True)
class Suggestion(Record):
    """A coping idea built from a strength the plan does not use yet.

    Attributes:
        strength_id: The unused strength.
        level: The rung the idea would sit on.
        idea: The idea, in plain words (a starting point to talk over, not advice).
        reason: Why it is suggested.
    """

    kind = "suggestion"

    strength_id: str
    level: CopingLevel
    idea: str
    reason: str


# Coping ideas for each VIA character strength, in our own words.
_CHARACTER_IDEAS: dict[CharacterStrength, str] = {
    CharacterStrength.CREATIVITY: "make or sketch something for ten minutes",
    CharacterStrength.CURIOSITY: "look into something new that interests you",
    CharacterStrength.JUDGMENT: "write down the facts for and against the worry",
    CharacterStrength.LOVE_OF_LEARNING: "read or listen to something you want to learn",
    CharacterStrength.PERSPECTIVE: "ask what you would tell a friend in the same spot",
    CharacterStrength.BRAVERY: "take one small step towards what feels hard",
    CharacterStrength.PERSEVERANCE: "get through the next five minutes, then the next",
    CharacterStrength.HONESTY: "name to yourself what you are feeling, plainly",
    CharacterStrength.ZEST: "move: a brisk walk, a stretch, a song to dance to",
    CharacterStrength.LOVE: "think of, or message, someone you care about",
    CharacterStrength.KINDNESS: "do one small kind thing for someone",
    CharacterStrength.SOCIAL_INTELLIGENCE: "notice what the other person may be feeling first",
    CharacterStrength.TEAMWORK: "join something where others count on you",
    CharacterStrength.FAIRNESS: "be as fair to yourself as you would be to others",
    CharacterStrength.LEADERSHIP: "plan the next step and share it with someone",
    CharacterStrength.FORGIVENESS: "let one grudge or self-blame go, for today",
    CharacterStrength.HUMILITY: "ask for help or advice without apology",
    CharacterStrength.PRUDENCE: "pause and plan before you act",
    CharacterStrength.SELF_REGULATION: "wait out the urge for twenty minutes with a timer",
    CharacterStrength.APPRECIATION_OF_BEAUTY: "go somewhere beautiful, or study fine work",
    CharacterStrength.GRATITUDE: "write down three things that went right today",
    CharacterStrength.HOPE: "picture the next good thing you are working towards",
    CharacterStrength.HUMOR: "find or share something that makes you laugh",
    CharacterStrength.SPIRITUALITY: "spend a few minutes in prayer, meditation or quiet",
}

# For the other categories: the rung the idea sits on, and the idea with the strength's
# name in it.
_CATEGORY_IDEAS: dict[StrengthCategory, tuple[CopingLevel, str]] = {
    StrengthCategory.SKILL: (CopingLevel.INTERNAL, "spend twenty minutes on {name}"),
    StrengthCategory.TALENT: (CopingLevel.INTERNAL, "use your talent: {name}"),
    StrengthCategory.VALUE: (CopingLevel.INTERNAL, "remind yourself what matters: {name}"),
    StrengthCategory.INTEREST: (CopingLevel.INTERNAL, "turn to something you enjoy: {name}"),
    StrengthCategory.PET: (CopingLevel.INTERNAL, "spend time with {name}"),
    StrengthCategory.MATERIAL_RESOURCE: (CopingLevel.INTERNAL, "make use of {name}"),
    StrengthCategory.PLACE: (CopingLevel.SOCIAL_DISTRACTION, "go to {name}"),
    StrengthCategory.COMMUNITY_GROUP: (CopingLevel.SOCIAL_DISTRACTION, "drop in on {name}"),
    StrengthCategory.FAITH_OR_CULTURAL_COMMUNITY: (
        CopingLevel.SOCIAL_DISTRACTION,
        "spend time with {name}",
    ),
    StrengthCategory.FRIENDS: (CopingLevel.ASK_FOR_HELP, "get in touch with {name}"),
    StrengthCategory.FAMILY: (CopingLevel.ASK_FOR_HELP, "get in touch with {name}"),
    StrengthCategory.PROFESSIONAL_SERVICE: (CopingLevel.PROFESSIONAL, "contact {name}"),
}

_SOCIAL_RUNGS = frozenset(
    {CopingLevel.SOCIAL_DISTRACTION, CopingLevel.ASK_FOR_HELP, CopingLevel.PROFESSIONAL}
)


class CopingGraph:
    """The trigger / coping skill / strength / support network of a plan.

    Build it with [`CopingGraph.from_plan`][strengthmodel.CopingGraph.from_plan]; it
    never changes the plan.

    Examples:
        >>> from strengthmodel.demo import demo_plan
        >>> graph = CopingGraph.from_plan(demo_plan())
        >>> [s.coping_skill_id for s in graph.strategies_for("trigger-evenings")]
        ['coping-sanding', 'coping-call-sister']
        >>> graph.uncovered()
        ()
    """

    __slots__ = ("_deps", "_graph", "_links", "_plan", "_skills")

    def __init__(self, plan: Plan) -> None:
        """Derive the graph from ``plan``."""
        import networkx as nx  # noqa: PLC0415 - lazy: keeps ``import strengthmodel`` fast

        self._plan = plan
        self._skills: dict[str, CopingSkill] = {c.id: c for c in plan.coping_skills}
        # Each coping skill's dependencies: losing any one of them loses the skill.
        self._deps: dict[str, frozenset[str]] = {
            c.id: frozenset((*c.strength_ids, *c.support_ids)) for c in plan.coping_skills
        }
        self._links: dict[str, list[tuple[str, float]]] = {t.id: [] for t in plan.triggers}
        for link in plan.coping_links:
            self._links[link.trigger_id].append((link.coping_skill_id, link.efficacy))

        graph: nx.DiGraph[str] = nx.DiGraph(plan_id=plan.id)
        # Bulk adds: several times faster than a call per node or edge.
        graph.add_nodes_from(
            (
                t.id,
                {
                    "kind": TRIGGER,
                    "category": t.category.value,
                    "intensity": t.intensity,
                    "interpersonal": t.category.is_interpersonal,
                },
            )
            for t in plan.triggers
        )
        graph.add_nodes_from(
            (w.id, {"kind": WARNING_SIGN, "has_action": w.action is not None})
            for w in plan.warning_signs
        )
        graph.add_nodes_from(
            (
                c.id,
                {
                    "kind": COPING_SKILL,
                    "level": c.level.value,
                    "rung": c.level.rung,
                    "mastery": c.mastery,
                },
            )
            for c in plan.coping_skills
        )
        graph.add_nodes_from(
            (
                s.id,
                {
                    "kind": STRENGTH,
                    "category": s.category.value,
                    "strength_kind": s.strength_kind.value,
                },
            )
            for s in plan.strengths
        )
        graph.add_nodes_from(
            (p.id, {"kind": SUPPORT, "role": p.role.value, "service": p.role.is_service})
            for p in plan.supports
        )
        graph.add_edges_from(
            (
                link.trigger_id,
                link.coping_skill_id,
                {"relation": "handled-by", "efficacy": link.efficacy},
            )
            for link in plan.coping_links
        )
        graph.add_edges_from(
            (c.id, s_id, {"relation": "draws-on"})
            for c in plan.coping_skills
            for s_id in c.strength_ids
        )
        graph.add_edges_from(
            (c.id, p_id, {"relation": "relies-on"})
            for c in plan.coping_skills
            for p_id in c.support_ids
        )
        graph.add_edges_from(
            (w.id, t_id, {"relation": "signals"})
            for w in plan.warning_signs
            for t_id in w.trigger_ids
        )
        self._graph = nx.freeze(graph)

    @classmethod
    def from_plan(cls, plan: Plan) -> CopingGraph:
        """Derive the coping graph of a plan."""
        return cls(plan)

    def __repr__(self) -> str:
        """Counts only (labels may be sensitive)."""
        return (
            f"CopingGraph(plan={self._plan.id!r}, nodes={self._graph.number_of_nodes()}, "
            f"edges={self._graph.number_of_edges()})"
        )

    def _repr_html_(self) -> str:
        from strengthmodel._display import coping_graph_html  # noqa: PLC0415 - on use

        return coping_graph_html(self)

    @property
    def graph(self) -> nx.DiGraph[str]:
        """The underlying networkx graph (frozen: derive a new view to change it)."""
        return typing.cast("nx.DiGraph[str]", self._graph)

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
        strategies = [
            Strategy(
                coping_skill_id=skill_id,
                level=self._skills[skill_id].level,
                efficacy=efficacy,
                mastery=self._skills[skill_id].mastery,
                score=efficacy * self._skills[skill_id].mastery,
            )
            for skill_id, efficacy in self._trigger_links(trigger_id)
        ]
        strategies.sort(key=lambda s: (s.level.rung, -s.score))
        return tuple(strategies)

    def _reaches_a_person(self, trigger_id: str) -> bool:
        return any(self._skills[skill_id].support_ids for skill_id, _ in self._links[trigger_id])

    def uncovered(
        self, min_strategies: int = 1, *, require_person: bool = False
    ) -> tuple[str, ...]:
        """Triggers with fewer strategies than asked, in plan order.

        Args:
            min_strategies: How many strategies each trigger should have.
            require_person: Also report triggers none of whose strategies relies on a
                person or service (the stricter check: the safety-planning ladder ends
                with people, professionals and crisis services).
        """
        if type(min_strategies) is not int or min_strategies < 0:
            raise ValidationError(
                [Problem("min_strategies", f"expected an integer from 0, got {min_strategies!r}")]
            )
        return tuple(
            t.id
            for t in self._plan.triggers
            if len(self._links[t.id]) < min_strategies
            or (require_person and not self._reaches_a_person(t.id))
        )

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
        strands: dict[str, list[str]] = {}
        for t in self._plan.triggers:
            skills = {skill_id for skill_id, _ in self._links[t.id]}
            if not skills:
                continue
            if len(skills) == 1:
                (only,) = skills
                strands.setdefault(only, []).append(t.id)
            shared = functools.reduce(frozenset.intersection, (self._deps[s] for s in skills))
            for dependency in shared:
                strands.setdefault(dependency, []).append(t.id)
        order = itertools.chain(
            ((c.id, COPING_SKILL) for c in self._plan.coping_skills),
            ((s.id, STRENGTH) for s in self._plan.strengths),
            ((p.id, SUPPORT) for p in self._plan.supports),
        )
        return tuple(
            SinglePointOfFailure(record_id=rid, record_kind=kind, strands=tuple(strands[rid]))
            for rid, kind in order
            if rid in strands
        )

    def unused_strengths(self) -> tuple[str, ...]:
        """Strengths that no coping skill and no goal draws on, in plan order."""
        used = {s for c in self._plan.coping_skills for s in c.strength_ids}
        used.update(s for g in self._plan.goals for s in g.strength_ids)
        return tuple(s.id for s in self._plan.strengths if s.id not in used)

    def coverage(self) -> Coverage:
        """A summary of how well the triggers are covered (serializable)."""
        triggers = self._plan.triggers
        covered = sum(1 for t in triggers if self._links[t.id])
        people = sum(1 for t in triggers if self._reaches_a_person(t.id))
        total = len(triggers)
        links_per_level = dict.fromkeys(CopingLevel, 0)
        for link in self._plan.coping_links:
            links_per_level[self._skills[link.coping_skill_id].level] += 1
        skills_per_level = dict.fromkeys(CopingLevel, 0)
        for c in self._plan.coping_skills:
            skills_per_level[c.level] += 1
        return Coverage(
            triggers=total,
            covered=covered,
            reaching_a_person=people,
            share_covered=covered / total if total else 1.0,
            share_reaching_a_person=people / total if total else 1.0,
            mean_strategies=len(self._plan.coping_links) / total if total else 0.0,
            levels=tuple(
                LevelCount(
                    level=level,
                    coping_skills=skills_per_level[level],
                    links=links_per_level[level],
                )
                for level in CopingLevel
            ),
        )

    def suggestions(
        self, trigger_id: str, *, include_sensitive: bool = False
    ) -> tuple[Suggestion, ...]:
        """Coping ideas for a trigger, built from the strengths the plan does not use.

        Each unused strength gives one idea on a rung of the ladder (a character
        strength an idea of its own, a skill something to do alone, a friend someone to
        get in touch with, a place somewhere to go...). Ideas on rungs the trigger has
        no strategy on yet come first, then ladder order. For interpersonal triggers,
        ideas that bring in other people come before solitary ones on the same footing.
        They are starting points to talk over with the client, not advice.

        Args:
            trigger_id: The trigger.
            include_sensitive: Name each strength by its name (sensitive) in the idea
                and the reason, instead of by its id.

        Raises:
            UnknownRecordError: The plan has no trigger with that id.
        """
        links = self._trigger_links(trigger_id)
        interpersonal = self._plan.get(trigger_id, Trigger).category.is_interpersonal
        used_rungs = {self._skills[skill_id].level for skill_id, _ in links}
        strengths: dict[str, Strength] = {s.id: s for s in self._plan.strengths}
        ideas = [
            self._idea(strengths[s_id], used_rungs, include_sensitive=include_sensitive)
            for s_id in self.unused_strengths()
        ]
        ideas.sort(
            key=lambda s: (
                s.level in used_rungs,
                not (interpersonal and s.level in _SOCIAL_RUNGS),
                s.level.rung,
            )
        )
        return tuple(ideas)

    @staticmethod
    def _idea(
        strength: Strength, used_rungs: set[CopingLevel], *, include_sensitive: bool
    ) -> Suggestion:
        name = strength.name if include_sensitive else f"[{strength.id}]"
        if strength.character_strength is not None:
            level = CopingLevel.INTERNAL
            idea = _CHARACTER_IDEAS[strength.character_strength]
            source = f"the character strength {strength.character_strength.label.lower()}"
        else:
            level, template = _CATEGORY_IDEAS[strength.category]
            idea = template.format(name=name)
            source = f"a {strength.category.value.replace('-', ' ')} strength"
        gap = "" if level in used_rungs else f"; nothing on the {level.value} rung yet"
        return Suggestion(
            strength_id=strength.id,
            level=level,
            idea=idea[0].upper() + idea[1:],
            reason=(f"{strength.name!r}" if include_sensitive else f"Strength {strength.id!r}")
            + f" is {source} that no coping skill or goal uses{gap}",
        )

    # --- exports ----------------------------------------------------------------------

    def _labels(self, *, include_sensitive: bool) -> dict[str, str]:
        """Every node's label: its id, or with ``include_sensitive`` its text.

        Trigger and warning-sign descriptions and coping-skill, strength and support
        names are sensitive (they can name people and hold the client's words), so they
        are shown only when ``include_sensitive`` is true.
        """
        labels = {node: node for node in self._graph.nodes}
        if include_sensitive:
            plan = self._plan
            labels.update((t.id, t.description) for t in plan.triggers)
            labels.update((w.id, w.description) for w in plan.warning_signs)
            labels.update((c.id, c.name) for c in plan.coping_skills)
            labels.update((s.id, s.name) for s in plan.strengths)
            labels.update((p.id, p.name) for p in plan.supports)
        return labels

    def _export_graph(self, *, include_sensitive: bool) -> nx.DiGraph[str]:
        """The graph itself, or a copy whose nodes carry a ``label`` with their text."""
        if not include_sensitive:
            return self.graph
        graph = typing.cast("nx.DiGraph[str]", self._graph.copy())
        for node, label in self._labels(include_sensitive=True).items():
            graph.nodes[node]["label"] = label
        return graph

    def node_link(self, *, include_sensitive: bool = False) -> dict[str, Any]:
        """The graph as node-link JSON data (``edges="edges"``), for D3 and friends.

        Args:
            include_sensitive: Give every node a ``label`` with its description or name.
                Off by default: nodes carry ids, categories and numbers only.
        """
        import networkx as nx  # noqa: PLC0415

        graph = self._export_graph(include_sensitive=include_sensitive)
        return nx.node_link_data(graph, edges="edges")

    def graphml(self, *, include_sensitive: bool = False) -> str:
        """The graph as GraphML text.

        Args:
            include_sensitive: Give every node a ``label`` with its description or name.
                Off by default: nodes carry ids, categories and numbers only.
        """
        import networkx as nx  # noqa: PLC0415

        graph = self._export_graph(include_sensitive=include_sensitive)
        return "\n".join(nx.generate_graphml(graph)) + "\n"

    def _layer(self, node: str) -> int:
        data = self._graph.nodes[node]
        return {WARNING_SIGN: 0, TRIGGER: 1, STRENGTH: 7, SUPPORT: 8}.get(
            data["kind"], 1 + int(data.get("rung", 0))
        )

    def _ordered_nodes(self) -> list[str]:
        return sorted(self._graph.nodes, key=self._layer)

    def dot(self, *, include_sensitive: bool = False) -> str:
        """The graph as Graphviz DOT text, left to right in ladder layers.

        Args:
            include_sensitive: Label nodes with their descriptions and names instead
                of their ids.
        """
        labels = self._labels(include_sensitive=include_sensitive)
        lines = ["digraph coping {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
        shapes = {TRIGGER: "octagon", WARNING_SIGN: "note", STRENGTH: "ellipse", SUPPORT: "house"}
        for layer, group in itertools.groupby(self._ordered_nodes(), key=self._layer):
            members = list(group)
            lines.append(f"  subgraph layer{layer} {{ rank=same;")
            for node in members:
                label = _dot_escape(labels[node])
                shape = shapes.get(self._graph.nodes[node]["kind"], "box")
                lines.append(f'    "{_dot_escape(node)}" [label="{label}", shape={shape}];')
            lines.append("  }")
        for a, b, data in self._graph.edges(data=True):
            attrs_text = f'label="{data["relation"]}'
            if "efficacy" in data:
                attrs_text += f" {data['efficacy']:.2f}"
            lines.append(f'  "{_dot_escape(a)}" -> "{_dot_escape(b)}" [{attrs_text}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def mermaid(self, *, include_sensitive: bool = False) -> str:
        """The graph as a Mermaid flowchart, for docs and Markdown.

        Args:
            include_sensitive: Label nodes with their descriptions and names instead
                of their ids.
        """
        labels = self._labels(include_sensitive=include_sensitive)
        ids = {node: f"n{index}" for index, node in enumerate(self._ordered_nodes())}
        brackets = {
            TRIGGER: ("{{", "}}"),
            WARNING_SIGN: (">", "]"),
            STRENGTH: ("([", "])"),
            SUPPORT: ("[/", "/]"),
        }
        lines = ["flowchart LR"]
        for node, short in ids.items():
            left, right = brackets.get(self._graph.nodes[node]["kind"], ("[", "]"))
            label = _mermaid_escape(labels[node])
            lines.append(f'  {short}{left}"{label}"{right}')
        for a, b, data in self._graph.edges(data=True):
            text = data["relation"]
            if "efficacy" in data:
                text += f" {data['efficacy']:.2f}"
            lines.append(f"  {ids[a]} -->|{text}| {ids[b]}")
        return "\n".join(lines) + "\n"

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
        try:
            import matplotlib.pyplot as plt  # noqa: PLC0415
            import networkx as nx  # noqa: PLC0415
        except ImportError as error:  # pragma: no cover - depends on the environment
            msg = "CopingGraph.plot needs matplotlib: pip install 'strengthmodel[plot]'"
            raise StrengthModelError(msg) from error
        if ax is None:
            _, ax = plt.subplots(figsize=(12, 6))
        positions: dict[str, tuple[float, float]] = {}
        for layer, group in itertools.groupby(self._ordered_nodes(), key=self._layer):
            members = list(group)
            for row, node in enumerate(members):
                positions[node] = (float(layer), -(row - (len(members) - 1) / 2))
        colours = {
            TRIGGER: "#d95f02",
            WARNING_SIGN: "#e6ab02",
            COPING_SKILL: "#1b9e77",
            STRENGTH: "#7570b3",
            SUPPORT: "#e7298a",
        }
        nx.draw_networkx(
            self._graph,
            pos=positions,
            ax=ax,
            node_color=[colours[self._graph.nodes[n]["kind"]] for n in self._graph.nodes],
            labels={
                n: textwrap.fill(text, 18)
                for n, text in self._labels(include_sensitive=include_sensitive).items()
            },
            font_size=6,
            node_size=500,
            arrowsize=10,
        )
        ladder = [
            "warning signs",
            "triggers",
            *(lv.value for lv in CopingLevel),
            "strengths",
            "supports",
        ]
        for index, title in enumerate(ladder):
            ax.text(
                index,
                1.0,
                title,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_axis_off()
        return ax


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _mermaid_escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")
