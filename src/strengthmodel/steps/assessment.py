"""Step 5, assess strengths: completed instruments and the life-domain assessment.

Two kinds of assessment are recorded. A completed instrument (a questionnaire such as
PHQ-9) keeps the item responses so scores can always be recomputed. The life-domain
strengths assessment follows the Strengths Model (Rapp & Goscha 2012): for each life
domain, what is going on now, what the person wants, and the personal and social
resources they have used in the past; then the person's priorities, 1 to 4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from strengthmodel._fields import (
    Record,
    as_float,
    check_argument,
    meta,
    short_repr,
    unique_problems,
)
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import AssessmentId, is_valid_id, plain_id
from strengthmodel.measures.instruments import Flag, Instrument, InstrumentScore
from strengthmodel.steps.strengths import LifeDomain

__all__ = [
    "Assessment",
    "DomainEntry",
    "ItemResponse",
    "LifeDomainAssessment",
    "Score",
    "assessment_from_score",
    "life_domain_priorities",
    "rescore",
]

_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")


@attrs.frozen(kw_only=True)
class ItemResponse(Record):
    """The answer to one instrument item.

    Attributes:
        item: The item's id within the instrument (``"phq9.1"``).
        value: The numeric value of the chosen response option, or ``None`` when the
            item was left unanswered.
    """

    kind = "item-response"

    item: str = attrs.field(metadata=meta(max_length=64))
    value: int | None = attrs.field(metadata=meta(bounds=(-1000, 1000)))

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.item):
            yield Problem("item", f"expected an item id like 'phq9.1', got {self.item!r}")


@attrs.frozen(kw_only=True)
class Score(Record):
    """A named score of a completed instrument ("total", a subscale name).

    Attributes:
        name: The score's name.
        value: The score.
    """

    kind = "score"

    name: str = attrs.field(metadata=meta(max_length=64))
    value: float = attrs.field(converter=as_float)


@attrs.frozen(kw_only=True)
class Assessment(Record):
    """A completed instrument: which one, when, the answers and the scores.

    Attributes:
        id: The record's id.
        instrument: The instrument's id (``"phq-9"``).
        instrument_version: The instrument definition's version (``"1"``).
        completed_on: When the client completed it.
        responses: One answer per item, each item at most once.
        scores: Scores as computed when recorded: ``total`` and one per subscale
            (named by its id); recomputable from the responses.
        band: The total's severity band as computed when recorded, if the instrument
            has bands.
        flags: Critical items answered above their threshold, as computed when
            recorded. The review reports every one of them (SM108).
    """

    kind = "assessment"

    id: AssessmentId = attrs.field(converter=plain_id)
    instrument: str = attrs.field(metadata=meta(max_length=64))
    instrument_version: str = attrs.field(metadata=meta(max_length=32))
    completed_on: date
    responses: tuple[ItemResponse, ...]
    scores: tuple[Score, ...] = ()
    band: str | None = attrs.field(default=None, metadata=meta(max_length=100))
    flags: tuple[Flag, ...] = ()

    def score(self, name: str = "total") -> float | None:
        """The stored score of that name (``"total"`` or a subscale id), if any.

        Examples:
            >>> from strengthmodel import builtin_instrument
            >>> gad7 = builtin_instrument("gad-7")
            >>> done = assessment_from_score("a1", gad7, {f"gad7.{n}": 1 for n in range(1, 8)},
            ...                              date(2026, 2, 1))
            >>> done.score(), done.band, done.score("somatic")
            (7.0, 'mild', None)
        """
        return next((s.value for s in self.scores if s.name == name), None)

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.instrument):
            yield Problem("instrument", f"expected an instrument id, got {self.instrument!r}")
        if not _VERSION_RE.fullmatch(self.instrument_version):
            yield Problem(
                "instrument_version",
                f"expected a version like '1' or '2.0', got {self.instrument_version!r}",
            )
        yield from unique_problems(("responses",), [r.item for r in self.responses], "item")
        yield from unique_problems(("scores",), [s.name for s in self.scores], "score name")


@attrs.frozen(kw_only=True)
class DomainEntry(Record):
    """One life domain of the strengths assessment (Rapp & Goscha 2012).

    Attributes:
        domain: The life domain.
        current_status: What is going on now (sensitive).
        desires: What the person wants, their aspirations (sensitive).
        past_resources: Personal and social resources used in the past (sensitive).
        priority: The person's priority for this domain, 1 (highest) to 4, if it is
            one of their priorities.
    """

    kind = "domain-entry"

    domain: LifeDomain
    current_status: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True)
    )
    desires: str | None = attrs.field(default=None, repr=False, metadata=meta(sensitive=True))
    past_resources: str | None = attrs.field(
        default=None, repr=False, metadata=meta(sensitive=True)
    )
    priority: int | None = attrs.field(default=None, metadata=meta(bounds=(1, 4)))

    @property
    def is_empty(self) -> bool:
        """True when none of the three columns is filled in."""
        return self.current_status is None and self.desires is None and self.past_resources is None


@attrs.frozen(kw_only=True)
class LifeDomainAssessment(Record):
    """The life-domain strengths assessment of the Strengths Model.

    Attributes:
        id: The record's id.
        assessed_on: When it was done.
        entries: One entry per assessed domain (each domain at most once;
            priorities 1-4 each used at most once).
    """

    kind = "life-domain-assessment"

    id: AssessmentId = attrs.field(converter=plain_id)
    assessed_on: date
    entries: tuple[DomainEntry, ...]

    def _problems(self) -> Iterable[Problem]:
        if not self.entries:
            yield Problem("entries", "expected at least one life domain, got none")
        yield from unique_problems(("entries",), [e.domain.value for e in self.entries], "domain")
        ranked = [e.priority for e in self.entries if e.priority is not None]
        yield from unique_problems(("entries",), ranked, "priority")

    @property
    def priorities(self) -> tuple[LifeDomain, ...]:
        """The prioritised domains, highest priority first.

        Examples:
            >>> a = LifeDomainAssessment(id="lda-1", assessed_on=date(2026, 1, 5), entries=(
            ...     DomainEntry(domain=LifeDomain.HEALTH, priority=2),
            ...     DomainEntry(domain=LifeDomain.LEISURE, priority=1),
            ...     DomainEntry(domain=LifeDomain.FINANCIAL),
            ... ))
            >>> [d.value for d in a.priorities]
            ['leisure', 'health']
        """
        ranked = sorted(
            (e for e in self.entries if e.priority is not None),
            key=lambda e: e.priority or 0,
        )
        return tuple(e.domain for e in ranked)


def assessment_from_score(
    assessment_id: str,
    instrument: Instrument,
    responses: Mapping[str, int | None],
    completed_on: date,
) -> Assessment:
    """Score responses with an instrument and record the completed assessment.

    The stored scores are the total and each subscale (named by its id), with the
    total's band and the flagged critical answers; the responses are kept, so the scores
    can always be recomputed and checked with [`rescore`][strengthmodel.rescore].

    Raises:
        ValidationError: The responses do not fit the instrument (see
            [`Instrument.score`][strengthmodel.Instrument.score]).
    """
    if isinstance(instrument, str):  # type: ignore[unreachable] # an id, where the definition belongs
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    f"expected an Instrument, got the text {short_repr(instrument)}: pass "
                    f"builtin_instrument({short_repr(instrument)}), or your own Instrument",
                )
            ]
        )
    check_argument("instrument", instrument, Instrument)
    check_argument("responses", responses, Mapping)
    result = instrument.score(dict(responses))
    scores = [Score(name="total", value=result.total)]
    scores += [Score(name=s.id, value=s.value) for s in result.subscales if s.value is not None]
    return Assessment(
        id=AssessmentId(assessment_id),
        instrument=instrument.id,
        instrument_version=instrument.edition,
        completed_on=completed_on,
        responses=tuple(
            ItemResponse(item=i.id, value=dict(responses).get(i.id)) for i in instrument.items
        ),
        scores=tuple(scores),
        band=result.band,
        flags=result.flags,
    )


def rescore(assessment: Assessment, instrument: Instrument) -> InstrumentScore:
    """Recompute a completed assessment's scores from its stored responses, and compare.

    The recomputed total, subscale scores, band and flags are compared with those the
    assessment stores; any stored value that differs is refused (a record that was
    edited by hand, or scored with another definition under the same edition). Values
    the assessment does not store (an assessment recorded without scores) are not
    compared.

    Raises:
        ValidationError: The instrument is not the one (id and edition) the assessment
            was completed with, the stored responses no longer fit it, or a stored
            score, band or flag differs from the recomputed one (one problem each).

    Examples:
        >>> from strengthmodel import builtin_instrument
        >>> gad7 = builtin_instrument("gad-7")
        >>> done = assessment_from_score("a1", gad7, {f"gad7.{n}": 2 for n in range(1, 8)},
        ...                              date(2026, 2, 1))
        >>> rescore(done, gad7).total, rescore(done, gad7).band
        (14.0, 'moderate')
    """
    check_argument("assessment", assessment, Assessment)
    check_argument("instrument", instrument, Instrument)
    if (assessment.instrument, assessment.instrument_version) != (
        instrument.id,
        instrument.edition,
    ):
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    f"assessment {assessment.id!r} was completed with "
                    f"{assessment.instrument} edition {assessment.instrument_version}, "
                    f"not {instrument.id} edition {instrument.edition}",
                )
            ]
        )
    result = instrument.score({r.item: r.value for r in assessment.responses})
    problems = list(_differences(assessment, result))
    if problems:
        raise ValidationError(problems)
    return result


def _differences(assessment: Assessment, result: InstrumentScore) -> Iterable[Problem]:
    """Stored scores, band and flags that differ from the recomputed ones."""
    recomputed: dict[str, float | None] = {"total": result.total}
    recomputed.update((s.id, s.value) for s in result.subscales)
    for stored in assessment.scores:
        if stored.name not in recomputed:
            yield Problem(
                f"scores[{stored.name!r}]",
                f"stored score {stored.name!r} is not a score of {result.instrument}",
            )
        elif (again := recomputed[stored.name]) != stored.value:
            shown = "nothing (every item unanswered)" if again is None else f"{again:g}"
            yield Problem(
                f"scores[{stored.name!r}]", f"stored {stored.value:g}, recomputed {shown}"
            )
    if assessment.band is not None and assessment.band != result.band:
        yield Problem("band", f"stored {assessment.band!r}, recomputed {result.band!r}")
    stored_flags = {(f.item, f.value) for f in assessment.flags}
    found = {(f.item, f.value) for f in result.flags}
    if assessment.flags and stored_flags != found:
        yield Problem(
            "flags",
            f"stored flags on {sorted(i for i, _ in stored_flags)}, "
            f"recomputed on {sorted(i for i, _ in found)}",
        )


def life_domain_priorities(score: InstrumentScore) -> tuple[LifeDomain, ...]:
    """The top four life domains of a ``life-domain-priorities`` score, highest first.

    Domains the client does not want to work on now (value 0) are never priorities.
    Ties keep the instrument's item order, so the result is always at most four distinct
    domains, ready to become priorities 1-4 of a
    [`LifeDomainAssessment`][strengthmodel.LifeDomainAssessment].

    Raises:
        ValidationError: The score is not of the ``life-domain-priorities`` instrument.

    Examples:
        >>> from strengthmodel import builtin_instrument
        >>> ld = builtin_instrument("life-domain-priorities")
        >>> answers = {"ld.health": 4, "ld.financial": 3, "ld.leisure": 3, "ld.daily-living": 1,
        ...            "ld.social-supports": 2, "ld.vocational-educational": 0,
        ...            "ld.spirituality-culture": 0}
        >>> [d.value for d in life_domain_priorities(ld.score(answers))]
        ['health', 'financial', 'leisure', 'social-supports']
    """
    check_argument("score", score, InstrumentScore)
    if score.instrument != "life-domain-priorities":
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    f"expected a life-domain-priorities score, got {score.instrument!r}",
                )
            ]
        )
    wanted = [r for r in score.ranking if r.value > 0]
    return tuple(LifeDomain(r.item.removeprefix("ld.")) for r in wanted[:4])
