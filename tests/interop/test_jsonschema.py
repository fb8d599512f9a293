"""JSON Schema generation: valid schemas, exact pieces, our output always validates."""

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from strengthmodel.documents import DOCUMENT_TYPES
from strengthmodel.interop.jsonschema import DIALECT
from strengthmodel.testing import plans, records
from tests.plan_settings import PLAN_SETTINGS

DOCS = Path(__file__).parents[2] / "docs" / "reference" / "schemas"


def validator(cls: type) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        sm.json_schema(cls), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TYPES))
def test_every_schema_is_a_valid_2020_12_schema(kind):
    """Each document kind's schema passes the metaschema check."""
    schema = sm.json_schema(DOCUMENT_TYPES[kind])
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_pieces_follow_annotations_and_metadata():
    """Bounds, lengths, id patterns, enums, optional values and required keys are exact."""
    schema = sm.json_schema(sm.Goal)
    props = schema["properties"]
    assert props["format"] == {"const": "strengthmodel.goal"}
    assert props["version"] == {"const": 2}
    assert props["importance"] == {"type": "integer", "minimum": 0, "maximum": 3}
    assert props["statement"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 1000,
        "pattern": r"\S",
    }
    assert props["id"] == {"type": "string", "pattern": sm.ids.ID_PATTERN}
    assert props["due"] == {
        "anyOf": [
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            {"type": "null"},
        ]
    }
    assert props["lifecycle"] == {"enum": [s.value for s in sm.GoalLifecycleStatus]}
    assert props["strength_ids"] == {
        "type": "array",
        "items": {"type": "string", "pattern": sm.ids.ID_PATTERN},
        "uniqueItems": True,
    }
    assert props["scale"] == {"anyOf": [{"$ref": "#/$defs/GasScale"}, {"type": "null"}]}
    assert schema["required"] == ["format", "version", "id", "statement"]
    assert schema["additionalProperties"] is False
    mastery = sm.json_schema(sm.CopingSkill)["properties"]["mastery"]
    assert mastery == {"type": "number", "minimum": 0, "maximum": 1}
    steps = sm.json_schema(sm.Session)["properties"]["steps"]
    assert steps["uniqueItems"] is True


def test_tagged_unions_use_the_kind_as_const():
    """The record of an AddRecord is one of the tagged record schemas."""
    schema = sm.json_schema(sm.AddRecord)
    options = schema["properties"]["record"]["anyOf"]
    assert len(options) == 19  # one per record type a plan keeps
    goal = schema["$defs"]["GoalTagged"]
    assert goal["properties"]["type"] == {"const": "goal"}
    assert goal["required"][0] == "type"


def test_demo_plan_validates_and_bad_documents_do_not():
    """The demo plan validates; out-of-range, extra and missing keys fail the schema too."""
    v = validator(sm.Plan)
    doc = json.loads(sm.dumps(demo_plan()))
    assert list(v.iter_errors(doc)) == []
    doc["goals"][0]["importance"] = 7
    doc["extra"] = True
    del doc["client"]
    messages = sorted(e.message for e in v.iter_errors(doc))
    assert messages == [
        "'client' is a required property",
        "7 is greater than the maximum of 3",
        "Additional properties are not allowed ('extra' was unexpected)",
    ]


@given(
    st.sampled_from(sorted(DOCUMENT_TYPES, key=str)).flatmap(
        lambda kind: records(DOCUMENT_TYPES[kind]) if kind != "plan" else plans(max_changes=10)
    )
)
def test_every_generated_document_validates_against_its_schema(record):
    """Our own output always validates against the published schema of its kind."""
    errors = list(validator(type(record)).iter_errors(json.loads(sm.dumps(record))))
    assert errors == []


@PLAN_SETTINGS
@given(plans())
def test_generated_plans_validate(plan):
    """Whole plans with histories validate against the plan schema."""
    assert list(validator(sm.Plan).iter_errors(json.loads(sm.dumps(plan)))) == []


def test_published_schema_matches_the_library():
    """docs/reference/schemas/plan.schema.json is exactly what json_schema(Plan) gives."""
    published = json.loads((DOCS / "plan.schema.json").read_text(encoding="utf-8"))
    assert published == sm.json_schema(sm.Plan)
