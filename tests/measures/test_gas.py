"""Goal Attainment Scaling: worked examples, edge cases, properties, cohorts."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.measures.gas import DEFAULT_RHO, gas_t_score, gas_weight


def test_worked_example_is_exactly_55():
    """Levels (-2, 0, -1, 2, 0, 1), weights (3, 5, 1, 4, 2, 6): T = 55.0 exactly."""
    # Computed from the formula, not taken from a publication (5 is no importance x
    # difficulty product). Σwx = -6 + 0 - 1 + 8 + 0 + 6 = 7; Σw² = 9 + 25 + 1 + 16 + 4 + 36
    # = 91; (Σw)² = 21² = 441; 0.7 · 91 + 0.3 · 441 = 63.7 + 132.3 = 196 = 14²;
    # T = 50 + 10 · 7 / 14 = 55.
    assert gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6]) == 55.0
    assert DEFAULT_RHO == 0.3


def test_worked_example_weighted_importance_times_difficulty_is_exactly_60():
    """Weights 1x1, 1x1, 2x2, 3x2 at levels (-1, 0, 1, 1): T = 60.0 exactly."""
    weights = [gas_weight(1, 1), gas_weight(1, 1), gas_weight(2, 2), gas_weight(3, 2)]
    assert weights == [1, 1, 4, 6]
    # Σwx = -1 + 0 + 4 + 6 = 9; Σw² = 1 + 1 + 16 + 36 = 54; (Σw)² = 12² = 144;
    # 0.7 · 54 + 0.3 · 144 = 37.8 + 43.2 = 81 = 9²; T = 50 + 10 · 9 / 9 = 60.
    assert gas_t_score([-1, 0, 1, 1], weights) == 60.0
    # The same goals one level lower each: Σwx = 9 - 12 = -3, T = 50 - 30/9 = 50 - 10/3.
    assert gas_t_score([-2, -1, 0, 0], weights) == pytest.approx(50 - 10 / 3, abs=1e-12)


def test_single_goal_and_extremes():
    """One goal at +1 gives 60.0; one goal at -2 gives 30.0, at +2 gives 70.0."""
    assert gas_t_score([1]) == 60.0
    assert gas_t_score([-2]) == 30.0
    assert gas_t_score([2], [9]) == 70.0


def test_all_expected_and_hand_computed_cases():
    """All goals at 0 give 50; two goals at +2 with unit weights give 50 + 40/sqrt(2.6)."""
    assert gas_t_score([0, 0, 0], [1, 2, 3]) == 50.0
    assert gas_t_score([2, 2]) == pytest.approx(50 + 40 / math.sqrt(2.6), abs=1e-12)
    # rho = 0: the denominator is sqrt(sum of squared weights).
    assert gas_t_score([1, -1, 1], [1, 1, 1], rho=0) == pytest.approx(50 + 10 / math.sqrt(3))
    # Weight 0 goals do not count.
    assert gas_t_score([2, 1], [0, 1]) == 60.0


def test_weight_is_importance_times_difficulty():
    """gas_weight multiplies two 0-3 ratings and refuses anything else."""
    assert [gas_weight(3, 2), gas_weight(0, 3), gas_weight(3, 3)] == [6, 0, 9]
    with pytest.raises(sm.ValidationError, match="importance: expected an integer from 0 to 3"):
        gas_weight(4, 1)
    with pytest.raises(sm.ValidationError, match="difficulty"):
        gas_weight(1, 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("levels", "weights", "kwargs", "message"),
    [
        ([0, 3], None, {}, "levels: expected levels from -2 to 2, got 3"),
        ([0, 1.0], None, {}, r"levels\[1\]: expected an integer, got 1.0"),
        ([True], None, {}, r"levels\[0\]: expected an integer, got true"),
        ([], None, {}, r"levels: expected one or more goals per client, got shape \(0,\)"),
        ([0, 0], [0, 0], {}, "weights: expected at least one goal with a weight above zero"),
        ([0, 0], [1, -1], {}, "weights: expected non-negative weights"),
        ([0, 0], [1, float("nan")], {}, "weights: expected finite numbers"),
        (
            [0, 0],
            [1, 1, 1],
            {},
            r"weights: expected shape \(2,\) \(one weight per goal\), got \(3,\)",
        ),
        ([0], None, {"rho": 1.5}, "rho: expected a number at most 1, got 1.5"),
        ([0], None, {"rho": True}, "rho: expected a finite number, got true"),
        ("12", None, {}, "levels: expected a sequence of integers, got str"),
        # Found by the explore profile: integers beyond 64 bits used to escape as OverflowError.
        ([0, 2**63], None, {}, r"levels\[1\]: expected a 64-bit integer, got 9223372036854775808"),
        ([0], [10**400], {}, "weights: expected finite numbers, got an integer too large"),
        ([0], None, {"rho": 10**400}, "rho: expected a finite number"),
    ],
)
def test_bad_input_is_refused_with_our_error(levels, weights, kwargs, message):
    """Out-of-range levels, floats, all-zero weights, bad rho: ValidationError, no division."""
    with pytest.raises(sm.ValidationError, match=message):
        gas_t_score(levels, weights, **kwargs)


def test_cohorts_are_scored_at_once():
    """A (clients, goals) array gives one T-score per client; weights may vary per client."""
    levels = np.array([[-2, 0, -1, 2, 0, 1], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]])
    scores = gas_t_score(levels, [3, 5, 1, 4, 2, 6])
    assert isinstance(scores, np.ndarray)
    assert scores.shape == (3,)
    assert scores[0] == 55.0
    assert scores[1] == 50.0
    per_client = gas_t_score(np.array([[1, -1], [1, -1]]), np.array([[1, 0], [0, 1]]))
    assert per_client.tolist() == [60.0, 40.0]
    with pytest.raises(sm.ValidationError, match="expected an integer array, got dtype float64"):
        gas_t_score(np.array([[0.5]]))
    with pytest.raises(sm.ValidationError, match="weight above zero"):
        gas_t_score(np.array([[1, 1], [1, 1]]), np.array([[1, 1], [0, 0]]))


def test_a_one_dimensional_array_gives_a_python_float():
    """One client's array gives a float, not a numpy scalar."""
    result = gas_t_score(np.array([1]))
    assert type(result) is float
    assert result == 60.0


levels_and_weights = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-2, 2), min_size=n, max_size=n),
        st.lists(st.integers(1, 9), min_size=n, max_size=n),
    )
)


@given(st.lists(st.integers(0, 9), min_size=1, max_size=8).filter(any), st.floats(0, 1))
def test_fifty_when_every_goal_is_at_its_expected_level(weights, rho):
    """T = 50 whenever all levels are 0, for any weights and rho."""
    assert gas_t_score([0] * len(weights), weights, rho=rho) == 50.0


@given(levels_and_weights, st.data())
def test_monotone_in_each_level(case, data):
    """Raising any one goal's level never lowers T (and raises it when its weight > 0)."""
    levels, weights = case
    index = data.draw(st.integers(0, len(levels) - 1))
    if levels[index] == 2:
        return
    higher = list(levels)
    higher[index] += 1
    assert gas_t_score(higher, weights) > gas_t_score(levels, weights)


@given(levels_and_weights)
def test_vectorized_matches_scalar(case):
    """Scoring a cohort array gives the same numbers as scoring each client alone."""
    levels, weights = case
    cohort = np.array([levels, [-x for x in levels]])
    scores = gas_t_score(cohort, weights)
    assert scores.tolist() == pytest.approx(
        [gas_t_score(levels, weights), gas_t_score([-x for x in levels], weights)], abs=1e-9
    )
    # Mirroring every level mirrors T around 50.
    assert scores[0] - 50 == pytest.approx(50 - scores[1], abs=1e-9)
