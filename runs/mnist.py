"""The MNIST handwritten-digit data (LeCun, Cortes, Burges), read from its four IDX files.

The data directory is resolved by :func:`runs.data_dir.resolve_mnist_dir`
(``--mnist-dir DIR`` > ``$MNIST_DIR`` > per-user cache). It holds, each either
gzip-compressed (``NAME.gz``, preferred when both exist) or not (``NAME``)::

    train-images-idx3-ubyte   60000 images 28x28   magic 2051
    train-labels-idx1-ubyte   60000 labels          magic 2049
    t10k-images-idx3-ubyte    10000 images 28x28   magic 2051
    t10k-labels-idx1-ubyte    10000 labels          magic 2049

Every file is checked before use: IDX header (magic number, dimensions), exact
length, label values 0..9, equal image and label counts, and the SHA-256 of the
decompressed content against the canonical sums below. Structure is checked
before the hash so that a damaged file is described by what is wrong with it.

Reading is bounded by the header: a file must be a regular file (a FIFO or a
device named like an MNIST file is refused at once, without waiting on it); its
header is read first, a header claiming more than ``MAX_RECORDS`` records is
refused, and the rest is decompressed in chunks only up to the length the header
states, plus one byte to detect trailing data. Memory therefore stays near the
expected size of the file (at most 47 MB) whatever the stream holds: a small
gzip file that expands to gigabytes is refused after its first bytes too many.

:func:`load_mnist` returns Nielsen's split (the one the book's accuracy figures
use): training = the first 50,000 records of the training file, validation = the
last 10,000, test = the 10,000 t10k records; pixels scaled to [0, 1] by dividing
by 255.

Caching: the verified raw bytes (uint8, about 55 MB for the four files) are kept
in memory per file, keyed by path and file identity (device, inode, size,
modification time), so repeated calls in one process skip decompression and
hashing, and a replaced file is read afresh. Every call returns newly allocated,
writable arrays, so callers may modify what they get.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import os
import shlex
import stat
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from runs.data_dir import resolve_mnist_dir

IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049
IMAGE_ROWS = 28
IMAGE_COLUMNS = 28
PIXELS_PER_IMAGE = IMAGE_ROWS * IMAGE_COLUMNS
N_CLASSES = 10
MAX_PIXEL_VALUE = 255

# SHA-256 of the decompressed IDX files (the canonical MNIST content).
TRAIN_IMAGES_SHA256 = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
TRAIN_LABELS_SHA256 = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
TEST_IMAGES_SHA256 = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
TEST_LABELS_SHA256 = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"

GZIP_MAGIC = b"\x1f\x8b"
MAX_RECORDS = 60_000  # the training file, the largest of the four
READ_CHUNK = 1 << 20
_HEADER_BYTES = {IMAGE_MAGIC: 16, LABEL_MAGIC: 8}
_KIND = {IMAGE_MAGIC: "images", LABEL_MAGIC: "labels"}


class MnistError(Exception):
    """An MNIST file or directory is missing, unreadable or not what was expected."""


class MnistNotFoundError(MnistError):
    """The MNIST directory or one of its four files does not exist."""


class MnistChecksumError(MnistError):
    """A well-formed IDX file whose content is not the canonical MNIST content."""


@dataclasses.dataclass(frozen=True)
class IdxFile:
    """One of the four IDX files: its name without ``.gz``, magic number and content hash."""

    name: str
    magic: int
    sha256: str

    @property
    def kind(self) -> str:
        return _KIND[self.magic]


@dataclasses.dataclass(frozen=True)
class MnistLayout:
    """The four files and where the training file is cut into training and validation."""

    train_images: IdxFile
    train_labels: IdxFile
    test_images: IdxFile
    test_labels: IdxFile
    n_training: int

    @property
    def files(self) -> tuple[IdxFile, ...]:
        return (self.train_images, self.train_labels, self.test_images, self.test_labels)


MNIST = MnistLayout(
    train_images=IdxFile("train-images-idx3-ubyte", IMAGE_MAGIC, TRAIN_IMAGES_SHA256),
    train_labels=IdxFile("train-labels-idx1-ubyte", LABEL_MAGIC, TRAIN_LABELS_SHA256),
    test_images=IdxFile("t10k-images-idx3-ubyte", IMAGE_MAGIC, TEST_IMAGES_SHA256),
    test_labels=IdxFile("t10k-labels-idx1-ubyte", LABEL_MAGIC, TEST_LABELS_SHA256),
    n_training=50_000,
)


class Split(NamedTuple):
    """Images of shape (n, 784), scaled to [0, 1]; labels int64 of shape (n,), values 0..9;
    ``pixels``, when given, the images' grey levels k (uint8), of which ``images`` = k / 255."""

    images: np.ndarray
    labels: np.ndarray
    pixels: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class MnistSplits:
    """Nielsen's three splits: 50,000 training, 10,000 validation, 10,000 test records."""

    train: Split
    validation: Split
    test: Split


def download_command(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The shell command that fetches the four files into the resolved data directory."""
    directory = resolve_mnist_dir(data_dir)
    return f"python -m runs.download --mnist-dir {shlex.quote(str(directory))}"


def _candidate_paths(directory: Path, spec: IdxFile) -> tuple[Path, Path]:
    return directory / f"{spec.name}.gz", directory / spec.name


def mnist_available(data_dir: str | os.PathLike[str] | None = None) -> bool:
    """True when all four files are present (not verified); never raises for filesystem trouble."""
    directory = resolve_mnist_dir(data_dir)
    try:
        return all(
            any(path.is_file() for path in _candidate_paths(directory, spec))
            for spec in MNIST.files
        )
    except OSError:
        return False


def _describe_listing(names: list[str]) -> str:
    if not names:
        return "an empty directory"
    shown = ", ".join(sorted(names)[:8])
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    return f"only {shown}{more}"


def locate_mnist_files(directory: Path, layout: MnistLayout | None = None) -> dict[str, Path]:
    """Map each file name of ``layout`` to the path to read (``NAME.gz`` preferred over ``NAME``).

    Raises :class:`MnistNotFoundError` naming every missing file, and
    :class:`MnistError` when ``directory`` is not a readable directory.
    """
    layout = layout or MNIST
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        raise MnistNotFoundError(
            f"MNIST directory {directory}: expected a directory holding the four IDX files, "
            f"found nothing at that path; fetch the files with: {download_command(directory)}"
        ) from None
    except NotADirectoryError:
        raise MnistError(
            f"MNIST directory {directory}: expected a directory holding the four IDX files, "
            "found a file that is not a directory"
        ) from None
    except OSError as error:
        raise MnistError(
            f"MNIST directory {directory}: expected a readable directory, "
            f"found that it cannot be listed ({error.strerror or error})"
        ) from None
    present = set(names)
    located: dict[str, Path] = {}
    missing: list[str] = []
    for spec in layout.files:
        compressed, plain = _candidate_paths(directory, spec)
        if compressed.name in present:
            located[spec.name] = compressed
        elif plain.name in present:
            located[spec.name] = plain
        else:
            missing.append(f"{spec.name}.gz (or {spec.name})")
    if missing:
        raise MnistNotFoundError(
            f"MNIST directory {directory}: expected {', '.join(missing)}, "
            f"found {_describe_listing(names)}; fetch the files with: "
            f"{download_command(directory)}"
        )
    return located


def _open_regular_file(path: Path):
    """``path`` opened for binary reading if it is a regular file; MnistError otherwise.

    Opened non-blocking, so that a FIFO (whose open would wait for a writer) is examined and
    refused at once; the descriptor is made blocking again for reading a regular file.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise MnistError(
            f"{path}: expected a readable file, found that it cannot be read "
            f"({error.strerror or error})"
        ) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a directory"
            if stat.S_ISDIR(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise MnistError(f"{path}: expected a regular file, found {kind}")
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _read_exactly(stream, n: int) -> bytes:
    """Up to ``n`` bytes of ``stream``, fewer only at its end; read in bounded chunks."""
    parts, remaining = [], n
    while remaining > 0:
        part = stream.read(min(remaining, READ_CHUNK))
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _read_content(
    path: Path, spec: IdxFile, source: str | None = None, compressed: bool | None = None
) -> bytes:
    """The file's bytes, decompressed when ``compressed`` (default: the name ends in ``.gz``),
    read no further than the length its header states (plus one byte, to detect trailing data);
    ``source`` names it in messages (default: the path)."""
    source = str(path) if source is None else source
    compressed = path.suffix == ".gz" if compressed is None else compressed
    with _open_regular_file(path) as raw:
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        try:
            header = _read_exactly(stream, _HEADER_BYTES[spec.magic])
            layout = _header_layout(header, source, spec)
            if layout is None:  # too short for a header: _parse_idx says so
                return header
            expected_length = layout[-1]
            body = _read_exactly(stream, expected_length - len(header) + 1)
        except (OSError, EOFError, zlib.error) as error:
            if compressed:
                raise MnistError(
                    f"{source}: expected a complete gzip stream, found corrupt or truncated "
                    f"data ({error})"
                ) from None
            raise MnistError(
                f"{source}: expected a readable file, found that it cannot be read ({error})"
            ) from None
    content = header + body
    if len(content) > expected_length:
        header_bytes, count, record_bytes, _ = layout
        raise MnistError(
            f"{source}: expected {expected_length} bytes ({header_bytes}-byte header + {count} "
            f"{spec.kind} of {record_bytes} byte(s)), found at least {expected_length + 1} bytes "
            "(trailing bytes; reading stopped there)"
        )
    return content


def _header_layout(content: bytes, source: str, spec: IdxFile):
    """(header bytes, record count, bytes per record, expected total length) from the IDX
    header at the start of ``content``; None when ``content`` is shorter than the header.
    MnistError for a wrong magic number, image size or an implausible record count."""
    header_bytes = _HEADER_BYTES[spec.magic]
    # The magic number is judged as soon as its 4 bytes exist: a file of the wrong kind may be
    # shorter than the expected header, and "wrong kind" is then the more useful diagnosis.
    magic = int.from_bytes(content[:4], "big") if len(content) >= 4 else None
    if magic is not None and magic != spec.magic:
        hint = ""
        if content[:2] == GZIP_MAGIC:
            hint = " (the content is gzip-compressed: give the file a .gz suffix)"
        elif magic in _KIND:
            hint = f" (that is the magic number of an IDX {_KIND[magic]} file)"
        raise MnistError(
            f"{source}: expected IDX magic number {spec.magic} ({spec.kind}), found {magic}{hint}"
        )
    if len(content) < header_bytes:
        return None
    dims = [int.from_bytes(content[i : i + 4], "big") for i in range(4, header_bytes, 4)]
    count = dims[0]
    if spec.magic == IMAGE_MAGIC and dims[1:] != [IMAGE_ROWS, IMAGE_COLUMNS]:
        raise MnistError(
            f"{source}: expected images of {IMAGE_ROWS}x{IMAGE_COLUMNS} pixels, "
            f"found {dims[1]}x{dims[2]}"
        )
    if count > MAX_RECORDS:
        raise MnistError(
            f"{source}: expected at most {MAX_RECORDS} {spec.kind} (the largest MNIST file), "
            f"found a header claiming {count}"
        )
    record_bytes = PIXELS_PER_IMAGE if spec.magic == IMAGE_MAGIC else 1
    return header_bytes, count, record_bytes, header_bytes + count * record_bytes


def _parse_idx(content: bytes, source: str, spec: IdxFile) -> np.ndarray:
    """The records of a decompressed IDX file as read-only uint8: (n, 784) images or (n,) labels."""
    layout = _header_layout(content, source, spec)
    if layout is None:
        header_bytes = _HEADER_BYTES[spec.magic]
        raise MnistError(
            f"{source}: expected at least the {header_bytes}-byte header of an IDX {spec.kind} "
            f"file, found {len(content)} bytes (the file is truncated)"
        )
    header_bytes, count, record_bytes, expected_length = layout
    if len(content) != expected_length:
        state = "truncated" if len(content) < expected_length else "trailing bytes"
        raise MnistError(
            f"{source}: expected {expected_length} bytes ({header_bytes}-byte header + {count} "
            f"{spec.kind} of {record_bytes} byte(s)), found {len(content)} bytes ({state})"
        )
    records = np.frombuffer(content, dtype=np.uint8, offset=header_bytes)
    if spec.magic == IMAGE_MAGIC:
        return records.reshape(count, PIXELS_PER_IMAGE)
    out_of_range = np.flatnonzero(records >= N_CLASSES)
    if out_of_range.size:
        index = int(out_of_range[0])
        raise MnistError(
            f"{source}: expected label values 0..{N_CLASSES - 1}, found {int(records[index])} "
            f"at record {index} ({out_of_range.size} labels out of range)"
        )
    return records


def check_idx_content(content: bytes, source: str, spec: IdxFile) -> np.ndarray:
    """Parse decompressed IDX bytes and check their SHA-256; the records as read-only uint8.

    Structure is checked first, then the hash. ``source`` (a path or URL) names the
    data in error messages: :class:`MnistError` for structure,
    :class:`MnistChecksumError` for content.
    """
    records = _parse_idx(content, source, spec)
    found = hashlib.sha256(content).hexdigest()
    if found != spec.sha256:
        raise MnistChecksumError(
            f"{source}: expected SHA-256 {spec.sha256} of the decompressed {spec.name}, "
            f"found {found} (the data is damaged or is not the standard MNIST file)"
        )
    return records


def verify_idx_file(path: Path, spec: IdxFile) -> np.ndarray:
    """Read one IDX file (decompressing ``.gz``) and check it: see :func:`check_idx_content`."""
    path = Path(path)
    return check_idx_content(_read_content(path, spec), str(path), spec)


def verify_idx_download(path: Path, spec: IdxFile, source: str) -> np.ndarray:
    """Check a downloaded gzip file at ``path`` as :func:`verify_idx_file` checks one in the
    data directory -- decompressed no further than its header states, so a gzip bomb from a
    mirror is refused with the loader's memory bound -- naming it ``source`` (its URL)."""
    return check_idx_content(_read_content(Path(path), spec, source, compressed=True), source, spec)


@functools.lru_cache(maxsize=8)
def _verified_records_cached(path: Path, spec: IdxFile, _identity: tuple[int, ...]) -> np.ndarray:
    return verify_idx_file(path, spec)


def _verified_records(path: Path, spec: IdxFile) -> np.ndarray:
    try:
        status = os.stat(path)
    except OSError as error:
        raise MnistError(
            f"{path}: expected a readable file, found that it cannot be examined "
            f"({error.strerror or error})"
        ) from None
    identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    try:
        return _verified_records_cached(path, spec, identity)
    except MnistChecksumError as error:
        raise MnistChecksumError(
            f"{error}; fetch a fresh copy with: {download_command(path.parent)}"
        ) from None


def verify_mnist_files(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Path]:
    """Locate and verify the four files (structure, counts, SHA-256) without converting them;
    {name: path}. The raises of :func:`load_mnist`; the verified bytes stay cached for it."""
    layout = MNIST
    paths = locate_mnist_files(resolve_mnist_dir(data_dir), layout)
    records = {spec.name: _verified_records(paths[spec.name], spec) for spec in layout.files}
    for images, labels in (
        (layout.train_images, layout.train_labels),
        (layout.test_images, layout.test_labels),
    ):
        _check_counts(
            records[images.name], records[labels.name], paths[images.name], paths[labels.name]
        )
    return paths


def _check_counts(images: np.ndarray, labels: np.ndarray, images_path: Path, labels_path: Path):
    if images.shape[0] != labels.shape[0]:
        raise MnistError(
            f"{labels_path}: expected as many labels as {images_path.name} has images "
            f"({images.shape[0]}), found {labels.shape[0]}"
        )


def _make_split(pixels: np.ndarray, labels: np.ndarray, dtype: np.dtype) -> Split:
    images = pixels.astype(dtype, order="C")
    # Division (not multiplication by 1/255) gives the correctly rounded quotient.
    images /= MAX_PIXEL_VALUE
    return Split(images=images, labels=labels.astype(np.int64), pixels=pixels.copy())


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None, dtype: npt.DTypeLike = np.float64
) -> MnistSplits:
    """Nielsen's MNIST split, verified, with pixels scaled to [0, 1] in ``dtype``.

    ``data_dir`` None means ``$MNIST_DIR`` or the per-user cache directory.
    Raises :class:`MnistError` (or its subclasses) naming the file at fault.
    """
    resolved_dtype = np.dtype(dtype)
    if resolved_dtype.kind != "f":
        raise TypeError(f"dtype: expected a floating-point dtype, found {resolved_dtype}")
    layout = MNIST
    paths = locate_mnist_files(resolve_mnist_dir(data_dir), layout)
    records = {spec.name: _verified_records(paths[spec.name], spec) for spec in layout.files}
    train_images = records[layout.train_images.name]
    train_labels = records[layout.train_labels.name]
    test_images = records[layout.test_images.name]
    test_labels = records[layout.test_labels.name]
    _check_counts(
        train_images, train_labels, paths[layout.train_images.name], paths[layout.train_labels.name]
    )
    _check_counts(
        test_images, test_labels, paths[layout.test_images.name], paths[layout.test_labels.name]
    )
    cut = layout.n_training
    return MnistSplits(
        train=_make_split(train_images[:cut], train_labels[:cut], resolved_dtype),
        validation=_make_split(train_images[cut:], train_labels[cut:], resolved_dtype),
        test=_make_split(test_images, test_labels, resolved_dtype),
    )
