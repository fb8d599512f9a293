"""Instruments: built-ins, scoring rules, malformed input, properties."""

import json
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strengthmodel as sm
from strengthmodel.measures.instruments import BUILTIN_INSTRUMENTS
from strengthmodel.steps.assessment import assessment_from_score

PHQ9 = sm.builtin_instrument("phq-9")
GAD7 = sm.builtin_instrument("gad-7")
CS = sm.builtin_instrument("character-strengths")
LD = sm.builtin_instrument("life-domain-priorities")


def phq(values: list[int | None]) -> dict[str, int | None]:
    return {f"phq9.{n}": v for n, v in enumerate(values, start=1)}


def test_builtins_match_the_published_structure():
    """PHQ-9: 9 items 0-3, 0-27, five bands; GAD-7: 7 items, 0-21, four bands."""
    assert [(i.id, i.score_range) for i in (PHQ9, GAD7)] == [
        ("phq-9", (0.0, 27.0)),
        ("gad-7", (0.0, 21.0)),
    ]
    assert [o.value for o in PHQ9.options] == [0, 1, 2, 3]
    assert [(b.label, b.minimum) for b in PHQ9.bands] == [
        ("minimal", 0.0),
        ("mild", 5.0),
        ("moderate", 10.0),
        ("moderately severe", 15.0),
        ("severe", 20.0),
    ]
    assert [(b.label, b.minimum) for b in GAD7.bands] == [
        ("minimal", 0.0),
        ("mild", 5.0),
        ("moderate", 10.0),
        ("severe", 15.0),
    ]
    assert [i.id for i in PHQ9.items if i.flag_above is not None] == ["phq9.9"]
    assert len(CS.items) == 24
    assert [s.id for s in CS.subscales] == [v.value for v in sm.Virtue]
    assert {i.id.removeprefix("cs.") for i in CS.items} == {c.value for c in sm.CharacterStrength}
    assert {i.id.removeprefix("ld.") for i in LD.items} == {d.value for d in sm.LifeDomain}


def test_builtins_carry_attribution_and_no_official_wording():
    """PHQ-9 and GAD-7 credit Pfizer and the authors; labels are short, our own words."""
    for instrument in (PHQ9, GAD7):
        assert "Pfizer" in (instrument.attribution or "")
        assert "no permission is required" in (instrument.licence or "")
    official_fragments = [
        "Little interest or pleasure",
        "Feeling down, depressed",
        "Feeling nervous, anxious",
        "Not being able to stop",
        "Nearly every day",
        "More than half the days",
        "Several days",
        "Trouble relaxing",
    ]
    text = json.dumps([sm.to_dict(i) for i in (PHQ9, GAD7)])
    assert [f for f in official_fragments if f.lower() in text.lower()] == []


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0] * 9, 0.0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4.0, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5.0, "mild"),
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10.0, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15.0, "moderately severe"),
        ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20.0, "severe"),
        ([3] * 9, 27.0, "severe"),
    ],
)
def test_phq9_totals_and_band_edges(values, total, band):
    """Totals are sums; each band starts exactly at its published lower bound."""
    result = PHQ9.score(phq(values))
    assert (result.total, result.band) == (total, band)


def test_item_nine_is_flagged_whatever_the_total():
    """Any answer above 0 on item 9 is flagged, even with a minimal total."""
    result = PHQ9.score(phq([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert (result.total, result.band) == (1.0, "minimal")
    assert [(f.item, f.value) for f in result.flags] == [("phq9.9", 1)]
    assert result.flags[0].reason is not None
    assert PHQ9.score(phq([3] * 8 + [0])).flags == ()


def test_gad7_scores_and_records_in_a_plan():
    """Administer stores responses and scores; rescore recomputes them."""
    answers = {f"gad7.{n}": v for n, v in zip(range(1, 8), [3, 2, 2, 1, 1, 1, 0], strict=True)}
    plan = sm.ops.administer(
        sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee"),
        GAD7,
        answers,
        date(2026, 2, 1),
        id="gad-1",
        author="dr-lee",
    )
    stored = plan.assessments[0]
    assert (stored.instrument, stored.instrument_version) == ("gad-7", "1")
    assert [(s.name, s.value) for s in stored.scores] == [("total", 10.0)]
    assert sm.rescore(stored, GAD7).band == "moderate"
    with pytest.raises(sm.ValidationError, match="was completed with gad-7 edition 1, not phq-9"):
        sm.rescore(stored, PHQ9)


def test_scores_band_and_flags_are_stored_and_survive_json():
    """Total, subscales, band and flags are stored in the Assessment and round-trip."""
    answers = {f"phq9.{n}": 2 for n in range(1, 10)}
    plan = sm.ops.administer(
        sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee"),
        PHQ9,
        answers,
        date(2026, 2, 1),
        id="phq-1",
        author="dr-lee",
    )
    stored = sm.loads(sm.dumps(plan), sm.Plan).get("phq-1", sm.Assessment)
    assert (stored.score(), stored.band) == (18.0, "moderately severe")
    assert [(f.item, f.value) for f in stored.flags] == [("phq9.9", 2)]
    cs = sm.ops.administer(
        sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee"),
        CS,
        {i.id: 3 for i in CS.items} | {"cs.hope": 5},
        date(2026, 2, 1),
        id="cs-1",
        author="dr-lee",
    ).get("cs-1", sm.Assessment)
    assert (cs.score("transcendence"), cs.score("wisdom"), cs.band) == (3.4, 3.0, None)


def test_rescore_compares_with_the_stored_scores():
    """A stored total, band or flag that differs from the recomputed one is refused."""
    answers = {f"phq9.{n}": 1 for n in range(1, 10)}
    copy = sm.from_dict({**sm.to_dict(PHQ9), "id": "phq-9-copy"}, sm.Instrument)
    stored = assessment_from_score("a1", copy, answers, date(2026, 2, 1))
    assert sm.rescore(stored, copy).total == 9.0
    # A custom instrument's record is taken as stored, so only rescore can catch an edit.
    edited = attrs.evolve(
        stored, scores=(sm.Score(name="total", value=4.0),), band="minimal", flags=()
    )
    with pytest.raises(sm.ValidationError) as error:
        sm.rescore(edited, copy)
    assert [str(p) for p in error.value.problems] == [
        "scores['total']: stored 4, recomputed 9",
        "band: stored 'minimal', recomputed 'mild'",
    ]
    unscored = attrs.evolve(stored, scores=(), band=None, flags=())
    assert sm.rescore(unscored, copy).band == "mild"


def test_a_built_in_assessment_edited_by_hand_cannot_exist():
    """A built-in instrument's record is checked when built: scores, band and flags too."""
    answers = {f"phq9.{n}": 1 for n in range(1, 10)}
    stored = assessment_from_score("a1", PHQ9, answers, date(2026, 2, 1))
    with pytest.raises(sm.ValidationError) as error:
        attrs.evolve(stored, scores=(sm.Score(name="total", value=4.0),), band="minimal", flags=())
    assert [str(p) for p in error.value.problems] == [
        (
            "Assessment.flags: expected the critical answers of the responses (phq9.9), in "
            "item order; record assessments with administer or add_assessment, which flag them"
        ),
        "Assessment.scores['total']: stored 4, recomputed 9",
        "Assessment.band: stored 'minimal', recomputed 'mild'",
    ]
    unscored = attrs.evolve(stored, scores=(), band=None)
    assert sm.rescore(unscored, PHQ9).band == "mild"


def test_missing_answers_and_prorating():
    """PHQ-9 needs every item; an instrument that allows gaps prorates sums."""
    with pytest.raises(sm.ValidationError) as error:
        PHQ9.score(phq([1, 1, 1, 1, 1, 1, 1, 1, None]))
    assert [str(p) for p in error.value.problems] == [
        "responses: 1 items unanswered (phq9.9); phq-9 allows 0"
    ]
    lenient = sm.from_dict(
        {**sm.to_dict(PHQ9), "id": "phq-9-lenient", "max_missing": 2}, sm.Instrument
    )
    result = lenient.score(phq([2, 2, 2, 2, 2, 2, 2, None, None]))
    assert result.total == 18.0  # 14 x 9 / 7
    assert result.missing == ("phq9.8", "phq9.9")
    strict_sum = sm.from_dict({**sm.to_dict(lenient), "prorate": False}, sm.Instrument)
    assert strict_sum.score(phq([2, 2, 2, 2, 2, 2, 2, None, None])).total == 14.0


def test_bad_responses_name_the_item():
    """Unknown items and values that are not options are refused, each named."""
    with pytest.raises(sm.ValidationError) as error:
        PHQ9.score({**phq([0] * 9), "phq9.1": 4, "phq9.2": 1.0, "phq9.10": 1, "phq9.3": True})
    assert [str(p) for p in error.value.problems] == [
        "responses['phq9.1']: expected one of 0, 1, 2, 3, got 4",
        "responses['phq9.2']: expected one of 0, 1, 2, 3, got 1.0",
        "responses['phq9.3']: expected one of 0, 1, 2, 3, got a bool",
        "responses['phq9.10']: no such item in phq-9",
    ]
    with pytest.raises(sm.ValidationError, match="expected a mapping"):
        PHQ9.score([0] * 9)  # type: ignore[arg-type]


def test_reverse_keying_and_mean_scoring():
    """Reverse-keyed items score lowest + highest - answer; mean scoring averages."""
    doc = sm.to_dict(CS)
    # A reverse-keyed item's label reads the other way (here: a difficulty).
    doc["items"][0].update(reverse=True, label="I struggle to find new ideas", direction="problem")
    reversed_cs = sm.from_dict({**doc, "id": "cs-reversed"}, sm.Instrument)
    answers = {i.id: 5 for i in CS.items}
    assert CS.score(answers).total == 5.0
    result = reversed_cs.score(answers)
    assert result.total == pytest.approx((23 * 5 + 1) / 24)
    assert result.subscales[0] == sm.SubscaleScore(id="wisdom", value=(4 * 5 + 1) / 5)


def test_signature_strengths_include_ties_at_the_boundary():
    """The top five by rating, with competition ranks; a tie at 5th place includes all."""
    ratings = dict.fromkeys((i.id for i in CS.items), 2)
    ratings.update(
        {
            "cs.hope": 5,
            "cs.kindness": 5,
            "cs.humor": 4,
            "cs.zest": 4,
            "cs.curiosity": 3,
            "cs.bravery": 3,
            "cs.prudence": 3,
        }
    )
    result = CS.score(ratings)
    assert [(r.item, r.rank) for r in result.ranking[:8]] == [
        ("cs.kindness", 1),
        ("cs.hope", 1),
        ("cs.zest", 3),
        ("cs.humor", 3),
        ("cs.curiosity", 5),
        ("cs.bravery", 5),
        ("cs.prudence", 5),
        ("cs.creativity", 8),
    ]
    assert result.signature == (
        "cs.kindness",
        "cs.hope",
        "cs.zest",
        "cs.humor",
        "cs.curiosity",
        "cs.bravery",
        "cs.prudence",
    )


def test_life_domain_priorities_from_scores():
    """The top four wanted domains become priorities; zeros never do; ties keep item order."""
    answers = {i.id: 0 for i in LD.items}
    answers.update({"ld.health": 2, "ld.leisure": 2, "ld.financial": 4})
    assert sm.life_domain_priorities(LD.score(answers)) == (
        sm.LifeDomain.FINANCIAL,
        sm.LifeDomain.HEALTH,
        sm.LifeDomain.LEISURE,
    )
    with pytest.raises(sm.ValidationError, match="expected a life-domain-priorities score"):
        sm.life_domain_priorities(PHQ9.score(phq([0] * 9)))


def test_definitions_are_validated_on_load():
    """A definition with inconsistent parts is refused with every problem and path."""
    doc = sm.to_dict(PHQ9)
    doc["items"][1]["id"] = "phq9.1"
    doc["bands"][0]["minimum"] = 1
    doc["subscales"] = [{"id": "s", "label": "S", "items": ["phq9.99"]}]
    doc["max_missing"] = 9
    doc["options"] = [{"value": 0, "label": "only"}]
    with pytest.raises(sm.ValidationError) as error:
        sm.load_instrument(json.dumps(doc))
    assert [str(p) for p in error.value.problems] == [
        "$.options: expected at least two response options",
        "$.items: expected each item id at most once, got text of 6 characters more than once",
        "$.subscales[0].items: no item 'phq9.99' in the instrument",
        "$.max_missing: expected fewer than 9 (the number of items)",
        "$.bands: expected the first band to start at the lowest score 0, got 1",
    ]
    with pytest.raises(sm.ValidationError, match="expected one of phq-9, gad-7"):
        sm.builtin_instrument("beck")


@pytest.mark.parametrize("instrument_id", BUILTIN_INSTRUMENTS)
def test_builtin_documents_round_trip(instrument_id):
    """Each built-in definition survives dumps/loads exactly."""
    instrument = sm.builtin_instrument(instrument_id)
    assert sm.load_instrument(sm.dumps(instrument)) == instrument


@given(
    st.sampled_from(BUILTIN_INSTRUMENTS).flatmap(
        lambda i: st.tuples(
            st.just(sm.builtin_instrument(i)),
            st.fixed_dictionaries(
                {
                    item.id: st.sampled_from([o.value for o in sm.builtin_instrument(i).options])
                    for item in sm.builtin_instrument(i).items
                }
            ),
        )
    )
)
def test_totals_stay_within_the_declared_range(case):
    """Any complete set of valid answers scores within score_range, in a band if banded."""
    instrument, answers = case
    result = instrument.score(answers)
    low, high = instrument.score_range
    assert low <= result.total <= high
    if instrument.bands:
        assert result.band is not None
    assert len(result.ranking) == len(instrument.items)
    assert len(result.signature) >= instrument.signature_count


@given(
    st.dictionaries(
        st.text(max_size=8),
        st.one_of(st.none(), st.integers(-5, 5), st.floats(), st.text(max_size=2)),
    )
)
def test_any_response_mapping_scores_or_raises_our_error(answers):
    """Arbitrary response mappings give a score or ValidationError, nothing else."""
    try:
        result = PHQ9.score(answers)
    except sm.ValidationError as error:
        problems = error.problems
    else:
        assert 0 <= result.total <= 27
        return
    assert problems


# Labels and scoring direction: a label that names the healthy trait on an item that
# counts the symptom would make clients answer in reverse (issue 9).
PROBLEM, STRENGTH, PRIORITY = sm.Direction.PROBLEM, sm.Direction.STRENGTH, sm.Direction.PRIORITY


def labels_and_directions(instrument: sm.Instrument) -> list[tuple[str, sm.Direction | None]]:
    return [(i.label, i.scored_direction) for i in instrument.items]


def test_phq9_labels_name_the_symptom_each_item_counts():
    """Every PHQ-9 label names a difficulty, and every item scores towards a problem."""
    assert PHQ9.direction is PROBLEM
    assert labels_and_directions(PHQ9) == [
        ("Losing interest or enjoyment in usual activities", PROBLEM),
        ("Feeling low or without hope", PROBLEM),
        ("Sleeping badly, or far more than usual", PROBLEM),
        ("Feeling worn out or short of energy", PROBLEM),
        ("Eating much less or much more than usual", PROBLEM),
        ("Thinking badly of oneself", PROBLEM),
        ("Struggling to keep attention on tasks", PROBLEM),
        ("Moving or talking noticeably slower, or being unusually fidgety", PROBLEM),
        ("Thoughts of death or of self-harm", PROBLEM),
    ]
    assert not any(i.reverse for i in PHQ9.items)


def test_gad7_labels_name_the_symptom_each_item_counts():
    """Every GAD-7 label names a difficulty, scored towards a problem."""
    assert GAD7.direction is PROBLEM
    assert labels_and_directions(GAD7) == [
        ("Feeling tense and keyed up", PROBLEM),
        ("Being unable to rein in worry", PROBLEM),
        ("Worry spreading across many areas of life", PROBLEM),
        ("Finding it hard to unwind", PROBLEM),
        ("Feeling so physically restless it is hard to keep still", PROBLEM),
        ("Getting irritated quickly", PROBLEM),
        ("A sense that something bad is coming", PROBLEM),
    ]


def test_character_strengths_labels_are_statements_of_the_strength():
    """Each self-rating statement describes the strength it scores ("just like me" = 5)."""
    assert CS.direction is STRENGTH
    assert {d for _, d in labels_and_directions(CS)} == {STRENGTH}
    # First-person statements, so "not me" ... "just like me" reads naturally.
    assert all(label.startswith("I ") or " me " in label for label, _ in labels_and_directions(CS))
    assert labels_and_directions(CS)[:2] == [
        ("I find fresh ways of doing things", STRENGTH),
        ("I like exploring and asking questions", STRENGTH),
    ]
    assert [o.label for o in CS.options][-1] == "just like me"


def test_life_domain_labels_read_as_what_to_work_on():
    """Each life-domain item asks how much the client wants to work on the domain."""
    assert LD.direction is PRIORITY
    assert labels_and_directions(LD)[:2] == [
        ("Working on daily living (home, transport, everyday tasks)", PRIORITY),
        ("Working on money and benefits", PRIORITY),
    ]
    assert all(label.startswith("Working on ") for label, _ in labels_and_directions(LD))


def test_an_item_that_reads_against_the_scale_is_refused():
    """A healthy-trait label scored towards a problem total needs reverse keying."""
    item = {"id": "x.1", "label": "Concentration", "direction": "strength"}
    document = {
        "format": "strengthmodel.instrument",
        "version": 1,
        "id": "x",
        "edition": "1",
        "title": "X",
        "direction": "problem",
        "options": [{"value": 0, "label": "no"}, {"value": 1, "label": "yes"}],
        "items": [item],
    }
    with pytest.raises(sm.ValidationError) as error:
        sm.load_instrument(json.dumps(document))
    assert [str(p) for p in error.value.problems] == [
        (
            "$.items[0]: item 'x.1' reads as strength and so scores towards strength, but "
            "a higher total means problem: reword the label or change its reverse keying"
        )
    ]
    document["items"] = [item | {"reverse": True}]
    assert sm.load_instrument(json.dumps(document)).items[0].scored_direction is PROBLEM


def test_administer_names_the_instrument_it_needs():
    """An instrument's id where its definition belongs gets the call to make, not a crash."""
    plan = sm.Plan.new(sm.Client(pseudonym="c1"), author="dr-lee")
    phq = sm.builtin_instrument("phq-9")
    answers = {item.id: 1 for item in phq.items}
    with pytest.raises(sm.ValidationError) as caught:
        sm.ops.administer(plan, "phq-9", answers, date(2026, 4, 6), author="dr-lee")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "instrument: expected an Instrument, got text: pass builtin_instrument('phq-9'), "
        "or your own"
    )
    with pytest.raises(
        sm.ValidationError, match=r"^responses: expected Mapping, got a list of 9 items$"
    ):
        sm.ops.administer(plan, phq, [1] * 9, date(2026, 4, 6), author="dr-lee")  # type: ignore[arg-type]
