"""The history is the plan: hash chain, snapshot checks, signing, migration, linear apply."""

import hashlib
import hmac
import json
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.cli import main
from strengthmodel.documents import DOCUMENT_TYPES
from strengthmodel.plans._index import PlanIndex
from strengthmodel.plans.changes import GENESIS_DIGEST, chain_entry, entry_digest
from strengthmodel.plans.registry import RECORD_TYPES, REGISTRY, AnyRecord
from strengthmodel.serialization import FORMAT_VERSION
from strengthmodel.testing import plans

DATA = Path(__file__).parents[1] / "data"
T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
KEY = b"0123456789abcdef-secret"


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def small_plan() -> sm.Plan:
    """The plan stored, in format version 1, in tests/data/plan-v1.json."""
    p = sm.Plan.new(sm.Client(pseudonym="client-v1"), plan_id="plan-v1", author="dr-lee", at=T0)
    p = sm.ops.add_concern(p, "Trouble sleeping", id="c1", author="dr-lee", at=at(1))
    p = sm.ops.add_strength(
        p,
        "Patient",
        sm.StrengthCategory.CHARACTER,
        character_strength=sm.CharacterStrength.PERSEVERANCE,
        id="s1",
        author="dr-lee",
        at=at(2),
    )
    p = sm.ops.add_goal(
        p,
        "Walk three times a week",
        strength_ids=["s1"],
        importance=3,
        difficulty=2,
        id="g1",
        author="dr-lee",
        at=at(3),
    )
    p = sm.ops.add_support(p, "Ana", sm.SupportRole.HELP, id="p1", author="dr-lee", at=at(4))
    return sm.apply(p, sm.SetStage(stage=sm.StageOfChange.PREPARATION), author="dr-kim", at=at(5))


def document(plan: sm.Plan) -> dict:
    return json.loads(sm.dumps(plan))


def problems(text: str, **kwargs: object) -> list[str]:
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(text, sm.Plan, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in error.value.problems]


def test_history_entries_are_chained_with_sha256():
    """Each digest is SHA-256 of the previous digest and the entry's canonical JSON."""
    plan = small_plan()
    previous = GENESIS_DIGEST
    for entry in plan.history:
        assert entry.digest == entry_digest(previous, entry)
        previous = entry.digest
    assert plan.head_digest == plan.history[-1].digest
    body = document(plan)["history"][0]
    del body["digest"]
    expected = hashlib.sha256(bytes(32) + json.dumps(body, separators=(",", ":")).encode())
    assert plan.history[0].digest == expected.hexdigest()


def test_an_edited_snapshot_is_refused_with_the_first_differing_path():
    """Changing a goal's importance in the saved snapshot names $.goals[0].importance."""
    doc = document(small_plan())
    doc["goals"][0]["importance"] = 1
    assert problems(json.dumps(doc)) == [
        "$.goals[0].importance: the snapshot has 1, but replaying the history gives 3"
    ]


def test_a_deleted_record_is_refused():
    """Deleting a support from the snapshot names where the history still has it."""
    doc = document(small_plan())
    doc["supports"] = []
    assert problems(json.dumps(doc)) == [
        "$.supports[0]: missing from the snapshot: replaying the history gives an item here"
    ]


def test_edited_text_is_refused_without_echoing_it():
    """A changed text is reported by length, never quoted (it may be the client's words)."""
    doc = document(small_plan())
    doc["concerns"][0]["text"] = "Secret words"
    assert problems(json.dumps(doc)) == [
        (
            "$.concerns[0].text: the snapshot has text of 12 characters, but replaying "
            "the history gives text of 16 characters"
        )
    ]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("author",), "mallory"),
        (("at",), "2025-06-02T09:04:30+00:00"),
        (("change", "record", "name"), "X"),
    ],
)
def test_an_edited_history_entry_is_refused_by_its_index(path, value):
    """Editing any field of entry 4 breaks its digest: $.history[4].digest."""
    doc = document(small_plan())
    target = doc["history"][4]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert problems(json.dumps(doc)) == [
        (
            "$.history[4].digest: the entry does not match its digest: it, or the order of the "
            "entries up to it, was changed after it was written"
        )
    ]


def test_deleted_inserted_swapped_entries_are_refused():
    """Deleting, duplicating or swapping entries is caught even with revisions renumbered."""
    plan = small_plan()
    chain_error = "the entry does not match its digest"
    for first_bad, mutate in (
        (2, lambda h: [h[0], h[1], *h[3:]]),  # delete entry 2
        (3, lambda h: [*h[:3], h[2], *h[3:]]),  # duplicate entry 2 (the copy is at 3)
        (1, lambda h: [h[0], h[2], h[1], *h[3:]]),  # swap entries 1 and 2
    ):
        doc = document(plan)
        history = json.loads(json.dumps(mutate(doc["history"])))
        for number, entry in enumerate(history, start=1):
            entry["revision"] = number  # a careful forger renumbers
        doc["history"] = history
        doc["revision"] = len(history)
        found = problems(json.dumps(doc))
        assert len(found) == 1
        assert chain_error in found[0]
        assert found[0].startswith(f"$.history[{first_bad}].digest")


def test_validate_command_reports_the_same_problem(tmp_path, capsys):
    """Strengthmodel validate names the differing path and exits non-zero."""
    doc = document(small_plan())
    doc["goals"][0]["importance"] = 1
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "$.goals[0].importance: the snapshot has 1, but replaying the history gives 3" in out


def test_every_way_to_build_a_plan_agrees_with_its_history():
    """attrs.evolve and the constructor refuse a plan that contradicts its history."""
    plan = small_plan()
    with pytest.raises(sm.ValidationError) as error:
        attrs.evolve(plan, goals=())
    assert [str(p) for p in error.value.problems] == [
        "Plan.goals[0]: missing from the snapshot: replaying the history gives an item here"
    ]
    with pytest.raises(sm.ValidationError, match=r"Plan.stage: the snapshot has 'action'"):
        attrs.evolve(plan, stage=sm.StageOfChange.ACTION)
    assert attrs.evolve(plan) == plan
    assert sm.replay(plan.history) == plan
    assert sm.loads(sm.dumps(plan), sm.Plan) == plan


def test_a_forged_entry_with_a_valid_digest_still_has_to_apply():
    """A recomputed chain passes the digest check, and the change must still fit the plan."""
    plan = small_plan()
    bad = chain_entry(
        plan.head_digest,
        revision=plan.revision + 1,
        at=at(9),
        author="x",
        change=sm.RemoveRecord(record_id="s1"),  # type: ignore[arg-type]
    )
    with pytest.raises(sm.ValidationError) as error:
        sm.replay((*plan.history, bad))
    assert [str(p) for p in error.value.problems] == [
        "history[6].change.record_id: cannot remove strength 's1': goal 'g1' still refers to it"
    ]


def test_signed_plans_round_trip_and_refuse_the_wrong_key():
    """dumps(key=) signs the head digest; loads(key=) verifies it."""
    plan = small_plan()
    text = sm.dumps(plan, key=KEY)
    doc = json.loads(text)
    assert list(doc)[:3] == ["format", "version", "signature"]
    expected = hmac.new(KEY, plan.head_digest.encode(), hashlib.sha256).hexdigest()
    assert doc["signature"] == expected
    assert sm.loads(text, sm.Plan, key=KEY) == plan
    assert sm.loads(text, sm.Plan) == plan  # no key: the signature is not checked
    assert problems(text, key=b"another-key-of-16-bytes") == [
        (
            "$.signature: does not match: the key is not the one it was signed with, or the "
            "plan's history was changed after signing"
        )
    ]
    assert problems(sm.dumps(plan), key=KEY) == [
        "$.signature: missing: a key was given, so the document must be signed"
    ]
    assert problems(text, key=b"short") == ["key: expected a key of at least 16 bytes, got 5 bytes"]
    with pytest.raises(sm.ValidationError, match="only documents with a history are signed"):
        sm.dumps(sm.Readiness(importance=1, confidence=1), key=KEY)


def test_a_version_1_document_loads_through_the_migration():
    """The stored version-1 plan gets its hash chain on load and equals the plan today."""
    text = (DATA / "plan-v1.json").read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1
    loaded = sm.loads(text, sm.Plan)
    assert loaded == small_plan()
    assert json.loads(sm.dumps(loaded))["version"] == FORMAT_VERSION == 2
    # The snapshot of a version-1 document is still checked against its history.
    doc = json.loads(text)
    doc["goals"][0]["difficulty"] = 0
    assert problems(json.dumps(doc)) == [
        "$.goals[0].difficulty: the snapshot has 0, but replaying the history gives 2"
    ]


def test_a_lone_version_1_history_entry_cannot_be_chained():
    """A version-1 history entry on its own is refused with MigrationError."""
    entry = document(small_plan())["history"][1]
    del entry["digest"]
    lone = {"format": "strengthmodel.history-entry", "version": 1, **entry}
    with pytest.raises(sm.MigrationError, match="load the plan it belongs to"):
        sm.loads(json.dumps(lone), sm.HistoryEntry)


def test_branches_do_not_share_ids():
    """Applying to an older plan (a branch) never sees the ids its descendants added."""
    base = small_plan()
    left = sm.ops.add_goal(base, "Left", id="g2", author="a", at=at(10))
    right = sm.ops.add_goal(base, "Right", id="g2", author="b", at=at(10))
    assert left.get("g2", sm.Goal).statement == "Left"
    assert right.get("g2", sm.Goal).statement == "Right"
    assert "g2" not in base.ids()
    with pytest.raises(sm.ValidationError, match="already has a record with id 'g2'"):
        sm.ops.add_goal(left, "Again", id="g2", author="a", at=at(11))
    removed = sm.apply(base, sm.RemoveRecord(record_id="c1"), author="a", at=at(10))  # type: ignore[arg-type]
    assert "c1" in base.ids()
    assert "c1" not in removed.ids()
    assert sm.ops.add_concern(base, "Again", id="c2", author="a", at=at(11)).get("c1").id == "c1"


def test_apply_and_replay_check_what_changes_touch():
    """Priority ranks stay unique; a removed record is freed; links follow their records."""
    plan = sm.ops.add_priority(small_plan(), "Sleep", rank=1, id="pr1", author="a", at=at(10))
    with pytest.raises(sm.ValidationError, match="rank 1 is already held by priority 'pr1'"):
        sm.ops.add_priority(plan, "Work", rank=1, id="pr2", author="a", at=at(11))
    plan = sm.ops.add_trigger(
        plan,
        "Late nights",
        sm.TriggerCategory.NEGATIVE_PHYSICAL_STATES,
        id="t1",
        at=at(12),
        author="dr-lee",
    )
    plan = sm.ops.add_coping_skill(plan, "Wind down", id="k1", at=at(13), author="dr-lee")
    plan = sm.ops.link_coping(plan, "t1", "k1", efficacy=0.5, at=at(14), author="dr-lee")
    plan = sm.apply(plan, sm.RemoveRecord(record_id="t1"), author="a", at=at(15))  # type: ignore[arg-type]
    assert plan.coping_links == ()
    plan = sm.apply(plan, sm.RemoveRecord(record_id="g1"), author="a", at=at(16))  # type: ignore[arg-type]
    plan = sm.apply(plan, sm.RemoveRecord(record_id="s1"), author="a", at=at(17))  # type: ignore[arg-type]
    assert sm.replay(plan.history) == plan
    assert sm.loads(sm.dumps(plan), sm.Plan) == plan
    assert_index_describes(plan)


def test_numbers_that_would_not_come_back_are_refused():
    """Integers beyond ±2**53 in number fields and beyond 64 bits anywhere are refused."""
    with pytest.raises(sm.ValidationError) as error:
        sm.CopingSkill(id="k1", name="Walk", mastery=2**64 + 1)  # type: ignore[arg-type]
    assert [str(p) for p in error.value.problems] == [
        (
            "CopingSkill.mastery: expected a number from 0 to 1, got 18446744073709551617, "
            "which a double cannot hold exactly (integers in number fields must be within ±2**53)"
        )
    ]
    assert sm.Score(name="total", value=2**53).value == float(2**53)
    with pytest.raises(sm.ValidationError, match="a double cannot hold exactly"):
        sm.Score(name="total", value=2**53 + 1)
    score = json.loads(sm.dumps(sm.Score(name="total", value=1.5)))
    text = json.dumps(score).replace("1.5", "18446744073709551617")
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(text, sm.Score)
    assert [str(p) for p in error.value.problems] == [
        (
            "$.value: expected a number that comes back exactly, got an integer of 20 digits, "
            "beyond the 64-bit range"
        )
    ]
    # The same digits inside text are text, and stay exactly as they were.
    concern = sm.Concern(id="c1", text="18446744073709551617")
    assert sm.loads(sm.dumps(concern), sm.Concern) == concern
    with pytest.raises(sm.ValidationError, match=r"expected an integer from 1 to 9007199254740992"):
        sm.loads(sm.dumps(small_plan()).replace('"revision":5', '"revision":-5'), sm.Plan)


def test_the_registry_is_the_one_list_of_record_types():
    """AnyRecord, the plan's collections, document kinds and id prefixes follow REGISTRY."""
    assert typing.get_args(AnyRecord) == RECORD_TYPES
    plan_fields = [f.name for f in attrs.fields(sm.Plan)]
    for entry in REGISTRY:
        assert entry.collection in plan_fields
        assert DOCUMENT_TYPES[entry.cls.kind] is entry.cls
        hints = typing.get_type_hints(sm.Plan)
        assert hints[entry.collection] == tuple[entry.cls, ...]
    collections = [f for f in plan_fields if typing.get_origin(hints[f]) is tuple]
    assert sorted(collections) == sorted(
        [r.collection for r in REGISTRY] + ["history", "coping_links"]
    )


def assert_index_describes(plan: sm.Plan) -> None:
    """The id index a plan carries says exactly what a fresh scan of the plan says."""
    index = plan._live_index()
    assert index is not None
    fresh = PlanIndex.build(plan.records(), plan.coping_links)
    assert index.records == fresh.records
    assert index.links == fresh.links
    assert index.position == fresh.position
    assert +index.refcount == +fresh.refcount


@given(plans())
def test_generated_plans_round_trip_and_replay(plan):
    """loads(dumps(p)) == p == replay(p.history), signed or not; the index stays exact."""
    loaded = sm.loads(sm.dumps(plan), sm.Plan)
    replayed = sm.replay(plan.history)
    assert loaded == plan == replayed
    assert sm.loads(sm.dumps(plan, key=KEY), sm.Plan, key=KEY) == plan
    for each in (plan, loaded, replayed):
        assert_index_describes(each)


def _leaves(value: object, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))] or [path]
    return [path]


def _set(doc: dict, path: tuple, value: object) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


_REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.just(2**64 + 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "x", "g1", "2026-01-01", "internal", "0" * 64]),
    st.just([]),
    st.just({}),
)


@given(plans(), st.data())
def test_a_mutated_document_never_loads_as_a_plan_that_contradicts_itself(plan, data):
    """One mutation anywhere: refused with our error, or a plan equal to its own replay."""
    doc = document(plan)
    kind = data.draw(st.sampled_from(["leaf", "delete", "duplicate", "swap"]))
    history = doc["history"]
    if kind == "leaf":
        leaves = [p for p in _leaves(doc) if p and p[0] not in ("format", "version")]
        path = data.draw(st.sampled_from(leaves))
        _set(doc, path, data.draw(_REPLACEMENTS))
    elif kind == "delete":
        history.pop(data.draw(st.integers(0, len(history) - 1)))
    elif kind == "duplicate":
        i = data.draw(st.integers(0, len(history) - 1))
        history.insert(i, json.loads(json.dumps(history[i])))
    elif len(history) > 1:
        i = data.draw(st.integers(0, len(history) - 2))
        history[i], history[i + 1] = history[i + 1], history[i]
    try:
        loaded = sm.loads(json.dumps(doc), sm.Plan)
    except sm.StrengthModelError:
        return
    assert loaded == sm.replay(loaded.history)


def test_validate_checks_signatures_with_a_key_file(tmp_path, capsys):
    """Validate --key-file verifies signatures; without it, a signed plan says it was not."""
    plan = small_plan()
    signed = tmp_path / "signed.json"
    signed.write_text(sm.dumps(plan, key=KEY), encoding="utf-8")
    forged = tmp_path / "forged.json"
    forged.write_text(sm.dumps(plan, key=b"not-the-app-key-at-all"), encoding="utf-8")
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY + b"\n")
    assert main(["validate", str(signed)]) == 0
    assert capsys.readouterr().out == (
        f"{signed}: ok (plan, signature not checked: give --key-file)\n"
    )
    assert main(["validate", "--key-file", str(key_file), str(signed), str(forged)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{signed}: ok (plan, signature verified)",
        f"{forged}: invalid (1 problem)",
        (
            "  $.signature: does not match: the key is not the one it was signed with, or the "
            "plan's history was changed after signing"
        ),
    ]


def _outcome(call: typing.Callable[[], object]) -> tuple[object, ...]:
    try:
        return ("ok", call())
    except sm.ValidationError as error:
        return (type(error).__name__, [str(p) for p in error.problems])


def test_every_changed_byte_of_a_saved_history_is_caught():
    """Any one byte of a saved history changed is refused, with the detailed path's error."""
    from strengthmodel.serialization import _loads_detailed  # noqa: PLC0415 - the reference

    plan = small_plan()
    raw = sm.dumps(plan).encode()
    start, end = raw.index(b'"history":'), raw.index(b',"stage":')
    for position in range(start, end):
        old = raw[position : position + 1]
        new = old.swapcase() if old.isalpha() else b"1" if old == b"0" else b"0"
        changed = raw[:position] + new + raw[position + 1 :]
        found = _outcome(lambda: sm.loads(changed, sm.Plan))  # noqa: B023 - called at once
        assert found[0] != "ok"  # no single byte of a canonical history is free to change
        assert found == _outcome(lambda: _loads_detailed(changed, sm.Plan))  # noqa: B023


def _linked_plan() -> sm.Plan:
    plan = small_plan()
    plan = sm.ops.add_priority(plan, "Sleep better", rank=1, id="r1", author="x", at=at(6))
    plan = sm.ops.add_trigger(
        plan,
        "Late nights",
        sm.TriggerCategory.NEGATIVE_EMOTIONAL_STATES,
        id="t1",
        author="x",
        at=at(7),
    )
    plan = sm.ops.add_coping_skill(plan, "Walk", id="k1", author="x", at=at(8))
    return sm.ops.link_coping(plan, "t1", "k1", author="x", at=at(9))


@pytest.mark.parametrize(
    "change",
    [
        sm.AddRecord(record=sm.Strength(id="s1", name="Kind", category=sm.StrengthCategory.VALUE)),
        sm.AddRecord(record=sm.Goal(id="g2", statement="Run", strength_ids=("s9",))),
        sm.AddRecord(record=sm.Goal(id="g2", statement="Run", strength_ids=("p1",))),
        sm.AddRecord(record=sm.Priority(id="r2", description="Work", rank=1)),
        sm.AddRecord(record=sm.Priority(id="r2", description="Work", rank=2)),
        sm.LinkCoping(link=sm.CopingLink(trigger_id="t9", coping_skill_id="k1")),
        sm.LinkCoping(link=sm.CopingLink(trigger_id="t1", coping_skill_id="k1", efficacy=0.9)),
        sm.AddRecord(record=sm.Goal(id="g2", statement="Run", strength_ids=("s1",))),
    ],
    ids=[
        "same-id",
        "dangling",
        "wrong-kind",
        "same-rank",
        "priority",
        "link-dangling",
        "relink",
        "ok",
    ],
)
def test_replay_refuses_or_applies_each_added_record_as_apply_does(change):
    """Replaying an add or a link (taken in place when it fits) agrees with apply, error or not."""
    plan = _linked_plan()
    entry = chain_entry(
        plan.head_digest, revision=plan.revision + 1, at=at(10), author="x", change=change
    )
    applied = _outcome(lambda: sm.apply(plan, change, author="x", at=at(10)))
    replayed = _outcome(lambda: sm.replay((*plan.history, entry)))
    if applied[0] == "ok":
        assert replayed == applied
        assert_index_describes(typing.cast("sm.Plan", replayed[1]))
    else:
        where = f"history[{plan.revision}].change."
        assert replayed[1] == [where + p for p in typing.cast("list[str]", applied[1])]


def test_replay_names_the_entry_that_removes_an_unknown_record():
    """A validly chained change naming no record is refused at its entry."""
    plan = small_plan()
    entry = chain_entry(
        plan.head_digest,
        revision=plan.revision + 1,
        at=at(10),
        author="x",
        change=sm.RemoveRecord(record_id="nothing-1"),  # type: ignore[arg-type]
    )
    with pytest.raises(sm.ValidationError) as error:
        sm.replay((*plan.history, entry))
    assert [p.path for p in error.value.problems] == [f"history[{plan.revision}].change"]
