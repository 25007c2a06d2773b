"""Probes of the plan a build prints before training, as a user meets it: a huge ``--seeds``
stops at once (exit 2, one line, nothing run) unless ``--yes``; a plan above two CPU-hours does
the same; under CI the line says why no question is asked; the printed plan counts the cached
runs and the ones to train and gives their measured cost."""

import pytest
from test_build_cli import run_main

import reports.build as build
import reports.build_plan as build_plan
from experiments.mnist_configs import CONFIGS
from experiments.mnist_plan import MnistPlan, plan_mnist_runs, with_estimated_cost
from experiments.profiles import get_profile


@pytest.fixture
def no_mnist(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "no-mnist"))
    monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)


def test_a_huge_seeds_request_stops_before_anything_runs(tmp_path, phases, capsys, no_mnist):
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--seeds", "100000"], capsys)
    assert code == build.EXIT_USAGE
    assert err.strip().splitlines() == [
        "reports.build: error: the MNIST experiments plan 600000 runs (100000 seeds of each "
        "configuration), more than 1000 without --yes; give --yes to go on, or a smaller "
        "--seeds or --profile quick"
    ]
    assert phases.calls == [] and not (tmp_path / "r" / "results.json").exists()


def test_under_ci_the_refusal_says_why_no_question_is_asked(
    tmp_path, phases, capsys, no_mnist, monkeypatch
):
    monkeypatch.setenv("CI", "true")
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--seeds", "200"], capsys)
    assert code == build.EXIT_USAGE and phases.calls == []
    assert "1200 runs" in err and "(CI is set: a build there asks no question)" in err


def test_yes_lets_a_large_plan_go_on(tmp_path, phases, capsys, no_mnist):
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--seeds", "200", "--yes"], capsys)
    assert code == build.EXIT_OK, err
    assert phases.calls[-1] == ("mnist", "book", None, 200)


def test_seeds_beyond_what_memory_holds_are_a_usage_error(tmp_path, phases, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--out", str(tmp_path / "r"), "--seeds", "1000000000000", "--yes"])
    assert exit_info.value.code == build.EXIT_USAGE
    assert "expected at most 1000000 seeds" in capsys.readouterr().err


def costly_plan(cpu_hours: float) -> MnistPlan:
    """The book profile's 60 runs, 50 of them (five configurations) to train, at ``cpu_hours``."""
    book = get_profile("book")
    first = {c.name: [c.spec(book, seed) for seed in book.seeds] for c in CONFIGS}
    missing = {
        name: specs if index < 5 else [] for index, (name, specs) in enumerate(first.items())
    }
    return MnistPlan(book, first, missing, False, cpu_seconds=cpu_hours * 3600)


@pytest.mark.parametrize("yes", [False, True])
def test_a_plan_above_two_cpu_hours_needs_yes(tmp_path, phases, capsys, no_mnist, monkeypatch, yes):
    monkeypatch.setattr(build_plan, "mnist_available", lambda directory: True)
    monkeypatch.setattr(build_plan, "with_estimated_cost", lambda *a: costly_plan(3.0))
    argv = ["--out", str(tmp_path / "r"), "--jobs", "1"] + (["--yes"] if yes else [])
    code, _, err = run_main(argv, capsys)
    extra = costly_plan(3.0).extra_runs
    plan_line = (
        "reports.build: MNIST plan: 60 runs, 10 in the result cache, 50 to train (1500 epochs; "
        f"stalled seeds may add up to {extra} runs); estimated 3.00 CPU-hours "
        "(180.0 CPU-minutes), about 180.0 minutes on 1 worker(s) "
        "(one epoch of each network timed now)"
    )
    assert err.splitlines()[0] == plan_line, err
    if yes:
        assert code == build.EXIT_OK, err
    else:
        assert code == build.EXIT_USAGE and phases.calls == []
        assert "would take about 3.0 CPU-hours, more than 2 without --yes" in err.splitlines()[1]


def test_a_plan_within_the_limits_is_printed_and_goes_on(
    tmp_path, phases, capsys, no_mnist, monkeypatch
):
    monkeypatch.setattr(build_plan, "mnist_available", lambda directory: True)
    monkeypatch.setattr(build_plan, "with_estimated_cost", lambda *a: costly_plan(1.5))
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--jobs", "1"], capsys)
    assert code == build.EXIT_OK, err
    assert "estimated 1.50 CPU-hours" in err.splitlines()[0]


class CacheHolding:
    """A result cache that holds exactly ``specs``."""

    def __init__(self, specs):
        self.specs = set(specs)

    def __contains__(self, spec):
        return spec in self.specs

    def get(self, spec):
        return None  # holds no history: the plan cannot follow seeds added for stalls


def test_a_plan_whose_runs_are_all_cached_reads_no_data_and_costs_nothing(tmp_path):
    profile = get_profile("quick")
    cached = [config.spec(profile, seed) for config in CONFIGS for seed in profile.seeds]
    plan = with_estimated_cost(plan_mnist_runs("quick", None, CacheHolding(cached)), tmp_path)
    every = len(CONFIGS) * len(profile.seeds)
    assert (plan.runs, plan.cached, plan.to_train, plan.cpu_seconds) == (every, every, 0, None)
    assert build_plan.plan_text(plan, 2) == f"MNIST plan: {every} runs, all in the result cache"


@pytest.mark.mnist
def test_the_plan_counts_cached_runs_and_measures_the_rest(real_mnist_dir, tmp_path):
    profile = get_profile("quick")
    one = CONFIGS[0].spec(profile, 0)
    plan = plan_mnist_runs("quick", None, CacheHolding([one]))
    plan = with_estimated_cost(plan, real_mnist_dir)
    assert plan.runs == len(CONFIGS) * len(profile.seeds) and plan.cached == 1
    assert one not in plan.missing_specs and plan.to_train == plan.runs - 1
    # the quick runs take seconds to minutes of CPU here; anything outside is a wrong scaling
    # (a factor of 1000 either way), not the machine's load
    assert 1 < plan.cpu_seconds < 3600
