from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel._fields import sensitive_fields
from strengthmodel.demo import demo_plan
from strengthmodel.interop import _fhir_codes as c
from strengthmodel.testing import plans

get_fhir_model_class = pytest.importorskip("fhir.resources.R4B").get_fhir_model_class
Bundle = pytest.importorskip("fhir.resources.R4B.bundle").Bundle

# Required bindings that fhir.resources does not enforce (FHIR R4B value sets).
REQUIRED: dict[tuple[str, str], frozenset[str]] = {
    ("Bundle", "type"): frozenset({"collection"}),
    ("CarePlan", "status"): frozenset(
        ["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"]
    ),
    ("CarePlan", "intent"): frozenset(["proposal", "plan", "order", "option"]),
    ("Goal", "lifecycleStatus"): frozenset(
        [
            "proposed",
            "planned",
            "accepted",
            "active",
            "on-hold",
            "completed",
            "cancelled",
            "entered-in-error",
            "rejected",
        ]
    ),
    ("Observation", "status"): frozenset(
        [
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        ]
    ),
    ("QuestionnaireResponse", "status"): frozenset(
        ["in-progress", "completed", "amended", "entered-in-error", "stopped"]
    ),
    ("CareTeam", "status"): frozenset(
        ["proposed", "active", "suspended", "inactive", "entered-in-error"]
    ),
}
ACTIVITY_STATUS = frozenset(
    [
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    ]
)
ACHIEVEMENT = frozenset(
    [
        "in-progress",
        "improving",
        "worsening",
        "no-change",
        "achieved",
        "sustaining",
        "not-achieved",
        "no-progress",
        "not-attainable",
    ]
)


def check_bundle(bundle: dict[str, Any]) -> None:
    """Validate the bundle and every resource with fhir.resources, and the required codes."""
    Bundle.model_validate(bundle)
    assert bundle["type"] in REQUIRED["Bundle", "type"]
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        get_fhir_model_class(kind).model_validate(resource)
        for (owner, field), allowed in REQUIRED.items():
            if owner == kind:
                assert resource[field] in allowed, (kind, field, resource[field])
        if kind == "Goal" and "achievementStatus" in resource:
            (coding,) = resource["achievementStatus"]["coding"]
            assert coding["system"] == c.GOAL_ACHIEVEMENT
            assert coding["code"] in ACHIEVEMENT
        if kind == "CarePlan":
            for activity in resource.get("activity", []):
                assert activity["detail"]["status"] in ACTIVITY_STATUS
        for reference in _references(resource):
            assert reference in urls, f"dangling reference {reference}"


def _references(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        for item in value.values():
            found += _references(item)
        return found
    if isinstance(value, list):
        return [r for item in value for r in _references(item)]
    return []


def mapped(plan: sm.Plan) -> dict[str, Any]:
    """The fields of a plan that the FHIR mapping carries (docs/reference/fhir.md)."""

    def without(record: Any, *names: str) -> Any:
        return attrs.evolve(record, **dict.fromkeys(names, ()))

    return {
        "id": plan.id,
        "client": plan.client,
        "stage": plan.stage,
        "readiness": plan.readiness,
        "goals": [attrs.evolve(g, strength_ids=(), priority_id=None) for g in plan.goals],
        "challenges": [without(ch, "strength_ids") for ch in plan.challenges],
        "coping_skills": [without(s, "strength_ids") for s in plan.coping_skills],
        "supports": list(plan.supports),
        "assessments": list(plan.assessments),
    }


def _roundtrip(plan: sm.Plan, **options: bool) -> sm.Plan:
    return sm.from_fhir(orjson.loads(orjson.dumps(sm.to_fhir(plan, **options))))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_generated_plan_exports_valid_fhir_and_reads_back(plan):
    """Every resource validates, required codes bind, and the mapped fields round-trip."""
    bundle = sm.to_fhir(plan, include_sensitive=True)
    check_bundle(bundle)
    check_bundle(sm.to_fhir(plan))
    back = _roundtrip(plan, include_sensitive=True)
    assert mapped(back) == mapped(plan)
    assert back.history[-1].author == "fhir-import"


def test_demo_plan_bundle_has_the_pco_shapes():
    """The demo plan gives the resources, codes and extensions the PCO IG defines."""
    plan = demo_plan()
    bundle = sm.to_fhir(plan, include_sensitive=True)
    check_bundle(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:2] == ["Patient", "RelatedPerson"]
    assert kinds.count("Goal") == len(plan.goals)
    assert kinds.count("Provenance") == plan.revision
    goal = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal")
    scaling = [x for x in goal["extension"] if x["url"] == c.GAS_EXTENSION]
    assert [x["extension"][0]["valueCoding"]["code"] for x in scaling] == [
        "LA34479-8",
        "LA34480-6",
        "LA34481-4",
        "LA34483-0",
        "LA34484-8",
    ]
    assert goal["meta"]["profile"] == [
        "http://hl7.org/fhir/us/pco/StructureDefinition/pco-gas-goal-profile"
    ]
    assert goal["target"][0]["measure"]["coding"][0]["code"] == "107332-9"
    readiness = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["system"] == c.READINESS_SYSTEM
    ]
    assert plan.readiness is not None
    assert [r["code"]["coding"][0]["code"] for r in readiness] == [
        "readiness-assessment",
        "importance",
        "confidence",
    ]
    assert (
        readiness[1]["valueCodeableConcept"]["coding"][0]["code"]
        == (c.READINESS_ANSWERS[plan.readiness.importance])
    )
    assert mapped(_roundtrip(plan, include_sensitive=True)) == mapped(plan)


def test_instrument_totals_use_loinc_and_item_ids_only():
    """PHQ-9 and GAD-7 totals carry their LOINC codes; responses name items by id only."""
    plan = sm.ops.add_assessment(
        sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee"),
        "gad-7",
        "1",
        date(2026, 2, 1),
        {f"gad7.{n}": 2 for n in range(1, 8)},
        scores={"total": 14},
        id="a1",
        author="dr-lee",
    )
    bundle = sm.to_fhir(plan)
    resources = [e["resource"] for e in bundle["entry"]]
    response = next(r for r in resources if r["resourceType"] == "QuestionnaireResponse")
    assert [i["linkId"] for i in response["item"]] == [f"gad7.{n}" for n in range(1, 8)]
    assert "text" not in response["item"][0]
    total = next(r for r in resources if r["resourceType"] == "Observation")
    assert total["code"]["coding"][0] == {"system": "http://loinc.org", "code": "70274-6"}
    assert total["valueQuantity"]["value"] == 14.0
    assert sm.from_fhir(bundle).assessments == plan.assessments


def test_same_plan_gives_the_same_bytes_and_hides_sensitive_text():
    """Full URLs are deterministic and the default export holds no sensitive text."""
    plan = demo_plan()
    first = orjson.dumps(sm.to_fhir(plan))
    assert first == orjson.dumps(sm.to_fhir(demo_plan()))
    text = first.decode()
    for support in plan.supports:
        assert support.name not in text
    for goal in plan.goals:
        assert goal.statement not in text
    assert plan.client.name is None or plan.client.name not in text
    assert '"valueCode":"masked"' in text


@pytest.mark.parametrize(
    ("bundle", "path"),
    [
        ([], "$"),
        ({"resourceType": "Patient"}, "$.resourceType"),
        ({"resourceType": "Bundle", "entry": {}}, "$.entry"),
        ({"resourceType": "Bundle", "entry": [{"resource": 3}]}, "$.entry[0].resource"),
        ({"resourceType": "Bundle", "entry": [{"resource": {}}]}, "$.entry[0].resource"),
        ({"resourceType": "Bundle", "entry": []}, "$.entry"),
    ],
)
def test_malformed_bundles_raise_validation_errors_with_paths(bundle, path):
    """Malformed bundles fail with our error type, its path pointing at the problem."""
    with pytest.raises(sm.ValidationError) as caught:
        sm.from_fhir(bundle)
    assert caught.value.problems[0].path.startswith(path)


def _bundle() -> dict[str, Any]:
    return sm.to_fhir(demo_plan(), include_sensitive=True)


def _find(bundle: dict[str, Any], kind: str) -> tuple[int, dict[str, Any]]:
    return next(
        (i, e["resource"])
        for i, e in enumerate(bundle["entry"])
        if e["resource"]["resourceType"] == kind
    )


def test_bad_values_inside_resources_are_reported_with_their_paths():
    """A wrong code, a bad date or an invalid record field names the element."""
    bundle = _bundle()
    index, goal = _find(bundle, "Goal")
    goal["lifecycleStatus"] = "sleeping"
    with pytest.raises(
        sm.ValidationError, match=r"unknown code \(text of 8 characters\)"
    ) as caught:
        sm.from_fhir(bundle)
    assert caught.value.problems[0].path == f"$.entry[{index}].resource.lifecycleStatus"

    bundle = _bundle()
    index, goal = _find(bundle, "Goal")
    goal["target"][0]["dueDate"] = "soon"
    with pytest.raises(sm.ValidationError) as caught:
        sm.from_fhir(bundle)
    assert caught.value.problems[0].path == f"$.entry[{index}].resource.target[0].dueDate"

    bundle = _bundle()
    index, patient = _find(bundle, "Patient")
    patient["communication"][0]["language"]["coding"][0]["code"] = "not a language"
    with pytest.raises(sm.ValidationError) as caught:
        sm.from_fhir(bundle)
    assert caught.value.problems[0].path == f"$.entry[{index}].resource"
    assert caught.value.problems[0].message.startswith("Client.preferred_language: expected")


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.sampled_from(["Goal", "Bundle", "urn:uuid:x", "2026-13-45", "LA34479-8", "active"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["reference", "code", "system"]), st.text(max_size=3)),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_bundles_fail_only_with_our_error(data):
    """Any element of a real bundle replaced by junk: a plan or our ValidationError."""
    bundle = sm.to_fhir(demo_plan(), include_sensitive=True)
    path = data.draw(st.sampled_from(_paths(bundle)[1:]))
    junk = data.draw(JUNK)
    target: Any = bundle
    for key in path[:-1]:
        target = target[key]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = junk
    problems: tuple[sm.Problem, ...] = ()
    try:
        sm.from_fhir(bundle)
    except sm.ValidationError as error:  # any other exception fails the test
        problems = error.problems
    assert all(problem.path.startswith("$") for problem in problems)


def _strings(value: object, sensitive: set[str], public: set[str]) -> None:
    """Sort every text in a record tree by its field's sensitivity."""
    if isinstance(value, tuple | frozenset):
        for item in value:
            _strings(item, sensitive, public)
        return
    if not attrs.has(type(value)):
        return
    hidden = set(sensitive_fields(type(value)))
    for field in attrs.fields(type(value)):
        item = getattr(value, field.name)
        if isinstance(item, str):
            (sensitive if field.name in hidden else public).add(item)
        else:
            _strings(item, sensitive, public)


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_default_export_holds_no_sensitive_text(plan):
    """No sensitive field's text (names, the client's words, authors) is in the default bundle."""
    sensitive: set[str] = set()
    public: set[str] = set()
    _strings((plan.client, *plan.records(), *plan.history), sensitive, public)
    # Look in the bundle's string values, not its keys or URLs: an author called
    # "extensio" is in the key "extension" without anything having leaked.
    values = [v for v in _json_strings(sm.to_fhir(plan)) if not v.startswith(("http", "urn:"))]
    leaked = [
        value
        for value in sensitive
        if len(value) >= 8
        and not set(value) <= set("0123456789abcdef-")  # could be part of a uuid or date
        and not any(value in other for other in public)
        and any(value in v for v in values)
    ]
    assert leaked == []


# Keys whose values are FHIR or project vocabulary (urls, codes, statuses), never a
# record's text: a client's text that happens to read "baseline" is not leaked by the
# sub-extension whose url is "baseline".
_VOCABULARY_KEYS = frozenset(
    {
        "url",
        "system",
        "code",
        "display",
        "resourceType",
        "status",
        "unit",
        "fullUrl",
        "reference",
        "profile",
        "type",
        "intent",
        "lifecycleStatus",
        "linkId",
        "questionnaire",
    }
)


def _json_strings(value: object) -> list[str]:
    """Every string value (not key, not vocabulary) in a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in _VOCABULARY_KEYS for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def _pco_bundle() -> dict[str, Any]:
    """A bundle as another system would write it after the PCO IG's GAS examples."""
    levels = [
        ("LA34479-8", "Walks to the park every day"),
        ("LA34480-6", "Walks to the park five times a week"),
        ("LA34481-4", "Walks to the park three times a week"),
        ("LA34483-0", "Walks to the park once a week"),
        ("LA34484-8", "Does not walk to the park"),
    ]
    goal = {
        "resourceType": "Goal",
        "id": "goal-walk",
        "extension": [
            {
                "url": c.GAS_EXTENSION,
                "extension": [
                    {"url": "level", "valueCoding": {"system": c.LOINC, "code": code}},
                    {"url": "text", "valueString": text},
                ],
            }
            for code, text in levels
        ],
        "lifecycleStatus": "active",
        "achievementStatus": {"coding": [{"system": c.GOAL_ACHIEVEMENT, "code": "in-progress"}]},
        "description": {"text": "Walk to the park three times a week"},
        "subject": {"reference": "Patient/pat-1"},
        "startDate": "2026-02-15",
        "target": [{"measure": {"coding": [{"system": c.LOINC, "code": "107332-9"}]}}],
    }
    score = {
        "resourceType": "Observation",
        "id": "gas-1",
        "status": "final",
        "code": {"coding": [{"system": c.LOINC, "code": "107334-5"}]},
        "subject": {"reference": "Patient/pat-1"},
        "focus": [{"reference": "Goal/goal-walk"}],
        "effectiveDateTime": "2026-03-10T10:15:00Z",
        "valueCodeableConcept": {"coding": [{"system": c.LOINC, "code": "LA34483-0"}]},
    }
    readiness = [
        {
            "resourceType": "Observation",
            "id": f"readiness-{aspect}",
            "status": "final",
            "code": {"coding": [{"system": c.READINESS_SYSTEM, "code": aspect}]},
            "subject": {"reference": "Patient/pat-1"},
            "effectiveDateTime": "2026-02-15T15:05:00Z",
            "valueCodeableConcept": {"coding": [{"system": c.LOINC, "code": answer}]},
        }
        for aspect, answer in (("importance", "LA10140-4"), ("confidence", "LA6114-8"))
    ]
    patient = {"resourceType": "Patient", "id": "pat-1", "name": [{"given": ["Sam"]}]}
    resources = [patient, goal, score, *readiness]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }


def test_reads_a_pco_gas_goal_written_by_another_system():
    """A PCO GAS goal, its score and a readiness rating from elsewhere import as records."""
    bundle = _pco_bundle()
    Bundle.model_validate(bundle)
    plan = sm.from_fhir(bundle, at=datetime(2026, 3, 11, tzinfo=UTC))
    (goal,) = plan.goals
    assert (goal.id, goal.statement, goal.lifecycle, goal.achievement) == (
        "goal-walk",
        "Walk to the park three times a week",
        sm.GoalLifecycleStatus.ACTIVE,
        sm.GoalAchievementStatus.IN_PROGRESS,
    )
    assert goal.scale == sm.GasScale(
        much_less="Does not walk to the park",
        less="Walks to the park once a week",
        expected="Walks to the park three times a week",
        more="Walks to the park five times a week",
        much_more="Walks to the park every day",
    )
    assert goal.attainments == (sm.Attainment(rated_on=date(2026, 3, 10), level=-1),)
    assert plan.readiness == sm.Readiness(importance=8, confidence=3, assessed_on=date(2026, 2, 15))
    assert (plan.id, plan.client.pseudonym, plan.client.name) == ("plan-1", "pat-1", "Sam")
    assert plan.history[-1].at == datetime(2026, 3, 11, tzinfo=UTC)
