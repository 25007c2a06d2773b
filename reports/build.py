"""Command line: ``python -m reports.build`` -- run the claims and experiments, write the report.

Phases: check the options and the output directory (before any long work), fetch the MNIST
files when they are missing (unless ``--no-download``), run the claim suite in a subprocess,
re-run the single-neuron and MNIST experiments (the ``book`` profile by default: the book's
settings on several seeds), with ``--with-sweep`` run the default learning-rate sweep's missing
runs, read the sweep summary, render the page in both languages (``index.en.html``,
``index.zh.html``, and ``index.html`` in the language ``--lang`` names) and ``results.json`` in
memory, put them all in place together by swapping the whole report directory
(:mod:`reports.output`), print the summary and, with ``--check BASELINE``, compare the new
results with the baseline (``reports.gate``), both from the results in memory, never from the
file read back.

The work is shared out: the options in :mod:`reports.build_options`, the pre-flight checks in
:mod:`reports.build_checks`, the phases in :mod:`reports.build_phases`, the files in
:mod:`reports.report_writer`, the printed summary in :mod:`reports.build_summary`; this module
runs them in order.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from experiments import sweep
from experiments.mnist_plan import MnistPlan, plan_mnist_runs
from reports import gate
from reports.build_checks import (
    check_baseline,
    check_mnist_present,
    check_output_locations,
    check_report_packages,
)
from reports.build_options import (
    DEFAULT_OUT,
    EPILOG,
    EXIT_GATE_DIFFERENCE,
    EXIT_OK,
    EXIT_PHASE_FAILED,
    EXIT_USAGE,
    PROFILE_NAMES,
    BuildError,
    build_parser,
    check_option_values,
    seed_count,
)
from reports.build_phases import (
    fetch_mnist_phase,
    mnist_not_run,
    mnist_phase_cost,
    mnist_plan_lines,
    mutation_phase,
    run_mnist_phase,
    run_neuron_phase,
    say,
    with_claim_verdicts,
)
from reports.build_plan import check_mnist_plan, check_run_count
from reports.build_summary import closing_lines, print_summary
from reports.claims_run import run_claim_suite
from reports.conformance.phase import network2_conformance_phase
from reports.interruption import run_interruptible
from reports.output import cache_location
from reports.report_directory import ReportDirectoryError, ReportLockTimeout, legacy_staging_dirs
from reports.report_writer import WrittenReport, build_report, collect_seeds, render_pages
from reports.sweep.figure import summary_for_report
from runs.cache import open_result_cache
from runs.data_dir import resolve_mnist_dir
from runs.directories import missing_directories, remove_if_empty
from runs.executors import WorkerStartError, capped_jobs
from runs.process_cpu import PhaseClock
from runs.tasks import MnistSource

__all__ = [
    "DEFAULT_OUT",
    "EPILOG",
    "EXIT_GATE_DIFFERENCE",
    "EXIT_OK",
    "EXIT_PHASE_FAILED",
    "EXIT_USAGE",
    "PROFILE_NAMES",
    "BuildError",
    "WrittenReport",
    "build_parser",
    "build_report",
    "closing_lines",
    "collect_seeds",
    "main",
    "mnist_not_run",
    "mutation_phase",
    "render_pages",
    "run",
    "run_mnist_phase",
    "run_neuron_phase",
    "run_sweep_phase",
    "seed_count",
    "sweep_summary_phase",
    "with_claim_verdicts",
]


@dataclass
class PhaseResults:
    """What the phases produced, with the seconds each took and the problems they met."""

    timings: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    parts: dict = field(default_factory=dict)

    def note(self, problem: str | None) -> None:
        if problem:
            self.problems.append(problem)


def run_sweep_phase(mnist_dir: Path, jobs: int | None, cache_dir: str | None) -> str | None:
    """Run the default sweep's runs missing from the cache (:func:`experiments.sweep.run_missing`,
    as ``python -m reports.sweep`` does), the plan and progress on standard error; a problem
    when a run failed or the sweep could not run."""
    try:
        outcome = sweep.run_missing(
            sweep.DEFAULT_GRID,
            MnistSource(str(mnist_dir)),
            open_result_cache(cache_dir),
            jobs,
            out=sys.stderr,
        )
    except WorkerStartError:
        raise
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return f"sweep failed: {type(error).__name__}: {error}"
    if outcome.failures:
        spec, message = outcome.failures[0]
        return f"sweep: {len(outcome.failures)} runs failed, the first {spec}: {message}"
    return None


def sweep_summary_phase(cache_dir: str | None) -> tuple[dict | None, str | None]:
    """The sweep summary for the report, None when the sweep's runs are not cached."""
    try:
        return summary_for_report(open_result_cache(cache_dir)), None
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return None, f"sweep summary failed: {type(error).__name__}: {error}"


@dataclass
class Preflight:
    """What the checks before any long work settled: where the report goes, the baseline, the
    MNIST directory and the MNIST runs planned against the result cache."""

    out_dir: Path
    baseline: Path | None
    mnist_dir: Path
    plan: MnistPlan


def mnist_data_needed(plan: MnistPlan, with_sweep: bool, cache_dir: str | None) -> bool:
    """Whether the build will read the MNIST files: some MNIST run is not cached, or
    ``--with-sweep`` has sweep runs to train. Nothing else in the build reads them (the sweep
    summary reads the cache only), so a rebuild whose runs are all cached needs no data."""
    if not plan.all_cached:
        return True
    cache = open_result_cache(cache_dir)
    return with_sweep and any(spec not in cache for spec in sweep.DEFAULT_GRID.specs())


def preflight(options: argparse.Namespace) -> Preflight:
    """Every check that can fail for a reason the user can fix, before any long work; fetches
    missing MNIST files unless told not to or not needed (every run they would train is
    cached). Under ``--require-mnist`` a failed fetch is the one error, exit 2."""
    check_option_values(options)
    options.jobs, capped = capped_jobs(options.jobs)
    if capped:
        say(capped)
    check_report_packages()
    out_dir = check_output_locations(options.out, options.cache_dir)
    for leftover in legacy_staging_dirs(out_dir):
        say(
            f"{leftover} was left by a stopped build of an earlier version; it may hold files "
            f"that were in {out_dir}: move back what you need, then delete it"
        )
    baseline = check_baseline(options.check) if options.check is not None else None
    try:
        mnist_dir = resolve_mnist_dir(options.mnist_dir)
    except ValueError as error:
        raise BuildError(str(error), EXIT_USAGE) from None
    check_run_count(options.profile, options.seeds, options.yes)
    plan = plan_mnist_runs(options.profile, options.seeds, open_result_cache(options.cache_dir))
    needed = mnist_data_needed(plan, options.with_sweep, options.cache_dir)
    if needed and not options.no_download:
        problem = fetch_mnist_phase(mnist_dir, options.mnist_mirrors)
        if problem is not None and options.require_mnist:
            raise BuildError(f"--require-mnist: {problem}", EXIT_USAGE)
        if problem is not None:
            say(f"{problem}; building the rest without them")
    if needed and options.require_mnist:
        check_mnist_present(mnist_dir)
    checked_plan = check_mnist_plan(plan, options.jobs, mnist_dir, options.yes, say)
    return Preflight(out_dir, baseline, mnist_dir, checked_plan)


def run_claims_and_neuron(done: PhaseResults) -> None:
    say("running the claim suite (pytest claims/) ...")
    started = time.perf_counter()
    claims_run = run_claim_suite()
    done.timings["claims"] = time.perf_counter() - started
    if not claims_run.completed:
        done.note(f"claim suite: {claims_run.problem}")
        sys.stderr.write(claims_run.output[-4000:])
    done.parts["claims_run"] = claims_run

    say("running the single-neuron experiment ...")
    started = time.perf_counter()
    done.parts["neuron"], problem = run_neuron_phase()
    done.timings["neuron"] = time.perf_counter() - started
    done.note(problem)


def run_mnist(options: argparse.Namespace, checked: Preflight, done: PhaseResults) -> None:
    mnist_dir = checked.mnist_dir
    say(f"running the MNIST experiments (profile {options.profile}, data {mnist_dir}) ...")
    with PhaseClock() as clock:
        for line in mnist_plan_lines(checked.plan, options.jobs):
            say(line)
        mnist, problem = run_mnist_phase(
            options.profile, mnist_dir, options.jobs, options.cache_dir, options.seeds
        )
    done.timings["mnist"] = clock.wall_seconds
    done.parts["mnist_phase"] = mnist_phase_cost(clock, mnist)
    done.note(problem)
    if mnist.get("data_error"):
        # damaged data is an error, not a missing data set: one line on the terminal, and the
        # report records it as a problem (exit 3; exit 2 under --require-mnist, below)
        problem = f"MNIST data unusable: {mnist.get('reason')}"
        say(f"error: {problem}")
        done.note(problem)
    if options.require_mnist and mnist.get("status") != "ran":
        raise BuildError(
            f"--require-mnist: the MNIST experiments did not run with data from "
            f"{mnist_dir}: {mnist.get('reason')}",
            EXIT_USAGE,
        )
    done.parts["mnist"] = mnist


def run_sweep_and_mutation(
    options: argparse.Namespace, mnist_dir: Path, done: PhaseResults
) -> None:
    started = time.perf_counter()
    if options.with_sweep:
        say(f"running the learning-rate sweep's missing runs (data {mnist_dir}) ...")
        done.note(run_sweep_phase(mnist_dir, options.jobs, options.cache_dir))
    done.parts["sweep"], problem = sweep_summary_phase(options.cache_dir)
    done.timings["sweep"] = time.perf_counter() - started
    done.note(problem)
    done.parts["mutation"], problem = mutation_phase(options.mutation_results)
    done.note(problem)
    done.parts["network2_conformance"], problem = network2_conformance_phase(options.network2_path)
    done.note(problem)


def write_and_summarize(
    options: argparse.Namespace, out_dir: Path, baseline: Path | None, done: PhaseResults
) -> int:
    """Write the report, print the summary and run the gate; the exit status."""
    say("rendering the report ...")
    try:
        written = build_report(
            out_dir,
            profile=options.profile,
            timings=done.timings,
            problems=done.problems,
            lang=options.lang,
            lock_timeout=options.lock_timeout,
            say=say,
            **done.parts,
        )
    except (ReportLockTimeout, ReportDirectoryError) as error:
        raise BuildError(f"{error}; finished runs are in the cache", EXIT_USAGE) from None
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        raise BuildError(
            f"the report could not be rendered or written ({type(error).__name__}: "
            f"{error}); the previous report in {out_dir} is unchanged",
            EXIT_PHASE_FAILED,
        ) from None
    index_path, results_path = written
    recorded_problems = print_summary(written.results, results_path, index_path)
    status = EXIT_PHASE_FAILED if recorded_problems else EXIT_OK
    if baseline is not None:
        gate_status = gate.run_gate(baseline, results_path, results=written.results)
        if status == EXIT_OK:
            status = gate_status
    return status


def run(options: argparse.Namespace) -> int:
    # The directories the build may create; a build that stops before writing anything leaves
    # none of them behind empty (the MNIST directory is the download's own concern).
    created = missing_directories(options.out) + missing_directories(
        cache_location(options.cache_dir)[0]
    )
    try:
        checked = preflight(options)
        done = PhaseResults()
        run_claims_and_neuron(done)
        run_mnist(options, checked, done)
        run_sweep_and_mutation(options, checked.mnist_dir, done)
        return write_and_summarize(options, checked.out_dir, checked.baseline, done)
    except BaseException:
        for directory in sorted(created, key=lambda path: len(path.parts), reverse=True):
            remove_if_empty([directory])
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    return run_interruptible(
        lambda: _run_reporting_errors(options), sys.stderr, prefix="reports.build: "
    )


def _run_reporting_errors(options: argparse.Namespace) -> int:
    """:func:`run`, with a failure turned into its message and exit status."""
    try:
        return run(options)
    except BuildError as error:
        print(f"reports.build: error: {error}", file=sys.stderr)
        return error.exit_code
    except WorkerStartError as error:
        print(f"reports.build: error: {error}; finished runs are in the cache", file=sys.stderr)
        return EXIT_PHASE_FAILED
    except Exception as error:  # keep exit status 1 for the gate's verdict
        traceback.print_exc(file=sys.stderr)
        print(
            f"reports.build: error: the build stopped ({type(error).__name__}: {error})",
            file=sys.stderr,
        )
        return EXIT_PHASE_FAILED


if __name__ == "__main__":
    sys.exit(main())
