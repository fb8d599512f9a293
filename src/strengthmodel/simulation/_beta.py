"""Beta draws by table-guided rejection: exact, and about twice numpy's speed.

The engine draws 71 Beta values per client for the reference plan; numpy's
``Generator.beta`` makes each from two Gamma draws (Marsaglia & Tsang 2000), about
30 ns a value, a quarter of a whole simulation. This module samples the Beta density
by rejection from a piecewise-constant envelope built once per distinct (a, b) (the
table method of Marsaglia 1963 and Devroye 1986, chapter VIII):

- [0, 1] is cut into 256 equal strips; on each the envelope is a constant at or above
  the density's maximum there (the density is unimodal, so that maximum is at an end of
  the strip or at the mode) and a "squeeze" at or below its minimum (at an end);
- strip i is chosen with probability proportional to its envelope, by a guide table of
  8,192 entries that holds strip i ``c_i`` times (so the choice is one table look-up;
  the envelope height of strip i is ``c_i`` units, at least its maximum);
- a point is drawn uniformly in the strip, and accepted with probability
  density / envelope: at once when a second uniform number falls below the squeeze
  (about 94% of points), else after evaluating the density.

Accepted points have exactly the Beta density (whatever the envelope, as long as it lies
above the density); the table only decides how often a point is rejected (about 5%).
Each point tried costs two uniform numbers from the stream: the first gives the strip
(its top 13 bits) and the point in the strip (its next 40 bits), the second decides
acceptance; a round of n tries takes n first numbers, then n second ones, and n is a
fixed function of how many values are still missing (the same draws on any machine).
When a < 1 the density is unbounded at 0, so the table samples t = x**a, whose density
(1 - t**(1/a))**(b - 1) is bounded and decreasing, and returns x = t**(1/a); when b < 1,
it samples 1 - x the same way. When both are below 1 (a concentration below 2), numpy's
``beta`` draws the values.

References:
    Devroye, L. (1986). *Non-Uniform Random Variate Generation*. Springer, chapter VIII.
    Marsaglia, G. (1963). Generating discrete random variables in a computer.
    *Communications of the ACM*, 6(1), 37-38.
    Marsaglia, G., & Tsang, W. W. (2000). A simple method for generating gamma
    variables. *ACM Transactions on Mathematical Software*, 26(3), 363-372.
"""

from __future__ import annotations

import functools
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["beta", "beta_rows"]

_STRIPS: Final = 256
_GUIDE: Final = 8192  # entries of the guide table: 13 bits of the first uniform number


@attrs.frozen(eq=False)
class _Table:
    """The envelope of one (a, b): strip of each guide entry, squeeze and envelope."""

    power: float  # 1: x itself; else x = t**power (a or b below 1)
    mirror: bool  # the table samples 1 - x
    a: float  # exponents of the sampled density t**a * (1 - t)**b ...
    b: float
    inner: float  # ... of (1 - t**inner)**b when power != 1
    log_peak: float  # log of the density's maximum (the density is divided by it)
    guide: NDArray[np.intp]  # (_GUIDE,) strip of each entry
    squeeze: NDArray[np.float64]  # (_STRIPS,) accept at once below this
    envelope: NDArray[np.float64]  # (_STRIPS,) the envelope's height (peak = 1)
    acceptance: float  # expected share of points accepted

    def log_density(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """Log of the sampled density at ``t`` in [0, 1] (0 at its maximum).

        The caller silences numpy's warnings for log(0) (-inf, a density of 0).
        """
        value = np.full_like(t, -self.log_peak)
        if self.power != 1.0:
            if self.b:
                value += self.b * np.log1p(-(t**self.inner))
            return value
        if self.a:
            value += self.a * np.log(t)
        if self.b:
            value += self.b * np.log1p(-t)
        return value


@functools.lru_cache(maxsize=1024)
def _table(a: float, b: float) -> _Table:
    """Build the envelope of Beta(a, b) with a >= 1 or b >= 1 (see the module docstring)."""
    mirror = a < 1.0
    if mirror:  # sample 1 - x ~ Beta(b, a), whose small parameter is then the second
        a, b = b, a
    if b < 1.0:  # sample t = (1 - x)**b, returned as 1 - t**(1/b)
        power, inner, ea, eb, mode = 1.0 / b, 1.0 / b, 0.0, a - 1.0, 0.0
        mirror = not mirror
    else:
        power, inner, ea, eb = 1.0, 1.0, a - 1.0, b - 1.0
        mode = ea / (ea + eb) if ea + eb > 0 else 0.5
    edges = np.linspace(0.0, 1.0, _STRIPS + 1)
    bare = _Table(power, mirror, ea, eb, inner, 0.0, *_EMPTY, acceptance=1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_peak = float(bare.log_density(np.array([mode]))[0])
        at_edges = np.exp(bare.log_density(edges) - log_peak)
        fine = (np.arange(1 << 16) + 0.5) / (1 << 16)
        area = float(np.exp(bare.log_density(fine) - log_peak).mean())
    upper = np.maximum(at_edges[:-1], at_edges[1:])
    upper[min(int(mode * _STRIPS), _STRIPS - 1)] = 1.0  # the strip holding the mode
    lower = np.minimum(at_edges[:-1], at_edges[1:])
    # Guide entries per strip, each worth `unit` of envelope mass: at least the strip's
    # maximum mass (rounded up; a margin covers rounding in the density), spare entries
    # to the largest strips.
    upper *= 1.0 + 1e-9
    unit = upper.sum() / (_GUIDE - _STRIPS)
    entries = np.ceil(upper / unit).astype(np.intp)
    spare = _GUIDE - int(entries.sum())
    entries[np.argsort(-upper, kind="stable")[:spare]] += 1
    envelope = entries * unit
    guide = np.repeat(np.arange(_STRIPS), entries)
    # A strip where the density underflows to 0 has no entry and is never drawn.
    squeeze = np.divide(
        np.minimum(lower * (1.0 - 1e-9), envelope),
        envelope,
        out=np.zeros(_STRIPS),
        where=entries > 0,
    )
    return _Table(
        power,
        mirror,
        ea,
        eb,
        inner,
        log_peak,
        guide,
        squeeze,
        envelope,
        acceptance=area / (_GUIDE * unit / _STRIPS),
    )


_EMPTY = (np.zeros(0, np.intp), np.zeros(0), np.zeros(0))


def _tries(missing: int) -> int:
    """Points tried in a round for ``missing`` values: a fixed rule (the same draws anywhere)."""
    return missing + missing // 8 + 64


def _finish(table: _Table, values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map sampled points to Beta values (x = t**power, and 1 - x when mirrored)."""
    if table.power != 1.0:
        values **= table.power
    if table.mirror:
        np.subtract(1.0, values, out=values)
    return values


def beta(a: float, b: float, size: int, generator: np.random.Generator) -> NDArray[np.float64]:
    """``size`` independent Beta(a, b) values drawn from ``generator``.

    Args:
        a: First shape parameter (> 0).
        b: Second shape parameter (> 0).
        size: How many values.
        generator: The stream to draw from (two uniform numbers per point tried).

    Returns:
        The values, in the order drawn.

    Examples:
        >>> values = beta(10.0, 10.0, 5, np.random.default_rng(0))
        >>> values.round(3).tolist()
        [0.543, 0.426, 0.303, 0.255, 0.603]
    """
    if a < 1.0 and b < 1.0:
        return generator.beta(a, b, size)
    table = _table(float(a), float(b))
    return _finish(table, _more(table, generator, [], size))


def _more(
    table: _Table, generator: np.random.Generator, found: list[NDArray[np.float64]], missing: int
) -> NDArray[np.float64]:
    """The points ``found`` so far and ``missing`` more, drawn round after round."""
    while missing > 0:
        uniform = generator.random((2, _tries(missing)))
        t = uniform[0] * _GUIDE
        entry = t.astype(np.intp)
        t -= entry  # the 40 bits below the entry: uniform within the strip
        strip = np.take(table.guide, entry)
        t += strip
        t *= 1.0 / _STRIPS
        accept = uniform[1] < np.take(table.squeeze, strip)
        doubt = np.flatnonzero(~accept)
        if doubt.size:
            height = uniform[1][doubt] * np.take(table.envelope, strip[doubt])
            with np.errstate(divide="ignore", invalid="ignore"):
                accept[doubt] = np.log(height) <= table.log_density(t[doubt])
        kept = t[accept][:missing]
        found.append(kept)
        missing -= len(kept)
    return found[0] if len(found) == 1 else np.concatenate(found)


_ROWS = 16  # rows drawn together by beta_rows (their uniform numbers fit the cache)


def beta_rows(
    shapes: list[tuple[float, float]], generators: list[np.random.Generator], size: int
) -> NDArray[np.float64]:
    """Row r is ``beta(*shapes[r], size, generators[r])``, the same numbers, made together.

    The first round of every row is worked on in one set of arrays (a row per stream),
    which saves numpy's cost per call (about a third of a row's time at 4,096 values);
    a row still short after it continues alone.

    Args:
        shapes: (a, b) of each row.
        generators: The stream of each row.
        size: Values per row.

    Returns:
        The values, shape (rows, size).
    """
    out = np.empty((len(shapes), size))
    fast: list[tuple[int, _Table]] = []
    for r, (a, b) in enumerate(shapes):
        if a < 1.0 and b < 1.0:
            out[r] = generators[r].beta(a, b, size)
        else:
            fast.append((r, _table(float(a), float(b))))
    for start in range(0, len(fast), _ROWS):
        _first_rounds(fast[start : start + _ROWS], generators, out)
    return out


def _first_rounds(
    rows: list[tuple[int, _Table]],
    generators: list[np.random.Generator],
    out: NDArray[np.float64],
) -> None:
    """Fill ``out[r]`` for each (r, table) of ``rows``: the first rounds together."""
    size = out.shape[1]
    n, tries = len(rows), _tries(size)
    uniform = np.empty((n, 2, tries))
    for i, (r, _) in enumerate(rows):
        generators[r].random(out=uniform[i])  # what random((2, tries)) gives
    tables = [table for _, table in rows]
    guide = np.concatenate([table.guide for table in tables])
    squeeze = np.concatenate([table.squeeze for table in tables])
    t = uniform[:, 0] * _GUIDE
    entry = t.astype(np.intp)
    t -= entry
    entry += (np.arange(n) * _GUIDE)[:, None]
    strip = np.take(guide, entry)  # the strip in its row's table
    t += strip
    t *= 1.0 / _STRIPS
    strip += (np.arange(n) * _STRIPS)[:, None]  # ... and among all rows' strips
    accept = uniform[:, 1] < np.take(squeeze, strip)
    doubt = np.flatnonzero(~accept)
    if doubt.size:
        row = doubt // tries
        envelope = np.concatenate([table.envelope for table in tables])
        height = uniform[:, 1].ravel()[doubt] * np.take(envelope, strip.ravel()[doubt])
        point = t.ravel()[doubt]

        def per_row(name: str) -> NDArray[np.float64]:
            return np.array([getattr(table, name) for table in tables])[row]

        # The rows' log densities at once, with the operations of _Table.log_density
        # (adding a term of exactly 0 where a row has none changes no bit).
        with np.errstate(divide="ignore", invalid="ignore"):
            value = -per_row("log_peak")
            ea = per_row("a")
            value += np.where(ea == 0.0, 0.0, ea * np.log(point))
            value += per_row("b") * np.log1p(-(point ** per_row("inner")))
            accept.ravel()[doubt] = np.log(height) <= value
    counts = accept.sum(axis=1)
    for i, (r, table) in enumerate(rows):
        kept = t[i][accept[i]]
        if counts[i] >= size:
            out[r] = _finish(table, kept[:size])
        else:  # rare: continue this row's stream alone
            out[r] = _finish(table, _more(table, generators[r], [kept], size - len(kept)))
