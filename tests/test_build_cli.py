"""The command line: options, pre-flight errors before any long work, exit statuses."""

import json
import sys

import pytest
from report_fixtures import make_mnist_ran, make_neuron

import reports.build as build
from reports import gate
from reports.claims_run import ClaimsRun


def run_main(argv, capsys):
    code = build.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_successful_build_writes_both_files_and_exits_0(tmp_path, phases, capsys, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "no-mnist"))
    code, out, err = run_main(["--out", str(tmp_path / "report"), "--jobs", "1"], capsys)
    assert code == build.EXIT_OK, err
    assert (tmp_path / "report" / "index.html").is_file()
    assert json.loads((tmp_path / "report" / "results.json").read_text())["profile"] == "book"
    assert phases.calls == ["claims", "neuron", ("mnist", "book", 1, None)]
    assert "cost-positive" in out  # the claim whose verdict differs is named, yet the status is 0
    assert "MNIST experiments: not run" in out


def test_unknown_profile_is_a_usage_error(tmp_path, phases, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--profile", "huge", "--out", str(tmp_path)])
    assert exit_info.value.code == build.EXIT_USAGE
    assert "invalid choice: 'huge'" in capsys.readouterr().err
    assert phases.calls == []


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_integer(tmp_path, phases, capsys, jobs):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--jobs", jobs, "--out", str(tmp_path)])
    assert exit_info.value.code == build.EXIT_USAGE
    assert "expected a positive integer" in capsys.readouterr().err


def test_out_under_a_regular_file_fails_before_any_work(tmp_path, phases, capsys):
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a directory")
    code, _, err = run_main(["--out", str(blocker / "report")], capsys)
    assert code == build.EXIT_USAGE
    assert f"--out {blocker / 'report'}" in err and "regular file" in err
    assert phases.calls == []


def test_out_that_is_a_file_fails_before_any_work(tmp_path, phases, capsys):
    target = tmp_path / "index"
    target.write_text("x")
    code, _, err = run_main(["--out", str(target)], capsys)
    assert code == build.EXIT_USAGE
    assert "expected a directory" in err
    assert phases.calls == []


def test_require_mnist_without_data_names_the_directory(tmp_path, phases, capsys):
    empty = tmp_path / "empty-mnist"
    empty.mkdir()
    code, _, err = run_main(
        ["--out", str(tmp_path / "r"), "--mnist-dir", str(empty), "--require-mnist"], capsys
    )
    assert code == build.EXIT_USAGE
    assert "--require-mnist" in err and str(empty) in err
    assert phases.calls == []


def test_require_mnist_fails_when_the_experiment_did_not_run(tmp_path, phases, capsys, monkeypatch):
    monkeypatch.setattr(build, "check_mnist_present", lambda directory: None)
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--require-mnist"], capsys)
    assert code == build.EXIT_USAGE
    assert "did not run" in err
    assert not (tmp_path / "r" / "index.html").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "file not found"),
        ("{oops", "not valid JSON"),
        ("[1]", "expected an object"),
        ('{"claims": []}', "missing key 'format'"),
    ],
)
def test_missing_or_malformed_baseline_fails_before_any_work(
    tmp_path, phases, capsys, content, message
):
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content)
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--check", str(baseline)], capsys)
    assert code == build.EXIT_USAGE
    assert message in err and str(baseline) in err
    assert phases.calls == []


@pytest.mark.parametrize("gate_status", [0, 1, 2])
def test_check_exits_with_the_gate_status(tmp_path, phases, capsys, monkeypatch, gate_status):
    seen = []
    monkeypatch.setattr(
        gate,
        "run_gate",
        lambda baseline, path, results: (seen.append((baseline, path, results)), gate_status)[1],
    )
    monkeypatch.setattr(gate, "load_baseline", lambda path: {})
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{}")
    code, _, _ = run_main(["--out", str(tmp_path / "r"), "--check", str(baseline)], capsys)
    assert code == gate_status
    [(given_baseline, given_path, given_results)] = seen
    assert str(given_baseline) == str(baseline)
    assert given_path == tmp_path / "r" / "results.json" and given_path.is_file()
    # the gate gets the build's results themselves, equal to what was written
    assert given_results == json.loads(given_path.read_text())


def test_incomplete_claim_suite_still_writes_the_report_and_exits_3(tmp_path, phases, capsys):
    phases.state["claims_run"] = ClaimsRun(
        [], None, 4, "ERROR: collection failed", "pytest exited with code 4"
    )
    code, out, _ = run_main(["--out", str(tmp_path / "r")], capsys)
    assert code == build.EXIT_PHASE_FAILED
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    assert {claim["verdict"] for claim in results["claims"]} == {"not run"}
    assert "pytest exited with code 4" in out
    assert "pytest exited with code 4" in (tmp_path / "r" / "index.html").read_text()
    assert "collection failed" in (tmp_path / "r" / "tests.en.html").read_text()


def test_help_documents_every_option_and_the_exit_statuses(capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--profile",
        "--seeds",
        "--out",
        "--mnist-dir",
        "--jobs",
        "--require-mnist",
        "--no-download",
        "--mnist-mirror",
        "--with-sweep",
        "--check",
        "--cache-dir",
    ):
        assert option in text
    for status in (
        "0  report written",
        "1  --check",
        "2  usage or input error",
        "3  a phase could not run",
    ):
        assert status in text


def test_mnist_results_are_rendered_when_the_experiment_ran(tmp_path, phases, capsys):
    phases.state["mnist"] = make_mnist_ran()
    code, out, _ = run_main(["--out", str(tmp_path / "r"), "--profile", "quick"], capsys)
    assert code == build.EXIT_OK
    assert ("mnist", "quick", None, None) in phases.calls
    assert "MNIST experiments: ran" in out


def test_refused_figure_makes_the_build_exit_3_with_the_report_written(
    tmp_path, phases, capsys, monkeypatch
):
    neuron = make_neuron()
    neuron["figures"]["hostile"] = '<svg onload="alert(1)"></svg>'
    monkeypatch.setattr(build, "run_neuron_phase", lambda: (neuron, None))
    code, out, _ = run_main(["--out", str(tmp_path / "r")], capsys)
    assert code == build.EXIT_PHASE_FAILED
    assert "figure left out" in out
    assert (tmp_path / "r" / "index.html").is_file()


@pytest.mark.parametrize("option", ["--out", "--cache-dir", "--check", "--mnist-dir"])
def test_empty_path_option_is_a_usage_error(tmp_path, phases, capsys, option):
    argv = ["--out", str(tmp_path / "r")] if option != "--out" else []
    code, _, err = run_main(argv + [option, ""], capsys)
    assert code == build.EXIT_USAGE
    assert "empty string" in err
    assert phases.calls == []


def test_missing_report_package_is_named_before_any_work(tmp_path, phases, capsys, monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "latex2mathml" else real_find_spec(name, *a),
    )
    code, _, err = run_main(["--out", str(tmp_path / "r")], capsys)
    assert code == build.EXIT_USAGE
    assert "latex2mathml" in err and "nnclaims[report]" in err
    assert phases.calls == []


def test_unexpected_failure_exits_3_not_the_gate_status_1(tmp_path, phases, capsys, monkeypatch):
    def cannot_start():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(build, "run_claim_suite", cannot_start)
    code, _, err = run_main(["--out", str(tmp_path / "r")], capsys)
    assert code == build.EXIT_PHASE_FAILED
    assert "the build stopped (OSError" in err
    assert not (tmp_path / "r" / "index.html").exists()


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh", "zh-Hans")])
def test_lang_chooses_index_html_and_both_language_pages_are_written(
    tmp_path, phases, capsys, monkeypatch, lang, html_lang
):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "no-mnist"))
    code, out, err = run_main(["--out", str(tmp_path / "r"), "--lang", lang], capsys)
    assert code == build.EXIT_OK, err
    pages = {
        name: (tmp_path / "r" / name).read_text(encoding="utf-8")
        for name in ("index.html", "index.en.html", "index.zh.html")
    }
    assert pages["index.html"] == pages[f"index.{lang}.html"]
    assert f'<html lang="{html_lang}">' in pages["index.html"]
    # The last lines: what the documents get wrong, the verdicts that moved, the phases not run.
    lines = out.splitlines()
    wrong = next(i for i, line in enumerate(lines) if line.startswith("statements the documents"))
    moved = lines.index(
        "expected verdicts that moved: 1: cost-positive (expected holds, now refuted)"
    )
    assert wrong < moved and lines[moved + 1].startswith("phase not run: MNIST experiments (")


def test_unknown_lang_is_a_usage_error(tmp_path, phases, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--out", str(tmp_path / "r"), "--lang", "fr"])
    assert exit_info.value.code == build.EXIT_USAGE
    assert "--lang" in capsys.readouterr().err


def test_seeds_option_is_passed_to_the_mnist_phase(tmp_path, phases, capsys):
    code, _, err = run_main(["--out", str(tmp_path / "r"), "--seeds", "12"], capsys)
    assert code == build.EXIT_OK, err
    assert ("mnist", "book", None, 12) in phases.calls


@pytest.mark.parametrize(
    "seeds, message",
    [
        ("1", "expected at least 2 seeds"),
        ("0", "expected at least 2 seeds"),
        ("ten", "expected a whole number of seeds"),
    ],
)
def test_seeds_below_two_or_not_a_number_is_a_usage_error(tmp_path, phases, capsys, seeds, message):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--out", str(tmp_path / "r"), "--seeds", seeds])
    assert exit_info.value.code == build.EXIT_USAGE
    err = capsys.readouterr().err
    assert "--seeds" in err and message in err
    assert phases.calls == []


def test_missing_mnist_is_fetched_before_the_claim_suite_and_no_download_skips_it(
    tmp_path, phases, capsys
):
    mnist_dir = tmp_path / "mnist"
    code, _, _ = run_main(["--out", str(tmp_path / "r"), "--mnist-dir", str(mnist_dir)], capsys)
    assert code == build.EXIT_OK
    assert phases.fetches == [(mnist_dir, None)]
    phases.fetches.clear()
    code, _, _ = run_main(
        ["--out", str(tmp_path / "r"), "--mnist-dir", str(mnist_dir), "--no-download"], capsys
    )
    assert code == build.EXIT_OK
    assert phases.fetches == []


def test_failed_download_is_one_line_and_the_rest_is_built(tmp_path, phases, capsys):
    phases.state["fetch"] = "could not fetch the MNIST files into /x (no network)"
    code, out, err = run_main(
        ["--out", str(tmp_path / "r"), "--mnist-dir", str(tmp_path / "m")], capsys
    )
    assert code == build.EXIT_OK
    assert [line for line in err.splitlines() if "could not fetch" in line] == [
        "reports.build: could not fetch the MNIST files into /x (no network); "
        "building the rest without them"
    ]
    assert "MNIST experiments: not run" in out
    code, _, err = run_main(
        ["--out", str(tmp_path / "r"), "--mnist-dir", str(tmp_path / "m"), "--require-mnist"],
        capsys,
    )
    assert code == build.EXIT_USAGE and "--require-mnist" in err


def test_mnist_mirror_must_be_an_http_url(tmp_path, phases, capsys):
    code, _, err = run_main(
        ["--out", str(tmp_path / "r"), "--mnist-mirror", "ftp://host/mnist/"], capsys
    )
    assert code == build.EXIT_USAGE
    assert "--mnist-mirror: expected an http:// or https:// URL" in err
    assert phases.calls == [] and phases.fetches == []


def test_with_sweep_runs_the_sweep_after_the_mnist_phase(tmp_path, phases, capsys):
    cache = tmp_path / "cache"
    code, _, err = run_main(
        [
            "--out",
            str(tmp_path / "r"),
            "--with-sweep",
            "--jobs",
            "2",
            "--mnist-dir",
            str(tmp_path / "m"),
            "--cache-dir",
            str(cache),
        ],
        capsys,
    )
    assert code == build.EXIT_OK, err
    assert phases.sweeps == [(tmp_path / "m", 2, str(cache))]
    run_main(["--out", str(tmp_path / "r")], capsys)
    assert len(phases.sweeps) == 1  # not without --with-sweep


@pytest.mark.parametrize(
    "failures, problem",
    [
        ([], None),
        (
            [("spec-a", "ValueError: boom")],
            "sweep: 1 runs failed, the first spec-a: ValueError: boom",
        ),
    ],
)
def test_sweep_phase_runs_the_sweep_experiments_missing_runs(
    tmp_path, monkeypatch, failures, problem
):
    import experiments.sweep as sweep

    seen = []

    def run_missing(grid, source, cache, jobs, out):
        seen.append((grid, source.directory, cache.directory, jobs, out))
        return sweep.SweepOutcome(failures=failures)

    monkeypatch.setattr(sweep, "run_missing", run_missing)
    assert build.run_sweep_phase(tmp_path / "m", 2, str(tmp_path / "c")) == problem
    assert seen == [(sweep.DEFAULT_GRID, str(tmp_path / "m"), tmp_path / "c", 2, sys.stderr)]
