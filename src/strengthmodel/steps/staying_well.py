"""Step 7, plan to stay well: triggers, warning signs, coping skills and supports.

The structures follow three published frameworks, in our own words:

- Relapse prevention (Marlatt & Gordon 1985; Larimer, Palmer & Marlatt 1999): the
  eight categories of high-risk situation, intrapersonal or interpersonal.
- Safety planning (Stanley & Brown 2012): a ladder used in order, from coping alone,
  to people and places that distract, to people to ask for help, to professionals and
  crisis services, with making the environment safe and reasons for living.
- Wellness plans (after Copeland's wellness recovery action plan): a daily routine,
  triggers and early warning signs, each with an action plan.

A lapse is a single slip back into the old pattern; a relapse is a return to it
(Marlatt & Gordon 1985). Recording lapses, with the trigger and the coping tried,
turns them into information for the plan rather than proof of failure.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from strengthmodel._fields import Record, as_float, meta
from strengthmodel.ids import (
    CopingSkillId,
    GoalId,
    LapseId,
    ReasonForLivingId,
    ResourceId,
    RoutineItemId,
    SafetyActionId,
    StrengthId,
    SupportId,
    TriggerId,
    WarningSignId,
    id_tuple,
    optional_id,
    plain_id,
)

__all__ = [
    "CopingLevel",
    "CopingLink",
    "CopingSkill",
    "Determinant",
    "Lapse",
    "ReasonForLiving",
    "Resource",
    "ResourceCategory",
    "RoutineItem",
    "SafetyAction",
    "Support",
    "SupportRole",
    "Trigger",
    "TriggerCategory",
    "TriggerSource",
    "WarningSign",
]


class Determinant(enum.Enum):
    """Whether a high-risk situation arises within the person or between people."""

    INTRAPERSONAL = "intrapersonal"
    INTERPERSONAL = "interpersonal"


class TriggerCategory(enum.Enum):
    """The eight high-risk situation categories of Marlatt & Gordon (1985)."""

    NEGATIVE_EMOTIONAL_STATES = "negative-emotional-states"
    NEGATIVE_PHYSICAL_STATES = "negative-physical-states"
    POSITIVE_EMOTIONAL_STATES = "positive-emotional-states"
    TESTING_PERSONAL_CONTROL = "testing-personal-control"
    URGES_AND_TEMPTATIONS = "urges-and-temptations"
    INTERPERSONAL_CONFLICT = "interpersonal-conflict"
    SOCIAL_PRESSURE = "social-pressure"
    POSITIVE_EMOTIONAL_STATES_WITH_OTHERS = "positive-emotional-states-with-others"

    @property
    def determinant(self) -> Determinant:
        """Intrapersonal (the first five) or interpersonal (the last three).

        Examples:
            >>> TriggerCategory.SOCIAL_PRESSURE.determinant
            <Determinant.INTERPERSONAL: 'interpersonal'>
        """
        return Determinant.INTERPERSONAL if self in _INTERPERSONAL else Determinant.INTRAPERSONAL

    @property
    def is_interpersonal(self) -> bool:
        """True for the three interpersonal categories."""
        return self in _INTERPERSONAL


_INTERPERSONAL = frozenset(
    {
        TriggerCategory.INTERPERSONAL_CONFLICT,
        TriggerCategory.SOCIAL_PRESSURE,
        TriggerCategory.POSITIVE_EMOTIONAL_STATES_WITH_OTHERS,
    }
)


class TriggerSource(enum.Enum):
    """Whether a trigger is an external event or an internal state."""

    EXTERNAL = "external"
    INTERNAL = "internal"


class CopingLevel(enum.Enum):
    """A rung of the safety-planning ladder (Stanley & Brown 2012), used in order.

    How the six steps of a Stanley & Brown safety plan map onto the library:

    1. Warning signs: not a rung; a [`WarningSign`][strengthmodel.WarningSign] record.
    2. Internal coping strategies: `INTERNAL` (rung 1).
    3. People and social settings that distract: `SOCIAL_DISTRACTION` (rung 2).
    4. People to ask for help: `ASK_FOR_HELP` (rung 3).
    5. Professionals and agencies, including crisis lines: `PROFESSIONAL` (rung 4) and
       `CRISIS` (rung 5). Splitting this step in two, so that crisis lines and emergency
       services are a rung of their own after the person's own professionals, is this
       library's addition.
    6. Making the environment safe: not a rung; a
       [`SafetyAction`][strengthmodel.SafetyAction] record.

    What matters most to the person (reasons for living) is a
    [`ReasonForLiving`][strengthmodel.ReasonForLiving] record.
    """

    INTERNAL = "internal"
    """Coping strategies the person can use alone (step 2)."""
    SOCIAL_DISTRACTION = "social-distraction"
    """People and social settings that take the mind off things (step 3)."""
    ASK_FOR_HELP = "ask-for-help"
    """People the person can ask for help (step 4)."""
    PROFESSIONAL = "professional"
    """Professionals and agencies (step 5)."""
    CRISIS = "crisis"
    """Crisis lines and emergency services (step 5; a rung of their own is our addition)."""

    @property
    def rung(self) -> int:
        """Position on the ladder, 1 (internal coping) to 5 (crisis services).

        Examples:
            >>> CopingLevel.ASK_FOR_HELP.rung
            3
        """
        return _RUNGS[self]


_RUNGS = {level: number for number, level in enumerate(CopingLevel, start=1)}


class SupportRole(enum.Enum):
    """The part a support plays on the safety-planning ladder."""

    DISTRACTION = "distraction"
    """A person or place that helps take the mind off things."""
    HELP = "help"
    """A person the client can ask for help."""
    PROFESSIONAL = "professional"
    """A clinician or agency."""
    CRISIS = "crisis"
    """A crisis line or emergency service."""

    @property
    def is_service(self) -> bool:
        """True for professionals and crisis services."""
        return self in {SupportRole.PROFESSIONAL, SupportRole.CRISIS}


@attrs.frozen(kw_only=True)
class Trigger(Record):
    """A high-risk situation: an event or state that can set off difficulties.

    Attributes:
        id: The record's id.
        description: What the trigger is (sensitive).
        category: Its Marlatt & Gordon category.
        source: An external event or an internal state.
        intensity: How strongly it tends to hit, 1 (mild) to 5 (severe).
    """

    kind = "trigger"

    id: TriggerId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=1000))
    category: TriggerCategory
    source: TriggerSource = TriggerSource.EXTERNAL
    intensity: int = attrs.field(default=3, metadata=meta(bounds=(1, 5)))


@attrs.frozen(kw_only=True)
class WarningSign(Record):
    """An early warning sign that things may be going wrong.

    Attributes:
        id: The record's id.
        description: What the client or others notice (sensitive).
        trigger_ids: The triggers it tends to signal.
        action: What to do when it shows (the action plan; sensitive).
    """

    kind = "warning-sign"

    id: WarningSignId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=1000))
    trigger_ids: tuple[TriggerId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    action: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=1000)
    )


@attrs.frozen(kw_only=True)
class CopingSkill(Record):
    """Something the client can do when a trigger hits.

    Attributes:
        id: The record's id.
        name: A short name ("box breathing", "call my sister") (sensitive).
        steps: How to do it, one step per entry (sensitive).
        level: Its rung on the safety-planning ladder.
        strength_ids: The strengths it draws on.
        support_ids: The people or services it relies on.
        mastery: How well the client can use it now, 0 (not at all) to 1 (fully);
            0.5 when not yet rated.
    """

    kind = "coping-skill"

    id: CopingSkillId = attrs.field(converter=plain_id)
    name: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    steps: tuple[str, ...] = attrs.field(default=(), repr=False, metadata=meta(sensitive=True))
    level: CopingLevel = CopingLevel.INTERNAL
    strength_ids: tuple[StrengthId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    support_ids: tuple[SupportId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    mastery: float = attrs.field(default=0.5, converter=as_float, metadata=meta(bounds=(0, 1)))


@attrs.frozen(kw_only=True)
class CopingLink(Record):
    """A trigger handled by a coping skill, with how well it works.

    Attributes:
        trigger_id: The trigger.
        coping_skill_id: The coping skill that handles it.
        efficacy: How well the skill works against this trigger, 0 to 1.
    """

    kind = "coping-link"

    trigger_id: TriggerId = attrs.field(converter=plain_id)
    coping_skill_id: CopingSkillId = attrs.field(converter=plain_id)
    efficacy: float = attrs.field(default=0.5, converter=as_float, metadata=meta(bounds=(0, 1)))


@attrs.frozen(kw_only=True)
class Support(Record):
    """A person or service the client can turn to.

    Names and contact details identify people: they are sensitive, never shown in
    reprs, and dropped or pseudonymised by de-identification.

    Attributes:
        id: The record's id.
        name: The person's or service's name (sensitive).
        role: Its rung on the safety-planning ladder.
        relation: Relation to the client ("sister", "GP", "crisis line"; sensitive).
        contact: Phone number or other contact (sensitive).
        availability: When they can be reached ("weekdays 9-5", "24/7"; sensitive).
        notes: Anything else (sensitive).
    """

    kind = "support"

    id: SupportId = attrs.field(converter=plain_id)
    name: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    role: SupportRole
    relation: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=100)
    )
    contact: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=200)
    )
    availability: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=200)
    )
    notes: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))


@attrs.frozen(kw_only=True)
class SafetyAction(Record):
    """A step that makes the environment safer (means safety).

    Attributes:
        id: The record's id.
        description: What to do (sensitive).
        done: Whether it has been done.
    """

    kind = "safety-action"

    id: SafetyActionId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=1000))
    done: bool = False


@attrs.frozen(kw_only=True)
class ReasonForLiving(Record):
    """Something that matters most to the client, a reason to keep going.

    Attributes:
        id: The record's id.
        text: In the client's words (sensitive).
    """

    kind = "reason-for-living"

    id: ReasonForLivingId = attrs.field(converter=plain_id)
    text: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=1000))


@attrs.frozen(kw_only=True)
class RoutineItem(Record):
    """Part of the daily wellness routine: something the client does to stay well.

    Attributes:
        id: The record's id.
        description: What they do (sensitive).
        when: When or how often ("mornings", "twice a week"; sensitive).
    """

    kind = "routine-item"

    id: RoutineItemId = attrs.field(converter=plain_id)
    description: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=500))
    when: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True, max_length=100)
    )


@attrs.frozen(kw_only=True)
class Lapse(Record):
    """A lapse: a single slip back into the old pattern, on a date.

    A lapse that became a relapse (a return to the old pattern, Marlatt & Gordon 1985)
    says so. The plan review looks for triggers with recent lapses and no coping skill,
    and for coping skills tried in several lapses.

    Attributes:
        id: The record's id.
        occurred_on: When it happened.
        trigger_id: The trigger involved, if known.
        coping_tried: The coping skills tried before or during the lapse.
        helped_by: The coping skills that helped afterwards.
        support_ids: The people or services turned to afterwards.
        became_relapse: Whether it became a relapse.
        reflection: The client's reflection on it (sensitive).
    """

    kind = "lapse"

    id: LapseId = attrs.field(converter=plain_id)
    occurred_on: date
    trigger_id: TriggerId | None = attrs.field(default=None, converter=optional_id)
    coping_tried: tuple[CopingSkillId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    helped_by: tuple[CopingSkillId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    support_ids: tuple[SupportId, ...] = attrs.field(
        default=(), converter=id_tuple, metadata=meta(unique=True)
    )
    became_relapse: bool = False
    reflection: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))


class ResourceCategory(enum.Enum):
    """What sort of resource was given."""

    READING = "reading"
    WORKSHEET = "worksheet"
    APP = "app"
    SERVICE = "service"
    VIDEO = "video"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Resource(Record):
    """Education, a resource or a tool given to the client to help them stay on track.

    The source's step 7 names education, resources and tools among what helps clients
    stay well; recording what was given, when, and how useful the client found it lets
    the plan keep what works.

    Attributes:
        id: The record's id.
        title: What was given (sensitive: a title or link can point to the client).
        category: Reading, worksheet, app, service, video or other.
        given_on: When it was given.
        goal_id: The goal it supports, if any.
        usefulness: The client's rating of how useful it was, 0 (not at all) to 10.
    """

    kind = "resource"

    id: ResourceId = attrs.field(converter=plain_id)
    title: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=300))
    category: ResourceCategory
    given_on: date
    goal_id: GoalId | None = attrs.field(default=None, converter=optional_id)
    usefulness: int | None = attrs.field(default=None, metadata=meta(bounds=(0, 10)))
