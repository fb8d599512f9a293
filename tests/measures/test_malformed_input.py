"""Every measure that reads outside data answers or raises our error, nothing else."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner),
    max_leaves=8,
)


@given(anything, st.none() | anything, st.floats() | st.integers() | st.booleans())
def test_gas_t_score_never_fails_with_a_bare_error(levels, weights, rho):
    """Arbitrary levels, weights and rho: a T-score or ValidationError."""
    try:
        result = sm.gas_t_score(levels, weights, rho=rho)
    except sm.ValidationError as error:
        problems = error.problems
    else:
        assert 0 < result < 100  # levels -2..2 bound T well inside (0, 100)
        return
    assert problems


@given(
    st.lists(st.integers(-3, 3), min_size=1, max_size=5),
    st.sampled_from(["int8", "int64", "uint8", "float32", "bool", "object"]),
)
def test_gas_arrays_of_any_dtype(levels, dtype):
    """Only integer arrays are accepted; other dtypes are refused, never truncated."""
    array = np.array([levels]).astype(dtype)  # unsigned types wrap negatives
    try:
        scores = sm.gas_t_score(array)
    except sm.ValidationError as error:
        message = str(error)
    else:
        assert array.dtype.kind in "iu"
        assert scores.shape == (1,)
        return
    assert "levels" in message


@given(anything, anything, anything, anything)
def test_reliable_change_never_fails_with_a_bare_error(before, after, sd, reliability):
    """Arbitrary inputs: a result or ValidationError."""
    try:
        sm.reliable_change(before, after, sd=sd, reliability=reliability)
    except sm.ValidationError as error:
        problems = error.problems
    else:
        return
    assert problems


def _corrupt(draw: st.DrawFn, value: object) -> object:
    if isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            return {k: v for k, v in value.items() if k != key}
        if choice == 1:
            return {**value, "surprise": 1}
        return {**value, key: _corrupt(draw, value[key])}
    if isinstance(value, list) and value:
        index = draw(st.integers(0, len(value) - 1))
        return [*value[:index], _corrupt(draw, value[index]), *value[index + 1 :]]
    return draw(st.none() | st.booleans() | st.integers(-5, 30) | st.floats() | st.text(max_size=4))


@st.composite
def corrupted_instruments(draw: st.DrawFn) -> str:
    instrument = sm.builtin_instrument(
        draw(st.sampled_from(["phq-9", "gad-7", "character-strengths", "life-domain-priorities"]))
    )
    return json.dumps(_corrupt(draw, sm.to_dict(instrument)))


@given(corrupted_instruments())
def test_corrupted_instrument_definitions_raise_only_validation_error(text):
    """A mutated definition loads (and scores in range) or raises ValidationError."""
    try:
        instrument = sm.load_instrument(text)
    except sm.ValidationError as error:
        problems = error.problems
    else:
        problems = ()
    if problems:
        return
    low, high = instrument.score_range
    answers = {i.id: min(o.value for o in instrument.options) for i in instrument.items}
    assert low <= instrument.score(answers).total <= high


@pytest.mark.parametrize("text", ["", "{}", "[]", "null", '{"format": "strengthmodel.instrument"}'])
def test_instrument_loading_edge_cases(text):
    """Empty, wrong-shape and envelope-only documents are refused with our error."""
    with pytest.raises(sm.ValidationError):
        sm.load_instrument(text)
