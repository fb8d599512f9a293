"""Hostile input: every public entry point raises only our errors, at bounded cost."""

import contextlib
import inspect
import json
import math
import os
import subprocess
import sys
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.cli import main
from strengthmodel.serialization import MAX_DOCUMENT_BYTES
from strengthmodel.testing import plans

T0 = datetime(2026, 1, 1, tzinfo=UTC)

GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(2**64 + 1),
    st.floats(),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.text(max_size=3)),
    st.sampled_from(
        [
            np.float64("nan"),
            np.int64(3),
            np.float32(0.5),
            Decimal("0.1"),
            Fraction(1, 3),
            datetime.min.replace(tzinfo=timezone(timedelta(hours=1))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-1))),
            datetime(2026, 1, 1),  # noqa: DTZ001 - naive on purpose
            date.max,
            object(),
            sm.Plan,
            float("inf"),
            "x" * 100_000,
        ]
    ),
)

PUBLIC = sorted(
    name
    for name in sm.__all__
    if callable(getattr(sm, name)) and name != "process_graph" and name[0] != "_"
)


def _arguments(func: object, data: st.DataObject) -> tuple[list[object], dict[str, object]]:
    if isinstance(func, type) and attrs.has(func):
        fields = attrs.fields(func)
        kwargs = {
            f.alias: data.draw(GARBAGE)
            for f in fields
            if data.draw(st.booleans()) or f.default is attrs.NOTHING
        }
        return [], kwargs
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for parameter in inspect.signature(func).parameters.values():  # type: ignore[arg-type]
        required = parameter.default is inspect.Parameter.empty
        if not required and not data.draw(st.booleans()):
            continue
        value = data.draw(GARBAGE)
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        elif parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        else:
            args.append(value)
    return args, kwargs


def _is_public_callable(name: str) -> bool:
    obj = getattr(sm, name)
    return inspect.isfunction(obj) or (isinstance(obj, type) and attrs.has(obj))


@pytest.mark.parametrize("name", [n for n in PUBLIC if _is_public_callable(n)])
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_garbage_gives_only_our_errors(name, data):
    """Wrong types, extreme numbers and dates, numpy scalars: a library error or a result."""
    func = getattr(sm, name)
    args, kwargs = _arguments(func, data)
    with contextlib.suppress(sm.StrengthModelError):
        func(*args, **kwargs)


def test_out_of_range_instants_are_refused_with_their_path():
    """An instant that does not exist in UTC is refused, naming the field, not OverflowError."""
    with pytest.raises(sm.ValidationError) as error:
        sm.HistoryEntry(
            revision=1,
            at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
            author="a",
            change=sm.SetStage(stage=None),
            digest="0" * 64,
        )
    assert [p.path for p in error.value.problems] == ["HistoryEntry.at"]
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    doc = json.loads(sm.dumps(plan))
    doc["history"][0]["at"] = "9999-12-31T23:00:00-05:00"
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(json.dumps(doc), sm.Plan)
    assert [p.path for p in error.value.problems] == ["$.history[0].at"]


def test_unhashable_items_and_odd_keys_are_refused():
    """A list inside a unique tuple, and mixed-type extra keys, give our errors."""
    with pytest.raises(sm.ValidationError, match=r"Goal.strength_ids\[0\]: expected a StrengthId"):
        sm.Goal(id="g1", statement="W", strength_ids=(["s1"],))  # type: ignore[arg-type]
    doc = sm.to_dict(sm.Readiness(importance=1, confidence=2))
    doc[1] = 2  # type: ignore[index]
    doc["y"] = 3
    with pytest.raises(sm.ValidationError) as error:
        sm.from_dict(doc, sm.Readiness)
    assert sorted(str(p) for p in error.value.problems) == [
        "$.y: unexpected key",
        "$: unexpected key (an integer)",
    ]


@pytest.mark.parametrize("history", [[None], [{}], 5, "abc", None])
def test_replay_of_garbage_is_refused(history):
    """replay(None), replay([None]), replay(5): our error, not AttributeError."""
    with pytest.raises(sm.ValidationError):
        sm.replay(history)  # type: ignore[arg-type]


def test_apply_and_loads_check_their_arguments():
    """apply(None, ...), a history with None appended, loads(..., dict) give our errors."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    change = sm.SetStage(stage=None)
    with pytest.raises(sm.ValidationError, match="plan: expected a Plan, got NoneType"):
        sm.apply(None, change, author="dr-lee")  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match=r"history\[1\]: expected a HistoryEntry"):
        sm.replay((*plan.history, None))  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="type_: expected a strengthmodel record type"):
        sm.loads(b"{}", dict)  # type: ignore[type-var]


@pytest.mark.parametrize("revision", [True, 1.0, np.float64(1), Decimal(1), "1"])
def test_expected_revision_must_be_an_int(revision):
    """True, 1.0, float and Decimal ones, and '1' are not revision 1."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    with pytest.raises(sm.ValidationError, match="expected_revision: expected an integer"):
        sm.apply(plan, sm.SetStage(stage=None), expected_revision=revision, author="dr-lee")  # type: ignore[arg-type]


def test_expected_revision_takes_a_numpy_integer_like_a_field():
    """numpy.int64(1) is revision 1 (the same number), as it would be in an integer field."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    changed = sm.apply(
        plan, sm.SetStage(stage=None), expected_revision=np.int64(1), author="dr-lee"
    )  # type: ignore[arg-type]
    assert changed.revision == 2
    with pytest.raises(sm.ConflictError):
        sm.apply(changed, sm.SetStage(stage=None), expected_revision=np.int64(1), author="dr-lee")  # type: ignore[arg-type]


@pytest.mark.parametrize("at", [0, "", False, date(2026, 1, 1), datetime(2026, 1, 1)])  # noqa: DTZ001
def test_at_must_be_a_datetime(at):
    """at=0, '' or False is refused, never replaced by the current time; so is a naive one."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    with pytest.raises(sm.ValidationError) as error:
        sm.apply(plan, sm.SetStage(stage=None), at=at, author="dr-lee")  # type: ignore[arg-type]
    assert [p.path for p in error.value.problems] == ["at"]


def test_keys_are_never_echoed():
    """A key of the wrong type or length is refused without printing it."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)
    for key, expected in (
        (
            "a-secret-text-key-123",
            "expected the key as bytes (at least 16), got a str of length 21",
        ),
        (b"short", "expected a key of at least 16 bytes, got 5 bytes"),
    ):
        with pytest.raises(sm.ValidationError) as error:
            sm.dumps(plan, key=key)  # type: ignore[arg-type]
        assert [str(p) for p in error.value.problems] == [f"key: {expected}"]
        assert str(key) not in str(error.value)


def test_a_path_given_to_loads_gets_a_hint():
    """loads('plan.json') says that loads takes JSON text, not a file name."""
    with pytest.raises(sm.ValidationError, match=r"loads takes JSON text; to read a file"):
        sm.loads("plans/plan-0042.json", sm.Plan)


def test_numpy_scalars_and_subclasses_are_stored_as_plain_numbers():
    """Numpy float64/int64 and float subclasses become equal plain numbers; inexact ones fail."""

    class Weight(float):
        pass

    skill = sm.CopingSkill(id="k1", name="Walk", mastery=np.float64(0.25))  # type: ignore[arg-type]
    assert type(skill.mastery) is float
    assert skill.mastery == 0.25
    link = sm.CopingLink(trigger_id="t1", coping_skill_id="k1", efficacy=Weight(0.5))  # type: ignore[arg-type]
    assert type(link.efficacy) is float
    score = sm.Score(name="total", value=np.int64(7))  # type: ignore[arg-type]
    assert type(score.value) is float
    assert score.value == 7.0
    goal = sm.Goal(id="g1", statement="W", importance=np.int64(2))  # type: ignore[arg-type]
    assert type(goal.importance) is int
    for record in (skill, link, score, goal):
        assert sm.loads(sm.dumps(record), type(record)) == record
    with pytest.raises(sm.ValidationError, match="expected a number"):
        sm.Score(name="total", value=Decimal("0.1"))  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="expected a number"):
        sm.Score(name="total", value=Fraction(1, 3))  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="expected a number"):
        sm.Score(name="total", value=np.float64("nan"))  # type: ignore[arg-type]


def test_messages_say_exactly_what_was_wrong():
    """Exact integer bounds, 'missing' version, dict and str subclasses named as such."""
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(json.dumps({"format": "strengthmodel.readiness", "importance": 1}), sm.Readiness)
    assert [str(p) for p in error.value.problems] == ["$.version: required key missing"]
    with pytest.raises(sm.ValidationError) as error:
        sm.from_dict(OrderedDict(format="strengthmodel.readiness"), sm.Readiness)
    assert [str(p) for p in error.value.problems] == [
        "$: expected a JSON object, got an OrderedDict (a dict subclass; pass a plain one)"
    ]

    class Label(str):
        __slots__ = ()

    with pytest.raises(sm.ValidationError) as error:
        sm.Concern(id="c1", text=Label("Walk"))
    assert [str(p) for p in error.value.problems] == [
        "Concern.text: expected text, got a Label (a str subclass; pass a plain one)"
    ]
    with pytest.raises(sm.ValidationError, match="from 1 to 9007199254740992, got 0"):
        sm.HistoryEntry(
            revision=0, at=T0, author="a", change=sm.SetStage(stage=None), digest="0" * 64
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"\xff\xfe{\x00}\x00",
            "not valid JSON: the text starts with a UTF-16 byte order mark (not UTF-8)",
        ),
        (b'{"a": 1}\n{"b": "\xc3"}', "byte 0xc3 at line 2 column 8 (offset 16)"),
        (b"\x00\x01\x02\xff", "binary data: byte 0xff at line 1 column 4"),
    ],
)
def test_bad_bytes_are_described(raw, expected):
    """UTF-16, invalid UTF-8 and binary input say what the bytes are and where."""
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(raw, sm.Plan)
    assert expected in str(error.value.problems[0])


def test_a_million_bad_ids_cost_little_and_report_100():
    """A document with 1,000,000 invalid ids keeps 100 problems and counts the rest."""
    doc = (
        b'{"format":"strengthmodel.goal","version":2,"id":"g1","statement":"x","strength_ids":['
        + b",".join([b'""'] * 1_000_000)
        + b"]}"
    )
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(doc, sm.Goal)
    assert len(error.value.problems) == 100
    assert error.value.more == 10_000
    assert str(error.value).endswith("and at least 10000 more problems (not listed)")


def test_a_hundred_thousand_blank_concerns_report_100():
    """100,000 invalid records in one list: 100 problems, then one line for the rest."""
    plan = json.loads(sm.dumps(sm.Plan.new(sm.Client(pseudonym="c1"), author="a", at=T0)))
    plan["concerns"] = [{"id": f"c{i}", "text": " "} for i in range(100_000)]
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(json.dumps(plan), sm.Plan)
    problems = [str(p) for p in error.value.problems]
    assert len(problems) == 100
    assert problems[0] == "$.concerns[0].text: expected non-empty text, got blank text"
    assert problems[-1] == (
        "$.concerns: items 99 to 99999 (99901) were not checked: too many problems before them"
    )
    assert error.value.problems[-1].location == ("$", "concerns")


def _mutations(text: str, rng: np.random.Generator) -> str:
    kind = rng.integers(4)
    if kind == 0:
        return text[: int(rng.integers(len(text)))]
    doc = json.loads(text)
    if kind == 1 and doc["history"]:
        doc["history"].pop(int(rng.integers(len(doc["history"]))))
    elif kind == 2:
        doc["revision"] = int(rng.choice([2**64 + 1, -1, 0, 10**30]))
    else:
        entry = doc["history"][int(rng.integers(len(doc["history"])))]
        entry["at"] = str(rng.choice(["0001-01-01T00:00:00+01:00", "x", "2026-13-01T00:00:00Z"]))
    return json.dumps(doc)


@given(plans())
@settings(max_examples=30, deadline=None)
def test_seeded_fuzz_of_saved_plans(plan):
    """Truncation, history edits, huge numbers, bad times: refused or equal after a round trip."""
    text = sm.dumps(plan)
    rng = np.random.default_rng(len(text))
    for _ in range(5):
        mutated = _mutations(text, rng)
        try:
            loaded = sm.loads(mutated, sm.Plan)
        except sm.StrengthModelError:
            continue
        assert sm.loads(sm.dumps(loaded), sm.Plan) == loaded == sm.replay(loaded.history)
        assert not math.isnan(loaded.revision)


def test_cli_refuses_devices_fifos_and_oversized_files(tmp_path, capsys):
    """Validate checks the size before reading; devices and FIFOs are refused, not read."""
    sparse = tmp_path / "huge.json"
    with sparse.open("wb") as stream:
        stream.truncate(3 * 2**30)  # 3 GiB, sparse: nothing is written to disk
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    # Too big is a finding (stdout); a device or FIFO cannot be read: an error, status 2.
    assert main(["validate", str(sparse), "/dev/zero", str(fifo)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{sparse}: {3 * 2**30} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit for one document",
    ]
    refused = "not a regular file (a device, pipe or socket); save the document to a file"
    assert captured.err.splitlines() == [
        f"strengthmodel: error: /dev/zero: {refused}",
        f"strengthmodel: error: {fifo}: {refused}",
    ]
    # Standard input is bounded the same way: one byte past the limit is refused.
    result = subprocess.run(
        [sys.executable, "-m", "strengthmodel.cli", "review", "-"],
        input=b" " * (MAX_DOCUMENT_BYTES + 1),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        f"strengthmodel: error: <stdin>: more than {MAX_DOCUMENT_BYTES} bytes, over the "
        f"{MAX_DOCUMENT_BYTES}-byte limit for one document"
    )
