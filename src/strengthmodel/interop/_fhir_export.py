"""Plan to FHIR R4B Bundle: the writing half of [`strengthmodel.interop.fhir`][]."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from strengthmodel._fields import check_argument
from strengthmodel.interop import _fhir_codes as c
from strengthmodel.measures.instruments import Flag
from strengthmodel.plans.changes import AddRecord, HistoryEntry, RecordAttainment, ReplaceRecord
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.assessment import Assessment
from strengthmodel.steps.challenges import Challenge, ChallengeOutcome
from strengthmodel.steps.goals import Attainment, Goal
from strengthmodel.steps.staying_well import CopingSkill, Support

__all__ = ["CHALLENGE_STATUS", "Json", "to_fhir"]

Json = dict[str, Any]

CHALLENGE_STATUS: dict[ChallengeOutcome, str] = {
    ChallengeOutcome.NOT_STARTED: "not-started",
    ChallengeOutcome.ATTEMPTED: "in-progress",
    ChallengeOutcome.DONE: "completed",
    ChallengeOutcome.DROPPED: "stopped",
}
"""Challenge outcome to ``CarePlan.activity.detail.status`` (one to one)."""

_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,}$")


def _coding(system: str, code: str, display: str | None = None) -> Json:
    coding: Json = {"system": system, "code": code}
    if display is not None:
        coding["display"] = display
    return coding


def _concept(system: str, code: str, display: str | None = None) -> Json:
    return {"coding": [_coding(system, code, display)]}


def _record_id(record_id: str) -> list[Json]:
    return [{"system": c.identifier_system("record-id"), "value": record_id}]


def _ext(name: str, key: str, value: object) -> Json:
    return {"url": c.extension(name), key: value}


def _survey() -> list[Json]:
    return [_concept(c.OBSERVATION_CATEGORY, "survey", "Survey")]


def _masked() -> Json:
    """A required element left out on purpose (FHIR data-absent-reason ``masked``)."""
    return {"extension": [{"url": c.DATA_ABSENT, "valueCode": "masked"}]}


class _Writer:
    """Builds the bundle's entries with deterministic ``urn:uuid:`` full URLs."""

    def __init__(self, plan: Plan, *, include_sensitive: bool) -> None:
        self.plan = plan
        self.sensitive = include_sensitive
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"{c.CANONICAL}/plan/{plan.id}")
        self.entries: list[Json] = []
        self.urls: dict[str, str] = {}  # record id (or a key) -> full URL
        self.patient = self.url("Patient", "client")
        self.careplan = self.url("CarePlan", "plan")

    def url(self, resource_type: str, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, f'{resource_type}/{key}')}"

    def add(self, resource: Json, full_url: str, *, record_id: str | None = None) -> None:
        resource = {
            "resourceType": resource["resourceType"],
            "id": full_url.removeprefix("urn:uuid:"),
            **resource,
        }
        self.entries.append({"fullUrl": full_url, "resource": resource})
        if record_id is not None:
            self.urls[record_id] = full_url

    def subject(self) -> Json:
        return {"reference": self.patient}

    # -- resources --------------------------------------------------------------------

    def write(self) -> Json:
        plan = self.plan
        self.add(self.patient_resource(), self.patient)
        for support in plan.supports if self.sensitive else ():
            self.add(*self.support(support), record_id=support.id)
        if self.sensitive and any(s.role.is_service for s in plan.supports):
            self.add(self.care_team(), self.url("CareTeam", "team"))
        goals = [self.goal(goal) for goal in plan.goals]
        self.add(self.care_plan(), self.careplan)
        for goal, resource in zip(plan.goals, goals, strict=True):
            self.add(resource, self.url("Goal", goal.id), record_id=goal.id)
            for attainment in goal.attainments:
                key = f"{goal.id}/{attainment.rated_on.isoformat()}"
                self.add(self.gas_score(goal, attainment), self.url("Observation", key))
        self.stage()
        self.readiness()
        for assessment in plan.assessments:
            self.assessment(assessment)
        for index, entry in enumerate(plan.history, start=1):
            self.add(self.provenance(entry), self.url("Provenance", str(index)))
        last = plan.history[-1].at if plan.history else None
        bundle: Json = {
            "resourceType": "Bundle",
            "id": str(self.namespace),
            "identifier": {"system": c.identifier_system("plan-id"), "value": plan.id},
            "type": "collection",
        }
        if last is not None:
            bundle["timestamp"] = _instant(last)
        bundle["entry"] = self.entries
        return bundle

    def patient_resource(self) -> Json:
        client = self.plan.client
        patient: Json = {
            "resourceType": "Patient",
            "identifier": [{"system": c.identifier_system("pseudonym"), "value": client.pseudonym}],
        }
        if self.sensitive and client.name is not None:
            patient["name"] = [{"text": client.name}]
        patient["communication"] = [
            {
                "language": _concept(c.BCP47, client.preferred_language),
                "preferred": True,
            }
        ]
        return patient

    def support(self, support: Support) -> tuple[Json, str]:
        resource_type = "Organization" if support.role.is_service else "RelatedPerson"
        role: Json = _concept(c.system("support-role"), support.role.value)
        if support.relation is not None:
            role["text"] = support.relation
        resource: Json = {"resourceType": resource_type, "identifier": _record_id(support.id)}
        extensions = []
        if support.availability is not None:
            extensions.append(_ext("support-availability", "valueString", support.availability))
        if support.notes is not None:
            extensions.append(_ext("support-notes", "valueString", support.notes))
        if extensions:
            resource["extension"] = extensions
        if resource_type == "RelatedPerson":
            resource["patient"] = self.subject()
            resource["relationship"] = [role]
            resource["name"] = [{"text": support.name}]
        else:
            resource["type"] = [role]
            resource["name"] = support.name
        if support.contact is not None:
            kind = "phone" if _PHONE.fullmatch(support.contact) else "other"
            resource["telecom"] = [{"system": kind, "value": support.contact}]
        return resource, self.url(resource_type, support.id)

    def care_team(self) -> Json:
        participants = [
            {
                "role": [_concept(c.system("support-role"), support.role.value)],
                "member": {"reference": self.urls[support.id]},
            }
            for support in self.plan.supports
            if support.role.is_service
        ]
        return {
            "resourceType": "CareTeam",
            "status": "active",
            "subject": self.subject(),
            "participant": participants,
        }

    def care_plan(self) -> Json:
        plan = self.plan
        resource: Json = {
            "resourceType": "CarePlan",
            "identifier": [{"system": c.identifier_system("plan-id"), "value": plan.id}],
            "status": "active",
            "intent": "plan",
            "title": "Strength-based plan",
            "subject": self.subject(),
        }
        if plan.history:
            resource["created"] = _instant(plan.history[0].at)
        if plan.goals:
            resource["goal"] = [{"reference": self.url("Goal", g.id)} for g in plan.goals]
        activities = [self.challenge(ch) for ch in plan.challenges]
        activities += [self.coping_skill(skill) for skill in plan.coping_skills]
        if activities:
            resource["activity"] = activities
        return resource

    def challenge(self, challenge: Challenge) -> Json:
        detail: Json = {
            "code": _concept(c.system("activity"), "challenge", "Challenge (growth task)"),
            "status": CHALLENGE_STATUS[challenge.outcome],
        }
        if self.sensitive:  # the client's words: only when asked for
            detail["description"] = challenge.description
        extensions = [
            _ext("record-id", "valueString", challenge.id),
            _ext("challenge-difficulty", "valueInteger", challenge.difficulty),
        ]
        if challenge.done_on is not None:
            extensions.append(_ext("challenge-done-on", "valueDate", challenge.done_on.isoformat()))
        detail["extension"] = extensions
        if challenge.goal_id is not None:
            detail["goal"] = [{"reference": self.url("Goal", challenge.goal_id)}]
        if challenge.due is not None:
            detail["scheduledPeriod"] = {"end": challenge.due.isoformat()}
        if self.sensitive and challenge.responsible is not None:
            detail["performer"] = [{"display": challenge.responsible}]
        activity: Json = {"detail": detail}
        if self.sensitive and challenge.reflection is not None:
            activity["progress"] = [{"text": challenge.reflection}]
        return activity

    def coping_skill(self, skill: CopingSkill) -> Json:
        code = _concept(c.system("activity"), "coping-skill", "Coping skill")
        code["coding"].append(_coding(c.system("coping-level"), skill.level.value))
        extensions = [
            _ext("record-id", "valueString", skill.id),
            _ext("coping-skill-mastery", "valueDecimal", skill.mastery),
        ]
        if self.sensitive:
            extensions += [_ext("coping-skill-step", "valueString", s) for s in skill.steps]
        detail: Json = {"extension": extensions, "code": code, "status": "scheduled"}
        if self.sensitive:
            detail["description"] = skill.name
        if self.sensitive and skill.support_ids:
            detail["performer"] = [{"reference": self.urls[s]} for s in skill.support_ids]
        return {"detail": detail}

    def gas_levels(self, goal: Goal) -> list[Json]:
        """The PCO goal-attainment-scaling extensions, one per level (texts if sensitive)."""
        extensions: list[Json] = []
        if goal.scale is not None:
            for level in (2, 1, 0, -1, -2):
                answer, display = c.GAS_ANSWERS[level]
                parts: list[Json] = [
                    {"url": "level", "valueCoding": _coding(c.LOINC, answer, display)}
                ]
                if self.sensitive:  # level descriptions are in the client's words
                    parts.append({"url": "text", "valueString": goal.scale.describe(level)})
                extensions.append({"url": c.GAS_EXTENSION, "extension": parts})
        return extensions

    def goal(self, goal: Goal) -> Json:
        extensions = self.gas_levels(goal)
        extensions.append(
            {
                "url": c.extension("goal-attainment-weighting"),
                "extension": [
                    {"url": "importance", "valueInteger": goal.importance},
                    {"url": "difficulty", "valueInteger": goal.difficulty},
                    {"url": "baseline", "valueInteger": goal.baseline},
                ],
            }
        )
        profile = (
            c.GAS_GOAL_PROFILE
            if goal.scale is not None
            else f"{c.PCO}/StructureDefinition/pco-goal-profile"
        )
        resource: Json = {
            "resourceType": "Goal",
            "meta": {"profile": [profile]},
            "extension": extensions,
            "identifier": _record_id(goal.id),
            "lifecycleStatus": goal.lifecycle.value,
        }
        if goal.achievement is not None:
            resource["achievementStatus"] = _concept(c.GOAL_ACHIEVEMENT, goal.achievement.value)
        resource["description"] = {"text": goal.statement} if self.sensitive else _masked()
        resource["subject"] = self.subject()
        resource["startDate"] = self.added_on(goal.id).isoformat()
        resource["expressedBy"] = self.subject()
        target: Json = {}
        # A target with a detail needs a measure (invariant gol-1).
        if goal.scale is not None or goal.measure is not None or goal.target is not None:
            measure: Json = {}
            if goal.scale is not None:
                measure["coding"] = [_coding(c.LOINC, *c.GAS_MEASURE)]
            if self.sensitive and goal.measure is not None:
                measure["text"] = goal.measure
            target["measure"] = measure
        if self.sensitive and goal.target is not None:
            target["detailString"] = goal.target
        if goal.due is not None:
            target["dueDate"] = goal.due.isoformat()
        if target:
            resource["target"] = [target]
        return resource

    def added_on(self, record_id: str) -> date:
        """The day a record was first added (the Goal's start date)."""
        for entry in self.plan.history:
            change = entry.change
            if isinstance(change, AddRecord | ReplaceRecord) and change.record.id == record_id:
                return entry.at.date()
        return self.plan.history[0].at.date()

    def gas_score(self, goal: Goal, attainment: Attainment) -> Json:
        answer, display = c.GAS_ANSWERS[attainment.level]
        resource: Json = {
            "resourceType": "Observation",
            "meta": {"profile": [c.GAS_OBSERVATION_PROFILE]},
            "status": "final",
            "category": _survey(),
            "code": _concept(c.LOINC, *c.GAS_MEASURE),
            "subject": self.subject(),
            "focus": [{"reference": self.url("Goal", goal.id)}],
            "effectiveDateTime": attainment.rated_on.isoformat(),
            "valueCodeableConcept": _concept(c.LOINC, answer, display),
        }
        if self.sensitive and attainment.note is not None:
            resource["note"] = [{"text": attainment.note}]
        return resource

    def stage(self) -> None:
        stage = self.plan.stage
        if stage is None:
            return
        resource: Json = {
            "resourceType": "Observation",
            "status": "final",
            "category": _survey(),
            "code": _concept(c.system("observation"), "stage-of-change", "Stage of change (TTM)"),
            "subject": self.subject(),
            "valueCodeableConcept": _concept(c.system("stage-of-change"), stage.value),
        }
        self.add(resource, self.url("Observation", "stage-of-change"))

    def readiness(self) -> None:
        readiness = self.plan.readiness
        if readiness is None:
            return
        panel_url = self.url("Observation", "readiness")
        members = []
        for aspect, value in (
            ("importance", readiness.importance),
            ("confidence", readiness.confidence),
        ):
            member = self.readiness_observation(aspect)
            member["valueCodeableConcept"] = _concept(
                c.LOINC, c.READINESS_ANSWERS[value], str(value)
            )
            member["derivedFrom"] = [{"reference": panel_url}]
            members.append((member, self.url("Observation", f"readiness/{aspect}")))
        panel = self.readiness_observation("readiness-assessment")
        panel["hasMember"] = [{"reference": url} for _, url in members]
        self.add(panel, panel_url)
        for member, url in members:
            self.add(member, url)

    def readiness_observation(self, code: str) -> Json:
        resource: Json = {
            "resourceType": "Observation",
            "meta": {"profile": [c.READINESS_PROFILE]},
            "status": "final",
            "category": _survey(),
            "code": _concept(c.READINESS_SYSTEM, code),
            "subject": self.subject(),
        }
        assessed_on = self.plan.readiness.assessed_on if self.plan.readiness else None
        if assessed_on is not None:
            resource["effectiveDateTime"] = assessed_on.isoformat()
        resource["performer"] = [self.subject()]
        return resource

    def assessment(self, assessment: Assessment) -> None:
        response_url = self.url("QuestionnaireResponse", assessment.id)
        items = []
        for response in assessment.responses:
            item: Json = {"linkId": response.item}
            if response.value is not None:
                item["answer"] = [{"valueInteger": response.value}]
            items.append(item)
        response_resource: Json = {
            "resourceType": "QuestionnaireResponse",
            "identifier": _record_id(assessment.id)[0],
            "questionnaire": (
                f"{c.CANONICAL}/Questionnaire/{assessment.instrument}"
                f"|{assessment.instrument_version}"
            ),
            "status": "completed",
            "subject": self.subject(),
            "authored": assessment.completed_on.isoformat(),
        }
        if items:
            response_resource["item"] = items
        # The band and critical answers as computed when recorded, in our own extensions
        # (no standard element holds them on a QuestionnaireResponse).
        extensions: list[Json] = []
        if assessment.band is not None:
            extensions.append(
                {"url": c.extension("assessment-band"), "valueString": assessment.band}
            )
        extensions += [_flag_extension(flag, sensitive=self.sensitive) for flag in assessment.flags]
        if extensions:
            response_resource["extension"] = extensions
        self.add(response_resource, response_url, record_id=assessment.id)
        for index, score in enumerate(assessment.scores):
            code = _concept(c.system("instrument-score"), assessment.instrument)
            loinc = c.TOTAL_LOINC.get(assessment.instrument)
            if loinc is not None and score.name == "total":
                code["coding"].insert(0, _coding(c.LOINC, loinc))
            code["text"] = score.name
            observation: Json = {
                "resourceType": "Observation",
                "status": "final",
                "category": _survey(),
                "code": code,
                "subject": self.subject(),
                "effectiveDateTime": assessment.completed_on.isoformat(),
                "valueQuantity": {
                    "value": score.value,
                    "system": c.UCUM,
                    "code": "{score}",
                    "unit": "{score}",
                },
                "derivedFrom": [{"reference": response_url}],
            }
            self.add(observation, self.url("Observation", f"{assessment.id}/score/{index}"))

    def provenance(self, entry: HistoryEntry) -> Json:
        change = entry.change
        target = self.careplan
        if isinstance(change, AddRecord | ReplaceRecord):
            target = self.urls.get(change.record.id, target)
        elif isinstance(change, RecordAttainment):
            target = self.urls.get(change.goal_id, target)
        who: Json = (
            {"identifier": {"system": c.identifier_system("author"), "value": entry.author}}
            if self.sensitive
            else _masked()
        )
        return {
            "resourceType": "Provenance",
            "target": [{"reference": target}],
            "recorded": _instant(entry.at),
            "activity": _concept(c.system("change-kind"), change.kind),
            "agent": [{"who": who}],
        }


def _flag_extension(flag: Flag, *, sensitive: bool) -> Json:
    parts: list[Json] = [
        {"url": "item", "valueString": flag.item},
        {"url": "value", "valueInteger": flag.value},
    ]
    if flag.reason is not None and sensitive:  # prose, sensitive like all free text
        parts.append({"url": "reason", "valueString": flag.reason})
    return {"url": c.extension("assessment-flag"), "extension": parts}


def _instant(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def to_fhir(plan: Plan, *, include_sensitive: bool = False) -> Json:
    """Export a plan as a FHIR R4B ``Bundle`` of type ``collection`` (HL7 PCO IG).

    The same plan always gives the same bundle: full URLs are ``urn:uuid:`` UUIDs derived
    from the plan and record ids, and the timestamp is the last change's.

    Args:
        plan: The plan to export.
        include_sensitive: Also write what identifies the client or holds their words:
            the client's name, goal statements, rating notes, challenge reflections, the
            supports (names and contacts) and who made each change. Off by default;
            required elements are then written with the ``data-absent-reason``
            extension, code ``masked``.

    Returns:
        The bundle as a JSON-ready ``dict`` (write it with any JSON library).

    Examples:
        >>> import strengthmodel as sm
        >>> bundle = sm.to_fhir(sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee"))
        >>> bundle["type"], [e["resource"]["resourceType"] for e in bundle["entry"]]
        ('collection', ['Patient', 'CarePlan', 'Provenance'])
    """
    check_argument("plan", plan, Plan)
    check_argument("include_sensitive", include_sensitive, bool)
    return _Writer(plan, include_sensitive=include_sensitive).write()
