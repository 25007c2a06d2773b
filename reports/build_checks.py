"""The pre-flight checks of ``python -m reports.build``: everything that can make the build fail
for a reason the user can fix is checked before any long work, each failure a
:class:`~reports.build_options.BuildError` with exit status 2 naming the input at fault."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from reports import gate
from reports.build_options import EXIT_USAGE, BuildError
from reports.output import OutputLocationError, check_cache_location, check_report_location
from reports.output import check_writable_directory as check_directory
from reports.report_writer import REPORT_FILE_NAMES
from runs.mnist import MnistError, MnistNotFoundError, verify_mnist_files

# module name -> the distribution that provides it; checked by find_spec, so a missing one is
# named with the install hint instead of failing at the first import
REPORT_PACKAGES = {"latex2mathml": "latex2mathml", "jinja2": "jinja2"}


def check_writable_directory(path: Path, option: str) -> Path:
    """Create ``path`` if needed and prove it writable; BuildError (exit 2) naming it otherwise."""
    try:
        return check_directory(path, option)
    except OutputLocationError as error:
        raise BuildError(str(error), EXIT_USAGE) from None


def check_output_locations(out: str, cache_dir: str | None) -> Path:
    """Every place the build writes, proven writable before any work: the report directory
    (replaceable whole: its parent writable too) and the result cache however it is named
    (``--cache-dir``, ``$NNCLAIMS_CACHE_DIR`` or the default); BuildError (exit 2) otherwise."""
    try:
        out_dir = check_report_location(Path(out), REPORT_FILE_NAMES, "--out")
        check_cache_location(cache_dir)
    except OutputLocationError as error:
        raise BuildError(str(error), EXIT_USAGE) from None
    return out_dir


def check_baseline(path: str) -> Path:
    """The baseline must be one the gate can read (reports.gate.load_baseline) before the long
    work starts; its message names the file and, for a malformed one, the line or key."""
    try:
        gate.load_baseline(path)
    except gate.GateInputError as error:
        raise BuildError(f"--check {path}: {error}", EXIT_USAGE) from None
    return Path(path)


def check_report_packages() -> None:
    """The packages that render the page must be importable before any long work."""
    missing = [
        package
        for module, package in REPORT_PACKAGES.items()
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        raise BuildError(
            f"the report needs {', '.join(missing)}, which is not installed; install it with: "
            "pip install 'nnclaims[report]'",
            EXIT_USAGE,
        )


def check_mnist_present(mnist_dir: Path) -> None:
    """For --require-mnist: the four MNIST files must be in ``mnist_dir`` and intact (verified
    now, before the long work; the verified bytes stay cached for the MNIST phase)."""
    try:
        verify_mnist_files(mnist_dir)
    except MnistNotFoundError as error:
        raise BuildError(
            f"--require-mnist: the MNIST files are not available in {mnist_dir}: {error}",
            EXIT_USAGE,
        ) from None
    except MnistError as error:
        raise BuildError(
            f"--require-mnist: the MNIST data in {mnist_dir} is damaged: {error}", EXIT_USAGE
        ) from None
