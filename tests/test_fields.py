"""The shared field rules: strict types, bounds, text, all problems at once."""

import json
from datetime import UTC, datetime

import pytest

import strengthmodel as sm
from strengthmodel import (
    Client,
    CopingSkill,
    Goal,
    HistoryEntry,
    Readiness,
    Session,
    SetStage,
    Step,
    Support,
    ValidationError,
)
from strengthmodel._fields import as_float, sensitive_fields
from strengthmodel._model import (
    DateType,
    IdType,
    OptionalType,
    SequenceType,
    TextType,
    describe,
    id_name,
)
from strengthmodel.demo import demo_plan


def messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_every_problem_is_reported_not_just_the_first():
    """A record with three bad fields reports all three, each with its path."""
    with pytest.raises(ValidationError) as error:
        Goal(id="g1", statement=" ", importance=3.7, difficulty=True)  # type: ignore[arg-type]
    assert messages(error) == [
        "Goal.statement: expected non-empty text, got blank text",
        "Goal.importance: expected an integer from 0 to 3, got 3.7",
        "Goal.difficulty: expected an integer from 0 to 3, got true",
    ]
    assert str(error.value).startswith("3 problems:\n  - Goal.statement")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (3.7, "expected an integer from 0 to 10, got 3.7"),
        (True, "expected an integer from 0 to 10, got true"),
        ("7", "expected an integer from 0 to 10, got text of 1 character"),
        (11, "expected an integer from 0 to 10, got 11"),
        (-1, "expected an integer from 0 to 10, got -1"),
        (7.0, "expected an integer from 0 to 10, got 7.0"),
    ],
)
def test_integers_are_strict(value, message):
    """Floats, booleans, numeric strings and out-of-range ints are refused, not coerced."""
    with pytest.raises(ValidationError) as error:
        Readiness(importance=value, confidence=5)
    assert messages(error) == [f"Readiness.importance: {message}"]


def test_floats_accept_ints_exactly_and_refuse_the_rest():
    """An int for a float field becomes the equal float; strings, bools and NaN are refused."""
    skill = CopingSkill(id="c1", name="Breathe", mastery=1)
    assert skill.mastery == 1.0
    assert type(skill.mastery) is float
    # 10**400 is an int too large for a float: refused, not an OverflowError.
    for bad in ("0.5", True, float("nan"), float("inf"), 1.5, -0.1, 10**400):
        with pytest.raises(ValidationError, match=r"CopingSkill\.mastery: expected a number"):
            CopingSkill(id="c1", name="Breathe", mastery=bad)  # type: ignore[arg-type]


def test_as_float_only_converts_exactly():
    """as_float converts ints that a float holds exactly and leaves everything else alone."""
    assert as_float(2) == 2.0
    assert type(as_float(2)) is float
    assert as_float(2**60 + 1) == 2**60 + 1
    assert type(as_float(2**60 + 1)) is int
    assert type(as_float(10**400)) is int
    assert as_float(True) is True  # noqa: FBT003


def test_text_is_strict():
    """Numbers are not text, blank text is not text, and text has a length limit."""
    with pytest.raises(ValidationError) as error:
        CopingSkill(id="c1", name=42)  # type: ignore[arg-type]
    assert messages(error) == [
        "CopingSkill.name: expected text, got an integer"
    ]  # sensitive: no value
    with pytest.raises(ValidationError, match="expected at most 200 characters, got 201"):
        CopingSkill(id="c1", name="x" * 201)


def test_dates_and_datetimes_are_distinct():
    """A datetime is not a date, and timestamps must carry a time zone."""
    with pytest.raises(ValidationError) as error:
        Session(id="s1", held_on=datetime(2026, 1, 1, tzinfo=UTC), steps=frozenset({Step.LISTEN}))
    expected = "Session.held_on: expected a date, got a date and time"
    assert messages(error) == [expected]
    naive = datetime(2026, 1, 1)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValidationError, match="with a time zone, got a naive one"):
        HistoryEntry(revision=1, at=naive, author="a", change=SetStage(stage=None), digest="0" * 64)


def test_ids_are_checked():
    """Ids follow ID_PATTERN, in own ids and in references alike."""
    with pytest.raises(ValidationError) as error:
        Goal(id="has space", statement="x", strength_ids=("ok", ""))  # type: ignore[arg-type]
    pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
    assert messages(error) == [
        (f"Goal.id: expected a GoalId (pattern {pattern}), got text of 9 characters with a space"),
        f"Goal.strength_ids[1]: expected a StrengthId (pattern {pattern}), got empty text",
    ]


def test_collections_must_be_tuples():
    """A list where a tuple is expected is refused (records stay immutable)."""
    with pytest.raises(ValidationError) as error:
        Goal(id="g1", statement="x", strength_ids=["s1"])  # type: ignore[arg-type]
    assert messages(error) == ["Goal.strength_ids: expected a tuple, got a list of 1 item"]


def test_enums_name_the_allowed_values():
    """A plain string where an enum is expected lists the allowed values, and the member."""
    with pytest.raises(ValidationError) as error:
        Support(id="s1", name="Ana", role="help")  # type: ignore[arg-type]
    assert messages(error) == [
        (
            "Support.role: expected a SupportRole "
            "('distraction', 'help', 'professional', 'crisis'), got 'help': pass SupportRole.HELP"
        )
    ]
    with pytest.raises(ValidationError) as error:
        Support(id="s1", name="Ana", role="assist")  # type: ignore[arg-type]
    assert messages(error)[0].endswith("got text of 6 characters")


def test_sensitive_fields_are_declared_and_hidden_from_repr():
    """Sensitive fields are listed from metadata and never appear in reprs."""
    assert sensitive_fields(Support) == ("name", "relation", "contact", "availability", "notes")
    assert sensitive_fields(Client) == ("name",)
    support = Support(
        id="s1",
        name="Ana Ruiz",
        role=__import__("strengthmodel").SupportRole.HELP,
        contact="+44 7700 900123",
    )
    assert "Ana" not in repr(support)
    assert "7700" not in repr(support)
    assert (
        repr(Client(pseudonym="c-1", name="Robin"))
        == "Client(pseudonym='c-1', preferred_language='en')"
    )


def test_text_that_is_not_an_id_is_described_not_echoed():
    """A name typed where an id or pseudonym belongs never reaches an error message."""
    with pytest.raises(ValidationError) as error:
        Client(pseudonym="Robin Secretname")
    assert str(error.value) == (
        "Client.pseudonym: expected an id-like pseudonym, got text of 16 characters with a space"
    )
    document = json.loads(sm.dumps(demo_plan()))
    document["client"]["pseudonym"] = "Robin Secretname"
    document["goals"][0]["strength_ids"] = ["Robin.Secretname!"]
    with pytest.raises(ValidationError) as error:
        sm.loads(json.dumps(document), sm.Plan)
    assert "Secretname" not in str(error.value)
    assert "with a character an id cannot hold" in str(error.value)


def test_id_name_looks_through_containers():
    """Reference detection finds the id type inside optional, tuple and frozenset fields."""
    assert id_name(IdType("GoalId")) == "GoalId"
    assert id_name(OptionalType(IdType("GoalId"))) == "GoalId"
    assert id_name(SequenceType(IdType("StrengthId"), tuple, unique=True)) == "StrengthId"
    assert id_name(SequenceType(IdType("StrengthId"), frozenset, unique=False)) == "StrengthId"
    assert id_name(TextType(200, None, sensitive=False)) is None
    assert id_name(OptionalType(DateType())) is None
    kinds = {f.name: f.type for f in describe(Goal)}
    assert id_name(kinds["id"]) == "GoalId"
    assert id_name(kinds["strength_ids"]) == "StrengthId"


def test_validation_error_is_a_value_error():
    """Generic code catching ValueError still catches our validation errors."""
    with pytest.raises(ValueError, match=r"Readiness\.confidence"):
        Readiness(importance=1, confidence=99)
