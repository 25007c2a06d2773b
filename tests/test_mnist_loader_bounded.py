"""The loader reads the IDX header first and never more than it states: a small gzip file that
expands far beyond its header's length is refused with bounded memory, a header claiming more
records than MNIST has is refused before reading on, and anything that is not a regular file
(a FIFO named like an MNIST file) is refused at once instead of blocking."""

import gzip
import os
import struct
import threading
import tracemalloc
import zlib

import pytest
from test_mnist_loader import synthetic  # noqa: F401  (fixture)

from runs import mnist

BOMB_BYTES = 256 * 1024 * 1024  # what the bomb below expands to


def gzip_bomb(path, header: bytes, expanded: int) -> int:
    """Write header + ``expanded`` zero bytes gzip-compressed (about 1/1000 of the size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk = bytes(1 << 20)
    with open(path, "wb") as handle:
        handle.write(compressor.compress(header))
        for _ in range(expanded // len(chunk)):
            handle.write(compressor.compress(chunk))
        handle.write(compressor.flush())
    return path.stat().st_size


def test_gzip_bomb_is_refused_with_bounded_memory(synthetic):  # noqa: F811
    spec = mnist.MNIST.test_images
    header = struct.pack(">iiii", mnist.IMAGE_MAGIC, 3, 28, 28)  # 3 images: 2,368 bytes
    for old in (synthetic.path(spec, True), synthetic.path(spec, False)):
        old.unlink(missing_ok=True)
    size = gzip_bomb(synthetic.path(spec), header, BOMB_BYTES)
    assert size < BOMB_BYTES / 500
    tracemalloc.start()
    try:
        with pytest.raises(mnist.MnistError, match="trailing bytes; reading stopped there"):
            mnist.load_mnist(synthetic.directory)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Reading stops one byte past the 2,368 the header states; what remains is the reading
    # chunk and the gzip reader's own buffers, a few MB. Reading the whole stream would take
    # the full 256 MB.
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB"


def test_header_claiming_more_records_than_mnist_has_is_refused(synthetic):  # noqa: F811
    spec = mnist.MNIST.train_labels
    synthetic.write(spec, struct.pack(">ii", mnist.LABEL_MAGIC, 2**31 - 1) + bytes(10))
    with pytest.raises(
        mnist.MnistError, match="expected at most 60000 labels .* claiming 2147483647"
    ):
        mnist.load_mnist(synthetic.directory)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("compressed", [True, False])
def test_fifo_named_like_an_mnist_file_is_refused_without_blocking(synthetic, compressed):  # noqa: F811
    spec = mnist.MNIST.test_labels
    for old in (synthetic.path(spec, True), synthetic.path(spec, False)):
        old.unlink(missing_ok=True)
    os.mkfifo(synthetic.path(spec, compressed))
    outcome = {}

    def load():
        try:
            mnist.load_mnist(synthetic.directory)
        except mnist.MnistError as error:
            outcome["error"] = str(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(timeout=20)  # the refusal takes milliseconds; a blocked open never returns
    if thread.is_alive():  # unblock the reader so the test process can end
        with open(synthetic.path(spec, compressed), "wb"):
            pass
        pytest.fail("the loader blocked on a FIFO")
    assert "expected a regular file, found a named pipe (FIFO)" in outcome["error"]
    assert str(synthetic.path(spec, compressed)) in outcome["error"]


def test_exact_length_gzip_file_still_loads(synthetic):  # noqa: F811
    splits = mnist.load_mnist(synthetic.directory)
    assert splits.test.images.shape == (3, 784)
    assert gzip.decompress(synthetic.path(mnist.MNIST.test_labels).read_bytes())[:4] == struct.pack(
        ">i", mnist.LABEL_MAGIC
    )
