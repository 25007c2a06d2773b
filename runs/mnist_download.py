"""Fetch the four MNIST files from public mirrors into the data directory, verified.

Each file is fetched as ``NAME.gz`` from the first mirror that serves it intact.
Verification is of the decompressed content (``runs.mnist.verify_idx_download``:
IDX structure, then SHA-256), not of the ``.gz`` bytes, because mirrors compress
the same content differently; it decompresses with the loader's bound (never past
the length the IDX header states), so a gzip bomb from a mirror is refused with
memory near the file's expected size. A download goes to a hidden temporary file in the
data directory, is verified, and only then renamed into place with
``os.replace``; on any failure the temporary file is deleted, so the directory
never holds a partial or unverified file. A file already present that verifies
is not fetched again.

HTTP is done by ``pooch`` (optional dependency, ``pip install 'nnclaims[download]'``),
whose progress bar needs ``tqdm``.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import urllib.error
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from runs import mnist
from runs.data_dir import resolve_mnist_dir
from runs.directories import missing_directories, remove_if_empty

# Base URLs of public mirrors holding train-images-idx3-ubyte.gz and the other three.
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
DOWNLOAD_TIMEOUT_SECONDS = 60
DOWNLOAD_CHUNK_BYTES = 1 << 16
# mkstemp creates 0600 files; a finished data file is readable by all, like one unpacked by hand.
FINISHED_FILE_MODE = 0o644
INSTALL_HINT = "pip install 'nnclaims[download]'"

Log = Callable[[str], None]


class MnistDownloadError(mnist.MnistError):
    """No mirror delivered an intact copy of a file, or the data directory cannot be written.
    ``details``: each mirror's failure as it was raised, for a verbose listing."""

    def __init__(self, message: str, details: Sequence[str] = ()):
        super().__init__(message)
        self.details = tuple(details)


class MnistUnreachableError(MnistDownloadError):
    """No mirror could be reached at all: the network (or its name service) is down, not the
    data. Its message is one short line; the raw errors are in ``details``."""


def network_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the mirror could not be reached (no route, refused connection,
    failed name lookup, timeout), as opposed to an answer that was wrong (HTTP status, damaged
    content) or a local failure."""
    unreachable: tuple[type[BaseException], ...] = (
        ConnectionError,
        TimeoutError,
        socket.gaierror,
        socket.timeout,
        urllib.error.URLError,
    )
    try:
        import requests

        unreachable += (requests.exceptions.ConnectionError, requests.exceptions.Timeout)
    except ImportError:
        pass
    return isinstance(error, unreachable)


def mirror_url(mirror: str, spec: mnist.IdxFile) -> str:
    """The URL of ``spec``'s gzip file under the mirror base URL ``mirror``."""
    return f"{mirror.rstrip('/')}/{spec.name}.gz"


def progressbar_wanted() -> bool:
    """Show a progress bar only on an interactive terminal, outside CI, with tqdm installed."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        return False
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def _quiet(_message: str) -> None:
    pass


def _make_downloader(progressbar: bool, timeout: float):
    try:
        import pooch
    except ImportError:
        raise MnistDownloadError(
            "downloading MNIST needs the optional dependency pooch; "
            f"install it with: {INSTALL_HINT}"
        ) from None
    return pooch.HTTPDownloader(
        progressbar=progressbar, chunk_size=DOWNLOAD_CHUNK_BYTES, timeout=timeout
    )


def _present_and_verified(directory: Path, spec: mnist.IdxFile, log: Log) -> bool:
    """Whether the file the loader would read (``NAME.gz``, else ``NAME``) is intact."""
    for path in (directory / f"{spec.name}.gz", directory / spec.name):
        if path.exists():
            try:
                mnist.verify_idx_file(path, spec)
            except mnist.MnistError as error:
                log(f"{path.name}: present but not intact, fetching again ({error})")
                return False
            log(f"{path.name}: already present and verified")
            return True
    return False


def _fetch_from_mirror(url: str, target: Path, spec: mnist.IdxFile, downloader) -> None:
    """Download ``url`` to a temporary file beside ``target``, verify it, rename it into place."""
    handle, temporary_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        downloader(url, temporary_name, None)
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        # decompressed with the loader's bound: never past the length the IDX header states
        mnist.verify_idx_download(temporary, spec, url)
        os.chmod(temporary, FINISHED_FILE_MODE)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _fetch(directory: Path, spec: mnist.IdxFile, mirrors: Sequence[str], downloader, log: Log):
    target = directory / f"{spec.name}.gz"
    failures: list[str] = []  # each mirror's failure in a line a reader can take in
    details: list[str] = []  # and as it was raised, for a verbose listing
    unreachable: list[str] = []  # the hosts that could not be reached
    for mirror in mirrors:
        url = mirror_url(mirror, spec)
        log(f"{target.name}: fetching {url}")
        try:
            _fetch_from_mirror(url, target, spec, downloader)
        except mnist.MnistError as error:
            failure = detail = str(error)
        except Exception as error:  # network, HTTP status and local I/O errors alike
            failure = detail = f"{url}: {type(error).__name__}: {error}"
            if network_unreachable(error):
                unreachable.append(urlsplit(url).netloc)
                failure = f"{url}: cannot be reached"
        else:
            log(f"{target.name}: verified (SHA-256 of content {spec.sha256}), saved to {target}")
            return
        failures.append(failure)
        details.append(detail)
        log(f"{target.name}: failed: {failure}")
    if len(unreachable) == len(mirrors):
        raise MnistUnreachableError(
            f"the network is unreachable: no answer from {', '.join(unreachable)}", details
        )
    raise MnistDownloadError(
        f"{target.name}: expected an intact copy from one of {len(mirrors)} mirror(s), "
        "found none:\n" + "\n".join(f"  {failure}" for failure in failures),
        details,
    )


def download_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    mirrors: Sequence[str] = MNIST_MIRRORS,
    *,
    progressbar: bool | None = None,
    timeout: float = DOWNLOAD_TIMEOUT_SECONDS,
    log: Log | None = None,
) -> Path:
    """Make the data directory hold all four verified files; return the directory.

    Mirrors are tried in order for each missing or damaged file. ``progressbar``
    None means :func:`progressbar_wanted`. ``log`` receives one line per step.
    Raises :class:`MnistDownloadError` listing every mirror's failure when no
    mirror delivers a file intact (:class:`MnistUnreachableError`, one line, when
    no mirror could be reached at all). A directory this call created and left
    empty is removed again.
    """
    if not mirrors:
        raise ValueError("mirrors: expected at least one mirror URL, found none")
    log = log or _quiet
    directory = resolve_mnist_dir(data_dir)
    created = missing_directories(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MnistDownloadError(
            f"{directory}: expected a writable data directory, found that it cannot be "
            f"created ({error.strerror or error})"
        ) from None
    try:
        missing = [
            spec for spec in mnist.MNIST.files if not _present_and_verified(directory, spec, log)
        ]
        if missing:
            wanted = progressbar_wanted() if progressbar is None else progressbar
            downloader = _make_downloader(wanted, timeout)
            for spec in missing:
                _fetch(directory, spec, mirrors, downloader, log)
    except BaseException:
        remove_if_empty(created)
        raise
    return directory
