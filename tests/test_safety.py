"""A critical answer (PHQ-9 item 9) is stored with its flag on every path, and reported."""

from datetime import UTC, date, datetime

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm

DAY = date(2026, 2, 1)
AT = datetime(2026, 2, 1, 9, tzinfo=UTC)


def _plan() -> sm.Plan:
    return sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee", at=AT)


def _answers(*values: int | None) -> dict[str, int | None]:
    return {f"phq9.{n}": v for n, v in enumerate(values, start=1)}


def _codes(plan: sm.Plan) -> list[str]:
    return [f.code for f in sm.review(plan)]


def test_a_blank_item_no_longer_silences_the_critical_answer():
    """Item 9 = 3 with another item blank is recorded unscored, flagged and reported."""
    builder = sm.PlanBuilder("c1", author="dr-lee").add_assessment(
        "phq-9", "1", DAY, _answers(1, 2, None, 0, 1, 0, 1, 0, 3), id="a1"
    )
    plan = builder.plan
    recorded = plan.assessments[0]
    assert [(f.item, f.value) for f in recorded.flags] == [("phq9.9", 3)]
    assert recorded.scores == ()
    assert recorded.band is None
    assert [r.value for r in recorded.responses] == [1, 2, None, 0, 1, 0, 1, 0, 3]
    found = sm.review(plan)
    assert [(f.code, f.records) for f in found if f.code == "SM108"] == [("SM108", ("a1",))]


def test_a_complete_form_is_scored_like_administer():
    """add_assessment on a built-in instrument stores what administer stores."""
    answers = _answers(1, 1, 1, 1, 1, 1, 1, 1, 1)
    by_id = sm.ops.add_assessment(_plan(), "phq-9", "1", DAY, answers, id="a1", author="x", at=AT)
    scored = sm.ops.administer(
        _plan(), sm.builtin_instrument("phq-9"), answers, DAY, id="a1", author="x", at=AT
    )
    assert by_id.assessments == scored.assessments
    assert by_id.assessments[0].score() == 9.0
    assert by_id.assessments[0].band == "mild"


def test_an_answer_outside_the_options_is_refused_at_the_item():
    """phq9.9 = 4 is not one of the options: refused, located, on every path."""
    with pytest.raises(sm.ValidationError) as error:
        sm.ops.add_assessment(
            _plan(), "phq-9", "1", DAY, _answers(0, 0, 0, 0, 0, 0, 0, 0, 4), author="x"
        )
    assert str(error.value) == "responses['phq9.9']: expected one of 0, 1, 2, 3, got 4"
    with pytest.raises(sm.ValidationError) as error:
        sm.Assessment(
            id="a1",
            instrument="phq-9",
            instrument_version="1",
            completed_on=DAY,
            responses=(sm.ItemResponse(item="phq9.9", value=4),),
        )
    assert str(error.value) == ("Assessment.responses[0].value: expected one of 0, 1, 2, 3, got 4")


_MISSPELT = (
    "instrument: 'phq-9' is a built-in instrument: record it through its definition "
    "(administer, or add_assessment with 'phq-9' exactly), which checks its answers "
    "and flags its critical items"
)
_UNKNOWN = (
    "instrument: not a built-in instrument (built-in: phq-9, gad-7, "
    "character-strengths, life-domain-priorities); for your own instrument pass "
    "custom=True, or administer its Instrument definition so that its critical "
    "items are flagged"
)


@pytest.mark.parametrize(
    ("instrument", "version", "message"),
    [
        (
            "phq-9",
            "2",
            "instrument_version: phq-9 has edition '1' in this library, and no other",
        ),
        (
            "PHQ-9",
            "1",
            _MISSPELT,
        ),
        (
            "phq9",
            "1",
            _MISSPELT,
        ),
        (
            "my-scale",
            "1",
            _UNKNOWN,
        ),
    ],
)
def test_unknown_editions_and_misspelt_ids_are_refused(instrument, version, message):
    """An edition or spelling the library does not know never passes as unchecked."""
    with pytest.raises(sm.ValidationError) as error:
        sm.ops.add_assessment(_plan(), instrument, version, DAY, {"phq9.9": 3}, author="x")
    assert str(error.value) == message


def test_a_misspelt_id_is_refused_when_built_or_loaded():
    """The record itself refuses a built-in id in another case or spelling."""
    with pytest.raises(sm.ValidationError) as error:
        sm.Assessment(
            id="a1", instrument="PHQ 9", instrument_version="1", completed_on=DAY, responses=()
        )
    assert str(error.value) == (
        "Assessment.instrument: expected the built-in instrument id 'phq-9' exactly (ids "
        "are lowercase, as written); a misspelt id would go unchecked"
    )


def test_custom_instruments_are_said_to_be_custom():
    """custom=True records your own instrument as given; a built-in id cannot be custom."""
    plan = sm.ops.add_assessment(
        _plan(),
        "core-10",
        "1",
        DAY,
        {"core10.1": 4},
        scores={"total": 4},
        custom=True,
        author="x",
    )
    assert plan.assessments[0].score() == 4.0
    assert plan.assessments[0].flags == ()
    with pytest.raises(sm.ValidationError, match=r"^instrument: 'phq-9' is a built-in"):
        sm.ops.add_assessment(_plan(), "phq-9", "1", DAY, {}, custom=True, author="x")


def test_scores_given_for_a_built_in_must_be_the_computed_ones():
    """Passing a wrong total for a built-in instrument is refused at that score."""
    answers = _answers(1, 1, 1, 1, 1, 1, 1, 1, 1)
    ok = sm.ops.add_assessment(_plan(), "phq-9", "1", DAY, answers, scores={"total": 9}, author="x")
    assert ok.assessments[0].score() == 9.0
    with pytest.raises(sm.ValidationError) as error:
        sm.ops.add_assessment(_plan(), "phq-9", "1", DAY, answers, scores={"total": 5}, author="x")
    assert str(error.value) == (
        "scores['total']: computed from the responses: leave scores out for a built-in instrument"
    )


def test_a_document_without_the_flag_is_refused_on_load():
    """A saved assessment whose flag was removed by hand does not load."""
    plan = sm.ops.add_assessment(
        _plan(), "phq-9", "1", DAY, _answers(0, 0, 0, 0, 0, 0, 0, 0, 2), id="a1", author="x"
    )
    document = orjson.loads(sm.dumps(plan.assessments[0]))
    document["flags"] = []
    with pytest.raises(sm.ValidationError) as error:
        sm.loads(orjson.dumps(document), sm.Assessment)
    assert str(error.value) == (
        "$.flags: expected the critical answers of the responses (phq9.9), in item order; "
        "record assessments with administer or add_assessment, which flag them"
    )


def test_a_foreign_fhir_bundle_without_our_flag_extension_still_flags():
    """from_fhir flags a built-in critical answer even when the bundle has no flag."""
    plan = sm.ops.add_assessment(
        _plan(), "phq-9", "1", DAY, _answers(0, 0, 0, 0, 0, 0, 0, 0, 2), id="a1", author="x"
    )
    bundle = sm.to_fhir(plan)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "QuestionnaireResponse":
            resource["extension"] = [
                e for e in resource.get("extension", []) if not e["url"].endswith("flag")
            ]
    back = sm.from_fhir(bundle)
    assert [(f.item, f.value) for f in back.assessments[0].flags] == [("phq9.9", 2)]
    assert "SM108" in _codes(back)


def test_the_flag_reason_is_sensitive():
    """A flag's reason is prose: out of the repr, the default FHIR export and research copies."""
    plan = sm.ops.add_assessment(
        _plan(), "phq-9", "1", DAY, _answers(0, 0, 0, 0, 0, 0, 0, 0, 1), id="a1", author="x"
    )
    flag = plan.assessments[0].flags[0]
    assert flag.reason == "Any answer above 0 needs a safety follow-up, whatever the total."
    assert repr(flag) == "Flag(item='phq9.9', value=1)"
    assert flag.reason not in orjson.dumps(sm.to_fhir(plan)).decode()
    copy = sm.deidentify(plan, key=b"k" * 32)
    assert copy.assessments[0].flags[0].reason == "[removed]"
    assert "SM108" in _codes(copy)


def test_code_fields_refuse_prose():
    """Score names, band labels and flag items are codes: prose there is refused."""
    with pytest.raises(sm.ValidationError) as error:
        sm.Score(name="Ana Doe 555-0100", value=1)
    assert str(error.value) == "Score.name: expected a score name like 'total' or a subscale id"
    with pytest.raises(sm.ValidationError, match=r"^Flag\.item: expected an item id"):
        sm.Flag(item="Ana Doe", value=1)
    with pytest.raises(sm.ValidationError, match=r"^Assessment\.band: expected text matching"):
        attrs.evolve(sm.custom_assessment("a1", "core-10", "1", {}, DAY), band="Call Ana!")


_ANSWER = st.one_of(st.none(), st.integers(0, 3), st.integers(-2, 6))


def _recorders():
    """Every way to record PHQ-9 answers: builder, editor, ops, administer, apply, loads, FHIR."""

    def builder(answers):
        return sm.PlanBuilder("c1", author="x").add_assessment("phq-9", "1", DAY, answers).plan

    def editor(answers):
        return sm.Editor(author="x").add_assessment(_plan(), "phq-9", "1", DAY, answers)

    def ops(answers):
        return sm.ops.add_assessment(_plan(), "phq-9", "1", DAY, answers, author="x")

    def administer(answers):
        phq = sm.builtin_instrument("phq-9")
        return sm.ops.administer(_plan(), phq, answers, DAY, allow_unscored=True, author="x", at=AT)

    def applied(answers):
        record = sm.Assessment(
            id="a1",
            instrument="phq-9",
            instrument_version="1",
            completed_on=DAY,
            responses=tuple(sm.ItemResponse(item=k, value=v) for k, v in answers.items()),
        )
        return sm.apply(_plan(), sm.AddRecord(record=record), author="x", at=AT)

    def loaded(answers):
        return sm.loads(sm.dumps(ops(answers)), sm.Plan)

    def fhir(answers):
        return sm.from_fhir(sm.to_fhir(ops(answers)))

    return [builder, editor, ops, administer, applied, loaded, fhir]


@given(
    answers=st.tuples(*[_ANSWER] * 8, st.one_of(st.integers(1, 3), st.integers(4, 9))),
    recorder=st.sampled_from(_recorders()),
)
def test_a_critical_answer_is_reported_first_or_refused(answers, recorder):
    """For any PHQ-9 answers with item 9 >= 1, on any path: SM108 comes first, or refusal."""
    try:
        plan = recorder(_answers(*answers))
    except sm.ValidationError:
        return
    assert answers[8] in {1, 2, 3}
    assert all(a is None or 0 <= a <= 3 for a in answers)
    assert _codes(plan)[0] == "SM108"


def test_administer_refuses_a_blank_form_naming_the_critical_answer():
    """Administer without allow_unscored refuses a part-blank form and says what was given."""
    with pytest.raises(sm.ValidationError) as error:
        sm.ops.administer(
            _plan(), sm.builtin_instrument("phq-9"), {"phq9.9": 1}, DAY, author="x", at=AT
        )
    assert [str(p) for p in error.value.problems] == [
        (
            "responses: 8 items unanswered (phq9.1, phq9.2, phq9.3, phq9.4, phq9.5, phq9.6, "
            "phq9.7, phq9.8); phq-9 allows 0"
        ),
        "responses: critical answers were given (phq9.9): follow them up whatever the total",
        "allow_unscored: pass True to record these answers without scores",
    ]


def _buried() -> sm.Plan:
    """The demo plan with a critical answer: many findings, SM108 last by code order."""
    from strengthmodel.demo import demo_plan  # noqa: PLC0415 - one test's fixture

    plan = demo_plan()
    plan = sm.ops.add_trigger(
        plan, "Payday", sm.TriggerCategory.URGES_AND_TEMPTATIONS, id="t-extra", author="x"
    )
    return sm.ops.add_assessment(
        plan, "phq-9", "1", DAY, _answers(0, 0, 0, 0, 0, 0, 0, 0, 1), id="a-crit", author="x"
    )


def test_safety_findings_cannot_be_ignored():
    """ignore={"SM108"} is refused with the reason; other codes may still be skipped."""
    plan = _buried()
    with pytest.raises(sm.ValidationError) as error:
        sm.review(plan, ignore={"SM108", "SM111"})
    assert str(error.value) == (
        "ignore: SM108 cannot be skipped: a critical answer needs follow-up whatever else "
        "the plan holds"
    )
    assert next(f.code for f in sm.review(plan, ignore={"SM101"})) == "SM108"
    assert [r.code for r in sm.findings.RULES if not r.silenceable] == ["SM108"]


def test_findings_come_most_urgent_first():
    """Severity first, then clinical priority (SM108 leads), then rule code."""
    found = sm.review(_buried(), today=date(2026, 7, 1))
    assert [f.code for f in found] == ["SM108", "SM101", "SM109", "SM111"]
    assert found.safety_concern is True
    assert sm.review(_plan()).safety_concern is False


def test_the_caseload_has_a_safety_concern_column():
    """The caseload marks the plans whose review holds a critical answer."""
    from strengthmodel.demo import demo_plan  # noqa: PLC0415 - one test's fixture

    table = sm.caseload([demo_plan(), _buried()], today=date(2026, 7, 1))
    assert table["safety_concern"].tolist() == [False, True]
    assert str(table["safety_concern"].dtype) == "boolean"


def test_the_plan_display_and_clinician_summary_say_there_is_a_safety_concern():
    """The notebook view and both clinician pages lead with the concern, by ids only."""
    plan = _buried()
    html = plan._repr_html_()
    assert (
        '<div role="alert"><b>Safety concern:</b> assessment <code>a-crit</code> has a '
        "critical answer (phq9.9). Follow up now.</div>"
    ) in html
    assert html.index("Safety concern") < html.index("revision")
    page = sm.render(plan, audience="clinician", format="html")
    assert page.index('id="safety-concern"') < page.index('id="progress"')
    text = sm.render(plan, audience="clinician", format="markdown")
    assert "> **Safety concern.** Assessment 'a-crit' has a critical answer (phq9.9)" in text
    assert "Safety concern" not in sm.render(_plan(), audience="clinician", format="markdown")
    assert "Safety concern" not in _plan()._repr_html_()
