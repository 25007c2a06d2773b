"""``--connect-timeout`` bounds the whole connection, handshake included: a port that accepts TCP
but is not a Dask scheduler (a silent listener, an HTTP server) is a clear error within the
timeout, and a ``tls://`` address without certificates is a clear error, not a traceback."""

import http.server
import socket
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("distributed")

from runs.dask_cluster import SchedulerError, connect  # noqa: E402

TIMEOUT = 1.5
# asyncio's wait_for fires at the timeout; closing the event loop and the socket afterwards
# took at most 0.4 s here. 3 s of slack keeps a loaded machine from failing the test while a
# hang (the failure this guards against) is still caught at once.
SLACK = 3.0


@pytest.fixture
def silent_listener():
    """A TCP port on 127.0.0.1 that accepts connections and never says anything."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    server.close()


@pytest.fixture
def http_listener():
    """An HTTP server on 127.0.0.1 (what a dashboard port is)."""

    class Quiet(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("listener", ["silent_listener", "http_listener"])
def test_a_listener_that_is_not_dask_is_an_error_within_the_timeout(request, listener):
    address = request.getfixturevalue(listener)
    started = time.monotonic()
    with pytest.raises(SchedulerError, match="expected a Dask scheduler there"):
        connect(address, timeout=TIMEOUT)
    assert time.monotonic() - started < TIMEOUT + SLACK


def test_tls_address_without_certificates_is_a_clear_error(http_listener):
    address = http_listener.replace("tcp://", "tls://")
    with pytest.raises(SchedulerError, match="expected TLS certificates"):
        connect(address, timeout=TIMEOUT)


def test_sweep_command_against_a_silent_listener_exits_2_with_one_line_and_no_traceback(
    silent_listener, tmp_path
):
    started = time.monotonic()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "reports.sweep",
            "--scheduler",
            silent_listener,
            "--connect-timeout",
            str(TIMEOUT),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--mnist-dir",
            str(tmp_path / "no-mnist"),
            "--seeds",
            "1",
            "--etas",
            "1",
            "--sizes",
            "784,10,10",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the sweep connects before it reads any data
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip().startswith("error: --scheduler")
    assert "expected a Dask scheduler there" in completed.stderr
    assert time.monotonic() - started < 60


def test_a_real_scheduler_still_connects():
    import distributed

    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        client = connect(cluster.scheduler_address, timeout=10)
        try:
            assert client.scheduler_info()["type"] == "Scheduler"
        finally:
            client.close()
