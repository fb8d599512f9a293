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

from strengthmodel._describe import describe_value
from strengthmodel._fields import (
    Record,
    as_float,
    check_argument,
    meta,
    unique_problems,
)
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import AssessmentId, is_valid_id, plain_id
from strengthmodel.measures.instruments import (
    BAND_PATTERN,
    BUILTIN_INSTRUMENTS,
    Flag,
    Instrument,
    InstrumentScore,
    builtin_instrument,
    builtin_spelling,
)
from strengthmodel.steps.strengths import LifeDomain

__all__ = [
    "Assessment",
    "DomainEntry",
    "ItemResponse",
    "LifeDomainAssessment",
    "Score",
    "assessment_from_score",
    "custom_assessment",
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
            got = describe_value(self.item, id_position=True)
            yield Problem("item", f"expected an item id like 'phq9.1', got {got}")


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

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.name):
            yield Problem("name", "expected a score name like 'total' or a subscale id")


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

    An assessment of a built-in instrument (one that
    [`builtin_instrument`][strengthmodel.builtin_instrument] returns) is checked against
    the instrument's own definition whenever it is built or loaded: the edition must be
    the built-in one, every response must name one of its items and give one of its
    options (or be blank), ``flags`` must be exactly the critical answers among the
    responses, and stored scores and band must be the ones the responses give. So a
    critical answer is never stored without its flag, and the review, which reads the
    flags, cannot miss it. An id that differs from a built-in one only in case, spacing
    or punctuation (``"PHQ-9"``, ``"phq9"``) is refused with the right spelling. Any
    other id is a custom instrument, whose record is taken as stored: record it with
    [`assessment_from_score`][strengthmodel.assessment_from_score] and your own
    [`Instrument`][strengthmodel.Instrument], so that its flags are computed, or with
    [`custom_assessment`][strengthmodel.custom_assessment].
    """

    kind = "assessment"

    id: AssessmentId = attrs.field(converter=plain_id)
    instrument: str = attrs.field(metadata=meta(max_length=64))
    instrument_version: str = attrs.field(metadata=meta(max_length=32))
    completed_on: date
    responses: tuple[ItemResponse, ...]
    scores: tuple[Score, ...] = ()
    band: str | None = attrs.field(default=None, metadata=meta(max_length=64, pattern=BAND_PATTERN))
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
        spelling = builtin_spelling(self.instrument)
        if spelling is not None:
            yield Problem(
                "instrument",
                f"expected the built-in instrument id {spelling!r} exactly (ids are "
                "lowercase, as written); a misspelt id would go unchecked",
            )
        elif not is_valid_id(self.instrument):
            yield Problem("instrument", "expected an instrument id like 'phq-9'")
        if not _VERSION_RE.fullmatch(self.instrument_version):
            yield Problem("instrument_version", "expected a version like '1' or '2.0'")
        yield from unique_problems(("responses",), [r.item for r in self.responses], "item")
        yield from unique_problems(("scores",), [s.name for s in self.scores], "score name")
        yield from _builtin_problems(self)


def edition_problem(instrument: Instrument) -> Problem:
    """The refusal of another edition of a built-in instrument than the one shipped."""
    return Problem(
        "instrument_version",
        f"{instrument.id} has edition {instrument.edition!r} in this library, and no other",
    )


def _response_problems(assessment: Assessment, instrument: Instrument) -> Iterable[Problem]:
    """Responses naming no item of the instrument, or giving none of its options."""
    known = {i.id for i in instrument.items}
    allowed = {o.value for o in instrument.options}
    for index, response in enumerate(assessment.responses):
        if response.item not in known:
            yield Problem.at(("responses", index, "item"), f"no such item in {instrument.id}")
        elif response.value is not None and response.value not in allowed:
            shown = ", ".join(str(v) for v in sorted(allowed))
            yield Problem.at(
                ("responses", index, "value"), f"expected one of {shown}, got {response.value}"
            )


def _builtin_problems(assessment: Assessment) -> Iterable[Problem]:
    """An assessment of a built-in instrument, checked against its definition."""
    if assessment.instrument not in BUILTIN_INSTRUMENTS:
        return
    instrument = builtin_instrument(assessment.instrument)
    if assessment.instrument_version != instrument.edition:
        yield edition_problem(instrument)
        return
    bad = list(_response_problems(assessment, instrument))
    if bad:
        yield from bad
        return
    responses = {r.item: r.value for r in assessment.responses}
    found = instrument.flags_of(responses)
    stored = [(f.item, f.value) for f in assessment.flags]
    if stored != [(f.item, f.value) for f in found]:
        flagged = ", ".join(f.item for f in found) or "none"
        yield Problem(
            "flags",
            f"expected the critical answers of the responses ({flagged}), in item order; "
            "record assessments with administer or add_assessment, which flag them",
        )
    answered = sum(value is not None for value in responses.values())
    if len(instrument.items) - answered > instrument.max_missing:
        if assessment.scores or assessment.band is not None:
            yield Problem(
                "scores",
                f"expected no scores or band: {instrument.id} cannot be scored with "
                f"{len(instrument.items) - answered} items unanswered",
            )
        return
    yield from _differences(assessment, instrument.score(responses))


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
    *,
    allow_unscored: bool = False,
) -> Assessment:
    """Score responses with an instrument and record the completed assessment.

    This is the one way a completed instrument is recorded: the responses are checked
    against the instrument (each must name one of its items and give one of its
    options, or be blank), the critical answers are flagged whatever else is blank, and
    the stored scores are the total and each subscale (named by its id), with the
    total's band. The responses are kept, one per item in the instrument's order, so the
    scores can always be recomputed and checked with [`rescore`][strengthmodel.rescore].

    Args:
        assessment_id: The new record's id.
        instrument: The instrument's definition: a built-in one
            ([`builtin_instrument`][strengthmodel.builtin_instrument]) or your own.
        responses: Item id to the value of the chosen option; ``None`` (or leaving the
            item out) means unanswered.
        completed_on: When the client completed it.
        allow_unscored: Record responses with more items unanswered than the instrument
            allows, without scores or band (their critical answers are still flagged),
            instead of refusing them.

    Raises:
        ValidationError: The responses do not fit the instrument (see
            [`Instrument.score`][strengthmodel.Instrument.score]); a refusal for
            unanswered items says when a critical answer was given. Or ``instrument``
            has a built-in id but is not that built-in definition.

    Examples:
        >>> from strengthmodel import builtin_instrument
        >>> half = assessment_from_score("a1", builtin_instrument("phq-9"), {"phq9.9": 1},
        ...                              date(2026, 2, 1), allow_unscored=True)
        >>> half.scores, half.band, [f.item for f in half.flags]
        ((), None, ['phq9.9'])
    """
    if isinstance(instrument, str):  # type: ignore[unreachable] # an id, where the definition belongs
        raise ValidationError([_text_for_instrument(instrument)])
    check_argument("instrument", instrument, Instrument)
    check_argument("responses", responses, Mapping)
    check_argument("allow_unscored", allow_unscored, bool)
    given = dict(responses)
    if instrument.id in BUILTIN_INSTRUMENTS and instrument != builtin_instrument(instrument.id):
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    f"{instrument.id!r} is a built-in instrument id, but this definition is not "
                    "the built-in one: give your own instrument an id of its own",
                )
            ]
        )
    answers = instrument.answers(given)
    scores: list[Score] = []
    band = None
    if allow_unscored and len(instrument.items) - len(answers) > instrument.max_missing:
        flags = instrument.flags_of(answers)
    else:
        try:
            result = instrument.score(given)
        except ValidationError as refused:  # too many blanks: answers() passed the rest
            hint = Problem("allow_unscored", "pass True to record these answers without scores")
            raise ValidationError([*refused.problems, hint]) from None
        scores = [Score(name="total", value=result.total)]
        scores += [Score(name=s.id, value=s.value) for s in result.subscales if s.value is not None]
        band, flags = result.band, result.flags
    return Assessment(
        id=AssessmentId(assessment_id),
        instrument=instrument.id,
        instrument_version=instrument.edition,
        completed_on=completed_on,
        responses=tuple(ItemResponse(item=i.id, value=answers.get(i.id)) for i in instrument.items),
        scores=tuple(scores),
        band=band,
        flags=flags,
    )


def _text_for_instrument(text: str) -> Problem:
    """An instrument's id given where its definition belongs: the call to make instead."""
    known = text if text in BUILTIN_INSTRUMENTS else builtin_spelling(text)
    call = f"builtin_instrument({known!r})" if known else "builtin_instrument(id)"
    return Problem("instrument", f"expected an Instrument, got text: pass {call}, or your own")


def custom_assessment(  # noqa: PLR0913 - the record's own fields
    assessment_id: str,
    instrument: str,
    instrument_version: str,
    responses: Mapping[str, int | None],
    completed_on: date,
    *,
    scores: Mapping[str, float] | None = None,
) -> Assessment:
    """Record a completed custom instrument, by id, with the scores you computed.

    For an instrument this library does not ship and whose definition you do not pass:
    nothing is checked against a definition, and no critical answer is flagged (so the
    review cannot report one). Prefer
    [`assessment_from_score`][strengthmodel.assessment_from_score] with your own
    [`Instrument`][strengthmodel.Instrument], which flags them.

    Raises:
        ValidationError: ``instrument`` is a built-in id, or resembles one (a built-in
            instrument is always recorded through its definition), or a response or
            score is malformed.

    Examples:
        >>> done = custom_assessment("a1", "core-10", "1", {"core10.1": 2}, date(2026, 2, 1),
        ...                          scores={"total": 2})
        >>> done.instrument, done.score(), done.flags
        ('core-10', 2.0, ())
    """
    check_argument("instrument", instrument, str)
    check_argument("responses", responses, Mapping)
    check_argument("scores", scores, Mapping, type(None))
    spelling = builtin_spelling(instrument) if instrument not in BUILTIN_INSTRUMENTS else instrument
    if spelling is not None:
        raise ValidationError(
            [
                Problem(
                    "instrument",
                    f"{spelling!r} is a built-in instrument: record it through its definition "
                    f"(administer, or add_assessment with {spelling!r} exactly), which checks "
                    "its answers and flags its critical items",
                )
            ]
        )
    return Assessment(
        id=AssessmentId(assessment_id),
        instrument=instrument,
        instrument_version=instrument_version,
        completed_on=completed_on,
        responses=tuple(ItemResponse(item=k, value=v) for k, v in responses.items()),
        scores=tuple(Score(name=k, value=v) for k, v in (scores or {}).items()),
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
