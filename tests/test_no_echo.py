"""No error message quotes what was typed: a marker put anywhere never comes back in one.

A name or phone number typed into the wrong box (swapped arguments, a name where an id
belongs, a document edited by hand) must not reach a log through an error message. Each
test puts a marker string, alone or inside a list, tuple, set or object, in one place at
a time (every field of every record kind, every parameter of every public callable,
every value of a JSON or FHIR document, the command line's files and options) and checks
that no exception's message, and no problem's path or message, holds it.
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel import ops
from strengthmodel._describe import describe_value
from strengthmodel._fields import Record
from strengthmodel._model import IdType, OptionalType, SequenceType, TextType, describe
from strengthmodel.cli import main
from strengthmodel.demo import demo_plan
from strengthmodel.plans.registry import COLLECTIONS
from strengthmodel.testing import records

TAG = "Zq9Marker"
MARKER = f"{TAG}JaneDoe 555-0100"
"""A name and phone number: text no id, code or number field accepts."""
ID_MARKER = f"{TAG}JaneDoe"
"""Well-formed as an id: it may be named where an id belongs, and nowhere else."""


class _Text(str):
    """A str subclass: described by its type name, never by its content."""

    __slots__ = ()


def _variants(*, id_position: bool) -> list[object]:
    found: list[object] = [
        MARKER,
        _Text(MARKER),
        (MARKER,),
        [MARKER],
        frozenset({MARKER}),
        {MARKER: MARKER},
        (1, MARKER),
    ]
    if not id_position:
        found += [ID_MARKER, (ID_MARKER,)]
    return found


Leak = tuple[str, str]
"""(where: the problem's path, or the exception's type; the text that holds the marker)."""


def _leaks(error: BaseException) -> list[Leak]:
    if isinstance(error, sm.ValidationError):
        return [
            (p.path, text)
            for p in error.problems
            for text in (p.path, p.message, repr(p.location))
            if TAG in text
        ]
    if isinstance(error, OSError):
        # A path names where a file is, chosen by the caller: the one thing an error
        # about a file it cannot open must name, as every tool does.
        return []
    texts = [str(error), *(str(a) for a in error.args)]
    return [(type(error).__name__, t) for t in texts if TAG in t]


def _leaks_of(call: Callable[..., object], *args: object, **kwargs: object) -> list[Leak]:
    try:
        call(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - every exception's message is checked
        return _leaks(error)
    return []


# --- records --------------------------------------------------------------------------


def _record_classes() -> list[type[Record]]:
    found: set[type[Record]] = set()
    pending: list[type] = [Record]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if attrs.has(cls) and cls.__module__.startswith("strengthmodel."):
            found.add(cls)
    return sorted(found, key=lambda c: c.__name__)


_ = sm.SimulationParameters  # loaded lazily: loaded here, so the list is the same in any run
RECORD_CLASSES = _record_classes()


def _walk_records(value: object, into: dict[type, Record]) -> None:
    if isinstance(value, Record) and attrs.has(type(value)):
        into.setdefault(type(value), value)
        for field in attrs.fields(type(value)):  # type: ignore[misc]
            _walk_records(getattr(value, field.name), into)
    elif isinstance(value, tuple | frozenset):
        for item in value:
            _walk_records(item, into)


_EXAMPLES: dict[type, Record] = {}


def _example(cls: type[Record]) -> Record:
    """A valid instance: from the demo plan and a built-in instrument, else drawn."""
    if not _EXAMPLES:
        _walk_records(demo_plan(), _EXAMPLES)
        _walk_records(sm.builtin_instrument("phq-9"), _EXAMPLES)
    if cls not in _EXAMPLES and all(
        f.default is not attrs.NOTHING
        for f in attrs.fields(cls)  # type: ignore[misc]
    ):
        _EXAMPLES[cls] = cls()
    if cls not in _EXAMPLES:
        _EXAMPLES[cls] = find(
            records(cls),
            lambda _: True,
            settings=settings(database=None, suppress_health_check=list(HealthCheck)),
        )
    return _EXAMPLES[cls]


def _plain(kind: object) -> object:
    return kind.inner if isinstance(kind, OptionalType) else kind


def _is_id(kind: object) -> bool:
    kind = _plain(kind)
    return isinstance(kind, IdType) or (
        isinstance(kind, SequenceType) and isinstance(kind.item, IdType)
    )


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
def test_no_record_field_echoes_a_bad_value(cls):
    """A marker in any field of any record kind is refused without being quoted."""
    base = _example(cls)
    leaks = [
        leak
        for field in describe(cls)
        for value in _variants(id_position=_is_id(field.type))
        for leak in _leaks_of(attrs.evolve, base, **{field.name: value})
    ]
    assert leaks == []


BAD_VALUES = (-1, 10**6, "x", None, (), True, ("x",))


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
def test_no_record_rule_echoes_the_text_of_other_fields(cls):
    """With every text field holding the marker, a bad value elsewhere does not quote them."""
    base = _example(cls)
    texts = [f.name for f in describe(cls) if isinstance(_plain(f.type), TextType)]
    leaks = [
        leak
        for field in describe(cls)
        for bad in BAD_VALUES
        for leak in _leaks_of(
            attrs.evolve,
            base,
            **{**{t: MARKER for t in texts if t != field.name}, field.name: bad},
        )
    ]
    assert leaks == []


def test_instrument_and_review_arguments_are_not_echoed():
    """Instrument definitions, a form's answers and review's codes describe what they refuse."""
    leaks = [
        leak
        for cls in RECORD_CLASSES
        for field in describe(cls)
        for leak in _leaks_of(attrs.evolve, _example(cls), **{field.name: MARKER})
    ]
    instrument = sm.builtin_instrument("phq-9")
    leaks += _leaks_of(lambda: instrument.score({MARKER: 1}))
    leaks += _leaks_of(lambda: instrument.score({instrument.items[0].id: MARKER}))
    leaks += _leaks_of(
        lambda: attrs.evolve(
            instrument, subscales=(attrs.evolve(instrument.subscales[0], items=(MARKER,)),)
        )
    )
    leaks += _leaks_of(lambda: attrs.evolve(instrument, id=MARKER, edition=MARKER))
    plan = _plan()
    leaks += _leaks_of(
        lambda: ops.administer(plan, MARKER, {}, date(2026, 5, 1), author="dr-lee")  # type: ignore[arg-type]
    )
    leaks += _leaks_of(lambda: sm.review(plan, ignore=[MARKER, ID_MARKER]))
    assert leaks == []


# --- public callables -----------------------------------------------------------------

T0 = datetime(2026, 1, 1, tzinfo=UTC)
KEY = b"k" * 32


def _plan() -> sm.Plan:
    return demo_plan()


def _id_for(plan: sm.Plan, name: str) -> object | None:
    """An existing id for a parameter named like ``trigger_id`` or ``strength_ids``."""
    stem = name.removesuffix("s") if name.endswith("_ids") else name
    if not stem.endswith("_id"):
        return None
    wanted = stem.removesuffix("_id").replace("_", "-")
    for cls, collection in COLLECTIONS.items():
        held = getattr(plan, collection)
        if held and (wanted in {"record", cls.kind} or cls.kind.endswith(wanted)):
            first = held[0].id
            return (first,) if name.endswith("_ids") else first
    return None


def _default(plan: sm.Plan, name: str, parameter: inspect.Parameter) -> object:
    """A valid value for a parameter (where practical), so that the marker's is the fault."""
    known = {
        "author": "dr-lee",
        "key": KEY,
        "clients": 5,
        "weeks": 2,
        "type_": sm.Plan,
        "cls": sm.Goal,
        "kind": sm.Goal,
        "instrument_id": "phq-9",
        "at": T0,
        "on": date(2026, 5, 1),
        "today": date(2026, 5, 1),
    }
    if name in known:
        return known[name]
    if name in {"plan", "plan_a", "plan_b", "plan_or_plans", "plans"}:
        return plan
    found = _id_for(plan, name)
    if found is not None:
        return found
    if parameter.default is not inspect.Parameter.empty:
        return parameter.default
    annotation = str(parameter.annotation)
    for word, value in (
        ("Client", plan.client),
        ("datetime", T0),
        ("date", date(2026, 5, 1)),
        ("int", 1),
        ("float", 0.5),
        ("bool", False),
        ("str", "A short note"),
        ("tuple", ()),
    ):
        if word in annotation:
            return value
    return None


SKIPPED = frozenset({"plot", "plot_survival", "plot_weekly", "show", "bind"})
"""Drawing needs matplotlib and a display; ``show`` is the notebook display."""


def _public_callables() -> list[tuple[str, Callable[..., object]]]:
    """Every public function of the package and of ops, and the public methods of its classes."""
    found: dict[str, Callable[..., object]] = {}
    for name in sm.__all__:
        obj = getattr(sm, name)
        if inspect.isfunction(obj):
            found[name] = obj
        elif isinstance(obj, type) and not issubclass(obj, enum.Enum | BaseException):
            for attribute in dir(obj):
                member = inspect.getattr_static(obj, attribute)
                if attribute.startswith("_") or attribute in SKIPPED:
                    continue
                if isinstance(member, staticmethod | classmethod) or inspect.isfunction(member):
                    found[f"{name}.{attribute}"] = getattr(obj, attribute)
    for name in ops.__all__:
        if inspect.isfunction(getattr(ops, name)):
            found[f"ops.{name}"] = getattr(ops, name)
    return sorted((n, f) for n, f in found.items() if n.rsplit(".", 1)[-1] not in SKIPPED)


CALLABLES = _public_callables()


def _receiver(owner: str, plan: sm.Plan) -> object | None:
    """The object a method is called on, or ``None`` for a function or a static method."""
    makers: dict[str, Callable[[], object]] = {
        "Plan": lambda: plan,
        "Editor": lambda: sm.Editor(author="dr-lee", clock=lambda: T0),
        "PlanBuilder": lambda: sm.PlanBuilder("client-1", author="dr-lee", clock=lambda: T0),
        "CopingGraph": lambda: sm.CopingGraph(plan),
        "Findings": lambda: sm.review(plan, today=date(2026, 5, 1)),
    }
    maker = makers.get(owner)
    return maker() if maker is not None else None


ID_PARAMETERS = frozenset({"id", "coping_tried", "helped_by", "plan_id"})
"""Parameters that take ids without saying so in their name."""


def _takes_ids(parameter: inspect.Parameter) -> bool:
    """Whether a parameter takes a record id (or ids): a well-formed one may be named."""
    return parameter.name in ID_PARAMETERS or parameter.name.endswith(("_id", "_ids"))


def _calls(name: str, func: Callable[..., object]) -> Iterator[Callable[[], object]]:
    """One call per parameter and variant, the marker in that parameter."""
    plan = _plan()
    owner = name.split(".", maxsplit=1)[0] if "." in name and not name.startswith("ops.") else None
    receiver = _receiver(owner, plan) if owner else None
    target = getattr(receiver, name.rsplit(".", 1)[-1]) if receiver is not None else func
    if (
        owner
        and receiver is None
        and not isinstance(
            inspect.getattr_static(getattr(sm, owner), name.rsplit(".", 1)[-1]),
            staticmethod | classmethod,
        )
    ):
        return  # a method of a class this test does not build (results, parameters)
    parameters = [
        p
        for p in inspect.signature(target).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if receiver is not None and isinstance(receiver, sm.Editor | sm.PlanBuilder):
        plan_for = plan if isinstance(receiver, sm.Editor) else None
    else:
        plan_for = plan
    for parameter in parameters:
        id_position = _takes_ids(parameter)
        for value in _variants(id_position=id_position):
            args: list[object] = []
            kwargs: dict[str, object] = {}
            for other in parameters:
                given = (
                    value
                    if other is parameter
                    else _default(plan_for or _plan(), other.name, other)
                )
                if other.kind is other.KEYWORD_ONLY:
                    kwargs[other.name] = given
                else:
                    args.append(given)
            yield lambda args=args, kwargs=kwargs: target(*args, **kwargs)


@pytest.mark.parametrize(("name", "func"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_no_public_callable_echoes_an_argument(name, func, tmp_path, monkeypatch):
    """The marker in any argument of any public callable is refused without being quoted."""
    monkeypatch.chdir(tmp_path)  # a marker given as a path makes a file here, not in the repo
    leaks = [leak for call in _calls(name, func) for leak in _leaks_of(call)]
    assert leaks == []


def test_named_entry_points_describe_names_given_as_ids():
    """The cases from the new-user trial: a name given as an id, a phone number as a role."""
    plan = _plan()
    editor = sm.Editor(author="dr-lee", clock=lambda: T0)
    with pytest.raises(sm.ValidationError) as error:
        editor.remove(plan, "Jane Doe")
    assert str(error.value) == (
        "RemoveRecord.record_id: expected a record id, got text of 8 characters with a space"
    )
    with pytest.raises(sm.UnknownRecordError) as error:
        plan.get("goal-missing")
    assert str(error.value) == "the plan has no record with id 'goal-missing'"
    with pytest.raises(sm.ValidationError) as error:
        editor.add_support(plan, sm.SupportRole.CRISIS, MARKER)  # type: ignore[arg-type]
    assert TAG not in str(error.value)
    with pytest.raises(sm.StrengthModelError) as graph_error:
        sm.CopingGraph(plan).strategies_for("Jane Doe")
    assert "Jane" not in str(graph_error.value)


# --- documents ------------------------------------------------------------------------


def _positions(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """Every place in a JSON value: each object, array and leaf, by its path."""
    yield path
    if type(value) is dict:
        for key, item in value.items():
            yield from _positions(item, (*path, key))
    elif type(value) is list:
        for index, item in enumerate(value):
            yield from _positions(item, (*path, index))


def _replaced(document: Any, path: tuple[object, ...], value: object) -> Any:
    copy = json.loads(json.dumps(document))
    if not path:
        return value
    holder = copy
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return copy


def _with_key(document: Any, path: tuple[object, ...]) -> Any:
    copy = json.loads(json.dumps(document))
    holder = copy
    for step in path:
        holder = holder[step]
    if type(holder) is dict:
        holder[MARKER] = 1
    return copy


def _document_edits(document: Any) -> Iterator[Any]:
    """The document with the marker in each place in turn (skipping the format name)."""
    for path in _positions(document):
        if path[:1] == ("format",):
            continue
        for value in (MARKER, [MARKER], {MARKER: MARKER}):
            yield _replaced(document, path, value)
        yield _with_key(document, path)


DOCUMENT_CLASSES = [c for c in RECORD_CLASSES if c is not sm.Plan]


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES, ids=lambda c: c.__name__)
def test_loads_never_echoes_a_value_of_a_record_document(cls):
    """The marker anywhere in a record's JSON document is refused without being quoted."""
    document = sm.to_dict(_example(cls))
    leaks = [
        leak
        for edited in _document_edits(document)
        for leak in _leaks_of(sm.loads, json.dumps(edited), cls)
    ]
    assert leaks == []


_PLAN_DOCUMENT = sm.to_dict(demo_plan())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from([p for p in _positions(_PLAN_DOCUMENT) if p[:1] != ("format",)]),
    value=st.sampled_from([MARKER, ID_MARKER, [MARKER], {MARKER: MARKER}, 7]),
)
def test_loads_never_echoes_a_value_of_a_plan_document(path, value):
    """The marker anywhere in a plan document (its snapshot or its history) is not quoted."""
    edited = _replaced(_PLAN_DOCUMENT, path, value)
    names = [step for step in path if type(step) is str]
    if (
        value == ID_MARKER
        and names
        and names[-1].endswith(("id", "ids", "coping_tried", "helped_by"))
    ):
        return  # a well-formed id in an id position may be named
    leaks = _leaks_of(lambda: sm.loads(json.dumps(edited), sm.Plan))
    assert leaks == []


def test_the_snapshot_check_describes_the_client_name_it_disagrees_on():
    """A snapshot whose client name differs from the history's does not print either name."""
    document = json.loads(json.dumps(_PLAN_DOCUMENT))
    document["client"]["name"] = "Sam"
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(json.dumps(document), sm.Plan)
    assert str(error.value) == (
        "$.client.name: the snapshot has text of 3 characters, but replaying the history "
        "gives text of 5 characters"
    )


def test_fhir_import_never_echoes_a_value():
    """The marker anywhere in a FHIR bundle is refused without being quoted."""
    bundle = sm.to_fhir(demo_plan())
    leaks = [leak for edited in _document_edits(bundle) for leak in _leaks_of(sm.from_fhir, edited)]
    assert leaks == []


# --- the command line -----------------------------------------------------------------


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with contextlib.suppress(SystemExit):
        main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_command_line_never_echoes_a_value(tmp_path, capsys):
    """Files and options holding the marker are refused without printing it."""
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(sm.dumps(demo_plan()))
    bad_files = []
    for index, edited in enumerate(
        _replaced(_PLAN_DOCUMENT, path, MARKER)
        for path in (("client", "pseudonym"), ("goals", 0, "importance"), ("stage",))
    ):
        bad = tmp_path / f"bad-{index}.json"
        bad.write_text(json.dumps(edited))
        bad_files.append(str(bad))
    marker_file = tmp_path / "marker.json"
    marker_file.write_text(MARKER)
    out = str(tmp_path / "out")
    commands = [
        ["validate", *bad_files, str(marker_file)],
        ["review", bad_files[0]],
        ["review", str(plan_file), "--today", MARKER],
        ["review", str(plan_file), "--ignore", MARKER],
        ["render", str(plan_file), "--today", MARKER],
        ["render", str(plan_file), "--format", MARKER],
        ["graph", str(plan_file), "--format", MARKER],
        ["export", bad_files[1], "--to", "fhir"],
        ["import", str(marker_file), "--from", "fhir"],
        ["schema", MARKER],
        ["simulate", str(plan_file), "--clients", MARKER],
        ["simulate", str(plan_file), "--weeks", MARKER],
        ["simulate", str(plan_file), "--seed", MARKER],
        ["simulate", str(plan_file), "--parameters", str(marker_file)],
        ["deidentify", bad_files[0], out, "--key-file", str(marker_file)],
        ["demo", "--out", out, MARKER],
    ]
    printed = {tuple(argv): _run(argv, capsys) for argv in commands}
    assert {argv: text for argv, text in printed.items() if TAG in text} == {}


# --- the describer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("Zq9 marker text", {}, "text of 15 characters"),
        ("Robin", {}, "text of 5 characters"),
        ("Robin", {"id_position": True}, "'Robin'"),
        ("Jane Doe", {"id_position": True}, "text of 8 characters with a space"),
        ("é", {"id_position": True}, "text of 1 character with a character an id cannot hold"),
        (
            "-draft",
            {"id_position": True},
            ("text of 6 characters starting with a character other than a letter or digit"),
        ),
        ("a" * 65, {"id_position": True}, "text of 65 characters (at most 64)"),
        ("", {}, "empty text"),
        (7, {}, "an integer"),
        (7, {"number": True}, "7"),
        (2.5, {"number": True}, "2.5"),
        (10**30, {"number": True}, "an integer of 31 digits"),
        ((0.5, 0.7), {"number": True}, "(0.5, 0.7)"),
        ((0.5, "Robin"), {"number": True}, "a tuple of 2 items"),
        (None, {}, "null"),
        (True, {"number": True}, "true"),
        ("crisis", {"codes": ("crisis", "peer")}, "'crisis'"),
        ("crisis", {}, "text of 6 characters"),
        (sm.SupportRole.CRISIS, {}, "a SupportRole"),
        ([1, 2, 3], {"wire": True}, "an array of 3 items"),
        ([1], {}, "a list of 1 item"),
        ({"a": 1}, {"wire": True}, "an object with 1 key"),
        ((1, 2), {}, "a tuple of 2 items"),
        (_Text("x"), {}, "a _Text (a str subclass; pass a plain one)"),
        (date(2026, 1, 1), {}, "a date"),
        (datetime(2026, 1, 1, tzinfo=UTC), {}, "a date and time"),
        (timedelta(days=1), {}, "a timedelta"),
        (b"Robin", {}, "a bytes of 5 items"),
        (Path("Robin"), {}, "a PosixPath"),
    ],
)
def test_values_are_described_by_type_and_size(value, options, expected):
    """Text is described, never quoted, unless it is a code or an id in an id position."""
    assert describe_value(value, **options) == expected


def test_a_hostile_equality_does_not_break_the_describer():
    """A value whose == raises is described by its type."""

    class Hostile:
        def __eq__(self, other: object) -> bool:
            raise RuntimeError

        __hash__ = object.__hash__

    assert describe_value(Hostile(), codes=("a",)) == "a Hostile"
