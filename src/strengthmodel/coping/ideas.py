"""Coping ideas from unused strengths: the clinical content, on its own for review.

This module holds the only clinical wording the coping graph adds to a plan: one idea per
VIA character strength (Peterson & Seligman 2004), one per other kind of strength, and
the rule that orders them. Clinicians can review and change it here without reading any
graph code. Ideas are starting points to talk over with the client, never advice; they
name a strength by its id unless the caller asks for sensitive text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from strengthmodel._fields import trusted
from strengthmodel.coping.results import Suggestion
from strengthmodel.steps.staying_well import CopingLevel
from strengthmodel.steps.strengths import CharacterStrength, Strength, StrengthCategory

__all__ = ["CATEGORY_IDEAS", "CHARACTER_IDEAS", "SOCIAL_RUNGS", "idea", "suggest"]


CHARACTER_IDEAS: dict[CharacterStrength, str] = {
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
"""One coping idea for each of the 24 VIA character strengths, in our own words.

The names are Peterson & Seligman's (2004); the ideas are this library's, written to be
talked over with the client, not prescribed. Each sits on the internal-coping rung.
"""

CATEGORY_IDEAS: dict[StrengthCategory, tuple[CopingLevel, str]] = {
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
"""For every other strength category: the rung the idea sits on, and the idea.

``{name}`` stands for the strength's name, or for its id in brackets unless the caller
asks for sensitive text. The rungs follow the safety-planning ladder (Stanley & Brown
2012): something to do alone, a place or group for distraction, people to ask for help,
professionals. Character strengths use
[`CHARACTER_IDEAS`][strengthmodel.coping.ideas.CHARACTER_IDEAS] instead.
"""

SOCIAL_RUNGS: frozenset[CopingLevel] = frozenset(
    {CopingLevel.SOCIAL_DISTRACTION, CopingLevel.ASK_FOR_HELP, CopingLevel.PROFESSIONAL}
)
"""The rungs whose ideas bring in other people: first for interpersonal triggers."""


def idea(
    strength: Strength, used_rungs: Collection[CopingLevel], *, include_sensitive: bool = False
) -> Suggestion:
    """The coping idea one strength gives, and why it is suggested.

    Args:
        strength: An unused strength.
        used_rungs: The rungs the trigger already has a strategy on (the reason says
            when the idea's rung is empty).
        include_sensitive: Name the strength by its name (sensitive) instead of its id.

    Returns:
        The suggestion.

    Examples:
        >>> from strengthmodel import Strength
        >>> park = Strength(id="s1", name="The park", category=StrengthCategory.PLACE)
        >>> suggestion = idea(park, {CopingLevel.INTERNAL})
        >>> suggestion.level.value, suggestion.idea
        ('social-distraction', 'Go to [s1]')
        >>> print(suggestion.reason)
        Strength 's1' is a place strength that no coping skill or goal uses; nothing on
        the social-distraction rung yet
    """
    name = strength.name if include_sensitive else f"[{strength.id}]"
    if strength.character_strength is not None:
        level = CopingLevel.INTERNAL
        text = CHARACTER_IDEAS[strength.character_strength]
        source = f"the character strength {strength.character_strength.label.lower()}"
    else:
        level, template = CATEGORY_IDEAS[strength.category]
        text = template.format(name=name)
        source = f"a {strength.category.value.replace('-', ' ')} strength"
    gap = "" if level in used_rungs else f"; nothing on the {level.value} rung yet"
    who = f"{strength.name!r}" if include_sensitive else f"Strength {strength.id!r}"
    # Every part is valid by construction (a level, texts from the tables and a valid
    # strength), so the record is built without checking it again.
    return trusted(
        Suggestion,
        {
            "strength_id": strength.id,
            "level": level,
            "idea": text[0].upper() + text[1:],
            "reason": f"{who} is {source} that no coping skill or goal uses{gap}",
        },
    )


def suggest(
    unused: Iterable[Strength],
    used_rungs: Collection[CopingLevel],
    *,
    interpersonal: bool,
    include_sensitive: bool = False,
) -> tuple[Suggestion, ...]:
    """Ideas from unused strengths, in the order to talk them over.

    Ideas on rungs the trigger has no strategy on yet come first, then ladder order. For
    interpersonal triggers, ideas that bring in other people
    ([`SOCIAL_RUNGS`][strengthmodel.coping.ideas.SOCIAL_RUNGS]) come before solitary ones
    on the same footing; ties keep the plan's order of strengths.

    Args:
        unused: The strengths no coping skill or goal uses, in plan order.
        used_rungs: The rungs the trigger already has a strategy on.
        interpersonal: Whether the trigger is interpersonal (Marlatt & Gordon 1985).
        include_sensitive: Name strengths by name instead of id.

    Returns:
        One suggestion per strength.
    """
    ideas = [idea(s, used_rungs, include_sensitive=include_sensitive) for s in unused]
    ideas.sort(
        key=lambda s: (
            s.level in used_rungs,
            not (interpersonal and s.level in SOCIAL_RUNGS),
            s.level.rung,
        )
    )
    return tuple(ideas)
