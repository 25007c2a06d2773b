"""Ctrl-C (SIGINT) or SIGTERM during ``python -m reports.build`` ends it with one line on
standard error and exit 130 or 143: no traceback, no worker process left, the previous report
in --out as it was. The build runs in a subprocess whose claim phase is replaced by one that
keeps two pool workers busy, so the signal lands while workers run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from report_fixtures import STUB_BUILD_HEAD

ROOT = Path(__file__).resolve().parent.parent

BUILD_WITH_BUSY_WORKERS = (
    STUB_BUILD_HEAD
    + """
import time
from runs.executors import open_executor


def busy_claims():
    with open_executor(2) as pool:
        futures = [pool.submit(time.sleep, 600) for _ in range(2)]
        time.sleep(1)
        print("workers running", flush=True)
        for future in futures:
            future.result()


build.run_claim_suite = busy_claims
sys.exit(build.main(sys.argv[1:]))
"""
)


def descendants(pid: int) -> set[int]:
    """Every live process whose parent chain leads to ``pid``."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_ends_the_build_in_one_line_leaving_the_old_report(tmp_path, signum, status):
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("old report")
    (out / "results.json").write_text("{}")
    environment = {**os.environ, "MNIST_DIR": str(tmp_path / "no-mnist")}
    environment["NNCLAIMS_CACHE_DIR"] = str(tmp_path / "cache")
    build = subprocess.Popen(
        [sys.executable, "-c", BUILD_WITH_BUSY_WORKERS, "--out", str(out), "--no-download"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert build.stdout.readline().strip() == "workers running"
        workers = descendants(build.pid)
        assert len(workers) >= 2, workers
        build.send_signal(signum)
        _, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == status, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    progress = [
        line
        for line in lines[:-1]
        if line.startswith(("reports.build: running ", "reports.build: MNIST plan: "))
    ]
    assert lines[:-1] == progress, err  # before the closing line, only the progress lines
    assert lines[-1] == (
        "reports.build: interrupted: finished runs are in the cache; run the same command to resume"
    ), err
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not left, f"worker processes left: {left}"
    assert (out / "index.html").read_text() == "old report"
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "results.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]
