"""``python -m reports.conformance --engine SPEC --out DIR [--network2-path P]``: run the
chapter's claims against an engine and write ``DIR/conformance.json`` and ``DIR/index.html``
(with ``index.en.html`` and ``index.zh.html``), in one directory swap.

Exit status: 0 when written (deviations do not change it; ``--fail-on-deviation`` makes any
deviation exit 1), 2 for a usage error or an engine that cannot be loaded (one line)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from claims.conformance.runner import TIME_LIMIT
from claims.engines import ENGINE_NAMES, NETWORK2_ENV, EngineSpecError, load_engine
from reports.conformance.page import conformance_pages
from reports.conformance.record import conformance_record, record_to_json
from reports.report_directory import (
    ReportDirectoryError,
    ReportLockTimeout,
    replace_report_directory,
)


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, found {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(
            f"expected a positive finite number of seconds, found {text}"
        )
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m reports.conformance",
        description="Run the chapter's claims against an engine and write the conformance "
        "report (conformance.json and index.html).",
    )
    parser.add_argument(
        "--engine",
        default="nnclaims",
        metavar="SPEC",
        help=f"{', '.join(ENGINE_NAMES)} or MODULE:ATTRIBUTE (default nnclaims)",
    )
    parser.add_argument("--out", type=Path, default=Path("conformance"), metavar="DIR")
    parser.add_argument(
        "--network2-path",
        default=None,
        metavar="PATH",
        help=f"Nielsen's network2.py for --engine network2 (default ${NETWORK2_ENV})",
    )
    parser.add_argument(
        "--time-limit",
        type=seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"time allowed to each witness (default {TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--fail-on-deviation", action="store_true", help="exit 1 when any claim deviates"
    )
    return parser.parse_args(argv)


def write_conformance(record: dict, out: Path) -> Path:
    """Write the record and its pages into ``out`` (one swap); the path of index.html."""
    files = {"conformance.json": record_to_json(record), **conformance_pages(record)}
    return replace_report_directory(out, files)["index.html"]


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.out.exists() and not args.out.is_dir():
        print(f"--out: expected a directory, found a file: {args.out}", file=sys.stderr)
        return 2
    try:
        engine = load_engine(args.engine, args.network2_path)
    except EngineSpecError as error:
        print(str(error), file=sys.stderr)
        return 2
    started = time.perf_counter()
    record = conformance_record(engine, args.time_limit)
    try:
        index = write_conformance(record, args.out)
    except (ReportDirectoryError, ReportLockTimeout) as error:
        print(f"--out {args.out}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"--out {args.out}: cannot write the report: {error.strerror or error}", file=sys.stderr
        )
        return 2
    counts = record["counts"]
    print(
        f"{record['engine']['name']}: {counts['conforms']} claims conform, {counts['deviates']} "
        f"deviate, {counts['not applicable']} not applicable "
        f"({time.perf_counter() - started:.1f} s); wrote {index}"
    )
    return 1 if args.fail_on_deviation and counts["deviates"] else 0
