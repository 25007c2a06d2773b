"""The build and the download offline, as a new user meets them: one short line saying the
network is unreachable, one decision under ``--require-mnist``, no empty directory left behind
by a build that built nothing, and no network attempt when every MNIST run is cached."""

from __future__ import annotations

import re

import pytest
from report_fixtures import make_mnist_ran, stub_phases

import reports.build as build
from engine.training import TrainingHistory
from experiments.mnist_configs import CONFIGS
from experiments.mnist_plan import plan_mnist_runs
from experiments.profiles import get_profile
from reports.build_phases import fetch_mnist_phase
from runs.cache import open_result_cache
from runs.download import main as download_main

# Nothing listens on the discard port: the connection is refused at once. A name under .invalid
# never resolves (RFC 6761): the name lookup fails as it does without a network.
REFUSED = "http://127.0.0.1:9/"
UNRESOLVABLE = "http://mnist.invalid/"
# What a connection library's raw error looks like; none of it may reach the reader.
RAW_ERROR = re.compile(r"Error\b|Exception|urllib3|HTTPConnectionPool|Max retries|Errno")
SHORT_LINE = 200  # characters: one line of a terminal or a log, at most two screen rows


@pytest.fixture(autouse=True)
def needs_pooch():
    pytest.importorskip("pooch")


def test_offline_fetch_is_one_short_line_saying_the_network_is_unreachable(tmp_path):
    problem = fetch_mnist_phase(tmp_path / "mnist", [REFUSED, UNRESOLVABLE])
    assert problem is not None and "\n" not in problem
    assert len(problem) < SHORT_LINE, problem
    assert "the network is unreachable" in problem
    assert not RAW_ERROR.search(problem), problem
    # not worded as a damaged download
    assert "intact" not in problem and "SHA-256" not in problem
    assert not (tmp_path / "mnist").exists()


def test_download_command_offline_is_one_line_and_verbose_adds_the_raw_errors(tmp_path, capsys):
    data = tmp_path / "deep" / "mnist"
    assert download_main(["--mnist-dir", str(data), "--mirror", REFUSED]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("error: the network is unreachable")
    assert len(errors[0]) < SHORT_LINE and not RAW_ERROR.search(errors[0])
    assert not (tmp_path / "deep").exists()  # both directories it created are gone
    assert download_main(["--mnist-dir", str(data), "--mirror", REFUSED, "--verbose"]) == 1
    assert "ConnectionError" in capsys.readouterr().err  # the raw error, asked for


def test_require_mnist_offline_is_one_error_exit_2_and_leaves_no_directory(
    tmp_path, monkeypatch, capsys
):
    phases = stub_phases(monkeypatch, build, keep_fetch=True)
    out, data, cache = tmp_path / "report", tmp_path / "mnist", tmp_path / "cache"
    argv = ["--out", str(out), "--mnist-dir", str(data), "--cache-dir", str(cache)]
    status = build.main([*argv, "--mnist-mirror", REFUSED, "--require-mnist"])
    err = capsys.readouterr().err
    assert status == build.EXIT_USAGE
    assert err.splitlines() == [
        "reports.build: error: --require-mnist: could not fetch the MNIST files: the network "
        "is unreachable: no answer from 127.0.0.1:9"
    ]
    assert phases.calls == []  # decided before any work
    assert not out.exists() and not data.exists() and not cache.exists()


def test_a_directory_that_was_there_before_is_kept_when_the_build_fails(
    tmp_path, monkeypatch, capsys
):
    stub_phases(monkeypatch, build, keep_fetch=True)
    out, data = tmp_path / "report", tmp_path / "mnist"
    out.mkdir()
    data.mkdir()
    status = build.main(
        ["--out", str(out), "--mnist-dir", str(data), "--cache-dir", str(tmp_path / "cache")]
        + ["--mnist-mirror", REFUSED, "--require-mnist"]
    )
    assert status == build.EXIT_USAGE, capsys.readouterr().err
    assert out.is_dir() and data.is_dir()  # only what the build created is removed


def trained_history(epochs: int, seed: int, stalled: bool = False) -> TrainingHistory:
    """A history valid for the result cache: accuracy rising to about 96 % (70 % when
    ``stalled``), a little different per seed."""
    top = (0.70 if stalled else 0.96) + 0.001 * (seed % 5)
    history = TrainingHistory(epochs=epochs)
    for epoch in range(1, epochs + 1):
        accuracy = top - 0.01 * (epochs - epoch)
        history.record("validation", 0.1, accuracy)
        history.record("test", 0.1, accuracy)
    return history


def fill_cache(cache, profile, seeds, stalls: dict[str, set[int]] | None = None) -> None:
    """Cache a history for every configuration at ``seeds``; ``stalls`` names the seeds of a
    configuration that stall."""
    stalls = stalls or {}
    for config in CONFIGS:
        for seed in seeds:
            stalled = seed in stalls.get(config.name, set())
            cache.put(config.spec(profile, seed), trained_history(profile.epochs, seed, stalled))


def test_the_plan_counts_cached_runs_and_needs_the_seeds_added_for_stalls(tmp_path):
    quick = get_profile("quick")  # seeds 0-2; a configuration with stalls grows until 3 train
    cache = open_result_cache(tmp_path / "cache")
    fill_cache(cache, quick, [0, 1], {})
    plan = plan_mnist_runs("quick", None, cache)
    assert (plan.runs, plan.to_train, plan.all_cached) == (3 * len(CONFIGS), len(CONFIGS), False)
    # seed 2 of quadratic-100 stalls: its first pass is cached, the seeds added for it are not
    fill_cache(cache, quick, [2], {"quadratic-100": {2}})
    plan = plan_mnist_runs("quick", None, cache)
    assert plan.to_train == 0 and not plan.all_cached
    fill_cache(cache, quick, [3, 4], {})  # the seeds the extension asks for next
    plan = plan_mnist_runs("quick", None, cache)
    # seed 3 is the third that trains: quadratic-100 keeps seeds 0-3 (seed 4 is dropped)
    assert plan.all_cached and plan.used == 3 * len(CONFIGS) + 1


def test_a_rebuild_whose_mnist_runs_are_all_cached_makes_no_network_attempt(
    tmp_path, monkeypatch, capsys
):
    phases = stub_phases(monkeypatch, build)
    phases.state["mnist"] = make_mnist_ran()  # what the phase makes of the cached runs

    def no_network(mnist_dir, mirrors):
        raise AssertionError(f"fetch attempted into {mnist_dir}")

    monkeypatch.setattr(build, "fetch_mnist_phase", no_network)
    cache_dir = tmp_path / "cache"
    fill_cache(open_result_cache(cache_dir), get_profile("quick"), [0, 1, 2])
    argv = ["--out", str(tmp_path / "report"), "--profile", "quick", "--cache-dir", str(cache_dir)]
    data = ["--mnist-dir", str(tmp_path / "no-mnist")]
    assert build.main([*argv, *data, "--require-mnist"]) == build.EXIT_OK, capsys.readouterr()
    assert "MNIST phase: all 18 runs of profile quick are cached" in capsys.readouterr().err
    assert ("mnist", "quick", None, None) in phases.calls
    # one run missing: now the data are needed and fetched
    attempts = []
    monkeypatch.setattr(build, "fetch_mnist_phase", lambda *a: attempts.append(a))
    config = CONFIGS[0]
    open_result_cache(cache_dir).path(config.spec(get_profile("quick"), 2)).unlink()
    assert build.main([*argv, *data]) == build.EXIT_OK
    assert len(attempts) == 1
