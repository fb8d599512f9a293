"""Step 3, focus on strengths: internal and external strengths and where they show.

Internal strengths are the client's own qualities: the 24 character strengths of the
VIA classification (Peterson & Seligman 2004; names only, the VIA Survey items are
proprietary), skills, talents, values and interests. External strengths are around the
client: family, friends, groups, services, faith or cultural community, places, pets,
material resources. Each strength sits in a life domain of the Strengths Model
(Rapp & Goscha 2012), records where the evidence for it comes from, and says how it
helps with the current difficulties.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem
from strengthmodel.ids import ConcernId, SessionId, StrengthId, optional_id, plain_id

__all__ = [
    "CharacterStrength",
    "Evidence",
    "LifeDomain",
    "Strength",
    "StrengthCategory",
    "StrengthKind",
    "Virtue",
]


class Virtue(enum.Enum):
    """The six core virtues of the VIA classification (Peterson & Seligman 2004)."""

    WISDOM = "wisdom"
    COURAGE = "courage"
    HUMANITY = "humanity"
    JUSTICE = "justice"
    TEMPERANCE = "temperance"
    TRANSCENDENCE = "transcendence"

    @property
    def strengths(self) -> tuple[CharacterStrength, ...]:
        """The character strengths grouped under this virtue, in VIA order.

        Examples:
            >>> [s.value for s in Virtue.JUSTICE.strengths]
            ['teamwork', 'fairness', 'leadership']
        """
        return tuple(s for s in CharacterStrength if s.virtue is self)


class CharacterStrength(enum.Enum):
    """The 24 character strengths of the VIA classification (current VIA names).

    Older names: judgment was "open-mindedness"; honesty "authenticity";
    teamwork "citizenship"; self-regulation "self-control".
    """

    CREATIVITY = "creativity"
    CURIOSITY = "curiosity"
    JUDGMENT = "judgment"
    LOVE_OF_LEARNING = "love-of-learning"
    PERSPECTIVE = "perspective"
    BRAVERY = "bravery"
    PERSEVERANCE = "perseverance"
    HONESTY = "honesty"
    ZEST = "zest"
    LOVE = "love"
    KINDNESS = "kindness"
    SOCIAL_INTELLIGENCE = "social-intelligence"
    TEAMWORK = "teamwork"
    FAIRNESS = "fairness"
    LEADERSHIP = "leadership"
    FORGIVENESS = "forgiveness"
    HUMILITY = "humility"
    PRUDENCE = "prudence"
    SELF_REGULATION = "self-regulation"
    APPRECIATION_OF_BEAUTY = "appreciation-of-beauty-and-excellence"
    GRATITUDE = "gratitude"
    HOPE = "hope"
    HUMOR = "humor"
    SPIRITUALITY = "spirituality"

    @property
    def virtue(self) -> Virtue:
        """The virtue this strength belongs to.

        Examples:
            >>> CharacterStrength.HOPE.virtue
            <Virtue.TRANSCENDENCE: 'transcendence'>
        """
        return _VIRTUE_OF[self]

    @property
    def label(self) -> str:
        """The strength's name for people to read.

        Examples:
            >>> CharacterStrength.APPRECIATION_OF_BEAUTY.label
            'Appreciation of beauty and excellence'
        """
        return self.value.replace("-", " ").capitalize()


_VIRTUE_OF: dict[CharacterStrength, Virtue] = {}
for _virtue, _members in (
    (Virtue.WISDOM, "CREATIVITY CURIOSITY JUDGMENT LOVE_OF_LEARNING PERSPECTIVE"),
    (Virtue.COURAGE, "BRAVERY PERSEVERANCE HONESTY ZEST"),
    (Virtue.HUMANITY, "LOVE KINDNESS SOCIAL_INTELLIGENCE"),
    (Virtue.JUSTICE, "TEAMWORK FAIRNESS LEADERSHIP"),
    (Virtue.TEMPERANCE, "FORGIVENESS HUMILITY PRUDENCE SELF_REGULATION"),
    (
        Virtue.TRANSCENDENCE,
        "APPRECIATION_OF_BEAUTY GRATITUDE HOPE HUMOR SPIRITUALITY",
    ),
):
    for _name in _members.split():
        _VIRTUE_OF[CharacterStrength[_name]] = _virtue


class StrengthKind(enum.Enum):
    """Whether a strength is the client's own (internal) or around them (external)."""

    INTERNAL = "internal"
    EXTERNAL = "external"


class StrengthCategory(enum.Enum):
    """What sort of strength it is; each category is internal or external."""

    CHARACTER = "character"
    """One of the 24 VIA character strengths (internal)."""
    SKILL = "skill"
    TALENT = "talent"
    VALUE = "value"
    INTEREST = "interest"
    FAMILY = "family"
    FRIENDS = "friends"
    COMMUNITY_GROUP = "community-group"
    PROFESSIONAL_SERVICE = "professional-service"
    FAITH_OR_CULTURAL_COMMUNITY = "faith-or-cultural-community"
    PLACE = "place"
    PET = "pet"
    MATERIAL_RESOURCE = "material-resource"

    @property
    def strength_kind(self) -> StrengthKind:
        """Internal for character, skill, talent, value and interest; else external.

        Examples:
            >>> StrengthCategory.PET.strength_kind
            <StrengthKind.EXTERNAL: 'external'>
        """
        return StrengthKind.INTERNAL if self in _INTERNAL else StrengthKind.EXTERNAL


_INTERNAL = frozenset(
    {
        StrengthCategory.CHARACTER,
        StrengthCategory.SKILL,
        StrengthCategory.TALENT,
        StrengthCategory.VALUE,
        StrengthCategory.INTEREST,
    }
)


class LifeDomain(enum.Enum):
    """The life domains of the Strengths Model assessment (Rapp & Goscha 2012)."""

    DAILY_LIVING = "daily-living"
    FINANCIAL = "financial"
    VOCATIONAL_EDUCATIONAL = "vocational-educational"
    SOCIAL_SUPPORTS = "social-supports"
    HEALTH = "health"
    LEISURE = "leisure"
    SPIRITUALITY_CULTURE = "spirituality-culture"


class Evidence(enum.Enum):
    """Where the knowledge of a strength comes from."""

    SELF_REPORT = "self-report"
    CLINICIAN_OBSERVATION = "clinician-observation"
    ASSESSMENT = "assessment"
    SOMEONE_CLOSE = "someone-close"
    """Reported by someone close to the client (family, friend, carer)."""


@attrs.frozen(kw_only=True)
class Strength(Record):
    """A strength of the client: internal (a quality) or external (a resource).

    Whether it is internal or external follows from its category (see
    [`StrengthCategory.strength_kind`][strengthmodel.StrengthCategory.strength_kind]),
    so the two can never disagree.

    Attributes:
        id: The record's id.
        name: A short name ("patient listener", "sister Ana's support") (sensitive:
            it can name people and places).
        category: What sort of strength it is.
        character_strength: The VIA strength, required when the category is
            ``CHARACTER`` and not allowed otherwise.
        domain: The life domain where the strength shows, if known.
        evidence: Where the knowledge of the strength comes from.
        how_it_helps: How it helps with the current difficulties (sensitive).
        identified_on: When it was identified.
        source_concern_id: The concern in whose story the strength came up, if any
            (step 3 finds strengths in the client's own story).
        source_session_id: The session where it came up, if any.
    """

    kind = "strength"

    id: StrengthId = attrs.field(converter=plain_id)
    name: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    category: StrengthCategory
    character_strength: CharacterStrength | None = None
    domain: LifeDomain | None = None
    evidence: Evidence = Evidence.SELF_REPORT
    how_it_helps: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
    identified_on: date | None = None
    source_concern_id: ConcernId | None = attrs.field(default=None, converter=optional_id)
    source_session_id: SessionId | None = attrs.field(default=None, converter=optional_id)

    @property
    def strength_kind(self) -> StrengthKind:
        """Internal or external, from the category."""
        return self.category.strength_kind

    def _problems(self) -> Iterable[Problem]:
        if self.category is StrengthCategory.CHARACTER and self.character_strength is None:
            yield Problem(
                "character_strength",
                "expected one of the 24 VIA character strengths for category 'character', got None",
            )
        if self.category is not StrengthCategory.CHARACTER and self.character_strength:
            yield Problem(
                "character_strength",
                f"a VIA character strength belongs to category 'character', "
                f"not {self.category.value!r}",
            )
