"""The simulation's parameters: one validated, serializable record.

Every number the model uses that does not come from the plan is a field here, with its
default and bounds; ``docs/explanation/simulation.md`` gives each one's symbol and source
(most are assumptions). The model follows the cognitive-behavioural model of relapse
(Marlatt & Gordon 1985) and its dynamic reformulation (Witkiewitz & Marlatt 2004).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from strengthmodel._fields import Record, as_float, meta
from strengthmodel.errors import Problem

__all__ = ["SimulationParameters"]

_INTENSITIES = 5


def _floats(value: object) -> object:
    """Store a sequence of numbers as a tuple, integers as the equal floats.

    Anything else is passed through unchanged for validation to reject.
    """
    if isinstance(value, list | tuple):
        return tuple(as_float(v) for v in value)
    return value


@attrs.frozen(kw_only=True)
class SimulationParameters(Record):
    """Every assumption of the simulation model, each with a default.

    See the explanation page "The simulation model" for the equations each parameter
    enters and where its default comes from. Build a variant with ``attrs.evolve``;
    invalid values raise [`ValidationError`][strengthmodel.ValidationError] with the
    field's path, and the record saves with [`dumps`][strengthmodel.dumps].

    Attributes:
        exposure_rates: Weekly rate of meeting a trigger of intensity 1 to 5.
        exposure_scale: Multiplies every exposure rate (calibrated by ``fit``).
        lapse_probabilities: Chance of a lapse when every strategy fails, by trigger
            intensity 1 to 5.
        lapse_scale: Multiplies every lapse probability, capped at 1 (calibrated by
            ``fit``).
        mastery_weight: How much a strategy's success depends on the skill's mastery.
        self_efficacy_weight: How much coping success (and finishing challenges)
            depends on self-efficacy.
        support_availability: Chance that one support a skill relies on is available.
        initial_self_efficacy: Starting self-efficacy when the plan has no readiness
            rating (otherwise the rated confidence / 10).
        lapse_self_efficacy_weight: How much low self-efficacy raises the chance of a
            lapse once coping has failed (the lapse probability is multiplied by
            ``1 + weight * (1 - 2 * self_efficacy)``).
        mastery_gain: Fraction of the gap to full mastery closed by each success.
        self_efficacy_gain: Fraction of the gap to full self-efficacy closed by each
            successful coping.
        self_efficacy_loss: Fraction of self-efficacy lost with each lapse (the
            abstinence violation effect).
        relapse_lapses: Lapses within ``relapse_window`` weeks that make a relapse.
        relapse_window: The window, in weeks.
        heterogeneity: Whether each client draws its own values around the plan's.
        rate_shape: Gamma shape of each client's exposure multiplier (mean 1).
        probability_concentration: Beta concentration of each client's
            probabilities around the plan's values.
        challenge_rate: Weekly rate of finishing a pending challenge of difficulty 1.
        progress_per_difficulty: Goal levels gained per point of difficulty of a
            finished challenge.
        lapse_setback: Goal levels lost per lapse, on every goal.

    Examples:
        >>> SimulationParameters().exposure_rates
        (0.02, 0.05, 0.1, 0.2, 0.35)
        >>> SimulationParameters(lapse_scale=-1)
        Traceback (most recent call last):
        ...
        strengthmodel.errors.ValidationError: SimulationParameters.lapse_scale: expected a
        number from 0 to 100, got -1.0
    """

    kind = "simulation-parameters"

    exposure_rates: tuple[float, ...] = attrs.field(
        default=(0.02, 0.05, 0.10, 0.20, 0.35), converter=_floats, metadata=meta(bounds=(0, 50))
    )
    exposure_scale: float = attrs.field(
        default=1.0, converter=as_float, metadata=meta(bounds=(0, 100))
    )
    lapse_probabilities: tuple[float, ...] = attrs.field(
        default=(0.04, 0.08, 0.12, 0.20, 0.30), converter=_floats, metadata=meta(bounds=(0, 1))
    )
    lapse_scale: float = attrs.field(
        default=1.0, converter=as_float, metadata=meta(bounds=(0, 100))
    )
    mastery_weight: float = attrs.field(
        default=0.5, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    self_efficacy_weight: float = attrs.field(
        default=0.5, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    support_availability: float = attrs.field(
        default=0.8, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    initial_self_efficacy: float = attrs.field(
        default=0.5, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    lapse_self_efficacy_weight: float = attrs.field(
        default=0.8, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    mastery_gain: float = attrs.field(
        default=0.05, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    self_efficacy_gain: float = attrs.field(
        default=0.03, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    self_efficacy_loss: float = attrs.field(
        default=0.3, converter=as_float, metadata=meta(bounds=(0, 1))
    )
    relapse_lapses: int = attrs.field(default=2, metadata=meta(bounds=(1, 1000)))
    relapse_window: int = attrs.field(default=8, metadata=meta(bounds=(1, 520)))
    heterogeneity: bool = True
    rate_shape: float = attrs.field(
        default=4.0, converter=as_float, metadata=meta(bounds=(0.01, 1e6))
    )
    probability_concentration: float = attrs.field(
        default=20.0, converter=as_float, metadata=meta(bounds=(0.01, 1e6))
    )
    challenge_rate: float = attrs.field(
        default=0.15, converter=as_float, metadata=meta(bounds=(0, 10))
    )
    progress_per_difficulty: float = attrs.field(
        default=0.25, converter=as_float, metadata=meta(bounds=(0, 5))
    )
    lapse_setback: float = attrs.field(
        default=0.1, converter=as_float, metadata=meta(bounds=(0, 5))
    )

    def _problems(self) -> Iterable[Problem]:
        for name in ("exposure_rates", "lapse_probabilities"):
            values = getattr(self, name)
            if len(values) != _INTENSITIES:
                yield Problem(
                    name, f"expected {_INTENSITIES} numbers (intensity 1 to 5), got {len(values)}"
                )

    def without_dynamics(self) -> SimulationParameters:
        """The same parameters with learning and client differences switched off.

        Learning (mastery and self-efficacy gains), the abstinence violation effect
        and heterogeneity are off: the closed-form case of the explanation page.

        Examples:
            >>> SimulationParameters().without_dynamics().self_efficacy_loss
            0.0
        """
        return attrs.evolve(
            self,
            mastery_gain=0.0,
            self_efficacy_gain=0.0,
            self_efficacy_loss=0.0,
            heterogeneity=False,
        )
