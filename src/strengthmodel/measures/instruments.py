"""Scored instruments: questionnaire definitions as data, and their scoring.

An [`Instrument`][strengthmodel.Instrument] says everything needed to score a
questionnaire: its items (with short labels), the response options and their values,
reverse-keyed items, subscales, the scoring rule (sum or mean), severity bands, how many
answers may be missing (and prorating), critical items that are flagged whatever the
total, how many top items to rank as signature items, and its attribution and licence.

Definitions are JSON documents (``"format": "strengthmodel.instrument"``), validated on
load like every strengthmodel document, so users can add their own with
[`load_instrument`][strengthmodel.load_instrument]. The built-in ones
([`builtin_instrument`][strengthmodel.builtin_instrument]) ship as data files.

We ship no instrument's official item wording: item and option labels are short
descriptions in our own words. Supply the official wording yourself when you present
an instrument to a client, under its own licence.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Final

import attrs

from strengthmodel._describe import describe_value
from strengthmodel._fields import Record, as_float, meta, unique_problems
from strengthmodel.errors import Problem, ValidationError
from strengthmodel.ids import is_valid_id

__all__ = [
    "BUILTIN_INSTRUMENTS",
    "Band",
    "Direction",
    "Flag",
    "Instrument",
    "InstrumentScore",
    "Item",
    "RankedItem",
    "ResponseOption",
    "Scoring",
    "Subscale",
    "SubscaleScore",
    "builtin_instrument",
    "builtin_spelling",
    "load_instrument",
]

_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")

BAND_PATTERN: Final = r"^[a-z0-9]+(?:[ ._-][a-z0-9]+)*$"
"""What a severity band's label looks like: a short lowercase code (``"moderately severe"``).

Band labels are codes, stored with every completed assessment and shown in reprs and
exports, so prose (a name, a sentence, a phone number) is refused there.
"""

BUILTIN_INSTRUMENTS = ("phq-9", "gad-7", "character-strengths", "life-domain-priorities")
"""Ids of the instruments that ship with strengthmodel."""


class Scoring(enum.Enum):
    """How item values combine into a score."""

    SUM = "sum"
    """The sum of the (keyed) item values."""
    MEAN = "mean"
    """The mean of the (keyed) item values."""


class Direction(enum.Enum):
    """What a higher answer (or a higher total) means.

    Written down per item so that a label can never read in reverse of how the item is
    scored: an item whose label names a difficulty counts towards a ``problem`` total as
    it stands, and an item whose label names a healthy trait counts towards it only
    when reverse-keyed (see [`Instrument`][strengthmodel.Instrument]).
    """

    PROBLEM = "problem"
    """More of a difficulty or symptom (PHQ-9, GAD-7)."""
    STRENGTH = "strength"
    """More of a strength, quality or resource."""
    PRIORITY = "priority"
    """More wish to work on it now."""


_OPPOSITE = {Direction.PROBLEM: Direction.STRENGTH, Direction.STRENGTH: Direction.PROBLEM}


@attrs.frozen(kw_only=True)
class ResponseOption(Record):
    """One answer a client can give, and its value.

    Attributes:
        value: The value scored for this answer.
        label: A short label in our (or the instrument author's licensed) words.
    """

    kind = "response-option"

    value: int = attrs.field(metadata=meta(bounds=(-1000, 1000)))
    label: str = attrs.field(metadata=meta(max_length=100))


@attrs.frozen(kw_only=True)
class Item(Record):
    """One item of an instrument.

    Attributes:
        id: The item's id, unique in the instrument (``"phq9.9"``).
        label: A short description of what the item asks about (not its wording).
        reverse: Reverse-keyed: the value scored is ``lowest + highest - answer``.
        flag_above: A critical item: answers above this value are flagged for follow-up,
            whatever the total.
        flag_reason: Why a flagged answer matters (shown with the flag).
        direction: What a higher answer to the label means, as the label reads (not
            after reverse keying); ``None`` when not written down.
    """

    kind = "item"

    id: str = attrs.field(metadata=meta(max_length=64))
    label: str = attrs.field(metadata=meta(max_length=200))
    reverse: bool = False
    flag_above: int | None = attrs.field(default=None, metadata=meta(bounds=(-1000, 1000)))
    flag_reason: str | None = attrs.field(default=None, metadata=meta(max_length=300))
    direction: Direction | None = None

    @property
    def scored_direction(self) -> Direction | None:
        """What a higher *keyed* value means: the direction, flipped by reverse keying.

        Examples:
            >>> Item(id="s.2", label="Waking rested", reverse=True,
            ...      direction=Direction.STRENGTH).scored_direction
            <Direction.PROBLEM: 'problem'>
        """
        if self.direction is None or not self.reverse:
            return self.direction
        return _OPPOSITE.get(self.direction)

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.id):
            got = describe_value(self.id, id_position=True)
            yield Problem("id", f"expected an item id like 'phq9.1', got {got}")
        if self.reverse and self.direction is Direction.PRIORITY:
            yield Problem("reverse", "a priority item cannot be reverse-keyed")
        if self.flag_reason is not None and self.flag_above is None:
            yield Problem("flag_reason", "a flag reason needs flag_above")


@attrs.frozen(kw_only=True)
class Subscale(Record):
    """A named group of items scored together.

    Attributes:
        id: The subscale's id, unique in the instrument.
        label: Its name.
        items: The ids of its items.
    """

    kind = "subscale"

    id: str = attrs.field(metadata=meta(max_length=64))
    label: str = attrs.field(metadata=meta(max_length=200))
    items: tuple[str, ...] = attrs.field(metadata=meta(unique=True))

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.id):
            yield Problem(
                "id", f"expected a subscale id, got {describe_value(self.id, id_position=True)}"
            )
        if not self.items:
            yield Problem("items", "expected at least one item, got none")


@attrs.frozen(kw_only=True)
class Band(Record):
    """A severity band of the total score: from ``minimum`` up to the next band's minimum.

    Attributes:
        label: The band's name ("mild").
        minimum: The lowest total in the band (inclusive).
    """

    kind = "band"

    label: str = attrs.field(metadata=meta(max_length=64, pattern=BAND_PATTERN))
    minimum: float = attrs.field(converter=as_float, metadata=meta(bounds=(-1e6, 1e6)))


@attrs.frozen(kw_only=True)
class Flag(Record):
    """A critical item answered above its threshold.

    Attributes:
        item: The item's id.
        value: The answer given.
        reason: Why it matters.
    """

    kind = "flag"

    item: str = attrs.field(metadata=meta(max_length=64))
    value: int = attrs.field(metadata=meta(bounds=(-1000, 1000)))  # as ItemResponse.value
    # Prose: an instrument's own words for now, but a custom definition could hold anything,
    # so it is kept out of reprs and de-identified copies like other free text.
    reason: str | None = attrs.field(
        default=None, repr=False, metadata=meta(max_length=300, sensitive=True)
    )

    def _problems(self) -> Iterable[Problem]:
        if not is_valid_id(self.item):
            yield Problem("item", "expected an item id like 'phq9.9'")


@attrs.frozen(kw_only=True)
class SubscaleScore(Record):
    """A subscale's score (``None`` when all its items were unanswered).

    Attributes:
        id: The subscale's id.
        value: Its score.
    """

    kind = "subscale-score"

    id: str
    value: float | None = None


@attrs.frozen(kw_only=True)
class RankedItem(Record):
    """An item's place in the ranking of answers (1 = highest).

    Attributes:
        item: The item's id.
        value: Its keyed value.
        rank: Competition rank: tied items share a rank, and the next rank skips
            (1, 2, 2, 4).
    """

    kind = "ranked-item"

    item: str
    value: int
    rank: int = attrs.field(metadata=meta(bounds=(1, 10_000)))


@attrs.frozen(kw_only=True)
class InstrumentScore(Record):
    """The result of scoring one completed instrument.

    Attributes:
        instrument: The instrument's id.
        edition: The instrument definition's edition.
        total: The total score (prorated if answers were missing and the instrument
            allows it).
        band: The total's severity band, if the instrument has bands.
        subscales: Each subscale's score.
        flags: Critical items answered above their threshold, in item order.
        missing: The items left unanswered.
        ranking: Every answered item ranked by keyed value, highest first (ties keep
            the instrument's item order).
        signature: The signature items: those ranked within the instrument's
            ``signature_count``, ties at the boundary included (so there may be more).
    """

    kind = "instrument-score"

    instrument: str
    edition: str
    total: float
    band: str | None = None
    subscales: tuple[SubscaleScore, ...] = ()
    flags: tuple[Flag, ...] = ()
    missing: tuple[str, ...] = ()
    ranking: tuple[RankedItem, ...] = ()
    signature: tuple[str, ...] = ()

    def _display_html_(self, *, include_sensitive: bool) -> str:  # noqa: ARG002 - no text to withhold
        from strengthmodel.measures._display import instrument_score_html  # noqa: PLC0415 - on use

        return instrument_score_html(self)

    def _repr_html_(self) -> str:
        return self._display_html_(include_sensitive=False)


@attrs.frozen(kw_only=True)
class Instrument(Record):
    """A scored questionnaire, defined as data.

    Attributes:
        id: The instrument's id (``"phq-9"``).
        edition: The definition's version ("1", "2.0"); completed assessments record it
            as their ``instrument_version``. (Not ``version``: that key belongs to the
            document envelope.)
        title: The instrument's name.
        options: The response options shared by every item, with their values.
        items: The items, in order.
        scoring: Sum or mean of the keyed item values.
        bands: Severity bands of the total, lowest first; the first band starts at the
            lowest possible total.
        subscales: Groups of items scored together.
        max_missing: How many items may be left unanswered (0: every item is required).
        prorate: With missing items, scale a sum up to the full number of items
            (sum x items / answered). Means are always over the answered items.
        signature_count: How many top-ranked items are signature items (0: none).
        direction: What a higher total means. When given, every item whose direction
            is written down must be scored towards it (reverse-keyed if its label reads
            the other way), so that no label inverts the scale.
        attribution: Who made the instrument, as its terms of use ask.
        licence: The terms of use.
    """

    kind = "instrument"

    id: str = attrs.field(metadata=meta(max_length=64))
    edition: str = attrs.field(metadata=meta(max_length=32))
    title: str = attrs.field(metadata=meta(max_length=200))
    options: tuple[ResponseOption, ...]
    items: tuple[Item, ...]
    scoring: Scoring = Scoring.SUM
    bands: tuple[Band, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    max_missing: int = attrs.field(default=0, metadata=meta(bounds=(0, 10_000)))
    prorate: bool = True
    signature_count: int = attrs.field(default=0, metadata=meta(bounds=(0, 10_000)))
    direction: Direction | None = None
    attribution: str | None = attrs.field(default=None, metadata=meta(max_length=2000))
    licence: str | None = attrs.field(default=None, metadata=meta(max_length=2000))

    def _problems(self) -> Iterable[Problem]:  # noqa: C901 - one branch per rule
        if not is_valid_id(self.id):
            got = describe_value(self.id, id_position=True)
            yield Problem("id", f"expected an instrument id like 'phq-9', got {got}")
        if not _VERSION_RE.fullmatch(self.edition):
            got = describe_value(self.edition)
            yield Problem("edition", f"expected an edition like '1' or '2.0', got {got}")
        values = [o.value for o in self.options]
        if len(values) < 2:
            yield Problem("options", "expected at least two response options")
        yield from unique_problems(("options",), values, "option value")
        ids = [i.id for i in self.items]
        if not ids:
            yield Problem("items", "expected at least one item, got none")
        yield from unique_problems(("items",), ids, "item id")
        known = set(ids)
        for index, subscale in enumerate(self.subscales):
            for item in subscale.items:
                if item not in known:
                    yield Problem.at(
                        ("subscales", index, "items"),
                        f"no item {describe_value(item, id_position=True)} in the instrument",
                    )
        yield from unique_problems(("subscales",), [s.id for s in self.subscales], "subscale id")
        if self.max_missing >= max(len(ids), 1):
            yield Problem("max_missing", f"expected fewer than {len(ids)} (the number of items)")
        if self.signature_count > len(ids):
            yield Problem("signature_count", f"expected at most {len(ids)} (the number of items)")
        yield from self._direction_problems()
        minimums = [b.minimum for b in self.bands]
        if any(b <= a for a, b in itertools.pairwise(minimums)):
            yield Problem("bands", "expected band minimums in increasing order")
        if minimums and values and ids and minimums[0] != self.score_range[0]:
            yield Problem(
                "bands",
                f"expected the first band to start at the lowest score "
                f"{self.score_range[0]:g}, got {minimums[0]:g}",
            )

    def _direction_problems(self) -> Iterable[Problem]:
        """Items whose label reads against what a higher total means."""
        if self.direction is None:
            return
        for index, entry in enumerate(self.items):
            scored = entry.scored_direction
            if entry.direction is not None and scored != self.direction:
                keyed = " (reverse-keyed)" if entry.reverse else ""
                yield Problem.at(
                    ("items", index),
                    f"item {entry.id!r} reads as {entry.direction.value}{keyed} and so scores "
                    f"towards {scored.value if scored else 'neither'}, but a higher total "
                    f"means {self.direction.value}: reword the label or change its reverse "
                    "keying",
                )

    @property
    def score_range(self) -> tuple[float, float]:
        """The lowest and highest possible total (with every item answered).

        Examples:
            >>> builtin_instrument("phq-9").score_range
            (0.0, 27.0)
        """
        low = min(o.value for o in self.options)
        high = max(o.value for o in self.options)
        if self.scoring is Scoring.MEAN:
            return float(low), float(high)
        return float(low * len(self.items)), float(high * len(self.items))

    def band_of(self, total: float) -> str | None:
        """The band a total falls in (the last band whose minimum it reaches)."""
        found = None
        for band in self.bands:
            if total >= band.minimum:
                found = band.label
        return found

    def score(self, responses: Mapping[str, int | None]) -> InstrumentScore:
        """Score a completed instrument.

        Args:
            responses: Item id to the value of the chosen option; ``None`` (or leaving
                the item out) means unanswered.

        Returns:
            The total, band, subscale scores, flags, missing items and ranking.

        Raises:
            ValidationError: An unknown item, a value that is not one of the options,
                or more unanswered items than the instrument allows; each problem
                names the item.

        Examples:
            >>> phq9 = builtin_instrument("phq-9")
            >>> values = [2, 2, 1, 1, 0, 1, 1, 0, 1]
            >>> answers = {f"phq9.{n}": v for n, v in enumerate(values, start=1)}
            >>> result = phq9.score(answers)
            >>> result.total, result.band, [f.item for f in result.flags]
            (9.0, 'mild', ['phq9.9'])
        """
        answers = self._checked(responses)
        values = [o.value for o in self.options]
        # Reverse keying mirrors an answer within the option range.
        mirror = min(values) + max(values)
        reverse = {i.id for i in self.items if i.reverse}
        keyed = {
            item: mirror - value if item in reverse else value for item, value in answers.items()
        }
        missing = tuple(i.id for i in self.items if i.id not in answers)
        total = self._combine([i.id for i in self.items], keyed)
        assert total is not None  # noqa: S101 - max_missing < items, so one is answered
        subscales = tuple(
            SubscaleScore(id=s.id, value=self._combine(list(s.items), keyed))
            for s in self.subscales
        )
        flags = self.flags_of(answers)
        ranking = _rank([(i.id, keyed[i.id]) for i in self.items if i.id in keyed])
        signature = tuple(r.item for r in ranking if r.rank <= self.signature_count)
        return InstrumentScore(
            instrument=self.id,
            edition=self.edition,
            total=total,
            band=self.band_of(total),
            subscales=subscales,
            flags=flags,
            missing=missing,
            ranking=ranking,
            signature=signature,
        )

    def _checked(self, responses: Mapping[str, int | None]) -> dict[str, int]:
        """The answered items, or every problem: bad answers, then too many unanswered."""
        answers = self.answers(responses)
        unanswered = [i.id for i in self.items if i.id not in answers]
        if len(unanswered) > self.max_missing:
            problems = [
                Problem(
                    "responses",
                    f"{len(unanswered)} items unanswered ({', '.join(unanswered)}); "
                    f"{self.id} allows {self.max_missing}",
                )
            ]
            flagged = self.flags_of(answers)
            if flagged:
                # The refusal must not hide a critical answer that was given.
                problems.append(
                    Problem(
                        "responses",
                        f"critical answers were given ({', '.join(f.item for f in flagged)}): "
                        "follow them up whatever the total",
                    )
                )
            raise ValidationError(problems)
        return answers

    def answers(self, responses: Mapping[str, int | None]) -> dict[str, int]:
        """The answered items of ``responses``, each checked against the options.

        Unanswered items (``None``, or left out) are allowed here, however many; use
        [`score`][strengthmodel.Instrument.score] for the instrument's own limit.

        Raises:
            ValidationError: ``responses`` is not a mapping, names an item the
                instrument does not have, or gives a value that is not one of the
                options (one problem each, located at the item).

        Examples:
            >>> builtin_instrument("phq-9").answers({"phq9.9": 2, "phq9.1": None})
            {'phq9.9': 2}
        """
        if not isinstance(responses, Mapping):
            raise ValidationError(
                [
                    Problem(
                        "responses",
                        f"expected a mapping of item ids to values, got {type(responses).__name__}",
                    )
                ]
            )
        allowed = {o.value for o in self.options}
        allowed_text = ", ".join(str(v) for v in sorted(allowed))
        known = {i.id for i in self.items}
        problems = []
        answers: dict[str, int] = {}
        for item, value in responses.items():
            if item not in known:
                problems.append(Problem(_key(item), f"no such item in {self.id}"))
            elif value is None:
                continue
            elif type(value) is not int or value not in allowed:
                problems.append(
                    Problem(
                        f"responses[{item!r}]",
                        f"expected one of {allowed_text}, got {_answer(value)}",
                    )
                )
            else:
                answers[item] = value
        if problems:
            raise ValidationError(problems)
        return answers

    def flags_of(self, responses: Mapping[str, int | None]) -> tuple[Flag, ...]:
        """The critical answers among ``responses``, in item order, however many are blank.

        A critical item (one with ``flag_above``) answered above its threshold is flagged
        whatever the other answers are, so a form left half done still shows it.

        Raises:
            ValidationError: As [`answers`][strengthmodel.Instrument.answers].

        Examples:
            >>> [f.item for f in builtin_instrument("phq-9").flags_of({"phq9.9": 1})]
            ['phq9.9']
        """
        answers = self.answers(responses)
        return tuple(
            Flag(item=i.id, value=answers[i.id], reason=i.flag_reason)
            for i in self.items
            if i.flag_above is not None and i.id in answers and answers[i.id] > i.flag_above
        )

    def _combine(self, item_ids: list[str], keyed: Mapping[str, int]) -> float | None:
        answered = [keyed[i] for i in item_ids if i in keyed]
        if not answered:
            return None
        if self.scoring is Scoring.MEAN:
            return sum(answered) / len(answered)
        if self.prorate and len(answered) < len(item_ids):
            return sum(answered) * len(item_ids) / len(answered)
        return float(sum(answered))


def _rank(values: list[tuple[str, int]]) -> tuple[RankedItem, ...]:
    """Competition ranking, highest first; ties keep their order and share a rank."""
    ordered = sorted(values, key=lambda pair: -pair[1])  # stable: ties keep item order
    ranked: list[RankedItem] = []
    for position, (item, value) in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].value == value else position
        ranked.append(RankedItem(item=item, value=value, rank=rank))
    return tuple(ranked)


def _key(item: object) -> str:
    """The path of an unknown item key: an id is named, other text never (it may be prose)."""
    if type(item) is str and is_valid_id(item):
        return f"responses[{item!r}]"
    return f"responses[<{'text' if type(item) is str else type(item).__name__} key>]"


def _answer(value: object) -> str:
    """A refused answer: a number in this numeric field is shown, anything else described."""
    if type(value) in (int, float):
        return repr(value)
    return "a bool" if type(value) is bool else f"a {type(value).__name__}"


def builtin_spelling(instrument_id: str) -> str | None:
    """The built-in instrument id that ``instrument_id`` misspells, if any.

    Ids are exact, so ``"PHQ-9"``, ``"phq9"`` and ``"phq_9"`` are not ``"phq-9"``; an id
    that differs from a built-in one only in case, spacing or punctuation is almost always
    meant as that one, and is refused with the right spelling rather than taken as a
    custom instrument (which would go unchecked).

    Returns:
        The built-in id, or ``None`` when ``instrument_id`` is one exactly or resembles
        none.

    Examples:
        >>> builtin_spelling("PHQ 9"), builtin_spelling("phq-9"), builtin_spelling("core-10")
        ('phq-9', None, None)
    """
    if instrument_id in BUILTIN_INSTRUMENTS:
        return None
    squeezed = _squeeze(instrument_id)
    return next((known for known in BUILTIN_INSTRUMENTS if _squeeze(known) == squeezed), None)


def _squeeze(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def load_instrument(text: str | bytes) -> Instrument:
    """Load an instrument definition from its JSON document.

    The document is validated like every strengthmodel document (see
    ``strengthmodel schema instrument`` for its JSON Schema).

    Raises:
        ValidationError: The document is not a valid instrument definition; every
            problem is listed with its JSON path.
    """
    from strengthmodel.serialization import loads  # noqa: PLC0415 - loaded on first use

    return loads(text, Instrument)


@functools.cache
def builtin_instrument(instrument_id: str) -> Instrument:
    """One of the instruments that ship with strengthmodel, by id.

    - ``phq-9``: depression severity (Kroenke, Spitzer & Williams 2001), 0-27.
    - ``gad-7``: anxiety severity (Spitzer, Kroenke, Williams & Löwe 2006), 0-21.
    - ``character-strengths``: a self-rating of the 24 VIA character strengths, in our
      own wording (not the VIA Survey), 1-5, with the six virtues as subscales and the
      top five as signature strengths.
    - ``life-domain-priorities``: how much the client wants to work on each Strengths
      Model life domain now, 0-4; the top four become priorities.

    Raises:
        ValidationError: No built-in instrument has that id.

    Examples:
        >>> builtin_instrument("gad-7").title
        'GAD-7 (Generalized Anxiety Disorder 7-item scale)'
    """
    if instrument_id not in BUILTIN_INSTRUMENTS:
        got = describe_value(instrument_id, id_position=True)
        raise ValidationError(
            [
                Problem(
                    "instrument_id", f"expected one of {', '.join(BUILTIN_INSTRUMENTS)}, got {got}"
                )
            ]
        )
    data = resources.files("strengthmodel.measures").joinpath("data", f"{instrument_id}.json")
    return load_instrument(data.read_bytes())
