"""Reliable change and clinical significance (Jacobson & Truax 1991).

Reliable change asks whether a change in score is larger than measurement error alone
would plausibly produce:

    SE = s₁ sqrt(1 - r)        S_diff = sqrt(2) SE        RC = (x₂ - x₁) / S_diff

and the change is reliable when |RC| > 1.96 (p < .05). The smallest raw change that is
reliable is 1.96 S_diff.

Clinical significance asks whether the client ended in the functional range. Three
cut-offs are defined from the clinical (M₁, s₁) and functional (M₀, s₀) populations:

- **a**: two standard deviations beyond the clinical mean, towards health;
- **b**: two standard deviations of the functional population from the functional mean,
  towards the clinical side;
- **c**: the point between the two means weighted by their spreads,
  ``(s₀ M₁ + s₁ M₀) / (s₀ + s₁)``, recommended when both norms are known.

A client is **recovered** when the change is a reliable improvement and they moved from
the clinical side of the chosen cut-off to the functional side; **improved** when the
change is a reliable improvement otherwise; **deteriorated** when it is a reliable
worsening; **unchanged** otherwise.
"""

from __future__ import annotations

import enum
import math
from typing import Any, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record
from strengthmodel.measures._arrays import as_float_array, fail, finite_number, is_array_input

__all__ = [
    "RELIABLE_Z",
    "ChangeCategory",
    "ClinicalCutoffs",
    "ReliableChange",
    "ReliableChanges",
    "classify_change",
    "clinical_cutoffs",
    "reliable_change",
    "s_diff",
]

RELIABLE_Z = 1.96
"""|RC| above this is a reliable change (two-tailed p < .05)."""


class ChangeCategory(enum.Enum):
    """The four outcome categories of Jacobson & Truax (1991)."""

    RECOVERED = "recovered"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    DETERIORATED = "deteriorated"


@attrs.frozen(kw_only=True)
class ReliableChange(Record):
    """The reliable change of one client.

    Attributes:
        index: RC = (after - before) / S_diff.
        s_diff: The standard error of the difference.
        minimum_change: The smallest raw change that is reliable, 1.96 S_diff.
        reliable: Whether |RC| > 1.96.
    """

    kind = "reliable-change"

    index: float
    s_diff: float
    minimum_change: float
    reliable: bool


@attrs.frozen(kw_only=True, eq=False)
class ReliableChanges:
    """The reliable change of many clients at once (arrays of the same shape).

    Attributes:
        index: RC for each client.
        s_diff: The standard error of the difference (the same for all).
        minimum_change: The smallest reliable raw change (the same for all).
        reliable: Whether |RC| > 1.96, for each client.
    """

    index: NDArray[np.float64]
    s_diff: float
    minimum_change: float
    reliable: NDArray[np.bool_]


@attrs.frozen(kw_only=True)
class ClinicalCutoffs(Record):
    """The three clinical-significance cut-offs of Jacobson & Truax (1991).

    Attributes:
        a: Two SDs beyond the clinical mean, towards health.
        b: Two functional SDs from the functional mean, towards the clinical side.
        c: ``(s₀ M₁ + s₁ M₀) / (s₀ + s₁)``.
        higher_is_better: Whether higher scores mean better functioning.
    """

    kind = "clinical-cutoffs"

    a: float
    b: float
    c: float
    higher_is_better: bool


def s_diff(*, sd: float, reliability: float) -> float:
    """The standard error of the difference, sqrt(2) x sd x sqrt(1 - r).

    Raises:
        ValidationError: ``sd`` is not above 0, or ``reliability`` is not in [0, 1).

    Examples:
        >>> round(s_diff(sd=0.53, reliability=0.89), 4)
        0.2486
    """
    s = finite_number(sd, "sd", low=0.0, low_open=True)
    r = finite_number(reliability, "reliability", low=0.0, high=1.0)
    if r == 1.0:
        raise fail("reliability", "expected a reliability below 1 (1 means no measurement error)")
    return math.sqrt(2.0) * s * math.sqrt(1.0 - r)


@overload
def reliable_change(
    before: float, after: float, *, sd: float, reliability: float
) -> ReliableChange: ...
@overload
def reliable_change(
    before: NDArray[Any], after: NDArray[Any], *, sd: float, reliability: float
) -> ReliableChanges: ...


def reliable_change(
    before: Any,
    after: Any,
    *,
    sd: float,
    reliability: float,
) -> ReliableChange | ReliableChanges:
    """The reliable change index (Jacobson & Truax 1991).

    Args:
        before: The score before (a number, or an array for many clients).
        after: The score after (same shape as ``before``).
        sd: The standard deviation of the measure in the clinical population (s₁).
        reliability: The measure's reliability (test-retest or internal consistency), 0 to <1.

    Returns:
        A [`ReliableChange`][strengthmodel.ReliableChange] for numbers, or
        [`ReliableChanges`][strengthmodel.ReliableChanges] (arrays) for arrays.

    Raises:
        ValidationError: ``sd`` is not above zero (no variance), the reliability is not
            in [0, 1), a score is not a finite number, or the shapes differ.

    Examples:
        Illustrative values from Evans, Margison & Barkham (1998):

        >>> rc = reliable_change(1.81, 1.2, sd=0.53, reliability=0.89)
        >>> round(rc.s_diff, 4), round(rc.minimum_change, 4), round(rc.index, 2), rc.reliable
        (0.2486, 0.4872, -2.45, True)
    """
    spread = s_diff(sd=sd, reliability=reliability)
    minimum = RELIABLE_Z * spread
    if is_array_input(before) or is_array_input(after):
        x1 = as_float_array(before, "before")
        x2 = as_float_array(after, "after")
        if x1.shape != x2.shape:
            raise fail("after", f"expected shape {x1.shape}, got {x2.shape}")
        index = (x2 - x1) / spread
        return ReliableChanges(
            index=index,
            s_diff=spread,
            minimum_change=minimum,
            reliable=np.abs(index) > RELIABLE_Z,
        )
    first = finite_number(before, "before")
    second = finite_number(after, "after")
    rc = (second - first) / spread
    return ReliableChange(
        index=rc, s_diff=spread, minimum_change=minimum, reliable=abs(rc) > RELIABLE_Z
    )


def clinical_cutoffs(
    *,
    clinical_mean: float,
    clinical_sd: float,
    functional_mean: float,
    functional_sd: float,
    higher_is_better: bool,
) -> ClinicalCutoffs:
    """The clinical-significance cut-offs a, b and c (Jacobson & Truax 1991).

    Args:
        clinical_mean: M₁, the clinical population's mean.
        clinical_sd: s₁, the clinical population's SD (above 0).
        functional_mean: M₀, the functional population's mean.
        functional_sd: s₀, the functional population's SD (above 0).
        higher_is_better: Whether higher scores mean better functioning.

    Raises:
        ValidationError: An SD is not above zero, or a value is not a finite number.

    Examples:
        Illustrative values from Evans, Margison & Barkham (1998), lower is better:

        >>> cut = clinical_cutoffs(clinical_mean=1.81, clinical_sd=0.53,
        ...     functional_mean=0.72, functional_sd=0.57, higher_is_better=False)
        >>> round(cut.a, 4), round(cut.b, 4), round(cut.c, 4)
        (0.75, 1.86, 1.2848)
    """
    m1 = finite_number(clinical_mean, "clinical_mean")
    s1 = finite_number(clinical_sd, "clinical_sd", low=0.0, low_open=True)
    m0 = finite_number(functional_mean, "functional_mean")
    s0 = finite_number(functional_sd, "functional_sd", low=0.0, low_open=True)
    if type(higher_is_better) is not bool:
        raise fail(
            "higher_is_better", f"expected true or false, got {describe_value(higher_is_better)}"
        )
    toward_health = 1.0 if higher_is_better else -1.0
    return ClinicalCutoffs(
        a=m1 + toward_health * 2.0 * s1,
        b=m0 - toward_health * 2.0 * s0,
        c=(s0 * m1 + s1 * m0) / (s0 + s1),
        higher_is_better=higher_is_better,
    )


@overload
def classify_change(
    before: float,
    after: float,
    *,
    sd: float,
    reliability: float,
    cutoff: float,
    higher_is_better: bool,
) -> ChangeCategory: ...
@overload
def classify_change(
    before: NDArray[Any],
    after: NDArray[Any],
    *,
    sd: float,
    reliability: float,
    cutoff: float,
    higher_is_better: bool,
) -> NDArray[np.str_]: ...


def classify_change(  # noqa: PLR0913 - the published method has this many inputs
    before: Any,
    after: Any,
    *,
    sd: float,
    reliability: float,
    cutoff: float,
    higher_is_better: bool,
) -> ChangeCategory | NDArray[np.str_]:
    """Recovered, improved, unchanged or deteriorated (Jacobson & Truax 1991).

    Recovered: a reliable improvement that moves the client from the clinical side of
    ``cutoff`` to strictly past it on the functional side. Improved: any other reliable
    improvement (including clients who started on the functional side). Deteriorated:
    a reliable worsening. Unchanged: no reliable change.

    Args:
        before: The score before (a number, or an array for many clients).
        after: The score after.
        sd: s₁, the clinical SD, for the reliable change index.
        reliability: The measure's reliability.
        cutoff: The cut-off that separates clinical from functional (usually ``c``,
            from [`clinical_cutoffs`][strengthmodel.clinical_cutoffs]).
        higher_is_better: Whether higher scores mean better functioning.

    Returns:
        A [`ChangeCategory`][strengthmodel.ChangeCategory] for numbers; for arrays, an
        array of the categories' string values.

    Examples:
        >>> classify_change(1.81, 1.2, sd=0.53, reliability=0.89, cutoff=1.2848,
        ...                 higher_is_better=False)
        <ChangeCategory.RECOVERED: 'recovered'>
        >>> classify_change(1.81, 1.5, sd=0.53, reliability=0.89, cutoff=1.2848,
        ...                 higher_is_better=False)
        <ChangeCategory.UNCHANGED: 'unchanged'>
    """
    result = reliable_change(before, after, sd=sd, reliability=reliability)
    cut = finite_number(cutoff, "cutoff")
    if type(higher_is_better) is not bool:
        raise fail(
            "higher_is_better", f"expected true or false, got {describe_value(higher_is_better)}"
        )
    sign = 1.0 if higher_is_better else -1.0
    if isinstance(result, ReliableChanges):
        x1 = as_float_array(before, "before")
        x2 = as_float_array(after, "after")
        improved = result.reliable & (sign * result.index > 0)
        worse = result.reliable & (sign * result.index < 0)
        crossed = (sign * (x1 - cut) <= 0) & (sign * (x2 - cut) > 0)
        out = np.full(x1.shape, ChangeCategory.UNCHANGED.value, dtype="<U12")
        out[improved] = ChangeCategory.IMPROVED.value
        out[improved & crossed] = ChangeCategory.RECOVERED.value
        out[worse] = ChangeCategory.DETERIORATED.value
        return out
    first = float(before)
    second = float(after)
    if not result.reliable:
        return ChangeCategory.UNCHANGED
    if sign * result.index < 0:
        return ChangeCategory.DETERIORATED
    if sign * (first - cut) <= 0 < sign * (second - cut):
        return ChangeCategory.RECOVERED
    return ChangeCategory.IMPROVED
