"""Lossless, strict, versioned JSON: exact cases and Hypothesis properties."""

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import cattrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.demo import demo_plan
from strengthmodel.documents import DOCUMENT_TYPES
from strengthmodel.serialization import (
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    Migrations,
    loads_any,
    make_converter,
    nesting_depth,
)
from strengthmodel.testing import plans, records
from tests.plan_settings import PLAN_SETTINGS
from tests.test_properties import ALL_RECORDS

PLAN = demo_plan()
PLAN_DOC = json.loads(sm.dumps(PLAN))


def problems(text: str | bytes, type_: type = sm.Plan) -> list[str]:
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(text, type_)
    return [str(p) for p in error.value.problems]


def mutated(**changes: object) -> str:
    """The readiness document with fields replaced."""
    doc = {
        "format": "strengthmodel.readiness",
        "version": 1,
        "importance": 8,
        "confidence": 5,
        "assessed_on": None,
        **changes,
    }
    return json.dumps(doc)


# --- the contract, case by case --------------------------------------------------------


def test_envelope_and_field_order():
    """A document starts with format and version, then the fields in declaration order."""
    assert list(PLAN_DOC)[:5] == ["format", "version", "id", "client", "revision"]
    assert (PLAN_DOC["format"], PLAN_DOC["version"]) == ("strengthmodel.plan", FORMAT_VERSION)


def test_plan_round_trip_is_exact_and_canonical():
    """The demo plan survives dumps/loads unchanged, and re-dumping gives the same bytes."""
    text = sm.dumps(PLAN)
    again = sm.loads(text, sm.Plan)
    assert again == PLAN
    assert again.history == PLAN.history
    assert sm.dumps(again) == text
    assert sm.content_hash(again) == sm.content_hash(PLAN)
    assert sm.loads(text.encode(), sm.Plan) == PLAN


def test_tags_are_kinds_not_class_names():
    """Changes and records in unions carry their stable kind as "type"."""
    changes = [entry["change"]["type"] for entry in PLAN_DOC["history"]]
    assert changes[:4] == ["open-plan", "add", "add", "add"]
    assert PLAN_DOC["history"][1]["change"]["record"]["type"] == "concern"
    assert {
        cls.__name__: cls.kind for cls in (sm.AddRecord, sm.LinkCoping, sm.Goal, sm.WarningSign)
    } == {
        "AddRecord": "add",
        "LinkCoping": "link-coping",
        "Goal": "goal",
        "WarningSign": "warning-sign",
    }


def test_dates_sets_and_timestamps_on_the_wire():
    """Dates are ISO days, sets sorted lists, timestamps ISO 8601 in UTC."""
    session = PLAN_DOC["sessions"][0]
    assert session["held_on"] == "2026-03-02"
    assert session["steps"] == ["listen", "meet"]
    assert PLAN_DOC["history"][0]["at"] == "2026-04-06T09:00:00+00:00"


def test_timestamps_with_offsets_are_stored_in_utc():
    """An offset timestamp loads as the same instant in UTC, and equal instants hash equal."""
    plus_two = timezone(timedelta(hours=2))
    entry = sm.HistoryEntry(
        revision=1,
        at=datetime(2026, 1, 1, 11, tzinfo=plus_two),
        author="a",
        change=sm.SetStage(stage=None),
        digest="0" * 64,
    )
    assert entry.at == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert entry.at.tzinfo is UTC
    doc = json.loads(sm.dumps(entry))
    doc["at"] = "2026-01-01T11:00:00+02:00"
    assert sm.loads(json.dumps(doc), sm.HistoryEntry) == entry


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"importance": 3.7}, "$.importance: expected an integer from 0 to 10, got 3.7"),
        ({"importance": 7.0}, "$.importance: expected an integer from 0 to 10, got 7.0"),
        ({"importance": True}, "$.importance: expected an integer from 0 to 10, got true"),
        (
            {"importance": "7"},
            "$.importance: expected an integer from 0 to 10, got text of 1 character",
        ),
        ({"importance": 11}, "$.importance: expected an integer from 0 to 10, got 11"),
        ({"assessed_on": 20260101}, "$.assessed_on: expected a date as YYYY-MM-DD, got an integer"),
        (
            {"assessed_on": "20260101"},
            "$.assessed_on: expected a date as YYYY-MM-DD, got text of 8 characters",
        ),
        (
            {"assessed_on": "2026-02-30"},
            "$.assessed_on: expected a real calendar date, got a day that does not exist",
        ),
    ],
)
def test_strict_scalars(changes, expected):
    """No silent coercion: floats, bools and strings are refused where integers are expected."""
    assert problems(mutated(**changes), sm.Readiness) == [expected]


def test_text_and_number_fields_are_strict():
    """42 is not text, "0.5" is not a number, true is not a number; an int is a number."""
    skill = {
        "format": "strengthmodel.coping-skill",
        "version": 1,
        "id": "c1",
        "name": "Walk",
        "steps": [],
        "level": "internal",
        "strength_ids": [],
        "support_ids": [],
        "mastery": 1,
    }
    loaded = sm.loads(json.dumps(skill), sm.CopingSkill)
    assert loaded.mastery == 1.0
    assert type(loaded.mastery) is float
    assert problems(json.dumps({**skill, "name": 42}), sm.CopingSkill) == [
        "$.name: expected text, got an integer"
    ]
    assert problems(json.dumps({**skill, "mastery": "0.5"}), sm.CopingSkill) == [
        "$.mastery: expected a number from 0 to 1, got text of 3 characters"
    ]
    assert problems(json.dumps({**skill, "mastery": True}), sm.CopingSkill) == [
        "$.mastery: expected a number from 0 to 1, got true"
    ]
    assert problems(json.dumps({**skill, "steps": "walk"}), sm.CopingSkill) == [
        "$.steps: expected an array, got text of 4 characters"
    ]


def test_every_problem_is_listed_with_its_json_path():
    """Several problems across the plan come back together, each with its path."""
    doc = json.loads(json.dumps(PLAN_DOC))
    doc["goals"][1]["importance"] = 3.7
    doc["goals"][0]["lifecycle"] = "bogus"
    doc["strengths"][0]["extra"] = 1
    del doc["triggers"][0]["category"]
    doc["history"][2]["change"]["record"]["text"] = 42
    doc["history"][5]["change"]["type"] = "nope"
    assert problems(json.dumps(doc)) == [
        "$.history[2].change.record.text: expected text, got an integer",
        (
            "$.history[5].change: expected 'type' to be one of 'open-plan', 'update-client', "
            "'add', 'replace', 'remove', 'set-stage', 'set-readiness', 'link-coping', "
            "'unlink-coping', 'record-attainment', got text of 4 characters"
        ),
        "$.strengths[0].extra: unexpected key",
        (
            "$.goals[0].lifecycle: expected one of 'proposed', 'planned', 'accepted', "
            "'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected', "
            "got text of 5 characters"
        ),
        "$.goals[1].importance: expected an integer from 0 to 3, got 3.7",
        "$.triggers[0].category: required key missing",
    ]


def test_error_categories():
    """Not JSON, wrong kind, unknown version, missing and extra keys, wrong types."""
    assert problems("") == [
        "$: not valid JSON: Input is a zero-length, empty document: line 1 column 1 (char 0)"
    ]
    assert problems("[1]") == ["$: expected a JSON object, got an array of 1 item"]
    assert problems(json.dumps({**PLAN_DOC, "format": "strengthmodel.goal"})) == [
        "$.format: expected 'strengthmodel.plan', got 'strengthmodel.goal'"
    ]
    with pytest.raises(sm.UnsupportedVersionError) as error:
        sm.loads(json.dumps({**PLAN_DOC, "version": 3}), sm.Plan)
    assert str(error.value) == (
        "$.version: this document is format version 3, newer than this library reads (2); "
        "upgrade strengthmodel to read it"
    )
    assert problems(json.dumps({**PLAN_DOC, "version": "1"})) == [
        "$.version: expected a format version (1, 2, ...), got text of 1 character"
    ]
    no_client = {k: v for k, v in PLAN_DOC.items() if k != "client"}
    assert problems(json.dumps(no_client)) == ["$.client: required key missing"]
    assert problems(json.dumps({**PLAN_DOC, "surprise": 1})) == ["$.surprise: unexpected key"]
    assert problems(json.dumps({**PLAN_DOC, "client": "c1"})) == [
        "$.client: expected an object (client), got text of 2 characters"
    ]
    with pytest.raises(sm.ValidationError, match="expected JSON text, got dict"):
        sm.loads(PLAN_DOC, sm.Plan)  # type: ignore[arg-type]


def test_dangling_references_and_duplicate_ids_are_refused():
    """A document with a dangling id or a duplicate id is refused with its path."""
    doc = json.loads(json.dumps(PLAN_DOC))
    doc["goals"][0]["strength_ids"] = ["nope"]
    with pytest.raises(sm.UnknownReferenceError) as error:
        sm.loads(json.dumps(doc), sm.Plan)
    assert [str(p) for p in error.value.problems] == [
        (
            "$.goals[0].strength_ids[0]: goal 'goal-rhythm' refers to strength 'nope', "
            "which is not in the plan"
        )
    ]
    doc = json.loads(json.dumps(PLAN_DOC))
    doc["strengths"][1]["id"] = "strength-perseverance"
    assert problems(json.dumps(doc))[0] == (
        "$.strengths[1].id: id 'strength-perseverance' is already used by strengths[0]"
    )


def test_duplicate_set_items_are_refused_not_dropped():
    """A set given twice the same item would lose data: refused."""
    doc = json.loads(json.dumps(PLAN_DOC))
    doc["sessions"][0]["steps"] = ["listen", "listen"]
    assert problems(json.dumps(doc)) == [
        "$.sessions[0].steps: expected each item at most once, got a duplicate"
    ]


def test_size_and_nesting_limits_before_parsing():
    """Documents over the size limit or nested too deeply are refused before parsing."""
    assert problems("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == [
        f"$: document nested deeper than {MAX_DEPTH} levels"
    ]
    # Brackets inside strings do not count.
    deep_string = json.dumps({**PLAN_DOC, "id": "[" * 200})
    assert problems(deep_string)[0].startswith("$.id: expected a PlanId")
    huge = b" " * (MAX_DOCUMENT_BYTES + 1)
    assert problems(huge) == [
        f"$: document is {MAX_DOCUMENT_BYTES + 1} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit"
    ]
    assert problems(b'{"a": "\xff"}') == [
        (
            "$: not valid JSON: text that is not UTF-8: byte 0xff at line 1 column 8 "
            "(offset 7) is not valid UTF-8"
        )
    ]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(alphabet='[]{}"\\ab', max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4), inner, max_size=3)
    ),
    max_leaves=20,
)


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@given(json_values)
def test_nesting_depth_matches_the_parsed_depth(value):
    """The pre-parse depth scan agrees with the real depth, whatever the strings hold."""
    assert nesting_depth(json.dumps(value).encode()) == depth_of(value)
    assert nesting_depth(orjson.dumps(value)) == depth_of(value)


def test_lone_surrogates_cannot_enter_a_record():
    """Text that UTF-8 cannot encode is refused at construction, so dumps never fails."""
    with pytest.raises(sm.ValidationError, match="expected valid Unicode text"):
        sm.Concern(id="c1", text="bad \ud800 text")


def test_migrations_upgrade_step_by_step():
    """A registered migration upgrades an old document; missing steps and failures are errors."""
    registry = Migrations(current=2)

    @registry.register(from_version=1)
    def rename(doc):
        doc["confidence"] = doc.pop("self_belief")
        return doc

    old = {
        "format": "strengthmodel.readiness",
        "version": 1,
        "importance": 4,
        "self_belief": 6,
        "assessed_on": None,
    }
    loaded = sm.loads(json.dumps(old), sm.Readiness, migrations=registry)
    assert loaded == sm.Readiness(importance=4, confidence=6)
    with pytest.raises(sm.StrengthModelError, match="already registered"):
        registry.register(from_version=1)(rename)
    with pytest.raises(sm.MigrationError, match="no migration from format version 1"):
        sm.loads(json.dumps(old), sm.Readiness, migrations=Migrations(current=2))
    with pytest.raises(sm.MigrationError, match="migration from version 1 failed"):
        sm.loads(
            json.dumps({**old, "self_belief": None} | {"x": 1}), sm.Readiness, migrations=_failing()
        )
    with pytest.raises(sm.UnsupportedVersionError):
        sm.loads(json.dumps({**old, "version": 3}), sm.Readiness, migrations=registry)


def _failing() -> Migrations:
    registry = Migrations(current=2)

    @registry.register(from_version=1)
    def broken(doc):
        return doc["missing"]

    return registry


def test_content_hash_is_sha256_of_canonical_json():
    """content_hash is the SHA-256 of dumps' bytes; different plans hash differently."""
    readiness = sm.Readiness(importance=8, confidence=5)
    assert sm.content_hash(readiness) == hashlib.sha256(sm.dumps(readiness).encode()).hexdigest()
    assert sm.content_hash(readiness) != sm.content_hash(sm.Readiness(importance=8, confidence=6))


def test_to_dict_from_dict_and_indent():
    """to_dict/from_dict mirror dumps/loads; indent=True is for people, not hashing."""
    doc = sm.to_dict(PLAN)
    assert sm.from_dict(doc, sm.Plan) == PLAN
    assert json.loads(sm.dumps(PLAN, indent=True)) == doc
    with pytest.raises(sm.ValidationError, match="expected a strengthmodel record, got int"):
        sm.to_dict(5)  # type: ignore[arg-type]


def test_loads_any_dispatches_on_format():
    """loads_any picks the type from "format" and refuses unknown kinds."""
    assert loads_any(sm.dumps(PLAN), DOCUMENT_TYPES) == PLAN
    goal = PLAN.goals[0]
    assert loads_any(sm.dumps(goal), DOCUMENT_TYPES) == goal
    with pytest.raises(sm.ValidationError, match=r"\$.format: expected one of"):
        loads_any('{"format": "strengthmodel.nope", "version": 1}', DOCUMENT_TYPES)
    with pytest.raises(sm.ValidationError, match=r"\$.format: expected one of"):
        loads_any('{"format": "nope", "version": 1}', {"nope": sm.Plan})


def test_a_converter_can_be_configured_from_outside():
    """make_converter builds a standalone converter with our hooks (not the global one)."""
    converter = make_converter()
    assert converter is not cattrs.global_converter
    body = converter.unstructure(PLAN.goals[0])
    assert converter.structure(body, sm.Goal) == PLAN.goals[0]


# --- properties ------------------------------------------------------------------------


@given(st.sampled_from(ALL_RECORDS).flatmap(records))
def test_every_record_round_trips_byte_stably(record):
    """loads(dumps(x), type(x)) == x, and dumping again gives the same text."""
    text = sm.dumps(record)
    again = sm.loads(text, type(record))
    assert again == record
    assert sm.dumps(again) == text


@PLAN_SETTINGS
@given(plans())
def test_every_plan_round_trips_with_its_history(plan):
    """Whole plans with histories survive the JSON round trip exactly and byte-stably."""
    text = sm.dumps(plan)
    again = sm.loads(text, sm.Plan)
    assert again == plan
    assert again.history == plan.history
    assert sm.dumps(again) == text
    assert sm.replay(again.history) == again


def _corrupt(draw: st.DrawFn, value: object, depth: int = 0) -> object:
    """Mutate one spot of a JSON value: change a type, drop or add a key, or keep going."""
    choice = draw(st.integers(0, 5))
    if isinstance(value, dict) and value and choice < 4:
        key = draw(st.sampled_from(sorted(value)))
        if choice == 0:
            return {k: v for k, v in value.items() if k != key}
        if choice == 1:
            return {**value, draw(st.text(max_size=8)): draw(st.integers())}
        return {**value, key: _corrupt(draw, value[key], depth + 1)}
    if isinstance(value, list) and value and choice < 4:
        index = draw(st.integers(0, len(value) - 1))
        copy = list(value)
        copy[index] = _corrupt(draw, value[index], depth + 1)
        return copy
    return draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=5),
            st.just([]),
            st.just({}),
        ).filter(lambda new: new != value or type(new) is not type(value))
    )


@st.composite
def corrupted_documents(draw: st.DrawFn) -> tuple[type, bytes]:
    plan = draw(plans(max_changes=8))
    doc = sm.to_dict(plan)
    how = draw(st.sampled_from(["mutate", "truncate"]))
    if how == "truncate":
        raw = orjson.dumps(doc)
        return sm.Plan, raw[: draw(st.integers(0, len(raw) - 1))]
    # json.dumps, not orjson: it can write integers beyond 64 bits, which loads must refuse.
    return sm.Plan, json.dumps(_corrupt(draw, doc)).encode()


@given(corrupted_documents())
def test_corrupted_documents_raise_only_validation_error(case):
    """Mutated types, removed and added keys, truncated text: ValidationError or a valid plan."""
    type_, raw = case
    try:
        loaded = sm.loads(raw, type_)
    except sm.ValidationError as error:
        problems = error.problems
    else:
        # Some mutations are still valid (e.g. another valid text); they must round-trip.
        assert sm.loads(sm.dumps(loaded), type_) == loaded
        return
    assert problems
    assert all(p.path.startswith("$") for p in problems)


def test_dates_before_and_after_epoch_round_trip():
    """Old and far-future dates keep their exact value."""
    goal = sm.Goal(id="g", statement="s", due=date(1, 1, 1))
    assert sm.loads(sm.dumps(goal), sm.Goal).due == date(1, 1, 1)
    goal = sm.Goal(id="g", statement="s", due=date(9999, 12, 31))
    assert sm.loads(sm.dumps(goal), sm.Goal).due == date(9999, 12, 31)


def test_no_record_uses_a_reserved_wire_key():
    """Keys "format" and "version" belong to the envelope and "type" to union tags."""
    clashes = [
        (cls.__name__, f.name)
        for cls in DOCUMENT_TYPES.values()
        for f in attrs.fields(cls)
        if f.name in ("format", "version", "type")
    ]
    assert clashes == []


@pytest.mark.parametrize("bad", [2.0, True])
def test_a_repeated_record_is_checked_on_every_copy(bad):
    """A record in both the history and its collection: a lax second copy is refused.

    Decoding reuses a record whose copy is identical; in Python 2 == 2.0 == True, so the
    comparison must be exact, or a float or boolean copy would slip through.
    """
    doc = json.loads(sm.dumps(PLAN))
    goal = doc["goals"][1]
    assert goal["id"] == "goal-work"
    assert goal["difficulty"] == 2
    for copy in (
        goal,
        next(
            e["change"]["record"]
            for e in doc["history"]
            if e["change"]["type"] == "add" and e["change"]["record"].get("id") == "goal-work"
        ),
    ):
        changed = json.loads(json.dumps(doc))
        target = (
            changed["goals"][1]
            if copy is goal
            else next(
                e["change"]["record"]
                for e in changed["history"]
                if e["change"]["type"] == "add" and e["change"]["record"].get("id") == "goal-work"
            )
        )
        target["difficulty"] = bad
        with pytest.raises(sm.ValidationError, match=r"\.difficulty: expected an integer"):
            sm.loads(json.dumps(changed), sm.Plan)


def test_repeated_records_are_shared_after_decoding():
    """Identical copies decode to one object (records are immutable, so sharing is safe)."""
    plan = sm.loads(sm.dumps(PLAN), sm.Plan)
    added = {
        e.change.record.id: e.change.record
        for e in plan.history
        if isinstance(e.change, sm.AddRecord)
    }
    assert plan.strengths[0] is added[plan.strengths[0].id]
    # A record replaced later differs from its first version, so it is not shared.
    first_challenge = added["challenge-woodshop"]
    assert plan.challenges[0] is not first_challenge
    assert plan.challenges[0].outcome is sm.ChallengeOutcome.ATTEMPTED


def test_an_unknown_key_does_not_hide_the_other_problems():
    """One report lists an object's unknown keys and its fields' problems together."""
    goal = {"format": "strengthmodel.goal", "version": 2, "id": "g1", "statement": "x"}
    with pytest.raises(sm.ValidationError) as caught:
        sm.loads(json.dumps({**goal, "importance": 3.7, "colour": 1}), sm.Goal)
    assert [str(p) for p in caught.value.problems] == [
        "$.importance: expected an integer from 0 to 3, got 3.7",
        "$.colour: unexpected key",
    ]
    document = json.loads(sm.dumps(demo_plan()))
    document["goals"][0] |= {"importance": 3.7, "colour": 1, "baseline": "low"}
    with pytest.raises(sm.ValidationError) as caught:
        sm.loads(json.dumps(document), sm.Plan)
    assert sorted(str(p) for p in caught.value.problems) == [
        "$.goals[0].baseline: expected an integer from -2 to -1, got text of 3 characters",
        "$.goals[0].colour: unexpected key",
        "$.goals[0].importance: expected an integer from 0 to 3, got 3.7",
    ]


def test_a_missing_format_key_is_called_missing():
    with pytest.raises(sm.ValidationError) as caught:
        sm.loads('{"version": 2, "id": "g1"}', sm.Goal)
    assert str(caught.value) == "$.format: required key missing (expected 'strengthmodel.goal')"
    with pytest.raises(sm.ValidationError, match=r"^\$\.format: required key missing \(expected"):
        sm.serialization.loads_any('{"version": 2}', {"goal": sm.Goal})
