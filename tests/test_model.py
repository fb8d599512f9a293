"""One field model, many consumers: a field's rules, declared once, are honoured everywhere."""

import json
import typing
from datetime import date, datetime

import attrs
import pytest
from hypothesis import given, settings

import strengthmodel as sm
from strengthmodel import _model
from strengthmodel._fields import Record, _compile, _FastBuilder, meta
from strengthmodel._model import (
    DateTimeType,
    EnumType,
    FloatType,
    IdType,
    IntType,
    OptionalType,
    RecordType,
    SequenceType,
    TextType,
    UnionType,
    describe,
)
from strengthmodel._wire import codec
from strengthmodel.ids import GoalId
from strengthmodel.interop.jsonschema import _Builder
from strengthmodel.serialization import FORMAT_VERSION, format_name
from strengthmodel.testing import _for_type, records


@attrs.frozen(kw_only=True)
class Probe(Record):
    """A record declared only for this test: each field carries one constraint."""

    kind = "test-probe"

    level: int = attrs.field(metadata=meta(bounds=(2, 5)))
    share: float = attrs.field(default=0.5, metadata=meta(bounds=(0.25, 0.75)))
    code: str = attrs.field(default="ab-12", metadata=meta(max_length=5, pattern="[a-z]+-[0-9]+"))
    goal_ids: tuple[GoalId, ...] = attrs.field(default=(), metadata=meta(unique=True))
    when: datetime | None = None
    stage: sm.StageOfChange | None = None
    scale: sm.GasScale | None = None


def _document(**fields: object) -> str:
    return json.dumps(
        {"format": format_name(Probe), "version": FORMAT_VERSION, "level": 3, **fields}
    )


def test_the_model_describes_each_field_once():
    """describe() turns annotations and metadata into one description per field, cached."""
    kinds = {f.name: f.type for f in describe(Probe)}
    assert kinds == {
        "level": IntType(2, 5, declared=True),
        "share": FloatType((0.25, 0.75)),
        "code": TextType(5, "[a-z]+-[0-9]+", sensitive=False),
        "goal_ids": SequenceType(IdType("GoalId"), tuple, unique=True),
        "when": OptionalType(DateTimeType()),
        "stage": OptionalType(EnumType(sm.StageOfChange)),
        "scale": OptionalType(RecordType(sm.GasScale)),
    }
    assert describe(Probe) is describe(Probe)
    change = {f.name: f.type for f in describe(sm.AddRecord)}["record"]
    assert isinstance(change, UnionType)
    assert sm.Goal in change.members


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("level", 5, 6),
        ("share", 0.75, 0.8),
        ("code", "xy-9", "xy-123"),
        ("code", "xy-9", "XY-9"),
        ("goal_ids", ["g1", "g2"], ["g1", "g1"]),
        ("when", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00"),
        ("stage", "action", "acting"),
    ],
)
def test_validation_and_codec_honour_each_constraint(field, good, bad):
    """The record's checks, the compiled codec and the detailed path agree on each constraint."""
    assert sm.loads(_document(**{field: good}), Probe) is not None
    found = codec.decode(_document(**{field: good}), Probe, format_name(Probe), FORMAT_VERSION)
    assert found is not None
    raw = _document(**{field: bad})
    assert codec.decode(raw, Probe, format_name(Probe), FORMAT_VERSION) is None
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(raw, Probe)
    assert [p.path for p in error.value.problems] == [f"$.{field}"]


def test_json_schema_states_each_constraint():
    """The schema is generated from the same descriptions."""
    schema = sm.json_schema(Probe)["properties"]
    assert schema["level"] == {"type": "integer", "minimum": 2, "maximum": 5}
    assert schema["share"] == {"type": "number", "minimum": 0.25, "maximum": 0.75}
    assert schema["code"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 5,
        "pattern": "^[a-z]+-[0-9]+$",
    }
    assert schema["goal_ids"]["uniqueItems"] is True
    assert schema["stage"]["anyOf"][1] == {"type": "null"}


@settings(max_examples=30)
@given(records(Probe))
def test_strategies_draw_only_values_the_constraints_allow(probe):
    """Hypothesis strategies come from the same descriptions: every draw is valid."""
    assert 2 <= probe.level <= 5
    assert 0.25 <= probe.share <= 0.75
    assert len(probe.code) <= 5
    assert len(set(probe.goal_ids)) == len(probe.goal_ids)
    assert sm.loads(sm.dumps(probe), Probe) == probe


def _one_of_each_kind() -> list[_model.FieldType]:
    return [
        IntType(0, 3, declared=True),
        FloatType(None),
        TextType(10, None, sensitive=True),
        IdType("GoalId"),
        _model.BoolType(),
        _model.DateType(),
        DateTimeType(),
        EnumType(sm.StageOfChange),
        RecordType(sm.GasScale),
        UnionType((sm.Goal, sm.Trigger)),
        _model.InstanceType((date,)),
        OptionalType(IntType(0, 3, declared=True)),
        SequenceType(IdType("GoalId"), frozenset, unique=False),
    ]


def test_every_consumer_handles_every_kind_of_field():
    """Each kind of description has a branch in validation, schema and strategies."""
    kinds = _one_of_each_kind()
    assert {type(k) for k in kinds} == set(typing.get_args(_model.FieldType))
    for kind in kinds:
        assert callable(_compile(kind))
        assert _FastBuilder("Probe").expr(kind, "v")
        assert _for_type(kind) is not None
        if isinstance(kind, _model.InstanceType):  # any Python class: no JSON form
            with pytest.raises(TypeError, match="no JSON Schema"):
                _Builder().schema(kind)
        else:
            assert _Builder().schema(kind)
