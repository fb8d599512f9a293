"""Typed changes to a plan, and the history entries that record them.

Every edit to a plan is a change record; [`apply`][strengthmodel.apply] turns a plan
and a change into a new plan. Changes are plain data, so they can be stored, sent to
another editor, and replayed (see [`replay`][strengthmodel.replay]).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, as_utc, meta, trusted
from strengthmodel._wire.migrations import migrations
from strengthmodel.client import Client
from strengthmodel.errors import MigrationError, Problem
from strengthmodel.ids import CopingSkillId, GoalId, PlanId, TriggerId, is_valid_id, plain_id
from strengthmodel.plans.registry import RECORD_TYPES, AnyRecord
from strengthmodel.steps.engagement import Readiness, StageOfChange
from strengthmodel.steps.goals import Attainment
from strengthmodel.steps.staying_well import CopingLink

__all__ = [
    "GENESIS_DIGEST",
    "RECORD_TYPES",
    "AddRecord",
    "AnyChange",
    "AnyRecord",
    "HistoryEntry",
    "LinkCoping",
    "OpenPlan",
    "RecordAttainment",
    "RemoveRecord",
    "ReplaceRecord",
    "SetReadiness",
    "SetStage",
    "UnlinkCoping",
    "UpdateClient",
    "chain_entry",
    "chain_intact",
    "entry_digest",
]


@attrs.frozen(kw_only=True)
class OpenPlan(Record):
    """Open a new plan for a client. Always the first change of a history.

    Attributes:
        plan_id: The new plan's id.
        client: Who the plan is for.
    """

    kind = "open-plan"

    plan_id: PlanId = attrs.field(converter=plain_id)
    client: Client


@attrs.frozen(kw_only=True)
class UpdateClient(Record):
    """Replace the client's details (pseudonym, name, language).

    Attributes:
        client: The new details.
    """

    kind = "update-client"

    client: Client


@attrs.frozen(kw_only=True)
class AddRecord(Record):
    """Add a record whose id the plan does not hold yet.

    Attributes:
        record: The record to add.
    """

    kind = "add"

    record: AnyRecord


@attrs.frozen(kw_only=True)
class ReplaceRecord(Record):
    """Replace the record with the same id by a new version of the same kind.

    Attributes:
        record: The new version.
    """

    kind = "replace"

    record: AnyRecord


@attrs.frozen(kw_only=True)
class RemoveRecord(Record):
    """Remove a record. Refused while other records refer to it.

    Coping links to or from the record are removed with it: a link is a relation,
    not a record of its own.

    Attributes:
        record_id: The id of the record to remove.
    """

    kind = "remove"

    record_id: str = attrs.field(metadata=meta(max_length=64))

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.record_id):
            yield Problem(
                "record_id",
                f"expected a record id, got {describe_value(self.record_id, id_position=True)}",
            )


@attrs.frozen(kw_only=True)
class SetStage(Record):
    """Record the client's stage of change (or clear it with ``None``).

    Attributes:
        stage: The stage.
    """

    kind = "set-stage"

    stage: StageOfChange | None


@attrs.frozen(kw_only=True)
class SetReadiness(Record):
    """Record the client's readiness ratings (or clear them with ``None``).

    Attributes:
        readiness: The ratings.
    """

    kind = "set-readiness"

    readiness: Readiness | None


@attrs.frozen(kw_only=True)
class LinkCoping(Record):
    """Say that a coping skill handles a trigger (or update the link's efficacy).

    Attributes:
        link: The link.
    """

    kind = "link-coping"

    link: CopingLink


@attrs.frozen(kw_only=True)
class UnlinkCoping(Record):
    """Remove the link between a trigger and a coping skill.

    Attributes:
        trigger_id: The trigger.
        coping_skill_id: The coping skill.
    """

    kind = "unlink-coping"

    trigger_id: TriggerId = attrs.field(converter=plain_id)
    coping_skill_id: CopingSkillId = attrs.field(converter=plain_id)


@attrs.frozen(kw_only=True)
class RecordAttainment(Record):
    """Rate a goal on its Goal Attainment Scale, on or after the day of its last rating.

    A rating on the same day as the latest one corrects it: the goal keeps the new
    rating, and the history keeps both changes.

    Attributes:
        goal_id: The goal.
        attainment: The rating.
    """

    kind = "record-attainment"

    goal_id: GoalId = attrs.field(converter=plain_id)
    attainment: Attainment


AnyChange = (
    OpenPlan
    | UpdateClient
    | AddRecord
    | ReplaceRecord
    | RemoveRecord
    | SetStage
    | SetReadiness
    | LinkCoping
    | UnlinkCoping
    | RecordAttainment
)
"""Any change that [`apply`][strengthmodel.apply] accepts."""


GENESIS_DIGEST: Final = "0" * 64
"""The digest that the first history entry chains to (32 zero bytes, as hex)."""

DIGEST_PATTERN: Final = "[0-9a-f]{64}"
"""A SHA-256 digest as 64 lowercase hex digits."""


class _BytesSlot(Record):
    """Gives history entries a slot for their canonical JSON bytes, outside the fields.

    An entry's bytes are needed to chain it (its digest covers them) and again each
    time a plan is written; entries are immutable and shared by every later revision
    of their plan, so the codec keeps the bytes with the entry, written once. Outside
    the fields, the slot is never compared, written as a field or validated.
    """

    __slots__ = ("_wire",)


@attrs.frozen(kw_only=True)
class HistoryEntry(_BytesSlot):
    """One change in a plan's history: which revision it made, when, and who made it.

    Entries are hash-chained: ``digest`` is the SHA-256 of the previous entry's digest
    (32 bytes) followed by this entry's canonical JSON without its ``digest`` key (see
    `strengthmodel.plans.changes.entry_digest`). Editing, inserting,
    deleting or reordering entries in a saved plan breaks the chain, and loading it
    names the first entry that no longer matches. [`apply`][strengthmodel.apply]
    computes the digest; build entries through it rather than by hand.

    Attributes:
        revision: The plan revision this change produced (1 for the opening).
        at: When the change was made (time-zone aware; stored in UTC).
        author: Who made it: a user id, not a name (sensitive all the same).
        change: The change.
        digest: SHA-256 chaining this entry to the one before it, as 64 lowercase hex
            digits.
    """

    kind = "history-entry"

    revision: int = attrs.field(metadata=meta(bounds=(1, 2**53)))
    at: datetime = attrs.field(converter=as_utc)
    author: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    change: AnyChange
    digest: str = attrs.field(repr=False, metadata=meta(max_length=64, pattern=DIGEST_PATTERN))


def entry_digest(previous: str, entry: HistoryEntry) -> str:
    """The digest that chains ``entry`` to the entry before it.

    ``SHA-256(bytes.fromhex(previous) + canonical JSON of the entry without "digest")``,
    where the canonical JSON is the entry's body as [`dumps`][strengthmodel.dumps]
    writes it (field order, UTC timestamps, no white space), without the envelope.

    Args:
        previous: The previous entry's digest, or
            [`GENESIS_DIGEST`][strengthmodel.plans.changes.GENESIS_DIGEST] for the first.
        entry: The entry (its own ``digest`` is ignored).

    Returns:
        64 lowercase hex digits.
    """
    # The codec loads on first use, keeping `import strengthmodel` light.
    from strengthmodel.serialization import body_bytes_without  # noqa: PLC0415

    body = body_bytes_without(entry, "digest")
    return hashlib.sha256(bytes.fromhex(previous) + body).hexdigest()


_DIGEST_KEY: Final = b',"digest":"'


def chain_intact(entries: tuple[object, ...]) -> bool:
    """Whether ``entries`` are history entries numbered 1, 2, ... whose digests all chain.

    The same check as [`entry_digest`][strengthmodel.plans.changes.entry_digest] on
    each entry in turn, in one pass: an entry that keeps its canonical bytes (see
    ``strengthmodel._wire.codec``) is hashed from them, without its digest, instead of
    being encoded again.
    """
    from strengthmodel.serialization import body_bytes_without  # noqa: PLC0415 - on first use

    previous = bytes(32)
    sha256 = hashlib.sha256
    for position, entry in enumerate(entries):
        if type(entry) is not HistoryEntry or entry.revision != position + 1:
            return False
        digest = entry.digest
        kept: bytes | None = getattr(entry, "_wire", None)
        # Kept bytes end with ,"digest":"<64 hex digits>"} (hex digits need no escape).
        if (
            kept is not None
            and kept[-77:-66] == _DIGEST_KEY
            and kept[-66:] == b'%s"}' % (digest.encode())
        ):
            body = kept[:-77] + b"}"
        else:
            body = body_bytes_without(entry, "digest")
        found = sha256(previous + body).digest()
        if found.hex() != digest:
            return False
        previous = found
    return True


def chain_entry(
    previous: str, *, revision: int, at: datetime, author: str, change: AnyChange
) -> HistoryEntry:
    """Build the history entry for ``change``, chained to the entry whose digest is ``previous``.

    Raises:
        ValidationError: A field is invalid (an author that is not text, a naive time...).
    """
    draft = HistoryEntry(
        revision=revision, at=at, author=author, change=change, digest=GENESIS_DIGEST
    )
    values = {f.name: getattr(draft, f.name) for f in attrs.fields(HistoryEntry)}
    body = _body_without_digest(draft)
    digest = hashlib.sha256(bytes.fromhex(previous) + body).hexdigest()
    values["digest"] = digest
    entry = trusted(HistoryEntry, values)
    # The entry keeps its canonical bytes: the draft's body, then the digest (the last
    # field; 64 hex digits need no escape), so that writing the plan copies them.
    object.__setattr__(entry, "_wire", b'%s,"digest":"%s"}' % (body[:-1], digest.encode()))
    return entry


def _body_without_digest(entry: HistoryEntry) -> bytes:
    from strengthmodel.serialization import body_bytes_without  # noqa: PLC0415 - on first use

    return body_bytes_without(entry, "digest", keep=False)


@migrations.register(from_version=1)
def _chain_history(document: dict[str, Any]) -> dict[str, Any]:
    """Format 1 to 2: give each history entry of a plan its digest.

    Version-1 plans had no hash chain, so the chain is computed when they are first
    read: it protects them from then on, not before. A version-1 history entry saved
    on its own cannot be chained (its digest depends on the entries before it).
    """
    from strengthmodel.serialization import from_body  # noqa: PLC0415 - loaded on first use

    kind = document.get("format")
    if kind == "strengthmodel.history-entry":
        raise MigrationError(
            [
                Problem(
                    "$",
                    "a version-1 history entry has no digest and cannot be chained on its "
                    "own; load the plan it belongs to",
                )
            ]
        )
    history = document.get("history")
    if kind != "strengthmodel.plan" or type(history) is not list:
        return document
    chained: list[object] = []
    previous = GENESIS_DIGEST
    for position, raw in enumerate(history):
        if type(raw) is not dict or "digest" in raw:
            return document  # not a version-1 history: let decoding report it
        entry = from_body(
            {**raw, "digest": GENESIS_DIGEST}, HistoryEntry, path=f"$.history[{position}]"
        )
        previous = entry_digest(previous, entry)
        chained.append({**raw, "digest": previous})
    return {**document, "history": chained}
