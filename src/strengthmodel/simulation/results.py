"""Simulation results: tidy tables, survival curves, plots and files.

[`SimulationResult`][strengthmodel.SimulationResult] holds the merged output of
[`simulate`][strengthmodel.simulate] as arrays and turns it into pandas DataFrames on
demand. Survival curves (time to first lapse or relapse, with the clients who never had
one censored at the horizon) are Kaplan-Meier estimates computed by
``scipy.stats.ecdf`` on right-censored data, with Greenwood confidence intervals.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import orjson
from numpy.typing import NDArray

from strengthmodel._describe import describe_value
from strengthmodel.errors import SimulationError
from strengthmodel.simulation._optional import require
from strengthmodel.simulation.engine import BINS, CLIENT_COLUMNS, HISTOGRAMS, SUMS, ChunkResult
from strengthmodel.simulation.parameters import SimulationParameters

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["Event", "SimulationResult"]

Event = Literal["lapse", "relapse"]
"""The events a survival curve can follow."""

_TABLES = ("clients", "weekly")
_QUANTILES = (0.05, 0.5, 0.95)


def _pandas() -> Any:  # noqa: ANN401 - pandas ships no types
    return require("pandas")


def _check_path(path: object) -> None:
    """Refuse a path that is not text or a ``Path`` (it would be written as its repr)."""
    if not isinstance(path, str | Path):
        msg = f"path: expected a str or Path, got {describe_value(path)}"
        raise SimulationError(msg)


class SimulationResult:
    """The outcome of [`simulate`][strengthmodel.simulate]: per client and per week.

    Attributes:
        plan_ids: The id of each simulated plan, in the order given (the ``plan``
            column of every table is the position in this tuple).
        clients_per_plan: Simulated clients per plan.
        weeks: Weeks simulated.
        seed: The seed used.
        parameters: The model's parameters.
    """

    def __init__(
        self,
        *,
        plan_ids: tuple[str, ...],
        client_values: NDArray[np.float64],
        weekly_sums: NDArray[np.float64],
        histograms: NDArray[np.int64],
        weeks: int,
        seed: int,
        parameters: SimulationParameters,
    ) -> None:
        """Hold merged arrays (use [`simulate`][strengthmodel.simulate] to get one)."""
        self.plan_ids = plan_ids
        self.clients_per_plan = int(client_values.shape[2])
        self.weeks = weeks
        self.seed = seed
        self.parameters = parameters
        self._client_values = client_values  # (plans, columns, clients)
        self._weekly_sums = weekly_sums  # (plans, weeks, sums)
        self._histograms = histograms  # (plans, weeks, histograms, bins)

    @classmethod
    def from_chunks(
        cls,
        *,
        plan_ids: tuple[str, ...],
        chunks: Sequence[Sequence[ChunkResult]],
        clients: int,
        weeks: int,
        seed: int,
        parameters: SimulationParameters,
    ) -> SimulationResult:
        """Merge each plan's chunk results, given in block order."""
        values = np.stack([np.concatenate([c.clients for c in plan], axis=1) for plan in chunks])
        # Sum block by block in block order: the same floats whatever the chunking.
        sums = np.stack(
            [np.concatenate([c.sums for c in plan], axis=0).sum(axis=0) for plan in chunks]
        )
        histograms = np.stack([np.sum([c.histograms for c in plan], axis=0) for plan in chunks])
        if values.shape[2] != clients:  # pragma: no cover - programming error
            msg = f"merged {values.shape[2]} clients, expected {clients}"
            raise AssertionError(msg)
        return cls(
            plan_ids=plan_ids,
            client_values=values,
            weekly_sums=sums,
            histograms=histograms,
            weeks=weeks,
            seed=seed,
            parameters=parameters,
        )

    def __repr__(self) -> str:
        """Sizes only."""
        return (
            f"SimulationResult(plans={len(self.plan_ids)}, clients={self.clients_per_plan}, "
            f"weeks={self.weeks}, seed={self.seed})"
        )

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel.simulation._display import simulation_result_html

        return simulation_result_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)

    def client_array(self, column: str) -> NDArray[np.float64]:
        """One per-client result as an array of shape (plans, clients).

        Args:
            column: One of ``lapses``, ``relapses``, ``first_lapse_week``,
                ``first_relapse_week`` (NaN when censored), ``final_self_efficacy``,
                ``final_mastery``, ``final_gas_t``.

        Raises:
            SimulationError: Unknown column.
        """
        if column not in CLIENT_COLUMNS:
            msg = (
                f"unknown client column ({describe_value(column)}); expected one of "
                f"{', '.join(CLIENT_COLUMNS)}"
            )
            raise SimulationError(msg)
        return self._client_values[:, CLIENT_COLUMNS.index(column), :]

    @functools.cached_property
    def clients(self) -> pd.DataFrame:
        """One row per simulated client and plan.

        Columns: ``plan`` (position), ``plan_id``, ``client`` (index in the cohort),
        ``lapses``, ``relapses``, ``first_lapse_week`` and ``first_relapse_week``
        (missing when the client never had one: censored at ``weeks``),
        ``final_self_efficacy``, ``final_mastery`` (mean over skills) and
        ``final_gas_t`` (missing when the plan has no goals).
        """
        pd = _pandas()
        n = self.clients_per_plan
        frames = []
        for p, plan_id in enumerate(self.plan_ids):
            values = self._client_values[p]
            columns: dict[str, Any] = {
                "plan": np.full(n, p, dtype=np.int64),
                "plan_id": pd.Categorical([plan_id] * n) if n else [],
                "client": np.arange(n, dtype=np.int64),
            }
            for i, name in enumerate(CLIENT_COLUMNS):
                if name in ("lapses", "relapses"):
                    columns[name] = values[i].astype(np.int64)
                elif name.startswith("first_"):
                    missing = np.isnan(values[i])
                    columns[name] = pd.arrays.IntegerArray(
                        np.where(missing, 0, values[i]).astype(np.int64), missing
                    )
                else:
                    columns[name] = values[i]
            frames.append(pd.DataFrame(columns))
        return pd.concat(frames, ignore_index=True)

    @functools.cached_property
    def weekly(self) -> pd.DataFrame:
        """One row per week and plan: rates, means and 5/50/95% quantiles.

        Columns: ``plan``, ``plan_id``, ``week`` (1 to ``weeks``), ``lapse_rate``
        (share of clients who lapsed that week), ``mean_lapses``, ``in_relapse``
        (share in relapse), ``lapse_free`` (share who have not lapsed yet), and for
        ``self_efficacy``, ``mastery`` and ``gas_t`` the ``_mean`` and the ``_q05``,
        ``_q50``, ``_q95`` quantiles (read from exact histograms of 1000 bins: to
        0.001 for self-efficacy and mastery, 0.1 for T-scores).
        """
        pd = _pandas()
        n = self.clients_per_plan
        frames = []
        for p, plan_id in enumerate(self.plan_ids):
            sums = self._weekly_sums[p] / n
            columns: dict[str, Any] = {
                "plan": np.full(self.weeks, p, dtype=np.int64),
                "plan_id": [plan_id] * self.weeks,
                "week": np.arange(1, self.weeks + 1, dtype=np.int64),
                "lapse_rate": sums[:, SUMS.index("lapsed")],
                "mean_lapses": sums[:, SUMS.index("lapses")],
                "in_relapse": sums[:, SUMS.index("in_relapse")],
                "lapse_free": sums[:, SUMS.index("lapse_free")],
            }
            for h, (name, (low, high)) in enumerate(HISTOGRAMS.items()):
                counts = self._histograms[p, :, h, :]
                total = counts.sum(axis=1)
                columns[f"{name}_mean"] = np.where(total > 0, sums[:, SUMS.index(name)], np.nan)
                for q in _QUANTILES:
                    columns[f"{name}_q{round(q * 100):02d}"] = _quantile(counts, q, low, high)
            frames.append(pd.DataFrame(columns))
        return pd.concat(frames, ignore_index=True)

    def survival(self, event: Event = "lapse", *, confidence: float = 0.95) -> pd.DataFrame:
        """Kaplan-Meier curve of the time to first lapse or relapse, per plan.

        Computed with ``scipy.stats.ecdf`` on right-censored data: clients who never
        had the event are censored at the horizon (``weeks``).

        Args:
            event: ``"lapse"`` or ``"relapse"``.
            confidence: Confidence level of the pointwise interval (Greenwood).

        Returns:
            Columns ``plan``, ``plan_id``, ``week`` (0 to ``weeks``), ``survival``
            (share still without the event), ``lower`` and ``upper``.

        Raises:
            SimulationError: Unknown event or a confidence level outside (0, 1).
        """
        pd = _pandas()
        if event not in ("lapse", "relapse"):
            msg = f"unknown event ({describe_value(event)}); expected 'lapse' or 'relapse'"
            raise SimulationError(msg)
        level: object = confidence
        if not (isinstance(level, float) and 0.0 < level < 1.0):
            msg = (
                "expected a confidence level between 0 and 1, got "
                f"{describe_value(confidence, number=True)}"
            )
            raise SimulationError(msg)
        times = self.client_array(f"first_{event}_week")
        grid = np.arange(0, self.weeks + 1, dtype=float)
        frames = []
        for p, plan_id in enumerate(self.plan_ids):
            surv, low, high = survival_curve(times[p], self.weeks, grid, confidence)
            frames.append(
                pd.DataFrame(
                    {
                        "plan": np.full(len(grid), p, dtype=np.int64),
                        "plan_id": [plan_id] * len(grid),
                        "week": grid.astype(np.int64),
                        "survival": surv,
                        "lower": low,
                        "upper": high,
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        """One row per plan: the headline figures.

        Columns: ``plan_id``, ``clients``, ``weeks``, ``lapse_risk`` and
        ``relapse_risk`` (share with at least one by the horizon), ``mean_lapses``,
        ``mean_relapses``, ``median_weeks_to_lapse`` (Kaplan-Meier; missing when
        fewer than half lapse), ``final_self_efficacy`` and ``final_gas_t`` (means).
        """
        pd = _pandas()
        curves = self.survival("lapse")
        rows = []
        for p, plan_id in enumerate(self.plan_ids):
            values = self._client_values[p]
            curve = curves[curves["plan"] == p]
            below = curve[curve["survival"] <= 0.5]["week"]
            gas = values[CLIENT_COLUMNS.index("final_gas_t")]
            rows.append(
                {
                    "plan_id": plan_id,
                    "clients": self.clients_per_plan,
                    "weeks": self.weeks,
                    "lapse_risk": float(np.mean(~np.isnan(values[2]))),
                    "relapse_risk": float(np.mean(~np.isnan(values[3]))),
                    "mean_lapses": float(values[0].mean()),
                    "mean_relapses": float(values[1].mean()),
                    "median_weeks_to_lapse": float(below.iloc[0]) if len(below) else np.nan,
                    "final_self_efficacy": float(values[4].mean()),
                    "final_gas_t": float(gas.mean()) if not np.isnan(gas).all() else np.nan,
                }
            )
        return pd.DataFrame(rows, index=pd.RangeIndex(len(rows), name="plan"))

    def plot_survival(
        self, event: Event = "lapse", *, ax: Axes | None = None, labels: Sequence[str] | None = None
    ) -> Axes:
        """Plot the Kaplan-Meier curves with their 95% confidence bands.

        Args:
            event: ``"lapse"`` or ``"relapse"``.
            ax: Axes to draw on (a new figure when not given).
            labels: A legend label per plan (default: the plan ids, with the plan's
                position, ``plan-1 (plan 0)``, when two plans share an id).

        Returns:
            The Axes drawn on.
        """
        ax = _axes(ax)
        curves = self.survival(event)
        names = _labels(self.plan_ids, labels)
        for p, name in enumerate(names):
            curve = curves[curves["plan"] == p]
            ax.step(curve["week"], curve["survival"], where="post", label=name)
            ax.fill_between(curve["week"], curve["lower"], curve["upper"], step="post", alpha=0.2)
        ax.set_xlabel("week")
        ax.set_ylabel(f"share without a {event}")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, self.weeks)
        ax.legend()
        return ax

    def plot_weekly(
        self,
        column: str = "lapse_rate",
        *,
        ax: Axes | None = None,
        labels: Sequence[str] | None = None,
    ) -> Axes:
        """Plot a weekly column per plan.

        For ``self_efficacy``, ``mastery`` and ``gas_t``, plots the median with a 5-95%
        band.

        Args:
            column: A column of [`weekly`][strengthmodel.SimulationResult.weekly], or
                ``self_efficacy``, ``mastery`` or ``gas_t``.
            ax: Axes to draw on (a new figure when not given).
            labels: A legend label per plan (default: the plan ids, with the plan's
                position, ``plan-1 (plan 0)``, when two plans share an id).

        Returns:
            The Axes drawn on.

        Raises:
            SimulationError: Unknown column.
        """
        weekly = self.weekly
        banded = column in HISTOGRAMS
        if not banded and (column not in weekly.columns or column in ("plan", "plan_id", "week")):
            msg = f"unknown weekly column ({describe_value(column)})"
            raise SimulationError(msg)
        ax = _axes(ax)
        for p, name in enumerate(_labels(self.plan_ids, labels)):
            rows = weekly[weekly["plan"] == p]
            if banded:
                ax.plot(rows["week"], rows[f"{column}_q50"], label=name)
                ax.fill_between(
                    rows["week"], rows[f"{column}_q05"], rows[f"{column}_q95"], alpha=0.2
                )
            else:
                ax.plot(rows["week"], rows[column], label=name)
        ax.set_xlabel("week")
        ax.set_ylabel(column.replace("_", " "))
        ax.legend()
        return ax

    def to_parquet(self, path: str | Path, *, table: str = "clients") -> None:
        """Write a table to a Parquet file (needs ``pyarrow``).

        The file's metadata records the seed, the horizon, the cohort size, the plan
        ids and the parameters (as ``strengthmodel`` JSON), so the run can be repeated;
        [`read_parquet_metadata`][strengthmodel.SimulationResult.read_parquet_metadata]
        reads them back.

        Args:
            path: Where to write.
            table: ``"clients"`` or ``"weekly"``.
        """
        _check_path(path)
        pa = require("pyarrow")
        pq = require("pyarrow.parquet")

        from strengthmodel.serialization import dumps

        frame = self._table(table)
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        metadata = dict(arrow.schema.metadata or {})
        metadata[_METADATA_KEY] = orjson.dumps(
            {
                "seed": self.seed,
                "weeks": self.weeks,
                "clients": self.clients_per_plan,
                "plan_ids": list(self.plan_ids),
                "parameters": orjson.Fragment(dumps(self.parameters)),
            }
        )
        pq.write_table(arrow.replace_schema_metadata(metadata), str(path))

    @staticmethod
    def read_parquet_metadata(path: str | Path) -> dict[str, Any]:
        """Read back how a table written by ``to_parquet`` was made.

        Returns:
            ``seed``, ``weeks``, ``clients`` (per plan), ``plan_ids`` (a list; absent
            from files written before it was recorded) and ``parameters`` (a
            [`SimulationParameters`][strengthmodel.SimulationParameters]): enough to
            run it again with [`simulate`][strengthmodel.simulate].

        Raises:
            SimulationError: The file has no strengthmodel simulation metadata.
        """
        _check_path(path)
        pq = require("pyarrow.parquet")

        from strengthmodel.serialization import from_dict

        found = (pq.read_schema(str(path)).metadata or {}).get(_METADATA_KEY)
        if found is None:
            msg = f"{path}: no strengthmodel simulation metadata (not written by to_parquet)"
            raise SimulationError(msg)
        run: dict[str, Any] = orjson.loads(found)
        run["parameters"] = from_dict(run["parameters"], SimulationParameters)
        return run

    def to_csv(self, path: str | Path, *, table: str = "clients") -> None:
        """Write a table to a CSV file.

        Args:
            path: Where to write.
            table: ``"clients"`` or ``"weekly"``.
        """
        _check_path(path)
        self._table(table).to_csv(path, index=False)

    def _table(self, table: str) -> pd.DataFrame:
        if table not in _TABLES:
            msg = f"unknown table ({describe_value(table)}); expected 'clients' or 'weekly'"
            raise SimulationError(msg)
        frame: pd.DataFrame = self.clients if table == "clients" else self.weekly
        return frame


def survival_curve(
    times: NDArray[np.float64], horizon: int, grid: NDArray[np.float64], confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Kaplan-Meier survival on ``grid`` from event times (NaN: censored at ``horizon``).

    Returns:
        Survival, lower and upper confidence bound at each point of ``grid``.
    """
    observed = ~np.isnan(times)
    return kaplan_meier(np.where(observed, times, horizon), observed, grid, confidence)


def kaplan_meier(
    times: NDArray[np.float64],
    observed: NDArray[np.bool_],
    grid: NDArray[np.float64],
    confidence: float = 0.95,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Kaplan-Meier survival on ``grid`` with ``scipy.stats.ecdf`` on right-censored data.

    Args:
        times: Each subject's event or censoring time.
        observed: Whether the event was seen (False: censored at ``times``).
        grid: Where to evaluate the curve.
        confidence: Level of the pointwise (Greenwood) interval.

    Returns:
        Survival, lower and upper confidence bound at each point of ``grid``.
    """
    stats = require("scipy.stats")
    if not observed.any():
        ones = np.ones(len(grid))
        return ones, ones.copy(), ones.copy()
    data = stats.CensoredData.right_censored(times, ~observed)
    sf = stats.ecdf(data).sf
    interval = sf.confidence_interval(confidence_level=confidence)
    low = np.nan_to_num(interval.low.evaluate(grid), nan=0.0)
    high = np.nan_to_num(interval.high.evaluate(grid), nan=1.0)
    return np.asarray(sf.evaluate(grid), dtype=float), low, high


def _quantile(counts: NDArray[np.int64], q: float, low: float, high: float) -> NDArray[np.float64]:
    """The q-quantile of each row of a histogram (bin midpoints)."""
    total = counts.sum(axis=1)
    cumulative = np.cumsum(counts, axis=1)
    index = (cumulative < (q * total)[:, None]).sum(axis=1)
    width = (high - low) / BINS
    values = low + (np.minimum(index, BINS - 1) + 0.5) * width
    return np.where(total > 0, values, np.nan)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    plt = require("matplotlib.pyplot")
    new: Axes = plt.subplots(figsize=(7, 4))[1]
    return new


_METADATA_KEY = b"strengthmodel.simulation"


def _labels(plan_ids: tuple[str, ...], labels: Sequence[str] | None) -> list[str]:
    if labels is None:
        if len(set(plan_ids)) < len(plan_ids):
            # Two versions of one plan (a comparison): tell them apart by position.
            return [f"{plan_id} (plan {p})" for p, plan_id in enumerate(plan_ids)]
        return list(plan_ids)
    if len(labels) != len(plan_ids):
        msg = f"expected {len(plan_ids)} labels, got {len(labels)}"
        raise SimulationError(msg)
    return [str(label) for label in labels]
