"""Probes of the MNIST download as a user meets it: a mirror that serves a gzip bomb (a small
file that expands to hundreds of MB) is refused with the loader's bound -- decompression stops
one byte past the length the IDX header states -- so memory stays near the file's expected
size, nothing is left in the data directory, and the build says so in one line and goes on."""

import http.server
import struct
import threading
import tracemalloc
from functools import partial

import pytest
from report_fixtures import stub_phases
from test_build_cli import run_main
from test_mnist_loader_bounded import gzip_bomb

import reports.build as build
from runs import mnist
from runs.mnist_download import MnistDownloadError, download_mnist

BOMB_BYTES = 256 * 1024 * 1024  # what the served file expands to
FIRST_FILE = mnist.MNIST.files[0]  # the first one a download fetches


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def bomb_mirror(tmp_path, monkeypatch):
    """The URL of a mirror on 127.0.0.1 whose first MNIST file is a gzip bomb: a header
    stating 3 images (2,368 bytes) followed by 256 MB of zeros."""
    for variable in ("NO_PROXY", "no_proxy"):  # a configured proxy must not intercept it
        monkeypatch.setenv(variable, "127.0.0.1,localhost")
    root = tmp_path / "mirror"
    root.mkdir()
    header = struct.pack(">iiii", mnist.IMAGE_MAGIC, 3, 28, 28)
    size = gzip_bomb(root / f"{FIRST_FILE.name}.gz", header, BOMB_BYTES)
    assert size < BOMB_BYTES / 500  # a small download
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_gzip_bomb_from_a_mirror_is_refused_with_bounded_memory(bomb_mirror, tmp_path):
    data_dir = tmp_path / "mnist"
    tracemalloc.start()
    try:
        with pytest.raises(MnistDownloadError) as refused:
            download_mnist(data_dir, [bomb_mirror], progressbar=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "expected 2368 bytes" in str(refused.value)
    assert "trailing bytes; reading stopped there" in str(refused.value)
    # the loader's bound: the reading chunk and the gzip reader's buffers, a few MB; reading
    # the whole stream, as the download did before, takes the full 256 MB
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB"
    # no partial or unverified file left, nor the directory the download made for them
    assert not data_dir.exists()


def test_a_build_fetching_from_a_bomb_mirror_says_so_in_one_line_and_goes_on(
    bomb_mirror, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    phases = stub_phases(monkeypatch, build, keep_fetch=True)
    argv = ["--out", str(tmp_path / "r"), "--mnist-dir", str(tmp_path / "mnist")]
    code, _, err = run_main(argv + ["--mnist-mirror", bomb_mirror], capsys)
    assert code == build.EXIT_OK, err
    fetch_lines = [line for line in err.splitlines() if "could not fetch" in line]
    assert len(fetch_lines) == 1 and "trailing bytes" in fetch_lines[0], err
    assert "Traceback" not in err
    assert ("mnist", "book", None, None) in phases.calls
