"""The one way a value is written into an error message.

Error messages end up in logs, bug reports and support tickets, and a bad value is often
a person's name or phone number typed into the wrong box. So every error path in the
library describes the value it refuses with
[`describe_value`][strengthmodel._describe.describe_value], which says what *kind* of
value it was (its type and size) and quotes it only where quoting cannot leak anything.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Sized
from datetime import date, datetime
from typing import Final

from strengthmodel.ids import ID_CHARACTERS, ID_MAX_LENGTH, is_valid_id

__all__ = ["describe_value", "looks_like_a_field_name"]

_MAX_DIGITS: Final = 20
"""Integers longer than this are described by their number of digits."""

_MAX_SHOWN_NUMBERS: Final = 10
_MAX_SHOWN_LENGTH: Final = 120

_FIELD_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")

_JSON_NAMES: Final = {dict: "object", list: "array"}
_PYTHON_NAMES: Final = {dict: "dict", list: "list"}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _number(value: float) -> str:
    if type(value) is int:
        text = str(value)
        digits = len(text.lstrip("-"))
        return text if digits <= _MAX_DIGITS else f"an integer of {digits} digits"
    return repr(value)


def _text(value: str, *, id_position: bool) -> str:
    if not value:
        return "empty text"
    size = f"text of {_plural(len(value), 'character')}"
    if not id_position:
        return size
    if any(c.isspace() for c in value):
        return f"{size} with a space"
    if not ID_CHARACTERS.fullmatch(value):
        return f"{size} with a character an id cannot hold"
    if not value[0].isalnum():
        return f"{size} starting with a character other than a letter or digit"
    return f"{size} (at most {ID_MAX_LENGTH})"


def _container(value: object, *, wire: bool) -> str | None:
    names = _JSON_NAMES if wire else _PYTHON_NAMES
    kind = type(value)
    name = names.get(kind)  # type: ignore[call-overload]
    if name is None and kind in (tuple, set, frozenset):
        name = kind.__name__
    if name is None:
        return None
    size = len(value)  # type: ignore[arg-type]
    if kind is dict:
        return f"{_article(name)} {name} with {_plural(size, 'key')}"
    return f"{_article(name)} {name} of {_plural(size, 'item')}"


def describe_value(  # noqa: PLR0911 - one return per kind of value
    value: object,
    *,
    codes: Collection[object] = (),
    number: bool = False,
    id_position: bool = False,
    wire: bool = False,
) -> str:
    """Describe a refused value for an error message, quoting it only when that is safe.

    The rule: a value is described by its type and size ("text of 16 characters", "a
    SupportRole", "an integer", "an array of 3 items", "null"), and its content is
    quoted only in three cases, each because the content cannot be personal data:

    1. it is one of the position's own allowed ``codes`` (an enum's wire value given
       where the member is expected: the library's vocabulary, not the user's);
    2. it is an ``int`` or ``float`` in a ``number`` position (a numeric field or
       argument: "got 7" where 0 to 3 is allowed), or a short list or tuple of them
       there (at most 10: "got (0.5, 0.7)" for a survival curve);
    3. it is text matching the id pattern in an ``id_position`` (an id that is well
       formed but names no record: ids are identifiers, never data).

    Text is never quoted otherwise, even text that looks like an id ("Robin" matches
    the id pattern, but in a text field it is a name) or a date. In an id position,
    text that is not an id says what keeps it from being one ("with a space"), so the
    caller can fix it without seeing it. ``null``, ``true`` and ``false`` are written
    as themselves (they carry no data); so are type names, which are code.

    Args:
        value: The value refused.
        codes: The values the position allows, any of which may be quoted.
        number: The position takes a number, so a number given may be quoted.
        id_position: The position takes a record id, so a well-formed id may be quoted.
        wire: Name containers as JSON does (an object, an array), for decoded documents.

    Returns:
        A short phrase to follow "got".

    Examples:
        >>> describe_value("Robin"), describe_value("Robin", id_position=True)
        ('text of 5 characters', "'Robin'")
        >>> describe_value("Jane Doe", id_position=True)
        'text of 8 characters with a space'
        >>> describe_value(7), describe_value(7, number=True), describe_value(None)
        ('an integer', '7', 'null')
        >>> describe_value("crisis", codes=("crisis", "peer")), describe_value([1, 2], wire=True)
        ("'crisis'", 'an array of 2 items')
    """
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) in (int, float):
        if number:
            return _number(value)  # type: ignore[arg-type]
        return "an integer" if type(value) is int else "a number"
    if codes and _is_code(value, codes):
        return repr(value)
    if type(value) is str:
        if id_position and is_valid_id(value):
            return repr(value)
        return _text(value, id_position=id_position)
    if number and _numbers(value):
        return repr(value)
    container = _container(value, wire=wire)
    if container is not None:
        return container
    return _typed(value)


def _numbers(value: object) -> bool:
    """A short list or tuple of plain numbers (each could be quoted on its own)."""
    return (
        type(value) in (list, tuple)
        and len(value) <= _MAX_SHOWN_NUMBERS  # type: ignore[arg-type]
        and all(type(v) in (int, float) for v in value)  # type: ignore[attr-defined]
        and len(repr(value)) <= _MAX_SHOWN_LENGTH
    )


def _is_code(value: object, codes: Collection[object]) -> bool:
    try:
        return any(type(value) is type(code) and value == code for code in codes)
    except Exception:  # noqa: BLE001 - a hostile __eq__ is described, never trusted
        return False


def _typed(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """A value of another type, by the type's name (and, for a str subclass, what to do)."""
    if isinstance(value, type):  # a class: its name is code, not data
        return f"the class {value.__name__}"
    kind = type(value)
    name = kind.__name__
    if isinstance(value, enum.Enum):
        return f"{_article(name)} {name}"
    for plain in (str, int, float, dict, list, tuple):
        if isinstance(value, plain):
            return f"{_article(name)} {name} (a {plain.__name__} subclass; pass a plain one)"
    if kind is datetime:
        return "a date and time"
    if kind is date:
        return "a date"
    if isinstance(value, Sized) and not isinstance(value, type):
        try:
            size = len(value)
        except Exception:  # noqa: BLE001 - a hostile __len__ is left out
            return f"{_article(name)} {name}"
        return f"{_article(name)} {name} of {_plural(size, 'item')}"
    return f"{_article(name)} {name}"


def looks_like_a_field_name(key: object) -> bool:
    """Whether an unexpected key is written like a field name, and so may be named.

    Every field is named in lowercase ``snake_case``; a key written so is most likely a
    misspelt field (``importnace``), and naming it is what lets the writer find it. A
    key written any other way (with a capital, a space, a digit first) is described by
    [`describe_value`][strengthmodel._describe.describe_value] instead.

    Examples:
        >>> looks_like_a_field_name("importnace"), looks_like_a_field_name("Jane Doe")
        (True, False)
    """
    return type(key) is str and _FIELD_NAME.fullmatch(key) is not None
