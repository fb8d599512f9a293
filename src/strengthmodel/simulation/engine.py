"""The vectorized engine: one block of clients through every week of the model.

The equations are those of ``docs/explanation/simulation.md`` (after Marlatt & Gordon
1985 and Witkiewitz & Marlatt 2004). Clients are simulated in fixed blocks of
[`BLOCK_SIZE`][strengthmodel.simulation.engine.BLOCK_SIZE]; every random stream of a
block is ``SeedSequence(seed, spawn_key=(block, purpose, key))``, so a client's
trajectory depends only on the seed, its index and the plan, never on how blocks are
grouped into chunks or which worker runs them. State is a few arrays of shape
(triggers or skills or goals) x clients; weekly results are folded into sums and exact
integer histograms as the weeks go by, so memory does not grow with the weeks.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from strengthmodel.measures.gas import gas_t_score
from strengthmodel.simulation.inputs import PlanInputs
from strengthmodel.simulation.parameters import SimulationParameters

__all__ = [
    "BINS",
    "BLOCK_SIZE",
    "CLIENT_COLUMNS",
    "HISTOGRAMS",
    "SUMS",
    "ChunkResult",
    "run_chunk",
]

BLOCK_SIZE: Final = 1024
"""Clients per block: the unit of random streams (part of the reproducibility contract)."""

BINS: Final = 1000
"""Histogram bins of each weekly distribution (self-efficacy and mastery on [0, 1],
GAS T-scores on [0, 100])."""

SUMS: Final = ("lapsed", "lapses", "in_relapse", "lapse_free", "self_efficacy", "mastery", "gas_t")
"""The weekly sums kept per block, in this order."""

HISTOGRAMS: Final = {"self_efficacy": (0.0, 1.0), "mastery": (0.0, 1.0), "gas_t": (0.0, 100.0)}
"""The weekly distributions kept as histograms, with their ranges."""

CLIENT_COLUMNS: Final = (
    "lapses",
    "relapses",
    "first_lapse_week",
    "first_relapse_week",
    "final_self_efficacy",
    "final_mastery",
    "final_gas_t",
)
"""The per-client results, in this order."""

# Stream purposes: a stream is (block, purpose, key), so no two uses share draws.
_EXPOSURE_MULTIPLIER, _SELF_EFFICACY, _EXPOSURE, _LAPSE, _EFFICACY, _MASTERY, _CHALLENGES = range(7)
_EDGE = 1e-6  # Beta means are moved this far inside (0, 1), where Beta is defined.


@attrs.frozen(kw_only=True, eq=False)
class ChunkResult:
    """What a chunk of blocks gives back to be merged.

    Attributes:
        first_block: Index of the chunk's first block.
        clients: Per-client results, shape (len(CLIENT_COLUMNS), clients in chunk).
        sums: Weekly sums per block, shape (blocks, weeks, len(SUMS)).
        histograms: Weekly histogram counts, shape (weeks, len(HISTOGRAMS), BINS).
    """

    first_block: int
    clients: NDArray[np.float64]
    sums: NDArray[np.float64]
    histograms: NDArray[np.int64]


def _generator(seed: int, block: int, purpose: int, key: int = 0) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(block, purpose, key))
    return np.random.Generator(np.random.PCG64(sequence))


def _beta_around(
    mean: NDArray[np.float64] | float,
    size: int,
    generator: np.random.Generator,
    params: SimulationParameters,
) -> NDArray[np.float64]:
    """Each client's probability, Beta-distributed around the plan's value."""
    if not params.heterogeneity:
        return np.full(size, mean, dtype=float)
    mu = np.clip(mean, _EDGE, 1.0 - _EDGE)
    phi = params.probability_concentration
    return generator.beta(mu * phi, (1.0 - mu) * phi, size)


_LOWS = np.array([[low] for low, _ in HISTOGRAMS.values()])
_SCALES = np.array([[BINS / (high - low)] for low, high in HISTOGRAMS.values()])


def _histograms(values: tuple[NDArray[np.float64], ...]) -> NDArray[np.int64]:
    """Histogram counts of each row (NaN left out), in one ``bincount``."""
    stacked = np.stack(values)
    index = np.clip(((stacked - _LOWS) * _SCALES), 0, BINS - 1)
    finite = np.isfinite(index)
    flat = (index + np.arange(len(values))[:, None] * BINS)[finite].astype(np.int64)
    return np.bincount(flat, minlength=len(values) * BINS).reshape(len(values), BINS)


_TABLE_GOALS = 5  # up to 5**5 level combinations are scored once, in advance


def _t_score_table(
    weights: NDArray[np.float64],
) -> tuple[NDArray[np.float64] | None, NDArray[np.int64]]:
    """``gas_t_score`` of every combination of levels, for plans with few goals.

    Returns the table and the place value of each goal's level (levels + 2 in base 5),
    or ``None`` when there are too many goals to tabulate.
    """
    goals = len(weights)
    place = 5 ** np.arange(goals, dtype=np.int64)
    if not 0 < goals <= _TABLE_GOALS:
        return None, place
    combos = (np.arange(5**goals)[:, None] // place[None, :]) % 5 - 2
    return np.asarray(gas_t_score(combos, weights), dtype=float), place


_BATCH = 16  # blocks simulated together in one set of arrays


def run_chunk(
    inputs: PlanInputs,
    params: SimulationParameters,
    *,
    seed: int,
    weeks: int,
    clients: int,
    first_block: int,
    last_block: int,
) -> ChunkResult:
    """Simulate blocks ``first_block`` to ``last_block - 1`` of a cohort of ``clients``.

    A pure function of its arguments (module level and picklable, so any
    ``concurrent.futures.Executor`` can run it).

    Args:
        inputs: The plan, as arrays.
        params: The model's parameters.
        seed: The cohort's seed.
        weeks: How many weeks to simulate.
        clients: The whole cohort's size (the last block may be short).
        first_block: First block to run.
        last_block: One past the last block to run.

    Returns:
        The chunk's per-client results, weekly sums per block and weekly histograms.
    """
    per_client: list[NDArray[np.float64]] = []
    sums = np.zeros((last_block - first_block, weeks, len(SUMS)))
    histograms = np.zeros((weeks, len(HISTOGRAMS), BINS), dtype=np.int64)
    # Blocks are worked on together, _BATCH at a time (bigger arrays, fewer numpy calls);
    # every client's arithmetic is the same whatever the batch, so results do not change.
    for start in range(first_block, last_block, _BATCH):
        blocks = range(start, min(start + _BATCH, last_block))
        keeps = [min(BLOCK_SIZE, clients - block * BLOCK_SIZE) for block in blocks]
        offset = start - first_block
        per_client.append(
            _run_blocks(
                inputs,
                params,
                seed=seed,
                weeks=weeks,
                blocks=blocks,
                keeps=keeps,
                sums=sums[offset : offset + len(blocks)],
                histograms=histograms,
            )
        )
    return ChunkResult(
        first_block=first_block,
        clients=np.concatenate(per_client, axis=1),
        sums=sums,
        histograms=histograms,
    )


def _run_blocks(  # noqa: C901, PLR0912, PLR0915 - the model's week, in one readable place
    inputs: PlanInputs,
    params: SimulationParameters,
    *,
    seed: int,
    weeks: int,
    blocks: range,
    keeps: list[int],
    sums: NDArray[np.float64],
    histograms: NDArray[np.int64],
) -> NDArray[np.float64]:
    # Every block draws for a full BLOCK_SIZE clients and keeps the first `keep`, so a
    # client's draws never depend on the cohort's size. Draws and transcendental
    # functions are computed block by block (the same calls whatever the batch).
    p = params
    size = BLOCK_SIZE * len(blocks)
    slices = [slice(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE) for b in range(len(blocks))]
    kept = np.concatenate(
        [np.arange(s.start, s.start + keep) for s, keep in zip(slices, keeps, strict=True)]
    )
    n_triggers, width = inputs.efficacy.shape
    n_skills = len(inputs.mastery)
    n_goals = len(inputs.goal_weights)
    n_challenges = len(inputs.challenge_difficulty)

    def beta_blocks(mean: float, purpose: int, key: int = 0) -> NDArray[np.float64]:
        """Each client's probability around ``mean``, drawn block by block."""
        return np.concatenate(
            [_beta_around(mean, BLOCK_SIZE, _generator(seed, b, purpose, key), p) for b in blocks]
        )

    # Client draws (heterogeneity), each from its own stream.
    if p.heterogeneity:
        multiplier = np.concatenate(
            [
                _generator(seed, b, _EXPOSURE_MULTIPLIER).gamma(
                    p.rate_shape, 1.0 / p.rate_shape, BLOCK_SIZE
                )
                for b in blocks
            ]
        )
    else:
        multiplier = np.ones(size)
    start_se = p.initial_self_efficacy if inputs.confidence is None else inputs.confidence / 10
    self_efficacy = beta_blocks(start_se, _SELF_EFFICACY)
    rates = np.asarray(p.exposure_rates)[inputs.intensity - 1] * p.exposure_scale
    p_exposure = np.empty((n_triggers, size))
    for s in slices:
        p_exposure[:, s] = -np.expm1(-rates[:, None] * multiplier[None, s])
    lapse_mean = np.minimum(
        1.0, np.asarray(p.lapse_probabilities)[inputs.intensity - 1] * p.lapse_scale
    )
    lapse_p = np.stack(
        [beta_blocks(lapse_mean[j], _LAPSE, int(key)) for j, key in enumerate(inputs.trigger_keys)]
    )  # (J, B)
    supports = inputs.supports[inputs.link_skill] if n_skills else np.zeros_like(inputs.has_link)
    # A skill works only if one of its supports is available (always, if it needs nobody).
    availability = (
        np.where(supports > 0, 1.0 - (1.0 - p.support_availability) ** supports, 1.0)
        * inputs.has_link
    )  # (J, K)
    # Strategy slots are laid out (K, J, B): slot k of every trigger at once.
    efficacy = np.zeros((width, n_triggers, size))  # client efficacy x availability
    for j, k in zip(*np.nonzero(inputs.has_link), strict=True):
        link = int(inputs.link_keys[j, k])
        efficacy[k, j] = beta_blocks(inputs.efficacy[j, k], _EFFICACY, link) * availability[j, k]
    mastery = (
        np.stack(
            [
                beta_blocks(inputs.mastery[s], _MASTERY, int(key))
                for s, key in enumerate(inputs.skill_keys)
            ]
        )
        if n_skills
        else np.zeros((1, size))
    )
    slot_skill = inputs.link_skill.T.copy()  # (K, J)
    exposure_streams = [
        [_generator(seed, block, _EXPOSURE, int(key)) for key in inputs.trigger_keys]
        for block in blocks
    ]
    challenge_streams = [_generator(seed, block, _CHALLENGES) for block in blocks]
    pending = np.ones((n_challenges, size), dtype=bool)
    challenge_draws = np.empty((n_challenges, size))
    challenge_done = np.empty((n_challenges, size))
    goal_of = np.zeros((n_goals, n_challenges))
    assigned = inputs.challenge_goal >= 0
    goal_of[inputs.challenge_goal[assigned], np.flatnonzero(assigned)] = 1.0
    progress = np.repeat(inputs.goal_start[:, None], size, axis=1)  # (G, B)

    window = np.zeros((p.relapse_window, size), dtype=np.int64)
    in_relapse = np.zeros(size, dtype=bool)
    quiet = np.zeros(size, dtype=np.int64)
    lapses = np.zeros(size, dtype=np.int64)
    relapses = np.zeros(size, dtype=np.int64)
    first_lapse = np.zeros(size, dtype=np.int64)
    first_relapse = np.zeros(size, dtype=np.int64)
    gas_t = np.full(size, np.nan)
    levels = np.zeros((n_goals, size), dtype=np.int64)
    t_table, place = _t_score_table(inputs.goal_weights)
    # (1 - gain) ** n for every count n a week can reach, looked up instead of np.power.
    counts = np.arange(width * n_triggers + 1)
    mastery_keep = (1.0 - p.mastery_gain) ** counts
    se_keep = (1.0 - p.self_efficacy_gain) ** counts
    se_loss = (1.0 - p.self_efficacy_loss) ** counts
    inverse_exposure = (1.0 / p_exposure).ravel()
    flat_exposure = p_exposure.ravel()
    flat_lapse_p = lapse_p.ravel()
    flat_efficacy = efficacy.reshape(width, n_triggers * size)
    uniform = np.empty((n_triggers, size))
    flat_uniform = uniform.ravel()
    skill_cells = max(n_skills, 1) * size

    for week in range(weeks):
        for streams, s in zip(exposure_streams, slices, strict=True):
            for j, stream in enumerate(streams):
                stream.random(out=uniform[j, s])
        # Only exposed (trigger, client) cells are worked on: about one in ten.
        cell = np.flatnonzero(flat_uniform < flat_exposure)
        trigger = cell // size
        client = cell - trigger * size
        # Given exposure, V = U / p_exposure is uniform on [0, 1); W = 1 - V picks the
        # outcome by inverse transform: strategy k works when F_k < W <= F_(k-1), where
        # F_k is the chance that the first k strategies all fail; a lapse when
        # W <= F_K x lapse probability (the top of [0, 1) in V).
        w = 1.0 - flat_uniform[cell] * inverse_exposure[cell]
        se_factor = 1.0 - p.self_efficacy_weight + p.self_efficacy_weight * self_efficacy
        client_se = se_factor[client]
        failing = np.ones(len(cell))
        success_cells = []
        for k in range(width):
            skill = slot_skill[k][trigger]
            q = mastery[skill, client] * p.mastery_weight + (1.0 - p.mastery_weight)
            q *= flat_efficacy[k][cell]
            q *= client_se  # the chance that strategy k works
            still = failing * (1.0 - q)
            worked = (w <= failing) & (w > still)
            success_cells.append((skill * size + client)[worked])
            failing = still
        # Low self-efficacy makes a lapse more likely once coping has failed.
        craving = np.minimum(
            1.0,
            flat_lapse_p[cell]
            * (1.0 + p.lapse_self_efficacy_weight * (1.0 - 2.0 * self_efficacy[client])),
        )
        lapse = w <= failing * craving

        week_lapses = np.bincount(client[lapse], minlength=size)
        successes = np.bincount(np.concatenate(success_cells), minlength=skill_cells).reshape(
            -1, size
        )[:n_skills]
        # Practice, self-efficacy and the abstinence violation effect (end of week).
        if n_skills:  # only skills that were used change
            used = np.flatnonzero(successes)
            mastery.flat[used] = (
                1.0 - (1.0 - mastery.flat[used]) * mastery_keep[successes.flat[used]]
            )
        self_efficacy = (1.0 - (1.0 - self_efficacy) * se_keep[successes.sum(axis=0)]) * se_loss[
            week_lapses
        ]

        # Lapses and relapses (k lapses within w weeks).
        lapses += week_lapses
        lapsed = week_lapses > 0
        first_lapse[lapsed & (first_lapse == 0)] = week + 1
        window[week % p.relapse_window] = week_lapses
        quiet = np.where(lapsed, 0, quiet + 1)
        in_relapse &= quiet < p.relapse_window
        onset = ~in_relapse & (window.sum(axis=0) >= p.relapse_lapses)
        relapses += onset
        first_relapse[onset & (first_relapse == 0)] = week + 1
        in_relapse |= onset

        # Challenges and goals.
        if n_challenges:
            for stream, s in zip(challenge_streams, slices, strict=True):
                challenge_draws[:, s] = stream.random((n_challenges, BLOCK_SIZE))
                hazard = (
                    p.challenge_rate * se_factor[None, s] / inputs.challenge_difficulty[:, None]
                )
                challenge_done[:, s] = -np.expm1(-hazard)
            done = pending & (challenge_draws < challenge_done)
            pending &= ~done
            progress += p.progress_per_difficulty * (
                goal_of @ (done * inputs.challenge_difficulty[:, None])
            )
        if n_goals:
            progress -= p.lapse_setback * week_lapses
            new_levels = np.clip(np.floor(progress + 0.5), -2, 2).astype(np.int64)
            if t_table is not None:
                gas_t = t_table[place @ (new_levels + 2)]
            else:
                # Score only the clients whose levels changed.
                changed = (new_levels != levels).any(axis=0) if week else np.ones(size, dtype=bool)
                if changed.any():
                    gas_t[changed] = gas_t_score(new_levels[:, changed].T, inputs.goal_weights)
                levels = new_levels

        mean_mastery = mastery.mean(axis=0) if n_skills else np.full(size, np.nan)
        for b, (s, keep) in enumerate(zip(slices, keeps, strict=True)):
            k_ = slice(s.start, s.start + keep)
            sums[b, week] = (
                lapsed[k_].sum(),
                week_lapses[k_].sum(),
                in_relapse[k_].sum(),
                (first_lapse[k_] == 0).sum(),
                self_efficacy[k_].sum(),
                mean_mastery[k_].sum(),
                gas_t[k_].sum(),
            )
        histograms[week] += _histograms((self_efficacy[kept], mean_mastery[kept], gas_t[kept]))

    return np.stack(
        [
            lapses.astype(float),
            relapses.astype(float),
            np.where(first_lapse > 0, first_lapse, np.nan),
            np.where(first_relapse > 0, first_relapse, np.nan),
            self_efficacy,
            mastery.mean(axis=0) if n_skills else np.full(size, np.nan),
            gas_t,
        ]
    )[:, kept]
