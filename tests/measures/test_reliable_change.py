"""Reliable change and clinical significance: worked examples, edges, properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.measures.reliable_change import RELIABLE_Z, s_diff

# Illustrative values from Evans, Margison & Barkham (1998): clinical and non-clinical
# means and SDs (the reliability they go with is 0.89).
EVANS = {"clinical_mean": 1.81, "clinical_sd": 0.53, "functional_mean": 0.72, "functional_sd": 0.57}


def test_s_diff_and_minimum_change_of_the_evans_values():
    """s1 = 0.53, r = 0.89: S_diff 0.2486, minimum reliable change 0.4872 (4 decimals)."""
    result = sm.reliable_change(1.81, 1.0, sd=0.53, reliability=0.89)
    assert round(result.s_diff, 4) == 0.2486
    assert round(result.minimum_change, 4) == 0.4872
    assert result.s_diff == math.sqrt(2) * 0.53 * math.sqrt(1 - 0.89)
    assert result.minimum_change == RELIABLE_Z * result.s_diff


def test_cutoffs_of_the_evans_values_lower_is_better():
    """Evans et al. inputs give a = 0.75, b = 1.86, c = 1.2848 (4 decimals)."""
    cut = sm.clinical_cutoffs(**EVANS, higher_is_better=False)
    assert (round(cut.a, 4), round(cut.b, 4), round(cut.c, 4)) == (0.75, 1.86, 1.2848)
    assert cut.higher_is_better is False


def test_cutoffs_higher_is_better_mirror():
    """When higher is better, a and b move the other way; c is the same formula."""
    cut = sm.clinical_cutoffs(
        clinical_mean=40, clinical_sd=10, functional_mean=60, functional_sd=5, higher_is_better=True
    )
    assert (cut.a, cut.b) == (60.0, 50.0)
    assert cut.c == pytest.approx((5 * 40 + 10 * 60) / 15)


def test_index_and_verdict_exact():
    """RC = (after - before) / S_diff; reliable when |RC| > 1.96, not at exactly 1.96."""
    spread = s_diff(sd=10, reliability=0.5)
    assert spread == pytest.approx(10.0)
    result = sm.reliable_change(50, 70, sd=10, reliability=0.5)
    assert result.index == pytest.approx(2.0)
    assert result.reliable is True
    edge = sm.reliable_change(0.0, RELIABLE_Z * spread, sd=10, reliability=0.5)
    assert edge.reliable is False


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (1.20, sm.ChangeCategory.RECOVERED),  # reliable drop, crosses c = 1.2848
        (1.30, sm.ChangeCategory.IMPROVED),  # reliable drop (0.51 > 0.487), not past c
        (1.50, sm.ChangeCategory.UNCHANGED),  # drop of 0.31 is not reliable
        (2.40, sm.ChangeCategory.DETERIORATED),  # reliable rise, lower is better
    ],
)
def test_classify_change_categories(after, expected):
    """The four Jacobson & Truax categories on the Evans et al. scale (lower is better)."""
    assert (
        sm.classify_change(
            1.81, after, sd=0.53, reliability=0.89, cutoff=1.2848, higher_is_better=False
        )
        is expected
    )


def test_started_functional_cannot_recover():
    """A reliable improvement that starts past the cut-off is improved, not recovered."""
    assert (
        sm.classify_change(
            1.2, 0.6, sd=0.53, reliability=0.89, cutoff=1.2848, higher_is_better=False
        )
        is sm.ChangeCategory.IMPROVED
    )


def test_vectorized_over_arrays():
    """Arrays in, arrays out, with the same verdicts as one at a time."""
    before = np.array([1.81, 1.81, 1.81, 1.81, 1.2])
    after = np.array([1.20, 1.30, 1.50, 2.40, 0.6])
    result = sm.reliable_change(before, after, sd=0.53, reliability=0.89)
    assert isinstance(result, sm.ReliableChanges)
    assert result.reliable.tolist() == [True, True, False, True, True]
    categories = sm.classify_change(
        before, after, sd=0.53, reliability=0.89, cutoff=1.2848, higher_is_better=False
    )
    assert categories.tolist() == ["recovered", "improved", "unchanged", "deteriorated", "improved"]
    with pytest.raises(sm.ValidationError, match=r"after: expected shape \(5,\), got \(2,\)"):
        sm.reliable_change(before, after[:2], sd=0.53, reliability=0.89)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sd": 0, "reliability": 0.8}, "sd: expected a number above 0, got 0"),
        ({"sd": -1, "reliability": 0.8}, "sd: expected a number above 0"),
        ({"sd": 1, "reliability": 1}, "reliability: expected a reliability below 1"),
        ({"sd": 1, "reliability": 1.2}, "reliability: expected a number at most 1"),
        ({"sd": 1, "reliability": -0.1}, "reliability: expected a number at least 0"),
        ({"sd": "1", "reliability": 0.5}, "sd: expected a finite number, got text of 1 character"),
        ({"sd": float("nan"), "reliability": 0.5}, "sd: expected a finite number"),
    ],
)
def test_zero_variance_and_bad_reliability_refused(kwargs, message):
    """No variance, perfect or impossible reliability: our error, never a ZeroDivisionError."""
    with pytest.raises(sm.ValidationError, match=message):
        sm.reliable_change(1.0, 2.0, **kwargs)


def test_cutoffs_refuse_zero_sd_and_non_bool_direction():
    """clinical_cutoffs needs spreads above zero and a real boolean direction."""
    with pytest.raises(sm.ValidationError, match="functional_sd: expected a number above 0"):
        sm.clinical_cutoffs(**{**EVANS, "functional_sd": 0}, higher_is_better=False)
    with pytest.raises(sm.ValidationError, match="higher_is_better: expected true or false"):
        sm.clinical_cutoffs(**EVANS, higher_is_better=1)  # type: ignore[arg-type]


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, st.floats(0.01, 100), st.floats(0, 0.99))
def test_rc_is_antisymmetric(before, after, sd, reliability):
    """Swapping before and after negates RC and keeps the verdict."""
    forward = sm.reliable_change(before, after, sd=sd, reliability=reliability)
    backward = sm.reliable_change(after, before, sd=sd, reliability=reliability)
    assert forward.index == -backward.index
    assert forward.reliable == backward.reliable


@given(
    st.lists(st.tuples(finite, finite), min_size=1, max_size=20),
    st.floats(0.01, 100),
    st.floats(0, 0.99),
    finite,
    st.booleans(),
)
def test_vectorized_classification_matches_scalar(pairs, sd, reliability, cutoff, higher):
    """Classifying an array gives exactly the per-client categories."""
    before = np.array([p[0] for p in pairs])
    after = np.array([p[1] for p in pairs])
    many = sm.classify_change(
        before, after, sd=sd, reliability=reliability, cutoff=cutoff, higher_is_better=higher
    )
    one_by_one = [
        sm.classify_change(
            b, a, sd=sd, reliability=reliability, cutoff=cutoff, higher_is_better=higher
        ).value
        for b, a in pairs
    ]
    assert many.tolist() == one_by_one
