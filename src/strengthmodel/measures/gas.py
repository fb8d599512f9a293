"""Goal Attainment Scaling (Kiresuk & Sherman 1968; Turner-Stokes 2009).

Each goal is rated on five levels, -2 (much less than expected) to +2 (much more than
expected), 0 being the expected outcome. Goals are weighted by importance x difficulty
(each 0-3). The summary T-score is

    T = 50 + 10 Σ(wᵢxᵢ) / sqrt((1 - ρ) Σwᵢ² + ρ (Σwᵢ)²)

with ρ the assumed correlation between goal scores, conventionally 0.3. T is 50 when
every goal is at its expected level, and has a standard deviation of about 10.

We compute the denominator as ``Σw² + ρ((Σw)² - Σw²)``, algebraically the same, which
keeps the worked examples below exact in floating point.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel.measures._arrays import (
    as_float_array,
    as_int_array,
    fail,
    finite_number,
)

__all__ = ["DEFAULT_RHO", "gas_t_score", "gas_weight"]

DEFAULT_RHO = 0.3
"""The conventional inter-goal correlation ρ (Kiresuk & Sherman 1968)."""


def gas_weight(importance: int, difficulty: int) -> int:
    """A goal's weight: importance x difficulty, each rated 0-3 (Turner-Stokes 2009).

    Raises:
        ValidationError: A rating is not an integer from 0 to 3.

    Examples:
        >>> gas_weight(3, 2)
        6
    """
    for name, value in (("importance", importance), ("difficulty", difficulty)):
        if type(value) is not int or not 0 <= value <= 3:
            raise fail(
                name, f"expected an integer from 0 to 3, got {describe_value(value, number=True)}"
            )
    return importance * difficulty


@overload
def gas_t_score(
    levels: list[int] | tuple[int, ...],
    weights: list[float] | list[int] | tuple[float, ...] | None = None,
    *,
    rho: float = DEFAULT_RHO,
) -> float: ...
@overload
def gas_t_score(
    levels: NDArray[Any],
    weights: NDArray[Any] | list[float] | list[int] | tuple[float, ...] | None = None,
    *,
    rho: float = DEFAULT_RHO,
) -> float | NDArray[np.float64]: ...


def gas_t_score(
    levels: Any,
    weights: Any = None,
    *,
    rho: float = DEFAULT_RHO,
) -> float | NDArray[np.float64]:
    """The Goal Attainment Scaling T-score of a set of goals (Kiresuk & Sherman 1968).

    Args:
        levels: Each goal's attainment level, an integer from -2 to +2. A sequence (one
            client) or an integer array of shape ``(goals,)`` or ``(clients, goals)``.
        weights: Each goal's weight (importance x difficulty), non-negative; all ones
            if not given. Shape ``(goals,)`` (the same weights for every client) or the
            shape of ``levels``. A goal with weight 0 does not count.
        rho: The assumed correlation between goal scores, from 0 to 1 (default 0.3).

    Returns:
        A float for one client (a sequence or a 1-D array); an array of shape
        ``(clients,)`` for a 2-D array.

    Raises:
        ValidationError: A level is not an integer from -2 to 2, a weight is negative or
            not finite, shapes differ, there are no goals, or a client's weights are all
            zero (the T-score would divide by zero).

    Examples:
        Four goals weighted importance x difficulty: Σwx = 9, Σw² = 54, (Σw)² = 144,
        0.7 · 54 + 0.3 · 144 = 81, so T = 50 + 10 · 9 / 9:

        >>> weights = [gas_weight(1, 1), gas_weight(1, 1), gas_weight(2, 2), gas_weight(3, 2)]
        >>> weights
        [1, 1, 4, 6]
        >>> gas_t_score([-1, 0, 1, 1], weights)
        60.0

        A worked example computed from the formula, not taken from a publication (its
        weights are not all importance x difficulty products: 5 is none):

        >>> gas_t_score([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6])
        55.0
        >>> gas_t_score([1])
        60.0
        >>> import numpy as np
        >>> gas_t_score(np.array([[0, 0], [2, 2], [-2, -2]]), [1, 1]).round(3).tolist()
        [50.0, 74.807, 25.193]
    """
    x = as_int_array(levels, "levels")
    if x.ndim not in (1, 2) or x.shape[-1] == 0:
        raise fail("levels", f"expected one or more goals per client, got shape {x.shape}")
    if np.any((x < -2) | (x > 2)):
        bad = x[(x < -2) | (x > 2)].flat[0]
        raise fail("levels", f"expected levels from -2 to 2, got {int(bad)}")
    w = np.ones(x.shape[-1]) if weights is None else as_float_array(weights, "weights")
    if w.shape not in (x.shape, x.shape[-1:]):
        shapes = f"{x.shape}" if x.ndim == 1 else f"{x.shape[-1:]} or {x.shape}"
        raise fail("weights", f"expected shape {shapes} (one weight per goal), got {w.shape}")
    if np.any(w < 0):
        raise fail("weights", "expected non-negative weights, got a negative weight")
    r = finite_number(rho, "rho", low=0.0, high=1.0)
    w = np.broadcast_to(w, x.shape)
    sum_w = w.sum(axis=-1)
    if np.any(sum_w == 0):
        raise fail("weights", "expected at least one goal with a weight above zero")
    sum_w2 = (w * w).sum(axis=-1)
    denominator = np.sqrt(sum_w2 + r * (sum_w * sum_w - sum_w2))
    t = 50.0 + 10.0 * (w * x).sum(axis=-1) / denominator
    if x.ndim == 1:
        return float(t)
    return np.asarray(t, dtype=np.float64)
