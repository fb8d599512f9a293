"""Strict conversion of numbers and arrays for the measures (shared input checks)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel.errors import Problem, ValidationError

__all__ = ["as_float_array", "as_int_array", "finite_number", "is_array_input"]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def fail(path: str, message: str) -> ValidationError:
    """Build a one-problem validation error."""
    return ValidationError([Problem(path, message)])


def is_array_input(value: object) -> bool:
    """True for numpy arrays (the vectorized path); False for Python numbers and lists."""
    return isinstance(value, np.ndarray)


def finite_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """Check a Python number (int or float, not bool) and return it as a float."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise fail(name, f"expected a finite number, got {describe_value(value, number=True)}")
    try:
        number = float(value)
    except OverflowError:
        raise fail(
            name, f"expected a finite number, got {describe_value(value, number=True)}"
        ) from None
    if not math.isfinite(number):
        raise fail(name, f"expected a finite number, got {describe_value(value, number=True)}")
    if low is not None and (number < low or (low_open and number == low)):
        bound = f"above {low:g}" if low_open else f"at least {low:g}"
        raise fail(name, f"expected a number {bound}, got {describe_value(value, number=True)}")
    if high is not None and number > high:
        raise fail(
            name, f"expected a number at most {high:g}, got {describe_value(value, number=True)}"
        )
    return number


def as_int_array(value: object, name: str) -> NDArray[np.int64]:
    """Integers as an array: a numpy integer array, or a sequence of Python ints."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iu":
            raise fail(name, f"expected an integer array, got dtype {value.dtype}")
        return value.astype(np.int64, copy=False)
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise fail(name, f"expected a sequence of integers, got {type(value).__name__}")
    for index, item in enumerate(value):
        if type(item) is not int:
            where = f"{name}[{index}]"
            raise fail(where, f"expected an integer, got {describe_value(item, number=True)}")
        if not _INT64_MIN <= item <= _INT64_MAX:
            where = f"{name}[{index}]"
            raise fail(where, f"expected a 64-bit integer, got {describe_value(item, number=True)}")
    return np.asarray(value, dtype=np.int64)


def as_float_array(value: object, name: str) -> NDArray[np.float64]:
    """Finite numbers as a float array: a numeric numpy array, or a sequence of numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise fail(name, f"expected a numeric array, got dtype {value.dtype}")
        array: NDArray[Any] = value.astype(np.float64, copy=False)
    else:
        if not isinstance(value, Sequence) or isinstance(value, str | bytes):
            raise fail(name, f"expected a sequence of numbers, got {type(value).__name__}")
        for index, item in enumerate(value):
            if type(item) not in (int, float):
                where = f"{name}[{index}]"
                raise fail(where, f"expected a number, got {describe_value(item, number=True)}")
        try:
            array = np.asarray(value, dtype=np.float64)
        except OverflowError:
            raise fail(
                name, "expected finite numbers, got an integer too large for a float"
            ) from None
    if not np.all(np.isfinite(array)):
        raise fail(name, "expected finite numbers, got NaN or infinity")
    return array
