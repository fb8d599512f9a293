"""JSON Lines caseloads: lazy reading and writing, blank lines, line numbers in errors."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.streams import MAX_LINE_BYTES

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
KEY = b"k" * 32


def _plan(number: int) -> sm.Plan:
    return (
        sm.PlanBuilder(f"client-{number}", author="clinician-1", clock=lambda: T0)
        .add_concern(f"Concern of client {number}")
        .build()
    )


PLANS = [_plan(n) for n in range(3)]
LINES = [sm.dumps(p).encode() for p in PLANS]


def _error(stream: object, **options: object) -> sm.ValidationError:
    with pytest.raises(sm.ValidationError) as error:
        list(sm.iter_loads(stream, **options))  # type: ignore[call-overload]
    return error.value


def test_round_trip_through_a_binary_file(tmp_path):
    """dump_lines writes one canonical document per line; iter_loads reads the same plans."""
    path = tmp_path / "caseload.jsonl"
    with path.open("wb") as out:
        assert sm.dump_lines(PLANS, out) == 3
    assert path.read_bytes() == b"".join(line + b"\n" for line in LINES)
    with path.open("rb") as stream:
        assert list(sm.iter_loads(stream)) == PLANS


def test_round_trip_through_a_text_file(tmp_path):
    """A file opened in text mode is written and read as well."""
    path = tmp_path / "caseload.jsonl"
    with path.open("w", encoding="utf-8") as out:
        assert sm.dump_lines(iter(PLANS), out) == 3
    with path.open(encoding="utf-8") as stream:
        assert list(sm.iter_loads(stream, sm.Plan)) == PLANS


def test_iterables_of_lines_and_other_record_types():
    """A list of str or bytes lines works, and type_ chooses the record type."""
    assert list(sm.iter_loads([line.decode() for line in LINES])) == PLANS
    readiness = sm.Readiness(importance=8, confidence=5)
    buffer = io.BytesIO()
    sm.dump_lines([readiness, readiness], buffer)
    assert list(sm.iter_loads(buffer.getvalue().splitlines(), sm.Readiness)) == [readiness] * 2


def test_blank_lines_are_skipped_but_counted():
    """Empty and white-space lines (and CRLF endings) are skipped; line numbers still count them."""
    stream = io.BytesIO(b"\n" + LINES[0] + b"\r\n   \r\n" + LINES[1] + b"\n\n{}\n")
    reader = sm.iter_loads(stream)
    assert [next(reader), next(reader)] == PLANS[:2]
    with pytest.raises(sm.ValidationError) as error:
        next(reader)
    assert error.value.line == 6
    assert str(error.value).startswith("line 6: ")


def test_reading_is_lazy_one_line_at_a_time():
    """Each next() reads exactly one more line: memory does not grow with the caseload."""
    reads: list[int] = []

    def lines():
        for number in range(1_000_000):
            reads.append(number)
            yield LINES[number % 3]

    reader = sm.iter_loads(lines())
    assert reads == []
    assert next(reader) == PLANS[0]
    assert next(reader) == PLANS[1]
    assert reads == [0, 1]


def test_writing_is_lazy_one_record_at_a_time():
    """dump_lines writes each record before drawing the next one from the iterable."""
    buffer = io.BytesIO()
    seen: list[int] = []

    def records():
        for number, plan in enumerate(PLANS):
            seen.append(buffer.getvalue().count(b"\n"))
            yield plan
            assert buffer.getvalue().count(b"\n") == number + 1

    assert sm.dump_lines(records(), buffer) == 3
    assert seen == [0, 1, 2]


def test_error_names_the_line_as_a_field_and_in_the_message():
    """A bad second document: error.line is 2, the message starts with it, paths are JSON paths."""
    bad = json.loads(LINES[1])
    bad["revision"] = "two"
    lines = [LINES[0], json.dumps(bad).encode(), LINES[2]]
    error = _error(lines)
    assert error.line == 2
    assert [str(p) for p in error.problems] == [
        "$.revision: expected an integer from 0 to 9007199254740992, got text of 3 characters"
    ]
    assert (
        str(error)
        == "line 2: $.revision: expected an integer from 0 to 9007199254740992, got text of 3 "
        "characters"
    )


def test_not_json_and_wrong_kind_name_the_line():
    """Text that is not JSON, JSON that is not an object, and another kind: line numbers."""
    assert _error([LINES[0], b"not json"]).line == 2
    error = _error([b"[1, 2]"])
    assert (error.line, str(error)) == (
        1,
        "line 1: $: expected a JSON object, got an array of 2 items",
    )
    error = _error([LINES[0]], type_=sm.Goal)
    assert str(error) == (
        "line 1: $.format: expected 'strengthmodel.goal', got 'strengthmodel.plan'"
    )
    # No hint about file paths: that hint is for loads, not for a line of a stream.
    assert "read_bytes" not in str(_error(["caseload.jsonl"]))


def test_subclasses_are_kept_with_the_line():
    """A document newer than the library is still UnsupportedVersionError, with its line."""
    doc = json.loads(LINES[0])
    doc["version"] = 999
    error = _error([b"", json.dumps(doc)])
    assert type(error) is sm.UnsupportedVersionError
    assert error.line == 2


def test_long_lines_are_refused_without_reading_them_whole():
    """A line over max_line_bytes is refused; a file is read at most limit + 2 bytes at a time."""
    requested: list[int] = []

    class Stream(io.BytesIO):
        def readline(self, size=-1):
            requested.append(size)
            return super().readline(size)

    stream = Stream(LINES[0] + b"\n" + b" " * len(LINES[0]) + b"{}" + b"\n")
    error = _error(stream, max_line_bytes=len(LINES[0]))
    assert (error.line, [str(p) for p in error.problems]) == (
        2,
        [f"$: line is longer than the {len(LINES[0])}-byte limit"],
    )
    assert set(requested) == {len(LINES[0]) + 2}
    assert MAX_LINE_BYTES == sm.serialization.MAX_DOCUMENT_BYTES


def test_the_limit_counts_utf8_bytes_of_text_lines():
    """A text line is measured in UTF-8 bytes: 10 characters of 2 bytes exceed 19 bytes."""
    line = '{"x": "' + "é" * 10 + '"}'
    error = _error([line], max_line_bytes=len(line.encode()) - 1)
    assert error.problems[0].message.startswith("line is longer than the")
    assert _error([line], max_line_bytes=len(line.encode())).problems[0].path == "$.format"


def test_non_utf8_text_stream_names_the_line():
    """Bytes that are not UTF-8 in a text stream: our error, with the line number."""
    stream = io.TextIOWrapper(io.BytesIO(LINES[0] + b"\n\xff\xfe\n"), encoding="utf-8")
    error = _error(stream)
    # The text decoder reads ahead, so the error comes at the line being read, or before.
    assert error.line == 1
    assert "open the file in binary mode to find the line" in str(error)
    error = _error(io.BytesIO(LINES[0] + b"\n\xff\xfe\n"))
    assert (error.line, error.problems[0].message) == (
        2,
        (
            "not valid JSON: the text starts with a UTF-16 byte order mark (not UTF-8); "
            "save it as UTF-8"
        ),
    )


def test_signed_caseloads():
    """With key=, each line is signed on the way out and verified on the way in."""
    buffer = io.BytesIO()
    sm.dump_lines(PLANS, buffer, key=KEY)
    lines = buffer.getvalue().splitlines()
    assert list(sm.iter_loads(lines, key=KEY)) == PLANS
    assert _error(LINES, key=KEY).line == 1
    assert _error(lines, key=b"x" * 32).problems[0].path == "$.signature"


def test_bad_arguments_are_refused_when_the_iterator_is_made():
    """Wrong stream, type, key or limit: our error at the call, before any next()."""
    with pytest.raises(sm.ValidationError, match="for one document, use loads"):
        sm.iter_loads(LINES[0])  # type: ignore[call-overload]
    with pytest.raises(sm.ValidationError, match=r"pass the open file: iter_loads\(open"):
        sm.iter_loads("caseload.jsonl")  # type: ignore[call-overload]
    with pytest.raises(sm.ValidationError, match="pass the open file"):
        sm.iter_loads(Path("caseload.jsonl"))  # type: ignore[call-overload]
    with pytest.raises(sm.ValidationError, match="expected a strengthmodel record type"):
        sm.iter_loads(LINES, dict)  # type: ignore[call-overload]
    with pytest.raises(sm.ValidationError, match="key"):
        sm.iter_loads(LINES, key=b"short")
    with pytest.raises(sm.ValidationError, match="positive limit"):
        sm.iter_loads(LINES, max_line_bytes=0)
    with pytest.raises(
        sm.ValidationError,
        match=r"^on_error: expected 'raise' or 'yield', got text of 4 characters",
    ):
        sm.iter_loads(LINES, on_error="skip")  # type: ignore[call-overload]
    assert _error([1]).problems[0].message == "expected a line of text or bytes, got int"


def test_dump_lines_refuses_what_it_cannot_write():
    """Not records, one plan instead of a list, or no stream: our errors, naming the item."""
    buffer = io.BytesIO()
    with pytest.raises(sm.ValidationError, match=r"records\[1\]: expected a strengthmodel record"):
        sm.dump_lines([PLANS[0], {"id": "p"}], buffer)  # type: ignore[list-item]
    assert buffer.getvalue() == LINES[0] + b"\n"  # what came before was written
    with pytest.raises(sm.ValidationError, match="expected an iterable of records"):
        sm.dump_lines(PLANS[0], buffer)  # type: ignore[arg-type]
    with pytest.raises(sm.ValidationError, match="expected a writable file"):
        sm.dump_lines(PLANS, "caseload.jsonl")  # type: ignore[arg-type]


@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(LINES),
            st.binary(max_size=30).filter(lambda b: b"\n" not in b and b"\r" not in b),
            st.sampled_from([b"", b"   ", b"\t"]),
        ),
        max_size=8,
    )
)
def test_malformed_lines_fail_at_their_own_line(lines):
    """Valid, malformed and blank lines mixed: the first bad line is named, earlier plans read."""
    stream = io.BytesIO(b"\n".join(lines))
    reader = sm.iter_loads(stream)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line in LINES:
            assert next(reader) == PLANS[LINES.index(line)]
            continue
        with pytest.raises(sm.ValidationError) as error:
            next(reader)
        assert error.value.line == number
        assert str(error.value).startswith(f"line {number}: ")
        return
    assert list(reader) == []


def test_a_truncated_line_names_its_column_not_a_second_line():
    """Within a stream line, the parser's 'line 1 column N' reads 'column N'."""
    with pytest.raises(sm.ValidationError) as caught:
        list(sm.iter_loads([b'{"version": 2, "type": "plan"']))
    message = str(caught.value)
    assert message.startswith("line 1: ")
    assert "line 1 column" not in message
    assert "column 30 (char 29)" in message


def test_every_bad_line_is_yielded_in_its_place_on_request():
    """on_error="yield": one pass over a caseload gives every plan and every bad line."""
    bad = json.loads(LINES[1])
    bad["concerns"][0]["text"] = " "
    lines = [LINES[0], b"{not json", json.dumps(bad).encode(), b"", LINES[2]]
    items = list(sm.iter_loads(lines, on_error="yield"))
    assert [type(i).__name__ for i in items] == [
        "Plan",
        "ValidationError",
        "ValidationError",
        "Plan",
    ]
    assert items[0] == PLANS[0]
    assert items[3] == PLANS[2]
    errors = [i for i in items if isinstance(i, sm.ValidationError)]
    assert [e.line for e in errors] == [2, 3]
    assert str(errors[1]) == "line 3: $.concerns[0].text: expected non-empty text, got blank text"


def test_an_unreadable_line_ends_a_yielding_read():
    """Past a line over the limit the next line's start is unknown: its error is the last item."""
    stream = io.BytesIO(b" " * 50 + b"{}\n" + LINES[0] + b"\n")
    items = list(sm.iter_loads(stream, on_error="yield", max_line_bytes=20))
    assert len(items) == 1
    assert isinstance(items[0], sm.ValidationError)
    assert str(items[0]) == "line 1: $: line is longer than the 20-byte limit"


def test_a_line_that_is_not_text_ends_a_yielding_read():
    items = list(sm.iter_loads([LINES[0], 7, LINES[1]], on_error="yield"))  # type: ignore[list-item]
    assert items[0] == PLANS[0]
    assert len(items) == 2
    assert str(items[1]) == "line 2: $: expected a line of text or bytes, got int"
