"""JSON Schema (draft 2020-12) for every strengthmodel document kind.

The schemas are generated from the same annotations and field metadata that
validation reads, so they cannot drift from the records: types, numeric bounds, text
lengths, id patterns, enum values, required keys, no unexpected keys, and the tagged
unions of records and changes. What JSON Schema cannot say is left to the library and
documented in each schema's ``description``: references between records must name
records in the plan, ids are unique, and a few rules involve several fields (a
character strength for category ``character``, ratings in date order...). JSON Schema
also counts ``7.0`` as an integer, which strengthmodel refuses: the schema is a
necessary check, the library the complete one.

Examples:
    >>> from strengthmodel import Readiness
    >>> schema = json_schema(Readiness)
    >>> schema["properties"]["importance"]
    {'type': 'integer', 'minimum': 0, 'maximum': 10}
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from typing import Any

import attrs

from strengthmodel._fields import (
    Record,
    field_bounds,
    field_int_bounds,
    field_max_length,
    field_pattern,
    field_unique,
    is_record_type,
)
from strengthmodel._wire.formats import DATE_PATTERN, DATETIME_PATTERN
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import ID_PATTERN
from strengthmodel.serialization import FORMAT_VERSION, TAG, format_name

__all__ = ["DIALECT", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema generated here."""

_DATE = DATE_PATTERN
_DATETIME = DATETIME_PATTERN
# Non-blank: at least one character that is not white space.
_NON_BLANK = r"\S"

_LIMITS = (
    "Also checked by strengthmodel, beyond this schema: references between records name "
    "records in the same plan; ids are unique in a plan; integers are JSON integers "
    "(7.0 is refused); and rules that involve several fields."
)


def _number(kind: str, bounds: tuple[float, float] | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    if bounds is not None:
        lo, hi = bounds
        schema["minimum"] = int(lo) if kind == "integer" else lo
        schema["maximum"] = int(hi) if kind == "integer" else hi
    return schema


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type[Record]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: records can nest recursively
            self.defs[name] = self.record(cls)
        return {"$ref": f"#/$defs/{name}"}

    def record(self, cls: type[Record], *, tagged: bool = False) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tagged:
            properties[TAG] = {"const": cls.kind}
            required.append(TAG)
        for field in attrs.fields(typing.cast("Any", cls)):
            properties[field.name] = self.annotation(hints[field.name], field)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        doc = (cls.__doc__ or "").strip().splitlines()
        return {
            "title": cls.__name__,
            "description": doc[0] if doc else cls.__name__,
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def annotation(self, annotation: object, field: attrs.Attribute[Any]) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912 - a branch per annotation kind
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if isinstance(annotation, typing.NewType):
            return {"type": "string", "pattern": ID_PATTERN}
        if origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            options = [self.union_member(m, field, len(members) > 1) for m in members]
            if len(members) < len(args):
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin in (tuple, frozenset):
            schema: dict[str, Any] = {"type": "array", "items": self.annotation(args[0], field)}
            if origin is frozenset or field_unique(field):
                schema["uniqueItems"] = True
            return schema
        if annotation is int:
            return _number("integer", field_int_bounds(field))
        if annotation is float:
            return _number("number", field_bounds(field))
        if annotation is str:
            pattern = field_pattern(field)
            return {
                "type": "string",
                "minLength": 1,
                "maxLength": field_max_length(field),
                "pattern": f"^{pattern}$" if pattern is not None else _NON_BLANK,
            }
        if annotation is bool:
            return {"type": "boolean"}
        if annotation is date:
            return {"type": "string", "format": "date", "pattern": _DATE}
        if annotation is datetime:
            return {"type": "string", "format": "date-time", "pattern": _DATETIME}
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return {"enum": [m.value for m in annotation]}
        if isinstance(annotation, type) and issubclass(annotation, Record):
            return self.ref(annotation)
        msg = f"no JSON Schema for {annotation!r}"  # pragma: no cover
        raise TypeError(msg)  # pragma: no cover

    def union_member(
        self, member: object, field: attrs.Attribute[Any], tagged: bool
    ) -> dict[str, Any]:
        if tagged and isinstance(member, type) and issubclass(member, Record):
            name = f"{member.__name__}Tagged"
            if name not in self.defs:
                self.defs[name] = {}
                self.defs[name] = self.record(member, tagged=True)
            return {"$ref": f"#/$defs/{name}"}
        return self.annotation(member, field)


def json_schema(cls: type[Record]) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of a top-level document of type ``cls``.

    The document is the envelope (``"format"``, ``"version"``) plus the record's fields,
    as written by [`dumps`][strengthmodel.dumps].

    Args:
        cls: Any record type (``Plan``, ``Goal``, a change, ...).

    Returns:
        The schema as a JSON-ready dict, with nested records under ``$defs``.
    """
    if not is_record_type(cls):
        problem = Problem("cls", f"expected a strengthmodel record type, got {cls!r}")
        raise ValidationError([problem])
    builder = _Builder()
    body = builder.record(cls)
    properties = {
        "format": {"const": format_name(cls)},
        "version": {"const": FORMAT_VERSION},
        **body["properties"],
    }
    return {
        "$schema": DIALECT,
        "$id": f"https://strengthmodel.invalid/schema/{cls.kind}/v{FORMAT_VERSION}.json",
        "title": f"strengthmodel {cls.kind} document, format version {FORMAT_VERSION}",
        "description": f"{body['description']} {_LIMITS}",
        "type": "object",
        "properties": properties,
        "required": ["format", "version", *body["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }
