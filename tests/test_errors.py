"""Problems: a path to read and a location to point at, written from one into the other."""

from __future__ import annotations

import attrs
import pytest

import strengthmodel as sm
from strengthmodel._describe import describe_value
from strengthmodel.demo import demo_plan
from strengthmodel.errors import Problem, render_path
from strengthmodel.serialization import make_converter


def test_a_problem_at_a_location_writes_its_path():
    problem = Problem.at(("$", "goals", 2, "strength_ids", 0), "expected a StrengthId")
    assert problem.path == "$.goals[2].strength_ids[0]"
    assert problem.location == ("$", "goals", 2, "strength_ids", 0)
    assert str(problem) == "$.goals[2].strength_ids[0]: expected a StrengthId"


def test_a_problem_from_a_path_alone_is_one_segment():
    assert Problem("level", "expected -2 to 2").location == ("level",)
    assert Problem("", "expected an object").location == ()
    assert render_path(()) == ""


def test_location_is_not_part_of_equality():
    assert Problem.at(("Goal", "title"), "m") == Problem("Goal.title", "m")
    assert "location" not in repr(Problem.at(("Goal", "title"), "m"))


def test_prefixed_nests_locations():
    error = sm.ValidationError([Problem.at(("change", "record", "id"), "bad"), Problem("", "x")])
    nested = error.prefixed("history", 3)
    assert [p.location for p in nested.problems] == [
        ("history", 3, "change", "record", "id"),
        ("history", 3),
    ]
    assert [p.path for p in nested.problems] == ["history[3].change.record.id", "history[3]"]


def test_a_record_locates_its_problems_under_its_class():
    with pytest.raises(sm.ValidationError) as caught:
        sm.Goal(id="goal-1", statement="Walk", strength_ids=("strength-1", "not an id"))
    (problem,) = caught.value.problems
    assert problem.location == ("Goal", "strength_ids", 1)
    assert problem.path == "Goal.strength_ids[1]"


def test_a_document_locates_its_problems_from_the_root():
    plan = demo_plan()
    document = sm.to_dict(plan)
    document["goals"][0]["strength_ids"] = ["strength-1", "no spaces allowed"]
    with pytest.raises(sm.ValidationError) as caught:
        sm.from_dict(document, sm.Plan)
    locations = [p.location for p in caught.value.problems]
    assert ("$", "goals", 0, "strength_ids", 1) in locations


def test_errors_is_another_name_for_problems():
    error = sm.ValidationError([Problem("a", "b")])
    assert error.errors == error.problems


def test_bad_ids_are_described_by_what_is_wrong():
    """Text in an id position that is not an id says why, without quoting it."""
    assert describe_value("-draft", id_position=True) == (
        "text of 6 characters starting with a character other than a letter or digit"
    )
    assert describe_value("a" * 65, id_position=True) == "text of 65 characters (at most 64)"
    assert describe_value("a\tb", id_position=True) == "text of 3 characters with a space"


def test_an_unknown_key_and_a_rule_of_the_record_are_reported_together():
    """A record's own rule (a pseudonym that is not id-like) and an unknown key, at once."""
    document = {"format": "strengthmodel.client", "version": 2, "pseudonym": "-x", "age": 40}
    with pytest.raises(sm.ValidationError) as caught:
        sm.from_dict(document, sm.Client)
    assert [p.path for p in caught.value.problems] == ["$.pseudonym", "$.age"]


def test_our_hooks_leave_other_annotations_to_cattrs():
    """A converter configured with our hooks still structures the user's own types."""

    @attrs.frozen
    class Visit:
        counts: list[int]
        notes: dict[str, int]

    converter = make_converter()
    assert converter.structure({"counts": [1, 2], "notes": {"a": 1}}, Visit) == Visit(
        [1, 2], {"a": 1}
    )
