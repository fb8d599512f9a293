"""FHIR R4B Bundle to plan: the reading half of [`strengthmodel.interop.fhir`][]."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, NoReturn, TypeVar

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record
from strengthmodel.client import Client
from strengthmodel.errors import Problem, StrengthModelError, ValidationError
from strengthmodel.interop import _fhir_codes as c
from strengthmodel.interop._fhir_export import CHALLENGE_STATUS
from strengthmodel.measures.instruments import BUILTIN_INSTRUMENTS, Flag, builtin_instrument
from strengthmodel.plans.apply import apply
from strengthmodel.plans.changes import AddRecord, AnyChange, SetReadiness, SetStage
from strengthmodel.plans.plan import Plan
from strengthmodel.steps.assessment import Assessment, ItemResponse, Score
from strengthmodel.steps.challenges import Challenge
from strengthmodel.steps.engagement import Readiness, StageOfChange
from strengthmodel.steps.goals import (
    Attainment,
    GasScale,
    Goal,
    GoalAchievementStatus,
    GoalLifecycleStatus,
)
from strengthmodel.steps.staying_well import CopingLevel, CopingSkill, Support, SupportRole

__all__ = ["WITHHELD", "from_fhir"]

WITHHELD = "(withheld in the export)"
"""The text of an imported record whose words the export withheld (a goal's statement,
a challenge's description, a coping skill's name): a default export carries no client
text."""

T = TypeVar("T")
R = TypeVar("R", bound=Record)

_OUTCOME_OF = {status: outcome for outcome, status in CHALLENGE_STATUS.items()}
_LEVEL_OF = {answer: level for level, (answer, _) in c.GAS_ANSWERS.items()}
_RATING_OF = {answer: value for value, answer in enumerate(c.READINESS_ANSWERS)}


def _fail(path: str, message: str) -> NoReturn:
    raise ValidationError([Problem(path, message)])


class _Node:
    """A JSON object with its path, read with typed, path-reporting accessors."""

    def __init__(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            _fail(path, f"expected an object, got {describe_value(value, wire=True)}")
        self.value: dict[str, Any] = value
        self.path = path

    def get(self, key: str, kind: type[T]) -> T | None:
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = {str: "a string", int: "an integer", list: "an array"}.get(kind, "")
            _fail(
                f"{self.path}.{key}", f"expected {expected}, got {describe_value(value, wire=True)}"
            )
        return value

    def need(self, key: str, kind: type[T]) -> T:
        value = self.get(key, kind)
        if value is None:
            _fail(f"{self.path}.{key}", "required, but missing")
        return value

    def child(self, key: str) -> _Node | None:
        value = self.value.get(key)
        return None if value is None else _Node(value, f"{self.path}.{key}")

    def children(self, key: str) -> Iterator[_Node]:
        for index, value in enumerate(self.get(key, list) or ()):
            yield _Node(value, f"{self.path}.{key}[{index}]")

    def number(self, key: str) -> float:
        value = self.value.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            _fail(
                f"{self.path}.{key}", f"expected a number, got {describe_value(value, wire=True)}"
            )
        return value

    def codes(self, system: str) -> list[str]:
        """The codes of this CodeableConcept's codings in ``system``."""
        return [
            coding.need("code", str)
            for coding in self.children("coding")
            if coding.get("system", str) == system
        ]

    def code(self, key: str, system: str) -> str | None:
        concept = self.child(key)
        codes = concept.codes(system) if concept is not None else []
        return codes[0] if codes else None

    def extensions(self, url: str) -> Iterator[_Node]:
        for extension in self.children("extension"):
            if extension.get("url", str) == url:
                yield extension

    def extension(self, url: str, key: str, kind: type[T]) -> T | None:
        for extension in self.extensions(url):
            return extension.need(key, kind)
        return None


def _builtin_flags(
    instrument: str, version: str, responses: list[ItemResponse]
) -> tuple[Flag, ...]:
    """The critical answers of a built-in instrument's responses, for a foreign bundle.

    Another system's bundle has no flag extension of ours; a critical answer is never
    imported unflagged. Responses that do not fit are left to the record's own check,
    which locates them.
    """
    if instrument not in BUILTIN_INSTRUMENTS:
        return ()
    definition = builtin_instrument(instrument)
    if definition.edition != version:
        return ()
    try:
        return definition.flags_of({r.item: r.value for r in responses})
    except ValidationError:
        return ()


def _flag(extension: _Node) -> Flag:
    """A critical answer, from our ``assessment-flag`` extension."""
    parts = {part.need("url", str): part for part in extension.children("extension")}
    fields: dict[str, object] = {}
    for name, key, kind in (
        ("item", "valueString", str),
        ("value", "valueInteger", int),
        ("reason", "valueString", str),
    ):
        part = parts.get(name)
        if part is not None:
            fields[name] = part.need(key, kind)
    return _build(Flag, extension.path, **fields)


def _enum(enum_type: Callable[[str], T], value: str, path: str) -> T:
    try:
        return enum_type(value)
    except ValueError:
        codes = [m.value for m in getattr(enum_type, "__members__", {}).values()]
        _fail(path, f"unknown code ({describe_value(value, codes=codes)})")


def _date(value: str, path: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        _fail(path, f"expected a date (YYYY-MM-DD), got {describe_value(value)}")


def _build(cls: Callable[..., R], path: str, **fields: object) -> R:
    try:
        return cls(**fields)
    except ValidationError as error:
        # The path names the resource; the message names the record field it maps to.
        problems = [Problem(path, f"{p.path}: {p.message}") for p in error.problems]
        raise ValidationError(problems) from None


class _Reader:
    """Reads a bundle's resources into the records of a plan."""

    def __init__(self, bundle: object) -> None:
        root = _Node(bundle, "$")
        kind = root.value.get("resourceType")
        if kind != "Bundle":
            got = "no resourceType" if kind is None else describe_value(kind)
            _fail("$.resourceType", f"expected a FHIR Bundle ('Bundle'), got {got}")
        self.root = root
        self.by_url: dict[str, _Node] = {}
        self.by_type: dict[str, list[_Node]] = {}
        self.resources: list[_Node] = []
        for entry in root.children("entry"):
            resource = entry.child("resource")
            if resource is None:
                _fail(f"{entry.path}.resource", "required, but missing")
            resource_type = resource.need("resourceType", str)
            self.by_type.setdefault(resource_type, []).append(resource)
            self.resources.append(resource)
            full_url = entry.get("fullUrl", str)
            if full_url is not None:
                self.by_url[full_url] = resource

    def one(self, resource_type: str) -> _Node:
        found = self.by_type.get(resource_type, [])
        if len(found) != 1:
            _fail("$.entry", f"expected exactly one {resource_type}, got {len(found)}")
        return found[0]

    def care_plan(self) -> _Node | None:
        """The bundle's CarePlan; a bundle from another system may have none."""
        found = self.by_type.get("CarePlan", [])
        if len(found) > 1:
            _fail("$.entry", f"expected at most one CarePlan, got {len(found)}")
        return found[0] if found else None

    def record_id(self, node: _Node) -> str:
        # QuestionnaireResponse has a single identifier; other resources have a list.
        raw = node.value.get("identifier")
        single = isinstance(raw, dict)
        identifiers = [node.child("identifier")] if single else list(node.children("identifier"))
        for identifier in identifiers:
            if identifier is not None and identifier.get("system", str) == c.identifier_system(
                "record-id"
            ):
                return identifier.need("value", str)
        # A resource written by another system has no record id of ours: use its own id.
        resource_id = node.get("id", str)
        if resource_id is None:
            _fail(f"{node.path}.identifier", "expected a strengthmodel record id or a resource id")
        return resource_id

    def reference(self, node: _Node | None) -> _Node | None:
        """The resource a Reference points to within the bundle."""
        url = node.get("reference", str) if node is not None else None
        return self.by_url.get(url) if url is not None else None

    # -- records ----------------------------------------------------------------------

    def client(self) -> tuple[str, Client]:
        patient = self.one("Patient")
        pseudonym = None
        for identifier in patient.children("identifier"):
            if identifier.get("system", str) == c.identifier_system("pseudonym"):
                pseudonym = identifier.need("value", str)
        pseudonym = pseudonym or patient.get("id", str)
        if pseudonym is None:
            _fail(f"{patient.path}.identifier", "expected the client's pseudonym or a Patient id")
        names = list(patient.children("name"))
        language = "en"
        for communication in patient.children("communication"):
            language = communication.code("language", c.BCP47) or language
        fields: dict[str, object] = {"pseudonym": pseudonym, "preferred_language": language}
        if names:
            given = names[0].get("given", list) or []
            parts = [*(g for g in given if isinstance(g, str)), names[0].get("family", str)]
            spelled = " ".join(p for p in parts if p)
            fields["name"] = names[0].get("text", str) or spelled or None
        plan_id = "plan-1"
        care_plan = self.care_plan()
        if care_plan is not None:
            plan_id = care_plan.get("id", str) or plan_id
            for identifier in care_plan.children("identifier"):
                if identifier.get("system", str) == c.identifier_system("plan-id"):
                    plan_id = identifier.need("value", str)
        return plan_id, _build(Client, patient.path, **fields)

    def supports(self) -> Iterator[Support]:
        for node in self.resources:
            resource_type = node.value["resourceType"]
            if resource_type in {"RelatedPerson", "Organization"}:
                key = "relationship" if resource_type == "RelatedPerson" else "type"
                concept = next(node.children(key), None)
                if concept is None:
                    continue
                role_code = concept.codes(c.system("support-role"))
                if not role_code:
                    continue
                if resource_type == "RelatedPerson":
                    names = list(node.children("name"))
                    name = names[0].get("text", str) if names else None
                else:
                    name = node.get("name", str)
                telecom = list(node.children("telecom"))
                yield _build(
                    Support,
                    node.path,
                    id=self.record_id(node),
                    name=name or WITHHELD,
                    role=_enum(SupportRole, role_code[0], f"{concept.path}.coding"),
                    relation=concept.get("text", str),
                    contact=telecom[0].get("value", str) if telecom else None,
                    availability=node.extension(
                        c.extension("support-availability"), "valueString", str
                    ),
                    notes=node.extension(c.extension("support-notes"), "valueString", str),
                )

    def attainments(self) -> dict[str, list[Attainment]]:
        found: dict[str, list[Attainment]] = {}
        for node in self.by_type.get("Observation", []):
            code = node.child("code")
            if code is None or not set(code.codes(c.LOINC)) & c.GAS_CODES:
                continue
            goal = next((self.reference(f) for f in node.children("focus")), None)
            if goal is None or goal.value.get("resourceType") != "Goal":
                _fail(f"{node.path}.focus", "expected a reference to a Goal in the bundle")
            answer = node.code("valueCodeableConcept", c.LOINC)
            if answer not in _LEVEL_OF:
                _fail(f"{node.path}.valueCodeableConcept", "expected a LOINC answer of LL6900-6")
            notes = list(node.children("note"))
            found.setdefault(self.record_id(goal), []).append(
                _build(
                    Attainment,
                    node.path,
                    rated_on=_date(
                        node.need("effectiveDateTime", str), f"{node.path}.effectiveDateTime"
                    ),
                    level=_LEVEL_OF[answer],
                    note=notes[0].get("text", str) if notes else None,
                )
            )
        return found

    def goals(self) -> Iterator[Goal]:  # noqa: C901 - one branch per element of a PCO goal
        attainments = self.attainments()
        for node in self.by_type.get("Goal", []):
            goal_id = self.record_id(node)
            levels = {}
            withheld = 0
            for extension in node.extensions(c.GAS_EXTENSION):
                parts = {e.need("url", str): e for e in extension.children("extension")}
                level = parts.get("level")
                text = parts.get("text")
                if level is not None and text is None:
                    # A default (de-sensitised) export withholds the descriptions, which
                    # are in the client's words: the goal comes back without its scale.
                    withheld += 1
                    continue
                if level is None or text is None:
                    _fail(extension.path, "expected the sub-extensions level and text")
                coding = _Node(level.need("valueCoding", dict), f"{level.path}.valueCoding")
                answer = coding.need("code", str)
                if answer not in _LEVEL_OF:
                    _fail(
                        f"{coding.path}.code",
                        "expected a LOINC answer of LL6900-6, got "
                        f"{describe_value(answer, codes=tuple(_LEVEL_OF))}",
                    )
                levels[_LEVEL_OF[answer]] = text.need("valueString", str)
            scale = None
            if levels and withheld:
                _fail(f"{node.path}.extension", "expected all five GAS level descriptions")
            if levels:
                if len(levels) != 5:
                    _fail(f"{node.path}.extension", "expected all five GAS level descriptions")
                scale = _build(
                    GasScale,
                    f"{node.path}.extension",
                    much_less=levels[-2],
                    less=levels[-1],
                    expected=levels[0],
                    more=levels[1],
                    much_more=levels[2],
                )
            weighting: dict[str, object] = {}
            for extension in node.extensions(c.extension("goal-attainment-weighting")):
                for part in extension.children("extension"):
                    weighting[part.need("url", str)] = part.need("valueInteger", int)
            targets = list(node.children("target"))
            target = targets[0] if targets else None
            measure = target.child("measure") if target is not None else None
            description = node.child("description")
            statement = description.get("text", str) if description is not None else None
            achievement = node.code("achievementStatus", c.GOAL_ACHIEVEMENT)
            yield _build(
                Goal,
                node.path,
                id=goal_id,
                statement=statement or WITHHELD,
                measure=measure.get("text", str) if measure is not None else None,
                target=target.get("detailString", str) if target is not None else None,
                due=_date(d, f"{target.path}.dueDate")
                if target is not None and (d := target.get("dueDate", str))
                else None,
                scale=scale,
                **{
                    k: v
                    for k, v in weighting.items()
                    if k in {"importance", "difficulty", "baseline"}
                },
                lifecycle=_enum(
                    GoalLifecycleStatus,
                    node.need("lifecycleStatus", str),
                    f"{node.path}.lifecycleStatus",
                ),
                achievement=_enum(
                    GoalAchievementStatus, achievement, f"{node.path}.achievementStatus"
                )
                if achievement is not None
                else None,
                attainments=tuple(sorted(attainments.get(goal_id, []), key=lambda a: a.rated_on)),
            )

    def activities(self) -> Iterator[Challenge | CopingSkill]:
        care_plan = self.care_plan()
        if care_plan is None:
            return
        for activity in care_plan.children("activity"):
            detail = activity.child("detail")
            if detail is None:
                continue
            kind = detail.code("code", c.system("activity"))
            record_id = detail.extension(c.extension("record-id"), "valueString", str)
            if kind is None or record_id is None:
                continue
            if kind == "challenge":
                yield self.challenge(activity, detail, record_id)
            elif kind == "coping-skill":
                yield self.coping_skill(detail, record_id)

    def challenge(self, activity: _Node, detail: _Node, record_id: str) -> Challenge:
        goals = [self.reference(g) for g in detail.children("goal")]
        goal_id = self.record_id(goals[0]) if goals and goals[0] is not None else None
        period = detail.child("scheduledPeriod")
        due = period.get("end", str) if period is not None else None
        done = detail.extension(c.extension("challenge-done-on"), "valueDate", str)
        performers = list(detail.children("performer"))
        progress = list(activity.children("progress"))
        status = detail.need("status", str)
        if status not in _OUTCOME_OF:
            got = describe_value(status, codes=tuple(_OUTCOME_OF))
            _fail(f"{detail.path}.status", f"unknown status ({got}) for a challenge")
        return _build(
            Challenge,
            detail.path,
            id=record_id,
            description=detail.get("description", str) or WITHHELD,
            goal_id=goal_id,
            difficulty=detail.extension(c.extension("challenge-difficulty"), "valueInteger", int)
            or 1,
            responsible=performers[0].get("display", str) if performers else None,
            due=_date(due, f"{detail.path}.scheduledPeriod.end") if due else None,
            done_on=_date(done, f"{detail.path}.extension") if done else None,
            outcome=_OUTCOME_OF[status],
            reflection=progress[0].get("text", str) if progress else None,
        )

    def coping_skill(self, detail: _Node, record_id: str) -> CopingSkill:
        level = detail.code("code", c.system("coping-level"))
        supports = [self.reference(p) for p in detail.children("performer")]
        mastery = 0.5
        for extension in detail.extensions(c.extension("coping-skill-mastery")):
            mastery = extension.number("valueDecimal")
        return _build(
            CopingSkill,
            detail.path,
            id=record_id,
            name=detail.get("description", str) or WITHHELD,
            steps=tuple(
                e.need("valueString", str)
                for e in detail.extensions(c.extension("coping-skill-step"))
            ),
            level=_enum(CopingLevel, level, f"{detail.path}.code")
            if level
            else CopingLevel.INTERNAL,
            support_ids=tuple(self.record_id(s) for s in supports if s is not None),
            mastery=mastery,
        )

    def assessments(self) -> Iterator[Assessment]:
        scores: dict[str, list[Score]] = {}
        for node in self.by_type.get("Observation", []):
            source = next((self.reference(d) for d in node.children("derivedFrom")), None)
            code = node.child("code")
            if source is None or code is None or not code.codes(c.system("instrument-score")):
                continue
            quantity = node.child("valueQuantity")
            if quantity is None:
                _fail(f"{node.path}.valueQuantity", "required, but missing")
            name = code.need("text", str)
            scores.setdefault(source.path, []).append(
                _build(Score, node.path, name=name, value=quantity.number("value"))
            )

        for node in self.by_type.get("QuestionnaireResponse", []):
            questionnaire = node.need("questionnaire", str)
            prefix = f"{c.CANONICAL}/Questionnaire/"
            instrument, _, version = questionnaire.removeprefix(prefix).partition("|")
            if not questionnaire.startswith(prefix) or not version:
                _fail(f"{node.path}.questionnaire", f"expected {prefix}ID|VERSION")
            responses = []
            for item in node.children("item"):
                answers = list(item.children("answer"))
                value = answers[0].need("valueInteger", int) if answers else None
                responses.append(
                    _build(ItemResponse, item.path, item=item.need("linkId", str), value=value)
                )
            flags = tuple(_flag(e) for e in node.extensions(c.extension("assessment-flag")))
            if not flags:
                flags = _builtin_flags(instrument, version, responses)
            yield _build(
                Assessment,
                node.path,
                id=self.record_id(node),
                instrument=instrument,
                instrument_version=version,
                completed_on=_date(node.need("authored", str), f"{node.path}.authored"),
                responses=tuple(responses),
                scores=tuple(scores.get(node.path, [])),
                band=node.extension(c.extension("assessment-band"), "valueString", str),
                flags=flags,
            )

    def stage(self) -> StageOfChange | None:
        for node in self.by_type.get("Observation", []):
            code = node.child("code")
            if code is not None and "stage-of-change" in code.codes(c.system("observation")):
                value = node.code("valueCodeableConcept", c.system("stage-of-change"))
                if value is None:
                    _fail(f"{node.path}.valueCodeableConcept", "expected a stage of change")
                return _enum(StageOfChange, value, f"{node.path}.valueCodeableConcept")
        return None

    def readiness(self) -> Readiness | None:
        ratings: dict[str, int] = {}
        assessed_on = None
        for node in self.by_type.get("Observation", []):
            code = node.child("code")
            aspects = code.codes(c.READINESS_SYSTEM) if code is not None else []
            aspect = next((a for a in aspects if a in {"importance", "confidence"}), None)
            if aspect is None:
                continue
            answer = node.code("valueCodeableConcept", c.LOINC)
            if answer not in _RATING_OF:
                _fail(f"{node.path}.valueCodeableConcept", "expected a LOINC answer of LL2335-9")
            ratings[aspect] = _RATING_OF[answer]
            when = node.get("effectiveDateTime", str)
            if when is not None:
                assessed_on = _date(when, f"{node.path}.effectiveDateTime")
        if not ratings:
            return None
        if len(ratings) != 2:
            _fail("$.entry", "expected both readiness ratings, importance and confidence")
        return Readiness(
            importance=ratings["importance"],
            confidence=ratings["confidence"],
            assessed_on=assessed_on,
        )

    def timestamp(self) -> datetime | None:
        value = self.root.get("timestamp", str)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            _fail("$.timestamp", f"expected an instant, got {describe_value(value)}")
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def from_fhir(bundle: object, *, author: str = "fhir-import", at: datetime | None = None) -> Plan:
    """Read a plan from a FHIR R4B ``Bundle`` written by [`to_fhir`][strengthmodel.to_fhir].

    The plan is built through ``Plan.new`` and ``apply``, so its history says it was
    imported: the opening, one ``add`` per record, then the stage and readiness. Whatever
    FHIR does not carry (see the FHIR mapping page) is absent from the result.

    Args:
        bundle: The bundle, parsed from JSON.
        author: Who the imported history names as author.
        at: When the import happened; by default the bundle's timestamp, or now.

    Returns:
        The plan.

    Raises:
        ValidationError: The bundle is malformed or its values are invalid; each
            problem's path points into the bundle (``$.entry[3].resource.lifecycleStatus``).
    """
    reader = _Reader(bundle)
    plan_id, client = reader.client()
    when = at or reader.timestamp() or datetime.now(UTC)
    changes: list[AnyChange] = []
    changes += [AddRecord(record=s) for s in reader.supports()]
    changes += [AddRecord(record=g) for g in reader.goals()]
    activities = list(reader.activities())
    changes += [AddRecord(record=a) for a in activities if isinstance(a, CopingSkill)]
    changes += [AddRecord(record=a) for a in activities if isinstance(a, Challenge)]
    changes += [AddRecord(record=a) for a in reader.assessments()]
    stage = reader.stage()
    if stage is not None:
        changes.append(SetStage(stage=stage))
    readiness = reader.readiness()
    if readiness is not None:
        changes.append(SetReadiness(readiness=readiness))
    try:
        plan = Plan.new(client, plan_id=plan_id, author=author, at=when)
        for change in changes:
            plan = apply(plan, change, author=author, at=when)
    except ValidationError as error:
        raise error.prefixed("$") from None
    except StrengthModelError as error:
        _fail("$", str(error))
    return plan
