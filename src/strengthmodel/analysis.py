"""Plans as pandas DataFrames: one table per record collection, one row per plan.

- [`frames`][strengthmodel.frames] turns one plan into a table per record collection
  (the collections of the record registry, plus coping links), and a child table per
  list of nested records (a goal's GAS ratings, an assessment's item responses);
- [`caseload`][strengthmodel.caseload] turns many plans into one table, one row per
  plan: stage of change, each step's progress, record counts, the GAS T-score, review
  findings by severity and coping coverage.

Columns are typed: pandas categoricals for closed vocabularies (the enum's wire values,
in the enum's order), nullable ``Int64``, ``Float64``, ``boolean`` and ``string`` dtypes
(so a missing value is ``<NA>``, never a float ``NaN`` in an integer column), moments as
``datetime64[us, UTC]`` and calendar dates as ``datetime64[us]`` at midnight. Lists of
ids stay Python tuples. Sensitive fields (names, contact details, the client's words)
are left out unless ``include_sensitive=True``, as in every other output.

Needs pandas (the ``analysis`` extra).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, check_argument
from strengthmodel._model import (
    BoolType,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
    FloatType,
    IdType,
    IntType,
    RecordType,
    SequenceType,
    TextType,
    describe,
    inner,
)
from strengthmodel.coping import CopingGraph
from strengthmodel.errors import Problem, StrengthModelError, ValidationError
from strengthmodel.findings import DEFAULT_REVIEW_INTERVAL, RULES, Severity, _Context
from strengthmodel.measures.gas import gas_t_score
from strengthmodel.plans.dates import as_of
from strengthmodel.plans.outcomes import AGREED
from strengthmodel.plans.plan import Plan
from strengthmodel.plans.progress import CRITERIA, StepStatus, _started
from strengthmodel.plans.registry import REGISTRY
from strengthmodel.steps.engagement import StageOfChange
from strengthmodel.steps.process import Step
from strengthmodel.steps.staying_well import CopingLink

__all__ = ["caseload", "frames"]

STATUS_ORDER: Final = tuple(s.value for s in StepStatus)
"""Step statuses from least to most done: the order of the ``caseload`` step columns."""

_COLLECTIONS: Final[tuple[tuple[type, str], ...]] = (
    *((r.cls, r.collection) for r in REGISTRY),
    (CopingLink, "coping_links"),
)


def _pandas() -> Any:  # noqa: ANN401 - pandas ships no types
    try:
        import pandas as pd  # noqa: PLC0415 - optional, loaded on first use
    except ImportError as error:  # pragma: no cover - depends on the environment
        msg = "strengthmodel.frames and caseload need pandas: pip install 'strengthmodel[analysis]'"
        raise StrengthModelError(msg) from error
    return pd


# --- one plan, table by table -------------------------------------------------------------


@attrs.frozen
class _Column:
    """How one field becomes one column."""

    name: str
    kind: FieldType
    sensitive: bool


@attrs.frozen
class _Layout:
    """The columns of a record type's table, its single nested records and child tables."""

    columns: tuple[_Column, ...]
    records: tuple[tuple[str, type[Record]], ...]
    children: tuple[tuple[str, type[Record]], ...]


_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type) -> _Layout:
    found = _LAYOUTS.get(cls)
    if found is None:
        found = _LAYOUTS[cls] = _make_layout(cls)
    return found


def _make_layout(cls: type) -> _Layout:
    columns, records, children = [], [], []
    for field in describe(cls):
        kind, _ = inner(field.type)
        if isinstance(kind, SequenceType) and isinstance(kind.item, RecordType):
            children.append((field.name, kind.item.cls))
        elif isinstance(kind, RecordType):
            records.append((field.name, kind.cls))
        else:
            columns.append(_Column(field.name, field.type, field.sensitive))
    return _Layout(tuple(columns), tuple(records), tuple(children))


def _typed(pd: Any, values: list[Any], kind: FieldType) -> Any:  # noqa: ANN401, PLR0911 - one branch per kind of field
    """A pandas array of ``values`` with the dtype the field's description calls for."""
    kind, _ = inner(kind)
    match kind:
        case IdType() | TextType():
            return pd.array(values, dtype="string")
        case EnumType(cls):
            return pd.Categorical(
                [None if v is None else v.value for v in values],
                categories=[m.value for m in cls],
            )
        case BoolType():
            return pd.array(values, dtype="boolean")
        case IntType():
            return pd.array(values, dtype="Int64")
        case FloatType():
            return pd.array(values, dtype="Float64")
        case DateTimeType():
            return _moments(pd, values)
        case DateType():
            return _dates(pd, values)
        case SequenceType(container=container) if container is frozenset:
            # A set of enum members (a session's steps): their wire values, in the enum's order.
            return pd.array(
                [tuple(m.value for m in sorted(v, key=_enum_position)) for v in values],
                dtype=object,
            )
    return pd.array([tuple(v) if isinstance(v, tuple) else v for v in values], dtype=object)


def _moments(pd: Any, values: list[Any]) -> Any:  # noqa: ANN401 - pandas ships no types
    """Aware datetimes as ``datetime64[us, UTC]`` (microseconds: every valid date fits)."""
    return pd.Series(values, dtype=object).astype("datetime64[us, UTC]").array


def _dates(pd: Any, values: list[Any]) -> Any:  # noqa: ANN401 - pandas ships no types
    """Calendar dates as ``datetime64[us]`` at midnight, no time zone."""
    moments = [None if v is None else datetime(v.year, v.month, v.day) for v in values]  # noqa: DTZ001 - a calendar date has no zone
    return pd.Series(moments, dtype=object).astype("datetime64[us]").array


def _enum_position(member: enum.Enum) -> int:
    return list(type(member)).index(member)


def _table(  # noqa: PLR0913 - the table's rows, key columns and options
    pd: Any,  # noqa: ANN401 - pandas ships no types
    cls: type,
    rows: list[Any],
    keys: dict[str, list[Any]],
    *,
    include_sensitive: bool,
    prefix: str = "",
) -> dict[str, Any]:
    """The columns of a table of ``rows`` (records of ``cls``), after the ``keys`` columns."""
    layout = _layout(cls)
    data: dict[str, Any] = {name: pd.array(values, dtype="string") for name, values in keys.items()}
    for column in layout.columns:
        if column.sensitive and not include_sensitive:
            continue
        values = [None if r is None else getattr(r, column.name) for r in rows]
        data[prefix + column.name] = _typed(pd, values, column.kind)
    for name, nested in layout.records:
        values = [None if r is None else getattr(r, name) for r in rows]
        data[f"{prefix}has_{name}"] = pd.array([v is not None for v in values], dtype="boolean")
        data.update(
            _table(pd, nested, values, {}, include_sensitive=include_sensitive, prefix=f"{name}_")
        )
    return data


def frames(plan: Plan | Iterable[Plan], *, include_sensitive: bool = False) -> dict[str, Any]:
    """One pandas DataFrame per record collection of a plan (or of many), with typed columns.

    Tables are named after the plan's collections (``goals``, ``triggers``,
    ``coping_links``...), in the plan's order, each with a row per record (possibly
    none). Lists of nested records get a child table of their own, named after the
    record kind and the field (``goal_attainments``: one row per GAS rating, with the
    ``goal_id`` it belongs to; ``assessment_responses``, ``assessment_scores``,
    ``assessment_flags``, ``life_domain_assessment_entries``). Every table starts with
    a ``plan_id`` column. Given several plans, each table holds the records of all of
    them, plan after plan: much faster than a call per plan (pandas' cost is per table).

    Args:
        plan: The plan, or an iterable of plans.
        include_sensitive: Keep the sensitive columns (names, contact details, the
            client's words). Off by default: those columns are left out.

    Returns:
        The tables, by name.

    Raises:
        ValidationError: ``plan`` is not a plan or an iterable of plans.
        StrengthModelError: pandas is not installed.

    Examples:
        >>> import strengthmodel as sm
        >>> from strengthmodel.demo import demo_plan
        >>> tables = sm.frames(demo_plan())
        >>> tables["goals"][["id", "importance", "lifecycle"]]
                    id  importance lifecycle
        0  goal-rhythm           3    active
        1    goal-work           2    active
        >>> str(tables["goals"]["lifecycle"].dtype), "statement" in tables["goals"]
        ('category', False)
    """
    items = _plans("plan", plan)
    _check_flag(include_sensitive)
    pd = _pandas()
    tables: dict[str, Any] = {}
    for cls, collection in _COLLECTIONS:
        owned = [(p.id, record) for p in items for record in getattr(p, collection)]
        records = [record for _, record in owned]
        keys = {"plan_id": [plan_id for plan_id, _ in owned]}
        tables[collection] = pd.DataFrame(
            _table(pd, cls, records, keys, include_sensitive=include_sensitive)
        )
        for name, child in _layout(cls).children:
            parent = str(getattr(cls, "kind", "record")).replace("-", "_")
            rows = [(p, r.id, item) for p, r in owned for item in getattr(r, name)]
            child_keys = {
                "plan_id": [plan_id for plan_id, _, _ in rows],
                f"{parent}_id": [record_id for _, record_id, _ in rows],
            }
            tables[f"{parent}_{name}"] = pd.DataFrame(
                _table(
                    pd,
                    child,
                    [item for _, _, item in rows],
                    child_keys,
                    include_sensitive=include_sensitive,
                )
            )
    return tables


def _plans(name: str, given: object) -> list[Plan]:
    """One plan, or the plans of an iterable argument, each checked (text is not plans)."""
    if isinstance(given, Plan):
        return [given]
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        problem = Problem(
            name, f"expected a Plan or an iterable of plans, got {type(given).__name__}"
        )
        raise ValidationError([problem])
    items = list(given)
    for position, each in enumerate(items):
        check_argument(f"{name}[{position}]", each, Plan)
    return items


def _check_flag(include_sensitive: object) -> None:
    if type(include_sensitive) is not bool:
        raise ValidationError(
            [
                Problem(
                    "include_sensitive",
                    f"expected True or False, got {describe_value(include_sensitive)}",
                )
            ]
        )


# --- many plans, one row each -------------------------------------------------------------


_COUNTED: Final = (*(r.collection for r in REGISTRY), "coping_links")


def _row(plan: Plan, today: date) -> list[object]:
    """The caseload row of one plan, in the order of ``_COLUMNS``, GAS columns aside."""
    statuses = [_status(plan, step) for step in Step]
    # One coping graph serves the review and the coverage: it is the costly part of both.
    graph = CopingGraph(plan)
    coverage = graph.coverage()
    context = _Context(plan=plan, graph=graph, today=today, interval=DEFAULT_REVIEW_INTERVAL)
    found = [(rule, finding) for rule in RULES for finding in rule.check(context)]
    severities = [finding.severity for _, finding in found]
    return [
        plan.id,
        plan.client.pseudonym,
        plan.revision,
        plan.history[0].at,
        plan.history[-1].at,
        None if plan.stage is None else plan.stage.value,
        *statuses,
        sum(s == StepStatus.SUFFICIENT.value for s in statuses),
        *(len(getattr(plan, name)) for name in _COUNTED),
        *(severities.count(level) for level in Severity),
        any(not rule.silenceable for rule, _ in found),
        coverage.triggers,
        coverage.covered,
        # With no triggers the shares are undefined: <NA>, as the GAS columns are
        # without goals (not 1.0, which would count an empty plan as fully covered).
        *(
            (None, None, None)
            if coverage.triggers == 0
            else (
                coverage.share_covered,
                coverage.share_reaching_a_person,
                coverage.mean_strategies,
            )
        ),
        len(graph.single_points_of_failure()),
    ]


def _status(plan: Plan, step: Step) -> str:
    """A step's status, as [`progress`][strengthmodel.progress] reports it.

    Without building the report's records, and stopping at the first criterion missed.
    """
    if all(check(plan) for _, check in CRITERIA[step]):
        return StepStatus.SUFFICIENT.value
    if _started(step, plan):
        return StepStatus.IN_PROGRESS.value
    return StepStatus.NOT_STARTED.value


def _gas_columns(pd: Any, plans: list[Plan], on: date) -> dict[str, Any]:  # noqa: ANN401 - pandas
    """GAS T-scores of every plan at once: one call on a (plans, goals) array.

    The goals counted are those [`goal_attainment`][strengthmodel.goal_attainment]
    counts by default (agreed, weight above zero); padding goals weigh zero, so they
    do not count either.
    """
    import numpy as np  # noqa: PLC0415 - pandas needs it anyway

    goals = [
        [
            (g.weight, g.baseline, g.level_on(on))
            for g in plan.goals
            if g.weight > 0 and g.lifecycle in AGREED
        ]
        for plan in plans
    ]
    counted = [i for i, row in enumerate(goals) if row]
    width = max((len(goals[i]) for i in counted), default=0)
    values = np.zeros((len(counted), max(width, 1), 3), dtype=np.int64)
    for slot, i in enumerate(counted):
        values[slot, : len(goals[i])] = goals[i]
    t_now = np.full(len(plans), np.nan)
    t_base = np.full(len(plans), np.nan)
    if counted:
        weights = values[:, :, 0].astype(float)
        t_base[counted] = gas_t_score(values[:, :, 1], weights)
        t_now[counted] = gas_t_score(values[:, :, 2], weights)
    missing = np.isnan(t_now)
    return {
        "gas_t": pd.arrays.FloatingArray(np.nan_to_num(t_now), missing),
        "gas_baseline_t": pd.arrays.FloatingArray(np.nan_to_num(t_base), missing.copy()),
        "gas_change": pd.arrays.FloatingArray(np.nan_to_num(t_now - t_base), missing.copy()),
        "gas_goals": pd.array([len(row) for row in goals], dtype="Int64"),
    }


_STEP_COLUMNS: Final = tuple(step.value.replace("-", "_") for step in Step)

_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("plan_id", "string"),
    ("client", "string"),
    ("revision", "Int64"),
    ("opened", "utc"),
    ("last_change", "utc"),
    ("stage", "stage"),
    *((name, "status") for name in _STEP_COLUMNS),
    ("steps_sufficient", "Int64"),
    *((f"n_{name}", "Int64") for name in _COUNTED),
    *((f"findings_{level.value}", "Int64") for level in Severity),
    ("safety_concern", "boolean"),
    ("coping_triggers", "Int64"),
    ("coping_covered", "Int64"),
    ("share_covered", "Float64"),
    ("share_reaching_a_person", "Float64"),
    ("mean_strategies", "Float64"),
    ("single_points_of_failure", "Int64"),
)


def caseload(
    plans: Plan | Iterable[Plan], *, on: date | None = None, today: date | None = None
) -> Any:  # noqa: ANN401 - a pandas DataFrame (pandas ships no types)
    """One row per plan: stage, step progress, counts, GAS, findings and coping coverage.

    Columns, in order:

    - ``plan_id``, ``client`` (the pseudonym), ``revision``, ``opened`` and
      ``last_change`` (UTC), ``stage`` (stage of change; categorical);
    - one column per step (``listen``, ``meet``, ``strengths``, ``challenge``,
      ``assess``, ``goals``, ``stay_well``): its status, an ordered categorical from
      ``not-started`` to ``sufficient``; ``steps_sufficient``, how many are;
    - one count per record collection (``n_concerns``, ``n_goals``, ``n_coping_links``...);
    - ``gas_t``, ``gas_baseline_t``, ``gas_change``: the Goal Attainment Scaling
      T-score on ``on``, at baseline, and the change (Kiresuk & Sherman 1968; missing
      when no goal counts), and ``gas_goals``, the goals counted;
    - ``findings_info``, ``findings_warning``, ``findings_concern``: review findings by
      severity (judged on ``today``); ``safety_concern``: whether the review has a
      finding of a safety rule that cannot be skipped (a critical answer, SM108), the
      caseload's first filter;
    - ``coping_triggers``, ``coping_covered``, ``share_covered``,
      ``share_reaching_a_person``, ``mean_strategies``, ``single_points_of_failure``:
      the coping graph's coverage (the shares and the mean are missing for a plan with no
      triggers).

    No sensitive text appears in the table.

    Args:
        plans: The plans (any iterable), or one plan (one row).
        on: The date of the GAS T-scores; each goal's latest rating if not given.
        today: The date the review judges staleness against; if not given, each plan is
            judged on the date of its own latest change, as
            [`review`][strengthmodel.review] does (never the wall clock).

    Returns:
        A DataFrame indexed by position, one row per plan in the order given.

    Raises:
        ValidationError: An item is not a plan, or a date is not a date.
        StrengthModelError: pandas is not installed.

    Examples:
        >>> import strengthmodel as sm
        >>> from strengthmodel.demo import demo_plan
        >>> table = sm.caseload([demo_plan()], today=date(2026, 7, 1))
        >>> table[["plan_id", "stage", "steps_sufficient", "findings_warning"]]
             plan_id        stage  steps_sufficient  findings_warning
        0  plan-demo  preparation                 7                 1
        >>> round(float(table.loc[0, "gas_t"]), 2)
        45.09
    """
    if on is not None:
        check_argument("on", on, date, exact=True)
    if today is not None:
        check_argument("today", today, date, exact=True)
    pd = _pandas()
    items = _plans("plans", plans)
    rows = [_row(plan, as_of(plan, today)) for plan in items]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_COLUMNS)
    data: dict[str, Any] = {}
    for (name, kind), values in zip(_COLUMNS, columns, strict=True):
        data[name] = _caseload_column(pd, list(values), kind)
    frame = pd.DataFrame(data)
    gas = _gas_columns(pd, items, on or date.max)
    position = frame.columns.get_loc("findings_info")
    for offset, (name, column) in enumerate(gas.items()):
        frame.insert(position + offset, name, column)
    return frame


def _caseload_column(pd: Any, values: list[object], kind: str) -> Any:  # noqa: ANN401 - pandas
    if kind == "utc":
        return _moments(pd, values)
    if kind == "stage":
        return pd.Categorical(values, categories=[s.value for s in StageOfChange], ordered=True)
    if kind == "status":
        return pd.Categorical(values, categories=list(STATUS_ORDER), ordered=True)
    return pd.array(values, dtype=kind)
