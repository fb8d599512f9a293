"""Typed changes to a plan, and the history entries that record them.

Every edit to a plan is a change record; [`apply`][strengthmodel.apply] turns a plan
and a change into a new plan. Changes are plain data, so they can be stored, sent to
another editor, and replayed (see [`replay`][strengthmodel.replay]).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from strengthmodel._fields import Record, as_utc, meta
from strengthmodel.client import Client
from strengthmodel.errors import Problem
from strengthmodel.ids import CopingSkillId, GoalId, PlanId, TriggerId, is_valid_id
from strengthmodel.steps.assessment import Assessment, LifeDomainAssessment
from strengthmodel.steps.challenges import Challenge
from strengthmodel.steps.engagement import (
    PersonalValue,
    Priority,
    Readiness,
    ReadinessRating,
    StageOfChange,
)
from strengthmodel.steps.goals import Attainment, Goal
from strengthmodel.steps.listening import Concern, Session
from strengthmodel.steps.staying_well import (
    CopingLink,
    CopingSkill,
    Lapse,
    ReasonForLiving,
    Resource,
    RoutineItem,
    SafetyAction,
    Support,
    Trigger,
    WarningSign,
)
from strengthmodel.steps.strengths import Strength

__all__ = [
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
]

AnyRecord = (
    Concern
    | Session
    | Priority
    | PersonalValue
    | Strength
    | Challenge
    | Assessment
    | LifeDomainAssessment
    | Goal
    | Trigger
    | WarningSign
    | CopingSkill
    | Support
    | SafetyAction
    | ReasonForLiving
    | RoutineItem
    | Lapse
    | ReadinessRating
    | Resource
)
"""Any record that a plan keeps by id."""

RECORD_TYPES: tuple[type[AnyRecord], ...] = (
    Concern,
    Session,
    Priority,
    PersonalValue,
    Strength,
    Challenge,
    Assessment,
    LifeDomainAssessment,
    Goal,
    Trigger,
    WarningSign,
    CopingSkill,
    Support,
    SafetyAction,
    ReasonForLiving,
    RoutineItem,
    Lapse,
    ReadinessRating,
    Resource,
)
"""Every record type a plan keeps by id, in the plan's order."""


@attrs.frozen(kw_only=True)
class OpenPlan(Record):
    """Open a new plan for a client. Always the first change of a history.

    Attributes:
        plan_id: The new plan's id.
        client: Who the plan is for.
    """

    kind = "open-plan"

    plan_id: PlanId
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
            yield Problem("record_id", f"expected a record id, got {self.record_id!r}")


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

    trigger_id: TriggerId
    coping_skill_id: CopingSkillId


@attrs.frozen(kw_only=True)
class RecordAttainment(Record):
    """Rate a goal on its Goal Attainment Scale on a date after its last rating.

    Attributes:
        goal_id: The goal.
        attainment: The rating.
    """

    kind = "record-attainment"

    goal_id: GoalId
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


@attrs.frozen(kw_only=True)
class HistoryEntry(Record):
    """One change in a plan's history: which revision it made, when, and who made it.

    Attributes:
        revision: The plan revision this change produced (1 for the opening).
        at: When the change was made (time-zone aware; stored in UTC).
        author: Who made it: a user id, not a name (sensitive all the same).
        change: The change.
    """

    kind = "history-entry"

    revision: int = attrs.field(metadata=meta(bounds=(1, 2**53)))
    at: datetime = attrs.field(converter=as_utc)
    author: str = attrs.field(repr=False, metadata=meta(sensitive=True, max_length=200))
    change: AnyChange
