"""The command line of ``python -m reports.build``: its options, exit statuses and the checks
of option values that argparse cannot make (a path given as an empty string, a mirror that is
not an http(s) URL)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from experiments.profiles import DEFAULT_PROFILE, MIN_SEEDS, PROFILES
from reports.cli_types import non_negative_seconds, positive_int
from reports.page.i18n import DEFAULT_LANGUAGE, LANGUAGES
from reports.report_directory import DEFAULT_LOCK_TIMEOUT
from runs.data_dir import add_mnist_dir_argument

EXIT_OK = 0
EXIT_GATE_DIFFERENCE = 1
EXIT_USAGE = 2
EXIT_PHASE_FAILED = 3
PROFILE_NAMES = tuple(PROFILES)
DEFAULT_OUT = "report"
MAX_SEEDS_OPTION = 1_000_000

EPILOG = f"""\
The claim suite runs with the Hypothesis profile chosen by the environment
($NNCLAIMS_HYPOTHESIS_PROFILE, else "ci" when $CI is set, else "dev"); the report records which
profile ran. When the MNIST files are missing the build fetches them from the public mirrors
(verified, as python -m runs.download does) unless --no-download is given; without them the
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
     latex2mathml or jinja2 not installed, a directory under a report file's name in --out,
     another build still writing into --out after --lock-timeout seconds, a plan of more
     than 1000 MNIST runs or 2 CPU-hours of training without --yes;
     also when the gate finds the baseline unusable (then the report is written)
  {EXIT_PHASE_FAILED}  a phase could not run (claim suite did not complete, an experiment raised,
     an MNIST file is damaged, the report could not be rendered, worker processes could not be
     started, an unexpected error); when
     the report could be
     written it shows the failure
  130  interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: one line on standard error, finished
     runs kept in the cache, workers ended, the previous report left as it was
"""


class BuildError(Exception):
    """A failure with a message for the user and the exit status it maps to."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
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
    add_experiment_options(parser)
    add_output_options(parser)
    return parser


def add_experiment_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose what runs and where the report goes: profile, seeds, output
    directory, MNIST data, jobs, download, sweep."""
    parser.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        default=DEFAULT_PROFILE,
        help=f"MNIST experiment profile: '{DEFAULT_PROFILE}' (default) trains with the book's "
        f"settings (whole training split, 30 epochs, the book's rates, mini-batches of 10, "
        f"N(0, 1) initialisation, float64) on {len(PROFILES[DEFAULT_PROFILE].seeds)} seeds "
        "per configuration; 'quick' runs shorter MNIST runs whose accuracies are marked not "
        "comparable with the book's",
    )
    parser.add_argument(
        "--seeds",
        metavar="N",
        type=seed_count,
        default=None,
        help=f"train seeds 0..N-1 of every MNIST configuration (N >= {MIN_SEEDS}; default: the "
        "profile's own)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default=DEFAULT_OUT,
        help=f"directory to write index.html and results.json into (default: {DEFAULT_OUT}); "
        "created if missing, checked writable before any work starts",
    )
    add_mnist_dir_argument(parser)
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=positive_int,
        default=None,
        help="worker processes for the MNIST runs (default, and at most: one per usable CPU)",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="go on with a plan above 1000 MNIST runs or 2 CPU-hours of training (printed "
        "before any training; without --yes such a build stops with exit status 2)",
    )
    parser.add_argument(
        "--require-mnist",
        action="store_true",
        help="fail with exit status 2 when the MNIST files are missing (and cannot be fetched), "
        "instead of reporting the MNIST experiments as not run",
    )
    parser.add_argument(
        "--no-download",
        action="store_true",
        help="do not fetch missing MNIST files from the public mirrors",
    )
    parser.add_argument(
        "--mnist-mirror",
        metavar="URL",
        action="append",
        dest="mnist_mirrors",
        default=None,
        help="base URL of a mirror holding the four MNIST .gz files, for fetching missing ones; "
        "repeat to try several in order (default: the mirrors python -m runs.download "
        "uses)",
    )
    parser.add_argument(
        "--with-sweep",
        action="store_true",
        help="before rendering, run the default learning-rate sweep's runs missing from the "
        "cache (as python -m reports.sweep does; the replication's runs at the book's rates "
        "are reused), so the report shows the tuned comparison",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The options around the runs: the gate's baseline, the page's language, the mutation
    summary to show, the result cache."""
    parser.add_argument(
        "--check",
        metavar="BASELINE",
        default=None,
        help="after writing, compare results.json with this baseline file (reports.gate) and "
        "exit with the gate's status",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of index.html: 'en' (default) or 'zh' (Simplified Chinese); both "
        "index.en.html and index.zh.html are always written",
    )
    parser.add_argument(
        "--mutation-results",
        metavar="PATH",
        type=Path,
        default=None,
        help="the mutation-testing summary to show (python -m reports.mutation; default: "
        ".mutation/results.json and .mutation/results-judging.json in the repository); the "
        "section is left out when there is none",
    )
    parser.add_argument(
        "--lock-timeout",
        metavar="SECONDS",
        type=non_negative_seconds,
        default=DEFAULT_LOCK_TIMEOUT,
        help="when another build is writing its report into the same --out, wait for it at "
        f"most this long, then give up with exit status 2 (default: {DEFAULT_LOCK_TIMEOUT:g})",
    )
    parser.add_argument(
        "--network2-path",
        metavar="PATH",
        default=None,
        help="Nielsen's network2.py: the report gains a section on which of the chapter's "
        "claims it satisfies (python -m reports.conformance; default $NETWORK2_PATH)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help="cache of training results (default: $NNCLAIMS_CACHE_DIR if set, else "
        "~/.cache/nnclaims/runs)",
    )


def seed_count(text: str) -> int:
    """An argparse type: the number of seeds, a whole number >= MIN_SEEDS."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of seeds (at least {MIN_SEEDS}), found {text!r}"
        ) from None
    if value < MIN_SEEDS:
        raise argparse.ArgumentTypeError(
            f"expected at least {MIN_SEEDS} seeds (a spread needs two runs), found {value}"
        )
    if value > MAX_SEEDS_OPTION:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_SEEDS_OPTION} seeds (the runs' list alone would not fit in "
            f"memory), found {value}"
        )
    return value


def check_option_values(options: argparse.Namespace) -> None:
    """Paths must not be empty strings and mirrors must be http(s) URLs; BuildError (exit 2)."""
    for option, value in (
        ("--out", options.out),
        ("--cache-dir", options.cache_dir),
        ("--check", options.check),
    ):
        if value == "":
            raise BuildError(f"{option}: expected a path, found an empty string", EXIT_USAGE)
    from reports.conformance.phase import check_network2_path  # only when building

    network2_problem = check_network2_path(options.network2_path)
    if network2_problem:
        raise BuildError(network2_problem, EXIT_USAGE)
    check_mirror_urls(options.mnist_mirrors or ())


def check_mirror_urls(urls: Sequence[str]) -> None:
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BuildError(
                f"--mnist-mirror: expected an http:// or https:// URL, found {url!r}", EXIT_USAGE
            )
