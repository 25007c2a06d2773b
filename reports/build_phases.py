"""The phases of ``python -m reports.build`` between the checks and the page: fetching the MNIST
files, the single-neuron and MNIST experiments with the catalog judge's rows, and the mutation
summary. Each phase returns its result and a problem line (None when it ran), so that one
failing phase is shown in the report instead of stopping the build."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from claims.catalog import CLAIMS
from claims.judge import book_claim_ids, mnist_book_figures, mnist_rows, neuron_rows
from experiments.mnist_analysis import claim_verdicts
from experiments.mnist_experiments import run_mnist_experiments
from experiments.mnist_plan import MnistPlan
from experiments.neuron import run_neuron_experiments
from reports.mutation import TARGETS, read_results
from reports.page.mnist_figures import mnist_figures
from reports.page.neuron_figures import neuron_figures
from runs.cache import open_result_cache
from runs.executors import WorkerStartError, default_jobs
from runs.mnist import mnist_available
from runs.mnist_download import MNIST_MIRRORS, MnistUnreachableError, download_mnist
from runs.process_cpu import PhaseClock


def say(message: str) -> None:
    print(f"reports.build: {message}", file=sys.stderr, flush=True)


def run_neuron_phase() -> tuple[dict, str | None]:
    """The single-neuron experiment's result with the catalog judge's comparison rows, or an
    empty result and the problem."""
    try:
        result = run_neuron_experiments()
        return {
            **result,
            "comparisons": neuron_rows(result["runs"]),
            "figures": neuron_figures(result["runs"]),
        }, None
    except Exception as error:  # the report shows the failure instead of losing everything
        problem = f"single-neuron experiment failed: {type(error).__name__}: {error}"
        traceback.print_exc(file=sys.stderr)
        return {"runs": [], "comparisons": [], "figures": {}, "error": problem}, problem


def mnist_not_run(reason: str, command: str | None, profile: str) -> dict:
    return {
        "status": "not run",
        "reason": reason,
        "command": command,
        "profile": profile,
        "comparable_with_book": False,
        "configs": [],
        "comparisons": [],
        "significance": [],
        "claim_verdicts": {},
        "figures": {},
        "timings": {},
    }


def fetch_mnist_phase(mnist_dir: Path, mirrors: Sequence[str] | None) -> str | None:
    """Fetch the MNIST files missing from ``mnist_dir`` (runs.mnist_download: verified, with
    its progress bar on a terminal); None when they are there afterwards, else one line saying
    why not: offline, only that the network is unreachable (the raw errors of the connection
    library say nothing more to a reader)."""
    if mnist_available(mnist_dir):
        return None
    try:
        download_mnist(mnist_dir, list(mirrors or MNIST_MIRRORS))
    except MnistUnreachableError as error:
        return f"could not fetch the MNIST files: {error}"
    except Exception as error:  # refused, damaged, unwritable: build the rest
        # One line: the file that failed and the first mirror's reason (the rest is alike).
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = ": ".join(line.rstrip(":") for line in lines[:2]) or type(error).__name__
        return f"could not fetch the MNIST files into {mnist_dir} ({reason})"
    return None


def mnist_plan_lines(plan: MnistPlan, jobs: int | None) -> list[str]:
    """What the MNIST phase is about to do, said before it starts: every run cached, or how many
    runs are to be trained and about how long that takes here (the plan's cost, one epoch of each
    network timed on this machine before the claim suite ran). Nothing when no cost could be
    estimated (data missing or unusable): the phase itself says so."""
    name = plan.profile.name
    if plan.all_cached:
        runs = plan.used or plan.runs
        return [f"MNIST phase: all {runs} runs of profile {name} are cached; none to train"]
    if not plan.to_train:
        return [
            f"MNIST phase: the {plan.runs} runs of profile {name}'s seeds are cached; "
            "seeds added for stalls are to be trained"
        ]
    workers = jobs or default_jobs()
    wall = plan.wall_seconds(workers)
    if wall is None:
        return []
    minutes = wall / 60
    return [
        f"MNIST phase: {plan.to_train} runs to train ({plan.cached} cached), "
        f"about {minutes:.0f} min on {min(workers, plan.to_train)} worker(s)"
        if minutes >= 1
        else f"MNIST phase: {plan.to_train} runs to train ({plan.cached} cached), under a minute",
        "(one epoch of each network timed on this machine; seeds that stall add runs)",
    ]


def run_mnist_phase(
    profile: str, mnist_dir: Path, jobs: int | None, cache_dir: str | None, seeds: int | None = None
) -> tuple[dict, str | None]:
    """The MNIST experiments' result (status "ran" or "not run"), and a problem if one raised."""
    try:
        cache = open_result_cache(cache_dir)
        return with_claim_verdicts(
            run_mnist_experiments(profile, mnist_dir, jobs, cache, sys.stderr.isatty(), seeds=seeds)
        ), None
    except WorkerStartError:
        raise  # not this phase's failure: no run can train, so the build ends
    except Exception as error:
        problem = f"MNIST experiment failed: {type(error).__name__}: {error}"
        traceback.print_exc(file=sys.stderr)
        return with_claim_verdicts(mnist_not_run(problem, None, profile)), problem


def mnist_phase_cost(clock: PhaseClock, mnist: dict) -> dict:
    """``environment.mnist_phase`` of results.json: the phase's wall and CPU seconds (every
    process of it: this one and its pool workers, :class:`runs.process_cpu.PhaseClock`), the sum
    of the trained runs' own CPU seconds (training and per-epoch evaluation, measured inside
    each run) and how many runs were trained; runs taken from the result cache are not counted
    there (reading them is part of the phase's CPU)."""
    timings = mnist.get("timings", {})
    return {
        "wall_seconds": clock.wall_seconds,
        "cpu_seconds": clock.cpu_seconds,
        "training_cpu_seconds": timings.get("training_cpu_seconds", 0.0),
        "runs": timings.get("runs_trained", 0),
    }


def with_claim_verdicts(mnist: dict) -> dict:
    """The MNIST result with the catalog judge's comparison rows (:func:`claims.judge.mnist_rows`),
    the verdicts of the catalog claims only its runs can decide, the book's figure beside each
    configuration, and its plots when it ran."""
    book = mnist_book_figures()
    configs = [
        {**record, "book_figure": book.get(record.get("name"))}
        for record in mnist.get("configs", [])
    ]
    mnist = {**mnist, "configs": configs}
    comparisons = mnist_rows(mnist)
    judged_config = {
        claim.id: dict(claim.check.parameters).get("config")
        for claim in CLAIMS
        if claim.check is not None
    }
    book_rows = {
        judged_config.get(row["claim_id"]): row
        for row in comparisons
        if row["claim_id"] in book_claim_ids()
    }
    configs = [{**record, "book_row": book_rows.get(record.get("name"))} for record in configs]
    mnist = {**mnist, "configs": configs}
    claim_ids = [claim.id for claim in CLAIMS if claim.experiment == "mnist"]
    reason = None if mnist["status"] == "ran" else f"MNIST experiment not run: {mnist['reason']}"
    figures = mnist_figures(configs) if mnist["status"] == "ran" else {}
    return {
        **mnist,
        "comparisons": comparisons,
        "claim_verdicts": claim_verdicts(comparisons, claim_ids, reason),
        "figures": figures,
    }


def mutation_phase(path: Path | None) -> tuple[dict | None, str | None]:
    """The latest mutation-testing summaries, by target (None when there is none), and a
    problem when a file is there but unreadable. ``path``: one summary file; without it, the
    default summary of every target."""
    summaries, problems = {}, []
    for candidate in [path] if path is not None else [t.results for t in TARGETS.values()]:
        try:
            record = read_results(candidate)
        except ValueError as error:
            problems.append(f"mutation summary left out: {error}")
            continue
        if record is not None:
            summaries[record["target"]] = record
    return summaries or None, "; ".join(problems) or None
