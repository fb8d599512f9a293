"""The client a plan is for, identified by a pseudonym."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, meta
from strengthmodel.errors import Problem
from strengthmodel.ids import is_valid_id

__all__ = ["Client"]

# BCP 47 language tags, simplified: a 2-3 letter language and optional subtags.
_LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")


@attrs.frozen(kw_only=True)
class Client(Record):
    """The person a plan is for.

    The ``pseudonym`` is the only identifier the library needs; it must not be
    derived from the person's name or records. The ``name`` is optional and sensitive:
    reprs never show it and de-identified exports drop it.

    Attributes:
        pseudonym: A pseudonymous id ("client-0042").
        name: The name the client wants to be called (sensitive).
        preferred_language: A BCP 47 language tag ("en", "es-MX").
    """

    kind = "client"

    pseudonym: str = attrs.field(metadata=meta(max_length=64))
    name: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
    preferred_language: str = attrs.field(default="en", metadata=meta(max_length=35))

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.pseudonym):
            yield Problem(
                "pseudonym",
                "expected an id-like pseudonym, got "
                f"{describe_value(self.pseudonym, id_position=True)}",
            )
        if not _LANGUAGE_RE.fullmatch(self.preferred_language):
            yield Problem(
                "preferred_language",
                f"expected a BCP 47 language tag like 'en' or 'es-MX', "
                f"got {describe_value(self.preferred_language)}",
            )
