import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest

import strengthmodel as sm
from strengthmodel.simulation import BLOCK_SIZE, run, shutdown_workers
from tests.simulation.conftest import base_builder

CLIENTS = 2 * BLOCK_SIZE + 300  # three blocks, the last one short
WEEKS = 15


def _assert_identical(a: sm.SimulationResult, b: sm.SimulationResult) -> None:
    np.testing.assert_array_equal(a._client_values, b._client_values)
    np.testing.assert_array_equal(a._weekly_sums, b._weekly_sums)
    np.testing.assert_array_equal(a._histograms, b._histograms)


@pytest.fixture(scope="module")
def reference():
    plans = [base_builder().build(), base_builder().link_coping("t2", "s1", efficacy=0.7).build()]
    return plans, sm.simulate(plans, clients=CLIENTS, weeks=WEEKS, seed=123)


@pytest.mark.parametrize("chunk_size", [1, 1024, 2048, 5000, 10**6])
def test_same_result_whatever_the_chunk_size(reference, chunk_size):
    """Chunk size does not change a single bit of the result."""
    plans, expected = reference
    result = sm.simulate(plans, clients=CLIENTS, weeks=WEEKS, seed=123, chunk_size=chunk_size)
    _assert_identical(result, expected)


@pytest.mark.parametrize("workers", [1, 2])
def test_same_result_whatever_the_number_of_workers(reference, workers):
    """workers=2 (the library's process pool) gives the serial result."""
    plans, expected = reference
    result = sm.simulate(
        plans, clients=CLIENTS, weeks=WEEKS, seed=123, workers=workers, chunk_size=1
    )
    _assert_identical(result, expected)


def test_workers_keep_their_pool_between_calls(reference):
    """A second workers=2 call reuses the first one's processes; shutdown_workers stops them."""
    plans, expected = reference
    options = {"clients": CLIENTS, "weeks": WEEKS, "seed": 123, "chunk_size": 1}
    first = sm.simulate(plans, workers=2, **options)
    pool = run._POOLS[2][1]
    second = sm.simulate(plans, workers=2, **options)
    assert run._POOLS[2][1] is pool
    _assert_identical(first, expected)
    _assert_identical(second, expected)
    shutdown_workers()
    assert run._POOLS == {}
    shutdown_workers()  # nothing left to stop


def test_a_broken_pool_is_replaced(reference):
    """When a worker dies, the next workers=2 call starts a new pool and gives the result."""
    plans, expected = reference
    broken = run.kept_pool(2)
    with pytest.raises(BrokenProcessPool):
        broken.submit(os._exit, 1).result()
    result = sm.simulate(plans, clients=CLIENTS, weeks=WEEKS, seed=123, workers=2)
    _assert_identical(result, expected)
    assert run._POOLS[2][1] is not broken
    shutdown_workers()


def test_a_forked_child_starts_its_own_pool():
    """A pool started by another process (a forked parent) is never used."""
    parent = object()
    run._POOLS[3] = (-1, parent)  # type: ignore[assignment]
    try:
        pool = run.kept_pool(3)
        assert pool is not parent
        assert run._POOLS[3] == (os.getpid(), pool)
    finally:
        shutdown_workers()


def test_same_result_on_threads(reference):
    """A thread pool gives the serial result bit for bit."""
    plans, expected = reference
    with ThreadPoolExecutor(max_workers=2) as pool:
        result = sm.simulate(
            plans, clients=CLIENTS, weeks=WEEKS, seed=123, executor=pool, chunk_size=1024
        )
    _assert_identical(result, expected)


def test_same_result_on_processes(reference):
    """A process pool gives the serial result bit for bit."""
    plans, expected = reference
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        result = sm.simulate(
            plans, clients=CLIENTS, weeks=WEEKS, seed=123, executor=pool, chunk_size=1024
        )
    _assert_identical(result, expected)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_same_result_on_a_dask_cluster(reference):
    """A Dask LocalCluster (2 worker processes) gives the serial result bit for bit."""
    distributed = pytest.importorskip("distributed")
    plans, expected = reference
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = sm.simulate(
            plans,
            clients=CLIENTS,
            weeks=WEEKS,
            seed=123,
            executor=client.get_executor(),
            chunk_size=1024,
        )
    _assert_identical(result, expected)


def test_client_depends_only_on_seed_and_index(reference):
    """Client i's row is the same in a smaller cohort: it depends only on the seed and i."""
    plans, expected = reference
    small = sm.simulate(plans, clients=1500, weeks=WEEKS, seed=123)
    np.testing.assert_array_equal(small._client_values, expected._client_values[:, :, :1500])


def test_another_seed_gives_other_results(reference):
    """A different seed gives a different cohort."""
    plans, expected = reference
    other = sm.simulate(plans, clients=CLIENTS, weeks=WEEKS, seed=124)
    assert not np.array_equal(other._client_values, expected._client_values)
