"""The compiled codec agrees with the detailed path: same records, same bytes, same errors."""

import hashlib
import json
import linecache
from datetime import UTC, date, datetime

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel._wire import codec
from strengthmodel.demo import demo_plan
from strengthmodel.documents import DOCUMENT_TYPES
from strengthmodel.errors import render_path
from strengthmodel.serialization import (
    FORMAT_VERSION,
    format_name,
    make_converter,
)
from strengthmodel.serialization import (
    _loads_detailed as loads_detailed,
)
from strengthmodel.testing import plans, records
from tests.plan_settings import PLAN_SETTINGS
from tests.test_properties import ALL_RECORDS
from tests.test_serialization import corrupted_documents

PLAN = demo_plan()
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
CATTRS = make_converter(detailed_validation=False)


def _fast(raw: str | bytes, type_: type = sm.Plan) -> object:
    found = codec.decode(raw, type_, format_name(type_), FORMAT_VERSION)
    return None if found is None else found[0]


def _cattrs_bytes(record: sm.Plan) -> bytes:
    """The canonical bytes as the cattrs path wrote them before the compiled encoder."""
    body = CATTRS.unstructure(record, type(record))
    return orjson.dumps({"format": format_name(type(record)), "version": FORMAT_VERSION, **body})


def _outcome(call):
    try:
        return ("ok", call())
    except sm.ValidationError as error:
        for problem in error.problems:
            # Every problem of a document is located from its root, in segments that
            # write its path: nothing is written as text and parsed again.
            assert problem.location[:1] == ("$",), problem
            assert render_path(problem.location) == problem.path
            assert all(type(s) in (str, int) for s in problem.location)
        return (type(error).__name__, [str(p) for p in error.problems], error.more)


def test_every_document_type_has_a_compiled_decoder():
    """Every document kind decodes on the compiled path (none is left to the slow one)."""
    missing = [kind for kind, cls in DOCUMENT_TYPES.items() if codec._decoder_for(cls) is None]
    assert missing == []


def test_demo_plan_decodes_on_the_compiled_path():
    """The demo plan decodes through msgspec into an equal plan, sharing history records."""
    plan = _fast(sm.dumps(PLAN))
    assert plan == PLAN
    assert plan is not None
    added = {
        entry.change.record.id: entry.change.record
        for entry in plan.history[1:]
        if isinstance(entry.change, sm.AddRecord)
    }
    unchanged = [r for r in plan.records() if added.get(r.id) == r]
    assert len(unchanged) > 10
    assert all(added[r.id] is r for r in unchanged)


def test_generated_functions_have_readable_file_names():
    """Generated decoders and encoders name their class in tracebacks and profiles."""
    decoder = codec._COMPILER.namespace["_cv"][codec._COMPILER.structs[(sm.Goal, False, False)]]
    assert decoder.__code__.co_filename == "<strengthmodel generated decode Goal>"
    sm.dumps(PLAN)
    encoder = codec._ENCODERS.tables[(False, False)][sm.Goal]
    assert encoder.__code__.co_filename == "<strengthmodel generated encode Goal>"
    assert linecache.getline("<strengthmodel generated encode Goal>", 1).startswith("def ")


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("importance", 3, True),
        ("importance", True, False),
        ("importance", 3.0, False),
        ("importance", 2**64 + 1, False),
        ("importance", 4, False),
        ("due", "2026-02-30", False),
        ("due", "2026-01-01\n", False),
        ("id", "g1\n", False),
        ("statement", " \t", False),
        ("statement", "\ud800", False),
        ("lifecycle", "PROPOSED", False),
        ("strength_ids", ["s1", "s1"], False),
        ("extra", 1, False),
    ],
)
def test_scalar_rules_match_the_detailed_path(field, value, accepted):
    """Bool is not an int, no float for int, exact dates, anchored ids, no blank text."""
    doc = {
        "format": "strengthmodel.goal",
        "version": FORMAT_VERSION,
        "id": "g1",
        "statement": "Walk daily",
        field: value,
    }
    raw = json.dumps(doc)
    assert (_fast(raw, sm.Goal) is not None) is accepted
    assert _outcome(lambda: sm.loads(raw, sm.Goal)) == _outcome(
        lambda: loads_detailed(raw, sm.Goal)
    )


@pytest.mark.parametrize(
    ("value", "stored"),
    [(1, 1.0), (0.25, 0.25), (2**53, None), (2**53 + 1, None), (1e400, None), (True, None)],
)
def test_number_fields_take_exact_ints_only(value, stored):
    """An int for a number field is stored as the equal float; beyond ±2**53 it is refused."""
    text = sm.dumps(sm.CopingLink(trigger_id="t1", coping_skill_id="c1")).replace(
        '"efficacy":0.5', f'"efficacy":{json.dumps(value) if value != 1e400 else "1e400"}'
    )
    found = _fast(text, sm.CopingLink)
    if stored is None:
        assert found is None
    else:
        assert found.efficacy == stored
        assert type(found.efficacy) is float
    assert _outcome(lambda: sm.loads(text, sm.CopingLink)) == _outcome(
        lambda: loads_detailed(text, sm.CopingLink)
    )


def test_timestamps_are_stored_in_utc():
    """An offset timestamp decodes to the same instant in UTC, as on the detailed path."""
    doc = json.loads(sm.dumps(PLAN.history[0]))
    doc["at"] = "2026-01-05T10:30:00.5+01:30"
    raw = json.dumps(doc)
    entry = _fast(raw, sm.HistoryEntry)
    assert entry is not None
    assert entry.at == datetime(2026, 1, 5, 9, 0, 0, 500000, tzinfo=UTC)
    assert entry.at.tzinfo is UTC
    assert entry == loads_detailed(raw, sm.HistoryEntry)
    doc["at"] = "2026-01-05T10:30:00"  # naive
    assert _fast(json.dumps(doc), sm.HistoryEntry) is None


@given(corrupted_documents())
def test_mutated_documents_give_the_same_outcome_on_both_paths(case):
    """On every mutated document, loads (compiled first) and the detailed path agree exactly."""
    type_, raw = case
    expected = _outcome(lambda: loads_detailed(raw, type_))
    assert _outcome(lambda: sm.loads(raw, type_)) == expected
    fast = _fast(raw, type_)
    assert fast is None or ("ok", fast) == expected


@PLAN_SETTINGS
@given(plans())
def test_generated_plans_take_the_compiled_path_both_ways(plan):
    """Generated plans: byte-identical to the cattrs encoding, and decoded on the fast path."""
    raw = sm.dumps(plan).encode()
    assert raw == _cattrs_bytes(plan)
    assert _fast(raw) == plan


@pytest.mark.parametrize("cls", ALL_RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=5)
@given(data=st.data())
def test_every_record_type_round_trips_on_the_compiled_path(cls, data):
    """Records of every type: canonical bytes and dicts unchanged, decoded by the codec."""
    record = data.draw(records(cls))
    raw = sm.dumps(record).encode()
    assert raw == _cattrs_bytes(record)
    assert _fast(raw, cls) == record
    assert sm.to_dict(record) == orjson.loads(raw)


LINK = sm.dumps(sm.CopingLink(trigger_id="t1", coping_skill_id="c1"))


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + LINK.encode(),  # a byte order mark
        LINK.replace('"t1"', '"t\xff"').encode("latin-1"),  # not UTF-8
        LINK.replace("0.5", "NaN"),
        LINK.replace("0.5", "00.5"),
        LINK + " x",
        LINK.replace('"trigger_id":"t1"', '"trigger_id":"t9","trigger_id":"t1"'),
        LINK.replace("0.5", "-0"),
        LINK.replace("0.5", "5E-1"),
        LINK.replace(",", " ,\n "),
        LINK.replace('"t1"', '"t\\u0031"'),
    ],
    ids=[
        "bom",
        "not-utf8",
        "nan",
        "leading-zero",
        "trailing",
        "duplicate-key",
        "minus-zero",
        "exponent",
        "white-space",
        "escape",
    ],
)
def test_json_text_edge_cases_agree(raw):
    """Byte order marks, bad UTF-8, NaN, duplicate keys, escapes: both paths agree."""
    expected = _outcome(lambda: loads_detailed(raw, sm.CopingLink))
    assert _outcome(lambda: sm.loads(raw, sm.CopingLink)) == expected
    fast = _fast(raw, sm.CopingLink)
    assert fast is None or ("ok", fast) == expected


def test_from_dict_refuses_python_only_values_as_before():
    """A dict built in Python (a tuple, a str subclass) takes the detailed path only."""

    class Text(str):
        __slots__ = ()

    doc = sm.to_dict(sm.Goal(id="g1", statement="Walk", strength_ids=("s1",)))
    doc["strength_ids"] = ("s1",)
    with pytest.raises(sm.ValidationError, match=r"strength_ids: expected an array"):
        sm.from_dict(doc, sm.Goal)
    doc = sm.to_dict(sm.Goal(id="g1", statement="Walk"))
    doc["statement"] = Text("Walk")
    with pytest.raises(sm.ValidationError, match="a str subclass"):
        sm.from_dict(doc, sm.Goal)


def test_numpy_scalars_are_stored_and_written_as_plain_numbers():
    """A record built from numpy scalars writes the same bytes as one built from plain numbers."""
    import numpy as np  # noqa: PLC0415 - numpy is only needed here

    plain = sm.CopingLink(trigger_id="t1", coping_skill_id="c1", efficacy=0.25)
    from_numpy = sm.CopingLink(trigger_id="t1", coping_skill_id="c1", efficacy=np.float64(0.25))
    assert sm.dumps(from_numpy) == sm.dumps(plain) == _cattrs_bytes(plain).decode()
    assert type(from_numpy.efficacy) is float


# --- kept bytes: history entries write their canonical bytes once -------------------------


def _fresh_bytes(record: object) -> bytes:
    """A record's canonical bytes written from scratch, as the cattrs path wrote them."""
    return orjson.dumps(CATTRS.unstructure(record, type(record)))


@PLAN_SETTINGS
@given(plans())
def test_entries_keep_exactly_their_canonical_bytes(plan):
    """Built and loaded entries keep the bytes a fresh encode writes, and plans reuse them."""
    assert [e._wire for e in plan.history] == [_fresh_bytes(e) for e in plan.history]
    raw = sm.dumps(plan).encode()
    loaded = sm.loads(raw, sm.Plan)
    assert [e._wire for e in loaded.history] == [_fresh_bytes(e) for e in plan.history]
    assert sm.dumps(loaded).encode() == raw == _cattrs_bytes(plan)
    assert sm.dumps(plan, indent=True) == sm.dumps(loaded, indent=True)


def test_indented_documents_are_fully_indented():
    """indent=True writes every level indented, kept entries included."""
    plan = sm.loads(sm.dumps(PLAN), sm.Plan)
    expected = orjson.dumps(orjson.loads(sm.dumps(PLAN)), option=orjson.OPT_INDENT_2)
    assert sm.dumps(plan, indent=True).encode() == expected


@pytest.mark.parametrize(
    "edit",
    ["offset-timestamp", "zulu-timestamp", "int-for-number", "unsorted-set"],
)
def test_wire_values_written_another_way_are_not_kept_as_written(edit):
    """An equal value written another way loads, and the entry keeps the canonical bytes."""
    plan = sm.PlanBuilder(sm.Client(pseudonym="c1"), author="dr-lee", clock=lambda: T0)
    plan.add_coping_skill("Walk", id="c1", mastery=1.0)
    plan.add_session(date(2026, 1, 5), steps=[sm.Step.LISTEN, sm.Step.GOALS])
    built = plan.build()
    doc = orjson.loads(sm.dumps(built))
    history = doc["history"]
    text = sm.dumps(built)
    if edit == "offset-timestamp":
        history[1]["at"] = "2026-01-05T10:30:00+01:30"
    elif edit == "zulu-timestamp":
        history[1]["at"] = "2026-01-05T09:00:00Z"
    elif edit == "int-for-number":
        assert history[1]["change"]["record"]["mastery"] == 1.0
        history[1]["change"]["record"]["mastery"] = 1
        doc["coping_skills"][0]["mastery"] = 1
    else:
        steps = history[2]["change"]["record"]["steps"]
        assert steps == sorted(steps)
        history[2]["change"]["record"]["steps"] = steps[::-1]
    raw = json.dumps(doc, separators=(",", ":"))
    assert raw != text
    assert _fast(raw) == built  # on the compiled path, which took no bytes from the wire
    loaded = sm.loads(raw, sm.Plan)
    assert loaded == built
    assert sm.dumps(loaded) == text
    assert [e._wire for e in loaded.history] == [_fresh_bytes(e) for e in built.history]


def test_a_chain_over_bytes_written_another_way_is_refused():
    """Digests computed over a non-canonical entry do not chain it: the canonical bytes do."""
    plan = sm.PlanBuilder(sm.Client(pseudonym="c1"), author="dr-lee", clock=lambda: T0)
    plan.add_coping_skill("Walk", id="c1", mastery=1.0)
    plan.add_coping_skill("Call a friend", id="c2")
    doc = orjson.loads(sm.dumps(plan.build()))
    doc["history"][1]["at"] = "2026-01-05T09:00:00Z"  # the same instant, written another way
    previous = bytes(32)
    for entry in doc["history"]:  # a forger chains the bytes as written
        body = orjson.dumps({k: v for k, v in entry.items() if k != "digest"})
        entry["digest"] = hashlib.sha256(previous + body).hexdigest()
        previous = bytes.fromhex(entry["digest"])
    raw = orjson.dumps(doc)
    expected = (
        "ValidationError",
        [
            (
                "$.history[1].digest: the entry does not match its digest: it, or the order of "
                "the entries up to it, was changed after it was written"
            )
        ],
        0,
    )
    assert _outcome(lambda: sm.loads(raw, sm.Plan)) == expected
    assert _outcome(lambda: loads_detailed(raw, sm.Plan)) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("at", "2026-01-05T09:00:00+00:00"),
        ("at", "2026-01-05 09:00:00+00:00"),
        ("at", "2026-01-05T09:00:00.000000+00:00"),
        ("at", "2026-01-05T09:00:00.000001+00:00"),
        ("at", "20260105T090000+0000"),
        ("at", "2026-01-05T090000.5+00:00"),
        ("at", "2026-01-05T10:00:00+01:00"),
        ("due", "2026-06-01"),
        ("due", "20260601"),
        ("due", "2026-W22-1"),
        ("due", "0999-06-01"),
    ],
)
def test_dates_and_times_agree_in_every_form_python_reads(field, value):
    """Forms fromisoformat reads but the wire refuses are refused; others load alike."""
    if field == "at":
        doc = json.loads(sm.dumps(PLAN.history[0]))
        type_: type = sm.HistoryEntry
    else:
        doc = json.loads(sm.dumps(sm.Goal(id="g1", statement="Walk")))
        type_ = sm.Goal
    doc[field] = value
    raw = json.dumps(doc)
    assert _outcome(lambda: sm.loads(raw, type_)) == _outcome(lambda: loads_detailed(raw, type_))


def test_entries_without_kept_bytes_are_written_once_and_kept():
    """A plan whose entries keep nothing writes the same bytes, and keeps them."""
    plan = sm.loads(sm.dumps(PLAN), sm.Plan)
    for entry in plan.history:
        object.__delattr__(entry, "_wire")
    assert sm.dumps(plan) == sm.dumps(PLAN)
    assert [e._wire for e in plan.history] == [_fresh_bytes(e) for e in PLAN.history]


def test_hashing_an_entry_never_trusts_bytes_that_do_not_end_with_its_digest():
    """encode_without falls back to laying the entry out when its kept bytes do not fit."""
    entry = PLAN.history[1]
    body = codec.encode_without(entry, "digest")
    copy = sm.loads(sm.dumps(entry), sm.HistoryEntry)
    object.__setattr__(copy, "_wire", b'{"something":"else"}')
    assert codec.encode_without(copy, "digest") == body
    draft = sm.loads(sm.dumps(entry), sm.HistoryEntry)
    assert codec.encode_without(draft, "digest", keep=False) == body
    assert getattr(draft, "_wire", None) is None
