"""Probes of the report directory as a user meets it: a file of theirs in ``--out`` while two
writers run at once, a writer killed (``kill -9``) at every line of a write, a ``--out`` that is
a symbolic link, a writer left waiting for the lock, a stopped writer's leftovers.

After any of these, ``--out`` shows either the previous report or the new one, every report
file from the same write, and the user's files are in it, unchanged."""

import fcntl
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from report_fixtures import STUB_BUILD_HEAD

import reports.report_directory as report_directory
from reports.report_directory import (
    STATE_DIR,
    ReportDirectoryError,
    ReportLockTimeout,
    legacy_staging_dirs,
    replace_report_directory,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("index.html", "index.en.html", "results.json")
USER_FILES = {"notes.txt": "the user's notes", "assets/logo.svg": "<svg/>"}
USER_FILES_TOP = {name.split("/")[0] for name in USER_FILES}


def report_files(token: str, names=NAMES) -> dict[str, str]:
    return {name: f"{token}:{name}" for name in names}


def put_user_files(out) -> None:
    for name, text in USER_FILES.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)


def shown_token(out, names=NAMES) -> str | None:
    """The one write every report file in ``out`` comes from (None: no report shown); fails
    when the files come from different writes."""
    tokens = set()
    for name in names:
        path = out / name
        text = path.read_text() if path.exists() else None
        tokens.add(None if text is None else text.split(":", 1)[0])
        if text is not None:
            assert text == f"{text.split(':', 1)[0]}:{name}", f"{name} damaged: {text!r}"
    assert len(tokens) == 1, f"report files from different writes: {tokens}"
    return tokens.pop()


def assert_user_files_kept(out) -> None:
    for name, text in USER_FILES.items():
        assert (out / name).read_text() == text, f"{name} lost or changed"


def write_many(out: str, label: str, count: int, failures) -> None:
    """A writer process: ``count`` report writes of its own tokens."""
    try:
        for index in range(count):
            replace_report_directory(out, report_files(f"{label}{index}"), lock_timeout=60)
    except BaseException as error:  # reported to the parent, which asserts none happened
        failures.put(f"{label}: {type(error).__name__}: {error}")
        raise


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks")
def test_two_writers_at_once_100_times_lose_nothing_of_the_users(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    put_user_files(out)
    context = multiprocessing.get_context("fork")
    failures = context.Queue()
    writers = [
        context.Process(target=write_many, args=(str(out), label, 100, failures))
        for label in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0], failures.get(timeout=1)
    assert shown_token(out) in {"a99", "b99"}  # whichever wrote last
    assert_user_files_kept(out)
    state = out / STATE_DIR
    assert sorted(os.listdir(state)) == sorted(["lock", "current", os.readlink(state / "current")])
    assert os.listdir(tmp_path) == ["report"]


def write_counting_lines(out, files, kill_at: int | None = None) -> int:
    """Write ``files`` into ``out`` counting the lines run in reports/report_directory.py;
    with ``kill_at``, this process kills itself (SIGKILL) at that line. The count."""
    module_file = report_directory.__file__
    seen = [0]

    def trace(frame, event, arg):
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            seen[0] += 1
            if seen[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return trace

    sys.settrace(trace)
    try:
        replace_report_directory(out, files)
    finally:
        sys.settrace(None)
    return seen[0]


def kill_at_line(out, files, line_number: int) -> int:
    """Fork a writer of ``files`` that kills itself at the ``line_number``-th line it runs in
    reports/report_directory.py; its wait status (0 when it finished first)."""
    pid = os.fork()
    if pid == 0:  # the child never returns into the test
        try:
            write_counting_lines(out, files, kill_at=line_number)
            os._exit(0)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return status


def earlier_layout(out) -> None:
    """A report written by the earlier version: regular files under the report's names."""
    out.mkdir()
    for name, text in report_files("old").items():
        (out / name).write_text(text)


def this_layout(out) -> None:
    out.mkdir()
    replace_report_directory(out, report_files("old"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
@pytest.mark.parametrize("make_previous", [earlier_layout, this_layout])
def test_kill_9_at_every_line_of_a_write_leaves_the_old_or_the_new_report(tmp_path, make_previous):
    template = tmp_path / "template"
    make_previous(template)
    put_user_files(template)
    new = report_files("new")
    probe = tmp_path / "probe"
    shutil.copytree(template, probe, symlinks=True)
    total = write_counting_lines(probe, new)
    assert total > 20  # the count is of lines run, so every step of the write is a kill point
    seen = set()
    for line_number in range(1, total + 1):
        out = tmp_path / f"out-{line_number}"
        shutil.copytree(template, out, symlinks=True)
        status = kill_at_line(out, new, line_number)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line_number
        token = shown_token(out)
        assert token in {"old", "new"}, (line_number, token)
        seen.add(token)
        assert_user_files_kept(out)
        # nothing of the killed write's among the user's files: only the report's own names
        assert set(os.listdir(out)) <= {*NAMES, *USER_FILES_TOP, STATE_DIR}, os.listdir(out)
        assert sorted(os.listdir(tmp_path)) == sorted(["template", "probe", out.name])
        # the next write cleans what the killed one left and shows its own report
        replace_report_directory(out, report_files("next"))
        assert shown_token(out) == "next"
        assert_user_files_kept(out)
        state = out / STATE_DIR
        assert len(os.listdir(state)) == 3, os.listdir(state)  # lock, current and its build
        shutil.rmtree(out)
    assert seen == {"old", "new"}  # the kills landed both before and after the commit


def test_an_out_that_is_a_link_keeps_it_and_its_target_receives_the_report(tmp_path):
    target = tmp_path / "www"
    target.mkdir()
    put_user_files(target)
    link = tmp_path / "site"
    link.symlink_to(target)
    replace_report_directory(link, report_files("one"))
    replace_report_directory(link, report_files("two"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert shown_token(target) == "two"
    assert_user_files_kept(target)
    assert sorted(os.listdir(tmp_path)) == ["site", "www"]


def test_a_second_writer_says_it_waits_once_and_gives_up_after_the_timeout(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, report_files("first"))
    heard = []
    with open(out / STATE_DIR / "lock") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another build writing
        with pytest.raises(ReportLockTimeout, match="another build has been writing"):
            replace_report_directory(
                out, report_files("second"), lock_timeout=0.3, on_wait=heard.append
            )
    assert heard == [f"waiting for another build writing {out}"]
    assert shown_token(out) == "first"


def test_a_waiting_writer_goes_on_once_the_other_has_finished(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, report_files("first"))
    held = open(out / STATE_DIR / "lock")
    fcntl.flock(held, fcntl.LOCK_EX)
    heard = []
    timer = threading.Timer(0.3, held.close)  # the other build finishes
    timer.start()
    try:
        replace_report_directory(out, report_files("second"), lock_timeout=30, on_wait=heard.append)
    finally:
        timer.cancel()
        held.close()
    assert len(heard) == 1 and shown_token(out) == "second"


def test_a_stopped_writers_build_directory_is_removed_with_one_line(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, report_files("first"))
    stale = out / STATE_DIR / "build-stopped"
    stale.mkdir()
    (stale / "index.html").write_text("half")
    heard = []
    replace_report_directory(out, report_files("second"), notice=heard.append)
    assert not stale.exists()
    assert heard == [f"removed {stale}, left by a report write that was stopped"]


def test_an_earlier_versions_staging_directory_beside_out_is_named_not_deleted(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    stale = tmp_path / ".report.new-abc123"
    stale.mkdir()
    (stale / "notes.txt").write_text("the user's notes")
    assert legacy_staging_dirs(out) == [stale]
    replace_report_directory(out, report_files("one"))
    assert (stale / "notes.txt").read_text() == "the user's notes"


BUILD_WITH_STUB_PHASES = STUB_BUILD_HEAD + "sys.exit(build.main(sys.argv[1:]))\n"


def start_build(tmp_path, out, *options):
    """``python -m reports.build`` with its long phases replaced by fixtures (the real command
    line, checks and report writing), in a subprocess."""
    environment = {**os.environ, "MNIST_DIR": str(tmp_path / "no-mnist")}
    environment["NNCLAIMS_CACHE_DIR"] = str(tmp_path / "cache")
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_WITH_STUB_PHASES, "--out", str(out), "--no-download"]
        + list(options),
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.end_to_end
def test_two_builds_at_once_through_the_command_keep_the_users_file(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    put_user_files(out)
    for _ in range(2):  # a few through the command; the 100 repeats are the writer's, above
        builds = [start_build(tmp_path, out) for _ in range(2)]
        outcomes = [build.communicate(timeout=120) for build in builds]
        for build, (_, err) in zip(builds, outcomes, strict=True):
            assert build.returncode == 0, err
            assert "Traceback" not in err
        assert_user_files_kept(out)
        assert (out / "results.json").is_file() and (out / "index.html").is_file()


@pytest.mark.end_to_end
def test_a_build_that_waits_too_long_for_the_lock_ends_with_exit_2_and_one_line(tmp_path):
    out = tmp_path / "report"
    replace_report_directory(out, report_files("other"))
    with open(out / STATE_DIR / "lock") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another build writing, for longer than the timeout
        build = start_build(tmp_path, out, "--lock-timeout", "0.5")
        _, err = build.communicate(timeout=120)
    assert build.returncode == 2, err
    lines = err.strip().splitlines()
    assert lines[-2] == f"reports.build: waiting for another build writing {out}", err
    assert lines[-1].startswith(
        f"reports.build: error: another build has been writing the report in {out} for 0.5 s"
    ), err
    assert "Traceback" not in err
    assert shown_token(out) == "other"


def test_a_users_link_under_a_report_name_is_replaced_never_written_through(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    elsewhere = tmp_path / "my-page.html"
    elsewhere.write_text("the user's own page")
    (out / "index.html").symlink_to(elsewhere)
    replace_report_directory(out, report_files("one"))
    assert elsewhere.read_text() == "the user's own page"
    assert shown_token(out) == "one"


def test_something_else_where_the_reports_own_directory_goes_is_refused_untouched(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / STATE_DIR).write_text("a file of the user's")
    with pytest.raises(ReportDirectoryError, match="expected the report's own directory"):
        replace_report_directory(out, report_files("one"))
    assert (out / STATE_DIR).read_text() == "a file of the user's"
    assert sorted(os.listdir(out)) == [STATE_DIR]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_as_the_lock_file_is_refused_without_waiting(tmp_path):
    out = tmp_path / "report"
    (out / STATE_DIR).mkdir(parents=True)
    os.mkfifo(out / STATE_DIR / "lock")
    outcome = {}

    def write():
        try:
            replace_report_directory(out, report_files("one"), lock_timeout=1)
        except ReportDirectoryError as error:
            outcome["error"] = str(error)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(timeout=30)
    assert not writer.is_alive(), "the writer waited on a named pipe"
    assert "expected a regular lock file" in outcome["error"]
