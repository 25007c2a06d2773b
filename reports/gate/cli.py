"""The command line of the gate: ``python -m reports.gate``."""

from __future__ import annotations

import argparse
import sys

from reports.gate.compare import run_gate
from reports.gate.update import update_baseline

# Command line.


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports.gate",
        description="Compare a report's results.json with the committed baseline; exit 0 when "
        "everything holds, 1 when something moved, 2 when an input is missing or malformed.",
    )
    parser.add_argument(
        "--baseline", required=True, help="baseline JSON (e.g. reports/baseline.json)"
    )
    parser.add_argument(
        "--results", required=True, help="results.json written by python -m reports.build"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="write (or create) the baseline from the results, printing the changes it accepts",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.update:
        return update_baseline(
            arguments.baseline, arguments.results, out=sys.stdout, err=sys.stderr
        )
    return run_gate(arguments.baseline, arguments.results, out=sys.stdout, err=sys.stderr)
