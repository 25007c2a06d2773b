"""Command line: ``python -m runs.download [--mnist-dir DIR] [--mirror URL ...]``.

Fetches the four MNIST files into the data directory (see ``runs.mnist_download``)
and prints that directory on standard output; progress goes to standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from runs.data_dir import add_mnist_dir_argument
from runs.mnist import MnistError
from runs.mnist_download import MNIST_MIRRORS, download_mnist

EXIT_OK = 0
EXIT_DOWNLOAD_FAILED = 1
EXIT_USAGE = 2

EPILOG = f"""\
default mirrors, tried in order:
{chr(10).join("  " + mirror for mirror in MNIST_MIRRORS)}

exit status:
  {EXIT_OK}  all four files are present and verified
  {EXIT_DOWNLOAD_FAILED}  a file could not be downloaded or verified from any mirror,
     or the data directory cannot be created or written
  {EXIT_USAGE}  usage error (unknown option, malformed mirror URL, empty --mnist-dir)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m runs.download",
        description=(
            "Download the four MNIST IDX files (train/t10k images and labels, gzip) into the "
            "data directory, verifying the SHA-256 of each file's decompressed content. "
            "Files already present and intact are kept."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_mnist_dir_argument(parser)
    parser.add_argument(
        "--mirror",
        metavar="URL",
        action="append",
        dest="mirrors",
        help=(
            "base URL of a mirror holding the four .gz files; repeat to try several in "
            "order (replaces the default mirrors)"
        ),
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="when a file cannot be fetched, also print each mirror's error as it was raised",
    )
    return parser


def _check_mirror(parser: argparse.ArgumentParser, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        parser.error(f"--mirror: expected an http:// or https:// URL, found {url!r}")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (argparse exits with 2 on usage errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    mirrors = args.mirrors or list(MNIST_MIRRORS)
    for url in mirrors:
        _check_mirror(parser, url)
    if args.mnist_dir == "":
        parser.error("--mnist-dir: expected a directory path, found an empty string")
    try:
        directory = download_mnist(args.mnist_dir, mirrors, log=_log)
    except MnistError as error:
        print(f"error: {error}", file=sys.stderr)
        for detail in getattr(error, "details", ()) if args.verbose else ():
            print(f"  {detail}", file=sys.stderr)
        return EXIT_DOWNLOAD_FAILED
    print(directory)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
