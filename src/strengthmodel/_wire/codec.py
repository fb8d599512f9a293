"""A compiled decoder: msgspec structs generated from the record classes, once per class.

For every record class the codec generates a frozen msgspec struct that states the
same field rules as the record (integer bounds, text length and pattern, non-blank
text, id pattern, enums by value, union tags, no unknown keys, strict scalars), and a
generated function (with its source registered in ``linecache``, so tracebacks and
profiles name ``<strengthmodel generated decode Goal>``) that turns a struct into the
record with the trusted constructor, without checking the fields a second time. What
msgspec cannot state runs in the generated function: ints given for number fields
(exact within ±2**53), dates and UTC timestamps, sets without duplicates, unique
tuples, and the record's own cross-field rules (``_problems``). A record class with its
own ``__attrs_post_init__`` (the plan, which proves itself against its history) runs
it in full.

Any failure, of any kind, returns ``None``: the caller then decodes the document
again on the detailed path, which names every problem with its JSON path. So this
module never decides what an error says; it only makes the valid case fast.

Within one document, records with equal content (a plan holds most records twice: in
its history and in its collections) are built once and shared.
"""

from __future__ import annotations

import enum
import itertools
import math
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Final, Literal

import attrs
import msgspec
import orjson

from strengthmodel._codegen import generate
from strengthmodel._fields import MAX_EXACT_FLOAT_INT, Record, is_record_type
from strengthmodel._model import (
    BoolType,
    DateTimeType,
    DateType,
    EnumType,
    FieldType,
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
from strengthmodel._wire.formats import DATETIME_RE, TAG
from strengthmodel.ids import ID_PATTERN

__all__ = [
    "decode",
    "encode",
    "encode_without",
    "keeps_bytes",
    "to_builtins",
]


# msgspec searches a pattern (re.search), and "$" also matches before a final newline:
# anchor with \A and \Z so that "goal-1\n" is refused as the records refuse it.
_ID_TYPE = Annotated[
    str, msgspec.Meta(pattern=r"\A" + ID_PATTERN.removeprefix("^").removesuffix("$") + r"\Z")
]
_NON_BLANK: Final = r"\S"


class _Unsupported(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """An annotation the compiled codec does not handle: such classes use the detailed path."""


class _Refused(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """A value the compiled codec will not accept; the detailed path says why."""


# Set in a document's memo (``m``) when a wire value is not written as the canonical
# form writes it (an int for a number, a timestamp with an offset, an unsorted set):
# the structs then no longer give the canonical bytes, so none are taken from them.
_NONCANONICAL: Final = object()


def _float(value: float, m: dict[object, object]) -> float:
    if type(value) is int:
        if not -MAX_EXACT_FLOAT_INT <= value <= MAX_EXACT_FLOAT_INT:
            raise _Refused
        m[_NONCANONICAL] = True
        return float(value)
    if not math.isfinite(value):
        raise _Refused
    return value


# Python's ``fromisoformat`` reads more forms than the wire patterns allow. Text that
# reads back exactly as ``isoformat`` writes it is canonical (and matches the pattern);
# other text is checked against the pattern, as the detailed path checks it.


def _date(value: str) -> date:
    result = date.fromisoformat(value)
    # Read back with dashes in these places, every other place is an ASCII digit (as
    # the parser requires): YYYY-MM-DD, the one form the wire pattern allows, which
    # isoformat writes. Python also reads 20260105 and 2026-W22-1: refused.
    if len(value) == 10 and value[4] + value[7] == "--":
        return result
    raise _Refused


def _datetime(value: str, m: dict[object, object]) -> datetime:
    result = datetime.fromisoformat(value)
    if result.tzinfo is UTC and (
        # YYYY-MM-DDTHH:MM:SS+00:00 read back (every other place an ASCII digit, as the
        # parser requires) is what isoformat writes; checked without calling it (slow).
        (
            len(value) == 25
            and value[19:] == "+00:00"
            and value[4] + value[7] + value[10] + value[13] + value[16] == "--T::"
        )
        or result.isoformat() == value
    ):
        return result
    if DATETIME_RE.fullmatch(value) is None:
        raise _Refused
    m[_NONCANONICAL] = True
    return result.astimezone(UTC)


def _refuse() -> typing.NoReturn:
    raise _Refused


class _Compiler:
    """Generates the struct types and converter functions, each class once."""

    def __init__(self) -> None:
        self.structs: dict[tuple[type, bool, bool], type[msgspec.Struct]] = {}
        self.namespace: dict[str, Any] = {
            "_float": _float,
            "_date": _date,
            "_datetime": _datetime,
            "_refuse": _refuse,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_astuple": msgspec.structs.astuple,
            "_frozenset": frozenset,
            "_tuple": tuple,
            "_len": len,
            "_set_of": set,
        }
        self.converters: dict[type, str] = {}
        self.counter = itertools.count()

    def constant(self, value: object, hint: str = "c") -> str:
        name = f"_{hint}{next(self.counter)}"
        self.namespace[name] = value
        return name

    # --- struct types ------------------------------------------------------------------

    def struct(
        self, cls: type[Record], *, tagged: bool = False, envelope: bool = False
    ) -> type[msgspec.Struct]:
        key = (cls, tagged, envelope)
        found = self.structs.get(key)
        if found is not None:
            return found
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        if envelope:
            fields += [("format", str), ("version", int), ("signature", str | None, None)]
        for field in describe(cls):
            kind = self.wire_type(field.type)
            default = field.attribute.default
            if default is attrs.NOTHING:
                fields.append((field.name, kind))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                factory = typing.cast("Any", default).factory
                fields.append((field.name, kind, msgspec.field(default_factory=factory)))
            else:
                fields.append((field.name, kind, _wire_default(default)))
        built = msgspec.defstruct(
            f"{cls.__name__}{'Tagged' if tagged else ''}{'Document' if envelope else ''}",
            fields,
            kw_only=True,
            frozen=True,
            forbid_unknown_fields=True,
            tag_field=TAG if tagged else None,
            tag=cls.kind if tagged else None,
        )
        self.structs[key] = built
        self.converter(built, cls, envelope=envelope)
        return built

    def wire_type(self, kind: FieldType) -> Any:  # noqa: ANN401, C901, PLR0911 - one branch per kind of field
        """The msgspec type that states ``kind``'s rules (what it can state)."""
        match kind:
            case IdType():
                return _ID_TYPE
            case OptionalType(inner):
                return self.wire_type(inner) | None
            case UnionType(members) if all(is_record_type(m) for m in members):
                return typing.Union[tuple(self.struct(m, tagged=True) for m in members)]  # noqa: UP007
            case SequenceType(item):
                return tuple[self.wire_type(item), ...]  # type: ignore[misc]
            case BoolType():
                return bool
            case IntType(ge, le):
                return Annotated[int, msgspec.Meta(ge=math.ceil(ge), le=math.floor(le))]
            case FloatType(None):
                return int | float
            case FloatType((lo, hi)):
                whole = msgspec.Meta(ge=math.ceil(lo), le=math.floor(hi))
                return Annotated[int, whole] | Annotated[float, msgspec.Meta(ge=lo, le=hi)]
            case TextType(max_length, pattern):
                text = (
                    _NON_BLANK
                    if pattern is None
                    else r"\A(?=[\s\S]*\S)(?:"
                    + pattern.removeprefix("^").removesuffix("$")
                    + r")\Z"
                )
                return Annotated[str, msgspec.Meta(max_length=max_length, pattern=text)]
            case DateType() | DateTimeType():
                return str  # parsed by the converter, exactly as the detailed path parses it
            case EnumType(cls) if all(type(m.value) is str for m in cls):
                # By value: the converter maps the text to the member. Struct values of
                # plain text hash in C, which sharing equal records (the memo) relies on.
                return Literal[tuple(m.value for m in cls)]
            case RecordType(cls):
                return self.struct(cls)
        raise _Unsupported(kind)

    # --- converters ----------------------------------------------------------------

    def convert(self, kind: FieldType, v: str) -> str | None:  # noqa: PLR0911 - one branch per kind of field
        """Source of an expression turning wire value ``v`` into the record's value.

        ``None`` means the wire value is already the record's value.
        """
        match kind:
            case OptionalType(inner):
                found = self.convert(inner, v)
                return None if found is None else f"(None if {v} is None else {found})"
            case UnionType() | RecordType():
                return f"_cv[type({v})]({v}, m)"
            case SequenceType(item, container, unique):
                each = self.convert(item, "x")
                items = v if each is None else f"_tuple([{each} for x in {v}])"
                if container is frozenset:
                    return f"_unique_set({items}, m)"
                if unique:
                    return f"_unique({items})"
                return None if each is None else items
            case EnumType(cls):
                return f"{self.constant(cls._value2member_map_, 'members')}[{v}]"
            case FloatType():
                return f"_float({v}, m)"
            case DateType():
                return f"_date({v})"
            case DateTimeType():
                return f"_datetime({v}, m)"
        return None

    def converter(self, struct: type[msgspec.Struct], cls: type[Record], *, envelope: bool) -> None:
        name = f"_to_{struct.__name__}"
        target = self.constant(cls, "cls")
        body: list[str] = []
        for field in describe(cls):
            expr = self.convert(field.type, f"s.{field.name}")
            body.append(f"    _set(r, {field.name!r}, {expr or f's.{field.name}'})")
        # The bytes of kept records (history entries), straight from the structs when
        # they are canonical, before the plan proves its history with them.
        post = [
            f"    if _NONCANONICAL not in m:\n        _keep(s.{field.name}, r.{field.name})"
            for field in describe(cls)
            if envelope and _kept_sequence(field.type)
        ]
        if cls.__attrs_post_init__ is not Record.__attrs_post_init__:
            post.append("    r.__attrs_post_init__()")  # the plan proves itself in full
        elif cls._problems is not Record._problems:  # noqa: SLF001 - the records' own rules
            post.append("    for _ in r._problems():\n        _refuse()")
        # Records with an id, and flat records (a coping link), repeat within a plan
        # document; a history entry never does, and hashing it would cost more than it saves.
        shared = not envelope and (
            any(f.name == "id" for f in describe(cls))
            or not any(_holds_records(f.type) for f in describe(cls))
        )
        lines = [f"def {name}(s, m):"]
        if shared:
            lines += [
                f"    k = ({target}, _astuple(s))",
                "    r = m.get(k)",
                "    if r is not None:",
                "        return r",
            ]
        lines += [f"    r = _new({target})", *body, *post]
        if shared:
            lines.append("    m[k] = r")
        lines.append("    return r")
        source = "\n".join(lines) + "\n"
        generate(source, f"decode {struct.__name__}", self.namespace)
        self.namespace["_cv"][struct] = self.namespace[name]


def keeps_bytes(cls: type) -> bool:
    """Whether records of ``cls`` keep their canonical bytes (a ``_wire`` slot)."""
    return isinstance(getattr(cls, "_wire", None), types.MemberDescriptorType)


def _kept_sequence(kind: FieldType) -> bool:
    match kind:
        case SequenceType(RecordType(cls), container) if container is tuple:
            return keeps_bytes(cls)
    return False


def _keep(structs: tuple[msgspec.Struct, ...], records: tuple[Record, ...]) -> None:
    """Give each record the canonical bytes of its (canonical) struct.

    The struct holds the wire values, in field order with every default filled in;
    ``msgspec.to_builtins`` turns them into plain values (enums by value, the union tag
    first) and orjson writes them, as the encoder would write the record itself.
    """
    for built, record in zip(msgspec.to_builtins(structs), records, strict=True):
        object.__setattr__(record, "_wire", orjson.dumps(built))


def _holds_records(kind: FieldType) -> bool:
    match kind:
        case RecordType() | UnionType():
            return True
        case OptionalType(inner) | SequenceType(inner):
            return _holds_records(inner)
    return False


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(set(values)) != len(values):
        raise _Refused
    return values


def _unique_set(values: tuple[Any, ...], m: dict[object, object]) -> frozenset[Any]:
    result = frozenset(values)
    if len(result) != len(values):
        raise _Refused  # a duplicate would be silently dropped: the detailed path refuses it
    if len(values) > 1:
        wire = [v.value if isinstance(v, enum.Enum) else v for v in values]
        if wire != sorted(wire, key=_set_key):  # canonical sets are sorted
            m[_NONCANONICAL] = True
    return result


def _wire_default(value: object) -> object:
    """A record field's default in wire form (the struct's default when a key is absent)."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value
    if value == ():
        return ()
    if value == frozenset():
        return ()
    raise _Unsupported(value)


_COMPILER = _Compiler()
_COMPILER.namespace["_cv"] = {}
_COMPILER.namespace["_unique"] = _unique
_COMPILER.namespace["_unique_set"] = _unique_set
_COMPILER.namespace["_keep"] = _keep
_COMPILER.namespace["_NONCANONICAL"] = _NONCANONICAL

_DECODERS: dict[type, tuple[msgspec.json.Decoder[Any], Callable[..., Any]] | None] = {}


def _decoder_for(cls: type[Record]) -> tuple[msgspec.json.Decoder[Any], Callable[..., Any]] | None:
    if cls in _DECODERS:
        return _DECODERS[cls]
    try:
        struct = _COMPILER.struct(cls, envelope=True)
    except _Unsupported:
        found = None
    else:
        found = (msgspec.json.Decoder(struct), _COMPILER.namespace["_cv"][struct])
    _DECODERS[cls] = found
    return found


def decode(
    text: str | bytes, cls: type[Record], format_name: str, version: int
) -> tuple[Record, str | None] | None:
    """Decode a current-version document of ``cls`` (with its signature), or ``None``.

    ``None`` means "not decoded here": the document is invalid, of another format or
    version, or uses something the compiled codec leaves to the detailed path.
    """
    found = _decoder_for(cls)
    if found is None:
        return None
    decoder, convert = found
    try:
        document = decoder.decode(text)
        if document.format != format_name or document.version != version:
            return None
        return convert(document, {}), document.signature
    except Exception:  # noqa: BLE001 - any failure is decoded again, in detail
        return None


# --- encoding ---------------------------------------------------------------------------
#
# orjson writes the bytes: it already writes every scalar, tuple and enum (by value) the
# way the canonical form needs, and calls ``default`` for a record, which returns the
# record's fields as a dict in declaration order (a generated function per class). Only
# dates, timestamps (``isoformat``: UTC as +00:00), sets (sorted) and union members
# (tagged with their kind) are converted in Python. msgspec writes large floats as
# ``1e16`` where the canonical form has ``1e+16``, so it cannot write these bytes.


def _set_key(value: object) -> tuple[str, object]:
    return (str(type(value)), value)


class _Encoders:
    """Generates, per record class, the function that lays out its fields for JSON."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_sorted": sorted,
            "_set_key": _set_key,
            "_list": list,
        }
        # (deep, tagged) -> {class: function}; filled on first use of each class.
        self.tables: dict[tuple[bool, bool], dict[type, Callable[[Any], Any]]] = {
            (deep, tagged): {} for deep in (False, True) for tagged in (False, True)
        }
        self.counter = itertools.count()

    def constant(self, value: object, hint: str = "c") -> str:
        name = f"_{hint}{next(self.counter)}"
        self.namespace[name] = value
        return name

    def function(self, cls: type, *, deep: bool, tagged: bool) -> Callable[[Any], Any]:
        table = self.tables[(deep, tagged)]
        found = table.get(cls)
        if found is None:
            found = self._generate(cls, deep=deep, tagged=tagged)
            table[cls] = found
        return found

    def dispatcher(self, *, deep: bool, tagged: bool) -> Callable[[Any], Any]:
        """A function that lays out any record by its class (generating on first use)."""
        get = self.tables[(deep, tagged)].get
        make = self.function

        def lay_out(value: Any) -> Any:  # noqa: ANN401 - a record of any class
            found = get(type(value))
            if found is None:
                found = make(type(value), deep=deep, tagged=tagged)
            return found(value)

        return lay_out

    def value(self, kind: FieldType, v: str, *, deep: bool) -> str | None:  # noqa: PLR0911 - one branch per kind of field
        """Source of an expression laying out ``v`` for JSON (``None``: as it is)."""
        match kind:
            case OptionalType(inner):
                found = self.value(inner, v, deep=deep)
                return None if found is None else f"(None if {v} is None else {found})"
            case UnionType():
                return f"_tagged_{'deep' if deep else 'flat'}({v})"
            case SequenceType(item, container):
                # Set items are sorted by their JSON value (an enum by its value), as before.
                each = self.value(item, "x", deep=deep or container is frozenset)
                if container is frozenset:
                    return f"_sorted([{each or 'x'} for x in {v}], key=_set_key)"
                if each is None:
                    return f"_list({v})" if deep else None  # dicts hold lists, as JSON does
                return f"[{each} for x in {v}]"
            case DateType() | DateTimeType():
                return f"{v}.isoformat()"
            case EnumType():
                return f"{v}.value" if deep else None  # orjson writes an enum by its value
            case RecordType() if deep:
                return f"_record_deep({v})"
            case RecordType(cls) if keeps_bytes(cls):
                return f"_frag(_kept({v}))"  # written once, then copied as they are
        return None  # scalars as they are; a nested record: orjson calls default() for it

    def _generate(self, cls: type, *, deep: bool, tagged: bool) -> Callable[[Any], Any]:
        items = [f"{TAG!r}: {cls.kind!r}"] if tagged else []  # type: ignore[attr-defined]
        for field in describe(cls):
            expr = self.value(field.type, f"r.{field.name}", deep=deep)
            items.append(f"{field.name!r}: {expr or f'r.{field.name}'}")
        name = f"_{'deep' if deep else 'flat'}{'_tagged' if tagged else ''}_{cls.__name__}"
        source = f"def {name}(r):\n    return {{{', '.join(items)}}}\n"
        label = f"{'tagged ' if tagged else ''}{'dict' if deep else 'encode'} {cls.__name__}"
        generate(source, label, self.namespace)
        return typing.cast("Callable[[Any], Any]", self.namespace[name])


_ENCODERS = _Encoders()


_ENCODERS.namespace["_tagged_flat"] = _ENCODERS.dispatcher(deep=False, tagged=True)
_ENCODERS.namespace["_tagged_deep"] = _ENCODERS.dispatcher(deep=True, tagged=True)
_ENCODERS.namespace["_record_deep"] = _ENCODERS.dispatcher(deep=True, tagged=False)
_FLAT = _ENCODERS.tables[(False, False)]
_flat = _ENCODERS.dispatcher(deep=False, tagged=False)
_deep = _ENCODERS.dispatcher(deep=True, tagged=False)


def _default(value: object) -> object:
    found = _FLAT.get(type(value))
    if found is None:
        if not isinstance(value, Record):
            raise TypeError  # orjson reports the type it cannot write
        found = _ENCODERS.function(type(value), deep=False, tagged=False)
    return found(value)


def to_builtins(record: Record) -> dict[str, Any]:
    """A record's fields as JSON-ready dicts, lists and scalars (canonical order)."""
    return typing.cast("dict[str, Any]", _deep(record))


def encode(record: Record, head: dict[str, Any], *, option: int = 0) -> bytes:
    """Canonical JSON bytes of a record's fields, after the keys of ``head``.

    With an orjson ``option`` (indentation), from plain values: kept bytes are compact.
    """
    if option:
        return orjson.dumps({**head, **_deep(record)}, option=option)
    fields = _flat(record)
    return orjson.dumps({**head, **fields} if head else fields, default=_default)


def _kept(record: Any) -> bytes:  # noqa: ANN401 - a record whose class keeps its bytes
    """A record's canonical bytes, written on first use and kept in its ``_wire`` slot."""
    found: bytes | None = getattr(record, "_wire", None)
    if found is None:
        found = orjson.dumps(_flat(record), default=_default)
        object.__setattr__(record, "_wire", found)
    return found


_ENCODERS.namespace["_kept"] = _kept
_ENCODERS.namespace["_frag"] = orjson.Fragment


def encode_without(record: Record, name: str, *, keep: bool = True) -> bytes:
    """Canonical JSON bytes of a record's fields, leaving out field ``name``.

    For a record that keeps its bytes, when ``name`` is its last field and holds text
    (a history entry's digest): the kept bytes without ``,"name":"value"``, and a record
    without kept bytes gets them (the result plus that tail) for its next encode, unless
    ``keep`` is false (a draft, thrown away once hashed).
    """
    value = getattr(record, name)
    kept = type(value) is str and _kept_last(type(record)) == name
    if kept:
        found: bytes | None = getattr(record, "_wire", None)
        if found is not None:
            tail = b"," + orjson.dumps({name: value})[1:]
            if found.endswith(tail):
                return found[: len(found) - len(tail)] + b"}"
    fields = _flat(record)
    del fields[name]
    body = orjson.dumps(fields, default=_default)
    if kept and keep:
        tail = b"," + orjson.dumps({name: value})[1:]
        object.__setattr__(record, "_wire", body[:-1] + tail if len(body) > 2 else b"{" + tail[1:])
    return body


_KEPT_LAST: dict[type, str | None] = {}


def _kept_last(cls: type) -> str | None:
    """The last field of a class that keeps its bytes (else ``None``)."""
    if cls not in _KEPT_LAST:
        fields = describe(cls)
        _KEPT_LAST[cls] = fields[-1].name if fields and keeps_bytes(cls) else None
    return _KEPT_LAST[cls]
