"""Client draws: the table-guided Beta sampler has the Beta distribution, exactly.

Kolmogorov-Smirnov tests against ``scipy.stats`` on fixed seeds (so each p-value is a
fixed number; the thresholds are those of a 0.1% test), for the sampler alone over
every branch (direct, a < 1, b < 1, both below 1, uniform, a large concentration) and
for the per-client draws the engine makes at the start of a run.
"""

import numpy as np
import pytest

import strengthmodel as sm
from strengthmodel.simulation._beta import _table, beta, beta_rows
from strengthmodel.simulation.engine import BLOCK_SIZE, _initial_state
from strengthmodel.simulation.inputs import plan_inputs

stats = pytest.importorskip("scipy.stats")  # the sim extra; skipped on a core-only install

SHAPES = [
    (10.0, 10.0),  # the defaults' efficacy 0.5
    (14.0, 6.0),
    (0.8, 19.2),  # the defaults' lapse probability at intensity 1: a < 1
    (19.2, 0.8),  # b < 1
    (0.5, 0.5),  # both below 1: numpy's sampler
    (1.0, 1.0),  # uniform
    (1.0, 5.0),
    (5.0, 1.0),
    (200.0, 300.0),  # concentration 500
    (0.3, 2.0),
]


@pytest.mark.parametrize(("a", "b"), SHAPES)
def test_beta_has_the_beta_distribution(a, b):
    """50,000 draws pass a Kolmogorov-Smirnov test against Beta(a, b)."""
    values = beta(a, b, 50_000, np.random.default_rng(7))
    assert values.shape == (50_000,)
    assert values.min() >= 0.0
    assert values.max() <= 1.0
    assert stats.kstest(values, stats.beta(a, b).cdf).pvalue > 0.001


def test_beta_mean_and_variance_on_a_million_draws():
    """A million draws of Beta(4, 16) have its mean and variance within 3 standard errors."""
    values = beta(4.0, 16.0, 1_000_000, np.random.default_rng(11))
    law = stats.beta(4.0, 16.0)
    assert abs(values.mean() - law.mean()) < 3 * law.std() / 1000
    squares = (values - law.mean()) ** 2
    assert abs(squares.mean() - law.var()) < 3 * squares.std() / 1000


def test_beta_is_a_function_of_the_stream():
    """The same stream gives the same values; the first five of Beta(10, 10), seed 0."""
    first = beta(10.0, 10.0, 4096, np.random.default_rng(0))
    again = beta(10.0, 10.0, 4096, np.random.default_rng(0))
    assert np.array_equal(first, again)
    assert first[:5].round(6).tolist() == [0.54293, 0.426144, 0.30334, 0.255447, 0.602773]


def test_table_accepts_most_points_and_never_warns():
    """The envelope is tight (>= 90% accepted); extreme shapes draw without warnings."""
    assert _table(10.0, 10.0).acceptance > 0.95
    assert _table(200.0, 300.0).acceptance > 0.9
    tiny = beta(2e-5, 20.0, 1000, np.random.default_rng(1))  # a plan value of 0
    assert tiny.max() < 1e-6
    huge = beta(20.0, 2e-5, 1000, np.random.default_rng(1))  # a plan value of 1
    assert huge.min() > 1.0 - 1e-6


def test_each_client_draw_has_its_distribution(plan):
    """The engine's per-client draws follow the documented Beta and Gamma distributions."""
    params = sm.SimulationParameters()
    inputs = plan_inputs(plan)
    state = _initial_state(inputs, params, seed=5, blocks=range(3))
    phi = params.probability_concentration

    def law(mean: float) -> stats.rv_continuous:
        return stats.beta(mean * phi, (1 - mean) * phi)

    checks = [
        (state.self_efficacy, law(params.initial_self_efficacy).cdf),
        (1.0 - state.mastery_gap[0], law(0.6).cdf),  # Breathing
        (1.0 - state.mastery_gap[1], law(0.8).cdf),  # Call Sam
        (state.efficacy[0, 0], law(0.6).cdf),  # t1's first strategy (Breathing)
        (state.lapse_p[0], law(params.lapse_probabilities[3]).cdf),  # t1: intensity 4
        (state.lapse_p[1], law(params.lapse_probabilities[2]).cdf),  # t2: intensity 3
        (
            1.0 / state.inverse_multiplier,
            stats.gamma(params.rate_shape, scale=1 / params.rate_shape).cdf,
        ),
    ]
    for values, cdf in checks:
        assert values.shape == (3 * BLOCK_SIZE,)
        assert stats.kstest(values.astype(float), cdf).pvalue > 0.001
    # Call Sam relies on one support, available with probability 0.8.
    available = state.efficacy[1, 0] / params.support_availability
    assert stats.kstest(available.astype(float), law(0.8).cdf).pvalue > 0.001


def test_beta_rows_gives_each_rows_beta_draws():
    """beta_rows makes, row by row, exactly the values beta makes from the same stream."""
    shapes = [*SHAPES, (5000.0, 5000.0)]  # the last accepts few points: a second round
    assert _table(5000.0, 5000.0).acceptance < 0.8  # 4,672 tries give about 3,450
    rows = beta_rows(shapes, [np.random.default_rng(r) for r in range(len(shapes))], 4096)
    assert rows.shape == (len(shapes), 4096)
    for r, (a, b) in enumerate(shapes):
        np.testing.assert_array_equal(rows[r], beta(a, b, 4096, np.random.default_rng(r)))
