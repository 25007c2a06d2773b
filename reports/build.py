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
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

from experiments.profiles import DEFAULT_PROFILE, MIN_SEEDS, PROFILES
from reports.claims_run import ClaimsRun, run_claim_suite
from reports.environment import collect_environment
from reports.page.i18n import DEFAULT_LANGUAGE, LANGUAGES
from reports.page.render import render_report
from reports.results import build_results, results_to_json

EXIT_OK = 0
EXIT_GATE_DIFFERENCE = 1
EXIT_USAGE = 2
EXIT_PHASE_FAILED = 3
PROFILE_NAMES = tuple(PROFILES)
DEFAULT_OUT = "report"

EPILOG = f"""\
The claim suite runs with the Hypothesis profile chosen by the environment
($NNCLAIMS_HYPOTHESIS_PROFILE, else "ci" when $CI is set, else "dev"); the report records which
profile ran. When the MNIST files are missing the build fetches them from the public mirrors
(verified, as python -m engine.download does) unless --no-download is given; without them the
MNIST section is marked "not run" and shows the command that fetches them (use --require-mnist
to make that an error).

exit status:
  {EXIT_OK}  report written (with --check: and the gate found no difference); claims whose
     verdict differs from the expected one are listed but do not change the status
  {EXIT_GATE_DIFFERENCE}  --check: the gate found a difference from the baseline (report written)
  {EXIT_USAGE}  usage or input error, nothing built: bad option, --out not writable,
     --require-mnist without the MNIST files or with a damaged one, --cache-dir (or
     $NNCLAIMS_CACHE_DIR, or the default cache) not writable, --check baseline missing or
     unreadable by the gate,
     latex2mathml or jinja2 not installed;
     also when the gate finds the baseline unusable (then the report is written)
  {EXIT_PHASE_FAILED}  a phase could not run (claim suite did not complete, an experiment raised,
     an MNIST file is damaged, the report could not be rendered, an unexpected error); when
     the report could be
     written it shows the failure
"""


class BuildError(Exception):
    """A failure with a message for the user and the exit status it maps to."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    from reports.cli_types import positive_int
    from engine.data_dir import add_mnist_dir_argument

    parser = argparse.ArgumentParser(
        prog="python -m reports.build",
        description=(
            "Run every claim of the catalog as tests, re-run the single-neuron and MNIST\n"
            "experiments, and write a self-contained HTML report (index.html, no network\n"
            "requests) with results.json beside it."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--profile", choices=PROFILE_NAMES, default=DEFAULT_PROFILE,
        help=f"MNIST experiment profile: '{DEFAULT_PROFILE}' (default) trains with the book's "
             f"settings (whole training split, 30 epochs, the book's rates, mini-batches of 10, "
             f"N(0, 1) initialisation, float64) on {len(PROFILES[DEFAULT_PROFILE].seeds)} seeds "
             "per configuration; 'quick' runs shorter MNIST runs whose accuracies are marked not "
             "comparable with the book's",
    )
    parser.add_argument(
        "--seeds", metavar="N", type=seed_count, default=None,
        help=f"train seeds 0..N-1 of every MNIST configuration (N >= {MIN_SEEDS}; default: the "
             "profile's own)",
    )
    parser.add_argument(
        "--out", metavar="DIR", default=DEFAULT_OUT,
        help=f"directory to write index.html and results.json into (default: {DEFAULT_OUT}); "
             "created if missing, checked writable before any work starts",
    )
    add_mnist_dir_argument(parser)
    parser.add_argument(
        "--jobs", metavar="N", type=positive_int, default=None,
        help="worker processes for the MNIST runs (default: one per usable CPU)",
    )
    parser.add_argument(
        "--require-mnist", action="store_true",
        help="fail with exit status 2 when the MNIST files are missing (and cannot be fetched), "
             "instead of reporting the MNIST experiments as not run",
    )
    parser.add_argument(
        "--no-download", action="store_true",
        help="do not fetch missing MNIST files from the public mirrors",
    )
    parser.add_argument(
        "--mnist-mirror", metavar="URL", action="append", dest="mnist_mirrors", default=None,
        help="base URL of a mirror holding the four MNIST .gz files, for fetching missing ones; "
             "repeat to try several in order (default: the mirrors python -m engine.download "
             "uses)",
    )
    parser.add_argument(
        "--with-sweep", action="store_true",
        help="before rendering, run the default learning-rate sweep's runs missing from the "
             "cache (as python -m reports.sweep does; the replication's runs at the book's rates "
             "are reused), so the report shows the tuned comparison",
    )
    parser.add_argument(
        "--check", metavar="BASELINE", default=None,
        help="after writing, compare results.json with this baseline file (reports.gate) and "
             "exit with the gate's status",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
        help="language of index.html: 'en' (default) or 'zh' (Simplified Chinese); both "
             "index.en.html and index.zh.html are always written",
    )
    parser.add_argument(
        "--mutation-results", metavar="PATH", type=Path, default=None,
        help="the mutation-testing summary to show (python -m reports.mutation; default: "
             ".mutation/results.json and .mutation/results-judging.json in the repository); the "
             "section is left out when there is none",
    )
    parser.add_argument(
        "--cache-dir", metavar="DIR", default=None,
        help="cache of training results (default: $NNCLAIMS_CACHE_DIR if set, else "
             "~/.cache/nnclaims/runs)",
    )
    return parser


def seed_count(text: str) -> int:
    """An argparse type: the number of seeds, a whole number >= MIN_SEEDS."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of seeds (at least {MIN_SEEDS}), found {text!r}") from None
    if value < MIN_SEEDS:
        raise argparse.ArgumentTypeError(
            f"expected at least {MIN_SEEDS} seeds (a spread needs two runs), found {value}")
    return value


# ---------------------------------------------------------------------------- pre-flight checks
def check_writable_directory(path: Path, option: str) -> Path:
    """Create ``path`` if needed and prove it writable; BuildError (exit 2) naming it otherwise."""
    from reports.output import OutputLocationError, check_writable_directory as check

    try:
        return check(path, option)
    except OutputLocationError as error:
        raise BuildError(str(error), EXIT_USAGE) from None


def check_output_locations(out: str, cache_dir: str | None) -> Path:
    """Every place the build writes, proven writable before any work: the report directory
    (replaceable whole: its parent writable too) and the result cache however it is named
    (``--cache-dir``, ``$NNCLAIMS_CACHE_DIR`` or the default); BuildError (exit 2) otherwise."""
    from reports.output import OutputLocationError, check_cache_location, check_report_location

    try:
        out_dir = check_report_location(Path(out), "--out")
        check_cache_location(cache_dir)
    except OutputLocationError as error:
        raise BuildError(str(error), EXIT_USAGE) from None
    return out_dir


def check_baseline(path: str) -> Path:
    """The baseline must be one the gate can read (reports.gate.load_baseline) before the long
    work starts; its message names the file and, for a malformed one, the line or key."""
    from reports.gate import GateInputError, load_baseline

    try:
        load_baseline(path)
    except GateInputError as error:
        raise BuildError(f"--check {path}: {error}", EXIT_USAGE) from None
    return Path(path)


REPORT_PACKAGES = {"latex2mathml": "latex2mathml", "jinja2": "jinja2"}


def check_report_packages() -> None:
    """The packages that render the page must be importable before any long work."""
    import importlib.util

    missing = [package for module, package in REPORT_PACKAGES.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise BuildError(
            f"the report needs {', '.join(missing)}, which is not installed; install it with: "
            "pip install 'nnclaims[report]'", EXIT_USAGE)


def check_mnist_present(mnist_dir: Path) -> None:
    """For --require-mnist: the four MNIST files must be in ``mnist_dir`` and intact (verified
    now, before the long work; the verified bytes stay cached for the MNIST phase)."""
    from engine.mnist import MnistError, MnistNotFoundError, verify_mnist_files

    try:
        verify_mnist_files(mnist_dir)
    except MnistNotFoundError as error:
        raise BuildError(f"--require-mnist: the MNIST files are not available in {mnist_dir}: {error}", EXIT_USAGE) from None
    except MnistError as error:
        raise BuildError(f"--require-mnist: the MNIST data in {mnist_dir} is damaged: {error}", EXIT_USAGE) from None


# ---------------------------------------------------------------------------------- phases
def say(message: str) -> None:
    print(f"reports.build: {message}", file=sys.stderr, flush=True)


def run_neuron_phase() -> tuple[dict, str | None]:
    """The single-neuron experiment's result with the catalog judge's comparison rows, or an
    empty result and the problem."""
    try:
        from claims.judge import neuron_rows
        from experiments.neuron import run_neuron_experiments
        from reports.page.neuron_figures import neuron_figures

        result = run_neuron_experiments()
        return {**result, "comparisons": neuron_rows(result["runs"]),
                "figures": neuron_figures(result["runs"])}, None
    except Exception as error:  # the report shows the failure instead of losing everything
        problem = f"single-neuron experiment failed: {type(error).__name__}: {error}"
        traceback.print_exc(file=sys.stderr)
        return {"runs": [], "comparisons": [], "figures": {}, "error": problem}, problem


def mnist_not_run(reason: str, command: str | None, profile: str) -> dict:
    return {"status": "not run", "reason": reason, "command": command, "profile": profile,
            "comparable_with_book": False, "configs": [], "comparisons": [], "significance": [],
            "claim_verdicts": {}, "figures": {}, "timings": {}}


def fetch_mnist_phase(mnist_dir: Path, mirrors: Sequence[str] | None) -> str | None:
    """Fetch the MNIST files missing from ``mnist_dir`` (engine.mnist_download: verified, with
    its progress bar on a terminal); None when they are there afterwards, else one line saying
    why not."""
    from engine.mnist import mnist_available
    from engine.mnist_download import MNIST_MIRRORS, download_mnist

    if mnist_available(mnist_dir):
        return None
    try:
        download_mnist(mnist_dir, list(mirrors or MNIST_MIRRORS))
    except Exception as error:  # offline, refused, damaged, unwritable: build the rest
        # One line: the file that failed and the first mirror's reason (the rest is alike).
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = ": ".join(line.rstrip(":") for line in lines[:2]) or type(error).__name__
        return f"could not fetch the MNIST files into {mnist_dir} ({reason})"
    return None


def run_mnist_phase(profile: str, mnist_dir: Path, jobs: int | None, cache_dir: str | None,
                    seeds: int | None = None) -> tuple[dict, str | None]:
    """The MNIST experiments' result (status "ran" or "not run"), and a problem if one raised."""
    try:
        from experiments.mnist_experiments import run_mnist_experiments
        from experiments.run_cache import open_result_cache

        cache = open_result_cache(cache_dir)
        return with_claim_verdicts(
            run_mnist_experiments(profile, mnist_dir, jobs, cache, sys.stderr.isatty(),
                                  seeds=seeds)), None
    except Exception as error:
        problem = f"MNIST experiment failed: {type(error).__name__}: {error}"
        traceback.print_exc(file=sys.stderr)
        return with_claim_verdicts(mnist_not_run(problem, None, profile)), problem


def with_claim_verdicts(mnist: dict) -> dict:
    """The MNIST result with the catalog judge's comparison rows (:func:`claims.judge.mnist_rows`),
    the verdicts of the catalog claims only its runs can decide, the book's figure beside each
    configuration, and its plots when it ran."""
    from claims.catalog import CLAIMS
    from claims.judge import book_claim_ids, mnist_book_figures, mnist_rows
    from experiments.mnist_analysis import claim_verdicts
    from reports.page.mnist_figures import mnist_figures

    book = mnist_book_figures()
    configs = [{**record, "book_figure": book.get(record.get("name"))}
               for record in mnist.get("configs", [])]
    mnist = {**mnist, "configs": configs}
    comparisons = mnist_rows(mnist)
    judged_config = {claim.id: dict(claim.check.parameters).get("config")
                     for claim in CLAIMS if claim.check is not None}
    book_rows = {judged_config.get(row["claim_id"]): row for row in comparisons
                 if row["claim_id"] in book_claim_ids()}
    configs = [{**record, "book_row": book_rows.get(record.get("name"))} for record in configs]
    mnist = {**mnist, "configs": configs}
    claim_ids = [claim.id for claim in CLAIMS if claim.experiment == "mnist"]
    reason = None if mnist["status"] == "ran" else f"MNIST experiment not run: {mnist['reason']}"
    figures = mnist_figures(configs) if mnist["status"] == "ran" else {}
    return {**mnist, "comparisons": comparisons,
            "claim_verdicts": claim_verdicts(comparisons, claim_ids, reason), "figures": figures}


def run_sweep_phase(mnist_dir: Path, jobs: int | None, cache_dir: str | None) -> str | None:
    """Run the default sweep's runs missing from the cache with ``python -m reports.sweep``'s
    own code (its progress and summary go to standard error); a problem line, or None."""
    from reports.sweep.run import main as sweep_main

    argv = ["--mnist-dir", str(mnist_dir)]
    argv += ["--jobs", str(jobs)] if jobs is not None else []
    argv += ["--cache-dir", cache_dir] if cache_dir is not None else []
    try:
        status = sweep_main(argv, out=sys.stderr)
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return f"sweep failed: {type(error).__name__}: {error}"
    return None if status == 0 else f"sweep: python -m reports.sweep exited with status {status}"


def sweep_summary_phase(cache_dir: str | None) -> tuple[dict | None, str | None]:
    """The sweep summary for the report, None when the sweep's runs are not cached."""
    from experiments.run_cache import open_result_cache
    from reports.sweep.run import summary_for_report

    try:
        return summary_for_report(open_result_cache(cache_dir)), None
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return None, f"sweep summary failed: {type(error).__name__}: {error}"


def mutation_phase(path: Path | None) -> tuple[dict | None, str | None]:
    """The latest mutation-testing summaries, by target (None when there is none), and a
    problem when a file is there but unreadable. ``path``: one summary file; without it, the
    default summary of every target."""
    from reports.mutation import TARGETS, read_results

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


def collect_seeds(mnist: Mapping, hypothesis_profile: str | None) -> dict:
    return {
        "mnist": {config.get("name", str(i)): config.get("seeds") for i, config in enumerate(mnist.get("configs", []))},
        "hypothesis_profile": hypothesis_profile,
    }


# ------------------------------------------------------------------------------- assembling
class WrittenReport(tuple):
    """``(index path, results path)`` as :func:`build_report` has always returned, plus
    ``results``: the results dict that was written, for everything after the build."""

    def __new__(cls, index: Path, results_path: Path, results: dict):
        written = super().__new__(cls, (index, results_path))
        written.results = results
        return written

    @property
    def index(self) -> Path:
        return self[0]

    @property
    def results_path(self) -> Path:
        return self[1]


def build_report(
    out_dir: Path,
    *,
    claims_run: ClaimsRun,
    neuron: Mapping,
    mnist: Mapping,
    sweep: Mapping | None,
    profile: str,
    timings: dict[str, float],
    problems: Sequence[str] = (),
    mutation: Mapping | None = None,
    catalog: ModuleType | None = None,
    render: Callable[..., str] = render_report,
    lang: str = DEFAULT_LANGUAGE,
) -> WrittenReport:
    """Render the pages and ``results.json`` and make them the content of ``out_dir`` together,
    in one directory swap (:func:`reports.output.replace_report_directory`).

    Everything is rendered in memory first; a failure there or while writing leaves ``out_dir``
    untouched. Returns (index path, results path), ``index.html`` being the page in ``lang``,
    with the results dict as ``.results``.
    """
    from reports.output import replace_report_directory

    if catalog is None:
        from claims import catalog
    started = time.perf_counter()
    environment = collect_environment(profile, claims_run.hypothesis_profile,
                                      collect_seeds(mnist, claims_run.hypothesis_profile), timings)
    results = build_results(catalog=catalog, claims_run=claims_run, neuron=neuron, mnist=mnist,
                            sweep=sweep, profile=profile, environment=environment, problems=list(problems),
                            mutation=mutation)
    pages = render_pages(results, neuron, mnist, render, lang)
    timings["render"] = time.perf_counter() - started
    results["environment"]["timings_seconds"] = dict(timings)
    results_text = results_to_json(results)
    paths = replace_report_directory(Path(out_dir), {**pages, "results.json": results_text})
    # what was written, as a reader of results.json gets it (non-finite numbers as the file has them)
    return WrittenReport(paths["index.html"], paths["results.json"], json.loads(results_text))


def render_pages(results: dict, neuron: Mapping, mnist: Mapping, render: Callable[..., str],
                 lang: str) -> dict[str, str]:
    """File name -> HTML: ``index.<code>.html`` for every language, ``index.html`` in ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang: expected one of {', '.join(LANGUAGES)}, found {lang!r}")
    pages = {f"index.{code}.html": render(results, neuron, mnist, lang=code) for code in LANGUAGES}
    return {**pages, "index.html": pages[f"index.{lang}.html"]}


def print_summary(results: Mapping, results_path: Path, index_path: Path) -> list[str]:
    """Print where the report is and what it found -- last, what matters most: the statements the
    documents get wrong, the verdicts that moved from the expected one, and why a phase did not
    run; return the problems it records. From ``results`` in memory, never from the file, which
    another build may already have replaced."""
    counts = results["summary"]["claims_by_verdict"]
    print(f"report: {index_path} (also {', '.join(f'index.{code}.html' for code in LANGUAGES)})")
    print(f"results: {results_path}")
    print("claims: " + ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n))
    print(f"MNIST experiments: {results['experiments']['mnist_status']}")
    for line in closing_lines(results):
        print(line)
    return results["problems"]


def closing_lines(results: Mapping) -> list[str]:
    """The summary's last lines: statements the documents get wrong (count and ids), expected
    verdicts that moved, and each phase that did not run with the reason."""
    claims = results["claims"]
    wrong = [c["id"] for c in claims if c["verdict"] == "refuted"]
    lines = [f"statements the documents get wrong: {len(wrong)}" + (f" ({', '.join(wrong)})" if wrong else "")]
    moved = [f"{c['id']} (expected {c['expected']}, now {c['verdict']})" for c in claims
             if c["verdict"] in ("holds", "refuted") and c["verdict"] != c["expected"]]
    lines.append(f"expected verdicts that moved: {len(moved)}" + (f": {'; '.join(moved)}" if moved else ""))
    experiments = results["experiments"]
    if experiments.get("mnist_status") != "ran":
        lines.append(f"phase not run: MNIST experiments ({experiments.get('mnist_reason') or 'no reason given'})")
    if experiments.get("sweep") is None:
        lines.append("phase not run: learning-rate sweep summary (no cached sweep runs; run python -m reports.sweep, or build with --with-sweep)")
    if experiments.get("neuron_error"):
        lines.append(f"phase not run: single-neuron experiment ({experiments['neuron_error']})")
    for problem in results["problems"]:
        lines.append(f"problem: {problem}")
    return lines


def run(options: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from engine.data_dir import resolve_mnist_dir

    for option, value in (("--out", options.out), ("--cache-dir", options.cache_dir), ("--check", options.check)):
        if value == "":
            raise BuildError(f"{option}: expected a path, found an empty string", EXIT_USAGE)
    for url in options.mnist_mirrors or ():
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BuildError(f"--mnist-mirror: expected an http:// or https:// URL, found {url!r}", EXIT_USAGE)
    check_report_packages()
    out_dir = check_output_locations(options.out, options.cache_dir)
    baseline = check_baseline(options.check) if options.check is not None else None
    try:
        mnist_dir = resolve_mnist_dir(options.mnist_dir)
    except ValueError as error:
        raise BuildError(str(error), EXIT_USAGE) from None
    if not options.no_download:
        problem = fetch_mnist_phase(mnist_dir, options.mnist_mirrors)
        if problem is not None:
            say(f"{problem}; building the rest without them")
    if options.require_mnist:
        check_mnist_present(mnist_dir)

    timings: dict[str, float] = {}
    problems: list[str] = []

    say("running the claim suite (pytest claims/) ...")
    started = time.perf_counter()
    claims_run = run_claim_suite()
    timings["claims"] = time.perf_counter() - started
    if not claims_run.completed:
        problems.append(f"claim suite: {claims_run.problem}")
        sys.stderr.write(claims_run.output[-4000:])

    say("running the single-neuron experiment ...")
    started = time.perf_counter()
    neuron, problem = run_neuron_phase()
    timings["neuron"] = time.perf_counter() - started
    problems += [problem] if problem else []

    say(f"running the MNIST experiments (profile {options.profile}, data {mnist_dir}) ...")
    started = time.perf_counter()
    mnist, problem = run_mnist_phase(options.profile, mnist_dir, options.jobs, options.cache_dir,
                                     options.seeds)
    timings["mnist"] = time.perf_counter() - started
    problems += [problem] if problem else []
    if mnist.get("data_error"):
        # damaged data is an error, not a missing data set: one line on the terminal, and the
        # report records it as a problem (exit 3; exit 2 under --require-mnist, below)
        problem = f"MNIST data unusable: {mnist.get('reason')}"
        say(f"error: {problem}")
        problems.append(problem)
    if options.require_mnist and mnist.get("status") != "ran":
        raise BuildError(f"--require-mnist: the MNIST experiments did not run with data from {mnist_dir}: "
                         f"{mnist.get('reason')}", EXIT_USAGE)

    started = time.perf_counter()
    if options.with_sweep:
        say(f"running the learning-rate sweep's missing runs (data {mnist_dir}) ...")
        problem = run_sweep_phase(mnist_dir, options.jobs, options.cache_dir)
        problems += [problem] if problem else []
    sweep, problem = sweep_summary_phase(options.cache_dir)
    timings["sweep"] = time.perf_counter() - started
    problems += [problem] if problem else []

    mutation, problem = mutation_phase(options.mutation_results)
    problems += [problem] if problem else []

    say("rendering the report ...")
    try:
        written = build_report(
            out_dir, claims_run=claims_run, neuron=neuron, mnist=mnist, sweep=sweep,
            profile=options.profile, timings=timings, problems=problems, lang=options.lang,
            mutation=mutation)
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        raise BuildError(f"the report could not be rendered or written ({type(error).__name__}: {error}); "
                         f"the previous report in {out_dir} is unchanged", EXIT_PHASE_FAILED) from None
    index_path, results_path = written
    recorded_problems = print_summary(written.results, results_path, index_path)

    status = EXIT_PHASE_FAILED if recorded_problems else EXIT_OK
    if baseline is not None:
        from reports.gate import run_gate

        gate_status = run_gate(baseline, results_path, results=written.results)
        if status == EXIT_OK:
            status = gate_status
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    try:
        return run(options)
    except BuildError as error:
        print(f"reports.build: error: {error}", file=sys.stderr)
        return error.exit_code
    except Exception as error:  # keep exit status 1 for the gate's verdict
        traceback.print_exc(file=sys.stderr)
        print(f"reports.build: error: the build stopped ({type(error).__name__}: {error})", file=sys.stderr)
        return EXIT_PHASE_FAILED


if __name__ == "__main__":
    sys.exit(main())
