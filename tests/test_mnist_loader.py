"""The MNIST loader: Nielsen's split and scaling, and a clear error for each kind of bad input.

Most tests run on a tiny synthetic data set written as real IDX files (7 training
records cut 5 + 2, 3 test records). The fixture installs a layout whose reference
SHA-256 sums are those of the synthetic content, so every check the loader makes
(structure, then hash) runs for real; a test that damages a file leaves the sums
alone, so the damage has to be caught. One test loads the real files when
MNIST_DIR is set.
"""

import gzip
import hashlib
import os
import shlex
import struct
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from engine.training import one_hot
from runs import mnist
from runs.data_dir import add_mnist_dir_argument, default_mnist_dir, resolve_mnist_dir

REAL_LAYOUT = mnist.MNIST
N_TRAIN_FILE = 7
N_TRAINING = 5
N_TEST = 3
# Per-digit counts of the 60,000 training labels (train + validation), as documented for MNIST.
REAL_TRAIN_FILE_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def idx_images(pixels: np.ndarray) -> bytes:
    """IDX bytes of uint8 images of shape (n, rows, columns): magic 2051, three dims, pixels."""
    n, rows, columns = pixels.shape
    return struct.pack(">iiii", mnist.IMAGE_MAGIC, n, rows, columns) + pixels.tobytes()


def idx_labels(labels: np.ndarray) -> bytes:
    """IDX bytes of uint8 labels: magic 2049, one dim, labels."""
    return struct.pack(">ii", mnist.LABEL_MAGIC, labels.shape[0]) + labels.tobytes()


@dataclass
class SyntheticMnist:
    directory: Path
    train_pixels: np.ndarray
    train_labels: np.ndarray
    test_pixels: np.ndarray
    test_labels: np.ndarray
    monkeypatch: pytest.MonkeyPatch

    def path(self, spec: mnist.IdxFile, compressed: bool = True) -> Path:
        return self.directory / (f"{spec.name}.gz" if compressed else spec.name)

    def write(self, spec: mnist.IdxFile, content: bytes, compressed: bool = True) -> Path:
        """Replace ``spec``'s file (every form of it) by ``content``, reference sums untouched."""
        for old in (self.path(spec, True), self.path(spec, False)):
            old.unlink(missing_ok=True)
        path = self.path(spec, compressed)
        path.write_bytes(gzip.compress(content, mtime=0) if compressed else content)
        return path

    def write_as_reference(self, spec: mnist.IdxFile, content: bytes) -> None:
        """Write ``content`` and make its SHA-256 the reference sum, so only structure is judged."""
        self.write(spec, content)
        layout = mnist.MNIST
        field = next(
            name
            for name in ("train_images", "train_labels", "test_images", "test_labels")
            if getattr(layout, name) == spec
        )
        trusted = replace(spec, sha256=hashlib.sha256(content).hexdigest())
        self.monkeypatch.setattr(mnist, "MNIST", replace(layout, **{field: trusted}))


@pytest.fixture
def synthetic(tmp_path, monkeypatch) -> SyntheticMnist:
    rng = np.random.default_rng(20_240_611)
    train_pixels = rng.integers(0, 256, size=(N_TRAIN_FILE, 28, 28), dtype=np.uint8)
    # The extremes of the pixel range must map to exactly 0 and 1.
    train_pixels[0, 0, 0], train_pixels[0, 0, 1] = 0, 255
    test_pixels = rng.integers(0, 256, size=(N_TEST, 28, 28), dtype=np.uint8)
    train_labels = np.array([9, 0, 3, 3, 7, 1, 5], dtype=np.uint8)
    test_labels = np.array([2, 9, 0], dtype=np.uint8)
    contents = {
        "train_images": idx_images(train_pixels),
        "train_labels": idx_labels(train_labels),
        "test_images": idx_images(test_pixels),
        "test_labels": idx_labels(test_labels),
    }
    layout = replace(
        REAL_LAYOUT,
        n_training=N_TRAINING,
        **{
            field: replace(getattr(REAL_LAYOUT, field), sha256=hashlib.sha256(data).hexdigest())
            for field, data in contents.items()
        },
    )
    monkeypatch.setattr(mnist, "MNIST", layout)
    data = SyntheticMnist(
        tmp_path, train_pixels, train_labels, test_pixels, test_labels, monkeypatch
    )
    for field, content in contents.items():
        data.write(getattr(layout, field), content)
    return data


def scaled(pixels: np.ndarray, dtype) -> np.ndarray:
    return pixels.reshape(pixels.shape[0], -1).astype(dtype) / np.asarray(255, dtype=dtype)


# --- Nielsen's split and the scaling -------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_split_cuts_training_file_and_scales_pixels_by_255(synthetic, dtype):
    splits = mnist.load_mnist(synthetic.directory, dtype=dtype)
    expected = {
        "train": (synthetic.train_pixels[:N_TRAINING], synthetic.train_labels[:N_TRAINING]),
        "validation": (synthetic.train_pixels[N_TRAINING:], synthetic.train_labels[N_TRAINING:]),
        "test": (synthetic.test_pixels, synthetic.test_labels),
    }
    for name, (pixels, labels) in expected.items():
        split = getattr(splits, name)
        assert split.images.shape == (pixels.shape[0], 784)
        assert split.images.dtype == dtype
        assert split.images.flags.c_contiguous
        # Division by 255 is correctly rounded in both dtypes, so equality is exact.
        np.testing.assert_array_equal(split.images, scaled(pixels, dtype))
        assert split.labels.dtype == np.int64
        np.testing.assert_array_equal(split.labels, labels)
    assert splits.train.images.min() == 0.0 and splits.train.images.max() == 1.0


def test_non_floating_dtype_is_rejected(synthetic):
    with pytest.raises(TypeError, match="expected a floating-point dtype, found uint8"):
        mnist.load_mnist(synthetic.directory, dtype=np.uint8)


def test_each_load_returns_fresh_writable_arrays(synthetic):
    first = mnist.load_mnist(synthetic.directory)
    assert first.train.images.flags.writeable and first.train.labels.flags.writeable
    first.train.images[:] = -1.0
    first.test.labels[:] = -1
    second = mnist.load_mnist(synthetic.directory)
    np.testing.assert_array_equal(
        second.train.images, scaled(synthetic.train_pixels[:N_TRAINING], np.float64)
    )
    np.testing.assert_array_equal(second.test.labels, synthetic.test_labels)


def test_uncompressed_files_load_like_gzip_files(synthetic):
    from_gzip = mnist.load_mnist(synthetic.directory)
    for spec in mnist.MNIST.files:
        content = gzip.decompress(synthetic.path(spec).read_bytes())
        synthetic.write(spec, content, compressed=False)
    from_plain = mnist.load_mnist(synthetic.directory)
    for name in ("train", "validation", "test"):
        np.testing.assert_array_equal(
            getattr(from_plain, name).images, getattr(from_gzip, name).images
        )
        np.testing.assert_array_equal(
            getattr(from_plain, name).labels, getattr(from_gzip, name).labels
        )


def test_gzip_file_is_read_when_both_forms_exist(synthetic):
    spec = mnist.MNIST.train_labels
    synthetic.path(spec, compressed=False).write_bytes(b"not an IDX file")
    splits = mnist.load_mnist(synthetic.directory)
    np.testing.assert_array_equal(splits.train.labels, synthetic.train_labels[:N_TRAINING])


def test_file_replaced_after_a_load_is_checked_again(synthetic):
    mnist.load_mnist(synthetic.directory)
    spec = mnist.MNIST.test_labels
    damaged = idx_labels(np.array([2, 9, 1], dtype=np.uint8))
    synthetic.write(spec, damaged)
    with pytest.raises(mnist.MnistChecksumError):
        mnist.load_mnist(synthetic.directory)


def test_one_hot_encodes_digits_as_rows_of_the_identity():
    labels = np.array([0, 9, 4, 4])
    encoded = one_hot(labels, mnist.N_CLASSES)
    np.testing.assert_array_equal(encoded, np.eye(10)[labels])


# --- Missing or unreadable data ------------------------------------------------------------


def test_missing_directory_names_it_and_the_download_command(tmp_path):
    absent = tmp_path / "no-such-dir"
    with pytest.raises(mnist.MnistNotFoundError) as caught:
        mnist.load_mnist(absent)
    message = str(caught.value)
    assert str(absent) in message and "found nothing at that path" in message
    assert mnist.download_command(absent) in message


def test_missing_file_is_named_with_what_was_found(synthetic):
    synthetic.path(mnist.MNIST.test_images).unlink()
    with pytest.raises(mnist.MnistNotFoundError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert "expected t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte)" in message
    assert "found only t10k-labels-idx1-ubyte.gz, train-images-idx3-ubyte.gz" in message
    assert "python -m runs.download --mnist-dir" in message


def test_path_that_is_a_file_is_rejected_as_not_a_directory(tmp_path):
    not_a_directory = tmp_path / "mnist.tar"
    not_a_directory.write_bytes(b"\0" * 64)
    with pytest.raises(mnist.MnistError, match="found a file that is not a directory") as caught:
        mnist.load_mnist(not_a_directory)
    assert str(not_a_directory) in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads directories whatever their mode")
def test_directory_without_read_permission_is_reported(synthetic):
    synthetic.directory.chmod(0)
    try:
        with pytest.raises(mnist.MnistError, match="cannot be listed"):
            mnist.load_mnist(synthetic.directory)
    finally:
        synthetic.directory.chmod(0o755)


def test_listing_refused_by_the_system_is_reported(synthetic, monkeypatch):
    # Runs under root too, where a real chmod cannot provoke the refusal.
    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(mnist.os, "listdir", refuse)
    with pytest.raises(mnist.MnistError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert str(synthetic.directory) in message
    assert (
        "expected a readable directory, found that it cannot be listed (Permission denied)"
        in message
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission_is_reported(synthetic):
    path = synthetic.path(mnist.MNIST.train_images)
    path.chmod(0)
    with pytest.raises(mnist.MnistError, match="cannot be read") as caught:
        mnist.load_mnist(synthetic.directory)
    assert str(path) in str(caught.value)


def test_availability_check_sees_presence_only(synthetic, tmp_path):
    assert mnist.mnist_available(synthetic.directory)
    synthetic.path(mnist.MNIST.train_labels).unlink()
    assert not mnist.mnist_available(synthetic.directory)
    assert not mnist.mnist_available(tmp_path / "no-such-dir")


def test_download_command_names_the_resolved_directory_shell_quoted(tmp_path):
    directory = tmp_path / "data with space"
    command = mnist.download_command(directory)
    assert shlex.split(command) == ["python", "-m", "runs.download", "--mnist-dir", str(directory)]


# --- Malformed files ------------------------------------------------------------------------


def test_wrong_magic_number_names_expected_and_found(synthetic):
    spec = mnist.MNIST.train_images
    path = synthetic.write(spec, idx_labels(synthetic.train_labels))
    with pytest.raises(mnist.MnistError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert str(path) in message
    assert "expected IDX magic number 2051 (images), found 2049" in message


def test_uncompressed_content_under_gz_name_is_reported_as_not_gzip(synthetic):
    spec = mnist.MNIST.test_labels
    path = synthetic.path(spec)
    path.write_bytes(idx_labels(synthetic.test_labels))
    with pytest.raises(mnist.MnistError, match="expected a complete gzip stream") as caught:
        mnist.load_mnist(synthetic.directory)
    assert str(path) in str(caught.value)


def test_gzip_content_under_plain_name_is_reported_with_a_hint(synthetic):
    spec = mnist.MNIST.test_labels
    compressed = synthetic.path(spec).read_bytes()
    path = synthetic.write(spec, compressed, compressed=False)
    with pytest.raises(mnist.MnistError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert str(path) in message and "expected IDX magic number 2049 (labels)" in message
    assert "the content is gzip-compressed" in message


def test_truncated_gzip_stream_is_reported(synthetic):
    path = synthetic.path(mnist.MNIST.train_images)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(mnist.MnistError, match="found corrupt or truncated data") as caught:
        mnist.load_mnist(synthetic.directory)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("kept_bytes", "expected_text"),
    [
        (10, "expected at least the 16-byte header of an IDX images file, found 10 bytes"),
        (
            16 + 784 * 3 + 5,
            "expected 5504 bytes (16-byte header + 7 images of 784 byte(s)), "
            "found 2373 bytes (truncated)",
        ),
    ],
)
def test_truncated_idx_content_reports_expected_and_found_length(
    synthetic, kept_bytes, expected_text
):
    content = idx_images(synthetic.train_pixels)[:kept_bytes]
    synthetic.write(mnist.MNIST.train_images, content)
    with pytest.raises(mnist.MnistError) as caught:
        mnist.load_mnist(synthetic.directory)
    assert expected_text in str(caught.value)


def test_trailing_bytes_are_reported(synthetic):
    content = idx_labels(synthetic.test_labels) + b"\x00"
    synthetic.write(mnist.MNIST.test_labels, content, compressed=False)
    with pytest.raises(
        mnist.MnistError,
        match=r"expected 11 bytes .* found at least "
        r"12 bytes \(trailing bytes",
    ):
        mnist.load_mnist(synthetic.directory)


def test_images_of_the_wrong_size_are_reported(synthetic):
    pixels = np.zeros((N_TEST, 28, 27), dtype=np.uint8)
    synthetic.write(mnist.MNIST.test_images, idx_images(pixels))
    with pytest.raises(mnist.MnistError, match="expected images of 28x28 pixels, found 28x27"):
        mnist.load_mnist(synthetic.directory)


def test_label_outside_zero_to_nine_is_reported(synthetic):
    labels = synthetic.train_labels.copy()
    labels[4] = 10
    synthetic.write(mnist.MNIST.train_labels, idx_labels(labels))
    with pytest.raises(mnist.MnistError, match="expected label values 0..9, found 10 at record 4"):
        mnist.load_mnist(synthetic.directory)


def test_label_count_must_equal_image_count(synthetic):
    # Both files are well formed and match their reference sums; only the counts disagree.
    spec = mnist.MNIST.test_labels
    synthetic.write_as_reference(spec, idx_labels(synthetic.test_labels[:2]))
    with pytest.raises(mnist.MnistError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert "expected as many labels as t10k-images-idx3-ubyte.gz has images (3), found 2" in message
    assert str(synthetic.path(spec)) in message


def test_well_formed_file_with_other_content_fails_the_checksum(synthetic):
    spec = mnist.MNIST.train_images
    pixels = synthetic.train_pixels.copy()
    pixels[6, 27, 27] ^= 1
    content = idx_images(pixels)
    path = synthetic.write(spec, content)
    with pytest.raises(mnist.MnistChecksumError) as caught:
        mnist.load_mnist(synthetic.directory)
    message = str(caught.value)
    assert str(path) in message
    assert f"expected SHA-256 {spec.sha256}" in message
    assert f"found {hashlib.sha256(content).hexdigest()}" in message
    assert mnist.download_command(synthetic.directory) in message


def test_reference_sums_are_those_of_real_mnist_not_of_lookalikes(synthetic):
    path = synthetic.path(mnist.MNIST.train_labels)
    with pytest.raises(mnist.MnistChecksumError, match=REAL_LAYOUT.train_labels.sha256):
        mnist.verify_idx_file(path, REAL_LAYOUT.train_labels)


# --- Where the data directory is -----------------------------------------------------------


def test_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "from-env"))
    assert resolve_mnist_dir(tmp_path / "from-option") == tmp_path / "from-option"
    assert resolve_mnist_dir(None) == tmp_path / "from-env"
    monkeypatch.setenv("MNIST_DIR", "")
    assert resolve_mnist_dir(None) == default_mnist_dir()


@pytest.mark.skipif(os.name == "nt", reason="XDG applies to POSIX systems")
def test_default_is_under_xdg_cache_home_when_absolute(monkeypatch, tmp_path):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert resolve_mnist_dir() == tmp_path / "xdg" / "nnclaims" / "mnist"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert resolve_mnist_dir() == tmp_path / "home" / ".cache" / "nnclaims" / "mnist"


def test_relative_and_home_relative_paths_become_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_mnist_dir("data") == tmp_path / "data"
    assert resolve_mnist_dir("~/mnist") == tmp_path / "home" / "mnist"


def test_empty_option_is_rejected():
    with pytest.raises(ValueError, match="--mnist-dir: expected a directory path, found an empty"):
        resolve_mnist_dir("")


def test_shared_argument_parses_mnist_dir_option():
    import argparse

    parser = argparse.ArgumentParser()
    add_mnist_dir_argument(parser)
    assert parser.parse_args([]).mnist_dir is None
    assert parser.parse_args(["--mnist-dir", "/data/mnist"]).mnist_dir == "/data/mnist"
    assert "MNIST_DIR" in parser.format_help()


# --- The real files -------------------------------------------------------------------------


@pytest.mark.mnist
def test_real_mnist_has_nielsens_split_sizes_scaling_and_label_counts(real_mnist_dir):
    splits = mnist.load_mnist(real_mnist_dir)
    assert splits.train.images.shape == (50_000, 784)
    assert splits.validation.images.shape == (10_000, 784)
    assert splits.test.images.shape == (10_000, 784)
    for split in (splits.train, splits.validation, splits.test):
        assert split.images.dtype == np.float64 and split.labels.dtype == np.int64
        assert split.images.min() == 0.0 and split.images.max() == 1.0
    train_file_labels = np.concatenate([splits.train.labels, splits.validation.labels])
    assert np.bincount(train_file_labels, minlength=10).tolist() == REAL_TRAIN_FILE_LABEL_COUNTS
    assert np.bincount(splits.test.labels, minlength=10).sum() == 10_000
