"""A sweep on a real Dask cluster (two worker processes on 127.0.0.1): the same results as the
local pool bit for bit, and every result stored exactly once when a worker dies mid-sweep."""

import os
import signal

import pytest

distributed = pytest.importorskip("distributed")

from experiments.sweep import SweepGrid, run_sweep  # noqa: E402
from runs.cache import open_result_cache  # noqa: E402
from runs.executors import SchedulerError, local_pool, open_executor  # noqa: E402
from runs.tasks import SyntheticSource  # noqa: E402


def local_cluster():
    return distributed.LocalCluster(
        n_workers=2,
        processes=True,
        host="127.0.0.1",
        threads_per_worker=1,
        dashboard_address=None,
    )


def local_results(specs, source, directory):
    cache = open_result_cache(directory)
    with local_pool(2) as pool:
        run_sweep(specs, source, pool, cache)
    return {spec: cache.get(spec).to_dict() for spec in specs}


def test_dask_cluster_results_equal_local_pool_results_bit_for_bit(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    specs = grid.specs()
    cache = open_result_cache(tmp_path / "dask")
    with local_cluster() as cluster:
        with open_executor(scheduler=cluster.scheduler_address) as executor:
            outcome = run_sweep(specs, source, executor, cache)
    assert (outcome.computed, outcome.failures) == (len(specs), [])
    expected = local_results(specs, source, tmp_path / "local")
    assert {spec: cache.get(spec).to_dict() for spec in specs} == expected


def test_sweep_survives_a_worker_killed_mid_sweep_with_every_result_once(tmp_path):
    # Tasks of roughly half a second each, so that the kill lands while one is running.
    source = SyntheticSource(n_train=20000, n_evaluation=500, n_inputs=50, n_classes=4, seed=3)
    grid = SweepGrid(
        sizes=((50, 30, 4),), etas=(0.1, 1.0, 3.0), seeds=(0, 1), epochs=3, split=source.split
    )
    specs = grid.specs()
    cache = open_result_cache(tmp_path / "dask")
    delivered, killed = [], []
    with local_cluster() as cluster:
        with open_executor(scheduler=cluster.scheduler_address) as executor:
            client = executor._client

            def kill_a_busy_worker_once(spec):
                delivered.append(spec)
                if killed:
                    return
                busy = [worker for worker, tasks in client.processing().items() if tasks]
                assert busy, "expected a worker with a task in flight when the first result came"
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(busy[0])

            outcome = run_sweep(specs, source, executor, cache, on_result=kill_a_busy_worker_once)
    assert killed
    assert (outcome.computed, outcome.failures) == (len(specs), [])
    assert sorted(map(repr, delivered)) == sorted(map(repr, specs))
    stored = sorted(path.name for path in (tmp_path / "dask").glob("*.json"))
    assert stored == sorted(cache.path(spec).name for spec in specs)
    assert not list((tmp_path / "dask").glob(".*.tmp"))
    expected = local_results(specs, source, tmp_path / "local")
    assert {spec: cache.get(spec).to_dict() for spec in specs} == expected


def test_unreachable_scheduler_is_a_clear_error_within_the_timeout():
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with pytest.raises(SchedulerError, match="found none reachable within 1 s"):
        with open_executor(scheduler=address, timeout=1.0):
            pass
