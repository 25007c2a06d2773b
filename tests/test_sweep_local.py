"""A sweep on the local process pool: every result stored once, equal to an in-process run,
resumable after an interruption, failures reported without losing the other runs."""

import json

import pytest

from experiments.sweep import DEFAULT_GRID, SweepError, run_sweep
from runs.cache import ResultCache, open_result_cache
from runs.executors import local_pool
from runs.spec import RunSpec
from runs.tasks import SyntheticSource, run_task


class Interrupted(Exception):
    pass


def cached_histories(cache, specs):
    return {spec: cache.get(spec).to_dict() for spec in specs}


def test_pool_results_equal_in_process_results_bit_for_bit(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    specs = grid.specs()
    cache = open_result_cache(tmp_path)
    with local_pool(2) as pool:
        outcome = run_sweep(specs, source, pool, cache)
    assert (outcome.computed, outcome.cached, outcome.failures) == (len(specs), 0, [])
    for spec in specs:
        # Exact equality: same seed, same data, one BLAS thread, so the same floating-point ops.
        assert cache.get(spec).to_dict() == run_task(spec, source)["history"]


def test_interrupted_sweep_resumes_without_recomputing_or_losing_runs(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    specs = grid.specs()
    cache = open_result_cache(tmp_path)
    stored = []

    def stop_after_five(spec):
        stored.append(spec)
        if len(stored) == 5:
            raise Interrupted

    with local_pool(2) as pool:
        with pytest.raises(Interrupted):
            run_sweep(specs, source, pool, cache, on_result=stop_after_five)
    finished = [spec for spec in specs if spec in cache]
    assert set(stored) <= set(finished)
    assert len(stored) == 5

    resumed = []
    with local_pool(2) as pool:
        outcome = run_sweep(specs, source, pool, cache, on_result=resumed.append)
    assert outcome.cached == len(finished)
    assert outcome.computed == len(specs) - len(finished)
    assert set(resumed) == set(specs) - set(finished)
    assert len(resumed) == len(set(resumed))
    fresh = open_result_cache(tmp_path / "fresh")
    with local_pool(2) as pool:
        run_sweep(specs, source, pool, fresh)
    assert cached_histories(cache, specs) == cached_histories(fresh, specs)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
        cache.path(spec).name for spec in specs
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_failed_run_is_reported_and_the_others_are_stored(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    good = grid.specs()[:3]
    bad = RunSpec((20, 10, 4), "cross_entropy", 0.3, 1, split=source.split, train_size=10**6)
    cache = open_result_cache(tmp_path)
    with local_pool(2) as pool:
        outcome = run_sweep([*good, bad], source, pool, cache)
    assert outcome.computed == len(good)
    assert [spec for spec, _ in outcome.failures] == [bad]
    assert "train_size" in outcome.failures[0][1]
    assert all(spec in cache for spec in good) and bad not in cache


def test_result_from_other_engine_code_stops_the_sweep_and_is_not_stored(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    cache = ResultCache(tmp_path, fingerprint="0.0.0+another-engine")
    with local_pool(1) as pool:
        with pytest.raises(SweepError, match="another-engine"):
            run_sweep(grid.specs()[:2], source, pool, cache)
    assert not list(tmp_path.glob("*.json"))


def test_task_refuses_a_spec_whose_split_is_not_the_source(tiny_sweep):
    source, _ = tiny_sweep
    other = SyntheticSource(seed=source.seed + 1)
    spec = RunSpec((20, 10, 4), "quadratic", 1.0, 1, split=other.split)
    with pytest.raises(ValueError, match="split"):
        run_task(spec, source)


def test_cached_record_names_the_spec_and_engine(tmp_path, tiny_sweep):
    source, grid = tiny_sweep
    spec = grid.specs()[0]
    cache = open_result_cache(tmp_path)
    with local_pool(1) as pool:
        run_sweep([spec], source, pool, cache)
    record = json.loads(cache.path(spec).read_text())
    assert record["spec"] == spec.to_dict()
    assert record["engine"] == cache.fingerprint


def test_default_grid_is_the_issue_grid():
    grid = DEFAULT_GRID
    assert grid.sizes == ((784, 30, 10), (784, 100, 10))
    assert set(grid.costs) == {"cross_entropy", "quadratic"}
    assert len(grid.etas) >= 8 and {0.5, 3.0} <= set(grid.etas)  # the book's own rates
    assert grid.etas == tuple(sorted(grid.etas))
    ratios = [b / a for a, b in zip(grid.etas, grid.etas[1:])]
    # A log grid: equal ratios up to the four-figure rounding of the rates (below 0.2%).
    assert max(ratios) / min(ratios) < 1.002
    assert len(grid.seeds) >= 5 and grid.epochs == 30
    specs = grid.specs()
    assert len(specs) == len(set(specs)) == 2 * 2 * len(grid.etas) * len(grid.seeds)
    assert all(s.mini_batch_size == 10 and s.init == "large" for s in specs)


def test_local_pool_rejects_a_non_positive_job_count():
    for jobs in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="jobs"):
            local_pool(jobs)


def test_sweep_runs_at_the_books_rates_are_the_reports_book_profile_runs():
    """Same spec -- sizes, cost, rate, epochs, mini-batch, output, initialisation, seed, dtype,
    split, training size -- hence the same cache key: the sweep reuses the replication's runs."""
    from experiments.mnist_configs import CONFIGS
    from experiments.profiles import PROFILES
    from runs.fingerprint import engine_fingerprint

    book = PROFILES["book"]
    shared = 0
    for config in CONFIGS:
        if config.sizes not in DEFAULT_GRID.sizes or config.cost not in DEFAULT_GRID.costs:
            continue
        if config.output != "sigmoid" or config.split != DEFAULT_GRID.split:
            continue  # softmax pairing, TF script: not sweep configurations
        assert config.eta in DEFAULT_GRID.etas
        for seed in DEFAULT_GRID.seeds:
            report_spec = config.spec(book, seed)
            sweep_spec = DEFAULT_GRID.spec(config.sizes, config.cost, config.eta, seed)
            assert sweep_spec == report_spec
            assert sweep_spec.key(engine_fingerprint()) == report_spec.key(engine_fingerprint())
            assert sweep_spec in DEFAULT_GRID.specs()
            shared += 1
    # 784-30-10 and 784-100-10, each cost at its book rate, every sweep seed.
    assert shared == 2 * 2 * len(DEFAULT_GRID.seeds)
