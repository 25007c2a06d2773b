"""An installed nnclaims (not editable, not the checkout) builds the report from any directory.

The project is built into a wheel with this environment's own build backend (offline: no build
isolation, no index) and unpacked into a fresh virtual environment, which finds the dependencies in
this environment's site-packages through a path entry (whose ``.pth`` files, among them an editable
install of the checkout, are not run). ``python -m reports.build`` then runs from an empty
directory: the templates, the translations and the claim suite can only come from the installed
package. Every claim not left to the MNIST experiment must be judged. About a minute (the claim
suite at the quick Hypothesis profile). Deselect with ``-m "not end_to_end"``.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from report_fixtures import REPORT_FILES

from claims.catalog import CLAIMS

pytestmark = pytest.mark.end_to_end

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# what a source distribution leaves out: version control, caches, outputs, the test suite
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "__pycache__", "*.egg-info", "build", "dist", "tests", "report", "mutants"
)


def run(command: list, **options) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, **options
    )
    assert completed.returncode == 0, (command, completed.stdout[-3000:], completed.stderr[-3000:])
    return completed


def build_wheel(work: Path) -> Path:
    """The project's wheel, built from a copy of its sources (the checkout stays as it is)."""
    sources, dist = work / "sources", work / "dist"
    shutil.copytree(REPOSITORY_ROOT, sources, ignore=NOT_SOURCES)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            dist,
            sources,
        ]
    )
    [wheel] = dist.glob("nnclaims-*.whl")
    return wheel


def installed_environment(work: Path, wheel: Path) -> Path:
    """A fresh virtual environment with the wheel installed; its python."""
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(here)))
    # A pure-Python wheel installs by unpacking it into site-packages. pip would see this
    # environment's own (editable) nnclaims through the path entry and leave it at that.
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return python


@pytest.fixture(scope="module")
def installed_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("installed")
    python = installed_environment(work, build_wheel(work))
    empty, mnist = work / "empty", work / "no-mnist"
    empty.mkdir()
    mnist.mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment.update(
        MNIST_DIR=str(mnist),
        NNCLAIMS_CACHE_DIR=str(work / "cache"),
        NNCLAIMS_HYPOTHESIS_PROFILE="quick",
    )
    where = run(
        [python, "-c", "import claims, reports; print(claims.__file__, reports.__file__)"],
        cwd=empty,
        env=environment,
    ).stdout.split()
    completed = subprocess.run(
        [str(python), "-m", "reports.build", "--profile", "quick", "--no-download", "--out", "r"],
        cwd=empty,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    return work, where, empty, completed


def test_the_packages_come_from_the_installation(installed_build):
    work, where, _, _ = installed_build
    assert all(Path(path).is_relative_to(work / "venv") for path in where), where


def test_the_build_exits_0_and_writes_only_the_report_into_its_directory(installed_build):
    _, _, empty, completed = installed_build
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert sorted(os.listdir(empty)) == ["r"]
    # the report keeps its builds in a hidden directory of its own
    assert (
        sorted(name for name in os.listdir(empty / "r") if not name.startswith(".")) == REPORT_FILES
    )


def test_every_claim_outside_the_mnist_experiment_is_judged(installed_build):
    _, _, empty, completed = installed_build
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads((empty / "r" / "results.json").read_text(encoding="utf-8"))
    assert results["claims_run"]["completed"] is True
    left_to_mnist = {claim.id for claim in CLAIMS if claim.experiment == "mnist"}
    verdicts = {claim["id"]: claim["verdict"] for claim in results["claims"]}
    assert sorted(verdicts) == sorted(claim.id for claim in CLAIMS)
    unjudged = {
        claim_id: verdict
        for claim_id, verdict in verdicts.items()
        if claim_id not in left_to_mnist and verdict not in ("holds", "refuted")
    }
    assert unjudged == {}
    witnesses = [
        w["test"]
        for claim in results["claims"]
        for w in claim["witnesses"]
        if w["kind"] != "experiment"
    ]
    assert witnesses and all(test.startswith("claims/test_") for test in witnesses)


def test_the_pages_are_rendered_from_the_installed_templates_in_both_languages(installed_build):
    _, _, empty, completed = installed_build
    assert completed.returncode == 0, completed.stderr[-3000:]
    english = (empty / "r" / "index.en.html").read_text(encoding="utf-8")
    chinese = (empty / "r" / "index.zh.html").read_text(encoding="utf-8")
    assert "<math" in english and "<svg" in english
    assert 'lang="zh-Hans"' in chinese and "单个神经元" in chinese
