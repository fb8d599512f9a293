"""De-identified research exports: a valid plan, with a valid history, that names no one.

[`deidentify`][strengthmodel.deidentify] rebuilds a plan from its history, change by
change, with every change made safe:

- **sensitive text** (every field marked ``sensitive``: names, contact details, the
  client's words, every other free text) is replaced by a neutral placeholder, so
  that whether a text was there (a warning sign's action plan) is kept while what it
  said is not; the client's name is dropped;
- **ids, the client's pseudonym, the plan's id and history authors** become keyed
  pseudonyms: HMAC-SHA256 with the caller's key (RFC 2104; FIPS 198-1), so the same
  client gets the same pseudonym in every export made with the same key, and nobody
  without the key can reverse or recompute it;
- **dates and times** move by one offset per client, derived from the key, so every
  interval (days between sessions, time between ratings) is kept.

The result is built with [`Plan.new`][strengthmodel.Plan.new] and
[`apply`][strengthmodel.apply], so it is a plan like any other: it validates, replays,
serializes, and scores exactly as the original (review codes, progress, the coping
graph's coverage, GAS T-scores).

The identifier categories of the HIPAA Privacy Rule's Safe Harbor method (45 CFR
164.514(b)(2)) are listed, with how each is handled, in the docs' privacy page.
"""

from __future__ import annotations

import hashlib
import hmac
import typing
from datetime import date, datetime, timedelta
from typing import Any, Final, TypeVar

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, sensitive_fields
from strengthmodel._model import describe, id_name
from strengthmodel.client import Client
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import AddRecord, OpenPlan, RemoveRecord, ReplaceRecord
from strengthmodel.plans.plan import Plan

__all__ = ["DEFAULT_PLACEHOLDER", "MIN_KEY_BYTES", "date_shift", "deidentify"]

R = TypeVar("R", bound=Record)

DEFAULT_PLACEHOLDER: Final = "[removed]"
"""What every sensitive text becomes in a de-identified plan."""

MIN_KEY_BYTES: Final = 16
"""The shortest key accepted (128 bits); ``secrets.token_bytes(32)`` makes a good one."""

_DIGEST_CHARS: Final = 20  # 80 bits of the HMAC: collisions are out of reach in a plan

# Fields that hold a record id as plain text rather than as a typed id.
_PLAIN_IDS: Final = frozenset({(RemoveRecord, "record_id")})


def _check_key(key: object) -> bytes:
    if not isinstance(key, bytes | bytearray):
        raise ValidationError(
            [Problem("key", f"expected the key as bytes, got {type(key).__name__}")]
        )
    if len(key) < MIN_KEY_BYTES:
        raise ValidationError(
            [
                Problem(
                    "key",
                    f"expected a key of at least {MIN_KEY_BYTES} bytes, got {len(key)} "
                    "(make one with secrets.token_bytes(32) and keep it secret)",
                )
            ]
        )
    return bytes(key)


def _keyed(key: bytes, purpose: str, *parts: str) -> str:
    """HMAC-SHA256 of the parts, domain-separated by purpose, as hex."""
    message = "\x00".join((purpose, *parts)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _subject(plan: Plan) -> str:
    """The pseudonym the plan was opened with: the client every offset is keyed to."""
    opening = plan.history[0].change if plan.history else None
    return opening.client.pseudonym if isinstance(opening, OpenPlan) else plan.client.pseudonym


def date_shift(plan: Plan, *, key: bytes, max_days: int = 365) -> timedelta:
    """The offset [`deidentify`][strengthmodel.deidentify] moves this client's dates by.

    One offset per client (the pseudonym the plan was opened with) and key: a whole
    number of days from ``-max_days`` to ``max_days``, never zero. Keep it secret with
    the key: together they give the real dates back.

    Raises:
        ValidationError: The key is not bytes of at least ``MIN_KEY_BYTES``, or
            ``max_days`` is not from 1 to 3650.

    Examples:
        >>> from strengthmodel import Client, Plan
        >>> plan = Plan.new(Client(pseudonym="client-7"), author="dr-lee")
        >>> date_shift(plan, key=b"k" * 32) == date_shift(plan, key=b"k" * 32)
        True
    """
    secret = _check_key(key)
    if type(max_days) is not int or not 1 <= max_days <= 3650:
        raise ValidationError(
            [
                Problem(
                    "max_days",
                    "expected an integer from 1 to 3650, got "
                    f"{describe_value(max_days, number=True)}",
                )
            ]
        )
    number = int(_keyed(secret, "date-shift", _subject(plan)), 16)
    days = number % (2 * max_days) - max_days  # -max_days .. max_days - 1
    return timedelta(days=days + 1 if days >= 0 else days)  # never zero


class _Deidentifier:
    """The transformation of one plan's history, with its key, offset and id kinds."""

    def __init__(self, plan: Plan, key: bytes, placeholder: str, shift: timedelta) -> None:
        self.key = key
        self.placeholder = placeholder
        self.shift = shift
        self.subject = _subject(plan)
        # Each id's record kind, so pseudonyms keep it as a readable prefix.
        self.kinds: dict[str, str] = {plan.id: "plan"}
        for entry in plan.history:
            change = entry.change
            if isinstance(change, AddRecord | ReplaceRecord):
                self.kinds[change.record.id] = change.record.kind

    def record_id(self, value: str) -> str:
        digest = _keyed(self.key, "record-id", self.subject, value)
        return f"{self.kinds.get(value, 'record')}-{digest[:_DIGEST_CHARS]}"

    def author(self, value: str) -> str:
        return f"author-{_keyed(self.key, 'author', value)[:_DIGEST_CHARS]}"

    def pseudonym(self, value: str) -> str:
        return f"client-{_keyed(self.key, 'client', value)[:_DIGEST_CHARS]}"

    def moment(self, value: datetime) -> datetime:
        return value + self.shift

    def ids(self, value: object) -> object:
        if isinstance(value, str):
            return self.record_id(value)
        if isinstance(value, tuple):
            return tuple(self.record_id(v) for v in value)
        return value  # None

    def redact(self, value: object) -> object:
        # A placeholder, not nothing: whether a text is there (a warning sign's action,
        # a coping skill's steps) is part of the plan's structure, and stays.
        if isinstance(value, tuple):
            return tuple(self.placeholder for _ in value)
        return None if value is None else self.placeholder

    def value(self, value: object) -> object:
        if isinstance(value, Record):
            return self.record(value)
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if type(value) is datetime or type(value) is date:
            return value + self.shift
        return value

    def record(self, record: R) -> R:
        cls: Any = type(record)
        if isinstance(record, Client):
            return typing.cast(
                "R", attrs.evolve(record, pseudonym=self.pseudonym(record.pseudonym), name=None)
            )
        hidden = set(sensitive_fields(cls))
        changes: dict[str, object] = {}
        for field in describe(cls):
            current = getattr(record, field.name)
            if field.name in hidden:
                changes[field.name] = self.redact(current)
            elif id_name(field.type) is not None or (cls, field.name) in _PLAIN_IDS:
                changes[field.name] = self.ids(current)
            else:
                changes[field.name] = self.value(current)
        evolve: typing.Callable[..., R] = attrs.evolve
        return evolve(record, **changes)


def deidentify(
    plan: Plan,
    *,
    key: bytes,
    placeholder: str = DEFAULT_PLACEHOLDER,
    max_shift_days: int = 365,
) -> Plan:
    """A de-identified copy of a plan for research: valid, with a valid history.

    The copy is rebuilt from the plan's history, each change de-identified and applied
    again, so it is a real plan: it validates, serializes, replays, and its review
    codes, progress statuses, coping-graph coverage and single points of failure, and
    GAS T-scores (on the shifted dates) are the same as the original's.

    Args:
        plan: The plan.
        key: A secret key of at least ``MIN_KEY_BYTES`` bytes. The same key gives the
            same output, and the same client the same pseudonym, in every export; a
            different key gives ids that cannot be linked. Never store it with the
            exports.
        placeholder: What every sensitive text becomes (the client's name is dropped).
        max_shift_days: The largest date shift, in days (see
            [`date_shift`][strengthmodel.date_shift]).

    Returns:
        The de-identified plan.

    Raises:
        ValidationError: The key is missing, not bytes, or too short; the placeholder is
            not valid text; or a shifted date falls outside the calendar.

    Examples:
        >>> from strengthmodel import PlanBuilder, SupportRole, dumps
        >>> plan = PlanBuilder("client-7", author="dr-lee").add_support("Ana", SupportRole.HELP,
        ...                                        contact="+44 7700 900123").build()
        >>> research = deidentify(plan, key=b"a secret key of 32 bytes or more")
        >>> research.supports[0].name, research.supports[0].contact
        ('[removed]', '[removed]')
        >>> research.client.pseudonym.startswith("client-"), "Ana" in dumps(research)
        (True, False)
    """
    secret = _check_key(key)
    if type(placeholder) is not str or not placeholder.strip() or len(placeholder) > 100:
        raise ValidationError(
            [Problem("placeholder", "expected non-blank text of at most 100 characters")]
        )
    shift = date_shift(plan, key=secret, max_days=max_shift_days)
    tool = _Deidentifier(plan, secret, placeholder, shift)
    try:
        first = plan.history[0]
        opening = tool.record(first.change)
        if not isinstance(opening, OpenPlan):  # pragma: no cover - a plan's history opens it
            raise ValidationError([Problem("history[0]", "expected the plan's opening")])
        out = Plan.new(
            opening.client,
            plan_id=opening.plan_id,
            author=tool.author(first.author),
            at=tool.moment(first.at),
        )
        for entry in plan.history[1:]:
            out = apply(
                out,
                tool.record(entry.change),
                author=tool.author(entry.author),
                at=tool.moment(entry.at),
            )
    except OverflowError:
        raise ValidationError(
            [Problem("history", "a date shifted by the client's offset falls outside the calendar")]
        ) from None
    return out
