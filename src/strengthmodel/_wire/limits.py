"""Limits checked before and while parsing: size, nesting depth, exact integers.

Hostile input must never hang, exhaust memory or change a value silently: documents over
[`MAX_DOCUMENT_BYTES`][strengthmodel.serialization.MAX_DOCUMENT_BYTES] or nested deeper than
[`MAX_DEPTH`][strengthmodel.serialization.MAX_DEPTH] are refused before parsing, and
integers beyond 64 bits (which a parser would read as inexact doubles) are refused with
their paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final

import orjson

from strengthmodel._model import INT64_MIN
from strengthmodel.errors import Problem, Segment, ValidationError

__all__ = ["MAX_DEPTH", "MAX_DOCUMENT_BYTES", "nesting_depth", "parse"]

MAX_DOCUMENT_BYTES: Final = 32 * 1024 * 1024
"""Largest document [`loads`][strengthmodel.loads] accepts: 32 MiB of UTF-8."""

MAX_DEPTH: Final = 64
"""Deepest nesting of JSON arrays and objects accepted (our documents need about 10)."""

# Depth scan: everything but quotes and brackets is deleted, so a string is "...".
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STRING_RE = re.compile(rb'"[^"]*"')


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text, without parsing it.

    Runs at C speed: escaped backslashes and quotes are dropped, then every byte but
    quotes and brackets, then the strings (brackets inside strings do not count), and
    the depth is the running maximum of the brackets that remain. Malformed JSON gives
    some number; the parser rejects it afterwards.

    Examples:
        >>> nesting_depth(b'{"a": "[[[ in a string", "b": [[1], {}]}')
        3
    """
    import numpy as np  # noqa: PLC0415 - loaded on first use, see the package docstring

    if b"\\" in raw:  # escapes are rare in our documents: skip two passes without them
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = raw.translate(None, _NOT_STRUCTURE)
    # An adjacent pair of quotes is an empty string or the seam between two strings:
    # dropping it first leaves the regex only the few strings that hold brackets.
    brackets = _STRING_RE.sub(b"", structure.replace(b'""', b""))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def parse(text: str | bytes, *, path_hint: bool = True) -> object:
    """Check the limits, then parse JSON (``path_hint``: say so when text looks like a path)."""
    if type(text) not in (str, bytes):
        raise ValidationError([Problem("$", f"expected JSON text, got {type(text).__name__}")])
    size = len(text) if isinstance(text, bytes) else len(text) * 4
    if size > MAX_DOCUMENT_BYTES and isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))  # exact only when it matters
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            [Problem("$", f"document is {size} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit")]
        )
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if nesting_depth(raw) > MAX_DEPTH:
        raise ValidationError([Problem("$", f"document nested deeper than {MAX_DEPTH} levels")])
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        message = _not_json(raw, error)
        if path_hint and isinstance(text, str) and _looks_like_a_path(text):
            message += " (loads takes JSON text; to read a file, pass Path(...).read_bytes())"
        raise ValidationError([Problem("$", message)]) from None
    if _LONG_DIGITS.search(raw):
        _refuse_huge_integers(raw)
    return data


def _looks_like_a_path(text: str) -> bool:
    return 0 < len(text) < 4096 and "\n" not in text and text.lstrip()[:1] not in ("{", "[")


def _not_json(raw: bytes, error: Exception) -> str:
    """Say why bytes are not a JSON document, naming the first bad byte if not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            "not valid JSON: the text starts with a UTF-16 byte order mark (not UTF-8); "
            "save it as UTF-8"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return "not valid JSON: the text starts with a UTF-8 byte order mark; remove it"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        column = bad.start - (raw.rfind(b"\n", 0, bad.start) + 1) + 1
        byte = raw[bad.start : bad.start + 1].hex()
        kind = "binary data" if b"\x00" in raw[:1024] else "text that is not UTF-8"
        return (
            f"not valid JSON: {kind}: byte 0x{byte} at line {line} column {column} "
            f"(offset {bad.start}) is not valid UTF-8"
        )
    if b"\x00" in raw[:1024]:
        return "not valid JSON: binary data (NUL bytes), or UTF-16/32 text; save it as UTF-8"
    return f"not valid JSON: {error}"


# A number token of 19 digits or more may be outside the 64-bit range, which orjson
# would read as an inexact double: such documents are checked again, precisely. A number
# token follows ":", "," or "[" (hex digests and text rarely do), so the quick scan
# looks only there.
_LONG_DIGITS = re.compile(rb"[:,\[]\s*-?\d{19}")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_HUGE_TOKEN = re.compile(rb"(?<![\w.+-])-?\d{19,}(?![\d.eE])")
_UINT64_MAX: Final = 2**64 - 1


def _out_of_range(token: str) -> bool:
    digits = token.lstrip("-")
    return len(digits) > 20 or not INT64_MIN <= int(token) <= _UINT64_MAX


class _HugeInteger(str):
    __slots__ = ()


def _refuse_huge_integers(raw: bytes) -> None:
    """Refuse integer literals outside the 64-bit range, with their paths.

    orjson reads such an integer as the nearest double (``2**64 + 1`` becomes
    ``1.8446744073709552e19``), which would silently change the value.
    """
    outside_strings = _JSON_STRING.sub(b'""', raw)
    if not any(_out_of_range(m.group().decode()) for m in _HUGE_TOKEN.finditer(outside_strings)):
        return

    def parse_int(token: str) -> object:
        return _HugeInteger(token) if _out_of_range(token) else int(token)

    data = json.loads(raw, parse_int=parse_int)
    problems = [
        Problem.at(
            path,
            f"expected a number that comes back exactly, got an integer of "
            f"{len(token.lstrip('-'))} digits, beyond the 64-bit range",
        )
        for path, token in _find(data, ("$",), _HugeInteger)
    ]
    raise ValidationError(problems[:100] or [Problem("$", "an integer is beyond the 64-bit range")])


def _find(
    value: object, path: tuple[Segment, ...], kind: type
) -> Iterator[tuple[tuple[Segment, ...], Any]]:
    if isinstance(value, kind):
        yield path, value
    elif type(value) is dict:
        for key, item in value.items():
            yield from _find(item, (*path, key), kind)
    elif type(value) is list:
        for position, item in enumerate(value):
            yield from _find(item, (*path, position), kind)
