"""The MNIST downloader and its command, against mirrors served from 127.0.0.1.

Three mirrors are served by one local HTTP server from copies of the real files
(MNIST_DIR): ``good/`` holds the four files, ``damaged/`` the same except that
train-labels has one label changed (still a well-formed gzip and IDX file, so only
the hash can catch it), and ``empty/`` holds nothing (every request gets 404).
"""

import gzip
import hashlib
import http.server
import shutil
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from runs import mnist
from runs.download import main
from runs.mnist_download import (
    MnistDownloadError,
    download_mnist,
    mirror_url,
    progressbar_wanted,
)

FILE_NAMES = sorted(f"{spec.name}.gz" for spec in mnist.MNIST.files)
LABELS_FILE = f"{mnist.MNIST.train_labels.name}.gz"


@dataclass
class LocalMirrors:
    root: Path
    base_url: str
    requested: list[str] = field(default_factory=list)

    def url(self, mirror: str) -> str:
        return f"{self.base_url}/{mirror}/"

    def served(self, mirror: str, name: str) -> bytes:
        return (self.root / mirror / name).read_bytes()


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, requested: list[str], **kwargs):
        self._requested = requested
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self._requested.append(self.path)
        super().do_GET()

    def log_message(self, format, *args):
        pass


def _gzip_of_real_file(real_dir: Path, spec: mnist.IdxFile) -> bytes:
    compressed = real_dir / f"{spec.name}.gz"
    if compressed.exists():
        return compressed.read_bytes()
    return gzip.compress((real_dir / spec.name).read_bytes(), compresslevel=1, mtime=0)


@pytest.fixture(scope="module")
def local_mirrors(real_mnist_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("mirrors")
    for mirror in ("good", "damaged", "empty"):
        (root / mirror).mkdir()
    for spec in mnist.MNIST.files:
        data = _gzip_of_real_file(real_mnist_dir, spec)
        (root / "good" / f"{spec.name}.gz").write_bytes(data)
        (root / "damaged" / f"{spec.name}.gz").write_bytes(data)
    labels = bytearray(gzip.decompress((root / "good" / LABELS_FILE).read_bytes()))
    labels[8] = (labels[8] + 1) % 10  # the first label, still a digit
    (root / "damaged" / LABELS_FILE).write_bytes(gzip.compress(bytes(labels), mtime=0))

    requested: list[str] = []
    handler = partial(_RecordingHandler, directory=str(root), requested=requested)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield LocalMirrors(root, f"http://127.0.0.1:{server.server_address[1]}", requested)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch):
    # A proxy configured in the environment must not intercept requests to the local server.
    for variable in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(variable, "127.0.0.1,localhost")


@pytest.fixture
def mirrors(local_mirrors) -> LocalMirrors:
    local_mirrors.requested.clear()
    return local_mirrors


@pytest.mark.mnist
def test_good_mirror_fills_an_absent_directory_with_the_four_files_whole(mirrors, tmp_path):
    cache = tmp_path / "cache" / "mnist"
    assert download_mnist(cache, [mirrors.url("good")], progressbar=False) == cache
    assert sorted(path.name for path in cache.iterdir()) == FILE_NAMES
    for name in FILE_NAMES:
        assert (cache / name).read_bytes() == mirrors.served("good", name)
        assert (cache / name).stat().st_mode & 0o777 == 0o644
    assert mnist.mnist_available(cache)


@pytest.mark.mnist
def test_damaged_mirror_fails_naming_each_url_and_both_hashes_leaving_nothing(mirrors, tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(MnistDownloadError) as caught:
        download_mnist(cache, [mirrors.url("empty"), mirrors.url("damaged")], progressbar=False)
    message = str(caught.value)
    damaged_labels = gzip.decompress(mirrors.served("damaged", LABELS_FILE))
    assert f"{LABELS_FILE}: expected an intact copy from one of 2 mirror(s), found none" in message
    assert f"{mirrors.url('empty')}{LABELS_FILE}: HTTPError: 404" in message
    assert (
        f"{mirrors.url('damaged')}{LABELS_FILE}: expected SHA-256 "
        f"{mnist.TRAIN_LABELS_SHA256}" in message
    )
    assert f"found {hashlib.sha256(damaged_labels).hexdigest()}" in message
    # The images file before it verified and stays; the labels file and every temporary are gone.
    assert [path.name for path in cache.iterdir()] == [f"{mnist.MNIST.train_images.name}.gz"]


@pytest.mark.mnist
def test_an_unreachable_mirror_beside_one_without_the_file_is_named_without_raw_errors(
    mirrors, tmp_path
):
    refused = "http://127.0.0.1:9/"  # the discard port: the connection is refused
    with pytest.raises(MnistDownloadError) as caught:
        download_mnist(tmp_path / "cache", [refused, mirrors.url("empty")], progressbar=False)
    message = str(caught.value)
    first = f"{mnist.MNIST.train_images.name}.gz"
    assert f"{first}: expected an intact copy from one of 2 mirror(s), found none" in message
    assert f"{refused}{first}: cannot be reached" in message
    assert f"{mirrors.url('empty')}{first}: HTTPError: 404" in message  # an answer, named
    assert "ConnectionError" not in message  # the raw error only in the details
    assert any("ConnectionError" in detail for detail in caught.value.details)


@pytest.mark.mnist
def test_command_falls_back_to_the_second_mirror_and_prints_the_directory(
    mirrors, tmp_path, capsys
):
    cache = tmp_path / "cache"
    status = main(
        [
            "--mnist-dir",
            str(cache),
            "--mirror",
            mirrors.url("damaged"),
            "--mirror",
            mirrors.url("good"),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip() == str(cache)
    assert f"{LABELS_FILE}: failed: {mirrors.url('damaged')}{LABELS_FILE}: expected SHA-256" in err
    assert sorted(path.name for path in cache.iterdir()) == FILE_NAMES
    assert (cache / LABELS_FILE).read_bytes() == mirrors.served("good", LABELS_FILE)
    assert [path for path in mirrors.requested if path.endswith(LABELS_FILE)] == [
        f"/damaged/{LABELS_FILE}",
        f"/good/{LABELS_FILE}",
    ]


@pytest.mark.mnist
def test_intact_files_are_kept_and_only_a_damaged_one_is_fetched_again(mirrors, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(mirrors.root / "damaged", cache)
    download_mnist(cache, [mirrors.url("good")], progressbar=False)
    assert mirrors.requested == [f"/good/{LABELS_FILE}"]
    for name in FILE_NAMES:
        assert (cache / name).read_bytes() == mirrors.served("good", name)


@pytest.mark.mnist
def test_command_exits_1_with_the_failures_when_no_mirror_has_the_files(mirrors, tmp_path, capsys):
    status = main(["--mnist-dir", str(tmp_path / "cache"), "--mirror", mirrors.url("empty")])
    err = capsys.readouterr().err
    assert status == 1
    assert "error: train-images-idx3-ubyte.gz: expected an intact copy" in err
    assert f"{mirrors.url('empty')}train-images-idx3-ubyte.gz: HTTPError: 404" in err
    assert not (tmp_path / "cache").exists()  # created by the command, left empty: removed


@pytest.mark.parametrize(
    "argv",
    [
        ["--mirror", "ftp://example.org/mnist/"],
        ["--mirror", "mirror-without-scheme"],
        ["--mnist-dir", ""],
        ["--no-such-option"],
    ],
)
def test_command_exits_2_on_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: python -m runs.download" in capsys.readouterr().err


def test_help_documents_options_mirrors_and_exit_statuses(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    for expected in (
        "--mnist-dir DIR",
        "--mirror URL",
        "MNIST_DIR",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "exit status:",
        "  0  all four files",
        "  1  a file could not",
        "  2  usage error",
    ):
        assert expected in text


def test_data_dir_that_is_a_file_is_reported(tmp_path):
    not_a_directory = tmp_path / "mnist"
    not_a_directory.write_bytes(b"")
    with pytest.raises(MnistDownloadError, match="expected a writable data directory"):
        download_mnist(not_a_directory, ["http://127.0.0.1:9/"], progressbar=False)


def test_missing_pooch_is_reported_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pooch", None)  # makes "import pooch" fail
    with pytest.raises(MnistDownloadError, match=r"pip install 'nnclaims\[download\]'"):
        download_mnist(tmp_path, ["http://127.0.0.1:9/"], progressbar=False)


def test_at_least_one_mirror_is_required(tmp_path):
    with pytest.raises(ValueError, match="expected at least one mirror URL"):
        download_mnist(tmp_path, [], progressbar=False)


@pytest.mark.parametrize("base", ["https://host/mnist", "https://host/mnist/"])
def test_mirror_url_joins_base_and_file_name(base):
    assert mirror_url(base, mnist.MNIST.test_images) == (
        "https://host/mnist/t10k-images-idx3-ubyte.gz"
    )


@dataclass
class _Stream:
    terminal: bool

    def isatty(self):
        return self.terminal


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch):
    pytest.importorskip("tqdm")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", _Stream(terminal=True))
    assert progressbar_wanted()
    monkeypatch.setenv("CI", "true")
    assert not progressbar_wanted()
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", _Stream(terminal=False))
    assert not progressbar_wanted()


@pytest.mark.mnist
def test_build_fetches_missing_files_from_the_mirror_before_any_long_work(
    mirrors, tmp_path, monkeypatch, capsys
):
    from report_fixtures import make_mnist_ran, stub_phases

    import reports.build as build

    phases = stub_phases(monkeypatch, build, keep_fetch=True)
    phases.state["mnist"] = make_mnist_ran()
    data = tmp_path / "fresh-machine" / "mnist"
    status = build.main(
        [
            "--out",
            str(tmp_path / "report"),
            "--mnist-dir",
            str(data),
            "--mnist-mirror",
            mirrors.url("good"),
            "--require-mnist",
        ]
    )
    assert status == build.EXIT_OK, capsys.readouterr().err
    assert sorted(path.name for path in data.iterdir()) == FILE_NAMES
    assert sorted(mirrors.requested) == sorted(f"/good/{name}" for name in FILE_NAMES)
    assert phases.calls[0] == "claims"  # --require-mnist passed: the files were there first
    # A second build finds them and asks for nothing.
    mirrors.requested.clear()
    assert (
        build.main(
            [
                "--out",
                str(tmp_path / "report"),
                "--mnist-dir",
                str(data),
                "--mnist-mirror",
                mirrors.url("good"),
            ]
        )
        == build.EXIT_OK
    )
    assert mirrors.requested == []


def test_build_offline_says_so_in_one_line_and_builds_the_rest(tmp_path, monkeypatch, capsys):
    from report_fixtures import stub_phases

    import reports.build as build

    pytest.importorskip("pooch")
    stub_phases(monkeypatch, build, keep_fetch=True)
    data = tmp_path / "mnist"
    offline = "http://127.0.0.1:9/"  # the discard port: nothing listens, the connection is refused
    status = build.main(
        ["--out", str(tmp_path / "report"), "--mnist-dir", str(data), "--mnist-mirror", offline]
    )
    out, err = capsys.readouterr()
    assert status == build.EXIT_OK
    said = [line for line in err.splitlines() if "MNIST" in line and "fetch" in line]
    assert said == [
        "reports.build: could not fetch the MNIST files: the network is unreachable: no answer "
        "from 127.0.0.1:9; building the rest without them"
    ]
    assert "MNIST experiments: not run" in out
    assert not data.exists()  # created for the download, left empty: removed again
