"""Step 6 records: goals, GAS scales, FHIR statuses, attainment history."""

from datetime import date

import pytest

from strengthmodel import (
    Attainment,
    GasScale,
    Goal,
    GoalAchievementStatus,
    GoalLifecycleStatus,
    ValidationError,
)

SCALE = GasScale(much_less="none", less="one", expected="two", more="three", much_more="four")


def test_fhir_codes():
    """Lifecycle and achievement statuses use FHIR R4B's codes exactly."""
    assert [s.value for s in GoalLifecycleStatus] == [
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    ]
    assert [s.value for s in GoalAchievementStatus] == [
        "in-progress",
        "improving",
        "worsening",
        "no-change",
        "achieved",
        "sustaining",
        "not-achieved",
        "no-progress",
        "not-attainable",
    ]
    assert [s.value for s in GoalLifecycleStatus if s.is_open] == [
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
    ]


def test_weight_is_importance_times_difficulty():
    """Weight = importance x difficulty, each 0-3 (Turner-Stokes 2009)."""
    assert [
        Goal(id="g", statement="s", importance=i, difficulty=d).weight
        for i, d in [(0, 3), (1, 1), (2, 3), (3, 3)]
    ] == [0, 1, 6, 9]
    with pytest.raises(
        ValidationError, match=r"Goal\.difficulty: expected an integer from 0 to 3, got 4"
    ):
        Goal(id="g", statement="s", difficulty=4)


def test_scale_describes_each_level():
    """describe(level) returns the description of levels -2..+2 and refuses others."""
    assert [SCALE.describe(level) for level in (-2, -1, 0, 1, 2)] == [
        "none",
        "one",
        "two",
        "three",
        "four",
    ]
    with pytest.raises(ValidationError, match="expected -2 to 2, got 3"):
        SCALE.describe(3)


def test_attainments_in_date_order():
    """Ratings must be in date order, one a day; level_on uses the latest on or before a day."""
    goal = Goal(
        id="g",
        statement="s",
        baseline=-2,
        attainments=(
            Attainment(rated_on=date(2026, 1, 10), level=-1),
            Attainment(rated_on=date(2026, 2, 10), level=1),
        ),
    )
    assert [goal.level_on(date(2026, 1, d)) for d in (9, 10, 31)] == [-2, -1, -1]
    assert goal.latest == Attainment(rated_on=date(2026, 2, 10), level=1)
    with pytest.raises(ValidationError, match="in date order, at most one rating a day"):
        Goal(
            id="g",
            statement="s",
            attainments=(
                Attainment(rated_on=date(2026, 1, 10), level=0),
                Attainment(rated_on=date(2026, 1, 10), level=1),
            ),
        )
    with pytest.raises(
        ValidationError, match=r"Attainment\.level: expected an integer from -2 to 2"
    ):
        Attainment(rated_on=date(2026, 1, 1), level=3)
