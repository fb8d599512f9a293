"""The compiled codec agrees with the detailed path: same records, same bytes, same errors."""

import json
import linecache
from datetime import UTC, datetime

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
