"""The plan a report build prints before it trains, and its refusal of a huge one.

Before the claim suite and the experiments run, the build counts the MNIST runs the profile
asks for, from the number of seeds alone (:func:`experiments.mnist_plan.planned_run_count`);
above :data:`MAX_RUNS` it stops at once unless ``--yes`` is given, before a single
specification is made. Otherwise it prints the plan -- runs, how many are cached, how many to
train and, with the MNIST data at hand, their estimated CPU time
(:func:`experiments.mnist_plan.with_estimated_cost`, one epoch of each network timed now) -- and
stops unless ``--yes`` is given when that is above :data:`MAX_CPU_HOURS`. No question is asked
on the terminal: a build runs unattended as often as not, under CI always.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from experiments.mnist_plan import MnistPlan, planned_run_count, with_estimated_cost
from experiments.profiles import PROFILES
from reports.build_options import EXIT_USAGE, BuildError
from runs.executors import default_jobs
from runs.mnist import MnistError, mnist_available

MAX_RUNS = 1000
MAX_CPU_HOURS = 2.0


def _refusal(what: str) -> BuildError:
    under_ci = " (CI is set: a build there asks no question)" if os.environ.get("CI") else ""
    return BuildError(
        f"{what}{under_ci}; give --yes to go on, or a smaller --seeds or --profile quick",
        EXIT_USAGE,
    )


def plan_text(plan: MnistPlan, jobs: int) -> str:
    """The one line of the plan."""
    if not plan.to_train:
        return f"MNIST plan: {plan.runs} runs, all in the result cache"
    epochs = sum(spec.epochs for spec in plan.missing_specs)
    extra = f"; stalled seeds may add up to {plan.extra_runs} runs" if plan.extra_runs else ""
    if plan.cpu_seconds is None:
        return (
            f"MNIST plan: {plan.runs} runs, {plan.cached} in the result cache, "
            f"{plan.to_train} to train ({epochs} epochs{extra})"
        )
    wall = plan.wall_seconds(jobs)
    workers = min(jobs, plan.to_train)
    return (
        f"MNIST plan: {plan.runs} runs, {plan.cached} in the result cache, "
        f"{plan.to_train} to train ({epochs} epochs{extra}); estimated "
        f"{plan.cpu_seconds / 3600:.2f} CPU-hours ({plan.cpu_seconds / 60:.1f} CPU-minutes), "
        f"about {wall / 60:.1f} minutes on {workers} worker(s) (one epoch of each network "
        "timed now)"
    )


def check_run_count(profile_name: str, seeds: int | None, yes: bool) -> None:
    """Refuse (BuildError, exit 2) more than :data:`MAX_RUNS` runs without ``yes``, counted from
    the number of seeds alone, before a single specification is made."""
    per_config = seeds if seeds is not None else len(PROFILES[profile_name].seeds)
    runs = planned_run_count(per_config)
    if runs > MAX_RUNS and not yes:
        raise _refusal(
            f"the MNIST experiments plan {runs} runs ({per_config} seeds of each "
            f"configuration), more than {MAX_RUNS} without --yes"
        )


def check_mnist_plan(
    plan: MnistPlan,
    jobs: int | None,
    mnist_dir: Path,
    yes: bool,
    say: Callable[[str], None],
) -> MnistPlan:
    """Estimate the cost of ``plan``'s runs to train, print the plan, and refuse (BuildError,
    exit 2) one above :data:`MAX_CPU_HOURS` CPU-hours without ``yes``; the plan with its cost
    (without it when nothing is to train or the data cannot be read: the MNIST phase says why)."""
    if plan.to_train and mnist_available(mnist_dir):
        try:
            plan = with_estimated_cost(plan, mnist_dir)
        except MnistError:
            pass  # damaged data: the MNIST phase reports it
    say(plan_text(plan, jobs or default_jobs()))
    if plan.cpu_seconds is not None and plan.cpu_seconds / 3600 > MAX_CPU_HOURS and not yes:
        raise _refusal(
            f"the MNIST runs to train would take about {plan.cpu_seconds / 3600:.1f} "
            f"CPU-hours, more than {MAX_CPU_HOURS:g} without --yes"
        )
    return plan
