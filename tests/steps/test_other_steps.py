"""Records of steps 1, 2, 4 and 5, and the client."""

from datetime import date

import pytest

from strengthmodel import (
    Assessment,
    Challenge,
    ChallengeOutcome,
    Client,
    DomainEntry,
    ItemResponse,
    LifeDomain,
    LifeDomainAssessment,
    Score,
    Session,
    StageOfChange,
    ValidationError,
)


def test_stages_of_change_in_order():
    """The five Transtheoretical Model stages, in order."""
    assert [(s.order, s.value) for s in StageOfChange] == [
        (1, "precontemplation"),
        (2, "contemplation"),
        (3, "preparation"),
        (4, "action"),
        (5, "maintenance"),
    ]


def test_session_needs_a_step_and_bounded_alliance():
    """A session works on at least one step; the alliance rating is 0-10."""
    with pytest.raises(ValidationError) as error:
        Session(id="s1", held_on=date(2026, 1, 1), steps=frozenset(), alliance=11)
    assert [str(p) for p in error.value.problems] == [
        "Session.alliance: expected an integer from 0 to 10, got 11"
    ]
    with pytest.raises(ValidationError, match="at least one step worked on"):
        Session(id="s1", held_on=date(2026, 1, 1), steps=frozenset())


def test_challenge_done_date_needs_done_outcome():
    """A done date is allowed only when the outcome is 'done'; difficulty is 1-5."""
    done = Challenge(
        id="c1",
        description="Bus to the woodshop",
        outcome=ChallengeOutcome.DONE,
        done_on=date(2026, 2, 2),
    )
    assert done.difficulty == 1
    with pytest.raises(ValidationError, match="a done date needs outcome 'done', got 'attempted'"):
        Challenge(
            id="c1", description="x", outcome=ChallengeOutcome.ATTEMPTED, done_on=date(2026, 2, 2)
        )
    with pytest.raises(
        ValidationError, match=r"Challenge\.difficulty: expected an integer from 1 to 5, got 0"
    ):
        Challenge(id="c1", description="x", difficulty=0)


def test_assessment_items_and_scores_unique_and_well_formed():
    """Each item and score name appears once; instrument id and version are well-formed."""
    with pytest.raises(ValidationError) as error:
        Assessment(
            id="a1",
            instrument="my scale",
            instrument_version="v 1",
            completed_on=date(2026, 1, 1),
            responses=(ItemResponse(item="q1", value=1), ItemResponse(item="q1", value=2)),
            scores=(Score(name="total", value=3), Score(name="total", value=3)),
        )
    assert [str(p) for p in error.value.problems] == [
        "Assessment.instrument: expected an instrument id like 'phq-9'",
        "Assessment.instrument_version: expected a version like '1' or '2.0'",
        (
            "Assessment.responses: expected each item at most once, got text of 2 characters "
            "more than once"
        ),
        (
            "Assessment.scores: expected each score name at most once, got text of 5 characters "
            "more than once"
        ),
    ]
    assert Score(name="total", value=3).value == 3.0
    assert ItemResponse(item="q2", value=None).value is None


def test_life_domain_assessment_priorities():
    """Domains appear once, priorities 1-4 once each; priorities lists them in rank order."""
    lda = LifeDomainAssessment(
        id="a1",
        assessed_on=date(2026, 1, 5),
        entries=(
            DomainEntry(domain=LifeDomain.HEALTH, current_status="ok", priority=3),
            DomainEntry(domain=LifeDomain.FINANCIAL, priority=1),
            DomainEntry(domain=LifeDomain.LEISURE),
        ),
    )
    assert lda.priorities == (LifeDomain.FINANCIAL, LifeDomain.HEALTH)
    assert [e.is_empty for e in lda.entries] == [False, True, True]
    with pytest.raises(ValidationError) as error:
        LifeDomainAssessment(
            id="a1",
            assessed_on=date(2026, 1, 5),
            entries=(
                DomainEntry(domain=LifeDomain.HEALTH, priority=1),
                DomainEntry(domain=LifeDomain.HEALTH, priority=1),
            ),
        )
    where = "LifeDomainAssessment.entries"
    assert [str(p) for p in error.value.problems] == [
        f"{where}: expected each domain at most once, got text of 6 characters more than once",
        f"{where}: expected each priority at most once, got an integer more than once",
    ]
    with pytest.raises(
        ValidationError, match=r"DomainEntry\.priority: expected an integer from 1 to 4"
    ):
        DomainEntry(domain=LifeDomain.HEALTH, priority=5)


def test_client_language_and_pseudonym():
    """Pseudonyms are id-like; languages are BCP 47 tags."""
    assert Client(pseudonym="c-1", preferred_language="es-MX").preferred_language == "es-MX"
    with pytest.raises(ValidationError) as error:
        Client(pseudonym="Robin Smith", preferred_language="Spanish!")
    assert [p.path for p in error.value.problems] == [
        "Client.pseudonym",
        "Client.preferred_language",
    ]
