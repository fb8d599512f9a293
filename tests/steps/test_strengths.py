"""Step 3 records and vocabularies: VIA strengths, categories, life domains."""

import pytest

from strengthmodel import (
    CharacterStrength,
    LifeDomain,
    Strength,
    StrengthCategory,
    StrengthKind,
    ValidationError,
    Virtue,
)


def test_via_classification_has_24_strengths_under_6_virtues():
    """The VIA classification: 24 strengths grouped 5-4-3-3-4-5 under the six virtues."""
    assert len(CharacterStrength) == 24
    assert {v.value: len(v.strengths) for v in Virtue} == {
        "wisdom": 5,
        "courage": 4,
        "humanity": 3,
        "justice": 3,
        "temperance": 4,
        "transcendence": 5,
    }
    assert [s.value for s in Virtue.WISDOM.strengths] == [
        "creativity",
        "curiosity",
        "judgment",
        "love-of-learning",
        "perspective",
    ]
    assert [s.value for s in Virtue.TEMPERANCE.strengths] == [
        "forgiveness",
        "humility",
        "prudence",
        "self-regulation",
    ]
    assert CharacterStrength.HUMOR.virtue is Virtue.TRANSCENDENCE
    assert CharacterStrength.HONESTY.virtue is Virtue.COURAGE
    assert CharacterStrength.SOCIAL_INTELLIGENCE.label == "Social intelligence"


def test_categories_decide_internal_or_external():
    """Five internal categories, eight external; a strength's kind follows its category."""
    internal = [c.value for c in StrengthCategory if c.strength_kind is StrengthKind.INTERNAL]
    assert internal == ["character", "skill", "talent", "value", "interest"]
    assert len(StrengthCategory) - len(internal) == 8
    strength = Strength(id="s1", name="Dog, Biscuit", category=StrengthCategory.PET)
    assert strength.strength_kind is StrengthKind.EXTERNAL


def test_life_domains_of_the_strengths_model():
    """The seven Strengths Model life domains (Rapp & Goscha 2012)."""
    assert [d.value for d in LifeDomain] == [
        "daily-living",
        "financial",
        "vocational-educational",
        "social-supports",
        "health",
        "leisure",
        "spirituality-culture",
    ]


def test_character_category_needs_a_via_strength_and_only_it():
    """CHARACTER requires a VIA strength; other categories refuse one."""
    with pytest.raises(ValidationError) as error:
        Strength(id="s1", name="Brave", category=StrengthCategory.CHARACTER)
    assert [p.path for p in error.value.problems] == ["Strength.character_strength"]
    with pytest.raises(ValidationError, match="belongs to category 'character', not 'skill'"):
        Strength(
            id="s1",
            name="Brave",
            category=StrengthCategory.SKILL,
            character_strength=CharacterStrength.BRAVERY,
        )
